"""Keyword spotting on the speech embedding, measured on the 80 real Speech Commands clips.

Part of ``benchmarks/run.py`` (``--only embedding`` measures this part alone). The real
clips live in ../shared/realdata and are never committed; without them only the
speed figures are measured.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdata" / "speech_commands_sample" / "v0.01_vinsis"
HEADING = "## Keyword spotting on the speech embedding"
CURVE = (5, 10, 25, 50, 100, 200, 500)  # synthetic clips per word


def _cnn_accuracy(train_x, train_y, test_x, test_y, labels, seed=0, epochs=20) -> float:
    from kwscourse.kws import recipes

    model = recipes.fit_arrays(train_x, train_y, labels, epochs=epochs, seed=seed)
    return recipes.accuracy_on_arrays(model, test_x, test_y)


def figures(workdir: Path) -> dict:
    from kwscourse.audio import waveform as audio
    from kwscourse.kws import head as kws_embedding
    from kwscourse.kws import recipes
    from kwscourse.kws import speech_embedding
    from kwscourse.synthetic import speech as synth

    embedder = speech_embedding.load()
    out: dict = {}
    one_second = np.random.default_rng(0).standard_normal(16000).astype(np.float32) * 0.1
    embedder.embed_clip(one_second)
    runs = []
    for _ in range(50):
        start = time.perf_counter()
        embedder.embed_clip(one_second)
        runs.append(1000 * (time.perf_counter() - start))
    out["embed_ms"] = statistics.median(runs)
    stream = speech_embedding.StreamingEmbedder(embedder)
    hop = speech_embedding.WINDOW_STEP * speech_embedding.MEL_HOP
    long = np.random.default_rng(1).standard_normal(16000 * 20).astype(np.float32) * 0.1
    runs = []
    for i in range(0, len(long), hop):
        start = time.perf_counter()
        stream.push(long[i:i + hop])
        runs.append(1000 * (time.perf_counter() - start))
    out["stream_ms"] = statistics.median(runs[20:])
    start = time.perf_counter()
    synthetic = synth.synth_keywords(workdir / "synth", max(CURVE), seed=0, progress=False)
    out["synth_s"] = time.perf_counter() - start
    found = kws_embedding.folder_clips(synthetic)
    s_clips, s_words = found.clips, found.words
    labels = sorted(set(s_words))
    s_ids = np.array([labels.index(w) for w in s_words])
    start = time.perf_counter()
    s_emb = embedder.embed_clips(s_clips)
    out["embed_all_s"], out["embed_all_n"] = time.perf_counter() - start, len(s_clips)
    if not REAL.is_dir():
        return out
    found = kws_embedding.folder_clips(REAL)
    r_clips, r_words = found.clips, found.words
    r_ids = np.array([labels.index(w) for w in r_words])
    r_emb = embedder.embed_clips(r_clips)
    r_wave = np.stack([audio.pad_or_trim(c, 16000) for c in r_clips])
    s_wave = np.stack([audio.pad_or_trim(c, 16000) for c in s_clips])

    def head_accuracy(x, y, tx, ty, seed=0):
        head, _ = kws_embedding.train_head(x, y, len(labels), seed=seed)
        return kws_embedding.head_accuracy(head, tx, ty)

    start = time.perf_counter()
    out["synthetic_only"] = [head_accuracy(s_emb, s_ids, r_emb, r_ids, seed) for seed in (0, 1, 2)]
    out["train_s"] = (time.perf_counter() - start) / 3
    head, _ = kws_embedding.train_head(s_emb, s_ids, len(labels))
    live = kws_embedding.EmbeddingSpotter(head, labels, embedder)
    live(r_wave[:1])
    runs = []
    for clip in r_wave[:50]:
        start = time.perf_counter()
        live(clip[None, :])
        runs.append(1000 * (time.perf_counter() - start))
    out["window_ms"] = statistics.median(runs)
    out["curve"] = []
    for n in CURVE:
        idx = recipes.first_per_class(s_ids, n)
        out["curve"].append({"per_word": n, "embedding": head_accuracy(s_emb[idx], s_ids[idx], r_emb, r_ids),
                             "cnn": _cnn_accuracy(s_wave[idx], s_ids[idx], r_wave, r_ids, labels)})
    # Few-shot: leave-some-speakers-out folds over the 80 real clips.
    speakers = sorted({Path(p).name.split("_")[0] for p in sorted(REAL.glob("*/*.wav"))})
    files = [p for w in labels for p in sorted((REAL / w).glob("*.wav"))]
    spk = np.array([speakers.index(p.name.split("_")[0]) for p in files])
    folds = np.array([s % 5 for s in spk])
    few = {"real_only": [], "synthetic_plus_real": [], "cnn_real_only": [], "train_clips": []}
    for fold in range(5):
        train, test = folds != fold, folds == fold
        if not test.any():
            continue
        few["train_clips"].append(int(train.sum()))
        few["real_only"].append((head_accuracy(r_emb[train], r_ids[train], r_emb[test], r_ids[test]), int(test.sum())))
        both_x = np.concatenate([s_emb, np.repeat(r_emb[train], 10, axis=0)])
        both_y = np.concatenate([s_ids, np.repeat(r_ids[train], 10)])
        few["synthetic_plus_real"].append((head_accuracy(both_x, both_y, r_emb[test], r_ids[test]), int(test.sum())))
        few["cnn_real_only"].append((_cnn_accuracy(r_wave[train], r_ids[train], r_wave[test], r_ids[test], labels),
                                     int(test.sum())))
    out["few_shot"] = few
    out["speakers"] = len(speakers)
    return out


def _pooled(pairs) -> float:
    return sum(a * n for a, n in pairs) / sum(n for _, n in pairs)


def section(fig: dict) -> list[str]:
    lines = [HEADING, "",
             "| what | figure | how |", "|---|---|---|",
             f"| embed one 1-s clip (padded to 1.5 s: 9 x 96) | {fig['embed_ms']:.1f} ms median | LiteRT, 1 thread, "
             "mel + embedding models, 50 calls |",
             f"| streaming: one 80 ms chunk in, one embedding out | {fig['stream_ms']:.2f} ms median | "
             "`StreamingEmbedder.push`, 20 s of audio in 1280-sample chunks |",
             f"| embed {fig['embed_all_n']} synthetic clips | {fig['embed_all_s']:.1f} s | `embed_clips` |",
             f"| synthesise {max(CURVE)} clips x 8 words | {fig['synth_s']:.1f} s | `synth_keywords`, eSpeak NG, Flite, Festival, "
             "rooms, speed, noise |"]
    if "synthetic_only" not in fig:
        return lines + ["", "The real clips were not available: no accuracy figures.", ""]
    acc = fig["synthetic_only"]
    few = fig["few_shot"]
    lines += [
        f"| train the head | {fig['train_s']:.1f} s | 40 epochs on {fig['embed_all_n']} embeddings |",
        f"| one live window, 1 s of audio to scores | {fig['window_ms']:.1f} ms median | `EmbeddingSpotter`, "
        "embedding + head, 50 real clips |",
        f"| **synthetic only** -> 80 real clips | **{statistics.mean(acc):.3f}** (seeds: "
        f"{', '.join(f'{a:.3f}' for a in acc)}; target >= 0.92) | {max(CURVE)} clips per word, `synth_keywords` defaults (every installed engine) |",
        f"| few-shot real only, speaker-disjoint | {_pooled(few['real_only']):.3f} | 5 folds by speaker over the 80 "
        f"clips ({fig['speakers']} speakers), about {statistics.mean(few['train_clips']):.0f} training clips per fold |",
        f"| few-shot, the lesson's CNN on the same folds | {_pooled(few['cnn_real_only']):.3f} | 20 epochs |",
        f"| synthetic + few-shot real | {_pooled(few['synthetic_plus_real']):.3f} | the same folds, real clips "
        "repeated 10 times |",
        "", "Learning curve: accuracy on the 80 real clips against synthetic training clips per word.", "",
        "| clips per word | embedding head | lesson's CNN |", "|---|---|---|"]
    lines += [f"| {row['per_word']} | {row['embedding']:.3f} | {row['cnn']:.3f} |" for row in fig["curve"]]
    return lines + [""]
