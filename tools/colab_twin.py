"""The Colab twin: Colab's Python and preinstalled packages in a Debian chroot, and the check
that installs and runs the course there the way a student's Colab runtime would.

    python tools/colab_twin.py check      build the twin (or reuse it), then for each kind of
                                          install cell: install the checkout exactly as that
                                          cell does, count changed preinstalled packages, and
                                          run its notebooks (smoke mode) to the end; then
                                          the widgets with Colab's ipywidgets
    python tools/colab_twin.py build      only build the twin
    python tools/colab_twin.py refresh    copy Colab's newest pip freeze and OS info into tools/colab/

The twin is Debian 13 (trixie, Python 3.13) with a venv holding tools/colab/twin-packages.txt
at the versions of tools/colab/pip-freeze.txt. It lives in KWSCOURSE_TWIN_HOME (default
/var/cache/kwscourse-colab-twin) and is rebuilt only when the freeze, the package list or the
recipe below change. Each check runs on a throw-away overlay of it. Needs root: debootstrap,
chroot and mount.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLAB_DIR = ROOT / "tools" / "colab"
FREEZE = COLAB_DIR / "pip-freeze.txt"
OS_INFO = COLAB_DIR / "os-info.txt"
TWIN_PACKAGES = COLAB_DIR / "twin-packages.txt"
IN_TWIN = COLAB_DIR / "in_twin.py"
BACKEND_INFO = "https://raw.githubusercontent.com/googlecolab/backend-info/main"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
SUITE = "trixie"  # Debian 13: Python 3.13, as Colab has since 2026-08-19
# Bump when the way the twin is built changes, so old twins are not reused.
RECIPE = "2"
# PyPI's torch of Colab's version stands in for Colab's "+cpu" build, which PyPI lacks. It is
# installed first and unconstrained: its CUDA dependencies are not in Colab's CPU freeze.
TORCH_FAMILY = ("torch", "torchaudio", "torchvision", "torchcodec")
# What PyPI's torch pins for CUDA: left out of the constraints (Colab's CPU freeze has other
# versions of some) and of the version comparison.
CUDA_ONLY = re.compile(r"^(nvidia-|cuda-|triton$)")
VENV = "/opt/colab/venv"
SRC = "/src/kwscourse"  # the checkout, read-only inside the twin
SNAPSHOT = "/src/kwscourse.git"  # a commit of it, which the install cells fetch
REPOSITORY_URL = "git+https://github.com/kwscourse/kwscourse@main"
PIP_QUIET = ["--quiet", "--disable-pip-version-check", "--no-input"]
CHECK_DIR = "/opt/colab/check"  # inside the venv's overlay: thrown away with it
NOTEBOOK_ENV = {"KWSCOURSE_SMOKE": "1", "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3",
                "KWSCOURSE_DATA": f"{CHECK_DIR}/data", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
# Lesson 1's export, saved and reloaded: on Python 3.13 it once failed with wrapt 1.x.
EXPORT_TESTS = "tests/unit/test_models_cli.py -k 'keeps_the_weights or reloaded_export'"
WRAPT_1 = "wrapt==1.17.3"  # what otter-grader's own pins (wrapt<2) gave


def normalize(name: str) -> str:
    """PyPI's normal form of a project name (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_freeze(text: str) -> dict[str, tuple[str, str | None]]:
    """{normal name: (name, version)} of a ``pip freeze``; version None for a git or file URL.

    >>> read_freeze("numpy==2.1.3\\ntorch @ https://x/torch-2.11.0%2Bcpu-cp313-none.whl\\n# c\\n"
    ...             "en-core @ https://x/download/en-core-3.8.0/en_core-3.8.0-py3-none-any.whl\\n")
    {'numpy': ('numpy', '2.1.3'), 'torch': ('torch', '2.11.0+cpu'), 'en-core': ('en-core', '3.8.0')}
    """
    packages = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not line:
            continue
        if "==" in line:
            name, version = (part.strip() for part in line.split("==", 1))
        elif " @ " in line:
            name, url = (part.strip() for part in line.split(" @ ", 1))
            wheel = re.match(r"[^-]+-([0-9][^-]*)-.*\.whl$", url.replace("%2B", "+").rsplit("/", 1)[-1])
            version = wheel.group(1) if wheel else None
        else:
            continue
        packages[normalize(name)] = (name, version)
    return packages


