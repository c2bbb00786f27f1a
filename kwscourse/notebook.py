"""What the first cell of every lesson calls: language, Colab and mode, in one place.

    >>> import kwscourse.notebook as nb
    >>> nb.in_colab()
    False
"""

from __future__ import annotations

import sys

from ._internal.config import set_language, settings
from .synthetic import stand_ins
from .i18n import t


def in_colab() -> bool:
    """True inside Google Colab.

    >>> in_colab()
    False
    """
    return "google.colab" in sys.modules


def settings_line() -> str:
    """The settings in one line of the current language: what a lesson's first cell prints.

    >>> settings_line().startswith("kwscourse settings: language=en")
    True
    """
    return t("settings.describe", language=settings.language, data_dir=settings.data_dir, mode=stand_ins.mode_name())


def setup_notebook(language: str = "en", *, quiet: bool = False) -> None:
    """Prepare a lesson notebook: set the language, enable Colab's widget manager, report the mode.

    >>> setup_notebook("en", quiet=True); settings.language
    'en'
    """
    set_language(language)
    if in_colab():  # pragma: no cover - only inside Colab
        from google.colab import output

        # Colab renders third-party (anywidget/ipywidgets) widgets only with this.
        output.enable_custom_widget_manager()
    if not quiet:
        print(settings_line())
