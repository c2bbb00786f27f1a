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
import json
import re
import sys
from collections import Counter
from pathlib import Path

from . import (batch, checks, cli_export, datasets, features, grading, hf, kws_embedding, models, sound_events,
               spotting, synth, tflite_export, yamnet)
from ._config import set_language, settings
from ._tf import keras as _keras
from .exercises import build as exercise_build
from .i18n import CourseError, ParameterError, t


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(t("cli.bad_whole", value=text))
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(t("cli.bad_positive", value=text))
    return value


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


def _json_help(keys: str) -> str:
    """The --json help of a classify command whose entries have ``keys`` besides "top"."""
    return ('print JSON instead of text: a list with one entry per file, in the order given: '
            '{' + keys + ', "top": [{"label", "score"}, ...]} for a file that was classified, '
            '{"file", "error"} for one that could not be read (the exit status is then 2)')


def _data_commands(commands) -> None:
    """``kwscourse data fetch`` and ``kwscourse data synth-keywords``."""
    data = commands.add_parser("data", help="download or make data sets").add_subparsers(
        dest="action", required=True)
    fetch = data.add_parser("fetch", help="download and cache a data set")
    fetch.add_argument("name", help="mini_speech_commands, esc50 or yamnet")
    fetch.add_argument("--url", help="download from this address instead")
    fetch.add_argument("--classes", help="esc50: comma-separated classes (default: the lesson's four)")
    fetch.add_argument("--backend", choices=["savedmodel", "tflite"], default="tflite",
                       help="yamnet: which model to download")
    synth_words = data.add_parser("synth-keywords", help="speak keywords with a synthesiser")
    synth_words.add_argument("out_dir", type=Path)
    synth_words.add_argument("--per-word", type=_positive_int, default=500, help="clips per word (default: 500)")
    synth_words.add_argument("--seed", type=int, default=0)
    synth_words.add_argument("--words", help="comma-separated words (default: the 8 lesson words)")
    synth_words.add_argument("--language", choices=["en", "es"], default="en", help="the voices' language")


def _kws_commands(commands) -> None:
    """``kwscourse kws train``, ``kws eval`` and ``kws predict`` (lesson 1)."""
    kws = commands.add_parser("kws", help="keyword spotting (lesson 1)").add_subparsers(
        dest="action", required=True)
    train = kws.add_parser("train", help="train the lesson's CNN on a word-folder tree")
    train.add_argument("data_dir", type=Path)
    train.add_argument("--out", type=Path, required=True)
    train.add_argument("--epochs", type=_positive_int, default=None,
                       help="default: 10 (tutorial), 40 (embedding)")
    train.add_argument("--recipe", default="tutorial", help="tutorial (the lesson's CNN) or embedding")
    train.add_argument("--extra-data", type=Path, action="append", default=[],
                       help="embedding: another word-folder tree to learn from (repeatable)")
    train.add_argument("--unknown-silence", action="store_true",
                       help="embedding: add _unknown_ and _silence_ classes, for live use")
    train.add_argument("--language", choices=["en", "es"], default="en",
                       help="embedding: language of the _unknown_ filler words")
    train.add_argument("--seed", type=int, default=0)
    evaluate = kws.add_parser("eval", help="accuracy of a saved model on a word-folder tree")
    evaluate.add_argument("model_dir", type=Path)
    evaluate.add_argument("data_dir", type=Path)
    predict = kws.add_parser("predict", help="top label of each file (unreadable files: an error each, exit 2)")
    predict.add_argument("model_dir", type=Path)
    predict.add_argument("files", nargs="+", type=Path)
    cli_export.add_kws_export(kws)


