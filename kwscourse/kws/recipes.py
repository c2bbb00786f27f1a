"""The two keyword recipes side by side (compared in lesson 5), on the same clips as NumPy arrays.

The CNN learns to hear from scratch (:mod:`kwscourse.kws.cnn`); the head on the speech
embedding only learns the words (:mod:`kwscourse.kws.head`). A learning curve
trains both on the first *n* clips of every word and tests them on the same clips:
it shows how much data each recipe needs.

    >>> first_per_class([0, 0, 1, 1, 1], 1)
    array([0, 2])
"""

from __future__ import annotations

import numpy as np

from .._internal import checks
from . import features
from . import head as kws_embedding
from . import cnn as models
from . import speech_embedding
from .._internal.seeding import seeded
from .._internal.tf import keras as _keras


def dataset_arrays(dataset) -> tuple[np.ndarray, np.ndarray]:
    """A batched ``(waveform, label)`` tf.data set as NumPy arrays ``[n, samples]`` and ``[n]``.

    Examples
    --------
    >>> import tensorflow as tf
    >>> ds = tf.data.Dataset.from_tensor_slices((np.zeros((3, 16000), "float32"), [0, 1, 1])).batch(2)
    >>> waves, labels = dataset_arrays(ds)
    >>> waves.shape, labels.tolist()
    ((3, 16000), [0, 1, 1])
    """
    waves, labels = zip(*[(np.asarray(x), np.asarray(y)) for x, y in dataset])
    return np.concatenate(waves).astype(np.float32), np.concatenate(labels)


def first_per_class(label_ids, per_class: int) -> np.ndarray:
    """Indices of the first ``per_class`` examples of every class (all of a smaller class).

    Examples
    --------
    >>> first_per_class([0, 1, 0, 0, 1], 2)
    array([0, 1, 2, 4])
    """
    per_class = checks.whole_number(per_class, "per_class")
    label_ids = np.asarray(label_ids)
    keep = [np.flatnonzero(label_ids == c)[:per_class] for c in np.unique(label_ids)]
    return np.sort(np.concatenate(keep))


def learning_curve(train_x, train_y, test_x, test_y, label_names, sizes, *, embedder=None,
                   cnn_epochs: int = 15, seed: int = 0) -> list[dict]:
    """Test accuracy of both recipes trained on the first ``n`` clips per word, for each ``n`` in ``sizes``.

    Parameters
    ----------
    train_x, test_x : numpy.ndarray of float32
        ``[n, 16000]`` clips.
    train_y, test_y : numpy.ndarray of int
        Their class ids.
    label_names : sequence of str
        The classes.
    sizes : sequence of int
        Clips per word to train on.
    embedder : SpeechEmbedding, optional
        Default: :func:`kwscourse.kws.speech_embedding.load`.
    cnn_epochs, seed : int, optional
        The CNN's epochs, and the seed of both recipes.

    Returns
    -------
    list of dict
        ``{"per_word", "recipe", "accuracy"}`` rows; the recipes are ``"tutorial"`` (the
        CNN) and ``"embedding"``. :func:`kwscourse.ui.plots.learning_curve` draws them.

    Examples
    --------
    >>> x = np.random.default_rng(0).uniform(-0.1, 0.1, (4, 16000)).astype("float32")
    >>> y = np.array([0, 1, 0, 1])
    >>> rows = learning_curve(x, y, x, y, ["no", "yes"], [1], cnn_epochs=1)
    >>> [(row["per_word"], row["recipe"]) for row in rows]
    [(1, 'embedding'), (1, 'tutorial')]
    """
    embedder = embedder or speech_embedding.load()
    train_emb, test_emb = embedder.embed_clips(list(train_x)), embedder.embed_clips(list(test_x))
    rows = []
    for n in sizes:
        idx = first_per_class(train_y, n)
        head, _ = kws_embedding.train_head(train_emb[idx], train_y[idx], len(label_names), seed=seed)
        cnn = fit_arrays(train_x[idx], train_y[idx], label_names, epochs=cnn_epochs, seed=seed)
        rows += [{"per_word": n, "recipe": "embedding",
                  "accuracy": kws_embedding.head_accuracy(head, test_emb, test_y)},
                 {"per_word": n, "recipe": "tutorial", "accuracy": accuracy_on_arrays(cnn, test_x, test_y)}]
    return rows


def fit_arrays(waveforms, label_ids, label_names, *, epochs: int = 10, seed: int = 0):
    """Train the lesson's CNN on a float32 batch of one-second clips (spectrograms made inside).

    For quick comparisons on small sets; the lesson's own training uses tf.data pipelines.

    Parameters
    ----------
    waveforms : array_like of float32
        ``[n, 16000]`` clips at 16 kHz.
    label_ids : array_like of int
        ``[n]`` class ids, indices into ``label_names``.
    label_names : sequence of str
        The classes.
    epochs, seed : int, optional
        Passes over the data, and the seed of weights and batches.

    Returns
    -------
    keras.Model
        The trained model; it takes spectrograms, as the lesson's does.

    Examples
    --------
    >>> clips = np.random.default_rng(0).uniform(-0.1, 0.1, (4, 16000)).astype("float32")
    >>> model = fit_arrays(clips, [0, 1, 0, 1], ["no", "yes"], epochs=1)
    >>> model.output_shape
    (None, 2)
    """
    keras = _keras()
    epochs = checks.whole_number(epochs, "epochs")
    spectrograms = features.spectrogram(np.asarray(waveforms, np.float32)).numpy()
    with seeded(seed):  # weights and batch order; the caller's random state is left as it was
        norm = keras.layers.Normalization()
        norm.adapt(spectrograms)
        model = models.compile_model(models.build_kws_model(spectrograms.shape[1:], label_names, norm))
        model.fit(spectrograms, np.asarray(label_ids), epochs=epochs, batch_size=32, verbose=0)
    return model


def accuracy_on_arrays(model, waveforms, label_ids) -> float:
    """The share of one-second clips the lesson's CNN labels right.

    Parameters
    ----------
    model : keras.Model
        Takes spectrograms (:func:`fit_arrays` or :func:`kwscourse.kws.cnn.build_kws_model`).
    waveforms : array_like of float32
        ``[n, 16000]`` clips at 16 kHz.
    label_ids : array_like of int
        ``[n]`` true class ids.

    Returns
    -------
    float

    Examples
    --------
    >>> model = models.build_kws_model((124, 129, 1), ["no", "yes"])
    >>> 0.0 <= accuracy_on_arrays(model, np.zeros((3, 16000), "float32"), [0, 1, 1]) <= 1.0
    True
    """
    waveforms = np.asarray(waveforms, np.float32)
    # Direct calls in chunks: model.predict would retrace (and warn) for every new model.
    logits = np.concatenate([np.asarray(model(features.spectrogram(waveforms[i:i + 256]), training=False))
                             for i in range(0, len(waveforms), 256)])
    return float(np.mean(logits.argmax(-1) == np.asarray(label_ids)))
