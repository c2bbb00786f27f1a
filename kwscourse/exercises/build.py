"""Build the exercise notebooks from their one bilingual source, with ``otter assign``.

For every exercise set and language this writes an otter *master notebook* (raw
``# ASSIGNMENT CONFIG`` / ``# BEGIN QUESTION`` / ``# BEGIN TESTS`` cells around our
cells), runs ``otter assign`` on it (which also runs every test against the
solutions and fails when one does not pass), and sorts what it makes::

    OUT_DIR/<lang>/student/<set>.ipynb       answers and hidden tests removed
    OUT_DIR/<lang>/solutions/<set>.ipynb     the solved notebook
    OUT_DIR/<lang>/autograder/<set>.zip      otter's autograder: every test
    OUT_DIR/<lang>/public_tests/<set>/*.py   the tests students may see

    >>> exercise_sets()[:1]
    ['01_keyword_spotting']
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from .._internal import checks
from ..authoring import notebook_source
from ..i18n import CourseError
from ..authoring.notebook_questions import manual_questions
from ..authoring.notebook_source import LANGUAGES, Cell

SOURCES = Path(__file__).resolve().parent / "sources"
ASSIGN_TIMEOUT_S = 600
# The otter-grader the exercise notebooks install in Colab, without its dependencies: the
# package's `exercises` extra brings what its checks import, at versions Colab already has.
OTTER_IN_COLAB = "otter-grader==7.0.0"
# The empty answer cell of a question graded by hand, and the id of its grading guide
# (in the solutions notebook only): the answer cell's id plus this.
ANSWER_PLACEHOLDER = {"en": "_Write your answer here, in place of this line._",
                      "es": "_Escribe aquí tu respuesta, en lugar de esta línea._"}
GUIDE_SUFFIX = "-guide"


def exercise_sets() -> list[str]:
    """The exercise sets, one per lesson, by file stem.

    >>> len(exercise_sets()) >= 1
    True
    """
    return sorted(p.stem for p in SOURCES.glob("*.md"))


def assignment_name(stem: str) -> str:
    """The name otter stamps on a set's notebooks; its autograder refuses any other.

    >>> assignment_name("01_keyword_spotting")
    'kwscourse-01_keyword_spotting'
    """
    return f"kwscourse-{stem}"


def lesson_number(stem: str) -> int:
    """The lesson an exercise set belongs to, from its name.

    >>> lesson_number("03_transfer_learning")
    3
    """
    return int(stem.split("_", 1)[0])


def known_set(stem: str) -> str:
    """``stem`` when it names an exercise set.

    Raises
    ------
    CourseError
        ``exercises.unknown_set``, naming the sets there are.

    Examples
    --------
    >>> known_set("no_such_set")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.CourseError: There is no exercise set 'no_such_set'. Known: 01_keyword_spotting, 02_yamnet, ...
    """
    if stem not in exercise_sets():
        raise CourseError("exercises.unknown_set", name=stem, known=", ".join(exercise_sets()))
    return stem


def read_source(stem: str) -> list[Cell]:
    """The cells of one exercise set's source, checked (see :mod:`kwscourse.authoring.notebook_source`).

    Examples
    --------
    >>> [cell.kind for cell in read_source("01_keyword_spotting")][:2]
    ['markdown', 'code']
    """
    return notebook_source.parse(SOURCES / f"{known_set(stem)}.md", reserved=notebook_source.GENERATED_IDS,
                                 exercises=True)


def _raw(cell_id: str, text: str) -> Cell:
    return Cell("raw", cell_id, {lang: text for lang in LANGUAGES})


def _test_cell(cell: Cell, lang: str) -> Cell:
    config = yaml.safe_dump({"hidden": cell.hidden, "points": cell.points,
                             "failure_message": cell.failure[lang]},
                            allow_unicode=True, sort_keys=False, width=10_000)
    text = f'""" # BEGIN TEST CONFIG\n{config}""" # END TEST CONFIG\n{cell.text[lang]}'
    return Cell("code", cell.cell_id, {lang_: text for lang_ in LANGUAGES})


