"""One bad file in a batch never costs the others: every good file is reported, each bad one is named.

The CLI commands print the good files' results as usual, give every unreadable file its
own localised error line on stderr and exit with 2 at the end; the library functions that
read many files return the good results and a ``failures`` list.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import kwscourse
from kwscourse import transfer
from kwscourse.audio import waveform as audio
from kwscourse.audio import files as batch
from kwscourse.cli import main as cli
from kwscourse.hf import classifier as hf
from kwscourse.hf import train as hf_train
from kwscourse.kws import head as kws_embedding
from kwscourse.kws import speech_embedding
from kwscourse.kws import spotting
from kwscourse.synthetic import stand_ins
from kwscourse.audio.files import UnreadableFilesError
from kwscourse.i18n import AudioError, ParameterError

from signals import tone

pytestmark = pytest.mark.slow

#: The error each kind of bad input gets.
BAD_KINDS = {"not_audio": "audio.unreadable", "empty": "audio.empty_file", "folder": "audio.not_found",
             "missing": "audio.not_found"}


def make_bad(folder: Path, kind: str, name: str | None = None) -> Path:
    """An unreadable input of ``kind``: text named .wav, a 0-byte file, a folder, or nothing at all."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{kind}.wav")
    if kind == "not_audio":
        path.write_text("these are words, not samples")
    elif kind == "empty":
        path.touch()
    elif kind == "folder":
        path.mkdir()
    return path


def high_share(y, sr: int = 16000) -> np.ndarray:
    """The share of each row's energy at or above 1 kHz."""
    power = np.abs(np.fft.rfft(np.atleast_2d(y), axis=-1)) ** 2
    freqs = np.fft.rfftfreq(np.shape(np.atleast_2d(y))[-1], 1 / sr)
    return power[:, freqs >= 1000].sum(-1) / power.sum(-1)


@pytest.fixture
def tones(tmp_path):
    """A 300 Hz clip at 16 kHz and a 3 kHz clip at 44.1 kHz (so it is resampled)."""
    low = audio.write_wav(tmp_path / "low.wav", tone(300, 1.0))
    high = audio.write_wav(tmp_path / "high.wav", tone(3000, 1.0, 44100), 44100)
    return low, high


class PitchSpotter:
    """A stand-in spotter with the exported module's interface: "high" above 1 kHz, "low" below."""

    labels = ["high", "low"]

    def __init__(self):
        self.batch_sizes = []

    def __call__(self, x):
        x = np.asarray(x, np.float32)
        self.batch_sizes.append(len(x))
        share = high_share(x)
        scores = np.stack([share, 1 - share], axis=-1).astype(np.float32)
        ids = scores.argmax(-1)
        return {"predictions": scores, "class_ids": ids, "class_names": np.array([self.labels[i] for i in ids])}


# --- the shared helper ---------------------------------------------------------------------

def test_load_many_keeps_every_readable_file_and_names_each_bad_one(tones, tmp_path):
    low, high = tones
    bad = {kind: make_bad(tmp_path / "bad", kind) for kind in BAD_KINDS}
    loaded = batch.load_many([low, bad["not_audio"], high, bad["empty"], bad["folder"], bad["missing"]])
    assert [path for path, _ in loaded] == [low, high]
    (_, y_low), (_, y_high) = loaded
    assert y_low.shape == y_high.shape == (16000,)  # the 44.1 kHz file came at 16 kHz
    assert high_share(y_low)[0] < 0.01 and high_share(y_high)[0] > 0.99
    assert [path for path, _ in loaded.failures] == [bad[k] for k in ("not_audio", "empty", "folder", "missing")]
    for path, err in loaded.failures:
        assert isinstance(err, AudioError) and err.key == BAD_KINDS[path.stem] and str(path) in str(err)
    assert batch.failure_records(loaded.failures)[0] == {"file": str(bad["not_audio"]),
                                                         "error": str(loaded.failures[0][1])}


