"""Every user-facing message of the course, in English and Spanish.

Messages are looked up by key and formatted with ``str.format`` fields. Errors
raised by the package are :class:`CourseError` subclasses whose text is rendered
in the language that is active when they are raised::

    >>> from kwscourse.i18n import t
    >>> t("audio.empty", source="a.wav", lang="es")
    'El audio de a.wav está vacío: no tiene ninguna muestra.'
"""

from __future__ import annotations

import string

from ._internal.config import settings
from .messages import CATALOGUE as MESSAGES


class CourseError(Exception):
    """An error whose message comes from the catalogue, in the current language.

    >>> str(CourseError("audio.empty", source="x.wav")).startswith("The audio")
    True
    """

    def __init__(self, key: str, **fields):
        self.key = key
        self.fields = fields
        super().__init__(t(key, **fields))


class AudioError(CourseError, ValueError):
    """Bad or unreadable audio.

    >>> isinstance(AudioError('audio.empty', source='x'), ValueError)
    True
    """


class DataError(CourseError, OSError):
    """A download, archive or data-set folder problem.

    >>> isinstance(DataError('data.unknown_dataset', name='x', known='y'), OSError)
    True
    """


class ModelError(CourseError, ValueError):
    """A model that is missing, mismatched or misused.

    >>> ModelError('models.bad_classes', count=1).key
    'models.bad_classes'
    """


class ParameterError(CourseError, ValueError):
    """A bad argument: wrong type, out of range, or not one of the allowed values.

    >>> from kwscourse._internal.checks import whole_number
    >>> try:
    ...     whole_number(0, "k")
    ... except ParameterError as err:
    ...     print(err)
    k must be a whole number of at least 1, not 0.
    """


def t(key: str, lang: str | None = None, **fields) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted.

    >>> t("plots.loss", lang="es")
    'Pérdida'
    """
    try:
        entry = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the kwscourse catalogue") from None
    text = entry[lang or settings.language]
    return text.format(**fields) if fields else text


def fields_of(text: str) -> set[str]:
    """The ``str.format`` field names used in ``text``.

    >>> sorted(fields_of("{a} and {b:.1f}"))
    ['a', 'b']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
