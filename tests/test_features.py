"""Spectrogram and log-mel features, checked against known signals."""

from __future__ import annotations

import numpy as np
import pytest

from kwscourse import audio, features
from kwscourse.i18n import CourseError

from signals import tone


def test_one_clip_gives_the_lesson_shape():
    assert tuple(features.spectrogram(tone(440)).shape) == (124, 129, 1)


def test_batches_keep_their_axis_and_match_single_clips():
    batch = np.stack([tone(440), tone(2000)])
    spec = features.spectrogram(batch).numpy()
    assert spec.shape == (2, 124, 129, 1)
    np.testing.assert_allclose(spec[1], features.spectrogram(tone(2000)).numpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("freq", [500, 1000, 3000, 6000])
def test_a_tone_peaks_in_its_frequency_bin(freq):
    spec = features.spectrogram(tone(freq)).numpy()[..., 0]
    # 129 bins cover 0-8 kHz: bin k is k * 8000 / 128 Hz.
    assert np.argmax(spec.mean(axis=0)) == round(freq * 128 / 8000)


def test_magnitude_matches_numpy_stft():
    y = tone(1000)
    spec = features.spectrogram(y).numpy()[..., 0]
    # tf.signal's "periodic" Hann of odd length 255 has denominator 254 (its own rule).
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(255) / 254)
    frame = y[128 * 10:128 * 10 + 255] * window
    np.testing.assert_allclose(spec[10], np.abs(np.fft.rfft(frame, 256)), rtol=1e-3, atol=1e-3)


def test_log_mel_moves_up_with_pitch():
    low = features.log_mel_spectrogram(tone(300)).numpy().mean(axis=0)
    high = features.log_mel_spectrogram(tone(3000)).numpy().mean(axis=0)
    assert np.argmax(high) > np.argmax(low) + 10
    assert features.mfcc(tone(300)).shape == (98, 13)


def test_bad_inputs_are_refused():
    with pytest.raises(CourseError) as err:
        features.spectrogram(np.zeros(16000, dtype=np.int16))
    assert err.value.key == "features.bad_waveform"
    with pytest.raises(CourseError) as err:
        features.spectrogram(np.zeros((1, 2, 3), dtype=np.float32))
    assert err.value.key == "features.bad_waveform"
    with pytest.raises(CourseError) as err:
        features.spectrogram(np.zeros(100, dtype=np.float32))
    assert err.value.key == "features.too_short"


def test_real_speech_has_its_energy_in_the_speech_band(realdata):
    y, _ = audio.load(realdata / "speech_commands_sample" / "tflite_micro_testdata" / "yes_1000ms.wav")
    spec = features.spectrogram(audio.pad_or_trim(y, 16000)).numpy()[..., 0]
    assert spec.shape == (124, 129)
    energy = (spec ** 2).sum(axis=0)
    # Most speech energy lies below 4 kHz (bin 64).
    assert energy[:64].sum() / energy.sum() > 0.8
