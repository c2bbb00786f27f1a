"""Colab as a target: the package's requirements admit Colab's preinstalled versions, the
install cells add and never replace, and the twin's own logic (tools/colab_twin.py).

`make colab-check` builds the twin and runs the notebooks in it; these tests are the fast,
offline part that `make test` runs on every machine.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from httpserver import free_port_url

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("colab_twin", ROOT / "tools" / "colab_twin.py")
twin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(twin)

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
COLAB = twin.read_freeze(twin.FREEZE.read_text())


def requirements(*extras: str) -> list[Requirement]:
    """The package's own requirements and those of ``extras``, other kwscourse extras left out."""
    texts = PYPROJECT["project"]["dependencies"] + [
        r for extra in extras for r in PYPROJECT["project"]["optional-dependencies"][extra]]
    return [req for req in map(Requirement, texts) if req.name != "kwscourse"]


def colab_version(name: str) -> str | None:
    entry = COLAB.get(twin.normalize(name))
    return entry[1] if entry else None


# --- what the install cells ask of Colab ------------------------------------------------
def test_the_copy_of_colabs_freeze_is_dated_and_has_python_313_versions():
    head = twin.FREEZE.read_text().splitlines()[:3]
    assert any("googlecolab/backend-info" in line for line in head)
    assert any("copied:" in line or "on 20" in line for line in head)
    assert "Python 3.13" in twin.OS_INFO.read_text()
    assert colab_version("ipywidgets") == "7.7.1" and colab_version("wrapt") == "2.3.0"
    assert len(COLAB) > 600


@pytest.mark.parametrize("extras", [(), ("hf",), ("exercises",)])
def test_every_requirement_admits_the_version_colab_preinstalls(extras):
    """Otherwise pip would replace Colab's package and the runtime would need a restart."""
    checked = 0
    for req in requirements(*extras):
        version = colab_version(req.name)
        if version is None or (req.marker and not req.marker.evaluate({"sys_platform": "linux",
                                                                        "platform_machine": "x86_64"})):
            continue
        checked += 1
        assert req.specifier.contains(Version(version).public, prereleases=True), (
            f"{req} would replace Colab's {req.name} {version}")
    assert checked >= 10


def test_the_floors_are_colabs_widget_and_shell_versions():
    floors = {req.name: req for req in requirements()}
    for name, colab in (("ipywidgets", "7.7.1"), ("ipython", "7.34.0"), ("traitlets", "5.7.1")):
        assert floors[name].specifier.contains(colab)
        assert not floors[name].specifier.contains("7.0" if name != "traitlets" else "5.0")  # still a floor


def test_python_313_is_allowed_and_declared():
    project = PYPROJECT["project"]
    assert "<" not in project["requires-python"]
    assert "Programming Language :: Python :: 3.13" in project["classifiers"]
    assert not [r for r in requirements("hf", "exercises") if r.name in ("tensorflow-hub", "setuptools")]


def test_otter_is_an_extra_and_the_colab_pin_lies_in_its_range():
    from kwscourse.exercises.build import OTTER_IN_COLAB

    assert "otter-grader" not in {r.name for r in requirements()}
    grading = {r.name: r for r in requirements("grading")}
    pinned = Requirement(OTTER_IN_COLAB)
    assert grading["otter-grader"].specifier.contains(str(next(iter(pinned.specifier)).version))
    # The exercise extra brings what `import otter` needs, at versions Colab accepts.
    assert {"ipylab", "dill", "fica", "python-frontmatter"} <= {r.name for r in requirements("exercises")}


def test_mediapipe_pinned_for_colab_is_one_the_phone_extra_admits():
    from kwscourse.authoring.notebook_source import MEDIAPIPE_IN_COLAB

    phone = {r.name: r for r in requirements("phone")}
    assert phone["mediapipe"].specifier.contains(MEDIAPIPE_IN_COLAB.split("==")[1])
    assert "mediapipe" not in {r.name for r in requirements()}  # its absl-py pin would change Colab's


def test_install_cells_lessons_plain_exercises_with_otter_without_its_pins():
    from kwscourse.exercises.build import exercise_sets
    from kwscourse.authoring.notebook_source import MEDIAPIPE_IN_COLAB

    groups = {pip: sorted(n.relative_to(ROOT).as_posix() for n in members)
              for pip, members in twin.install_groups().items()}
    lessons = sorted(p.stem for p in (ROOT / "notebooks" / "src").glob("*.md"))
    assert sum(map(len, groups.values())) == 2 * (len(lessons) + len(exercise_sets()))  # all, in both languages
    by_stem = {stem: [pip for pip, members in groups.items() if f"notebooks/en/{stem}.ipynb" in members][0]
               for stem in lessons}
    with_mediapipe = (f'%pip install --quiet --no-deps "{MEDIAPIPE_IN_COLAB}"',)
    for stem, pip in by_stem.items():
        assert f"notebooks/es/{stem}.ipynb" in groups[pip]  # both languages install the same
        package = '"kwscourse[hf] @ git+' if stem == "04_huggingface" else '"kwscourse @ git+'
        assert package in pip[0] and pip[1:] == (with_mediapipe if stem in {
            "01_keyword_spotting", "03_transfer_learning"} else ())  # the lessons that run MediaPipe Tasks
    exercise_pips = [pip for pip in groups if '"kwscourse[exercises] @ git+' in pip[0]]
    assert exercise_pips and exercise_pips[0][1] == '%pip install --quiet --no-deps "otter-grader==7.0.0"'
    assert len(groups[exercise_pips[0]]) == 2 * len(exercise_sets())


