"""Many files at once: one unreadable file never costs the others.

A function that reads many files returns a frozen dataclass with its usual
result in named fields, plus ``failures``, the ``(source, AudioError)`` of every
input it could not read (:class:`Partial` gives them ``strict`` and
``require_any``). :class:`PerItem` is the one for a result per file. :func:`try_each` is the loop that fills it, :func:`load_many` the
common case (load every file), and :func:`failure_records` turns failures
into JSON for the command line.

    >>> loaded = load_many(["missing.wav", "gone.wav"])
    >>> list(loaded), failure_records(loaded.failures)[1]
    ([], {'file': 'gone.wav', 'error': 'Audio file not found: gone.wav'})
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .waveform import MAX_SECONDS, SAMPLE_RATE, check_rate, load, source_name
from ..i18n import AudioError


class Partial:
    """What every result of work on many inputs shares: ``failures`` and the checks on them.

    A frozen dataclass that mixes this in has a ``failures`` field, a tuple of
    ``(source, AudioError)`` for every input that could not be read, in order (empty
    when all were read), and a ``read`` count of the inputs that were.

    Examples
    --------
    >>> done = PerItem((("a.wav", 1),), failures=(("x.wav", AudioError("audio.not_found", source="x.wav")),))
    >>> done.read, [str(err) for _, err in done.failures]
    (1, ['Audio file not found: x.wav'])
    """

    def strict(self, value=None):
        """``value`` (default: this result) if every input was read, else :class:`UnreadableFilesError`.

        For results that must match their inputs one to one (a batch of rows without
        names): dropping a row silently would shift the rest onto the wrong inputs.
        The error still carries ``value`` for the inputs that were read.

        Examples
        --------
        >>> PerItem((1, 2)).strict("all read")
        'all read'
        """
        value = self if value is None else value
        if self.failures:
            raise UnreadableFilesError(self.failures, value, read=self.read)
        return value

    def require_any(self):
        """This result, unless nothing at all could be read: then :class:`UnreadableFilesError`.

        For work that cannot go on without a single input (training, say).

        Examples
        --------
        >>> PerItem((1,), failures=(("x.wav", AudioError("audio.not_found", source="x.wav")),)).require_any().items
        (1,)
        """
        if self.failures and not self.read:
            raise UnreadableFilesError(self.failures, self, read=0)
        return self


@dataclass(frozen=True, eq=False)
class PerItem(Partial):
    """One result per input that was read, in order, and the ``failures`` of the others.

    A read-only sequence: loop over it, index it, take its ``len``. What each item is
    depends on the function (``(source, value)`` pairs for :func:`try_each`).

    Attributes
    ----------
    items : tuple
        The results of the inputs that were read.
    failures : tuple
        ``(source, AudioError)`` for each input that could not be read.

    Examples
    --------
    >>> done = PerItem((("a.wav", 0.5),))
    >>> len(done), done[0], list(done), done.failures
    (1, ('a.wav', 0.5), [('a.wav', 0.5)], ())
    """

    items: tuple = ()
    failures: tuple = ()

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]

    @property
    def read(self) -> int:
        """How many inputs were read."""
        return len(self.items)


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
        failures = tuple(failures)
        lines = [f"  - {err}" for _, err in failures[:self.SHOWN]]
        if len(failures) > self.SHOWN:
            lines.append("  - …")
        super().__init__("batch.unreadable_files", count=len(failures), total=len(failures) + read,
                         details="\n".join(lines))
        self.failures, self.results = failures, results


def try_each(items, work) -> PerItem:
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
    done, failures = [], []
    for item in items:
        try:
            done.append((item, work(item)))
        except AudioError as err:
            failures.append((item, err))
    return PerItem(tuple(done), tuple(failures))


def load_many(sources, sr: int = SAMPLE_RATE, mono: bool = True, *,
              max_seconds: float = MAX_SECONDS) -> PerItem:
    """:func:`~kwscourse.audio.waveform.load` every source at ``sr``: ``(source, y)`` for each readable one, in order.

    The ones that cannot be read (missing, empty, a folder, not audio...) are in
    ``.failures`` with their error, in the current language. A bad ``sr`` is the
    caller's mistake, not every file's: it raises ``ParameterError`` at once.

    Examples
    --------
    >>> import numpy as np
    >>> from kwscourse import audio
    >>> good = audio.write_wav(Path(tmp()) / "a.wav", np.zeros(800, "float32"), 8000)
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
