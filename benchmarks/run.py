"""Measure the course's performance and write the figures to docs/benchmarks.md.

    python benchmarks/run.py [--skip-notebooks] [--per-word 200] [--out docs/benchmarks.md]

Figures, not asserts: tests never time anything. Each figure says how it was measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import kws_embedding  # noqa: E402 (benchmarks/kws_embedding.py)
import keyword_spotter  # noqa: E402 (benchmarks/keyword_spotter.py)
import colab_twin  # noqa: E402 (benchmarks/colab_twin.py)
import tflite_export  # noqa: E402 (benchmarks/tflite_export.py)
import web_page  # noqa: E402 (benchmarks/web_page.py)
REAL_KEYWORDS = ROOT.parent / "shared" / "realdata" / "speech_commands_sample" / "v0.01_vinsis"


def import_time(repeats: int = 7) -> float:
    """Median wall time of `import kwscourse` in a fresh interpreter, in seconds."""
    code = "import time; t = time.perf_counter(); import kwscourse; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


def notebook_time(path: Path) -> float:
    """Seconds to execute one notebook top to bottom in smoke mode, kernel start included."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # As nbval does: cells that need a real microphone are skipped.
    nb.cells = [c for c in nb.cells if "nbval-skip" not in c.get("metadata", {}).get("tags", [])]
    os.environ["KWSCOURSE_SMOKE"] = "1"
    start = time.perf_counter()
    NotebookClient(nb, timeout=1800, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def spectrogram_throughput(folder: Path) -> dict:
    """Clips per second through the lesson's input pipeline (decode + pad + STFT)."""
    import tensorflow as tf

    from kwscourse.kws import features

    splits = features.keyword_splits(folder)
    train, val, test = splits.train, splits.validation, splits.test
    pipeline = features.to_spectrogram_dataset(train.concatenate(val).concatenate(test))
    count = 0
    start = time.perf_counter()
    for spec, _ in pipeline:
        count += int(spec.shape[0])
    from_files = count / (time.perf_counter() - start)

    batch = tf.random.uniform((256, 16000), -1, 1)
    features.spectrogram(batch)  # warm-up
    start = time.perf_counter()
    for _ in range(10):
        features.spectrogram(batch)
    in_memory = 2560 / (time.perf_counter() - start)
    return {"from_wav_files": from_files, "in_memory": in_memory, "clips": count}


def export_latency(model_dir: Path, repeats: int = 200) -> dict:
    """Milliseconds for the reloaded export module to classify one 1-s clip."""
    import numpy as np

    from kwscourse.kws import spotting

    spotter, _ = spotting.load_model_dir(model_dir)
    clip = np.random.default_rng(0).uniform(-0.5, 0.5, (1, 16000)).astype("float32")
    for _ in range(10):
        spotter(clip)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        spotter(clip)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(0.95 * len(times))]}


def synthetic_to_real(per_word: int, workdir: Path) -> dict:
    """Train the CLI on synthetic keywords only, evaluate on the 80 real clips."""
    kws = [sys.executable, "-m", "kwscourse.cli.main"]
    words = workdir / "synthetic"
    model = workdir / "model"
    start = time.perf_counter()
    subprocess.run(kws + ["data", "synth-keywords", str(words), "--per-word", str(per_word)],
                   check=True, capture_output=True)
    synth_s = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(kws + ["kws", "train", str(words), "--out", str(model), "--epochs", "10"],
                   check=True, capture_output=True)
    train_s = time.perf_counter() - start
    result = {"per_word": per_word, "synth_seconds": synth_s, "train_seconds": train_s,
              "model_dir": model}
    history = json.loads((model / "history.json").read_text())
    result["epochs_run"] = len(history["loss"])
    result["synthetic_val_accuracy"] = history["val_accuracy"][-1]
    if REAL_KEYWORDS.is_dir():
        out = subprocess.run(kws + ["kws", "eval", str(model), str(REAL_KEYWORDS)], check=True,
                             capture_output=True, text=True).stdout
        result["real"] = json.loads(out)
    return result


