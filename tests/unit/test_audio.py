"""kwscourse.audio.waveform on purpose-made audio: every WAV flavour, compressed formats, bad input, writing.

Every file is generated here from a known signal (a 0.5-amplitude 440 Hz sine plus a
0.3-amplitude sine of a different frequency in each channel), so the tests can check
the decoded numbers, not just shapes. (The batch functions are tested in test_bad_files.py.)
"""

from __future__ import annotations

import io
import os
import struct
import warnings
import wave

import numpy as np
import pytest
import soundfile as sf

import kwscourse
from kwscourse.audio import waveform as audio
from kwscourse.audio import wav
from kwscourse.i18n import AudioError, CourseError, ParameterError, t

FS = 16000
TONE_HZ = 440.0
#: The second sine of channel c; all below 0.4 x 8000 Hz so an 8 kHz file keeps them.
CHANNEL_HZ = (250.0, 700.0, 1000.0, 1500.0, 2000.0, 3000.0)
SUBTYPES = ("PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE")
RATES = (8000, 22050, 44100, 48000)
SECONDS = 0.55  # 12127.5 samples at 22050 Hz: lengths are not all round numbers


# --------------------------------------------------------------------------- helpers

def signal(rate: int, n: int, channels: int) -> np.ndarray:
    """The known test signal at ``rate``: ``[n, channels]`` float64 (soundfile's layout)."""
    time = np.arange(n) / rate
    cols = [0.5 * np.sin(2 * np.pi * TONE_HZ * time) + 0.3 * np.sin(2 * np.pi * CHANNEL_HZ[c] * time)
            for c in range(channels)]
    return np.stack(cols, axis=1)


def sine(freq: float, rate: int, n: int, amp: float = 0.5) -> np.ndarray:
    return amp * np.sin(2 * np.pi * freq * np.arange(n) / rate)


def peak_hz(y: np.ndarray, sr: int = FS) -> float:
    """Frequency of the largest FFT bin (Hann window)."""
    spectrum = np.abs(np.fft.rfft(y * np.hanning(y.size)))
    return float(np.argmax(spectrum) * sr / y.size)


def level_at(y: np.ndarray, freq: float, sr: int = FS) -> float:
    """Amplitude of the sine at ``freq`` (rectangular window, exact-bin only)."""
    spectrum = np.abs(np.fft.rfft(y)) * 2 / y.size
    return float(spectrum[int(round(freq * y.size / sr))])


def corr(a: np.ndarray, b: np.ndarray) -> float:
    n = min(a.size, b.size)
    return float(np.corrcoef(a[:n], b[:n])[0, 1])


def format_tag(path) -> int:
    """The WAV ``wFormatTag``: bytes 20-22 of a file whose ``fmt `` chunk comes first."""
    raw = open(path, "rb").read(64)
    assert raw[:4] == b"RIFF" and raw[8:16] == b"WAVEfmt "
    return struct.unpack("<H", raw[20:22])[0]


def wav_bytes(y: np.ndarray, rate: int = FS, subtype: str = "PCM_16") -> bytes:
    buf = io.BytesIO()
    sf.write(buf, y, rate, format="WAV", subtype=subtype)
    return buf.getvalue()


def extensible_wav(path, frames_int24: np.ndarray, rate: int) -> None:
    """A 24-bit WAVE_FORMAT_EXTENSIBLE file written byte by byte; ``frames_int24`` is [n, channels]."""
    n, channels = frames_int24.shape
    block = 3 * channels
    little = frames_int24.astype("<i4").reshape(-1).view(np.uint8).reshape(-1, 4)[:, :3]
    data = little.tobytes()
    assert len(data) == n * block
    ksdataformat_subtype_pcm = struct.pack("<IHH", 1, 0x0000, 0x0010) + bytes(
        [0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])
    fmt = struct.pack("<HHIIHHHHI", 0xFFFE, channels, rate, rate * block, block, 24,
                      22, 24, 0x3)  # cbSize, valid bits, channel mask (front left + right)
    fmt += ksdataformat_subtype_pcm
    assert len(fmt) == 40
    body = b"WAVE" + b"fmt " + struct.pack("<I", 40) + fmt + b"data" + struct.pack("<I", len(data)) + data
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)


def raises_key(key: str, func, *args, error=AudioError, **kwargs) -> CourseError:
    """The ``error`` (default AudioError, a ValueError) with catalogue ``key`` that ``func`` raises."""
    with pytest.raises(error) as info:
        func(*args, **kwargs)
    assert info.value.key == key, str(info.value)
    assert isinstance(info.value, ValueError)
    return info.value


def bad_argument(key: str, func, *args, **kwargs) -> ParameterError:
    """A bad argument: a ParameterError, and not an AudioError (batch functions skip those per file)."""
    err = raises_key(key, func, *args, error=ParameterError, **kwargs)
    assert not isinstance(err, AudioError)
    return err


# --------------------------------------------------------------------------- every WAV flavour

