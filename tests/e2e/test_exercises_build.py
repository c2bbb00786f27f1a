"""The exercise build: one source, two languages, solutions at full marks, nothing leaked."""

from __future__ import annotations

import importlib.util
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kwscourse.authoring import notebook_source
from kwscourse.authoring.notebook_source import code_shape
from kwscourse.exercises import PUBLIC_TESTS, Grader, build
from kwscourse.authoring.grading import max_points, sandbox

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("build_exercises", ROOT / "tools" / "build_exercises.py")
sync = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sync)

SETS = build.exercise_sets()
PAIRS = [(stem, lang) for stem in SETS for lang in ("en", "es")]


def _notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _solution_lines(stem: str) -> set[str]:
    """Every substantial line of every reference answer in the source."""
    lines = set()
    for cell in build.read_source(stem):
        if cell.kind != "solution":
            continue
        body = cell.text["en"]
        for block in re.findall(r"# BEGIN SOLUTION\n(.*?)# END SOLUTION", body, flags=re.S):
            lines |= {line.strip() for line in block.splitlines() if len(line.strip()) > 12}
        lines |= {line.replace("# SOLUTION", "").strip()
                  for line in body.splitlines() if line.rstrip().endswith("# SOLUTION")}
    return {line for line in lines if line}


def _hidden_tests(stem: str) -> list[notebook_source.Cell]:
    return [c for c in build.read_source(stem) if c.kind == "test" and c.hidden]


def test_there_are_at_least_four_exercises_per_lesson_and_twenty_in_all():
    counts = {stem: sum(c.kind == "question" for c in build.read_source(stem)) for stem in SETS}
    assert [build.lesson_number(stem) for stem in SETS] == [1, 2, 3, 4, 5], counts
    assert min(counts.values()) >= 4 and sum(counts.values()) >= 20, counts


@pytest.mark.slow
def test_the_committed_student_notebooks_and_public_tests_match_a_fresh_build(exercise_build):
    assert sync.stale_files(exercise_build) == [], "stale exercises: run `make exercises`"


@pytest.mark.slow
@pytest.mark.parametrize("stem,lang", PAIRS)
def test_the_student_build_holds_no_solution_and_no_hidden_test(exercise_build, stem, lang):
    cells = _notebook(exercise_build / lang / "student" / f"{stem}.ipynb")["cells"]
    student = json.dumps([c["source"] for c in cells if c["cell_type"] == "code"])
    public = "".join(p.read_text(encoding="utf-8") for p in (PUBLIC_TESTS / lang / stem).glob("*.py"))
    for line in _solution_lines(stem):
        assert json.dumps(line)[1:-1] not in student, line
    for test in _hidden_tests(stem):
        name = re.search(r"def (test_\w+)", test.text[lang]).group(1)
        assert name not in student and name not in public, name
        assert test.failure[lang] not in public
    assert "hidden=True" not in public and "hidden=False" in public


@pytest.mark.slow
def test_every_solution_scores_full_marks_in_its_autograder(exercise_build):
    def grade(pair):
        stem, lang = pair
        autograder = exercise_build / lang / "autograder" / f"{stem}.zip"
        solution = exercise_build / lang / "solutions" / f"{stem}.ipynb"
        result = sandbox.grade_in_sandbox(solution, autograder, timeout=120)
        got = sum(q["score"] for q in result.get("questions", {}).values())
        return pair, result["status"], got, sum(max_points(autograder).values())

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(grade, PAIRS))
    for pair, status, got, possible in outcomes:
        assert (status, got) == ("ok", possible) and possible > 0, pair


