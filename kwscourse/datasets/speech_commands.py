"""mini Speech Commands (lesson 1): 8 spoken words, 1000 one-second clips of each.

Warden (2018), arXiv:1804.03209, licence CC BY 4.0. The archive (about 182 MB)
is downloaded and extracted into the cache the first time; in smoke mode a
synthetic stand-in takes its place, and :func:`notice` says which one a
folder holds::

    >>> notice(tmp()).startswith("Real data: mini Speech Commands")
    True
"""

from __future__ import annotations

from pathlib import Path

from ..synthetic import stand_ins
from ..synthetic import speech as synth
from ..i18n import t
from . import fetch, word_root


def mini_speech_commands(*, data_dir=None, url: str | None = None, progress: bool = True) -> Path:
    """The folder that directly holds mini Speech Commands' 8 word folders.

    Downloaded and extracted by :func:`kwscourse.datasets.fetch` the first time,
    then read from the cache. The archive nests the words in a
    ``mini_speech_commands/`` folder of its own; this returns the folder whose
    sub-folders hold the ``.wav`` files, however deep the archive put it.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``kwscourse.settings.data_dir``).
    url : str, optional
        Download from here instead (a mirror, or a test server).
    progress : bool, optional
        Show a progress bar.

    Returns
    -------
    pathlib.Path
        The folder of word folders, inside the extracted archive.

    Examples
    --------
    >>> from kwscourse.datasets import word_folders
    >>> word_folders(mini_speech_commands())  # doctest: +SKIP
    ['down', 'go', 'left', 'no', 'right', 'stop', 'up', 'yes']
    """
    return word_root(fetch("mini_speech_commands", data_dir=data_dir, url=url, progress=progress))


def keyword_folder(*, data_dir=None, progress: bool = True) -> Path:
    """The word folders for lesson 1: the real mini Speech Commands, or in smoke mode its stand-in.

    The stand-in (:func:`kwscourse.synthetic.speech.cached_synth_keywords`) has the same 8
    words, spoken by a speech synthesiser. Print :func:`notice` of the folder to
    say which one it is.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``kwscourse.settings.data_dir``).
    progress : bool, optional
        Show a progress bar while downloading or synthesising.

    Returns
    -------
    pathlib.Path
        The real or the stand-in folder of word folders.

    Examples
    --------
    >>> import kwscourse
    >>> per_word = stand_ins.KEYWORD_CLIPS_PER_WORD
    >>> stand_ins.KEYWORD_CLIPS_PER_WORD = 1  # a quick stand-in, for this example only
    >>> with kwscourse.smoke(True):
    ...     folder = keyword_folder(data_dir=tmp(), progress=False)
    >>> notice(folder)  # doctest: +ELLIPSIS
    'STAND-IN DATA: 8 synthetic keyword clips spoken by speech synthesisers (eSpeak NG...'
    >>> stand_ins.KEYWORD_CLIPS_PER_WORD = per_word
    """
    return stand_ins.real_or_stand_in(
        lambda: mini_speech_commands(data_dir=data_dir, progress=progress),
        lambda: synth.cached_synth_keywords(stand_ins.KEYWORD_CLIPS_PER_WORD, data_dir=data_dir, progress=progress))


def notice(folder) -> str:
    """One plain sentence, in the current language, on what ``folder`` holds: real or stand-in clips.

    Parameters
    ----------
    folder : path
        What :func:`keyword_folder` returned.

    Returns
    -------
    str
        "STAND-IN DATA: ..." for a folder made by :mod:`kwscourse.synthetic.speech`, else
        "Real data: mini Speech Commands recordings from ...".

    Examples
    --------
    >>> notice("downloads/mini_speech_commands")
    'Real data: mini Speech Commands recordings from downloads/mini_speech_commands'
    """
    if stand_ins.is_stand_in(folder):
        return stand_ins.stand_in_notice(folder)
    return t("data.real_keywords", path=folder)
