"""``kwscourse classify`` (YAMNet, lesson 2) and ``kwscourse hf classify`` (lesson 4)."""

from __future__ import annotations

from pathlib import Path

from ..audio import files as batch
from ..export import tflite as tflite_export
from ..hf import classifier as hf
from ..yamnet import model as yamnet
from .common import json_help, positive_int, print_notice, print_top



def add_commands(commands) -> None:
    """``kwscourse classify`` (YAMNet, lesson 2) and ``kwscourse hf classify`` (lesson 4)."""
    classify = commands.add_parser("classify", help="YAMNet's top classes for audio files (lesson 2)")
    classify.add_argument("files", nargs="+", type=Path)
    classify.add_argument("--backend", choices=["auto", "savedmodel", "tflite"], default="auto")
    classify.add_argument("--model-file", type=Path, help="a YAMNet TFLite model, or a file from kws/transfer export")
    classify.add_argument("--class-map", type=Path, help="a YAMNet class map CSV (default: cached)")
    classify.add_argument("--top", type=positive_int, default=5)
    classify.add_argument("--json", action="store_true", help=json_help('"file"'))
    hf_group = commands.add_parser("hf", help="Hugging Face audio classifiers (lesson 4)").add_subparsers(
        dest="action", required=True)
    hf_classify = hf_group.add_parser("classify", help="top labels of audio files")
    hf_classify.add_argument("files", nargs="+", type=Path)
    which = hf_classify.add_mutually_exclusive_group(required=True)
    which.add_argument("--task", choices=["genre", "emotion", "accent"])
    which.add_argument("--model", help="a Hub model id or a saved model folder")
    hf_classify.add_argument("--top", type=positive_int, default=5)
    hf_classify.add_argument("--json", action="store_true", help=json_help('"file", "stand_in"'))


def _classify(args) -> int:
    if args.model_file is not None and tflite_export.is_exported(args.model_file):
        model = tflite_export.ExportedClassifier(args.model_file)  # the student's own labels are inside
    else:
        model = yamnet.load(args.backend, model_file=args.model_file, class_map=args.class_map)
        print_notice(model.notice, args)

    def classify(path):
        top = model.classify_file(path, k=args.top)
        return {"file": str(path), "top": [{"label": label, "score": round(score, 6)} for label, score in top]}

    return print_top(args, batch.try_each(args.files, classify), width=40)


def _hf_classify(args) -> int:
    classifier = hf.load(args.task, model=args.model)
    print_notice(classifier.notice, args)  # with --json, the stand-in flag also travels inside the JSON

    def classify(path):
        ranking = hf.classify(path, pipe=classifier, top_k=min(args.top, len(classifier.labels)))
        return {"file": str(path), "stand_in": bool(ranking.stand_in),
                "top": [{"label": row.label, "score": round(float(row.score), 6)} for row in ranking.table.itertuples()]}

    return print_top(args, batch.try_each(args.files, classify), width=20)


HANDLERS = {
    ("classify", None): _classify,
    ("hf", "classify"): _hf_classify,
}
