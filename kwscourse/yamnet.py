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
import shutil
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import audio
from ._tf import _filtered_stderr, keras as _keras, tensorflow as _tensorflow
from .i18n import CourseError, DataError, ModelError, t

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
#: The SavedModel's addresses, tried in order. Kaggle's archive has ``saved_model.pb`` at its root.
SAVEDMODEL_URL = "https://tfhub.dev/google/yamnet/1?tf-hub-format=compressed"
SAVEDMODEL_FALLBACK_URLS = (
    "https://www.kaggle.com/api/v1/models/google/yamnet/tensorFlow2/yamnet/1/download",)
#: The TFLite model's addresses, tried in order: Google's stable copy (the Task Library
#: model, with metadata), then tfhub.dev, which has served empty files since it moved to Kaggle.
TFLITE_URL = ("https://storage.googleapis.com/download.tensorflow.org/models/tflite/task_library/"
              "audio_classification/android/lite-model_yamnet_classification_tflite_1.tflite")
TFLITE_FALLBACK_URLS = (
    "https://tfhub.dev/google/lite-model/yamnet/classification/tflite/1?lite-format=tflite",)
#: Exact sizes in bytes of the files behind some addresses; a download of another size is refused.
PINNED_SIZES = {TFLITE_URL: 4_126_810}
#: A TFLite flatbuffer's file identifier, at bytes 4-8.
TFLITE_MAGIC = b"TFL3"
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

    try:
        with warnings.catch_warnings(), _filtered_stderr():
            # We need the intermediate embedding tensor, which only survives invoke() with this flag.
            warnings.filterwarnings("ignore", message=".*experimental_preserve_all_tensors.*")
            interpreter = Interpreter(model_path=str(model_file), num_threads=1,
                                      experimental_preserve_all_tensors=True)
            interpreter.allocate_tensors()
    except (ValueError, RuntimeError) as err:  # LiteRT's verifier refused the flatbuffer
        raise ModelError("yamnet.corrupt_tflite", path=model_file, detail=_short(err)) from None
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


def _short(err: BaseException) -> str:
    """The first line of an exception's text, at most 200 characters, or its type's name."""
    lines = str(err).strip().splitlines()
    return lines[0][:200] if lines else type(err).__name__


def _savedmodel_runner(model_dir: Path):
    _tensorflow()
    with warnings.catch_warnings(), _filtered_stderr():
        # tensorflow_hub still imports pkg_resources, which warns; that is theirs to fix.
        warnings.filterwarnings("ignore", message=".*pkg_resources.*")
        import tensorflow_hub as hub

        try:
            model = hub.load(str(model_dir))
        except Exception as err:  # protobuf, TensorFlow and file errors alike: the folder is unusable
            raise ModelError("yamnet.corrupt_savedmodel", path=model_dir, detail=_short(err)) from None

    def run(y: np.ndarray):
        scores, embeddings, log_mel = model(y)
        return scores.numpy(), embeddings.numpy(), log_mel.numpy()

    return run, model


# --- checking and downloading the weights ----------------------------------------

class _CutShort(Exception):
    """A flatbuffer read that would run past the end of the file."""

    def __init__(self, needed: int):
        super().__init__(needed)
        self.needed = needed


def _read(blob: bytes, fmt: str, at: int) -> int:
    end = at + struct.calcsize(fmt)
    if at < 0 or end > len(blob):
        raise _CutShort(end)
    return struct.unpack_from(fmt, blob, at)[0]


def _field(blob: bytes, table: int, index: int):
    """Where field ``index`` of the flatbuffer table at ``table`` is stored, or None if absent."""
    vtable = table - _read(blob, "<i", table)
    slot = 4 + 2 * index
    if slot + 2 > _read(blob, "<H", vtable):
        return None
    offset = _read(blob, "<H", vtable + slot)
    return table + offset if offset else None


def _table_end(blob: bytes, table: int) -> int:
    return table + _read(blob, "<H", table - _read(blob, "<i", table) + 2)


def _vector_tables(blob: bytes, table: int, index: int) -> list[int]:
    """The tables of the vector-of-tables field ``index`` of ``table`` (empty if absent)."""
    field = _field(blob, table, index)
    if field is None:
        return []
    vector = field + _read(blob, "<I", field)
    count = _read(blob, "<I", vector)
    if vector + 4 + 4 * count > len(blob):  # checked first: a damaged count can be billions
        raise _CutShort(vector + 4 + 4 * count)
    entries = [vector + 4 + 4 * i for i in range(count)]
    return [entry + _read(blob, "<I", entry) for entry in entries]


