"""Extracting a downloaded archive safely: every member checked first, nothing half-written.

Archives are checked member by member before anything is extracted: absolute
paths, ``..`` escapes, links that point outside the target, and devices are
refused. Extraction goes through :func:`kwscourse.data.cache.building`, so it lands
in a ``.partial`` folder that is renamed only at the end::

    >>> import zipfile
    >>> tmp = Path(tmp())
    >>> with zipfile.ZipFile(tmp / "words.zip", "w") as z:
    ...     z.writestr("yes/a.txt", "hi")
    >>> sorted(p.name for p in extract_archive(tmp / "words.zip", tmp / "words").iterdir())
    ['.complete', 'yes']
"""

from __future__ import annotations

import lzma
import re
import tarfile
import zipfile
import zlib
from pathlib import Path

from . import cache
from .._internal import checks
from ..i18n import DataError

#: The archive kinds :func:`extract_archive` knows, by file-name ending.
SUFFIXES = {".zip": "zip", ".tar.gz": "tar.gz", ".tgz": "tar.gz", ".tar": "tar"}
#: Errors that mean the archive's bytes are damaged (not a full disk or a missing permission).
_CORRUPT = (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error, lzma.LZMAError)


def _archive_kind(path: Path) -> str:
    name = path.name.lower()
    for suffix, kind in SUFFIXES.items():
        if name.endswith(suffix):
            return kind
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


def _unpack(archive: Path, kind: str, root: Path, target: Path) -> None:
    """Extract ``archive`` into ``root``; a damaged archive is deleted and reported."""
    try:
        (_extract_zip if kind == "zip" else _extract_tar)(archive, root, target)
    except DataError:
        raise
    except Exception as err:
        if hasattr(tarfile, "FilterError") and isinstance(err, tarfile.FilterError):
            # tarfile's own "data" filter found an escape that the checks above did not.
            member = getattr(getattr(err, "tarinfo", None), "name", "?")
            raise DataError("data.unsafe_archive", member=member, path=archive, target=target) from None
        # gzip's BadGzipFile and bz2's errors are OSErrors without an errno;
        # an OSError with one (disk full, no permission) is not the archive's fault.
        if not (isinstance(err, _CORRUPT) or (isinstance(err, OSError) and err.errno is None)):
            raise
        archive.unlink(missing_ok=True)  # so that the next fetch downloads it again
        raise DataError("data.bad_archive", path=archive, kind=kind,
                        detail=str(err)[:200] or type(err).__name__) from None


def extract_archive(archive, target, *, note: str = "") -> Path:
    """Extract a ``.zip``, ``.tar``, ``.tar.gz`` or ``.tgz`` archive into ``target``.

    Every member is checked before anything is written. Extraction goes into
    ``target.partial`` (see :func:`kwscourse.data.cache.building`), which is renamed to
    ``target`` only at the end, replacing an older ``target`` and adding the
    ``.complete`` marker; a failure leaves nothing at ``target``. A damaged
    archive is deleted, so that the next call downloads it again; a refused
    (unsafe) one is kept.

    Parameters
    ----------
    archive : path
        The archive file.
    target : path
        The folder to extract into.
    note : str, optional
        Text for the ``.complete`` marker, such as where the archive came from.

    Returns
    -------
    pathlib.Path
        ``target``.

    Raises
    ------
    DataError
        ``data.unknown_archive``, ``data.archive_missing``, ``data.unsafe_archive``
        or ``data.bad_archive``.

    Examples
    --------
    >>> import tarfile
    >>> tmp = Path(tmp())
    >>> (tmp / "yes.wav").write_bytes(b"RIFF")
    4
    >>> with tarfile.open(tmp / "words.tar.gz", "w:gz") as tar:
    ...     tar.add(tmp / "yes.wav", arcname="words/yes.wav")
    >>> out = extract_archive(tmp / "words.tar.gz", tmp / "out", note="made by a doctest")
    >>> (out / "words" / "yes.wav").read_bytes(), (out / ".complete").read_text()
    (b'RIFF', 'made by a doctest\\n')
    """
    archive, target = checks.path(archive, "archive"), checks.path(target, "target")
    kind = _archive_kind(archive)
    if not archive.is_file():
        raise DataError("data.archive_missing", path=archive)
    with cache.building(target, note=note) as partial:
        _unpack(archive, kind, partial, target)
    return target
