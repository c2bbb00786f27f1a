"""What every command group shares: argument types, and printing results and failures."""

from __future__ import annotations

import argparse
import json
import sys

from ..audio import files as batch
from ..i18n import t



def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(t("cli.bad_whole", value=text))
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(t("cli.bad_positive", value=text))
    return value


def json_help(keys: str) -> str:
    """The --json help of a classify command whose entries have ``keys`` besides "top"."""
    return ('print JSON instead of text: a list with one entry per file, in the order given: '
            '{' + keys + ', "top": [{"label", "score"}, ...]} for a file that was classified, '
            '{"file", "error"} for one that could not be read (the exit status is then 2)')


def report_failures(records) -> int:
    """Print each unreadable file's error (``batch.failure_records``) on stderr, then how many; the exit status."""
    for record in records:
        print(t("cli.error", message=record["error"]), file=sys.stderr)
    if records:
        print(t("cli.files_failed", count=len(records)), file=sys.stderr)
    return 2 if records else 0


def print_notice(notice: str, args=None) -> None:
    """Print a notice the library returned (a stand-in in use, the backend picked), if there is one.

    It goes to stdout, or to stderr when stdout carries JSON (``--json``).
    """
    if notice:
        print(notice, file=sys.stderr if getattr(args, "json", False) else sys.stdout)


def print_top(args, done, width: int) -> int:
    """Print ``done`` (``batch.try_each`` of ``args.files`` into result entries) as text or JSON."""
    failures = batch.failure_records(done.failures)
    if args.json:
        entries = {str(path): entry for path, entry in done}
        entries.update({record["file"]: record for record in failures})
        print(json.dumps([entries[str(path)] for path in args.files], ensure_ascii=False))
    else:
        for _, entry in done:
            print(entry["file"] + ("  " + t("hf.stand_in_result") if entry.get("stand_in") else ""))
            for rank, item in enumerate(entry["top"], 1):
                print(f"  {rank}. {item['label']:<{width}} {item['score']:.3f}")
    return report_failures(failures)
