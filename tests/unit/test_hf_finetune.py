"""Lesson 4, section 5: fine-tuning a pre-trained checkpoint, offline.

The lesson calls ``from_pretrained`` on a Hub id (its download is a local folder);
here a tiny model of the same class is saved with ``save_pretrained`` and the same
calls point at it: the head is new and listed, the encoder starts from the saved
weights, ``Trainer`` fine-tunes it on two purpose-made sounds, and ``pipeline``
loads the result back.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kwscourse
from kwscourse.audio import waveform as audio
from kwscourse.hf import classifier as hf
from kwscourse.hf import finetune as hf_finetune
from kwscourse.hf import train as hf_train
from kwscourse.synthetic import stand_ins
from kwscourse.i18n import ModelError, ParameterError

pytestmark = pytest.mark.slow

HEAD = {"classifier.weight", "classifier.bias", "projector.weight", "projector.bias"}


@pytest.fixture(scope="module")
def pretrained(tmp_path_factory):
    """A tiny HuBERT encoder saved like a Hub checkpoint (no ``STAND_IN.txt``: as a real one would be)."""
    folder = stand_ins.untrained_hubert_checkpoint(tmp_path_factory.mktemp("hub") / "tiny-hubert", seed=3)
    (folder / "STAND_IN.txt").unlink()
    return folder


@pytest.fixture(scope="module")
def two_sounds(tmp_path_factory):
    """20 clips each of a low hum and a high whistle, at 22.05 kHz (so they are resampled), in word folders."""
    root, rng = tmp_path_factory.mktemp("sounds"), np.random.default_rng(0)
    for word, low, high in (("hum", 150, 300), ("whistle", 2500, 4000)):
        (root / word).mkdir()
        for i in range(20):
            t = np.arange(int(rng.uniform(0.6, 1.2) * 22050)) / 22050  # shorter and longer than 1 s
            y = 0.4 * np.sin(2 * np.pi * rng.uniform(low, high) * t) + 0.05 * rng.standard_normal(t.size)
            audio.write_wav(root / word / f"{i:02d}.wav", y.astype(np.float32), 22050)
    return hf_train.clip_table(root)


def _from_pretrained(folder, labels):
    import transformers

    id2label = dict(enumerate(labels))
    label2id = {label: i for i, label in id2label.items()}
    extractor = transformers.AutoFeatureExtractor.from_pretrained(str(folder))
    model, loading = transformers.AutoModelForAudioClassification.from_pretrained(
        str(folder), num_labels=len(labels), label2id=label2id, id2label=id2label, output_loading_info=True)
    return model, loading, extractor, label2id


def test_the_new_head_is_listed_and_the_encoder_is_the_checkpoints(pretrained):
    from safetensors.torch import load_file

    model, loading, extractor, _ = _from_pretrained(pretrained, ["hum", "whistle"])
    assert type(model).__name__ == "HubertForSequenceClassification" and extractor.sampling_rate == 16000
    assert set(loading["missing_keys"]) == HEAD and not loading["unexpected_keys"]
    saved = load_file(str(pretrained / "model.safetensors"))
    state = model.state_dict()
    encoder = [key for key in state if key.startswith("hubert.")]
    assert len(encoder) == len(saved) == len(state) - len(HEAD)
    for key in encoder:
        assert np.array_equal(state[key].numpy(), saved[key.removeprefix("hubert.")].numpy()), key
    notice = hf_finetune.new_head_notice(model, loading)
    assert notice.startswith("New classification head, as fine-tuning expects: 4 weight tensor(s)")
    assert "classifier.bias, classifier.weight, projector.bias, projector.weight" in notice
    assert f"The other {len(encoder)} tensors come from the checkpoint." in notice
    assert hf_finetune.checkpoint_notice(pretrained, model).startswith(
        "Pre-trained checkpoint: ntu-spml/distilhubert (154,")  # the encoder's weights, not the head's


def test_clip_inputs_are_one_second_at_the_models_rate(pretrained, two_sounds):
    _, _, extractor, label2id = _from_pretrained(pretrained, ["hum", "whistle"])
    train = hf_finetune.clip_inputs(two_sounds, extractor, label2id, "train")
    test = hf_finetune.clip_inputs(two_sounds, extractor, label2id, "test")
    assert (len(train), len(test), train.failures) == (32, 8, ())
    assert {item["input_values"].shape for item in train.items} == {(16000,)}
    assert sorted(item["labels"] for item in test.items) == [0] * 4 + [1] * 4
    batch = hf_finetune.collate(train.items[:3])
    assert tuple(batch["input_values"].shape) == (3, 16000) and batch["labels"].dtype.is_floating_point is False
    with pytest.raises(ParameterError):
        hf_finetune.clip_inputs(two_sounds, extractor, label2id, "validation")


def test_fine_tuning_learns_two_sounds_and_loads_back_through_pipeline(pretrained, two_sounds, tmp_path):
    import transformers

    labels = ["hum", "whistle"]
    model, _, extractor, label2id = _from_pretrained(pretrained, labels)
    model.freeze_feature_encoder()
    frozen = model.hubert.feature_extractor.conv_layers[0].conv.weight.detach().clone()
    train = hf_finetune.clip_inputs(two_sounds, extractor, label2id, "train")
    test = hf_finetune.clip_inputs(two_sounds, extractor, label2id, "test")
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path / "trainer"), num_train_epochs=8, learning_rate=1e-3, per_device_train_batch_size=8,
        logging_steps=1, save_strategy="no", report_to="none", seed=0, data_seed=0, use_cpu=True,
        disable_tqdm=True, dataloader_pin_memory=False)
    trainer = transformers.Trainer(model=model, args=args, train_dataset=train, eval_dataset=test,
                                   data_collator=hf_finetune.collate, compute_metrics=hf_finetune.accuracy)
    trainer.train()
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    assert len(losses) == 32 and np.mean(losses[-4:]) < 0.5 * np.mean(losses[:4])
    metrics = trainer.evaluate()
    assert metrics["eval_accuracy"] >= 0.75  # chance: 0.5 on 8 held-out clips
    assert np.array_equal(model.hubert.feature_extractor.conv_layers[0].conv.weight.detach(), frozen)
    trainer.save_model(str(tmp_path / "mine"))
    extractor.save_pretrained(str(tmp_path / "mine"))
    plain = transformers.pipeline("audio-classification", model=str(tmp_path / "mine"), device="cpu")
    report = hf_train.evaluate(hf.Classifier(plain, window_s=1.0), two_sounds)
    assert report.count == 8 and report.labels == labels
    assert report.accuracy == pytest.approx(metrics["eval_accuracy"], abs=0.13)  # clips under 1 s are not padded
    assert hf_finetune.result_notice(report.accuracy, report.count, labels, pretrained).startswith(
        f"Held-out accuracy: {report.accuracy:.2f} on 8 clips (chance: 0.50).")


def test_smoke_mode_checkpoint_is_a_marked_stand_in_of_the_same_class(data_dir, monkeypatch, spanish):
    import transformers

    def no_hub(*args, **kwargs):
        raise AssertionError("smoke mode must not reach the Hub")

    monkeypatch.setattr("huggingface_hub.snapshot_download", no_hub)
    monkeypatch.setattr(kwscourse.settings, "smoke", True)
    folder = hf_finetune.checkpoint()
    assert hf_finetune.is_stand_in(folder) and folder.startswith(str(data_dir))
    model, loading = transformers.AutoModelForAudioClassification.from_pretrained(
        folder, num_labels=8, output_loading_info=True)
    assert type(model).__name__ == "HubertForSequenceClassification" and set(loading["missing_keys"]) == HEAD
    assert hf_finetune.checkpoint_notice(folder, model).startswith(
        "MODELO PREENTRENADO SUSTITUTO: el modo smoke cambia el modelo preentrenado ntu-spml/distilhubert "
        "por un HuBERT diminuto de la misma clase (154 ")
    result = hf_finetune.result_notice(0.25, 64, list("abcdefgh"), folder)
    assert result.splitlines() == ["Exactitud en los clips apartados: 0.25 con 64 clips (azar: 0.12).",
                                   result.splitlines()[1]]
    assert result.splitlines()[1].startswith("RESULTADO DE UN SUSTITUTO:")


def test_real_mode_downloads_the_hub_checkpoint_into_the_course_cache(data_dir, monkeypatch, pretrained):
    calls = []

    def fake_download(repo_id, **kwargs):
        calls.append((repo_id, kwargs))
        return str(pretrained)

    monkeypatch.setattr("huggingface_hub.snapshot_download", fake_download)
    monkeypatch.setattr(kwscourse.settings, "smoke", False)
    assert hf_finetune.checkpoint() == str(pretrained) and not hf_finetune.is_stand_in(pretrained)
    ((repo_id, kwargs),) = calls
    assert repo_id == "ntu-spml/distilhubert" and str(kwargs["cache_dir"]).startswith(str(data_dir))

    def offline(*args, **kwargs):
        raise OSError("We couldn't connect to 'https://huggingface.co'")

    monkeypatch.setattr("huggingface_hub.snapshot_download", offline)
    with pytest.raises(ModelError) as err:
        hf_finetune.checkpoint()
    assert err.value.key == "hf.unavailable" and "ntu-spml/distilhubert" in str(err.value)


def _hub_like(server, folder, repo: str):
    """``server`` set up as the Hub's model endpoints that ``snapshot_download`` uses, serving ``folder`` as ``repo``."""
    sha = hashlib.sha1(repo.encode()).hexdigest()
    files = {path.name: path.read_bytes() for path in folder.iterdir()}
    server.reset({
        f"api/models/{repo}/revision/main": json.dumps({"id": repo, "sha": sha}).encode(),
        f"api/models/{repo}/tree/{sha}": json.dumps(
            [{"type": "file", "path": name, "size": len(body), "oid": hashlib.sha1(body).hexdigest()}
             for name, body in files.items()]).encode()})
    for name, body in files.items():
        server.files[f"{repo}/resolve/{sha}/{name}"] = body
        server.headers[f"{repo}/resolve/{sha}/{name}"] = {"X-Repo-Commit": sha,
                                                          "ETag": f'"{hashlib.sha256(body).hexdigest()}"'}
    return server


