"""Muting a library's logger for one block: we report in the student's language instead.

    >>> import logging
    >>> with quieter("urllib3.connectionpool"):
    ...     logging.getLogger("urllib3.connectionpool").level
    40
"""

from __future__ import annotations

import contextlib
import logging


@contextlib.contextmanager
def quieter(logger, level="ERROR"):
    """Raise ``logger``'s level (a name or a :class:`logging.Logger`) to ``level`` inside the block.

    Parameters
    ----------
    logger : str or logging.Logger
        The logger to mute, such as ``"urllib3.connectionpool"`` or ``tf.get_logger()``.
    level : str or int, optional
        Messages below it are dropped. Default: ``"ERROR"``.

    Examples
    --------
    >>> log = logging.getLogger("demo"); log.setLevel("INFO")
    >>> with quieter(log):
    ...     log.getEffectiveLevel()
    40
    >>> log.level
    20
    """
    logger = logging.getLogger(logger) if isinstance(logger, str) else logger
    before = logger.level
    logger.setLevel(level)
    try:
        yield logger
    finally:
        logger.setLevel(before)