def constraints(freeze: dict) -> str:
    """Colab's freeze as a pip constraints file: pinned versions, local labels ("+cpu") dropped."""
    lines = [f"{name}=={version.split('+')[0]}" for key, (name, version) in freeze.items()
             if version and not CUDA_ONLY.match(key)]
    return "\n".join(sorted(lines, key=str.lower)) + "\n"


def twin_key() -> str:
    """What the twin is built from: the freeze, the package list and the recipe."""
    digest = hashlib.sha256(RECIPE.encode())
    for path in (FREEZE, TWIN_PACKAGES):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def twin_home() -> Path:
    return Path(os.environ.get("KWSCOURSE_TWIN_HOME", "/var/cache/kwscourse-colab-twin"))


def say(message: str) -> None:
    print(f"[colab-twin] {message}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, **kwargs)


def refuse_if_mounted(path: Path) -> None:
    """Never delete a folder with a mount inside: /dev is bound into the chroot."""
    inside = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()
              if line.split()[1].startswith(str(path.resolve()))]
    if inside:
        sys.exit(f"colab-twin: {inside[0]} is still mounted; unmount it (umount -l) first")


# Shared libraries Colab's Ubuntu image has (googlecolab/backend-info, apt-list.txt) that a minimal
# Debian lacks: MediaPipe's native code (EGL, GLES) and Colab's cv2 (opencv-contrib-python's Qt build,
# which MediaPipe imports) link to them.
COLAB_SYSTEM_LIBRARIES = ("libgl1", "libegl1", "libgles2", "libglib2.0-0t64", "libsm6", "libice6", "libx11-6",
                          "libxext6", "libxcb1")


# --- the chroot ------------------------------------------------------------------------
def ensure_rootfs(home: Path) -> Path:
    """Debian trixie with Python 3.13 and git, made once with debootstrap."""
    rootfs = home / "rootfs"
    ready = rootfs / ".kwscourse-ready"
    packages = ",".join(("python3", "python3-venv", "ca-certificates", "git", *COLAB_SYSTEM_LIBRARIES))
    if ready.is_file() and ready.read_text().split()[-1:] == [packages]:
        return rootfs
    if not shutil.which("debootstrap"):
        sys.exit("colab-twin: debootstrap is missing (apt-get install debootstrap)")
    refuse_if_mounted(rootfs)
    shutil.rmtree(rootfs, ignore_errors=True)
    rootfs.parent.mkdir(parents=True, exist_ok=True)
    say(f"debootstrap {SUITE} into {rootfs} (a few minutes, once)")
    run(["debootstrap", "--variant=minbase", f"--include={packages}", SUITE, str(rootfs), DEBIAN_MIRROR],
        stdout=subprocess.DEVNULL)
    ready.write_text(f"{SUITE} {dt.datetime.now(dt.timezone.utc):%Y-%m-%d} {packages}\n")
    return rootfs


def refresh_network_files(rootfs: Path) -> None:
    """pip inside the chroot needs the host's certificates and name server."""
    certs = rootfs / "etc/ssl/certs"
    certs.mkdir(parents=True, exist_ok=True)
    shutil.copyfile("/etc/ssl/certs/ca-certificates.crt", certs / "ca-certificates.crt")
    resolv = rootfs / "etc/resolv.conf"
    if resolv.is_symlink():
        resolv.unlink()
    shutil.copyfile("/etc/resolv.conf", resolv)


