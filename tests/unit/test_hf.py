"""Lesson 4: any audio reaches the model at its rate; chunking; top-k; errors; fine-tuning round trip."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile as sf

from kwscourse.audio import waveform as audio
from kwscourse.hf import classifier as hf
from kwscourse.hf import input as hf_input
from kwscourse.hf import train as hf_train
from kwscourse.synthetic import stand_ins
from kwscourse.i18n import AudioError, CourseError, ModelError, ParameterError

from signals import tone

pytestmark = pytest.mark.slow


class Recorder:
    """Stands between classify() and a pipeline and keeps what the pipeline receives."""

    def __init__(self, classifier, score_of=None):
        self.pipe, self.inputs, self.score_of = classifier.pipeline, [], score_of
        self.model, self.feature_extractor = self.pipe.model, self.pipe.feature_extractor

    def __call__(self, y, **kwargs):
        self.inputs.append(np.array(y))
        if self.score_of is None:
            return self.pipe(y, **kwargs)
        labels = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]
        return [{"label": label, "score": self.score_of(y, i)} for i, label in enumerate(labels)]


def dominant_hz(y, sr=16000):
    return np.argmax(np.abs(np.fft.rfft(y * np.hanning(y.size)))) * sr / y.size


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_arrays_at_any_rate_reach_the_model_at_16k(stand_in_pipe, rate):
    spy = Recorder(stand_in_pipe)
    hf.classify(tone(1000, 2.0, rate, 0.5), rate, pipe=spy, top_k=3)
    (received,) = spy.inputs
    assert received.dtype == np.float32 and received.ndim == 1
    assert abs(received.size - 32000) <= 1
    assert dominant_hz(received) == pytest.approx(1000, abs=2)


def test_stereo_int16_and_file_bytes(stand_in_pipe, tmp_path):
    spy = Recorder(stand_in_pipe)
    stereo = np.stack([tone(500, 1.0, 44100), tone(500, 1.0, 44100, 0.25)], axis=1)  # [samples, channels]
    hf.classify((stereo * 32767).astype(np.int16), 44100, pipe=spy, top_k=1)
    buffer = io.BytesIO()
    sf.write(buffer, (tone(700, 1.5, 22050) * 32767).astype(np.int16), 22050, format="WAV", subtype="PCM_16")
    hf.classify(buffer.getvalue(), pipe=spy, top_k=1)
    path = audio.write_wav(tmp_path / "x.wav", tone(300, 1.0, 48000), 48000)
    hf.classify(str(path), pipe=spy, top_k=1)
    assert [x.size for x in spy.inputs] == [16000, 24000, 16000]
    assert [round(dominant_hz(x)) for x in spy.inputs] == [500, 700, 300]
    assert np.abs(spy.inputs[0]).max() == pytest.approx(0.375, abs=0.01)  # int16 scaled, channels averaged


def test_recorded_objects_are_accepted(stand_in_pipe):
    class Recording:
        waveform, sample_rate = tone(440, 1.0, 48000), 48000

    spy = Recorder(stand_in_pipe)
    hf.classify(Recording(), pipe=spy, top_k=1)
    assert spy.inputs[0].size == 16000

    class Empty:
        waveform, sample_rate = np.zeros(0, np.float32), 48000

    with pytest.raises(CourseError) as err:
        hf.classify(Empty(), pipe=spy, top_k=1)
    assert err.value.key == "hf.nothing_recorded"


def test_more_channels_than_samples_is_refused_not_guessed(stand_in_pipe):
    with pytest.raises(AudioError, match=r"\.T"):
        hf_input.to_model_rate(np.zeros((2, 44100), np.float32), 44100, 16000)  # [channels, samples]


@pytest.mark.parametrize("n,window,hop", [(1, 5, 5), (10, 4, 3), (100, 30, 15), (99, 30, 29), (16000 * 95, 160000, 80000)])
def test_chunks_cover_every_sample(n, window, hop):
    spans = hf_input.chunk_spans(n, window, hop)
    covered = np.zeros(n, bool)
    for start, end in spans:
        assert 0 <= start < end <= n and end - start <= window
        covered[start:end] = True
    assert covered.all() and spans[-1][1] == n
    assert all(b[0] - a[0] <= hop for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize("window,hop,name", [(0, 1, "window"), (4, 5, "hop"), (4, 0, "hop"), (4.0, 2, "window")])
def test_chunk_arguments_are_checked(window, hop, name):
    with pytest.raises(ParameterError) as err:
        hf_input.chunk_spans(10, window, hop)
    assert err.value.fields["name"] == name


def test_long_audio_is_chunked_and_averaged(stand_in_pipe):
    # 25 s: the first 12 s loud, the rest quiet. Label 0's score is the chunk's loudness.
    y = np.concatenate([np.full(12 * 16000, 0.8), np.full(13 * 16000, 0.1)]).astype(np.float32)
    loudness = lambda chunk, i: float(np.abs(chunk).mean()) if i == 0 else 0.0  # noqa: E731
    spy = Recorder(stand_in_pipe, score_of=loudness)
    ranking = hf.classify(y, 16000, pipe=spy, top_k=2, window_s=10.0, overlap=0.5)
    timeline = ranking.timeline
    assert list(timeline.index) == [0.0, 5.0, 10.0, 15.0]
    expected = [float(np.abs(y[s:s + 160000]).mean()) for s in (0, 80000, 160000, 240000)]
    np.testing.assert_allclose(timeline.iloc[:, 0], expected, rtol=1e-5)
    assert ranking.table["score"][0] == pytest.approx(np.mean(expected), rel=1e-5) and ranking.sample_rate == 16000
    assert sum(x.size for x in spy.inputs) >= y.size


@pytest.mark.parametrize("k", [0, 11, -1, 2.5, True])
def test_top_k_bounds(stand_in_pipe, k):
    with pytest.raises(ParameterError) as err:
        hf.classify(tone(440), 16000, pipe=stand_in_pipe, top_k=k)
    assert err.value.key == "checks.whole_number_range" and err.value.fields["maximum"] == 10
    assert len(hf.classify(tone(440), 16000, pipe=stand_in_pipe, top_k=10).table) == 10


@pytest.mark.parametrize("overlap", [1.0, -0.1, (0, 5), "0.5"])
def test_overlap_and_window_are_checked(stand_in_pipe, overlap):
    with pytest.raises(ParameterError) as err:
        hf.classify(tone(440), 16000, pipe=stand_in_pipe, overlap=overlap)
    assert err.value.key == "checks.fraction"
    with pytest.raises(ParameterError) as err:
        hf.classify(tone(440), 16000, pipe=stand_in_pipe, window_s=0)
    assert err.value.key == "checks.positive"


def test_softmax_and_sigmoid(stand_in_pipe, tmp_path):
    soft = hf.classify(tone(440), 16000, pipe=stand_in_pipe, top_k=10)
    assert not soft.multi_label and soft.table["score"].sum() == pytest.approx(1.0, abs=1e-4)
    folder = stand_ins.untrained_hf_classifier(["a", "b", "c"], tmp_path / "multi")
    import json

    config = json.loads((folder / "config.json").read_text())
    config["problem_type"] = "multi_label_classification"
    (folder / "config.json").write_text(json.dumps(config))
    multi = hf.load(model=str(folder))
    table = hf.classify(tone(440), 16000, pipe=multi, top_k=3).table
    assert hf.classify(tone(440), 16000, pipe=multi, top_k=3).multi_label and not table["score"].sum() == pytest.approx(1.0, abs=1e-3)
    assert ((table["score"] > 0) & (table["score"] < 1)).all()


def test_errors(stand_in_pipe, tmp_path, monkeypatch, spanish):
    (tmp_path / "bad.wav").write_bytes(b"RIFF....WAVEjunk")
    with pytest.raises(AudioError):
        hf.classify(str(tmp_path / "bad.wav"), pipe=stand_in_pipe)
    with pytest.raises(CourseError) as err:
        hf.classify(tone(440), pipe=stand_in_pipe)  # an array without its rate
    assert err.value.key == "hf.rate_needed"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError) as err:
        hf.load(model="nobody/no-such-model")
    assert err.value.key == "hf.unavailable" and "No se pudo cargar" in str(err.value)
    with pytest.raises(ParameterError) as err:
        hf.load("weather")
    assert err.value.key == "checks.one_of" and "genre, emotion, accent" in str(err.value)
    for both_or_neither in ({"task": "genre", "model": "x"}, {}):
        with pytest.raises(ParameterError) as err:
            hf.load(**both_or_neither)
        assert err.value.key == "hf.task_or_model"
    with pytest.raises(ParameterError):
        hf.model_source("weather")


def test_smoke_presets_are_labelled_stand_ins(data_dir, monkeypatch, capsys, spanish):
    import kwscourse

    monkeypatch.setattr(kwscourse.settings, "smoke", True)
    emotion = hf.load("emotion")
    assert emotion.stand_in and emotion.preset is hf.PRESETS["emotion"] and emotion.window_s == 10.0
    assert emotion.labels == list(hf.PRESETS["emotion"].labels)
    assert emotion.notice.startswith("MODELO SUSTITUTO: el modo smoke cambia ehcalabres/")
    assert "UNTRAINED STAND-IN" in repr(emotion)
    ranking = hf.classify(tone(440, 3.0), 16000, pipe=emotion)
    assert ranking.stand_in and capsys.readouterr().out == ""  # said, not printed
    shown = repr(ranking)
    assert shown.startswith("(puntuaciones de un modelo sustituto del modo smoke") and "etiqueta" in shown
    assert ranking._repr_html_().startswith("<p><b>(puntuaciones de un modelo sustituto")
    assert list(ranking.table.columns) == ["label", "score"]  # the names code uses; only the display is translated
    assert hf.load("emotion", window_s=2.5).window_s == 2.5
    assert hf.model_source("emotion") == str(data_dir / "hf" / "stand_in" / "emotion")


def test_a_half_built_stand_in_folder_is_built_again(tmp_path):
    folder = tmp_path / "genre"
    folder.mkdir()
    (folder / "config.json").write_text("{")  # a crash left it, without the .complete marker
    (tmp_path / "genre.partial").mkdir()
    stand_ins.untrained_hf_classifier(["a", "b"], folder)
    assert hf.load(model=str(folder)).labels == ["a", "b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["genre"]


def test_real_models_say_what_they_are(stand_in_pipe):
    assert not stand_in_pipe.stand_in and stand_in_pipe.window_s == hf.DEFAULT_WINDOW_S
    assert stand_in_pipe.notice == f"Model: {stand_in_pipe.pipeline.model.name_or_path} (windows of 10 s)"
    ranking = hf.classify(tone(440), 16000, pipe=stand_in_pipe, top_k=2)
    assert not ranking.stand_in and repr(ranking).lstrip().startswith("label")
    assert stand_in_pipe.new_weights == () and ranking.new_weights == ()  # a complete checkpoint


def _drop_head(folder):
    """Save the checkpoint again without its last layer, as a base model without a trained head."""
    from safetensors.torch import load_file, save_file

    weights = load_file(folder / "model.safetensors")
    save_file({k: v for k, v in weights.items() if not k.startswith("classifier.")}, folder / "model.safetensors",
              metadata={"format": "pt"})


def _five_labels(folder):
    """Give the config five labels: the saved three-label head no longer fits."""
    import json

    config = json.loads((folder / "config.json").read_text())
    config["id2label"] = {str(i): name for i, name in enumerate("abcde")}
    config["label2id"] = {name: i for i, name in enumerate("abcde")}
    (folder / "config.json").write_text(json.dumps(config))


@pytest.mark.parametrize("damage", [_drop_head, _five_labels])
def test_weights_set_at_random_on_loading_are_named(tmp_path, damage, spanish):
    import kwscourse

    folder = stand_ins.untrained_hf_classifier(["a", "b", "c"], tmp_path / "m")
    damage(folder)
    loaded = hf.load(model=str(folder), window_s=1.0)
    assert loaded.new_weights == ("classifier.bias", "classifier.weight") and not loaded.stand_in
    first, second = loaded.notice.split("\n")
    assert first == f"Modelo: {folder} (ventanas de 1 s)"
    assert second.startswith("PESOS INICIALIZADOS AL AZAR: 2 tensor(es) de pesos")
    assert "(classifier.bias, classifier.weight)" in second and second.endswith("las puntuaciones no son fiables.")
    table = hf.classify(tone(440), 16000, pipe=loaded, top_k=2)
    assert repr(table).startswith("(puntuaciones de un modelo con pesos inicializados al azar")
    assert hf.as_classifier(loaded, window_s=0.5).new_weights == loaded.new_weights  # kept with a new window
    kwscourse.set_language("en")  # the fixture restores the language
    assert loaded.notice.split("\n")[1].startswith("NEWLY INITIALISED WEIGHTS: 2 weight tensor(s) of this model")
    assert "not to be trusted" in loaded.notice and "classifier.weight" in loaded.notice
    assert table._repr_html_().startswith("<p><b>(scores from a model with weights set at random")
    assert len(loaded.labels) == (5 if damage is _five_labels else 3)


def test_model_trained_from_scratch_round_trips_through_pipeline(trained_ast):
    trained, table, lines, model_dir = trained_ast.result, trained_ast.table, trained_ast.progress, trained_ast.model_dir
    model, extractor, losses = trained.model, trained.extractor, trained.losses
    assert trained.read == 16 and losses and losses[-1] < losses[0]  # the 16 readable "train" rows
    assert len(lines) == len(losses) and lines[-1].startswith("epoch 15/15: training loss ")
    import transformers

    in_memory = transformers.pipeline("audio-classification", model=model, feature_extractor=extractor, device="cpu")
    from_disk = hf.load(model=str(model_dir), window_s=1.0)
    plain = transformers.pipeline("audio-classification", model=str(model_dir))
    for path in table.path[:4]:
        a = hf.classify(path, pipe=in_memory, top_k=2).table  # a plain pipeline: the default window
        b = hf.classify(path, pipe=from_disk, top_k=2).table
        assert list(a["label"]) == list(b["label"]) and np.array_equal(a["score"], b["score"])
        y, _ = audio.load(path)
        direct = {d["label"]: d["score"] for d in plain(y, top_k=2)}
        assert direct[b["label"][0]] == pytest.approx(b["score"][0], abs=1e-6)
    report = hf_train.evaluate(hf.Classifier(plain, window_s=1.0), table)
    assert report.count == 4 and report.confusion_matrix.sum() == 4 and report.labels == ["no", "yes"]
    assert report.failures == () and 0.0 <= report.accuracy <= 1.0
    again = hf_train.evaluate(from_disk, table)
    np.testing.assert_array_equal(again.confusion_matrix, report.confusion_matrix)


def test_train_from_scratch_checks_its_arguments(tmp_path):
    import pandas as pd

    table = pd.DataFrame({"path": ["a.wav"], "label": ["yes"], "split": ["train"]})
    with pytest.raises(ParameterError) as err:
        hf_train.train_from_scratch(table, tmp_path / "m", progress="print")
    assert err.value.key == "checks.callable"
    with pytest.raises(ParameterError) as err:
        hf_train.train_from_scratch(table, tmp_path / "m", clip_seconds=0)
    assert err.value.key == "checks.positive"


def test_cli_hf_classify(data_dir, monkeypatch, capsys, tmp_path):
    import json

    import kwscourse
    from kwscourse.cli import main as cli

    monkeypatch.setattr(kwscourse.settings, "smoke", True)
    path = audio.write_wav(tmp_path / "a.wav", tone(440, 2.0, 44100), 44100)
    assert cli.main(["hf", "classify", str(path), "--task", "accent", "--top", "2", "--json"]) == 0
    out, err = capsys.readouterr()
    (result,) = json.loads(out)
    assert err.startswith("STAND-IN MODEL")  # the notice goes beside the JSON, not into it
    assert result["file"] == str(path) and result["stand_in"] is True
    assert len(result["top"]) == 2 and {r["label"] for r in result["top"]} <= set(hf.PRESETS["accent"].labels)
    assert cli.main(["hf", "classify", str(path), "--task", "genre"]) == 0
    out = capsys.readouterr().out
    assert "STAND-IN MODEL" in out and "  1. " in out
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert cli.main(["hf", "classify", str(path), "--model", "nobody/none"]) == 2
    assert "Could not load the model nobody/none" in capsys.readouterr().err