def test_a_bad_rate_is_one_error_not_a_failure_per_file(tones):
    with pytest.raises(ParameterError) as err:
        batch.load_many(tones, sr=0)
    assert err.value.key == "audio.bad_rate" and not isinstance(err.value, AudioError)
    with pytest.raises(ParameterError):
        batch.load_many([], sr=0)  # refused before, not per file: even with no files at all


def test_try_each_stops_on_errors_that_are_not_about_the_audio():
    def work(x):
        if x == 2:
            raise KeyError("a bug, not a bad file")
        return x

    with pytest.raises(KeyError):
        batch.try_each([1, 2, 3], work)


def test_strict_results_name_every_bad_file_in_spanish_and_keep_the_rest(tones, tmp_path, spanish):
    low, high = tones
    missing, empty = tmp_path / "nada.wav", make_bad(tmp_path, "empty")
    loaded = batch.load_many([low, missing, high, empty])
    with pytest.raises(UnreadableFilesError) as err:
        loaded.strict("the batch")
    message = str(err.value)
    assert isinstance(err.value, AudioError) and err.value.key == "batch.unreadable_files"
    assert message.startswith("No se pudieron leer 2 de 4 archivos de audio; corrígelos o quítalos")
    assert f"No se encuentra el archivo de audio: {missing}" in message and f"{empty} es un archivo vacío" in message
    assert err.value.results == "the batch" and [p for p, _ in err.value.failures] == [missing, empty]
    assert batch.load_many([low, high]).strict("all read") == "all read"


def test_a_long_list_of_failures_is_cut_in_the_message_but_kept_whole(tmp_path):
    missing = [tmp_path / f"gone_{i:02d}.wav" for i in range(12)]
    with pytest.raises(UnreadableFilesError) as err:
        batch.load_many(missing).strict()
    message = str(err.value)
    assert message.startswith("12 of 12 audio files could not be read")
    assert "gone_09.wav" in message and "gone_10.wav" not in message and message.endswith("  - …")
    assert len(err.value.failures) == 12


def test_require_any_refuses_only_when_nothing_at_all_was_read(tones, tmp_path):
    low, _ = tones
    assert [p for p, _ in batch.load_many([low, tmp_path / "x.wav"]).require_any()] == [low]
    assert batch.load_many([]).require_any().items == ()
    with pytest.raises(UnreadableFilesError) as err:
        batch.load_many([tmp_path / "x.wav", tmp_path / "y.wav"]).require_any()
    assert str(err.value).startswith("2 of 2 audio files could not be read; fix or remove them")


# --- lesson 1: the CNN's batch functions and the embedding recipe -------------------------------

def test_predict_files_skips_bad_files_even_a_batch_of_only_bad_ones(tones, tmp_path):
    low, high = tones
    missing, empty, folder = tmp_path / "missing.wav", make_bad(tmp_path, "empty"), make_bad(tmp_path, "folder")
    spotter = PitchSpotter()
    results = spotting.predict_files(spotter, PitchSpotter.labels, [low, missing, empty, high, folder], batch_size=2)
    assert [(path, label) for path, label, _ in results] == [(str(low), "low"), (str(high), "high")]
    assert all(score > 0.99 for _, _, score in results)
    assert [(path, err.key) for path, err in results.failures] == [
        (str(missing), "audio.not_found"), (str(empty), "audio.empty_file"), (str(folder), "audio.not_found")]
    assert spotter.batch_sizes == [1, 1]  # the last batch held only a folder: the model never saw it
    (_, label, score), = spotting.predict_files(PitchSpotter(), PitchSpotter.labels, [high])
    assert (label, score) == results[1][1:]  # the same answer as alone


