"""ESC-50 (lesson 3): 2000 environmental recordings of 5 s in 50 classes, of which the lesson keeps four.

Piczak (2015), licence CC BY-NC 3.0. The clips come in five folds, made so that
clips cut from one original recording stay in one fold. :func:`esc50_subset`
downloads the archive (about 600 MB) once, keeps the clips of the classes asked
for, resampled to 16 kHz, and deletes the archive. In smoke mode a synthetic
stand-in takes its place, and :func:`notice` says which one a table holds::

    >>> sorted(ESC50_COLUMNS)[:3]
    ['category', 'esc10', 'filename']
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path, PurePosixPath

from ..audio import waveform as audio
from ..audio import files as batch
from ..data import cache
from ..synthetic import sound_events
from ..synthetic import stand_ins
from ..audio.waveform import SAMPLE_RATE
from ..data.download import download, explain_offline
from ..i18n import AudioError, DataError, ParameterError, t
from ..results import EventClips
from ..synthetic.sound_events import EVENT_CLASSES

#: ESC-50's repository on GitHub is karolpiczak/ESC-50 (it used to be karoldvl/ESC-50); the archive
#: of one commit, so the clips and table cannot change under the course. Its top folder is
#: ``ESC-50-<commit>``: members are found by their path inside it (``meta/``, ``audio/``).
ESC50_COMMIT = "5983fb0c35e751b452e7c562d9207f27b76ddf0d"
ESC50_URL = f"https://github.com/karolpiczak/ESC-50/archive/{ESC50_COMMIT}.zip"  # about 600 MB
#: The columns of the archive's ``meta/esc50.csv``.
ESC50_COLUMNS = ("filename", "fold", "target", "category", "esc10", "src_file", "take")
#: Every clip is exactly 5 s at 16 kHz.
CLIP_SAMPLES = 5 * SAMPLE_RATE
_ARCHIVE = f"ESC-50-{ESC50_COMMIT[:12]}.zip"
_TABLE = "subset.csv"
_SKIPPED = "skipped.json"


def _check_classes(classes) -> list[str]:
    names = [str(c).strip() for c in classes]
    if len(names) < 2 or len(set(names)) != len(names):
        raise ParameterError("data.esc50_bad_classes", classes=", ".join(names))
    return names


def _metadata(zipped: zipfile.ZipFile, archive: Path):
    """The archive's ``meta/esc50.csv`` as a DataFrame, once it is known to have ESC-50's columns."""
    import pandas as pd

    meta_name = next((n for n in zipped.namelist() if n.endswith("meta/esc50.csv")), None)
    if meta_name is None:
        raise DataError("data.esc50_no_meta", path=archive)
    meta = pd.read_csv(zipped.open(meta_name))
    if set(ESC50_COLUMNS) - set(meta.columns):
        raise DataError("data.esc50_no_meta", path=archive)
    return meta


def _select(meta, classes: list[str]):
    """The rows of ``classes``, with ``class_id`` numbering them in the order given."""
    unknown = sorted(set(classes) - set(meta["category"]))
    if unknown:
        raise DataError("data.esc50_unknown_classes", unknown=", ".join(unknown),
                        known=", ".join(sorted(set(meta["category"]))))
    subset = meta[meta["category"].isin(classes)].copy()
    subset["class_id"] = subset["category"].map({c: i for i, c in enumerate(classes)})
    return subset


def _resample(zipped: zipfile.ZipFile, names, out: Path, progress: bool) -> batch.PerItem:
    """Write each clip in ``names`` to ``out`` as a 16 kHz WAV of 5 s; one that cannot be read is a failure."""
    from tqdm.auto import tqdm

    members = {PurePosixPath(name).name: name for name in zipped.namelist()
               if "/audio/" in f"/{name}" and name.lower().endswith(".wav")}

    def convert(name):
        if name not in members:
            raise AudioError("audio.not_found", source=f"{zipped.filename}: audio/{name}")
        clip = io.BytesIO(zipped.read(members[name]))
        clip.name = members[name]  # so that an error names the clip
        y, _ = audio.load(clip, sr=SAMPLE_RATE)
        return audio.write_wav(out / name, audio.pad_or_trim(y, CLIP_SAMPLES), SAMPLE_RATE)

    return batch.try_each(tqdm(names, desc=t("data.esc50_resampling"), disable=not progress), convert)


def _write_subset(archive: Path, classes: list[str], out: Path, progress: bool) -> None:
    """Fill ``out`` with the clips of ``classes``, ``subset.csv`` and the list of clips left out."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            subset = _select(_metadata(zipped, archive), classes)
            written = _resample(zipped, subset["filename"], out, progress).require_any()
    except zipfile.BadZipFile as err:
        archive.unlink(missing_ok=True)  # so that the next call downloads it again
        raise DataError("data.bad_archive", path=archive, kind="zip", detail=str(err)) from None
    kept = subset[subset["filename"].isin([name for name, _ in written])]
    table = (kept.rename(columns={"category": "class_name"})
             [["filename", "fold", "class_id", "class_name"]]
             .sort_values(["class_id", "filename"]).reset_index(drop=True))
    table.to_csv(out / _TABLE, index=False)
    skipped = batch.failure_records(written.failures)
    (out / _SKIPPED).write_text(json.dumps(skipped, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _build_subset(folder: Path, classes: list[str], url: str, progress: bool) -> None:
    """Download the archive, write the subset into ``folder`` (through a ``.partial`` folder), delete the archive."""
    archive = folder.parent / _ARCHIVE
    with explain_offline("ESC-50", folder):
        download(url, archive, progress=progress)
    with cache.building(folder, note="from " + url) as partial:
        _write_subset(archive, classes, partial, progress)
    archive.unlink(missing_ok=True)


def _read_subset(folder: Path):
    import pandas as pd

    table = pd.read_csv(folder / _TABLE)
    table["path"] = [str(folder / name) for name in table["filename"]]
    skipped = folder / _SKIPPED
    failures = json.loads(skipped.read_text(encoding="utf-8")) if skipped.is_file() else []
    return EventClips(table, tuple(failures))


def esc50_subset(classes=EVENT_CLASSES, *, data_dir=None, url: str | None = None, progress: bool = True):
    """A table of the ESC-50 clips of ``classes``, resampled to 16 kHz and cached.

    The first call downloads the archive, keeps the clips of ``classes`` as 16 kHz
    mono WAVs of exactly 80000 samples and deletes it: only the subset stays in
    the cache. A clip that cannot be read is left out, and the others are kept.

    Parameters
    ----------
    classes : sequence of str, optional
        At least two ESC-50 categories, numbered 0, 1, ... in this order (default:
        lesson 3's four, :data:`kwscourse.synthetic.sound_events.EVENT_CLASSES`).
    data_dir : path, optional
        The data folder (default: ``kwscourse.settings.data_dir``).
    url : str, optional
        Download the archive from here instead (a mirror, a test server).
    progress : bool, optional
        Show progress bars.

    Returns
    -------
    kwscourse.results.EventClips
        Its ``table`` has ``filename``, ``fold``, ``class_id``, ``class_name`` and ``path``,
        one row per clip; folds 1-4 are for training and validation, fold 5 for the test.
        Its ``failures`` lists the clips left out, as ``{"file": ..., "error": ...}``.

    Raises
    ------
    ParameterError
        For fewer than two classes, or the same class twice.
    DataError
        ``data.esc50_unknown_classes``, ``data.esc50_no_meta``, ``data.bad_archive``,
        or offline with no cached copy ``data.offline_no_cache``.

    Examples
    --------
    >>> esc50_subset(["dog"])
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: Give at least two different ESC-50 classes, not: dog
    >>> esc50_subset().table.groupby("class_name").size().tolist()  # doctest: +SKIP
    [40, 40, 40, 40]
    """
    classes = _check_classes(classes)
    root = cache.cache_dir("esc50", data_dir=data_dir)
    folder = root / ("subset-" + hashlib.sha256("|".join(classes).encode()).hexdigest()[:10])
    if not cache.is_complete(folder):
        _build_subset(folder, classes, url or ESC50_URL, progress)
    return _read_subset(folder)


def lesson3_clips(*, data_dir=None, progress: bool = True):
    """Lesson 3's clip table: ESC-50's four classes, or in smoke mode a synthetic stand-in.

    The stand-in (:func:`kwscourse.synthetic.sound_events.cached_sound_events`) has the same
    classes, folds and columns. Print :func:`notice` of the table to say which
    one it is.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``kwscourse.settings.data_dir``).
    progress : bool, optional
        Show progress bars.

    Returns
    -------
    kwscourse.results.EventClips
        As :func:`esc50_subset` returns.

    Examples
    --------
    >>> import kwscourse
    >>> with kwscourse.smoke(True):
    ...     clips = lesson3_clips(data_dir=tmp(), progress=False)
    >>> class_names(clips.table), len(clips.table), clips.failures
    (['crying_baby', 'clock_alarm', 'toilet_flush', 'water_drops'], 80, ())
    """
    return stand_ins.real_or_stand_in(
        lambda: esc50_subset(data_dir=data_dir, progress=progress),
        lambda: EventClips(sound_events.cached_sound_events(stand_ins.EVENT_CLIPS_PER_CLASS, data_dir=data_dir,
                                                            progress=progress)))


def class_names(table) -> list[str]:
    """The class names of a clip table, in the order of their ``class_id`` (never retype them).

    Parameters
    ----------
    table : pandas.DataFrame
        With the columns ``class_id`` and ``class_name``, such as the ``table`` of :func:`lesson3_clips`.

    Returns
    -------
    list of str
        ``names[i]`` is the name of class ``i``.

    Examples
    --------
    >>> import pandas as pd
    >>> class_names(pd.DataFrame({"class_id": [1, 0, 1], "class_name": ["dog", "rain", "dog"]}))
    ['rain', 'dog']
    """
    pairs = table[["class_id", "class_name"]].drop_duplicates().sort_values("class_id")
    return pairs["class_name"].tolist()


def notice(clips: EventClips) -> str:
    """What ``clips`` holds, in the current language: real or stand-in clips, and any left out.

    Parameters
    ----------
    clips : kwscourse.results.EventClips
        What :func:`lesson3_clips` or :func:`esc50_subset` returned.

    Returns
    -------
    str
        "STAND-IN DATA: ..." for the synthetic stand-in, else "Real data: ...";
        then one line per clip that could not be read.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"path": ["esc50/subset/1-100-A-0.wav"]})
    >>> print(notice(EventClips(table, ({"file": "2-7-A-0.wav", "error": "Cannot read 2-7-A-0.wav"},))))
    Real data: 1 ESC-50 clips (5 s, resampled to 16 kHz).
    1 clip(s) could not be read and were left out:
      - Cannot read 2-7-A-0.wav
    """
    table, skipped = clips.table, clips.failures
    stand_in = len(table) > 0 and stand_ins.is_stand_in(Path(table["path"].iloc[0]).parent)
    lines = [t("sound_events.stand_in" if stand_in else "data.esc50_real", count=len(table))]
    if skipped:
        lines.append(t("data.skipped_clips", count=len(skipped)))
        lines += [f"  - {record['error']}" for record in skipped]
    return "\n".join(lines)
