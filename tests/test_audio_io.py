"""Audio loading and writing on purpose-made files of every common flavour, and bad input."""

from __future__ import annotations

import io
import os
import struct
import wave

import numpy as np
import pytest
import soundfile as sf

from kwscourse import audio
from kwscourse.i18n import AudioError

from signals import tone


def dominant_hz(y: np.ndarray, sr: int = 16000) -> float:
    spectrum = np.abs(np.fft.rfft(y * np.hanning(y.size)))
    return float(np.argmax(spectrum) * sr / y.size)


def stereo_tones(sr: int, seconds: float = 1.0) -> np.ndarray:
    """Left 440 Hz, right 660 Hz, each 0.4 amplitude: [samples, 2] for soundfile."""
    return np.stack([tone(440, seconds, sr, 0.4), tone(660, seconds, sr, 0.4)], axis=1)


@pytest.mark.parametrize("subtype", ["PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE"])
@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_every_wav_flavour_loads_as_16k_float(tmp_path, subtype, rate):
    path = tmp_path / "x.wav"
    sf.write(path, tone(440, 1.0, rate, 0.5), rate, subtype=subtype)
    y, sr = audio.load(path)
    assert (sr, y.dtype, y.ndim) == (16000, np.float32, 1)
    assert abs(y.size - 16000) <= 1
    assert np.abs(y).max() <= 1.0
    assert dominant_hz(y) == pytest.approx(440, abs=2)
    tolerance = 0.02 if subtype == "PCM_U8" else 0.005
    expected = audio.resample(tone(440, 1.0, rate, 0.5), rate, 16000)
    inner = slice(200, -200)  # resampler edges
    assert np.max(np.abs(y[inner] - expected[inner])) < tolerance


def test_multichannel_is_mixed_or_kept(tmp_path):
    path = tmp_path / "stereo.wav"
    sf.write(path, stereo_tones(48000), 48000, subtype="PCM_24")
    mono, _ = audio.load(path)
    both, sr = audio.load(path, mono=False)
    assert both.shape == (2, 16000) and sr == 16000
    np.testing.assert_allclose(mono, both.mean(axis=0), atol=1e-6)
    assert dominant_hz(both[0]) == pytest.approx(440, abs=2)
    assert dominant_hz(both[1]) == pytest.approx(660, abs=2)


def test_six_channels_at_native_rate(tmp_path):
    path = tmp_path / "surround.wav"
    sf.write(path, np.tile(tone(1000, 0.5, 22050, 0.3)[:, None], (1, 6)), 22050, subtype="PCM_16")
    y, sr = audio.load(path, sr=None, mono=False)
    assert sr == 22050 and y.shape == (6, 11025)


def _extensible_wav(samples: np.ndarray, sr: int) -> bytes:
    """24-bit stereo WAVE_FORMAT_EXTENSIBLE, written by hand."""
    channels, bits = samples.shape[1], 24
    ints = np.round(samples * (2 ** 23 - 1)).astype("<i4")
    payload = b"".join(int(v).to_bytes(3, "little", signed=True) for v in ints.ravel())
    pcm_guid = struct.pack("<IHH8s", 1, 0x0000, 0x0010, bytes.fromhex("800000aa00389b71"))
    fmt = struct.pack("<HHIIHHHHI16s", 0xFFFE, channels, sr, sr * channels * 3, channels * 3, bits,
                      22, bits, 0x3, pcm_guid)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


def test_wave_format_extensible(tmp_path):
    path = tmp_path / "ext.wav"
    path.write_bytes(_extensible_wav(stereo_tones(16000, 0.25), 16000))
    assert sf.info(path).format == "WAVEX" and sf.info(path).subtype == "PCM_24"
    assert int.from_bytes(path.read_bytes()[20:22], "little") == 0xFFFE
    y, sr = audio.load(path, mono=False)
    assert y.shape == (2, 4000)
    assert dominant_hz(y[1]) == pytest.approx(660, abs=5)


def test_stdlib_wave_file(tmp_path):
    path = tmp_path / "std.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((tone(300) * 32767).astype("<i2").tobytes())
    y, _ = audio.load(path)
    assert dominant_hz(y) == pytest.approx(300, abs=2)


@pytest.mark.parametrize("fmt,subtype", [("FLAC", "PCM_16"), ("OGG", "VORBIS"), ("MP3", "MPEG_LAYER_III")])
def test_compressed_formats(tmp_path, fmt, subtype):
    if fmt not in sf.available_formats():
        pytest.skip(f"this libsndfile cannot write {fmt}")
    path = tmp_path / f"x.{fmt.lower()}"
    sf.write(path, tone(440, 1.0, 44100, 0.5), 44100, format=fmt, subtype=subtype)
    y, sr = audio.load(path)
    assert sr == 16000 and abs(y.size - 16000) < 1200  # MP3 adds encoder padding
    assert dominant_hz(y[:15000]) == pytest.approx(440, abs=3)