@pytest.mark.parametrize("channels", [1, 2, 6])
@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("subtype", SUBTYPES)
def test_wav_flavours_load_as_float32_at_16k(tmp_path, subtype, rate, channels):
    n = int(SECONDS * rate)
    x = signal(rate, n, channels)
    path = tmp_path / f"{subtype}_{rate}_{channels}.wav"
    sf.write(path, x, rate, subtype=subtype)
    assert sf.info(str(path)).subtype == subtype and sf.info(str(path)).channels == channels

    expected_len = round(n / rate * FS)
    ideal = signal(FS, expected_len, channels)  # the same sines sampled at 16 kHz
    inner = slice(300, -300)  # away from the resampler's edge transients
    tol = 0.02 if subtype == "PCM_U8" else 0.002

    y, sr = audio.load(path)
    assert sr == FS and y.dtype == np.float32 and y.ndim == 1
    assert abs(y.size - expected_len) <= 1
    assert np.abs(y).max() <= 1.0
    assert peak_hz(y) == pytest.approx(TONE_HZ, abs=FS / y.size)
    mix = ideal.mean(axis=1)
    assert corr(y, mix) > 0.999
    assert np.max(np.abs(y[inner] - mix[: y.size][inner])) < tol

    both, sr = audio.load(path, mono=False)
    assert sr == FS and both.dtype == np.float32
    assert both.shape[0] == channels and abs(both.shape[1] - expected_len) <= 1
    assert np.abs(both).max() <= 1.0
    for c in range(channels):
        # Each channel matches its own ideal signal (so the channel order is kept) ...
        assert corr(both[c], ideal[:, c]) > 0.99
        assert np.max(np.abs(both[c][inner] - ideal[: both.shape[1], c][inner])) < tol
        # ... and the other channels' signals do not match it.
        for other in range(channels):
            if other != c:
                assert corr(both[c], ideal[:, other]) < 0.9
    np.testing.assert_allclose(both.mean(axis=0), y, atol=1e-5)


