"""Downloads and archives against a real HTTP server on 127.0.0.1, serving files the tests make."""

from __future__ import annotations

import hashlib
import io
import os
import socket
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from kwscourse import data

from httpserver import Server
from kwscourse.i18n import DataError

PAYLOAD = np.random.default_rng(0).bytes(300_000)
SHA = hashlib.sha256(PAYLOAD).hexdigest()


@pytest.fixture
def server():
    s = Server({"payload.bin": PAYLOAD})
    yield s
    s.stop()


def dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/payload.bin"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_download_is_exact_checked_and_cached(server, tmp_path):
    dest = data.download(server.url("payload.bin"), tmp_path / "p.bin", sha256=SHA,
                         size=len(PAYLOAD), progress=False)
    assert dest.read_bytes() == PAYLOAD
    assert len(server.requests) == 1
    data.download(server.url("payload.bin"), dest, sha256=SHA, progress=False)
    assert len(server.requests) == 1  # served from the cache
    assert leftovers(tmp_path) == ["p.bin"]


def test_wrong_hash_leaves_nothing(server, tmp_path):
    with pytest.raises(DataError) as err:
        data.download(server.url("payload.bin"), tmp_path / "p.bin", sha256="0" * 64, progress=False)
    assert err.value.key == "data.hash_mismatch" and SHA in str(err.value)
    assert leftovers(tmp_path) == []


def test_wrong_size_leaves_nothing(server, tmp_path):
    with pytest.raises(DataError) as err:
        data.download(server.url("payload.bin"), tmp_path / "p.bin", size=len(PAYLOAD) + 1,
                      progress=False)
    assert err.value.key == "data.size_mismatch"
    assert leftovers(tmp_path) == []


def test_interrupted_transfer_is_resumed_with_range(server, tmp_path, capsys):
    server.truncate_first = 1
    dest = data.download(server.url("payload.bin"), tmp_path / "p.bin", sha256=SHA, progress=False)
    assert dest.read_bytes() == PAYLOAD
    assert len(server.requests) == 2
    assert "Range" not in server.requests[0]
    resumed_from = int(server.requests[1]["Range"].removeprefix("bytes=").rstrip("-"))
    assert 0 < resumed_from <= len(PAYLOAD) // 2  # what reached the disk before the break
    assert f"({resumed_from} / {len(PAYLOAD)} B); retrying (2/4)" in capsys.readouterr().out


def test_server_that_ignores_range_restarts_cleanly(server, tmp_path):
    server.truncate_first = 1
    server.ignore_range = True
    dest = data.download(server.url("payload.bin"), tmp_path / "p.bin", sha256=SHA, progress=False)
    assert dest.read_bytes() == PAYLOAD


def test_transfer_that_always_breaks_gives_up_cleanly(server, tmp_path):
    server.always_truncate = True
    with pytest.raises(DataError) as err:
        data.download(server.url("payload.bin"), tmp_path / "p.bin", attempts=3, progress=False)
    assert err.value.key == "data.size_mismatch"
    assert len(server.requests) == 3
    assert leftovers(tmp_path) == []


def test_server_down_is_a_clear_error_in_spanish(tmp_path, spanish):
    with pytest.raises(DataError) as err:
        data.download(dead_url(), tmp_path / "p.bin", attempts=2, progress=False)
    assert err.value.key == "data.network"
    assert "No se pudo descargar" in str(err.value) and "conexión" in str(err.value)
    assert leftovers(tmp_path) == []


def test_http_404(server, tmp_path):
    with pytest.raises(DataError) as err:
        data.download(server.url("missing.bin"), tmp_path / "m.bin", progress=False)
    assert err.value.key == "data.http_status" and "404" in str(err.value)


def test_failed_refresh_keeps_the_good_file(server, tmp_path):
    dest = tmp_path / "p.bin"
    dest.write_bytes(b"old but good")
    with pytest.raises(DataError):
        # The expected hash does not match the cached file, so it downloads; that fails too.
        data.download(server.url("payload.bin"), dest, sha256="1" * 64, progress=False)
    assert dest.read_bytes() == b"old but good"
    assert leftovers(tmp_path) == ["p.bin"]


@pytest.mark.parametrize("kwargs", [{"sha256": "xyz"}, {"attempts": 0}])
def test_bad_arguments(tmp_path, kwargs):
    with pytest.raises(ValueError):
        data.download("http://127.0.0.1:9/x", tmp_path / "x", **kwargs)


# --- archives ---------------------------------------------------------------

def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return path


def test_zip_and_tar_extract(tmp_path):
    zipped = make_zip(tmp_path / "a.zip", {"top/x.txt": b"x", "top/sub/y.txt": b"y"})
    out = data.extract_archive(zipped, tmp_path / "out_zip")
    assert (out / "top" / "sub" / "y.txt").read_bytes() == b"y"
    tarred = tmp_path / "a.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        info = tarfile.TarInfo("top/z.txt")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"z"))
    out = data.extract_archive(tarred, tmp_path / "out_tar")
    assert (out / "top" / "z.txt").read_bytes() == b"z"
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize("make", ["random", "truncated"])
def test_corrupt_archive_is_removed(tmp_path, make):
    archive = tmp_path / "bad.zip"
    if make == "random":
        archive.write_bytes(np.random.default_rng(1).bytes(5000))
    else:
        good = make_zip(tmp_path / "good.zip", {f"f{i}.bin": np.random.default_rng(i).bytes(4000)
                                                for i in range(5)})
        archive.write_bytes(good.read_bytes()[:9000])
    with pytest.raises(DataError) as err:
        data.extract_archive(archive, tmp_path / "out")
    assert err.value.key == "data.bad_archive"
    assert not archive.exists() and not (tmp_path / "out").exists()
    assert not (tmp_path / "out.partial").exists()


