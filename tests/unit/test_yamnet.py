"""YAMNet: framing, the log-mel front end, and both backends behind one contract.

Real-weight tests use ../shared/realdata/yamnet and skip with the reason when it is absent.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from kwscourse.audio import waveform as audio
from kwscourse.yamnet import model as yamnet
from yamnet_double import double_yamnet
from kwscourse.yamnet import frontend
from kwscourse.yamnet import weights
from kwscourse.i18n import CourseError, ModelError, ParameterError

from signals import tone

CAT_LIKE = {"Animal", "Cat", "Domestic animals, pets", "Meow", "Purr", "Caterwaul"}


def test_frame_counts_follow_yamnets_rule():
    assert [frontend.frame_count(n) for n in (1, 15600, 15601, 23280, 23281, 48000)] == [1, 1, 2, 2, 3, 6]


def test_frames_start_every_hop_and_are_zero_padded():
    y = np.arange(1, 30001, dtype=np.float32)
    frames = frontend.frame_waveform(y)
    assert frames.shape == (3, 15600)
    assert [frames[i, 0] for i in range(3)] == [1, 7681, 15361]
    assert frames[-1, -1] == 0 and frames[-1, 30000 - 15360 - 1] == 30000  # real samples kept, then zeros


def test_log_mel_shape_and_pitch():
    log_mel = frontend.log_mel_magnitude(tone(1000, 1.0))
    assert log_mel.shape == (98, 64)
    # HTK mel: band b is centred at mel^-1(mel(125) + (b + 1) * step); find 1 kHz's band.
    mel = lambda hz: 1127.0 * np.log1p(np.asarray(hz) / 700.0)  # noqa: E731
    centres_mel = np.linspace(mel(125.0), mel(7500.0), 66)[1:-1]
    expected = int(np.argmin(np.abs(centres_mel - mel(1000.0))))
    assert abs(int(np.argmax(log_mel.mean(axis=0))) - expected) <= 1
    assert frontend.log_mel_magnitude(np.zeros(15600, np.float32)).min() == pytest.approx(np.log(0.001))


def test_patches_every_48_frames():
    log_mel = np.arange(240 * 64, dtype=np.float32).reshape(240, 64)
    patches = frontend.log_mel_patches(log_mel)
    assert patches.shape == (4, 96, 64)  # starts 0, 48, 96, 144
    np.testing.assert_array_equal(patches[2], log_mel[96:192])


def test_front_end_refuses_too_little_audio(spanish):
    assert frontend.log_mel_magnitude(np.zeros(400)).shape == (1, 64)
    with pytest.raises(ParameterError) as err:
        frontend.log_mel_magnitude(np.zeros(399))
    assert err.value.key == "yamnet.too_few_samples" and err.value.fields == {"minimum": 400, "size": 399}
    assert "al menos 400 muestras" in str(err.value)
    assert frontend.log_mel_patches(np.zeros((96, 64))).shape == (1, 96, 64)
    with pytest.raises(ParameterError) as err:
        frontend.log_mel_patches(np.zeros((95, 64)))
    assert err.value.key == "yamnet.too_few_frames" and err.value.fields["count"] == 95


class SpyRunner:
    """A stand-in for a backend: keeps the waveform it is given, answers with fixed scores."""

    def __init__(self):
        self.received = []

    def __call__(self, y):
        self.received.append(y)
        n = frontend.frame_count(y.size)
        return np.tile(np.linspace(0, 1, 521), (n, 1)), np.ones((n, 1024)), np.zeros((48 * (n + 1), 64))


def test_stereo_samples_by_channels_at_any_rate_reach_the_model_as_16k_mono():
    spy = SpyRunner()
    model = yamnet.Yamnet("tflite", [f"class {i}" for i in range(521)], spy, "spy")
    left, right = tone(1000, 2.0, 44100, 0.4), tone(1000, 2.0, 44100, 0.2)
    result = model(np.stack([left, right], axis=1), sample_rate=44100)  # [samples, 2], as soundfile reads
    (received,) = spy.received
    assert received.ndim == 1 and received.dtype == np.float32 and abs(received.size - 32000) <= 1
    assert np.abs(received[1000:-1000]).max() == pytest.approx(0.3, abs=0.01)  # the channels' mean
    assert result.scores.shape == (frontend.frame_count(received.size), 521)
    assert result.top_k(2) == [("class 520", 1.0), ("class 519", pytest.approx(519 / 520))]
    np.testing.assert_allclose(result.frame_times, [0.0, 0.48, 0.96, 1.44])


def test_top_k_wants_a_whole_number():
    model = yamnet.Yamnet("tflite", [f"class {i}" for i in range(521)], SpyRunner(), "spy")
    result = model(np.zeros(16000, np.float32))
    assert len(result.top_k(3)) == 3 and not result.stand_in
    for k in (0, -1, 2.5, True, "3"):
        with pytest.raises(ParameterError) as err:
            result.top_k(k)
        assert err.value.key == "checks.whole_number"


# --- real weights ----------------------------------------------------------------


def test_class_map_has_521_names(real_yamnet_dir):
    names = weights.read_class_map(real_yamnet_dir / "yamnet_class_map.csv")
    assert len(names) == 521 and names[0] == "Speech" and "Silence" in names


@pytest.mark.parametrize("name,expected", [
    ("silence", "Silence"), ("white noise", "White noise"), ("sine", "Sine wave")])
def test_authors_sanity_checks(real_yamnet, name, expected):
    seconds = 3 * audio.SAMPLE_RATE
    waveform = {
        "silence": np.zeros(seconds, np.float32),
        "white noise": np.random.RandomState(51773).uniform(-1.0, 1.0, seconds).astype(np.float32),
        "sine": np.sin(2 * np.pi * 440 * np.arange(seconds) / audio.SAMPLE_RATE).astype(np.float32),
    }[name]
    result = real_yamnet(waveform)
    assert result.scores.shape == (6, 521) and result.embeddings.shape == (6, 1024)
    assert expected in [label for label, _ in result.top_k(10)]


def test_cat_clip_is_an_animal(real_yamnet, realdata):
    y, _ = audio.load(realdata / "clips" / "miaow_16k.wav")
    top5 = [label for label, _ in real_yamnet(y).top_k(5)]
    assert set(top5) & CAT_LIKE, top5


def test_any_rate_and_channels_give_the_same_answer(real_yamnet, realdata):
    y, _ = audio.load(realdata / "clips" / "miaow_16k.wav")
    stereo_44k = np.stack([audio.resample(y, 16000, 44100)] * 2, axis=1)  # [samples, channels]
    a, b = real_yamnet(y), real_yamnet(stereo_44k, sample_rate=44100)
    assert a.scores.shape == b.scores.shape
    assert a.top_k(1)[0][0] == b.top_k(1)[0][0]
    assert np.corrcoef(a.mean_scores(), b.mean_scores())[0, 1] > 0.99


def test_embeddings_and_log_mel_are_real(real_yamnet, realdata):
    y, _ = audio.load(realdata / "clips" / "miaow_16k.wav")
    cat = real_yamnet(y)
    silence = real_yamnet(np.zeros_like(y))
    assert cat.embeddings.shape[1] == 1024 and np.abs(cat.embeddings).sum() > 0
    assert np.linalg.norm(cat.embeddings.mean(0) - silence.embeddings.mean(0)) > 1.0
    assert cat.log_mel.shape == (frontend.PATCH_HOP_FRAMES * (cat.scores.shape[0] + 1), 64)
    np.testing.assert_allclose(cat.frame_times[:3], [0.0, 0.48, 0.96])
    timeline = cat.timeline()
    assert len(timeline) == cat.scores.shape[0] and timeline[1][0] == pytest.approx(0.48)


def test_short_input_is_padded(real_yamnet):
    result = real_yamnet(np.zeros(4000, np.float32))
    assert result.scores.shape == (1, 521)


def test_front_end_patch_of_speech_is_speech(real_yamnet_dir, realdata):
    """Our log-mel patch, fed to the real patch classifier, is heard as speech."""
    from ai_edge_litert.interpreter import Interpreter

    names = weights.read_class_map(real_yamnet_dir / "yamnet_class_map.csv")
    y, _ = audio.load(realdata / "clips" / "speech_whistling2.wav")
    patches = frontend.log_mel_patches(frontend.log_mel_magnitude(frontend.pad_waveform(y)))
    interpreter = Interpreter(model_path=str(real_yamnet_dir / "coral_yamnet_spectra_in.tflite"))
    interpreter.allocate_tensors()
    (inp,), out = interpreter.get_input_details(), interpreter.get_output_details()[0]
    interpreter.set_tensor(inp["index"], patches[:1])
    interpreter.invoke()
    assert names[int(np.argmax(interpreter.get_tensor(out["index"])[0]))] == "Speech"


def test_front_end_agrees_with_a_converted_yamnet(real_yamnet_dir, realdata):
    """Our log-mel against the log-mel output of another real conversion, in the high-energy bins."""
    from ai_edge_litert.interpreter import Interpreter

    y, _ = audio.load(realdata / "clips" / "speech_whistling2.wav")
    window = frontend.frame_waveform(y)[0]
    interpreter = Interpreter(model_path=str(real_yamnet_dir / "yamnet_harfield_15600_scores_logmel.tflite"))
    interpreter.allocate_tensors()
    (inp,) = interpreter.get_input_details()
    interpreter.set_tensor(inp["index"], window[None, :])
    interpreter.invoke()
    theirs = next(interpreter.get_tensor(o["index"]) for o in interpreter.get_output_details()
                  if list(o["shape"]) == [96, 64])
    ours = frontend.log_mel_magnitude(window)
    loud = ours > np.percentile(ours, 75)
    assert np.mean(np.abs(ours[loud] - theirs[loud])) < 0.05  # their DFT is quantised
    assert np.corrcoef(ours.ravel(), theirs.ravel())[0, 1] > 0.95


# --- loading ------------------------------------------------------------------------

def test_auto_picks_the_cached_tflite_and_says_so(real_yamnet_dir, data_dir, capsys):
    cache = data_dir / "yamnet"
    cache.mkdir()
    shutil.copy(real_yamnet_dir / "yamnet_classification_waveform15600.tflite", cache / weights.TFLITE_FILE)
    shutil.copy(real_yamnet_dir / "yamnet_class_map.csv", cache / weights.CLASS_MAP_FILE)
    model = yamnet.load()
    assert model.backend == "tflite" and not model.stand_in
    assert model.notes == (f"YAMNet backend: tflite ({cache / weights.TFLITE_FILE})",)
    assert model.notice == model.notes[0]
    assert capsys.readouterr().out == ""  # the library says it through notes, it does not print


def test_bad_arguments(tmp_path):
    with pytest.raises(ParameterError, match="onnx") as err:
        yamnet.load("onnx")
    assert err.value.key == "checks.one_of"
    with pytest.raises(ModelError) as err:
        yamnet.load(model_file=tmp_path / "missing.tflite")
    assert err.value.key == "yamnet.no_model_file"
    bad_map = tmp_path / "map.csv"
    bad_map.write_text("a,b\n1,2\n")
    with pytest.raises(CourseError) as err:
        weights.read_class_map(bad_map)
    assert err.value.key == "yamnet.bad_class_map"


def _offline(monkeypatch):
    """Every YAMNet address, fallbacks included, points at a closed local port; smoke mode off."""
    import kwscourse

    for name in ("CLASS_MAP_URL", "SAVEDMODEL_URL", "TFLITE_URL"):
        monkeypatch.setattr(weights, name, f"http://127.0.0.1:9/{name.lower()}")
    for name in ("SAVEDMODEL_FALLBACK_URLS", "TFLITE_FALLBACK_URLS"):
        monkeypatch.setattr(weights, name, ())
    monkeypatch.setattr(kwscourse.settings, "smoke", False)


def test_offline_without_cache_is_a_clear_error(data_dir, monkeypatch, real_yamnet_dir):
    _offline(monkeypatch)
    with pytest.raises(ModelError) as err:
        yamnet.load(class_map=real_yamnet_dir / "yamnet_class_map.csv")
    assert err.value.key == "yamnet.unavailable" and "--model-file" in str(err.value)


def test_savedmodel_backend_contract(data_dir, real_yamnet_dir, yamnet_double):
    """The savedmodel adapter, exercised on the test double with YAMNet's call signature.

    The official SavedModel cannot be downloaded here; the double returns
    (scores [N, 521], embeddings [N, 1024], log_mel [M, 64]) like the real one.
    """
    model = double_yamnet(yamnet_double, data_dir, class_map=real_yamnet_dir / "yamnet_class_map.csv")
    result = model(np.zeros(48000, np.float32))
    assert model.backend == "savedmodel"
    assert result.scores.shape == (6, 521) and result.embeddings.shape == (6, 1024)
    assert result.top_k(1) == [(model.class_names[500], 1.0)]


def test_end_to_end_export_with_the_savedmodel_backend(data_dir, real_yamnet_dir, yamnet_double):
    """Waveform -> class in one SavedModel, built on the savedmodel adapter (the test double)."""
    import tensorflow as tf

    from kwscourse import transfer

    model = double_yamnet(yamnet_double, data_dir, class_map=real_yamnet_dir / "yamnet_class_map.csv")
    classifier = transfer.ClipClassifier(model, transfer.build_head(2), ["quiet", "loud"])
    waveform = np.random.default_rng(0).uniform(-0.5, 0.5, 40000).astype(np.float32)
    exported = tf.saved_model.load(str(classifier.export_savedmodel(data_dir / "served")))
    out = exported(tf.constant(waveform))
    np.testing.assert_allclose(out["scores"].numpy(), classifier.scores(waveform), rtol=1e-5, atol=1e-6)
    assert out["class_name"].numpy().decode() == classifier.predict(waveform)[0]


def test_numpy_front_end_matches_tf_signal():
    """The NumPy log-mel is YAMNet's tf.signal recipe, number for number."""
    import tensorflow as tf

    tf_matrix = tf.signal.linear_to_mel_weight_matrix(64, 257, 16000, 125.0, 7500.0).numpy()
    np.testing.assert_allclose(frontend.mel_matrix(), tf_matrix, atol=1e-5)
    y = np.random.default_rng(3).uniform(-1, 1, 24000).astype(np.float32)
    magnitude = tf.abs(tf.signal.stft(y, 400, 160, fft_length=512, window_fn=tf.signal.hann_window))
    reference = tf.math.log(tf.matmul(magnitude, tf_matrix) + 0.001).numpy()
    ours = frontend.log_mel_magnitude(y)
    assert ours.shape == reference.shape == (148, 64)
    np.testing.assert_allclose(ours, reference, atol=2e-4)