def _buffer_end(blob: bytes, buffer: int) -> int:
    """The byte after a TFLite ``Buffer``'s data: inline (field 0) or after the flatbuffer (1, 2)."""
    end, data = _table_end(blob, buffer), _field(blob, buffer, 0)
    if data is not None:
        start = data + _read(blob, "<I", data)
        end = max(end, start + 4 + _read(blob, "<I", start))
    offset, size = _field(blob, buffer, 1), _field(blob, buffer, 2)
    if offset is not None and size is not None:
        end = max(end, _read(blob, "<Q", offset) + _read(blob, "<Q", size))
    return end


def _flatbuffer_end(blob: bytes) -> int:
    """How many bytes a TFLite model needs: the end of its furthest table or weight buffer.

    Walks the ``Model`` table's vectors (operator codes, subgraphs, buffers,
    metadata, signatures); raises :class:`_CutShort` when a read runs past the end.
    """
    root = _read(blob, "<I", 0)
    ends = [_table_end(blob, root)]
    for index in (1, 2, 6, 7):  # operator_codes, subgraphs, metadata, signature_defs
        ends += [_table_end(blob, table) for table in _vector_tables(blob, root, index)]
    ends += [_buffer_end(blob, buffer) for buffer in _vector_tables(blob, root, 4)]
    return max(ends)


def check_tflite(path, source=None) -> Path:
    """Check that ``path`` holds a whole TFLite flatbuffer; return it as a ``Path``.

    The file must have the ``TFL3`` identifier at bytes 4-8 (an empty file or
    an HTML page has not: ``yamnet.not_tflite``), and every table and weight
    buffer it points to must lie inside the file (a cut-short copy fails:
    ``yamnet.truncated_tflite``). ``source`` (a URL, say) names the file in
    the error; it defaults to ``path``. Both errors are
    :class:`~kwscourse.i18n.DataError`.

    >>> import os, tempfile
    >>> page = os.path.join(tempfile.mkdtemp(), "page.tflite")
    >>> _ = open(page, "wb").write(b"<!doctype html>")
    >>> check_tflite(page, "https://example.org/m.tflite")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kwscourse.i18n.DataError: https://example.org/m.tflite is not a TFLite model: it has 15 bytes...
    """
    path = Path(path)
    source = path if source is None else source
    blob = path.read_bytes()
    if len(blob) < 8 or blob[4:8] != TFLITE_MAGIC:
        raise DataError("yamnet.not_tflite", source=source, size=len(blob), start=blob[:16])
    try:
        needed = _flatbuffer_end(blob)
    except _CutShort as short:
        needed = short.needed
    if needed > len(blob):
        raise DataError("yamnet.truncated_tflite", source=source, needed=needed, size=len(blob))
    return path


def _is_good_tflite(path: Path) -> bool:
    try:
        check_tflite(path)
    except (DataError, OSError):
        return False
    return True


def _first_working(urls, what: str, fetch_one) -> Path:
    """``fetch_one(url)`` for each address in turn until one works; all failing is one DataError."""
    errors = []
    for url in urls:
        try:
            return fetch_one(url)
        except DataError as err:
            errors.append(f"[{len(errors) + 1}] {err}")
    raise DataError("yamnet.download_failed", what=what, count=len(errors), tried=" ".join(errors))


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


def _fetch_tflite(url: str, path: Path) -> Path:
    from . import data

    try:
        data.download(url, path, size=PINNED_SIZES.get(url))
        return check_tflite(path, url)
    except BaseException:
        path.unlink(missing_ok=True)  # empty, a web page, cut short: never leave it in the cache
        raise


def tflite_file(data_dir=None, *, download: bool = True) -> Path:
    """The cached TFLite classification model, downloaded the first time.

    The addresses are tried in order (:data:`TFLITE_URL`, then
    :data:`TFLITE_FALLBACK_URLS`); a download that is not a whole TFLite file
    (see :func:`check_tflite`), or not of the size pinned in
    :data:`PINNED_SIZES`, is removed and the next address tried. A cached copy
    that fails the same check is removed and downloaded again. With
    ``download=False`` the cache path is returned as it is, unchecked.

    >>> path = tflite_file()  # doctest: +SKIP
    >>> path.name  # doctest: +SKIP
    'yamnet_classification.tflite'
    """
    path = _cache_dir(data_dir) / TFLITE_FILE
    if not download:
        return path
    if path.is_file():
        try:
            return check_tflite(path)
        except DataError as err:
            print(t("yamnet.cache_bad", path=path, detail=err))
            path.unlink()
    return _first_working((TFLITE_URL, *TFLITE_FALLBACK_URLS), "TFLite",
                          lambda url: _fetch_tflite(url, path))


