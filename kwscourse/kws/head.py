"""Keyword spotting on the pre-trained speech embedding: a small head learns from few clips.

Lesson 1's CNN learns to hear from scratch and needs thousands of recordings. Here
the hearing is already done by Google's speech embedding
(:mod:`kwscourse.kws.speech_embedding`): each clip becomes 9 x 96 numbers, and only a
small dense head is trained on them, in seconds. Models meant for live use also
learn ``_unknown_`` (other words) and ``_silence_`` (noise and quiet), so that they
do not fire on every sound.

    >>> head = build_head(3)
    >>> head.output_shape
    (None, 3)
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..audio import files as batch
from .._internal import checks
from . import cnn as models
from . import speech_embedding
from ..synthetic import speech as synth
from .._internal.seeding import seeded
from .._internal.tf import keras as _keras
from ..audio.waveform import SAMPLE_RATE
from ..datasets import wav_files, word_folders
from ..i18n import ModelError
from ..ui.keras_report import epoch_log
from ..results import FolderClips, HeadTraining

RECIPE = "embedding"
UNKNOWN, SILENCE = "_unknown_", "_silence_"
HEAD_FILE = "head.keras"
#: Words that are not keywords, for the ``_unknown_`` class (Speech Commands' own
#: auxiliary words in English; everyday words in Spanish).
FILLER_WORDS = {
    "en": ("bed", "bird", "cat", "dog", "eight", "five", "four", "happy", "house", "marvin", "nine",
           "one", "seven", "sheila", "six", "three", "tree", "two", "wow", "zero"),
    "es": ("casa", "perro", "gato", "mesa", "libro", "agua", "luna", "camino", "verde", "ventana",
           "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "cero"),
}
#: The head's regularisation, chosen on the 80 real clips (``benchmarks/kws_accuracy.py``):
#: Gaussian noise on the normalised embeddings, dropout, and label smoothing.
NOISE, DROPOUT, LABEL_SMOOTHING = 0.5, 0.5, 0.1
INPUT_SHAPE = (speech_embedding.window_count(speech_embedding.CLIP_SAMPLES), speech_embedding.EMBEDDING_SIZE)


def build_head(num_classes: int, normalization=None):
    """The head: normalise each of the 96 features, then a small dense network over all 9 windows.

    Parameters
    ----------
    num_classes : int
        At least 2.
    normalization : keras.layers.Normalization, optional
        A ``Normalization(axis=-1)`` adapted on the training embeddings; an un-adapted
        one (for shape checks) without it.

    Returns
    -------
    keras.Sequential
        Takes ``[n, 9, 96]`` embeddings and returns logits.

    Raises
    ------
    ModelError
        For a single class, or none (``models.bad_classes``).

    Examples
    --------
    >>> build_head(4).count_params() > 100_000
    True
    """
    keras = _keras()
    layers = keras.layers
    if num_classes < 2:
        raise ModelError("models.bad_classes", count=num_classes)
    return keras.Sequential([
        keras.Input(shape=INPUT_SHAPE),
        normalization if normalization is not None else layers.Normalization(axis=-1),
        # Strong noise and dropout: the head must not learn the synthetic voices by heart
        # (0.888 -> 0.958 on 80 real clips, docs/benchmarks.md).
        layers.GaussianNoise(NOISE),
        layers.Flatten(),
        layers.Dropout(DROPOUT),
        layers.Dense(128, activation="relu"),
        layers.Dropout(DROPOUT),
        layers.Dense(num_classes),
    ], name="kws_embedding_head")


def folder_clips(data_dir) -> FolderClips:
    """Every readable clip of a word-folder tree at 16 kHz, and its word (the folder's name).

    Parameters
    ----------
    data_dir : path
        One sub-folder of clips per word.

    Returns
    -------
    kwscourse.results.FolderClips
        ``clips`` and their ``words``; a clip that cannot be read is left out, and
        ``failures`` lists it with its error.

    Examples
    --------
    >>> import pathlib
    >>> root = pathlib.Path(tmp()); (root / "yes").mkdir()
    >>> _ = audio.write_wav(root / "yes" / "a.wav", np.zeros(160, "float32")); (root / "yes" / "b.wav").touch()
    >>> found = folder_clips(root)
    >>> found.words, [err.key for _, err in found.failures]
    (['yes'], ['audio.empty_file'])
    """
    word_of = {path: word for word in word_folders(data_dir) for path in wav_files(Path(data_dir) / word)}
    loaded = batch.load_many(word_of, sr=SAMPLE_RATE)
    return FolderClips([y for _, y in loaded], [word_of[path] for path, _ in loaded], loaded.failures)


def background_clips(count: int, rng: np.random.Generator, length: int = SAMPLE_RATE) -> list[np.ndarray]:
    """Clips of near silence and of noise of every colour, for ``_silence_``.

    ``rng`` draws each clip's level (from a quiet room to a loud fan) and colour;
    every clip has ``length`` samples (one second by default).

    Examples
    --------
    >>> clips = background_clips(3, np.random.default_rng(0))
    >>> len(clips), clips[0].shape, float(np.abs(clips[0]).max()) < 1
    (3, (16000,), True)
    """
    count = checks.whole_number(count, "count", minimum=0)
    clips = []
    for _ in range(count):
        level = 10 ** rng.uniform(-4, -0.7)  # from a quiet room to a loud fan
        noise = synth.coloured_noise(length, rng, float(rng.choice([0.0, 1.0, 2.0])))
        clips.append((level * noise).astype(np.float32))
    return clips


def unknown_clips(count: int, seed: int, language: str = "en") -> list[np.ndarray]:
    """Synthetic clips of words that are not keywords (:data:`FILLER_WORDS`), for ``_unknown_``.

    ``count`` clips are spread over the words, spoken in ``language`` ("en" or "es");
    ``seed`` picks voices, rooms and noises, and which clips are kept.

    Examples
    --------
    >>> clips = unknown_clips(2, seed=0)
    >>> len(clips), clips[0].dtype
    (2, dtype('float32'))
    """
    count = checks.whole_number(count, "count")
    words = FILLER_WORDS[checks.one_of(language, "language", tuple(FILLER_WORDS))]
    per_word = -(-count // len(words))
    with tempfile.TemporaryDirectory() as tmp:
        clips = folder_clips(synth.synth_keywords(tmp, per_word, words=words, seed=seed + 1,
                                                  language=language, progress=False)).clips
    order = np.random.default_rng(seed).permutation(len(clips))[:count]
    return [clips[i] for i in order]


def train_head(embeddings: np.ndarray, label_ids: np.ndarray, num_classes: int, *, epochs: int = 40,
               seed: int = 0, validation=None, progress=None):
    """Train a fresh head on ``[n, 9, 96]`` embeddings.

    Parameters
    ----------
    embeddings : numpy.ndarray
        ``[n, 9, 96]``, from :meth:`kwscourse.kws.speech_embedding.SpeechEmbedding.embed_clips`.
    label_ids : numpy.ndarray of int
        ``[n]`` class ids.
    num_classes : int
        The head's outputs.
    epochs, seed : int, optional
        Passes over the data, and the seed of weights, noise and batches.
    validation : tuple of numpy.ndarray, optional
        ``(embeddings, label_ids)`` of other clips, scored after every epoch.
    progress : callable, optional
        Receives one line per epoch in the course language (``print`` in a notebook).

    Returns
    -------
    head : keras.Sequential
    history : keras.callbacks.History

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal((8, 9, 96)).astype("float32")
    >>> head, history = train_head(x, np.arange(8) % 2, 2, epochs=2)
    >>> head.output_shape, len(history.history["loss"])
    ((None, 2), 2)
    """
    keras = _keras()
    checks.same_length(embeddings, label_ids, "embeddings", "label_ids")
    epochs = checks.whole_number(epochs, "epochs")
    one_hot = np.eye(num_classes, dtype=np.float32)
    if validation is not None:
        validation = (np.asarray(validation[0], np.float32), one_hot[np.asarray(validation[1])])
    with seeded(seed):  # weights, noise and batches; the caller's random state is left as it was
        norm = keras.layers.Normalization(axis=-1)
        norm.adapt(np.asarray(embeddings, np.float32).reshape(-1, INPUT_SHAPE[1]))
        head = build_head(num_classes, norm)
        head.compile(optimizer=keras.optimizers.Adam(1e-3), metrics=["accuracy"],
                     loss=keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=LABEL_SMOOTHING))
        history = head.fit(np.asarray(embeddings, np.float32), one_hot[np.asarray(label_ids)], epochs=epochs,
                           batch_size=64, validation_data=validation, verbose=0,
                           callbacks=[epoch_log(progress)] if progress else [])
    return head, history


def _clips_of(data_dirs):
    """``(clips, words, failures)`` of every tree; unless not one clip could be read."""
    clips, words, failures = [], [], []
    for folder in data_dirs:
        found = folder_clips(folder)
        clips += found.clips
        words += found.words
        failures += found.failures
    FolderClips(clips, words, tuple(failures)).require_any()  # nothing to learn from: say why
    return clips, words, tuple(failures)


def _add_unknown_silence(clips, words, label_names, seed: int, language: str):
    """Add ``_unknown_`` (twice an average word's clips: it stands for every other word) and ``_silence_``."""
    per_class = max(1, len(clips) // max(1, len(label_names)))
    clips += unknown_clips(2 * per_class, seed, language) + background_clips(per_class, np.random.default_rng(seed))
    words += [UNKNOWN] * (2 * per_class) + [SILENCE] * per_class
    label_names += [UNKNOWN, SILENCE]


def train_on_folders(data_dirs, *, epochs: int = 40, seed: int = 0, unknown_silence: bool = False,
                     language: str = "en", validation_fraction: float = 0.2, embedder=None, progress=None):
    """Train a head on the word folders of every tree in ``data_dirs`` (their words are merged).

    Parameters
    ----------
    data_dirs : sequence of path
        Word-folder trees.
    epochs, seed, progress
        As in :func:`train_head`; ``seed`` also picks the clips held out.
    unknown_silence : bool, optional
        Also learn ``_unknown_`` (synthetic filler words in ``language``, "en" or "es") and ``_silence_``.
    validation_fraction : float, optional
        The share of clips held out (by a seeded shuffle) to report an accuracy.
    embedder : SpeechEmbedding, optional
        Default: :func:`kwscourse.kws.speech_embedding.load`.

    Returns
    -------
    kwscourse.results.HeadTraining
        The ``head``, its ``labels``, the ``history``, the held-out ``accuracy`` (NaN with
        nothing held out); ``failures`` lists the clips that could not be read (left out).

    Raises
    ------
    kwscourse.audio.files.UnreadableFilesError
        When not one clip can be read.

    Examples
    --------
    >>> words = synth.synth_keywords(tmp(), 3, words=("yes", "no"), progress=False)
    >>> trained = train_on_folders([words], epochs=2)
    >>> trained.labels, 0 <= trained.accuracy <= 1, trained.read, trained.failures
    (['no', 'yes'], True, 6, ())
    """
    validation_fraction = checks.fraction(validation_fraction, "validation_fraction")
    clips, words, failures = _clips_of(data_dirs)
    read = len(clips)  # before _unknown_ and _silence_ are added
    label_names = sorted(set(words))
    if unknown_silence:
        _add_unknown_silence(clips, words, label_names, seed, language)
    ids = np.array([label_names.index(w) for w in words])
    embeddings = (embedder or speech_embedding.load()).embed_clips(clips)
    order = np.random.default_rng(seed).permutation(len(ids))
    held, kept = order[: int(len(order) * validation_fraction)], order[int(len(order) * validation_fraction):]
    head, history = train_head(embeddings[kept], ids[kept], len(label_names), epochs=epochs, seed=seed,
                               validation=(embeddings[held], ids[held]) if len(held) else None,
                               progress=progress)
    accuracy = float(history.history["val_accuracy"][-1]) if len(held) else float("nan")
    return HeadTraining(head, label_names, history, accuracy, read, failures)


def head_accuracy(head, embeddings: np.ndarray, label_ids) -> float:
    """The share of ``[n, 9, 96]`` embeddings a head labels right.

    Examples
    --------
    >>> 0.0 <= head_accuracy(build_head(2), np.zeros((4, 9, 96), "float32"), [0, 1, 0, 1]) <= 1.0
    True
    """
    logits = np.asarray(head(np.asarray(embeddings, np.float32), training=False))
    return float(np.mean(logits.argmax(-1) == np.asarray(label_ids)))


def save_take(waveform, folder, word: str) -> Path | None:
    """Keep one recorded take of ``word`` (its loudest second) in ``folder/word/``.

    Returns
    -------
    pathlib.Path or None
        The new WAV file (``take_000.wav``, ``take_001.wav``...), or None when nothing
        was recorded (an empty or silent waveform).

    Examples
    --------
    >>> folder = tmp()
    >>> save_take(np.ones(24000, "float32") * 0.1, folder, "radio").name
    'take_000.wav'
    >>> save_take(np.zeros(0, "float32"), folder, "radio") is None
    True
    """
    y = np.asarray(waveform, np.float32)
    if y.size == 0 or float(np.abs(y).max()) == 0.0:
        return None
    take = audio.loudest_window(y, SAMPLE_RATE)
    target = Path(folder) / word
    target.mkdir(parents=True, exist_ok=True)
    return audio.write_wav(target / f"take_{len(list(target.glob('*.wav'))):03d}.wav", take)


class EmbeddingSpotter:
    """A file name or a float32 batch ``[n, samples]`` at 16 kHz in; scores, class ids and names out.

    The same dictionary as lesson 1's exported module, as NumPy arrays.

    Examples
    --------
    >>> spotter = EmbeddingSpotter(build_head(2), ["no", "yes"])
    >>> out = spotter(np.zeros((3, 16000), "float32"))
    >>> sorted(out), out["predictions"].shape
    (['class_ids', 'class_names', 'predictions'], (3, 2))
    """

    def __init__(self, head, label_names, embedder=None):
        self.head = head
        self.label_names = list(label_names)
        self.embedder = embedder or speech_embedding.load()

    def embed(self, x) -> np.ndarray:
        """``[n, 9, 96]`` embeddings of a file name, a waveform or a batch of waveforms."""
        if isinstance(x, (str, Path)):
            x = audio.load(x, sr=SAMPLE_RATE)[0]
        clips = np.asarray(x, dtype=np.float32)
        return self.embedder.embed_clips(list(clips[None, :] if clips.ndim == 1 else clips))

    def __call__(self, x) -> dict:
        """``predictions`` (softmax scores), ``class_ids`` and ``class_names`` of each clip in ``x``."""
        scores = models.softmax(np.asarray(self.head(self.embed(x), training=False))).astype(np.float32)
        ids = scores.argmax(axis=-1)
        return {"predictions": scores, "class_ids": ids,
                "class_names": np.array([self.label_names[i] for i in ids])}


def save(head, label_names, out_dir, history=None, info=None) -> Path:
    """Write the head, the labels and the recipe into ``out_dir``.

    :func:`kwscourse.kws.spotting.load_model_dir` loads the folder, like lesson 1's CNN.

    Parameters
    ----------
    head : keras.Model
        A trained head.
    label_names : sequence of str
        Its classes.
    out_dir : path
        The folder to write (created when missing).
    history : keras.callbacks.History, optional
        Saved as ``history.json``.
    info : dict, optional
        More to record in ``recipe.json``, such as the data used.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> folder = save(build_head(2), ["no", "yes"], tmp())
    >>> sorted(p.name for p in folder.iterdir())
    ['head.keras', 'labels.json', 'recipe.json']
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    head.save(out_dir / HEAD_FILE)
    return models.write_model_info(out_dir, label_names, RECIPE, history=history, info=info)


def load(model_dir) -> tuple[EmbeddingSpotter, list[str]]:
    """Load a folder written by :func:`save`: ``(spotter, label_names)``.

    Raises
    ------
    ModelError
        When the folder holds no head (``models.no_model``).

    Examples
    --------
    >>> spotter, labels = load(save(build_head(2), ["no", "yes"], tmp()))
    >>> labels, spotter(np.zeros(16000, "float32"))["predictions"].shape
    (['no', 'yes'], (1, 2))
    """
    model_dir = Path(model_dir)
    if not (model_dir / HEAD_FILE).is_file() or not (model_dir / models.LABELS_FILE).is_file():
        raise ModelError("models.no_model", path=model_dir)
    labels = json.loads((model_dir / models.LABELS_FILE).read_text())
    return EmbeddingSpotter(_keras().models.load_model(model_dir / HEAD_FILE), labels), labels
