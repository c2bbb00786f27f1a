"""The widgets in a real browser: headless Debian Chromium with a fake microphone, in two front ends.

``lab``: JupyterLab 4 and ipywidgets 8, started here. ``classic``: the classic Notebook 6.5.7
with widgetsnbextension 3.6.10, ipywidgets 7.7.1 and anywidget 0.9.21 (Colab's versions),
served from the Colab twin by tools/colab/widgets_check.py, which passes it in
KWSCOURSE_CLASSIC_NOTEBOOK_URL (with its token) and KWSCOURSE_CLASSIC_NOTEBOOK_DIR (the
served folder, as this machine sees it); without them those tests skip.

Chromium plays a WAV made by the test as its microphone. The kernel side of each
widget saves what it received; the test compares it with the source. Screenshots
go to tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
import pytest

from kwscourse.audio import waveform as audio
from kwscourse.synthetic import speech as synth

from browser_support import ARTIFACTS, FAKE_MIC
from browser_support import browser_page as _browser_page
from browser_support import free_port as _free_port
from browser_support import need_browser as _need_browser

# Real-time audio through a fake microphone: run alone (see the Makefile), never beside busy workers.
pytestmark = [pytest.mark.slow, pytest.mark.realtime]

TOKEN = "kwscourse-test-token"


@dataclass(frozen=True)
class Frontend:
    """A running notebook server: its kind, the folder it serves (as this machine sees it), its URL."""

    kind: str  # "lab" or "classic"
    root: Path
    url: str
    token: str = TOKEN

    def artifact(self, name: str) -> Path:
        """Where a screenshot goes: ``recorder.png`` for JupyterLab, ``recorder_classic.png`` for classic."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem, dot, ext = name.rpartition(".")
        return ARTIFACTS / (name if self.kind == "lab" else f"{stem}_{self.kind}{dot}{ext}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 with a token, serving a temporary folder."""
    _need_browser()
    root = tmp_path_factory.mktemp("lab")
    port = _free_port()
    env = dict(os.environ, KWSCOURSE_DATA=str(root / "data"), JUPYTER_CONFIG_DIR=str(root / "config"))
    env.pop("PYTEST_CURRENT_TEST", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
         "--expose-app-in-browser", "--ServerApp.open_browser=False"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env, stdout=subprocess.DEVNULL, stderr=open(root / "lab.log", "w"))
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        if server.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start: " + (root / "lab.log").read_text()[-2000:])
    yield Frontend("lab", root, url)
    server.terminate()
    server.wait(timeout=20)


CLASSIC_URL, CLASSIC_DIR = "KWSCOURSE_CLASSIC_NOTEBOOK_URL", "KWSCOURSE_CLASSIC_NOTEBOOK_DIR"


def classic_notebook() -> Frontend:
    """The classic Notebook server named by the environment (see the module's docstring), or a skip."""
    if not os.environ.get(CLASSIC_URL) or not os.environ.get(CLASSIC_DIR):
        pytest.skip(f"no classic Notebook server given: {CLASSIC_URL} and {CLASSIC_DIR} are unset "
                    "(tools/colab/widgets_check.py serves one from the Colab twin)")
    _need_browser()
    parts = urllib.parse.urlsplit(os.environ[CLASSIC_URL])
    token = urllib.parse.parse_qs(parts.query).get("token", [""])[0]
    return Frontend("classic", Path(os.environ[CLASSIC_DIR]), f"{parts.scheme}://{parts.netloc}", token)


@pytest.fixture(scope="module", params=["lab", "classic"])
def frontend(request):
    """Each widget test runs in JupyterLab 4 (ipywidgets 8) and in the classic Notebook (Colab's ipywidgets 7)."""
    return request.getfixturevalue("lab") if request.param == "lab" else classic_notebook()


def _notebook(folder: Path, name: str, code: str) -> str:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / name)
    return name


