"""Plausible wrong answers to the rewritten exercises, and the test of each source that catches them.

Each case runs one question's own test functions, straight from its source, against the
reference answer with one function or value replaced by a mistake a student could
make. The reference answer passes every test; each mistake fails the test named here.
Nothing runs otter: the tests take their arguments from the namespace by name, as otter
does, so this takes well under a second.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import kwscourse
from kwscourse.exercises import build


def _namespace(stem: str, question: str) -> tuple[dict, dict]:
    """The notebook's variables after ``question``'s reference answer, and its tests by cell id."""
    env: dict = {"np": np, "kwscourse": kwscourse, "__name__": "exercise"}
    tests, inside = {}, None
    for cell in build.read_source(stem):
        if cell.kind == "question":
            inside = cell.cell_id
        elif cell.kind == "end" and inside == question:
            break
        elif cell.kind in ("code", "solution"):
            exec(cell.text["en"], env)
        elif cell.kind == "test" and inside == question:
            tests[cell.cell_id] = cell.text["en"]
    return env, tests


def _failing(env: dict, tests: dict) -> set[str]:
    """The ids of the tests that fail (an assertion or any error) in ``env``."""
    failed = set()
    for cell_id, source in tests.items():
        scope: dict = {}
        exec(source, scope)
        (function,) = [f for name, f in scope.items() if name.startswith("test_") and callable(f)]
        try:
            function(*[env[name] for name in inspect.signature(function).parameters])
        except Exception:
            failed.add(cell_id)
    return failed


# (set, question, name of the mistake, code that replaces the answer, tests that must fail)
WRONG = [
    # set 1, q2: the columns of a spectrogram, in Hz
    ("01_keyword_spotting", "q2_bins", "divides by the number of bins",
     "def bin_to_hz(spec, sample_rate=16000):\n    return np.arange(np.shape(spec)[1]) * sample_rate / np.shape(spec)[1]",
     {"q2-mystery", "q2-any"}),
    ("01_keyword_spotting", "q2_bins", "divides by twice the number of bins (off by one)",
     "def bin_to_hz(spec, sample_rate=16000):\n    return np.arange(np.shape(spec)[1]) * sample_rate / (2 * np.shape(spec)[1])",
     {"q2-mystery", "q2-any"}),
    ("01_keyword_spotting", "q2_bins", "bins up to the sample rate, not half of it",
     "def bin_to_hz(spec, sample_rate=16000):\n    return np.linspace(0, sample_rate, np.shape(spec)[1])",
     {"q2-mystery", "q2-any"}),
    ("01_keyword_spotting", "q2_bins", "the lesson's frame_length as the FFT length",
     "def bin_to_hz(spec, sample_rate=16000):\n    return np.arange(np.shape(spec)[1]) * sample_rate / 255",
     {"q2-mystery", "q2-any"}),
    ("01_keyword_spotting", "q2_bins", "loudest row (a frame) taken for a column",
     "def loudest_hz(spec, sample_rate=16000):\n"
     "    return float(bin_to_hz(spec, sample_rate)[np.argmax(np.sum(spec, axis=1)) % np.shape(spec)[1]])",
     {"q2-mystery", "q2-any"}),
    ("01_keyword_spotting", "q2_bins", "the mystery's frequency typed in",
     "def loudest_hz(spec, sample_rate=16000):\n    return 1375.0",
     {"q2-any"}),
    # set 2, q1: which of YAMNet's overlapping patches hear a sound
    ("02_yamnet", "q1_hearing", "patches side by side, 0.96 s apart",
     "def patches_hearing(start_s, end_s, num_patches):\n"
     "    return [i for i in range(num_patches) if 0.96 * i < end_s and 0.96 * (i + 1) > start_s]",
     {"q1-click", "q1-any"}),
    ("02_yamnet", "q1_hearing", "patches only 0.48 s long",
     "def patches_hearing(start_s, end_s, num_patches):\n"
     "    return [i for i in range(num_patches) if 0.48 * i < end_s and 0.48 * (i + 1) > start_s]",
     {"q1-click", "q1-any"}),
    ("02_yamnet", "q1_hearing", "patches that hold the whole sound, not those that hear part of it",
     "def patches_hearing(start_s, end_s, num_patches):\n"
     "    return [i for i in range(num_patches) if 0.48 * i <= start_s and 0.48 * i + 0.96 >= end_s]",
     {"q1-click", "q1-any"}),
    ("02_yamnet", "q1_hearing", "the patch that starts nearest the sound",
     "def patches_hearing(start_s, end_s, num_patches):\n    return [min(int(round(start_s / 0.48)), num_patches - 1)]",
     {"q1-click", "q1-any"}),
    ("02_yamnet", "q1_hearing", "patches past the end of the audio",
     "def patches_hearing(start_s, end_s, num_patches):\n"
     "    return [i for i in range(int(end_s / 0.48) + 1) if 0.48 * i < end_s and 0.48 * i + 0.96 > start_s]",
     {"q1-any"}),
    ("02_yamnet", "q1_hearing", "padding only to a whole hop", "PADDED_SAMPLES = 7680 - 48000 % 7680",
     {"q1-padding"}),
    ("02_yamnet", "q1_hearing", "0.96 s (15360 samples) for the first patch", "PADDED_SAMPLES = 5 * 7680 + 15360 - 48000",
     {"q1-padding"}),
    ("02_yamnet", "q1_hearing", "no padding at all", "PADDED_SAMPLES = 0", {"q1-padding"}),
    ("02_yamnet", "q1_hearing", "padding in seconds", "PADDED_SAMPLES = 0.375", {"q1-padding-range", "q1-padding"}),
    # set 3, q1: overlap so that no short sound is cut
    ("03_transfer_learning", "q1_overlap", "the lesson's windows, no overlap", "MIN_OVERLAP = 0.0\nWINDOWS_PER_MINUTE = 60 / (3 * (1 - MIN_OVERLAP))",
     {"q1-cut", "q1-min"}),
    ("03_transfer_learning", "q1_overlap", "half overlap, more than needed", "MIN_OVERLAP = 0.5\nWINDOWS_PER_MINUTE = 60 / (3 * (1 - MIN_OVERLAP))",
     {"q1-min"}),
    ("03_transfer_learning", "q1_overlap", "the hop's share of the window instead of the overlap", "MIN_OVERLAP = 2 / 3\nWINDOWS_PER_MINUTE = 60 / (3 * (1 - MIN_OVERLAP))",
     {"q1-min"}),
    ("03_transfer_learning", "q1_overlap", "windows of a minute counted, not windows started",
     "WINDOWS_PER_MINUTE = 1 + (60 - 3) // 2", {"q1-cost"}),
    ("03_transfer_learning", "q1_overlap", "windows per minute without the overlap", "WINDOWS_PER_MINUTE = 60 / 3",
     {"q1-cost"}),
    ("03_transfer_learning", "q1_overlap", "windows that touch the sound instead of holding it",
     "def windows_holding(event_start, event_end, window_s, overlap, total_s):\n"
     "    hop = window_s * (1 - overlap)\n"
     "    starts = np.arange(0, total_s - window_s + 1e-9, hop)\n"
     "    return [float(s) for s in starts if s < event_end and s + window_s > event_start]",
     {"q1-lesson", "q1-any"}),
    ("03_transfer_learning", "q1_overlap", "the overlap used as the hop's share",
     "def windows_holding(event_start, event_end, window_s, overlap, total_s):\n"
     "    hop = window_s * overlap if overlap else window_s\n"
     "    starts = np.arange(0, total_s - window_s + 1e-9, hop)\n"
     "    return [float(s) for s in starts if s <= event_start and event_end <= s + window_s]",
     {"q1-any"}),
    ("03_transfer_learning", "q1_overlap", "a last window that runs past the end",
     "def windows_holding(event_start, event_end, window_s, overlap, total_s):\n"
     "    hop = window_s * (1 - overlap)\n"
     "    starts = np.arange(0, total_s, hop)\n"
     "    return [float(s) for s in starts if s <= event_start and event_end <= s + window_s]",
     {"q1-any"}),
]


@pytest.mark.parametrize("stem,question", sorted({(w[0], w[1]) for w in WRONG}))
def test_the_reference_answer_passes_every_test(stem, question):
    env, tests = _namespace(stem, question)
    assert tests and _failing(env, tests) == set()


@pytest.mark.parametrize("stem,question,mistake,code,caught_by", WRONG, ids=[w[2] for w in WRONG])
def test_each_wrong_answer_is_caught_by_its_test(stem, question, mistake, code, caught_by):
    env, tests = _namespace(stem, question)
    assert caught_by <= set(tests), sorted(tests)
    exec(code, env)
    assert _failing(env, tests) == caught_by, mistake
