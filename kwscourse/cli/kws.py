"""``kwscourse kws train``, ``kws eval`` and ``kws predict`` (lesson 1)."""

from __future__ import annotations

import json
from pathlib import Path

from .._internal import checks
from .._internal.tf import keras as _keras
from ..audio import files as batch
from ..i18n import ParameterError, t
from ..kws import cnn as models
from ..kws import features, spotting
from ..kws import head as kws_embedding
from . import export as cli_export
from .common import positive_int, report_failures



def add_commands(commands) -> None:
    """``kwscourse kws train``, ``kws eval`` and ``kws predict`` (lesson 1)."""
    kws = commands.add_parser("kws", help="keyword spotting (lesson 1)").add_subparsers(
        dest="action", required=True)
    train = kws.add_parser("train", help="train the lesson's CNN on a word-folder tree")
    train.add_argument("data_dir", type=Path)
    train.add_argument("--out", type=Path, required=True)
    train.add_argument("--epochs", type=positive_int, default=None,
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


def _train_embedding(args) -> int:
    """``kws train --recipe embedding``: a head on the speech embedding, on every tree given."""
    trees = [args.data_dir, *args.extra_data]
    trained = kws_embedding.train_on_folders(trees, epochs=args.epochs or 40, seed=args.seed,
                                             unknown_silence=args.unknown_silence, language=args.language)
    kws_embedding.save(trained.head, trained.labels, args.out, trained.history,
                       {"data": [str(tree) for tree in trees]})
    print(t("cli.trained", path=args.data_dir, accuracy=trained.accuracy, out=args.out))
    return report_failures(batch.failure_records(trained.failures))


def _train_tutorial(args) -> int:
    """``kws train``: the lesson's CNN, as lesson 1 trains it."""
    _keras().utils.set_random_seed(args.seed)  # the CLI owns its process: a global seed is fine here
    splits = features.keyword_splits(args.data_dir, seed=args.seed)
    label_names = splits.labels
    train_spec = features.to_spectrogram_dataset(splits.train)
    val_spec = features.prepare(features.to_spectrogram_dataset(splits.validation))
    model = models.build_kws_model(train_spec.element_spec[0].shape[1:], label_names,
                                   models.adapted_normalization(train_spec))
    models.compile_model(model)
    history = models.train(model, features.prepare(train_spec, shuffle=True, seed=args.seed),
                           val_spec, epochs=args.epochs or 10, progress=print)
    models.save_model_dir(model, label_names, args.out, history)
    accuracy = history.history.get("val_accuracy", [float("nan")])[-1]
    print(t("cli.trained", path=args.data_dir, accuracy=accuracy, out=args.out))
    return report_failures(batch.failure_records(splits.failures))


def _kws_train(args) -> int:
    checks.one_of(args.recipe, "--recipe", models.RECIPES)
    if args.recipe == "embedding":
        return _train_embedding(args)
    if args.extra_data or args.unknown_silence:
        raise ParameterError("models.embedding_only")
    return _train_tutorial(args)


def _kws_eval(args) -> int:
    spotter, label_names = spotting.load_model_dir(args.model_dir)
    report = spotting.evaluate_folder(spotter, label_names, args.data_dir)
    print(json.dumps(report.to_dict()))
    return report_failures(report.failures)


def _kws_predict(args) -> int:
    spotter, label_names = spotting.load_model_dir(args.model_dir)
    results = spotting.predict_files(spotter, label_names, args.files)
    for path, label, score in results:
        print(f"{path}\t{label}\t{score:.4f}")
    return report_failures(batch.failure_records(results.failures))


HANDLERS = {
    ("kws", "train"): _kws_train,
    ("kws", "eval"): _kws_eval,
    ("kws", "predict"): _kws_predict,
}
