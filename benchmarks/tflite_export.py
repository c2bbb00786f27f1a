"""Exported .tflite files: size, LiteRT and MediaPipe latency per window on one thread, score difference, accuracy.

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
    from kwscourse.kws import spotting

    spotter, _ = spotting.load_model_dir(model_dir)
    return np.asarray(spotter(clips)["predictions"], np.float64)


def _mediapipe(path: Path, clips: np.ndarray) -> tuple[float, np.ndarray]:
    """MediaPipe Tasks' latency per window (median, one window) and its scores for every clip."""
    from kwscourse.export import mediapipe_client as mediapipe_audio

    with mediapipe_audio.classifier(path) as model:
        latency = mediapipe_audio.latency_ms(model, clips[0], repeats=200)
        return latency, np.stack([mediapipe_audio.scores(model, clip).scores[0] for clip in clips])


def _one_model(model_dir: Path, workdir: Path, clips: np.ndarray, truth) -> list[dict]:
    from kwscourse.export import tflite as tflite_export

    reference = _keras_scores(model_dir, clips)
    rows = []
    for quantize in (False, True):
        path = tflite_export.export_keyword_folder(model_dir, workdir / f"{model_dir.name}_{quantize}.tflite",
                                                   quantize=quantize)
        exported = tflite_export.ExportedClassifier(path)
        scores = np.stack([exported.scores(clip) for clip in clips])
        mediapipe_ms, mediapipe_scores = _mediapipe(path, clips)
        row = {"model": model_dir.name, "int8": quantize, "kb": path.stat().st_size / 1024,
               "ms": exported.latency_ms(clips[0], repeats=200), "diff": float(np.abs(scores - reference).max()),
               "mediapipe_ms": mediapipe_ms, "mediapipe_diff": float(np.abs(mediapipe_scores - reference).max())}
        if truth is not None:
            labels = exported.labels
            row["accuracy"] = float(np.mean([labels[i] == word for i, word in zip(scores.argmax(1), truth)]))
            row["keras_accuracy"] = float(np.mean([labels[i] == word
                                                   for i, word in zip(reference.argmax(1), truth)]))
        rows.append(row)
    return rows


def _median_ms(call, repeats: int = 100) -> float:
    import time

    call()
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        runs.append(1000 * (time.perf_counter() - start))
    return float(np.median(runs))


def rebuild_figures(clips: np.ndarray) -> dict:
    """The Keras speech embedding against the two LiteRT files: largest difference and time per clip."""
    from ai_edge_litert.interpreter import Interpreter

    from kwscourse.kws import speech_embedding
    from kwscourse.kws import speech_embedding_keras
    from kwscourse.export import tflite as tflite_export

    original = speech_embedding.load()
    embedder = speech_embedding_keras.build_clip_embedder()
    expected = original.embed_clips(list(clips))
    tf = tflite_export.tensorflow()
    blob = tflite_export.convert(lambda x: embedder(x), tf.TensorSpec([1, 16000], tf.float32), holds=[embedder])
    interpreter = Interpreter(model_content=blob, num_threads=1)
    interpreter.allocate_tensors()
    index, out = interpreter.get_input_details()[0]["index"], interpreter.get_output_details()[0]["index"]

    def run_file(clip):
        interpreter.set_tensor(index, clip[None])
        interpreter.invoke()
        return interpreter.get_tensor(out)[0].copy()

    in_file = np.stack([run_file(clip) for clip in clips])
    return {"keras_diff": float(np.abs(np.asarray(embedder(clips)) - expected).max()),
            "file_diff": float(np.abs(in_file - expected).max()),
            "original_ms": _median_ms(lambda: original.embed_clip(clips[0])),
            "file_ms": _median_ms(lambda: run_file(clips[0]))}


def figures(workdir: Path) -> dict:
    from kwscourse import datasets
    from kwscourse.cli import main as cli
    from kwscourse.kws import spotting
    from kwscourse.synthetic import speech as synth

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
    return {"rows": rows, "real": truth is not None, "clips": len(paths), "rebuild": rebuild_figures(clips)}


def section(fig: dict) -> list[str]:
    on = f"the {fig['clips']} real Speech Commands clips" if fig["real"] else f"{fig['clips']} synthetic clips"
    lines = [HEADING, "",
             "Keyword models trained on 100 synthetic clips per word (`kws train`), exported with "
             "`kws export` (float32, and `--quantize`: dynamic-range int8) with TFLite Model Metadata, run by "
             "LiteRT's `Interpreter` and by MediaPipe Tasks' `AudioClassifier` (what phone and web apps use), one "
             f"window each. Score difference: the largest gap to the Keras scores over {on}.", "",
             "| model | weights | file | LiteRT per window | MediaPipe per window | largest score difference "
             "(LiteRT / MediaPipe) | accuracy (Keras: same clips) |",
             "|---|---|---|---|---|---|---|"]
    for row in fig["rows"]:
        accuracy = (f"{row['accuracy']:.3f} ({row['keras_accuracy']:.3f})" if "accuracy" in row else "—")
        model = "lesson 1 CNN (STFT inside)" if row["model"] == "tutorial" else \
            "speech-embedding recipe in one file (front end, embedding and head)"
        lines.append(f"| {model} | {'int8' if row['int8'] else 'float32'} | {row['kb']:.0f} KB | "
                     f"{row['ms']:.2f} ms | {row['mediapipe_ms']:.2f} ms | {row['diff']:.1e} / "
                     f"{row['mediapipe_diff']:.1e} | {accuracy} |")
    rebuild = fig["rebuild"]
    lines += ["", "Google's speech embedding rebuilt as Keras layers (`speech_embedding_keras`), weights read from "
              f"its two TFLite files, against those files on {on}: largest embedding difference "
              f"{rebuild['keras_diff']:.1e} in Keras and {rebuild['file_diff']:.1e} once converted; one clip takes "
              f"{rebuild['file_ms']:.1f} ms as one converted file against {rebuild['original_ms']:.1f} ms through "
              "the two original files (LiteRT, one thread). Dynamic-range int8 suits this recipe poorly: it "
              "quantises the front end's DFT and the waveform to 8 bits while the mel features span 80 dB.", "",
              "Lesson 3's end-to-end file (YAMNet + head) needs YAMNet's SavedModel, which cannot be "
              "downloaded on this machine; its export is tested against a stand-in with YAMNet's signature "
              "(`tests/unit/test_tflite_export.py`, `tests/unit/test_mediapipe_client.py`), so its size and speed are not "
              "measured here.", ""]
    return lines
