"""Lesson 1's keyword-spotting CNN: its layers, its training recipe, and its export.

The model follows the classic "simple audio recognition" recipe: spectrogram
images resized to 32x32, normalised with statistics adapted on the training set,
two convolutions, pooling, dropout and two dense layers (about 1.63 M weights).
A trained model is saved as a folder (:func:`save_model_dir`) that
:func:`kwscourse.kws.spotting.load_model_dir` loads back, whichever recipe made it.

    >>> model = build_kws_model((124, 129, 1), ["no", "yes"])
    >>> model.output_shape
    (None, 2)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .._internal import checks
from . import features
from .._internal.tf import keras as _keras, keras_weights, save_module, tensorflow as _tensorflow
from ..audio.waveform import SAMPLE_RATE
from ..i18n import ModelError
from ..ui.keras_report import epoch_log

RECIPES = ("tutorial", "embedding")  # embedding: see kwscourse.kws.head
LABELS_FILE = "labels.json"
RECIPE_FILE = "recipe.json"
KERAS_FILE = "model.keras"
HISTORY_FILE = "history.json"


def adapted_normalization(spectrogram_dataset):
    """A ``keras.layers.Normalization`` adapted on ``(spectrogram, label)`` batches.

    Adapting computes the mean and variance of the *training* spectrograms only,
    so no information leaks from the validation or test data.

    Parameters
    ----------
    spectrogram_dataset : tf.data.Dataset
        Batches of ``(spectrogram, label)``.

    Returns
    -------
    keras.layers.Normalization

    Examples
    --------
    >>> import tensorflow as tf
    >>> specs = tf.data.Dataset.from_tensor_slices((tf.fill((4, 3, 3, 1), 2.0), [0, 1, 0, 1])).batch(2)
    >>> float(adapted_normalization(specs).mean.numpy().ravel()[0])
    2.0
    """
    norm = _keras().layers.Normalization()
    norm.adapt(data=spectrogram_dataset.map(lambda spec, label: spec))
    return norm


def build_kws_model(input_shape, label_names, normalization=None):
    """The lesson's CNN, returning logits for each of ``label_names``.

    Parameters
    ----------
    input_shape : tuple of int
        One spectrogram's shape, ``(124, 129, 1)`` for a second at 16 kHz.
    label_names : sequence of str
        The classes, at least two.
    normalization : keras.layers.Normalization, optional
        Adapted on the training spectrograms (:func:`adapted_normalization`); without
        one an un-adapted layer is used, which is only right for quick shape checks.

    Returns
    -------
    keras.Sequential

    Raises
    ------
    ModelError
        With fewer than two ``label_names`` (``models.bad_classes``).

    Examples
    --------
    >>> build_kws_model((124, 129, 1), list("abcdefgh")).count_params()
    1625611
    """
    keras = _keras()
    layers = keras.layers
    label_names = list(label_names)
    if len(label_names) < 2:
        raise ModelError("models.bad_classes", count=len(label_names))
    return keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        layers.Resizing(32, 32),  # downsample so the model trains fast on a CPU
        normalization if normalization is not None else layers.Normalization(),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Dropout(0.25),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(len(label_names)),
    ], name="kws_cnn")


def compile_model(model):
    """Adam, sparse categorical cross-entropy on logits, accuracy: the tutorial's set-up.

    Parameters
    ----------
    model : keras.Model
        From :func:`build_kws_model`.

    Returns
    -------
    keras.Model
        The same model, compiled.

    Examples
    --------
    >>> compile_model(build_kws_model((124, 129, 1), ['no', 'yes'])).loss.from_logits
    True
    """
    keras = _keras()
    model.compile(optimizer=keras.optimizers.Adam(),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model


def train(model, train_ds, val_ds, *, epochs: int = 10, patience: int = 2, progress=None):
    """Fit with early stopping on validation loss.

    Parameters
    ----------
    model : keras.Model
        A compiled model (:func:`compile_model`).
    train_ds, val_ds : tf.data.Dataset
        Batches of ``(spectrogram, label)``; the training set shuffles itself.
    epochs : int, optional
        At most this many passes over the training set.
    patience : int, optional
        Stop after this many epochs without a better validation loss.
    progress : callable, optional
        Receives one line per epoch in the course language (pass ``print`` in a
        notebook); None trains silently.

    Returns
    -------
    keras.callbacks.History

    Raises
    ------
    ParameterError
        When ``epochs`` is not a whole number of at least 1, or ``patience`` is negative.

    Examples
    --------
    >>> import tensorflow as tf
    >>> specs = tf.data.Dataset.from_tensor_slices((tf.random.normal((8, 124, 129, 1)), [0, 1] * 4)).batch(4)
    >>> model = compile_model(build_kws_model((124, 129, 1), ["no", "yes"], adapted_normalization(specs)))
    >>> lines = []
    >>> history = train(model, specs, specs, epochs=2, progress=lines.append)
    >>> len(history.history["loss"]), lines[-1].split(":")[0]
    (2, 'Epoch 2/2')
    """
    epochs = checks.whole_number(epochs, "epochs")
    patience = checks.whole_number(patience, "patience", minimum=0)
    callbacks = [_keras().callbacks.EarlyStopping(patience=patience)]
    if progress is not None:
        callbacks.append(epoch_log(progress))
    # shuffle=False: a tf.data pipeline shuffles itself, and Keras warns otherwise.
    return model.fit(train_ds, validation_data=val_ds, epochs=epochs, callbacks=callbacks,
                     verbose=0, shuffle=False)


def predict_labels(model, dataset):
    """True and predicted class ids over a ``(inputs, labels)`` dataset, as NumPy arrays.

    Parameters
    ----------
    model : keras.Model
        Returns one row of logits (or scores) per input.
    dataset : tf.data.Dataset
        Batches of ``(inputs, labels)``.

    Returns
    -------
    y_true, y_pred : numpy.ndarray of int

    Examples
    --------
    >>> import tensorflow as tf
    >>> model = build_kws_model((124, 129, 1), ['no', 'yes'])
    >>> ds = tf.data.Dataset.from_tensor_slices((tf.zeros((3, 124, 129, 1)), [0, 1, 1])).batch(2)
    >>> y_true, y_pred = predict_labels(model, ds)
    >>> y_true.tolist(), y_pred.shape
    ([0, 1, 1], (3,))
    """
    y_true = np.concatenate([label.numpy() for _, label in dataset])
    logits = model.predict(dataset, verbose=0)
    return y_true, np.asarray(logits).argmax(axis=-1)


def softmax(logits) -> np.ndarray:
    """Row-wise softmax in NumPy, numerically stable.

    Parameters
    ----------
    logits : array_like
        Scores on the last axis.

    Returns
    -------
    numpy.ndarray of float64
        Probabilities that add up to 1 along the last axis.

    Examples
    --------
    >>> softmax(np.array([[0.0, 0.0]]))
    array([[0.5, 0.5]])
    """
    z = np.asarray(logits, dtype=np.float64)
    z = np.exp(z - z.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def _export_module_class():
    tf = _tensorflow()

    class KeywordSpotter(tf.Module):
        """Waveform or WAV file name in, scores, class ids and class names out.

        The spectrogram is computed inside, so callers only need audio. Two
        signatures are traced: a scalar string (path of a 16-bit PCM WAV) and a
        float32 batch ``[None, 16000]``.
        """

        def __init__(self, model, label_names):
            super().__init__()
            # The weights, not the Keras object: see kwscourse._internal.tf.keras_weights.
            self.weights = keras_weights(model)
            self.logits = lambda spectrograms: model(spectrograms, training=False)
            self.label_names = tf.constant(list(label_names))
            self.__call__.get_concrete_function(x=tf.TensorSpec(shape=(), dtype=tf.string))
            self.__call__.get_concrete_function(x=tf.TensorSpec(shape=[None, SAMPLE_RATE], dtype=tf.float32))

        @tf.function
        def __call__(self, x):
            if x.dtype == tf.string:
                wav, _ = tf.audio.decode_wav(tf.io.read_file(x), desired_channels=1,
                                             desired_samples=SAMPLE_RATE)
                x = tf.squeeze(wav, axis=-1)[tf.newaxis, :]
            logits = self.logits(features.spectrogram(x))
            scores = tf.nn.softmax(logits, axis=-1)
            class_ids = tf.argmax(logits, axis=-1)
            return {"predictions": scores, "class_ids": class_ids,
                    "class_names": tf.gather(self.label_names, class_ids)}

    return KeywordSpotter


def export_model(model, label_names):
    """Wrap a trained model into the exportable keyword spotter (a ``tf.Module``).

    Parameters
    ----------
    model : keras.Model
        Takes spectrograms and returns logits.
    label_names : sequence of str
        The model's classes, in its order.

    Returns
    -------
    tf.Module
        Called with a WAV file name or a float32 batch ``[n, 16000]``, it returns
        ``predictions`` (softmax scores), ``class_ids`` and ``class_names``.

    Examples
    --------
    >>> spotter = export_model(build_kws_model((124, 129, 1), ["no", "yes"]), ["no", "yes"])
    >>> out = spotter(np.zeros((2, 16000), dtype="float32"))
    >>> sorted(out), tuple(out["predictions"].shape)
    (['class_ids', 'class_names', 'predictions'], (2, 2))
    """
    return _export_module_class()(model, label_names)


def write_model_info(out_dir, label_names, recipe: str, *, history=None, info=None) -> Path:
    """Write what every saved keyword model carries: its labels, its recipe and, when given, its history.

    Parameters
    ----------
    out_dir : path
        The model folder (created when missing).
    label_names : sequence of str
        The classes, in the model's order (``labels.json``).
    recipe : str
        One of :data:`RECIPES` (``recipe.json``, with ``info``).
    history : keras.callbacks.History, optional
        Its per-epoch metrics go to ``history.json``.
    info : dict, optional
        More to record in ``recipe.json`` (for example the data used).

    Returns
    -------
    pathlib.Path
        ``out_dir``.

    Examples
    --------
    >>> out = write_model_info(tmp(), ["no", "yes"], "embedding", info={"data": "x"})
    >>> model_recipe(out), json.loads((out / LABELS_FILE).read_text())
    ('embedding', ['no', 'yes'])
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / LABELS_FILE).write_text(json.dumps(list(label_names)))
    (out_dir / RECIPE_FILE).write_text(json.dumps({"recipe": checks.one_of(recipe, "recipe", RECIPES),
                                                   **(info or {})}, indent=1))
    if history is not None:
        (out_dir / HISTORY_FILE).write_text(json.dumps(
            {k: [float(v) for v in vals] for k, vals in history.history.items()}))
    return out_dir