def _classify_commands(commands) -> None:
    """``kwscourse classify`` (YAMNet, lesson 2) and ``kwscourse hf classify`` (lesson 4)."""
    classify = commands.add_parser("classify", help="YAMNet's top classes for audio files (lesson 2)")
    classify.add_argument("files", nargs="+", type=Path)
    classify.add_argument("--backend", choices=["auto", "savedmodel", "tflite"], default="auto")
    classify.add_argument("--model-file", type=Path, help="a YAMNet TFLite model, or a file from kws/transfer export")
    classify.add_argument("--class-map", type=Path, help="a YAMNet class map CSV (default: cached)")
    classify.add_argument("--top", type=_positive_int, default=5)
    classify.add_argument("--json", action="store_true", help=_json_help('"file"'))
    hf_group = commands.add_parser("hf", help="Hugging Face audio classifiers (lesson 4)").add_subparsers(
        dest="action", required=True)
    hf_classify = hf_group.add_parser("classify", help="top labels of audio files")
    hf_classify.add_argument("files", nargs="+", type=Path)
    which = hf_classify.add_mutually_exclusive_group(required=True)
    which.add_argument("--task", choices=["genre", "emotion", "accent"])
    which.add_argument("--model", help="a Hub model id or a saved model folder")
    hf_classify.add_argument("--top", type=_positive_int, default=5)
    hf_classify.add_argument("--json", action="store_true", help=_json_help('"file", "stand_in"'))


def _instructor_commands(commands) -> None:
    """``kwscourse exercises build`` and ``kwscourse grade``."""
    exercises = commands.add_parser("exercises", help="exercise notebooks (instructors)").add_subparsers(
        dest="action", required=True)
    build = exercises.add_parser("build", help="student, solution and autograder builds, with otter assign")
    build.add_argument("out_dir", type=Path)
    build.add_argument("--sets", help="comma-separated exercise sets (default: all)")
    build.add_argument("--jobs", type=_positive_int, default=2)
    grade = commands.add_parser("grade", help="grade a folder of submissions (instructors)")
    grade.add_argument("submissions_dir", type=Path)
    grade.add_argument("--lesson", type=_positive_int, required=True)
    grade.add_argument("--out", type=Path, required=True, help="the grades CSV to write")
    grade.add_argument("--jobs", type=_positive_int, default=1, help="submissions graded at once")
    grade.add_argument("--timeout", type=_positive_float, default=60.0, help="seconds per submission")
    grade.add_argument("--build-dir", type=Path, help="an exercises build (default: built in the cache)")
    grade.add_argument("--feedback-dir", type=Path, help="default: feedback/ beside the CSV")


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
    for add_commands in (_data_commands, _kws_commands, _classify_commands, cli_export.add_transfer_commands,
                         cli_export.add_export_commands, _instructor_commands):
        add_commands(commands)
    return parser


def _report_failures(records) -> int:
    """Print each unreadable file's error (``batch.failure_records``) on stderr, then how many; the exit status."""
    for record in records:
        print(t("cli.error", message=record["error"]), file=sys.stderr)
    if records:
        print(t("cli.files_failed", count=len(records)), file=sys.stderr)
    return 2 if records else 0


def _print_notice(notice: str, args=None) -> None:
    """Print a notice the library returned (a stand-in in use, the backend picked), if there is one.

    It goes to stdout, or to stderr when stdout carries JSON (``--json``).
    """
    if notice:
        print(notice, file=sys.stderr if getattr(args, "json", False) else sys.stdout)


def _print_top(args, done, width: int) -> int:
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
    return _report_failures(failures)


def _hf_classify(args) -> int:
    classifier = hf.load(args.task, model=args.model)
    _print_notice(classifier.notice, args)  # with --json, the stand-in flag also travels inside the JSON

    def classify(path):
        table = hf.classify(path, pipe=classifier, top_k=min(args.top, len(classifier.labels)))
        return {"file": str(path), "stand_in": bool(table.attrs["stand_in"]),
                "top": [{"label": row.label, "score": round(float(row.score), 6)} for row in table.itertuples()]}

    return _print_top(args, batch.try_each(args.files, classify), width=20)


def _data_fetch(args) -> int | None:
    if args.name == "esc50":
        classes = [c.strip() for c in args.classes.split(",")] if args.classes else sound_events.EVENT_CLASSES
        table = datasets.esc50.esc50_subset(classes, url=args.url)
        print(t("cli.fetched", name="esc50", path=Path(table.path[0]).parent))
        return _report_failures(table.attrs["failures"])
    if args.name == "yamnet":
        model = yamnet.load(args.backend)
        _print_notice(model.notice)
        print(t("cli.fetched", name=f"yamnet ({model.backend})", path=model.source))
        return
    folder = datasets.fetch(args.name, url=args.url)
    print(t("cli.fetched", name=args.name, path=folder))