def test_lessons_never_import_otter():
    """A lesson's install never brings otter, so a lesson must not need it."""
    code = ("import sys, kwscourse; kwscourse.notebook.setup_notebook(language='es'); "
            "kwscourse.ui.widgets; kwscourse.ui.plots; print('otter' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
    for notebook in (ROOT / "notebooks").glob("[a-z][a-z]/0*.ipynb"):
        sources = "".join("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
                          if c["cell_type"] == "code")
        assert not re.search(r"\botter\b|kwscourse\.exercises", sources), notebook.name


# --- the twin's own logic ------------------------------------------------------------------
def test_read_freeze_takes_pins_and_wheel_urls_and_skips_the_rest():
    text = ("# comment\nnumpy==2.1.3\ngoogle-colab @ file:///colabtools/dist/google_colab-1.0.0.tar.gz\n"
            "torch @ https://download.pytorch.org/whl/cpu/torch-2.11.0%2Bcpu-cp313-cp313-manylinux_2_28_x86_64.whl\n"
            "-e git+https://x/y#egg=z\n")
    assert twin.read_freeze(text) == {"numpy": ("numpy", "2.1.3"), "google-colab": ("google-colab", None),
                                      "torch": ("torch", "2.11.0+cpu")}


def test_constraints_drop_local_labels_and_pypi_torchs_cuda_packages():
    text = twin.constraints(twin.read_freeze(
        "torch @ https://x/torch-2.11.0%2Bcpu-cp313-none.whl\nnvidia-nccl-cu13==2.31.2\ntriton==3.2.0\nWrapt==2.3.0\n"))
    assert text.splitlines() == ["torch==2.11.0", "Wrapt==2.3.0"]


def test_compare_counts_replaced_removed_and_wrongly_added_colab_packages():
    colab = {"ipywidgets": ("ipywidgets", "7.7.1"), "ipylab": ("ipylab", "1.1.0")}
    before = {"ipywidgets": ("ipywidgets", "7.7.1"), "wrapt": ("wrapt", "2.3.0"), "six": ("six", "1.17.0")}
    after = {"ipywidgets": ("ipywidgets", "8.1.9"), "wrapt": ("wrapt", "2.3.0"),
             "ipylab": ("ipylab", "1.0.0"), "fica": ("fica", "0.4.1")}
    changed, added = twin.compare(before, after, colab)
    assert changed == ["ipylab 1.1.0 -> 1.0.0", "ipywidgets 7.7.1 -> 8.1.9", "six 1.17.0 -> removed"]
    assert added == ["fica 0.4.1"]
    assert twin.compare(before, dict(before), colab) == ([], [])


def test_the_twin_is_rebuilt_when_the_freeze_changes(tmp_path, monkeypatch):
    freeze = tmp_path / "pip-freeze.txt"
    freeze.write_text("numpy==2.1.3\n")
    monkeypatch.setattr(twin, "FREEZE", freeze)
    first = twin.twin_key()
    assert twin.twin_key() == first
    freeze.write_text("numpy==2.1.4\n")
    assert twin.twin_key() != first


def test_refresh_copies_both_files_dated_from_a_server(tmp_path, server):
    freeze = "tensorflow==2.21.0\nnumpy==2.2.0\n"
    site = server.reset({"pip-freeze.txt": freeze.encode(), "os-info.txt": b"Ubuntu 24.04\nPython 3.13.9\n"})
    base = site.url("").rstrip("/")
    import datetime as dt
    assert twin.refresh(base, tmp_path, today=dt.date(2027, 1, 5)) == 0
    copied = (tmp_path / "pip-freeze.txt").read_text()
    assert copied.endswith(freeze) and "2027-01-05" in copied.splitlines()[1]
    assert twin.read_freeze(copied) == {"tensorflow": ("tensorflow", "2.21.0"), "numpy": ("numpy", "2.2.0")}
    assert (tmp_path / "os-info.txt").read_text().endswith("Python 3.13.9\n")


def test_refresh_changes_nothing_when_a_download_fails(tmp_path):
    (tmp_path / "pip-freeze.txt").write_text("old\n")
    with pytest.raises(OSError):
        twin.refresh(free_port_url("").rstrip("/"), tmp_path)
    assert (tmp_path / "pip-freeze.txt").read_text() == "old\n"
    assert not (tmp_path / "os-info.txt").exists()
