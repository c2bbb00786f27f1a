"""The data sets against the one local HTTP server (tests/httpserver.py): fetch, the word folders,
mini Speech Commands, lesson 2's example clips and ESC-50, in full and in smoke mode."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

import kwscourse
from kwscourse.cli import main as cli
from kwscourse.synthetic import stand_ins
from kwscourse.synthetic import tts
from kwscourse.datasets import DATASETS, esc50, examples, fetch, speech_commands, word_folders, word_root
from kwscourse.i18n import DataError, ParameterError

from httpserver import Server, free_port_url
from test_transfer import fake_esc50


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- fetch and mini Speech Commands -----------------------------------------------

def wav_bytes(seconds: float = 0.1) -> bytes:
    buffer = io.BytesIO()
    tone = 0.1 * np.sin(np.linspace(0, 2 * np.pi * 440 * seconds, int(16000 * seconds)))
    sf.write(buffer, tone, 16000, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def mini_zip(top: str = "mini_speech_commands/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for word in ("yes", "no"):
            archive.writestr(f"{top}{word}/x.wav", wav_bytes())
        archive.writestr(f"{top}README.md", "mini Speech Commands, for tests")
        archive.writestr(f"{top}empty/", "")
    return buffer.getvalue()


@pytest.fixture
def site(server):
    """The local server, serving a small mini Speech Commands as msc.zip."""
    return server.reset({"msc.zip": mini_zip()})


def from_site(site: Server, data_dir: Path) -> Path:
    return speech_commands.mini_speech_commands(data_dir=data_dir, url=site.url("msc.zip"), progress=False)


@pytest.mark.parametrize("top", ["mini_speech_commands/", "", "a/b/"], ids=["nested", "flat", "deeper"])
def test_mini_speech_commands_end_to_end_then_offline_from_cache(site, tmp_path, top):
    site.files["msc.zip"] = mini_zip(top)
    folder = from_site(site, tmp_path)
    assert len(site.requests) == 1
    site.stop()
    assert word_folders(folder) == ["no", "yes"]
    assert [p.name for p in folder.iterdir() if p.is_file() and p.name != ".complete"] == ["README.md"]
    assert sf.read(folder / "yes" / "x.wav")[1] == 16000
    root = tmp_path / "mini_speech_commands"
    assert folder == (root / top if top else root)
    assert (root / ".complete").read_text() == f"extracted from {site.url('msc.zip')}\n"
    assert files_in(tmp_path) == ["mini_speech_commands"]  # the archive was deleted after extraction
    # The server is gone: the cached folder still comes back.
    assert from_site(site, tmp_path) == folder


def test_fetch_defaults_to_the_settings_data_dir(site, tmp_path, monkeypatch):
    monkeypatch.setattr(kwscourse.settings, "data_dir", tmp_path / "cache")
    folder = fetch("mini_speech_commands", url=site.url("msc.zip"), progress=False)
    assert folder == tmp_path / "cache" / "mini_speech_commands"
    assert (folder / ".complete").is_file()


def test_incomplete_folder_is_fetched_again(site, tmp_path):
    half = tmp_path / "mini_speech_commands"
    (half / "mini_speech_commands" / "yes").mkdir(parents=True)  # no .complete marker
    assert word_folders(from_site(site, tmp_path)) == ["no", "yes"]
    assert len(site.requests) == 1


def test_corrupt_download_is_discarded_and_fetched_again(site, tmp_path):
    site.files["msc.zip"] = b"this is not a zip archive"
    with pytest.raises(DataError) as err:
        fetch("mini_speech_commands", data_dir=tmp_path, url=site.url("msc.zip"), progress=False)
    assert err.value.key == "data.bad_archive"
    assert files_in(tmp_path) == []  # no archive, no half folder
    site.files["msc.zip"] = mini_zip()  # the server (or the network) is fine again
    assert word_folders(from_site(site, tmp_path)) == ["no", "yes"]
    assert len(site.requests) == 2


def test_offline_without_cache_says_what_to_do(tmp_path, spanish):
    with pytest.raises(DataError) as err:
        speech_commands.mini_speech_commands(data_dir=tmp_path, url=free_port_url("msc.zip"), progress=False)
    message = str(err.value)
    cache = tmp_path / "mini_speech_commands"
    assert err.value.key == "data.offline_no_cache"
    assert err.value.fields["path"] == cache and err.value.fields["name"] == "mini_speech_commands"
    assert str(cache) in message and "KWSCOURSE_SMOKE=1" in message
    assert message.startswith("mini_speech_commands no está en la caché")
    assert files_in(tmp_path) == []  # nothing half-written


def test_offline_error_in_english(tmp_path):
    with pytest.raises(DataError) as err:
        fetch("mini_speech_commands", data_dir=tmp_path, url=free_port_url("msc.zip"),
                   progress=False)
    assert "is not in the cache" in str(err.value) and "refused" in str(err.value).lower()


def test_unknown_dataset(tmp_path):
    with pytest.raises(DataError) as err:
        fetch("imagenet", data_dir=tmp_path)
    assert err.value.key == "data.unknown_dataset"
    assert err.value.fields == {"name": "imagenet", "known": "mini_speech_commands"}
    assert files_in(tmp_path) == []


def test_registry_entry():
    spec = DATASETS["mini_speech_commands"]
    assert spec["url"] == ("https://storage.googleapis.com/download.tensorflow.org/data/"
                           "mini_speech_commands.zip")
    assert spec["archive"] == "mini_speech_commands.zip" and spec["folder"] == "mini_speech_commands"


# --- word_folders ------------------------------------------------------------------------

def test_word_folders_skip_readme_empty_and_hidden_folders(tmp_path):
    for word in ("yes", "down"):
        (tmp_path / word).mkdir()
        (tmp_path / word / "a.wav").write_bytes(wav_bytes())
    (tmp_path / "upper").mkdir()
    (tmp_path / "upper" / "B.WAV").write_bytes(wav_bytes())
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("not audio")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a.wav").write_bytes(wav_bytes())
    (tmp_path / "README.md").write_text("read me")
    (tmp_path / "loose.wav").write_bytes(wav_bytes())
    assert word_folders(tmp_path) == ["down", "upper", "yes"]


@pytest.mark.parametrize("make", ["empty", "only_files", "missing"])
def test_word_folders_raise_on_a_tree_without_words(tmp_path, make):
    tree = tmp_path / "tree"
    if make != "missing":
        tree.mkdir()
    if make == "only_files":
        (tree / "README.md").write_text("x")
        (tree / "a.wav").write_bytes(wav_bytes())
        (tree / "empty").mkdir()
    with pytest.raises(DataError) as err:
        word_folders(tree)
    assert err.value.key == "data.not_a_word_tree" and err.value.fields["path"] == tree
    assert str(tree) in str(err.value)




def test_word_root_finds_the_words_however_deep(tmp_path):
    (tmp_path / "a" / "b" / "yes").mkdir(parents=True)
    (tmp_path / "a" / "b" / "yes" / "x.wav").write_bytes(wav_bytes())
    (tmp_path / "a" / "notes").mkdir()
    assert word_root(tmp_path) == tmp_path / "a" / "b"
    with pytest.raises(DataError) as err:
        word_root(tmp_path, max_depth=1)
    assert err.value.key == "data.not_a_word_tree"


def test_word_folders_refuse_what_is_not_a_path():
    with pytest.raises(ParameterError) as err:
        word_folders(None)
    assert err.value.key == "checks.path" and err.value.fields["name"] == "path"


# --- lesson 1: the keyword folder, real or stand-in ------------------------------------------

def test_keyword_folder_in_smoke_mode_is_the_stand_in_and_says_so(data_dir, monkeypatch, capsys):
    monkeypatch.setattr(kwscourse.settings, "smoke", True)
    monkeypatch.setattr(stand_ins, "KEYWORD_CLIPS_PER_WORD", 2)
    folder = speech_commands.keyword_folder(progress=False)
    assert capsys.readouterr().out == ""  # the library does not print: the notebook prints the notice
    engines = tts.engine_names(tts.voices("en"))  # the synthesisers this machine has
    assert speech_commands.notice(folder) == (
        f"STAND-IN DATA: 16 synthetic keyword clips spoken by speech synthesisers ({engines}), "
        "not the real Speech Commands recordings. Results on them say nothing about real speech.")
    assert word_folders(folder) == ["down", "go", "left", "no", "right", "stop", "up", "yes"]
    assert os.path.commonpath([folder, data_dir]) == str(data_dir)
    assert speech_commands.keyword_folder(progress=False) == folder  # made once, then reused


def test_keyword_folder_in_full_mode_is_the_cached_download(data_dir, monkeypatch, spanish):
    monkeypatch.setattr(kwscourse.settings, "smoke", False)
    words = data_dir / "mini_speech_commands" / "mini_speech_commands" / "yes"
    words.mkdir(parents=True)
    (words / "x.wav").write_bytes(wav_bytes())
    (data_dir / "mini_speech_commands" / ".complete").touch()
    folder = speech_commands.keyword_folder(progress=False)  # no server: read from the cache
    assert folder == words.parent
    assert speech_commands.notice(folder) == f"Datos reales: grabaciones de mini Speech Commands de {folder}"


# --- lesson 2: the example clips ---------------------------------------------------------------

@pytest.fixture
def clip_server(monkeypatch, server):
    site = server.reset({name: wav_bytes(0.5) for name in examples.EXAMPLE_CLIPS})
    monkeypatch.setattr(examples, "EXAMPLE_CLIPS", {name: site.url(name) for name in examples.EXAMPLE_CLIPS})
    return site


def test_lesson2_clips_are_the_real_recordings_and_a_sentence(clip_server, data_dir):
    clips = examples.lesson2_clips()
    assert list(clips) == ["miaow_16k.wav", "speech_whistling2.wav", "synthetic_speech_espeak.wav"]
    assert clips["miaow_16k.wav"].read_bytes() == wav_bytes(0.5)
    info = sf.info(clips["synthetic_speech_espeak.wav"])
    assert info.samplerate == 16000 and info.frames > 16000  # the sentence, half a second of silence each side
    assert examples.notice(clips) == ("Real data: the YAMNet tutorial's recordings miaow_16k.wav, "
                                      "speech_whistling2.wav, and a synthetic sentence.")
    assert examples.lesson2_clips() == clips and len(clip_server.requests) == 2  # downloaded once


def test_lesson2_clips_offline_in_smoke_mode_are_the_stand_in(data_dir, monkeypatch, spanish, capsys):
    monkeypatch.setattr(kwscourse.settings, "smoke", True)
    monkeypatch.setattr(examples, "EXAMPLE_CLIPS", {"miaow_16k.wav": free_port_url("miaow_16k.wav")})
    clips = examples.lesson2_clips()
    assert list(clips) == [stand_ins.EXAMPLE_CLIP_FILE, "synthetic_speech_espeak.wav"]
    assert sf.info(clips[stand_ins.EXAMPLE_CLIP_FILE]).frames == 80000
    assert capsys.readouterr().out == ""
    assert examples.notice(clips).startswith("DATOS SUSTITUTOS: no se pudieron descargar los clips de ejemplo")


def test_example_clip_offline_in_full_mode_says_what_to_do(data_dir, monkeypatch):
    monkeypatch.setattr(kwscourse.settings, "smoke", False)
    monkeypatch.setattr(examples, "EXAMPLE_CLIPS", {"miaow_16k.wav": free_port_url("miaow_16k.wav")})
    with pytest.raises(DataError) as err:
        examples.lesson2_clips()
    assert err.value.key == "data.offline_no_cache"
    assert err.value.fields["path"] == data_dir / "examples" / "miaow_16k.wav"
    assert not (data_dir / "examples" / "miaow_16k.wav").exists()


# --- lesson 3: ESC-50 ----------------------------------------------------------------------------

def with_corrupt_clip(archive: bytes, name: str) -> bytes:
    """``archive`` with the audio member ``name`` replaced by bytes that are not audio."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(buffer, "w") as target:
        for member in source.namelist():
            body = b"RIFF, but not really a WAV file" if member.endswith("/" + name) else source.read(member)
            target.writestr(member, body)
    return buffer.getvalue()