@contextlib.contextmanager
def mounted(rootfs: Path, venv_dir: Path, *, scratch: Path | None = None, snapshot: Path | None = None):
    """The twin's root, with /proc, /sys, /dev, the checkout (read-only), the venv and, when
    given, the checkout's ``snapshot`` repository mounted.

    Without ``scratch`` this is the twin itself (to build it). With ``scratch`` (an empty
    folder) both the root and the venv are throw-away overlays whose writes land in it, so
    runs never change the twin and can run side by side.
    """
    targets = []

    def mount(args: list[str], target: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        run(["mount", *args, str(target)])
        targets.append(target)

    def overlay(lower: Path, name: str) -> Path:
        for part in ("upper", "work", "merged"):
            (scratch / name / part).mkdir(parents=True)
        mount(["-t", "overlay", "overlay", "-o", f"lowerdir={lower},upperdir={scratch / name / 'upper'},"
               f"workdir={scratch / name / 'work'}"], scratch / name / "merged")
        return scratch / name / "merged"

    try:
        root = rootfs if scratch is None else overlay(rootfs, "root")
        mount(["-t", "proc", "proc"], root / "proc")
        mount(["-t", "sysfs", "sysfs"], root / "sys")
        mount(["--rbind", "/dev"], root / "dev")
        mount(["--bind", str(ROOT)], root / SRC.lstrip("/"))
        run(["mount", "-o", "remount,bind,ro", str(root / SRC.lstrip("/"))])
        if snapshot is not None:
            mount(["--bind", str(snapshot)], root / SNAPSHOT.lstrip("/"))
        mount(["--bind", str(venv_dir if scratch is None else overlay(venv_dir, "venv"))], root / "opt/colab")
        yield root
    finally:
        for target in reversed(targets):
            subprocess.run(["umount", "-l", str(target)], check=False)


def in_chroot(rootfs: Path, cmd: list[str], *, env: dict | None = None, check: bool = True,
              capture: bool = False) -> subprocess.CompletedProcess:
    """Run ``cmd`` inside the twin with the venv first on PATH and a clean environment."""
    base = {"PATH": f"{VENV}/bin:/usr/local/bin:/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8",
            "VIRTUAL_ENV": VENV, "PIP_ROOT_USER_ACTION": "ignore", "PYTHONDONTWRITEBYTECODE": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            # Colab's pip 24.1 trusts only its own certificates; this host's network needs its own.
            "PIP_CERT": "/etc/ssl/certs/ca-certificates.crt",
            # requests (the course's downloads) trusts certifi's list, which lacks it too.
            "REQUESTS_CA_BUNDLE": "/etc/ssl/certs/ca-certificates.crt",
            "PIP_DEFAULT_TIMEOUT": os.environ.get("PIP_DEFAULT_TIMEOUT", "120")}
    base.update(env or {})
    full = ["chroot", str(rootfs), "/usr/bin/env", "-i", *(f"{k}={v}" for k, v in base.items()), *cmd]
    return subprocess.run(full, check=check, text=True,
                          stdout=subprocess.PIPE if capture else None,
                          stderr=subprocess.STDOUT if capture else None)


# --- the venv with Colab's packages ----------------------------------------------------
def ensure_venv(home: Path, rootfs: Path) -> Path:
    """The venv of Colab's versions, built once per twin key."""
    venv_dir = home / "venvs" / twin_key()
    if (venv_dir / ".ready").is_file():
        say(f"reusing the twin {venv_dir}")
        return venv_dir
    for stale in venv_dir.parent.glob("*") if venv_dir.parent.is_dir() else ():
        if stale != venv_dir:  # a twin of an older freeze: about 8 GB that nothing uses any more
            say(f"removing the old twin {stale}")
            shutil.rmtree(stale)
    venv_dir.mkdir(parents=True, exist_ok=True)  # a build cut short goes on where it stopped
    freeze = read_freeze(FREEZE.read_text())
    (venv_dir / "constraints.txt").write_text(constraints(freeze))
    shutil.copyfile(TWIN_PACKAGES, venv_dir / "twin-packages.txt")
    started = time.monotonic()
    with mounted(rootfs, venv_dir):
        pip = [f"{VENV}/bin/python", "-m", "pip", "install", *PIP_QUIET]
        say("venv with Colab's pip")
        in_chroot(rootfs, ["python3", "-m", "venv", VENV])
        in_chroot(rootfs, [*pip, f"pip=={freeze['pip'][1]}"])
        torch = freeze["torch"][1].split("+")[0]
        say(f"torch=={torch} (PyPI's build stands in for Colab's +cpu)")
        in_chroot(rootfs, [*pip, f"torch=={torch}"])
        say("Colab's packages at Colab's versions (several minutes)")
        in_chroot(rootfs, [*pip, "-c", "/opt/colab/constraints.txt", "-r", "/opt/colab/twin-packages.txt"])
        listed = in_chroot(rootfs, [f"{VENV}/bin/python", "-m", "pip", "list", "--format=freeze",
                                    "--disable-pip-version-check"], capture=True).stdout
    installed = read_freeze(listed)
    differ = sorted(f"{installed[n][0]} {installed[n][1]} (Colab {v})" for n, (_, v) in freeze.items()
                    if n in installed and v and installed[n][1] != v
                    and n not in TORCH_FAMILY and not CUDA_ONLY.match(n))
    if differ:
        sys.exit("colab-twin: the twin's versions differ from Colab's: " + ", ".join(differ))
    (venv_dir / ".ready").write_text(json.dumps({
        "built": f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M}",
        "minutes": round((time.monotonic() - started) / 60, 1),
        "packages": len(installed)}) + "\n")
    say(f"twin ready: {len(installed)} packages in {(time.monotonic() - started) / 60:.1f} min")
    return venv_dir


