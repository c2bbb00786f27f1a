"""The page of ``kwscourse export web`` in headless Chromium: how soon it classifies, and how long a window takes.

For ``benchmarks/run.py``. Lesson 1's CNN (untrained: the timings do not depend on
its weights) is exported with 8 labels, and its page is written with MediaPipe's
files from the course cache (downloaded from npm the first time). The page is
served on 127.0.0.1 and opened ``RUNS`` times in a fresh headless Debian Chromium
whose fake microphone plays a swept tone. The page's own clock
(``performance.now()``, from the start of navigation) gives:

* ``ready_ms``: the model loaded by MediaPipe (WebAssembly compiled, one warm-up window run);
* ``listening_ms``: the microphone open and flowing;
* ``first_classification_ms``: the first microphone window classified. That window needs a
  whole second of audio after the microphone opens, so it is at least ``listening_ms`` + 1000;
* ``window_latency_ms``: one window's classification (MediaPipe's ``classify`` on 16000 samples),
  median over every window of every run (``window_latency_p90_ms``: the 90th percentile);
* ``file_ms``: a dropped 1-s WAV file classified, decoding excluded.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## The web page (kwscourse export web)"
RUNS = 3
WINDOWS = 16  # per run: eight seconds of microphone after the first window
LABELS = ["down", "go", "left", "no", "right", "stop", "up", "yes"]


def _page_files(workdir: Path) -> Path | None:
    """The exported page (None when MediaPipe's files are neither cached nor downloadable)."""
    import keras

    from kwscourse.kws import cnn as models
    from kwscourse.export import tflite as tflite_export
    from kwscourse.export import web as web_export
    from kwscourse.i18n import DataError

    keras.utils.set_random_seed(0)
    model = tflite_export.export_keyword_model(models.build_kws_model((124, 129, 1), LABELS), LABELS,
                                               workdir / "kws.tflite")
    try:
        return web_export.export_web(model, workdir / "site", lang="en", progress=False).folder
    except DataError:
        return None


def _sources(workdir: Path) -> tuple[Path, Path]:
    """What the fake microphone plays (3 s, a sweep between silences) and a 1-s file to drop."""
    from kwscourse.audio import waveform as audio

    time_s = np.arange(16000) / 16000
    sweep = (0.3 * np.sin(2 * np.pi * (300 + 900 * time_s) * time_s)).astype(np.float32)
    loop = np.concatenate([np.zeros(16000, np.float32), sweep, np.zeros(16000, np.float32)])
    mic = audio.write_wav(workdir / "mic.wav", audio.resample(loop, 16000, 48000), 48000)
    return mic, audio.write_wav(workdir / "clip.wav", sweep)


def _one_run(playwright, support, url: str, mic: Path, clip: Path) -> dict:
    browser, page = support.browser_page(playwright, list(support.FAKE_MIC), mic)
    try:
        page.goto(url)
        page.wait_for_function(f"() => window.kwscourse && window.kwscourse.results.length >= {WINDOWS}",
                               timeout=120_000)
        page.set_input_files("#kws-file-input", str(clip))
        page.wait_for_function("() => window.kwscourse.fileResult !== null", timeout=60_000)
        state = page.evaluate("window.kwscourse")
        state["chromium"] = browser.version
    finally:
        browser.close()
    return state


def web_figures() -> dict | None:
    """The page's timings in headless Chromium (see the module's docstring); None without Chromium
    (or Playwright), or when MediaPipe's files cannot be had from npm or the cache."""
    sys.path.insert(0, str(ROOT / "tests"))
    import browser_support as support

    if not support.browser_available():
        return None
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        site = _page_files(workdir)
        if site is None:
            return None
        mic, clip = _sources(workdir)
        with support.serve_folder(site) as url, sync_playwright() as playwright:
            runs = [_one_run(playwright, support, url, mic, clip) for _ in range(RUNS)]
    latencies = [ms for run in runs for ms in run["windowLatencyMs"]]
    median = lambda key: statistics.median(run[key] for run in runs)  # noqa: E731
    return {"runs": RUNS, "windows": len(latencies), "chromium": runs[0]["chromium"],
            "ready_ms": median("readyMs"), "listening_ms": median("listeningMs"),
            "first_classification_ms": median("firstResultMs"),
            "window_latency_ms": statistics.median(latencies),
            "window_latency_p90_ms": float(np.percentile(latencies, 90)),
            "file_ms": statistics.median(run["fileResult"]["latencyMs"] for run in runs),
            "context_rate": runs[0]["contextRate"]}


def web_section(fig: dict | None) -> list[str]:
    """The report's lines for :func:`web_figures`."""
    if not fig:
        return [HEADING, "", "Not measured: Debian's chromium (or MediaPipe's files from npm) is not available here.",
                ""]
    return [HEADING, "",
            f"Headless Chromium {fig['chromium']}, the page served on 127.0.0.1, its fake microphone playing a "
            f"sweep; lesson 1's CNN (8 labels) run by MediaPipe Tasks Audio in WebAssembly. Medians of {fig['runs']} "
            "fresh browsers; times from the start of navigation.", "",
            "| what | time |", "|---|---|",
            f"| page load → model ready | {fig['ready_ms']:.0f} ms |",
            f"| page load → microphone flowing | {fig['listening_ms']:.0f} ms |",
            f"| page load → first classification (needs 1 s of audio) | {fig['first_classification_ms']:.0f} ms |",
            f"| one 1-s window (every 0.5 s) | {fig['window_latency_ms']:.1f} ms median, "
            f"{fig['window_latency_p90_ms']:.1f} ms at the 90th percentile ({fig['windows']} windows) |",
            f"| a dropped 1-s WAV file | {fig['file_ms']:.1f} ms |", ""]


if __name__ == "__main__":  # pragma: no cover
    print(web_figures())
