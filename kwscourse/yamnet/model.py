"""YAMNet, the pre-trained AudioSet classifier, behind one interface.

Two backends give the same :class:`YamnetResult`:

- ``"savedmodel"``: the official TensorFlow SavedModel through
  ``tf.saved_model.load`` (any length; scores, embeddings and log-mel);
- ``"tflite"``: the fixed-input classification model (15600 samples in, 521
  scores out) run with LiteRT, once per window. The 1024-D embedding is read
  from the tensor that feeds the last fully-connected layer, and the log-mel
  comes from :func:`kwscourse.yamnet.frontend.log_mel_magnitude`.

Where the weights come from is :mod:`kwscourse.yamnet.weights`; the framing and
the front end are :mod:`kwscourse.yamnet.frontend`. :func:`load` does not print:
what it did (the backend it picked, a cached copy it replaced, a stand-in it
built) is in the model's :attr:`Yamnet.notes`::

    >>> from kwscourse.synthetic import stand_ins
    >>> model_file, class_map = stand_ins.untrained_yamnet(tmp())
    >>> model = load(model_file=model_file, class_map=class_map)
    >>> model.notice.startswith("YAMNet backend: tflite")
    True
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from .._internal import checks
from ..synthetic import stand_ins
from ..audio.waveform import SAMPLE_RATE
from ..i18n import CourseError, DataError, ModelError, t
from .backends import savedmodel_runner, tflite_runner
from .frontend import EMBEDDING_SIZE, HOP, NUM_CLASSES  # noqa: F401 (YAMNet's shapes, named here too)
from .weights import cache_replaced, cached_backends, class_map_path, read_class_map, savedmodel_dir, tflite_file

BACKENDS = ("savedmodel", "tflite")


@dataclass
class YamnetResult:
    """What YAMNet says about one waveform, whatever the backend.

    Attributes
    ----------
    scores : numpy.ndarray, shape ``[N, 521]``
        Independent sigmoids per frame (not a softmax).
    embeddings : numpy.ndarray, shape ``[N, 1024]``
        The network's summary of each 0.96 s frame.
    log_mel : numpy.ndarray, shape ``[M, 64]``
        The log-mel spectrogram the network saw.
    frame_times : numpy.ndarray
        The start of each frame, in seconds.
    class_names : list of str
    backend : str
    stand_in : bool
        True when an untrained stand-in made these scores: they mean nothing.

    Examples
    --------
    >>> result = YamnetResult(np.array([[0.1, 0.9], [0.3, 0.5]]), np.zeros((2, 1024)), np.zeros((144, 64)),
    ...                       np.array([0.0, 0.48]), ["Speech", "Music"])
    >>> result.top_k(1)
    [('Music', 0.7)]
    """

    scores: np.ndarray
    embeddings: np.ndarray
    log_mel: np.ndarray
    frame_times: np.ndarray
    class_names: list[str] = field(repr=False)
    backend: str = ""
    stand_in: bool = False

    def mean_scores(self) -> np.ndarray:
        """The clip's score per class: the mean over its frames.

        Examples
        --------
        >>> YamnetResult(np.array([[0.2], [0.4]]), None, None, None, ["Speech"]).mean_scores().round(2)
        array([0.3])
        """
        return self.scores.mean(axis=0)

    def top_k(self, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` best classes over the clip (mean of frames), best first.

        Parameters
        ----------
        k : int, optional
            How many classes; at least 1.

        Returns
        -------
        list of (str, float)
            Class name and mean score.

        Raises
        ------
        ParameterError
            When ``k`` is not a whole number of at least 1.

        Examples
        --------
        >>> result = YamnetResult(np.array([[0.1, 0.8, 0.3]]), None, None, None, ["Speech", "Dog", "Cat"])
        >>> [name for name, _ in result.top_k(2)]
        ['Dog', 'Cat']
        >>> result.top_k(0)
        Traceback (most recent call last):
        ...
        kwscourse.i18n.ParameterError: k must be a whole number of at least 1, not 0.
        """
        k = checks.whole_number(k, "k")
        mean = self.mean_scores()
        best = np.argsort(mean)[::-1][:k]
        return [(self.class_names[i], float(mean[i])) for i in best]

    def timeline(self) -> list[tuple[float, str, float]]:
        """The top class of every frame: ``(start seconds, name, score)``.

        Examples
        --------
        >>> YamnetResult(np.array([[0.9, 0.1], [0.2, 0.7]]), None, None, np.array([0.0, 0.48]),
        ...              ["Speech", "Music"]).timeline()
        [(0.0, 'Speech', 0.9), (0.48, 'Music', 0.7)]
        """
        best = self.scores.argmax(axis=1)
        return [(float(t0), self.class_names[i], float(self.scores[n, i]))
                for n, (t0, i) in enumerate(zip(self.frame_times, best))]


