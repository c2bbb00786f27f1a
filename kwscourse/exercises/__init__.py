"""Exercises: self-checks in the notebook, in the student's language, on otter-grader.

Every lesson has a short exercise notebook (``notebooks/<lang>/exercises/``), built
from one bilingual source by ``otter assign`` (see :mod:`kwscourse.exercises.build`).
Its setup cell makes a :class:`Grader`; the cell after each answer runs
``grader.check("q1_...")``. Checks never raise: they report, politely, what passes
and what does not. Their public tests travel inside this package, so they work the
same in JupyterLab and in Colab (where otter needs the tests as local files)::

    >>> grader = Grader("01_keyword_spotting")
    >>> grader.questions()[:2]
    ['q1_centre', 'q2_bins']
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .._internal.config import settings
from ..i18n import t
from .build import known_set, read_source

PUBLIC_TESTS = Path(__file__).resolve().parent / "public_tests"


def public_tests_dir(stem: str, lang: str | None = None) -> Path:
    """The folder of one exercise set's public tests in ``lang`` (default: the current one).

    >>> public_tests_dir("01_keyword_spotting", "es").name
    '01_keyword_spotting'
    """
    return PUBLIC_TESTS / (lang or settings.language) / stem


@dataclass
class CaseResult:
    """One test of a question: passed or not, with its hint and any error the answer raised.

    >>> CaseResult(1, passed=False, points=1.0, hint="Pad with zeros.").raised
    ''
    """

    number: int
    passed: bool
    points: float
    hidden: bool = False
    hint: str = ""
    raised: str = ""  # "TypeError: ..." when the student's code raised, not a failed assert


@dataclass
class CheckResult:
    """The outcome of ``grader.check(question)``, shown in the student's language.

    Examples
    --------
    >>> result = CheckResult("q1_pad", [CaseResult(1, True, 1.0), CaseResult(2, False, 1.0, hint="Pad with zeros.")])
    >>> result.passed, result.score, result.possible
    (False, 1.0, 2.0)
    >>> result
    ❌ q1_pad: 1/2 checks pass.
       Check 2 fails: Pad with zeros.
    """

    question: str
    cases: list[CaseResult] = field(default_factory=list)
    problem: str = ""  # set when the check itself could not run

    @property
    def passed(self) -> bool:
        """True when the check ran and every test passed."""
        return bool(self.cases) and not self.problem and all(c.passed for c in self.cases)

    @property
    def score(self) -> float:
        """The points of the tests that passed."""
        return sum(c.points for c in self.cases if c.passed)

    @property
    def possible(self) -> float:
        """The points of all the tests."""
        return sum(c.points for c in self.cases)

    def lines(self, *, show_errors: bool = True) -> list[str]:
        """The report, one line per item, in the current language."""
        if self.problem:
            return [f"❌ {self.question}: {self.problem}"]
        if self.passed:
            return [t("exercises.all_passed", question=self.question, count=len(self.cases))]
        out = [t("exercises.some_failed", question=self.question,
                 passed=sum(c.passed for c in self.cases), count=len(self.cases))]
        for case in self.cases:
            if case.passed:
                continue
            out.append("   " + t("exercises.case_failed", number=case.number, hint=case.hint))
            if case.raised and show_errors:
                out.append("      " + t("exercises.case_raised", error=case.raised))
        return out

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        color = "#1a7f37" if self.passed else "#b35900"
        body = "<br>".join(html.escape(line).replace("   ", "&nbsp;&nbsp;&nbsp;") for line in self.lines())
        return f'<div style="border-left:4px solid {color};padding:4px 10px">{body}</div>'


def _raised(message: str) -> str:
    """The "Type: text" line otter puts last when a test's code raised something other than assert."""
    last = (message or "").strip().splitlines()[-1:] or [""]
    return "" if last[0].startswith("AssertionError") else last[0]


def from_otter(test_file) -> CheckResult:
    """Turn otter's ``TestFile`` result into a :class:`CheckResult`.

    Examples
    --------
    >>> from otter.test_files import ExceptionTestFile
    >>> test = ExceptionTestFile.from_file(str(public_tests_dir("01_keyword_spotting", "en") / "q2_bins.py"))
    >>> test.run({"loudest_hz": lambda spec: 1375.0, "spec": None})
    >>> from_otter(test).passed
    True
    """
    cases = []
    for number, res in enumerate(test_file.test_case_results, 1):
        case = res.test_case
        cases.append(CaseResult(number, bool(res.passed), float(case.points or 0), bool(case.hidden),
                                case.failure_message or "", "" if res.passed else _raised(res.message)))
    return CheckResult(test_file.name, cases)


