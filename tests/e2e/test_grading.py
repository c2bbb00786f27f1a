"""Bulk grading: every kind of broken submission gets its status and reason, in its language."""

from __future__ import annotations

import csv
import json

import pytest

from kwscourse.authoring import grading
from kwscourse.authoring.grading import feedback, sandbox, triage

import submissions  # noqa: E402 (tests/ is on sys.path)

pytestmark = pytest.mark.slow
HANG_LIMIT_S = 40.0


@pytest.fixture(scope="module")
def graded(exercise_build, tmp_path_factory):
    folder = submissions.class_folder(exercise_build, tmp_path_factory.mktemp("class") / "subs")
    out = folder.parent / "grades.csv"
    rows = grading.grade_folder(folder, 1, out, jobs=2, timeout=HANG_LIMIT_S,
                                build_dir=exercise_build, progress=False)
    with open(out, newline="", encoding="utf-8") as handle:
        table = {row["file"]: row for row in csv.DictReader(handle)}
    return rows, table, folder.parent / "feedback"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("kind", sorted(submissions.EXPECTED))
def test_each_kind_gets_its_status_and_score(graded, kind, lang):
    _, table, _ = graded
    row = table[f"{lang}_{kind}.ipynb"]
    status, score = submissions.EXPECTED[kind]
    assert (row["status"], float(row["score"])) == (status, score), row
    assert float(row["max_score"]) == submissions.FULL_MARKS
    assert (row["status"] == "ok") == (row["reason"] == ""), row
    if kind not in ("empty", "not_json"):
        assert row["language"] == lang


def test_the_csv_has_the_promised_columns(graded):
    _, table, _ = graded
    columns = list(next(iter(table.values())))
    assert columns[:6] == ["file", "language", "status", "reason", "score", "max_score"]
    assert columns[6:] == ["q1_centre", "q2_bins", "q3_image_size", "q4_label_order", "q5_confusion", "q6_open"]
    partly = table["en_partly_wrong.ipynb"]
    assert (partly["q1_centre"], partly["q2_bins"], partly["q6_open"]) == ("2", "3", "ungraded (2 points)")


def test_reasons_name_the_problem_in_the_notebooks_language(graded):
    _, table, _ = graded
    assert "ZeroDivisionError" in table["en_raising.ipynb"]["reason"]
    assert "q3-answer" in table["es_cells_deleted.ipynb"]["reason"]
    assert "Faltan celdas del ejercicio (1): q3-answer" in table["es_cells_deleted.ipynb"]["reason"]
    assert f"{HANG_LIMIT_S:g} s" in table["es_endless.ipynb"]["reason"]
    assert "bucle infinito" in table["es_endless.ipynb"]["reason"]
    assert "kernel died" in table["en_kills_kernel.ipynb"]["reason"]
    assert "núcleo de Python murió" in table["es_kills_kernel.ipynb"]["reason"]
    assert "not valid JSON" in table["en_not_json.ipynb"]["reason"]


def test_feedback_comes_in_the_submissions_language(graded):
    _, _, feedback = graded
    spanish = (feedback / "es_partly_wrong.md").read_text(encoding="utf-8")
    english = (feedback / "en_partly_wrong.md").read_text(encoding="utf-8")
    assert spanish.startswith("# Corrección") and "**Nota: 14 de 16**" in spanish
    assert "Un clip de medio segundo debe tener 4000 ceros" in spanish and "(oculta)" in spanish
    assert english.startswith("# Feedback") and "**Score: 14 of 16**" in english
    assert "A half-second clip should have 4000 zeros" in english
    assert "Nota" not in english and "Score" not in spanish


def test_hidden_tests_never_leak_error_text_into_feedback():
    case = {"number": 1, "passed": False, "points": 1.0, "hint": "pad at the end", "raised": ""}
    row = grading.GradeRow("a.ipynb", "en", "ok", questions={"q1_centre": {"score": 0, "possible": 2, "cases": [
        dict(case, raised="ValueError: VISIBLE"), dict(case, number=2, hidden=True, raised="KeyError: SECRET")]}})
    for case_ in row.questions["q1_centre"]["cases"]:
        case_.setdefault("hidden", False)
    text = feedback.feedback_markdown(row, submissions.STEM)
    assert "VISIBLE" in text and "SECRET" not in text
    assert "Check 2 (hidden) fails: pad at the end" in text


def test_no_grading_process_is_left_running(graded):
    import psutil

    mine = [p for p in psutil.process_iter() if _carries_token(p)]
    assert mine == []


def _carries_token(process) -> bool:
    try:
        return sandbox.TOKEN_VARIABLE in process.environ()
    except Exception:
        return False


@pytest.mark.skipif(not sandbox.isolation_available(),
                    reason="needs Linux with a working `unshare --mount` for per-submission mount namespaces")
