"""Downloading one file safely: resumed when the transfer breaks off, checked before it is kept.

Downloads (``requests``, with a ``tqdm`` bar) go to a ``.part`` file, renamed
once complete and checked (size and SHA-256 when known). A broken transfer is
resumed with HTTP ``Range``, in the same call or the next one (after a Colab
disconnect): ``NAME.part.json`` records the remote file's ETag, Last-Modified
and length, and ``If-Range`` makes a server whose file changed send it whole.
:func:`explain_offline` turns "cannot be reached" into what to do::

    >>> path = Path(tmp()) / "abc.txt"
    >>> _ = path.write_bytes(b"abc")
    >>> sha256_of(path)[:16]
    'ba7816bf8f01cfea'

Importing this module imports neither ``requests`` nor ``tqdm``; :func:`download` does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

from .._internal import checks
from .._internal.quiet import quieter
from ..i18n import DataError, ParameterError, t

_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
#: Download errors that mean "no way to get it right now" rather than "a bad file".
OFFLINE_KEYS = ("data.network", "data.http_status")
#: Errors that condemn the bytes themselves: the part file is deleted, never resumed.
_BAD_CONTENT = ("data.size_mismatch", "data.hash_mismatch")


@dataclasses.dataclass(frozen=True)
class Source:
    """One file to download: its address, what it must be, and how patiently to fetch it.

    Parameters
    ----------
    url, size, sha256, attempts, timeout, chunk_size
        As for :func:`download`; checked when the object is made.

    Examples
    --------
    >>> Source("https://example.org/a.zip", size=3).attempts
    4
    """

    url: str
    size: int | None = None
    sha256: str | None = None
    attempts: int = 4
    timeout: float | tuple = 30
    chunk_size: int = 1 << 16

    def __post_init__(self):
        parsed = urlparse(self.url) if isinstance(self.url, str) else None
        if parsed is None or parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
            raise ParameterError("data.bad_url", value=self.url)
        if self.sha256 is not None and not (isinstance(self.sha256, str) and _SHA256.fullmatch(self.sha256)):
            raise ParameterError("data.bad_sha256", value=self.sha256)
        if self.size is not None:
            checks.whole_number(self.size, "size", minimum=0)
        checks.whole_number(self.attempts, "attempts")
        pair = isinstance(self.timeout, tuple) and len(self.timeout) == 2  # requests' (connect, read)
        for seconds in self.timeout if pair else (self.timeout,):
            checks.positive(seconds, "timeout")
        checks.whole_number(self.chunk_size, "chunk_size")


@dataclasses.dataclass(frozen=True)
class _Remote:
    """What the server said about the whole file: its validators and length (each when sent)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    total: int | None = None

    @property
    def if_range(self) -> str | None:
        """The ``If-Range`` value: a strong ETag, else Last-Modified (weak ETags are not allowed)."""
        strong = self.etag if self.etag and not self.etag.startswith("W/") else None
        return strong or self.last_modified

    def same_file(self, other: "_Remote") -> bool:
        """False when any validator or length known on both sides differs."""
        pairs = [(self.etag, other.etag), (self.last_modified, other.last_modified),
                 (self.total, other.total)]
        return all(a == b for a, b in pairs if a is not None and b is not None)


def _sidecar(part: Path) -> Path:
    return part.with_name(part.name + ".json")


def _discard(part: Path) -> None:
    for path in (part, _sidecar(part)):
        path.unlink(missing_ok=True)


def _resumable(part: Path, source: Source) -> _Remote | None:
    """What a ``.part`` left by an earlier call is a prefix of; None (and no part) when it cannot resume."""
    try:
        remote = _Remote(**json.loads(_sidecar(part).read_text(encoding="utf-8")))
        have = part.stat().st_size
    except (OSError, ValueError, TypeError):  # no part, no sidecar, half-written, another layout
        remote, have = None, 0
    # Without a validator nothing proves the part is a prefix of what the server has now.
    if remote is not None and remote.url == source.url and remote.if_range is not None and \
            isinstance(remote.total, int) and 0 < have <= remote.total and source.size in (None, remote.total):
        return remote
    _discard(part)  # unknown origin, another file, or longer than the file: start from zero
    return None


