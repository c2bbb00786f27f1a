"""Purpose-made submissions for the grading tests and the benchmark.

Each is what a student could hand in: the built student notebook, with the reference
answers pasted into the answer cells, then broken in one known way.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

STEM = "01_keyword_spotting"
# Lesson 1, question 1, padded at the end instead of centred: of its four tests only
# "length" and "values" pass, so the notebook scores 14 of 16.
END_PADDED = ("def centre_one_second(clip, length=SAMPLE_RATE):\n"
              "    clip = np.asarray(clip, dtype=np.float32)[:length]\n"
              "    return np.pad(clip, (0, length - len(clip)))")
FULL_MARKS = 16.0


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _code_cell(source: str, cell_id: str) -> dict:
    return {"cell_type": "code", "id": cell_id, "metadata": {}, "execution_count": None,
            "outputs": [], "source": source}


def answered(build_dir: Path, lang: str, stem: str = STEM) -> dict:
    """The student notebook with every answer cell filled in from the solutions."""
    student = _load(build_dir / lang / "student" / f"{stem}.ipynb")
    solutions = {cell.get("id"): cell["source"] for cell in
                 _load(build_dir / lang / "solutions" / f"{stem}.ipynb")["cells"]}
    for cell in student["cells"]:
        if "otter_answer_cell" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = solutions[cell["id"]]
    return student


def _with_cell_after_setup(notebook: dict, source: str, cell_id: str) -> dict:
    notebook = copy.deepcopy(notebook)
    at = next(i for i, cell in enumerate(notebook["cells"]) if cell.get("id") == "setup") + 1
    notebook["cells"].insert(at, _code_cell(source, cell_id))
    return notebook


def kinds(build_dir: Path, lang: str) -> dict[str, object]:
    """Every kind of submission the grader must cope with: name -> notebook dict, or raw bytes."""
    good = answered(build_dir, lang)
    partly = copy.deepcopy(good)
    next(c for c in partly["cells"] if c.get("id") == "q1-answer")["source"] = END_PADDED
    deleted = copy.deepcopy(good)
    deleted["cells"] = [c for c in deleted["cells"] if c.get("id") != "q3-answer"]
    reordered = copy.deepcopy(good)
    ids = [c.get("id") for c in reordered["cells"]]
    first, second = ids.index("q1-answer"), ids.index("q2-answer")
    cells = reordered["cells"]
    cells[first], cells[second] = cells[second], cells[first]
    return {
        "correct": good,
        "partly_wrong": partly,
        "unanswered": _load(build_dir / lang / "student" / f"{STEM}.ipynb"),
        "raising": _with_cell_after_setup(good, "1 / 0", "oops"),
        "endless": _with_cell_after_setup(good, "while True:\n    pass", "spin"),
        "kills_kernel": _with_cell_after_setup(good, "import os\nos._exit(1)", "bye"),
        "cells_deleted": deleted,
        "reordered": reordered,
        "empty": b"",
        "not_json": "this is not a notebook {".encode("utf-8"),
    }


# What grading each kind must give: (status, score).
EXPECTED = {
    "correct": ("ok", FULL_MARKS),
    "partly_wrong": ("ok", 14.0),
    "unanswered": ("ok", 0.0),
    "raising": ("error", FULL_MARKS),
    "endless": ("timeout", 0.0),
    "kills_kernel": ("error", 0.0),
    "cells_deleted": ("malformed", 13.0),
    "reordered": ("malformed", FULL_MARKS),
    "empty": ("malformed", 0.0),
    "not_json": ("malformed", 0.0),
}


def write(notebook, path: Path) -> Path:
    """Write one submission (a notebook dict, or raw bytes for the broken files)."""
    if isinstance(notebook, bytes):
        path.write_bytes(notebook)
    else:
        path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def class_folder(build_dir: Path, folder: Path, languages=("en", "es")) -> Path:
    """One file per kind and language, named ``<lang>_<kind>.ipynb``."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang in languages:
        for name, notebook in kinds(build_dir, lang).items():
            write(notebook, folder / f"{lang}_{name}.ipynb")
    return folder