def test_load_clips_names_every_bad_file_and_keeps_the_readable_rows(tones, tmp_path):
    low, high = tones
    with pytest.raises(UnreadableFilesError) as err:
        spotting.load_clips([low, make_bad(tmp_path, "not_audio"), high])
    assert err.value.results.shape == (2, 16000)
    np.testing.assert_array_equal(err.value.results, spotting.load_clips([low, high]))
    assert "not_audio.wav" in str(err.value) and "1 of 3" in str(err.value)


def test_evaluate_folder_scores_the_readable_files_and_lists_the_others(tmp_path):
    root = tmp_path / "words"
    for word, freqs in {"high": (3000, 4000), "low": (200,)}.items():
        for freq in freqs:
            audio.write_wav(root / word / f"{freq}.wav", tone(freq, 1.0))
    notes, empty = make_bad(root / "high", "not_audio", "notes.wav"), make_bad(root / "low", "empty")
    report = spotting.evaluate_folder(PitchSpotter(), PitchSpotter.labels, root)
    assert report.count == 3 and report.accuracy == 1.0 and report.labels == ["high", "low"]
    assert report.confusion_matrix.tolist() == [[2, 0], [0, 1]]
    assert report.per_class_accuracy == {"high": 1.0, "low": 1.0}
    assert [r["file"] for r in report.failures] == [str(notes), str(empty)]
    assert "Cannot read" in report.failures[0]["error"] and "empty file" in report.failures[1]["error"]
    assert json.loads(json.dumps(report.to_dict()))["confusion_matrix"] == [[2, 0], [0, 1]]  # what the CLI prints


def test_folder_clips_leaves_out_bad_clips_and_says_which(tmp_path):
    root = tmp_path / "words"
    audio.write_wav(root / "yes" / "a.wav", tone(500, 0.5, 8000), 8000)
    audio.write_wav(root / "no" / "c.wav", tone(700, 1.0))
    bad = make_bad(root / "yes", "not_audio", "b.wav")
    result = kws_embedding.folder_clips(root)
    assert result.words == ["no", "yes"] and [c.size for c in result.clips] == [16000, 8000]  # resampled to 16 kHz
    assert [(path, err.key) for path, err in result.failures] == [(bad, "audio.unreadable")]


class BandEmbedder:
    """A stand-in speech embedding: the share of each clip's energy below each of 96 bands, in all 9 windows."""

    def __init__(self):
        self.clip_count = 0

    def embed_clips(self, clips):
        self.clip_count += len(clips)
        rows = []
        for clip in clips:
            power = np.abs(np.fft.rfft(audio.pad_or_trim(np.asarray(clip, np.float32), 16000))) ** 2
            below = np.cumsum([band.sum() for band in np.array_split(power, 96)]) / power.sum()
            rows.append(np.tile(below, (9, 1)))
        return np.asarray(rows, np.float32)


def test_train_on_folders_learns_from_the_readable_clips_only(tmp_path):
    root = tmp_path / "words"
    for i in range(6):
        audio.write_wav(root / "high" / f"{i}.wav", tone(2500 + 200 * i, 1.0))
        audio.write_wav(root / "low" / f"{i}.wav", tone(200 + 20 * i, 1.0))
    bad = make_bad(root / "low", "empty", "z.wav")
    embedder = BandEmbedder()
    result = kws_embedding.train_on_folders([root], epochs=30, embedder=embedder, validation_fraction=0.0)
    assert result.labels == ["high", "low"] and embedder.clip_count == 12 == result.read  # not 13
    assert [path for path, _ in result.failures] == [bad]
    scores = np.asarray(result.head(embedder.embed_clips([tone(3000, 1.0), tone(250, 1.0)]), training=False))
    assert list(scores.argmax(-1)) == [0, 1]


def test_train_on_folders_with_nothing_readable_says_why(tmp_path):
    for word in ("high", "low"):
        make_bad(tmp_path / "words" / word, "empty")
    with pytest.raises(UnreadableFilesError) as err:
        kws_embedding.train_on_folders([tmp_path / "words"], embedder=BandEmbedder())
    assert str(err.value).startswith("2 of 2 audio files could not be read")


