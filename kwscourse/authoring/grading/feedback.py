"""Each student's feedback, as Markdown, in the language of their notebook.

Hidden tests are listed with their hint but never with the error text the
submission produced there: a notebook could otherwise smuggle a hidden test's
source out through an exception message.

    >>> from kwscourse.authoring.grading import GradeRow
    >>> text = feedback_markdown(GradeRow("ana.ipynb", "es", "timeout", "se detuvo"), "01_keyword_spotting")
    >>> text.splitlines()[0]
    '# Corrección · 01_keyword_spotting · ana.ipynb'
"""

from __future__ import annotations

from ..._internal.config import settings
from ...i18n import t


def feedback_markdown(row, stem: str) -> str:
    """The feedback text of one graded row (see :class:`kwscourse.authoring.grading.GradeRow`), in its language.

    Examples
    --------
    >>> from kwscourse.authoring.grading import GradeRow
    >>> cases = [{"number": 1, "hidden": False, "passed": False, "hint": "Pad with zeros.", "raised": ""}]
    >>> row = GradeRow("ana.ipynb", "en", "ok", score=0, max_score=1,
    ...                questions={"q1": {"score": 0, "possible": 1, "cases": cases}})
    >>> row.manual = {"q6": {"points": 2.0, "answer": "Because..."}}
    >>> print(feedback_markdown(row, "01_keyword_spotting"))
    # Feedback · 01_keyword_spotting · ana.ipynb
    <BLANKLINE>
    **Score: 0 of 1** (graded)
    <BLANKLINE>
    ## q1: 0 / 1
    - ❌ Check 1 (visible) fails: Pad with zeros.
    <BLANKLINE>
    ## q6: ? / 2
    - ✍️ Your instructor grades this answer by hand.
    <BLANKLINE>
    """
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
    for name, question in sorted(row.manual.items()):
        lines += ["", f"## {name}: ? / {question['points']:g}", t("grading.feedback_manual", lang=lang)]
    return "\n".join(lines) + "\n"