def save_model_dir(model, label_names, out_dir, history=None) -> Path:
    """Save everything ``kwscourse kws`` needs into ``out_dir``.

    The folder is a TensorFlow SavedModel of the export module (load it with
    ``tf.saved_model.load``, or :func:`kwscourse.kws.spotting.load_model_dir`), plus
    ``model.keras`` (the Keras 3 model), ``labels.json``, ``recipe.json`` and, when
    given, ``history.json``.

    Parameters
    ----------
    model : keras.Model
        The trained CNN.
    label_names : sequence of str
        Its classes, in its order.
    out_dir : path
        The folder to write (created when missing).
    history : keras.callbacks.History, optional
        What :func:`train` returned.

    Returns
    -------
    pathlib.Path
        The model folder.

    Examples
    --------
    >>> out = save_model_dir(build_kws_model((124, 129, 1), ['no', 'yes']), ['no', 'yes'], tmp())
    >>> sorted(p.name for p in out.iterdir() if p.is_file())
    ['fingerprint.pb', 'labels.json', 'model.keras', 'recipe.json', 'saved_model.pb']
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_module(export_model(model, label_names), out_dir)
    model.save(out_dir / KERAS_FILE)
    return write_model_info(out_dir, label_names, "tutorial", history=history)


def model_recipe(model_dir) -> str:
    """The recipe a model folder was trained with.

    Parameters
    ----------
    model_dir : path
        A folder written by :func:`save_model_dir` or :func:`kwscourse.kws.head.save`.

    Returns
    -------
    str
        ``"tutorial"`` or ``"embedding"``; folders from before recipes were recorded
        are ``"tutorial"``.

    Examples
    --------
    >>> model_recipe("/nonexistent")
    'tutorial'
    """
    path = Path(model_dir) / RECIPE_FILE
    return json.loads(path.read_text()).get("recipe", "tutorial") if path.is_file() else "tutorial"
