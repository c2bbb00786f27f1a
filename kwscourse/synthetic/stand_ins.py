"""Smoke mode in one file: the one decision "real or stand-in?", and every stand-in the package makes.

With ``KWSCOURSE_SMOKE=1`` (or ``kwscourse.set_smoke(True)``) the course never
downloads: each data set and model is replaced by a small stand-in built here,
on this machine, and every output that comes from one says so. Real weights
already in the cache (``make test`` copies YAMNet's from ``../shared/realdata``)
are still used, since they cost nothing.

    >>> import kwscourse
    >>> kwscourse.set_smoke(True); active()
    True
    >>> kwscourse.set_smoke(False); active()
    False
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..data import cache
from . import sound_events
from . import speech as synth
from .._internal.config import settings
from .._internal.quiet import quieter
from .._internal.tf import _filtered_stderr, keras as _keras, tensorflow as _tensorflow
from .._internal.transformers import transformers as _transformers
from ..audio.waveform import SAMPLE_RATE
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


# --- data-set stand-ins (synthetic clips in the real data sets' layout) ------------------

#: Clips per word of lesson 1's stand-in: enough for a validation and a test batch
#: of 64 after the 80/20 split.
KEYWORD_CLIPS_PER_WORD = 80
#: Clips per class of lesson 3's stand-in (ESC-50 has 40): 16 for training and 4 for the test.
EVENT_CLIPS_PER_CLASS = 20
#: Lesson 2's stand-in for the tutorial's recordings, named so that nobody takes it for one.
EXAMPLE_CLIP_FILE = "synthetic_alarm_STAND_IN.wav"


def keyword_folder(per_word: int = KEYWORD_CLIPS_PER_WORD, *, data_dir=None, progress: bool = True) -> Path:
    """Lesson 1's stand-in for mini Speech Commands: its 8 words, spoken by a speech synthesiser.

    Made once by :func:`kwscourse.synthetic.speech.cached_synth_keywords` in the data folder,
    in the real data set's layout (one folder per word), with ``STAND_IN.txt``
    saying what it is.

    Parameters
    ----------
    per_word : int, optional
        Clips per word.
    data_dir : path, optional
        The course's data folder (the settings' by default).
    progress : bool, optional
        Show a progress bar while the clips are made.

    Returns
    -------
    pathlib.Path
        The folder of word folders.

    Examples
    --------
    >>> import tempfile
    >>> folder = keyword_folder(1, data_dir=tempfile.mkdtemp(), progress=False)
    >>> sorted(p.parent.name for p in folder.glob("*/*.wav"))
    ['down', 'go', 'left', 'no', 'right', 'stop', 'up', 'yes']
    """
    return synth.cached_synth_keywords(per_word, data_dir=data_dir, progress=progress)


def sound_event_clips(per_class: int = EVENT_CLIPS_PER_CLASS, *, data_dir=None, progress: bool = True):
    """Lesson 3's stand-in for ESC-50: synthetic clips of its four classes, in ESC-50's five folds.

    Made once by :func:`kwscourse.synthetic.sound_events.cached_sound_events` in the data folder.

    Parameters
    ----------
    per_class : int, optional
        Clips per class.
    data_dir, progress
        As for :func:`keyword_folder`.

    Returns
    -------
    pandas.DataFrame
        ``filename``, ``fold``, ``class_id``, ``class_name`` and ``path``, as
        :func:`kwscourse.datasets.esc50.esc50_subset` gives for the real clips.

    Examples
    --------
    >>> import tempfile
    >>> table = sound_event_clips(1, data_dir=tempfile.mkdtemp(), progress=False)
    >>> table.class_name.tolist()
    ['crying_baby', 'clock_alarm', 'toilet_flush', 'water_drops']
    """
    return sound_events.cached_sound_events(per_class, data_dir=data_dir, progress=progress)


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
    >>> import tempfile
    >>> from kwscourse import audio
    >>> y, rate = audio.load(example_clip(tempfile.mkdtemp()), sr=None)
    >>> y.size / rate
    5.0
    """
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
    >>> import tempfile
    >>> model_file, class_map = untrained_yamnet(tempfile.mkdtemp())
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
    keras.utils.set_random_seed(0)
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
    >>> import json, tempfile
    >>> folder = untrained_hf_classifier(["a", "b"], Path(tempfile.mkdtemp()) / "ab")
    >>> json.loads((folder / "config.json").read_text())["id2label"]
    {'0': 'a', '1': 'b'}
    """
    folder = Path(folder)
    if cache.is_complete(folder):
        return folder
    transformers = _transformers()
    import torch

    torch.manual_seed(seed)
    labels = list(labels)
    config = transformers.Wav2Vec2Config(
        hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        conv_dim=(32, 32, 32), conv_stride=(5, 4, 4), conv_kernel=(10, 4, 4), num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=4, classifier_proj_size=32, mask_time_prob=0.0,
        id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)})
    model = transformers.Wav2Vec2ForSequenceClassification(config)
    extractor = transformers.Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=SAMPLE_RATE, padding_value=0.0,
                                                      do_normalize=True, return_attention_mask=True)
    with cache.building(folder, note="an untrained stand-in audio classifier") as partial:
        model.save_pretrained(partial)
        extractor.save_pretrained(partial)
    return folder


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
    >>> import json, tempfile
    >>> folder = untrained_hubert_checkpoint(Path(tempfile.mkdtemp()) / "hubert")
    >>> json.loads((folder / "config.json").read_text())["architectures"], synth.is_stand_in(folder)
    (['HubertModel'], True)
    """
    folder = Path(folder)
    if cache.is_complete(folder):
        return folder
    transformers = _transformers()
    import torch

    config = transformers.HubertConfig(  # 50 frames a second, as distilhubert's 7 convolutions make
        hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128,
        conv_dim=(64, 64, 64), conv_stride=(5, 8, 8), conv_kernel=(10, 8, 8), num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=4, classifier_proj_size=64, mask_time_prob=0.0)
    with torch.random.fork_rng(devices=[]):  # the seed applies here only
        torch.manual_seed(seed)
        encoder = transformers.HubertModel(config)
    extractor = transformers.Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=SAMPLE_RATE, padding_value=0.0,
                                                      do_normalize=True, return_attention_mask=False)
    with cache.building(folder, note="a tiny randomly initialised HuBERT, stand-in for a pre-trained one") as partial:
        encoder.save_pretrained(partial)
        extractor.save_pretrained(partial)
        (partial / synth.STAND_IN_FILE).write_text(
            "STAND-IN: a tiny randomly initialised HuBERT encoder made by kwscourse in smoke mode, "
            "in place of the pre-trained ntu-spml/distilhubert. It has learnt nothing.\n")
    return folder
