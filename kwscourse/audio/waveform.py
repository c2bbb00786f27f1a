"""Audio in and out: load anything, get float32 mono at the rate you ask for.

Reading and writing go through `soundfile` (libsndfile) and resampling through
`soxr`, so every WAV flavour found in the wild works: 8/16/24/32-bit PCM,
32/64-bit float, WAVE_FORMAT_EXTENSIBLE, any number of channels, any rate,
plus FLAC, OGG and MP3.

Multichannel audio comes in two layouts, and each function says which it takes:

- ``[channels, samples]``, librosa's layout, time on the last axis: what
  :func:`load` returns with ``mono=False``, and what :func:`resample`,
  :func:`write_wav`, :func:`pad_or_trim` and :func:`duration` take.
- ``[samples, channels]``, the way ``soundfile.read`` returns a file, one row per
  instant: what :func:`to_mono` takes. A 2-D array with more channels than
  samples, or more than :data:`MAX_CHANNELS` channels, is refused with an
  :class:`~kwscourse.i18n.AudioError` that suggests passing ``y.T``.

    >>> import numpy as np, kwscourse.audio.waveform as A
    >>> tone = np.sin(2 * np.pi * 440 * np.arange(8000) / 8000).astype("float32")
    >>> y = A.resample(tone, 8000, A.SAMPLE_RATE)
    >>> y.shape, y.dtype
    ((16000,), dtype('float32'))
"""

from __future__ import annotations

import io
import math
import os
import warnings
from numbers import Integral, Real
from pathlib import Path

import numpy as np

from .._internal import checks
from ..i18n import AudioError, ParameterError, t

#: The course's one sample rate (Speech Commands, YAMNet, the speech embedding): 16 kHz.
SAMPLE_RATE = 16000
#: Longest input accepted by default (1 hour): longer files are usually a mistake
#: (a whole album, a raw recording) and would exhaust memory once decoded.
MAX_SECONDS = 3600.0
#: Most channels :func:`to_mono` accepts (7.1 surround has 8).
MAX_CHANNELS = 8
WAV_SUBTYPES = ("PCM_16", "FLOAT")


def check_rate(rate) -> int:
    """``rate`` as an ``int`` when it is a whole, positive number of hertz.

    Whole floats count (``16000.0``, ``np.float32(16000)``); booleans, NaN,
    infinity and text do not. The test itself is :func:`kwscourse._internal.checks.whole_number`.

    Raises
    ------
    ParameterError
        With the ``audio.bad_rate`` message, which names the value.

    Examples
    --------
    >>> check_rate(np.float64(22050))
    22050
    >>> check_rate("16k")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: The sample rate must be a positive whole number of hertz, not '16k'.
    """
    whole_float = isinstance(rate, Real) and not isinstance(rate, (bool, Integral)) \
        and math.isfinite(rate) and float(rate).is_integer()
    try:
        return checks.whole_number(int(rate) if whole_float else rate, "sr")
    except ParameterError:
        raise ParameterError("audio.bad_rate", rate=rate) from None


def source_name(source) -> str:
    """How messages name ``source``: a path as written, else a file object's name, else ``<audio>``.

    Examples
    --------
    >>> source_name(Path("clips") / "yes.wav"), source_name(b"RIFF")
    ('clips/yes.wav', '<audio>')
    """
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    return getattr(source, "name", None) or "<audio>"


def load(source, sr: int | None = SAMPLE_RATE, mono: bool = True, *, max_seconds: float = MAX_SECONDS):
    """Load audio as float32 in [-1, 1], resampled to ``sr``.

    Parameters
    ----------
    source : path, bytes or binary file object
        The audio: WAV of any flavour, FLAC, OGG or MP3.
    sr : int or None, optional
        Rate to resample to (default :data:`SAMPLE_RATE`); ``None`` keeps the file's.
    mono : bool, optional
        Average the channels (default). Otherwise ``y`` is ``[channels, samples]``.
    max_seconds : float, optional
        Refuse longer audio (default :data:`MAX_SECONDS`).

    Returns
    -------
    y : numpy.ndarray
        ``[samples]``, or ``[channels, samples]`` without ``mono``. Float files
        beyond full scale are scaled down to it, never clipped.
    sr : int
        The rate of ``y``.

    Raises
    ------
    AudioError
        A missing, empty, corrupt or non-audio file, NaN/inf samples, or a file
        longer than ``max_seconds``, in the current language.
    ParameterError
        A bad ``sr``.

    Examples
    --------
    >>> import soundfile as sf
    >>> buf = io.BytesIO(); sf.write(buf, np.zeros((4410, 2)), 44100, format="WAV"); _ = buf.seek(0)
    >>> y, rate = load(buf)
    >>> y.shape, rate
    ((1600,), 16000)
    """
    if sr is not None:
        sr = check_rate(sr)
    name = source_name(source)
    data, native_sr = _read(_openable(source, name), name, max_seconds)
    y = _limit_peak(data.T)  # [channels, samples]
    if mono:
        y = y.mean(axis=0)
    if sr is not None and sr != native_sr:
        # Resampling can overshoot full scale (Gibbs ringing near edges): scale again.
        y = _limit_peak(resample(y, native_sr, sr))
    return np.ascontiguousarray(y, dtype=np.float32), (sr or native_sr)


