"""Running an exported file the way phone and web apps do: MediaPipe Tasks' ``AudioClassifier``.

MediaPipe cuts a recording into consecutive windows of the model's input length
(no overlap; the last one padded with zeros), resamples to the rate the file's
metadata gives, and returns one result per window, each with its start time.
The course's own :class:`kwscourse.export.tflite.ExportedClassifier` hears a
keyword clip's loudest second instead, and a clip model's YAMNet windows
(0.975 s every 0.48 s), averaged: the same model, fed differently.

``mediapipe`` is optional (``pip install "kwscourse[phone]"``) and imported
only when a function here runs.

    >>> available() in (True, False)
    True
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass

import numpy as np

from ..audio import waveform as audio
from .._internal.tf import _filtered_stderr
from ..i18n import ModelError


def available() -> bool:
    """True when ``mediapipe`` is installed.

    Examples
    --------
    >>> isinstance(available(), bool)
    True
    """
    return importlib.util.find_spec("mediapipe") is not None


@dataclass(frozen=True)
class WindowScores:
    """MediaPipe's scores for a recording: one row per window, one column per label (the file's order).

    Attributes
    ----------
    start_ms : numpy.ndarray
        Where each window starts, in milliseconds.
    scores : numpy.ndarray
        ``[windows, labels]``.
    labels : tuple of str
        The category names MediaPipe read from the file's metadata.
    """

    start_ms: np.ndarray
    scores: np.ndarray
    labels: tuple

    def top(self, window: int = 0) -> tuple[str, float]:
        """The best label of one window and its score."""
        best = int(np.argmax(self.scores[window]))
        return self.labels[best], float(self.scores[window, best])


def tasks_api():
    """MediaPipe Tasks' audio module, its ``AudioData`` and ``BaseOptions``, imported without their log noise.

    Raises
    ------
    ModelError
        ``tflite.needs_mediapipe`` when mediapipe is not installed.

    Examples
    --------
    >>> tasks_audio, AudioData, BaseOptions = tasks_api()
    >>> tasks_audio.AudioClassifier.__name__, AudioData.__name__
    ('AudioClassifier', 'AudioData')
    """
    if not available():
        raise ModelError("tflite.needs_mediapipe")
    with _filtered_stderr():  # its first import announces absl logging on fd 2
        from mediapipe.tasks.python import audio as tasks_audio
        from mediapipe.tasks.python.components.containers import audio_data
        from mediapipe.tasks.python.core import base_options
    return tasks_audio, audio_data.AudioData, base_options.BaseOptions


def quiet_runtime():
    """A ``with`` block in which the LiteRT inside MediaPipe does not announce its CPU delegate on stderr.

    Other lines on stderr still show.

    Examples
    --------
    >>> with quiet_runtime():
    ...     pass
    """
    return _filtered_stderr()


def classifier(model_path):
    """MediaPipe's ``AudioClassifier`` for a model file, in clip mode, giving every label's score.

    Close it with ``.close()``, or use it in a ``with`` block.

    Raises
    ------
    ModelError
        ``tflite.needs_mediapipe`` without mediapipe; MediaPipe's own ``ValueError`` names
        what is missing in a file without metadata.

    Examples
    --------
    >>> from pathlib import Path; from kwscourse.export import tflite as tflite_export
    >>> tf = tflite_export.tensorflow()
    >>> blob = tflite_export.convert(lambda x: tf.nn.softmax(tf.concat([x[:, :1], -x[:, :1]], 1)),
    ...                              tf.TensorSpec([1, 1600], tf.float32))
    >>> path = tflite_export.save(Path(tmp()) / "m.tflite", blob, ["up", "down"],
    ...                           {"kind": "keyword", "input_samples": 1600})
    >>> with classifier(path) as model:  # 0.25 s of audio, 0.1-s windows: the last one padded
    ...     found = scores(model, np.full(4000, 0.5, "float32"))
    >>> found.start_ms, found.top(0)
    (array([  0., 100., 200.]), ('up', 0.731...))
    """
    tasks_audio, _, base_options = tasks_api()
    options = tasks_audio.AudioClassifierOptions(base_options=base_options(model_asset_path=str(model_path)))
    with quiet_runtime():
        return tasks_audio.AudioClassifier.create_from_options(options)


def scores(model, waveform, sample_rate: int = audio.SAMPLE_RATE) -> WindowScores:
    """Every window's scores from a MediaPipe ``AudioClassifier`` (see :func:`classifier`).

    Parameters
    ----------
    model : mediapipe AudioClassifier
        Made by :func:`classifier`.
    waveform : array_like
        Mono audio in [-1, 1].
    sample_rate : int, optional
        Its rate; MediaPipe resamples to the model's.

    Returns
    -------
    WindowScores
    """
    _, audio_data, _ = tasks_api()
    y = audio.as_float32(waveform)
    results = model.classify(audio_data.create_from_array(y, int(sample_rate)))
    first = results[0].classifications[0].categories
    labels = [""] * len(first)
    table = np.zeros((len(results), len(first)), np.float32)
    for row, result in enumerate(results):
        for category in result.classifications[0].categories:
            table[row, category.index] = category.score
            labels[category.index] = category.category_name
    return WindowScores(np.array([r.timestamp_ms for r in results], float), table, tuple(labels))


def latency_ms(model, window, repeats: int = 50) -> float:
    """Median milliseconds for MediaPipe to classify one window (after one warm-up call).

    Examples
    --------
    >>> from pathlib import Path; from kwscourse.export import tflite as tflite_export
    >>> tf = tflite_export.tensorflow()
    >>> blob = tflite_export.convert(lambda x: tf.nn.softmax(tf.concat([x[:, :1], -x[:, :1]], 1)),
    ...                              tf.TensorSpec([1, 100], tf.float32))
    >>> path = tflite_export.save(Path(tmp()) / "m.tflite", blob, ["up", "down"], {"input_samples": 100})
    >>> with classifier(path) as model:
    ...     0 < latency_ms(model, np.zeros(100, "float32"), repeats=3) < 1000
    True
    """
    scores(model, window)
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        scores(model, window)
        runs.append(1000 * (time.perf_counter() - start))
    return float(np.median(runs))
