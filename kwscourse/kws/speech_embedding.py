"""Google's pre-trained speech embedding (Lin et al. 2020), run with LiteRT.

Two TFLite models turn speech into features that a small head can learn keywords
from with few examples. The first gives 32 mel bands every 10 ms; the second takes
windows of 76 such frames (0.775 s), stepped by 8 frames (80 ms), and gives 96
numbers per window. A one-second clip, padded to 1.5 s, becomes 9 x 96 numbers.

The files come from openWakeWord's v0.5.1 release. They ship inside the
``pyopen-wakeword`` wheel (Linux and Windows), which is used when installed;
elsewhere they are downloaded once into the data cache and checked against their
SHA-256::

    >>> frame_count(24000), window_count(24000)
    (147, 9)
"""

from __future__ import annotations

import contextlib
import threading
from importlib import resources
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..data import cache
from .._internal.tf import _filtered_stderr
from ..audio.waveform import SAMPLE_RATE
from ..data.download import download as download_file, sha256_of
from ..i18n import DataError
MEL_HOP = 160  #: samples per mel frame (10 ms)
MEL_BANDS = 32
WINDOW_FRAMES = 76  #: mel frames per embedding window
WINDOW_STEP = 8  #: mel frames between windows
EMBEDDING_SIZE = 96
CLIP_SAMPLES = 24000  #: a 1-s keyword clip is padded to 1.5 s: 9 windows
INT16_SCALE = 32767.0  #: the models expect float samples in the int16 range

RELEASE_URL = "https://github.com/dscripka/openWakeWord/releases/download/v0.5.1/"
FILES = {
    "melspectrogram.tflite": "96fa0adccb6e8cf95cb14465409a1a2898ee4a96a85bb9ed3c7eb0e68bf163e8",
    "embedding_model.tflite": "c0aea21eb84a4ce90a08c870da41b7a7173b45269e6a3207c71d67c40f3a59d8",
}
CACHE_FOLDER = "speech_embedding"