def sha256_of(path, chunk_size: int = 1 << 20) -> str:
    """The SHA-256 hex digest of a file, read in blocks (large files never fill the memory).

    Parameters
    ----------
    path : path
        The file.
    chunk_size : int, optional
        Bytes read at a time.

    Returns
    -------
    str
        64 lowercase hexadecimal digits.

    Examples
    --------
    >>> path = Path(tmp()) / "empty.bin"
    >>> _ = path.write_bytes(b"")
    >>> sha256_of(path)
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk_size), b""):
            digest.update(block)
    return digest.hexdigest()


def _matches(path: Path, source: Source) -> bool:
    """Whether ``path`` is a file with the expected size and hash (each when given)."""
    if not path.is_file() or source.size not in (None, path.stat().st_size):
        return False
    return source.sha256 is None or sha256_of(path) == source.sha256.lower()


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


class _GaveUp(Exception):
    """Every attempt broke off: ``args[0]`` is the error for the user; the part stays for the next call."""


def _request(session, source: Source, have: int, known: _Remote | None):
    """GET the file as a stream, from byte ``have`` on (if it is still ``known``) when some bytes are on disk."""
    import requests

    # identity: Range offsets must count the file's own bytes, not those of a gzip stream.
    headers = {"Accept-Encoding": "identity"}
    if have:
        headers["Range"] = f"bytes={have}-"
        if known is not None and known.if_range:
            headers["If-Range"] = known.if_range  # a changed file comes whole (200), not spliced
    try:
        return session.get(source.url, stream=True, timeout=source.timeout, headers=headers)
    except requests.exceptions.RequestException as err:
        # The session has already retried the connection: the server cannot be reached.
        raise DataError("data.network", url=source.url, detail=_reason(err)) from None


def _remote_of(response, have: int, url: str) -> _Remote:
    """The validators and full length that ``response`` announces (its body starting at byte ``have``)."""
    headers = response.headers
    ranged = re.match(r"\s*bytes\s+\d+-\d+/(\d+)", headers.get("Content-Range", ""))
    length = headers.get("Content-Length", "")
    # A length counts the file's bytes only when the body is not compressed on the way.
    plain = headers.get("Content-Encoding", "identity").lower() in ("", "identity")
    total = have + int(length) if plain and length.isdigit() else None
    if response.status_code == 206 and ranged:
        total = int(ranged.group(1))
    return _Remote(url, headers.get("ETag"), headers.get("Last-Modified"), total)


def _start(response, part: Path, known: _Remote | None, source: Source) -> tuple[int, _Remote]:
    """``(have, remote)``: where this body starts in the file, and what the file is."""
    # A 200 is the whole file (Range ignored, or If-Range found it changed): start afresh.
    have = part.stat().st_size if response.status_code == 206 and part.exists() else 0
    remote = _remote_of(response, have, source.url)
    first = re.match(r"\s*bytes\s+(\d+)-", response.headers.get("Content-Range", ""))
    if response.status_code == 206 and not (first and int(first.group(1)) == have
                                            and (known is None or remote.same_file(known))):
        _discard(part)
        raise _BrokenTransfer("another byte range, or another version of the file")
    if have and known is not None:  # a 206 may omit validators the first answer gave
        remote = dataclasses.replace(known, total=remote.total or known.total)
    if source.size is not None and remote.total is not None and remote.total != source.size:
        raise DataError("data.size_mismatch", url=source.url, got=remote.total, expected=source.size)
    if not have:  # a transfer from zero: record what the part will be a prefix of
        _sidecar(part).write_text(json.dumps(dataclasses.asdict(remote)), encoding="utf-8")
    return have, remote


def _receive(response, part: Path, start: tuple[int, _Remote], source: Source, *, bar) -> None:
    """Write the body to ``part`` (appended after ``have`` bytes); a short body is a break."""
    have, remote = start
    bar.reset(total=remote.total)
    bar.update(have)
    with open(part, "ab" if have else "wb") as f:
        for block in response.iter_content(source.chunk_size):
            f.write(block)
            bar.update(len(block))
            if source.size is not None and f.tell() > source.size:  # no Content-Length, and too long
                raise DataError("data.size_mismatch", url=source.url, got=f.tell(), expected=source.size)
    got = part.stat().st_size
    if remote.total is not None and got < remote.total:
        raise _BrokenTransfer(f"{got} of {remote.total} bytes")


def _transfer(session, part: Path, source: Source, bar) -> None:
    """Fill ``part`` with the file, resuming with ``Range`` after a break (and a part an earlier call left)."""
    import requests
    from urllib3.exceptions import ProtocolError, ReadTimeoutError

    # The errors that mean "the transfer broke off; try again from where it stopped".
    breaks = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError,
              requests.exceptions.Timeout, ProtocolError, ReadTimeoutError, _BrokenTransfer)
    known = _resumable(part, source)
    for attempt in range(1, source.attempts + 1):
        have = part.stat().st_size if part.exists() else 0
        with _request(session, source, have, known) as response:
            if have and response.status_code == 416 and known is not None and known.total == have:
                return  # asked for the bytes after the last one: the file is complete
            if response.status_code >= 400:
                raise DataError("data.http_status", status=response.status_code, url=source.url)
            try:
                start = _start(response, part, known, source)
                known = start[1]
                _receive(response, part, start, source, bar=bar)
                return
            except breaks as err:
                broken = err
        got = part.stat().st_size if part.exists() else 0
        total = known.total if known is not None else source.size
        if attempt == source.attempts:
            if total is None:
                raise _GaveUp(DataError("data.network", url=source.url, detail=_reason(broken)))
            raise _GaveUp(DataError("data.size_mismatch", url=source.url, got=got, expected=total))
        detail = f"{got} / {total if total is not None else '?'} B"
        # Part of the progress display, like the bar: on stdout, as notebooks show stderr in red.
        bar.write(t("data.retrying", url=source.url, detail=detail, attempt=attempt + 1,
                    attempts=source.attempts), file=sys.stdout)


def _fetch(source: Source, dest: Path, progress: bool) -> None:
    """Fill ``dest.part`` under a progress bar, check its size and hash, and rename it to ``dest``."""
    from tqdm.auto import tqdm

    part = dest.with_name(dest.name + ".part")
    part.parent.mkdir(parents=True, exist_ok=True)
    session = _session(source.attempts)
    try:
        # urllib3 logs a WARNING per retry (red in a notebook); we report in the student's language.
        with quieter("urllib3.connectionpool"), tqdm(
                total=source.size, unit="B", unit_scale=True, unit_divisor=1024,
                desc=t("data.downloading", name=dest.name), disable=not progress) as bar:
            _transfer(session, part, source, bar)
        got = part.stat().st_size
        if source.size is not None and got != source.size:
            raise DataError("data.size_mismatch", url=source.url, got=got, expected=source.size)
        digest = sha256_of(part) if source.sha256 is not None else None
        if digest is not None and digest != source.sha256.lower():
            raise DataError("data.hash_mismatch", url=source.url, got=digest, expected=source.sha256.lower())
    except _GaveUp as gave_up:
        raise gave_up.args[0] from None  # the part stays: the next call resumes it
    except DataError as err:
        if err.key in _BAD_CONTENT:
            _discard(part)
        raise
    finally:
        session.close()
    os.replace(part, dest)
    _sidecar(part).unlink(missing_ok=True)


def download(url: str, dest, *, sha256: str | None = None, size: int | None = None,
             attempts: int = 4, timeout: float = 30, progress: bool = True,
             chunk_size: int = 1 << 16) -> Path:
    """Download ``url`` to the file ``dest`` safely, resuming a broken transfer, and return ``dest``.

    A ``dest`` that already matches ``size`` and ``sha256`` (each when given) is
    returned at once. Otherwise the bytes stream into ``dest.part``, checked before
    it is renamed: ``dest`` is only ever replaced by a complete, checked download.
    A transfer that breaks off keeps ``dest.part`` (and ``dest.part.json``) for the next call to resume.

    Parameters
    ----------
    url : str
        An ``http://`` or ``https://`` address.
    dest : path
        The file to write; its folder is created when missing.
    sha256, size : str or int, optional
        The expected SHA-256 (64 hexadecimal digits) and size in bytes.
    attempts : int, optional
        Requests in all: each retry of a broken transfer writes one line under the bar.
    timeout : float or (float, float), optional
        Seconds to wait for the server (``requests``' connect and read timeouts).
    progress : bool, optional
        Show a progress bar.
    chunk_size : int, optional
        Bytes written at a time.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ParameterError
        For a bad argument, before any request.
    DataError
        ``data.network``, ``data.http_status``, ``data.size_mismatch`` or ``data.hash_mismatch``.

    Examples
    --------
    >>> download("ftp://example.org/x", "x")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: url must be an http:// or https:// address, not 'ftp://example.org/x'.
    """
    source = Source(url, size=size, sha256=sha256, attempts=attempts, timeout=timeout, chunk_size=chunk_size)
    dest = checks.path(dest, "dest")
    if dest.is_dir():
        raise ParameterError("data.dest_is_folder", path=dest)
    if not _matches(dest, source):
        _fetch(source, dest, progress)
    return dest


@contextlib.contextmanager
def explain_offline(name: str, path):
    """Turn "the server cannot be reached" inside the block into an error that says what to do.

    A ``data.network`` or ``data.http_status`` error (see :data:`OFFLINE_KEYS`)
    becomes ``data.offline_no_cache``: ``name`` is not in the cache at ``path``,
    why it cannot be downloaded, and how to go on (connect, copy the files, or
    use smoke mode). Any other error passes unchanged.

    Parameters
    ----------
    name : str
        What could not be downloaded, as the student knows it.
    path : path
        Where the cached copy would be.

    Examples
    --------
    >>> with explain_offline("ESC-50", "data/esc50"):  # doctest: +ELLIPSIS
    ...     raise DataError("data.http_status", status=503, url="https://example.org/esc50.zip")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.DataError: ESC-50 is not in the cache (data/esc50) and cannot be downloaded: HTTP 503. ...
    """
    try:
        yield
    except DataError as err:
        if err.key not in OFFLINE_KEYS:
            raise
        detail = err.fields.get("detail") or f"HTTP {err.fields.get('status')}"
        raise DataError("data.offline_no_cache", name=name, path=path, detail=detail) from None
