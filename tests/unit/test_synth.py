"""The synthetic keyword generator: layout, determinism and real variation."""

from __future__ import annotations

import csv
import hashlib

import numpy as np
import pytest
import soundfile as sf

from kwscourse.audio import waveform as audio
from kwscourse.data import cache
from kwscourse.synthetic import speech as synth
from kwscourse.synthetic import stand_ins
from kwscourse.i18n import ParameterError


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*/*.wav"))}


def test_layout_matches_mini_speech_commands(tmp_path):
    root = synth.synth_keywords(tmp_path / "kw", 3, words=("yes", "no", "up"), progress=False)
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == ["no", "up", "yes"]
    wavs = sorted(root.glob("*/*.wav"))
    assert len(wavs) == 9
    for path in wavs:
        info = sf.info(path)
        assert (info.samplerate, info.channels, info.frames, info.subtype) == (16000, 1, 16000, "PCM_16")
    rows = list(csv.DictReader(open(root / "manifest.csv")))
    assert len(rows) == 9 and {r["word"] for r in rows} == {"yes", "no", "up"}
    assert stand_ins.is_stand_in(root)
    assert "eSpeak NG" in (root / stand_ins.STAND_IN_FILE).read_text()


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    a = _digest(synth.synth_keywords(tmp_path / "a", 4, words=("go",), seed=3, progress=False))
    b = _digest(synth.synth_keywords(tmp_path / "b", 4, words=("go",), seed=3, progress=False))
    c = _digest(synth.synth_keywords(tmp_path / "c", 4, words=("go",), seed=4, progress=False))
    assert a == b
    assert all(a[name] != c[name] for name in a)


def test_clips_vary_in_voice_timing_and_noise(tmp_path):
    root = synth.synth_keywords(tmp_path / "kw", 40, words=("stop",), seed=1, progress=False)
    rows = list(csv.DictReader(open(root / "manifest.csv")))
    assert len({r["voice"] for r in rows}) >= 15
    assert np.ptp([int(r["rate"]) for r in rows]) >= 60
    assert np.ptp([int(r["pitch"]) for r in rows]) >= 30
    # Where the word sits: the loudest 50 ms window moves around the second.
    peaks, floors = [], []
    for path in sorted(root.glob("stop/*.wav")):
        y, _ = audio.load(path)
        energy = np.convolve(y ** 2, np.ones(800) / 800, mode="same")
        peaks.append(np.argmax(energy) / 16000)
        floors.append(np.percentile(energy, 5) / energy.max())
    assert np.ptp(peaks) > 0.4
    # Background noise: present in every clip, at clearly different levels.
    assert min(floors) > 0 and max(floors) / min(floors) > 10


def test_synthesized_words_differ_from_each_other():
    from kwscourse.kws import features

    yes = audio.pad_or_trim(synth.synthesize("yes"), 16000)
    no = audio.pad_or_trim(synth.synthesize("no"), 16000)
    spec_yes, spec_no = (features.spectrogram(x).numpy().mean(axis=(0, 2)) for x in (yes, no))
    # "yes" ends in a hiss (s): far more energy above 4 kHz than "no".
    high = slice(64, None)
    assert spec_yes[high].sum() / spec_yes.sum() > 2 * spec_no[high].sum() / spec_no.sum()


def test_voices_and_rates_change_the_sound():
    slow = synth.synthesize("left", rate=120)
    fast = synth.synthesize("left", rate=300)
    assert slow.size > 1.3 * fast.size
    assert not np.allclose(audio.pad_or_trim(synth.synthesize("left", voice="en-us+f3"), 8000),
                           audio.pad_or_trim(synth.synthesize("left", voice="en-us+m3"), 8000))


@pytest.mark.parametrize("word", ["", "12", "yes!", None])
def test_bad_words_are_refused(word):
    with pytest.raises(ParameterError) as err:
        synth.synthesize(word)
    assert err.value.key == "synth.bad_word"


@pytest.mark.parametrize("count", [0, -3, 2.5, True])
def test_bad_counts_are_refused(tmp_path, count):
    with pytest.raises(ParameterError) as err:
        synth.synth_keywords(tmp_path, count, progress=False)
    assert err.value.key == "checks.whole_number" and err.value.fields["name"] == "per_word"
    assert list(tmp_path.iterdir()) == []  # refused before anything is written


@pytest.mark.parametrize("setting, value, limits", [("rate", 79, "80 to 450"), ("rate", 451, "80 to 450"),
                                                    ("rate", 150.0, "80 to 450"), ("pitch", 101, "0 to 100"),
                                                    ("pitch_range", -1, "0 to 100")])
def test_rate_and_pitch_out_of_range_are_refused(setting, value, limits):
    with pytest.raises(ParameterError) as err:
        synth.synthesize("yes", **{setting: value})
    assert str(err.value) == f"{setting} must be a whole number from {limits}, not {value!r}."


def test_unknown_voice_and_language_are_refused(spanish):
    with pytest.raises(ParameterError) as err:
        synth.synthesize("yes", voice="zz-top")
    assert err.value.key == "synth.unknown_voice"
    assert str(err.value).startswith("No hay ninguna voz 'zz-top'. Prueba una de estas: en-us, en,")
    assert "es-419" in str(err.value)
    with pytest.raises(ParameterError) as err:
        synth.random_recipe("hola", np.random.default_rng(0), language="fr")
    assert str(err.value) == "language debe ser uno de estos valores: en, es; no 'fr'."
    assert synth.synthesize("yes", voice="en-us+f3").size > 0  # a variant after + is a voice too


def test_cached_set_is_made_once(data_dir):
    first = synth.cached_synth_keywords(2, words=("up",), progress=False)
    stamp = (first / "up" / "synth_up_00000.wav").stat().st_mtime_ns
    second = synth.cached_synth_keywords(2, words=("up",), progress=False)
    assert first == second and first.parent.parent == data_dir
    assert (second / "up" / "synth_up_00000.wav").stat().st_mtime_ns == stamp
    assert not list(first.parent.glob("*.partial")) and cache.is_complete(first)


def test_an_interrupted_cached_set_is_built_again(data_dir):
    first = synth.cached_synth_keywords(1, words=("go",), progress=False)
    (first / cache.COMPLETE_MARKER).unlink()  # as if the build had crashed before its end
    (first / "go" / "synth_go_00000.wav").write_bytes(b"half a file")
    again = synth.cached_synth_keywords(1, words=("go",), progress=False)
    assert again == first and cache.is_complete(again)
    assert audio.load(again / "go" / "synth_go_00000.wav")[0].shape == (16000,)


def test_coloured_noise_has_the_right_slope():
    rng = np.random.default_rng(0)
    for exponent in (0.0, 1.0, 2.0):
        x = synth.coloured_noise(1 << 16, rng, exponent)
        power = np.abs(np.fft.rfft(x)) ** 2
        freqs = np.arange(power.size)
        band = (freqs > 100) & (freqs < 10000)
        slope = np.polyfit(np.log(freqs[band]), np.log(power[band]), 1)[0]
        assert abs(slope + exponent) < 0.15
