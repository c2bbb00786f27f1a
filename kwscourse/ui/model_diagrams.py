"""Pictures of what models do with audio: scores, windows over time, and the embedding space.

Each function draws with matplotlib, labels in the current language, and returns
the ``Figure``. The window positions are never recomputed here: a stream's come
from :class:`~kwscourse.audio.streaming.StreamingWindows`, a long recording's chunks
from :func:`~kwscourse.hf.input.chunk_spans`, so the pictures show what the
course's code really does. ``stand_in=True`` (or a table marked as one) adds
"[synthetic stand-in]" to the title.

    >>> fig = softmax_vs_sigmoid([2.0, 0.0], ["cat", "dog"])
    >>> [round(float(bar.get_height()), 3) for bar in fig.axes[0].patches]
    [0.881, 0.119, 0.881, 0.5]
"""

from __future__ import annotations

import math

import numpy as np

from .._internal import checks
from ..audio.waveform import SAMPLE_RATE
from ..hf.input import chunk_spans
from ..i18n import t
from ..kws.cnn import softmax
from .plots import _label, _plt
from ..audio.streaming import StreamingWindows


def _titled(text: str, stand_in: bool) -> str:
    return text + (t("plots.stand_in_suffix") if stand_in else "")


def softmax_vs_sigmoid(logits, label_names, *, stand_in: bool = False):
    """One set of logits turned into scores two ways, softmax and sigmoid, as bars side by side.

    Softmax shares one unit of probability among the labels (one label per clip);
    sigmoid scores each label on its own (several at once), so they need not add
    up to 1. The legend gives each way's total.

    Parameters
    ----------
    logits : array_like
        A model's raw output, one number per label.
    label_names : sequence of str
    stand_in : bool, optional
        The logits come from a stand-in model.

    Raises
    ------
    ParameterError
        When there are not as many logits as labels.

    Examples
    --------
    >>> fig = softmax_vs_sigmoid([0.0, 0.0, 0.0], ["a", "b", "c"])
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    ['softmax: they add up to 1.00', 'sigmoid: they add up to 1.50']
    """
    logits = np.asarray(logits, dtype=float).ravel()
    names = [_label(n) for n in label_names]
    checks.same_length(logits, names, "logits", "label_names")
    shared, alone = softmax(logits), 1.0 / (1.0 + np.exp(-logits))
    fig, ax = _plt().subplots(figsize=(2 + 0.8 * len(names), 3.6))
    places, width = np.arange(len(names)), 0.4
    for offset, scores, key, colour in ((-width / 2, shared, "softmax_total", "tab:blue"),
                                        (width / 2, alone, "sigmoid_total", "tab:orange")):
        bars = ax.bar(places + offset, scores, width, color=colour,
                      label=t(f"model_diagrams.{key}", total=float(scores.sum())))
        ax.bar_label(bars, fmt="%.2f", fontsize=7)
    ax.set_xticks(places, names, rotation=30 if len(names) > 5 else 0)
    ax.set_ylim(0, 1.3)  # room for the legend above the tallest bars
    ax.set_ylabel(t("plots.score"))
    ax.set_title(_titled(t("model_diagrams.same_logits"), stand_in))
    ax.legend(loc="upper center", ncols=2)
    fig.tight_layout()
    return fig


def _window_lanes(ax, starts, lengths, hop_s: float, labels, colours):
    """Windows as bars, in as many lanes as overlap at once, each labelled with its top label."""
    lanes = max(1, math.ceil(max(lengths, default=0) / hop_s - 1e-9))
    for i, (start, length, label, colour) in enumerate(zip(starts, lengths, labels, colours)):
        lane = i % lanes
        ax.barh(lane, length, left=start, height=0.8, color=colour, alpha=0.55, edgecolor="black")
        ax.text(start + length / 2, lane, label, ha="center", va="center", fontsize=8)
    ax.set_yticks([])
    ax.set_ylim(lanes - 0.5, -0.5)


def _class_colours(count: int) -> list:
    return [_plt().get_cmap("tab10")(i % 10) for i in range(count)]