class Grader:
    """The ``grader`` of an exercise notebook: ``grader.check("q1_...")`` and ``grader.check_all()``.

    A thin layer over ``otter.Notebook``: otter finds and runs the tests, and this class
    reports the result in the student's language. While an instructor grades, otter
    points every check at the full (hidden) tests itself.

    >>> Grader("no_such_set")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.CourseError: There is no exercise set 'no_such_set'. Known: 01_keyword_spotting...
    """

    def __init__(self, stem: str):
        self.stem = known_set(stem)

    def questions(self, lang: str | None = None) -> list[str]:
        """The names of the questions whose tests this grader has.

        >>> Grader("01_keyword_spotting").questions("es")[-1]
        'q5_confusion'
        """
        return sorted(p.stem for p in public_tests_dir(self.stem, lang).glob("q*.py"))

    def _notebook(self):
        import otter

        return otter.Notebook(tests_dir=str(public_tests_dir(self.stem)))

    def check(self, question: str, global_env: dict | None = None) -> CheckResult:
        """Run the tests of ``question`` against the notebook's variables; never raises.

        >>> Grader("01_keyword_spotting").check("q2_bins", {"loudest_hz": lambda spec: 1375.0, "spec": None})
        ✅ q2_bins: 1/1 checks pass.
        """
        env = global_env if global_env is not None else sys._getframe(1).f_globals
        if question not in self.questions():
            return CheckResult(question, problem=t("exercises.unknown_question", question=question,
                                                   known=", ".join(self.questions())))
        try:
            return from_otter(self._notebook().check(question, global_env=env))
        except Exception as err:  # a check must never stop a notebook
            return CheckResult(question, problem=t("exercises.check_crashed", error=f"{type(err).__name__}: {err}"))

    def manual(self) -> dict[str, float]:
        """The questions your instructor grades by hand (they have no checks), with their points.

        >>> Grader("01_keyword_spotting").manual()
        {'q6_open': 2.0}
        """
        from ..authoring.notebook_questions import manual_questions

        return {name: info["points"] for name, info in manual_questions(read_source(self.stem)).items()}

    def check_all(self, global_env: dict | None = None) -> "Summary":
        """Run every question's tests and add up the points; list the questions graded by hand.

        >>> summary = Grader("01_keyword_spotting").check_all({})  # nothing answered yet
        >>> summary.score, summary.possible > 0, summary.manual
        (0, True, {'q6_open': 2.0})
        """
        env = global_env if global_env is not None else sys._getframe(1).f_globals
        return Summary([self.check(q, env) for q in self.questions()], self.manual())


@dataclass
class Summary:
    """All questions' results and the points, shown in the student's language.

    Questions graded by hand are listed, never counted as passed or failed.

    >>> Summary([CheckResult("q1", [CaseResult(1, True, 2.0)])], {"q6_open": 2.0})
    ✅ q1: 1/1 checks pass.
    ✍️ q6_open: your instructor grades this answer by hand (2 points).
    Points from the visible checks: 2 of 2.
    """

    results: list[CheckResult]
    manual: dict[str, float] = field(default_factory=dict)  # graded by hand: name -> points

    @property
    def score(self) -> float:
        """The points of every question."""
        return sum(r.score for r in self.results)

    @property
    def possible(self) -> float:
        """The points the visible tests are worth in all."""
        return sum(r.possible for r in self.results)

    def _manual_lines(self) -> list[str]:
        return [t("exercises.manual_pending", question=name, points=points) for name, points in self.manual.items()]

    def __repr__(self) -> str:
        lines = [line for r in self.results for line in r.lines(show_errors=False)]
        return "\n".join(lines + self._manual_lines()
                         + [t("exercises.total", score=self.score, possible=self.possible)])

    def _repr_html_(self) -> str:
        inner = "".join(r._repr_html_() for r in self.results)
        inner += "".join(f'<div style="border-left:4px solid #57606a;padding:4px 10px">{html.escape(line)}</div>'
                         for line in self._manual_lines())
        total = html.escape(t("exercises.total", score=self.score, possible=self.possible))
        return f"{inner}<p><strong>{total}</strong></p>"
