"""The real-mode download addresses, against a local HTTP server with purpose-made bytes.

YAMNet's TFLite file comes from Google's stable address first and tfhub.dev
second; its SavedModel from tfhub.dev first and Kaggle second. Every address
is pointed at the local server (``tests/httpserver.py``) here; the real ones
are only checked as values.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import numpy as np
import pytest

import kwscourse
from kwscourse import datasets
from kwscourse.export import tflite_check
from kwscourse.yamnet import model as yamnet
from kwscourse.yamnet import frontend as yamnet_frontend
from kwscourse.yamnet import weights
from kwscourse.datasets import esc50
from kwscourse.i18n import DataError, ModelError


PACKAGE = Path(kwscourse.__file__).parent
HTML = b"<!DOCTYPE html><html><body>This model has moved to Kaggle.</body></html>"
#: The smallest bytes that pass the magic check (and that LiteRT then refuses to load).
MAGIC_ONLY = b"\x00\x00\x00\x00" + tflite_check.TFLITE_MAGIC + b"\x00" * 56


def tflite_bytes(weights: int = 3000) -> bytes:
    """A structurally whole TFLite flatbuffer with one weight buffer of ``weights`` bytes."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema

    model = schema.ModelT()
    model.version = 3
    buffer = schema.BufferT()
    buffer.data = np.arange(weights, dtype=np.uint64).astype(np.uint8)
    model.buffers = [schema.BufferT(), buffer]
    builder = flatbuffers.Builder(0)
    builder.Finish(model.Pack(builder), file_identifier=tflite_check.TFLITE_MAGIC)
    return bytes(builder.Output())


def class_map(folder: Path) -> Path:
    """A purpose-made class map with YAMNet's 521 rows."""
    path = folder / "class_map.csv"
    rows = ["index,mid,display_name"] + [f"{i},/m/{i},class {i}" for i in range(yamnet_frontend.NUM_CLASSES)]
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def sources(server, monkeypatch):
    """Point every YAMNet address at the local server: two TFLite and two SavedModel names."""
    monkeypatch.setattr(weights, "TFLITE_URL", server.url("first.tflite"))
    monkeypatch.setattr(weights, "TFLITE_FALLBACK_URLS", (server.url("second.tflite"),))
    monkeypatch.setattr(weights, "SAVEDMODEL_URL", server.url("tfhub.tar.gz"))
    monkeypatch.setattr(weights, "SAVEDMODEL_FALLBACK_URLS", (server.url("kaggle.tar.gz"),))
    monkeypatch.setattr(weights, "PINNED_SIZES", {})
    monkeypatch.setattr(kwscourse.settings, "smoke", False)  # no stand-in hiding a failure
    return server


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


# --- the real addresses, as values ----------------------------------------------------

def test_real_tflite_addresses_and_pin():
    assert weights.TFLITE_URL == ("https://storage.googleapis.com/download.tensorflow.org/models/tflite/"
                                 "task_library/audio_classification/android/"
                                 "lite-model_yamnet_classification_tflite_1.tflite")
    assert weights.PINNED_SIZES == {weights.TFLITE_URL: 4_126_810}
    assert weights.TFLITE_FALLBACK_URLS == (
        "https://tfhub.dev/google/lite-model/yamnet/classification/tflite/1?lite-format=tflite",)


def test_real_savedmodel_addresses():
    assert weights.SAVEDMODEL_URL == "https://tfhub.dev/google/yamnet/1?tf-hub-format=compressed"
    assert weights.SAVEDMODEL_FALLBACK_URLS == (
        "https://www.kaggle.com/api/v1/models/google/yamnet/tensorFlow2/yamnet/1/download",)


