"""Exported .tflite files: LiteRT gives the Keras/SavedModel scores, labels travel inside, bad files are named."""

from __future__ import annotations

import json

import numpy as np
import pytest

from kwscourse import transfer
from kwscourse.cli import main as cli
from kwscourse.kws import head as kws_embedding
from kwscourse.kws import cnn as models
from kwscourse.export import tflite as tflite_export
from kwscourse.yamnet import model as yamnet
from kwscourse.yamnet import frontend as yamnet_frontend
from kwscourse.i18n import ModelError
from yamnet_double import double_yamnet

RNG = np.random.default_rng(3)


def _speechy(seconds: float = 1.0) -> np.ndarray:
    """A swept tone with noise: enough structure for a model's scores to move."""
    time_s = np.arange(int(16000 * seconds)) / 16000
    tone = 0.3 * np.sin(2 * np.pi * (300 + 900 * time_s) * time_s)
    return (tone + 0.02 * RNG.standard_normal(time_s.size)).astype(np.float32)


@pytest.fixture(scope="module")
def cnn():
    import keras

    keras.utils.set_random_seed(0)
    return models.build_kws_model((124, 129, 1), ["down", "go", "no", "yes"])


def test_keyword_cnn_in_litert_gives_the_keras_scores(cnn, tmp_path):
    path = tflite_export.export_keyword_model(cnn, ["down", "go", "no", "yes"], tmp_path / "kws.tflite")
    exported = tflite_export.ExportedClassifier(path)
    spotter = models.export_model(cnn, ["down", "go", "no", "yes"])
    for clip in (_speechy(), np.zeros(16000, np.float32), 0.5 * _speechy()[::-1].copy()):
        keras_scores = spotter(clip[np.newaxis])["predictions"].numpy()[0]
        np.testing.assert_allclose(exported.scores(clip), keras_scores, atol=1e-4)
    assert exported.labels == ["down", "go", "no", "yes"]
    assert tflite_export.read_manifest(path)["input_samples"] == 16000


def test_quantized_keyword_model_is_smaller_and_close(cnn, tmp_path):
    labels = ["down", "go", "no", "yes"]
    plain = tflite_export.export_keyword_model(cnn, labels, tmp_path / "f32.tflite")
    small = tflite_export.export_keyword_model(cnn, labels, tmp_path / "int8.tflite", quantize=True)
    assert small.stat().st_size < 0.4 * plain.stat().st_size
    clip = _speechy()
    float_scores = tflite_export.ExportedClassifier(plain).scores(clip)
    int8_scores = tflite_export.ExportedClassifier(small).scores(clip)
    assert np.abs(float_scores - int8_scores).max() < 0.05 and int8_scores.sum() == pytest.approx(1, abs=1e-4)
    assert tflite_export.read_manifest(small)["quantized"] is True


def test_embedding_recipe_exports_as_one_file_with_the_spotters_scores(tmp_path):
    import keras

    keras.utils.set_random_seed(1)
    head, labels = kws_embedding.build_head(3), ["no", "up", "yes"]
    folder = kws_embedding.save(head, labels, tmp_path / "model")
    path = tflite_export.export_keyword_folder(folder, tmp_path / "recipe.tflite")
    small = tflite_export.export_keyword_folder(folder, tmp_path / "recipe_int8.tflite", quantize=True)
    spotter = kws_embedding.EmbeddingSpotter(head, labels)
    for clip in (_speechy(), 0.3 * _speechy()[::-1].copy(), np.zeros(16000, np.float32)):
        expected = spotter(clip[np.newaxis])["predictions"][0]
        np.testing.assert_allclose(tflite_export.ExportedClassifier(path).scores(clip), expected, atol=1e-4)
    manifest = tflite_export.read_manifest(path)
    assert "chain" not in manifest and manifest["input_samples"] == 16000  # no side files
    assert tflite_export.read_manifest(small)["quantized"] is True
    assert small.stat().st_size < 0.4 * path.stat().st_size  # int8 agreement: tests/test_speech_embedding_keras.py


