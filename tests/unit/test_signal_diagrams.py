"""Lesson 1 and 2 diagrams draw the numbers of the code they explain, labelled in the current language."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from kwscourse import signal_diagrams as diagrams  # noqa: E402
from signals import tone  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def two_tones():
    """1 kHz for the first half second, then a quieter 3 kHz."""
    return np.concatenate([tone(1000, 0.5, amplitude=0.5), tone(3000, 0.5, amplitude=0.3)])


def test_fft_loses_time_where_the_stft_keeps_it(spanish):
    y = two_tones()
    spectrogram = np.zeros((124, 129, 1), np.float32)
    spectrogram[:62, 16] = 1.0  # 1 kHz is bin 16 of 129 (62.5 Hz apart)
    fig = diagrams.fft_and_stft(y, spectrogram, label="yes")
    fft_ax, stft_ax = fig.axes[1], fig.axes[2]
    freqs, magnitude = fft_ax.lines[0].get_xdata(), fft_ax.lines[0].get_ydata()
    assert freqs.size == 8001 and freqs[-1] == 8000.0  # one point a hertz for one second
    assert freqs[np.argmax(magnitude)] == 1000.0
    assert freqs[2500 + np.argmax(magnitude[2500:])] == 3000.0
    assert fft_ax.get_title() == "FFT del clip entero: qué frecuencias, pero no cuándo"
    assert fft_ax.get_xlabel() == "Frecuencia (Hz)"
    assert stft_ax.get_title().startswith("STFT: las frecuencias de cada trama")
    assert stft_ax.collections[0].get_array().shape == (129, 124)
    assert fig._suptitle.get_text() == "yes"


def test_window_and_hop_write_the_frames_and_bins_of_each_stft(spanish):
    fig = diagrams.window_and_hop(two_tones(), [(255, 128), (1024, 512)])
    lesson, long_window = fig.axes[:2]  # the colour bars come after the panels
    assert lesson.get_title() == ("ventana 255 (15.9 ms), salto 128 (8.0 ms)\n"
                                  "124 tramas × 129 bins de frecuencia")
    assert lesson.collections[0].get_array().shape == (129, 124)
    assert long_window.get_title().splitlines()[1] == "30 tramas × 513 bins de frecuencia"
    assert long_window.collections[0].get_array().shape == (513, 30)


def test_word_spectrograms_show_the_first_clip_of_each_word_alphabetically():
    batch = np.stack([np.full((124, 129, 1), value, np.float32) for value in (1, 2, 3, 4)])
    fig = diagrams.word_spectrograms(batch, ["yes", b"no", "yes", "go"], rows=1, cols=4)
    panels = [ax for ax in fig.axes if ax.collections]  # colour bars carry no title
    titles = [ax.get_title() for ax in panels if ax.get_title()]
    assert titles == ["go", "no", "yes"]
    yes = panels[titles.index("yes")].collections[0].get_array()
    assert np.allclose(yes, np.log(1.0 + np.finfo(float).eps))  # the first "yes", not the second
    assert not fig.axes[3].axison  # a fourth panel, nothing to show


def test_word_spectrograms_keep_to_the_grid():
    words = ["down", "go", "left", "no", "right", "stop", "up", "yes", "zero", "one"]
    fig = diagrams.word_spectrograms(np.ones((10, 124, 129)), words)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == sorted(words)[:9]


def test_mel_filterbank_draws_yamnets_64_bands(spanish):
    ax = diagrams.mel_filterbank().axes[0]
    bands = ax.lines[:64]
    peaks = [float(line.get_xdata()[np.argmax(line.get_ydata())]) for line in bands]
    assert (peaks[0], peaks[19], peaks[63]) == (156.25, 968.75, 7218.75)
    assert np.all(np.diff(peaks) >= 0)
    widths = [int(np.count_nonzero(line.get_ydata())) for line in bands]
    assert (widths[0], widths[63]) == (1, 17)  # narrow low, wide high
    assert [line.get_xdata()[0] for line in ax.lines[64:]] == [125.0, 7500.0]
    assert ax.get_title().startswith("64 bandas mel (HTK), de 125 a 7500 Hz, sobre los 257 bins de frecuencia")


def test_yamnet_framing_counts_patches_as_yamnet_does(spanish):
    fig = diagrams.yamnet_framing(3.0)
    frames_ax, patches_ax, counts_ax = fig.axes
    frames = frames_ax.containers[0]
    assert [bar.get_x() for bar in frames] == pytest.approx([0, 10, 20, 30, 40, 50])
    assert {round(bar.get_width(), 6) for bar in frames} == {25.0}
    patches = patches_ax.containers[0]
    assert [bar.get_x() for bar in patches] == pytest.approx([0, 0.48, 0.96, 1.44, 1.92, 2.4])
    assert {round(bar.get_width(), 6) for bar in patches} == {0.975}
    assert patches_ax.get_title().startswith("Un clip de 3 s da 6 parches (15600 muestras cada uno")
    seconds, counts = counts_ax.lines[0].get_xdata(), counts_ax.lines[0].get_ydata()
    at = dict(zip(np.round(seconds, 3), counts))
    assert (at[0.975], at[0.976], at[1.0], at[1.455], at[1.456]) == (1, 2, 2, 2, 3)
    assert (counts_ax.lines[1].get_xdata()[0], counts_ax.lines[1].get_ydata()[0]) == (3.0, 6)


def test_a_short_clip_is_one_patch_padded_with_zeros():
    patches_ax = diagrams.yamnet_framing(0.5).axes[1]
    assert len(patches_ax.containers[0]) == 1
    legend = [text.get_text() for text in patches_ax.get_legend().get_texts()]
    assert legend == ["the clip", "zero padding"]
    assert patches_ax.get_title().startswith("A 0.5 s clip gives 1 patches")


def test_yamnet_pipeline_boxes_and_arrows(spanish):
    ax = diagrams.yamnet_pipeline().axes[0]
    assert sum(isinstance(p, FancyBboxPatch) for p in ax.patches) == 7
    assert sum(isinstance(p, FancyArrowPatch) for p in ax.patches) == 6
    texts = [text.get_text() for text in ax.texts]
    assert texts[0].startswith("Forma de onda\n16 kHz")
    assert "log(mel + 0.001)" in texts[2] and "64 bandas mel" in texts[2]
    assert texts[3] == "Parches\n96 tramas ×\n64 bandas\nuno cada 0.48 s"
    assert texts[-2:] == ["521 puntuaciones\npor parche\n(sigmoides)", "embedding:\n1024 números\npor parche"]