# --- lesson 3: cached YAMNet embeddings ------------------------------------------------------------

class LevelYamnet:
    """A stand-in YAMNet: two frames whose 1024 embedding values are the clip's RMS level."""

    backend = "stand-in"

    def __init__(self, source):
        self.source, self.calls = str(source), 0

    def __call__(self, waveform):
        self.calls += 1
        return SimpleNamespace(embeddings=np.full((2, 1024), np.sqrt(np.mean(waveform ** 2)), np.float32))


def test_embed_clips_names_bad_clips_keeps_the_others_and_caches_them(tmp_path):
    quiet = audio.write_wav(tmp_path / "quiet.wav", tone(440, 1.0, amplitude=0.1))
    loud = audio.write_wav(tmp_path / "loud.wav", tone(440, 1.0, amplitude=0.8))
    weights = tmp_path / "weights.bin"
    weights.write_bytes(b"stand-in weights")
    model = LevelYamnet(weights)
    with pytest.raises(UnreadableFilesError) as err:
        transfer.embed_clips(model, [quiet, tmp_path / "missing.wav", loud], cache_dir=tmp_path / "cache",
                             progress=False)
    levels = [float(e[0, 0]) for e in err.value.results]
    assert levels == pytest.approx([0.1 / np.sqrt(2), 0.8 / np.sqrt(2)], rel=1e-3)
    assert "missing.wav" in str(err.value) and model.calls == 2
    again = transfer.embed_clips(model, [quiet, loud], cache_dir=tmp_path / "cache", progress=False)
    assert model.calls == 2  # both read back from the cache
    assert [float(e[0, 0]) for e in again] == levels


# --- lesson 4: Hugging Face evaluation and training ------------------------------------------------

def test_hf_evaluate_scores_the_readable_clips(stand_in_pipe, tones, tmp_path):
    import pandas as pd

    low, high = tones
    bad = make_bad(tmp_path, "not_audio")
    table = pd.DataFrame({"path": [str(low), str(bad), str(high)], "label": ["jazz", "rock", "pop"],
                          "split": "test"})
    report = hf_train.evaluate(stand_in_pipe, table)
    assert report.count == 2 and report.confusion_matrix.sum() == 2
    assert report.confusion_matrix[report.labels.index("rock")].sum() == 0  # the bad clip's row
    assert [r["file"] for r in report.failures] == [str(bad)]
    with pytest.raises(UnreadableFilesError):  # nothing to score
        hf_train.evaluate(stand_in_pipe, table.iloc[[1]])


def test_train_from_scratch_uses_the_readable_clips(trained_ast, tmp_path):
    result, table = trained_ast.result, trained_ast.table
    assert [path for path, _ in result.failures] == [str(trained_ast.unreadable)]
    assert result.model.config.num_labels == 2 and result.read == 16  # every readable "train" row
    unreadable_only = table[table.path == str(trained_ast.unreadable)]
    with pytest.raises(UnreadableFilesError):
        hf_train.train_from_scratch(unreadable_only, tmp_path / "never", epochs=1)
    assert not (tmp_path / "never").exists()


# --- the three CLI commands ------------------------------------------------------------------------

def run(capsys, *args):
    """``kwscourse ARGS``: (exit status, stdout, stderr)."""
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def yamnet_stand_in(tmp_path_factory):
    """The untrained YAMNet stand-in's model file and class map, as CLI options."""
    model_file, class_map = stand_ins.untrained_yamnet(tmp_path_factory.mktemp("yamnet"))
    return ["--model-file", model_file, "--class-map", class_map]


