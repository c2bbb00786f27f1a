"""Pictures that explain signal processing (lesson 1) and YAMNet's framing (lesson 2).

Every function draws with matplotlib, labels in the current language and
returns the ``Figure``. The numbers written on the figures come from the code
that does the work: :func:`kwscourse.kws.features.spectrogram` for lesson 1's STFT,
:mod:`kwscourse.yamnet.frontend` for YAMNet's mel bands, frames and patches.

    >>> fig = yamnet_pipeline()
    >>> sum(type(p).__name__ == "FancyArrowPatch" for p in fig.axes[0].patches)
    6
"""

from __future__ import annotations

from itertools import zip_longest

import numpy as np

from . import plots
from ..yamnet import frontend
from ..audio.waveform import SAMPLE_RATE
from ..i18n import t

#: ``(frame_length, frame_step)`` in samples: a short window, lesson 1's, a long one.
WINDOW_HOPS = ((64, 32), (255, 128), (1024, 512))


def _plt():
    # Imported on first use, as in kwscourse.ui.plots: `import kwscourse` must stay fast.
    import matplotlib.pyplot as plt

    return plt


def fft_and_stft(y, spectrogram, *, label=None, sample_rate: int = SAMPLE_RATE):
    """One clip three ways, side by side: waveform, FFT of the whole clip, STFT.

    The FFT says which frequencies the clip holds but not when they sound; the
    STFT (``spectrogram``, ``[frames, bins]`` or ``[frames, bins, 1]``, drawn by
    :func:`kwscourse.ui.plots.log_spectrogram`) keeps time on its x axis.

    Examples
    --------
    >>> fig = fft_and_stft(np.ones(16000), np.ones((124, 129, 1)), label="yes")
    >>> fig.axes[1].get_xlabel(), float(fig.axes[1].lines[0].get_xdata()[-1])
    ('Frequency (Hz)', 8000.0)
    """
    y = np.asarray(y, dtype=np.float64).ravel()
    fig, (wave_ax, fft_ax, stft_ax) = _plt().subplots(
        1, 3, figsize=(16, 3.8), gridspec_kw={"width_ratios": [1, 1, 1.25]})
    plots.waveform(y, sample_rate=sample_rate, ax=wave_ax)
    magnitude = np.abs(np.fft.rfft(y))
    fft_ax.semilogy(np.fft.rfftfreq(y.size, d=1 / sample_rate), magnitude + np.finfo(float).eps,
                    linewidth=0.5)
    fft_ax.set_xlabel(t("signal_diagrams.frequency_hz"))
    fft_ax.set_ylabel(t("signal_diagrams.magnitude"))
    fft_ax.set_title(t("signal_diagrams.fft_title"))
    plots.log_spectrogram(spectrogram, ax=stft_ax, title=t("signal_diagrams.stft_title"))
    if label is not None:
        fig.suptitle(plots._label(label))
    fig.tight_layout()
    return fig


def window_and_hop(y, settings=WINDOW_HOPS, *, sample_rate: int = SAMPLE_RATE):
    """The same clip's STFT with several window lengths and hops, frames and bins in each title.

    ``settings`` are ``(frame_length, frame_step)`` pairs in samples; each STFT is
    :func:`kwscourse.kws.features.spectrogram` (TensorFlow), the lesson's own.

    Examples
    --------
    >>> fig = window_and_hop(np.zeros(16000, "float32"), [(255, 128)])
    >>> fig.axes[0].get_title().splitlines()[1]
    '124 frames × 129 frequency bins'
    """
    from ..kws import features

    y = np.asarray(y, dtype=np.float32)
    fig, axes = _plt().subplots(1, len(settings), figsize=(5.2 * len(settings), 3.9), squeeze=False)
    for ax, (length, step) in zip(axes.flat, settings):
        spec = np.asarray(features.spectrogram(y, frame_length=length, frame_step=step))
        title = t("signal_diagrams.window_hop", window=length, hop=step,
                  window_ms=1000 * length / sample_rate, hop_ms=1000 * step / sample_rate,
                  frames=spec.shape[0], bins=spec.shape[1])
        plots.log_spectrogram(spec, ax=ax, title=title)
    fig.tight_layout()
    return fig