def test_tutorial_model_folder_exports_from_its_keras_file(cnn, tmp_path):
    labels = ["down", "go", "no", "yes"]
    folder = tmp_path / "model"
    models.save_model_dir(cnn, labels, folder)
    path = tflite_export.export_keyword_folder(folder, tmp_path / "kws.tflite")
    assert tflite_export.read_labels(path) == labels


def test_lesson3_classifier_end_to_end_in_one_file(data_dir, tmp_path, yamnet_double):
    import keras

    keras.utils.set_random_seed(2)
    model = double_yamnet(yamnet_double, data_dir)
    classifier = transfer.ClipClassifier(model, transfer.build_head(3), ["a", "b", "c"])
    path = tflite_export.export_clip_classifier(classifier, tmp_path / "clips.tflite")
    exported = tflite_export.ExportedClassifier(path)
    for window in (_speechy(15600 / 16000), 0.2 * _speechy(15600 / 16000)):
        np.testing.assert_allclose(exported.scores(window), classifier.scores(window), atol=1e-4)
    assert exported.input_samples == 15600 and exported.labels == ["a", "b", "c"]
    # 3 s: YAMNet's own framing, a window every 0.48 s, the last one padded
    assert len(exported.windows(np.zeros(48000, np.float32))) == yamnet_frontend.frame_count(48000) == 6


def test_lesson3_export_with_the_tflite_yamnet_says_what_is_needed(spanish, tmp_path):
    tiny = yamnet.Yamnet("tflite", ["x"], lambda y: None, "stand-in")
    with pytest.raises(ModelError) as err:
        tflite_export.export_clip_classifier(transfer.ClipClassifier(tiny, transfer.build_head(2), ["a", "b"]),
                                             tmp_path / "x.tflite")
    assert err.value.key == "tflite.needs_savedmodel" and "SavedModel de YAMNet" in str(err.value)


def test_classify_reads_the_labels_inside_the_file(cnn, tmp_path, capsys):
    path = tflite_export.export_keyword_model(cnn, ["abajo", "ve", "no", "sí"], tmp_path / "mine.tflite")
    from kwscourse.audio import waveform as audio

    wav = audio.write_wav(tmp_path / "clip.wav", _speechy(1.4))
    assert cli.main(["classify", str(wav), "--model-file", str(path), "--top", "4", "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert sorted(row["label"] for row in entry["top"]) == ["abajo", "no", "sí", "ve"]
    assert sum(row["score"] for row in entry["top"]) == pytest.approx(1, abs=1e-4)


def test_cli_exports_a_trained_folder(synth_words, tmp_path, capsys):
    model_dir = tmp_path / "model"
    assert cli.main(["kws", "train", str(synth_words), "--out", str(model_dir), "--recipe", "embedding",
                     "--epochs", "3"]) == 0
    out = tmp_path / "kws_int8.tflite"
    assert cli.main(["--lang", "es", "kws", "export", str(model_dir), str(out), "--quantize"]) == 0
    printed = capsys.readouterr().out
    assert "Exportado" in printed and "int8" in printed
    assert tflite_export.read_labels(out) == json.loads((model_dir / "labels.json").read_text())


def test_a_file_with_no_labels_is_named_in_spanish(spanish, cnn, tmp_path):
    plain = tmp_path / "plain.tflite"
    import tensorflow as tf

    plain.write_bytes(tflite_export.convert(lambda x: 2.0 * x, tf.TensorSpec([1, 4], tf.float32)))
    with pytest.raises(ModelError) as err:
        tflite_export.ExportedClassifier(plain)
    assert err.value.key == "tflite.no_labels" and "no lleva nombres de clase" in str(err.value)
    assert not tflite_export.is_exported(plain)


def test_a_file_with_the_wrong_input_shape_is_refused(spanish, tmp_path):
    import tensorflow as tf

    manifest = {"kind": "keyword", "input_samples": 16000, "sample_rate": 16000}
    doubled = tflite_export.convert(lambda x: 2.0 * x, tf.TensorSpec([1, 4], tf.float32))
    path = tflite_export.save(tmp_path / "odd.tflite", doubled, ["a", "b", "c", "d"], manifest)
    with pytest.raises(ModelError) as err:
        tflite_export.ExportedClassifier(path)
    assert err.value.key == "tflite.bad_input" and "[1, 4]" in str(err.value) and "[1, 16000]" in str(err.value)
