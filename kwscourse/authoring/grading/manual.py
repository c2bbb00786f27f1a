"""Questions graded by hand: their points, each student's free-text answer, one sheet per question.

otter grades these questions no more than it runs them: they have no tests. The built
student notebook's metadata names them (``kwscourse.manual``: question -> its points
and the id of its answer cell). Grading reads each submission's answer cell as it is,
without running anything, together with any cells the student added right after it,
so that nothing a student wrote is lost. The grades CSV shows the question as
ungraded with its points, and each question gets a Markdown sheet beside the CSV:
the grading guide, then every submission's answer.

    >>> student = {"metadata": {"kwscourse": {"manual": {"q6": {"points": 2, "answer": "q6-a"}}}},
    ...            "cells": [{"cell_type": "markdown", "id": "q6-a", "source": "_Write here._"}]}
    >>> manual_questions(student)
    {'q6': {'points': 2.0, 'answer': 'q6-a'}}
"""

from __future__ import annotations

from pathlib import Path

from ...i18n import t


def manual_questions(student: dict) -> dict[str, dict]:
    """The questions graded by hand in a built student notebook (a JSON dict): name -> points, answer id.

    >>> manual_questions({"metadata": {}, "cells": []})
    {}
    """
    found = ((student.get("metadata") or {}).get("kwscourse") or {}).get("manual") or {}
    return {name: {"points": float(info["points"]), "answer": str(info["answer"])} for name, info in found.items()}


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return ("".join(source) if isinstance(source, list) else str(source)).strip()


def answer_text(submission: dict, student: dict, cell_id: str) -> str:
    """What a submission wrote for the answer cell ``cell_id``: that cell's text, then that of
    every cell the student added right after it. The untouched placeholder counts as no answer.

    Parameters
    ----------
    submission : dict
        The submitted notebook, as JSON.
    student : dict
        The built student notebook of the same set and language.
    cell_id : str
        The answer cell's id.

    Returns
    -------
    str
        The answer, or ``""`` when there is none (cell missing, or left as it was given).

    Examples
    --------
    >>> student = {"cells": [{"id": "a", "source": "_Write here._"}, {"id": "b", "source": "next"}]}
    >>> mine = {"cells": [{"id": "a", "source": "Because the vowel"}, {"id": "x1", "source": "is shared."},
    ...                   {"id": "b", "source": "next"}]}
    >>> answer_text(mine, student, "a")
    'Because the vowel\\n\\nis shared.'
    >>> answer_text(student, student, "a")
    ''
    """
    given = {cell.get("id"): _source(cell) for cell in student.get("cells", [])}
    cells = [c for c in submission.get("cells", []) if isinstance(c, dict)]
    at = next((i for i, cell in enumerate(cells) if cell.get("id") == cell_id), None)
    if at is None:
        return ""
    parts = [_source(cells[at])] if _source(cells[at]) != given.get(cell_id) else []
    for cell in cells[at + 1:]:
        if cell.get("id") in given:
            break
        parts.append(_source(cell))
    return "\n\n".join(part for part in parts if part)


def submission_answers(submission: dict | None, student: dict) -> dict[str, dict]:
    """Every manual question of ``student`` with its points and the submission's answer.

    >>> student = {"metadata": {"kwscourse": {"manual": {"q6": {"points": 2, "answer": "a"}}}}, "cells": []}
    >>> submission_answers(None, student)
    {'q6': {'points': 2.0, 'answer': ''}}
    """
    return {name: {"points": info["points"],
                   "answer": answer_text(submission, student, info["answer"]) if submission else ""}
            for name, info in manual_questions(student).items()}


def ungraded_cell(points: float) -> str:
    """The grades CSV's entry for a question graded by hand: ungraded, with its points.

    >>> ungraded_cell(2.0)
    'ungraded (2 points)'
    """
    return f"ungraded ({points:g} points)"


def answer_sheet(rows, stem: str, question: str, points: float, guide: str, lang: str) -> str:
    """The Markdown an instructor grades ``question`` from: the guide, then each row's answer.

    Examples
    --------
    >>> from kwscourse.authoring.grading import GradeRow
    >>> row = GradeRow("ana.ipynb", "es", "ok", manual={"q6": {"points": 2, "answer": "Porque..."}})
    >>> print(answer_sheet([row], "01_x", "q6", 2, "Names a pair.", "en"))
    # 01_x · q6: answers to grade by hand (2 points)
    <BLANKLINE>
    ## Grading guide
    <BLANKLINE>
    Names a pair.
    <BLANKLINE>
    ## ana.ipynb (es, ok)
    <BLANKLINE>
    Porque...
    <BLANKLINE>
    """
    lines = [t("grading.answers_title", lang=lang, stem=stem, question=question, points=points), "",
             t("grading.answers_guide", lang=lang), "", guide.strip()]
    for row in rows:
        answer = (row.manual.get(question) or {}).get("answer", "")
        lines += ["", f"## {row.file} ({row.language or '?'}, {row.status})", "",
                  answer or t("grading.answers_none", lang=lang)]
    return "\n".join(lines) + "\n"


def write_answer_sheets(rows, stem: str, folder, lang: str) -> list[Path]:
    """Write one answer sheet per manual question of ``stem`` into ``folder``, guides in ``lang``.

    Examples
    --------
    >>> [p.name for p in write_answer_sheets([], "01_keyword_spotting", tmp(), "en")]
    ['01_keyword_spotting-q6_open.md']
    """
    from ...exercises.build import read_source
    from ..notebook_questions import manual_questions as source_questions
    from . import write_text_atomically

    cells = read_source(stem)
    guides = {cell.cell_id: cell.text[lang] for cell in cells if cell.kind == "answer"}
    written = []
    for question, info in sorted(source_questions(cells).items()):
        text = answer_sheet(rows, stem, question, info["points"], guides[info["answer"]], lang)
        written.append(write_text_atomically(Path(folder) / f"{stem}-{question}.md", text))
    return written
