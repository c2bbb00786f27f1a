"""Lesson 1's keyword-spotting CNN, its training recipe, export, and evaluation.

The model follows the classic "simple audio recognition" recipe: spectrogram
images resized to 32x32, normalised with statistics adapted on the training set,
two convolutions, pooling, dropout and two dense layers (about 1.63 M weights).

    >>> model = build_kws_model((124, 129, 1), ["no", "yes"])
    >>> model.output_shape
    (None, 2)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from . import audio, features
from ._tf import keras as _keras, save_module, tensorflow as _tensorflow
from .i18n import ModelError, t

RECIPES = ("tutorial", "embedding")  # embedding: see kwscourse.kws_embedding
LABELS_FILE = "labels.json"
RECIPE_FILE = "recipe.json"
KERAS_FILE = "model.keras"
HISTORY_FILE = "history.json"


def adapted_normalization(spectrogram_dataset):
    """A ``keras.layers.Normalization`` adapted on ``(spectrogram, label)`` batches.

    Adapting computes the mean and variance of the *training* spectrograms only,
    so no information leaks from the validation or test data.

    >>> import tensorflow as tf
    >>> specs = tf.data.Dataset.from_tensor_slices((tf.fill((4, 3, 3, 1), 2.0), [0, 1, 0, 1])).batch(2)
    >>> float(adapted_normalization(specs).mean.numpy().ravel()[0])
    2.0
    """
    keras = _keras()

    norm = keras.layers.Normalization()
    norm.adapt(data=spectrogram_dataset.map(lambda spec, label: spec))
    return norm


def build_kws_model(input_shape, label_names, normalization=None):
    """The lesson's CNN, returning logits for each of ``label_names``.

    ``normalization`` is an adapted ``Normalization`` layer (see
    :func:`adapted_normalization`); without one an un-adapted layer is used,
    which is only right for quick shape checks.

    >>> build_kws_model((124, 129, 1), list("abcdefgh")).count_params()
    1625611
    """
    keras = _keras()
    from keras import layers

    label_names = list(label_names)
    if len(label_names) < 2:
        raise ModelError("models.bad_classes", count=len(label_names))
    if normalization is None:
        normalization = layers.Normalization()
    return keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        layers.Resizing(32, 32),  # downsample so the model trains fast on a CPU
        normalization,
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Dropout(0.25),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(len(label_names)),
    ], name="kws_cnn")


def compile_model(model, recipe: str = "tutorial"):
    """Adam, sparse categorical cross-entropy on logits, accuracy: the tutorial's set-up.

    >>> compile_model(build_kws_model((124, 129, 1), ['no', 'yes'])).loss.from_logits
    True
    """
    keras = _keras()

    if recipe not in RECIPES:
        raise ModelError("models.unknown_recipe", recipe=recipe, known=", ".join(RECIPES))
    model.compile(optimizer=keras.optimizers.Adam(),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model


def train(model, train_ds, val_ds, *, epochs: int = 10, patience: int = 2, progress=None):
    """Fit with early stopping on validation loss; returns the Keras ``History``.

    ``progress`` receives one line per epoch in the course language (pass ``print`` in a
    notebook); None trains silently.

    >>> history = train(model, train_spec, val_spec, epochs=10, progress=print)  # doctest: +SKIP
    >>> len(history.history['loss']) <= 10  # doctest: +SKIP
    True
    """
    keras = _keras()
    from .keras_report import epoch_log

    if epochs < 1:
        raise ValueError("epochs must be at least 1")
    callbacks = [keras.callbacks.EarlyStopping(patience=patience)]
    if progress is not None:
        callbacks.append(epoch_log(progress))
    # shuffle=False: a tf.data pipeline shuffles itself, and Keras warns otherwise.
    return model.fit(train_ds, validation_data=val_ds, epochs=epochs, callbacks=callbacks,
                     verbose=0, shuffle=False)


def fit_arrays(waveforms, label_ids, label_names, *, epochs: int = 10, seed: int = 0):
    """Train the lesson's CNN on a float32 batch ``[n, 16000]`` (spectrograms made inside).

    For quick comparisons on small sets; the lesson's own training uses tf.data pipelines.
    Returns the trained model, which takes spectrograms like the lesson's.
    """
    keras = _keras()

    keras.utils.set_random_seed(seed)
    spectrograms = features.spectrogram(np.asarray(waveforms, np.float32)).numpy()
    norm = keras.layers.Normalization()
    norm.adapt(spectrograms)
    model = build_kws_model(spectrograms.shape[1:], label_names, norm)
    compile_model(model)
    model.fit(spectrograms, np.asarray(label_ids), epochs=epochs, batch_size=32, verbose=0)
    return model


def accuracy_on_arrays(model, waveforms, label_ids) -> float:
    """Accuracy of the lesson's CNN on a float32 batch ``[n, 16000]``."""
    waveforms = np.asarray(waveforms, np.float32)
    # Direct calls in chunks: model.predict would retrace (and warn) for every new model.
    logits = np.concatenate([np.asarray(model(features.spectrogram(waveforms[i:i + 256]), training=False))
                             for i in range(0, len(waveforms), 256)])
    return float(np.mean(logits.argmax(-1) == np.asarray(label_ids)))


