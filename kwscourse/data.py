"""Data sets: download, cache, extract, and lay out the lessons' data.

Downloads go through ``requests`` with a ``tqdm`` progress bar. They retry and
resume broken transfers (HTTP ``Range``), check the size and SHA-256 when
known, and write to a ``.part`` file that is renamed only once it is complete,
so an interruption never leaves a half-written file in the cache. Archives are
checked member by member before anything is extracted::

    >>> from kwscourse import data
    >>> sorted(data.DATASETS)
    ['mini_speech_commands']
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tarfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from ._tf import tensorflow as _tensorflow, keras as _keras
from .i18n import DataError, t

COMPLETE_MARKER = ".complete"

DATASETS = {
    "mini_speech_commands": {
        "url": "http://storage.googleapis.com/download.tensorflow.org/data/mini_speech_commands.zip",
        "archive": "mini_speech_commands.zip",
        "folder": "mini_speech_commands",
        # About 182 MB. Neither size nor SHA-256 is pinned: this machine cannot reach the
        # file to verify them, and a wrong pin would reject every good download.
        "size": None,
        "sha256": None,
    },
}


def _check_download_args(url, sha256, attempts):
    if urlparse(str(url)).scheme not in ("http", "https"):
        raise ValueError(f"url must start with http:// or https://, not {url!r}")
    if sha256 is not None and (len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256.lower())):
        raise ValueError(f"sha256 must be 64 hexadecimal digits, not {sha256!r}")
    if not isinstance(attempts, int) or attempts < 1:
        raise ValueError(f"attempts must be a whole number of at least 1, not {attempts!r}")


def sha256_of(path, chunk_size: int = 1 << 20) -> str:
    """The SHA-256 hex digest of a file.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x"); _ = open(p, "wb").write(b"abc")
    >>> sha256_of(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk_size), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_valid(path: Path, size, sha256) -> bool:
    if not path.is_file():
        return False
    if size is not None and path.stat().st_size != size:
        return False
    return sha256 is None or sha256_of(path) == sha256.lower()


@contextmanager
def _quiet_retries():
    """urllib3 logs each retry as a WARNING; we report failures ourselves, in the user's language."""
    logger = logging.getLogger("urllib3.connectionpool")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _session(attempts: int):
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(total=attempts - 1, connect=attempts - 1, read=0, backoff_factor=0.2,
                  status_forcelist=(500, 502, 503, 504), allowed_methods=("GET",),
                  raise_on_status=False)
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


def download(url: str, dest, *, sha256: str | None = None, size: int | None = None,
             attempts: int = 4, timeout: float = 30, progress: bool = True,
             chunk_size: int = 1 << 16) -> Path:
    """Download ``url`` to ``dest`` safely and return ``dest``.

    - A ``dest`` that already matches ``size``/``sha256`` is returned at once.
    - Bytes stream into ``dest.part``; a broken transfer is resumed with an HTTP
      ``Range`` request, up to ``attempts`` times.
    - Size and SHA-256 are checked before ``dest.part`` is renamed to ``dest``.
    - On any failure the partial file is removed and a :class:`DataError` in
      the current language says what happened; an existing ``dest`` is untouched.

    >>> download("ftp://example.org/x", "/tmp/x")
    Traceback (most recent call last):
    ...
    ValueError: url must start with http:// or https://, not 'ftp://example.org/x'
    """
    import requests
    from tqdm.auto import tqdm

    _check_download_args(url, sha256, attempts)
    dest = Path(dest)
    if _is_valid(dest, size, sha256):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    session = _session(attempts)
    total = size
    try:
        with _quiet_retries(), tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024,
                  desc=t("data.downloading", name=dest.name), disable=not progress) as bar:
            for attempt in range(1, attempts + 1):
                have = part.stat().st_size if part.exists() else 0
                headers = {"Range": f"bytes={have}-"} if have else {}
                try:
                    with session.get(url, stream=True, timeout=timeout, headers=headers) as response:
                        if response.status_code == 416 and total is not None and have == total:
                            break  # we already hold every byte
                        if response.status_code >= 400:
                            raise DataError("data.http_status", status=response.status_code, url=url)
                        if have and response.status_code != 206:
                            have = 0  # the server ignored Range: start again
                            bar.reset()
                        length = response.headers.get("Content-Length")
                        if length is not None and total is None:
                            total = have + int(length)
                            bar.total = total
                        bar.n = have
                        bar.refresh()
                        with open(part, "ab" if have else "wb") as f:
                            for block in response.iter_content(chunk_size):
                                f.write(block)
                                bar.update(len(block))
                    got = part.stat().st_size
                    if total is not None and got < total:
                        raise requests.exceptions.ChunkedEncodingError(f"{got} of {total} bytes")
                    break
                except requests.exceptions.ChunkedEncodingError:
                    # The body broke off mid-way: resume from what we have.
                    if attempt == attempts:
                        raise DataError("data.size_mismatch", url=url,
                                        got=part.stat().st_size if part.exists() else 0,
                                        expected=total if total is not None else "?") from None
                    got = part.stat().st_size if part.exists() else 0
                    detail = f"{got} / {total if total is not None else '?'} B"
                    bar.write(t("data.retrying", url=url, detail=detail, attempt=attempt + 1,
                                attempts=attempts))
        got = part.stat().st_size
        if size is not None and got != size:
            raise DataError("data.size_mismatch", url=url, got=got, expected=size)
        if sha256 is not None:
            digest = sha256_of(part)
            if digest != sha256.lower():
                raise DataError("data.hash_mismatch", url=url, got=digest, expected=sha256.lower())
        os.replace(part, dest)
        return dest
    except requests.exceptions.RequestException as err:
        raise DataError("data.network", url=url, detail=_short(err)) from None
    finally:
        part.unlink(missing_ok=True)
        session.close()


