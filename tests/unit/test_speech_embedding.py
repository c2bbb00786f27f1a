"""The speech embedding: where its files come from, and what it makes of audio of any shape."""

from __future__ import annotations

import numpy as np
import pytest

from kwscourse.kws import speech_embedding as se
from kwscourse.i18n import DataError


PACKAGED = se.packaged_files()
needs_package = pytest.mark.skipif(PACKAGED is None, reason="pyopen-wakeword (the packaged model files) is not installed here")


def _speechlike(seconds: float, sr: int = 16000, seed: int = 0) -> np.ndarray:
    """A voiced, syllable-like tone burst with noise: enough structure for the mel model."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sr)) / sr
    envelope = np.clip(np.sin(2 * np.pi * 3 * t), 0, None)
    voiced = sum(np.sin(2 * np.pi * f * t) / k for k, f in enumerate((180, 360, 540, 720), 1))
    return (0.3 * envelope * voiced + 0.01 * rng.standard_normal(t.size)).astype(np.float32)


@pytest.fixture(scope="module")
def embedder():
    if PACKAGED is None:
        pytest.skip("pyopen-wakeword (the packaged model files) is not installed here")
    return se.load()


@needs_package
def test_the_packaged_files_are_the_release_files():
    from kwscourse.data.download import sha256_of

    assert {name: sha256_of(path) for name, path in PACKAGED.items()} == se.FILES


@needs_package
def test_a_downloaded_copy_is_checked_and_embeds_identically(tmp_path, embedder, server):
    site = server.reset({name: path.read_bytes() for name, path in PACKAGED.items()})
    files = se.model_files(tmp_path, base_url=site.url(""), prefer_package=False)
    assert all(str(p).startswith(str(tmp_path)) for p in files.values())
    clip = _speechlike(1.0)
    assert np.array_equal(se.SpeechEmbedding(files).embed_clip(clip), embedder.embed_clip(clip))
    # Cached now: a second call needs no server.
    assert se.model_files(tmp_path, download=False, prefer_package=False) == files


@needs_package
def test_a_corrupted_download_is_refused(tmp_path, spanish, server):
    site = server.reset({name: b"not a model" for name in se.FILES})
    with pytest.raises(DataError) as err:
        se.model_files(tmp_path, base_url=site.url(""), prefer_package=False)
    assert "embedding de voz no está disponible" in str(err.value)
    assert not any((tmp_path / se.CACHE_FOLDER).glob("*.tflite"))


def test_offline_with_no_files_is_a_clear_error_in_both_languages(tmp_path, spanish):
    with pytest.raises(DataError, match="no están en"):
        se.model_files(tmp_path, download=False, prefer_package=False)
    with pytest.raises(DataError, match="pyopen-wakeword"):
        se.model_files(tmp_path, base_url="http://127.0.0.1:9/", prefer_package=False)


def test_frame_and_window_counts_follow_the_models():
    assert (se.frame_count(24000), se.window_count(24000)) == (147, 9)
    assert se.window_count(12640) == 1 and se.window_count(12639) == 0


def test_embeddings_have_the_promised_shapes(embedder):
    assert embedder.mel_frames(_speechlike(1.5)).shape == (147, 32)
    assert embedder.embed(_speechlike(1.5)).shape == (9, 96)
    assert embedder.embed(_speechlike(3.0)).shape == (se.window_count(48000), 96)
    assert embedder.embed(_speechlike(0.5)).shape == (0, 96)
    assert embedder.embed_clips([_speechlike(1.0), _speechlike(0.4)]).shape == (2, 9, 96)


def test_any_rate_gives_nearly_the_same_embedding(embedder):
    import soxr

    clip = _speechlike(1.0)
    at_44k = soxr.resample(clip, 16000, 44100)
    a, b = embedder.embed_clip(clip), embedder.embed_clip(at_44k, 44100)
    assert a.shape == b.shape == (9, 96)
    cosine = float((a * b).sum() / np.linalg.norm(a) / np.linalg.norm(b))
    assert cosine > 0.99
    other = embedder.embed_clip(np.random.default_rng(5).standard_normal(16000).astype(np.float32) * 0.3)
    assert float((a * other).sum() / np.linalg.norm(a) / np.linalg.norm(other)) < cosine


def test_a_stereo_array_is_refused(embedder):
    from kwscourse.i18n import AudioError

    with pytest.raises(AudioError):
        embedder.embed(np.zeros((2, 2, 16000), np.float32))


@pytest.mark.parametrize("chunk", [4096, 1000, 160])
def test_streaming_gives_the_windows_of_the_whole_recording(embedder, chunk):
    y = _speechlike(3.0, seed=2)
    stream = se.StreamingEmbedder(embedder)
    parts = [stream.push(y[i:i + chunk]) for i in range(0, len(y), chunk)]
    streamed = np.concatenate(parts)
    batch = embedder.embed(y)
    assert streamed.shape == batch.shape == (se.window_count(len(y)), 96)
    assert np.allclose(streamed, batch, atol=1e-4)
    stream.reset()
    assert stream.push(y[:4096]).shape == (0, 96)
