"""The widgets with Colab's versions (ipywidgets 7.7.1, anywidget 0.9.21), in the Colab twin.

    python3 tools/colab/widgets_check.py     (as root) build or reuse the twin, check, print the figures

:func:`check_widgets` installs the course into a throw-away overlay of the twin as a lesson's
install cell does, then

1. runs the kernel-side widget tests (tests/unit/test_widgets.py, tests/unit/test_player.py) with the
   twin's Python 3.13, ipywidgets 7.7.1, anywidget 0.9.21 and pytest;
2. serves a folder of the overlay with the twin's classic Notebook 6.5.7 (widgetsnbextension
   3.6.10 and anywidget's own nbextension, the nearest front end to Colab's that runs here) on
   127.0.0.1, and runs the ``classic`` browser tests of tests/e2e/test_browser.py against it from
   this machine, with its test venv, Debian chromium and a fake microphone.

What it installs is the snapshot of the checkout that ``colab_twin.snapshot_checkout`` makes
(``colab_twin.check()`` makes one; so does this file's ``__main__``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tools/, for colab_twin
import colab_twin as twin  # noqa: E402

KERNEL_TESTS = ("tests/unit/test_widgets.py", "tests/unit/test_player.py")
KERNEL_TEST_FILES = (*KERNEL_TESTS, "tests/conftest.py", "tests/signals.py", "pyproject.toml")
WORK = f"{twin.CHECK_DIR}/widgets"  # inside the overlay: thrown away with it
SERVED = f"{WORK}/served"
TOKEN = "kwscourse-classic-token"


def junit_counts(path: Path) -> tuple[int, list[str], list[str]]:
    """(passed, failed test ids, skip reasons) of a pytest ``--junitxml`` report; a missing
    report counts as one failure, so a run that never started cannot pass."""
    if not path.is_file():
        return 0, [f"no report: {path.name}"], []
    passed, failed, skipped = 0, [], []
    for case in ET.parse(path).iter("testcase"):
        name = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(name)
        elif (skip := case.find("skipped")) is not None:
            skipped.append(skip.get("message", ""))
        else:
            passed += 1
    return passed, failed, skipped


def kernel_tests(root: Path) -> tuple[int, list[str], list[str]]:
    """The kernel-side widget tests, run by the twin's pytest on a copy of the tests: run from the
    checkout, they would import the checkout's kwscourse instead of the installed one."""
    copy = root / WORK.lstrip("/") / "kernel"
    for name in KERNEL_TEST_FILES:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(twin.ROOT / name, copy / name)
    twin.in_chroot(root, [f"{twin.VENV}/bin/python", "-m", "pytest", *(f"{WORK}/kernel/{t}" for t in KERNEL_TESTS),
                          "--doctest-modules", "--pyargs", "kwscourse.ui.widgets", "kwscourse.ui.player",
                          "-c", f"{WORK}/kernel/pyproject.toml", "-p", "no:cacheprovider", "-q",
                          f"--junitxml={WORK}/kernel.xml"], env=twin.NOTEBOOK_ENV, check=False)
    return junit_counts(copy.parent / "kernel.xml")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _processes_in(root: Path) -> list[int]:
    """Processes whose root is this overlay: the ones this check started inside it."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "root") in (str(root), str(root.resolve())):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _stop_server(root: Path, url: str, thread: threading.Thread) -> None:
    """Ask the server to stop (it shuts its kernels down), then end whatever is left in the overlay."""
    request = urllib.request.Request(f"{url}/api/shutdown", method="POST", headers={"Authorization": f"token {TOKEN}"})
    try:
        urllib.request.urlopen(request, timeout=10)
    except OSError:
        pass
    thread.join(timeout=30)
    for signal_number in (15, 9):  # nothing may keep the overlay busy when it is unmounted
        for pid in _processes_in(root):
            try:
                os.kill(pid, signal_number)
            except ProcessLookupError:
                pass
        time.sleep(1)


def browser_tests(root: Path, report: Path) -> tuple[int, list[str], list[str]]:
    """Serve the overlay's folder with the twin's classic Notebook, run the classic browser tests here."""
    python = twin.ROOT / ".venv" / "bin" / "python"
    if not python.is_file():
        return 0, [], [f"no test venv at {python} (make env makes it)"]
    (root / SERVED.lstrip("/")).mkdir(parents=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = ["sh", "-c", f"cd {SERVED} && exec {twin.VENV}/bin/python -m notebook --no-browser --allow-root "
              f"--ip=127.0.0.1 --port={port} --NotebookApp.port_retries=0 --NotebookApp.token={TOKEN} "
              f"--NotebookApp.notebook_dir={SERVED} > {WORK}/notebook.log 2>&1"]
    # A fresh config folder: the nbextensions are enabled by the venv's etc/jupyter, as pip left it.
    env = {**twin.NOTEBOOK_ENV, "JUPYTER_CONFIG_DIR": f"{WORK}/jupyter-config"}
    thread = threading.Thread(target=twin.in_chroot, args=(root, server), kwargs={"env": env, "check": False},
                              daemon=True)
    thread.start()
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            log_file = root / WORK.lstrip("/") / "notebook.log"
            log = log_file.read_text(errors="replace")[-2000:] if log_file.is_file() else "no log"
            return 0, [f"the classic Notebook did not start: {log}"], []
        host_env = dict(os.environ, KWSCOURSE_SMOKE="1", KWSCOURSE_CLASSIC_NOTEBOOK_URL=f"{url}/?token={TOKEN}",
                        KWSCOURSE_CLASSIC_NOTEBOOK_DIR=str(root / SERVED.lstrip("/")))
        subprocess.run([str(python), "-m", "pytest", "tests/e2e/test_browser.py",
                        "-k", "classic", "-p", "no:cacheprovider", "-q", f"--junitxml={report}"],
                       cwd=twin.ROOT, env=host_env, check=False)
    finally:
        _stop_server(root, url, thread)
    return junit_counts(report)


def check_widgets(rootfs: Path, venv_dir: Path, scratch: Path, snapshot: Path) -> dict:
    """Install the course (``snapshot``, see ``colab_twin.snapshot_checkout``) with the lessons'
    install cell into an overlay of the twin in ``scratch`` (an empty folder), run the
    kernel-side widget tests there and the classic-Notebook browser tests against it."""
    result = {"install_ok": False, "kernel_passed": 0, "kernel_failed": [], "browser_passed": 0,
              "browser_failed": [], "browser_skipped_reason": ""}
    with twin.mounted(rootfs, venv_dir, scratch=scratch, snapshot=snapshot) as root:
        (root / WORK.lstrip("/")).mkdir(parents=True)
        shutil.copyfile(twin.IN_TWIN, root / twin.CHECK_DIR.lstrip("/") / "in_twin.py")
        result["install_ok"], _ = twin.install_like_the_cell(root, twin.install_cell(twin.notebooks()[0]))
        if not result["install_ok"]:
            result["kernel_failed"] = result["browser_failed"] = ["the install cell failed"]
            return result
        passed, failed, _ = kernel_tests(root)
        result.update(kernel_passed=passed, kernel_failed=failed)
        passed, failed, skipped = browser_tests(root, scratch / "browser.xml")
        result.update(browser_passed=passed, browser_failed=failed,
                      browser_skipped_reason="; ".join(sorted(set(skipped))))
    twin.say(f"widgets: kernel {result['kernel_passed']} passed, {len(result['kernel_failed'])} failed; "
             f"classic Notebook {result['browser_passed']} passed, {len(result['browser_failed'])} failed"
             + (f", skipped: {result['browser_skipped_reason']}" if result["browser_skipped_reason"] else ""))
    return result


def main() -> int:
    rootfs, venv_dir = twin.ensure_twin()
    scratch_root = twin.twin_home() / "runs"
    scratch_root.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch_root) as snapshot, \
            tempfile.TemporaryDirectory(dir=scratch_root) as scratch:
        twin.snapshot_checkout(Path(snapshot))
        result = check_widgets(rootfs, venv_dir, Path(scratch), Path(snapshot))
    print(json.dumps(result, indent=1))
    ok = result["install_ok"] and not result["kernel_failed"] and not result["browser_failed"]
    return 0 if ok and result["kernel_passed"] and result["browser_passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
