"""Plots for the lessons, with titles and axis labels in the current language.

Every function draws with matplotlib (seaborn for heatmaps, librosa for
:func:`feature_views`) and returns the ``Figure``, so notebooks can show it and
tests can inspect it. Functions that take ``ax`` draw into that axes instead
of a new figure. Waveforms are ``[samples]`` at ``sample_rate``
(default :data:`~kwscourse.audio.waveform.SAMPLE_RATE`).

    >>> import numpy as np
    >>> fig = waveform_grid(np.zeros((4, 1600), dtype="float32"), ["a", "b", "c", "d"], rows=2, cols=2)
    >>> len(fig.axes)
    4
"""

from __future__ import annotations

import numpy as np

from .._internal import checks
from ..audio.waveform import SAMPLE_RATE
from ..i18n import t

#: YAMNet's frames: one score per 0.96 s patch, every 0.48 s.
_PATCH_S, _HOP_S = 0.96, 0.48


def _plt():
    # Imported on first use: pyplot costs ~0.3 s and `import kwscourse` must stay fast.
    import matplotlib.pyplot as plt

    return plt


def _label(name) -> str:
    return name.decode() if isinstance(name, bytes) else str(name)


def _axes(ax, figsize):
    """``ax``, or the axes of a new figure of ``figsize``."""
    return ax if ax is not None else _plt().subplots(figsize=figsize)[1]


def waveform_grid(waveforms, labels, *, rows: int = 3, cols: int = 3, sample_rate: int = SAMPLE_RATE,
                  stand_in: bool = False):
    """A ``rows`` x ``cols`` grid of waveforms, each titled with its label.

    The y axis is fixed to [-1.1, 1.1] so loud and quiet clips compare fairly;
    ``stand_in`` adds "[synthetic stand-in]" to the title.

    Examples
    --------
    >>> fig = waveform_grid(np.zeros((2, 160)), ['yes', 'no'], rows=1, cols=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['yes', 'no']
    """
    waveforms = np.asarray(waveforms)
    count = min(rows * cols, len(waveforms))
    fig, axes = _plt().subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= count:
            ax.axis("off")
            continue
        y = waveforms[i]
        ax.plot(np.arange(y.size) / sample_rate, y, linewidth=0.6)
        ax.set_title(_label(labels[i]))
        ax.set_ylim(-1.1, 1.1)
        if i % cols == 0:
            ax.set_ylabel(t("plots.amplitude"))
        if i // cols == rows - 1:
            ax.set_xlabel(t("plots.time_s"))
    suffix = t("plots.stand_in_suffix") if stand_in else ""
    fig.suptitle(t("plots.waveforms") + suffix)
    fig.tight_layout()
    return fig


def log_spectrogram(spectrogram, ax=None, *, title=None):
    """Draw a magnitude spectrogram ``[frames, bins]`` or ``[frames, bins, 1]`` on a log scale.

    Time runs along the x axis; a tiny epsilon avoids log(0) on digital silence.

    Examples
    --------
    >>> fig = log_spectrogram(np.ones((124, 129, 1)))
    >>> fig.axes[0].get_xlabel(), fig.axes[0].collections[0].get_array().shape
    ('Time (frames)', (129, 124))
    """
    spec = np.asarray(spectrogram)
    if spec.ndim == 3:
        spec = spec[..., 0]
    ax = _axes(ax, (7, 3.5))
    log_spec = np.log(spec.T + np.finfo(float).eps)
    mesh = ax.pcolormesh(np.arange(spec.shape[0]), np.arange(spec.shape[1]), log_spec, shading="auto")
    ax.set_xlabel(t("plots.frame"))
    ax.set_ylabel(t("plots.frequency_bin"))
    ax.set_title(title or t("plots.spectrogram"))
    ax.figure.colorbar(mesh, ax=ax)
    return ax.figure


def waveform_and_spectrogram(y, spectrogram, label, *, sample_rate: int = SAMPLE_RATE):
    """The waveform above its log spectrogram (see :func:`log_spectrogram`), titled with the clip's label.

    Examples
    --------
    >>> fig = waveform_and_spectrogram(np.zeros(16000), np.ones((124, 129, 1)), 'yes')
    >>> fig.axes[0].get_title()
    'Waveform: yes'
    """
    fig, (top, bottom) = _plt().subplots(2, figsize=(8, 6))
    waveform(y, sample_rate=sample_rate, title=f"{t('plots.waveform')}: {_label(label)}", ax=top)
    log_spectrogram(spectrogram, ax=bottom)
    fig.tight_layout()
    return fig