def test_esc50_archive_of_a_pinned_commit_is_read(tmp_path, server):
    # GitHub names the top folder of a commit's archive ESC-50-<commit>, not ESC-50-master.
    assert esc50.ESC50_URL.endswith(f"/archive/{esc50.ESC50_COMMIT}.zip")
    top = f"ESC-50-{esc50.ESC50_COMMIT}/"
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(fake_esc50())) as source, zipfile.ZipFile(buffer, "w") as target:
        for member in source.namelist():
            target.writestr(member.replace("ESC-50-master/", top, 1), source.read(member))
    site = server.reset({"esc50.zip": buffer.getvalue()})
    clips = esc50.esc50_subset(data_dir=tmp_path, url=site.url("esc50.zip"), progress=False)
    assert len(clips.table) == 20 and clips.failures == ()
    assert esc50.class_names(clips.table) == ["crying_baby", "clock_alarm", "toilet_flush", "water_drops"]


@pytest.fixture
def corrupt_esc50(server):
    return server.reset({"esc50.zip": with_corrupt_clip(fake_esc50(), "3-101-A-0.wav")})


def test_esc50_subset_skips_a_corrupt_clip_and_reports_it(corrupt_esc50, tmp_path, spanish):
    clips = esc50.esc50_subset(data_dir=tmp_path, url=corrupt_esc50.url("esc50.zip"), progress=False)
    table = clips.table
    assert len(table) == 19 and "3-101-A-0.wav" not in set(table.filename)
    assert table.groupby("class_name").size().to_dict() == {
        "clock_alarm": 4, "crying_baby": 5, "toilet_flush": 5, "water_drops": 5}
    [skipped] = clips.failures
    assert skipped["file"] == "3-101-A-0.wav"
    assert skipped["error"].startswith("No se puede leer ESC-50-master/audio/3-101-A-0.wav como audio")
    assert len(list((tmp_path / "esc50").rglob("*.wav"))) == 19
    # Read back from the cache: still reported, with no network.
    again = esc50.esc50_subset(data_dir=tmp_path, url=free_port_url("esc50.zip"), progress=False)
    pd.testing.assert_frame_equal(table, again.table)
    assert again.failures == clips.failures
    assert esc50.notice(again).splitlines() == [
        "Datos reales: 19 clips de ESC-50 (5 s, remuestreados a 16 kHz).",
        "1 clip(s) no se pudieron leer y se han dejado fuera:",
        "  - " + skipped["error"]]
    assert esc50.class_names(again.table) == ["crying_baby", "clock_alarm", "toilet_flush", "water_drops"]


