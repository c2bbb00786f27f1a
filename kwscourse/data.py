"""Data sets: download, cache, extract, and lay out the lessons' data.

Downloads go through ``requests`` with a ``tqdm`` progress bar. They retry and
resume broken transfers (HTTP ``Range``), check the size and SHA-256 when
known, and write to a ``.part`` file that is renamed only once it is complete,
so an interruption never leaves a half-written file in the cache. Archives are
checked member by member before anything is extracted, and are extracted into
a ``.partial`` folder that is renamed only at the end::

    >>> from kwscourse import data
    >>> sorted(data.DATASETS)
    ['mini_speech_commands']

Importing this module does not import TensorFlow; only the functions that
build ``tf.data`` pipelines do.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import lzma
import os
import re
import shutil
import sys
import tarfile
import zipfile
import zlib
from contextlib import contextmanager, redirect_stdout
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from ._tf import keras as _keras, tensorflow as _tensorflow
from .i18n import DataError, t

#: Written inside a data set's folder once it is fully extracted.
COMPLETE_MARKER = ".complete"

DATASETS = {
    "mini_speech_commands": {
        "url": "http://storage.googleapis.com/download.tensorflow.org/data/mini_speech_commands.zip",
        "archive": "mini_speech_commands.zip",
        "folder": "mini_speech_commands",
        # The exact size (182,082,353 bytes, from public sources) is pinned, so a
        # truncated or replaced archive is refused before it is extracted. The
        # SHA-256 is not: no trustworthy published value was available to check
        # it against, and a wrong pin would reject every good download.
        "size": 182_082_353,
        "sha256": None,
    },
}

_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


# --- downloads -----------------------------------------------------------------------

def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_seconds(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _check_download_args(url, dest, sha256, size, attempts, timeout, chunk_size) -> Path:
    parsed = urlparse(url) if isinstance(url, str) else None
    if parsed is None or parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"url must be an http:// or https:// address, not {url!r}")
    if not isinstance(dest, (str, os.PathLike)) or not str(dest):
        raise ValueError(f"dest must be a file path, not {dest!r}")
    dest = Path(dest)
    if dest.is_dir():
        raise ValueError(f"dest must be a file path, but {dest} is a folder")
    if sha256 is not None and not (isinstance(sha256, str) and _SHA256.fullmatch(sha256)):
        raise ValueError(f"sha256 must be 64 hexadecimal digits (or None), not {sha256!r}")
    if size is not None and not (_is_count(size) and size >= 0):
        raise ValueError(f"size must be a whole number of bytes >= 0 (or None), not {size!r}")
    if not (_is_count(attempts) and attempts >= 1):
        raise ValueError(f"attempts must be a whole number of at least 1, not {attempts!r}")
    pair = isinstance(timeout, tuple) and len(timeout) == 2 and all(map(_is_seconds, timeout))
    if not (_is_seconds(timeout) or pair):
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if not (_is_count(chunk_size) and chunk_size >= 1):
        raise ValueError(f"chunk_size must be a whole number of bytes >= 1, not {chunk_size!r}")
    return dest


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


def _matches(path: Path, size, sha256) -> bool:
    """Whether ``path`` is a file with the expected size and hash (each when given)."""
    if not path.is_file():
        return False
    if size is not None and path.stat().st_size != size:
        return False
    return sha256 is None or sha256_of(path) == sha256.lower()


@contextmanager
def _quiet_urllib3():
    """Silence urllib3's WARNING per retry (red in a notebook); we report in the user's language."""
    logger = logging.getLogger("urllib3.connectionpool")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _session(attempts: int):
    """A ``requests`` session that retries failed connections and 5xx answers, briefly."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(total=attempts - 1, connect=attempts - 1, read=attempts - 1,
                  status=attempts - 1, other=0, backoff_factor=0.2, backoff_max=2.0,
                  status_forcelist=(500, 502, 503, 504), allowed_methods=frozenset({"GET"}),
                  respect_retry_after_header=False, raise_on_status=False)
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _reason(err: BaseException) -> str:
    """A short, readable cause for a network error (no object reprs, no pool details)."""
    cause = err
    inner = err.args[0] if getattr(err, "args", None) else None
    if isinstance(inner, BaseException):  # requests wraps urllib3's MaxRetryError
        cause = getattr(inner, "reason", None) or inner
    text = str(cause)
    text = re.sub(r"<[^<>]*? object at 0x[0-9a-fA-F]+>:?\s*", "", text)
    text = re.sub(r"\b\w*Connection(?:Pool)?\([^()]*\):\s*", "", text)
    text = text.replace("Failed to establish a new connection: ", "")
    text = text.strip(" ()'\"")
    return text[:200] or type(cause).__name__