def training_curves(history):
    """Loss and accuracy per epoch, training against validation, side by side.

    ``history`` is a Keras ``History`` or its ``.history`` dict: ``loss`` and
    ``accuracy``, and ``val_loss`` and ``val_accuracy`` when there are any.

    Examples
    --------
    >>> fig = training_curves({'loss': [1.0, 0.5], 'accuracy': [0.4, 0.8]})
    >>> [ax.get_title() for ax in fig.axes]
    ['Loss', 'Accuracy']
    """
    metrics = getattr(history, "history", history)
    epochs = np.arange(1, len(metrics["loss"]) + 1)
    fig, (left, right) = _plt().subplots(1, 2, figsize=(11, 4))
    for ax, key, name in ((left, "loss", t("plots.loss")), (right, "accuracy", t("plots.accuracy"))):
        ax.plot(epochs, metrics[key], "o-", label=t("plots.train"))
        if f"val_{key}" in metrics:
            ax.plot(epochs, metrics[f"val_{key}"], "o-", label=t("plots.validation"))
        ax.set_xlabel(t("plots.epoch"))
        ax.set_ylabel(name)
        ax.set_title(name)
        ax.legend()
    right.set_ylim(0, 1.02)
    fig.tight_layout()
    return fig


def confusion_heatmap(matrix, label_names, *, title=None):
    """An annotated heatmap of a confusion matrix (rows: true label, columns: predicted).

    Examples
    --------
    >>> fig = confusion_heatmap([[3, 1], [0, 4]], ['no', 'yes'])
    >>> fig.axes[0].get_title(), sorted(int(text.get_text()) for text in fig.axes[0].texts)
    ('Confusion matrix', [0, 1, 3, 4])
    """
    import seaborn as sns

    names = [_label(n) for n in label_names]
    fig, ax = _plt().subplots(figsize=(1 + 0.8 * len(names), 0.8 + 0.7 * len(names)))
    sns.heatmap(np.asarray(matrix), xticklabels=names, yticklabels=names, annot=True, fmt="g",
                cmap="Blues", cbar=False, ax=ax)
    ax.set_xlabel(t("plots.predicted_label"))
    ax.set_ylabel(t("plots.true_label"))
    ax.set_title(title or t("plots.confusion"))
    fig.tight_layout()
    return fig


def score_bars(scores, label_names, *, name: str = "", highlight: bool = True):
    """Bar chart of one clip's score per class, in the given order; the winning bar is highlighted.

    ``name`` goes into the title; ``highlight=False`` draws every bar alike.

    Raises
    ------
    ParameterError
        When there are not as many scores as labels: the bars would be
        misnamed.

    Examples
    --------
    >>> fig = score_bars([0.2, 0.8], ['no', 'yes'], name='clip.wav')
    >>> fig.axes[0].get_title(), [float(bar.get_height()) for bar in fig.axes[0].patches]
    ('Scores for clip.wav', [0.2, 0.8])
    """
    scores = np.asarray(scores, dtype=float).ravel()
    names = [_label(n) for n in label_names]
    checks.same_length(scores, names, "scores", "label_names")
    fig, ax = _plt().subplots(figsize=(7, 3.2))
    colours = ["tab:blue"] * len(names)
    if highlight:
        colours[int(np.argmax(scores))] = "tab:orange"
    ax.bar(names, scores, color=colours)
    ax.set_ylim(0, max(1.0, float(scores.max()) * 1.05))
    ax.set_ylabel(t("plots.probability"))
    ax.set_title(t("plots.scores", name=name))
    fig.tight_layout()
    return fig


def log_mel(log_mel_spectrogram, ax=None, *, title=None):
    """Draw log-mel energies ``[frames, n_mels]`` with time on the x axis.

    Examples
    --------
    >>> fig = log_mel(np.zeros((98, 40)))
    >>> fig.axes[0].get_ylabel()
    'Mel band'
    """
    values = np.asarray(log_mel_spectrogram)
    ax = _axes(ax, (7, 3.2))
    image = ax.imshow(values.T, origin="lower", aspect="auto", interpolation="nearest")
    ax.set_xlabel(t("plots.frame"))
    ax.set_ylabel(t("plots.mel_band"))
    ax.set_title(title or t("plots.log_mel"))
    ax.figure.colorbar(image, ax=ax)
    return ax.figure