def test_a_submission_sees_neither_classmates_nor_the_instructors_folders(exercise_build, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    spy_source = (f"import glob, os\nassert os.listdir({str(folder)!r}) == []\n"
                  f"assert os.listdir({str(exercise_build)!r}) == []\n"
                  "assert glob.glob('/tmp/kwscourse-grade-*/own/*/submission.ipynb') == []\n"
                  "assert os.path.isfile('submission.ipynb')")
    good = submissions.answered(exercise_build, "en")
    submissions.write(submissions._with_cell_after_setup(good, spy_source, "spy"), folder / "spy.ipynb")
    submissions.write(good, folder / "classmate.ipynb")
    rows = grading.grade_folder(folder, 1, tmp_path / "out" / "g.csv", jobs=2, timeout=60,
                                build_dir=exercise_build, progress=False)
    assert [(r.file, r.status, r.score, r.reason) for r in rows] == [
        ("classmate.ipynb", "ok", 16.0, ""), ("spy.ipynb", "ok", 16.0, "")]


def test_without_a_mount_namespace_grading_still_works(exercise_build, tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "_unshare_command", lambda: None)
    solution = exercise_build / "es" / "solutions" / f"{submissions.STEM}.ipynb"
    result = sandbox.grade_in_sandbox(solution, exercise_build / "es" / "autograder" / f"{submissions.STEM}.zip", 60)
    assert result["status"] == "ok"
    assert sum(q["score"] for q in result["questions"].values()) == submissions.FULL_MARKS


def test_covering_never_hides_the_python_that_grades(tmp_path):
    import sys
    from pathlib import Path

    (tmp_path / "inside").mkdir()
    run = sandbox.GradingRun(hide=[Path(sys.prefix).parent, tmp_path / "inside", tmp_path, "/"])
    assert run.hide == [tmp_path.resolve()]


def test_triage_reads_without_running(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps({"cells": "nope"}), encoding="utf-8")
    assert triage.inspect_file(path, None).problem == "not_notebook"
    path.write_text(json.dumps({"cells": [], "metadata": {"kwscourse": {"exercises": "02_yamnet"}}}))
    assert triage.inspect_file(path, None, stem="01_keyword_spotting").problem == "wrong_set"


@pytest.mark.parametrize("kwargs,key", [({"jobs": 0}, "checks.whole_number"),
                                        ({"jobs": 1.5}, "checks.whole_number"),
                                        ({"timeout": -1}, "checks.positive")])
def test_bad_arguments_are_refused_in_spanish(tmp_path, spanish, kwargs, key):
    from kwscourse.i18n import ParameterError

    with pytest.raises(ParameterError) as err:
        grading.grade_folder(tmp_path, 1, tmp_path / "g.csv", **kwargs)
    (name, value), = kwargs.items()
    assert err.value.key == key and str(err.value).startswith(f"{name} debe ser") and f"no {value}" in str(err.value)


def test_a_missing_folder_or_lesson_is_refused(tmp_path):
    from kwscourse.i18n import CourseError

    with pytest.raises(CourseError, match="not found"):
        grading.grade_folder(tmp_path / "none", 1, tmp_path / "g.csv")
    with pytest.raises(CourseError, match="no exercises for lesson 9"):
        grading.set_for_lesson(9)


def test_the_grade_command_reports_in_the_instructors_language(exercise_build, tmp_path, capsys):
    from kwscourse.cli import main as cli

    folder = tmp_path / "entregas"
    folder.mkdir()
    submissions.write(submissions.answered(exercise_build, "es"), folder / "ana.ipynb")
    submissions.write(b"", folder / "vacio.ipynb")
    code = cli.main(["--lang", "es", "grade", str(folder), "--lesson", "1", "--out", str(tmp_path / "notas.csv"),
                     "--build-dir", str(exercise_build), "--jobs", "2"])
    assert code == 0
    assert "Calificados 2 cuadernos: ok 1, malformed 1." in capsys.readouterr().out
    assert (tmp_path / "feedback" / "ana.md").read_text(encoding="utf-8").startswith("# Corrección")
    assert (tmp_path / "notas.csv").read_text(encoding="utf-8").count("\n") == 3


def test_grade_command_argument_errors_are_in_spanish(capsys):
    from kwscourse.cli import main as cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["--lang", "es", "grade", "x", "--lesson", "0", "--out", "y"])
    assert stop.value.code == 2
    assert "argumento --lesson: debe ser un número entero mayor o igual que 1: 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--lang", "es", "grade", "x"])
    assert "faltan estos argumentos obligatorios: --lesson, --out" in capsys.readouterr().err


def test_the_command_line_leaves_the_language_as_it_found_it():
    from kwscourse import settings
    from kwscourse.cli import main as cli

    before = settings.language
    with pytest.raises(SystemExit):
        cli.main(["--lang", "es" if before == "en" else "en", "grade", "x"])
    assert settings.language == before
