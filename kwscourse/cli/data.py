"""``kwscourse data fetch`` and ``kwscourse data synth-keywords``."""

from __future__ import annotations

from pathlib import Path

from .. import datasets
from ..i18n import t
from ..synthetic import sound_events
from ..synthetic import speech as synth
from ..synthetic import stand_ins
from ..yamnet import model as yamnet
from .common import positive_int, print_notice, report_failures



def add_commands(commands) -> None:
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
    synth_words.add_argument("--per-word", type=positive_int, default=500, help="clips per word (default: 500)")
    synth_words.add_argument("--seed", type=int, default=0)
    synth_words.add_argument("--words", help="comma-separated words (default: the 8 lesson words)")
    synth_words.add_argument("--language", choices=["en", "es"], default="en", help="the voices' language")


def _data_fetch(args) -> int | None:
    if args.name == "esc50":
        classes = [c.strip() for c in args.classes.split(",")] if args.classes else sound_events.EVENT_CLASSES
        clips = datasets.esc50.esc50_subset(classes, url=args.url)
        print(t("cli.fetched", name="esc50", path=Path(clips.table.path[0]).parent))
        return report_failures(clips.failures)
    if args.name == "yamnet":
        model = yamnet.load(args.backend)
        print_notice(model.notice)
        print(t("cli.fetched", name=f"yamnet ({model.backend})", path=model.source))
        return
    folder = datasets.fetch(args.name, url=args.url)
    print(t("cli.fetched", name=args.name, path=folder))


def _data_synth(args) -> None:
    words = [w.strip() for w in args.words.split(",")] if args.words else synth.KEYWORDS
    folder = synth.synth_keywords(args.out_dir, args.per_word, words=words, seed=args.seed,
                                  language=args.language)
    print(t("cli.wrote", count=args.per_word * len(words), path=folder))
    print(stand_ins.stand_in_notice(folder))


HANDLERS = {
    ("data", "fetch"): _data_fetch,
    ("data", "synth-keywords"): _data_synth,
}
