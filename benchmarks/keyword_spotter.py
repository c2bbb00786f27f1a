"""Lesson 5's spotter, judged as keyword spotters are: accuracy, false accepts per hour, false rejects.

Part of ``benchmarks/run.py`` (``--only spotter`` measures this part alone). The recipe is
lesson 5's section 5 with synthetic training clips (the lesson trains on mini Speech
Commands, which cannot be downloaded here): the spotter listens for go, left, right and
stop; the other four words and a practice recording of everyday words and noise cut every
80 ms (one window in two) are ``_unknown_``; noise is ``_silence_``. It is then
tested on the 80 real Speech Commands clips in ../shared/realdata (never committed), and on
a long recording with no keyword that holds the 40 real clips of the other four words.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdata" / "speech_commands_sample" / "v0.01_vinsis"
HEADING = "## Lesson 5: a keyword spotter's errors"
SPOTTER_WORDS = ["go", "left", "right", "stop"]
SYNTHETIC_PER_WORD = 200  # lesson 5's synthetic set
PRACTICE_MIN, LONG_MIN = 10, 30  # lesson 5's full-mode lengths
MAX_PER_HOUR = 20.0  # lesson 5's budget


def _training_set(embedder):
    """Lesson 5's spotter data, with synthetic keywords in place of the lesson's training split."""
    from kwscourse.kws import head as kws_embedding
    from kwscourse.synthetic import non_keyword_audio
    from kwscourse.synthetic import speech as synth

    labels = SPOTTER_WORDS + [kws_embedding.UNKNOWN, kws_embedding.SILENCE]
    found = kws_embedding.folder_clips(synth.cached_synth_keywords(SYNTHETIC_PER_WORD, seed=1))
    clips, words = found.clips, found.words
    practice_words = non_keyword_audio.PRACTICE_WORDS + kws_embedding.FILLER_WORDS["en"]
    practice = non_keyword_audio.recording(PRACTICE_MIN, seed=1, words=practice_words)
    hard = non_keyword_audio.embedding_stacks(embedder, practice)[::2]
    quiet = embedder.embed_clips(kws_embedding.background_clips(len(clips) // 8, np.random.default_rng(0)))
    ids = [labels.index(w) if w in SPOTTER_WORDS else 4 for w in words]
    x = np.concatenate([embedder.embed_clips(clips), hard, quiet])
    y = np.concatenate([ids, np.full(len(hard), 4), np.full(len(quiet), 5)])
    return labels, x, y


def figures(workdir: Path) -> dict:
    from kwscourse.kws import detection
    from kwscourse.kws import head as kws_embedding
    from kwscourse.kws import cnn as models
    from kwscourse.synthetic import non_keyword_audio
    from kwscourse.kws import speech_embedding

    if not REAL.is_dir():
        return {}
    start = time.perf_counter()
    embedder = speech_embedding.load()
    labels, x, y = _training_set(embedder)
    head, _ = kws_embedding.train_head(x, y, len(labels))
    spotter = kws_embedding.EmbeddingSpotter(head, labels, embedder)
    found = kws_embedding.folder_clips(REAL)
    clips, words = found.clips, found.words
    truth = np.array([labels.index(w) if w in SPOTTER_WORDS else 4 for w in words])
    probs = models.softmax(np.asarray(head(embedder.embed_clips(clips), training=False)))
    keyword = truth < len(SPOTTER_WORDS)
    own = probs[keyword, truth[keyword]]
    others = [(w, c) for w, c in zip(words, clips) if w not in SPOTTER_WORDS]
    long = non_keyword_audio.recording(LONG_MIN, seed=0, other_clips=others)
    scored = non_keyword_audio.score_recording(spotter, long)
    stream = scored.keyword_scores()
    det = detection.det_curve(own, stream, hop_s=scored.hop_s, duration_s=long.duration_s)
    point = detection.operating_point(det, MAX_PER_HOUR)
    out = {"training": {name: int((y == i).sum()) for i, name in enumerate(labels)},
           "accuracy": float((probs.argmax(1) == truth).mean()), "clips": len(truth),
           "keyword_clips": int(keyword.sum()), "long_s": long.duration_s, "long": long.summary(),
           "point": point, "seconds": 0.0}
    for name, threshold in (("chosen", point.threshold), ("half", 0.5)):
        fa = detection.false_accepts(stream, threshold, hop_s=scored.hop_s, duration_s=long.duration_s)
        fr = detection.false_rejects(own, threshold)
        out[name] = {"threshold": threshold, "fa_count": fa.count, "fa_per_hour": fa.per_hour,
                     "fr_count": fr.count, "fr_rate": fr.rate}
    out["seconds"] = time.perf_counter() - start
    return out


def section(fig: dict) -> list[str]:
    if not fig:
        return [HEADING, "", "The real clips were not available: no figures.", ""]
    rows = [f"| {name} | {r['threshold']:.3f} | {r['fa_count']} ({r['fa_per_hour']:.1f} per hour) | "
            f"{r['fr_count']} of {fig['keyword_clips']} ({r['fr_rate']:.1%}) |"
            for name, r in (("chosen: fewest misses with at most "
                             f"{fig['point'].max_per_hour:g} false accepts per hour", fig["chosen"]),
                            ("0.5, the lesson's first guess", fig["half"]))]
    training = ", ".join(f"{name} {count}" for name, count in fig["training"].items())
    return [
        HEADING, "",
        "Lesson 5's spotter for *go, left, right, stop* (the other four words are `_unknown_`), trained on "
        f"{SYNTHETIC_PER_WORD} synthetic clips per word (the lesson trains on mini Speech Commands, not available "
        f"here), hard negatives from a {PRACTICE_MIN}-minute practice recording of everyday words and noise, and "
        f"noise for `_silence_` (training examples: {training}). Measured in {fig['seconds']:.0f} s by "
        "`benchmarks/keyword_spotter.py`.", "",
        f"- **Accuracy on the {fig['clips']} real Speech Commands clips** (the 40 of the other four words count as "
        f"right when called `_unknown_`): **{fig['accuracy']:.3f}**.",
        f"- False accepts counted on a recording with no keyword of {fig['long_s'] / 60:.0f} minutes "
        f"({fig['long_s']:.0f} s): {fig['long']} One false accept there is "
        f"{3600 / fig['long_s']:.0f} per hour.",
        f"- False rejects counted on the {fig['keyword_clips']} real clips of the four keywords.",
        "- The threshold is chosen on the same recording and clips it is reported on, so the chosen row is "
        "optimistic.", "",
        "| threshold | value | false accepts on the long recording | false rejects (real keyword clips) |",
        "|---|---|---|---|", *rows, ""]
