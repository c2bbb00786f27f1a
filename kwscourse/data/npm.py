"""Files of one npm package version, fetched once into the course cache and checked against the registry.

The web page of ``kwscourse export web`` runs MediaPipe Tasks in the browser from
files it carries: some of the npm package ``@mediapipe/tasks-audio``. This module
asks the npm registry for one exact version (``<registry>/<name>/<version>``: its
``dist.tarball`` and ``dist.integrity``), downloads the tarball with
:func:`kwscourse.data.download.download`, checks it against the integrity (a
Subresource Integrity string such as ``sha512-<base64>``) and extracts only the
files asked for, refusing any member that would land outside the folder. It all
happens under :func:`kwscourse.data.cache.building`, so a failed or refused download
leaves nothing in the cache; the next call finds the files there and asks no one::

    >>> cache_folder("@mediapipe/tasks-audio", "1.0.1", data_dir=tmp()).parts[-3:]
    ('npm', 'mediapipe+tasks-audio', '1.0.1')

Importing this module imports neither ``requests`` nor ``tqdm``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import tarfile
import zlib
from pathlib import Path

from . import cache
from . import download as _download
from ..i18n import DataError, ParameterError

#: The public npm registry (a mirror or a local test server can stand in for it).
REGISTRY = "https://registry.npmjs.org"
_NAME = re.compile(r"(@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*")
_VERSION = re.compile(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?")
#: The SRI hash algorithms that are checked, strongest first.
ALGORITHMS = ("sha512", "sha384", "sha256")


def _parts(name: str) -> list[str]:
    """Path components of a member name; backslashes count as separators (Windows)."""
    return [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]


def _safe_relative(name: str) -> bool:
    """Whether ``name`` is a relative path that stays inside its folder (no ``..``, no root, no drive)."""
    return (isinstance(name, str) and bool(_parts(name)) and "\x00" not in name
            and not name.startswith(("/", "\\")) and not re.match(r"[A-Za-z]:", name)
            and ".." not in _parts(name))


def _checked(name, version, files) -> tuple:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ParameterError("npm.bad_name", value=name)
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        raise ParameterError("npm.bad_version", value=version)
    files = (files,) if isinstance(files, str) else tuple(files)
    for file in files:
        if not _safe_relative(file):
            raise ParameterError("npm.bad_file", value=file)
    return tuple("/".join(_parts(file)) for file in files)


def cache_folder(name: str, version: str, *, data_dir=None) -> Path:
    """Where the files of ``name@version`` are kept: ``<data_dir>/npm/<name, / as +>/<version>``.

    Examples
    --------
    >>> cache_folder("left-pad", "1.3.0", data_dir=tmp()).name
    '1.3.0'
    """
    _checked(name, version, ())
    return cache.cache_dir("npm", name.lstrip("@").replace("/", "+"), data_dir=data_dir) / version


def parse_integrity(sri: str) -> tuple[str, bytes] | None:
    """The strongest ``(algorithm, digest)`` of a Subresource Integrity string, or None when it has none we check.

    Examples
    --------
    >>> algorithm, digest = parse_integrity("sha1-AAAA sha256-" + base64.b64encode(bytes(32)).decode())
    >>> algorithm, len(digest)
    ('sha256', 32)
    >>> parse_integrity("md5-abc") is None
    True
    """
    found = {}
    for token in (sri or "").split() if isinstance(sri, str) else ():
        algorithm, _, value = token.partition("-")
        if algorithm in ALGORITHMS:
            try:
                digest = base64.b64decode(value.split("?")[0], validate=True)
            except ValueError:
                continue
            if len(digest) == hashlib.new(algorithm).digest_size:
                found[algorithm] = digest
    strongest = next((a for a in ALGORITHMS if a in found), None)
    return (strongest, found[strongest]) if strongest else None


def integrity_of(path, algorithm: str = "sha512") -> str:
    """The Subresource Integrity string of a file, as npm writes it (``sha512-<base64>``).

    Examples
    --------
    >>> path = Path(tmp()) / "empty.tgz"; _ = path.write_bytes(b"")
    >>> integrity_of(path, "sha256")
    'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='
    """
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return f"{algorithm}-{base64.b64encode(digest.digest()).decode()}"


def _version_info(name: str, version: str, registry: str, partial: Path) -> dict:
    """``dist.tarball`` and ``dist.integrity`` of ``name@version``, as the registry publishes them."""
    url = f"{registry.rstrip('/')}/{name}/{version}"
    try:
        answer = _download.download(url, partial / "version.json", progress=False)
    except DataError as err:
        if err.key == "data.http_status" and err.fields.get("status") == 404:
            raise DataError("npm.not_found", registry=registry, name=name, version=version) from None
        raise
    try:
        dist = json.loads(answer.read_text(encoding="utf-8")).get("dist") or {}
    except (ValueError, AttributeError):
        dist = {}
    for field in ("tarball", "integrity"):
        if not isinstance(dist.get(field), str):
            raise DataError("npm.bad_answer", name=name, version=version, url=url, missing=f"dist.{field}")
    answer.unlink()
    return dist


def check_integrity(path, sri: str, *, name: str, version: str, url: str) -> None:
    """Raise :class:`DataError` unless the file at ``path`` has the hash that ``sri`` gives.

    Raises
    ------
    DataError
        ``npm.integrity_mismatch``, or ``npm.bad_integrity`` for an ``sri`` with no hash we check.

    Examples
    --------
    >>> path = Path(tmp()) / "p.tgz"; _ = path.write_bytes(b"abc")
    >>> check_integrity(path, integrity_of(path), name="p", version="1.0.0", url="x")
    >>> check_integrity(path, "sha256-" + "A" * 43 + "=", name="p", version="1.0.0", url="x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kwscourse.i18n.DataError: The sha256 of x is ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=, not ...
    """
    parsed = parse_integrity(sri)
    if parsed is None:
        raise DataError("npm.bad_integrity", name=name, version=version, value=sri)
    algorithm, expected = parsed
    got = integrity_of(path, algorithm).partition("-")[2]
    if base64.b64decode(got) != expected:
        raise DataError("npm.integrity_mismatch", algorithm=algorithm, url=url, got=got,
                        expected=base64.b64encode(expected).decode(), name=name, version=version)


def _checked_members(archive: tarfile.TarFile, files: tuple, where: dict) -> dict:
    """The archive's members by their path inside the package, once every one is known to be safe."""
    members = {}
    for member in archive.getmembers():
        if not _safe_relative(member.name) or member.isdev():
            raise DataError("npm.unsafe_member", member=member.name, **where)
        members["/".join(_parts(member.name)[1:])] = member  # npm packs under one top folder
    for file in files:
        if file not in members:
            raise DataError("npm.missing_file", member=file, **where)
        if not members[file].isfile():
            raise DataError("npm.unsafe_member", member=members[file].name, **where)
    return members


def extract_files(tarball, files, target, *, name: str = "package", version: str = "0.0.0",
                  url: str = "") -> list[Path]:
    """Copy ``files`` (paths inside the package, without npm's ``package/`` folder) out of ``tarball`` into ``target``.

    Every member is checked first: one whose name leaves the archive's folder
    (``..``, an absolute path, a drive) refuses the whole archive, and a file
    asked for must be a plain file. Only the files asked for are written, each to
    a path made from its checked name.

    Raises
    ------
    DataError
        ``npm.unsafe_member``, ``npm.missing_file`` or ``npm.bad_tarball``.

    Examples
    --------
    >>> import io
    >>> tmp = Path(tmp())
    >>> with tarfile.open(tmp / "p.tgz", "w:gz") as archive:
    ...     info = tarfile.TarInfo("package/lib/a.js"); info.size = 2
    ...     archive.addfile(info, io.BytesIO(b"ok"))
    >>> [p.relative_to(tmp).as_posix() for p in extract_files(tmp / "p.tgz", ["lib/a.js"], tmp / "out")]
    ['out/lib/a.js']
    """
    files, target = _checked(name, version, files), Path(target)
    where = dict(name=name, version=version)
    try:
        with tarfile.open(tarball, "r:*") as archive:
            members = _checked_members(archive, files, where)
            written = []
            for file in files:
                dest = target.joinpath(*file.split("/"))
                dest.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(members[file]) as source, open(dest, "wb") as out:
                    shutil.copyfileobj(source, out)
                written.append(dest)
    except (tarfile.TarError, EOFError, zlib.error) as err:
        raise DataError("npm.bad_tarball", url=url or tarball, detail=str(err)[:200] or type(err).__name__,
                        **where) from None
    return written


def package_files(name: str, version: str, files, *, registry: str = REGISTRY, data_dir=None,
                  progress: bool = True) -> Path:
    """The folder in the course cache that holds ``files`` of the npm package ``name@version``.

    The first call asks ``registry`` for the version, downloads its tarball,
    checks the integrity the registry publishes and extracts ``files``; later
    calls find them in the cache and make no request.

    Parameters
    ----------
    name : str
        The package, ``@scope/name`` or ``name``.
    version : str
        One exact version, such as ``"1.0.1"``.
    files : sequence of str
        Paths inside the package (without npm's ``package/`` folder), such as ``"wasm/x.wasm"``.
    registry : str, optional
        The registry's address (default: the public npm registry).
    data_dir : path, optional
        The course cache (default: ``kwscourse.settings.data_dir``).
    progress : bool, optional
        Show a progress bar while the tarball downloads.

    Returns
    -------
    pathlib.Path
        :func:`cache_folder`, holding each of ``files`` at its path.

    Raises
    ------
    DataError
        ``data.offline_no_cache`` when the registry cannot be reached and the files are not cached;
        ``npm.not_found``, ``npm.integrity_mismatch`` or an ``npm.*`` archive error otherwise.

    Examples
    --------
    >>> package_files("left-pad", "1.3.0", ["../etc/passwd"], data_dir=tmp())
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: '../etc/passwd' is not a file inside a package: give a relative path such as wasm/audio_wasm_internal.wasm, without .. and without a leading /.
    """
    files = _checked(name, version, files)
    folder = cache_folder(name, version, data_dir=data_dir)
    if cache.is_complete(folder) and all((folder / file).is_file() for file in files):
        return folder
    with _download.explain_offline(f"{name}@{version}", folder), cache.building(folder) as partial:
        dist = _version_info(name, version, registry, partial)
        tarball = _download.download(dist["tarball"], partial / "package.tgz", progress=progress)
        check_integrity(tarball, dist["integrity"], name=name, version=version, url=dist["tarball"])
        extract_files(tarball, files, partial, name=name, version=version, url=dist["tarball"])
        tarball.unlink()
        (partial / ".npm-dist.json").write_text(json.dumps({"name": name, "version": version, **dist}))
    return folder