def _move_savedmodel(staging: Path, folder: Path, source: str) -> None:
    """Move the SavedModel extracted into ``staging`` (at its root or one folder down) to ``folder``."""
    try:
        roots = [p.parent for p in staging.glob("saved_model.pb")] or \
            [p.parent for p in staging.glob("*/saved_model.pb")]
        if len(roots) != 1 or not (roots[0] / "saved_model.pb").is_file():
            raise DataError("yamnet.no_saved_model_pb", source=source)
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
        roots[0].rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fetch_savedmodel(url: str, folder: Path) -> Path:
    from . import data

    archive = folder.parent / "yamnet_savedmodel.tar.gz"
    archive.unlink(missing_ok=True)  # left by another address: download() must not reuse it
    try:
        data.download(url, archive, size=PINNED_SIZES.get(url))
        staging = data.extract_archive(archive, folder.with_name(folder.name + ".extracted"))
        _move_savedmodel(staging, folder, url)
    finally:
        archive.unlink(missing_ok=True)
    return folder


def savedmodel_dir(data_dir=None, *, download: bool = True) -> Path:
    """The cached SavedModel folder, downloaded and extracted the first time.

    The archive addresses are tried in order (:data:`SAVEDMODEL_URL`, then
    :data:`SAVEDMODEL_FALLBACK_URLS`). ``saved_model.pb`` may sit at the
    archive's root (tfhub.dev's ``./saved_model.pb``, Kaggle's
    ``saved_model.pb``) or in one folder; either way it ends up at the root
    of the returned folder, and an archive without one is refused.

    >>> folder = savedmodel_dir()  # doctest: +SKIP
    >>> (folder / "saved_model.pb").is_file()  # doctest: +SKIP
    True
    """
    folder = _cache_dir(data_dir) / SAVEDMODEL_DIR
    if (folder / "saved_model.pb").is_file() or not download:
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    return _first_working((SAVEDMODEL_URL, *SAVEDMODEL_FALLBACK_URLS), "SavedModel",
                          lambda url: _fetch_savedmodel(url, folder))


def cached_backends(data_dir=None) -> list[str]:
    """Backends whose weights are already in the cache (and pass a quick check), best first."""
    found = []
    if (savedmodel_dir(data_dir, download=False) / "saved_model.pb").is_file():
        found.append("savedmodel")
    if _is_good_tflite(tflite_file(data_dir, download=False)):
        found.append("tflite")
    return found


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


def _open_cached(locate, open_model, data_dir):
    """``(path, open_model(path))`` for the cached weights; unreadable ones are fetched once more."""
    path = locate(data_dir)
    try:
        return path, _open_or_remove(path, open_model)
    except ModelError as err:
        if err.key not in _UNREADABLE:
            raise
        print(t("yamnet.cache_bad", path=path, detail=err))
    path = locate(data_dir)
    return path, _open_or_remove(path, open_model)


def _load_backend(choice: str, names, map_file, model_file, data_dir) -> Yamnet:
    if choice == "tflite" and model_file is not None:
        return Yamnet("tflite", names, _tflite_runner(model_file), str(model_file), class_map_file=map_file)
    if choice == "tflite":
        path, runner = _open_cached(tflite_file, _tflite_runner, data_dir)
        return Yamnet("tflite", names, runner, str(path), class_map_file=map_file)
    folder, (runner, hub_model) = _open_cached(savedmodel_dir, _savedmodel_runner, data_dir)
    return Yamnet("savedmodel", names, runner, str(folder), hub_model, class_map_file=map_file)


def _auto_order(data_dir) -> list[str]:
    """Cached backends first (SavedModel before TFLite), then the others, to download."""
    cached = cached_backends(data_dir)
    return cached + [b for b in BACKENDS if b not in cached]


def load(backend: str = "auto", *, model_file=None, class_map=None, data_dir=None,
         verbose: bool = True) -> Yamnet:
    """Load YAMNet with the ``"savedmodel"`` or ``"tflite"`` backend (``"auto"``: what is at hand).

    ``model_file`` points at a TFLite classification model to use instead of
    the cached one; ``class_map`` at a class map CSV. ``"auto"`` prefers a
    cached SavedModel, then a cached TFLite file, then tries to download the
    others in that order, and says which one it picked. A backend that fails
    (nothing to download, or cached weights that cannot be read, which are
    removed and fetched once more) hands over to the next. In smoke mode,
    when no real YAMNet can be found or downloaded, an untrained stand-in
    with YAMNet's interface is built instead, and says so; otherwise the
    error (``yamnet.unavailable``) gives each backend's reason.

    >>> load(backend="onnx")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: Unknown YAMNet backend 'onnx'. Choose auto, savedmodel or tflite.
    """
    from ._config import settings

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

    choices = [backend] if backend != "auto" else _auto_order(data_dir)
    for choice in choices if names is not None else []:
        try:
            yamnet = _load_backend(choice, names, map_file, model_file, data_dir)
        except CourseError as err:
            if model_file is not None:
                raise  # the user's own file: say what is wrong with it
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