def test_zip_slip_is_refused(tmp_path):
    archive = make_zip(tmp_path / "evil.zip", {"ok.txt": b"ok", "../evil.txt": b"pwned"})
    with pytest.raises(DataError) as err:
        data.extract_archive(archive, tmp_path / "sub" / "out")
    assert err.value.key == "data.unsafe_archive" and "../evil.txt" in str(err.value)
    assert not (tmp_path / "sub" / "evil.txt").exists() and not (tmp_path / "evil.txt").exists()
    assert not (tmp_path / "sub" / "out").exists()


@pytest.mark.parametrize("kind", ["absolute", "symlink"])
def test_tar_escapes_are_refused(tmp_path, kind):
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tar:
        if kind == "absolute":
            info = tarfile.TarInfo(str(tmp_path / "abs_evil.txt"))
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
        else:
            info = tarfile.TarInfo("link")
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc"
            tar.addfile(info)
    with pytest.raises(DataError) as err:
        data.extract_archive(archive, tmp_path / "out")
    assert err.value.key == "data.unsafe_archive"
    assert not (tmp_path / "abs_evil.txt").exists() and not (tmp_path / "out").exists()


def test_unknown_archive_type(tmp_path):
    (tmp_path / "x.rar").write_bytes(b"rar")
    with pytest.raises(DataError) as err:
        data.extract_archive(tmp_path / "x.rar", tmp_path / "out")
    assert err.value.key == "data.unknown_archive"


# --- mini Speech Commands ------------------------------------------------------

def mini_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for word in ("no", "yes"):
            for i in range(2):
                wav = io.BytesIO()
                sf.write(wav, np.zeros(1600), 16000, format="WAV", subtype="PCM_16")
                archive.writestr(f"mini_speech_commands/{word}/{i}.wav", wav.getvalue())
        archive.writestr("mini_speech_commands/README.md", "not a word")
        archive.writestr("mini_speech_commands/empty/", "")
    return buffer.getvalue()


def test_mini_speech_commands_end_to_end(tmp_path):
    server = Server({"msc.zip": mini_zip()})
    try:
        folder = data.mini_speech_commands(data_dir=tmp_path, url=server.url("msc.zip"), progress=False)
    finally:
        server.stop()
    assert data.word_folders(folder) == ["no", "yes"]
    assert (folder / "README.md").is_file()
    assert not (tmp_path / "mini_speech_commands.zip").exists()  # archive removed after extraction
    # Cached: the server is gone, the folder still comes back.
    again = data.mini_speech_commands(data_dir=tmp_path, url=server.url("msc.zip"), progress=False)
    assert again == folder


def test_offline_without_cache_says_what_to_do(tmp_path):
    with pytest.raises(DataError) as err:
        data.mini_speech_commands(data_dir=tmp_path, url=dead_url(), progress=False)
    message = str(err.value)
    assert err.value.key == "data.offline_no_cache"
    assert str(tmp_path / "mini_speech_commands") in message and "KWSCOURSE_SMOKE=1" in message
    assert leftovers(tmp_path) == []


def test_unknown_dataset(tmp_path):
    with pytest.raises(DataError) as err:
        data.fetch("imagenet", data_dir=tmp_path)
    assert "mini_speech_commands" in str(err.value)


def test_word_folders_skip_non_words(tmp_path):
    (tmp_path / "yes").mkdir()
    (tmp_path / "yes" / "a.WAV").touch()
    (tmp_path / "empty").mkdir()
    (tmp_path / "README.md").touch()
    assert data.word_folders(tmp_path) == ["yes"]
    with pytest.raises(DataError) as err:
        data.word_folders(tmp_path / "empty")
    assert err.value.key == "data.not_a_word_tree"


def test_keyword_splits_halve_the_held_out_clips(synth_words):
    train, val, test, labels = data.keyword_splits(synth_words)
    assert labels == ["down", "no", "up", "yes"]
    count = lambda ds: sum(int(x.shape[0]) for x, _ in ds)  # noqa: E731
    # 96 clips: Keras holds out int(0.2 * 96) = 19; validation gets 10, test 9.
    assert (count(train), count(val), count(test)) == (77, 10, 9)
    x, y = next(iter(train))
    assert x.shape[1:] == (16000,) and x.dtype.name == "float32"


def test_keyword_folder_in_smoke_mode_says_stand_in(data_dir, monkeypatch, capsys):
    import kwscourse

    monkeypatch.setattr(kwscourse.settings, "smoke", True)
    monkeypatch.setattr(data, "SMOKE_CLIPS_PER_WORD", 2)
    folder = data.keyword_folder(progress=False)
    assert "STAND-IN DATA" in capsys.readouterr().out
    assert data.word_folders(folder) == ["down", "go", "left", "no", "right", "stop", "up", "yes"]
    assert os.path.commonpath([folder, data_dir]) == str(data_dir)
