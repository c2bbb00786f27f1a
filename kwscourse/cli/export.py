"""The command line's export commands: ``kws export`` and ``transfer export`` (a model to a phone),
and ``export web`` (an exported model in a web page).

    >>> import argparse
    >>> commands = argparse.ArgumentParser().add_subparsers(dest="group")
    >>> add_transfer_commands(commands)
    >>> add_export_commands(commands)
    >>> sorted(HANDLERS)
    [('export', 'web'), ('kws', 'export'), ('transfer', 'export')]
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from ..export import tflite as tflite_export
from .. import transfer
from ..export import web as web_export
from ..i18n import t


def _export_arguments(parser, what: str) -> None:
    parser.add_argument("model_dir", type=Path, help=what)
    parser.add_argument("out", type=Path, help="the .tflite file to write")
    parser.add_argument("--quantize", action="store_true", help="int8 weights (dynamic range): about 4x smaller")


def add_kws_export(kws) -> None:
    """``kws export MODEL_DIR OUT.tflite [--quantize]`` under the ``kws`` command group.

    Examples
    --------
    >>> import argparse
    >>> kws = argparse.ArgumentParser().add_subparsers(dest="action")
    >>> add_kws_export(kws)
    >>> kws.choices["export"].parse_args(["m", "m.tflite", "--quantize"]).quantize
    True
    """
    _export_arguments(kws.add_parser("export", help="a saved keyword model (either recipe) as one .tflite"),
                      "a folder written by kws train")


def add_transfer_commands(commands) -> None:
    """``transfer export CLASSIFIER_DIR OUT.tflite [--quantize]``: lesson 3's saved classifier, end to end.

    Examples
    --------
    >>> import argparse
    >>> commands = argparse.ArgumentParser().add_subparsers(dest="group")
    >>> add_transfer_commands(commands)
    >>> commands.choices["transfer"].parse_args(["export", "c", "c.tflite"]).out
    PosixPath('c.tflite')
    """
    group = commands.add_parser("transfer", help="lesson 3's classifier on YAMNet embeddings").add_subparsers(
        dest="action", required=True)
    _export_arguments(group.add_parser("export", help="waveform -> YAMNet -> head as one .tflite"),
                      "a folder written by ClipClassifier.save")


def add_export_commands(commands) -> None:
    """``export web MODEL.tflite OUT_DIR [--lang {en,es}]``: the model in a static web page.

    ``--lang`` after ``web`` (or before the command, as everywhere) sets the page's
    language and the messages'.

    Examples
    --------
    >>> import argparse
    >>> commands = argparse.ArgumentParser().add_subparsers(dest="group")
    >>> add_export_commands(commands)
    >>> commands.choices["export"].parse_args(["web", "kws.tflite", "site", "--lang", "es"]).lang
    'es'
    """
    group = commands.add_parser("export", help="an exported model, ready to use elsewhere").add_subparsers(
        dest="action", required=True)
    web = group.add_parser("web", help="a static web page that classifies the microphone with MODEL")
    web.add_argument("model", type=Path, help="a .tflite file written by kws export or transfer export")
    web.add_argument("out_dir", type=Path, help="the folder to write; any static web server can publish it")
    # SUPPRESS: when absent, a --lang given before the command stays in force.
    web.add_argument("--lang", choices=["en", "es"], default=argparse.SUPPRESS,
                     help="language of the page and of the messages (default: the course language)")


def _report(path: Path, quantize: bool) -> None:
    print(t("tflite.exported", path=path, size_kb=path.stat().st_size / 1024, count=len(tflite_export.read_labels(path)),
            int8=", int8" if quantize else ""))


def _kws_export(args) -> None:
    _report(tflite_export.export_keyword_folder(args.model_dir, args.out, quantize=args.quantize), args.quantize)


def _transfer_export(args) -> None:
    classifier = transfer.ClipClassifier.load(args.model_dir)
    _report(tflite_export.export_clip_classifier(classifier, args.out, quantize=args.quantize), args.quantize)


def _export_web(args) -> None:
    page = web_export.export_web(args.model, args.out_dir)  # main() has set the language from --lang
    print(t("web.exported", name=page.model_name, count=len(page.labels), folder=shlex.quote(str(page.folder))))


HANDLERS = {("kws", "export"): _kws_export, ("transfer", "export"): _transfer_export,
            ("export", "web"): _export_web}
