"""Plots draw what they are given, with labels in the current language."""

from __future__ import annotations

import numpy as np
import pytest

from kwscourse.ui import plots
from kwscourse.i18n import ParameterError


def test_confusion_heatmap_is_annotated_and_localised(spanish):
    matrix = np.array([[5, 1], [2, 7]])
    fig = plots.confusion_heatmap(matrix, ["no", "yes"])
    ax = fig.axes[0]
    assert ax.get_title() == "Matriz de confusión"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Etiqueta predicha", "Etiqueta real")
    assert sorted(int(t.get_text()) for t in ax.texts) == [1, 2, 5, 7]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["no", "yes"]


def test_score_bars_highlight_the_winner_in_the_given_order():
    fig = plots.score_bars([0.1, 0.7, 0.2], ["down", "go", "left"], name="clip.wav")
    ax = fig.axes[0]
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == pytest.approx([0.1, 0.7, 0.2])
    colours = [bar.get_facecolor() for bar in ax.patches]
    assert colours[1] != colours[0] and colours[0] == colours[2]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["down", "go", "left"]
    assert ax.get_title() == "Scores for clip.wav"
    with pytest.raises(ParameterError) as err:
        plots.score_bars([0.5, 0.5], ["a", "b", "c"])
    assert str(err.value) == "scores and label_names must have the same length: 2 and 3."


def test_log_spectrogram_puts_time_on_x():
    spec = np.ones((124, 129, 1), dtype=np.float32)
    fig = plots.log_spectrogram(spec)
    mesh = fig.axes[0].collections[0]
    assert mesh.get_array().shape == (129, 124)  # rows: frequency, columns: time
    assert fig.axes[0].get_xlabel() == "Time (frames)"


def test_training_curves_plot_every_epoch(spanish):
    history = {"loss": [2.0, 1.5, 1.0], "val_loss": [2.1, 1.7, 1.4],
               "accuracy": [0.2, 0.5, 0.7], "val_accuracy": [0.2, 0.4, 0.6]}
    fig = plots.training_curves(history)
    loss_ax, acc_ax = fig.axes
    assert [list(line.get_ydata()) for line in loss_ax.lines] == [history["loss"], history["val_loss"]]
    assert loss_ax.get_title() == "Pérdida" and acc_ax.get_title() == "Exactitud"
    assert loss_ax.get_legend().get_texts()[1].get_text() == "validación"


def test_waveform_grid_marks_stand_in_data():
    fig = plots.waveform_grid(np.zeros((9, 160), np.float32), list("abcdefghi"), stand_in=True)
    assert "synthetic stand-in" in fig._suptitle.get_text()
    assert [ax.get_title() for ax in fig.axes] == list("abcdefghi")