def yamnet_figures(workdir: Path) -> dict | None:
    """TFLite latency per window (1 thread), embedding speed, and the cached re-run."""
    import numpy as np

    from kwscourse import transfer
    from kwscourse.audio import waveform as audio
    from kwscourse.synthetic import sound_events
    from kwscourse.yamnet import model as yamnet
    from kwscourse.yamnet import frontend as yamnet_frontend
    from kwscourse.yamnet import weights as yamnet_weights

    model_file = yamnet_weights.tflite_file(download=False)
    if not model_file.is_file():
        return None
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=str(model_file), num_threads=1,
                              experimental_preserve_all_tensors=True)
    interpreter.allocate_tensors()
    index = interpreter.get_input_details()[0]["index"]
    window = np.random.default_rng(0).uniform(-0.5, 0.5, yamnet_frontend.WINDOW).astype("float32")
    for _ in range(10):
        interpreter.set_tensor(index, window)
        interpreter.invoke()
    times = []
    for _ in range(300):
        start = time.perf_counter()
        interpreter.set_tensor(index, window)
        interpreter.invoke()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()

    model = yamnet.load("tflite")
    table = sound_events.sound_events(workdir / "events", per_class=10, progress=False)
    clips = [audio.load(path)[0] for path in table.path]
    seconds_of_audio = sum(c.size for c in clips) / audio.SAMPLE_RATE
    cache = workdir / "embedding_cache"
    start = time.perf_counter()
    transfer.embed_clips(model, clips, cache_dir=cache, progress=False)
    first = time.perf_counter() - start
    start = time.perf_counter()
    transfer.embed_clips(model, clips, cache_dir=cache, progress=False)
    second = time.perf_counter() - start
    return {"window_median_ms": statistics.median(times), "window_p95_ms": times[int(0.95 * len(times))],
            "audio_seconds": seconds_of_audio, "clips": len(clips), "first_s": first,
            "realtime": seconds_of_audio / first, "cached_s": second}


def scratch_figures(workdir: Path, per_word: int, epochs: int = 60) -> dict:
    """A small AST trained from scratch (from a config, no checkpoint) on synthetic keywords, held-out accuracy."""
    from kwscourse.hf import classifier as hf
    from kwscourse.hf import train as hf_train
    from kwscourse.synthetic import speech as synth

    start = time.perf_counter()
    words = synth.synth_keywords(workdir / f"kw{per_word}", per_word, seed=1, progress=False)
    table = hf_train.clip_table(words)
    synth_s = time.perf_counter() - start
    start = time.perf_counter()
    hf_train.train_from_scratch(table, workdir / f"ast{per_word}", epochs=epochs)
    train_s = time.perf_counter() - start
    classifier = hf.load(model=str(workdir / f"ast{per_word}"), window_s=1.0)
    report = hf_train.evaluate(classifier, table)
    return {"per_word": per_word, "epochs": epochs, "synth_s": synth_s, "train_s": train_s,
            "accuracy": report.accuracy, "test_clips": report.count}


def browser_figures() -> dict | None:
    """Run the real-browser tests; they leave their measurements in tests/artifacts."""
    path = ROOT / "tests" / "artifacts" / "browser_figures.json"
    path.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    str(ROOT / "tests" / "e2e" / "test_browser.py")], cwd=ROOT, capture_output=True)
    return json.loads(path.read_text()) if path.is_file() else None


def grading_figures(workdir: Path, timeout: float = 30.0) -> dict:
    """Build lesson 1's exercises, then grade a class of 20 with --jobs 2: 2 broken, one of them a hang."""
    sys.path.insert(0, str(ROOT / "tests"))
    import submissions

    from kwscourse.authoring import grading
    from kwscourse.exercises import build

    start = time.perf_counter()
    build_dir = build.build(workdir / "build", sets=[submissions.STEM])
    build_s = time.perf_counter() - start
    folder = workdir / "class"
    folder.mkdir()
    for lang in ("en", "es"):
        kinds = submissions.kinds(build_dir, lang)
        for i in range(9):  # 18 sound notebooks, half of them partly wrong
            kind = "correct" if i % 2 else "partly_wrong"
            submissions.write(kinds[kind], folder / f"{lang}_{i:02d}_{kind}.ipynb")
    broken = submissions.kinds(build_dir, "en")
    submissions.write(broken["endless"], folder / "en_hang.ipynb")
    submissions.write(broken["not_json"], folder / "es_not_json.ipynb")
    start = time.perf_counter()
    rows = grading.grade_folder(folder, 1, workdir / "grades.csv", jobs=2, timeout=timeout,
                                build_dir=build_dir, progress=False)
    class_s = time.perf_counter() - start
    single = workdir / "single"
    single.mkdir()
    submissions.write(broken["correct"], single / "one.ipynb")
    start = time.perf_counter()
    grading.grade_folder(single, 1, workdir / "one.csv", build_dir=build_dir, progress=False)
    one_s = time.perf_counter() - start
    statuses = {status: sum(r.status == status for r in rows) for status in grading.STATUSES}
    return {"build_s": build_s, "class_s": class_s, "one_s": one_s, "count": len(rows),
            "statuses": statuses, "timeout": timeout}