def ensure_twin() -> tuple[Path, Path]:
    if os.geteuid() != 0:
        sys.exit("colab-twin: needs root (debootstrap, chroot and mount)")
    home = twin_home()
    rootfs = ensure_rootfs(home)
    refresh_network_files(rootfs)
    return rootfs, ensure_venv(home, rootfs)



# --- the check ---------------------------------------------------------------------------
def notebooks() -> list[Path]:
    """Every lesson and exercise notebook, both languages."""
    return sorted((ROOT / "notebooks").glob("[a-z][a-z]/*.ipynb")) + \
        sorted((ROOT / "notebooks").glob("[a-z][a-z]/exercises/*.ipynb"))


def install_cell(notebook: Path) -> str:
    """The code of a notebook's install cell (cell id ``install``)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell.get("id") == "install":
            source = cell["source"]
            return "".join(source) if isinstance(source, list) else source
    sys.exit(f"colab-twin: {notebook.relative_to(ROOT)} has no install cell")


def pip_lines(cell: str) -> tuple[str, ...]:
    """The ``%pip install`` lines of an install cell: what makes two cells install the same."""
    return tuple(line.strip() for line in cell.splitlines() if line.strip().startswith("%pip "))


def install_groups() -> dict[tuple[str, ...], list[Path]]:
    """Notebooks grouped by what their install cell installs, in the order first met."""
    groups: dict[tuple[str, ...], list[Path]] = {}
    for notebook in notebooks():
        groups.setdefault(pip_lines(install_cell(notebook)), []).append(notebook)
    return groups


def snapshot_checkout(bare: Path) -> None:
    """Commit the checkout as it is (uncommitted and untracked files too, ignored ones not) to
    branch ``colab-check`` of a new bare repository, which the install cells then fetch."""
    git = ["git", f"--git-dir={bare}", f"--work-tree={ROOT}", "-c", "user.name=colab-check",
           "-c", "user.email=colab-check@localhost"]
    env = dict(os.environ, GIT_INDEX_FILE=str(bare / "snapshot-index"))
    run(["git", "init", "--quiet", "--bare", str(bare)])
    run([*git, "add", "--all", "."], env=env)
    run([*git, "commit", "--quiet", "-m", "the checkout, as make colab-check found it"], env=env)
    run([*git, "branch", "--quiet", "-f", "colab-check", "HEAD"], env=env)


def pip_freeze(rootfs: Path) -> dict:
    listed = in_chroot(rootfs, [f"{VENV}/bin/python", "-m", "pip", "list", "--format=freeze",
                                "--disable-pip-version-check"], capture=True).stdout
    return read_freeze(listed)


def compare(before: dict, after: dict, colab: dict) -> tuple[list[str], list[str]]:
    """(changed, added): Colab packages whose version the install changed, and new packages.

    A package the twin lacks but Colab has counts as changed when it arrives at another version.

    >>> compare({"a": ("a", "1")}, {"a": ("a", "2"), "b": ("b", "1"), "c": ("c", "3")}, {"c": ("c", "4")})
    (['a 1 -> 2', 'c 4 -> 3'], ['b 1'])
    """
    changed = [f"{before[n][0]} {before[n][1]} -> {after.get(n, (None, 'removed'))[1]}"
               for n in before if after.get(n, (None, None))[1] != before[n][1]]
    added = []
    for n in after.keys() - before.keys():
        name, version = after[n]
        if n in colab and colab[n][1] and colab[n][1].split("+")[0] != version.split("+")[0]:
            changed.append(f"{name} {colab[n][1]} -> {version}")
        elif n not in colab:
            added.append(f"{name} {version}")
    return sorted(changed, key=str.lower), sorted(added, key=str.lower)


def install_like_the_cell(root: Path, cell: str) -> tuple[bool, float]:
    """Run an install cell in the twin as Colab would; (the package arrived, seconds)."""
    work = root / CHECK_DIR.lstrip("/")
    (work / "install_cell.py").write_text(
        cell.replace(REPOSITORY_URL, f"git+file://{SNAPSHOT}@colab-check"), encoding="utf-8")
    started = time.monotonic()
    done = in_chroot(root, [f"{VENV}/bin/python", f"{CHECK_DIR}/in_twin.py", "install",
                            f"{CHECK_DIR}/install_cell.py"], check=False)
    # %pip reports a failed install without failing the cell, as in Colab: look for the package.
    return done.returncode == 0 and "kwscourse" in pip_freeze(root), time.monotonic() - started


def run_notebooks(root: Path, members: list[Path]) -> list[dict]:
    """Run notebooks top to bottom in smoke mode inside the twin; one result each."""
    work = root / CHECK_DIR.lstrip("/")
    inside = []
    for notebook in members:
        relative = notebook.relative_to(ROOT / "notebooks")
        (work / "notebooks" / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, work / "notebooks" / relative)
        inside.append(f"{CHECK_DIR}/notebooks/{relative}")
    in_chroot(root, [f"{VENV}/bin/python", f"{CHECK_DIR}/in_twin.py", "run", f"{CHECK_DIR}/results.json",
                     *inside], env=NOTEBOOK_ENV, check=False)
    results = json.loads((work / "results.json").read_text()) if (work / "results.json").is_file() else []
    by_path = {r["notebook"]: r for r in results}
    return [{**by_path.get(path, {"ok": False, "error": "no result"}), "notebook": str(notebook.relative_to(ROOT))}
            for notebook, path in zip(members, inside)]


def export_under_each_wrapt(root: Path) -> dict[str, str]:
    """Lesson 1's SavedModel export tests with Colab's wrapt, then with wrapt 1.x."""
    outcomes = {}
    for requirement in (None, WRAPT_1):
        if requirement:
            in_chroot(root, [f"{VENV}/bin/python", "-m", "pip", "install", *PIP_QUIET, requirement])
        version = pip_freeze(root)["wrapt"][1]
        tests = in_chroot(root, ["sh", "-c", f"cd {SRC} && python -m pytest -q -p no:cacheprovider "
                                 f"{EXPORT_TESTS}"], env=NOTEBOOK_ENV, check=False, capture=True)
        outcomes[f"wrapt {version}"] = (tests.stdout.strip().splitlines() or ["no output"])[-1]
        say(f"lesson 1 export, wrapt {version}: {outcomes[f'wrapt {version}']}")
        outcomes["ok"] = outcomes.get("ok", True) and tests.returncode == 0
    return outcomes


def check_group(rootfs: Path, venv_dir: Path, pip: tuple[str, ...], members: list[Path],
                snapshot: Path, scratch: Path, *, export_tests: bool) -> dict:
    """Install one kind of install cell into a fresh overlay, then run its notebooks."""
    with mounted(rootfs, venv_dir, scratch=scratch, snapshot=snapshot) as root:
        (root / CHECK_DIR.lstrip("/")).mkdir()  # inside the overlay: thrown away with it
        shutil.copyfile(IN_TWIN, root / CHECK_DIR.lstrip("/") / "in_twin.py")
        before = pip_freeze(root)
        installed, seconds = install_like_the_cell(root, install_cell(members[0]))
        changed, added = compare(before, pip_freeze(root), read_freeze(FREEZE.read_text()))
        say(f"{' / '.join(pip)}: {seconds:.0f} s, {len(changed)} changed, adds {', '.join(added) or 'nothing'}")
        for line in changed:
            say(f"  changed: {line}")
        results = run_notebooks(root, members) if installed else []
        export = export_under_each_wrapt(root) if installed and export_tests else {}
    return {"pip": list(pip), "install_seconds": round(seconds, 1), "install_ok": installed,
            "changed": changed, "added": added, "notebooks": len(members),
            "ran": sum(r["ok"] for r in results), "results": results, "export": export}


def check() -> int:
    from colab.widgets_check import check_widgets  # here: it imports this module

    rootfs, venv_dir = ensure_twin()
    scratch_root = twin_home() / "runs"
    scratch_root.mkdir(exist_ok=True)
    reports = []
    with tempfile.TemporaryDirectory(dir=scratch_root) as snapshot:
        snapshot_checkout(Path(snapshot))
        for index, (pip, members) in enumerate(install_groups().items()):
            with tempfile.TemporaryDirectory(dir=scratch_root) as scratch:
                reports.append(check_group(rootfs, venv_dir, pip, members, Path(snapshot), Path(scratch),
                                           export_tests=index == 0))
        with tempfile.TemporaryDirectory(dir=scratch_root) as scratch:
            widgets = check_widgets(rootfs, venv_dir, Path(scratch), Path(snapshot))
    (twin_home() / "last-check.json").write_text(json.dumps({"groups": reports, "widgets": widgets}, indent=1))
    changed = sorted({line for r in reports for line in r["changed"]})
    total, ran = sum(r["notebooks"] for r in reports), sum(r["ran"] for r in reports)
    for report in reports:
        for result in report["results"]:
            if not result["ok"]:
                say(f"did not run to the end: {result['notebook']}: {result.get('error', '')}")
    widgets_ok = (widgets["install_ok"] and not widgets["kernel_failed"] and not widgets["browser_failed"]
                  and widgets["kernel_passed"] > 0 and widgets["browser_passed"] > 0)
    print(f"colab-check: {len(changed)} packages changed; {ran}/{total} notebooks ran to the end; widgets "
          f"{widgets['kernel_passed']} kernel and {widgets['browser_passed']} classic-Notebook tests passed, "
          f"{len(widgets['kernel_failed']) + len(widgets['browser_failed'])} failed", flush=True)
    passed = (not changed and ran == total and all(r["install_ok"] for r in reports) and widgets_ok
              and all(r["export"].get("ok", True) for r in reports))
    return 0 if passed else 1


# --- refreshing the copy of Colab's freeze -----------------------------------------------
def refresh(base_url: str = BACKEND_INFO, out_dir: Path = COLAB_DIR, today: dt.date | None = None) -> int:
    """Copy Colab's newest ``pip-freeze.txt`` and ``os-info.txt`` into ``out_dir``, dated.

    Both files are fetched before either is written, so a failed download changes nothing.
    """
    today = today or dt.date.today()
    fetched = {}
    for name in (FREEZE.name, OS_INFO.name):
        with urllib.request.urlopen(f"{base_url}/{name}", timeout=60) as response:
            fetched[name] = response.read().decode("utf-8")
    if not read_freeze(fetched[FREEZE.name]).get("tensorflow"):
        sys.exit(f"colab-twin: {base_url}/{FREEZE.name} does not look like Colab's pip freeze")
    for name, text in fetched.items():
        header = (f"# Copied from {base_url}/{name}\n"
                  f"# on {today:%Y-%m-%d} by `make colab-freeze`; the twin rebuilds when this file changes.\n")
        (out_dir / name).write_text(header + text, encoding="utf-8")
    say(f"{FREEZE.name}: {len(read_freeze(fetched[FREEZE.name]))} packages, copied {today:%Y-%m-%d}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build", "check", "refresh"])
    args = parser.parse_args(argv)
    if args.command == "build":
        ensure_twin()
        return 0
    if args.command == "refresh":
        return refresh()
    return check()


if __name__ == "__main__":
    sys.exit(main())
