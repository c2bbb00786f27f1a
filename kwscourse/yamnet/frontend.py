"""YAMNet's input and output shapes and its front end, in NumPy (lesson 2's maths).

YAMNet looks at 0.96 s patches of a 64-band log-mel spectrogram: 0.975 s of
audio (15600 samples) gives the first patch, and each further 0.48 s (7680
samples) one more::

    >>> frame_count(15600), frame_count(16000), frame_count(48000)
    (1, 2, 6)

The front end is YAMNet's own (its ``params.py``): magnitude STFT with 25 ms
windows every 10 ms, 64 HTK mel bands from 125 to 7500 Hz, ``log(mel + 0.001)``.
It is not :func:`kwscourse.kws.features.log_mel_spectrogram` (TensorFlow, 40 bands,
power), which lesson 1 feeds its own network.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ..audio.waveform import SAMPLE_RATE
from ..i18n import ParameterError

WINDOW = 15600  #: samples for one patch: 0.96 s of frames plus one 25 ms STFT window, less a hop
HOP = 7680  #: 0.48 s between patches
NUM_CLASSES = 521  #: AudioSet classes, one sigmoid score each
EMBEDDING_SIZE = 1024  #: numbers in the embedding of one patch

STFT_WINDOW = 400  #: 25 ms at 16 kHz
STFT_HOP = 160  #: 10 ms at 16 kHz
FFT_LENGTH = 512
MEL_BANDS = 64
MEL_MIN_HZ = 125.0
MEL_MAX_HZ = 7500.0
LOG_OFFSET = 0.001
PATCH_FRAMES = 96  #: spectrogram rows in one patch (0.96 s)
PATCH_HOP_FRAMES = 48  #: rows between patches (0.48 s)


def frame_count(num_samples: int) -> int:
    """How many 0.96 s patches YAMNet makes of ``num_samples`` samples at 16 kHz.

    Parameters
    ----------
    num_samples : int
        The waveform's length.

    Returns
    -------
    int
        At least 1: shorter audio is padded to one patch.

    Examples
    --------
    >>> frame_count(1), frame_count(15601)
    (1, 2)
    """
    if num_samples <= WINDOW:
        return 1
    return 1 + math.ceil((num_samples - WINDOW) / HOP)


def pad_waveform(waveform) -> np.ndarray:
    """Zero-pad at the end exactly as YAMNet does: to 15600 + k * 7680 samples.

    Parameters
    ----------
    waveform : array_like, 1-D
        16 kHz samples.

    Returns
    -------
    numpy.ndarray of float32
        The waveform followed by zeros, ``WINDOW + (frame_count - 1) * HOP`` long.

    Examples
    --------
    >>> pad_waveform(np.ones(100, "float32")).size, pad_waveform(np.ones(16000, "float32")).size
    (15600, 23280)
    """
    waveform = np.asarray(waveform, dtype=np.float32)
    target = WINDOW + (frame_count(waveform.size) - 1) * HOP
    return np.pad(waveform, (0, target - waveform.size))


def frame_waveform(waveform) -> np.ndarray:
    """The padded waveform cut into ``[N, 15600]`` windows every 7680 samples.

    Parameters
    ----------
    waveform : array_like, 1-D
        16 kHz samples, of any length.

    Returns
    -------
    numpy.ndarray of float32, shape ``[frame_count, WINDOW]``

    Examples
    --------
    >>> frame_waveform(np.zeros(32000, "float32")).shape
    (4, 15600)
    """
    padded = pad_waveform(waveform)
    starts = np.arange(frame_count(np.asarray(waveform).size)) * HOP
    return np.stack([padded[s:s + WINDOW] for s in starts])


def hz_to_mel(hz):
    """The HTK mel scale: ``1127 * ln(1 + hz / 700)``.

    Parameters
    ----------
    hz : float or array_like
        Frequencies in hertz.

    Returns
    -------
    numpy.ndarray of float64
        The same frequencies in mel.

    Examples
    --------
    >>> round(float(hz_to_mel(1000.0)), 1)
    1000.0
    """
    return 1127.0 * np.log1p(np.asarray(hz, dtype=np.float64) / 700.0)


@functools.lru_cache(maxsize=4)
def mel_matrix(num_bins: int = FFT_LENGTH // 2 + 1, num_mel: int = MEL_BANDS,
               sample_rate: int = SAMPLE_RATE, fmin: float = MEL_MIN_HZ,
               fmax: float = MEL_MAX_HZ) -> np.ndarray:
    """Triangular HTK-mel filters ``[num_bins, num_mel]``, as ``tf.signal.linear_to_mel_weight_matrix``.

    Each band rises linearly (in mel) from its lower edge to its centre and falls
    to its upper edge; the DC bin gets no weight.

    Parameters
    ----------
    num_bins : int, optional
        FFT bins from 0 Hz to the Nyquist frequency (257 for an FFT of 512).
    num_mel : int, optional
        Mel bands (64).
    sample_rate : int, optional
        The audio's rate (16000).
    fmin, fmax : float, optional
        The lowest band's lower edge and the highest band's upper edge, in hertz.

    Returns
    -------
    numpy.ndarray of float64, shape ``[num_bins, num_mel]``

    Examples
    --------
    >>> mel_matrix().shape
    (257, 64)
    >>> bool(mel_matrix()[0].any())  # the DC bin
    False
    """
    bins_mel = hz_to_mel(np.linspace(0.0, sample_rate / 2, num_bins)[1:])[:, None]
    edges = np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), num_mel + 2)
    lower, centre, upper = edges[:-2], edges[1:-1], edges[2:]
    rising = (bins_mel - lower) / (centre - lower)
    falling = (upper - bins_mel) / (upper - centre)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return np.vstack([np.zeros((1, num_mel)), weights])


def log_mel_magnitude(waveform) -> np.ndarray:
    """YAMNet's log-mel front end: ``[frames, 64]`` for a 16 kHz waveform, one row every 10 ms.

    Magnitude STFT (400-sample periodic Hann windows every 160 samples, FFT 512),
    64 HTK-mel bands from 125 to 7500 Hz, then ``log(mel + 0.001)``. Written in
    NumPy (a few milliseconds per clip); the tests check it against ``tf.signal``.

    Parameters
    ----------
    waveform : array_like
        16 kHz samples (flattened), at least 400 of them.

    Returns
    -------
    numpy.ndarray of float32, shape ``[1 + (samples - 400) // 160, 64]``

    Raises
    ------
    ParameterError
        When the waveform is shorter than one 25 ms window.

    Examples
    --------
    >>> log_mel_magnitude(np.zeros(15600, "float32")).shape
    (96, 64)
    >>> sine = np.sin(2 * np.pi * 1000 * np.arange(16000) / 16000)
    >>> int(log_mel_magnitude(sine).mean(axis=0).argmax())  # the band centred nearest 1 kHz
    19
    """
    y = np.asarray(waveform, dtype=np.float64).reshape(-1)
    if y.size < STFT_WINDOW:
        raise ParameterError("yamnet.too_few_samples", minimum=STFT_WINDOW, size=y.size)
    count = 1 + (y.size - STFT_WINDOW) // STFT_HOP
    frames = np.lib.stride_tricks.sliding_window_view(y, STFT_WINDOW)[::STFT_HOP][:count]
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(STFT_WINDOW) / STFT_WINDOW)  # periodic Hann
    magnitude = np.abs(np.fft.rfft(frames * window, n=FFT_LENGTH))
    return np.log(magnitude @ mel_matrix() + LOG_OFFSET).astype(np.float32)


def log_mel_patches(log_mel) -> np.ndarray:
    """Cut a log-mel ``[frames, 64]`` into ``[N, 96, 64]`` patches every 48 frames.

    Parameters
    ----------
    log_mel : array_like, shape ``[frames, bands]``
        At least 96 frames, as :func:`log_mel_magnitude` gives.

    Returns
    -------
    numpy.ndarray of float32, shape ``[N, 96, bands]``

    Raises
    ------
    ParameterError
        When there are fewer than 96 frames.

    Examples
    --------
    >>> log_mel_patches(np.zeros((144, 64), "float32")).shape
    (2, 96, 64)
    >>> log_mel_patches(np.zeros((50, 64)))
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: A YAMNet patch needs at least 96 log-mel frames (0.96 s); this log-mel has 50.
    """
    log_mel = np.asarray(log_mel, dtype=np.float32)
    if log_mel.shape[0] < PATCH_FRAMES:
        raise ParameterError("yamnet.too_few_frames", minimum=PATCH_FRAMES, count=log_mel.shape[0])
    starts = range(0, log_mel.shape[0] - PATCH_FRAMES + 1, PATCH_HOP_FRAMES)
    return np.stack([log_mel[s:s + PATCH_FRAMES] for s in starts])