@contextlib.contextmanager
def _notebook_page(frontend: Frontend, name: str, flags=(), wav=None, *, record: bool = False):
    """A headless browser page with notebook ``name`` opened and run (and, with ``record``,
    its Record button pressed); the browser is closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page = _browser_page(p, list(flags), wav)
        console = []
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
        try:
            OPEN_AND_RUN[frontend.kind](page, frontend, name)
            if record:
                page.wait_for_selector(".kws-record", timeout=60_000)
                page.click(".kws-record")
            yield page
        except Exception:
            _leave_evidence(page, frontend, name, console)
            raise
        finally:
            browser.close()
            _shut_down_kernels(frontend)


def _leave_evidence(page, frontend: Frontend, name: str, console: list[str]) -> None:
    """A screenshot, the page's text and the browser console in tests/artifacts/ when a browser
    test fails: CI keeps them."""
    stem = Path(name).stem
    frontend.artifact(f"failed_{stem}_console.txt").write_text("\n".join(console)[-20_000:])
    with contextlib.suppress(Exception):
        page.screenshot(path=str(frontend.artifact(f"failed_{stem}.png")), full_page=True)
        text = page.evaluate("document.body.innerText")
        if frontend.kind == "classic":  # what the cells received, rendered or not
            text += "\n--- outputs ---\n" + page.evaluate(
                "JSON.stringify(Jupyter.notebook.get_cells().map(c => c.output_area ? c.output_area.outputs : null))")
        frontend.artifact(f"failed_{stem}.txt").write_text(text[-20_000:])


def _shut_down_kernels(frontend: Frontend) -> None:
    """End every kernel the server runs, so the next notebook's kernel does not share two cores
    with idle ones that still hold TensorFlow or a live loop (the server keeps them after the tab closes)."""
    headers = {"Authorization": f"token {frontend.token}"}
    with contextlib.suppress(OSError, ValueError):
        with urllib.request.urlopen(urllib.request.Request(f"{frontend.url}/api/kernels", headers=headers),
                                    timeout=10) as response:
            kernels = json.load(response)
        for kernel in kernels:
            request = urllib.request.Request(f"{frontend.url}/api/kernels/{kernel['id']}", method="DELETE",
                                             headers=headers)
            urllib.request.urlopen(request, timeout=20).close()


def _open_and_run_lab(page, frontend: Frontend, name: str):
    page.goto(f"{frontend.url}/lab/tree/{name}?token={frontend.token}&reset")  # a fresh workspace: no restored tabs on top
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
                           timeout=90_000)
    page.wait_for_function("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                           timeout=90_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")


def _open_and_run_classic(page, frontend: Frontend, name: str):
    restore_started = []
    page.on("console", lambda message: restore_started.append(message.text)
            if "jupyter.widget.control" in message.text else None)
    page.goto(f"{frontend.url}/notebooks/{name}?token={frontend.token}")
    # Run only once the kernel is connected, widgetsnbextension has given it a widget manager
    # and anywidget's nbextension has mapped the "anywidget" module: earlier, views cannot load.
    page.wait_for_function("window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel "
                           "&& Jupyter.notebook.kernel.is_connected() "
                           "&& Jupyter.notebook.kernel.widget_manager !== undefined "
                           "&& requirejs.defined('nbextensions/anywidget/extension')", timeout=90_000)
    # Once connected, widgetsnbextension 3.6.10 restores the kernel's widgets (it logs that the
    # control comm closed, then asks for each comm). A widget made during that restore loses its
    # view, which no student meets (nobody runs a cell in the first second), so run after it.
    deadline = time.time() + 10
    while not restore_started and time.time() < deadline:
        page.wait_for_timeout(100)
    page.wait_for_timeout(2000)
    page.evaluate("Jupyter.notebook.execute_all_cells()")


OPEN_AND_RUN = {"lab": _open_and_run_lab, "classic": _open_and_run_classic}  # how each front end runs a notebook


def _wait_for(path: Path, seconds: float = 60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if path.is_file() and path.stat().st_size:
            time.sleep(0.3)
            return json.loads(path.read_text())
        time.sleep(0.25)
    raise AssertionError(f"the kernel never wrote {path.name}")


def _source_wav(folder: Path) -> Path:
    """Two seconds of speech at 48 kHz: what the fake microphone plays (in a loop)."""
    speech = synth.synthesize("seven eight nine", "en-us", rate=150)
    clip = audio.pad_or_trim(np.pad(speech, (1600, 0)), 32000)
    return audio.write_wav(folder / "mic_source.wav", audio.resample(clip, 16000, 48000), 48000)


def _figures(frontend: Frontend, **values):
    """Measurements for benchmarks/run.py (not asserted): tests/artifacts/browser_figures.json.
    The classic Notebook's go under ``classic_`` names, beside JupyterLab's."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "browser_figures.json"
    figures = json.loads(path.read_text()) if path.is_file() else {}
    prefix = "" if frontend.kind == "lab" else f"{frontend.kind}_"
    figures.update({prefix + key: value for key, value in values.items()})
    path.write_text(json.dumps(figures))