@pytest.mark.parametrize("stem", SETS)
def test_both_languages_have_the_same_code_and_tests(stem):
    en, es = (_notebook(ROOT / "notebooks" / lang / "exercises" / f"{stem}.ipynb") for lang in ("en", "es"))
    assert [c["id"] for c in en["cells"]] == [c["id"] for c in es["cells"]]
    for a, b in zip(en["cells"], es["cells"]):
        if a["cell_type"] == "code" and a["id"] != "setup":  # strings and comments may differ
            assert code_shape("".join(a["source"])) == code_shape("".join(b["source"])), a["id"]
        elif a["cell_type"] == "markdown":
            assert a["source"] != b["source"], f"{stem}: markdown cell {a['id']} is not translated"
    strip = re.compile(r'failure_message="[^"]*"')
    for test in (PUBLIC_TESTS / "en" / stem).glob("*.py"):
        twin = PUBLIC_TESTS / "es" / stem / test.name
        assert strip.sub("", test.read_text("utf-8")) == strip.sub("", twin.read_text("utf-8"))


@pytest.mark.parametrize("stem", SETS)
def test_public_tests_are_package_data_for_every_question(stem):
    questions = [c.cell_id for c in build.read_source(stem) if c.kind == "question" and not c.manual]
    assert Grader(stem).questions("en") == Grader(stem).questions("es") == sorted(questions)


def test_a_check_reports_in_the_students_language_and_never_raises(spanish):
    grader = Grader("01_keyword_spotting")
    half = grader.check("q2_bins", {"loudest_hz": lambda spec: 1364.0, "spec": None})
    assert not half.passed and half.score == 0 and half.possible == 1
    assert "La comprobación 1 falla: Las columnas son frecuencias" in repr(half)
    crashing = grader.check("q2_bins", {"loudest_hz": lambda *a: 1 / 0, "spec": None})
    assert "ZeroDivisionError" in repr(crashing) and "Tu código se detuvo" in repr(crashing)
    unknown = grader.check("q9")
    assert "no hay ninguna pregunta" in repr(unknown) and not unknown.passed
    summary = grader.check_all({})
    assert summary.possible == 6 and summary.score == 0
    assert "Puntos de las comprobaciones visibles: 0 de 6." in repr(summary)


def test_an_exercise_source_must_close_questions_and_hide_a_test(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("<!-- question: q1 -->\n<!-- solution: a -->\nx = 1  # SOLUTION\n"
                    "<!-- test: t points=1 -->\n<!-- fail-en: no -->\n<!-- fail-es: no -->\n"
                    "def test_x(x):\n    assert x == 1\n<!-- end: q1 -->\n", encoding="utf-8")
    with pytest.raises(notebook_source.SourceError, match="hidden test"):
        notebook_source.parse(path, exercises=True)
    path.write_text('<!-- question: q1 -->\n<!-- test: t -->\n<!-- fail-en: say "hi" -->\n', encoding="utf-8")
    with pytest.raises(notebook_source.SourceError, match='may not hold'):
        notebook_source.parse(path, exercises=True)
    path.write_text("<!-- question: q1 -->\n", encoding="utf-8")
    with pytest.raises(notebook_source.SourceError, match="exercise directives in a lesson"):
        notebook_source.parse(path)


@pytest.mark.slow
def test_the_build_command_writes_the_three_parts_for_both_languages(tmp_path, capsys):
    from kwscourse.cli import main as cli

    assert cli.main(["exercises", "build", str(tmp_path), "--sets", "01_keyword_spotting"]) == 0
    assert "<lang>/student" in capsys.readouterr().out
    for lang in ("en", "es"):
        assert (tmp_path / lang / "student" / "01_keyword_spotting.ipynb").is_file()
        assert (tmp_path / lang / "solutions" / "01_keyword_spotting.ipynb").is_file()
        assert (tmp_path / lang / "autograder" / "01_keyword_spotting.zip").is_file()
    assert not (tmp_path / "_assign").exists()


def test_an_unknown_set_is_refused_in_spanish(tmp_path, capsys):
    from kwscourse.cli import main as cli

    assert cli.main(["--lang", "es", "exercises", "build", str(tmp_path), "--sets", "99_nope"]) == 2
    assert "No existe el conjunto de ejercicios '99_nope'" in capsys.readouterr().err
