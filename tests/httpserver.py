"""The one local HTTP server of the download tests: 127.0.0.1, a free port, misbehaviour on demand.

It serves ``files`` (name -> bytes) and can misbehave on purpose: cut a body off
(half-way, or after ``cut_after`` bytes; the first ``truncate_first`` times, or
always), ignore ``Range``, omit ``Content-Length`` or answer a name with an error
``status``. With ``validators`` on, a GET also sends an ETag (from the content,
so replacing ``files[name]`` changes it) and a Last-Modified, and honours
``If-Range`` (a stale one gets the whole file, 200) unless ``honour_if_range``
is off. Every request's headers, path, status and body bytes sent are recorded,
so a test can prove what went over the wire (no request for a cached file, a
``Range`` header on a resume, how many bytes a resume transferred).
"""

from __future__ import annotations

import hashlib
import http.server
import socket
import threading


class Server:
    """A ThreadingHTTPServer on 127.0.0.1 (port 0) in a daemon thread, with switchable faults."""

    def __init__(self, files: dict[str, bytes]):
        self.reset(files)
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_HEAD(self):
                self.do_GET(head=True)

            def do_GET(self, head=False):
                name = self.path.lstrip("/").split("?")[0]
                owner.requests.append(dict(self.headers))
                owner.paths.append(name)
                body = owner.files.get(name)
                if name in owner.status or body is None:
                    owner.statuses.append(owner.status.get(name, 404))
                    owner.sent.append(0)
                    self.send_error(owner.status.get(name, 404))
                    return
                if head:
                    self.send_response(200)
                    for key, value in {**owner.headers.get(name, {}), "Content-Length": str(len(body))}.items():
                        self.send_header(key, value)
                    self.end_headers()
                    return
                start = 0
                ranged = self.headers.get("Range")
                extra = dict(owner.headers.get(name, {}))
                if owner.validators:
                    extra = {"ETag": owner.etag(name), "Last-Modified": owner.last_modified, **extra}
                if_range = self.headers.get("If-Range")
                stale = (owner.validators and owner.honour_if_range and if_range is not None
                         and if_range not in (extra["ETag"], extra["Last-Modified"]))
                if ranged and not owner.ignore_range and not stale:
                    start = int(ranged.removeprefix("bytes=").split("-")[0])
                    owner.statuses.append(206)
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    owner.statuses.append(200)
                    self.send_response(200)
                for key, value in extra.items():
                    self.send_header(key, value)
                rest = body[start:]
                if owner.send_length:
                    self.send_header("Content-Length", str(len(rest)))
                self.end_headers()
                if owner.always_truncate or owner.truncate_first > 0:
                    owner.truncate_first -= 1
                    cut = len(rest) // 2 if owner.cut_after is None else owner.cut_after
                    owner.sent.append(len(rest[:cut]))
                    self.wfile.write(rest[:cut])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)  # hang up mid-body
                    self.close_connection = True
                    return
                owner.sent.append(len(rest))
                self.wfile.write(rest)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.running = True

    def reset(self, files: dict[str, bytes] | None = None) -> "Server":
        """Serve ``files`` only, behave well again and forget what was recorded (one server serves a whole run)."""
        self.files = dict(files or {})
        self.requests: list[dict] = []  # each request's headers, in order
        self.paths: list[str] = []  # each request's file name, in order
        self.truncate_first = 0  # cut this many responses off after half the body
        self.always_truncate = False
        self.ignore_range = False
        self.send_length = True
        self.status: dict[str, int] = {}  # file name -> error status to answer with
        self.headers: dict[str, dict[str, str]] = {}  # file name -> extra response headers (a Hub's ETag, ...)
        self.cut_after: int | None = None  # body bytes a cut-off response sends (None: half)
        self.validators = False  # send ETag and Last-Modified with every GET
        self.honour_if_range = True
        self.last_modified = "Wed, 01 Jan 2025 00:00:00 GMT"
        self.statuses: list[int] = []  # each GET's status, in order (errors included)
        self.sent: list[int] = []  # body bytes written by each GET, in order
        return self

    def etag(self, name: str) -> str:
        """The strong ETag of ``files[name]`` as it is now."""
        return '"' + hashlib.sha256(self.files[name]).hexdigest()[:16] + '"'

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{name}"

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join(timeout=5)


def free_port_url(name: str = "payload.bin") -> str:
    """The address of a port nobody listens on: bind to get a free one, then close it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/{name}"
