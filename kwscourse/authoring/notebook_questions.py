"""The rules an exercise set's questions follow, checked before ``otter assign`` runs.

An autograded question holds a solution, at least one public test and at least one
hidden test, and no code after its tests. A question graded by hand (``manual``)
holds exactly one ``answer`` cell (the grading guide) and nothing to run: no
solution, no test. See :mod:`kwscourse.authoring.notebook_source` for the syntax.

    >>> from kwscourse.authoring.notebook_source import parse_text
    >>> cells = parse_text("<!-- question: q6 manual points=2 -->\\n<!-- answer: a -->\\n"
    ...                    "<!-- en -->\\nSays why.\\n<!-- es -->\\nDice por qué.\\n<!-- end: q6 -->\\n")
    >>> check_questions(cells, "x.md")
    >>> manual_questions(cells)
    {'q6': {'points': 2.0, 'answer': 'a'}}
"""

from __future__ import annotations

from .notebook_source import Cell, SourceError


def _close(question: Cell, parts: dict[str, int], name: str) -> None:
    """Refuse a question that lacks what its kind needs."""
    label = question.cell_id
    if question.manual:
        if parts["solution"] or parts["test"] or parts["answer"] != 1:
            raise SourceError(f"{name}: manual question {label!r} needs exactly one answer cell, "
                              "and no solution or test")
    elif parts["answer"]:
        raise SourceError(f"{name}: answer cell in {label!r}, which is not a manual question")
    elif not parts["solution"] or not parts["public"] or parts["test"] == parts["public"]:
        raise SourceError(f"{name}: question {label!r} needs a solution, a public test "
                          "and a hidden test")


def check_questions(cells: list[Cell], name: str) -> None:
    """Check that every question of an exercise source is well made and closed.

    Parameters
    ----------
    cells : list of Cell
        The parsed source.
    name : str
        The file's name, for error messages.

    Raises
    ------
    SourceError
        For a question left open or nested, a part outside any question, or a question
        without what its kind needs.

    Examples
    --------
    >>> from kwscourse.authoring.notebook_source import parse_text
    >>> check_questions(parse_text("<!-- question: q6 manual -->\\n<!-- end: q6 -->\\n"), "x.md")
    Traceback (most recent call last):
    ...
    kwscourse.authoring.notebook_source.SourceError: x.md: manual question 'q6' needs exactly one answer cell, and no solution or test
    """
    question: Cell | None = None
    seen: set[str] = set()
    parts: dict[str, int] = {}
    for cell in cells:
        if cell.kind == "question":
            if question is not None:
                raise SourceError(f"{name}: question {cell.cell_id!r} starts inside {question.cell_id!r}")
            if cell.cell_id in seen:
                raise SourceError(f"{name}: question {cell.cell_id!r} appears twice")
            question, parts = cell, {"solution": 0, "test": 0, "public": 0, "answer": 0}
            seen.add(cell.cell_id)
        elif cell.kind == "end":
            if question is None or cell.cell_id != question.cell_id:
                open_one = question.cell_id if question else None
                raise SourceError(f"{name}: <!-- end: {cell.cell_id} --> does not close {open_one!r}")
            _close(question, parts, name)
            question = None
        elif cell.kind in ("solution", "test", "answer"):
            if question is None:
                raise SourceError(f"{name}: {cell.kind} {cell.cell_id!r} lies outside a question")
            parts[cell.kind] += 1
            parts["public"] += cell.kind == "test" and not cell.hidden
        elif cell.kind == "code" and question is not None and parts["test"]:
            raise SourceError(f"{name}: code cell {cell.cell_id!r} after the tests of {question.cell_id!r}")
    if question is not None:
        raise SourceError(f"{name}: question {question.cell_id!r} is never closed")


def manual_questions(cells: list[Cell]) -> dict[str, dict]:
    """The questions graded by hand: name -> its ``points`` and the id of its ``answer`` cell.

    Examples
    --------
    >>> from kwscourse.authoring.notebook_source import parse_text
    >>> manual_questions(parse_text("<!-- code: a -->\\nx = 1\\n"))
    {}
    """
    found: dict[str, dict] = {}
    question = None
    for cell in cells:
        if cell.kind == "question":
            question = cell if cell.manual else None
        elif cell.kind == "answer" and question is not None:
            found[question.cell_id] = {"points": question.points, "answer": cell.cell_id}
    return found