def test_smoke_mode_without_any_yamnet_builds_a_labelled_stand_in(data_dir, monkeypatch, capsys):
    import kwscourse

    _offline(monkeypatch)
    with pytest.raises(ModelError) as err:
        yamnet.load()
    assert err.value.key == "yamnet.unavailable"
    monkeypatch.setattr(kwscourse.settings, "smoke", True)
    model = yamnet.load()
    assert model.stand_in and model.notice.startswith("STAND-IN MODEL: no YAMNet weights")
    assert capsys.readouterr().out == ""
    assert "UNTRAINED STAND-IN" in repr(model)
    result = model(np.random.default_rng(0).uniform(-1, 1, 48000).astype(np.float32))
    assert result.stand_in and result.scores.shape == (6, 521) and result.embeddings.shape == (6, 1024)
    assert np.abs(result.embeddings).sum() > 0
    assert model.class_names[7] == "stand-in class 7"
    # Built once, then reused.
    stand_in = data_dir / "yamnet" / "stand_in"
    stamp = (stand_in / "untrained_yamnet_stand_in.tflite").stat().st_mtime_ns
    assert yamnet.load().stand_in
    assert (stand_in / "untrained_yamnet_stand_in.tflite").stat().st_mtime_ns == stamp
    assert sorted(p.name for p in stand_in.parent.iterdir()) == ["stand_in"]  # no .partial left