def score_heatmap(scores, class_names, frame_times=None, *, top: int | None = None, ax=None,
                  title=None):
    """Scores ``[frames, classes]`` as a heatmap: classes as rows, time on the x axis.

    Parameters
    ----------
    scores : array_like
        One row of class scores per frame.
    class_names : sequence of str
        One name per column of ``scores``.
    frame_times : array_like, optional
        Start of each frame in seconds (default: YAMNet's, every 0.48 s). Each
        column is drawn over the middle 0.48 s of its 0.96 s patch.
    top : int, optional
        Show only the ``top`` classes with the highest mean score, best first.

    Examples
    --------
    >>> fig = score_heatmap(np.eye(3), ["a", "b", "c"], [0.0, 0.48, 0.96])
    >>> [label.get_text() for label in fig.axes[0].get_yticklabels()]
    ['a', 'b', 'c']
    >>> best_two = score_heatmap(np.eye(3) * [1, 2, 3], "abc", top=2)
    >>> [label.get_text() for label in best_two.axes[0].get_yticklabels()]
    ['c', 'b']
    """
    scores = np.asarray(scores, dtype=float)
    names = [_label(n) for n in class_names]
    order = np.argsort(scores.mean(axis=0))[::-1][:top] if top else np.arange(len(names))
    times = np.arange(scores.shape[0]) * _HOP_S if frame_times is None else np.asarray(frame_times)
    ax = _axes(ax, (9, 0.5 + 0.32 * len(order)))
    margin = (_PATCH_S - _HOP_S) / 2
    image = ax.imshow(scores[:, order].T, aspect="auto", interpolation="nearest", cmap="magma",
                      vmin=0, vmax=max(1.0, float(scores.max())),
                      extent=(times[0] + margin, times[-1] + margin + _HOP_S, len(order) - 0.5, -0.5))
    ax.set_yticks(range(len(order)), [names[i] for i in order])
    ax.set_xlabel(t("plots.time_s"))
    ax.set_title(title or t("plots.class_scores"))
    ax.figure.colorbar(image, ax=ax, pad=0.01)
    return ax.figure


def yamnet_overview(y, result, *, top: int = 10, sample_rate: int = SAMPLE_RATE):
    """Waveform, YAMNet's log-mel and the ``top`` classes' scores over time, on one time axis.

    ``result`` is what a YAMNet model returns for the waveform ``y``: it has
    ``log_mel`` ``[frames, 64]`` (every 10 ms), ``scores``, ``class_names`` and
    ``frame_times``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> result = SimpleNamespace(log_mel=np.zeros((300, 64)), scores=np.eye(5, 3), class_names=["a", "b", "c"],
    ...                          frame_times=np.arange(5) * 0.48)
    >>> [ax.get_title() for ax in yamnet_overview(np.zeros(48000), result, top=2).axes[:3]]
    ['Waveform', 'Log-mel spectrogram', 'Class scores over time']
    """
    seconds = np.asarray(y).size / sample_rate
    fig, (wave_ax, mel_ax, score_ax) = _plt().subplots(
        3, 1, figsize=(10, 8), gridspec_kw={"height_ratios": [1, 1.3, 2]})
    waveform(y, sample_rate=sample_rate, ax=wave_ax)
    wave_ax.set_xlabel("")
    mel_ax.imshow(np.asarray(result.log_mel).T, origin="lower", aspect="auto", interpolation="nearest",
                  extent=(0, result.log_mel.shape[0] * 0.01, -0.5, result.log_mel.shape[1] - 0.5))
    mel_ax.set_ylabel(t("plots.mel_band"))
    mel_ax.set_title(t("plots.log_mel"))
    score_heatmap(result.scores, result.class_names, result.frame_times, top=top, ax=score_ax)
    for ax in (mel_ax, score_ax):
        ax.set_xlim(0, seconds)
    fig.tight_layout()
    return fig


def waveform(y, *, sample_rate: int = SAMPLE_RATE, title=None, ax=None):
    """One waveform against time in seconds.

    Examples
    --------
    >>> fig = waveform(np.zeros(1600), title="x")
    >>> fig.axes[0].get_title(), [float(limit) for limit in fig.axes[0].get_xlim()]
    ('x', [0.0, 0.1])
    """
    y = np.asarray(y)
    ax = _axes(ax, (9, 2.2))
    ax.plot(np.arange(y.size) / sample_rate, y, linewidth=0.5)
    ax.set_xlim(0, y.size / sample_rate)
    ax.set_xlabel(t("plots.time_s"))
    ax.set_ylabel(t("plots.amplitude"))
    ax.set_title(title or t("plots.waveform"))
    ax.figure.tight_layout()
    return ax.figure