def best_alignment(source: np.ndarray, recorded: np.ndarray) -> float:
    """Highest normalised cross-correlation of ``recorded`` against the looped ``source``, any shift."""
    from scipy.signal import correlate

    looped = np.tile(source, 2 + recorded.size // source.size)  # the fake microphone loops its file
    dots = correlate(looped, recorded, mode="valid", method="fft")
    energy = np.concatenate([[0.0], np.cumsum(looped.astype(np.float64) ** 2)])
    norms = np.sqrt(energy[recorded.size:] - energy[:-recorded.size])[: dots.size]
    return float(np.max(dots / (norms * np.linalg.norm(recorded) + 1e-12)))


RECORDER = """
import json, numpy as np, kwscourse
recorder = kwscourse.ui.widgets.MicRecorder(seconds=2.0)
def report(change):
    if change["new"] in ("done", "denied", "absent", "unsupported", "error"):
        np.save("recorded.npy", recorder.waveform)
        json.dump({"state": change["new"], "browser_rate": recorder.browser_rate,
                   "samples": int(recorder.waveform.size), "round_trips_ms": recorder.round_trips_ms},
                  open("recorder.json", "w"))
recorder.observe(report, names="state")
recorder
"""


def test_recording_reaches_the_kernel_intact(frontend, tmp_path):
    root = frontend.root
    (root / "recorder.json").unlink(missing_ok=True)
    source = _source_wav(tmp_path)
    name = _notebook(root, "record.ipynb", RECORDER)
    with _notebook_page(frontend, name, FAKE_MIC, source, record=True) as page:
        result = _wait_for(root / "recorder.json", 30)
        page.locator(".kws-recorder").screenshot(path=str(frontend.artifact("recorder.png")))
        status = page.inner_text(".kws-status")
    assert result["state"] == "done" and result["browser_rate"] > 0
    recorded = np.load(root / "recorded.npy")
    assert abs(recorded.size - 32000) <= 0.05 * 32000
    src, _ = audio.load(source, sr=16000)
    # Quarter-second pieces, each aligned on its own: a glitch in Chromium's fake device on a
    # loaded machine (a dropped buffer shifts everything after it) costs one piece, not the test.
    pieces = [best_alignment(src, piece) for piece in np.array_split(recorded, 8)]
    best = float(np.median(pieces))
    assert best >= 0.9, f"median normalised cross-correlation {best:.3f} (pieces {np.round(pieces, 2)})"
    assert "Recorded" in status
    _figures(frontend, recorder_round_trip_ms=result["round_trips_ms"], recorder_correlation=best,
             recorder_seconds=recorded.size / 16000)


def test_refused_microphone_shows_the_message(frontend):
    root = frontend.root
    (root / "recorder.json").unlink(missing_ok=True)
    name = _notebook(root, "denied.ipynb", RECORDER)
    flags = ["--use-fake-device-for-media-stream", "--deny-permission-prompts"]
    with _notebook_page(frontend, name, flags, record=True) as page:
        result = _wait_for(root / "recorder.json", 30)
        page.wait_for_selector(".kws-status[data-state='denied']", state="attached", timeout=10_000)
        status = page.inner_text(".kws-status")
        page.locator(".kws-recorder").screenshot(path=str(frontend.artifact("recorder_denied.png")))
    assert result["state"] == "denied" and result["samples"] == 0
    assert "microphone was refused" in status


LIVE = """
import json, numpy as np, kwscourse
def tone_pitch(y):
    spectrum = np.abs(np.fft.rfft(y))
    high = spectrum[int(600 * y.size / 16000):].sum() / (spectrum.sum() + 1e-9)
    return ["low tone", "high tone"], [1 - high, high]
live = kwscourse.ui.widgets.LiveClassifier(tone_pitch, window_s=1.0, overlap=0.5)
def report(change):
    json.dump({"label": change["new"], "latencies_ms": live.latencies_ms}, open("live.json", "w"))
live.observe(report, names="current_label")
live
"""


def test_live_classifier_shows_the_right_label(frontend, tmp_path):
    root = frontend.root
    (root / "live.json").unlink(missing_ok=True)
    tone = audio.write_wav(tmp_path / "tone.wav", 0.5 * np.sin(2 * np.pi * 1500 * np.arange(96000) / 48000), 48000)
    name = _notebook(root, "live.ipynb", LIVE)
    with _notebook_page(frontend, name, FAKE_MIC, tone, record=True) as page:
        page.wait_for_function("document.querySelector('.kws-current') && "
                               "document.querySelector('.kws-current').textContent === 'high tone'",
                               timeout=30_000)
        page.wait_for_timeout(1500)
        page.locator(".kws-recorder").screenshot(path=str(frontend.artifact("live_classifier.png")))
        page.click(".kws-stop")
    result = _wait_for(root / "live.json", 10)
    assert result["label"] == "high tone" and result["latencies_ms"]
    _figures(frontend, live_latency_ms=result["latencies_ms"])


PLAYER = """
import numpy as np, kwscourse
kwscourse.ui.player.Player(0.3 * np.sin(2 * np.pi * 440 * np.arange(24000) / 16000), sample_rate=16000)
"""


def test_player_gets_a_wav_source_of_the_right_length(frontend):
    name = _notebook(frontend.root, "player.ipynb", PLAYER)
    with _notebook_page(frontend, name) as page:
        page.wait_for_selector(".kws-player audio", timeout=60_000)
        page.wait_for_function("document.querySelector('.kws-player audio').readyState >= 1", timeout=20_000)
        info = page.evaluate("(() => { const a = document.querySelector('.kws-player audio');"
                             " return {src: a.src.slice(0, 22), duration: a.duration, autoplay: a.autoplay,"
                             " caption: document.querySelector('.kws-player-caption').textContent}; })()")
    assert info["src"] == "data:audio/wav;base64,"
    assert info["duration"] == pytest.approx(1.5, abs=0.01)
    assert info["autoplay"] is False and info["caption"] == "1.50 s at 16000 Hz"


def test_an_exercise_notebook_checks_itself_in_jupyterlab_in_spanish(lab, exercise_build):
    """A student's Run All in JupyterLab 4: every self-check answers, in the notebook's language."""
    import submissions

    root = lab.root
    notebook = submissions.answered(exercise_build, "es")
    notebook["cells"].append(submissions._code_cell(
        "import json\nsummary = grader.check_all()\n"
        "json.dump({'score': summary.score, 'possible': summary.possible, 'text': repr(summary)},"
        " open('exercise_check.json', 'w'))", "report"))
    submissions.write(notebook, root / "ejercicios.ipynb")
    with _notebook_page(lab, "ejercicios.ipynb") as page:
        result = _wait_for(root / "exercise_check.json", 120)
        shown = page.get_by_text("q1_centre: 2/2 comprobaciones superadas").first
        shown.wait_for(timeout=30_000)
        page.screenshot(path=str(lab.artifact("exercise_check.png")))
    assert result["score"] == result["possible"] == 6
    assert "Puntos de las comprobaciones visibles: 6 de 6." in result["text"]