def test_stand_in_keeps_its_own_class_names_beside_a_real_class_map(data_dir, monkeypatch, real_yamnet_dir, spanish):
    import kwscourse

    _offline(monkeypatch)
    monkeypatch.setattr(kwscourse.settings, "smoke", True)
    model = yamnet.load(class_map=real_yamnet_dir / "yamnet_class_map.csv")
    assert model.stand_in and model.class_names[0] == "stand-in class 0"  # never "Speech": it means nothing
    assert model.notice.startswith("MODELO SUSTITUTO: no se han encontrado ni descargado los pesos de YAMNet")


def test_a_stale_partial_stand_in_is_rebuilt(data_dir):
    from kwscourse.synthetic import stand_ins

    half = data_dir / "yamnet" / "stand_in"
    half.mkdir(parents=True)
    (half / "untrained_yamnet_stand_in.tflite").write_bytes(b"cut short by a crash")  # no .complete marker
    (data_dir / "yamnet" / "stand_in.partial").mkdir()
    model_file, class_map = stand_ins.untrained_yamnet(data_dir)
    assert model_file.read_bytes()[4:8] == b"TFL3" and len(weights.read_class_map(class_map)) == 521
    assert sorted(p.name for p in (data_dir / "yamnet").iterdir()) == ["stand_in"]
