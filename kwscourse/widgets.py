"""Notebook widgets: play audio, record the microphone, classify it live.

Built on anywidget, so they work in JupyterLab 4 and (with its custom widget
manager, enabled by ``setup_notebook``) in Colab. The browser captures mono
audio through ``getUserMedia`` (echo cancellation, noise suppression and auto
gain off) and an AudioWorklet, and sends binary Float32 chunks to the kernel,
which resamples them to 16 kHz.

    >>> recorder = MicRecorder(seconds=2.0)
    >>> recorder.state
    'idle'
"""

from __future__ import annotations

import base64
import io
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import anywidget
import numpy as np
import traitlets

from . import audio
from .i18n import CourseError, t
from .streaming import StreamingWindows

_STATIC = Path(__file__).parent / "static"
_CAPTURE = (_STATIC / "capture.js").read_text(encoding="utf-8")
_CSS = (_STATIC / "widgets.css").read_text(encoding="utf-8")
_LABEL_KEYS = ("record", "stop", "idle", "recording", "done", "denied", "absent", "unsupported",
               "error", "latency")


def _labels() -> dict:
    return {key: t(f"widgets.{key}") for key in _LABEL_KEYS}


# --- playback ---------------------------------------------------------------------------

class Player(anywidget.AnyWidget):
    """Play a waveform or an audio file, with its duration and sample rate. Never autoplays.

    Audio outside [-1, 1] is scaled down to fit (and a warning says so), so it
    plays without distortion and never crashes.

    >>> player = Player(np.zeros(16000, "float32"), sample_rate=16000)
    >>> player.duration_s
    1.0
    """

    _esm = """
    export default { render({ model, el }) {
      const box = document.createElement("div"); box.className = "kws-player";
      const player = document.createElement("audio");
      player.controls = true; player.autoplay = false; player.preload = "metadata";
      player.src = "data:audio/wav;base64," + model.get("wav_base64");
      const caption = document.createElement("div"); caption.className = "kws-player-caption";
      caption.textContent = model.get("caption");
      box.append(player, caption); el.appendChild(box);
    } };
    """
    _css = _CSS
    wav_base64 = traitlets.Unicode("").tag(sync=True)
    caption = traitlets.Unicode("").tag(sync=True)

    def __init__(self, source, sample_rate: int | None = None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(source, (str, Path, bytes)):
            y, sample_rate = audio.load(source, sr=None)
        else:
            if sample_rate is None:
                raise CourseError("hf.rate_needed")
            y = audio.to_mono(audio.as_float32(source))
        peak = float(np.max(np.abs(y))) if y.size else 0.0
        if peak > 1.0:
            warnings.warn(t("widgets.scaled", peak=peak), stacklevel=2)
            y = y / peak
        self.waveform, self.sample_rate = y.astype(np.float32), int(sample_rate)
        self.duration_s = y.size / self.sample_rate
        buffer = io.BytesIO()
        import soundfile as sf

        sf.write(buffer, self.waveform, self.sample_rate, format="WAV", subtype="PCM_16")
        self.wav_base64 = base64.b64encode(buffer.getvalue()).decode("ascii")
        self.caption = t("widgets.caption", seconds=self.duration_s, rate=self.sample_rate)


# --- recording ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Take:
    """Audio for a cell that wants a recording: the student's, or a stated stand-in.

    Attributes
    ----------
    waveform : numpy.ndarray
        Mono float32 samples.
    sample_rate : int
        Samples per second of ``waveform``.
    recorded : bool
        True for the microphone recording, False for the stand-in.
    note : str
        One line, in the course language, saying which of the two it is.
    """

    waveform: np.ndarray
    sample_rate: int
    recorded: bool
    note: str


class MicRecorder(anywidget.AnyWidget):
    """Record the microphone in the browser; ``.waveform`` is the recording at 16 kHz.

    Buttons start and stop; with ``seconds`` > 0 it stops by itself after that
    long. ``state`` is ``"idle"``, ``"recording"``, ``"done"``, or, when the
    microphone cannot be used, ``"denied"``, ``"absent"``, ``"unsupported"`` or
    ``"error"``, with a message in the student's language on the widget.
    """

    _esm = _CAPTURE + "\nexport default { render({ model, el }) { return mountCapture(model, el); } };\n"
    _css = _CSS
    labels = traitlets.Dict().tag(sync=True)
    seconds = traitlets.Float(0.0).tag(sync=True)
    state = traitlets.Unicode("idle").tag(sync=True)
    browser_rate = traitlets.Int(0).tag(sync=True)

    sample_rate = 16000

    def __init__(self, seconds: float = 0.0, **kwargs):
        if seconds < 0:
            raise ValueError(f"seconds must be 0 (stop by hand) or positive, not {seconds!r}")
        super().__init__(seconds=float(seconds), labels=_labels(), **kwargs)
        self._chunks: list[np.ndarray] = []
        self._lock = threading.Lock()
        self.round_trips_ms: list[float] = []  # browser send -> kernel receipt, per chunk
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, buffers):
        kind = content.get("type")
        if kind == "start":
            with self._lock:
                self._chunks = []
            self.browser_rate = int(content["sample_rate"])
            self.state = "recording"
            self.on_start()
        elif kind == "chunk" and buffers:
            if "sent_ms" in content:
                self.round_trips_ms.append(time.time() * 1000 - float(content["sent_ms"]))
            chunk = np.frombuffer(bytes(buffers[0]), dtype=np.float32).copy()
            with self._lock:
                self._chunks.append(chunk)
            self.on_chunk(chunk)
        elif kind == "stop":
            self.state = "done"
            self.on_stop()
        elif kind == "error":
            self.state = content.get("state", "error")

    # Hooks for subclasses (the live classifier).
    def on_start(self):
        pass

    def on_chunk(self, chunk: np.ndarray):
        pass

    def on_stop(self):
        pass

    @property
    def raw(self) -> np.ndarray:
        """The recording at the browser's own rate."""
        with self._lock:
            return np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)

    @property
    def waveform(self) -> np.ndarray:
        """The recording, mono float32 at 16 kHz (empty before anything was recorded)."""
        raw = self.raw
        if raw.size == 0 or not self.browser_rate:
            return np.zeros(0, np.float32)
        return audio.resample(raw, self.browser_rate, self.sample_rate)

    def take(self, stand_in, stand_in_name: str, sample_rate: int = 16000) -> Take:
        """The recording, or ``stand_in`` when nothing was recorded, so "Run All" never stops here.

        Parameters
        ----------
        stand_in : array_like
            Mono audio to use instead of a recording.
        stand_in_name : str
            What the stand-in is, for the note (e.g. "the test clip yes_01.wav").
        sample_rate : int
            The rate of ``stand_in``.

        Returns
        -------
        Take
            ``recorded`` tells which one it is, and ``note`` says so in the course language.

        Examples
        --------
        >>> take = MicRecorder().take(np.zeros(800, np.float32), "silence")
        >>> take.recorded, take.sample_rate, take.note.endswith("silence.")
        (False, 16000, True)
        """
        y = self.waveform
        if y.size and float(np.abs(y).max()) > 0.0:
            return Take(y, self.sample_rate, True, t("widgets.take_recorded", seconds=y.size / self.sample_rate))
        stand_in = audio.to_mono(np.asarray(stand_in, np.float32))
        return Take(stand_in, int(sample_rate), False, t("widgets.take_stand_in", name=stand_in_name))

    def save(self, path, subtype: str = "PCM_16") -> Path:
        """Write the recording (16 kHz) as a WAV file."""
        y = self.waveform
        if y.size == 0:
            raise CourseError("widgets.nothing_recorded")
        return audio.write_wav(path, y, self.sample_rate, subtype=subtype)


