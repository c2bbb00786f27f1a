from __future__ import annotations

import sys
import typing
from pathlib import Path

import numpy as np
import pytest

import kwscourse

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata"


@pytest.fixture
def realdata() -> Path:
    """The real public audio beside the checkout; skip with the reason when absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real data not found at {REALDATA} (it lives outside the repo, in ../shared/realdata)")
    return REALDATA


@pytest.fixture(scope="session")
def real_yamnet_dir() -> Path:
    """The real YAMNet TFLite weights and class map beside the checkout; skip with the reason when absent."""
    folder = REALDATA / "yamnet"
    if not (folder / "yamnet_classification_waveform15600.tflite").is_file():
        pytest.skip(f"real YAMNet weights not found in {folder} (they live outside the repo)")
    return folder


@pytest.fixture(scope="session")
def real_yamnet(real_yamnet_dir):
    """The real YAMNet (TFLite), loaded once for the whole run."""
    from kwscourse.yamnet import model as yamnet

    return yamnet.load("tflite", model_file=real_yamnet_dir / "yamnet_classification_waveform15600.tflite",
                       class_map=real_yamnet_dir / "yamnet_class_map.csv")


@pytest.fixture
def spanish():
    """Switch messages to Spanish for one test, then back."""
    previous = kwscourse.settings.language
    kwscourse.set_language("es")
    yield
    kwscourse.set_language(previous)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A private data cache for one test."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(kwscourse.settings, "data_dir", folder)
    return folder


@pytest.fixture(scope="session")
def synth_words(tmp_path_factory) -> Path:
    """A small synthetic keyword tree shared by the model and CLI tests (4 words x 24 clips)."""
    from kwscourse.synthetic import speech as synth

    return synth.synth_keywords(tmp_path_factory.mktemp("kw") / "words", 24,
                                words=("down", "no", "up", "yes"), seed=7, progress=False)



@pytest.fixture(scope="session")
def real_keyword_model(tmp_path_factory) -> Path:
    """Lesson 1's CNN fitted for 20 epochs to the 80 real Speech Commands clips: a saved model folder.

    No clip is held out: the tests that use it compare runtimes (Keras, LiteRT, MediaPipe,
    the browser) on the same model, and need its scores to be far from flat.
    """
    import keras
    import tensorflow as tf

    from kwscourse.audio import waveform as audio
    from kwscourse.kws import features
    from kwscourse.kws import cnn as models

    folder = REALDATA / "speech_commands_sample" / "v0.01_vinsis"
    if not folder.is_dir():
        pytest.skip(f"real Speech Commands clips not found at {folder} (they live outside the repo)")
    paths = sorted(folder.glob("*/*.wav"))
    labels = sorted({p.parent.name for p in paths})
    clips = np.stack([audio.pad_or_trim(audio.load(p, sr=16000)[0], 16000) for p in paths])
    specs, ids = features.spectrogram(clips), np.array([labels.index(p.parent.name) for p in paths])
    keras.utils.set_random_seed(1)
    batches = tf.data.Dataset.from_tensor_slices((specs, ids)).shuffle(80, seed=1).batch(16)
    model = models.build_kws_model(specs.shape[1:], labels, models.adapted_normalization(batches))
    models.compile_model(model)
    model.fit(batches, epochs=20, verbose=0, shuffle=False)  # the dataset is shuffled
    return models.save_model_dir(model, labels, tmp_path_factory.mktemp("real_cnn") / "model")


@pytest.fixture(scope="session")
def exercise_build(tmp_path_factory) -> Path:
    """Every exercise set built once with otter assign, in both languages (about a minute)."""
    from kwscourse.exercises import build

    return build.build(tmp_path_factory.mktemp("exercises") / "build")


@pytest.fixture(scope="session")
def yamnet_double(tmp_path_factory) -> Path:
    """The YAMNet-signature SavedModel of ``yamnet_double.py``, saved once for the whole run."""
    from yamnet_double import save_double

    return save_double(tmp_path_factory.mktemp("yamnet_double") / "savedmodel")


@pytest.fixture(scope="session")
def _http_server_box():
    """The run's one local HTTP server (``httpserver.Server``), in a box so a test may replace a stopped one."""
    from httpserver import Server

    box = [Server({})]
    yield box
    box[0].stop()


