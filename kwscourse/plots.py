"""Plots for the lessons, with titles and axis labels in the current language.

Every function draws with matplotlib (seaborn for heatmaps) and returns the
``Figure`` so notebooks can show it and tests can inspect it::

    >>> import numpy as np
    >>> fig = waveform_grid(np.zeros((4, 1600), dtype="float32"), ["a", "b", "c", "d"], rows=2, cols=2)
    >>> len(fig.axes)
    4
"""

from __future__ import annotations

import numpy as np

from .i18n import t


def _plt():
    # Imported on first use: pyplot costs ~0.3 s and `import kwscourse` must stay fast.
    import matplotlib.pyplot as plt

    return plt


def _label(name) -> str:
    return name.decode() if isinstance(name, bytes) else str(name)


def waveform_grid(waveforms, labels, *, rows: int = 3, cols: int = 3, sample_rate: int = 16000,
                  stand_in: bool = False):
    """A ``rows`` x ``cols`` grid of waveforms, each titled with its label.

    The y axis is fixed to [-1.1, 1.1] so loud and quiet clips compare fairly.

    >>> fig = waveform_grid(np.zeros((2, 160)), ['yes', 'no'], rows=1, cols=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['yes', 'no']
    """
    plt = _plt()
    waveforms = np.asarray(waveforms)
    count = min(rows * cols, len(waveforms))
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
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
    """Draw a magnitude spectrogram ``[frames, bins(, 1)]`` on a log scale, time on the x axis.

    >>> fig = log_spectrogram(np.ones((124, 129, 1)))
    >>> fig.axes[0].get_xlabel()
    'Time (frames)'
    """
    plt = _plt()
    spec = np.asarray(spectrogram)
    if spec.ndim == 3:
        spec = spec[..., 0]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    # Transpose so time runs left to right; eps avoids log(0) on digital silence.
    log_spec = np.log(spec.T + np.finfo(float).eps)
    mesh = ax.pcolormesh(np.arange(spec.shape[0]), np.arange(spec.shape[1]), log_spec, shading="auto")
    ax.set_xlabel(t("plots.frame"))
    ax.set_ylabel(t("plots.frequency_bin"))
    ax.set_title(title or t("plots.spectrogram"))
    ax.figure.colorbar(mesh, ax=ax)
    return ax.figure


def waveform_and_spectrogram(waveform, spectrogram, label, *, sample_rate: int = 16000):
    """The waveform above its log spectrogram, sharing the clip's label as title.

    >>> fig = waveform_and_spectrogram(np.zeros(16000), np.ones((124, 129, 1)), 'yes')
    >>> fig.axes[0].get_title()
    'Waveform: yes'
    """
    plt = _plt()
    fig, (top, bottom) = plt.subplots(2, figsize=(8, 6))
    y = np.asarray(waveform)
    top.plot(np.arange(y.size) / sample_rate, y, linewidth=0.6)
    top.set_title(f"{t('plots.waveform')}: {_label(label)}")
    top.set_xlabel(t("plots.time_s"))
    top.set_xlim(0, y.size / sample_rate)
    log_spectrogram(spectrogram, ax=bottom)
    fig.tight_layout()
    return fig


def training_curves(history):
    """Loss and accuracy per epoch, training vs validation, side by side.

    ``history`` is a Keras ``History`` or its ``.history`` dict.

    >>> fig = training_curves({'loss': [1.0, 0.5], 'accuracy': [0.4, 0.8]})
    >>> [ax.get_title() for ax in fig.axes]
    ['Loss', 'Accuracy']
    """
    plt = _plt()
    metrics = getattr(history, "history", history)
    epochs = np.arange(1, len(metrics["loss"]) + 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
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

    >>> fig = confusion_heatmap([[3, 1], [0, 4]], ['no', 'yes'])
    >>> fig.axes[0].get_title()
    'Confusion matrix'
    """
    import seaborn as sns

    plt = _plt()
    names = [_label(n) for n in label_names]
    fig, ax = plt.subplots(figsize=(1 + 0.8 * len(names), 0.8 + 0.7 * len(names)))
    sns.heatmap(np.asarray(matrix), xticklabels=names, yticklabels=names, annot=True, fmt="g",
                cmap="Blues", cbar=False, ax=ax)
    ax.set_xlabel(t("plots.predicted_label"))
    ax.set_ylabel(t("plots.true_label"))
    ax.set_title(title or t("plots.confusion"))
    fig.tight_layout()
    return fig


def score_bars(scores, label_names, *, name: str = "", highlight: bool = True):
    """Bar chart of one clip's scores per class; the winning bar is highlighted.

    >>> fig = score_bars([0.2, 0.8], ['no', 'yes'], name='clip.wav')
    >>> fig.axes[0].get_title()
    'Scores for clip.wav'
    """
    plt = _plt()
    scores = np.asarray(scores, dtype=float).ravel()
    names = [_label(n) for n in label_names]
    if scores.size != len(names):
        raise ValueError(f"{scores.size} scores for {len(names)} labels")
    fig, ax = plt.subplots(figsize=(7, 3.2))
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

    >>> fig = log_mel(np.zeros((98, 40)))
    >>> fig.axes[0].get_ylabel()
    'Mel band'
    """
    plt = _plt()
    values = np.asarray(log_mel_spectrogram)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    image = ax.imshow(values.T, origin="lower", aspect="auto", interpolation="nearest")
    ax.set_xlabel(t("plots.frame"))
    ax.set_ylabel(t("plots.mel_band"))
    ax.set_title(title or t("plots.log_mel"))
    ax.figure.colorbar(image, ax=ax)
    return ax.figure
