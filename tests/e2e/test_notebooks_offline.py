"""Lessons 2 and 3 on a machine with no network and no ../shared/realdata, in smoke mode.

Every download fails at once (the proxies point at a closed port), so the lessons
must run on stand-ins the package makes itself, and must say so.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def run_offline(stem: str, tmp_path: Path, monkeypatch, lang: str = "en") -> dict[str, str]:
    from nbclient import NotebookClient

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("KWSCOURSE_DATA", str(tmp_path / "empty_cache"))
    monkeypatch.setenv("KWSCOURSE_SMOKE", "1")
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)  # let the kernel capture fd 2
    nb = nbformat.read(ROOT / "notebooks" / lang / f"{stem}.ipynb", as_version=4)
    # As nbval does: cells that need a real microphone are skipped.
    nb.cells = [c for c in nb.cells if "nbval-skip" not in c.get("metadata", {}).get("tags", [])]
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    stderr = [cell.id for cell in nb.cells for out in cell.get("outputs", []) if out.get("name") == "stderr"]
    assert stderr == [], f"cells wrote to stderr: {stderr}"
    return {cell.id: "".join(out.get("text", "") for out in cell.get("outputs", []))
            for cell in nb.cells if cell.cell_type == "code"}


def test_lesson2_offline_uses_labelled_stand_ins(tmp_path, monkeypatch):
    text = run_offline("02_yamnet", tmp_path, monkeypatch)
    assert "STAND-IN MODEL" in text["load"]
    assert "STAND-IN DATA: the real example clips could not be downloaded" in text["top5"]


def test_lesson3_offline_uses_labelled_stand_ins(tmp_path, monkeypatch):
    text = run_offline("03_transfer_learning", tmp_path, monkeypatch)
    assert "STAND-IN DATA: 80 synthetic 5-second clips" in text["data"]
    assert "STAND-IN MODEL" in text["yamnet"]
    assert "clip accuracy on fold 5" in text["evaluate"]


def test_lesson3_offline_says_so_in_spanish(tmp_path, monkeypatch):
    text = run_offline("03_transfer_learning", tmp_path, monkeypatch, lang="es")
    assert "DATOS SUSTITUTOS: 80 clips sintéticos de 5 segundos" in text["data"]
    assert "STAND-IN" not in text["data"]