def test_bytes_and_file_objects(tmp_path):
    buffer = io.BytesIO()
    sf.write(buffer, tone(880, 0.5, 16000), 16000, format="WAV")
    raw = buffer.getvalue()
    from_bytes, _ = audio.load(raw)
    from_stream, _ = audio.load(io.BytesIO(raw))
    np.testing.assert_array_equal(from_bytes, from_stream)
    assert dominant_hz(from_bytes) == pytest.approx(880, abs=3)


def test_loud_float_audio_is_scaled_not_clipped(tmp_path):
    path = tmp_path / "loud.wav"
    y = np.array([0.5, 2.0, -1.0, 1.0] * 100, dtype=np.float32)
    sf.write(path, y, 16000, subtype="FLOAT")
    loaded, _ = audio.load(path, sr=None)
    assert np.abs(loaded).max() == pytest.approx(1.0)
    assert loaded[0] / loaded[1] == pytest.approx(0.25)  # shape kept


# --- bad input ----------------------------------------------------------------

def _key(call) -> str:
    with pytest.raises(AudioError) as err:
        call()
    assert isinstance(err.value, ValueError)
    return err.value.key


def test_missing_and_empty_files(tmp_path):
    assert _key(lambda: audio.load(tmp_path / "nope.wav")) == "audio.not_found"
    (tmp_path / "zero.wav").write_bytes(b"")
    assert _key(lambda: audio.load(tmp_path / "zero.wav")) == "audio.empty_file"
    assert _key(lambda: audio.load(b"")) == "audio.empty_file"
    sf.write(tmp_path / "no_frames.wav", np.zeros(0), 16000)
    assert _key(lambda: audio.load(tmp_path / "no_frames.wav")) == "audio.empty"


def test_corrupt_and_non_audio_files(tmp_path):
    (tmp_path / "text.wav").write_text("this is not audio at all\n" * 20)
    assert _key(lambda: audio.load(tmp_path / "text.wav")) == "audio.unreadable"
    (tmp_path / "noise.wav").write_bytes(np.random.default_rng(0).bytes(4096))
    assert _key(lambda: audio.load(tmp_path / "noise.wav")) == "audio.unreadable"
    good = io.BytesIO()
    sf.write(good, tone(440), 16000, format="WAV")
    (tmp_path / "cut.wav").write_bytes(good.getvalue()[:30])  # header cut in the middle
    assert _key(lambda: audio.load(tmp_path / "cut.wav")) == "audio.unreadable"


def test_nan_audio(tmp_path):
    y = tone(440)
    y[100:200] = np.nan
    sf.write(tmp_path / "nan.wav", y, 16000, subtype="FLOAT")
    assert _key(lambda: audio.load(tmp_path / "nan.wav")) == "audio.not_finite"


def test_too_long(tmp_path):
    sf.write(tmp_path / "long.wav", tone(440, 2.0), 16000)
    assert _key(lambda: audio.load(tmp_path / "long.wav", max_seconds=1.0)) == "audio.too_long"
    assert audio.load(tmp_path / "long.wav", max_seconds=3.0)[0].size == 32000


@pytest.mark.parametrize("rate", [0, -1, 1.5, "16k", True])
def test_bad_rates(rate):
    assert _key(lambda: audio.resample(tone(440), 16000, rate)) == "audio.bad_rate"


def test_bad_sources():
    assert _key(lambda: audio.load(1234)) == "audio.bad_source"


def test_errors_speak_spanish(tmp_path, spanish):
    with pytest.raises(AudioError, match="No se encuentra el archivo de audio"):
        audio.load(tmp_path / "nope.wav")


# --- writing ------------------------------------------------------------------

def _format_tag(path) -> int:
    return int.from_bytes(open(path, "rb").read()[20:22], "little")


def test_write_pcm16_and_float(tmp_path):
    y = tone(440, 0.5, 16000, 0.7)
    pcm = audio.write_wav(tmp_path / "pcm.wav", y, 16000, subtype="PCM_16")
    flt = audio.write_wav(tmp_path / "flt.wav", y, 16000, subtype="FLOAT")
    assert (_format_tag(pcm), _format_tag(flt)) == (1, 3)
    assert np.max(np.abs(audio.load(pcm, sr=None)[0] - y)) < 2 / 32768
    np.testing.assert_array_equal(audio.load(flt, sr=None)[0], y)
    assert sorted(os.listdir(tmp_path)) == ["flt.wav", "pcm.wav"]