def frame_count(num_samples: int) -> int:
    """Mel frames the first model gives for ``num_samples`` samples at 16 kHz.

    Examples
    --------
    >>> frame_count(16000)
    97
    """
    return max(0, num_samples // MEL_HOP - 3)


def _windows_in(frames: int) -> int:
    """Embedding windows that fit in ``frames`` mel frames."""
    return 0 if frames < WINDOW_FRAMES else 1 + (frames - WINDOW_FRAMES) // WINDOW_STEP


def window_count(num_samples: int) -> int:
    """Embedding windows (96 numbers each) for ``num_samples`` samples at 16 kHz.

    Examples
    --------
    >>> window_count(16000), window_count(12000)
    (3, 0)
    """
    return _windows_in(frame_count(num_samples))


def packaged_files() -> dict[str, Path] | None:
    """The two model files inside an installed ``pyopen_wakeword``, or None.

    Examples
    --------
    >>> found = packaged_files()
    >>> found is None or sorted(found) == sorted(FILES)
    True
    """
    try:
        folder = resources.files("pyopen_wakeword") / "models"
    except (ModuleNotFoundError, TypeError):
        return None
    paths = {name: Path(str(folder / name)) for name in FILES}
    return paths if all(p.is_file() for p in paths.values()) else None


def model_files(data_dir=None, *, download: bool = True, base_url: str = RELEASE_URL,
                prefer_package: bool = True) -> dict[str, Path]:
    """The paths of the two model files: packaged, else cached, else downloaded (SHA-256 checked).

    Parameters
    ----------
    data_dir : path, optional
        The course's data folder (the settings' by default), whose ``speech_embedding/`` is the cache.
    download : bool, optional
        Download what is not cached; with False, a missing file is an error.
    base_url : str, optional
        Where the release files are.
    prefer_package : bool, optional
        Use the files of an installed ``pyopen-wakeword`` when there are some.

    Returns
    -------
    dict of str to pathlib.Path
        The path of each of :data:`FILES`.

    Raises
    ------
    DataError
        ``embedding.missing`` (not cached, downloading off) or ``embedding.unavailable``
        (the download failed), with the cache folder.

    Examples
    --------
    >>> model_files(tmp(), download=False, prefer_package=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kwscourse.i18n.DataError: The speech embedding's model files are not in ..., and downloading is off.
    """
    packaged = packaged_files() if prefer_package else None
    if packaged:
        return packaged
    folder = cache.cache_dir(CACHE_FOLDER, data_dir=data_dir)
    paths = {}
    for name, digest in FILES.items():
        target = folder / name
        if target.is_file() and sha256_of(target) == digest:
            paths[name] = target
        elif not download:
            raise DataError("embedding.missing", path=folder)
        else:
            try:
                paths[name] = download_file(base_url + name, target, sha256=digest)
            except DataError as err:
                raise DataError("embedding.unavailable", path=folder, reason=err) from err
    return paths


def _quiet_if(reallocating: bool):
    """LiteRT announces its XNNPACK delegate on fd 2 when tensors are (re)allocated: filter it then."""
    return _filtered_stderr() if reallocating else contextlib.nullcontext()


class SpeechEmbedding:
    """The two LiteRT interpreters, and waveform -> [windows, 96] embeddings.

    Calls are serialised with a lock, so one object can serve a live classifier's
    worker thread and the notebook at once. :func:`load` makes one.

    Examples
    --------
    >>> embedder = load()
    >>> clip = np.sin(np.linspace(0, 2000, 16000)).astype("float32") * 0.3
    >>> embedder.mel_frames(clip).shape, embedder.embed(clip).shape, embedder.embed_clips([clip, clip]).shape
    ((97, 32), (3, 96), (2, 9, 96))
    """

    def __init__(self, files: dict[str, Path], num_threads: int = 1):
        from ai_edge_litert.interpreter import Interpreter

        self.files = files
        self._interpreters = {name: Interpreter(model_path=str(files[name]), num_threads=num_threads)
                              for name in FILES}
        self._shapes = dict.fromkeys(FILES)
        self._lock = threading.Lock()

    def _invoke(self, name: str, x: np.ndarray) -> np.ndarray:
        """Run the model file ``name`` on ``x``, resizing its input when the shape changed."""
        interpreter = self._interpreters[name]
        index = interpreter.get_input_details()[0]["index"]
        with self._lock, _quiet_if(self._shapes[name] != x.shape):
            if self._shapes[name] != x.shape:
                interpreter.resize_tensor_input(index, x.shape)
                interpreter.allocate_tensors()
                self._shapes[name] = x.shape
            interpreter.set_tensor(index, x)
            interpreter.invoke()
            return interpreter.get_tensor(interpreter.get_output_details()[0]["index"]).copy()

    def mel_frames(self, waveform: np.ndarray) -> np.ndarray:
        """``[frames, 32]`` mel features of a 16 kHz waveform in [-1, 1], scaled as the embedding wants."""
        x = np.asarray(waveform, dtype=np.float32).reshape(1, -1) * INT16_SCALE
        return self._invoke("melspectrogram.tflite", x).reshape(-1, MEL_BANDS) / 10.0 + 2.0

    def embed_frames(self, frames: np.ndarray) -> np.ndarray:
        """``[windows, 96]`` embeddings of mel frames, one window every 8 frames."""
        count = _windows_in(len(frames))
        if count == 0:
            return np.zeros((0, EMBEDDING_SIZE), np.float32)
        starts = np.arange(count) * WINDOW_STEP
        windows = np.stack([frames[s:s + WINDOW_FRAMES] for s in starts])[..., None].astype(np.float32)
        return self._invoke("embedding_model.tflite", windows).reshape(count, EMBEDDING_SIZE)

    def embed(self, waveform, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
        """``[windows, 96]`` embeddings of a waveform (mono, or ``[samples, channels]``) at any rate and length.

        Audio shorter than one window (0.8 s) gives ``[0, 96]``.
        """
        y = audio.resample(audio.to_mono(audio.as_float32(waveform)), sample_rate, SAMPLE_RATE)
        if len(y) < (WINDOW_FRAMES + 3) * MEL_HOP:
            return np.zeros((0, EMBEDDING_SIZE), np.float32)
        return self.embed_frames(self.mel_frames(y))

    def embed_clip(self, waveform, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
        """``[9, 96]``: a keyword clip centred in 1.5 s of audio, as the heads are trained."""
        y = audio.resample(audio.to_mono(audio.as_float32(waveform)), sample_rate, SAMPLE_RATE)[:CLIP_SAMPLES]
        before = (CLIP_SAMPLES - len(y)) // 2
        return self.embed(np.pad(y, (before, CLIP_SAMPLES - len(y) - before)))

    def embed_clips(self, clips, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
        """``[n, 9, 96]`` for a sequence of keyword clips."""
        return np.stack([self.embed_clip(c, sample_rate) for c in clips]) if len(clips) else \
            np.zeros((0, window_count(CLIP_SAMPLES), EMBEDDING_SIZE), np.float32)


class StreamingEmbedder:
    """Audio in chunks of any size (16 kHz), one 96-number embedding out every 80 ms.

    The same windows as :meth:`SpeechEmbedding.embed` on the whole recording, made as
    the audio arrives: only the new mel frames are computed at each push.

    Examples
    --------
    >>> stream = StreamingEmbedder(load())
    >>> stream.push(np.zeros(4096, np.float32)).shape  # not 0.8 s yet: no window
    (0, 96)
    >>> stream.push(np.zeros(12000, np.float32)).shape  # 1 s in all: the windows ending at 0.79, 0.87, 0.95 s
    (3, 96)
    """

    def __init__(self, embedder: SpeechEmbedding):
        self.embedder = embedder
        self.reset()

    def reset(self) -> None:
        """Forget all audio so far (a new recording starts)."""
        self._audio = np.zeros(0, np.float32)  # samples from frame self._first_frame onwards
        self._first_frame = 0
        self._frames = np.zeros((0, MEL_BANDS), np.float32)  # mel frames from self._frames_from
        self._frames_from = 0
        self._next_end = WINDOW_FRAMES  # the frame at which the next window ends

    def push(self, chunk) -> np.ndarray:
        """Add a chunk of 16 kHz mono audio; return the ``[k, 96]`` embeddings it completed."""
        self._audio = np.concatenate([self._audio, audio.to_mono(audio.as_float32(chunk))])
        new = len(self._audio) // MEL_HOP - 3
        if new > 0:
            frames = self.embedder.mel_frames(self._audio)[:new]
            self._frames = np.concatenate([self._frames, frames])
            self._audio = self._audio[new * MEL_HOP:]
            self._first_frame += new
        out = []
        while self._next_end <= self._first_frame:
            start = self._next_end - WINDOW_FRAMES - self._frames_from
            out.append(self.embedder.embed_frames(self._frames[start:start + WINDOW_FRAMES]))
            self._next_end += WINDOW_STEP
        keep_from = self._next_end - WINDOW_FRAMES  # older frames are in no future window
        self._frames = self._frames[keep_from - self._frames_from:]
        self._frames_from = keep_from
        return np.concatenate(out) if out else np.zeros((0, EMBEDDING_SIZE), np.float32)


def load(data_dir=None, *, download: bool = True, num_threads: int = 1) -> SpeechEmbedding:
    """The speech embedding, ready to use (see :func:`model_files` for where the files come from).

    Parameters
    ----------
    data_dir : path, optional
        The course's data folder, for a downloaded copy.
    download : bool, optional
        Download the files when they are neither packaged nor cached.
    num_threads : int, optional
        LiteRT's threads per model.

    Returns
    -------
    SpeechEmbedding

    Examples
    --------
    >>> load().embed_clip(np.zeros(16000, "float32")).shape
    (9, 96)
    """
    return SpeechEmbedding(model_files(data_dir, download=download), num_threads=num_threads)
