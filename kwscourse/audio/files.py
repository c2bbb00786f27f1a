"""Many files at once: one unreadable file never costs the others.

A function that reads many files returns :class:`Results`: its usual result,
plus ``failures``, the ``(source, AudioError)`` of every input it could not
read. :func:`try_each` is the loop that fills it, :func:`load_many` the
common case (load every file), and :func:`failure_records` turns failures
into JSON for the command line.

    >>> loaded = load_many(["missing.wav", "gone.wav"])
    >>> list(loaded), failure_records(loaded.failures)[1]
    ([], {'file': 'gone.wav', 'error': 'Audio file not found: gone.wav'})
"""

from __future__ import annotations

from pathlib import Path

from .waveform import MAX_SECONDS, SAMPLE_RATE, check_rate, load, source_name
from ..i18n import AudioError


class Results(list):
    """What a function that reads many files returns: its usual result, plus ``failures``.

    It is a list to use exactly as before: loop over it, index it, or unpack it
    (a function whose result was a tuple returns its parts). ``failures`` holds
    ``(source, AudioError)`` for every input that could not be read, in order; it is
    empty when all were read.

    Examples
    --------
    >>> done = Results(["a"], failures=[("x.wav", AudioError("audio.not_found", source="x.wav"))])
    >>> list(done), [str(err) for _, err in done.failures]
    (['a'], ['Audio file not found: x.wav'])
    """

    def __init__(self, items=(), failures=()):
        super().__init__(items)
        self.failures = list(failures)

    def strict(self, value=None):
        """``value`` (default: these results) if every input was read, else :class:`UnreadableFilesError`.

        For results that must match their inputs one to one (a batch of rows without
        names): dropping a row silently would shift the rest onto the wrong inputs.
        The error still carries ``value`` for the inputs that were read.

        Examples
        --------
        >>> Results([1, 2]).strict("all read")
        'all read'
        """
        value = self if value is None else value
        if self.failures:
            raise UnreadableFilesError(self.failures, value, read=len(self))
        return value

    def require_any(self):
        """These results, unless nothing at all could be read: then :class:`UnreadableFilesError`.

        For work that cannot go on without a single input (training, say).

        Examples
        --------
        >>> Results([1], failures=[("x.wav", AudioError("audio.not_found", source="x.wav"))]).require_any()
        [1]
        """
        if self.failures and not len(self):
            raise UnreadableFilesError(self.failures, self, read=0)
        return self


class UnreadableFilesError(AudioError):
    """Some of many files could not be read: every one is named, and nothing else is lost.

    ``failures`` lists ``(source, AudioError)``; ``results`` holds the result for the
    inputs that were read, in order (what the function would have returned for them).
    The message spells out the first :attr:`SHOWN` failures.

    Examples
    --------
    >>> err = UnreadableFilesError([("x.wav", AudioError("audio.not_found", source="x.wav"))], [], read=3)
    >>> print(err)
    1 of 4 audio files could not be read; fix or remove them and run again:
      - Audio file not found: x.wav
    """

    SHOWN = 10  # failures spelt out in the message; all of them are in .failures

    def __init__(self, failures, results, *, read: int):
        failures = list(failures)
        lines = [f"  - {err}" for _, err in failures[:self.SHOWN]]
        if len(failures) > self.SHOWN:
            lines.append("  - …")
        super().__init__("batch.unreadable_files", count=len(failures), total=len(failures) + read,
                         details="\n".join(lines))
        self.failures, self.results = failures, results


def try_each(items, work) -> Results:
    """``(item, work(item))`` for every item, in order; an item whose ``work`` raises
    :class:`~kwscourse.i18n.AudioError` goes to ``failures`` instead, and the others carry on.

    Only audio errors are per item: any other error (a bad argument, a bug) stops everything.

    Examples
    --------
    >>> def peak(path):
    ...     return float(abs(load(path)[0]).max())
    >>> done = try_each(["missing.wav"], peak)
    >>> list(done), [(item, err.key) for item, err in done.failures]
    ([], [('missing.wav', 'audio.not_found')])
    """
    done = Results()
    for item in items:
        try:
            done.append((item, work(item)))
        except AudioError as err:
            done.failures.append((item, err))
    return done


def load_many(sources, sr: int = SAMPLE_RATE, mono: bool = True, *,
              max_seconds: float = MAX_SECONDS) -> Results:
    """:func:`~kwscourse.audio.waveform.load` every source at ``sr``: ``(source, y)`` for each readable one, in order.

    The ones that cannot be read (missing, empty, a folder, not audio...) are in
    ``.failures`` with their error, in the current language. A bad ``sr`` is the
    caller's mistake, not every file's: it raises ``ParameterError`` at once.

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> from kwscourse import audio
    >>> good = audio.write_wav(Path(tempfile.mkdtemp()) / "a.wav", np.zeros(800, "float32"), 8000)
    >>> loaded = load_many([good, "missing.wav", good])
    >>> [y.shape for _, y in loaded], [err.key for _, err in loaded.failures]
    ([(1600,), (1600,)], ['audio.not_found'])
    """
    sr = check_rate(sr)
    return try_each(sources, lambda source: load(source, sr, mono, max_seconds=max_seconds)[0])


def failure_records(failures) -> list[dict]:
    """``failures`` as JSON-ready records ``{"file": ..., "error": message}``.

    Examples
    --------
    >>> failure_records([(Path("x.wav"), AudioError("audio.not_found", source="x.wav"))])
    [{'file': 'x.wav', 'error': 'Audio file not found: x.wav'}]
    """
    return [{"file": source_name(source), "error": str(err)} for source, err in failures]