# --- live classification --------------------------------------------------------------------------

class LiveClassifier(MicRecorder):
    """Classify the microphone live, window by window, with a bar chart of the top scores.

    ``classify`` is any function from a 16 kHz waveform to ``(labels, scores)``
    (best first or not). Windows of ``window_s`` seconds overlap by ``overlap``
    (see :class:`~kwscourse.streaming.StreamingWindows`). Classification runs in
    a worker thread, so the widget keeps recording; ``latencies_ms`` records
    how long each window took.
    """

    _esm = _CAPTURE + "\n" + (_STATIC / "live.js").read_text(encoding="utf-8")
    top_labels = traitlets.List([]).tag(sync=True)
    top_scores = traitlets.List([]).tag(sync=True)
    current_label = traitlets.Unicode("").tag(sync=True)
    latency_ms = traitlets.Float(0.0).tag(sync=True)

    def __init__(self, classify, *, window_s: float = 1.0, overlap: float = 0.5, top: int = 5, **kwargs):
        if not callable(classify):
            raise TypeError("classify must be a function from a waveform to (labels, scores)")
        super().__init__(**kwargs)
        self.classify, self.top = classify, int(top)
        self.window_s, self.overlap = float(window_s), float(overlap)
        self._stream = None
        self._worker = ThreadPoolExecutor(max_workers=1)
        self.latencies_ms: list[float] = []
        self.history: list[tuple[float, str, float]] = []

    def on_start(self):
        self._stream = StreamingWindows(self.window_s, self.overlap, sample_rate=self.browser_rate)
        self.latencies_ms, self.history = [], []

    def on_chunk(self, chunk):
        if self._stream is None:
            return
        for window in self._stream.push(chunk):
            self._worker.submit(self._classify_window, window)

    def on_stop(self):
        if self._stream is not None:
            self._stream.reset()  # stopping clears the queue

    def _classify_window(self, window):
        start = time.perf_counter()
        y = audio.resample(window.samples, self.browser_rate, self.sample_rate)
        labels, scores = self.classify(y)
        order = np.argsort(np.asarray(scores))[::-1][: self.top]
        elapsed = (time.perf_counter() - start) * 1000
        self.latencies_ms.append(elapsed)
        best = [str(labels[i]) for i in order]
        self.history.append((window.start_s, best[0], float(np.asarray(scores)[order[0]])))
        self.top_labels = best
        self.top_scores = [float(np.asarray(scores)[i]) for i in order]
        self.current_label = best[0]
        self.latency_ms = elapsed


