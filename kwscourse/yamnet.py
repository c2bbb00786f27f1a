"""YAMNet, the pre-trained AudioSet classifier, behind one interface.

Two backends give the same :class:`YamnetResult`:

- ``"savedmodel"``: the official TensorFlow SavedModel through
  ``tensorflow_hub.load`` (any length; scores, embeddings and log-mel);
- ``"tflite"``: the fixed-input classification model (15600 samples in, 521
  scores out) run with LiteRT, once per window. The 1024-D embedding is read
  from the tensor that feeds the last fully-connected layer, and the log-mel
  comes from this module's own front end.

Windows follow YAMNet's own rule: 0.975 s (15600 samples) gives the first
0.96 s patch, and each further 0.48 s (7680 samples) one more::

    >>> frame_count(15600), frame_count(16000), frame_count(48000)
    (1, 2, 6)
"""

from __future__ import annotations

import csv
import functools
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import audio
from ._tf import _filtered_stderr, keras as _keras, tensorflow as _tensorflow
from .i18n import CourseError, ModelError, t

SAMPLE_RATE = 16000
WINDOW = 15600  #: samples for one patch: 0.96 s of frames plus one 25 ms STFT window, less a hop
HOP = 7680  #: 0.48 s between patches
NUM_CLASSES = 521
EMBEDDING_SIZE = 1024

# Front end (YAMNet's params.py): 25 ms windows every 10 ms, 64 HTK mel bands.
STFT_WINDOW = 400
STFT_HOP = 160
FFT_LENGTH = 512
MEL_BANDS = 64
MEL_MIN_HZ = 125.0
MEL_MAX_HZ = 7500.0
LOG_OFFSET = 0.001
PATCH_FRAMES = 96
PATCH_HOP_FRAMES = 48

BACKENDS = ("savedmodel", "tflite")
CLASS_MAP_URL = ("https://raw.githubusercontent.com/tensorflow/models/master/"
                 "research/audioset/yamnet/yamnet_class_map.csv")
SAVEDMODEL_URL = "https://tfhub.dev/google/yamnet/1?tf-hub-format=compressed"
TFLITE_URL = "https://tfhub.dev/google/lite-model/yamnet/classification/tflite/1?lite-format=tflite"
CLASS_MAP_FILE = "yamnet_class_map.csv"
TFLITE_FILE = "yamnet_classification.tflite"
SAVEDMODEL_DIR = "savedmodel"


def frame_count(num_samples: int) -> int:
    """How many 0.96 s patches YAMNet makes of ``num_samples`` samples at 16 kHz.

    >>> frame_count(1), frame_count(15601)
    (1, 2)
    """
    if num_samples <= WINDOW:
        return 1
    return 1 + math.ceil((num_samples - WINDOW) / HOP)


def pad_waveform(waveform: np.ndarray) -> np.ndarray:
    """Zero-pad at the end exactly as YAMNet does: to 15600 + k * 7680 samples.

    >>> pad_waveform(np.ones(100, "float32")).size, pad_waveform(np.ones(16000, "float32")).size
    (15600, 23280)
    """
    waveform = np.asarray(waveform, dtype=np.float32)
    target = WINDOW + (frame_count(waveform.size) - 1) * HOP
    return np.pad(waveform, (0, target - waveform.size))


def frame_waveform(waveform: np.ndarray) -> np.ndarray:
    """The padded waveform cut into ``[N, 15600]`` windows every 7680 samples.

    >>> frame_waveform(np.zeros(32000, "float32")).shape
    (4, 15600)
    """
    padded = pad_waveform(waveform)
    starts = np.arange(frame_count(waveform.size)) * HOP
    return np.stack([padded[s:s + WINDOW] for s in starts])


def hz_to_mel(hz):
    """The HTK mel scale: ``1127 * ln(1 + hz / 700)``.

    >>> round(float(hz_to_mel(1000.0)), 1)
    1000.0
    """
    return 1127.0 * np.log1p(np.asarray(hz, dtype=np.float64) / 700.0)


