"""Refresh what the repository carries of the exercises, from their one source.

Builds every exercise set with ``otter assign`` (kwscourse.exercises.build), then
copies the student notebooks to ``notebooks/<lang>/exercises/`` and the public tests
to ``kwscourse/exercises/public_tests/<lang>/`` (package data, so that the checks
travel with ``pip install``, as Colab needs). ``--check`` only reports stale files.

Usage:  python tools/build_exercises.py [--check]
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

from kwscourse.exercises import PUBLIC_TESTS, build

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def targets(built: Path) -> list[tuple[Path, Path]]:
    """(fresh file, committed file) pairs for every file the repository carries."""
    pairs = []
    for lang in build.LANGUAGES:
        for notebook in sorted((built / lang / "student").glob("*.ipynb")):
            pairs.append((notebook, NOTEBOOKS / lang / "exercises" / notebook.name))
        for test in sorted((built / lang / "public_tests").glob("*/*.py")):
            pairs.append((test, PUBLIC_TESTS / lang / test.parent.name / test.name))
    return pairs


def stale_files(built: Path) -> list[Path]:
    """Committed files that differ from a fresh build, or that a fresh build no longer makes."""
    pairs = targets(built)
    stale = [old for new, old in pairs if not old.is_file() or not filecmp.cmp(new, old, shallow=False)]
    expected = {old for _, old in pairs}
    carried = set(NOTEBOOKS.glob("*/exercises/*.ipynb")) | set(PUBLIC_TESTS.glob("*/*/*.py"))
    return stale + sorted(carried - expected)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        built = build.build(tmp)
        stale = stale_files(built)
        if not args.check:
            for new, old in targets(built):
                old.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(new, old)
            for extra in set(stale) - {old for _, old in targets(built)}:
                extra.unlink()
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
