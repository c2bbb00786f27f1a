"""Notebook widgets for the microphone: record it, classify it live, or upload a file instead.

Built on anywidget, so they work in JupyterLab 4 and (with its custom widget
manager, enabled by ``setup_notebook``) in Colab. The browser captures mono
audio through ``getUserMedia`` (echo cancellation, noise suppression and auto
gain off) and an AudioWorklet, and sends binary Float32 chunks to the kernel,
which resamples them to 16 kHz. Playing audio is :class:`kwscourse.ui.player.Player`'s job.

    >>> recorder = MicRecorder(seconds=2.0)
    >>> recorder.state
    'idle'
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import anywidget
import ipywidgets
import numpy as np
import traitlets
from IPython.display import display

from ..audio import waveform as audio
from .._internal import checks
from ..audio.waveform import SAMPLE_RATE
from ..i18n import CourseError, t
from ..audio.streaming import StreamingWindows

_STATIC = Path(__file__).parent.parent / "static"
_CAPTURE = (_STATIC / "capture.js").read_text(encoding="utf-8")
_CSS = (_STATIC / "widgets.css").read_text(encoding="utf-8")
_LABEL_KEYS = ("record", "stop", "idle", "recording", "done", "denied", "absent", "unsupported",
               "error", "latency")


def _labels() -> dict:
    return {key: t(f"widgets.{key}") for key in _LABEL_KEYS}


# --- recording ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Take:
    """Audio for a cell that wants a recording: the student's, or a stated stand-in.

    :meth:`MicRecorder.take` makes one.

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

    Examples
    --------
    >>> Take(np.zeros(160, "float32"), SAMPLE_RATE, False, "a stand-in").recorded
    False
    """

    waveform: np.ndarray
    sample_rate: int
    recorded: bool
    note: str


class MicRecorder(anywidget.AnyWidget):
    """Record the microphone in the browser; ``.waveform`` is the recording at 16 kHz.

    Buttons start and stop; with ``seconds`` > 0 it stops by itself after that
    long (0: stop with the button). ``state`` is ``"idle"``, ``"recording"``,
    ``"done"``, or, when the microphone cannot be used, ``"denied"``,
    ``"absent"``, ``"unsupported"`` or ``"error"``, with a message in the
    student's language on the widget.

    Raises
    ------
    ParameterError
        When ``seconds`` is neither 0 nor a positive number.

    Examples
    --------
    >>> recorder = MicRecorder(seconds=1.5)
    >>> recorder.state, recorder.seconds, recorder.waveform.size
    ('idle', 1.5, 0)
    """

    _esm = _CAPTURE + "\nexport default { render({ model, el }) { return mountCapture(model, el); } };\n"
    _css = _CSS
    labels = traitlets.Dict().tag(sync=True)
    seconds = traitlets.Float(0.0).tag(sync=True)
    state = traitlets.Unicode("idle").tag(sync=True)
    browser_rate = traitlets.Int(0).tag(sync=True)

    sample_rate = SAMPLE_RATE

    def __init__(self, seconds: float = 0.0, **kwargs):
        seconds = 0.0 if seconds == 0 else checks.positive(seconds, "seconds")  # 0: stop by hand
        super().__init__(seconds=seconds, labels=_labels(), **kwargs)
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

    # Hooks for subclasses (the live classifier), called on the widget's message thread.
    def on_start(self):
        """The browser started recording, at ``browser_rate``."""

    def on_chunk(self, chunk: np.ndarray):
        """A chunk of float32 samples arrived, at ``browser_rate``."""

    def on_stop(self):
        """The browser stopped recording."""

    @property
    def raw(self) -> np.ndarray:
        """The recording at the browser's own rate (``browser_rate``), empty before anything was recorded.

        Examples
        --------
        >>> MicRecorder().raw.size
        0
        """
        with self._lock:
            return np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)

    @property
    def waveform(self) -> np.ndarray:
        """The recording, mono float32 at 16 kHz (empty before anything was recorded).

        Examples
        --------
        >>> MicRecorder().waveform.dtype, MicRecorder.sample_rate
        (dtype('float32'), 16000)
        """
        raw = self.raw
        if raw.size == 0 or not self.browser_rate:
            return np.zeros(0, np.float32)
        return audio.resample(raw, self.browser_rate, self.sample_rate)

    def take(self, stand_in, stand_in_name: str, sample_rate: int = SAMPLE_RATE) -> Take:
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
        """Write the recording (16 kHz) as a WAV file (see :func:`kwscourse.audio.waveform.write_wav`) and return its path.

        Raises
        ------
        CourseError
            When nothing has been recorded yet.

        Examples
        --------
        >>> MicRecorder().save("never.wav")
        Traceback (most recent call last):
        ...
        kwscourse.i18n.CourseError: Nothing has been recorded yet: press Record first.
        """
        y = self.waveform
        if y.size == 0:
            raise CourseError("widgets.nothing_recorded")
        return audio.write_wav(path, y, self.sample_rate, subtype=subtype)


# --- live classification --------------------------------------------------------------------------

class LiveClassifier(MicRecorder):
    """Classify the microphone live, window by window, with a bar chart of the top scores.

    Classification runs in a worker thread, so the widget keeps recording;
    ``latencies_ms`` records how long each window took and ``history`` holds
    ``(start_s, best label, its score)`` per window.

    Parameters
    ----------
    classify : callable
        A function from a 16 kHz waveform to ``(labels, scores)`` (see :func:`kws_adapter`).
    window_s, overlap : float, optional
        Windows of ``window_s`` seconds sharing ``overlap`` of their length (see
        :class:`~kwscourse.audio.streaming.StreamingWindows`).
    top : int, optional
        How many labels the bar chart shows.

    Raises
    ------
    ParameterError
        When ``classify`` is not a function, or for a bad window, overlap or ``top``.

    Examples
    --------
    >>> live = LiveClassifier(lambda y: (["quiet", "loud"], [0.9, 0.1]), window_s=1.0, overlap=0.5)
    >>> live.window_s, live.overlap, live.top
    (1.0, 0.5, 5)
    """

    _esm = _CAPTURE + "\n" + (_STATIC / "live.js").read_text(encoding="utf-8")
    top_labels = traitlets.List([]).tag(sync=True)
    top_scores = traitlets.List([]).tag(sync=True)
    current_label = traitlets.Unicode("").tag(sync=True)
    latency_ms = traitlets.Float(0.0).tag(sync=True)

    def __init__(self, classify, *, window_s: float = 1.0, overlap: float = 0.5, top: int = 5, **kwargs):
        checks.function(classify, "classify")
        window_s, overlap = checks.positive(window_s, "window_s"), checks.fraction(overlap, "overlap")
        top = checks.whole_number(top, "top")
        super().__init__(**kwargs)
        self.classify, self.top, self.window_s, self.overlap = classify, top, window_s, overlap
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
    """A keyword spotter as a function from a waveform to ``(labels, scores)``, for :class:`LiveClassifier`.

    ``spotter`` is what :func:`kwscourse.kws.spotting.load_model_dir` returns (either
    recipe): it takes a float32 batch ``[1, 16000]`` and returns ``predictions``.
    The waveform is padded or cut to one second first.

    Examples
    --------
    >>> classify = kws_adapter(lambda batch: {"predictions": [[0.25, 0.75]]}, ["no", "yes"])
    >>> labels, scores = classify(np.zeros(8000, "float32"))
    >>> labels, scores.tolist()
    (['no', 'yes'], [0.25, 0.75])
    """

    def classify(y):
        out = spotter(audio.pad_or_trim(np.asarray(y, np.float32), SAMPLE_RATE)[None, :])
        return list(label_names), np.asarray(out["predictions"])[0]

    return classify


def yamnet_adapter(model):
    """YAMNet as a function from a waveform to ``(labels, scores)``: its 521 classes and their mean scores.

    ``model`` is what :func:`kwscourse.yamnet.model.load` returns.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> def fake(y): return SimpleNamespace(mean_scores=lambda: [0.6, 0.1])
    >>> fake.class_names = ["Speech", "Music"]
    >>> yamnet_adapter(fake)(np.zeros(SAMPLE_RATE, "float32"))
    (['Speech', 'Music'], [0.6, 0.1])
    """

    def classify(y):
        return model.class_names, model(y).mean_scores()

    return classify


# --- no microphone: upload a file instead ------------------------------------------------------------

class Upload:
    """A file-upload box with the same ``.waveform`` (16 kHz) as the recorder.

    For a browser without a microphone: any audio file :func:`kwscourse.audio.waveform.load` reads.

    Examples
    --------
    >>> Upload().waveform.size
    0
    """

    sample_rate = SAMPLE_RATE

    def __init__(self):
        self.widget = ipywidgets.FileUpload(accept="audio/*,.wav,.flac,.ogg,.mp3", multiple=False,
                                            description=t("widgets.upload"))

    def _ipython_display_(self):
        display(self.widget)

    @property
    def waveform(self) -> np.ndarray:
        """The uploaded file, mono float32 at 16 kHz (empty before a file was chosen).

        Examples
        --------
        >>> Upload().waveform.dtype
        dtype('float32')
        """
        value = self.widget.value
        if not value:
            return np.zeros(0, np.float32)
        # ipywidgets 8 gives a tuple of files; Colab's ipywidgets 7 a dict {name: file}.
        first = next(iter(value.values())) if isinstance(value, dict) else value[0]
        return audio.load(bytes(first["content"]), sr=self.sample_rate)[0]