def clip_frames(y, frame_scores, class_names, *, sample_rate: int = SAMPLE_RATE, title=None):
    """A clip's waveform above a head's per-frame class probabilities ``[frames, classes]``.

    Examples
    --------
    >>> fig = clip_frames(np.zeros(80000), np.full((9, 2), 0.5), ["alarm", "drops"], title="clip")
    >>> fig.axes[0].get_title(), fig.axes[1].get_title()
    ('clip', 'Probability of each class, frame by frame')
    """
    fig, (top, bottom) = _plt().subplots(2, 1, figsize=(10, 4.5), gridspec_kw={"height_ratios": [1, 1.2]})
    waveform(y, sample_rate=sample_rate, title=title, ax=top)
    top.set_xlabel("")
    score_heatmap(frame_scores, class_names, ax=bottom, title=t("plots.frame_probabilities"))
    bottom.set_xlim(0, np.asarray(y).size / sample_rate)
    fig.tight_layout()
    return fig


def topk_bars(table, *, title=None, ax=None):
    """Horizontal bars of a top-k table (columns ``label`` and ``score``), best on top.

    ``table`` is a :class:`~kwscourse.results.Ranking` (a stand-in's gets "[synthetic
    stand-in]" in its title) or a plain DataFrame with those columns.

    Examples
    --------
    >>> import pandas as pd
    >>> fig = topk_bars(pd.DataFrame({"label": ["jazz", "blues"], "score": [0.7, 0.2]}))
    >>> [label.get_text() for label in fig.axes[0].get_yticklabels()]
    ['jazz', 'blues']
    """
    stand_in = bool(getattr(table, "stand_in", False))
    table = getattr(table, "table", table)
    ax = _axes(ax, (7, 0.6 + 0.4 * len(table)))
    ax.barh(range(len(table)), table["score"], color="tab:blue")
    ax.set_yticks(range(len(table)), [str(label) for label in table["label"]])
    ax.invert_yaxis()
    ax.set_xlim(0, max(1.0, float(table["score"].max())))
    ax.set_xlabel(t("plots.score"))
    suffix = t("plots.stand_in_suffix") if stand_in else ""
    ax.set_title((title or t("plots.top_labels")) + suffix)
    ax.figure.tight_layout()
    return ax.figure


def feature_views(y, *, sample_rate: int = SAMPLE_RATE, title=None):
    """One clip three ways with librosa: log spectrogram, MFCCs and chroma, time on the x axis.

    Examples
    --------
    >>> tone = np.sin(2 * np.pi * 440 * np.arange(SAMPLE_RATE) / SAMPLE_RATE).astype("float32")
    >>> [ax.get_title() for ax in feature_views(tone).axes[:3]]
    ['Spectrogram (log scale)', 'MFCC', 'Chroma']
    """
    import librosa
    import librosa.display

    y = np.asarray(y, dtype=np.float32)
    fig, axes = _plt().subplots(3, 1, figsize=(10, 8), sharex=True)
    spec = librosa.amplitude_to_db(np.abs(librosa.stft(y, n_fft=1024, hop_length=256)), ref=np.max)
    views = [
        (spec, "log", t("plots.spectrogram")),
        (librosa.feature.mfcc(y=y, sr=sample_rate, n_mfcc=20, hop_length=256), None, "MFCC"),
        (librosa.feature.chroma_stft(y=y, sr=sample_rate, n_fft=1024, hop_length=256), "chroma", t("plots.chroma")),
    ]
    for ax, (values, y_axis, name) in zip(axes, views):
        image = librosa.display.specshow(values, sr=sample_rate, hop_length=256, x_axis="time",
                                         y_axis=y_axis, ax=ax)
        ax.set_title(name)
        ax.set_xlabel(t("plots.time_s"))
        fig.colorbar(image, ax=ax, pad=0.01)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def learning_curve(rows, *, title=None, ax=None):
    """Accuracy against training clips per word, one line per recipe, clips on a log scale.

    ``rows`` are dicts with ``per_word``, ``recipe`` ("embedding" or "tutorial")
    and ``accuracy``, as :func:`kwscourse.kws.recipes.learning_curve` returns.

    Examples
    --------
    >>> fig = learning_curve([{"per_word": 5, "recipe": "embedding", "accuracy": 0.8},
    ...                       {"per_word": 10, "recipe": "embedding", "accuracy": 0.9}])
    >>> fig.axes[0].get_xlabel(), fig.axes[0].lines[0].get_ydata().tolist()
    ('Training clips per word', [0.8, 0.9])
    """
    ax = _axes(ax, (6, 3.5))
    for recipe in dict.fromkeys(r["recipe"] for r in rows):
        points = sorted((r["per_word"], r["accuracy"]) for r in rows if r["recipe"] == recipe)
        ax.plot(*zip(*points), marker="o", label=t(f"plots.recipe_{recipe}"))
    ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(t("plots.clips_per_word"))
    ax.set_ylabel(t("plots.accuracy"))
    ax.set_title(title or t("plots.learning_curve"))
    ax.legend()
    ax.figure.tight_layout()
    return ax.figure