def predict_labels(model, dataset):
    """True and predicted class ids over a ``(inputs, labels)`` dataset, as NumPy arrays.

    >>> import tensorflow as tf
    >>> model = build_kws_model((124, 129, 1), ['no', 'yes'])
    >>> ds = tf.data.Dataset.from_tensor_slices((tf.zeros((3, 124, 129, 1)), [0, 1, 1])).batch(2)
    >>> y_true, y_pred = predict_labels(model, ds)
    >>> y_true.tolist(), y_pred.shape
    ([0, 1, 1], (3,))
    """
    tf = _tensorflow()

    y_true = np.concatenate([label.numpy() for _, label in dataset])
    logits = model.predict(dataset, verbose=0)
    return y_true, np.asarray(tf.argmax(logits, axis=-1))


def confusion_matrix(y_true, y_pred, num_classes: int) -> np.ndarray:
    """Counts ``[true, predicted]`` as an integer matrix.

    >>> confusion_matrix([0, 1, 1], [0, 0, 1], 2)
    array([[1, 0],
           [1, 1]])
    """
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(y_true, int), np.asarray(y_pred, int)), 1)
    return matrix


def softmax(logits) -> np.ndarray:
    """Row-wise softmax in NumPy, numerically stable.

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
            self.model = model
            self.label_names = tf.constant(list(label_names))
            self.__call__.get_concrete_function(x=tf.TensorSpec(shape=(), dtype=tf.string))
            self.__call__.get_concrete_function(x=tf.TensorSpec(shape=[None, 16000], dtype=tf.float32))

        @tf.function
        def __call__(self, x):
            if x.dtype == tf.string:
                wav, _ = tf.audio.decode_wav(tf.io.read_file(x), desired_channels=1,
                                             desired_samples=16000)
                x = tf.squeeze(wav, axis=-1)[tf.newaxis, :]
            logits = self.model(features.spectrogram(x), training=False)
            scores = tf.nn.softmax(logits, axis=-1)
            class_ids = tf.argmax(logits, axis=-1)
            return {"predictions": scores, "class_ids": class_ids,
                    "class_names": tf.gather(self.label_names, class_ids)}

    return KeywordSpotter


def export_model(model, label_names):
    """Wrap a trained model into the exportable keyword spotter (a ``tf.Module``).

    >>> spotter = export_model(build_kws_model((124, 129, 1), ["no", "yes"]), ["no", "yes"])
    >>> out = spotter(np.zeros((2, 16000), dtype="float32"))
    >>> sorted(out), tuple(out["predictions"].shape)
    (['class_ids', 'class_names', 'predictions'], (2, 2))
    """
    return _export_module_class()(model, label_names)


def save_model_dir(model, label_names, out_dir, history=None) -> Path:
    """Save everything ``kwscourse kws`` needs into ``out_dir``.

    The folder is a TensorFlow SavedModel of the export module (load it with
    ``tf.saved_model.load``), plus ``model.keras`` (the Keras 3 model),
    ``labels.json`` and, when given, ``history.json``.

    >>> import tempfile, pathlib
    >>> out = save_model_dir(build_kws_model((124, 129, 1), ['no', 'yes']), ['no', 'yes'], tempfile.mkdtemp())
    >>> sorted(p.name for p in out.iterdir() if p.is_file())
    ['fingerprint.pb', 'labels.json', 'model.keras', 'recipe.json', 'saved_model.pb']
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_module(export_model(model, label_names), out_dir)
    model.save(out_dir / KERAS_FILE)
    (out_dir / LABELS_FILE).write_text(json.dumps(list(label_names)))
    (out_dir / RECIPE_FILE).write_text(json.dumps({"recipe": "tutorial"}))
    if history is not None:
        (out_dir / HISTORY_FILE).write_text(json.dumps(
            {k: [float(v) for v in vals] for k, vals in history.history.items()}))
    return out_dir


def model_recipe(model_dir) -> str:
    """The recipe a model folder was trained with (folders from before recipes were recorded: tutorial).

    >>> model_recipe("/nonexistent")
    'tutorial'
    """
    path = Path(model_dir) / RECIPE_FILE
    return json.loads(path.read_text()).get("recipe", "tutorial") if path.is_file() else "tutorial"