class _BrokenTransfer(Exception):
    """The body ended before all the announced bytes arrived."""


def _content_length(response):
    try:
        length = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return None
    return length if length >= 0 else None


def _resumes_at(response, offset: int) -> bool:
    """Whether ``response`` is a 206 whose body starts at byte ``offset``."""
    match = re.match(r"\s*bytes\s+(\d+)-", response.headers.get("Content-Range", ""))
    return response.status_code == 206 and match is not None and int(match.group(1)) == offset


def _transfer(session, url: str, part: Path, size, attempts: int, timeout, chunk_size: int, bar) -> None:
    """Fill ``part`` with the body of ``url``, resuming with ``Range`` after a break."""
    import requests
    from urllib3.exceptions import ProtocolError, ReadTimeoutError

    breaks = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError,
              requests.exceptions.Timeout, ProtocolError, ReadTimeoutError, _BrokenTransfer)
    total = size  # the full length in bytes, once known
    for attempt in range(1, attempts + 1):
        have = part.stat().st_size if part.exists() else 0
        # identity: Range offsets must count the file's own bytes, not those of a gzip stream.
        headers = {"Accept-Encoding": "identity"}
        if have:
            headers["Range"] = f"bytes={have}-"
        try:
            response = session.get(url, stream=True, timeout=timeout, headers=headers)
        except requests.exceptions.RequestException as err:
            # The session has already retried the connection: the server cannot be reached.
            raise DataError("data.network", url=url, detail=_reason(err)) from None
        with response:
            if have and response.status_code == 416 and total == have:
                return  # asked for the bytes after the last one: the file is complete
            if response.status_code >= 400:
                raise DataError("data.http_status", status=response.status_code, url=url)
            try:
                if response.status_code == 206 and not _resumes_at(response, have):
                    part.unlink(missing_ok=True)
                    raise _BrokenTransfer("the server sent another byte range")
                if response.status_code != 206:
                    have = 0  # the whole file again (the server ignored Range): start afresh
                encoded = response.headers.get("Content-Encoding", "identity").lower()
                length = _content_length(response) if encoded in ("", "identity") else None
                if length is not None:
                    total = have + length
                    if size is not None and total != size:
                        raise DataError("data.size_mismatch", url=url, got=total, expected=size)
                bar.reset(total=total)
                bar.update(have)
                with open(part, "ab" if have else "wb") as f:
                    for block in response.iter_content(chunk_size):
                        f.write(block)
                        bar.update(len(block))
                        if size is not None and f.tell() > size:  # no Content-Length, too long
                            raise DataError("data.size_mismatch", url=url, got=f.tell(), expected=size)
                got = part.stat().st_size
                if total is not None and got < total:
                    raise _BrokenTransfer(f"{got} of {total} bytes")
                return
            except breaks as err:
                broken = err
        got = part.stat().st_size if part.exists() else 0
        if attempt == attempts:
            if total is None:
                raise DataError("data.network", url=url, detail=_reason(broken)) from None
            raise DataError("data.size_mismatch", url=url, got=got, expected=total) from None
        detail = f"{got} / {total if total is not None else '?'} B"
        bar.write(t("data.retrying", url=url, detail=detail, attempt=attempt + 1, attempts=attempts),
                  file=sys.stdout)