def _classify(args) -> int:
    if args.model_file is not None and tflite_export.is_exported(args.model_file):
        model = tflite_export.ExportedClassifier(args.model_file)  # the student's own labels are inside
    else:
        model = yamnet.load(args.backend, model_file=args.model_file, class_map=args.class_map)
        _print_notice(model.notice, args)

    def classify(path):
        top = model.classify_file(path, k=args.top)
        return {"file": str(path), "top": [{"label": label, "score": round(score, 6)} for label, score in top]}

    return _print_top(args, batch.try_each(args.files, classify), width=40)


def _data_synth(args) -> None:
    words = [w.strip() for w in args.words.split(",")] if args.words else synth.KEYWORDS
    folder = synth.synth_keywords(args.out_dir, args.per_word, words=words, seed=args.seed,
                                  language=args.language)
    print(t("cli.wrote", count=args.per_word * len(words), path=folder))
    print(synth.stand_in_notice(folder))


def _train_embedding(args) -> int:
    """``kws train --recipe embedding``: a head on the speech embedding, on every tree given."""
    trees = [args.data_dir, *args.extra_data]
    trained = kws_embedding.train_on_folders(trees, epochs=args.epochs or 40, seed=args.seed,
                                             unknown_silence=args.unknown_silence, language=args.language)
    head, labels, history, accuracy = trained
    kws_embedding.save(head, labels, args.out, history, {"data": [str(tree) for tree in trees]})
    print(t("cli.trained", path=args.data_dir, accuracy=accuracy, out=args.out))
    return _report_failures(batch.failure_records(trained.failures))


def _train_tutorial(args) -> int:
    """``kws train``: the lesson's CNN, as lesson 1 trains it."""
    _keras().utils.set_random_seed(args.seed)  # the CLI owns its process: a global seed is fine here
    splits = features.keyword_splits(args.data_dir, seed=args.seed)
    train_ds, val_ds, _, label_names = splits
    train_spec = features.to_spectrogram_dataset(train_ds)
    val_spec = features.prepare(features.to_spectrogram_dataset(val_ds))
    model = models.build_kws_model(train_spec.element_spec[0].shape[1:], label_names,
                                   models.adapted_normalization(train_spec))
    models.compile_model(model)
    history = models.train(model, features.prepare(train_spec, shuffle=True, seed=args.seed),
                           val_spec, epochs=args.epochs or 10, progress=print)
    models.save_model_dir(model, label_names, args.out, history)
    accuracy = history.history.get("val_accuracy", [float("nan")])[-1]
    print(t("cli.trained", path=args.data_dir, accuracy=accuracy, out=args.out))
    return _report_failures(batch.failure_records(splits.failures))


def _kws_train(args) -> int:
    checks.one_of(args.recipe, "--recipe", models.RECIPES)
    if args.recipe == "embedding":
        return _train_embedding(args)
    if args.extra_data or args.unknown_silence:
        raise ParameterError("models.embedding_only")
    return _train_tutorial(args)


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


def _kws_eval(args) -> int:
    spotter, label_names = spotting.load_model_dir(args.model_dir)
    report = spotting.evaluate_folder(spotter, label_names, args.data_dir)
    print(json.dumps(report.to_dict()))
    return _report_failures(report.failures)


def _kws_predict(args) -> int:
    spotter, label_names = spotting.load_model_dir(args.model_dir)
    results = spotting.predict_files(spotter, label_names, args.files)
    for path, label, score in results:
        print(f"{path}\t{label}\t{score:.4f}")
    return _report_failures(batch.failure_records(results.failures))


HANDLERS = {
    ("data", "fetch"): _data_fetch,
    ("data", "synth-keywords"): _data_synth,
    ("kws", "train"): _kws_train,
    ("kws", "eval"): _kws_eval,
    ("kws", "predict"): _kws_predict,
    ("classify", None): _classify,
    ("hf", "classify"): _hf_classify,
    ("exercises", "build"): _exercises_build,
    ("grade", None): _grade,
    **cli_export.HANDLERS,
}


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