def _short(err) -> str:
    text = str(err)
    for marker in ("Failed to establish a new connection: ", "Caused by "):
        if marker in text:
            text = text.split(marker, 1)[1]
    return text.strip(" ()'\"")[:200] or type(err).__name__


# --- archives --------------------------------------------------------------------

def _archive_kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".zip"):
        return "zip"
    if name.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")):
        return "tar"
    raise DataError("data.unknown_archive", path=path)


def _inside(target: Path, member: str) -> bool:
    if not member or PurePosixPath(member).is_absolute() or member.startswith(("/", "\\")) \
            or ":" in PurePosixPath(member).parts[0]:
        return False
    resolved = (target / member).resolve()
    return resolved == target.resolve() or target.resolve() in resolved.parents


def _check_members(archive: Path, kind: str, handle, target: Path) -> None:
    if kind == "zip":
        names = handle.namelist()
    else:
        names = []
        for member in handle.getmembers():
            names.append(member.name)
            if member.issym() or member.islnk():
                link = member.linkname
                base = PurePosixPath(member.name).parent if member.issym() else PurePosixPath()
                if PurePosixPath(link).is_absolute() or not _inside(target, str(base / link)):
                    raise DataError("data.unsafe_archive", member=f"{member.name} -> {link}",
                                    path=archive, target=target)
            elif not (member.isfile() or member.isdir()):
                raise DataError("data.unsafe_archive", member=member.name, path=archive, target=target)
    for name in names:
        if not _inside(target, name):
            raise DataError("data.unsafe_archive", member=name, path=archive, target=target)


def extract_archive(archive, target) -> Path:
    """Extract a .zip or .tar(.gz) archive into ``target`` after checking every member.

    Members that would land outside ``target`` (absolute paths, ``..``, links
    pointing out) are refused before anything is written. Extraction happens in
    ``target.partial`` and is renamed at the end; a corrupt archive is deleted so
    the next call downloads it again.

    >>> import tempfile, zipfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> with zipfile.ZipFile(tmp / 'a.zip', 'w') as z: z.writestr('yes/a.txt', 'hi')
    >>> sorted(p.name for p in extract_archive(tmp / 'a.zip', tmp / 'out').iterdir())
    ['yes']
    """
    archive, target = Path(archive), Path(target)
    kind = _archive_kind(archive)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        try:
            opener = zipfile.ZipFile(archive) if kind == "zip" else tarfile.open(archive)
            with opener as handle:
                _check_members(archive, kind, handle, partial)
                if kind == "zip":
                    bad = handle.testzip()
                    if bad is not None:
                        raise zipfile.BadZipFile(f"bad CRC in {bad}")
                    handle.extractall(partial)
                else:
                    handle.extractall(partial, filter="data")
        except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, ValueError) as err:
            if isinstance(err, DataError):
                raise
            archive.unlink(missing_ok=True)
            raise DataError("data.bad_archive", path=archive, kind=kind, detail=_short(err)) from None
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


# --- registered data sets -------------------------------------------------------------