def download(url: str, dest, *, sha256: str | None = None, size: int | None = None,
             attempts: int = 4, timeout: float = 30, progress: bool = True,
             chunk_size: int = 1 << 16) -> Path:
    """Download ``url`` to the file ``dest`` safely and return ``dest`` as a ``Path``.

    - A ``dest`` that already exists and matches ``size``/``sha256`` (each when
      given) is returned at once, without any network access.
    - Bytes stream into ``dest.part``. A transfer that breaks off is resumed with
      an HTTP ``Range`` request (or restarted if the server ignores it), up to
      ``attempts`` requests in all; each retry prints one line.
    - The size and SHA-256 are checked before ``dest.part`` is renamed to ``dest``.
    - Any failure removes ``dest.part`` and raises a
      :class:`~kwscourse.i18n.DataError` in the current language; an existing
      ``dest`` is only ever replaced by a complete, checked download.

    >>> download("ftp://example.org/x", "/tmp/x")
    Traceback (most recent call last):
    ...
    ValueError: url must be an http:// or https:// address, not 'ftp://example.org/x'
    >>> path = download("https://example.org/data.zip", "data.zip")  # doctest: +SKIP
    """
    from tqdm.auto import tqdm

    dest = _check_download_args(url, dest, sha256, size, attempts, timeout, chunk_size)
    if _matches(dest, size, sha256):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)  # left by a killed process: its origin is unknown
    session = _session(attempts)
    try:
        with _quiet_urllib3(), tqdm(total=size, unit="B", unit_scale=True, unit_divisor=1024,
                                    desc=t("data.downloading", name=dest.name),
                                    disable=not progress) as bar:
            _transfer(session, url, part, size, attempts, timeout, chunk_size, bar)
        got = part.stat().st_size
        if size is not None and got != size:
            raise DataError("data.size_mismatch", url=url, got=got, expected=size)
        if sha256 is not None:
            digest = sha256_of(part)
            if digest != sha256.lower():
                raise DataError("data.hash_mismatch", url=url, got=digest, expected=sha256.lower())
        os.replace(part, dest)
    finally:
        part.unlink(missing_ok=True)
        session.close()
    return dest


# --- archives --------------------------------------------------------------------

def _archive_kind(path: Path) -> str:
    name = path.name.lower()
    for suffix in (".zip", ".tar.gz", ".tgz", ".tar"):
        if name.endswith(suffix):
            return {"zip": "zip", "tgz": "tar.gz"}.get(suffix[1:], suffix[1:])
    raise DataError("data.unknown_archive", path=path)


def _parts(name: str) -> list[str]:
    """Path components of an archive member name; backslashes count as separators (Windows)."""
    return [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]


def _stays_inside(root: Path, name: str) -> bool:
    """Whether the archive member ``name`` lands in ``root`` (or is ``root`` itself)."""
    if "\x00" in name or name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return False
    depth = 0
    for part in _parts(name):
        depth += -1 if part == ".." else 1
        if depth < 0:
            return False
    real_root = root.resolve()
    resolved = (root / "/".join(_parts(name))).resolve()
    return resolved == real_root or real_root in resolved.parents


def _check_zip(archive: Path, handle: zipfile.ZipFile, root: Path, target: Path) -> None:
    for name in handle.namelist():
        if not _stays_inside(root, name):
            raise DataError("data.unsafe_archive", member=name, path=archive, target=target)


def _check_tar(archive: Path, handle: tarfile.TarFile, root: Path, target: Path) -> None:
    links = set()
    for member in handle.getmembers():
        parts = _parts(member.name)
        # Writing through a link extracted earlier could land anywhere: refuse it.
        through_link = any("/".join(parts[:i]) in links for i in range(1, len(parts)))
        if not _stays_inside(root, member.name) or through_link:
            raise DataError("data.unsafe_archive", member=member.name, path=archive, target=target)
        if member.issym() or member.islnk():
            link = member.linkname
            # A symlink is relative to its own folder; a hard link to the archive root.
            base = "/".join(parts[:-1]) if member.issym() else ""
            landing = f"{base}/{link}" if base else link
            if link.startswith(("/", "\\")) or not _stays_inside(root, landing):
                raise DataError("data.unsafe_archive", member=f"{member.name} -> {link}",
                                path=archive, target=target)
            links.add("/".join(parts))
        elif not (member.isfile() or member.isdir()):
            # Devices and FIFOs have no place in a data set.
            raise DataError("data.unsafe_archive", member=member.name, path=archive, target=target)


class _StrictTarInfo(tarfile.TarInfo):
    """Turns a damaged header after the first into an error.

    ``tarfile`` otherwise treats it as the end of the archive and silently
    extracts only the members before it.
    """

    @classmethod
    def frombuf(cls, buf, encoding, errors):
        try:
            return super().frombuf(buf, encoding, errors)
        except (tarfile.InvalidHeaderError, tarfile.TruncatedHeaderError) as err:
            raise tarfile.ReadError(f"damaged tar header ({err})") from None


def _extract_zip(archive: Path, root: Path, target: Path) -> None:
    with zipfile.ZipFile(archive) as handle:
        _check_zip(archive, handle, root, target)
        # Reading each member to its end checks its CRC-32 (BadZipFile if wrong).
        handle.extractall(root)


