"""kwscourse: the package behind the audio-classification course.

Importing it is cheap: TensorFlow, Keras and plotting libraries load only when a
function that needs them runs. The submodules are reached as attributes::

    >>> import kwscourse
    >>> kwscourse.settings.language in ("en", "es")
    True
    >>> callable(kwscourse.audio.load)
    True
"""

from __future__ import annotations

import importlib
import pkgutil

from ._config import Settings, set_data_dir, set_language, set_smoke, settings, smoke
from .i18n import CourseError, t

__version__ = "0.1.0"

# Every public module of the package, found on disk: importing one (and TensorFlow or
# torch with it) waits until a notebook first touches ``kwscourse.<module>``.
_SUBMODULES = tuple(sorted(info.name for info in pkgutil.iter_modules(__path__)
                           if not info.name.startswith("_")))

__all__ = [
    "Settings", "settings", "set_language", "set_smoke", "smoke", "set_data_dir", "t",
    "CourseError", "__version__", *_SUBMODULES,
]


def __getattr__(name):
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'kwscourse' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES))