class Yamnet:
    """A loaded YAMNet: call it on a waveform (any rate; mono or ``[samples, channels]``).

    :func:`load` makes one. ``runner`` maps a 16 kHz mono waveform to
    ``(scores [N, 521], embeddings [N, 1024], log_mel [M, 64])``.

    Attributes
    ----------
    backend, source : str
        ``"savedmodel"`` or ``"tflite"``, and the folder or file it was loaded from.
    class_names : list of str
    hub_model : object or None
        The loaded SavedModel (for an end-to-end export), or None.
    class_map_file : pathlib.Path or None
    stand_in : bool
        True for the untrained stand-in of smoke mode.
    notes : tuple of str
        What :func:`load` did, in the course language; :attr:`notice` joins them.

    Examples
    --------
    >>> from kwscourse.yamnet.frontend import frame_count, log_mel_magnitude, pad_waveform
    >>> def runner(y):  # a constant "model", to show the contract
    ...     n = frame_count(y.size)
    ...     return np.tile([0.9, 0.1], (n, 1)), np.ones((n, 1024)), log_mel_magnitude(pad_waveform(y))
    >>> model = Yamnet("tflite", ["Speech", "Music"], runner, "demo")
    >>> model(np.zeros((44100, 2), "float32"), sample_rate=44100).scores.shape  # stereo at 44.1 kHz
    (2, 2)
    """

    def __init__(self, backend: str, class_names: list[str], runner, source: str, *, hub_model=None,
                 class_map_file=None, stand_in: bool = False, notes=()):
        self.backend = backend
        self.class_names = class_names
        self.source = source
        self.hub_model = hub_model
        self.class_map_file = class_map_file
        self.stand_in = stand_in
        self.notes = tuple(notes)
        self._run = runner

    @property
    def notice(self) -> str:
        """The notes, one per line, ready to print."""
        return "\n".join(self.notes)

    def __repr__(self):
        kind = ", UNTRAINED STAND-IN" if self.stand_in else ""
        return f"Yamnet(backend={self.backend!r}, source={self.source!r}{kind})"

    def __call__(self, waveform, sample_rate: int = SAMPLE_RATE) -> YamnetResult:
        y = audio.resample(audio.to_mono(audio.as_float32(waveform)), sample_rate, SAMPLE_RATE)
        scores, embeddings, log_mel = self._run(y)
        times = np.arange(scores.shape[0]) * (HOP / SAMPLE_RATE)
        return YamnetResult(np.asarray(scores, np.float32), np.asarray(embeddings, np.float32),
                            np.asarray(log_mel, np.float32), times, self.class_names, self.backend,
                            self.stand_in)

    def classify_file(self, path, k: int = 5) -> list[tuple[str, float]]:
        """Top ``k`` classes of an audio file (any format or rate).

        Parameters
        ----------
        path : path
            An audio file.
        k : int, optional
            How many classes.

        Returns
        -------
        list of (str, float)

        Examples
        --------
        >>> import os
        >>> from kwscourse.yamnet.frontend import frame_count
        >>> runner = lambda y: (np.tile([0.2, 0.6], (frame_count(y.size), 1)), None, np.zeros((96, 64)))
        >>> path = audio.write_wav(os.path.join(tmp(), "a.wav"), np.zeros(22050), 22050)
        >>> Yamnet("tflite", ["Speech", "Music"], runner, "demo").classify_file(path, k=1)
        [('Music', 0.6000000238418579)]
        """
        y, _ = audio.load(path, sr=SAMPLE_RATE)
        return self(y).top_k(k)


# --- loading ---------------------------------------------------------------------

#: Errors that mean a model file or folder exists but cannot be read.
_UNREADABLE = ("yamnet.corrupt_tflite", "yamnet.corrupt_savedmodel")


def _open_or_remove(path: Path, open_model):
    """``open_model(path)``; weights it cannot read are removed from the cache before the error goes on."""
    try:
        return open_model(path)
    except ModelError as err:
        if err.key in _UNREADABLE:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        raise


def _open_cached(locate, open_model, notes: list):
    """``(path, open_model(path))`` for the cached weights; unreadable ones are fetched once more."""
    path = locate()
    try:
        return path, _open_or_remove(path, open_model)
    except ModelError as err:
        if err.key not in _UNREADABLE:
            raise
        notes.append(cache_replaced(path, err))
    path = locate()
    return path, _open_or_remove(path, open_model)


