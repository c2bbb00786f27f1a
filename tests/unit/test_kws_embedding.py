"""The embedding recipe: train, evaluate, predict and reload through the CLI; unknown words; Spanish."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from kwscourse.cli import main as cli
from kwscourse.kws import head as kws_embedding
from kwscourse.kws import cnn as models
from kwscourse.kws import speech_embedding
from kwscourse.kws import spotting
from kwscourse.synthetic import speech as synth

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(speech_embedding.packaged_files() is None,
                                 reason="pyopen-wakeword (the packaged speech embedding) is not installed here")]


@pytest.fixture(scope="module")
def embedding_model(synth_words, tmp_path_factory):
    out = tmp_path_factory.mktemp("emb") / "kws"
    assert cli.main(["kws", "train", str(synth_words), "--out", str(out), "--recipe", "embedding",
                     "--unknown-silence"]) == 0
    return out


def test_the_folder_records_its_recipe_and_classes(embedding_model):
    assert models.model_recipe(embedding_model) == "embedding"
    assert json.loads((embedding_model / "labels.json").read_text()) == [
        "down", "no", "up", "yes", "_unknown_", "_silence_"]


def test_eval_and_predict_work_unchanged(embedding_model, synth_words, capsys):
    assert cli.main(["kws", "eval", str(embedding_model), str(synth_words)]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["count"] == 96 and report["accuracy"] >= 0.9
    clip = next((synth_words / "yes").glob("*.wav"))
    assert cli.main(["kws", "predict", str(embedding_model), str(clip)]) == 0
    path, label, score = capsys.readouterr().out.strip().splitlines()[-1].split("\t")
    assert label == "yes" and float(score) > 0.5


def test_reloaded_model_gives_identical_scores_for_arrays_and_files(embedding_model, synth_words):
    spotter, labels = spotting.load_model_dir(embedding_model)
    again, _ = spotting.load_model_dir(embedding_model)
    files = sorted((synth_words / "no").glob("*.wav"))[:4]
    batch = spotting.load_clips(files)
    first = spotter(batch)
    assert np.array_equal(first["predictions"], again(batch)["predictions"])
    assert np.allclose(spotter(str(files[0]))["predictions"][0], first["predictions"][0], atol=1e-6)
    assert list(first["class_names"]).count("no") >= 3


def test_unknown_and_silence_catch_what_is_not_a_keyword(embedding_model, tmp_path):
    others = synth.synth_keywords(tmp_path / "others", 6, words=("left", "stop"), seed=11, progress=False)
    spotter, _ = spotting.load_model_dir(embedding_model)
    names = list(spotter(spotting.load_clips(sorted(others.glob("*/*.wav"))))["class_names"])
    assert names.count("_unknown_") > len(names) / 2, names
    quiet = np.stack(kws_embedding.background_clips(6, np.random.default_rng(3)))
    assert list(spotter(quiet)["class_names"]).count("_silence_") >= 5


def test_extra_data_is_for_the_embedding_recipe_only(synth_words, tmp_path, capsys, spanish):
    code = cli.main(["kws", "train", str(synth_words), "--out", str(tmp_path / "m"), "--extra-data", str(synth_words)])
    assert code == 2 and "solo funcionan con --recipe embedding" in capsys.readouterr().err


def test_spanish_words_are_spoken_with_spanish_voices(tmp_path, capsys):
    assert cli.main(["data", "synth-keywords", str(tmp_path / "es"), "--per-word", "3",
                     "--words", "hola,adiós,sí", "--language", "es"]) == 0
    with open(tmp_path / "es" / "manifest.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted({r["word"] for r in rows}) == ["adiós", "hola", "sí"]
    assert {r["voice"].split("+")[0] for r in rows} <= {"es", "es-419"}
    spanish_yes = synth.synthesize("sí", voice="es")
    assert 0.1 < spanish_yes.size / 16000 < 1.0


@pytest.mark.realdata
def test_synthetic_speech_alone_recognises_real_voices(realdata, tmp_path):
    """Trained on eSpeak only, tested on the 80 real Speech Commands clips (chance 0.125)."""
    real = realdata / "speech_commands_sample" / "v0.01_vinsis"
    words = synth.synth_keywords(tmp_path / "synth", 100, seed=0, progress=False)
    trained = kws_embedding.train_on_folders([words], seed=0)
    report = spotting.evaluate_folder(kws_embedding.EmbeddingSpotter(trained.head, trained.labels), trained.labels, real)
    assert report.accuracy >= 0.8, report.to_dict()
