"""The CLI's lesson 2/3 commands: classify, data fetch yamnet, data fetch esc50."""

from __future__ import annotations

import json
import shutil

import pytest

from kwscourse.cli import main as cli
from kwscourse.yamnet import weights as yamnet_weights

from test_transfer import fake_esc50

pytestmark = pytest.mark.slow


@pytest.fixture
def weights(realdata):
    folder = realdata / "yamnet"
    if not (folder / "yamnet_classification_waveform15600.tflite").is_file():
        pytest.skip(f"real YAMNet weights not found in {folder}")
    return folder


def test_classify_json(weights, realdata, capsys):
    args = ["classify", "--json", "--top", "2", "--model-file",
            str(weights / "yamnet_classification_waveform15600.tflite"),
            "--class-map", str(weights / "yamnet_class_map.csv"),
            str(realdata / "clips" / "miaow_16k.wav"), str(realdata / "clips" / "speech_whistling2.wav")]
    assert cli.main(args) == 0
    out, err = capsys.readouterr()
    results = json.loads(out)  # stdout is JSON only; the backend line goes to stderr
    assert err == f"YAMNet backend: tflite ({weights / 'yamnet_classification_waveform15600.tflite'})\n"
    assert [r["file"] for r in results] == [args[-2], args[-1]]
    assert all(len(r["top"]) == 2 and set(r["top"][0]) == {"label", "score"} for r in results)
    assert results[0]["top"][0]["label"] in {"Animal", "Cat", "Domestic animals, pets"}
    assert results[0]["top"][0]["score"] >= results[0]["top"][1]["score"]


def test_classify_uses_the_cached_class_map_and_fetch_yamnet(weights, realdata, data_dir, capsys):
    cache = data_dir / "yamnet"
    cache.mkdir()
    shutil.copy(weights / "yamnet_classification_waveform15600.tflite", cache / yamnet_weights.TFLITE_FILE)
    shutil.copy(weights / "yamnet_class_map.csv", cache / yamnet_weights.CLASS_MAP_FILE)
    assert cli.main(["data", "fetch", "yamnet", "--backend", "tflite"]) == 0
    assert str(cache / yamnet_weights.TFLITE_FILE) in capsys.readouterr().out
    assert cli.main(["classify", "--top", "3", str(realdata / "clips" / "miaow_16k.wav")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"YAMNet backend: tflite ({cache / yamnet_weights.TFLITE_FILE})\n") and "  1. Animal" in out


def test_classify_bad_file_is_a_clear_error(weights, capsys, spanish):
    args = ["classify", "--model-file", str(weights / "yamnet_classification_waveform15600.tflite"),
            "--class-map", str(weights / "yamnet_class_map.csv"), "/no/such/file.wav"]
    assert cli.main(args) == 2
    assert "No se encuentra el archivo de audio" in capsys.readouterr().err


def test_fetch_esc50_with_classes(tmp_path, data_dir, capsys, server):
    server = server.reset({"esc50.zip": fake_esc50()})
    assert cli.main(["data", "fetch", "esc50", "--classes", "dog,rain", "--url",
                     server.url("esc50.zip")]) == 0
    assert "esc50 is ready" in capsys.readouterr().out
    assert len(list((data_dir / "esc50").rglob("*.wav"))) == 10
