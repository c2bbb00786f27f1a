"""Cut a live audio stream into fixed windows, with optional overlap.

A microphone delivers audio in chunks of whatever size it likes (often 4096
samples). A classifier wants windows of a fixed length, ``window_s`` seconds,
starting every ``hop = window_s * (1 - overlap)`` seconds. :class:`StreamingWindows`
queues the chunks and hands out each window as soon as it is complete::

    >>> import numpy as np
    >>> stream = StreamingWindows(window_s=1.0, overlap=0.5, sample_rate=4)
    >>> [w.samples.tolist() for w in stream.push(np.arange(6, dtype="float32"))]
    [[0.0, 1.0, 2.0, 3.0], [2.0, 3.0, 4.0, 5.0]]
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Window:
    """One window of the stream: where it starts (seconds since the start) and its samples."""

    start_s: float
    samples: np.ndarray


class StreamingWindows:
    """Queue audio chunks of any size; yield windows of ``window_s`` seconds every hop.

    ``overlap`` is the fraction shared by consecutive windows (0 <= overlap < 1):
    0 gives back-to-back windows, 0.5 starts a new window every half window.
    ``push`` is safe to call from another thread (a widget's message handler).

    >>> stream = StreamingWindows(window_s=3.0, overlap=0.0)
    >>> stream.window, stream.hop
    (48000, 48000)
    """

    def __init__(self, window_s: float = 3.0, overlap: float = 0.0, sample_rate: int = 16000):
        if not isinstance(sample_rate, (int, np.integer)) or isinstance(sample_rate, bool) or sample_rate <= 0:
            raise ValueError(f"sample_rate must be a positive whole number, not {sample_rate!r}")
        if not window_s > 0:
            raise ValueError(f"window_s must be positive, not {window_s!r}")
        if not 0.0 <= overlap < 1.0:
            raise ValueError(f"overlap must be at least 0 and less than 1, not {overlap!r}")
        self.sample_rate = int(sample_rate)
        self.window_s = float(window_s)
        self.overlap = float(overlap)
        self.window = int(round(window_s * sample_rate))
        self.hop = max(1, int(round(self.window * (1.0 - overlap))))
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget every queued sample and start counting time from zero again."""
        with self._lock:
            self._queue = np.zeros(0, dtype=np.float32)
            self._queue_start = 0  # stream index of the queue's first sample

    @property
    def pending(self) -> int:
        """Samples queued that have not yet completed a window."""
        return int(self._queue.size)

    def push(self, chunk) -> list[Window]:
        """Add a chunk (1-D samples) and return the windows it completed, oldest first."""
        chunk = np.asarray(chunk, dtype=np.float32).reshape(-1)
        windows = []
        with self._lock:
            self._queue = np.concatenate([self._queue, chunk])
            offset = 0
            while self._queue.size - offset >= self.window:
                start = self._queue_start + offset
                windows.append(Window(start / self.sample_rate,
                                      self._queue[offset:offset + self.window].copy()))
                offset += self.hop
            # Keep only what a future window can still use.
            keep_from = min(offset, self._queue.size)
            self._queue = self._queue[keep_from:]
            self._queue_start += keep_from
        return windows

    def stream(self, chunks):
        """Feed an iterable of chunks and yield every window as it completes."""
        for chunk in chunks:
            yield from self.push(chunk)
