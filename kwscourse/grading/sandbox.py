"""Run one submission's grading in a private folder and process group, under a time limit.

The submission is copied alone into a fresh folder (mode 0700) that also holds the
worker's home, temporary and Jupyter runtime folders, so it never sees the
instructor's folder or another student's notebook. The worker runs in a session of
its own; on a time-out, or when it ends, every process carrying this run's token
(the worker, its kernel, and anything the notebook started) is killed.

    >>> folder = private_folder()
    >>> oct(folder.stat().st_mode & 0o777)
    '0o700'
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

TOKEN_VARIABLE = "KWSCOURSE_GRADING_RUN"


def private_folder() -> Path:
    """A new folder only this user can read (``tempfile.mkdtemp`` makes it 0700)."""
    return Path(tempfile.mkdtemp(prefix="kwscourse-grade-"))


def _environment(folder: Path, token: str) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key in ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "SYSTEMROOT")}
    for name in ("home", "tmp", "runtime", "ipython", "data"):
        (folder / name).mkdir()
    env.update({
        "HOME": str(folder / "home"), "TMPDIR": str(folder / "tmp"),
        "JUPYTER_RUNTIME_DIR": str(folder / "runtime"), "IPYTHONDIR": str(folder / "ipython"),
        "KWSCOURSE_DATA": str(folder / "data"), "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3",
        "PYTHONDONTWRITEBYTECODE": "1", TOKEN_VARIABLE: token,
    })
    return env


def _tagged_processes(token: str) -> list:
    import psutil

    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get(TOKEN_VARIABLE) == token:
                found.append(process)
        except (psutil.Error, OSError):
            continue
    return found


def kill_run(process: subprocess.Popen, token: str) -> int:
    """Kill the worker's process group and every process carrying ``token``; how many were alive."""
    import psutil

    victims = _tagged_processes(token)
    groups = {process.pid}
    for victim in victims:
        try:
            groups.add(os.getpgid(victim.pid))
        except (OSError, AttributeError):
            pass
    for group in groups if hasattr(os, "killpg") else ():
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            pass
    for victim in victims:
        try:
            victim.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(victims, timeout=5)
    process.wait()
    return len(victims)


def grade_in_sandbox(submission: Path, autograder: Path, timeout: float) -> dict:
    """Grade ``submission`` in its own folder and process tree; a dict with at least ``status``.

    ``status`` is what the worker found, or ``timeout`` when it ran out of time, or
    ``error`` when the worker died without a result. ``seconds`` is the wall time.
    """
    import time

    folder = private_folder()
    token = uuid.uuid4().hex
    try:
        env = _environment(folder, token)
        copy = folder / "submission.ipynb"
        shutil.copyfile(submission, copy)
        # A copy, so that nothing in the run names where the instructor keeps the build.
        autograder = shutil.copyfile(autograder, folder / "autograder.zip")
        result_file = folder / "result.json"
        start = time.perf_counter()
        with open(folder / "worker.log", "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "kwscourse.grading.worker", str(copy), str(autograder),
                 str(result_file)], cwd=folder, env=env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
            try:
                process.wait(timeout=timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                kill_run(process, token)
        seconds = time.perf_counter() - start
        if timed_out:
            return {"status": "timeout", "reason": "timeout", "seconds": seconds, "limit": timeout}
        if not result_file.is_file():
            return {"status": "error", "reason": "worker_died", "seconds": seconds,
                    "detail": f"exit code {process.returncode}"}
        result = json.loads(result_file.read_text(encoding="utf-8"))
        result["seconds"] = seconds
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)