def _answer_cells(cell: Cell) -> list[Cell]:
    """A manual question's answer: otter's prompt (an empty answer cell in the notebook's
    language, which students fill in) and, as its solution, the grading guide."""
    return [_raw(f"{cell.cell_id}-prompt", "# BEGIN PROMPT"),
            Cell("markdown", cell.cell_id, dict(ANSWER_PLACEHOLDER)),
            _raw(f"{cell.cell_id}-end-prompt", "# END PROMPT"),
            _raw(f"{cell.cell_id}-begin", "# BEGIN SOLUTION"),
            Cell("markdown", f"{cell.cell_id}{GUIDE_SUFFIX}", cell.text),
            _raw(f"{cell.cell_id}-end", "# END SOLUTION")]


def master_cells(stem: str, lang: str) -> list[Cell]:
    """The master notebook's cells in ``lang``: our cells inside otter's raw markers.

    Examples
    --------
    >>> cells = master_cells("01_keyword_spotting", "es")
    >>> cells[0].text["es"].splitlines()[0], [c.cell_id for c in cells[1:4]]
    ('# ASSIGNMENT CONFIG', ['colab-badge', 'install', 'setup'])
    """
    config = {
        "name": assignment_name(stem),
        "init_cell": False,  # our setup cell makes `grader`, with the tests in the package
        "check_all_cell": False,  # the source ends with its own bilingual check-all cell
        "export_cell": False,  # students hand in the .ipynb itself
        "run_tests": True,
        "solutions_pdf": False,
        "template_pdf": False,
        "tests": {"files": True, "ok_format": False},  # Colab needs the tests as files
    }
    cells = [_raw("assignment-config", "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False))]
    cells += notebook_source.generated_cells(
        f"notebooks/{lang}/exercises/{stem}.ipynb", lang, extras="exercises", no_deps=(OTTER_IN_COLAB,),
        setup_lines=(f'grader = kwscourse.exercises.Grader("{stem}")',))
    in_tests = False
    for cell in read_source(stem):
        if cell.kind == "question":
            config = {"name": cell.cell_id, **({"manual": True, "points": cell.points} if cell.manual else {})}
            cells.append(_raw(f"{cell.cell_id}-begin", "# BEGIN QUESTION\n" + yaml.safe_dump(config, sort_keys=False)))
        elif cell.kind == "test":
            if not in_tests:
                cells.append(_raw(f"{cell.cell_id}-tests", "# BEGIN TESTS"))
                in_tests = True
            cells.append(_test_cell(cell, lang))
        elif cell.kind == "end":
            cells += [_raw(f"{cell.cell_id}-end-tests", "# END TESTS")] if in_tests else []
            cells.append(_raw(f"{cell.cell_id}-end", "# END QUESTION"))
            in_tests = False
        elif cell.kind == "answer":
            cells += _answer_cells(cell)
        elif cell.kind == "solution":
            cells.append(_raw(f"{cell.cell_id}-begin", "# BEGIN SOLUTION"))
            cells.append(Cell("code", cell.cell_id, cell.text, cell.tags))
            cells.append(_raw(f"{cell.cell_id}-end", "# END SOLUTION"))
        else:
            cells.append(cell)
    return cells


def master_notebook(stem: str, lang: str):
    """The otter master notebook of one set in one language (an nbformat node).

    Examples
    --------
    >>> master_notebook("02_yamnet", "en").metadata["kwscourse"]["lesson"]
    2
    """
    return notebook_source.build_notebook(master_cells(stem, lang), lang, {
        "exercises": stem, "lesson": lesson_number(stem), "language": lang,
        "source": f"kwscourse/exercises/sources/{stem}.md",
        "manual": manual_questions(read_source(stem))})


def _assign(stem: str, lang: str, out_dir: Path) -> None:
    import nbformat

    work = out_dir / "_assign" / lang / stem
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    master = work / f"{stem}.ipynb"
    nbformat.write(master_notebook(stem, lang), master)
    result = work / "dist"
    try:
        run = subprocess.run([sys.executable, "-m", "otter", "assign", "--no-pdfs", master.name,
                              str(result)], cwd=work, capture_output=True, text=True,
                             timeout=ASSIGN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise CourseError("exercises.assign_failed", name=f"{lang}/{stem}",
                          detail=f"timeout after {ASSIGN_TIMEOUT_S} s") from None
    if run.returncode != 0:
        detail = (run.stdout + run.stderr).strip().splitlines()[-12:]
        raise CourseError("exercises.assign_failed", name=f"{lang}/{stem}", detail="\n".join(detail))
    _collect(stem, lang, result, out_dir / lang)


CHECK_CALL = re.compile(r'^grader\.check\("([A-Za-z0-9_]+)"\)$')
# otter marks a manual question's first and next markdown cells for its PDF export, which we do not make.
EXPORT_MARK = re.compile(r"\A<!-- (BEGIN|END) QUESTION -->\n\n?")


def _stable_copy(source: Path, target: Path) -> None:
    """Copy an otter-made notebook, giving its check cells fixed ids (otter picks random ones)
    and dropping otter's PDF-export marks from markdown cells."""
    import nbformat

    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        match = CHECK_CALL.match(cell.source.strip())
        if cell.cell_type == "code" and match:
            cell.id = f"{match.group(1)}-check"
        elif cell.cell_type == "markdown":
            cell.source = EXPORT_MARK.sub("", cell.source)
    target.write_text(nbformat.writes(nb, version=4) + "\n", encoding="utf-8")


def _collect(stem: str, lang: str, result: Path, lang_dir: Path) -> None:
    """Move otter's output into the student / solutions / autograder layout."""
    for part in ("student", "solutions", "autograder"):
        (lang_dir / part).mkdir(parents=True, exist_ok=True)
    _stable_copy(result / "student" / f"{stem}.ipynb", lang_dir / "student" / f"{stem}.ipynb")
    _stable_copy(result / "autograder" / f"{stem}.ipynb", lang_dir / "solutions" / f"{stem}.ipynb")
    (zip_file,) = (result / "autograder").glob("*.zip")
    shutil.copy2(zip_file, lang_dir / "autograder" / f"{stem}.zip")
    tests = lang_dir / "public_tests" / stem
    if tests.exists():
        shutil.rmtree(tests)
    shutil.copytree(result / "student" / "tests", tests)


def build(out_dir, *, sets=None, languages=LANGUAGES, jobs: int = 2) -> Path:
    """Build every exercise set in every language into ``out_dir``; returns it.

    Each set runs ``otter assign`` in its own process (about a minute), ``jobs`` of them
    at a time; every source is checked before the first one starts.

    Raises
    ------
    CourseError
        ``exercises.unknown_set``, or ``exercises.assign_failed`` with otter's last lines.

    Examples
    --------
    >>> build(tmp(), sets=["01_keyword_spotting", "99_none"])
    Traceback (most recent call last):
    ...
    kwscourse.i18n.CourseError: There is no exercise set '99_none'. Known: 01_keyword_spotting, 02_yamnet, ...
    """
    jobs = checks.whole_number(jobs, "jobs")
    out_dir = Path(out_dir).resolve()
    sets = list(sets or exercise_sets())
    for stem in sets:
        read_source(stem)  # refuse a broken source before starting any process
    pairs = [(stem, lang) for stem in sets for lang in languages]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(_assign, stem, lang, out_dir) for stem, lang in pairs]:
            future.result()
    shutil.rmtree(out_dir / "_assign", ignore_errors=True)
    return out_dir