@pytest.mark.parametrize("kind", ["not_audio", "missing"])
def test_classify_reports_the_good_files_and_names_the_bad_one(yamnet_stand_in, tones, tmp_path, capsys, kind):
    low, high = tones
    bad = make_bad(tmp_path / "bad", kind)
    code, alone, err = run(capsys, "classify", *yamnet_stand_in, "--top", "3", low, high)
    assert code == 0 and "error" not in err
    code, out, err = run(capsys, "classify", *yamnet_stand_in, "--top", "3", low, bad, high)
    assert code == 2 and out == alone  # every good file, exactly as without the bad one
    assert out.count("  1. stand-in class") == 2 and f"{low}\n" in out and f"{high}\n" in out
    assert str(bad) not in out
    lines = err.strip().splitlines()
    expected = f"error: Cannot read {bad} as audio (" if kind == "not_audio" else f"error: Audio file not found: {bad}"
    assert lines[-2].startswith(expected)
    assert lines[-1] == "Files that could not be read: 1 (see above); all the others were processed."


def test_classify_json_has_an_entry_per_file_in_order(yamnet_stand_in, tones, tmp_path, capsys):
    low, high = tones
    bad, missing = make_bad(tmp_path, "empty"), tmp_path / "missing.wav"
    code, out, err = run(capsys, "classify", *yamnet_stand_in, "--json", "--top", "2", low, bad, high, missing)
    entries = json.loads(out)
    assert code == 2 and [e["file"] for e in entries] == [str(low), str(bad), str(high), str(missing)]
    assert [sorted(e) for e in entries] == [["file", "top"], ["error", "file"], ["file", "top"], ["error", "file"]]
    assert entries[1]["error"] == f"{bad} is an empty file (0 bytes): there is no audio in it."
    assert entries[3]["error"] == f"Audio file not found: {missing}"
    code, out, _ = run(capsys, "classify", *yamnet_stand_in, "--json", "--top", "2", low, high)
    assert code == 0 and json.loads(out) == [entries[0], entries[2]]
    assert all(len(e["top"]) == 2 and e["top"][0]["score"] >= e["top"][1]["score"] for e in json.loads(out))


def test_classify_speaks_spanish(yamnet_stand_in, tones, tmp_path, capsys):
    low, _ = tones
    code, out, err = run(capsys, "--lang", "es", "classify", *yamnet_stand_in, low, tmp_path / "nada.wav")
    assert code == 2 and f"{low}\n  1. stand-in class" in out
    assert f"error: No se encuentra el archivo de audio: {tmp_path / 'nada.wav'}" in err
    assert "Archivos que no se pudieron leer: 1 (ver arriba)" in err


@pytest.fixture
def smoke_hf(data_dir, monkeypatch):
    """Smoke mode: ``hf classify --task`` uses the untrained stand-in built in a private cache."""
    monkeypatch.setattr(kwscourse.settings, "smoke", True)


@pytest.mark.parametrize("kind", ["folder", "missing"])
def test_hf_classify_reports_the_good_files_and_names_the_bad_one(smoke_hf, tones, tmp_path, capsys, kind):
    low, high = tones
    bad = make_bad(tmp_path / "bad", kind)
    code, alone, err = run(capsys, "hf", "classify", "--task", "accent", "--top", "2", low, high)
    assert code == 0 and "error" not in err
    code, out, err = run(capsys, "hf", "classify", "--task", "accent", "--top", "2", low, bad, high)
    assert code == 2 and out == alone and out.count("  1. ") == 2 and str(bad) not in out
    assert f"error: Audio file not found: {bad}" in err and "Files that could not be read: 1" in err


def test_hf_classify_json_and_spanish(smoke_hf, tones, tmp_path, capsys):
    low, high = tones
    bad = make_bad(tmp_path, "not_audio")
    code, out, err = run(capsys, "--lang", "es", "hf", "classify", "--task", "genre", "--json", low, bad, high)
    entries = json.loads(out)  # stdout is JSON only
    assert code == 2 and [e["file"] for e in entries] == [str(low), str(bad), str(high)]
    assert entries[0]["stand_in"] is True and len(entries[0]["top"]) == 5
    assert {t["label"] for t in entries[2]["top"]} <= set(hf.PRESETS["genre"].labels)
    assert entries[1]["error"].startswith(f"No se puede leer {bad} como audio")
    assert f"error: No se puede leer {bad} como audio" in err and "Archivos que no se pudieron leer: 1" in err
    code, out, _ = run(capsys, "hf", "classify", "--task", "genre", "--json", low, high)
    assert code == 0 and json.loads(out) == [entries[0], entries[2]]


