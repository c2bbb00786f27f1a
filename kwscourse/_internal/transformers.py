"""Import ``transformers`` without its own progress bars and info logs (they go to stderr).

    >>> transformers().__name__
    'transformers'
"""

from __future__ import annotations


def transformers():
    """The ``transformers`` module, with its logging set to errors only and its progress bars off."""
    import transformers as module

    module.utils.logging.set_verbosity_error()
    module.utils.logging.disable_progress_bar()
    return module