def test_mini_speech_commands_size_is_pinned_and_enforced(server, tmp_path, monkeypatch):
    spec = datasets.DATASETS["mini_speech_commands"]
    assert spec["size"] == 182_082_353 and spec["sha256"] is None
    # The registry's own address carries the pin: a 1 kB "archive" there is refused.
    server.files["msc.zip"] = b"x" * 1000
    monkeypatch.setitem(spec, "url", server.url("msc.zip"))
    with pytest.raises(DataError) as err:
        datasets.fetch("mini_speech_commands", data_dir=tmp_path, progress=False)
    assert err.value.key == "data.size_mismatch"
    assert err.value.fields["got"] == 1000 and err.value.fields["expected"] == 182_082_353
    assert leftovers(tmp_path) == []


def test_esc50_lives_at_karolpiczak():
    # Pinned to a commit: master could change under us.
    assert esc50.ESC50_URL == f"https://github.com/karolpiczak/ESC-50/archive/{esc50.ESC50_COMMIT}.zip"
    assert len(esc50.ESC50_COMMIT) == 40
    stale = [p.name for p in PACKAGE.rglob("*.py") if "github.com/karoldvl" in p.read_text(encoding="utf-8")]
    assert stale == []


# --- the TFLite file ----------------------------------------------------------------------

@pytest.mark.parametrize("first", [None, b"", HTML, b"\x00" * 64])
def test_unusable_first_address_falls_through_to_the_second(sources, data_dir, first, capsys):
    good = tflite_bytes()
    sources.files["second.tflite"] = good
    if first is not None:  # None: the first address answers 404
        sources.files["first.tflite"] = first
    path = weights.tflite_file()
    assert path == data_dir / "yamnet" / weights.TFLITE_FILE
    assert path.read_bytes() == good
    assert len(sources.requests) == 2
    assert leftovers(data_dir) == [weights.TFLITE_FILE]


def test_every_address_bad_is_one_error_naming_each_and_leaves_nothing(sources, data_dir):
    sources.files.update({"first.tflite": HTML, "second.tflite": b""})
    with pytest.raises(DataError) as err:
        weights.tflite_file()
    assert err.value.key == "yamnet.download_failed" and err.value.fields["count"] == 2
    text = str(err.value)
    assert f"{sources.url('first.tflite')} is not a TFLite model: it has {len(HTML)} bytes" in text
    assert "starts with b'<!DOCTYPE html><'" in text
    assert f"{sources.url('second.tflite')} is not a TFLite model: it has 0 bytes" in text
    assert leftovers(data_dir) == []


def test_size_mismatch_on_the_pinned_address_is_refused(sources, data_dir, monkeypatch):
    good = tflite_bytes()
    sources.files.update({"first.tflite": tflite_bytes(2000), "second.tflite": good})
    monkeypatch.setitem(weights.PINNED_SIZES, sources.url("first.tflite"), len(good))
    assert weights.tflite_file().read_bytes() == good
    # With no fallback the size mismatch itself is the reason given.
    (data_dir / "yamnet" / weights.TFLITE_FILE).unlink()
    monkeypatch.setattr(weights, "TFLITE_FALLBACK_URLS", ())
    with pytest.raises(DataError) as err:
        weights.tflite_file()
    assert f"has {len(tflite_bytes(2000))} bytes, but {len(good)} were expected" in str(err.value)
    assert leftovers(data_dir) == []


@pytest.mark.parametrize("damage", ["truncated", "wrong magic", "empty"])
def test_bad_cached_tflite_is_replaced(sources, data_dir, damage, capsys):
    good = tflite_bytes()
    sources.files["first.tflite"] = good
    cached = data_dir / "yamnet" / weights.TFLITE_FILE
    cached.parent.mkdir()
    cached.write_bytes({"truncated": good[:-10], "wrong magic": b"\x00" * 4 + b"TFL2" + good[8:],
                        "empty": b""}[damage])
    assert weights.cached_backends() == []
    notes = []
    assert weights.tflite_file(notes=notes).read_bytes() == good
    assert capsys.readouterr().out == ""  # said through notes, not printed
    (note,) = notes
    assert note.startswith(f"The cached copy {cached} is unusable")
    if damage == "truncated":
        assert f"needs {len(good)} bytes, but the file has only {len(good) - 10}" in note
    assert weights.cached_backends() == ["tflite"]
    assert weights.tflite_file(notes=notes) == cached and len(notes) == 1  # a good copy: nothing to say


