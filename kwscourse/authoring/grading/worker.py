"""Grade one submission with otter, in a process of its own; the parent never runs student code.

    python -m kwscourse.authoring.grading.worker SUBMISSION.ipynb AUTOGRADER.zip RESULT.json

``otter run`` (here through ``otter.api.grade_submission``) executes the notebook in a
fresh kernel and runs every test, hidden ones included. This process turns otter's
result into plain JSON for the parent: per question the points and each test's
outcome, and the cells that raised. A kernel that dies is reported, not raised.
The parent enforces the time limit by killing this process and everything it started.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

from kwscourse.exercises import from_otter
from kwscourse.authoring.grading import write_text_atomically

# otter prints its own progress; the parent keeps this process's output in a log.
os.environ.setdefault("MPLBACKEND", "Agg")


def _questions(results) -> dict:
    out = {}
    for name, test_file in sorted(results.results.items()):
        check = from_otter(test_file)
        out[name] = {"score": check.score, "possible": check.possible,
                     "cases": [asdict(case) for case in check.cases]}
    return out


def _cell_errors(notebook) -> list[dict]:
    errors = []
    for index, cell in enumerate(getattr(notebook, "cells", []) or []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") == "error":
                errors.append({"cell": cell.get("id", str(index)), "error": output.get("ename", "")})
    return errors


def grade(submission: str, autograder: str) -> dict:
    """Grade ``submission`` with the otter autograder zip; a dict of plain values.

    ``status`` is ``"ok"`` (with ``questions`` and ``cell_errors``), or ``"error"`` /
    ``"malformed"`` with a ``reason`` when the kernel died or otter refused the notebook.

    Examples
    --------
    >>> grade("missing.ipynb", "missing.zip")
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: 'missing.zip'
    """
    import otter.api
    from nbclient.exceptions import DeadKernelError

    from otter.run.run_autograder.utils import OtterRuntimeError

    try:
        results = otter.api.grade_submission(submission, autograder, quiet=True)
    except DeadKernelError:
        return {"status": "error", "reason": "kernel_died"}
    except OtterRuntimeError as err:
        return {"status": "malformed", "reason": "otter_refused", "detail": str(err)[:300]}
    return {"status": "ok", "questions": _questions(results), "cell_errors": _cell_errors(results.notebook)}


def main(argv=None) -> int:
    """Grade, then write the result as JSON; every failure becomes a result, so the exit status is 0.

    Examples
    --------
    >>> import pathlib
    >>> result = pathlib.Path(tmp()) / "result.json"
    >>> main(["missing.ipynb", "missing.zip", str(result)])
    0
    >>> json.loads(result.read_text())["reason"]
    'grader_crashed'
    """
    submission, autograder, result_path = (argv or sys.argv[1:])[:3]
    try:
        result = grade(submission, autograder)
    except Exception as err:  # reported to the parent as one row, never raised past it
        result = {"status": "error", "reason": "grader_crashed", "detail": f"{type(err).__name__}: {err}"[:300]}
    write_text_atomically(result_path, json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