def test_write_refuses_other_subtypes(tmp_path):
    assert _key(lambda: audio.write_wav(tmp_path / "x.wav", tone(440), 16000, "PCM_24")) == "audio.bad_subtype"


def test_write_clips_loud_pcm_with_a_warning(tmp_path):
    with pytest.warns(UserWarning, match="100 samples"):
        path = audio.write_wav(tmp_path / "loud.wav", np.r_[np.full(100, 1.5), np.zeros(100)].astype("f4"))
    y, _ = audio.load(path, sr=None)
    assert y.max() == pytest.approx(32767 / 32768)


def test_failed_write_keeps_the_old_file(tmp_path):
    target = audio.write_wav(tmp_path / "keep.wav", tone(440), 16000)
    before = target.read_bytes()
    bad = tone(440)
    bad[5] = np.nan
    assert _key(lambda: audio.write_wav(target, bad, 16000)) == "audio.not_finite"
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["keep.wav"]


# --- helpers ------------------------------------------------------------------

def test_pad_or_trim():
    np.testing.assert_array_equal(audio.pad_or_trim(np.ones(3, "f4"), 5), [1, 1, 1, 0, 0])
    assert audio.pad_or_trim(np.ones((2, 10), "f4"), 4).shape == (2, 4)
    assert audio.pad_or_trim(np.ones((2, 3), "f4"), 6)[:, 3:].sum() == 0
    for bad in (0, -1, 2.5, True):
        assert _key(lambda: audio.pad_or_trim(np.ones(3), bad)) == "audio.bad_length"


def test_as_float32_scales_integer_pcm():
    np.testing.assert_array_equal(audio.as_float32(np.array([-32768, 16384], np.int16)), [-1.0, 0.5])
    np.testing.assert_array_equal(audio.as_float32(np.array([0, 128, 192], np.uint8)), [-1.0, 0.0, 0.5])
    assert audio.as_float32(np.array([2 ** 30], np.int32))[0] == pytest.approx(0.5)
    assert audio.as_float32(np.array([0.25], np.float64)).dtype == np.float32
    assert _key(lambda: audio.as_float32(np.zeros((1, 2, 3)))) == "audio.bad_shape"
    assert _key(lambda: audio.as_float32(np.array(["a"]))) == "audio.bad_dtype"


def test_resample_keeps_pitch_and_channels():
    y = audio.resample(tone(440, 1.0, 44100), 44100, 16000)
    assert y.shape == (16000,) and dominant_hz(y) == pytest.approx(440, abs=2)
    two = audio.resample(stereo_tones(44100).T, 44100, 16000)
    assert two.shape == (2, 16000) and dominant_hz(two[1]) == pytest.approx(660, abs=2)


# --- the RIFF header --------------------------------------------------------------

def test_wav_header_of_noise_in_both_formats(tmp_path):
    noise = np.random.default_rng(0).uniform(-1, 1, 5 * 16000).astype(np.float32)
    pcm = audio.wav_header(audio.write_wav(tmp_path / "pcm.wav", noise, 16000, "PCM_16"))
    flt = audio.wav_header(audio.write_wav(tmp_path / "flt.wav", noise, 16000, "FLOAT"))
    assert (pcm["audio_format"], pcm["bits_per_sample"], pcm["block_align"]) == (1, 16, 2)
    assert (flt["audio_format"], flt["bits_per_sample"], flt["block_align"]) == (3, 32, 4)
    assert pcm["data_offset"] == 44 and pcm["data_size"] == 5 * 16000 * 2
    assert pcm["chunk_size"] == (tmp_path / "pcm.wav").stat().st_size - 8
    assert pcm["byte_rate"] == 32000 and pcm["duration_s"] == 5.0 and flt["duration_s"] == 5.0
    assert flt["audio_format_name"] == "IEEE float"
    # Lesson 3's table: the float file's samples start at byte 80, after fact and PEAK chunks.
    assert pcm["chunks"] == "fmt, data" and flt["chunks"] == "fmt, fact, PEAK, data"
    assert flt["data_offset"] == 80 and flt["data_size"] == 5 * 16000 * 4


def test_wav_header_skips_extra_chunks_and_rejects_non_wav(tmp_path):
    path = tmp_path / "ext.wav"
    path.write_bytes(_extensible_wav(stereo_tones(16000, 0.25), 16000))
    header = audio.wav_header(path)
    assert header["audio_format"] == 0xFFFE and header["num_channels"] == 2
    (tmp_path / "x.wav").write_text("RIFF but not really")
    assert _key(lambda: audio.wav_header(tmp_path / "x.wav")) == "audio.not_wav"
