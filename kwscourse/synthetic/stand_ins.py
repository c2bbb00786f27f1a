"""Smoke mode in one file: the one decision "real or stand-in?", and every stand-in the package makes.

With ``KWSCOURSE_SMOKE=1`` (or ``kwscourse.set_smoke(True)``) the course never
downloads: each data set and model is replaced by a small stand-in built here,
on this machine, and every output that comes from one says so. Real weights
already in the cache (``make test`` copies YAMNet's from ``../shared/realdata``)
are still used, since they cost nothing.

Other modules never ask whether smoke mode is on: they ask this module for
the thing itself, with :func:`real_or_stand_in`.

    >>> import kwscourse
    >>> with kwscourse.smoke(True):
    ...     real_or_stand_in(lambda: "real", lambda: "stand-in")
    'stand-in'
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..data import cache
from . import tts
from .._internal.config import settings
from .._internal.quiet import quieter
from .._internal.seeding import seeded
from .._internal.tf import _filtered_stderr, keras as _keras, tensorflow as _tensorflow
from .._internal.transformers import transformers as _transformers
from ..audio.waveform import SAMPLE_RATE
from ..i18n import t
from ..yamnet.frontend import EMBEDDING_SIZE, NUM_CLASSES, STFT_HOP, STFT_WINDOW, WINDOW


def active() -> bool:
    """True when the course should use stand-ins instead of real data and models (smoke mode).

    This is the only place that reads ``settings.smoke``.

    Examples
    --------
    >>> isinstance(active(), bool)
    True
    """
    return settings.smoke


def real_or_stand_in(real, stand_in):
    """Call ``stand_in()`` in smoke mode, else ``real()``, and return what it returns.

    The package's one "real or stand-in?" decision: data sets and models are
    fetched through it.

    Parameters
    ----------
    real, stand_in : callable
        Take no arguments; make (or fetch) the real thing and its stand-in.

    Examples
    --------
    >>> real_or_stand_in(lambda: "real", lambda: "stand-in") in ("real", "stand-in")
    True
    """
    return stand_in() if active() else real()


def mode_name() -> str:
    """The mode in a few words of the current language, for the lessons' settings line.

    >>> import kwscourse
    >>> with kwscourse.smoke(False):
    ...     mode_name()
    'full (real data)'
    """
    return t("settings.smoke_on") if active() else t("settings.smoke_off")


#: The file that marks a folder of stand-in data or a stand-in model, and says what it is.
STAND_IN_FILE = "STAND_IN.txt"


def is_stand_in(folder) -> bool:
    """True when ``folder`` holds a stand-in (it has :data:`STAND_IN_FILE`).

    Examples
    --------
    >>> is_stand_in(tmp())
    False
    """
    return (Path(folder) / STAND_IN_FILE).is_file()


def stand_in_notice(folder) -> str:
    """The plain 'this is synthetic' sentence for a keyword ``folder``, in the current language.

    Examples
    --------
    >>> stand_in_notice(tmp()).startswith('STAND-IN DATA: 0 synthetic')
    True
    """
    folder = Path(folder)
    voices = ()
    if (folder / "manifest.csv").is_file():
        with open(folder / "manifest.csv", newline="") as f:
            voices = {row.get("voice", "") for row in csv.DictReader(f)}
    return t("synth.stand_in", count=sum(1 for _ in folder.glob("*/*.wav")),
             engines=tts.engine_names(voices or ("en",)))


# --- data-set stand-ins (synthetic clips in the real data sets' layout) ------------------

#: Clips per word of lesson 1's stand-in: enough for a validation and a test batch
#: of 64 after the 80/20 split.
KEYWORD_CLIPS_PER_WORD = 80
#: Clips per class of lesson 3's stand-in (ESC-50 has 40): 16 for training and 4 for the test.
EVENT_CLIPS_PER_CLASS = 20
#: Lesson 2's stand-in for the tutorial's recordings, named so that nobody takes it for one.
EXAMPLE_CLIP_FILE = "synthetic_alarm_STAND_IN.wav"


def example_clip(folder) -> Path:
    """Lesson 2's stand-in for the tutorial's recordings: 5 s of synthetic alarm beeps.

    Parameters
    ----------
    folder : path
        Where to write it, once, as :data:`EXAMPLE_CLIP_FILE` (16 kHz mono WAV).

    Returns
    -------
    pathlib.Path
        The stand-in clip's file.

    Examples
    --------
    >>> from kwscourse import audio
    >>> y, rate = audio.load(example_clip(tmp()), sr=None)
    >>> y.size / rate
    5.0
    """
    from . import sound_events  # here: sound_events imports this module for STAND_IN_FILE

    path = Path(folder) / EXAMPLE_CLIP_FILE
    if not path.is_file():
        beeps = sound_events.sound_event("clock_alarm", np.random.default_rng(0))
        audio.write_wav(path, beeps, SAMPLE_RATE)
    return path


# --- model stand-ins (untrained networks with the real models' interfaces) ----------------

YAMNET_STAND_IN_FILE = "untrained_yamnet_stand_in.tflite"
YAMNET_STAND_IN_MAP = "stand_in_class_map.csv"


def untrained_yamnet(data_dir=None) -> tuple[Path, Path]:
    """An UNTRAINED network with YAMNet's TFLite interface, and a class map that says so.

    Input ``[1, 15600]``, 521 sigmoid scores out, a 1024-unit layer feeding the
    last fully-connected layer (where the ``tflite`` backend reads the
    embedding), and class names "stand-in class N". Its scores mean nothing:
    it only lets the lessons run end to end when no real YAMNet is at hand.
    Built once (a few seconds) in ``<data>/yamnet/stand_in`` and reused.

    Parameters
    ----------
    data_dir : path, optional
        The data folder to build it in (the settings' by default).

    Returns
    -------
    (pathlib.Path, pathlib.Path)
        The ``.tflite`` model file and the class map CSV.

    Examples
    --------
    >>> model_file, class_map = untrained_yamnet(tmp())
    >>> model_file.read_bytes()[4:8], class_map.read_text().splitlines()[8]
    (b'TFL3', '7,/stand-in/7,stand-in class 7')
    """
    folder = cache.cache_dir("yamnet", data_dir=data_dir) / "stand_in"
    if not cache.is_complete(folder):
        rows = ["index,mid,display_name"] + [f"{i},/stand-in/{i},stand-in class {i}" for i in range(NUM_CLASSES)]
        with cache.building(folder, note="an untrained stand-in with YAMNet's interface") as partial:
            (partial / YAMNET_STAND_IN_FILE).write_bytes(_untrained_yamnet_flatbuffer())
            (partial / YAMNET_STAND_IN_MAP).write_text("\n".join(rows) + "\n")
    return folder / YAMNET_STAND_IN_FILE, folder / YAMNET_STAND_IN_MAP


def _untrained_yamnet_flatbuffer() -> bytes:
    """The stand-in's TFLite bytes: a tiny Keras network, exported and converted."""
    tf, keras = _tensorflow(), _keras()
    with seeded(0):  # the same untrained weights every time, without reseeding the caller
        waveform = keras.Input(shape=(WINDOW,), batch_size=1, name="waveform")
        x = keras.layers.Reshape((WINDOW, 1))(waveform)
        x = keras.layers.Conv1D(32, STFT_WINDOW, strides=STFT_HOP, activation="relu")(x)
        x = keras.layers.GlobalAveragePooling1D()(x)
        embedding = keras.layers.Dense(EMBEDDING_SIZE, activation="relu", name="embedding")(x)
        scores = keras.layers.Dense(NUM_CLASSES, activation="sigmoid", name="scores")(embedding)
        model = keras.Model(waveform, scores, name="untrained_yamnet_stand_in")
    with tempfile.TemporaryDirectory() as tmp, _filtered_stderr(), quieter(tf.get_logger()):
        model.export(tmp, format="tf_saved_model", verbose=False)
        return tf.lite.TFLiteConverter.from_saved_model(tmp).convert()


def untrained_hf_classifier(labels, folder, *, seed: int = 0) -> Path:
    """Save a tiny UNTRAINED Wav2Vec2 audio classifier with ``labels`` to ``folder`` (no download).

    About 30 thousand weights, a 16 kHz feature extractor, and the real
    preset's labels, so that lesson 4's code runs end to end in smoke mode; its
    scores mean nothing. The folder loads with ``transformers.pipeline(model=...)``.
    Built once; a folder left half-built by a crash is built again.

    Parameters
    ----------
    labels : sequence of str
        The classifier's labels, in order.
    folder : path
        Where to save it.
    seed : int, optional
        The random seed of the untrained weights.

    Returns
    -------
    pathlib.Path
        ``folder``.

    Examples
    --------
    >>> import json
    >>> folder = untrained_hf_classifier(["a", "b"], Path(tmp()) / "ab")
    >>> json.loads((folder / "config.json").read_text())["id2label"]
    {'0': 'a', '1': 'b'}
    """
    folder = Path(folder)
    if cache.is_complete(folder):
        return folder
    transformers = _transformers()
    labels = list(labels)
    config = transformers.Wav2Vec2Config(
        hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        conv_dim=(32, 32, 32), conv_stride=(5, 4, 4), conv_kernel=(10, 4, 4), num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=4, classifier_proj_size=32, mask_time_prob=0.0,
        id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)})
    with seeded(seed, torch=True):  # the seed applies to these weights only
        model = transformers.Wav2Vec2ForSequenceClassification(config)
    extractor = transformers.Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=SAMPLE_RATE, padding_value=0.0,
                                                      do_normalize=True, return_attention_mask=True)
    with cache.building(folder, note="an untrained stand-in audio classifier") as partial:
        model.save_pretrained(partial)
        extractor.save_pretrained(partial)
    return folder


