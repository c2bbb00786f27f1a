"""Grade a class's exercise notebooks in bulk, without Docker, on otter-grader.

:func:`grade_folder` grades every ``.ipynb`` in a folder with the autograder of the
submission's own language. Each one runs in a private folder, in a process (and
kernel) of its own, under a time limit (:mod:`kwscourse.authoring.grading.sandbox`). A broken
submission gets a status and a reason, and never costs another its row:

- ``ok``: it ran, and otter graded it;
- ``error``: a cell raised (graded anyway), or the kernel died (nothing to grade);
- ``timeout``: it ran out of time and was stopped;
- ``malformed``: not a notebook, another exercise set, or cells deleted or moved
  (graded anyway when it is a notebook of this set).

The CSV has ``file, language, status, reason, score, max_score`` and one column per
question; each student also gets a feedback file in the notebook's language. A question
graded by hand shows as ``ungraded (N points)`` (``score`` and ``max_score`` count the
autograded points only), and its answers are gathered, with the grading guide, in one
Markdown sheet per question (:mod:`kwscourse.authoring.grading.manual`).

    >>> STATUSES
    ('ok', 'error', 'timeout', 'malformed')
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..._internal import checks
from ..._internal.config import settings
from ...exercises import build as exercise_build
from ...i18n import CourseError, t
from ..notebook_source import LANGUAGES
from .feedback import feedback_markdown
from .manual import submission_answers, ungraded_cell, write_answer_sheets
from .sandbox import GradingRun, grade_in_sandbox
from .triage import inspect_file

STATUSES = ("ok", "error", "timeout", "malformed")
DEFAULT_TIMEOUT_S = 60.0
FIXED_COLUMNS = ("file", "language", "status", "reason", "score", "max_score")


@dataclass
class GradeRow:
    """One submission's grade: the CSV row, plus the per-test details for its feedback.

    Examples
    --------
    >>> row = GradeRow("ana.ipynb", "es", "ok", score=3, max_score=4, questions={"q1": {"score": 3}})
    >>> row.csv_row(["q1", "q2"])
    {'file': 'ana.ipynb', 'language': 'es', 'status': 'ok', 'reason': '', 'score': '3', 'max_score': '4', 'q1': '3', 'q2': '0'}
    >>> row.manual = {"q6": {"points": 2.0, "answer": "Because..."}}
    >>> row.csv_row(["q1", "q6"])["q6"]
    'ungraded (2 points)'
    """

    file: str
    language: str
    status: str
    reason: str = ""
    score: float = 0.0
    max_score: float = 0.0
    questions: dict = field(default_factory=dict)  # name -> {"score", "possible", "cases"}
    manual: dict = field(default_factory=dict)  # graded by hand: name -> {"points", "answer"}

    def csv_row(self, question_names: list[str]) -> dict:
        """The row of the grades CSV: the fixed columns, then one score per question."""
        row = {"file": self.file, "language": self.language, "status": self.status,
               "reason": self.reason, "score": f"{self.score:g}", "max_score": f"{self.max_score:g}"}
        for name in question_names:
            if name in self.manual:
                row[name] = ungraded_cell(self.manual[name]["points"])
            else:
                row[name] = f"{self.questions.get(name, {}).get('score', 0.0):g}"
        return row


def set_for_lesson(lesson: int) -> str:
    """The exercise set of lesson ``lesson``.

    >>> set_for_lesson(1)
    '01_keyword_spotting'
    """
    for stem in exercise_build.exercise_sets():
        if exercise_build.lesson_number(stem) == lesson:
            return stem
    raise CourseError("grading.no_lesson", lesson=lesson, known=", ".join(exercise_build.exercise_sets()))


def ensure_build(stem: str, build_dir=None) -> Path:
    """A build of ``stem`` in both languages: ``build_dir`` (default: in the data cache), made when missing.

    Examples
    --------
    >>> folder = Path(tmp())
    >>> for part in ("en/autograder/01_keyword_spotting.zip", "es/autograder/01_keyword_spotting.zip",
    ...              "en/student/01_keyword_spotting.ipynb", "es/student/01_keyword_spotting.ipynb"):
    ...     (folder / part).parent.mkdir(parents=True, exist_ok=True); (folder / part).touch()
    >>> ensure_build("01_keyword_spotting", folder) == folder  # all there: nothing to build
    True
    """
    build_dir = Path(build_dir) if build_dir else settings.data_dir / "exercises"
    needed = [build_dir / lang / "autograder" / f"{stem}.zip" for lang in LANGUAGES]
    needed += [build_dir / lang / "student" / f"{stem}.ipynb" for lang in LANGUAGES]
    if not all(path.is_file() for path in needed):
        exercise_build.build(build_dir, sets=[stem])
    return build_dir


def max_points(autograder: Path) -> dict[str, float]:
    """Each question's points in an autograder zip (the instructor's own tests, read not run).

    Examples
    --------
    >>> from kwscourse.exercises import public_tests_dir
    >>> autograder = Path(tmp()) / "autograder.zip"
    >>> with zipfile.ZipFile(autograder, "w") as archive:
    ...     archive.write(public_tests_dir("01_keyword_spotting", "en") / "q2_bins.py", "tests/q2_bins.py")
    >>> max_points(autograder)
    {'q2_bins': 1.0}
    """
    from otter.test_files import ExceptionTestFile

    points = {}
    with zipfile.ZipFile(autograder) as archive:
        for name in sorted(archive.namelist()):
            if name.startswith("tests/") and name.endswith(".py"):
                test_file = ExceptionTestFile.from_string(archive.read(name).decode("utf-8"), path=name)
                points[test_file.name] = float(sum(case.points for case in test_file.test_cases))
    return points


def _reason(key: str, lang: str, **fields) -> str:
    return t(f"grading.reason_{key}", lang=lang, **fields)


@dataclass
class ExerciseBuild:
    """What grading needs from a build of one set, read once per run: per language, the
    built student notebook (to find missing cells), the autograder and its points.

    Examples
    --------
    >>> ExerciseBuild("01_keyword_spotting", Path("build"), {}, {}).autograder("es").as_posix()
    'build/es/autograder/01_keyword_spotting.zip'
    """

    stem: str
    folder: Path
    students: dict  # language -> the built student notebook, as JSON
    points: dict  # language -> {question: points}

    @classmethod
    def read(cls, stem: str, folder: Path) -> "ExerciseBuild":
        """Read the build of ``stem`` in ``folder`` (see :func:`ensure_build`)."""
        return cls(stem, folder,
                   {lang: json.loads((folder / lang / "student" / f"{stem}.ipynb").read_text("utf-8"))
                    for lang in LANGUAGES},
                   {lang: max_points(folder / lang / "autograder" / f"{stem}.zip") for lang in LANGUAGES})

    def autograder(self, lang: str) -> Path:
        """The autograder zip of the ``lang`` notebooks."""
        return self.folder / lang / "autograder" / f"{self.stem}.zip"


def grade_one(path: Path, build: ExerciseBuild, *, timeout: float, run=None) -> GradeRow:
    """Grade one file: triage, then (when it is a notebook of this set) otter in a sandbox.

    Examples
    --------
    >>> empty = Path(tmp()) / "ana.ipynb"; _ = empty.write_text("")
    >>> build = ExerciseBuild("01_keyword_spotting", Path("build"), {}, {"en": {"q1": 1.0}, "es": {"q1": 1.0}})
    >>> row = grade_one(empty, build, timeout=60)  # not a notebook: nothing runs
    >>> row.status, row.reason, row.max_score
    ('malformed', 'The file is empty: there is no notebook to grade.', 1.0)
    """
    stem = build.stem
    found = inspect_file(path, None)
    lang = found.language or settings.language
    if not found.problem:
        found = inspect_file(path, build.students[lang], stem=stem)
    autograder = build.autograder(lang)
    possible = build.points[lang]
    row = GradeRow(path.name, found.language or "", "malformed", max_score=sum(possible.values()),
                   questions={name: {"score": 0.0, "possible": p, "cases": []} for name, p in possible.items()},
                   manual=submission_answers(None if found.problem else found.notebook, build.students.get(lang, {})))
    if found.problem:
        row.reason = _reason(found.problem, lang, found=found.exercises, expected=stem)
        return row
    reasons, status = [], "ok"
    if found.missing:
        reasons.append(_reason("missing", lang, count=len(found.missing), cells=", ".join(found.missing)))
        status = "malformed"
    if found.reordered:
        reasons.append(_reason("reordered", lang))
        status = "malformed"
    result = grade_in_sandbox(path, autograder, timeout, run)
    if result["status"] != "ok":
        row.status = result["status"] if result["status"] in STATUSES else "error"
        row.reason = "; ".join([_reason(result["reason"], lang, limit=timeout,
                                        detail=result.get("detail", ""))] + reasons)
        return row
    for name, graded in result["questions"].items():
        row.questions[name] = graded
    row.score = sum(q["score"] for q in row.questions.values())
    errors = result.get("cell_errors", [])
    if errors:
        cells = ", ".join(f"{e['cell']} ({e['error']})" for e in errors[:5])
        reasons.append(_reason("cell_errors", lang, count=len(errors), cells=cells))
        status = "malformed" if status == "malformed" else "error"
    row.status, row.reason = status, "; ".join(reasons)
    return row


def _grade_all(files, build: ExerciseBuild, hide, *, jobs: int, timeout: float, progress: bool) -> list[GradeRow]:
    """Grade ``files``, ``jobs`` at once, in their order; a grader that crashes costs one row only."""
    from tqdm.auto import tqdm

    rows: dict[Path, GradeRow] = {}
    with GradingRun(hide) as run, ThreadPoolExecutor(max_workers=jobs) as pool, \
            tqdm(total=len(files), desc=t("grading.progress"), disable=not progress) as bar:
        futures = {pool.submit(grade_one, path, build, timeout=timeout, run=run): path for path in files}
        for future in as_completed(futures):
            path = futures[future]
            try:
                rows[path] = future.result()
            except Exception as err:  # one broken row, never a lost run
                rows[path] = GradeRow(path.name, "", "error",
                                      _reason("grader_crashed", settings.language, detail=f"{type(err).__name__}: {err}"))
            bar.update()
    return [rows[path] for path in files]


def grade_folder(submissions_dir, lesson: int, out_csv, *, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT_S,
                 build_dir=None, feedback_dir=None, progress: bool = True) -> list[GradeRow]:
    """Grade every ``.ipynb`` in ``submissions_dir``; write the CSV and feedback files; return the rows.

    Parameters
    ----------
    submissions_dir, out_csv : path
        The folder of submitted notebooks, and the grades table to write.
    lesson : int
        Whose exercise set they are (:func:`set_for_lesson`).
    jobs, timeout : optional
        Submissions graded at once, and the seconds each one may run.
    build_dir : path, optional
        An exercises build (:func:`ensure_build`; default: built in the data cache).
    feedback_dir : path, optional
        One Markdown file per submission, in its language (default: ``feedback/`` beside the CSV).
        The answers to questions graded by hand go to ``answers/<set>-<question>.md`` beside
        the CSV, one sheet per question, with its grading guide in the instructor's language.

    Returns
    -------
    list of GradeRow
        In the order of the file names.

    Raises
    ------
    CourseError
        ``grading.no_folder`` or ``grading.no_lesson``; a :class:`~kwscourse.i18n.ParameterError`
        for ``jobs`` that is not a whole number of at least 1, or a ``timeout`` that is not positive.

    Examples
    --------
    >>> grade_folder("/nonexistent", 1, "grades.csv")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.CourseError: Submissions folder not found: /nonexistent
    """
    folder = Path(submissions_dir)
    if not folder.is_dir():
        raise CourseError("grading.no_folder", path=folder)
    jobs = checks.whole_number(jobs, "jobs")
    timeout = checks.positive(timeout, "timeout")
    stem = set_for_lesson(lesson)
    build = ExerciseBuild.read(stem, ensure_build(stem, build_dir))
    files = sorted(p for p in folder.iterdir() if p.suffix == ".ipynb" and p.is_file())
    feedback_dir = Path(feedback_dir) if feedback_dir else Path(out_csv).parent / "feedback"
    hide = [folder, build.folder, Path(out_csv).parent, feedback_dir]
    rows = _grade_all(files, build, hide, jobs=jobs, timeout=timeout, progress=progress)
    manual = submission_answers(None, build.students[LANGUAGES[0]])
    write_csv(rows, sorted([*build.points[LANGUAGES[0]], *manual]), out_csv)
    for row in rows:
        write_text_atomically(feedback_dir / (Path(row.file).stem + ".md"), feedback_markdown(row, stem))
    write_answer_sheets(rows, stem, Path(out_csv).parent / "answers", settings.language)
    return rows


def write_text_atomically(path, text: str) -> Path:
    """Write ``text`` to ``path`` through a ``.partial`` file: a half-written file never replaces a good one.

    The package's one writer of single files this way; folders are built with
    :func:`kwscourse.data.cache.building`.

    Examples
    --------
    >>> import pathlib
    >>> write_text_atomically(pathlib.Path(tmp()) / "a" / "b.txt", "hi").read_text()
    'hi'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8", newline="")
    partial.replace(path)
    return path


def write_csv(rows: list[GradeRow], questions: list[str], out_csv) -> Path:
    """Write the grades table, one row per submission.

    Examples
    --------
    >>> out = write_csv([GradeRow("ana.ipynb", "es", "ok", score=1)], ["q1"], Path(tmp()) / "g.csv")
    >>> out.read_text().splitlines()[0]
    'file,language,status,reason,score,max_score,q1'
    """
    table = io.StringIO()
    writer = csv.DictWriter(table, fieldnames=[*FIXED_COLUMNS, *questions])
    writer.writeheader()
    for row in rows:
        writer.writerow(row.csv_row(questions))
    return write_text_atomically(out_csv, table.getvalue())
