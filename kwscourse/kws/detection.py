"""How keyword spotters are judged: false accepts per hour, false rejects, and the threshold between them.

A spotter listens all day, mostly to sounds that are not its words, and fires when a
keyword's score reaches a **threshold**. Moving the threshold trades two errors:

- a **false accept** (false alarm): it fires on audio with no keyword. It is counted on
  a long recording with no keyword in it and given **per hour**, as a user lives it;
- a **false reject** (miss): a keyword was said and it did not fire, given as a **rate**,
  the share of keyword clips missed.

A **DET curve** (detection error trade-off) draws the miss rate against the false
accepts per hour for every threshold; the **operating point** is the threshold chosen
on it. Everything here is plain NumPy: scores in, frozen dataclasses out.

    >>> scores = np.array([0.1, 0.9, 0.95, 0.2, 0.8])  # one word's score, a window every 0.5 s
    >>> false_accepts(scores, 0.5, hop_s=0.5, duration_s=3600).count
    2
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._internal import checks
from ..i18n import ParameterError, t

#: Thresholds a DET curve tries by default: 0.005, 0.010, ... 1.000, and infinity, a spotter that
#: never fires (every keyword missed, no false accept), so that any budget has an operating point.
THRESHOLDS = np.append(np.round(np.linspace(0.005, 1.0, 200), 3), np.inf)


@dataclass(frozen=True)
class Peaks:
    """The candidate detections along a recording: one per hill of a word's score."""

    times: np.ndarray  #: seconds from the start of the recording
    words: np.ndarray  #: the column (keyword) of each peak
    scores: np.ndarray  #: its height: it fires at every threshold up to this


@dataclass(frozen=True)
class FalseAccepts:
    """Detections on audio that holds no keyword."""

    threshold: float
    count: int
    hours: float
    per_hour: float
    times: np.ndarray  #: when each false accept happened (s)
    words: np.ndarray  #: which keyword it claimed (column index)


@dataclass(frozen=True)
class FalseRejects:
    """Keyword clips whose own word's score stayed under the threshold."""

    threshold: float
    count: int
    total: int
    rate: float


@dataclass(frozen=True)
class DetCurve:
    """Miss rate and false accepts per hour at each threshold (the same order)."""

    thresholds: np.ndarray
    miss_rate: np.ndarray
    false_accepts_per_hour: np.ndarray
    hours: float
    keywords: int


@dataclass(frozen=True)
class OperatingPoint:
    """The threshold chosen on a DET curve, and the two error figures it gives."""

    threshold: float
    miss_rate: float
    false_accepts_per_hour: float
    max_per_hour: float

    def summary(self) -> str:
        """One sentence in the course language, for a notebook to print.

        >>> print(OperatingPoint(np.inf, 1.0, 0.0, 2.0).summary())
        No threshold keeps within 2 false accepts per hour: only a spotter that never fires does. It needs more negatives (or a larger budget).
        """
        if not np.isfinite(self.threshold):
            return t("detection.point_never", budget=self.max_per_hour)
        return t("detection.point_summary", threshold=self.threshold, miss=self.miss_rate,
                 per_hour=self.false_accepts_per_hour, budget=self.max_per_hour)


def _as_columns(scores) -> np.ndarray:
    """``[windows, words]`` float scores (one word's ``[windows]`` becomes one column)."""
    scores = np.asarray(scores, dtype=float)
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.ndim != 2:
        raise ParameterError("detection.bad_scores", shape=scores.shape)
    return scores


def _hilltops(column: np.ndarray) -> np.ndarray:
    """Indices of the local maxima of one score sequence (a plateau counts at its first window)."""
    left = np.concatenate([[-np.inf], column[:-1]])
    right = np.concatenate([column[1:], [-np.inf]])
    return np.flatnonzero((column > left) & (column >= right))


