"""Exported .tflite files: size, LiteRT latency per window on one thread, score difference, accuracy.

Part of ``benchmarks/run.py`` (``--only tflite`` measures this part alone). Both
keyword models are trained on synthetic speech and scored on the 80 real Speech
Commands clips in ../shared/realdata (never committed) when they are there.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdata" / "speech_commands_sample" / "v0.01_vinsis"
HEADING = "## Models exported for phones (TFLite)"


def _keras_scores(model_dir: Path, clips: np.ndarray) -> np.ndarray:
    from kwscourse import spotting

    spotter, _ = spotting.load_model_dir(model_dir)
    return np.asarray(spotter(clips)["predictions"], np.float64)


def _one_model(model_dir: Path, workdir: Path, clips: np.ndarray, truth) -> list[dict]:
    from kwscourse import tflite_export

    reference = _keras_scores(model_dir, clips)
    rows = []
    for quantize in (False, True):
        path = tflite_export.export_keyword_folder(model_dir, workdir / f"{model_dir.name}_{quantize}.tflite",
                                                   quantize=quantize)
        exported = tflite_export.ExportedClassifier(path)
        scores = np.stack([exported.scores(clip) for clip in clips])
        row = {"model": model_dir.name, "int8": quantize, "kb": path.stat().st_size / 1024,
               "ms": exported.latency_ms(clips[0], repeats=200), "diff": float(np.abs(scores - reference).max())}
        if truth is not None:
            labels = exported.labels
            row["accuracy"] = float(np.mean([labels[i] == word for i, word in zip(scores.argmax(1), truth)]))
            row["keras_accuracy"] = float(np.mean([labels[i] == word
                                                   for i, word in zip(reference.argmax(1), truth)]))
        rows.append(row)
    return rows


def figures(workdir: Path) -> dict:
    from kwscourse import cli, datasets, spotting, synth

    words = synth.cached_synth_keywords(100, data_dir=workdir, progress=False)
    if REAL.is_dir():
        paths = [path for word in datasets.word_folders(REAL) for path in datasets.wav_files(REAL / word)]
        truth = [path.parent.name for path in paths]
    else:
        paths, truth = datasets.wav_files(words / "yes")[:20], None
    clips = spotting.load_clips(paths)
    rows = []
    for recipe, epochs in (("tutorial", "10"), ("embedding", "40")):
        model_dir = workdir / recipe
        cli.main(["kws", "train", str(words), "--out", str(model_dir), "--recipe", recipe, "--epochs", epochs])
        rows += _one_model(model_dir, workdir, clips, truth)
    return {"rows": rows, "real": truth is not None, "clips": len(paths)}


def section(fig: dict) -> list[str]:
    on = f"the {fig['clips']} real Speech Commands clips" if fig["real"] else f"{fig['clips']} synthetic clips"
    lines = [HEADING, "",
             "Keyword models trained on 100 synthetic clips per word (`kws train`), exported with "
             "`kws export` (float32, and `--quantize`: dynamic-range int8), run by LiteRT on one thread. "
             f"Score difference: the largest gap to the Keras/SavedModel scores over {on}.", "",
             "| model | weights | file | LiteRT per window | largest score difference | accuracy (Keras: same clips) |",
             "|---|---|---|---|---|---|"]
    for row in fig["rows"]:
        accuracy = (f"{row['accuracy']:.3f} ({row['keras_accuracy']:.3f})" if "accuracy" in row else "—")
        model = "lesson 1 CNN (STFT inside)" if row["model"] == "tutorial" else \
            "speech-embedding head (the time includes the two embedding files it runs after)"
        lines.append(f"| {model} | {'int8' if row['int8'] else 'float32'} | {row['kb']:.0f} KB | "
                     f"{row['ms']:.2f} ms | {row['diff']:.1e} | {accuracy} |")
    lines += ["", "Lesson 3's end-to-end file (YAMNet + head) needs YAMNet's SavedModel, which cannot be "
              "downloaded on this machine; its export is tested against a stand-in with YAMNet's signature "
              "(`tests/test_tflite_export.py`), so its size and speed are not measured here.", ""]
    return lines