def test_kws_predict_reports_the_good_files_and_names_the_bad_ones(trained_cnn, tmp_path, capsys):
    model_dir, data = trained_cnn.model_dir, trained_cnn.data
    good = sorted((data / "yes").glob("*.wav"))[:2]
    bad, missing = make_bad(tmp_path, "not_audio"), tmp_path / "missing.wav"
    code, alone, err = run(capsys, "kws", "predict", model_dir, *good)
    assert code == 0 and "error" not in err and len(alone.splitlines()) == 2
    code, out, err = run(capsys, "kws", "predict", model_dir, good[0], bad, missing, good[1])
    assert code == 2 and out == alone  # the same lines, labels and scores
    assert [line.split("\t")[0] for line in out.splitlines()] == [str(p) for p in good]
    assert f"error: Cannot read {bad} as audio" in err and f"error: Audio file not found: {missing}" in err
    assert "Files that could not be read: 2 (see above)" in err
    code, out, err = run(capsys, "--lang", "es", "kws", "predict", model_dir, good[0], missing)
    assert code == 2 and out == alone.splitlines(keepends=True)[0]
    assert f"error: No se encuentra el archivo de audio: {missing}" in err


def test_kws_eval_scores_the_readable_files_and_lists_the_others(trained_cnn, tmp_path, capsys):
    import shutil

    model_dir, data = trained_cnn.model_dir, trained_cnn.data
    root = tmp_path / "words"
    for word in ("no", "yes"):
        (root / word).mkdir(parents=True)
        for path in sorted((data / word).glob("*.wav"))[:3]:
            shutil.copy(path, root / word / path.name)
    bad = make_bad(root / "yes", "empty", "zz.wav")
    code, out, err = run(capsys, "kws", "eval", model_dir, root)
    report = json.loads(out)
    assert code == 2 and report["count"] == 6 and np.sum(report["confusion_matrix"]) == 6
    empty_file = f"{bad} is an empty file (0 bytes): there is no audio in it."
    assert report["failures"] == [{"file": str(bad), "error": empty_file}]
    assert f"error: {bad} is an empty file" in err
    bad.unlink()
    code, out, err = run(capsys, "kws", "eval", model_dir, root)
    assert code == 0 and json.loads(out)["failures"] == [] and json.loads(out)["accuracy"] == report["accuracy"]
    lone = make_bad(tmp_path / "unreadable" / "yes", "not_audio")
    code, out, err = run(capsys, "kws", "eval", model_dir, lone.parent.parent)  # nothing to score
    assert code == 2 and out == "" and err.startswith("error: 1 of 1 audio files could not be read")
    assert f"  - Cannot read {lone} as audio" in err


def test_kws_train_embedding_learns_from_the_readable_clips(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(speech_embedding, "load", BandEmbedder)
    root = tmp_path / "words"
    for i in range(4):
        audio.write_wav(root / "high" / f"{i}.wav", tone(2500 + 300 * i, 1.0))
        audio.write_wav(root / "low" / f"{i}.wav", tone(200 + 30 * i, 1.0))
    bad = make_bad(root / "high", "not_audio", "zz.wav")
    code, out, err = run(capsys, "--lang", "es", "kws", "train", root, "--out", tmp_path / "model",
                         "--recipe", "embedding", "--epochs", "2")
    assert code == 2 and "Entrenado con" in out
    assert json.loads((tmp_path / "model" / "labels.json").read_text()) == ["high", "low"]
    assert f"error: No se puede leer {bad} como audio" in err and "Archivos que no se pudieron leer: 1" in err
