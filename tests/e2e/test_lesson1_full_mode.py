"""Lesson 1 in full mode (no smoke) runs end to end on real recordings.

The real mini Speech Commands cannot be downloaded here, so the test puts the 80
real clips of ../shared/realdata into a private cache exactly where a first
download would have extracted them, then runs the English notebook.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_lesson1_full_mode_on_real_clips(realdata, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    source = realdata / "speech_commands_sample" / "v0.01_vinsis"
    cache = tmp_path / "data"
    folder = cache / "mini_speech_commands"
    for word in ("down", "go", "left", "no", "right", "stop", "up", "yes"):
        shutil.copytree(source / word, folder / word)
    (folder / "README.md").write_text("mini Speech Commands (test copy)\n")
    (folder / ".complete").touch()

    monkeypatch.setenv("KWSCOURSE_DATA", str(cache))
    monkeypatch.setenv("KWSCOURSE_SMOKE", "0")
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    nb = nbformat.read(ROOT / "notebooks" / "en" / "01_keyword_spotting.ipynb", as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    text = {cell.id: "".join(out.get("text", "") for out in cell.get("outputs", []))
            for cell in nb.cells if cell.cell_type == "code"}
    assert "mode=full (real data)" in text["setup"]
    assert "Real data: mini Speech Commands" in text["get-data"]
    # The cell that wants a recording says its stand-in plainly; nothing else is a stand-in.
    real_part = [c for c in text if c != "classify-recording"]
    assert "STAND-IN" not in "".join(text[c] for c in real_part)
    assert "Nothing was recorded" in text["classify-recording"]
    assert "   yes: 10 clips" in text["get-data"]
    assert "Epoch 1/10" in text["train"]
    assert "largest score difference 0.00e+00" in text["export"]
    stderr = [cell.id for cell in nb.cells for out in cell.get("outputs", [])
              if out.get("name") == "stderr"]
    assert stderr == []
    assert (cache / "models" / "lesson1_kws" / "saved_model.pb").is_file()