# --- adapters: models as functions from a waveform to (labels, scores) -------------------------------

def kws_adapter(spotter, label_names):
    """A keyword spotter from `kwscourse.models.load_model_dir` (either recipe) as a live classifier function (1-s windows)."""

    def classify(y):
        out = spotter(audio.pad_or_trim(np.asarray(y, np.float32), 16000)[None, :])
        return list(label_names), np.asarray(out["predictions"])[0]

    return classify


def yamnet_adapter(model):
    """YAMNet as a live classifier function: the clip's mean scores over its frames."""

    def classify(y):
        return model.class_names, model(y).mean_scores()

    return classify


# --- no microphone: upload a file instead ------------------------------------------------------------

class Upload:
    """A file-upload box with the same ``.waveform`` (16 kHz) as the recorder.

    >>> Upload().waveform.size
    0
    """

    sample_rate = 16000

    def __init__(self):
        import ipywidgets

        self.widget = ipywidgets.FileUpload(accept="audio/*,.wav,.flac,.ogg,.mp3", multiple=False,
                                            description=t("widgets.upload"))

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    @property
    def waveform(self) -> np.ndarray:
        if not self.widget.value:
            return np.zeros(0, np.float32)
        content = self.widget.value[0]["content"]
        return audio.load(bytes(content), sr=self.sample_rate)[0]
