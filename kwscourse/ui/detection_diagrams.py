"""Pictures of a spotter's two errors: the DET curve with its operating point, and scores over a long recording.

Each function draws with matplotlib, labels in the current language and returns the
``Figure``. Nothing is recomputed here: the curve comes from
:func:`kwscourse.kws.detection.det_curve`, the false accepts from
:func:`kwscourse.kws.detection.false_accepts`, so the pictures show the measured figures.

    >>> from kwscourse.kws import detection
    >>> curve = detection.det_curve([0.3, 0.9], [0.0, 0.7, 0.0], hop_s=60.0, thresholds=[0.5, 0.8])
    >>> fig = det_plot(curve, detection.operating_point(curve, 0))
    >>> fig.axes[0].get_xlabel()
    'False accepts per hour (no keyword said)'
"""

from __future__ import annotations

import numpy as np

from ..i18n import t
from .plots import _plt


def _titled(text: str, stand_in: bool) -> str:
    return text + (t("plots.stand_in_suffix") if stand_in else "")


def det_plot(curve, point=None, *, stand_in: bool = False):
    """The DET curve: false reject rate against false accepts per hour, the chosen point marked.

    The x axis is linear up to 1 per hour and logarithmic above (``symlog``), so that
    "none at all" stays on the picture next to "hundreds".

    Parameters
    ----------
    curve : kwscourse.kws.detection.DetCurve
    point : kwscourse.kws.detection.OperatingPoint, optional
        Drawn as a large dot, labelled with its threshold, with the budget as a dashed line.
    stand_in : bool, optional
        The scores come from stand-in data.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from kwscourse.kws import detection
    >>> curve = detection.DetCurve(np.array([0.2, 0.8]), np.array([0.0, 0.5]), np.array([6.0, 0.0]), 1.0, 2)
    >>> fig = det_plot(curve)
    >>> fig.axes[0].lines[0].get_xydata().tolist()
    [[6.0, 0.0], [0.0, 0.5]]
    """
    fig, ax = _plt().subplots(figsize=(7, 4.5))
    ax.plot(curve.false_accepts_per_hour, curve.miss_rate, "o-", markersize=3, color="tab:blue")
    if point is not None:
        ax.axvline(point.max_per_hour, color="grey", linestyle="--", linewidth=1)
        ax.plot([point.false_accepts_per_hour], [point.miss_rate], "o", markersize=11, color="tab:red",
                label=t("detection.point_label", threshold=point.threshold))
        ax.legend(loc="upper right")
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_xlim(left=0)
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(_plt().FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel(t("detection.per_hour_axis"))
    ax.set_ylabel(t("detection.miss_axis"))
    ax.set_title(_titled(t("detection.det_title"), stand_in))
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    return fig


def score_timeline(times, keyword_scores, threshold: float, accepts=None, *, word_names=None,
                   stand_in: bool = False):
    """The highest keyword score along a recording with no keyword, the threshold, and each false accept.

    Parameters
    ----------
    times : array_like
        Seconds, one per window.
    keyword_scores : array_like
        ``[windows, keywords]`` (or ``[windows]``): the keyword columns only.
    threshold : float
        Drawn as a dashed line.
    accepts : kwscourse.kws.detection.FalseAccepts, optional
        Each one marked with a red cross and its word.
    word_names : sequence of str, optional
        The keywords, to name the false accepts.
    stand_in : bool, optional
        The scores come from stand-in data.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from kwscourse.kws import detection
    >>> scores = np.array([0.1, 0.9, 0.2, 0.3])
    >>> fa = detection.false_accepts(scores, 0.5, hop_s=30.0)
    >>> fig = score_timeline(np.arange(4) * 30.0, scores, 0.5, fa, word_names=["yes"])
    >>> [text.get_text() for text in fig.axes[0].texts], fig.axes[0].lines[2].get_xydata().tolist()
    (['yes'], [[0.5, 0.9]])
    """
    minutes = np.asarray(times, dtype=float) / 60
    best = np.asarray(keyword_scores, dtype=float)
    best = best.max(axis=1) if best.ndim == 2 else best
    fig, ax = _plt().subplots(figsize=(11, 3.6))
    ax.plot(minutes, best, linewidth=0.6, color="tab:blue", label=t("detection.best_score"))
    ax.axhline(threshold, color="tab:orange", linestyle="--", label=t("detection.threshold_note", threshold=threshold))
    if accepts is not None:
        at = accepts.times / 60
        heights = np.interp(at, minutes, best) if len(at) else at
        ax.plot(at, heights, "x", color="tab:red", markersize=9, markeredgewidth=2,
                label=t("detection.false_accept", count=accepts.count))
        for x, y, word in list(zip(at, heights, accepts.words))[:20]:
            ax.text(x, min(y + 0.04, 1.06), str(word_names[word]) if word_names is not None else str(word),
                    ha="center", fontsize=8, color="tab:red")
    ax.set_ylim(0, 1.12)
    ax.set_xlabel(t("detection.time_min"))
    ax.set_ylabel(t("plots.score"))
    ax.set_title(_titled(t("detection.timeline_title", minutes=float(minutes[-1]) if len(minutes) else 0.0),
                         stand_in))
    ax.legend(loc="upper right", ncols=3, fontsize=8)
    fig.tight_layout()
    return fig