def grading_section(grading: dict) -> list[str]:
    statuses = ", ".join(f"{k} {v}" for k, v in grading["statuses"].items() if v)
    return [
        GRADING_HEADING,
        "",
        "| what | figure | how |",
        "|---|---|---|",
        f"| build lesson 1's exercises, en + es | {grading['build_s']:.1f} s | "
        "`otter assign` twice (it also runs every test on the solutions), 2 at a time |",
        f"| grade one submission | {grading['one_s']:.1f} s | `grade_folder`, one notebook: sandbox, "
        "worker, kernel, otter run, feedback |",
        f"| grade a class of {grading['count']} (target < 120 s) | {grading['class_s']:.1f} s | "
        f"`--jobs 2 --timeout {grading['timeout']:g}`; 2 broken: one endless loop (stopped at the time "
        f"limit) and one non-JSON file; statuses: {statuses} |",
        "",
    ]


GRADING_HEADING = "## Grading exercises"


def replace_section(out: Path, section: list[str]) -> None:
    """Put ``section`` in place of the page's section with its heading (or at the end), keeping the rest."""
    heading = section[0]
    text = out.read_text(encoding="utf-8") if out.is_file() else "# Benchmarks\n"
    before, _, after = text.partition(heading)
    rest = after.split("\n## ", 1)
    tail = ("\n## " + rest[1]) if after and len(rest) > 1 else ""
    out.write_text(before.rstrip("\n") + "\n\n" + "\n".join(section) + tail.rstrip("\n") + "\n",
                   encoding="utf-8")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import tensorflow as tf

    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
            f"Python {platform.python_version()}, TensorFlow {tf.__version__}")