@functools.lru_cache(maxsize=4)
def mel_matrix(num_bins: int = FFT_LENGTH // 2 + 1, num_mel: int = MEL_BANDS,
               sample_rate: int = SAMPLE_RATE, fmin: float = MEL_MIN_HZ,
               fmax: float = MEL_MAX_HZ) -> np.ndarray:
    """Triangular HTK-mel filters ``[num_bins, num_mel]``, as ``tf.signal.linear_to_mel_weight_matrix``.

    Each band rises linearly (in mel) from its lower edge to its centre and falls to
    its upper edge; the DC bin gets no weight.

    >>> mel_matrix().shape
    (257, 64)
    """
    bins_mel = hz_to_mel(np.linspace(0.0, sample_rate / 2, num_bins)[1:])[:, None]
    edges = np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), num_mel + 2)
    lower, centre, upper = edges[:-2], edges[1:-1], edges[2:]
    rising = (bins_mel - lower) / (centre - lower)
    falling = (upper - bins_mel) / (upper - centre)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return np.vstack([np.zeros((1, num_mel)), weights])


def log_mel_spectrogram(waveform) -> np.ndarray:
    """YAMNet's log-mel front end: ``[frames, 64]`` for a 16 kHz float32 waveform.

    Magnitude STFT (400-sample periodic Hann windows every 160 samples, FFT 512),
    64 HTK-mel bands from 125 to 7500 Hz, then ``log(mel + 0.001)``. Written in
    NumPy (a few milliseconds per clip); tests check it against ``tf.signal``.

    >>> log_mel_spectrogram(np.zeros(15600, "float32")).shape
    (96, 64)
    """
    y = np.asarray(waveform, dtype=np.float64).reshape(-1)
    if y.size < STFT_WINDOW:
        raise ValueError(f"need at least {STFT_WINDOW} samples, got {y.size}")
    count = 1 + (y.size - STFT_WINDOW) // STFT_HOP
    frames = np.lib.stride_tricks.sliding_window_view(y, STFT_WINDOW)[::STFT_HOP][:count]
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(STFT_WINDOW) / STFT_WINDOW)  # periodic Hann
    magnitude = np.abs(np.fft.rfft(frames * window, n=FFT_LENGTH))
    return np.log(magnitude @ mel_matrix() + LOG_OFFSET).astype(np.float32)


def log_mel_patches(log_mel: np.ndarray) -> np.ndarray:
    """Cut a log-mel ``[frames, 64]`` into ``[N, 96, 64]`` patches every 48 frames.

    >>> log_mel_patches(np.zeros((144, 64), "float32")).shape
    (2, 96, 64)
    """
    log_mel = np.asarray(log_mel, dtype=np.float32)
    if log_mel.shape[0] < PATCH_FRAMES:
        raise ValueError(f"need at least {PATCH_FRAMES} frames, got {log_mel.shape[0]}")
    starts = range(0, log_mel.shape[0] - PATCH_FRAMES + 1, PATCH_HOP_FRAMES)
    return np.stack([log_mel[s:s + PATCH_FRAMES] for s in starts])


def read_class_map(path) -> list[str]:
    """Display names from a YAMNet class map CSV (columns index, mid, display_name).

    >>> import io, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "m.csv")
    >>> _ = open(p, "w").write("index,mid,display_name\\n0,/m/09x0r,Speech\\n1,/m/05zppz,Male speech\\n")
    >>> read_class_map(p)
    ['Speech', 'Male speech']
    """
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or {"index", "mid", "display_name"} - set(rows[0]):
        raise CourseError("yamnet.bad_class_map", path=path)
    rows.sort(key=lambda row: int(row["index"]))
    return [row["display_name"] for row in rows]


def _to_16k_mono(waveform, sample_rate: int) -> np.ndarray:
    y = audio.as_float32(waveform)
    if y.ndim == 2:
        # Accept both [channels, samples] and [samples, channels]: channels is the short axis.
        y = audio.to_mono(y if y.shape[0] <= y.shape[1] else y.T)
    return audio.resample(y, sample_rate, SAMPLE_RATE)


