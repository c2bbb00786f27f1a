"""The course's data sets: where each one comes from, and the word-folder layout lesson 1 reads.

One module per data set, reached as an attribute (``kwscourse.datasets.esc50``):

- :mod:`~kwscourse.datasets.speech_commands`: mini Speech Commands (lesson 1);
- :mod:`~kwscourse.datasets.examples`: the YAMNet tutorial's clips (lesson 2);
- :mod:`~kwscourse.datasets.esc50`: four classes of ESC-50 (lesson 3).

Each gives the real data, or in smoke mode a stand-in from
:mod:`kwscourse.synthetic.stand_ins`; its ``notice`` function says in one plain sentence
which one it is, for the notebook to print. Archives in :data:`DATASETS` are
downloaded and extracted into the cache by :func:`fetch`::

    >>> sorted(DATASETS)
    ['mini_speech_commands']
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..data import cache
from ..data.archive import extract_archive
from .._internal.checks import path as _path
from ..data.download import download, explain_offline
from ..i18n import DataError

DATASETS = {
    "mini_speech_commands": {
        "url": "https://storage.googleapis.com/download.tensorflow.org/data/mini_speech_commands.zip",
        "archive": "mini_speech_commands.zip",
        "folder": "mini_speech_commands",
        # The exact size (182,082,353 bytes, from public sources) is pinned, so a
        # truncated or replaced archive is refused before it is extracted. The
        # SHA-256 is not: no trustworthy published value was available to check
        # it against, and a wrong pin would reject every good download.
        "size": 182_082_353,
        "sha256": None,
    },
}

#: The data-set modules, imported when first used.
_MODULES = ("esc50", "examples", "speech_commands")


def __getattr__(name):
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f".{name}", __name__)


def fetch(name: str, *, data_dir=None, url: str | None = None, progress: bool = True) -> Path:
    """Download and extract the registered data set ``name``; return its folder in the cache.

    A complete copy (one with the ``.complete`` marker) is returned without
    touching the network. Otherwise the archive is downloaded, extracted (see
    :func:`kwscourse.data.archive.extract_archive`) and deleted.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.
    data_dir : path, optional
        The data folder (default: ``kwscourse.settings.data_dir``).
    url : str, optional
        Download from here instead (a mirror, a test server), without the
        registry's size and SHA-256, which belong to its own address.
    progress : bool, optional
        Show a progress bar.

    Returns
    -------
    pathlib.Path
        The data set's folder in the cache.

    Raises
    ------
    DataError
        ``data.unknown_dataset``; offline with no cached copy ``data.offline_no_cache``,
        which says what to do; or a download or archive error.

    Examples
    --------
    >>> fetch("imagenet")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.DataError: Unknown data set 'imagenet'. Known: mini_speech_commands.
    >>> folder = fetch("mini_speech_commands")  # doctest: +SKIP
    >>> (folder / ".complete").is_file()  # doctest: +SKIP
    True
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise DataError("data.unknown_dataset", name=name, known=", ".join(sorted(DATASETS)))
    spec = DATASETS[name]
    root = cache.cache_dir(data_dir=data_dir)
    folder = root / spec["folder"]
    if cache.is_complete(folder):
        return folder
    archive = root / spec["archive"]
    pinned = url is None
    with explain_offline(name, folder):
        download(url or spec["url"], archive, sha256=spec["sha256"] if pinned else None,
                 size=spec["size"] if pinned else None, progress=progress)
    extract_archive(archive, folder, note="extracted from " + (url or spec["url"]))
    archive.unlink(missing_ok=True)
    return folder


def _subfolders(path: Path) -> list[Path]:
    """Visible sub-folders, sorted; macOS's ``__MACOSX`` resource-fork folder is not data."""
    return sorted(p for p in path.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and p.name != "__MACOSX")


def _is_wav(path: Path) -> bool:
    return path.suffix.lower() == ".wav" and path.is_file()


def wav_files(folder) -> list[Path]:
    """Every ``.wav`` file under ``folder`` (any depth, any letter case), in the order Keras lists them.

    That order is folder by folder (a folder's own files first, then its
    sub-folders'), each folder's files sorted by name.

    Parameters
    ----------
    folder : path
        Where to look.

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> root = Path(tmp()); (root / "deeper").mkdir()
    >>> for name in ("b.WAV", "notes.txt", "deeper/a.wav"):
    ...     (root / name).touch()
    >>> [p.relative_to(root).as_posix() for p in wav_files(root)]
    ['b.WAV', 'deeper/a.wav']
    """
    found = (p for p in Path(folder).rglob("*") if _is_wav(p))
    return sorted(found, key=lambda p: (str(p.parent), p.name))


def _has_wav(folder: Path, *, deep: bool) -> bool:
    return any(_is_wav(p) for p in (folder.rglob("*") if deep else folder.iterdir()))


def word_folders(path) -> list[str]:
    """Sorted names of the sub-folders of ``path`` that hold WAV files (one folder per word).

    Anything else (a README, an empty folder, a hidden folder) is skipped.

    Parameters
    ----------
    path : path
        The top of a word-folder tree, such as ``data/mini_speech_commands``.

    Returns
    -------
    list of str
        The words, which are the class names.

    Raises
    ------
    DataError
        ``data.not_a_word_tree`` when no sub-folder holds a WAV file; it says which
        layout was expected.

    Examples
    --------
    >>> root = Path(tmp()); (root / "yes").mkdir(); (root / "yes" / "a.wav").touch()
    >>> (root / "README.md").touch(); (root / "empty").mkdir()
    >>> word_folders(root)
    ['yes']
    """
    path = _path(path, "path")
    words = [p.name for p in _subfolders(path) if _has_wav(p, deep=True)] if path.is_dir() else []
    if not words:
        raise DataError("data.not_a_word_tree", path=path)
    return words


def word_root(folder, max_depth: int = 4) -> Path:
    """The shallowest folder under ``folder`` whose sub-folders directly hold WAV files.

    Archives nest their word folders differently (``mini_speech_commands/yes/``,
    ``yes/``, ``a/b/yes/``); this finds them however deep.

    Parameters
    ----------
    folder : path
        Where an archive was extracted.
    max_depth : int, optional
        How many folder levels down to look.

    Returns
    -------
    pathlib.Path
        The parent of the word folders.

    Raises
    ------
    DataError
        ``data.not_a_word_tree`` when no such folder is found.

    Examples
    --------
    >>> root = Path(tmp()); (root / "top" / "yes").mkdir(parents=True)
    >>> (root / "top" / "yes" / "a.wav").touch()
    >>> word_root(root).name
    'top'
    """
    level = [_path(folder, "folder")]
    for _ in range(max_depth + 1):
        for candidate in level:
            if any(_has_wav(sub, deep=False) for sub in _subfolders(candidate)):
                return candidate
        level = [sub for candidate in level for sub in _subfolders(candidate)]
        if not level:
            break
    raise DataError("data.not_a_word_tree", path=folder)
