"""Feedback for the lessons' exercises, in the student's language.

Each check prints a friendly verdict and returns ``True`` or ``False``; it never
raises on a wrong answer, so a notebook keeps running while a student works::

    >>> from kwscourse.streaming import Window
    >>> check_overlap([Window(0.0, None), Window(1.5, None)], window_s=3.0)
    ✅ Correct: a new 3.0 s window every 1.5 s (overlap 0.5).
    True
"""

from __future__ import annotations

import numpy as np

from ..i18n import t


def _say(ok: bool, key: str, **fields) -> bool:
    print(("✅ " if ok else "❌ ") + t(key, **fields))
    return ok


def check_overlap(windows, window_s: float = 3.0, overlap: float = 0.5) -> bool:
    """Lesson 3, exercise 1: windows of ``window_s`` seconds starting every ``window_s * (1 - overlap)``.

    >>> from kwscourse.streaming import Window
    >>> check_overlap([Window(0.0, None), Window(3.0, None)])
    ❌ Not yet: your windows start every 3.0 s. With an overlap of 0.5 they should start every 1.5 s: set the overlap factor to 0.5.
    False
    """
    starts = [w.start_s for w in windows]
    if len(starts) < 2:
        return _say(False, "exercises.too_few_windows")
    hop = float(np.median(np.diff(starts)))
    expected = window_s * (1 - overlap)
    if abs(hop - expected) < 1e-6:
        return _say(True, "exercises.overlap_ok", window_s=window_s, hop=expected, overlap=overlap)
    return _say(False, "exercises.overlap_wrong", hop=hop, expected=expected, overlap=overlap)


def check_log_mel_figure(figure, log_mel) -> bool:
    """Lesson 3, exercise 2: a heatmap of YAMNet's log-mel ``[frames, 64]`` with time on the x axis.

    >>> check_log_mel_figure(None, np.zeros((96, 64)))
    ❌ Not yet: make a figure (for example with plt.subplots) and pass it here.
    False
    """
    if figure is None or not hasattr(figure, "axes"):
        return _say(False, "exercises.no_figure")
    log_mel = np.asarray(log_mel)
    for ax in figure.axes:
        for artist in list(ax.images) + list(ax.collections):
            if not hasattr(artist, "get_array") or artist.get_array() is None:
                continue
            shape = np.asarray(artist.get_array()).shape[:2]
            if shape == log_mel.T.shape:
                return _say(True, "exercises.log_mel_ok", frames=log_mel.shape[0])
            if shape == log_mel.shape:
                return _say(False, "exercises.log_mel_transposed")
    return _say(False, "exercises.log_mel_missing", shape=tuple(log_mel.T.shape))
