"""Make one clip sound like many: room echo and speaking speed.

Used by :mod:`kwscourse.synthetic.speech` to vary synthetic speech the way rooms and speakers
vary real recordings. Plain functions of NumPy arrays and a ``numpy.random.Generator``,
so every result is reproducible.

    >>> rng = np.random.default_rng(0)
    >>> y = np.zeros(16000, np.float32); y[100] = 1.0
    >>> reverberate(y, room_impulse(0.3, rng)).shape
    (16000,)
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from . import waveform as audio
from .waveform import SAMPLE_RATE
from ..i18n import ParameterError


def room_impulse(rt60_s: float, rng: np.random.Generator, sr: int = SAMPLE_RATE) -> np.ndarray:
    """A synthetic room impulse response: a direct path, then noise decaying by 60 dB in ``rt60_s``.

    Parameters
    ----------
    rt60_s : float
        The reverberation time in seconds, more than 0 and at most 3.
    rng : numpy.random.Generator
        Draws the reflections.
    sr : int, optional
        The sample rate.

    Returns
    -------
    numpy.ndarray of float32
        ``rt60_s * sr`` samples; the first is the direct sound, 1.0.

    Raises
    ------
    ParameterError
        For a reverberation time outside (0, 3] (``augment.bad_rt60``).

    Examples
    --------
    >>> h = room_impulse(0.4, np.random.default_rng(1))
    >>> float(h[0]), len(h) == int(0.4 * 16000)
    (1.0, True)
    """
    if isinstance(rt60_s, bool) or not isinstance(rt60_s, Real) or not 0.0 < rt60_s <= 3.0:
        raise ParameterError("augment.bad_rt60", value=rt60_s)
    n = max(2, int(rt60_s * sr))
    t = np.arange(n) / sr
    tail = rng.standard_normal(n) * np.exp(-6.9078 * t / rt60_s)  # ln(1000): -60 dB at rt60
    tail[: int(0.002 * sr)] = 0.0  # the first reflections arrive a few ms after the sound
    tail *= 0.3 / (np.sqrt(np.sum(tail ** 2)) + 1e-12)
    tail[0] = 1.0
    return tail.astype(np.float32)


def reverberate(y: np.ndarray, impulse: np.ndarray) -> np.ndarray:
    """``y`` heard in the room of ``impulse``, same length and peak level as ``y``.

    Parameters
    ----------
    y : numpy.ndarray
        A mono waveform.
    impulse : numpy.ndarray
        A room impulse response (:func:`room_impulse`).

    Returns
    -------
    numpy.ndarray of float32

    Examples
    --------
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

    Parameters
    ----------
    y : numpy.ndarray
        A mono waveform at 16 kHz.
    factor : float
        From 0.5 (half speed, twice as long) to 2.

    Returns
    -------
    numpy.ndarray of float32
        About ``len(y) / factor`` samples.

    Raises
    ------
    ParameterError
        For a factor outside [0.5, 2] (``augment.bad_speed``).

    Examples
    --------
    >>> change_speed(np.ones(16000, np.float32), 1.25).shape
    (12800,)
    """
    if isinstance(factor, bool) or not isinstance(factor, Real) or not 0.5 <= factor <= 2.0:
        raise ParameterError("augment.bad_speed", value=factor)
    # Resampling to a lower rate and playing at the old one speeds the sound up.
    return audio.resample(np.asarray(y, dtype=np.float32), int(round(SAMPLE_RATE * factor)), SAMPLE_RATE)
