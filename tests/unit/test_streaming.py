"""Streaming windows: exact coverage, hop spacing, chunk-size independence, reset."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from kwscourse.i18n import ParameterError
from kwscourse.audio.streaming import StreamingWindows

SIGNAL = np.arange(100_000, dtype=np.float32)


def chunks_of(signal, size):
    return [signal[i:i + size] for i in range(0, signal.size, size)]


def test_no_overlap_uses_every_sample_once_in_order():
    stream = StreamingWindows(window_s=3.0, overlap=0.0)
    windows = list(stream.stream(chunks_of(SIGNAL, 4096)))
    joined = np.concatenate([w.samples for w in windows])
    assert len(windows) == 100_000 // 48_000
    np.testing.assert_array_equal(joined, SIGNAL[:joined.size])
    assert stream.pending == 100_000 - joined.size


def test_overlap_half_starts_a_window_every_half_window():
    stream = StreamingWindows(window_s=3.0, overlap=0.5)
    windows = list(stream.stream(chunks_of(SIGNAL, 4096)))
    assert [w.start_s for w in windows] == [0.0, 1.5, 3.0]  # a 4.5 s window would end past 6.25 s
    for w in windows:
        start = int(w.start_s * 16000)
        np.testing.assert_array_equal(w.samples, SIGNAL[start:start + 48000])


@pytest.mark.parametrize("size", [1, 7, 4096, 33333, 100_000])
def test_chunk_size_does_not_matter(size):
    reference = list(StreamingWindows(2.0, 0.25).stream([SIGNAL]))
    windows = list(StreamingWindows(2.0, 0.25).stream(chunks_of(SIGNAL, size)))
    assert [w.start_s for w in windows] == [w.start_s for w in reference]
    for a, b in zip(windows, reference):
        np.testing.assert_array_equal(a.samples, b.samples)


def test_reset_clears_the_queue_and_the_clock():
    stream = StreamingWindows(1.0, 0.0)
    stream.push(np.ones(20_000, np.float32))
    assert stream.pending == 4000
    stream.reset()
    assert stream.pending == 0
    (window,) = stream.push(np.zeros(16_000, np.float32))
    assert window.start_s == 0.0 and not window.samples.any()


def test_pushes_from_threads_lose_nothing():
    stream = StreamingWindows(1.0, 0.0, sample_rate=1000)
    got = []

    def feed():
        for _ in range(50):
            got.extend(stream.push(np.ones(100, np.float32)))

    threads = [threading.Thread(target=feed) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) * 1000 + stream.pending == 4 * 50 * 100


@pytest.mark.parametrize("kwargs, key", [({"overlap": 1.0}, "checks.fraction"), ({"overlap": -0.1}, "checks.fraction"),
                                         ({"overlap": "0.5"}, "checks.fraction"), ({"window_s": 0}, "checks.positive"),
                                         ({"sample_rate": 0}, "checks.whole_number"),
                                         ({"sample_rate": 16000.5}, "checks.whole_number")])
def test_bad_parameters(kwargs, key):
    with pytest.raises(ParameterError) as err:
        StreamingWindows(**kwargs)
    assert err.value.key == key and err.value.fields["name"] == next(iter(kwargs))


def test_overlap_written_with_a_comma_says_write_a_decimal_point(spanish):
    with pytest.raises(ParameterError) as err:
        StreamingWindows(1.0, (0, 5))  # lesson 3's exercise: OVERLAP = 0,5 is a tuple
    assert str(err.value) == "overlap debe ser al menos 0 y menor que 1 (escribe 0.5, con punto decimal), no (0, 5)."