def _openable(source, name: str):
    """``source`` as something soundfile can open, or the error that says why it is not."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(bytes(source))
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise AudioError("audio.not_found", source=name)
        if path.stat().st_size == 0:
            raise AudioError("audio.empty_file", source=name)
    elif not hasattr(source, "read"):
        raise AudioError("audio.bad_source", kind=type(source).__name__)
    elif isinstance(source, io.BytesIO) and source.getbuffer().nbytes == 0:
        raise AudioError("audio.empty_file", source=name)
    return source


def _read(source, name: str, max_seconds: float):
    """The samples ``[samples, channels]`` and rate of ``source``: not empty, not too long, finite."""
    import soundfile as sf

    try:
        with sf.SoundFile(source) as f:
            native_sr, frames = f.samplerate, f.frames
            # MP3/OGG may report an unknown length; guard on what was decoded instead.
            if 0 < frames and frames / native_sr > max_seconds:
                raise AudioError("audio.too_long", source=name, seconds=frames / native_sr, limit=max_seconds)
            limit = int(max_seconds * native_sr) + 1
            data = f.read(frames=limit if frames <= 0 else -1, dtype="float32", always_2d=True)
    except AudioError:
        raise
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError, EOFError) as err:
        raise AudioError("audio.unreadable", source=name, detail=str(err).strip() or type(err).__name__) from None
    if data.shape[0] == 0:
        raise AudioError("audio.empty", source=name)
    if data.shape[0] / native_sr > max_seconds:
        raise AudioError("audio.too_long", source=name, seconds=data.shape[0] / native_sr, limit=max_seconds)
    _check_finite(data, name)
    return data, native_sr


def _check_finite(y: np.ndarray, name: str) -> None:
    if not np.all(np.isfinite(y)):
        raise AudioError("audio.not_finite", source=name)


def _limit_peak(y: np.ndarray) -> np.ndarray:
    # Float WAVs may hold samples beyond full scale; scale down rather than clip,
    # so the shape of the waveform is kept.
    peak = float(np.max(np.abs(y))) if y.size else 0.0
    return y / peak if peak > 1.0 else y


def as_float32(y, *, source: str = "<array>") -> np.ndarray:
    """An array of samples as float32, checked: 1-D or 2-D, not empty, finite.

    Integer PCM is scaled by its full range (int16 by 32768, uint8 around 128);
    float input keeps its values.

    Raises
    ------
    AudioError
        For another number of dimensions, no samples, non-numbers or NaN/inf.

    Examples
    --------
    >>> as_float32(np.array([0, 16384, -32768], dtype=np.int16))
    array([ 0. ,  0.5, -1. ], dtype=float32)
    """
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        raise AudioError("audio.bad_shape", shape=tuple(y.shape))
    if y.size == 0:
        raise AudioError("audio.empty", source=source)
    if y.dtype == np.uint8:
        y = (y.astype(np.float32) - 128.0) / 128.0
    elif np.issubdtype(y.dtype, np.signedinteger):
        y = y.astype(np.float32) / float(2 ** (8 * y.dtype.itemsize - 1))
    elif np.issubdtype(y.dtype, np.floating):
        y = y.astype(np.float32, copy=False)
    else:
        raise AudioError("audio.bad_dtype", dtype=str(y.dtype))
    _check_finite(y, source)
    return y


def to_mono(y) -> np.ndarray:
    """Average the channels of ``[samples, channels]`` audio; 1-D audio is returned as it is.

    A 2-D array is read the way soundfile reads a file: one row per instant, one
    column per channel. More channels than samples, or more than
    :data:`MAX_CHANNELS`, means the array is the other way round (``[channels,
    samples]``, as :func:`load` gives with ``mono=False``): it is refused, with a hint.

    Raises
    ------
    AudioError
        For such a transposed-looking array (the message suggests ``y.T``), or 3+ dimensions.

    Examples
    --------
    >>> stereo = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, -1.0]], dtype="float32")  # 3 samples, 2 channels
    >>> to_mono(stereo)
    array([ 0.5,  0.5, -0.5], dtype=float32)
    >>> to_mono(np.zeros((2, 16000)))
    Traceback (most recent call last):
    ...
    kwscourse.i18n.AudioError: A 2-D audio array must be [samples, channels], the way soundfile reads a file, with at most 8 channels; shape (2, 16000) would be 16000 channels of 2 samples each. For [channels, samples] audio (what audio.load(..., mono=False) returns), pass its transpose: y.T
    """
    y = np.asarray(y)
    if y.ndim == 1:
        return y
    if y.ndim != 2:
        raise AudioError("audio.bad_shape", shape=tuple(y.shape))
    samples, channels = y.shape
    if channels > samples or channels > MAX_CHANNELS:
        raise AudioError("audio.channels_last", shape=tuple(y.shape), samples=samples, channels=channels,
                         limit=MAX_CHANNELS)
    return y.mean(axis=1).astype(y.dtype, copy=False)


def resample(y, orig_sr: int, target_sr: int, *, quality: str = "HQ") -> np.ndarray:
    """Resample ``[samples]`` or ``[channels, samples]`` along the last axis with soxr.

    ``quality`` is soxr's (``"HQ"``: high quality, linear phase).

    Examples
    --------
    >>> resample(np.zeros(44100, dtype="float32"), 44100, SAMPLE_RATE).shape
    (16000,)
    """
    import soxr

    orig_sr, target_sr = check_rate(orig_sr), check_rate(target_sr)
    y = np.asarray(y, dtype=np.float32)
    if y.ndim not in (1, 2):
        raise AudioError("audio.bad_shape", shape=tuple(y.shape))
    if orig_sr == target_sr:
        return y
    out = soxr.resample(y.T, orig_sr, target_sr, quality=quality).T  # soxr wants [samples, channels]
    return np.ascontiguousarray(out, dtype=np.float32)


def pad_or_trim(y, length: int = SAMPLE_RATE) -> np.ndarray:
    """Zero-pad at the end, or cut, the last axis to exactly ``length`` samples (default one second).

    Returns
    -------
    numpy.ndarray
        ``y`` with its last axis ``length`` long, in ``y``'s dtype.

    Raises
    ------
    ParameterError
        When ``length`` is not a whole number of at least 1 (``16000.0`` is refused
        too: a length counts samples).

    Examples
    --------
    >>> pad_or_trim(np.ones(3, dtype="float32"), 5)
    array([1., 1., 1., 0., 0.], dtype=float32)
    >>> pad_or_trim(np.ones((2, 8), dtype="float32"), 5).shape
    (2, 5)
    """
    length = checks.whole_number(length, "length")
    y = np.asarray(y)
    n = y.shape[-1]
    if n >= length:
        return y[..., :length]
    return np.pad(y, [(0, 0)] * (y.ndim - 1) + [(0, length - n)])


def write_wav(path, y, sr: int = SAMPLE_RATE, subtype: str = "PCM_16") -> Path:
    """Write ``[samples]`` or ``[channels, samples]`` as a WAV file and return its path.

    ``subtype`` is ``"PCM_16"`` (16-bit integers, format 1) or ``"FLOAT"`` (32-bit
    float, format 3). The file is written under a temporary name and renamed, so
    a failure never leaves a broken file nor destroys an existing one. Samples
    beyond [-1, 1] are clipped for PCM_16, with a warning that counts them.

    Raises
    ------
    AudioError
        For another ``subtype`` or bad samples (see :func:`as_float32`).

    Examples
    --------
    >>> p = write_wav(Path(tmp()) / "a.wav", np.zeros(160, dtype="float32"))
    >>> load(p)[0].shape
    (160,)
    """
    import soundfile as sf

    sr = check_rate(sr)
    if subtype not in WAV_SUBTYPES:
        raise AudioError("audio.bad_subtype", subtype=subtype)
    y = as_float32(y, source=str(path))
    if subtype == "PCM_16":
        outside = int(np.count_nonzero(np.abs(y) > 1.0))
        if outside:
            warnings.warn(t("audio.clipped", count=outside), stacklevel=2)
            y = np.clip(y, -1.0, 1.0)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not tempfile.mkstemp: it creates mode 0600, which the rename would give the final
    # file; opening with 0666 lets the umask decide, as for any ordinary new file.
    tmp = str(path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        sf.write(tmp, y.T, sr, subtype=subtype, format="WAV")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def duration(y, sr: int = SAMPLE_RATE) -> float:
    """Length in seconds of ``[samples]`` or ``[channels, samples]`` audio.

    Examples
    --------
    >>> duration(np.zeros(8000), SAMPLE_RATE)
    0.5
    """
    return np.asarray(y).shape[-1] / check_rate(sr)


def loudest_window(y, length: int = SAMPLE_RATE) -> np.ndarray:
    """The ``length``-sample stretch of ``y`` with the most energy (zero-padded if ``y`` is shorter).

    Handy for a recording: the spoken word, without the silence around it.

    Examples
    --------
    >>> y = np.zeros(48000, "float32"); y[30000:31000] = 1.0
    >>> w = loudest_window(y, SAMPLE_RATE); float(w.sum()), w.size
    (1000.0, 16000)
    """
    y = np.asarray(y, dtype=np.float32)
    if y.size == 0:
        raise AudioError("audio.empty", source="<recording>")
    if y.size <= length:
        return pad_or_trim(y, length)
    energy = np.concatenate([[0.0], np.cumsum(y.astype(np.float64) ** 2)])
    start = int(np.argmax(energy[length:] - energy[:-length]))
    return y[start:start + length]