def test_real_mode_downloads_through_huggingface_hub_from_a_local_hub(pretrained, tmp_path, server):
    """The real download code, end to end, against a local server speaking the Hub's API (HF_ENDPOINT)."""
    _hub_like(server, pretrained, hf_finetune.PRETRAINED)
    fetch = ("import kwscourse; from kwscourse.hf import finetune as hf_finetune; kwscourse.set_smoke(False); "
             "print(hf_finetune.checkpoint())")
    env = dict(os.environ, HF_ENDPOINT=server.url("").rstrip("/"), KWSCOURSE_DATA=str(tmp_path),
               HF_HUB_DISABLE_TELEMETRY="1", KWSCOURSE_SMOKE="0")
    first = subprocess.run([sys.executable, "-c", fetch], env=env, capture_output=True, text=True, timeout=300)
    weights_fetched = sum(path.endswith("model.safetensors") for path in server.paths)
    second = subprocess.run([sys.executable, "-c", fetch], env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr[-2000:]
    folder = Path(first.stdout.strip().splitlines()[-1])
    assert folder.is_relative_to(tmp_path / "hf" / "hub") and second.stdout == first.stdout
    assert (folder / "model.safetensors").read_bytes() == (pretrained / "model.safetensors").read_bytes()
    # HEAD then GET the first time; the second call finds the weights in the course cache
    assert weights_fetched >= 1 and sum(path.endswith("model.safetensors") for path in server.paths) == weights_fetched
    model, loading, _, _ = _from_pretrained(folder, ["no", "yes"])
    assert set(loading["missing_keys"]) == HEAD


def test_real_recordings_are_split_by_speaker():
    names = [f"{speaker}_nohash_{n}.wav" for speaker in ("0a7c2a8d", "1b4c9b89", "3bfd30e6", "c1d39ce8",
                                                         "d21fd169", "f0ac6f7f", "5ff3f9a1") for n in range(3)]
    table = pd.DataFrame({"path": [f"/x/yes/{name}" for name in names], "label": "yes",
                          "split": ["test" if i % 5 == 4 else "train" for i in range(len(names))]})
    split = hf_finetune._speaker_split(table, 5)
    by_speaker = split.assign(speaker=[name.split("_")[0] for name in names]).groupby("speaker").split.nunique()
    assert (by_speaker == 1).all() and set(split.split) == {"train", "test"}
    synthetic = pd.DataFrame({"path": ["/x/yes/synth_yes_00000.wav"], "label": "yes", "split": ["train"]})
    assert hf_finetune._speaker_split(synthetic, 5).split.tolist() == ["train"]  # no speaker: left as it was
    with pytest.raises(ParameterError):
        hf_finetune.keyword_clips(0)