def peaks(scores, *, hop_s: float, refractory_s: float = 1.0, start_s: float = 0.0) -> Peaks:
    """One candidate detection per utterance: the hilltops of each word's score, merged within ``refractory_s``.

    A spoken word is seen by many overlapping windows, so its score rises and falls over
    several of them, sometimes with a dip in between. Counting every window above the
    threshold would count one utterance many times, and the count would depend on the
    window hop, not on what was said. So each word's local maxima are taken, highest
    first, and any other maximum of the same word closer than ``refractory_s`` to a kept
    one is merged into it (a spotter would not fire twice for one word). The peaks do
    not depend on the threshold, so raising it can only remove detections: the false
    accepts per hour never grow with the threshold, and the DET curve is monotonic.

    Parameters
    ----------
    scores : array_like
        ``[windows]`` for one word or ``[windows, words]``, the keyword columns only.
    hop_s : float
        Seconds between windows; window ``k`` is at ``start_s + k * hop_s``.
    refractory_s : float, optional
        Maxima of the same word closer than this are one detection.
    start_s : float, optional
        The time of the first window (a scored recording's ``times[0]``).

    Returns
    -------
    Peaks
        Sorted by time.

    Raises
    ------
    ParameterError
        For scores that are not one or two dimensional, or a non-positive ``hop_s``.

    Examples
    --------
    >>> found = peaks([0.2, 0.7, 0.6, 0.9, 0.1, 0.1, 0.1, 0.8], hop_s=0.25)
    >>> found.times.tolist(), found.scores.tolist()
    ([0.75, 1.75], [0.9, 0.8])
    """
    scores = _as_columns(scores)
    hop_s = checks.positive(hop_s, "hop_s")
    reach = float(refractory_s) / hop_s  # windows closer than this are merged
    found = []
    for word in range(scores.shape[1]):
        column = scores[:, word]
        tops = _hilltops(column)
        kept: list[int] = []
        for i in tops[np.argsort(-column[tops], kind="stable")]:
            if all(abs(int(i) - k) >= reach for k in kept):
                kept.append(int(i))
        found += [(i, word, column[i]) for i in kept]
    found.sort()
    index, words, heights = (np.array(x) for x in zip(*found)) if found else (np.zeros(0, int),) * 3
    return Peaks(float(start_s) + index * hop_s, words.astype(int), heights.astype(float))


def false_accepts(scores, threshold: float, *, hop_s: float, duration_s: float | None = None,
                  refractory_s: float = 1.0, start_s: float = 0.0) -> FalseAccepts:
    """False accepts on a recording with no keyword: detections at ``threshold``, and how many per hour.

    Parameters
    ----------
    scores : array_like
        The spotter's keyword scores along the recording, ``[windows]`` or ``[windows, words]``.
    threshold : float
        A peak at or above it fires.
    hop_s, refractory_s, start_s : float
        As in :func:`peaks`.
    duration_s : float, optional
        The recording's length; default ``windows * hop_s``.

    Returns
    -------
    FalseAccepts

    Examples
    --------
    >>> scores = np.zeros(45000); scores[[100, 5000, 5001, 30000]] = [0.9, 0.7, 0.8, 0.4]
    >>> fa = false_accepts(scores, 0.5, hop_s=0.08)  # 45,000 windows of 80 ms: one hour
    >>> fa.count, fa.hours, fa.per_hour, fa.times.tolist()
    (2, 1.0, 2.0, [8.0, 400.08])
    """
    found = peaks(scores, hop_s=hop_s, refractory_s=refractory_s, start_s=start_s)
    seconds = len(_as_columns(scores)) * hop_s if duration_s is None else checks.positive(duration_s, "duration_s")
    fired = found.scores >= threshold
    hours = seconds / 3600
    return FalseAccepts(float(threshold), int(fired.sum()), hours, float(fired.sum() / hours),
                        found.times[fired], found.words[fired])


def false_rejects(keyword_scores, threshold: float) -> FalseRejects:
    """Keyword clips missed at ``threshold``: their own word's score stayed under it.

    Parameters
    ----------
    keyword_scores : array_like
        For each clip that holds a keyword, the spotter's score for that keyword.
    threshold : float

    Returns
    -------
    FalseRejects

    Examples
    --------
    >>> false_rejects([0.95, 0.4, 0.8, 0.49], 0.5)
    FalseRejects(threshold=0.5, count=2, total=4, rate=0.5)
    """
    keyword_scores = np.asarray(keyword_scores, dtype=float).ravel()
    checks.whole_number(keyword_scores.size, "len(keyword_scores)")
    missed = int((keyword_scores < threshold).sum())
    return FalseRejects(float(threshold), missed, int(keyword_scores.size), missed / keyword_scores.size)


