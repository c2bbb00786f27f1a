"""A saved keyword spotter of either recipe: load its folder, label files, score a word-folder tree.

Lesson 1 trains two kinds of keyword spotter: the CNN on spectrograms
(:mod:`kwscourse.kws.cnn`, recipe ``"tutorial"``) and a small head on the speech
embedding (:mod:`kwscourse.kws.head`, recipe ``"embedding"``). Both are saved
as a folder that records its recipe, and both load into a *spotter*: a callable
that takes a WAV file name or a float32 batch ``[n, 16000]`` and returns
``predictions`` (softmax scores), ``class_ids`` and ``class_names``. Everything
here works with either.

    >>> cnn = models.build_kws_model((124, 129, 1), ["no", "yes"])
    >>> spotter, labels = load_model_dir(models.save_model_dir(cnn, ["no", "yes"], tmp()))
    >>> labels, tuple(spotter(np.zeros((1, 16000), "float32"))["predictions"].shape)
    (['no', 'yes'], (1, 2))
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..audio import files as batch
from .._internal import checks
from . import head as kws_embedding
from . import cnn as models
from .._internal.tf import tensorflow as _tensorflow
from ..audio.waveform import SAMPLE_RATE
from ..datasets import wav_files, word_folders
from ..evaluation import Evaluation, evaluation
from ..i18n import ModelError


def load_model_dir(model_dir):
    """Load a folder written by :func:`kwscourse.kws.cnn.save_model_dir` or :func:`kwscourse.kws.head.save`.

    Parameters
    ----------
    model_dir : path
        The model folder.

    Returns
    -------
    spotter : callable
        Takes a file name or a float32 batch ``[n, 16000]`` and returns ``predictions``,
        ``class_ids`` and ``class_names`` (TensorFlow tensors for the CNN, NumPy arrays
        for the embedding recipe).
    label_names : list of str
        The classes, in the model's order.

    Raises
    ------
    ModelError
        When the folder holds no saved model (``models.no_model``).

    Examples
    --------
    >>> load_model_dir("/nonexistent")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: /nonexistent does not hold a saved keyword model (expected saved_model.pb and labels.json). Train one with: kwscourse kws train DATA_DIR --out /nonexistent
    """
    model_dir = Path(model_dir)
    if models.model_recipe(model_dir) == "embedding":
        return kws_embedding.load(model_dir)
    if not (model_dir / "saved_model.pb").is_file() or not (model_dir / models.LABELS_FILE).is_file():
        raise ModelError("models.no_model", path=model_dir)
    labels = json.loads((model_dir / models.LABELS_FILE).read_text())
    return _tensorflow().saved_model.load(str(model_dir)), labels


def _stacked(loaded, length: int) -> np.ndarray:
    """The waveforms of ``load_many``'s results, padded or cut to ``length``, as one float32 batch."""
    rows = [audio.pad_or_trim(y, length) for _, y in loaded]
    return np.stack(rows) if rows else np.zeros((0, length), np.float32)


def load_clips(paths, length: int = SAMPLE_RATE) -> np.ndarray:
    """Load audio files (any format or rate) as one float32 batch at 16 kHz.

    Row ``i`` is ``paths[i]``, so every file must be readable: to skip unreadable
    files instead, use :func:`predict_files` or :func:`kwscourse.audio.files.load_many`.

    Parameters
    ----------
    paths : sequence of path
        Audio files.
    length : int, optional
        Samples per row: each clip is padded with zeros or cut to it.

    Returns
    -------
    numpy.ndarray of float32
        ``[len(paths), length]``.

    Raises
    ------
    kwscourse.audio.files.UnreadableFilesError
        After reading them all, when a file cannot be read: it names every unreadable
        one and keeps the batch of the others in ``.results``.

    Examples
    --------
    >>> import os
    >>> path = audio.write_wav(os.path.join(tmp(), 'a.wav'), np.zeros(8000, 'float32'), 8000)
    >>> load_clips([path, path]).shape
    (2, 16000)
    """
    length = checks.whole_number(length, "length")
    loaded = batch.load_many(paths, sr=SAMPLE_RATE)
    return loaded.strict(_stacked(loaded, length))