@pytest.fixture
def server(_http_server_box):
    """The local HTTP server, reset for this test: serving nothing, well behaved, nothing recorded."""
    from httpserver import Server

    if not _http_server_box[0].running:  # a test stopped it on purpose (a server going away)
        _http_server_box[0] = Server({})
    return _http_server_box[0].reset()


@pytest.fixture(scope="session")
def words_with_bad_files(synth_words, tmp_path_factory) -> Path:
    """``synth_words`` plus two files TensorFlow cannot decode: a corrupt WAV and a float WAV."""
    import shutil

    from signals import tone

    from kwscourse.audio import waveform as audio

    tree = tmp_path_factory.mktemp("bad") / "words"
    shutil.copytree(synth_words, tree)
    (tree / "yes" / "corrupt.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVE then nothing useful")
    audio.write_wav(tree / "no" / "float.wav", tone(440), subtype="FLOAT")  # soundfile reads it, TF does not
    return tree


class TrainedCNN(typing.NamedTuple):
    model_dir: Path
    data: Path  # the clean words it learnt (its training tree also holds the two bad files)
    status: int
    stderr: str


@pytest.fixture(scope="session")
def trained_cnn(synth_words, words_with_bad_files, tmp_path_factory) -> TrainedCNN:
    """Lesson 1's CNN trained once for the run, through ``kwscourse kws train`` (8 epochs).

    It trains on ``words_with_bad_files``: the 96 good clips split exactly as the clean tree
    does, so the model is the clean one, and the run also shows how the command reports
    the two files it could not read.
    """
    import contextlib
    import io

    from kwscourse.cli import main as cli

    out = tmp_path_factory.mktemp("model") / "kws"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(["kws", "train", str(words_with_bad_files), "--out", str(out), "--epochs", "8"])
    return TrainedCNN(out, synth_words, status, stderr.getvalue())


class TrainedAST(typing.NamedTuple):
    result: object  # kwscourse.results.ModelTraining
    table: object  # the clip table it learnt from (pandas), with one unreadable "train" row
    model_dir: Path
    unreadable: Path
    progress: list


@pytest.fixture(scope="session")
def trained_ast(tmp_path_factory) -> TrainedAST:
    """Lesson 4's small AST trained from scratch once for the run (15 epochs, 10 synthetic clips per word).

    One "train" row is an empty WAV: it must be left out and listed, the others learnt.
    """
    import pandas as pd

    from kwscourse.hf import train as hf_train
    from kwscourse.synthetic import speech as synth

    folder = tmp_path_factory.mktemp("ast")
    root = synth.synth_keywords(folder / "words", 10, words=("no", "yes"), seed=2, progress=False)
    unreadable = folder / "empty.wav"
    unreadable.write_bytes(b"")
    table = hf_train.clip_table(root)
    table = pd.concat([table, pd.DataFrame({"path": [str(unreadable)], "label": ["yes"], "split": ["train"]})],
                      ignore_index=True)
    lines = []
    result = hf_train.train_from_scratch(table, folder / "model", epochs=15, progress=lines.append)
    return TrainedAST(result, table, folder / "model", unreadable, lines)


@pytest.fixture(scope="session")
def stand_in_pipe(tmp_path_factory):
    """The untrained genre stand-in, loaded as any model folder (so not flagged as a stand-in)."""
    from kwscourse import hf
    from kwscourse.synthetic import stand_ins

    folder = stand_ins.untrained_hf_classifier(hf.PRESETS["genre"].labels, tmp_path_factory.mktemp("hf") / "genre")
    return hf.load(model=str(folder))


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test drew: pyplot keeps them all open otherwise (and warns past 20)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


# Tests that grade in sandboxes look for other graders' processes and folders on the whole
# machine: under pytest-xdist their modules take turns, holding a file lock.
SANDBOX_GRADING = {"test_grading.py", "test_manual_questions.py", "test_exercises_build.py",
                   "test_exercises_set5.py"}


@pytest.fixture(scope="module", autouse=True)
def _one_sandbox_grading_module_at_a_time(request):
    if request.node.path.name not in SANDBOX_GRADING:
        yield
        return
    import fcntl
    import tempfile

    with open(Path(tempfile.gettempdir()) / "kwscourse-sandbox-tests.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
