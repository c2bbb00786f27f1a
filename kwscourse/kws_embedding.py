"""Keyword spotting on the pre-trained speech embedding: a small head learns from few clips.

Lesson 1's CNN learns to hear from scratch and needs thousands of recordings. Here
the hearing is already done by Google's speech embedding
(:mod:`kwscourse.speech_embedding`): each clip becomes 9 x 96 numbers, and only a
small dense head is trained on them, in seconds. Models meant for live use also
learn ``_unknown_`` (other words) and ``_silence_`` (noise and quiet), so that they
do not fire on every sound.

    >>> head = build_head(3)
    >>> head.output_shape
    (None, 3)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from . import audio, speech_embedding
from ._tf import keras as _keras
from .i18n import ModelError

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
INPUT_SHAPE = (speech_embedding.window_count(speech_embedding.CLIP_SAMPLES), speech_embedding.EMBEDDING_SIZE)


def build_head(num_classes: int, normalization=None):
    """The head: normalise each of the 96 features, then a small dense network over all 9 windows.

    ``normalization`` is a ``Normalization(axis=-1)`` layer adapted on the training embeddings.
    """
    keras = _keras()
    from keras import layers

    if num_classes < 2:
        raise ModelError("models.bad_classes", count=num_classes)
    return keras.Sequential([
        keras.Input(shape=INPUT_SHAPE),
        normalization if normalization is not None else layers.Normalization(axis=-1),
        layers.GaussianNoise(0.2),  # augmentation in embedding space: cheap, and it helps with few clips
        layers.Flatten(),
        layers.Dropout(0.3),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.3),
        layers.Dense(num_classes),
    ], name="kws_embedding_head")


def folder_clips(data_dir) -> audio.Results:
    """``(clips, words)``: every readable clip of a word-folder tree at 16 kHz, and its word (the folder's name).

    A clip that cannot be read is left out; the result's ``.failures`` lists it with
    its error (``clips, words = result`` unpacks it as before).

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()); (root / "yes").mkdir()
    >>> _ = audio.write_wav(root / "yes" / "a.wav", np.zeros(160, "float32")); (root / "yes" / "b.wav").touch()
    >>> result = folder_clips(root); clips, words = result
    >>> words, [err.key for _, err in result.failures]
    (['yes'], ['audio.empty_file'])
    """
    from .data import wav_files, word_folders

    word_of = {path: word for word in word_folders(data_dir) for path in wav_files(Path(data_dir) / word)}
    loaded = audio.load_many(word_of, sr=speech_embedding.SAMPLE_RATE)
    return audio.Results([[y for _, y in loaded], [word_of[path] for path, _ in loaded]], loaded.failures)


def background_clips(count: int, rng: np.random.Generator, length: int = 16000) -> list[np.ndarray]:
    """``count`` one-second clips of near silence and of noise of every colour, for ``_silence_``."""
    from .synth import coloured_noise

    clips = []
    for _ in range(count):
        level = 10 ** rng.uniform(-4, -0.7)  # from a quiet room to a loud fan
        clips.append((level * coloured_noise(length, rng, float(rng.choice([0.0, 1.0, 2.0])))).astype(np.float32))
    return clips


def unknown_clips(count: int, seed: int, language: str = "en") -> list[np.ndarray]:
    """``count`` synthetic clips of words that are not keywords, for ``_unknown_``."""
    import tempfile

    from .synth import synth_keywords

    words = FILLER_WORDS[language]
    per_word = max(1, -(-count // len(words)))
    with tempfile.TemporaryDirectory() as tmp:
        clips, _ = folder_clips(synth_keywords(tmp, per_word, words=words, seed=seed + 1,
                                               language=language, progress=False))
    order = np.random.default_rng(seed).permutation(len(clips))[:count]
    return [clips[i] for i in order]


def train_head(embeddings: np.ndarray, label_ids: np.ndarray, num_classes: int, *, epochs: int = 40,
               seed: int = 0, validation=None, verbose=0):
    """Train a fresh head on ``[n, 9, 96]`` embeddings; returns ``(head, history)``."""
    keras = _keras()

    keras.utils.set_random_seed(seed)
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(np.asarray(embeddings, np.float32).reshape(-1, INPUT_SHAPE[1]))
    head = build_head(num_classes, norm)
    head.compile(optimizer=keras.optimizers.Adam(1e-3),
                 loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    history = head.fit(np.asarray(embeddings, np.float32), np.asarray(label_ids), epochs=epochs,
                       batch_size=64, validation_data=validation, verbose=verbose)
    return head, history


def train_on_folders(data_dirs, *, epochs: int = 40, seed: int = 0, unknown_silence: bool = False,
                     language: str = "en", validation_fraction: float = 0.2, embedder=None, verbose=0):
    """Train a head on the word folders of every tree in ``data_dirs`` (their words are merged).

    Every fifth clip (by a seeded shuffle) is held out to report an accuracy. With
    ``unknown_silence``, ``_unknown_`` (synthetic filler words in ``language``, twice as
    many clips as an average word, since it stands for every other word) and
    ``_silence_`` (quiet and noise, as many as an average word) join the classes.
    Clips that cannot be read are left out. Returns ``(head, label_names, history,
    held_out_accuracy)``, unpacked as before; its ``.failures`` lists the clips left out.
    """
    embedder = embedder or speech_embedding.load()
    clips, words, failures = [], [], []
    for folder in data_dirs:
        found = folder_clips(folder)
        clips += found[0]
        words += found[1]
        failures += found.failures
    audio.Results(clips, failures).require_any()  # nothing to learn from: say why
    label_names = sorted(set(words))
    if unknown_silence:
        per_class = max(1, len(clips) // max(1, len(label_names)))
        clips += unknown_clips(2 * per_class, seed, language) + background_clips(per_class, np.random.default_rng(seed))
        words += [UNKNOWN] * (2 * per_class) + [SILENCE] * per_class
        label_names += [UNKNOWN, SILENCE]
    ids = np.array([label_names.index(w) for w in words])
    embeddings = embedder.embed_clips(clips)
    order = np.random.default_rng(seed).permutation(len(ids))
    held = order[: int(len(order) * validation_fraction)]
    kept = order[len(held):]
    head, history = train_head(embeddings[kept], ids[kept], len(label_names), epochs=epochs, seed=seed,
                               validation=(embeddings[held], ids[held]) if len(held) else None,
                               verbose=verbose)
    accuracy = float(history.history["val_accuracy"][-1]) if len(held) else float("nan")
    return audio.Results([head, label_names, history, accuracy], failures)


def head_accuracy(head, embeddings: np.ndarray, label_ids) -> float:
    """Accuracy of a head on ``[n, 9, 96]`` embeddings."""
    logits = np.asarray(head(np.asarray(embeddings, np.float32), training=False))
    return float(np.mean(logits.argmax(-1) == np.asarray(label_ids)))


def dataset_arrays(dataset) -> tuple[np.ndarray, np.ndarray]:
    """A batched ``(waveform, label)`` tf.data set as NumPy arrays ``[n, samples]`` and ``[n]``."""
    waves, labels = zip(*[(np.asarray(x), np.asarray(y)) for x, y in dataset])
    return np.concatenate(waves).astype(np.float32), np.concatenate(labels)


def first_per_class(label_ids, per_class: int) -> np.ndarray:
    """Indices of the first ``per_class`` examples of every class (all of a smaller class).

    >>> first_per_class([0, 1, 0, 0, 1], 2)
    array([0, 1, 2, 4])
    """
    label_ids = np.asarray(label_ids)
    keep = [np.flatnonzero(label_ids == c)[:per_class] for c in np.unique(label_ids)]
    return np.sort(np.concatenate(keep))


def learning_curve(train_x, train_y, test_x, test_y, label_names, sizes, *, embedder=None,
                   cnn_epochs: int = 15, seed: int = 0) -> list[dict]:
    """Test accuracy of both recipes trained on the first ``n`` clips per word, for each ``n`` in ``sizes``.

    Rows ``{"per_word", "recipe", "accuracy"}``; the recipes are "tutorial" (the CNN) and "embedding".
    """
    from . import models

    embedder = embedder or speech_embedding.load()
    train_emb, test_emb = embedder.embed_clips(list(train_x)), embedder.embed_clips(list(test_x))
    rows = []
    for n in sizes:
        idx = first_per_class(train_y, n)
        head, _ = train_head(train_emb[idx], train_y[idx], len(label_names), seed=seed)
        cnn = models.fit_arrays(train_x[idx], train_y[idx], label_names, epochs=cnn_epochs, seed=seed)
        rows += [{"per_word": n, "recipe": "embedding", "accuracy": head_accuracy(head, test_emb, test_y)},
                 {"per_word": n, "recipe": "tutorial", "accuracy": models.accuracy_on_arrays(cnn, test_x, test_y)}]
    return rows


def save_take(waveform, folder, word: str) -> Path | None:
    """Keep one recorded take of ``word`` (its loudest second) in ``folder/word/``; None if nothing was recorded."""
    y = np.asarray(waveform, np.float32)
    if y.size == 0 or float(np.abs(y).max()) == 0.0:
        return None
    take = audio.loudest_window(y, speech_embedding.SAMPLE_RATE)
    target = Path(folder) / word
    target.mkdir(parents=True, exist_ok=True)
    return audio.write_wav(target / f"take_{len(list(target.glob('*.wav'))):03d}.wav", take)


class EmbeddingSpotter:
    """A file name or a float32 batch ``[n, samples]`` at 16 kHz in; scores, class ids and names out.

    The same dictionary as lesson 1's exported module, as NumPy arrays.
    """

    def __init__(self, head, label_names, embedder=None):
        self.head = head
        self.label_names = list(label_names)
        self.embedder = embedder or speech_embedding.load()

    def embed(self, x) -> np.ndarray:
        if isinstance(x, (str, Path)):
            x = audio.load(x, sr=speech_embedding.SAMPLE_RATE)[0][None, :]
        batch = np.asarray(x, dtype=np.float32)
        if batch.ndim == 1:
            batch = batch[None, :]
        return self.embedder.embed_clips(list(batch))

    def __call__(self, x) -> dict:
        logits = np.asarray(self.head(self.embed(x), training=False))
        z = np.exp(logits - logits.max(axis=-1, keepdims=True))
        scores = (z / z.sum(axis=-1, keepdims=True)).astype(np.float32)
        ids = scores.argmax(axis=-1)
        return {"predictions": scores, "class_ids": ids,
                "class_names": np.array([self.label_names[i] for i in ids])}


def save(head, label_names, out_dir, history=None, info=None) -> Path:
    """Write the head, the labels and the recipe into ``out_dir`` (see :func:`kwscourse.models.load_model_dir`)."""
    from .models import HISTORY_FILE, LABELS_FILE, RECIPE_FILE

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    head.save(out_dir / HEAD_FILE)
    (out_dir / LABELS_FILE).write_text(json.dumps(list(label_names)))
    (out_dir / RECIPE_FILE).write_text(json.dumps({"recipe": RECIPE, **(info or {})}, indent=1))
    if history is not None:
        (out_dir / HISTORY_FILE).write_text(json.dumps(
            {k: [float(v) for v in vals] for k, vals in history.history.items()}))
    return out_dir


def load(model_dir) -> tuple[EmbeddingSpotter, list[str]]:
    """Load a folder written by :func:`save`: ``(spotter, label_names)``."""
    from .models import LABELS_FILE

    keras = _keras()
    model_dir = Path(model_dir)
    if not (model_dir / HEAD_FILE).is_file():
        raise ModelError("models.no_model", path=model_dir)
    labels = json.loads((model_dir / LABELS_FILE).read_text())
    return EmbeddingSpotter(keras.models.load_model(model_dir / HEAD_FILE), labels), labels