def _extract_tar(archive: Path, root: Path, target: Path) -> None:
    with tarfile.open(archive, "r:*", tarinfo=_StrictTarInfo) as handle:
        _check_tar(archive, handle, root, target)
        if hasattr(tarfile, "data_filter"):  # Python >= 3.10.12 / 3.11.4: a second line of defence
            handle.extractall(root, filter="data")
        else:
            handle.extractall(root)
        # Read on to the end: a .tar.gz checks its CRC only there.
        while handle.fileobj.read(1 << 20):
            pass


#: Errors that mean the archive's bytes are damaged (not a full disk or a missing permission).
_CORRUPT = (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error, lzma.LZMAError)


def extract_archive(archive, target) -> Path:
    """Extract a ``.zip``, ``.tar``, ``.tar.gz`` or ``.tgz`` archive into ``target``; return ``target``.

    Every member is checked before anything is written: absolute paths, ``..``
    escapes and tar links that point outside ``target`` are refused
    (``data.unsafe_archive``). Extraction goes into ``target.partial``, which is
    renamed to ``target`` only at the end (replacing an older ``target``), so a
    failure leaves nothing at ``target``. A damaged archive is deleted, so the
    next call downloads it again (``data.bad_archive``).

    >>> import tempfile, zipfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> with zipfile.ZipFile(tmp / 'a.zip', 'w') as z: z.writestr('yes/a.txt', 'hi')
    >>> sorted(p.name for p in extract_archive(tmp / 'a.zip', tmp / 'out').iterdir())
    ['yes']
    """
    if not isinstance(archive, (str, os.PathLike)) or not isinstance(target, (str, os.PathLike)):
        raise ValueError(f"archive and target must be paths, not {archive!r} and {target!r}")
    archive, target = Path(archive), Path(target)
    kind = _archive_kind(archive)
    if not archive.is_file():
        raise FileNotFoundError(errno.ENOENT, "archive not found", str(archive))
    partial = target.parent / (target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)  # left by an interrupted run
    partial.mkdir(parents=True)
    try:
        try:
            if kind == "zip":
                _extract_zip(archive, partial, target)
            else:
                _extract_tar(archive, partial, target)
        except DataError:
            raise
        except Exception as err:
            filtered = hasattr(tarfile, "FilterError") and isinstance(err, tarfile.FilterError)
            if filtered:  # tarfile's own "data" filter found an escape we did not
                member = getattr(getattr(err, "tarinfo", None), "name", "?")
                raise DataError("data.unsafe_archive", member=member, path=archive,
                                target=target) from None
            # gzip's BadGzipFile and bz2's errors are OSErrors without an errno;
            # an OSError with one (disk full, no permission) is not the archive's fault.
            damaged = isinstance(err, _CORRUPT) or (isinstance(err, OSError) and err.errno is None)
            if not damaged:
                raise
            archive.unlink(missing_ok=True)
            raise DataError("data.bad_archive", path=archive, kind=kind,
                            detail=str(err)[:200] or type(err).__name__) from None
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        partial.rename(target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


# --- registered data sets -------------------------------------------------------------

#: Download errors that mean "no way to get it right now" rather than "bad file".
_OFFLINE_KEYS = ("data.network", "data.http_status")


def _offline(err: DataError, name: str, path: Path) -> DataError:
    detail = err.fields.get("detail") or f"HTTP {err.fields.get('status')}"
    return DataError("data.offline_no_cache", name=name, path=path, detail=detail)


def fetch(name: str, *, data_dir=None, url: str | None = None, progress: bool = True) -> Path:
    """Download and extract the registered data set ``name``; return its folder in the cache.

    The folder is ``<data_dir>/<folder>`` (``data_dir`` defaults to
    ``kwscourse.settings.data_dir``). A complete copy (one with a ``.complete``
    marker) is returned without touching the network. Otherwise the archive is
    downloaded, extracted, marked complete and deleted (it is no longer needed).
    ``url`` replaces the registry's address (a mirror, or a test server); the
    registry's size and SHA-256, which belong to its own address, then do not apply.

    Offline with no cached copy, the error (``data.offline_no_cache``) names the
    folder and says what to do.

    >>> fetch('imagenet')
    Traceback (most recent call last):
    ...
    kwscourse.i18n.DataError: Unknown data set 'imagenet'. Known: mini_speech_commands.
    >>> folder = fetch('mini_speech_commands')  # doctest: +SKIP
    >>> (folder / '.complete').is_file()  # doctest: +SKIP
    True
    """
    from ._config import settings

    if not isinstance(name, str) or name not in DATASETS:
        raise DataError("data.unknown_dataset", name=name, known=", ".join(sorted(DATASETS)))
    if url is not None and not isinstance(url, str):
        raise ValueError(f"url must be a string or None, not {url!r}")
    spec = DATASETS[name]
    root = Path(data_dir) if data_dir is not None else Path(settings.data_dir)
    folder = root / spec["folder"]
    if (folder / COMPLETE_MARKER).is_file():
        return folder
    archive = root / spec["archive"]
    pinned = url is None
    try:
        download(url or spec["url"], archive, sha256=spec["sha256"] if pinned else None,
                 size=spec["size"] if pinned else None, progress=progress)
    except DataError as err:
        if err.key in _OFFLINE_KEYS:
            raise _offline(err, name, folder) from None
        raise
    extract_archive(archive, folder)
    (folder / COMPLETE_MARKER).write_text("extracted from " + (url or spec["url"]) + "\n")
    archive.unlink(missing_ok=True)
    return folder


def _subfolders(path: Path) -> list[Path]:
    """Visible sub-folders, sorted; macOS's ``__MACOSX`` resource-fork folder is not data."""
    return sorted(p for p in path.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and p.name != "__MACOSX")


def wav_files(folder) -> list[Path]:
    """Every ``.wav`` file under ``folder`` (any depth, any letter case), sorted, as Keras sees them.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()); (root / 'a.WAV').touch(); (root / 'b.txt').touch()
    >>> [p.name for p in wav_files(root)]
    ['a.WAV']
    """
    return sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() == ".wav" and p.is_file())