def untrained_hf_preset(task: str, labels, data_dir=None) -> Path:
    """The stand-in for lesson 4's preset ``task``: :func:`untrained_hf_classifier` in ``<data>/hf/stand_in/<task>``.

    Examples
    --------
    >>> untrained_hf_preset("demo", ["a", "b"], tmp()).name
    'demo'
    """
    return untrained_hf_classifier(labels, cache.cache_dir("hf", "stand_in", data_dir=data_dir) / task)


def untrained_hubert_checkpoint(folder, *, seed: int = 0) -> Path:
    """Save a tiny randomly initialised HuBERT encoder, the stand-in for lesson 4's pre-trained checkpoint.

    The same class as ``ntu-spml/distilhubert`` (a ``HubertModel`` with no head,
    and a 16 kHz ``Wav2Vec2FeatureExtractor``), about 0.15 million weights instead of
    23.5 million, and never trained: fine-tuning it shows the steps, not what
    pre-training gives. ``STAND_IN.txt`` in the folder says so. Built once, with a
    private random generator (the process's torch seed is left as it was).

    Parameters
    ----------
    folder : path
        Where to save it.
    seed : int, optional
        The random seed of its weights.

    Returns
    -------
    pathlib.Path
        ``folder``: give it to ``AutoModelForAudioClassification.from_pretrained``.

    Examples
    --------
    >>> import json
    >>> folder = untrained_hubert_checkpoint(Path(tmp()) / "hubert")
    >>> json.loads((folder / "config.json").read_text())["architectures"], is_stand_in(folder)
    (['HubertModel'], True)
    """
    folder = Path(folder)
    if cache.is_complete(folder):
        return folder
    transformers = _transformers()
    config = transformers.HubertConfig(  # 50 frames a second, as distilhubert's 7 convolutions make
        hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128,
        conv_dim=(64, 64, 64), conv_stride=(5, 8, 8), conv_kernel=(10, 8, 8), num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=4, classifier_proj_size=64, mask_time_prob=0.0)
    with seeded(seed, torch=True):  # the seed applies here only
        encoder = transformers.HubertModel(config)
    extractor = transformers.Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=SAMPLE_RATE, padding_value=0.0,
                                                      do_normalize=True, return_attention_mask=False)
    with cache.building(folder, note="a tiny randomly initialised HuBERT, stand-in for a pre-trained one") as partial:
        encoder.save_pretrained(partial)
        extractor.save_pretrained(partial)
        (partial / STAND_IN_FILE).write_text(
            "STAND-IN: a tiny randomly initialised HuBERT encoder made by kwscourse in smoke mode, "
            "in place of the pre-trained ntu-spml/distilhubert. It has learnt nothing.\n")
    return folder