def test_good_cached_tflite_is_used_without_the_network(sources, data_dir):
    cached = data_dir / "yamnet" / weights.TFLITE_FILE
    cached.parent.mkdir()
    cached.write_bytes(tflite_bytes())
    assert weights.tflite_file() == cached
    assert sources.requests == []


def test_real_yamnet_tflite_passes_and_its_truncation_fails(realdata, tmp_path):
    real = realdata / "yamnet" / "yamnet_classification_waveform15600.tflite"
    if not real.is_file():
        pytest.skip(f"real YAMNet TFLite not found at {real}")
    assert tflite_check.check_tflite(real) == real
    blob = real.read_bytes()
    for cut in (1, 100_000, len(blob) // 2):  # the tail holds operator codes, the middle weights
        short = tmp_path / "short.tflite"
        short.write_bytes(blob[:-cut])
        with pytest.raises(DataError) as err:
            tflite_check.check_tflite(short)
        assert err.value.key == "tflite.truncated" and err.value.fields["size"] == len(blob) - cut


# --- the SavedModel ------------------------------------------------------------------------

def tar_gz(folder: Path, prefix: str) -> bytes:
    """``folder``'s files as a .tar.gz, each member named ``prefix + relative path``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path in sorted(folder.rglob("*")):
            tar.add(path, arcname=prefix + path.relative_to(folder).as_posix(), recursive=False)
    return buffer.getvalue()


@pytest.mark.parametrize("prefix", ["", "./", "yamnet_1/"], ids=["kaggle", "tfhub", "one folder down"])
def test_savedmodel_archive_layouts(sources, data_dir, yamnet_double, prefix):
    sources.files["kaggle.tar.gz"] = tar_gz(yamnet_double, prefix)
    folder = weights.savedmodel_dir()  # tfhub.tar.gz answers 404, so this is the fallback
    assert folder == data_dir / "yamnet" / weights.SAVEDMODEL_DIR
    assert (folder / "saved_model.pb").read_bytes() == (yamnet_double / "saved_model.pb").read_bytes()
    assert (folder / "variables").is_dir() and (folder / "assets" / "yamnet_class_map.csv").is_file()
    assert sorted(p.name for p in (data_dir / "yamnet").iterdir()) == [weights.SAVEDMODEL_DIR]


def test_kaggle_archive_is_loaded(sources, data_dir, yamnet_double):
    sources.files["kaggle.tar.gz"] = tar_gz(yamnet_double, "")
    model = yamnet.load("savedmodel", class_map=class_map(data_dir))
    result = model(np.zeros(48000, np.float32))
    assert model.backend == "savedmodel" and model.source == str(data_dir / "yamnet" / "savedmodel")
    assert result.scores.shape == (6, 521) and result.top_k(1) == [("class 500", 1.0)]


def test_archive_without_saved_model_pb_is_refused(sources, data_dir, tmp_path):
    junk = tmp_path / "junk"
    (junk / "variables").mkdir(parents=True)
    (junk / "variables" / "variables.index").write_bytes(b"index")
    sources.files.update({"tfhub.tar.gz": HTML, "kaggle.tar.gz": tar_gz(junk, "")})
    with pytest.raises(DataError) as err:
        weights.savedmodel_dir()
    text = str(err.value)
    assert err.value.key == "yamnet.download_failed" and err.value.fields["count"] == 2
    assert "is not a valid tar.gz archive" in text  # the web page
    assert f"The archive from {sources.url('kaggle.tar.gz')} has no saved_model.pb" in text
    assert leftovers(data_dir) == []


# --- auto: one backend's bad cache hands over to the other ---------------------------------

@pytest.mark.parametrize("fresh", [None, MAGIC_ONLY], ids=["no fresh copy", "fresh copy as bad"])
def test_corrupt_cached_tflite_falls_back_to_savedmodel(sources, data_dir, yamnet_double, fresh,
                                                         capsys):
    cached = data_dir / "yamnet" / weights.TFLITE_FILE
    cached.parent.mkdir()
    cached.write_bytes(MAGIC_ONLY)  # passes the quick check; LiteRT refuses it
    assert weights.cached_backends() == ["tflite"]
    if fresh is not None:  # otherwise both TFLite addresses answer 404
        sources.files["first.tflite"] = fresh
    sources.files["kaggle.tar.gz"] = tar_gz(yamnet_double, "")
    model = yamnet.load(class_map=class_map(data_dir))
    assert model.backend == "savedmodel" and capsys.readouterr().out == ""
    unusable = f"The cached copy {cached} is unusable (The TFLite interpreter cannot read {cached}"
    assert model.notes[0].startswith(unusable)
    assert model.notes[-1] == f"YAMNet backend: savedmodel ({data_dir / 'yamnet' / 'savedmodel'})"
    assert not cached.exists()  # removed, and so is a fresh copy that is no better


def test_corrupt_cached_savedmodel_falls_back_to_tflite(sources, data_dir, realdata, capsys):
    real = realdata / "yamnet" / "yamnet_classification_waveform15600.tflite"
    if not real.is_file():
        pytest.skip(f"real YAMNet TFLite not found at {real}")
    folder = data_dir / "yamnet" / weights.SAVEDMODEL_DIR
    folder.mkdir(parents=True)
    (folder / "saved_model.pb").write_bytes(b"not a protocol buffer")
    sources.files["second.tflite"] = real.read_bytes()
    model = yamnet.load(class_map=class_map(data_dir))
    assert model.backend == "tflite" and model.source == str(data_dir / "yamnet" / weights.TFLITE_FILE)
    assert "TensorFlow cannot load the SavedModel in" in model.notes[0] and len(model.notes) == 2
    assert not folder.exists()
    assert model(np.zeros(16000, np.float32)).scores.shape == (2, 521)


def test_nothing_works_is_one_spanish_error_with_each_reason(sources, data_dir, spanish, capsys):
    cached = data_dir / "yamnet" / weights.TFLITE_FILE
    cached.parent.mkdir()
    cached.write_bytes(MAGIC_ONLY)
    sources.files["second.tflite"] = HTML
    with pytest.raises(ModelError) as err:
        yamnet.load(class_map=class_map(data_dir))
    text = str(err.value)
    assert err.value.key == "yamnet.unavailable"
    assert text.startswith("No se pudo cargar ni descargar ningún modelo de YAMNet (tflite: ")
    assert ("Ninguna de las 2 direcciones de descarga del modelo TFLite de YAMNet "
            "dio un archivo válido") in text
    assert f"{sources.url('second.tflite')} no es un modelo TFLite: tiene {len(HTML)} bytes" in text
    assert "| savedmodel: Ninguna de las 2 direcciones de descarga del modelo SavedModel" in text
    assert f"La copia de la caché {cached} no sirve (El intérprete de TFLite no puede leer" in text
    assert capsys.readouterr().out == ""
    assert leftovers(data_dir) == ["class_map.csv"]


def test_users_own_corrupt_model_file_is_named_not_replaced(sources, data_dir, tmp_path):
    mine = tmp_path / "mine.tflite"
    mine.write_bytes(MAGIC_ONLY)
    with pytest.raises(ModelError) as err:
        yamnet.load(model_file=mine, class_map=class_map(data_dir))
    assert err.value.key == "yamnet.corrupt_tflite" and err.value.fields["path"] == mine
    assert mine.read_bytes() == MAGIC_ONLY and sources.requests == []
