"""MediaPipe Tasks' AudioClassifier, the API of phone and web apps, runs the exported files unchanged.

Each file is loaded as it was written, fed real clips, and its scores are compared
with Keras's (or the SavedModel's). MediaPipe cuts a recording into consecutive
windows of the model's input length, the last one padded with zeros; the course's
``ExportedClassifier`` hears a keyword clip's loudest second: both are checked
against the same Keras model.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from kwscourse import transfer
from kwscourse.audio import waveform as audio
from kwscourse.export import mediapipe_client as mediapipe_audio
from kwscourse.kws import cnn as models
from kwscourse.export import tflite as tflite_export
from kwscourse.yamnet import frontend as yamnet_frontend
from yamnet_double import double_yamnet

pytest.importorskip("mediapipe", reason="mediapipe is in the test extra: pip install -e '.[test]'")

FLOAT_TOLERANCE = 1e-4
#: Dynamic-range int8 weights move a softmax score by up to this much on the real clips (measured 0.02).
INT8_TOLERANCE = 0.06


def _real_clips(realdata) -> tuple[list[np.ndarray], list[str]]:
    folder = realdata / "speech_commands_sample" / "v0.01_vinsis"
    paths = sorted(folder.glob("*/*.wav"))
    clips = [audio.pad_or_trim(audio.load(p, sr=16000)[0], 16000) for p in paths]
    return clips, [p.parent.name for p in paths]


@pytest.fixture(scope="module")
def keyword_cnn(real_keyword_model):
    import keras

    labels = json.loads((real_keyword_model / models.LABELS_FILE).read_text())
    return keras.models.load_model(real_keyword_model / models.KERAS_FILE), labels


def _mediapipe_rows(path, clips) -> np.ndarray:
    with mediapipe_audio.classifier(path) as model:
        return np.stack([mediapipe_audio.scores(model, clip).scores[0] for clip in clips])


def test_lesson1_cnn_in_mediapipe_gives_the_keras_scores_on_80_real_clips(keyword_cnn, realdata, tmp_path):
    cnn, labels = keyword_cnn
    clips, words = _real_clips(realdata)
    keras_scores = models.export_model(cnn, labels)(np.stack(clips))["predictions"].numpy()
    path = tflite_export.export_keyword_model(cnn, labels, tmp_path / "kws.tflite")
    with mediapipe_audio.classifier(path) as model:
        assert mediapipe_audio.scores(model, clips[0]).labels == tuple(labels)
    on_phone = _mediapipe_rows(path, clips)
    assert np.abs(on_phone - keras_scores).max() < FLOAT_TOLERANCE
    # a trained model, so the comparison is not between flat scores (chance would be 1/8 each)
    assert keras_scores.max(1).mean() > 2 / len(labels)
    assert np.mean(np.array(labels)[on_phone.argmax(1)] == np.array(words)) > 2 / len(labels)


def test_lesson1_int8_file_in_mediapipe_stays_within_the_documented_tolerance(keyword_cnn, realdata, tmp_path):
    cnn, labels = keyword_cnn
    clips, _ = _real_clips(realdata)
    keras_scores = models.export_model(cnn, labels)(np.stack(clips))["predictions"].numpy()
    path = tflite_export.export_keyword_model(cnn, labels, tmp_path / "kws_int8.tflite", quantize=True)
    on_phone = _mediapipe_rows(path, clips)
    print("int8 against Keras, largest difference:", np.abs(on_phone - keras_scores).max())
    assert np.abs(on_phone - keras_scores).max() < INT8_TOLERANCE
    assert np.mean(on_phone.argmax(1) == keras_scores.argmax(1)) >= 0.95


def test_mediapipe_frames_a_long_recording_in_consecutive_padded_windows(keyword_cnn, realdata, tmp_path):
    cnn, labels = keyword_cnn
    clips, _ = _real_clips(realdata)
    recording = np.concatenate([clips[0], clips[15], clips[70], clips[40][:8000]])  # 3.5 s
    path = tflite_export.export_keyword_model(cnn, labels, tmp_path / "kws.tflite")
    with mediapipe_audio.classifier(path) as model:
        found = mediapipe_audio.scores(model, recording)
    np.testing.assert_array_equal(found.start_ms, [0, 1000, 2000, 3000])
    ours = [audio.pad_or_trim(recording[start:start + 16000], 16000) for start in range(0, len(recording), 16000)]
    expected = models.export_model(cnn, labels)(np.stack(ours))["predictions"].numpy()
    assert np.abs(found.scores - expected).max() < FLOAT_TOLERANCE
    # the course's own reading of one clip (its loudest second) is MediaPipe's window on that clip
    exported = tflite_export.ExportedClassifier(path)
    assert np.abs(exported.scores(clips[15]) - found.scores[1]).max() < FLOAT_TOLERANCE


def test_mediapipe_resamples_to_the_rate_in_the_metadata(keyword_cnn, realdata, tmp_path):
    cnn, labels = keyword_cnn
    clips, _ = _real_clips(realdata)
    path = tflite_export.export_keyword_model(cnn, labels, tmp_path / "kws.tflite")
    at_48k = audio.resample(clips[3], 16000, 48000)
    with mediapipe_audio.classifier(path) as model:
        native, resampled = mediapipe_audio.scores(model, clips[3]), mediapipe_audio.scores(model, at_48k, 48000)
    # the resampler's delay spills a few samples into a second, nearly silent window
    assert resampled.start_ms[0] == 0 and resampled.top(0)[0] == native.top(0)[0]
    assert np.abs(resampled.scores[0] - native.scores[0]).max() < 0.1


def test_lesson3_clip_classifier_in_mediapipe_gives_the_savedmodel_scores(data_dir, realdata, tmp_path, yamnet_double):
    import keras

    keras.utils.set_random_seed(5)
    model = double_yamnet(yamnet_double, data_dir)
    classifier = transfer.ClipClassifier(model, transfer.build_head(3), ["cat", "speech", "other"])
    path = tflite_export.export_clip_classifier(classifier, tmp_path / "clips.tflite")
    recordings = [audio.load(p, sr=16000)[0] for p in sorted((realdata / "clips").glob("*.wav"))]
    with mediapipe_audio.classifier(path) as model:
        for recording in recordings:
            found = mediapipe_audio.scores(model, recording)
            windows = [audio.pad_or_trim(recording[s:s + yamnet_frontend.WINDOW], yamnet_frontend.WINDOW)
                       for s in range(0, len(recording), yamnet_frontend.WINDOW)]
            expected = np.stack([classifier.scores(window) for window in windows])
            assert found.labels == ("cat", "speech", "other") and len(found.start_ms) == len(windows) > 1
            assert np.abs(found.scores - expected).max() < FLOAT_TOLERANCE


def test_embedding_recipe_in_one_file_in_mediapipe_gives_the_spotters_scores(realdata, tmp_path):
    from kwscourse.kws import head as kws_embedding
    from kwscourse.kws import speech_embedding

    clips, words = _real_clips(realdata)
    labels = sorted(set(words))
    embedder = speech_embedding.load()
    head, _ = kws_embedding.train_head(embedder.embed_clips(clips), np.array([labels.index(w) for w in words]),
                                       len(labels), epochs=15)
    expected = kws_embedding.EmbeddingSpotter(head, labels, embedder)(np.stack(clips))["predictions"]
    path = tflite_export.export_embedding_model(head, labels, tmp_path / "recipe.tflite")
    on_phone = _mediapipe_rows(path, clips)  # the file alone: no speech-embedding files beside it
    assert np.abs(on_phone - np.asarray(expected)).max() < FLOAT_TOLERANCE
    assert np.mean(np.array(labels)[on_phone.argmax(1)] == np.array(words)) > 0.8  # fitted to these clips
