"""Lesson 1's tf.data splits, and spectrogram and log-mel features checked against known signals."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import numpy as np
import pytest

from kwscourse.audio import waveform as audio
from kwscourse.kws import features
from kwscourse.audio.files import UnreadableFilesError
from kwscourse.i18n import AudioError, CourseError, DataError, ParameterError

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


# --- keyword_splits: lesson 1's tf.data sets -------------------------------------------------

def _count(dataset) -> int:
    return sum(int(x.shape[0]) for x, _ in dataset)


def _arrays(dataset):
    pairs = [(x.numpy(), y.numpy()) for x, y in dataset]
    return np.concatenate([x for x, _ in pairs]), np.concatenate([y for _, y in pairs])


def test_keyword_splits_halve_the_held_out_clips(synth_words):
    splits = features.keyword_splits(synth_words)
    train, val, test = splits.train, splits.validation, splits.test
    assert splits.labels == ["down", "no", "up", "yes"] and (splits.read, splits.failures) == (96, ())
    # 96 clips: int(0.2 * 96) = 19 held out; validation gets 10, test 9.
    assert (_count(train), _count(val), _count(test)) == (77, 10, 9)
    assert [int(d.cardinality()) for d in (train, val, test)] == [2, 1, 1]  # known lengths for fit
    x, y = next(iter(train))
    assert x.shape[1:] == (16000,) and x.dtype.name == "float32" and y.dtype.name == "int32"


def test_keyword_splits_match_keras_audio_dataset_from_directory(synth_words):
    import keras

    splits = features.keyword_splits(synth_words, batch_size=32, seed=3)
    train, val, test, labels = splits.train, splits.validation, splits.test, splits.labels
    with contextlib.redirect_stdout(io.StringIO()):
        k_train, k_held = keras.utils.audio_dataset_from_directory(
            str(synth_words), batch_size=32, validation_split=0.2, seed=3, output_sequence_length=16000,
            subset="both")
    assert labels == k_train.class_names
    ours_x, ours_y = _arrays(train)
    keras_x, keras_y = _arrays(k_train)
    np.testing.assert_array_equal(ours_y, keras_y)
    np.testing.assert_array_equal(ours_x, keras_x[..., 0])
    held_x, held_y = _arrays(k_held)
    np.testing.assert_array_equal(_arrays(val)[1], held_y[0::2])
    np.testing.assert_array_equal(_arrays(test)[0], held_x[1::2, :, 0])


def test_keyword_splits_leave_out_undecodable_files_and_name_them(words_with_bad_files, synth_words, spanish):
    splits = features.keyword_splits(words_with_bad_files)
    train, val, test = splits.train, splits.validation, splits.test
    assert sorted(Path(path).name for path, _ in splits.failures) == ["corrupt.wav", "float.wav"]
    assert {err.key for _, err in splits.failures} == {"features.undecodable"}
    corrupt = next(err for path, err in splits.failures if Path(path).name == "corrupt.wav")
    corrupt_path = words_with_bad_files / "yes" / "corrupt.wav"
    assert str(corrupt).startswith(f"TensorFlow no puede decodificar {corrupt_path} (Unexpected field")
    assert isinstance(corrupt, AudioError)
    # The 96 good clips give exactly the split of the clean tree.
    clean = features.keyword_splits(synth_words)
    clean_train, clean_val = clean.train, clean.validation
    np.testing.assert_array_equal(_arrays(train)[1], _arrays(clean_train)[1])
    np.testing.assert_array_equal(_arrays(val)[0], _arrays(clean_val)[0])
    assert (_count(train), _count(val), _count(test)) == (77, 10, 9)


def test_keyword_splits_with_no_decodable_file_say_so(tmp_path):
    (tmp_path / "yes").mkdir()
    (tmp_path / "yes" / "a.wav").write_bytes(b"not audio")
    with pytest.raises(UnreadableFilesError) as err:
        features.keyword_splits(tmp_path)
    assert err.value.fields["count"] == 1 and "a.wav" in str(err.value)


@pytest.mark.parametrize("kwargs, name", [
    ({"batch_size": 0}, "batch_size"),
    ({"validation_split": 1.0}, "validation_split"),
    ({"validation_split": "0.2"}, "validation_split"),
    ({"seed": -1}, "seed"),
    ({"sequence_length": 2.5}, "sequence_length"),
])
def test_keyword_splits_refuse_bad_arguments(synth_words, kwargs, name):
    with pytest.raises(ParameterError) as err:
        features.keyword_splits(synth_words, **kwargs)
    assert err.value.fields["name"] == name


def test_keyword_splits_need_word_folders(tmp_path):
    with pytest.raises(DataError) as err:
        features.keyword_splits(tmp_path)
    assert err.value.key == "data.not_a_word_tree"


def test_kws_train_command_names_an_undecodable_file_and_exits_2(trained_cnn):
    assert trained_cnn.status == 2 and (trained_cnn.model_dir / "saved_model.pb").is_file()  # trained on the others
    err = trained_cnn.stderr
    assert "corrupt.wav" in err and "float.wav" in err and "Files that could not be read: 2" in err