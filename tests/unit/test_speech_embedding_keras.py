"""The speech embedding rebuilt in Keras: the numbers of the two LiteRT files, and the whole recipe as one .tflite.

Every comparison is against :func:`kwscourse.kws.speech_embedding.load` (the two
original files run by LiteRT), on purpose-made audio that is always here and on
the 80 real Speech Commands clips of ../shared/realdata when they are.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from kwscourse._internal import tf as _tf
from kwscourse.audio import waveform as audio
from kwscourse.kws import head as kws_embedding
from kwscourse.kws import speech_embedding as se
from kwscourse.kws import speech_embedding_keras as sek
from kwscourse.export import tflite as tflite_export
from kwscourse.i18n import DataError, ModelError

TOLERANCE = 1e-4  # absolute, on mel features (about 0..12), embeddings (|x| up to ~70) and scores
REAL_WORDS = ("down", "go", "left", "no", "right", "stop", "up", "yes")


def _centred(y: np.ndarray, length: int = audio.SAMPLE_RATE) -> np.ndarray:
    """``y`` centred in one second of zeros, as ``embed_clip`` would centre it in 1.5 s."""
    before = (length - len(y)) // 2
    return np.pad(np.asarray(y, np.float32), (before, length - len(y) - before))


def _made_clips() -> dict[str, np.ndarray]:
    """One-second clips with no speech in them, chosen to stress the front end."""
    rng = np.random.default_rng(3)
    t = np.arange(16000) / 16000
    clips = {
        "tone": 0.5 * np.sin(2 * np.pi * 440 * t),
        "noise": 0.1 * rng.standard_normal(t.size),
        "silence": np.zeros(t.size),
        "clipping": np.clip(4.0 * np.sin(2 * np.pi * 220 * t) + 0.3 * rng.standard_normal(t.size), -1, 1),
        "whisper": 1e-5 * rng.standard_normal(t.size),  # 100 dB down: the floors matter
        "chirp": 0.3 * np.sin(2 * np.pi * (100 + 3000 * t) * t) * np.hanning(t.size),
        "short": _centred(0.2 * rng.standard_normal(4000)),  # a quarter second, centred
    }
    return {name: y.astype(np.float32) for name, y in clips.items()}


MADE = _made_clips()


@pytest.fixture(scope="module")
def original():
    try:
        return se.load(num_threads=1)
    except DataError as err:
        pytest.skip(f"the speech embedding's model files are not available here: {err}")


@pytest.fixture(scope="module")
def weights(original):
    return sek.read_weights(original.files)


@pytest.fixture(scope="module")
def front_end(original):
    return sek.build_front_end(original.files)


@pytest.fixture(scope="module")
def network(original):
    return sek.build_embedding_network(original.files)


@pytest.fixture(scope="module")
def clip_embedder(original):
    return sek.build_clip_embedder(original.files)


@cache
def _real_clips(folder) -> tuple[np.ndarray, list[str]]:
    """``(clips, words)``: the real clips of ``folder``'s word folders, each centred in one second."""
    paths = sorted(p for word in REAL_WORDS for p in (folder / word).glob("*.wav"))
    assert len(paths) == 80, folder
    return np.stack([_centred(audio.load(p)[0]) for p in paths]), [p.parent.name for p in paths]


@pytest.fixture
def real(realdata):
    return _real_clips(realdata / "speech_commands_sample" / "v0.01_vinsis")


def _worst(a, b) -> float:
    return float(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64)).max())


