"""Audio in and out: load anything, get float32 mono at the rate you ask for.

Reading and writing go through `soundfile` (libsndfile) and resampling through
`soxr`, so every WAV flavour found in the wild works: 8/16/24/32-bit PCM,
32/64-bit float, WAVE_FORMAT_EXTENSIBLE, any number of channels, any rate,
plus FLAC, OGG and MP3::

    >>> import numpy as np, kwscourse.audio as A
    >>> tone = np.sin(2 * np.pi * 440 * np.arange(8000) / 8000).astype("float32")
    >>> y = A.resample(tone, 8000, 16000)
    >>> y.shape, y.dtype
    ((16000,), dtype('float32'))
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import numpy as np

from .i18n import AudioError, t

#: The course's one sample rate (Speech Commands, YAMNet, the speech embedding): 16 kHz.
SAMPLE_RATE = 16000
DEFAULT_SR = SAMPLE_RATE  # old name, to be removed
#: Longest input accepted by default (1 hour): longer files are usually a mistake
#: (a whole album, a raw recording) and would exhaust memory once decoded.
MAX_SECONDS = 3600.0
WAV_SUBTYPES = {"PCM_16": "PCM_16", "FLOAT": "FLOAT"}


def _check_rate(rate) -> int:
    # NaN/inf must give the catalogue error too (int() of them raises ValueError/OverflowError),
    # and NumPy floats such as np.float32(16000) are as valid as Python floats.
    if isinstance(rate, bool) or not isinstance(rate, (int, np.integer, float, np.floating)) \
            or (isinstance(rate, (float, np.floating)) and not np.isfinite(rate)) \
            or rate <= 0 or int(rate) != rate:
        raise AudioError("audio.bad_rate", rate=rate)
    return int(rate)


def _name(source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    return getattr(source, "name", None) or "<audio>"


def load(source, sr: int | None = DEFAULT_SR, mono: bool = True, *,
         max_seconds: float = MAX_SECONDS):
    """Load audio as float32 in [-1, 1], resampled to ``sr`` (``None`` keeps the file's rate).

    ``source`` is a path, ``bytes`` or a binary file object. Returns ``(y, sr)``:
    ``y`` has shape ``[samples]`` when ``mono`` (channels averaged), otherwise
    ``[channels, samples]`` as in librosa.

    Errors (in the current language): a missing, empty, corrupt or non-audio file,
    NaN/inf samples, or a file longer than ``max_seconds``.

    >>> import io, numpy as np, soundfile as sf
    >>> buf = io.BytesIO(); sf.write(buf, np.zeros((4410, 2)), 44100, format="WAV"); _ = buf.seek(0)
    >>> y, rate = load(buf)
    >>> y.shape, rate
    ((1600,), 16000)
    """
    import soundfile as sf

    if sr is not None:
        sr = _check_rate(sr)
    name = _name(source)
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

    try:
        with sf.SoundFile(source) as f:
            native_sr = f.samplerate
            frames = f.frames
            # MP3/OGG may report an unknown length; guard on what was decoded instead.
            if 0 < frames and frames / native_sr > max_seconds:
                raise AudioError("audio.too_long", source=name, seconds=frames / native_sr,
                                 limit=max_seconds)
            limit = int(max_seconds * native_sr) + 1
            data = f.read(frames=limit if frames <= 0 else -1, dtype="float32", always_2d=True)
    except AudioError:
        raise
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError, EOFError) as err:
        raise AudioError("audio.unreadable", source=name, detail=str(err).strip() or type(err).__name__) from None

    if data.shape[0] == 0:
        raise AudioError("audio.empty", source=name)
    if data.shape[0] / native_sr > max_seconds:
        raise AudioError("audio.too_long", source=name, seconds=data.shape[0] / native_sr,
                         limit=max_seconds)
    y = data.T  # [channels, samples]
    _check_finite(y, name)
    y = _limit_peak(y)
    if mono:
        y = y.mean(axis=0)
    if sr is not None and sr != native_sr:
        # Resampling can overshoot full scale (Gibbs ringing near edges): scale again.
        y = _limit_peak(resample(y, native_sr, sr))
    return np.ascontiguousarray(y, dtype=np.float32), (sr or native_sr)


def _check_finite(y: np.ndarray, name: str) -> None:
    if not np.all(np.isfinite(y)):
        raise AudioError("audio.not_finite", source=name)


def _limit_peak(y: np.ndarray) -> np.ndarray:
    # Float WAVs may hold samples beyond full scale; scale down rather than clip,
    # so the shape of the waveform is kept.
    peak = float(np.max(np.abs(y))) if y.size else 0.0
    return y / peak if peak > 1.0 else y


def as_float32(y, *, source: str = "<array>") -> np.ndarray:
    """Convert an array of samples to float32 in [-1, 1], checking it.

    Integer PCM is scaled by its full range (int16 by 32768, uint8 around 128);
    float input keeps its values.

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


def to_mono(y: np.ndarray) -> np.ndarray:
    """Average the channels of ``[channels, samples]`` audio; 1-D input is returned as is.

    >>> to_mono(np.array([[1.0, 0.0], [0.0, 1.0]], dtype="float32"))
    array([0.5, 0.5], dtype=float32)
    """
    y = np.asarray(y)
    if y.ndim == 1:
        return y
    if y.ndim != 2:
        raise AudioError("audio.bad_shape", shape=tuple(y.shape))
    return y.mean(axis=0).astype(y.dtype, copy=False)


def resample(y: np.ndarray, orig_sr: int, target_sr: int, *, quality: str = "HQ") -> np.ndarray:
    """Resample along the last axis with soxr (high quality, linear phase).

    >>> resample(np.zeros(44100, dtype="float32"), 44100, 16000).shape
    (16000,)
    """
    import soxr

    orig_sr, target_sr = _check_rate(orig_sr), _check_rate(target_sr)
    y = np.asarray(y, dtype=np.float32)
    if y.ndim not in (1, 2):
        raise AudioError("audio.bad_shape", shape=tuple(y.shape))
    if orig_sr == target_sr:
        return y
    # soxr wants [samples, channels]; we keep librosa's [channels, samples].
    out = soxr.resample(y.T, orig_sr, target_sr, quality=quality).T
    return np.ascontiguousarray(out, dtype=np.float32)


def pad_or_trim(y: np.ndarray, length: int = DEFAULT_SR) -> np.ndarray:
    """Zero-pad at the end, or cut, the last axis to exactly ``length`` samples.

    >>> pad_or_trim(np.ones(3, dtype="float32"), 5)
    array([1., 1., 1., 0., 0.], dtype=float32)
    >>> pad_or_trim(np.ones(8, dtype="float32"), 5).shape
    (5,)
    """
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length <= 0:
        raise AudioError("audio.bad_length", length=length)
    y = np.asarray(y)
    n = y.shape[-1]
    if n >= length:
        return y[..., :length]
    pad = [(0, 0)] * (y.ndim - 1) + [(0, length - n)]
    return np.pad(y, pad)


def write_wav(path, y: np.ndarray, sr: int = DEFAULT_SR, subtype: str = "PCM_16") -> Path:
    """Write a WAV file as 16-bit PCM (``"PCM_16"``, format 1) or 32-bit float (``"FLOAT"``, format 3).

    ``y`` is ``[samples]`` or ``[channels, samples]``. The file is written to a
    temporary name and renamed, so a failure never leaves a broken file or
    destroys an existing one. Samples beyond [-1, 1] are clipped for PCM_16
    (with a warning that counts them).

    >>> import tempfile, os
    >>> p = write_wav(os.path.join(tempfile.mkdtemp(), "a.wav"), np.zeros(160, dtype="float32"))
    >>> load(p)[0].shape
    (160,)
    """
    import soundfile as sf

    sr = _check_rate(sr)
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
        sf.write(tmp, y.T, sr, subtype=WAV_SUBTYPES[subtype], format="WAV")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def duration(y: np.ndarray, sr: int = DEFAULT_SR) -> float:
    """Length in seconds of ``[samples]`` or ``[channels, samples]`` audio.

    >>> duration(np.zeros(8000), 16000)
    0.5
    """
    return np.asarray(y).shape[-1] / _check_rate(sr)


WAV_FORMATS = {1: "PCM", 3: "IEEE float", 0xFFFE: "WAVE_FORMAT_EXTENSIBLE"}


def wav_header(path) -> dict:
    """Decode a WAV file's RIFF header: the fields of the classic 44-byte layout.

    Returns a dict in file order: ``chunk_id`` ("RIFF"), ``chunk_size``,
    ``format`` ("WAVE"), ``fmt_size``, ``audio_format`` (1 = PCM, 3 = IEEE
    float), ``audio_format_name``, ``num_channels``, ``sample_rate``,
    ``byte_rate``, ``block_align``, ``bits_per_sample``, ``data_size``,
    ``data_offset`` (where the samples start: 44 in the classic 16-bit PCM layout,
    80 in libsndfile's float files, whose ``fact`` and ``PEAK`` chunks come first),
    ``chunks`` (the chunk names in file order, e.g. ``"fmt, fact, PEAK, data"``) and
    ``duration_s``. Chunks other than ``fmt `` and ``data`` are named, not decoded.

    >>> import tempfile, os
    >>> p = write_wav(os.path.join(tempfile.mkdtemp(), "n.wav"), np.zeros(16000, "float32"), subtype="FLOAT")
    >>> h = wav_header(p)
    >>> h["audio_format"], h["bits_per_sample"], h["sample_rate"], h["duration_s"]
    (3, 32, 16000, 1.0)
    """
    import struct

    path = Path(path)
    if not path.is_file():
        raise AudioError("audio.not_found", source=str(path))
    raw = path.read_bytes()[:1 << 20]
    if len(raw) < 12 or raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise AudioError("audio.not_wav", source=str(path))
    header = {"chunk_id": "RIFF", "chunk_size": struct.unpack_from("<I", raw, 4)[0], "format": "WAVE"}
    offset, names = 12, []
    while offset + 8 <= len(raw):
        chunk_id, size = raw[offset:offset + 4], struct.unpack_from("<I", raw, offset + 4)[0]
        names.append(chunk_id.decode("latin-1").strip())
        if chunk_id == b"fmt " and offset + 24 <= len(raw):
            fields = struct.unpack_from("<HHIIHH", raw, offset + 8)
            header.update(fmt_size=size, audio_format=fields[0],
                          audio_format_name=WAV_FORMATS.get(fields[0], "other"),
                          num_channels=fields[1], sample_rate=fields[2], byte_rate=fields[3],
                          block_align=fields[4], bits_per_sample=fields[5])
        elif chunk_id == b"data":
            header.update(data_size=size, data_offset=offset + 8)
            break
        offset += 8 + size + (size & 1)  # chunks are padded to an even length
    if "audio_format" not in header or "data_size" not in header:
        raise AudioError("audio.not_wav", source=str(path))
    header["chunks"] = ", ".join(names)
    header["duration_s"] = header["data_size"] / max(header["byte_rate"], 1)
    return header


def loudest_window(y: np.ndarray, length: int = DEFAULT_SR) -> np.ndarray:
    """The ``length``-sample stretch of ``y`` with the most energy (zero-padded if ``y`` is shorter).

    Handy for a recording: the spoken word, without the silence around it.

    >>> y = np.zeros(48000, "float32"); y[30000:31000] = 1.0
    >>> w = loudest_window(y, 16000); float(w.sum())
    1000.0
    """
    y = np.asarray(y, dtype=np.float32)
    if y.size == 0:
        raise AudioError("audio.empty", source="<recording>")
    if y.size <= length:
        return pad_or_trim(y, length)
    energy = np.concatenate([[0.0], np.cumsum(y.astype(np.float64) ** 2)])
    start = int(np.argmax(energy[length:] - energy[:-length]))
    return y[start:start + length]


# --- many files at once ---------------------------------------------------------------

class Results(list):
    """What a function that reads many files returns: its usual result, plus ``failures``.

    It is a list to use exactly as before: loop over it, index it, or unpack it
    (a function whose result was a tuple returns its parts). ``failures`` holds
    ``(source, AudioError)`` for every input that could not be read, in order; it is
    empty when all were read. One unreadable file never costs the others.

    >>> done = Results(["a"], failures=[("x.wav", AudioError("audio.not_found", source="x.wav"))])
    >>> list(done), [str(err) for _, err in done.failures]
    (['a'], ['Audio file not found: x.wav'])
    """

    def __init__(self, items=(), failures=()):
        super().__init__(items)
        self.failures = list(failures)

    def strict(self, value=None):
        """``value`` (default: these results) if every input was read, else :class:`UnreadableFilesError`.

        For results that must match their inputs one to one (a batch of rows without
        names): dropping a row silently would shift the rest onto the wrong inputs.
        The error still carries ``value`` for the inputs that were read.
        """
        value = self if value is None else value
        if self.failures:
            raise UnreadableFilesError(self.failures, value, read=len(self))
        return value

    def require_any(self):
        """These results, unless nothing at all could be read: then :class:`UnreadableFilesError`.

        For work that cannot go on without a single input (training, say).
        """
        if self.failures and not len(self):
            raise UnreadableFilesError(self.failures, self, read=0)
        return self


class UnreadableFilesError(AudioError):
    """Some of many files could not be read: every one is named, and nothing else is lost.

    ``failures`` lists ``(source, AudioError)``; ``results`` holds the result for the
    inputs that were read, in order (what the function would have returned for them).
    """

    SHOWN = 10  # failures spelt out in the message; all of them are in .failures

    def __init__(self, failures, results, *, read: int):
        failures = list(failures)
        lines = [f"  - {err}" for _, err in failures[:self.SHOWN]]
        if len(failures) > self.SHOWN:
            lines.append("  - …")
        super().__init__("audio.unreadable_files", count=len(failures), total=len(failures) + read,
                         details="\n".join(lines))
        self.failures, self.results = failures, results


def try_each(items, work) -> Results:
    """``(item, work(item))`` for every item, in order; an item whose ``work`` raises
    :class:`AudioError` goes to ``failures`` instead, and the others carry on.

    Only audio errors are per-item: any other error stops everything, as before.

    >>> done = try_each([16000, -1, 8000], _check_rate)
    >>> list(done), [(rate, err.key) for rate, err in done.failures]
    ([(16000, 16000), (8000, 8000)], [(-1, 'audio.bad_rate')])
    """
    done = Results()
    for item in items:
        try:
            done.append((item, work(item)))
        except AudioError as err:
            done.failures.append((item, err))
    return done


def load_many(sources, sr: int = DEFAULT_SR, mono: bool = True, *,
              max_seconds: float = MAX_SECONDS) -> Results:
    """:func:`load` every source at ``sr``: ``(source, y)`` for each readable one, in order.

    The ones that cannot be read (missing, empty, a folder, not audio...) are in
    ``.failures`` with their error, in the current language.

    >>> import tempfile, os
    >>> good = write_wav(os.path.join(tempfile.mkdtemp(), "a.wav"), np.zeros(800, "float32"), 8000)
    >>> loaded = load_many([good, "missing.wav", good])
    >>> [y.shape for _, y in loaded], [err.key for _, err in loaded.failures]
    ([(1600,), (1600,)], ['audio.not_found'])
    """
    sr = _check_rate(sr)  # a bad rate is the caller's mistake, not every file's
    return try_each(sources, lambda source: load(source, sr, mono, max_seconds=max_seconds)[0])


def failure_records(failures) -> list[dict]:
    """``failures`` as JSON-ready records ``{"file": ..., "error": message}``.

    >>> failure_records([("x.wav", AudioError("audio.not_found", source="x.wav"))])
    [{'file': 'x.wav', 'error': 'Audio file not found: x.wav'}]
    """
    return [{"file": _name(source), "error": str(err)} for source, err in failures]
