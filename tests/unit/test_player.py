"""The audio player on the kernel side: what it plays, at which rate, and what it refuses."""

from __future__ import annotations

import base64
import io
import warnings

import numpy as np
import pytest
import soundfile as sf

from kwscourse.ui.player import Player
from kwscourse.i18n import AudioError, ParameterError

from signals import tone


def test_loud_audio_is_scaled_with_a_warning_and_described():
    with pytest.warns(UserWarning, match="1.50"):
        shown = Player(3.0 * tone(440, 0.5), sample_rate=16000)
    assert np.abs(shown.waveform).max() == pytest.approx(1.0)
    assert shown.caption == "0.50 s at 16000 Hz" and shown.wav_base64.startswith("UklGR")
    with warnings.catch_warnings():
        # Our warning only: Colab's ipywidgets 7.7.1 itself calls a deprecated traitlets API.
        warnings.simplefilter("error", UserWarning)
        Player(tone(440, 0.5), sample_rate=16000)


def test_stereo_samples_by_channels_play_as_their_mean(tmp_path, spanish):
    left, right = tone(440, 0.5, 22050, 0.4), tone(1000, 0.5, 22050, 0.2)
    shown = Player(np.stack([left, right], axis=1), sample_rate=22050)  # as soundfile reads it
    np.testing.assert_allclose(shown.waveform, (left + right) / 2, atol=1e-7)
    assert shown.caption == "0.50 s a 22050 Hz" and shown.sample_rate == 22050
    played, rate = sf.read(io.BytesIO(base64.b64decode(shown.wav_base64)))
    assert rate == 22050 and played.shape == (11025,)
    np.testing.assert_allclose(played, (left + right) / 2, atol=1 / 16384)
    with pytest.raises(AudioError) as err:  # [channels, samples], as load(mono=False) gives it
        Player(np.stack([left, right]), sample_rate=22050)
    assert err.value.key == "audio.channels_last" and "y.T" in str(err.value)
    with pytest.raises(ParameterError) as err:
        Player(left)
    assert err.value.key == "player.rate_needed" and str(err.value).startswith("Player necesita la frecuencia")
    sf.write(tmp_path / "a.wav", left, 22050)
    assert Player(str(tmp_path / "a.wav")).caption == "0.50 s a 22050 Hz"  # a file brings its own rate