def det_curve(keyword_scores, stream_scores, *, hop_s: float, duration_s: float | None = None,
              thresholds=None, refractory_s: float = 1.0) -> DetCurve:
    """The detection error trade-off: miss rate and false accepts per hour at every threshold.

    Parameters
    ----------
    keyword_scores : array_like
        As in :func:`false_rejects`: each keyword clip's score for its own word.
    stream_scores : array_like
        As in :func:`false_accepts`: the keyword scores along a recording with no keyword.
    hop_s, duration_s, refractory_s : float
        As in :func:`false_accepts`.
    thresholds : array_like, optional
        Default :data:`THRESHOLDS`.

    Returns
    -------
    DetCurve
        As the threshold rises the miss rate never falls and the false accepts never grow.

    Examples
    --------
    >>> curve = det_curve([0.3, 0.6, 0.9], [0.0, 0.7, 0.0, 0.4], hop_s=900.0, thresholds=[0.2, 0.5, 0.8])
    >>> curve.miss_rate.round(3).tolist(), curve.false_accepts_per_hour.tolist()
    ([0.0, 0.333, 0.667], [2.0, 1.0, 0.0])
    """
    thresholds = np.asarray(THRESHOLDS if thresholds is None else thresholds, dtype=float).ravel()
    found = peaks(stream_scores, hop_s=hop_s, refractory_s=refractory_s)
    seconds = len(_as_columns(stream_scores)) * hop_s if duration_s is None else checks.positive(duration_s, "duration_s")
    keyword_scores = np.asarray(keyword_scores, dtype=float).ravel()
    checks.whole_number(keyword_scores.size, "len(keyword_scores)")
    miss = np.array([(keyword_scores < th).mean() for th in thresholds])
    per_hour = np.array([(found.scores >= th).sum() for th in thresholds]) / (seconds / 3600)
    return DetCurve(thresholds, miss, per_hour, seconds / 3600, int(keyword_scores.size))


def operating_point(curve: DetCurve, max_per_hour: float = 1.0) -> OperatingPoint:
    """The threshold with the fewest misses among those with at most ``max_per_hour`` false accepts per hour.

    Among equally good thresholds, the one with fewer false accepts wins, then the
    highest one (a margin for sounds the test recording did not have).

    Parameters
    ----------
    curve : DetCurve
    max_per_hour : float, optional
        The false accepts per hour the product can live with (0 for none at all).

    Returns
    -------
    OperatingPoint

    Raises
    ------
    ParameterError
        When no threshold of the curve keeps within ``max_per_hour`` (``detection.no_operating_point``).

    Examples
    --------
    >>> curve = DetCurve(np.array([0.2, 0.5, 0.8]), np.array([0.0, 0.1, 0.4]), np.array([12.0, 2.0, 0.0]), 1.0, 10)
    >>> operating_point(curve, max_per_hour=2)
    OperatingPoint(threshold=0.5, miss_rate=0.1, false_accepts_per_hour=2.0, max_per_hour=2.0)
    >>> operating_point(curve, max_per_hour=0).threshold
    0.8
    """
    if float(max_per_hour) < 0:
        raise ParameterError("detection.bad_budget", value=max_per_hour)
    allowed = np.flatnonzero(curve.false_accepts_per_hour <= max_per_hour)
    if allowed.size == 0:
        raise ParameterError("detection.no_operating_point", budget=float(max_per_hour),
                             lowest=float(curve.false_accepts_per_hour.min()))
    best = min(allowed, key=lambda i: (curve.miss_rate[i], curve.false_accepts_per_hour[i], -curve.thresholds[i]))
    return OperatingPoint(float(curve.thresholds[best]), float(curve.miss_rate[best]),
                          float(curve.false_accepts_per_hour[best]), float(max_per_hour))
