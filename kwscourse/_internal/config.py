"""The course's one settings object: language, data folder and smoke mode.

Everything else in the package is a plain function; this is the only state.
Values come from the environment when the package is imported and can be
changed at run time::

    >>> import kwscourse
    >>> kwscourse.settings.language in ("en", "es")
    True
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("en", "es")
_TRUE = {"1", "true", "yes", "on", "si", "sí"}


def _default_data_dir() -> Path:
    """``$KWSCOURSE_DATA``, else the checkout's ``data/``, else ``~/.cache/kwscourse``."""
    env = os.environ.get("KWSCOURSE_DATA")
    if env:
        return Path(env).expanduser().resolve()
    checkout_data = Path(__file__).resolve().parents[2] / "data"
    if (checkout_data / "README.md").is_file():
        return checkout_data
    return Path.home() / ".cache" / "kwscourse"


def _default_language() -> str:
    lang = os.environ.get("KWSCOURSE_LANG", "en").strip().lower()[:2]
    return lang if lang in LANGUAGES else "en"


class LanguageError(ValueError):
    """An unknown language. Raised before any language is known, so it speaks both.

    >>> print(LanguageError("fr"))
    language must be 'en' or 'es', not 'fr' / el idioma debe ser 'en' o 'es', no 'fr'
    """

    def __init__(self, value):
        super().__init__(f"language must be 'en' or 'es', not {value!r} / el idioma debe ser 'en' o 'es', no {value!r}")


@dataclass
class Settings:
    """Language (``"en"``/``"es"``), data folder and smoke mode.

    >>> s = Settings(language="es", data_dir=Path("/tmp/kws"), smoke=True)
    >>> s.language, s.smoke
    ('es', True)
    """

    language: str = field(default_factory=_default_language)
    data_dir: Path = field(default_factory=_default_data_dir)
    smoke: bool = field(
        default_factory=lambda: os.environ.get("KWSCOURSE_SMOKE", "").strip().lower() in _TRUE
    )

    def __setattr__(self, name, value):
        if name == "language":
            value = str(value).strip().lower()
            if value not in LANGUAGES:
                raise LanguageError(value)
        elif name == "data_dir":
            value = Path(value).expanduser()
        elif name == "smoke":
            value = bool(value)
        super().__setattr__(name, value)


settings = Settings()


def set_language(language: str) -> None:
    """Switch every message, error and plot label to ``"en"`` or ``"es"``.

    >>> import kwscourse
    >>> kwscourse.set_language("es"); kwscourse.settings.language
    'es'
    >>> kwscourse.set_language("en")
    """
    settings.language = language


def set_smoke(smoke: bool = True) -> None:
    """Turn smoke mode (small synthetic data, few epochs) on or off.

    >>> before = settings.smoke
    >>> set_smoke(True); settings.smoke
    True
    >>> set_smoke(before)
    """
    settings.smoke = smoke


@contextlib.contextmanager
def smoke(on: bool = True):
    """Smoke mode on (or off) inside the block; the mode it was in comes back after it.

    >>> before = settings.smoke
    >>> with smoke(True):
    ...     settings.smoke
    True
    >>> settings.smoke == before
    True
    """
    before = settings.smoke
    settings.smoke = on
    try:
        yield
    finally:
        settings.smoke = before


def set_data_dir(path) -> Path:
    """Move the data cache to ``path`` (created when needed) and return it.

    >>> old = settings.data_dir
    >>> set_data_dir(tmp()).is_dir()
    True
    >>> _ = set_data_dir(old)
    """
    settings.data_dir = Path(path)
    return settings.data_dir
