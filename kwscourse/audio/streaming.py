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

from .._internal import checks
from .waveform import SAMPLE_RATE


@dataclass(frozen=True)
class Window:
    """One window of the stream: where it starts (seconds since the stream began) and its samples.

    Examples
    --------
    >>> Window(1.5, np.zeros(4, "float32")).start_s
    1.5
    """

    start_s: float
    samples: np.ndarray


class StreamingWindows:
    """Queue audio chunks of any size; hand out windows of ``window_s`` seconds every hop.

    ``push`` is safe to call from another thread (a widget's message handler).

    Parameters
    ----------
    window_s : float, optional
        Length of a window in seconds.
    overlap : float, optional
        The fraction shared by consecutive windows, ``0 <= overlap < 1``: 0 gives
        back-to-back windows, 0.5 starts a new window every half window.
    sample_rate : int, optional
        Samples per second of the chunks.

    Raises
    ------
    ParameterError
        For a rate that is not a whole number of at least 1, a ``window_s`` that is
        not positive, or an ``overlap`` outside [0, 1) (``0,5`` is a tuple: write ``0.5``).

    Examples
    --------
    >>> stream = StreamingWindows(window_s=3.0, overlap=0.0)
    >>> stream.window, stream.hop
    (48000, 48000)
    >>> StreamingWindows(1.0, 0.75, sample_rate=8).hop
    2
    """

    def __init__(self, window_s: float = 3.0, overlap: float = 0.0, sample_rate: int = SAMPLE_RATE):
        self.sample_rate = checks.whole_number(sample_rate, "sample_rate")
        self.window_s = checks.positive(window_s, "window_s")
        self.overlap = checks.fraction(overlap, "overlap")
        self.window = int(round(self.window_s * self.sample_rate))
        self.hop = max(1, int(round(self.window * (1.0 - self.overlap))))
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget every queued sample and start counting time from zero again.

        Examples
        --------
        >>> stream = StreamingWindows(1.0, sample_rate=4)
        >>> _ = stream.push(np.ones(6)); stream.reset(); stream.pending
        0
        """
        with self._lock:
            self._queue = np.zeros(0, dtype=np.float32)
            self._queue_start = 0  # stream index of the queue's first sample

    @property
    def pending(self) -> int:
        """Samples queued that have not yet completed a window.

        Examples
        --------
        >>> stream = StreamingWindows(1.0, sample_rate=4)
        >>> _ = stream.push(np.ones(6)); stream.pending
        2
        """
        return int(self._queue.size)

    def push(self, chunk) -> list[Window]:
        """Add a chunk (1-D samples) and return the windows it completed, oldest first.

        Examples
        --------
        >>> stream = StreamingWindows(1.0, 0.5, sample_rate=4)
        >>> [w.start_s for w in stream.push(np.ones(3))], [w.start_s for w in stream.push(np.ones(5))]
        ([], [0.0, 0.5, 1.0])
        """
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
        """Feed an iterable of chunks and yield every window as it completes.

        Examples
        --------
        >>> stream = StreamingWindows(1.0, sample_rate=2)
        >>> [w.samples.tolist() for w in stream.stream([[1, 2, 3], [4]])]
        [[1.0, 2.0], [3.0, 4.0]]
        """
        for chunk in chunks:
            yield from self.push(chunk)