def test_fetch_esc50_command_names_the_corrupt_clip_and_exits_2(corrupt_esc50, data_dir, capsys):
    assert cli.main(["data", "fetch", "esc50", "--url", corrupt_esc50.url("esc50.zip")]) == 2
    out, err = capsys.readouterr()
    assert "esc50 is ready" in out
    assert "Cannot read ESC-50-master/audio/3-101-A-0.wav as audio" in err
    assert "Files that could not be read: 1 (see above)" in err
    assert len(list((data_dir / "esc50").rglob("*.wav"))) == 19


def test_esc50_bad_classes_are_a_parameter_error(tmp_path):
    for classes in (["dog"], ["dog", "dog"]):
        with pytest.raises(ParameterError) as err:
            esc50.esc50_subset(classes, data_dir=tmp_path)
        assert err.value.key == "data.esc50_bad_classes"
    assert files_in(tmp_path) == []


def test_esc50_archive_without_metadata_is_refused(tmp_path, server):
    site = server.reset({"esc50.zip": with_corrupt_clip(fake_esc50(), "esc50.csv")})
    with pytest.raises(DataError) as err:
        esc50.esc50_subset(data_dir=tmp_path, url=site.url("esc50.zip"), progress=False)
    assert err.value.key == "data.esc50_no_meta"
    assert files_in(tmp_path / "esc50") == [esc50._ARCHIVE]  # kept: it downloaded fine, no half subset


def test_lesson3_clips_in_smoke_mode_are_the_stand_in(data_dir, monkeypatch, capsys):
    monkeypatch.setattr(kwscourse.settings, "smoke", True)
    monkeypatch.setattr(stand_ins, "EVENT_CLIPS_PER_CLASS", 2)
    clips = esc50.lesson3_clips(progress=False)
    assert capsys.readouterr().out == ""
    assert len(clips.table) == 8 and sorted(clips.table.fold.unique()) == [1, 2] and clips.failures == ()
    assert esc50.notice(clips).startswith("STAND-IN DATA: 8 synthetic 5-second clips")
    assert esc50.class_names(clips.table) == ["crying_baby", "clock_alarm", "toilet_flush", "water_drops"]


# --- import cost --------------------------------------------------------------------------------

def test_importing_the_data_modules_does_not_import_tensorflow():
    code = ("import sys, kwscourse.data.download, kwscourse.data.archive, kwscourse.datasets.speech_commands, "
            "kwscourse.datasets.esc50, kwscourse.datasets.examples; "
            "heavy = [m for m in ('tensorflow', 'keras', 'requests', 'tqdm') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(kwscourse.__file__).parent.parent)})
    assert done.returncode == 0, done.stdout + done.stderr
