"""Any audio as a model's input: decoded, mono, at the model's rate, and cut into windows.

A Hugging Face pipeline assumes an array is at its model's rate, and takes
audio of any length in one piece. :func:`to_model_rate` decodes and resamples
first; :func:`chunk_spans` gives the windows that :func:`kwscourse.hf.classifier.classify`
scores one by one::

    >>> chunk_spans(10, window=4, hop=3)
    [(0, 4), (3, 7), (6, 10)]
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from .._internal import checks
from ..i18n import CourseError


def to_model_rate(source, sample_rate: int | None, target_rate: int) -> np.ndarray:
    """Decode and convert any audio to float32 mono at ``target_rate``.

    Parameters
    ----------
    source : path, bytes, file object, array or recording
        A file, a file's content, an array of samples (int16 is scaled; 2-D is
        ``[samples, channels]``, see :func:`kwscourse.audio.waveform.to_mono`), or a
        recorded object with ``.waveform`` and ``.sample_rate``.
    sample_rate : int or None
        The rate of an array; files and recordings carry their own.
    target_rate : int
        The model's rate.

    Returns
    -------
    numpy.ndarray of float32, 1-D

    Raises
    ------
    CourseError
        ``hf.rate_needed`` for an array without its rate, ``hf.nothing_recorded``
        for a recording that is still empty.
    AudioError
        When the audio cannot be read.

    Examples
    --------
    >>> to_model_rate(np.zeros((44100, 2), "int16"), 44100, 16000).shape
    (16000,)
    """
    if hasattr(source, "waveform") and hasattr(source, "sample_rate"):
        if np.asarray(source.waveform).size == 0:
            raise CourseError("hf.nothing_recorded")
        source, sample_rate = source.waveform, source.sample_rate
    if isinstance(source, (str, Path, bytes, bytearray)) or hasattr(source, "read"):
        y, _ = audio.load(source, sr=target_rate)
        return y
    if sample_rate is None:
        raise CourseError("hf.rate_needed")
    return audio.resample(audio.to_mono(audio.as_float32(source)), sample_rate, target_rate)


def chunk_spans(num_samples: int, window: int, hop: int) -> list[tuple[int, int]]:
    """``(start, end)`` of chunks of ``window`` samples every ``hop`` that cover every sample.

    The last chunk ends exactly at ``num_samples``; audio shorter than a window
    is one chunk.

    Parameters
    ----------
    num_samples : int
    window : int
        Samples per chunk, at least 1.
    hop : int
        Samples between chunk starts, from 1 to ``window``.

    Returns
    -------
    list of (int, int)

    Raises
    ------
    ParameterError
        For a ``window`` below 1 or a ``hop`` outside ``[1, window]``.

    Examples
    --------
    >>> chunk_spans(5, window=8, hop=4)
    [(0, 5)]
    >>> chunk_spans(10, window=4, hop=5)
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: hop must be a whole number from 1 to 4, not 5.
    """
    window = checks.whole_number(window, "window")
    hop = checks.whole_number(hop, "hop", maximum=window)
    if num_samples <= window:
        return [(0, num_samples)]
    count = 1 + math.ceil((num_samples - window) / hop)
    return [(i * hop, min(i * hop + window, num_samples)) if i < count - 1
            else (num_samples - window, num_samples) for i in range(count)]
