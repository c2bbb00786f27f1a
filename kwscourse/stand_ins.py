"""Smoke mode in one file: the one decision "real or stand-in?", and every stand-in the package makes.

With ``KWSCOURSE_SMOKE=1`` (or ``kwscourse.set_smoke(True)``) the course never
downloads: each data set and model is replaced by a small stand-in built here,
on this machine, and every output that comes from one says so.

    >>> import kwscourse
    >>> kwscourse.set_smoke(True); active()
    True
    >>> kwscourse.set_smoke(False); active()
    False
"""

from __future__ import annotations

from ._config import settings


def active() -> bool:
    """True when the course should use stand-ins instead of real data and models (smoke mode).

    This is the only place that reads ``settings.smoke``.

    Examples
    --------
    >>> isinstance(active(), bool)
    True
    """
    return settings.smoke


# --- data-set stand-ins (synthetic clips in the real data sets' layout) ------------------


# --- model stand-ins (untrained networks with the real models' interfaces) ----------------