@pytest.mark.parametrize("subtype, scale", [("PCM_16", 2 ** 15), ("PCM_24", 2 ** 23), ("PCM_32", 2 ** 31)])
def test_native_rate_integer_pcm_is_exact(tmp_path, subtype, scale):
    rng = np.random.default_rng(1)
    ints = rng.integers(-scale, scale, size=(3001, 2), dtype=np.int64)
    path = tmp_path / "x.wav"
    # soundfile writes int32 data by its top bits: shift the ints up to fill 32 bits.
    sf.write(path, (ints * (2 ** 31 // scale)).astype(np.int32), 22050, subtype=subtype)
    y, sr = audio.load(path, sr=None, mono=False)
    assert sr == 22050
    assert y.shape == (2, 3001)
    np.testing.assert_array_equal(y, (ints.T / scale).astype(np.float32))
    mono, sr = audio.load(path, sr=None)
    assert sr == 22050 and mono.shape == (3001,)
    np.testing.assert_allclose(mono, ints.mean(axis=1) / scale, atol=1e-7)


def test_pcm_u8_native_values(tmp_path):
    raw = np.array([0, 64, 128, 192, 255], dtype=np.uint8)
    path = tmp_path / "u8.wav"
    with wave.open(str(path), "wb") as w:  # 8-bit WAV is unsigned, 128 = silence
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(raw.tobytes())
    y, sr = audio.load(path, sr=None)
    assert sr == 8000
    np.testing.assert_array_equal(y, np.array([-1.0, -0.5, 0.0, 0.5, 127 / 128], dtype=np.float32))


def test_sr_none_keeps_native_rate_and_length(tmp_path):
    path = tmp_path / "x.wav"
    x = signal(48000, 24000, 2)
    sf.write(path, x, 48000, subtype="FLOAT")
    y, sr = audio.load(path, sr=None, mono=False)
    assert sr == 48000 and y.shape == (2, 24000)
    np.testing.assert_allclose(y, x.T, atol=1e-7)
    y, sr = audio.load(path, sr=None)
    assert sr == 48000 and y.shape == (24000,)
    np.testing.assert_allclose(y, x.mean(axis=1), atol=1e-7)


def test_other_target_rate(tmp_path):
    path = tmp_path / "x.wav"
    sf.write(path, sine(TONE_HZ, 44100, 44100), 44100, subtype="PCM_16")
    y, sr = audio.load(path, sr=8000)
    assert sr == 8000 and y.shape == (8000,)
    assert peak_hz(y, 8000) == pytest.approx(TONE_HZ, abs=1)
    y, sr = audio.load(path, sr=np.int64(22050))
    assert sr == 22050 and type(sr) is int and y.shape == (22050,)


def test_wave_format_extensible_24bit_stereo(tmp_path):
    rate, n = 22050, 11025
    x = signal(rate, n, 2)
    ints = np.round(x * (2 ** 23 - 1)).astype(np.int32)
    path = tmp_path / "ext.wav"
    extensible_wav(path, ints, rate)
    assert format_tag(path) == 0xFFFE
    assert (sf.info(str(path)).format, sf.info(str(path)).subtype) == ("WAVEX", "PCM_24")
    assert struct.unpack("<I", path.read_bytes()[16:20])[0] == 40

    y, sr = audio.load(path, sr=None, mono=False)
    assert sr == rate and y.shape == (2, n) and y.dtype == np.float32
    np.testing.assert_array_equal(y, (ints.T / 2 ** 23).astype(np.float32))

    y16, sr = audio.load(path)
    assert sr == FS and abs(y16.size - 8000) <= 1
    assert peak_hz(y16) == pytest.approx(TONE_HZ, abs=2)
    assert corr(y16, signal(FS, 8000, 2).mean(axis=1)) > 0.999

    header = wav.header(path)
    assert header["audio_format"] == 0xFFFE
    assert header["audio_format_name"] == "WAVE_FORMAT_EXTENSIBLE"
    assert (header["num_channels"], header["sample_rate"], header["bits_per_sample"]) == (2, rate, 24)
    assert header["fmt_size"] == 40 and header["data_offset"] == 68
    assert header["data_size"] == n * 6 and header["duration_s"] == pytest.approx(0.5)


def test_stdlib_wave_16bit(tmp_path):
    rate, n = 8000, 4000
    ints = np.round(sine(TONE_HZ, rate, n, 0.5) * 32767).astype("<i2")
    path = tmp_path / "std.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(ints.tobytes())
    assert format_tag(path) == 1
    y, sr = audio.load(path, sr=None)
    assert sr == rate
    np.testing.assert_array_equal(y, (ints / 32768).astype(np.float32))
    y, sr = audio.load(path)
    assert sr == FS and y.shape == (8000,)
    assert peak_hz(y) == pytest.approx(TONE_HZ, abs=2)
    assert corr(y, sine(TONE_HZ, FS, 8000)) > 0.999


def test_full_scale_audio_stays_within_one_after_resampling(tmp_path):
    # A full-scale square wave rings past +-1 when resampled (Gibbs); load promises [-1, 1].
    rate = 44100
    square = np.where(np.sin(2 * np.pi * 1000 * np.arange(rate) / rate) >= 0, 32767, -32768).astype(np.int16)
    path = tmp_path / "square.wav"
    sf.write(path, square, rate, subtype="PCM_16")
    y, _ = audio.load(path)
    assert 0.99 <= np.abs(y).max() <= 1.0
    assert peak_hz(y) == pytest.approx(1000, abs=1)
    both, _ = audio.load(path, mono=False)
    assert both.shape == (1, 16000) and np.abs(both).max() <= 1.0


# --------------------------------------------------------------------------- compressed formats

@pytest.mark.parametrize("fmt, subtype, lossless", [
    ("FLAC", "PCM_16", True), ("FLAC", "PCM_24", True), ("OGG", "VORBIS", False),
    pytest.param("MP3", "MPEG_LAYER_III", False, marks=pytest.mark.skipif(
        "MP3" not in sf.available_formats(), reason="this libsndfile has no MP3 support")),
])
def test_compressed_formats(tmp_path, fmt, subtype, lossless):
    rate, n = 44100, 44100
    x = signal(rate, n, 2)
    path = tmp_path / f"clip.{fmt.lower()}"
    sf.write(path, x, rate, format=fmt, subtype=subtype)
    assert sf.info(str(path)).format == fmt

    y, sr = audio.load(path)
    assert sr == FS and y.dtype == np.float32 and y.ndim == 1
    assert abs(y.size - FS) <= 1
    assert np.abs(y).max() <= 1.0
    assert peak_hz(y) == pytest.approx(TONE_HZ, abs=1)
    ideal = signal(FS, FS, 2)
    assert corr(y, ideal.mean(axis=1)) > 0.99

    both, sr = audio.load(path, mono=False)
    assert both.shape[0] == 2 and abs(both.shape[1] - FS) <= 1
    for c in range(2):
        assert corr(both[c], ideal[:, c]) > 0.99
        assert level_at(both[c], CHANNEL_HZ[c]) == pytest.approx(0.3, abs=0.03)
        assert level_at(both[c], CHANNEL_HZ[1 - c]) < 0.01

    if lossless:
        native, sr = audio.load(path, sr=None, mono=False)
        bits = 16 if subtype == "PCM_16" else 24
        assert sr == rate and native.shape == (2, n)
        np.testing.assert_allclose(native, x.T, atol=1.01 / 2 ** (bits - 1))


# --------------------------------------------------------------------------- bytes and file objects

def test_bytes_bytesio_and_file_objects(tmp_path):
    x = signal(22050, 11025, 2)
    data = wav_bytes(x, 22050, "PCM_24")
    path = tmp_path / "x.wav"
    path.write_bytes(data)
    reference, sr = audio.load(path)
    assert sr == FS and abs(reference.size - 8000) <= 1
    assert corr(reference, signal(FS, 8000, 2).mean(axis=1)) > 0.999

    for source in (data, bytearray(data), memoryview(data), io.BytesIO(data)):
        y, sr = audio.load(source)
        assert sr == FS
        np.testing.assert_array_equal(y, reference)
    with open(path, "rb") as f:
        y, sr = audio.load(f, mono=False)
    assert y.shape[0] == 2
    np.testing.assert_allclose(y.mean(axis=0), reference, atol=1e-6)


# --------------------------------------------------------------------------- loud float audio

def test_loud_float_wav_is_scaled_not_clipped(tmp_path):
    rate, n = FS, 1600
    x = sine(TONE_HZ, rate, n, 2.0)  # peak 2.0
    x[100] = -2.0  # make the peak exact
    path = tmp_path / "loud.wav"
    sf.write(path, x, rate, subtype="FLOAT")
    y, sr = audio.load(path)  # 16 kHz file: no resampling
    assert sr == FS and y.shape == (n,)
    assert np.abs(y).max() == 1.0
    np.testing.assert_allclose(y, x / 2.0, atol=1e-7)
    # Clipping would flatten the tops; scaling keeps every ratio between samples.
    big, small = int(np.argmax(x)), 3
    assert x[small] != 0 and abs(x[small]) < 1
    assert y[big] / y[small] == pytest.approx(x[big] / x[small], rel=1e-5)
    assert np.count_nonzero(np.abs(y) >= 0.999) < 0.05 * n


def test_loud_float_stereo_resampled_keeps_shape(tmp_path):
    rate, n = 44100, 44100
    x = 4.0 * signal(rate, n, 2)  # peak about 3.2
    path = tmp_path / "loud.wav"
    sf.write(path, x, rate, subtype="FLOAT")
    y, sr = audio.load(path, mono=False)
    assert y.shape == (2, FS)
    # scaled to full scale at the file's rate; resampled samples fall near, not on, that peak
    assert 0.99 <= np.abs(y).max() <= 1.0
    ideal = signal(FS, FS, 2)
    for c in range(2):
        assert corr(y[c], ideal[:, c]) > 0.999
    # Both channels are scaled by the same factor: their ratio of levels is kept.
    ratio = level_at(y[0], CHANNEL_HZ[0]) / level_at(y[1], CHANNEL_HZ[1])
    assert ratio == pytest.approx(1.0, abs=0.01)
    assert level_at(y[0], TONE_HZ) / level_at(y[0], CHANNEL_HZ[0]) == pytest.approx(0.5 / 0.3, rel=0.01)


# --------------------------------------------------------------------------- errors

def test_missing_file(tmp_path):
    err = raises_key("audio.not_found", audio.load, tmp_path / "nope.wav")
    assert err.fields["source"] == str(tmp_path / "nope.wav")
    assert str(tmp_path / "nope.wav") in str(err)
    raises_key("audio.not_found", audio.load, str(tmp_path))  # a folder is not a file


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    err = raises_key("audio.empty_file", audio.load, path)
    assert "0 bytes" in str(err)
    raises_key("audio.empty_file", audio.load, b"")
    raises_key("audio.empty_file", audio.load, io.BytesIO())


def test_valid_header_without_frames(tmp_path):
    path = tmp_path / "noframes.wav"
    sf.write(path, np.zeros((0, 1)), FS, subtype="PCM_16")
    assert path.stat().st_size == 44
    raises_key("audio.empty", audio.load, path)
    std = tmp_path / "std_noframes.wav"
    with wave.open(str(std), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(8000)
    assert std.stat().st_size == 44
    raises_key("audio.empty", audio.load, std)
    raises_key("audio.empty", audio.load, std.read_bytes(), sr=None)


def test_text_and_random_bytes_are_unreadable(tmp_path):
    text = tmp_path / "notes.wav"
    text.write_text("These are my lecture notes, not audio.\n" * 20)
    err = raises_key("audio.unreadable", audio.load, text)
    assert str(text) in str(err) and err.fields["detail"]
    noise = tmp_path / "noise.wav"
    noise.write_bytes(np.random.default_rng(0).bytes(4096))
    raises_key("audio.unreadable", audio.load, noise)
    raises_key("audio.unreadable", audio.load, np.random.default_rng(1).bytes(100))


def test_truncated_and_corrupt_headers(tmp_path):
    good = wav_bytes(sine(TONE_HZ, FS, 1000), FS, "PCM_16")
    assert audio.load(good)[0].shape == (1000,)
    cases = {
        "cut_12": good[:12],  # RIFF/WAVE only
        "cut_20": good[:20],  # fmt chunk cut short
        "cut_30": good[:30],
        "not_wave": good[:8] + b"WAVX" + good[12:],
        "zero_channels": good[:22] + struct.pack("<H", 0) + good[24:],
        "zero_rate": good[:24] + struct.pack("<I", 0) + good[28:],
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}.wav"
        path.write_bytes(data)
        raises_key("audio.unreadable", audio.load, path)
        raises_key("audio.unreadable", audio.load, data)


def test_truncated_data_chunk_loads_the_samples_present(tmp_path):
    ints = (np.arange(1000) - 500).astype(np.int16)
    good = wav_bytes(ints, FS, "PCM_16")
    y, sr = audio.load(good[:44 + 2 * 600], sr=None)
    assert sr == FS and y.shape == (600,)
    np.testing.assert_array_equal(y, (ints[:600] / 32768).astype(np.float32))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_float_wav(tmp_path, bad):
    x = sine(TONE_HZ, FS, 1600)
    x[800] = bad
    path = tmp_path / "nan.wav"
    sf.write(path, x, FS, subtype="FLOAT")
    assert np.sum(~np.isfinite(sf.read(str(path))[0])) == 1
    err = raises_key("audio.not_finite", audio.load, path)
    assert "NaN" in str(err)
    raises_key("audio.not_finite", audio.load, path, sr=None, mono=False)


def test_too_long(tmp_path):
    path = tmp_path / "two_seconds.wav"
    sf.write(path, sine(TONE_HZ, 8000, 16000), 8000, subtype="PCM_16")
    err = raises_key("audio.too_long", audio.load, path, max_seconds=1.0)
    assert err.fields["seconds"] == pytest.approx(2.0) and err.fields["limit"] == 1.0
    assert "2 s" in str(err) and "1 s" in str(err)
    raises_key("audio.too_long", audio.load, path.read_bytes(), max_seconds=1.99)
    y, sr = audio.load(path, max_seconds=2.0)  # exactly at the limit is fine
    assert y.shape == (32000,)
    ogg = tmp_path / "two_seconds.ogg"
    sf.write(ogg, sine(TONE_HZ, 8000, 16000), 8000, format="OGG", subtype="VORBIS")
    raises_key("audio.too_long", audio.load, ogg, max_seconds=1.0)


@pytest.mark.parametrize("rate", [0, -1, 1.5, "16k", True, False, -16000.0,
                                  float("nan"), float("inf"), [16000]])
def test_bad_rates(tmp_path, rate):
    path = tmp_path / "x.wav"
    sf.write(path, sine(TONE_HZ, FS, 160), FS)
    err = bad_argument("audio.bad_rate", audio.load, path, sr=rate)
    assert repr(rate) in str(err)
    bad_argument("audio.bad_rate", audio.resample, np.zeros(160, np.float32), FS, rate)
    bad_argument("audio.bad_rate", audio.resample, np.zeros(160, np.float32), rate, FS)


def test_whole_float_and_numpy_rates_are_accepted(tmp_path):
    path = tmp_path / "x.wav"
    sf.write(path, sine(TONE_HZ, 8000, 8000), 8000)
    for rate in (16000.0, np.float32(16000), np.float64(16000), np.int32(16000)):
        y, sr = audio.load(path, sr=rate)
        assert sr == 16000 and type(sr) is int and y.shape == (16000,)


@pytest.mark.parametrize("source, kind", [(123, "int"), (1.5, "float"), (None, "NoneType"),
                                          ([1, 2, 3], "list")])
def test_bad_source_type(source, kind):
    err = raises_key("audio.bad_source", audio.load, source)
    assert err.fields["kind"] == kind and kind in str(err)


# --------------------------------------------------------------------------- Spanish

def test_errors_in_spanish(tmp_path, spanish):
    assert kwscourse.settings.language == "es"
    missing = tmp_path / "falta.wav"
    err = raises_key("audio.not_found", audio.load, missing)
    assert str(err) == f"No se encuentra el archivo de audio: {missing}"

    empty = tmp_path / "vacio.wav"
    empty.write_bytes(b"")
    err = raises_key("audio.empty_file", audio.load, empty)
    assert str(err) == f"{empty} es un archivo vacío (0 bytes): no contiene audio."

    text = tmp_path / "texto.wav"
    text.write_text("hola " * 50)
    err = raises_key("audio.unreadable", audio.load, text)
    assert str(err).startswith(f"No se puede leer {text} como audio (")

    long = tmp_path / "largo.wav"
    sf.write(long, np.zeros(16000), 8000)
    err = raises_key("audio.too_long", audio.load, long, max_seconds=1.0)
    assert "dura 2 s, más que el límite de 1 s" in str(err)

    err = bad_argument("audio.bad_rate", audio.load, long, sr="16k")
    assert str(err) == "La frecuencia de muestreo debe ser un número entero positivo de hercios, no '16k'."
    err = raises_key("audio.bad_source", audio.load, 7)
    assert "No se puede cargar audio desde un int" in str(err)
    err = bad_argument("checks.whole_number", audio.pad_or_trim, np.zeros(4), 0)
    assert str(err) == "length debe ser un número entero no menor que 1, no 0."
    err = raises_key("audio.channels_last", audio.to_mono, np.zeros((2, 16000)))
    assert str(err).startswith("Un array de audio 2-D debe ser [muestras, canales], como soundfile lee un archivo")
    assert "16000 canales de 2 muestras cada uno" in str(err) and str(err).endswith("pasa su traspuesta: y.T")
    err = raises_key("audio.bad_subtype", audio.write_wav, tmp_path / "a.wav", np.zeros(4), FS, "PCM_24")
    assert "No se puede escribir WAV como 'PCM_24'" in str(err)
    for err in (raises_key("audio.bad_shape", audio.as_float32, np.zeros((2, 2, 2))),
                raises_key("audio.bad_dtype", audio.as_float32, np.array(["a"]))):
        assert str(err) == t(err.key, lang="es", **err.fields) != t(err.key, lang="en", **err.fields)

    with pytest.warns(UserWarning, match=r"^1 muestras estaban fuera de \[-1, 1\]"):
        audio.write_wav(tmp_path / "fuerte.wav", np.array([0.0, 1.5, 0.5]))


def test_errors_back_in_english_after_spanish(tmp_path):
    err = raises_key("audio.not_found", audio.load, tmp_path / "x.wav")
    assert str(err).startswith("Audio file not found")


# --------------------------------------------------------------------------- write_wav

@pytest.mark.parametrize("channels", [1, 2, 6])
def test_write_pcm16_round_trip(tmp_path, channels):
    rng = np.random.default_rng(channels)
    y = rng.uniform(-1, 1, size=(channels, 4000)).astype(np.float32)
    y[0, :4] = [1.0, -1.0, 0.0, 0.5]
    data = y[0] if channels == 1 else y
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is out of range: no clipping warning
        out = audio.write_wav(tmp_path / "sub" / "pcm.wav", data, 22050)
    assert out == tmp_path / "sub" / "pcm.wav" and out.is_file()
    assert format_tag(out) == 1
    info = sf.info(str(out))
    assert (info.subtype, info.samplerate, info.channels, info.frames) == ("PCM_16", 22050, channels, 4000)
    back, sr = audio.load(out, sr=None, mono=False)
    assert sr == 22050 and back.shape == (channels, 4000)
    assert np.max(np.abs(back - y)) < 2 / 32768
    assert back[0, 2] == 0.0 and back[0, 3] == pytest.approx(0.5, abs=1 / 32768)
    header = wav.header(out)
    assert (header["audio_format"], header["bits_per_sample"], header["num_channels"]) == (1, 16, channels)
    assert header["data_size"] == 4000 * 2 * channels


@pytest.mark.parametrize("channels", [1, 2, 6])
def test_write_float_round_trip_is_exact(tmp_path, channels):
    rng = np.random.default_rng(10 + channels)
    y = rng.uniform(-1, 1, size=(channels, 3000)).astype(np.float32)
    y[0, 0] = 1.0  # full scale: load must not rescale it
    out = audio.write_wav(tmp_path / "f.wav", y[0] if channels == 1 else y, 48000, subtype="FLOAT")
    assert format_tag(out) == 3
    assert sf.info(str(out)).subtype == "FLOAT"
    back, sr = audio.load(out, sr=None, mono=False)
    assert sr == 48000
    np.testing.assert_array_equal(back, y)
    header = wav.header(out)
    assert (header["audio_format"], header["audio_format_name"], header["bits_per_sample"]) == (3, "IEEE float", 32)
    assert header["duration_s"] == pytest.approx(3000 / 48000)


def test_write_converts_integer_input(tmp_path):
    ints = np.array([0, 16384, -32768, 32767, -1], dtype=np.int16)
    out = audio.write_wav(tmp_path / "i.wav", ints)
    np.testing.assert_array_equal(sf.read(str(out), dtype="int16")[0], ints)


@pytest.mark.parametrize("subtype", ["PCM_24", "pcm_16", "DOUBLE", "MP3", ""])
def test_write_refuses_other_subtypes(tmp_path, subtype):
    target = tmp_path / "x.wav"
    err = raises_key("audio.bad_subtype", audio.write_wav, target, np.zeros(10), FS, subtype)
    assert repr(subtype) in str(err)
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_write_pcm16_clips_with_a_warning(tmp_path):
    y = np.array([0.5, 1.5, -2.0, -0.25, 1.0, -1.0, 3.0], dtype=np.float32)
    with pytest.warns(UserWarning, match=r"^3 samples were outside \[-1, 1\]") as record:
        out = audio.write_wav(tmp_path / "loud.wav", y)
    assert len(record) == 1
    ints = sf.read(str(out), dtype="int16")[0]
    assert ints[1] == ints[6] == ints[4] == 32767 and ints[2] <= -32767
    back, _ = audio.load(out, sr=None)
    assert np.abs(back).max() <= 1.0
    np.testing.assert_allclose(back, np.clip(y, -1, 1), atol=2 / 32768)
    # FLOAT keeps values beyond full scale and does not warn
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = audio.write_wav(tmp_path / "loud_float.wav", y, subtype="FLOAT")
    np.testing.assert_array_equal(sf.read(str(out), dtype="float32")[0], y)


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "keep.wav"
    audio.write_wav(target, sine(TONE_HZ, FS, 1600))
    before = target.read_bytes()

    bad = sine(TONE_HZ, FS, 1600)
    bad[10] = np.nan
    raises_key("audio.not_finite", audio.write_wav, target, bad)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.wav"]

    # A failure in the middle of writing (disk full, ...): the half-written temp file goes away.
    def broken_write(file, data, samplerate, **kwargs):
        with open(file, "wb") as f:
            f.write(b"RIFF\x00\x00")
        raise OSError("disk full")

    monkeypatch.setattr(sf, "write", broken_write)
    with pytest.raises(OSError, match="disk full"):
        audio.write_wav(target, sine(TONE_HZ, FS, 3200))
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.wav"]
    monkeypatch.undo()
    y, _ = audio.load(target, sr=None)
    assert y.shape == (1600,)


def test_write_overwrites_and_uses_normal_permissions(tmp_path):
    target = tmp_path / "a.wav"
    audio.write_wav(target, np.zeros(100))
    old = os.umask(0o022)
    try:
        audio.write_wav(target, np.full(200, 0.25))
    finally:
        os.umask(old)
    assert sf.info(str(target)).frames == 200
    # like any new file under umask 022: readable by everyone, not 0600 from a temp file
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["a.wav"]


def test_write_bad_input(tmp_path):
    bad_argument("audio.bad_rate", audio.write_wav, tmp_path / "a.wav", np.zeros(10), 0)
    raises_key("audio.bad_shape", audio.write_wav, tmp_path / "a.wav", np.zeros((2, 2, 2)))
    raises_key("audio.empty", audio.write_wav, tmp_path / "a.wav", np.zeros(0))
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- pad_or_trim

def test_pad_or_trim_1d():
    y = np.arange(1, 6, dtype=np.float32)
    padded = audio.pad_or_trim(y, 8)
    np.testing.assert_array_equal(padded, [1, 2, 3, 4, 5, 0, 0, 0])
    assert padded.dtype == np.float32
    np.testing.assert_array_equal(audio.pad_or_trim(y, 3), [1, 2, 3])
    np.testing.assert_array_equal(audio.pad_or_trim(y, 5), y)
    assert audio.pad_or_trim(np.ones(10), np.int64(4)).shape == (4,)
    default = audio.pad_or_trim(np.ones(100, dtype=np.float32))
    assert default.shape == (16000,) and default[:100].sum() == 100 and not default[100:].any()


def test_pad_or_trim_2d():
    y = np.arange(1, 11, dtype=np.float32).reshape(2, 5)
    padded = audio.pad_or_trim(y, 7)
    np.testing.assert_array_equal(padded, [[1, 2, 3, 4, 5, 0, 0], [6, 7, 8, 9, 10, 0, 0]])
    np.testing.assert_array_equal(audio.pad_or_trim(y, 2), [[1, 2], [6, 7]])
    assert audio.pad_or_trim(np.ones((6, 3)), 16000).shape == (6, 16000)


@pytest.mark.parametrize("length", [0, -5, 2.5, 16000.0, "100", True, None])
def test_pad_or_trim_bad_length(length):
    err = bad_argument("checks.whole_number", audio.pad_or_trim, np.zeros(10), length)
    assert err.fields["name"] == "length" and str(err).endswith(f"not {length!r}.")


# --------------------------------------------------------------------------- resample

def test_resample_44100_to_16000_keeps_440():
    x = sine(TONE_HZ, 44100, 44100).astype(np.float32)
    y = audio.resample(x, 44100, 16000)
    assert y.shape == (16000,) and y.dtype == np.float32
    assert peak_hz(y) == pytest.approx(TONE_HZ, abs=1)
    assert level_at(y, TONE_HZ) == pytest.approx(0.5, abs=0.005)
    ideal = sine(TONE_HZ, FS, FS)
    assert np.max(np.abs(y[200:-200] - ideal[200:-200])) < 1e-3


def test_resample_each_channel():
    x = np.stack([sine(TONE_HZ, 44100, 44100), sine(1000, 44100, 44100, 0.3)])
    y = audio.resample(x, 44100, 16000)
    assert y.shape == (2, 16000) and y.dtype == np.float32 and y.flags.c_contiguous
    assert peak_hz(y[0]) == pytest.approx(TONE_HZ, abs=1)
    assert peak_hz(y[1]) == pytest.approx(1000, abs=1)
    for c in range(2):
        np.testing.assert_allclose(y[c], audio.resample(x[c], 44100, 16000), atol=1e-6)


def test_resample_up_and_same_rate():
    x = sine(TONE_HZ, 8000, 8000).astype(np.float32)
    up = audio.resample(x, 8000, 48000)
    assert up.shape == (48000,)
    assert peak_hz(up, 48000) == pytest.approx(TONE_HZ, abs=1)
    np.testing.assert_array_equal(audio.resample(x, 8000, 8000), x)
    raises_key("audio.bad_shape", audio.resample, np.zeros((1, 2, 100)), 8000, 16000)


# --------------------------------------------------------------------------- as_float32 and friends

def test_as_float32_scaling():
    cases = [
        (np.array([0, 16384, -32768, 32767, -16384], dtype=np.int16), [0, 0.5, -1, 32767 / 32768, -0.5]),
        (np.array([2 ** 30, -2 ** 31, 0, -2 ** 29], dtype=np.int32), [0.5, -1, 0, -0.25]),
        (np.array([0, 64, 128, 192, 255], dtype=np.uint8), [-1, -0.5, 0, 0.5, 127 / 128]),
        (np.array([0.25, -0.125, 1.5, 0.1], dtype=np.float64), [0.25, -0.125, 1.5, 0.1]),
        (np.array([-128, 64], dtype=np.int8), [-1, 0.5]),
    ]
    for raw, expected in cases:
        y = audio.as_float32(raw)
        assert y.dtype == np.float32, raw.dtype
        np.testing.assert_array_equal(y, np.array(expected, dtype=np.float32))
    two = audio.as_float32(np.array([[0, 16384], [-32768, 8192]], dtype=np.int16))
    assert two.shape == (2, 2)
    np.testing.assert_array_equal(two, [[0, 0.5], [-1, 0.25]])
    np.testing.assert_array_equal(audio.as_float32([0.5, -0.5]), np.array([0.5, -0.5], np.float32))


def test_as_float32_errors():
    err = raises_key("audio.bad_shape", audio.as_float32, np.zeros((2, 3, 4)))
    assert err.fields["shape"] == (2, 3, 4)
    raises_key("audio.bad_shape", audio.as_float32, np.float32(0.5))
    err = raises_key("audio.bad_dtype", audio.as_float32, np.array(["a", "b"]))
    assert "<U1" in str(err)
    raises_key("audio.bad_dtype", audio.as_float32, np.array([b"x"]))
    raises_key("audio.bad_dtype", audio.as_float32, np.array([1 + 2j]))
    raises_key("audio.bad_dtype", audio.as_float32, np.array([True, False]))
    raises_key("audio.empty", audio.as_float32, np.zeros(0, dtype=np.int16))
    raises_key("audio.not_finite", audio.as_float32, np.array([0.0, np.nan]))
    raises_key("audio.not_finite", audio.as_float32, np.array([np.inf]))


# --------------------------------------------------------------------------- to_mono: [samples, channels]

def test_to_mono_gives_the_mean_of_left_and_right(tmp_path):
    left, right = sine(TONE_HZ, FS, 1600), sine(1000, FS, 1600, 0.3)
    stereo = np.stack([left, right], axis=1).astype(np.float32)  # [samples, channels]
    mono = audio.to_mono(stereo)
    assert mono.shape == (1600,) and mono.dtype == np.float32
    np.testing.assert_allclose(mono, (left + right) / 2, atol=1e-7)
    assert level_at(mono, TONE_HZ) == pytest.approx(0.25, abs=1e-3)
    assert level_at(mono, 1000) == pytest.approx(0.15, abs=1e-3)
    np.testing.assert_array_equal(audio.to_mono(np.array([[1.0, 0.0], [0.5, 0.5], [0.0, -1.0]])), [0.5, 0.5, -0.5])
    # What soundfile reads from a file is what to_mono takes, and it agrees with load's mono.
    sf.write(tmp_path / "stereo.wav", stereo, FS, subtype="FLOAT")
    np.testing.assert_allclose(audio.to_mono(sf.read(str(tmp_path / "stereo.wav"), dtype="float32")[0]),
                               audio.load(tmp_path / "stereo.wav")[0], atol=1e-7)
    eight = np.tile(np.arange(10.0)[:, None], (1, 8)) + np.arange(8)  # 7.1 surround: the most accepted
    np.testing.assert_array_equal(audio.to_mono(eight), np.arange(10.0) + 3.5)


def test_to_mono_passes_1d_audio_through():
    y = np.linspace(-1, 1, 50, dtype=np.float32)
    assert audio.to_mono(y) is y
    np.testing.assert_array_equal(audio.to_mono([0.25, -0.5]), [0.25, -0.5])


def test_to_mono_refuses_channels_by_samples_and_says_transpose():
    left, right = sine(TONE_HZ, FS, FS), sine(1000, FS, FS, 0.3)
    rows = np.stack([left, right])  # [2, 16000]: what load(..., mono=False) returns
    err = raises_key("audio.channels_last", audio.to_mono, rows)
    assert str(err) == ("A 2-D audio array must be [samples, channels], the way soundfile reads a file, with at "
                        "most 8 channels; shape (2, 16000) would be 16000 channels of 2 samples each. For "
                        "[channels, samples] audio (what audio.load(..., mono=False) returns), pass its "
                        "transpose: y.T")
    np.testing.assert_allclose(audio.to_mono(rows.T), (left + right) / 2)  # the advice works
    for shape in [(1, 2), (3, 4), (1000, 9)]:  # more channels than samples, or more than 8
        assert raises_key("audio.channels_last", audio.to_mono, np.zeros(shape)).fields["channels"] == shape[1]
    raises_key("audio.bad_shape", audio.to_mono, np.zeros((2, 2, 2)))


def test_duration():
    assert audio.duration(np.zeros(24000), 16000) == 1.5
    assert audio.duration(np.zeros((2, 4410)), 44100) == 0.1
    bad_argument("audio.bad_rate", audio.duration, np.zeros(10), 0)


def test_wav_header_of_noise_in_both_formats(tmp_path):
    noise = np.random.default_rng(0).uniform(-1, 1, 5 * FS).astype(np.float32)
    pcm = wav.header(audio.write_wav(tmp_path / "pcm.wav", noise, FS, "PCM_16"))
    flt = wav.header(audio.write_wav(tmp_path / "flt.wav", noise, FS, "FLOAT"))
    assert (pcm["audio_format"], pcm["bits_per_sample"], pcm["block_align"]) == (1, 16, 2)
    assert (flt["audio_format"], flt["bits_per_sample"], flt["block_align"]) == (3, 32, 4)
    assert pcm["data_offset"] == 44 and pcm["data_size"] == 5 * FS * 2
    assert pcm["chunk_size"] == (tmp_path / "pcm.wav").stat().st_size - 8
    assert pcm["byte_rate"] == 32000 and pcm["duration_s"] == 5.0 and flt["duration_s"] == 5.0
    assert flt["audio_format_name"] == "IEEE float"
    # Lesson 3's table: the float file's samples start at byte 80, after fact and PEAK chunks.
    assert pcm["chunks"] == "fmt, data" and flt["chunks"] == "fmt, fact, PEAK, data"
    assert flt["data_offset"] == 80 and flt["data_size"] == 5 * FS * 4


def test_wav_header_rejects_non_wav(tmp_path):
    flac = tmp_path / "x.flac"
    sf.write(flac, np.zeros(100), FS, format="FLAC")
    raises_key("wav.not_wav", wav.header, flac)
    raises_key("wav.not_found", wav.header, tmp_path / "none.wav")
    (tmp_path / "x.wav").write_text("RIFF but not really")
    raises_key("wav.not_wav", wav.header, tmp_path / "x.wav")
