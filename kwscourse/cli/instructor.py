"""``kwscourse exercises build`` and ``kwscourse grade``: the instructors' commands."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..authoring import grading
from ..exercises import build as exercise_build
from ..i18n import t
from .common import positive_float, positive_int



def add_commands(commands) -> None:
    """``kwscourse exercises build`` and ``kwscourse grade``."""
    exercises = commands.add_parser("exercises", help="exercise notebooks (instructors)").add_subparsers(
        dest="action", required=True)
    build = exercises.add_parser("build", help="student, solution and autograder builds, with otter assign")
    build.add_argument("out_dir", type=Path)
    build.add_argument("--sets", help="comma-separated exercise sets (default: all)")
    build.add_argument("--jobs", type=positive_int, default=2)
    grade = commands.add_parser("grade", help="grade a folder of submissions (instructors)")
    grade.add_argument("submissions_dir", type=Path)
    grade.add_argument("--lesson", type=positive_int, required=True)
    grade.add_argument("--out", type=Path, required=True, help="the grades CSV to write")
    grade.add_argument("--jobs", type=positive_int, default=1, help="submissions graded at once")
    grade.add_argument("--timeout", type=positive_float, default=60.0, help="seconds per submission")
    grade.add_argument("--build-dir", type=Path, help="an exercises build (default: built in the cache)")
    grade.add_argument("--feedback-dir", type=Path, help="default: feedback/ beside the CSV")


def _exercises_build(args) -> None:
    sets = [name.strip() for name in args.sets.split(",")] if args.sets else None
    print(t("exercises.built", path=exercise_build.build(args.out_dir, sets=sets, jobs=args.jobs)))


def _grade(args) -> None:
    rows = grading.grade_folder(args.submissions_dir, args.lesson, args.out, jobs=args.jobs,
                                timeout=args.timeout, build_dir=args.build_dir,
                                feedback_dir=args.feedback_dir)
    counts = Counter(row.status for row in rows)
    statuses = ", ".join(f"{status} {counts[status]}" for status in grading.STATUSES if counts[status])
    feedback = args.feedback_dir or args.out.parent / "feedback"
    print(t("grading.summary", count=len(rows), statuses=statuses or "-", csv=args.out, feedback=feedback))


HANDLERS = {
    ("exercises", "build"): _exercises_build,
    ("grade", None): _grade,
}
