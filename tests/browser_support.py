"""What the browser tests (and benchmarks/web_page.py) share: Debian's headless Chromium, its flags, a static server.

Chromium is never downloaded: it is the system's ``chromium`` (Debian's package),
driven by Playwright for Python. Its fake microphone plays a WAV file in a loop.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BASE_FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
              "--disable-gpu", "--no-first-run", "--disable-sync", "--autoplay-policy=no-user-gesture-required"]
#: A microphone that is allowed without asking and plays a file (or a beep without one).
FAKE_MIC = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


def browser_available() -> bool:
    """Whether Debian's Chromium and Playwright for Python are both here."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


def need_browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser_page(playwright, flags, wav=None):
    """A headless Chromium with ``flags`` (its fake microphone playing ``wav``, when given) and one page."""
    args = BASE_FLAGS + flags + ([f"--use-file-for-fake-audio-capture={wav}"] if wav else [])
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    return browser, page


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, *args):  # keep test output clean
        pass


@contextlib.contextmanager
def serve_folder(folder):
    """A static web server for ``folder`` on 127.0.0.1 (a free port), in a thread; yields its base URL."""
    handler = functools.partial(_QuietFiles, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