@dataclass
class YamnetResult:
    """What YAMNet says about one waveform, whatever the backend.

    ``scores`` ``[N, 521]`` are independent sigmoids (not a softmax),
    ``embeddings`` ``[N, 1024]``, ``log_mel`` ``[M, 64]``, ``frame_times`` the
    start of each 0.96 s patch in seconds.
    """

    scores: np.ndarray
    embeddings: np.ndarray
    log_mel: np.ndarray
    frame_times: np.ndarray
    class_names: list[str] = field(repr=False)
    backend: str = ""

    def mean_scores(self) -> np.ndarray:
        """The clip's score per class: the mean over its frames."""
        return self.scores.mean(axis=0)

    def top_k(self, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` best classes over the clip (mean of frames), best first."""
        if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be a whole number of at least 1, not {k!r}")
        mean = self.mean_scores()
        best = np.argsort(mean)[::-1][:k]
        return [(self.class_names[i], float(mean[i])) for i in best]

    def timeline(self) -> list[tuple[float, str, float]]:
        """The top class of every frame: ``(start seconds, name, score)``."""
        best = self.scores.argmax(axis=1)
        return [(float(t0), self.class_names[i], float(self.scores[n, i]))
                for n, (t0, i) in enumerate(zip(self.frame_times, best))]


class Yamnet:
    """A loaded YAMNet. Call it on a waveform (any rate, any channels).

    >>> model = load(backend="tflite")  # doctest: +SKIP
    >>> model(np.zeros(48000, "float32")).top_k(1)  # doctest: +SKIP
    [('Silence', 0.97)]
    """

    def __init__(self, backend: str, class_names: list[str], runner, source: str, hub_model=None,
                 *, class_map_file=None, stand_in: bool = False):
        self.backend = backend
        self.class_names = class_names
        self.source = source
        self.hub_model = hub_model  # the loaded SavedModel, for end-to-end export
        self.class_map_file = class_map_file
        self.stand_in = stand_in  # an untrained network with YAMNet's interface (smoke mode only)
        self._run = runner

    def __repr__(self):
        kind = ", UNTRAINED STAND-IN" if self.stand_in else ""
        return f"Yamnet(backend={self.backend!r}, source={self.source!r}{kind})"

    def __call__(self, waveform, sample_rate: int = SAMPLE_RATE) -> YamnetResult:
        y = _to_16k_mono(waveform, sample_rate)
        scores, embeddings, log_mel = self._run(y)
        times = np.arange(scores.shape[0]) * (HOP / SAMPLE_RATE)
        return YamnetResult(np.asarray(scores, np.float32), np.asarray(embeddings, np.float32),
                            np.asarray(log_mel, np.float32), times, self.class_names, self.backend)

    def classify_file(self, path, k: int = 5) -> list[tuple[str, float]]:
        """Top ``k`` classes of an audio file (any format or rate)."""
        y, _ = audio.load(path, sr=SAMPLE_RATE)
        return self(y).top_k(k)


# --- backends --------------------------------------------------------------------

def _tflite_runner(model_file: Path):
    from ai_edge_litert.interpreter import Interpreter

    with warnings.catch_warnings(), _filtered_stderr():
        # We need the intermediate embedding tensor, which only survives invoke() with this flag.
        warnings.filterwarnings("ignore", message=".*experimental_preserve_all_tensors.*")
        interpreter = Interpreter(model_path=str(model_file), num_threads=1,
                                  experimental_preserve_all_tensors=True)
        interpreter.allocate_tensors()
    (input_detail,) = interpreter.get_input_details()
    output_detail = interpreter.get_output_details()[0]
    if list(input_detail["shape"]) not in ([WINDOW], [1, WINDOW]) or \
            list(output_detail["shape"])[-1] != NUM_CLASSES:
        raise ModelError("yamnet.bad_tflite", path=model_file, shape=list(input_detail["shape"]))
    fully_connected = [op for op in interpreter._get_ops_details() if op["op_name"] == "FULLY_CONNECTED"]
    embedding_index = int(fully_connected[-1]["inputs"][0]) if fully_connected else None

    def run(y: np.ndarray):
        scores, embeddings = [], []
        for window in frame_waveform(y):
            interpreter.set_tensor(input_detail["index"], window.reshape(input_detail["shape"]))
            interpreter.invoke()
            scores.append(interpreter.get_tensor(output_detail["index"]).reshape(-1))
            embeddings.append(interpreter.get_tensor(embedding_index).reshape(-1)
                              if embedding_index is not None else np.zeros(EMBEDDING_SIZE, np.float32))
        return np.stack(scores), np.stack(embeddings), log_mel_spectrogram(pad_waveform(y))

    return run


def _savedmodel_runner(model_dir: Path):
    _tensorflow()
    with warnings.catch_warnings(), _filtered_stderr():
        # tensorflow_hub still imports pkg_resources, which warns; that is theirs to fix.
        warnings.filterwarnings("ignore", message=".*pkg_resources.*")
        import tensorflow_hub as hub

        model = hub.load(str(model_dir))

    def run(y: np.ndarray):
        scores, embeddings, log_mel = model(y)
        return scores.numpy(), embeddings.numpy(), log_mel.numpy()

    return run, model


def _cache_dir(data_dir=None) -> Path:
    from ._config import settings

    return Path(data_dir or settings.data_dir) / "yamnet"


def class_map_path(data_dir=None, *, download: bool = True) -> Path:
    """The cached class map CSV, downloaded the first time."""
    from . import data

    path = _cache_dir(data_dir) / CLASS_MAP_FILE
    if not path.is_file() and download:
        data.download(CLASS_MAP_URL, path, progress=False)
    return path


def tflite_file(data_dir=None, *, download: bool = True) -> Path:
    """The cached TFLite classification model, downloaded the first time."""
    from . import data

    path = _cache_dir(data_dir) / TFLITE_FILE
    if not path.is_file() and download:
        data.download(TFLITE_URL, path)
    return path


def savedmodel_dir(data_dir=None, *, download: bool = True) -> Path:
    """The cached SavedModel folder, downloaded and extracted the first time."""
    from . import data

    folder = _cache_dir(data_dir) / SAVEDMODEL_DIR
    if (folder / "saved_model.pb").is_file() or not download:
        return folder
    archive = _cache_dir(data_dir) / "yamnet_savedmodel.tar.gz"
    data.download(SAVEDMODEL_URL, archive)
    data.extract_archive(archive, folder)
    archive.unlink(missing_ok=True)
    return folder


def cached_backends(data_dir=None) -> list[str]:
    """Backends whose weights are already in the cache, best first."""
    found = []
    if (savedmodel_dir(data_dir, download=False) / "saved_model.pb").is_file():
        found.append("savedmodel")
    if tflite_file(data_dir, download=False).is_file():
        found.append("tflite")
    return found


def load(backend: str = "auto", *, model_file=None, class_map=None, data_dir=None,
         verbose: bool = True) -> Yamnet:
    """Load YAMNet with the ``"savedmodel"`` or ``"tflite"`` backend (``"auto"``: what is at hand).

    ``model_file`` points at a TFLite classification model to use instead of
    the cached one; ``class_map`` at a class map CSV. ``"auto"`` prefers a
    cached SavedModel, then a cached TFLite file, then tries to download them
    in that order, and says which one it picked. In smoke mode, when no real
    YAMNet can be found or downloaded, an untrained stand-in with YAMNet's
    interface is built instead, and says so.

    >>> load(backend="onnx")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: Unknown YAMNet backend 'onnx'. Choose auto, savedmodel or tflite.
    """
    from ._config import settings
    from .i18n import DataError

    if backend not in ("auto", *BACKENDS):
        raise ModelError("yamnet.unknown_backend", backend=backend)
    if model_file is not None:
        model_file = Path(model_file)
        if not model_file.is_file():
            raise ModelError("yamnet.no_model_file", path=model_file)
        if backend == "savedmodel":
            raise ModelError("yamnet.model_file_is_tflite", path=model_file)
        backend = "tflite"
    errors = []
    try:
        map_file = Path(class_map) if class_map else class_map_path(data_dir)
        names = read_class_map(map_file)
    except DataError as err:
        map_file, names = None, None
        errors.append(f"class map: {err}")
    if names is not None and len(names) != NUM_CLASSES:
        raise CourseError("yamnet.bad_class_map", path=map_file)

    choices = [backend] if backend != "auto" else (cached_backends(data_dir) or list(BACKENDS))
    for choice in choices if names is not None else []:
        try:
            if choice == "tflite":
                path = model_file or tflite_file(data_dir)
                yamnet = Yamnet("tflite", names, _tflite_runner(path), str(path), class_map_file=map_file)
            else:
                folder = savedmodel_dir(data_dir)
                runner, hub_model = _savedmodel_runner(folder)
                yamnet = Yamnet("savedmodel", names, runner, str(folder), hub_model, class_map_file=map_file)
        except DataError as err:
            errors.append(f"{choice}: {err}")
            continue
        if verbose and backend == "auto":
            print(t("yamnet.picked", backend=yamnet.backend, source=yamnet.source))
        return yamnet
    if settings.smoke and model_file is None:
        path, stand_in_map = build_stand_in(data_dir)
        print(t("yamnet.stand_in", path=path))
        map_file = map_file or stand_in_map
        return Yamnet("tflite", names or read_class_map(map_file), _tflite_runner(path), str(path),
                      class_map_file=map_file, stand_in=True)
    raise ModelError("yamnet.unavailable", detail=" | ".join(errors))


STAND_IN_DIR = "stand_in"


def build_stand_in(data_dir=None) -> tuple[Path, Path]:
    """An UNTRAINED network with YAMNet's TFLite interface, for smoke runs with no real weights.

    Input ``[1, 15600]``, 521 sigmoid scores out, a 1024-unit layer feeding the
    last fully-connected layer (the "embedding"), and a class map whose names
    say they are stand-ins. Built once (a few seconds) and cached. Its scores
    mean nothing: it only lets the lessons run end to end.

    >>> model_file, class_map = build_stand_in()  # doctest: +SKIP
    """
    import shutil
    import tempfile

    folder = _cache_dir(data_dir) / STAND_IN_DIR
    model_file, map_file = folder / "untrained_yamnet_stand_in.tflite", folder / "stand_in_class_map.csv"
    if model_file.is_file() and map_file.is_file():
        return model_file, map_file
    tf, keras = _tensorflow(), _keras()
    keras.utils.set_random_seed(0)
    waveform = keras.Input(shape=(WINDOW,), batch_size=1, name="waveform")
    x = keras.layers.Reshape((WINDOW, 1))(waveform)
    x = keras.layers.Conv1D(32, STFT_WINDOW, strides=STFT_HOP, activation="relu")(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    embedding = keras.layers.Dense(EMBEDDING_SIZE, activation="relu", name="embedding")(x)
    scores = keras.layers.Dense(NUM_CLASSES, activation="sigmoid", name="scores")(embedding)
    model = keras.Model(waveform, scores, name="untrained_yamnet_stand_in")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp, _filtered_stderr():
        logger = tf.get_logger()
        level = logger.level
        logger.setLevel("ERROR")
        try:
            model.export(tmp, format="tf_saved_model", verbose=False)
            flatbuffer = tf.lite.TFLiteConverter.from_saved_model(tmp).convert()
        finally:
            logger.setLevel(level)
        staged = Path(tmp) / model_file.name
        staged.write_bytes(flatbuffer)
        shutil.move(staged, model_file)
    rows = ["index,mid,display_name"] + [f"{i},/stand-in/{i},stand-in class {i}" for i in range(NUM_CLASSES)]
    map_file.write_text("\n".join(rows) + "\n")
    return model_file, map_file
