"""Each student's feedback, as Markdown, in the language of their notebook.

Hidden tests are listed with their hint but never with the error text the
submission produced there: a notebook could otherwise smuggle a hidden test's
source out through an exception message.

    >>> from kwscourse.grading import GradeRow
    >>> text = feedback_markdown(GradeRow("ana.ipynb", "es", "timeout", "se detuvo"), "01_keyword_spotting")
    >>> text.splitlines()[0]
    '# Corrección · 01_keyword_spotting · ana.ipynb'
"""

from __future__ import annotations

from pathlib import Path

from .._config import settings
from ..i18n import t


def feedback_markdown(row, stem: str) -> str:
    """The feedback text of one graded row (see :class:`kwscourse.grading.GradeRow`)."""
    lang = row.language or settings.language
    lines = [t("grading.feedback_title", lang=lang, stem=stem, file=row.file), "",
             t("grading.feedback_score", lang=lang, score=row.score, possible=row.max_score,
               status=t(f"grading.status_{row.status}", lang=lang))]
    if row.reason:
        lines += ["", row.reason]
    for name, question in sorted(row.questions.items()):
        lines += ["", f"## {name}: {question['score']:g} / {question['possible']:g}"]
        if not question["cases"]:
            lines.append(t("grading.feedback_not_graded", lang=lang))
        for case in question["cases"]:
            kind = t("grading.hidden" if case["hidden"] else "grading.public", lang=lang)
            if case["passed"]:
                lines.append(t("grading.feedback_passed", lang=lang, number=case["number"], kind=kind))
                continue
            lines.append(t("grading.feedback_failed", lang=lang, number=case["number"], kind=kind,
                           hint=case["hint"]))
            if case["raised"] and not case["hidden"]:
                lines.append("  " + t("exercises.case_raised", lang=lang, error=case["raised"]))
    return "\n".join(lines) + "\n"


def write_feedback(row, stem: str, folder) -> Path:
    """Write ``<folder>/<submission name>.md`` and return its path."""
    from . import write_text_atomically

    return write_text_atomically(Path(folder) / (Path(row.file).stem + ".md"), feedback_markdown(row, stem))
