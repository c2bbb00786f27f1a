"""Make one clip sound like many: room echo, speed, loudness and background noise.

Used by :mod:`kwscourse.synth` to vary synthetic speech the way rooms and speakers
vary real recordings, and by the keyword heads while they train. Plain functions of
NumPy arrays and a ``numpy.random.Generator``, so every result is reproducible.

    >>> rng = np.random.default_rng(0)
    >>> y = np.zeros(16000, np.float32); y[100] = 1.0
    >>> reverberate(y, room_impulse(0.3, rng)).shape
    (16000,)
"""

from __future__ import annotations

import numpy as np

from .i18n import AudioError

SR = 16000


def room_impulse(rt60_s: float, rng: np.random.Generator, sr: int = SR) -> np.ndarray:
    """A synthetic room impulse response: a direct path, then noise decaying by 60 dB in ``rt60_s``.

    >>> h = room_impulse(0.4, np.random.default_rng(1))
    >>> float(h[0]), len(h) == int(0.4 * 16000)
    (1.0, True)
    """
    if not 0.0 < rt60_s <= 3.0:
        raise AudioError("augment.bad_rt60", value=rt60_s)
    n = max(2, int(rt60_s * sr))
    t = np.arange(n) / sr
    tail = rng.standard_normal(n) * np.exp(-6.9078 * t / rt60_s)  # ln(1000): -60 dB at rt60
    tail[: int(0.002 * sr)] = 0.0  # the first reflections arrive a few ms after the sound
    tail *= 0.3 / (np.sqrt(np.sum(tail ** 2)) + 1e-12)
    tail[0] = 1.0
    return tail.astype(np.float32)


def reverberate(y: np.ndarray, impulse: np.ndarray) -> np.ndarray:
    """``y`` heard in the room of ``impulse``, same length and peak level as ``y``.

    >>> y = np.zeros(100, np.float32); y[0] = 0.5
    >>> float(reverberate(y, np.array([1.0, 0.5], np.float32))[1])
    0.25
    """
    from scipy.signal import fftconvolve

    y = np.asarray(y, dtype=np.float32)
    wet = fftconvolve(y, impulse)[: len(y)]
    peak = float(np.abs(y).max())
    return (wet * (peak / (float(np.abs(wet).max()) + 1e-12))).astype(np.float32)


def change_speed(y: np.ndarray, factor: float) -> np.ndarray:
    """Play ``y`` ``factor`` times faster (pitch moves with it, as on tape).

    >>> change_speed(np.ones(16000, np.float32), 1.25).shape
    (12800,)
    """
    from . import audio

    if not 0.5 <= factor <= 2.0:
        raise AudioError("augment.bad_speed", value=factor)
    # Resampling to a lower rate and playing at the old one speeds the sound up.
    return audio.resample(np.asarray(y, dtype=np.float32), int(round(SR * factor)), SR)


def add_noise(y: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """``y`` plus ``noise`` (cycled to length) at a signal-to-noise ratio of ``snr_db`` dB.

    >>> y = np.ones(4, np.float32); round(float(add_noise(y, -np.ones(4), 0.0).sum()), 3)
    0.0
    """
    y = np.asarray(y, dtype=np.float32)
    noise = np.resize(np.asarray(noise, dtype=np.float32), y.shape)
    power = float(np.mean(y ** 2))
    noise_power = float(np.mean(noise ** 2)) + 1e-12
    return (y + noise * np.sqrt(power / noise_power / 10 ** (snr_db / 10))).astype(np.float32)


def shift(y: np.ndarray, samples: int) -> np.ndarray:
    """Move ``y`` later by ``samples`` (earlier when negative), filling with zeros.

    >>> shift(np.array([1, 2, 3], np.float32), 1)
    array([0., 1., 2.], dtype=float32)
    """
    y = np.asarray(y, dtype=np.float32)
    out = np.zeros_like(y)
    if samples >= 0:
        out[samples:] = y[: len(y) - samples] if samples < len(y) else []
    else:
        out[: len(y) + samples] = y[-samples:]
    return out