def _load_backend(choice: str, names, map_file, model_file, data_dir, notes: list, download: bool) -> Yamnet:
    hub_model = None
    if choice == "tflite" and model_file is not None:
        path, runner = model_file, tflite_runner(model_file)
    elif choice == "tflite":
        path, runner = _open_cached(lambda: tflite_file(data_dir, download=download, notes=notes),
                                    tflite_runner, notes)
    else:
        path, (runner, hub_model) = _open_cached(lambda: savedmodel_dir(data_dir, download=download),
                                                 savedmodel_runner, notes)
    notes.append(t("yamnet.picked", backend=choice, source=path))
    return Yamnet(choice, names, runner, str(path), hub_model=hub_model, class_map_file=map_file, notes=notes)


def _auto_order(data_dir, download: bool) -> list[str]:
    """Cached backends first (SavedModel before TFLite), then (if ``download``) the others, to download."""
    cached = cached_backends(data_dir)
    return cached + [b for b in BACKENDS if b not in cached] if download else cached


def _checked_model_file(backend: str, model_file):
    """``(backend, model_file)`` once the user's own model file is known to exist and suit the backend."""
    if model_file is None:
        return backend, None
    model_file = Path(model_file)
    if not model_file.is_file():
        raise ModelError("yamnet.no_model_file", path=model_file)
    if backend == "savedmodel":
        raise ModelError("yamnet.model_file_is_tflite", path=model_file)
    return "tflite", model_file


def _class_names(class_map, data_dir, errors: list, download: bool):
    """``(path, names)`` of the class map to use, or ``(None, None)`` with the reason in ``errors``."""
    try:
        map_file = Path(class_map) if class_map else class_map_path(data_dir, download=download)
        names = read_class_map(map_file)
    except DataError as err:
        errors.append(f"class map: {err}")
        return None, None
    if len(names) != NUM_CLASSES:
        raise CourseError("yamnet.bad_class_map", path=map_file)
    return map_file, names


def _stand_in(data_dir, notes: list) -> Yamnet:
    """The untrained stand-in, with its own class map ("stand-in class N") and a note that says so."""
    model_file, map_file = stand_ins.untrained_yamnet(data_dir)
    notes.append(t("yamnet.stand_in", path=model_file))
    return Yamnet("tflite", read_class_map(map_file), tflite_runner(model_file), str(model_file),
                  class_map_file=map_file, stand_in=True, notes=notes)


def load(backend: str = "auto", *, model_file=None, class_map=None, data_dir=None) -> Yamnet:
    """Load YAMNet with the ``"savedmodel"`` or ``"tflite"`` backend (``"auto"``: what is at hand).

    ``"auto"`` tries a cached SavedModel, a cached TFLite file, then downloads
    in that order. A backend that fails (cached weights that cannot be read are
    removed and fetched once more) hands over to the next. Smoke mode never
    downloads: with no real YAMNet in the cache, an untrained stand-in is built instead. Nothing is
    printed: print the model's :attr:`~Yamnet.notice` (the backend picked, a
    cached copy replaced, a stand-in in use).

    Parameters
    ----------
    backend : {"auto", "savedmodel", "tflite"}, optional
    model_file, class_map : path, optional
        A TFLite classification model and a class map CSV instead of the cached ones.
    data_dir : path, optional
        The course's data folder (the settings' by default).

    Returns
    -------
    Yamnet

    Raises
    ------
    ParameterError
        For an unknown ``backend``.
    ModelError
        A missing or unreadable ``model_file``, or ``yamnet.unavailable`` with each backend's reason.

    Examples
    --------
    >>> load(backend="onnx")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: backend must be one of auto, savedmodel, tflite, not 'onnx'.
    """
    backend, model_file = _checked_model_file(checks.one_of(backend, "backend", ("auto", *BACKENDS)), model_file)
    return stand_ins.real_or_stand_in(lambda: _load(backend, model_file, class_map, data_dir, download=True),
                                      lambda: _load(backend, model_file, class_map, data_dir, download=False))


def _load(backend: str, model_file, class_map, data_dir, *, download: bool) -> Yamnet:
    """The first backend that loads; without ``download`` (smoke mode) only cached weights, else the stand-in."""
    errors, notes = [], []
    map_file, names = _class_names(class_map, data_dir, errors, download)
    choices = [backend] if backend != "auto" else _auto_order(data_dir, download)
    for choice in choices if names is not None else []:
        try:
            return _load_backend(choice, names, map_file, model_file, data_dir, notes, download)
        except CourseError as err:
            if model_file is not None:
                raise  # the user's own file: say what is wrong with it
            errors.append(f"{choice}: {err}")
    if not download and model_file is None:
        return _stand_in(data_dir, notes)
    raise ModelError("yamnet.unavailable", detail=" | ".join(errors + notes))
