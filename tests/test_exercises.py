"""Exercise checks say right from wrong, in the student's language, without raising."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from kwscourse import exercises  # noqa: E402
from kwscourse.streaming import StreamingWindows  # noqa: E402

AUDIO = np.zeros(16000 * 10, np.float32)
LOG_MEL = np.random.default_rng(0).normal(size=(336, 64))


def test_overlap_exercise(capsys):
    assert exercises.check_overlap(list(StreamingWindows(3.0, 0.5).stream([AUDIO])), 3.0) is True
    assert "✅" in capsys.readouterr().out
    assert exercises.check_overlap(list(StreamingWindows(3.0, 0.25).stream([AUDIO])), 3.0) is False
    assert "every 2.25 s" in capsys.readouterr().out
    assert exercises.check_overlap([], 3.0) is False


def test_log_mel_exercise(capsys, spanish):
    right, ax = plt.subplots()
    ax.imshow(LOG_MEL.T, origin="lower", aspect="auto")
    assert exercises.check_log_mel_figure(right, LOG_MEL) is True
    wrong, ax = plt.subplots()
    ax.imshow(LOG_MEL, aspect="auto")
    assert exercises.check_log_mel_figure(wrong, LOG_MEL) is False
    assert "Transpón" in capsys.readouterr().out
    mesh, ax = plt.subplots()
    ax.pcolormesh(LOG_MEL.T)
    assert exercises.check_log_mel_figure(mesh, LOG_MEL) is True
    empty, _ = plt.subplots()
    assert exercises.check_log_mel_figure(empty, LOG_MEL) is False
    plt.close("all")
