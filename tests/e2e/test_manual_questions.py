"""Questions graded by hand: written once in both languages, an empty answer cell for the student,
the grading guide for the instructor only, listed as ungraded in the grades, and never lost."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest

from kwscourse.authoring import grading
from kwscourse.authoring import notebook_source
from kwscourse.exercises import Grader, build
from kwscourse.authoring.grading import manual, triage
from kwscourse.authoring.notebook_questions import manual_questions

import submissions  # noqa: E402 (tests/ is on sys.path)

ROOT = Path(__file__).resolve().parents[2]
OPEN_SETS = ["01_keyword_spotting", "02_yamnet", "03_transfer_learning", "04_huggingface", "05_your_own_keywords"]
SOURCE = """<!-- question: q6_open manual points=2 -->
<!-- md: q6-prompt -->
<!-- en -->
Why?
<!-- es -->
¿Por qué?
<!-- answer: q6-answer -->
<!-- en -->
GUIDE-EN: names the overlap.
<!-- es -->
GUIDE-ES: nombra el solape.
<!-- end: q6_open -->
"""
ANSWER = "Because the patches overlap by half.\n\nSo the score falls in steps."


def _student(lang: str, stem: str = "01_keyword_spotting") -> dict:
    return json.loads((ROOT / "notebooks" / lang / "exercises" / f"{stem}.ipynb").read_text("utf-8"))


def _guide_lines(stem: str, lang: str) -> list[str]:
    return [line for cell in build.read_source(stem) if cell.kind == "answer"
            for line in cell.text[lang].splitlines() if len(line.strip()) > 20]


def test_the_manual_syntax_parses(tmp_path):
    path = tmp_path / "x.md"
    path.write_text(SOURCE, encoding="utf-8")
    cells = notebook_source.parse(path, exercises=True)
    assert manual_questions(cells) == {"q6_open": {"points": 2.0, "answer": "q6-answer"}}
    answer = next(c for c in cells if c.kind == "answer")
    assert answer.text == {"en": "GUIDE-EN: names the overlap.", "es": "GUIDE-ES: nombra el solape."}


@pytest.mark.parametrize("broken,message", [
    (SOURCE.replace("<!-- es -->\nGUIDE-ES: nombra el solape.\n", ""), "answer cell 'q6-answer' lacks its 'es' text"),
    (SOURCE.replace(" manual points=2", ""), "answer cell in 'q6_open', which is not a manual question"),
    (SOURCE.replace("<!-- end: q6_open -->", "<!-- test: t hidden -->\n<!-- fail-en: no -->\n<!-- fail-es: no -->\n"
                    "def test_x():\n    pass\n<!-- end: q6_open -->"), "needs exactly one answer cell"),
    (SOURCE.replace("<!-- answer: q6-answer -->", "<!-- md: q6-more -->"), "needs exactly one answer cell"),
])
def test_a_broken_manual_question_is_refused(tmp_path, broken, message):
    path = tmp_path / "x.md"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(notebook_source.SourceError, match=message):
        notebook_source.parse(path, exercises=True)


def test_a_lesson_may_not_hold_an_answer_cell(tmp_path):
    path = tmp_path / "lesson.md"
    path.write_text(SOURCE.split("<!-- answer:")[0].split("\n", 1)[1] + "<!-- answer: a -->\n<!-- en -->\nx\n"
                    "<!-- es -->\ny\n", encoding="utf-8")
    with pytest.raises(notebook_source.SourceError, match="exercise directives in a lesson"):
        notebook_source.parse(path)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_master_notebook_gives_otter_a_manual_question(lang):
    cells = build.master_cells("01_keyword_spotting", lang)
    begin = next(c for c in cells if c.cell_id == "q6_open-begin").text[lang]
    assert "manual: true" in begin and "points: 2.0" in begin
    ids = [c.cell_id for c in cells]
    at = ids.index("q6-answer")
    assert [cells[i].text[lang].strip() for i in (at - 1, at + 1, at + 2, at + 4)] == [
        "# BEGIN PROMPT", "# END PROMPT", "# BEGIN SOLUTION", "# END SOLUTION"]
    assert cells[at].text[lang] == build.ANSWER_PLACEHOLDER[lang]
    assert "q6_open-end-tests" not in ids  # no tests: no END TESTS either


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("stem", OPEN_SETS)
def test_each_student_notebook_ends_with_an_empty_answer_cell_and_no_guide(stem, lang):
    notebook = _student(lang, stem)
    cells = {cell["id"]: cell for cell in notebook["cells"]}
    answer = cells["q6-answer"]
    assert answer["cell_type"] == "markdown" and "otter_answer_cell" in answer["metadata"]["tags"]
    assert "".join(answer["source"]) == build.ANSWER_PLACEHOLDER[lang]
    assert [c["id"] for c in notebook["cells"]][-3:] == ["q6-answer", "the-end", "check-all"]
    text = json.dumps(notebook["cells"], ensure_ascii=False)
    guide = _guide_lines(stem, "en") + _guide_lines(stem, "es")
    assert guide and not [line for line in guide if json.dumps(line, ensure_ascii=False)[1:-1] in text]
    assert "QUESTION -->" not in text  # otter's PDF-export marks are gone
    assert notebook["metadata"]["kwscourse"]["manual"] == {"q6_open": {"points": 2.0, "answer": "q6-answer"}}


def test_the_self_check_lists_the_open_question_but_never_fails_it(spanish):
    summary = Grader("01_keyword_spotting").check_all({})
    assert "q6_open" not in [result.question for result in summary.results]
    assert summary.manual == {"q6_open": 2.0} and summary.possible == 6
    assert "✍️ q6_open: tu profesor califica esta respuesta a mano (2 puntos)." in repr(summary)
    assert "q6_open" in summary._repr_html_()


def _answered(lang: str, text: str, extra: str = "") -> dict:
    notebook = copy.deepcopy(_student(lang))
    cells = notebook["cells"]
    at = next(i for i, cell in enumerate(cells) if cell["id"] == "q6-answer")
    cells[at]["source"] = text
    if extra:
        cells.insert(at + 1, {"cell_type": "markdown", "id": "mine-1", "metadata": {}, "source": extra})
    return notebook


def test_the_answer_and_any_cell_added_after_it_are_kept():
    student = _student("es")
    text = manual.answer_text(_answered("es", "Porque se solapan.", "Y la media lo oculta."), student, "q6-answer")
    assert text == "Porque se solapan.\n\nY la media lo oculta."
    assert manual.answer_text(student, student, "q6-answer") == ""  # the placeholder is no answer


def test_a_deleted_answer_cell_is_reported_missing(tmp_path):
    notebook = _student("en")
    notebook["cells"] = [cell for cell in notebook["cells"] if cell["id"] != "q6-answer"]
    path = tmp_path / "a.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert triage.inspect_file(path, _student("en")).missing == ["q6-answer"]


@pytest.mark.slow
def test_grading_lists_the_open_question_as_ungraded_and_keeps_the_answer(exercise_build, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    good = submissions.answered(exercise_build, "es")
    at = next(i for i, cell in enumerate(good["cells"]) if cell["id"] == "q6-answer")
    good["cells"][at]["source"] = ANSWER.split("\n\n")[0]
    good["cells"].insert(at + 1, {"cell_type": "markdown", "id": "added", "metadata": {}, "source": ANSWER.split("\n\n")[1]})
    submissions.write(good, folder / "ana.ipynb")
    submissions.write(submissions.answered(exercise_build, "en"), folder / "ben.ipynb")
    out = tmp_path / "out" / "grades.csv"
    rows = grading.grade_folder(folder, 1, out, jobs=2, timeout=60, build_dir=exercise_build, progress=False)
    assert [(r.file, r.status, r.score, r.max_score) for r in rows] == [
        ("ana.ipynb", "ok", 16.0, 16.0), ("ben.ipynb", "ok", 16.0, 16.0)]
    with open(out, newline="", encoding="utf-8") as handle:
        table = {row["file"]: row for row in csv.DictReader(handle)}
    assert table["ana.ipynb"]["q6_open"] == table["ben.ipynb"]["q6_open"] == "ungraded (2 points)"
    assert rows[0].manual == {"q6_open": {"points": 2.0, "answer": ANSWER}}
    sheet = (out.parent / "answers" / "01_keyword_spotting-q6_open.md").read_text(encoding="utf-8")
    assert ANSWER in sheet and _guide_lines("01_keyword_spotting", "en")[0] in sheet
    assert "## ben.ipynb (en, ok)\n\n_(no answer)_" in sheet
    feedback = (out.parent / "feedback" / "ana.md").read_text(encoding="utf-8")
    assert "## q6_open: ? / 2" in feedback and "Tu profesor califica esta respuesta a mano." in feedback