def load_model_dir(model_dir):
    """Load a folder written by :func:`save_model_dir` or by the embedding recipe: ``(spotter, label_names)``.

    Either spotter takes a file name or a float32 batch ``[n, 16000]`` and returns the
    same dictionary: ``predictions``, ``class_ids`` and ``class_names``.

    >>> spotter, labels = load_model_dir('models/lesson1_kws')  # doctest: +SKIP
    >>> spotter(np.zeros((1, 16000), 'float32'))['class_names']  # doctest: +SKIP
    <tf.Tensor: shape=(1,), dtype=string, numpy=array([b'no'], dtype=object)>
    """
    model_dir = Path(model_dir)
    if model_recipe(model_dir) == "embedding":
        from . import kws_embedding

        return kws_embedding.load(model_dir)
    tf = _tensorflow()
    if not (model_dir / "saved_model.pb").is_file() or not (model_dir / LABELS_FILE).is_file():
        raise ModelError("models.no_model", path=model_dir)
    return tf.saved_model.load(str(model_dir)), json.loads((model_dir / LABELS_FILE).read_text())


def _stacked(loaded, length: int) -> np.ndarray:
    """The waveforms of ``load_many``'s results, padded or cut to ``length``, as one float32 batch."""
    rows = [audio.pad_or_trim(y, length) for _, y in loaded]
    return np.stack(rows) if rows else np.zeros((0, length), np.float32)


def load_clips(paths, length: int = 16000) -> np.ndarray:
    """Load audio files (any format or rate) as a float32 batch ``[n, length]`` at 16 kHz.

    Row ``i`` is ``paths[i]``, so every file must be readable: otherwise, after
    reading them all, an :class:`~kwscourse.audio.UnreadableFilesError` names every
    unreadable one and keeps the batch of the others in ``.results``. To skip
    unreadable files instead, use :func:`predict_files` or :func:`kwscourse.audio.load_many`.

    >>> import tempfile, os
    >>> path = audio.write_wav(os.path.join(tempfile.mkdtemp(), 'a.wav'), np.zeros(8000, 'float32'), 8000)
    >>> load_clips([path, path]).shape
    (2, 16000)
    """
    loaded = audio.load_many(paths, sr=16000)
    return loaded.strict(_stacked(loaded, length))


def predict_files(spotter, label_names, paths, batch_size: int = 64) -> audio.Results:
    """Top label and its softmax score for each readable file: a list of ``(path, label, score)``.

    Files that cannot be read are left out; the result's ``.failures`` lists them
    with their error (see :class:`kwscourse.audio.Results`).

    >>> predict_files(spotter, labels, ['yes.wav', 'missing.wav'])  # doctest: +SKIP
    [('yes.wav', 'yes', 0.93)]
    """
    results = audio.Results()
    paths = [str(p) for p in paths]
    for start in range(0, len(paths), batch_size):
        loaded = audio.load_many(paths[start:start + batch_size], sr=16000)
        results.failures += loaded.failures
        if not loaded:
            continue
        out = spotter(_stacked(loaded, 16000))
        scores = np.asarray(out["predictions"])
        for (path, _), ids, row in zip(loaded, np.asarray(out["class_ids"]), scores):
            results.append((path, label_names[int(ids)], float(row[int(ids)])))
    return results


def evaluate_folder(spotter, label_names, data_dir, batch_size: int = 64) -> dict:
    """Accuracy and confusion matrix of a saved spotter on a word-folder tree.

    Folders are matched to the model's classes by name; words the model never
    learnt raise an error rather than silently counting as mistakes. Files that
    cannot be read are left out of every figure (``count`` is the files scored)
    and listed in ``"failures"`` as ``{"file": ..., "error": ...}``; when none can
    be read, an :class:`~kwscourse.audio.UnreadableFilesError` names them all.

    >>> evaluate_folder(spotter, labels, 'data/mini_speech_commands')['accuracy']  # doctest: +SKIP
    0.85
    """
    from .data import wav_files, word_folders

    data_dir = Path(data_dir)
    words = word_folders(data_dir)
    missing = sorted(set(words) - set(label_names))
    if missing:
        raise ModelError("models.class_mismatch", missing=", ".join(missing), known=", ".join(label_names))
    truth = {str(path): label_names.index(word) for word in words for path in wav_files(data_dir / word)}
    results = predict_files(spotter, label_names, list(truth), batch_size).require_any()
    truth_arr = np.array([truth[path] for path, _, _ in results], dtype=np.int64)
    pred_arr = np.array([label_names.index(label) for _, label, _ in results], dtype=np.int64)
    return {
        "accuracy": float(np.mean(truth_arr == pred_arr)),
        "count": len(results),
        "labels": list(label_names),
        "confusion_matrix": confusion_matrix(truth_arr, pred_arr, len(label_names)).tolist(),
        "per_class_accuracy": {
            name: float(np.mean(pred_arr[truth_arr == i] == i)) if np.any(truth_arr == i) else None
            for i, name in enumerate(label_names)
        },
        "failures": audio.failure_records(results.failures),
    }
