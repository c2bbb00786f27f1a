"""Argument checks shared by the whole package. Each raises :class:`ParameterError`.

The messages come from ``messages/checks.py``, so a student who passes
``overlap=0,5`` or ``k=0`` reads what went wrong in the notebook's language.

    >>> from kwscourse._internal.checks import fraction
    >>> fraction(0.5, "overlap")
    0.5
"""

from __future__ import annotations

import os
from numbers import Integral, Real
from pathlib import Path

from ..i18n import ParameterError


def whole_number(value, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an ``int`` when it is a whole number in ``[minimum, maximum]``.

    Booleans are refused: ``True`` is not a count.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        The argument's name, for the message.
    minimum, maximum : int, optional
        Inclusive bounds; ``maximum=None`` means no upper bound.

    Returns
    -------
    int

    Raises
    ------
    ParameterError
        When ``value`` is not a whole number in range.

    Examples
    --------
    >>> whole_number(3, "k")
    3
    >>> whole_number(True, "k")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: k must be a whole number of at least 1, not True.
    """
    good = isinstance(value, Integral) and not isinstance(value, bool) and value >= minimum
    if good and (maximum is None or value <= maximum):
        return int(value)
    if maximum is None:
        raise ParameterError("checks.whole_number", name=name, minimum=minimum, value=value)
    raise ParameterError("checks.whole_number_range", name=name, minimum=minimum, maximum=maximum, value=value)


def positive(value, name: str) -> float:
    """``value`` as a ``float`` when it is a real number above zero.

    Examples
    --------
    >>> positive(0.25, "window_s")
    0.25
    >>> positive("1", "window_s")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: window_s must be a positive number, not '1'.
    """
    if isinstance(value, Real) and not isinstance(value, bool) and value > 0:
        return float(value)
    raise ParameterError("checks.positive", name=name, value=value)


def fraction(value, name: str) -> float:
    """``value`` as a ``float`` when ``0 <= value < 1`` (an overlap, a share held out).

    Examples
    --------
    >>> fraction((0, 5), "overlap")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: overlap must be at least 0 and less than 1 (write 0.5, with a decimal point), not (0, 5).
    """
    if isinstance(value, Real) and not isinstance(value, bool) and 0 <= value < 1:
        return float(value)
    raise ParameterError("checks.fraction", name=name, value=value)


def one_of(value, name: str, known) -> object:
    """``value`` when it is one of ``known``.

    Examples
    --------
    >>> one_of("tflite", "backend", ("auto", "savedmodel", "tflite"))
    'tflite'
    """
    if value in tuple(known):
        return value
    raise ParameterError("checks.one_of", name=name, value=value, known=", ".join(map(str, known)))


def same_length(first, second, first_name: str, second_name: str) -> int:
    """The common length of ``first`` and ``second``, which must match.

    Examples
    --------
    >>> same_length([1, 2], ["a", "b"], "embeddings", "labels")
    2
    """
    if len(first) != len(second):
        raise ParameterError("checks.same_length", first=first_name, second=second_name,
                             first_count=len(first), second_count=len(second))
    return len(first)


def function(value, name: str):
    """``value`` when it can be called.

    Examples
    --------
    >>> function(len, "classify") is len
    True
    """
    if callable(value):
        return value
    raise ParameterError("checks.callable", name=name, value=value)


def path(value, name: str) -> Path:
    """``value`` as a :class:`~pathlib.Path` when it is a non-empty ``str`` or path-like object.

    Examples
    --------
    >>> path("clips/yes.wav", "dest")
    PosixPath('clips/yes.wav')
    >>> path(None, "dest")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: dest must be a file or folder path (a str or pathlib.Path), not None.
    """
    if isinstance(value, (str, os.PathLike)) and str(value):
        return Path(value)
    raise ParameterError("checks.path", name=name, value=value)