def _score_lines(ax, middles, scores, names, colours):
    """One line of scores per class, a dot at the middle of each window."""
    for k, name in enumerate(names):
        ax.plot(middles, scores[:, k], "o-", color=colours[k], label=name)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(t("plots.score"))
    ax.set_xlabel(t("plots.time_s"))
    ax.set_title(t("model_diagrams.window_scores"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)


def streaming_timeline(chunks, score_window, class_names, *, window_s: float = 3.0, overlap: float = 0.0,
                       sample_rate: int = SAMPLE_RATE, stand_in: bool = False):
    """A stream on one time axis: its audio, the windows cut from it, and each window's scores.

    The chunks go through :class:`~kwscourse.audio.streaming.StreamingWindows`, as a
    microphone's do, and ``score_window`` scores every window it hands out.
    Overlapping windows are drawn in separate lanes; each bar says its top class.
    Each class's score is drawn at the middle of its window.

    Parameters
    ----------
    chunks : iterable of array_like
        The audio, as it arrives, at ``sample_rate``.
    score_window : callable
        Samples of one window -> one score per class (``ClipClassifier.scores``).
    class_names : sequence of str
    window_s, overlap, sample_rate
        As for :class:`~kwscourse.audio.streaming.StreamingWindows`.
    stand_in : bool, optional
        The audio or the classifier is a stand-in.

    Examples
    --------
    >>> fig = streaming_timeline([np.zeros(10)], lambda w: [0.2, 0.8], ["a", "b"], window_s=2.0, sample_rate=2)
    >>> [float(bar.get_x()) for bar in fig.axes[1].patches], fig.axes[1].texts[0].get_text()
    ([0.0, 2.0], 'b 0.80')
    """
    chunks = [np.asarray(chunk, dtype=np.float32).ravel() for chunk in chunks]
    score_window = checks.function(score_window, "score_window")
    stream = StreamingWindows(window_s, overlap, sample_rate)
    windows = list(stream.stream(chunks))
    names = [_label(n) for n in class_names]
    scores = np.array([np.asarray(score_window(w.samples), dtype=float).ravel() for w in windows])
    scores = scores.reshape(len(windows), len(names))
    starts, hop_s = [w.start_s for w in windows], stream.hop / sample_rate
    recording = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    fig, (wave_ax, lane_ax, score_ax) = _plt().subplots(
        3, 1, figsize=(10, 6.5), sharex=True, gridspec_kw={"height_ratios": [1, 1, 1.6]})
    wave_ax.plot(np.arange(recording.size) / sample_rate, recording, linewidth=0.5, color="grey")
    wave_ax.set_ylabel(t("plots.amplitude"))
    wave_ax.set_title(_titled(t("model_diagrams.stream_audio"), stand_in))
    colours = _class_colours(len(names))
    best = scores.argmax(axis=1)
    _window_lanes(lane_ax, starts, [stream.window / sample_rate] * len(windows), hop_s,
                  [f"{names[b]} {scores[i, b]:.2f}" for i, b in enumerate(best)], [colours[b] for b in best])
    lane_ax.set_title(t("model_diagrams.stream_windows", window_s=stream.window / sample_rate, hop_s=hop_s,
                        overlap=stream.overlap))
    _score_lines(score_ax, np.asarray(starts) + stream.window / sample_rate / 2, scores, names, colours)
    wave_ax.set_xlim(0, max(recording.size / sample_rate, 1e-9))
    fig.tight_layout()
    return fig


def chunk_timeline(ranking, seconds: float, *, window_s: float, overlap: float = 0.5):
    """Where :func:`kwscourse.hf.classifier.classify` cut a long recording, and each chunk's top label.

    The chunks are :func:`~kwscourse.hf.input.chunk_spans` of the recording at the
    model's rate: ``window_s`` long, a new one every ``window_s * (1 - overlap)``,
    the last one moved back so that it ends with the audio. Overlapping chunks are
    drawn in separate lanes.

    Parameters
    ----------
    ranking : kwscourse.results.Ranking
        What ``classify`` returned: its ``timeline`` of every chunk's scores, the
        model's ``sample_rate`` and ``stand_in`` are used.
    seconds : float
        The recording's length.
    window_s, overlap : float
        The chunk length and overlap that ``classify`` used (the classifier's ``window_s``).

    Raises
    ------
    ParameterError
        When the timeline has not as many rows as there are chunks: other
        settings made it.

    Examples
    --------
    >>> import pandas as pd
    >>> from kwscourse.results import Ranking
    >>> ranking = Ranking(pd.DataFrame(), pd.DataFrame({"a": [0.9, 0.2], "b": [0.1, 0.8]}), sample_rate=10)
    >>> fig = chunk_timeline(ranking, 7.0, window_s=4.0, overlap=0.25)
    >>> [(float(bar.get_x()), float(bar.get_width())) for bar in fig.axes[0].patches], fig.axes[0].texts[1].get_text()
    ([(0.0, 4.0), (3.0, 4.0)], 'b 0.80')
    """
    timeline, rate = ranking.timeline, ranking.sample_rate
    window = int(round(checks.positive(window_s, "window_s") * rate))
    hop = max(1, int(round(window * (1.0 - checks.fraction(overlap, "overlap")))))
    spans = chunk_spans(int(round(seconds * rate)), window, hop)
    checks.same_length(spans, timeline, "chunks", "timeline")
    names, scores = [_label(n) for n in timeline.columns], timeline.to_numpy(dtype=float)
    best, colours = scores.argmax(axis=1), _class_colours(len(names))
    fig, ax = _plt().subplots(figsize=(10, 1.4 + 0.5 * math.ceil(window / hop)))
    _window_lanes(ax, [start / rate for start, _ in spans], [(end - start) / rate for start, end in spans],
                  hop / rate, [f"{names[b]} {scores[i, b]:.2f}" for i, b in enumerate(best)],
                  [colours[b] for b in best])
    ax.set_xlim(0, seconds)
    ax.set_xlabel(t("plots.time_s"))
    ax.set_title(_titled(t("model_diagrams.chunks", window_s=window / rate, hop_s=hop / rate),
                         ranking.stand_in))
    fig.tight_layout()
    return fig


def embedding_map(points, labels, *, stand_in: bool = False, title=None):
    """Embeddings in two dimensions with PCA, one dot per point, coloured by its label.

    PCA (scikit-learn's) keeps the two directions in which the points spread
    most; each axis says how much of the variance it keeps.

    Parameters
    ----------
    points : array_like
        ``[points, dimensions]``: for instance each clip's mean YAMNet embedding.
    labels : sequence of str
        One class name per point; colours follow their first appearance.
    stand_in : bool, optional
        The points come from stand-in clips or a stand-in model.

    Raises
    ------
    ParameterError
        When there are not as many labels as points.

    Examples
    --------
    >>> fig = embedding_map([[3, 0, 0], [-3, 0, 0], [0, 1, 0], [0, -1, 0]], ["a", "a", "b", "b"])
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('Component 1 (90% of the variance)', 'Component 2 (10% of the variance)')
    """
    from sklearn.decomposition import PCA

    points = np.asarray(points, dtype=float)
    names = [_label(n) for n in labels]
    checks.same_length(points, names, "points", "labels")
    pca = PCA(n_components=2).fit(points)
    flat = pca.transform(points)
    fig, ax = _plt().subplots(figsize=(8, 5.5))
    classes = list(dict.fromkeys(names))
    for name, colour in zip(classes, _class_colours(len(classes))):
        chosen = np.array([n == name for n in names])
        ax.scatter(flat[chosen, 0], flat[chosen, 1], s=22, color=colour, label=name, alpha=0.8)
    for axis, share in enumerate(pca.explained_variance_ratio_):
        label = t("model_diagrams.component", number=axis + 1, share=float(share))
        (ax.set_xlabel if axis == 0 else ax.set_ylabel)(label)
    ax.set_title(_titled(title or t("model_diagrams.embedding_map"), stand_in))
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
