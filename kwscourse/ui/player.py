"""Play audio in a notebook at its own sample rate, and say which rate that is.

:class:`Player` is an anywidget: an ``<audio>`` element fed a 16-bit WAV, with
a caption of the clip's duration and sample rate in the course language. It
never autoplays, and audio beyond full scale is scaled down to play without
distortion. Lesson 4 uses it to hear an array at the rate a model expects.

    >>> Player(np.zeros(22050, "float32"), sample_rate=22050).caption
    '1.00 s at 22050 Hz'
"""

from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path

import anywidget
import numpy as np
import soundfile as sf
import traitlets

from ..audio import waveform as audio
from ..audio.waveform import SAMPLE_RATE
from ..i18n import ParameterError, t

_CSS = (Path(__file__).parent.parent / "static" / "player.css").read_text(encoding="utf-8")


class Player(anywidget.AnyWidget):
    """Play a waveform or an audio file at its own rate, captioned with its duration and rate.

    Audio outside [-1, 1] is scaled down to fit (and a warning says so), so it
    plays without distortion and never crashes.

    Parameters
    ----------
    source : path, bytes or array_like
        An audio file (played at the file's rate), or samples: ``[samples]`` or
        ``[samples, channels]`` (mixed to mono, see :func:`kwscourse.audio.waveform.to_mono`).
    sample_rate : int
        The rate of an array of samples; required for one, ignored for a file.

    Attributes
    ----------
    waveform : numpy.ndarray
        The mono float32 samples that play.
    sample_rate : int
        Their rate.
    duration_s : float
        Their length in seconds.

    Raises
    ------
    ParameterError
        For an array without ``sample_rate``, or a bad rate.
    AudioError
        For a file that cannot be read, or samples that cannot be audio
        (including ``[channels, samples]``: pass ``y.T``).

    Examples
    --------
    >>> player = Player(np.zeros((8000, 2), "float32"), sample_rate=SAMPLE_RATE)
    >>> player.duration_s, player.caption
    (0.5, '0.50 s at 16000 Hz')
    """

    _esm = """
    export default { render({ model, el }) {
      const box = document.createElement("div"); box.className = "kws-player";
      const player = document.createElement("audio");
      player.controls = true; player.autoplay = false; player.preload = "metadata";
      player.src = "data:audio/wav;base64," + model.get("wav_base64");
      const caption = document.createElement("div"); caption.className = "kws-player-caption";
      caption.textContent = model.get("caption");
      box.append(player, caption); el.appendChild(box);
    } };
    """
    _css = _CSS
    wav_base64 = traitlets.Unicode("").tag(sync=True)
    caption = traitlets.Unicode("").tag(sync=True)

    def __init__(self, source, sample_rate: int | None = None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(source, (str, Path, bytes)):
            y, sample_rate = audio.load(source, sr=None)
        else:
            if sample_rate is None:
                raise ParameterError("player.rate_needed")
            sample_rate = audio.check_rate(sample_rate)
            y = audio.to_mono(audio.as_float32(source))
        peak = float(np.max(np.abs(y))) if y.size else 0.0
        if peak > 1.0:
            warnings.warn(t("player.scaled", peak=peak), stacklevel=2)
            y = y / peak
        self.waveform, self.sample_rate = y.astype(np.float32), int(sample_rate)
        self.duration_s = y.size / self.sample_rate
        buffer = io.BytesIO()
        sf.write(buffer, self.waveform, self.sample_rate, format="WAV", subtype="PCM_16")
        self.wav_base64 = base64.b64encode(buffer.getvalue()).decode("ascii")
        self.caption = t("player.caption", seconds=self.duration_s, rate=self.sample_rate)