def word_spectrograms(spectrograms, labels, *, rows: int = 3, cols: int = 3):
    """A ``rows`` x ``cols`` grid of log spectrograms, the first clip of each word, words in alphabetical order.

    ``spectrograms`` is a batch ``[clips, frames, bins(, 1)]`` and ``labels``
    names each clip; panels left over are blank.

    Examples
    --------
    >>> fig = word_spectrograms(np.ones((3, 124, 129, 1)), ["yes", "no", "yes"], rows=1, cols=3)
    >>> [ax.get_title() for ax in fig.axes[:3]]
    ['no', 'yes', '']
    """
    specs = np.asarray(spectrograms)
    names = [plots._label(label) for label in labels]
    words = sorted(set(names))[:rows * cols]
    fig, axes = _plt().subplots(rows, cols, figsize=(4.4 * cols, 3.1 * rows), squeeze=False)
    for ax, word in zip_longest(axes.flat, words):
        if word is None:
            ax.axis("off")
            continue
        plots.log_spectrogram(specs[names.index(word)], ax=ax, title=word)
    fig.tight_layout()
    return fig


def mel_filterbank():
    """YAMNet's 64 triangular mel filters over the 257 FFT bins, as :func:`~kwscourse.yamnet.frontend.mel_matrix` makes them.

    One line per mel band against frequency in hertz; dashed lines mark the
    lowest and highest edges, 125 and 7500 Hz.

    Examples
    --------
    >>> fig = mel_filterbank()
    >>> len(fig.axes[0].lines), fig.axes[0].lines[0].get_xdata().size
    (66, 257)
    """
    weights = frontend.mel_matrix()
    freqs = np.linspace(0.0, SAMPLE_RATE / 2, weights.shape[0])
    fig, ax = _plt().subplots(figsize=(11, 3.8))
    ax.plot(freqs, weights, linewidth=0.8)
    for edge in (frontend.MEL_MIN_HZ, frontend.MEL_MAX_HZ):
        ax.axvline(edge, color="grey", linestyle="--", linewidth=0.8)
    ax.set_xlim(0, SAMPLE_RATE / 2)
    ax.set_xlabel(t("signal_diagrams.frequency_hz"))
    ax.set_ylabel(t("signal_diagrams.weight"))
    ax.set_title(t("signal_diagrams.mel_title", bands=weights.shape[1], low=frontend.MEL_MIN_HZ,
                   high=frontend.MEL_MAX_HZ, bins=weights.shape[0]))
    fig.tight_layout()
    return fig


def _draw_stft_frames(ax, count: int = 6):
    """The first ``count`` STFT frames of YAMNet's front end, in milliseconds."""
    window_ms = 1000 * frontend.STFT_WINDOW / SAMPLE_RATE
    hop_ms = 1000 * frontend.STFT_HOP / SAMPLE_RATE
    ax.barh(range(count), window_ms, left=np.arange(count) * hop_ms, height=0.6, color="tab:blue")
    ax.invert_yaxis()
    ax.set_yticks(range(count))
    ax.set_xlabel(t("signal_diagrams.time_ms"))
    ax.set_ylabel(t("signal_diagrams.frame"))
    ax.set_title(t("signal_diagrams.frames_title", window_ms=window_ms, hop_ms=hop_ms,
                   per_patch=frontend.PATCH_FRAMES,
                   patch_s=frontend.PATCH_FRAMES * frontend.STFT_HOP / SAMPLE_RATE))


def _draw_patches(ax, samples: int):
    """The patches YAMNet cuts from ``samples`` samples, over the clip and its zero padding."""
    count = frontend.frame_count(samples)
    padded = frontend.pad_waveform(np.zeros(samples, np.float32)).size
    ax.axvspan(0, samples / SAMPLE_RATE, color="tab:green", alpha=0.15, label=t("signal_diagrams.clip"))
    if padded > samples:
        ax.axvspan(samples / SAMPLE_RATE, padded / SAMPLE_RATE, color="grey", alpha=0.25,
                   hatch="//", label=t("signal_diagrams.padding"))
    ax.barh(range(count), frontend.WINDOW / SAMPLE_RATE, left=np.arange(count) * frontend.HOP / SAMPLE_RATE,
            height=0.6, color="tab:orange")
    ax.invert_yaxis()
    ax.set_yticks(range(count))
    ax.set_xlabel(t("plots.time_s"))
    ax.set_ylabel(t("signal_diagrams.patch"))
    ax.legend(loc="upper right")
    ax.set_title(t("signal_diagrams.patches_title", seconds=samples / SAMPLE_RATE, count=count,
                   window=frontend.WINDOW, hop_s=frontend.HOP / SAMPLE_RATE))


