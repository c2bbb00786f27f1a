"""Downloading one file safely: resumed when the transfer breaks off, checked before it is kept.

Downloads go through ``requests`` with a ``tqdm`` progress bar. They retry and
resume broken transfers (HTTP ``Range``), check the size and SHA-256 when
known, and write to a ``.part`` file that is renamed only once it is complete,
so an interruption never leaves a half-written file in the cache. When the
server cannot be reached at all, :func:`explain_offline` turns the error into
one that says what to do::

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "abc.txt"
    >>> _ = path.write_bytes(b"abc")
    >>> sha256_of(path)[:16]
    'ba7816bf8f01cfea'

Importing this module imports neither ``requests`` nor ``tqdm``; :func:`download` does.
"""

from __future__ import annotations

import contextlib
import hashlib
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


def _check_arguments(url, dest, sha256, size, attempts, timeout, chunk_size) -> Path:
    """``dest`` as a Path, once every argument of :func:`download` is known to be usable."""
    parsed = urlparse(url) if isinstance(url, str) else None
    if parsed is None or parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        raise ParameterError("data.bad_url", value=url)
    dest = checks.path(dest, "dest")
    if dest.is_dir():
        raise ParameterError("data.dest_is_folder", path=dest)
    if sha256 is not None and not (isinstance(sha256, str) and _SHA256.fullmatch(sha256)):
        raise ParameterError("data.bad_sha256", value=sha256)
    if size is not None:
        checks.whole_number(size, "size", minimum=0)
    checks.whole_number(attempts, "attempts")
    pair = isinstance(timeout, tuple) and len(timeout) == 2  # requests' (connect, read)
    for seconds in timeout if pair else (timeout,):
        checks.positive(seconds, "timeout")
    checks.whole_number(chunk_size, "chunk_size")
    return dest


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
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "empty.bin"
    >>> _ = path.write_bytes(b"")
    >>> sha256_of(path)
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
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


def _breaks() -> tuple:
    """The errors that mean "the transfer broke off; try again from where it stopped"."""
    import requests
    from urllib3.exceptions import ProtocolError, ReadTimeoutError

    return (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError,
            requests.exceptions.Timeout, ProtocolError, ReadTimeoutError, _BrokenTransfer)


def _request(session, url: str, have: int, timeout):
    """GET ``url`` as a stream, from byte ``have`` on when some bytes are already on disk."""
    import requests

    # identity: Range offsets must count the file's own bytes, not those of a gzip stream.
    headers = {"Accept-Encoding": "identity"}
    if have:
        headers["Range"] = f"bytes={have}-"
    try:
        return session.get(url, stream=True, timeout=timeout, headers=headers)
    except requests.exceptions.RequestException as err:
        # The session has already retried the connection: the server cannot be reached.
        raise DataError("data.network", url=url, detail=_reason(err)) from None


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


def _start(response, part: Path, have: int, size, total, url: str):
    """``(have, total)`` for this response: where its body starts and the file's full length."""
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
    return have, total


def _receive(response, part: Path, have: int, total, size, url: str, chunk_size: int, bar) -> None:
    """Write the body to ``part`` (appended after ``have`` bytes); a short body is a break."""
    bar.reset(total=total)
    bar.update(have)
    with open(part, "ab" if have else "wb") as f:
        for block in response.iter_content(chunk_size):
            f.write(block)
            bar.update(len(block))
            if size is not None and f.tell() > size:  # no Content-Length, and too long
                raise DataError("data.size_mismatch", url=url, got=f.tell(), expected=size)
    got = part.stat().st_size
    if total is not None and got < total:
        raise _BrokenTransfer(f"{got} of {total} bytes")


def _transfer(session, url: str, part: Path, size, attempts: int, timeout, chunk_size: int, bar) -> None:
    """Fill ``part`` with the body of ``url``, resuming with ``Range`` after a break."""
    breaks = _breaks()
    total = size  # the full length in bytes, once known
    for attempt in range(1, attempts + 1):
        have = part.stat().st_size if part.exists() else 0
        with _request(session, url, have, timeout) as response:
            if have and response.status_code == 416 and total == have:
                return  # asked for the bytes after the last one: the file is complete
            if response.status_code >= 400:
                raise DataError("data.http_status", status=response.status_code, url=url)
            try:
                have, total = _start(response, part, have, size, total, url)
                _receive(response, part, have, total, size, url, chunk_size, bar)
                return
            except breaks as err:
                broken = err
        got = part.stat().st_size if part.exists() else 0
        if attempt == attempts:
            if total is None:
                raise DataError("data.network", url=url, detail=_reason(broken)) from None
            raise DataError("data.size_mismatch", url=url, got=got, expected=total) from None
        detail = f"{got} / {total if total is not None else '?'} B"
        # Part of the progress display, like the bar: on stdout, as notebooks show stderr in red.
        bar.write(t("data.retrying", url=url, detail=detail, attempt=attempt + 1, attempts=attempts),
                  file=sys.stdout)


def _check_complete(part: Path, url: str, size, sha256) -> None:
    got = part.stat().st_size
    if size is not None and got != size:
        raise DataError("data.size_mismatch", url=url, got=got, expected=size)
    if sha256 is not None:
        digest = sha256_of(part)
        if digest != sha256.lower():
            raise DataError("data.hash_mismatch", url=url, got=digest, expected=sha256.lower())


def _fetch_part(url: str, part: Path, size, sha256, attempts: int, timeout, chunk_size: int,
                progress: bool) -> None:
    """Fill ``part`` (made afresh) from ``url`` under a progress bar, then check its size and hash."""
    from tqdm.auto import tqdm

    part.parent.mkdir(parents=True, exist_ok=True)
    part.unlink(missing_ok=True)  # left by a killed process: its origin is unknown
    session = _session(attempts)
    try:
        # urllib3 logs a WARNING per retry (red in a notebook); we report in the student's language.
        with quieter("urllib3.connectionpool"), tqdm(
                total=size, unit="B", unit_scale=True, unit_divisor=1024,
                desc=t("data.downloading", name=part.name[:-len(".part")]), disable=not progress) as bar:
            _transfer(session, url, part, size, attempts, timeout, chunk_size, bar)
    finally:
        session.close()
    _check_complete(part, url, size, sha256)


def download(url: str, dest, *, sha256: str | None = None, size: int | None = None,
             attempts: int = 4, timeout: float = 30, progress: bool = True,
             chunk_size: int = 1 << 16) -> Path:
    """Download ``url`` to the file ``dest`` safely, resuming a broken transfer, and return ``dest``.

    A ``dest`` that already matches ``size`` and ``sha256`` (each when given) is
    returned at once. Otherwise the bytes stream into ``dest.part``, checked before
    it is renamed: ``dest`` is only ever replaced by a complete, checked download.

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
    dest = _check_arguments(url, dest, sha256, size, attempts, timeout, chunk_size)
    if _matches(dest, size, sha256):
        return dest
    part = dest.with_name(dest.name + ".part")
    try:
        _fetch_part(url, part, size, sha256, attempts, timeout, chunk_size, progress)
        os.replace(part, dest)
    finally:
        part.unlink(missing_ok=True)
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