def write_report(figures: dict, out: Path) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {date.today().isoformat()} on {figures['machine']} by `benchmarks/run.py`",
        "(`make bench`). Figures, not asserts: re-run the script to refresh this page.",
        "",
        "| what | figure | how |",
        "|---|---|---|",
        f"| `import kwscourse` | {figures['import_s'] * 1000:.0f} ms | median of 7 fresh interpreters |",
    ]
    for name, seconds in figures.get("notebooks", {}).items():
        lines.append(f"| smoke run of {name} | {seconds:.1f} s | nbclient, kernel start to last cell, "
                     "stand-in data and embeddings cached by the first language |")
    spec = figures["spectrogram"]
    lines += [
        f"| spectrogram pipeline, from WAV files | {spec['from_wav_files']:.0f} clips/s | "
        f"`keyword_splits` + `to_spectrogram_dataset`, {spec['clips']} clips, one pass, no cache |",
        f"| spectrogram, in memory | {spec['in_memory']:.0f} clips/s | batches of 256 x 16000 |",
        f"| exported model, one clip | {figures['latency']['median_ms']:.2f} ms median, "
        f"{figures['latency']['p95_ms']:.2f} ms p95 | reloaded SavedModel, [1, 16000] float32, 200 calls |",
    ]
    yam = figures.get("yamnet")
    if yam:
        lines += [
            f"| YAMNet TFLite, one 0.975 s window | {yam['window_median_ms']:.2f} ms median, "
            f"{yam['window_p95_ms']:.2f} ms p95 (target <= 15 ms) | LiteRT, 1 thread, 300 invokes |",
            f"| YAMNet embedding extraction | {yam['realtime']:.0f}x real time (target >= 100x) | "
            f"{yam['clips']} clips, {yam['audio_seconds']:.0f} s of audio in {yam['first_s']:.2f} s, "
            "TFLite backend, log-mel included, empty cache |",
            f"| the same extraction again, cached | {yam['cached_s'] * 1000:.0f} ms | reads the .npy cache |",
        ]
    else:
        lines.append("| YAMNet figures | not measured | no YAMNet TFLite file in the cache |")
    for run in figures.get("scratch", []):
        size = "smoke size" if run["per_word"] == 40 else "full size"
        lines.append(
            f"| small AST trained from scratch, {size} ({run['per_word']} clips/word, {run['epochs']} epochs) | "
            f"{run['train_s']:.1f} s training, held-out accuracy {run['accuracy']:.3f} on {run['test_clips']} clips "
            f"(chance 0.125) | small AST from config, `Trainer`, synthetic keywords, every 5th clip held out |")
    browser = figures.get("browser")
    if browser and browser.get("recorder_round_trip_ms"):
        trips = sorted(browser["recorder_round_trip_ms"])
        live = sorted(browser.get("live_latency_ms") or [0.0])
        lines += [
            f"| microphone chunk, browser to kernel | {statistics.median(trips):.1f} ms median, "
            f"{trips[int(0.95 * (len(trips) - 1))]:.1f} ms p95 | JupyterLab 4 + headless Chromium, fake microphone, "
            f"{len(trips)} chunks of 4096 samples; recording matched its source at r = {browser['recorder_correlation']:.3f} |",
            f"| live classification, per window | {statistics.median(live):.1f} ms median | LiveClassifier, "
            "1-s windows, the browser test's small model (resampling included) |",
        ]
    s2r = figures["synthetic_to_real"]
    lines += [
        f"| synthesise {s2r['per_word']} clips x 8 words | {s2r['synth_seconds']:.1f} s | "
        "`kwscourse data synth-keywords` |",
        f"| train on them (CLI, up to 10 epochs) | {s2r['train_seconds']:.1f} s, "
        f"{s2r['epochs_run']} epochs | `kwscourse kws train` |",
        "",
        "## Synthetic-to-real",
        "",
        f"The CLI trained only on {s2r['per_word']} synthetic clips per word (eSpeak NG, "
        f"`kwscourse.synthetic.speech`); validation accuracy on held-out *synthetic* clips: "
        f"{s2r['synthetic_val_accuracy']:.3f}.",
        "",
    ]
    real = s2r.get("real")
    if real:
        lines += [
            f"Accuracy on the **80 real Speech Commands clips** in "
            f"`../shared/realdata/speech_commands_sample/v0.01_vinsis` (10 per word, chance = 0.125): "
            f"**{real['accuracy']:.3f}**.",
            "",
            "| word | accuracy |",
            "|---|---|",
        ]
        lines += [f"| {word} | {acc:.1f} |" for word, acc in real["per_class_accuracy"].items()]
        lines += ["", "Confusion matrix (rows true, columns predicted, order "
                  + ", ".join(real["labels"]) + "):", "", "```"]
        lines += [" ".join(f"{v:3d}" for v in row) for row in real["confusion_matrix"]]
        lines += ["```", ""]
    else:
        lines += ["The real clips were not available, so the real-data figure is missing.", ""]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-notebooks", action="store_true")
    parser.add_argument("--per-word", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--only", choices=["grading", "embedding", "spotter", "tflite", "web", "colab"], help="measure one part and update its section")
    args = parser.parse_args()
    if args.only:
        parts = {"grading": (grading_figures, grading_section),
                 "embedding": (kws_embedding.figures, kws_embedding.section),
                 "spotter": (keyword_spotter.figures, keyword_spotter.section),
                 "tflite": (tflite_export.figures, tflite_export.section),
                 "web": (lambda workdir: web_page.web_figures(), web_page.web_section),
                 "colab": (colab_twin.figures, colab_twin.section)}
        measure, section = parts[args.only]
        with tempfile.TemporaryDirectory() as tmp:
            figures = measure(Path(tmp))
        print(f"{args.only}: {figures}", flush=True)
        replace_section(args.out, section(figures))
        return 0

    figures = {"import_s": import_time()}
    print(f"import: {figures['import_s'] * 1000:.0f} ms", flush=True)
    if not args.skip_notebooks:
        figures["notebooks"] = {}
        for path in sorted((ROOT / "notebooks" / "en").glob("*.ipynb")):
            for lang in ("en", "es"):
                key = f"{path.stem} ({lang})"
                figures["notebooks"][key] = notebook_time(ROOT / "notebooks" / lang / path.name)
                print(f"{key}: {figures['notebooks'][key]:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        s2r = synthetic_to_real(args.per_word, Path(tmp))
        print(f"synthetic-to-real: {s2r.get('real', {}).get('accuracy')}", flush=True)
        figures["spectrogram"] = spectrogram_throughput(Path(tmp) / "synthetic")
        figures["latency"] = export_latency(s2r.pop("model_dir"))
        figures["synthetic_to_real"] = s2r
        figures["yamnet"] = yamnet_figures(Path(tmp))
        print(f"yamnet: {figures['yamnet']}", flush=True)
        figures["scratch"] = [scratch_figures(Path(tmp), n) for n in (40, 200)]
        figures["browser"] = browser_figures()
        print(f"browser: {figures['browser']}", flush=True)
        print(f"scratch: {figures['scratch']}", flush=True)
        figures["grading"] = grading_figures(Path(tmp))
        figures["embedding"] = kws_embedding.figures(Path(tmp))
        figures["spotter"] = keyword_spotter.figures(Path(tmp))
        figures["tflite"] = tflite_export.figures(Path(tmp))
        figures["web"] = web_page.web_figures()
        figures["colab"] = colab_twin.figures(Path(tmp))
    figures["machine"] = machine()
    write_report(figures, args.out)
    replace_section(args.out, grading_section(figures["grading"]))
    replace_section(args.out, kws_embedding.section(figures["embedding"]))
    replace_section(args.out, keyword_spotter.section(figures["spotter"]))
    replace_section(args.out, tflite_export.section(figures["tflite"]))
    replace_section(args.out, web_page.web_section(figures["web"]))
    replace_section(args.out, colab_twin.section(figures["colab"]))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