def _draw_patch_counts(ax, samples: int):
    """How many patches, so rows of scores, a clip gives against its length, up to 5 s or more."""
    longest = max(5 * SAMPLE_RATE, samples + SAMPLE_RATE)
    lengths = np.arange(0, longest + 1, SAMPLE_RATE // 1000)  # one point a millisecond
    ax.plot(lengths / SAMPLE_RATE, [frontend.frame_count(int(n)) for n in lengths], drawstyle="steps-post")
    ax.plot([samples / SAMPLE_RATE], [frontend.frame_count(samples)], "o", color="tab:orange")
    ax.set_xlabel(t("signal_diagrams.clip_length_s"))
    ax.set_ylabel(t("signal_diagrams.patches"))
    ax.set_title(t("signal_diagrams.counts_title"))
    ax.grid(alpha=0.3)


def yamnet_framing(seconds: float = 3.0):
    """YAMNet's framing for a clip of ``seconds``: STFT frames, patches, and patches against clip length.

    Top: 25 ms frames every 10 ms. Middle: 0.96 s patches every 0.48 s over the
    clip, padded with zeros as YAMNet pads it. Bottom: how many patches (one row
    of 521 scores each) any clip length gives. The counts are
    :func:`kwscourse.yamnet.frontend.frame_count`'s.

    Examples
    --------
    >>> fig = yamnet_framing(3.0)
    >>> len(fig.axes[1].containers[0])  # one bar per patch
    6
    """
    samples = int(round(seconds * SAMPLE_RATE))
    fig, (frame_ax, patch_ax, count_ax) = _plt().subplots(
        3, 1, figsize=(10, 9), gridspec_kw={"height_ratios": [1, 1.4, 1.2]})
    _draw_stft_frames(frame_ax)
    _draw_patches(patch_ax, samples)
    _draw_patch_counts(count_ax, samples)
    fig.tight_layout()
    return fig


def _pipeline_steps():
    """The text of each box of :func:`yamnet_pipeline`, numbers from :mod:`kwscourse.yamnet.frontend`."""
    return [
        t("signal_diagrams.pipe_waveform", rate=SAMPLE_RATE // 1000),
        t("signal_diagrams.pipe_stft", window_ms=1000 * frontend.STFT_WINDOW / SAMPLE_RATE,
          hop_ms=1000 * frontend.STFT_HOP / SAMPLE_RATE, bins=frontend.FFT_LENGTH // 2 + 1),
        t("signal_diagrams.pipe_log_mel", bands=frontend.MEL_BANDS, offset=frontend.LOG_OFFSET),
        t("signal_diagrams.pipe_patches", frames=frontend.PATCH_FRAMES, bands=frontend.MEL_BANDS,
          hop_s=frontend.HOP / SAMPLE_RATE),
        t("signal_diagrams.pipe_network"),
    ]


def _box(ax, x, y, text, colour):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x - 0.95, y - 0.6), 1.9, 1.2, boxstyle="round,pad=0.05",
                                facecolor=colour, edgecolor="black", linewidth=0.8))
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5)


def _arrow(ax, start, end):
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, linewidth=1))


def yamnet_pipeline():
    """YAMNet from waveform to outputs, as boxes and arrows: waveform, STFT, log-mel, patches, MobileNet, then 521 scores and a 1024-D embedding per patch.

    Examples
    --------
    >>> texts = [text.get_text() for text in yamnet_pipeline().axes[0].texts]
    >>> texts[-2].splitlines()[0]
    '521 scores'
    """
    fig, ax = _plt().subplots(figsize=(14, 3.6))
    steps = _pipeline_steps()
    for i, text in enumerate(steps):
        _box(ax, 2.5 * i, 0, text, "tab:orange" if i == len(steps) - 1 else "#dbe9f6")
        if i:
            _arrow(ax, (2.5 * i - 1.55, 0), (2.5 * i - 0.95, 0))
    network_x, out_x = 2.5 * (len(steps) - 1), 2.5 * len(steps) + 0.4
    outputs = [t("signal_diagrams.pipe_scores", classes=frontend.NUM_CLASSES),
               t("signal_diagrams.pipe_embedding", size=frontend.EMBEDDING_SIZE)]
    for y, text in zip((0.75, -0.75), outputs):
        _box(ax, out_x, y, text, "#e3f1e0")
        _arrow(ax, (network_x + 0.95, 0), (out_x - 0.95, y))
    ax.set_xlim(-1.1, out_x + 1.1)
    ax.set_ylim(-1.5, 1.5)
    ax.axis("off")
    ax.set_title(t("signal_diagrams.pipe_title"))
    fig.tight_layout()
    return fig
