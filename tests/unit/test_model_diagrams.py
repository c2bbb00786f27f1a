"""The model diagrams draw the scores, windows and embeddings they are given, labelled in the course language."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from kwscourse.ui import model_diagrams
from kwscourse.i18n import ParameterError
from kwscourse.results import Ranking


def _lanes(ax):
    """The lane (0, 1, ...) of every window bar, from the top."""
    return [round(bar.get_y() + bar.get_height() / 2) for bar in ax.patches]


def test_softmax_bars_add_up_to_one_and_sigmoid_bars_do_not(spanish):
    fig = model_diagrams.softmax_vs_sigmoid([2.0, 1.0, -1.0], ["jazz", "rock", "pop"])
    ax = fig.axes[0]
    heights = [bar.get_height() for bar in ax.patches]
    exps = [math.exp(2.0), math.exp(1.0), math.exp(-1.0)]
    assert heights[:3] == pytest.approx([e / sum(exps) for e in exps])  # 0.705, 0.259, 0.035
    assert sum(heights[:3]) == pytest.approx(1.0)
    assert heights[3:] == pytest.approx([0.8808, 0.7311, 0.2689], abs=1e-4)
    assert sum(heights[3:]) == pytest.approx(1.8808, abs=1e-4)
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["softmax: suman 1.00", "sigmoide: suman 1.88"]
    assert ax.get_title() == "Los mismos logits, de dos maneras"
    assert [label.get_text() for label in ax.get_xticklabels()] == ["jazz", "rock", "pop"]
    with pytest.raises(ParameterError):
        model_diagrams.softmax_vs_sigmoid([1.0, 2.0], ["a", "b", "c"])


def test_streaming_timeline_shows_the_streams_windows_and_their_scores(spanish):
    rate = 100
    recording = np.concatenate([np.zeros(5 * rate), np.ones(5 * rate)])  # 5 s of silence, then 5 s of "tone"
    chunks = [recording[i:i + 64] for i in range(0, recording.size, 64)]
    fig = model_diagrams.streaming_timeline(chunks, lambda window: [1 - window.mean(), window.mean()],
                                            ["silence", "tone"], window_s=3.0, overlap=0.5, sample_rate=rate,
                                            stand_in=True)
    wave_ax, lane_ax, score_ax = fig.axes[:3]
    assert [bar.get_x() for bar in lane_ax.patches] == pytest.approx([0.0, 1.5, 3.0, 4.5, 6.0])
    assert [bar.get_width() for bar in lane_ax.patches] == pytest.approx([3.0] * 5)
    assert _lanes(lane_ax) == [0, 1, 0, 1, 0]  # two windows overlap at any time
    assert [text.get_text() for text in lane_ax.texts] == [
        "silence 1.00", "silence 1.00", "silence 0.67", "tone 0.83", "tone 1.00"]
    silence, tone = score_ax.lines
    assert list(tone.get_xdata()) == pytest.approx([1.5, 3.0, 4.5, 6.0, 7.5])  # the middle of each window
    assert list(tone.get_ydata()) == pytest.approx([0.0, 0.0, 1 / 3, 2.5 / 3, 1.0])
    assert list(silence.get_ydata()) == pytest.approx([1.0, 1.0, 2 / 3, 0.5 / 3, 0.0])
    assert lane_ax.get_title() == ("Ventanas de 3.00 s, una nueva cada 1.50 s (solape 0.5), "
                                   "con su clase más probable")
    assert wave_ax.get_title() == "El audio, según llega [sustituto sintético]"
    assert score_ax.get_xlabel() == "Tiempo (s)"


def test_streaming_timeline_without_overlap_uses_one_lane():
    fig = model_diagrams.streaming_timeline([np.zeros(700)], lambda window: [1.0], ["only"], window_s=2.0,
                                            sample_rate=100)
    lane_ax = fig.axes[1]
    assert [bar.get_x() for bar in lane_ax.patches] == pytest.approx([0.0, 2.0, 4.0])  # the last 1 s waits
    assert _lanes(lane_ax) == [0, 0, 0]
    assert fig.axes[0].get_title() == "The audio, as it arrives"


def test_chunk_timeline_draws_the_chunks_of_chunk_spans_with_their_top_label(spanish):
    starts = [0.0, 15.0, 30.0, 45.0, 60.0, 70.0]
    timeline = pd.DataFrame({"blues": [0.7, 0.6, 0.1, 0.2, 0.3, 0.1], "jazz": [0.3, 0.4, 0.9, 0.8, 0.7, 0.9]},
                            index=pd.Index(starts, name="start_s"))
    ranking = Ranking(pd.DataFrame({"label": ["jazz"], "score": [0.6]}), timeline, sample_rate=10, stand_in=True)
    fig = model_diagrams.chunk_timeline(ranking, 100.0, window_s=30.0, overlap=0.5)
    ax = fig.axes[0]
    assert [bar.get_x() for bar in ax.patches] == pytest.approx(starts)  # the last one ends with the audio
    assert [bar.get_width() for bar in ax.patches] == pytest.approx([30.0] * 6)
    assert _lanes(ax) == [0, 1, 0, 1, 0, 1]
    assert [text.get_text() for text in ax.texts] == [
        "blues 0.70", "blues 0.60", "jazz 0.90", "jazz 0.80", "jazz 0.70", "jazz 0.90"]
    assert ax.get_title() == ("Ventanas de 30.0 s, una nueva cada 15.0 s, con su etiqueta más probable"
                              " [sustituto sintético]")
    with pytest.raises(ParameterError):
        model_diagrams.chunk_timeline(replace(ranking, timeline=timeline.iloc[:5]), 100.0, window_s=30.0, overlap=0.5)


def test_embedding_map_projects_on_the_two_widest_directions(spanish):
    points = [[3, 0, 0], [-3, 0, 0], [0, 2, 0], [0, -2, 0], [0, 0, 1], [0, 0, -1]]
    fig = model_diagrams.embedding_map(points, ["alarm", "alarm", "drops", "drops", "flush", "flush"],
                                       stand_in=True)
    ax = fig.axes[0]
    # Variances 18, 8 and 2 (sums of squares): PCA keeps 18/28 and 8/28 of the total.
    assert ax.get_xlabel() == "Componente 1 (64% de la varianza)"
    assert ax.get_ylabel() == "Componente 2 (29% de la varianza)"
    alarm, drops, flush = (np.abs(np.asarray(dots.get_offsets())) for dots in ax.collections)
    np.testing.assert_allclose(alarm, [[3, 0], [3, 0]], atol=1e-9)
    np.testing.assert_allclose(drops, [[0, 2], [0, 2]], atol=1e-9)
    np.testing.assert_allclose(flush, np.zeros((2, 2)), atol=1e-9)
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["alarm", "drops", "flush"]
    assert ax.get_title() == "El espacio de los embeddings en dos dimensiones (PCA) [sustituto sintético]"
    with pytest.raises(ParameterError):
        model_diagrams.embedding_map(points, ["alarm"])
