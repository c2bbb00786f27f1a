"""Lesson 3's pieces: ESC-50 subset loader, the synthetic stand-in, cached embeddings, head, classifier."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

from kwscourse import transfer
from kwscourse.audio import waveform as audio
from kwscourse.synthetic import sound_events
from kwscourse.synthetic import stand_ins
from kwscourse.datasets import esc50
from kwscourse.i18n import DataError, ModelError


pytestmark = pytest.mark.slow


# --- the synthetic stand-in ---------------------------------------------------------------

def test_sound_events_table_and_files(tmp_path):
    table = sound_events.sound_events(tmp_path / "ev", per_class=5, seed=3, progress=False)
    assert list(table.columns) == ["filename", "fold", "class_id", "class_name", "path"]
    assert table.groupby("class_name").size().to_dict() == {c: 5 for c in sound_events.EVENT_CLASSES}
    assert dict(zip(table.class_name, table.class_id)) == {c: i for i, c in enumerate(sound_events.EVENT_CLASSES)}
    assert sorted(table.fold.unique()) == [1, 2, 3, 4, 5]
    info = sf.info(table.path[0])
    assert (info.samplerate, info.frames, info.channels) == (16000, 80000, 1)
    assert stand_ins.is_stand_in(tmp_path / "ev")
    again = sound_events.sound_events(tmp_path / "ev2", per_class=5, seed=3, progress=False)
    assert all(open(a, "rb").read() == open(b, "rb").read() for a, b in zip(table.path, again.path))


def _band_share(y, low, high):
    power = np.abs(np.fft.rfft(y)) ** 2
    freqs = np.fft.rfftfreq(y.size, 1 / 16000)
    return power[(freqs >= low) & (freqs < high)].sum() / power.sum()


def test_each_stand_in_class_has_its_character():
    rng = np.random.default_rng
    alarm = sound_events.sound_event("clock_alarm", rng(1))
    cry = sound_events.sound_event("crying_baby", rng(1))
    flush = sound_events.sound_event("toilet_flush", rng(1))
    drops = sound_events.sound_event("water_drops", rng(1))
    assert _band_share(alarm, 1500, 8000) > 0.8  # bright beeps
    assert _band_share(cry, 300, 4000) > 0.8  # voiced harmonics
    assert _band_share(flush, 0, 1000) > 0.5  # low rumble
    # Drops are sparse: a few loud instants, mostly quiet (high kurtosis).
    kurtosis = np.mean((drops - drops.mean()) ** 4) / np.var(drops) ** 2
    assert kurtosis > 2 * np.mean((flush - flush.mean()) ** 4) / np.var(flush) ** 2


# --- ESC-50 subset against a fake archive on 127.0.0.1 ------------------------------------------

def fake_esc50() -> bytes:
    rows, buffer = [], io.BytesIO()
    categories = ["crying_baby", "clock_alarm", "toilet_flush", "water_drops", "dog", "rain"]
    with zipfile.ZipFile(buffer, "w") as archive:
        for target, category in enumerate(categories):
            for fold in range(1, 6):
                name = f"{fold}-{100 + target}-A-0.wav"
                wav = io.BytesIO()
                freq = 300 + 100 * target
                sf.write(wav, 0.5 * np.sin(2 * np.pi * freq * np.arange(44100) / 44100), 44100,
                         format="WAV", subtype="PCM_16")
                archive.writestr(f"ESC-50-master/audio/{name}", wav.getvalue())
                rows.append([name, fold, target, category, False, 100 + target, "A"])
        table = pd.DataFrame(rows, columns=list(esc50.ESC50_COLUMNS))
        archive.writestr("ESC-50-master/meta/esc50.csv", table.to_csv(index=False))
        archive.writestr("ESC-50-master/README.md", "fake ESC-50 for tests")
    return buffer.getvalue()


@pytest.fixture
def esc50_server(server):
    return server.reset({"esc50.zip": fake_esc50()})


def test_esc50_subset_keeps_four_classes_at_16k(esc50_server, tmp_path):
    table = esc50.esc50_subset(data_dir=tmp_path, url=esc50_server.url("esc50.zip"), progress=False).table
    assert list(table.columns) == ["filename", "fold", "class_id", "class_name", "path"]
    assert len(table) == 20
    assert table.groupby("class_name").class_id.first().to_dict() == {
        "crying_baby": 0, "clock_alarm": 1, "toilet_flush": 2, "water_drops": 3}
    assert (table.fold == 5).sum() == 4  # the test fold
    y, sr = audio.load(table.path[0], sr=None)
    assert sr == 16000 and y.size == 80000  # 1 s clip padded to 5 s
    assert np.abs(y[16100:]).max() == 0
    cached = sorted(p.name for p in (tmp_path / "esc50").rglob("*.wav"))
    assert len(cached) == 20 and not any("-104-" in n or "-105-" in n for n in cached)
    assert not (tmp_path / "esc50" / esc50._ARCHIVE).exists()
    # Cached: no network needed the second time.
    again = esc50.esc50_subset(data_dir=tmp_path, url="http://127.0.0.1:9/nothing.zip", progress=False)
    pd.testing.assert_frame_equal(table, again.table)


def test_esc50_other_classes_and_errors(esc50_server, tmp_path):
    table = esc50.esc50_subset(["rain", "dog"], data_dir=tmp_path, url=esc50_server.url("esc50.zip"),
                               progress=False).table
    assert table.groupby("class_name").class_id.first().to_dict() == {"rain": 0, "dog": 1}
    with pytest.raises(DataError) as err:
        esc50.esc50_subset(["dog", "unicorn"], data_dir=tmp_path / "x", url=esc50_server.url("esc50.zip"),
                           progress=False)
    assert err.value.key == "data.esc50_unknown_classes" and "clock_alarm" in str(err.value)
    with pytest.raises(DataError) as err:
        esc50.esc50_subset(data_dir=tmp_path / "offline", url="http://127.0.0.1:9/esc50.zip", progress=False)
    assert err.value.key == "data.offline_no_cache"


# --- embeddings, head and classifier on the real YAMNet ------------------------------------------


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    return sound_events.sound_events(tmp_path_factory.mktemp("ev"), per_class=10, seed=11, progress=False)


def test_embeddings_are_cached_by_model_and_content(real_yamnet, events, tmp_path, monkeypatch):
    paths = list(events.path[:3])
    first = transfer.embed_clips(real_yamnet, paths, cache_dir=tmp_path, progress=False)
    assert [e.shape for e in first] == [(10, 1024)] * 3  # 5 s -> 10 frames
    assert len(list(tmp_path.rglob("*.npy"))) == 3

    def refuse(*args, **kwargs):
        raise AssertionError("YAMNet ran although the embeddings were cached")

    monkeypatch.setattr(real_yamnet, "_run", refuse)
    second = transfer.embed_clips(real_yamnet, paths, cache_dir=tmp_path, progress=False)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_head_learns_the_stand_in_and_round_trips(real_yamnet, events, tmp_path):
    import keras

    keras.utils.set_random_seed(0)
    embeddings = transfer.embed_clips(real_yamnet, list(events.path), cache_dir=tmp_path, progress=False)
    train = (events.fold < 4).to_numpy()
    x, y = transfer.frames_and_labels([e for e, k in zip(embeddings, train) if k], events.class_id[train])
    assert x.shape == (240, 1024)
    # Validation frames come from other clips (fold 4), never from the training clips.
    fold4 = (events.fold == 4).to_numpy()
    val = transfer.frames_and_labels([e for e, k in zip(embeddings, fold4) if k], events.class_id[fold4])
    head = transfer.build_head(4)
    lines = []
    history = transfer.train_head(head, x, y, validation=val, epochs=10, progress=lines.append)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert len(history.history["val_loss"]) == 10 and len(lines) == 10 and lines[0].startswith("Epoch 1/10:")
    test = (events.fold == 5).to_numpy()
    test_embeddings = [e for e, k in zip(embeddings, test) if k]
    report = transfer.evaluate_clips(head, test_embeddings, events.class_id[test], sound_events.EVENT_CLASSES)
    assert report.accuracy >= 0.75 and report.confusion_matrix.sum() == 8 and report.count == 8

    classifier = transfer.ClipClassifier(real_yamnet, head, sound_events.EVENT_CLASSES)
    saved = classifier.save(tmp_path / "clf")
    reloaded = transfer.ClipClassifier.load(saved, yamnet=real_yamnet)
    clip = events.path[~train].iloc[0]
    np.testing.assert_array_equal(classifier.scores(clip), reloaded.scores(clip))
    label, score = reloaded.predict(clip)
    assert label in sound_events.EVENT_CLASSES and 0 < score <= 1
    labels, scores = reloaded(audio.load(clip)[0])
    assert labels[0] == label and scores[0] == pytest.approx(score)


def test_classifier_checks_its_parts(real_yamnet, tmp_path):
    with pytest.raises(ModelError):
        transfer.ClipClassifier(real_yamnet, transfer.build_head(3), ["a", "b"])
    with pytest.raises(ModelError) as err:
        transfer.ClipClassifier.load(tmp_path)
    assert err.value.key == "transfer.no_classifier"
    with pytest.raises(ModelError) as err:
        transfer.ClipClassifier(real_yamnet, transfer.build_head(2), ["a", "b"]).export_savedmodel(tmp_path / "x")
    assert err.value.key == "transfer.export_needs_savedmodel"
