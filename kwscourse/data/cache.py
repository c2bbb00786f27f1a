"""The data cache: where things are stored, and how a folder is built so a crash never leaves half of one.

Everything the course downloads or generates lives under
``kwscourse.settings.data_dir``. A folder counts as built only once it holds
the ``.complete`` marker; it is written under ``NAME.partial`` and renamed at
the end, so an interrupted build is simply started again.

    >>> with building(Path(tmp()) / "demo") as partial:
    ...     _ = (partial / "a.txt").write_text("hi")
    >>> is_complete(partial.with_name("demo"))
    True
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from .._internal.config import settings

COMPLETE_MARKER = ".complete"


def cache_dir(*parts: str, data_dir=None) -> Path:
    """``data_dir / parts...`` (default: ``settings.data_dir``), created when missing.

    Examples
    --------
    >>> cache_dir("yamnet", data_dir=tmp()).name
    'yamnet'
    """
    folder = Path(data_dir if data_dir is not None else settings.data_dir).joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def is_complete(folder) -> bool:
    """True once ``folder`` was finished by :func:`building` (it holds the ``.complete`` marker).

    Examples
    --------
    >>> is_complete("/nonexistent")
    False
    """
    return (Path(folder) / COMPLETE_MARKER).is_file()


@contextlib.contextmanager
def building(folder, *, note: str = ""):
    """Build ``folder`` in ``folder.partial`` and rename it into place when the block succeeds.

    A stale ``.partial`` from an earlier crash is cleared first; on an error the
    partial folder is removed and the error goes on. An existing ``folder``
    without the marker (a crashed older build) is replaced.

    Parameters
    ----------
    folder : path
        The folder to build.
    note : str, optional
        Text for the ``.complete`` marker, for example where the data came from.

    Yields
    ------
    pathlib.Path
        The empty partial folder to fill.

    Examples
    --------
    >>> target = Path(tmp()) / "clips"
    >>> with building(target, note="made by a doctest") as partial:
    ...     _ = (partial / "x.wav").write_bytes(b"")
    >>> sorted(p.name for p in target.iterdir())
    ['.complete', 'x.wav']
    """
    folder = Path(folder)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        yield partial
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    (partial / COMPLETE_MARKER).write_text(note + "\n" if note else "")
    if folder.exists():
        shutil.rmtree(folder)
    partial.rename(folder)
