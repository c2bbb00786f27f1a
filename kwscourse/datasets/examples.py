"""Lesson 2's example clips: the YAMNet tutorial's two recordings, and one synthetic sentence.

The recordings (a cat; speech, then whistling) are 16 kHz mono WAVs, downloaded
once into ``<data>/examples``. When they cannot be had in smoke mode, a
synthetic alarm stands in for them, and :func:`notice` says so::

    >>> sorted(EXAMPLE_CLIPS)
    ['miaow_16k.wav', 'speech_whistling2.wav']
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..data import cache
from ..synthetic import stand_ins
from ..synthetic import speech as synth
from ..audio.waveform import SAMPLE_RATE
from ..data.download import download, explain_offline
from ..i18n import DataError, t

#: The two clips of the YAMNet tutorial, by file name.
EXAMPLE_CLIPS = {
    "miaow_16k.wav": "https://storage.googleapis.com/audioset/miaow_16k.wav",
    "speech_whistling2.wav": "https://storage.googleapis.com/audioset/speech_whistling2.wav",
}
#: The synthetic sentence, named so that nobody takes it for a recording.
SENTENCE_FILE = "synthetic_speech_espeak.wav"
SENTENCE = "the quick brown fox jumps over the lazy dog"


def example_clip(name: str, *, data_dir=None, progress: bool = False) -> Path:
    """One of the YAMNet tutorial's recordings, downloaded once into ``<data>/examples``.

    Parameters
    ----------
    name : str
        A key of :data:`EXAMPLE_CLIPS`.
    data_dir : path, optional
        The data folder (default: ``kwscourse.settings.data_dir``).
    progress : bool, optional
        Show a progress bar.

    Returns
    -------
    pathlib.Path
        The clip's file in the cache.

    Raises
    ------
    DataError
        ``data.unknown_dataset`` for another name; offline with no cached copy,
        ``data.offline_no_cache``.

    Examples
    --------
    >>> example_clip("dog.wav")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.DataError: Unknown data set 'dog.wav'. Known: miaow_16k.wav, speech_whistling2.wav.
    >>> example_clip("miaow_16k.wav").name  # doctest: +SKIP
    'miaow_16k.wav'
    """
    if name not in EXAMPLE_CLIPS:
        raise DataError("data.unknown_dataset", name=name, known=", ".join(sorted(EXAMPLE_CLIPS)))
    path = cache.cache_dir("examples", data_dir=data_dir) / name
    if path.is_file():
        return path
    with explain_offline(name, path):
        return download(EXAMPLE_CLIPS[name], path, progress=progress)


def _sentence(folder: Path) -> Path:
    """The synthetic sentence (eSpeak NG, half a second of silence either side), written once."""
    path = folder / SENTENCE_FILE
    if not path.is_file():
        speech = synth.synthesize(SENTENCE, "en-us", rate=150)
        audio.write_wav(path, np.pad(speech, (SAMPLE_RATE // 2, SAMPLE_RATE // 2)), SAMPLE_RATE)
    return path


def lesson2_clips(*, data_dir=None) -> dict[str, Path]:
    """Lesson 2's clips by name: the tutorial's two recordings, plus one synthetic sentence.

    The sentence is always synthetic (eSpeak NG) and says so in its name. When
    the recordings cannot be had in smoke mode, the stand-in of
    :func:`kwscourse.synthetic.stand_ins.example_clip` takes their place; outside smoke
    mode the download error is raised. Print :func:`notice` of the result to
    say which clips are real.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``kwscourse.settings.data_dir``).

    Returns
    -------
    dict of str to pathlib.Path

    Examples
    --------
    >>> clips = lesson2_clips()  # doctest: +SKIP
    >>> list(clips)  # doctest: +SKIP
    ['miaow_16k.wav', 'speech_whistling2.wav', 'synthetic_speech_espeak.wav']
    """
    folder = cache.cache_dir("examples", data_dir=data_dir)
    clips = stand_ins.real_or_stand_in(lambda: {name: example_clip(name, data_dir=data_dir) for name in EXAMPLE_CLIPS},
                                       lambda: _clips_at_hand(folder, data_dir))
    clips[SENTENCE_FILE] = _sentence(folder)
    return clips


def _clips_at_hand(folder, data_dir) -> dict[str, Path]:
    """The recordings that can be had, or the stand-in when none can (smoke mode)."""
    clips = {}
    for name in EXAMPLE_CLIPS:
        try:
            clips[name] = example_clip(name, data_dir=data_dir)
        except DataError:
            pass  # the stand-in below takes the place of the missing recordings
    if not clips:
        stand_in = stand_ins.example_clip(folder)
        clips[stand_in.name] = stand_in
    return clips


def notice(clips) -> str:
    """What ``clips`` are, in the current language: real recordings or the stand-in.

    Parameters
    ----------
    clips : dict of str to path
        What :func:`lesson2_clips` returned.

    Returns
    -------
    str
        "Real data: ..." naming the real recordings, else "STAND-IN DATA: ...".

    Examples
    --------
    >>> notice({"miaow_16k.wav": Path("miaow_16k.wav"), SENTENCE_FILE: Path(SENTENCE_FILE)})
    "Real data: the YAMNet tutorial's recordings miaow_16k.wav, and a synthetic sentence."
    >>> notice({stand_ins.EXAMPLE_CLIP_FILE: Path("x.wav")})[:15]
    'STAND-IN DATA: '
    """
    real = [name for name in clips if name in EXAMPLE_CLIPS]
    return t("data.examples_real", names=", ".join(real)) if real else t("data.examples_stand_in")
