"""The lesson's CNN, its export module and the `kwscourse` command line, end to end."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from kwscourse.audio import waveform as audio
from kwscourse.cli import main as cli
from kwscourse.kws import cnn as models
from kwscourse.kws import spotting
from kwscourse.i18n import ModelError


pytestmark = pytest.mark.slow


def test_the_cnn_has_the_lessons_shape_and_size():
    model = models.build_kws_model((124, 129, 1), ["a", "b", "c", "d", "e", "f", "g", "h"])
    assert model.count_params() == 1625611  # ~1.63 M, as in the lesson
    assert [layer.__class__.__name__ for layer in model.layers] == [
        "Resizing", "Normalization", "Conv2D", "Conv2D", "MaxPooling2D", "Dropout", "Flatten",
        "Dense", "Dropout", "Dense"]
    with pytest.raises(ModelError):
        models.build_kws_model((124, 129, 1), ["only"])


def test_train_writes_a_complete_model_folder(trained_cnn):
    out = trained_cnn.model_dir
    assert (out / "saved_model.pb").is_file() and (out / "model.keras").is_file()
    assert json.loads((out / "labels.json").read_text()) == ["down", "no", "up", "yes"]
    history = json.loads((out / "history.json").read_text())
    # It learnt something: training loss fell clearly from the first epoch.
    assert history["loss"][-1] < 0.8 * history["loss"][0]


def test_eval_prints_json_with_accuracy(trained_cnn, capsys):
    out, data = trained_cnn.model_dir, trained_cnn.data
    assert cli.main(["kws", "eval", str(out), str(data)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert isinstance(report["accuracy"], float) and report["count"] == 96
    assert np.sum(report["confusion_matrix"]) == 96
    # Evaluated on data that is mostly its own training set: far above chance (0.25).
    assert report["accuracy"] > 0.5


def test_predict_prints_path_label_score(trained_cnn, capsys):
    out, data = trained_cnn.model_dir, trained_cnn.data
    files = sorted((data / "yes").glob("*.wav"))[:3]
    assert cli.main(["kws", "predict", str(out), *map(str, files)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    for line, path in zip(lines, files):
        name, label, score = line.split("\t")
        assert name == str(path) and label in {"down", "no", "up", "yes"} and 0 < float(score) <= 1


def test_reloaded_export_is_identical_and_reads_files(trained_cnn, tmp_path):
    import keras
    import tensorflow as tf

    out, data = trained_cnn.model_dir, trained_cnn.data
    spotter, labels = spotting.load_model_dir(out)
    model = keras.models.load_model(out / "model.keras")
    files = sorted(data.glob("*/*.wav"))[::7]
    batch = spotting.load_clips(files)
    fresh = models.export_model(model, labels)(batch)
    again = spotter(batch)
    np.testing.assert_array_equal(fresh["predictions"].numpy(), again["predictions"].numpy())
    np.testing.assert_array_equal(fresh["class_ids"].numpy(), again["class_ids"].numpy())
    names = [n.decode() for n in again["class_names"].numpy()]
    assert names == [labels[i] for i in again["class_ids"].numpy()]  # the data set's own order
    # A file name gives the same answer as its waveform.
    by_name = spotter(tf.constant(str(files[0])))
    np.testing.assert_allclose(by_name["predictions"].numpy()[0], again["predictions"].numpy()[0], atol=1e-6)


def test_the_export_module_keeps_the_weights_not_the_keras_model():
    """Saving never walks the Keras model: on Python 3.13 with wrapt 1.x that walk raises
    "this __dict__ descriptor does not support '_DictWrapper' objects" (make colab-check runs
    this file in the Colab twin with wrapt 2.3 and 1.17)."""
    import keras
    import tensorflow as tf

    model = models.build_kws_model((124, 129, 1), ["no", "yes"])
    spotter = models.export_model(model, ["no", "yes"])
    children = tf.train.TrackableView(spotter).children(spotter)
    assert not [name for name, child in children.items() if isinstance(child, keras.layers.Layer)]
    # 4 kernels and 4 biases; the normalisation's mean, variance and count; 2 dropout seeds
    assert len(spotter.variables) == len(model.variables) == 13
    assert {id(v) for v in spotter.variables} == {id(v.value) for v in model.variables}


def test_predict_accepts_other_rates_and_formats(trained_cnn, tmp_path):
    out, data = trained_cnn.model_dir, trained_cnn.data
    y, _ = audio.load(sorted((data / "up").glob("*.wav"))[0])
    stereo_44k = np.stack([audio.resample(y, 16000, 44100)] * 2)
    path = audio.write_wav(tmp_path / "up_44k_stereo.wav", stereo_44k, 44100, subtype="FLOAT")
    spotter, labels = spotting.load_model_dir(out)
    (_, label_a, score_a), = spotting.predict_files(spotter, labels, [path])
    (_, label_b, score_b), = spotting.predict_files(spotter, labels, [sorted((data / "up").glob("*.wav"))[0]])
    assert label_a == label_b and abs(score_a - score_b) < 0.05


def test_eval_refuses_words_the_model_never_learnt(trained_cnn, tmp_path, capsys):
    out = trained_cnn.model_dir
    other = tmp_path / "other" / "banana"
    other.mkdir(parents=True)
    audio.write_wav(other / "b.wav", np.zeros(16000, np.float32))
    assert cli.main(["kws", "eval", str(out), str(tmp_path / "other")]) == 2
    assert "banana" in capsys.readouterr().err


def test_missing_model_is_a_clear_error(tmp_path, capsys, spanish):
    assert cli.main(["--lang", "es", "kws", "predict", str(tmp_path), "x.wav"]) == 2
    err = capsys.readouterr().err
    assert "no contiene un modelo" in err and "kwscourse kws train" in err


def test_synth_keywords_command(tmp_path, capsys):
    assert cli.main(["data", "synth-keywords", str(tmp_path / "kw"), "--per-word", "2",
                     "--seed", "5", "--words", "go,stop"]) == 0
    assert sorted(p.name for p in (tmp_path / "kw").glob("*/*.wav")) == [
        "synth_go_00000.wav", "synth_go_00001.wav", "synth_stop_00000.wav", "synth_stop_00001.wav"]
    assert "STAND-IN" in capsys.readouterr().out


def test_unknown_recipe_is_refused(synth_words, tmp_path, capsys):
    assert cli.main(["kws", "train", str(synth_words), "--out", str(tmp_path / "m"),
                     "--recipe", "magic"]) == 2
    assert "magic" in capsys.readouterr().err and not (tmp_path / "m").exists()


def test_fetch_command_downloads_and_caches(tmp_path, capsys, data_dir, server):
    import soundfile as sf

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for word in ("no", "yes"):
            wav = io.BytesIO()
            sf.write(wav, np.zeros(1600), 16000, format="WAV", subtype="PCM_16")
            archive.writestr(f"mini_speech_commands/{word}/a.wav", wav.getvalue())
        archive.writestr("mini_speech_commands/README.md", "readme")
    server = server.reset({"msc.zip": buffer.getvalue()})
    args = ["--data-dir", str(tmp_path / "cache"), "data", "fetch", "mini_speech_commands",
            "--url", server.url("msc.zip")]
    assert cli.main(args) == 0
    assert "mini_speech_commands" in capsys.readouterr().out
    assert cli.main(args) == 0  # cached: works with the server gone


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("kwscourse")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True)
    for command in ("data", "kws"):
        assert command in result.stdout
