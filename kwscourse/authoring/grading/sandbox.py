"""Run one submission's grading in a private folder and process group, under a time limit.

Each submission is copied alone into a fresh folder that also holds the worker's home,
temporary and Jupyter runtime folders. On Linux, where ``unshare`` works, the worker
also gets a mount namespace of its own in which the instructor's folders and every
other submission's folder are covered by empty ones: the notebook can see its own
copy and nothing of its classmates'. The worker runs in a session of its own; on a
time-out, or when it ends, every process carrying this run's token (the worker, its
kernel, and anything the notebook started) is killed.

    >>> with GradingRun() as run:
    ...     oct(run.root.stat().st_mode & 0o777)
    '0o700'
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TOKEN_VARIABLE = "KWSCOURSE_GRADING_RUN"
# Inside the new mount namespace: show our own folder at the view, cover the rest, run.
_ISOLATE = ('set -e; own="$1"; view="$2"; shift 2; mount --bind "$own" "$view"; '
            'while [ "$1" != "--" ]; do if [ -d "$1" ]; then mount -t tmpfs -o size=1m,mode=0700 hidden "$1"; fi; shift; done; '
            'shift; cd "$view"; exec "$@"')


@functools.lru_cache(maxsize=1)
def _unshare_command() -> tuple[str, ...] | None:
    """The ``unshare`` call that gives a private mount namespace here, or None where none works."""
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return None
    with tempfile.TemporaryDirectory() as target:
        for command in (("unshare", "--mount", "--propagation", "private"),
                        ("unshare", "--user", "--map-root-user", "--mount", "--propagation", "private")):
            probe = subprocess.run([*command, "mount", "-t", "tmpfs", "probe", target], capture_output=True)
            if probe.returncode == 0:
                return command
    return None


def isolation_available() -> bool:
    """True where each submission can get its own mount namespace (Linux with ``unshare``).

    Examples
    --------
    >>> isinstance(isolation_available(), bool)
    True
    """
    return _unshare_command() is not None


class GradingRun:
    """The folders of one grading run: one private folder per submission, and their views.

    Use it as a context manager; everything it made is removed at the end. ``hide``
    lists folders (the submissions, the build, the output) no notebook may see.

    Examples
    --------
    >>> with GradingRun() as run:
    ...     own, view = run.folders()
    ...     own.parent.parent == view.parent.parent == run.root
    True
    >>> run.root.exists()
    False
    """

    def __init__(self, hide=()):
        # Never cover the Python that runs the worker, nor the temporary folders themselves.
        needed = [Path(sys.prefix).resolve(), Path(__file__).resolve(), Path(tempfile.gettempdir()).resolve()]
        folders = {Path(p).resolve() for p in hide if p and Path(p).is_dir()}
        folders = {p for p in folders if not any(keep == p or p in keep.parents for keep in needed)}
        # A folder inside another covered one is covered already (and could not be mounted on).
        self.hide = sorted(p for p in folders if not any(other in p.parents for other in folders))

    def __enter__(self) -> "GradingRun":
        self.root = Path(tempfile.mkdtemp(prefix="kwscourse-grade-"))
        (self.root / "own").mkdir(mode=0o700)
        (self.root / "views").mkdir(mode=0o700)
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def folders(self) -> tuple[Path, Path]:
        """A new (own, view) pair: the files, and the path at which the notebook sees them."""
        name = uuid.uuid4().hex
        own, view = self.root / "own" / name, self.root / "views" / name
        own.mkdir(mode=0o700)
        view.mkdir(mode=0o700)
        return own, view


def _environment(own: Path, view: Path, token: str) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key in ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "SYSTEMROOT")}
    for name in ("home", "tmp", "runtime", "ipython", "data"):
        (own / name).mkdir()
    env.update({
        "HOME": str(view / "home"), "TMPDIR": str(view / "tmp"),
        "JUPYTER_RUNTIME_DIR": str(view / "runtime"), "IPYTHONDIR": str(view / "ipython"),
        "KWSCOURSE_DATA": str(view / "data"), "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3",
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
    """Kill the worker's process group and every process carrying ``token``; how many were alive.

    Examples
    --------
    >>> token = uuid.uuid4().hex
    >>> sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
    ...                            env={**os.environ, TOKEN_VARIABLE: token}, start_new_session=True)
    >>> kill_run(sleeper, token), sleeper.poll() is not None  # it was alive, and it is stopped
    (1, True)
    """
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


def _command(run: GradingRun, own: Path, view: Path) -> list[str]:
    worker = [sys.executable, "-m", "kwscourse.authoring.grading.worker", str(view / "submission.ipynb"),
              str(view / "autograder.zip"), str(view / "result.json")]
    unshare = _unshare_command()
    if unshare is None:
        return worker
    covered = [str(run.root / "own"), *map(str, run.hide)]
    return [*unshare, "sh", "-c", _ISOLATE, "sh", str(own), str(view), *covered, "--", *worker]


def grade_in_sandbox(submission: Path, autograder: Path, timeout: float, run: GradingRun | None = None) -> dict:
    """Grade ``submission`` in its own folder and process tree; a dict with at least ``status``.

    ``status`` is what the worker found, or ``timeout`` when it ran out of time, or
    ``error`` when the worker died without a result. ``seconds`` is the wall time.

    Examples
    --------
    >>> folder = Path(tmp())
    >>> for name in ("ana.ipynb", "autograder.zip"):
    ...     _ = (folder / name).write_text("{}")
    >>> result = grade_in_sandbox(folder / "ana.ipynb", folder / "autograder.zip", timeout=0.01)
    >>> result["status"], result["limit"]
    ('timeout', 0.01)
    """
    if run is None:
        with GradingRun() as own_run:
            return grade_in_sandbox(submission, autograder, timeout, own_run)
    own, view = run.folders()
    if _unshare_command() is None:
        view = own  # no namespace: the notebook sees its folder where it really is
    token = uuid.uuid4().hex
    env = _environment(own, view, token)
    shutil.copyfile(submission, own / "submission.ipynb")
    # A copy, so that nothing in the run names where the instructor keeps the build.
    shutil.copyfile(autograder, own / "autograder.zip")
    start = time.perf_counter()
    with open(own / "worker.log", "wb") as log:
        process = subprocess.Popen(_command(run, own, view), cwd=own, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
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
    result_file = own / "result.json"
    if not result_file.is_file():
        last = (own / "worker.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
        return {"status": "error", "reason": "worker_died", "seconds": seconds,
                "detail": "; ".join([f"exit code {process.returncode}", *last])[:300]}
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["seconds"] = seconds
    return result