def predict_files(spotter, label_names, paths, batch_size: int = 64) -> batch.PerItem:
    """The top label of each readable file, and its softmax score.

    Parameters
    ----------
    spotter : callable
        From :func:`load_model_dir` (or :func:`kwscourse.kws.cnn.export_model`).
    label_names : sequence of str
        The spotter's classes.
    paths : sequence of path
        Audio files, of any format and rate.
    batch_size : int, optional
        Files read and scored at once.

    Returns
    -------
    kwscourse.audio.files.PerItem
        ``(path, label, score)`` for each readable file, in order; ``failures`` lists
        the files that could not be read, with their error.

    Examples
    --------
    >>> import pathlib
    >>> folder = pathlib.Path(tmp())
    >>> clip = audio.write_wav(folder / "a.wav", np.zeros(16000, "float32"))
    >>> spotter = models.export_model(models.build_kws_model((124, 129, 1), ["no", "yes"]), ["no", "yes"])
    >>> results = predict_files(spotter, ["no", "yes"], [clip, folder / "missing.wav"])
    >>> [(label in ("no", "yes"), 0 < score <= 1) for _, label, score in results], len(results.failures)
    ([(True, True)], 1)
    """
    batch_size = checks.whole_number(batch_size, "batch_size")
    results, failures = [], []
    paths = [str(p) for p in paths]
    for start in range(0, len(paths), batch_size):
        loaded = batch.load_many(paths[start:start + batch_size], sr=SAMPLE_RATE)
        failures += loaded.failures
        if not loaded:
            continue
        out = spotter(_stacked(loaded, SAMPLE_RATE))
        scores = np.asarray(out["predictions"])
        for (path, _), ids, row in zip(loaded, np.asarray(out["class_ids"]), scores):
            results.append((path, label_names[int(ids)], float(row[int(ids)])))
    return batch.PerItem(tuple(results), tuple(failures))


def evaluate_folder(spotter, label_names, data_dir, batch_size: int = 64) -> Evaluation:
    """How a spotter does on a word-folder tree (one folder of clips per word).

    Folders are matched to the model's classes by name; words the model never
    learnt raise an error rather than silently counting as mistakes.

    Parameters
    ----------
    spotter, label_names, batch_size
        As in :func:`predict_files`.
    data_dir : path
        The word-folder tree.

    Returns
    -------
    kwscourse.evaluation.Evaluation
        Files that cannot be read are left out of every figure (``count`` is the files
        scored) and listed in ``failures`` as ``{"file": ..., "error": ...}``.

    Raises
    ------
    ModelError
        When a folder names a word the model does not know (``models.class_mismatch``).
    kwscourse.audio.files.UnreadableFilesError
        When not one file can be read.

    Examples
    --------
    >>> import pathlib
    >>> root = pathlib.Path(tmp())
    >>> for word in ("no", "yes"):
    ...     _ = audio.write_wav(root / word / "a.wav", np.zeros(16000, "float32"))
    >>> (root / "yes" / "broken.wav").touch()
    >>> spotter = models.export_model(models.build_kws_model((124, 129, 1), ["no", "yes"]), ["no", "yes"])
    >>> report = evaluate_folder(spotter, ["no", "yes"], root)
    >>> report.count, int(report.confusion_matrix.sum()), len(report.failures)
    (2, 2, 1)
    """
    data_dir = Path(data_dir)
    label_names = list(label_names)
    words = word_folders(data_dir)
    missing = sorted(set(words) - set(label_names))
    if missing:
        raise ModelError("models.class_mismatch", missing=", ".join(missing), known=", ".join(label_names))
    truth = {str(path): word for word in words for path in wav_files(data_dir / word)}
    results = predict_files(spotter, label_names, list(truth), batch_size).require_any()
    return evaluation([truth[path] for path, _, _ in results], [label for _, label, _ in results],
                      label_names, failures=batch.failure_records(results.failures))