def fetch(name: str, *, data_dir=None, url: str | None = None, progress: bool = True) -> Path:
    """Download and extract a registered data set into the cache; return its folder.

    A complete cached copy is returned without touching the network. The archive
    is deleted after extraction to save space. ``url`` overrides the registry.

    >>> folder = fetch('mini_speech_commands')  # doctest: +SKIP
    >>> (folder / '.complete').is_file()  # doctest: +SKIP
    True
    """
    from ._config import settings

    if name not in DATASETS:
        raise DataError("data.unknown_dataset", name=name, known=", ".join(sorted(DATASETS)))
    spec = DATASETS[name]
    root = Path(data_dir or settings.data_dir)
    folder = root / spec["folder"]
    if (folder / COMPLETE_MARKER).is_file():
        return folder
    archive = root / spec["archive"]
    try:
        download(url or spec["url"], archive, sha256=spec["sha256"], size=spec["size"],
                 progress=progress)
    except DataError as err:
        if err.key in ("data.network", "data.http_status"):
            detail = err.fields.get("detail") or f"HTTP {err.fields.get('status')}"
            raise DataError("data.offline_no_cache", name=name, path=folder, detail=detail) from None
        raise
    extract_archive(archive, folder)
    archive.unlink(missing_ok=True)
    (folder / COMPLETE_MARKER).touch()
    return folder


def wav_files(folder) -> list[Path]:
    """Every ``.wav`` file under ``folder`` (any depth, any letter case), sorted, as Keras sees them.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()); (root / 'a.WAV').touch(); (root / 'b.txt').touch()
    >>> [p.name for p in wav_files(root)]
    ['a.WAV']
    """
    return sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() == ".wav" and p.is_file())


def word_folders(path) -> list[str]:
    """Sorted names of the sub-folders of ``path`` that hold WAV files.

    Anything else (a README, an empty folder, ``_background_noise_`` without
    WAVs) is skipped.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()); (root / "yes").mkdir(); (root / "yes" / "a.wav").touch()
    >>> word_folders(root)
    ['yes']
    """
    path = Path(path)
    words = sorted(p.name for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")
                   and wav_files(p)) if path.is_dir() else []
    if not words:
        raise DataError("data.not_a_word_tree", path=path)
    return words


def mini_speech_commands(*, data_dir=None, url: str | None = None, progress: bool = True) -> Path:
    """The folder that directly holds mini Speech Commands' 8 word folders.

    Downloaded (about 182 MB) and extracted the first time; offline with no
    cache, a clear error says what to do.

    >>> word_folders(mini_speech_commands())  # doctest: +SKIP
    ['down', 'go', 'left', 'no', 'right', 'stop', 'up', 'yes']
    """
    folder = fetch("mini_speech_commands", data_dir=data_dir, url=url, progress=progress)
    for candidate in (folder, *sorted(p for p in folder.rglob("*") if p.is_dir())):
        try:
            if len(word_folders(candidate)) >= 2:
                return candidate
        except DataError:
            continue
    raise DataError("data.not_a_word_tree", path=folder)


# --- Lesson 1: keyword folders and splits ------------------------------------

#: Clips per word for the smoke-mode stand-in: enough for a validation and a
#: test batch of 64 after the 80/20 split.
SMOKE_CLIPS_PER_WORD = 80


def keyword_folder(*, data_dir=None, progress: bool = True) -> Path:
    """The word folders for lesson 1, announcing which data they hold.

    In full mode: the real mini Speech Commands (downloaded the first time). In
    smoke mode: a synthetic stand-in made by :mod:`kwscourse.synth`, and a line
    that says so plainly.

    >>> folder = keyword_folder()  # doctest: +SKIP
    Real data: mini Speech Commands recordings from .../mini_speech_commands
    """
    from ._config import settings
    from . import synth

    if settings.smoke:
        folder = synth.cached_synth_keywords(SMOKE_CLIPS_PER_WORD, data_dir=data_dir,
                                             progress=progress)
        print(synth.stand_in_notice(folder))
        return folder
    folder = mini_speech_commands(data_dir=data_dir, progress=progress)
    print(t("data.real_keywords", path=folder))
    return folder