def _has_wav(folder: Path, *, deep: bool) -> bool:
    found = folder.rglob("*") if deep else folder.iterdir()
    return any(p.suffix.lower() == ".wav" and p.is_file() for p in found)


def word_folders(path) -> list[str]:
    """Sorted names of the sub-folders of ``path`` that hold WAV files (one folder per word).

    Anything else (a README, an empty folder, a hidden folder) is skipped. With
    no word folder at all, a :class:`~kwscourse.i18n.DataError`
    (``data.not_a_word_tree``) says what layout was expected.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()); (root / "yes").mkdir(); (root / "yes" / "a.wav").touch()
    >>> (root / "README.md").touch(); (root / "empty").mkdir()
    >>> word_folders(root)
    ['yes']
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ValueError(f"path must be a folder path, not {path!r}")
    path = Path(path)
    words = [p.name for p in _subfolders(path) if _has_wav(p, deep=True)] if path.is_dir() else []
    if not words:
        raise DataError("data.not_a_word_tree", path=path)
    return words


def _word_root(folder: Path, max_depth: int = 4) -> Path:
    """The shallowest folder under ``folder`` with sub-folders that directly hold WAV files."""
    level = [folder]
    for _ in range(max_depth + 1):
        for candidate in level:
            if any(_has_wav(sub, deep=False) for sub in _subfolders(candidate)):
                return candidate
        level = [sub for candidate in level for sub in _subfolders(candidate)]
        if not level:
            break
    raise DataError("data.not_a_word_tree", path=folder)


def mini_speech_commands(*, data_dir=None, url: str | None = None, progress: bool = True) -> Path:
    """The folder that directly holds mini Speech Commands' 8 word folders.

    Downloaded (about 182 MB) and extracted into the cache the first time (see
    :func:`fetch`), then read from there. The archive nests the words in a
    ``mini_speech_commands/`` folder of its own; this returns the folder whose
    sub-folders hold the ``.wav`` files, however deep the archive put it.

    >>> folder = mini_speech_commands()  # doctest: +SKIP
    >>> word_folders(folder)  # doctest: +SKIP
    ['down', 'go', 'left', 'no', 'right', 'stop', 'up', 'yes']
    """
    folder = fetch("mini_speech_commands", data_dir=data_dir, url=url, progress=progress)
    return _word_root(folder)


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
    >>> train, val, test, labels = keyword_splits(root)
    >>> labels
    ['no', 'yes']
    """
    keras = _keras()
    tf = _tensorflow()

    directory = Path(directory)
    word_folders(directory)  # a clear error for a tree without word folders
    with redirect_stdout(io.StringIO()):  # Keras counts the files in English only
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

#: ESC-50's repository on GitHub is karolpiczak/ESC-50 (it used to be karoldvl/ESC-50).
ESC50_URL = "https://github.com/karolpiczak/ESC-50/archive/master.zip"  # about 600 MB
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
