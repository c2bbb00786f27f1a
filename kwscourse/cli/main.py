"""The ``kwscourse`` command line.

    kwscourse data fetch mini_speech_commands
    kwscourse data synth-keywords OUT_DIR --per-word N [--seed S] [--words a,b] [--language en|es]
    kwscourse kws train DATA_DIR --out MODEL_DIR [--epochs N] [--recipe tutorial]
    kwscourse kws eval MODEL_DIR DATA_DIR          (prints JSON with "accuracy")
    kwscourse kws predict MODEL_DIR FILE...        (prints: path label score)
    kwscourse data fetch esc50 [--classes a,b,c]
    kwscourse data fetch yamnet [--backend savedmodel|tflite]
    kwscourse classify FILE... [--backend auto|savedmodel|tflite] [--model-file PATH]
                               [--class-map CSV] [--top 5] [--json]
    kwscourse hf classify FILE... (--task genre|emotion|accent | --model ID_OR_DIR) [--top 5] [--json]
    kwscourse exercises build OUT_DIR [--sets 01_keyword_spotting,...] [--jobs 2]
    kwscourse grade SUBMISSIONS_DIR --lesson N --out grades.csv [--jobs J] [--timeout S]
                    [--build-dir DIR] [--feedback-dir DIR]

Add ``--lang es`` before the command for Spanish messages. Errors print one
clear line and exit with status 2; nothing is left half-written.

Commands that read many files (classify, hf classify, kws predict, kws eval, kws
train, data fetch esc50) never let one bad file cost the others: every file that
can be read is reported as usual, each one that cannot gets its own error line on
stderr (naming it), and the exit status is 2 at the end. With ``--json`` the list
has one entry per file, in the order given: ``{"file", "top": [{"label", "score"}]}``
for a file that was classified, ``{"file", "error"}`` for one that could not be read.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from pathlib import Path

from .._internal.config import set_language, settings
from ..i18n import CourseError, t
from . import classify, data, export, instructor, kws


# argparse's own messages, as it formats them, and their catalogue keys.
ARGPARSE_MESSAGES = (
    (re.compile(r"^the following arguments are required: (?P<names>.+)$"), "cli.missing_arguments"),
    (re.compile(r"^unrecognized arguments: (?P<names>.+)$"), "cli.unknown_arguments"),
    (re.compile(r"^argument (?P<name>[^:]+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$"),
     "cli.bad_choice"),
    (re.compile(r"^argument (?P<name>[^:]+): expected one argument$"), "cli.expected_value"),
    (re.compile(r"^argument (?P<name>[^:]+): (?P<message>.+)$"), "cli.bad_argument"),
)


class CourseArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose error messages come from the course's catalogue.

    >>> CourseArgumentParser.translate("unrecognized arguments: --x")
    'unrecognized arguments: --x'
    """

    @staticmethod
    def translate(message: str) -> str:
        """argparse's English ``message`` in the course language (unchanged when it is not one we know)."""
        for pattern, key in ARGPARSE_MESSAGES:
            match = pattern.match(message)
            if match:
                return t(key, **match.groupdict())
        return message

    def error(self, message):
        """Print the usage and the translated error on stderr, and exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.error", message=self.translate(message)) + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``kwscourse`` command.

    Returns
    -------
    argparse.ArgumentParser
        Its error messages are in the course language (:class:`CourseArgumentParser`).

    Examples
    --------
    >>> build_parser().parse_args(['kws', 'eval', 'model', 'data']).action
    'eval'
    """
    parser = CourseArgumentParser(prog="kwscourse", description=t("cli.description"))
    parser.add_argument("--lang", choices=["en", "es"], help="language of messages")
    parser.add_argument("--data-dir", type=Path, help="data cache (default: $KWSCOURSE_DATA or data/)")
    commands = parser.add_subparsers(dest="group", required=True)
    for add_commands in (data.add_commands, kws.add_commands, classify.add_commands, export.add_transfer_commands,
                         export.add_export_commands, instructor.add_commands):
        add_commands(commands)
    return parser


HANDLERS = {**data.HANDLERS, **kws.HANDLERS, **classify.HANDLERS, **instructor.HANDLERS,
            **export.HANDLERS}


def main(argv=None) -> int:
    """Run the command line.

    ``--lang`` and ``--data-dir`` hold for this call only: the settings are as before
    when it returns, so calling ``main`` from Python changes nothing else.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 when all went well, 2 for a user error (one line on stderr,
        in the course language) or when any file could not be read, 130 when interrupted.

    Examples
    --------
    >>> main(['kws', 'predict', '/nonexistent-model', 'a.wav'])
    2
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    before = (settings.language, settings.data_dir)
    try:
        if "--lang" in argv[:-1]:  # before parsing, so that argument errors speak it too
            with contextlib.suppress(Exception):
                set_language(argv[argv.index("--lang") + 1])
        args = build_parser().parse_args(argv)
        if args.lang:
            set_language(args.lang)
        if args.data_dir:
            settings.data_dir = args.data_dir
        status = HANDLERS[(args.group, getattr(args, "action", None))](args) or 0
    except CourseError as err:
        print(t("cli.error", message=err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        settings.language, settings.data_dir = before
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