def keyword_splits(directory, *, batch_size: int = 64, validation_split: float = 0.2,
                   seed: int = 0, sequence_length: int = 16000):
    """Training, validation and test ``tf.data`` sets of ``(waveform, label)`` batches.

    Uses ``keras.utils.audio_dataset_from_directory`` (one sub-folder per class,
    clips zero-padded or cut to ``sequence_length``), drops the channel axis and
    halves the held-out part into validation and test. The halves alternate clip
    by clip, so even a small held-out part gives both sets some clips.

    Returns ``(train, validation, test, label_names)``; ``label_names`` is the
    data set's own class order.

    >>> import tempfile
    >>> from kwscourse import synth
    >>> root = synth.synth_keywords(tempfile.mkdtemp(), 5, words=('no', 'yes'), progress=False)
    >>> train, val, test, labels = keyword_splits(root)  # doctest: +ELLIPSIS
    Found 10 files belonging to 2 classes...
    >>> labels
    ['no', 'yes']
    """
    keras = _keras()
    tf = _tensorflow()

    directory = Path(directory)
    word_folders(directory)  # a clear error for a tree without word folders
    train, held_out = keras.utils.audio_dataset_from_directory(
        str(directory), batch_size=batch_size, validation_split=validation_split, seed=seed,
        output_sequence_length=sequence_length, subset="both")
    label_names = list(train.class_names)

    def squeeze(audio, labels):
        return tf.squeeze(audio, axis=-1), labels

    train = train.map(squeeze, num_parallel_calls=tf.data.AUTOTUNE)
    # Keras holds out int(validation_split * clips); count them to keep the halves'
    # sizes known (Keras warns about datasets of unknown length during fit).
    clip_count = sum(len(wav_files(directory / word)) for word in label_names)
    held_count = int(validation_split * clip_count)
    clips = held_out.map(squeeze).unbatch().enumerate()

    def drop_index(index, item):
        return item

    def half(parity, count):
        def has_parity(index, item):
            return index % 2 == parity

        batches = -(-count // batch_size)
        return (clips.filter(has_parity).map(drop_index).batch(batch_size)
                .apply(tf.data.experimental.assert_cardinality(batches)))

    return train, half(0, held_count - held_count // 2), half(1, held_count // 2), label_names


# --- Lesson 3: ESC-50 subset --------------------------------------------------------

ESC50_URL = "https://github.com/karoldvl/ESC-50/archive/master.zip"  # about 600 MB
#: The lesson's four classes, in the order that numbers them 0-3.
LESSON3_CLASSES = ("crying_baby", "clock_alarm", "toilet_flush", "water_drops")
ESC50_COLUMNS = ("filename", "fold", "target", "category", "esc10", "src_file", "take")
CLIP_SAMPLES = 5 * 16000
#: Stand-in clips per class in smoke mode (ESC-50 has 40): 16 training and 4 test clips each.
SMOKE_EVENTS_PER_CLASS = 20


def esc50_subset(classes=LESSON3_CLASSES, *, data_dir=None, url: str | None = None,
                 progress: bool = True):
    """A table of ESC-50 clips of ``classes``, resampled to 16 kHz and cached.

    The first call downloads the ESC-50 archive (about 600 MB), reads
    ``meta/esc50.csv``, keeps the clips of ``classes``, writes them as 16 kHz
    mono WAVs of exactly 80000 samples and deletes the archive: only the
    subset stays in the cache. Classes are renumbered 0, 1, ... in the order
    given. Returns a ``pandas.DataFrame`` with the columns ``filename``,
    ``fold``, ``class_id``, ``class_name`` and ``path``; folds 1-4 are for
    training, fold 5 for testing.

    >>> table = esc50_subset()  # doctest: +SKIP
    >>> table.groupby("class_name").size().tolist()  # doctest: +SKIP
    [40, 40, 40, 40]
    """
    import pandas as pd

    from . import audio
    from ._config import settings

    classes = [str(c).strip() for c in classes]
    if len(classes) < 2 or len(set(classes)) != len(classes):
        raise DataError("data.esc50_bad_classes", classes=", ".join(classes))
    root = Path(data_dir or settings.data_dir) / "esc50"
    folder = root / ("subset-" + hashlib.sha256("|".join(classes).encode()).hexdigest()[:10])
    table_path = folder / "subset.csv"
    if (folder / COMPLETE_MARKER).is_file():
        table = pd.read_csv(table_path)
        table["path"] = [str(folder / name) for name in table["filename"]]
        return table

    archive = root / "ESC-50-master.zip"
    try:
        download(url or ESC50_URL, archive, progress=progress)
    except DataError as err:
        if err.key in ("data.network", "data.http_status"):
            detail = err.fields.get("detail") or f"HTTP {err.fields.get('status')}"
            raise DataError("data.offline_no_cache", name="ESC-50", path=folder, detail=detail) from None
        raise
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = {PurePosixPath(name).name: name for name in zipped.namelist()
                       if "/audio/" in f"/{name}" and name.lower().endswith(".wav")}
            meta_name = next((n for n in zipped.namelist() if n.endswith("meta/esc50.csv")), None)
            if meta_name is None:
                raise DataError("data.esc50_no_meta", path=archive)
            meta = pd.read_csv(zipped.open(meta_name))
            if set(ESC50_COLUMNS) - set(meta.columns):
                raise DataError("data.esc50_no_meta", path=archive)
            unknown = sorted(set(classes) - set(meta["category"]))
            if unknown:
                raise DataError("data.esc50_unknown_classes", unknown=", ".join(unknown),
                                known=", ".join(sorted(set(meta["category"]))))
            subset = meta[meta["category"].isin(classes)].copy()
            subset["class_id"] = subset["category"].map({c: i for i, c in enumerate(classes)})
            from tqdm.auto import tqdm

            for name in tqdm(subset["filename"], desc=t("data.esc50_resampling"), disable=not progress):
                y, _ = audio.load(zipped.read(members[name]), sr=16000)
                audio.write_wav(partial / name, audio.pad_or_trim(y, CLIP_SAMPLES), 16000)
    except zipfile.BadZipFile as err:
        archive.unlink(missing_ok=True)
        shutil.rmtree(partial, ignore_errors=True)
        raise DataError("data.bad_archive", path=archive, kind="zip", detail=str(err)) from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    table = (subset.rename(columns={"category": "class_name"})
             [["filename", "fold", "class_id", "class_name"]]
             .sort_values(["class_id", "filename"]).reset_index(drop=True))
    table.to_csv(partial / "subset.csv", index=False)
    (partial / COMPLETE_MARKER).touch()
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    archive.unlink(missing_ok=True)
    table["path"] = [str(folder / name) for name in table["filename"]]
    return table


def lesson3_clips(*, data_dir=None, progress: bool = True):
    """Lesson 3's clip table: ESC-50's four classes, or in smoke mode a synthetic stand-in.

    The stand-in (see :func:`kwscourse.synth.sound_events`) has the same
    classes, folds and columns, and this function says plainly that it is one.
    """
    from . import synth
    from ._config import settings

    if settings.smoke:
        table = synth.cached_sound_events(SMOKE_EVENTS_PER_CLASS, data_dir=data_dir, progress=progress)
        print(t("synth.events_stand_in", count=len(table)))
        return table
    table = esc50_subset(data_dir=data_dir, progress=progress)
    print(t("data.esc50_real", count=len(table)))
    return table


# --- Lesson 2: example clips ------------------------------------------------------------

#: The two clips of the YAMNet tutorial (16 kHz mono WAV).
EXAMPLE_CLIPS = {
    "miaow_16k.wav": "https://storage.googleapis.com/audioset/miaow_16k.wav",
    "speech_whistling2.wav": "https://storage.googleapis.com/audioset/speech_whistling2.wav",
}


def example_clip(name: str, *, data_dir=None, progress: bool = False) -> Path:
    """One of the YAMNet tutorial's real clips, downloaded once into ``<data>/examples``.

    >>> sorted(EXAMPLE_CLIPS)
    ['miaow_16k.wav', 'speech_whistling2.wav']
    """
    from ._config import settings

    if name not in EXAMPLE_CLIPS:
        raise DataError("data.unknown_dataset", name=name, known=", ".join(sorted(EXAMPLE_CLIPS)))
    path = Path(data_dir or settings.data_dir) / "examples" / name
    if path.is_file():
        return path
    try:
        return download(EXAMPLE_CLIPS[name], path, progress=progress)
    except DataError as err:
        if err.key in ("data.network", "data.http_status"):
            detail = err.fields.get("detail") or f"HTTP {err.fields.get('status')}"
            raise DataError("data.offline_no_cache", name=name, path=path, detail=detail) from None
        raise


def lesson2_clips(*, data_dir=None) -> dict[str, Path]:
    """Lesson 2's clips by name: the two real tutorial clips, plus one spoken sentence.

    The sentence is always synthetic (eSpeak NG) and says so in its name. When
    the real clips cannot be had in smoke mode, a synthetic alarm stands in for
    them, with a plain notice.
    """
    import numpy as np

    from . import audio, synth
    from ._config import settings

    folder = Path(data_dir or settings.data_dir) / "examples"
    clips = {}
    for name in EXAMPLE_CLIPS:
        try:
            clips[name] = example_clip(name, data_dir=data_dir)
        except DataError:
            if not settings.smoke:
                raise
    if not clips:
        alarm = folder / "synthetic_alarm_STAND_IN.wav"
        if not alarm.is_file():
            audio.write_wav(alarm, synth.sound_event("clock_alarm", np.random.default_rng(0)), 16000)
        clips[alarm.name] = alarm
        print(t("data.examples_stand_in"))
    sentence = folder / "synthetic_speech_espeak.wav"
    if not sentence.is_file():
        speech = synth.synthesize("the quick brown fox jumps over the lazy dog", "en-us", rate=150)
        audio.write_wav(sentence, np.pad(speech, (8000, 8000)), 16000)
    clips[sentence.name] = sentence
    return clips