def _check_front_end(front_end, original, clips):
    worst = 0.0
    for clip in clips:
        for y in (clip, np.pad(clip, sek.CLIP_PAD)):  # the clip as it is, and as embed_clip pads it
            expected = original.mel_frames(y)
            got = np.asarray(front_end(y[None]))[0]
            assert got.shape == expected.shape == ((len(y) - 512) // 160 + 1, 32)
            worst = max(worst, _worst(got, expected))
    assert worst <= TOLERANCE
    return worst


def _check_network(network, original, clips):
    mel = [original.mel_frames(np.pad(clip, sek.CLIP_PAD)) for clip in clips]
    windows = np.stack([m[s:s + se.WINDOW_FRAMES] for m in mel for s in sek.window_starts()])[..., None]
    expected = np.concatenate([original.embed_frames(m) for m in mel])
    worst = _worst(network(windows), expected)
    assert worst <= TOLERANCE
    return worst


def _check_clip_embedder(clip_embedder, original, clips):
    worst = _worst(clip_embedder(np.stack(clips)), original.embed_clips(list(clips)))
    assert worst <= TOLERANCE
    return worst


def test_front_end_equals_melspectrogram_tflite_on_made_audio(front_end, original):
    odd = np.resize(MADE["chirp"], 16050)  # any length: 98 frames, one more than frame_count(16050) says
    _check_front_end(front_end, original, [*MADE.values(), odd])


def test_embedding_network_equals_embedding_model_tflite_on_made_audio(network, original):
    _check_network(network, original, list(MADE.values()))


def test_clip_embedder_equals_embed_clip_on_made_audio(clip_embedder, original):
    _check_clip_embedder(clip_embedder, original, list(MADE.values()))


@pytest.mark.realdata
def test_all_three_equal_the_originals_on_real_speech(real, front_end, network, clip_embedder, original):
    clips = list(real[0])
    # Measured here: front end 1.9e-6, network 7.7e-5, clip embedder 8.1e-5 (TensorFlow's convolutions
    # add in another order than XNNPACK's; the network amplifies a one-ulp change of its input ~100-fold).
    _check_front_end(front_end, original, clips)
    _check_network(network, original, clips)
    _check_clip_embedder(clip_embedder, original, clips)


def test_the_models_are_built_from_the_files_constants(weights, network):
    assert weights["hop"] == se.MEL_HOP and weights["top_db"] == 80.0
    assert weights["power_floor"] == pytest.approx(1e-10) and weights["log_gain"] == 10.0
    assert weights["log10_e"] == pytest.approx(1 / np.log(10))
    assert not weights["dft_sin"][:, 0, 0].any() and weights["dft_cos"][:, 0, 0].any()  # at 0 Hz: sin 0, cos 1
    convolutions = [op for op in weights["embedding"] if op.name == "CONV_2D"]
    assert len(convolutions) == 20 and len([op for op in weights["embedding"] if op.name == "LEAKY_RELU"]) == 19
    kernel, bias = network.get_layer("conv_0").get_weights()
    assert np.array_equal(kernel, convolutions[0].constants[1].transpose(1, 2, 3, 0))
    assert np.array_equal(bias, convolutions[0].constants[2])
    assert not network.trainable_weights


def test_a_file_with_other_operators_is_refused(original, spanish):
    swapped = {sek.MEL_FILE: original.files[sek.EMBEDDING_FILE], sek.EMBEDDING_FILE: original.files[sek.MEL_FILE]}
    with pytest.raises(ModelError, match="no es el grafo") as err:
        sek.read_weights(swapped)
    assert err.value.key == "embedding.unexpected_graph"


def _head(original, clips, words):
    """A head trained on ``clips`` as the course trains one (40 epochs), and its labels."""
    words = tuple(words)
    if (original, words) not in _HEADS:  # the real-speech tests share one
        _HEADS[(original, words)] = _trained_head(original, clips, words)
    return _HEADS[(original, words)]


_HEADS: dict = {}


def _trained_head(original, clips, words):
    labels = sorted(set(words))
    ids = np.array([labels.index(w) for w in words])
    head, _ = kws_embedding.train_head(original.embed_clips(list(clips)), ids, len(labels))
    return head, labels


def _run(interpreter, clips) -> np.ndarray:
    """The outputs of a converted ``[1, 16000]`` model for each clip."""
    index, out = interpreter.get_input_details()[0]["index"], interpreter.get_output_details()[0]["index"]
    results = []
    for clip in clips:
        interpreter.set_tensor(index, clip[None])
        interpreter.invoke()
        results.append(interpreter.get_tensor(out)[0].copy())
    return np.stack(results)


def _converted(model, quantize=False):
    """``model`` converted the course's way, in LiteRT's interpreter on one thread, and the file's size."""
    from ai_edge_litert.interpreter import Interpreter

    tf = _tf.tensorflow()
    blob = tflite_export.convert(lambda x: model(x), tf.TensorSpec([1, 16000], tf.float32), holds=[model],
                                 quantize=quantize)
    interpreter = Interpreter(model_content=blob, num_threads=1)
    interpreter.allocate_tensors()
    return interpreter, len(blob)


def test_one_file_model_gives_the_spotters_scores_and_shares_the_head(original, clip_embedder):
    words = ["tone", "noise", "silence", "clipping"] * 2
    clips = [MADE[w] * (0.5 + i / 8) for i, w in enumerate(words)]  # different levels of each sound
    head, labels = _head(original, clips, words)
    model = sek.one_file_model(head, clip_embedder=clip_embedder)
    batch = np.stack(list(MADE.values()))
    expected = kws_embedding.EmbeddingSpotter(head, labels, original)(batch)["predictions"]
    assert _worst(model(batch), expected) <= TOLERANCE
    assert model.get_layer(head.name) is head  # shared, not copied: training the model trains the head
    assert [id(w) for w in model.trainable_weights] == [id(w) for w in head.trainable_weights]
    assert len(model.non_trainable_weights) > 40  # the DFT, the mel matrix and 20 convolutions, frozen


def test_a_head_for_other_embeddings_is_refused(clip_embedder):
    keras = _tf.keras()
    wrong = keras.Sequential([keras.Input((96,)), keras.layers.Dense(2)])
    with pytest.raises(ModelError) as err:
        sek.one_file_model(wrong, clip_embedder=clip_embedder)
    assert err.value.key == "embedding.head_input" and "(96,)" in str(err.value)


def test_the_converted_clip_embedder_runs_builtin_ops_and_equals_the_originals(clip_embedder, original):
    interpreter, _ = _converted(clip_embedder)
    ops = {op["op_name"] for op in interpreter._get_ops_details()}
    assert "GATHER" in ops and not {op for op in ops if op.startswith("Flex") or op == "CUSTOM"}
    assert list(interpreter.get_output_details()[0]["shape"]) == [1, 9, 96]
    clips = list(MADE.values())
    # Measured 0.0 here: same XNNPACK kernels and the same operators as the two files, DIV included.
    assert _worst(_run(interpreter, clips), original.embed_clips(clips)) <= TOLERANCE


@pytest.mark.realdata
def test_the_whole_recipe_as_one_tflite_file_on_real_speech(real, original, clip_embedder):
    clips, words = real
    head, labels = _head(original, clips, words)
    expected = kws_embedding.EmbeddingSpotter(head, labels, original)(clips)["predictions"]
    model = sek.one_file_model(head, clip_embedder=clip_embedder)
    assert _worst(model(clips), expected) <= TOLERANCE  # Keras: measured 3.6e-7
    interpreter, size = _converted(model)
    assert _worst(_run(interpreter, clips), expected) <= TOLERANCE  # the file: measured 1.8e-7
    embeddings, _ = _converted(clip_embedder)
    assert _worst(_run(embeddings, clips), original.embed_clips(list(clips))) <= TOLERANCE  # measured 0.0


@pytest.mark.realdata
def test_int8_weights_are_smaller_but_far_from_the_originals(real, original, clip_embedder):
    # Dynamic-range int8 quantizes the DFT kernels and, at run time, the waveform to 8 bits (~48 dB),
    # while the mel features keep 80 dB: quiet bands become noise. Measured here on the 80 clips:
    # embeddings off by up to 44 (median 23), this head's scores by up to 0.83, 78 of 80 top classes kept
    # (a head trained for 15 epochs only, under the course's noise and dropout, kept 71: too unsure to test).
    clips, words = real
    head, labels = _head(original, clips, words)
    model = sek.one_file_model(head, clip_embedder=clip_embedder)
    float_file, float_size = _converted(model)
    int8_file, int8_size = _converted(model, quantize=True)
    assert int8_size < float_size / 3
    expected = kws_embedding.EmbeddingSpotter(head, labels, original)(clips)["predictions"]
    scores = _run(int8_file, clips)
    assert _worst(scores, expected) > 0.1  # not a match: int8 is a different model
    assert np.mean(scores.argmax(1) == expected.argmax(1)) >= 0.9
    assert _worst(_run(float_file, clips), expected) <= TOLERANCE
