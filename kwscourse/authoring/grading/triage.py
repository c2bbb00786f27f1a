"""Look at a submission before grading it: is it a notebook, in which language, all there?

Nothing here runs the submission: the file is only read as JSON and compared with
the student notebook the exercise set was built into.

    >>> import json, pathlib
    >>> path = pathlib.Path(tmp()) / "a.ipynb"
    >>> _ = path.write_text("not json", encoding="utf-8")
    >>> inspect_file(path, expected=None).problem
    'not_json'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..notebook_source import LANGUAGES

SETUP_LANGUAGE = re.compile(r'setup_notebook\(language="(en|es)"\)')
CHECK_CALL = re.compile(r'grader\.check\("([A-Za-z0-9_]+)"\)')


@dataclass
class Triage:
    """What reading a submission found; ``problem`` stops it from being graded at all.

    >>> Triage(language="es").problem
    ''
    """

    language: str | None = None
    exercises: str | None = None
    problem: str = ""  # "empty", "not_json", "not_notebook", "wrong_set"
    missing: list[str] = field(default_factory=list)  # expected cells that are gone
    reordered: bool = False
    notebook: dict | None = None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def detect_language(notebook: dict) -> str | None:
    """The notebook's language: our metadata, else its setup cell; None when neither says.

    >>> detect_language({"metadata": {"kwscourse": {"language": "es"}}, "cells": []})
    'es'
    """
    meta = (notebook.get("metadata") or {}).get("kwscourse") or {}
    if meta.get("language") in LANGUAGES:
        return meta["language"]
    for cell in notebook.get("cells", []):
        match = SETUP_LANGUAGE.search(_source(cell))
        if match:
            return match.group(1)
    return None


def landmarks(notebook: dict, *, answers_only_tagged: bool = True) -> list[str]:
    """The cells a student may not lose, in order: answer cells by id and the check cells.

    In the built student notebook, otter tags the answer cells (code, or markdown for a
    question graded by hand); in a submission any code or markdown cell may carry an
    answer cell's id (``answers_only_tagged=False``).

    >>> landmarks({"cells": [{"cell_type": "code", "source": 'grader.check("q1")'}]})
    ['q1-check']
    """
    found = []
    for cell in notebook.get("cells", []):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown"):
            continue
        match = cell["cell_type"] == "code" and CHECK_CALL.fullmatch(_source(cell).strip())
        tagged = "otter_answer_cell" in (cell.get("metadata") or {}).get("tags", [])
        if match:
            found.append(f"{match.group(1)}-check")
        elif cell.get("id") and (tagged or not answers_only_tagged):
            found.append(cell["id"])
    return found


def inspect_file(path: Path, expected: dict | None, *, stem: str | None = None) -> Triage:
    """Read ``path`` and compare it with ``expected`` (the built student notebook).

    Examples
    --------
    >>> import pathlib
    >>> expected = {"cells": [{"cell_type": "code", "source": 'grader.check("q1")'}]}
    >>> path = pathlib.Path(tmp()) / "ana.ipynb"
    >>> _ = path.write_text(json.dumps({"metadata": {"kwscourse": {"language": "es"}}, "cells": []}))
    >>> found = inspect_file(path, expected)
    >>> found.language, found.missing
    ('es', ['q1-check'])
    """
    data = Path(path).read_bytes()
    if not data.strip():
        return Triage(problem="empty")
    try:
        notebook = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Triage(problem="not_json")
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return Triage(problem="not_notebook")
    found = Triage(language=detect_language(notebook), notebook=notebook)
    found.exercises = ((notebook.get("metadata") or {}).get("kwscourse") or {}).get("exercises")
    if stem and found.exercises and found.exercises != stem:
        found.problem = "wrong_set"
        return found
    if expected is not None:
        wanted, present = landmarks(expected), landmarks(notebook, answers_only_tagged=False)
        found.missing = [name for name in wanted if name not in present]
        kept = [name for name in present if name in wanted]
        found.reordered = kept != [name for name in wanted if name in kept]
    return found
