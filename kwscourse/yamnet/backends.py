"""YAMNet's two backends as runners: a function from a 16 kHz mono waveform to its three outputs.

Each runner returns ``(scores [N, 521], embeddings [N, 1024], log_mel [M, 64])``.
:func:`tflite_runner` runs the fixed-input classification model with LiteRT
once per window; :func:`savedmodel_runner` calls the SavedModel once. Weights
that cannot be read raise ``yamnet.corrupt_tflite`` or
``yamnet.corrupt_savedmodel``, so that :func:`kwscourse.yamnet.model.load` can
remove them and fetch them again::

    >>> import os
    >>> page = os.path.join(tmp(), "page.tflite")
    >>> _ = open(page, "wb").write(b"<!doctype html>")
    >>> tflite_runner(page)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: The TFLite interpreter cannot read ...
"""

from __future__ import annotations

import warnings

import numpy as np

from .._internal.tf import _filtered_stderr, tensorflow as _tensorflow
from ..i18n import ModelError
from .frontend import EMBEDDING_SIZE, NUM_CLASSES, WINDOW, frame_waveform, log_mel_magnitude, pad_waveform


def _interpreter(model_file):
    """A LiteRT interpreter for ``model_file`` (one thread, intermediate tensors kept), checked for YAMNet's shapes.

    Returns ``(interpreter, input detail, output detail, embedding tensor index or None)``.
    """
    from ai_edge_litert.interpreter import Interpreter

    try:
        with warnings.catch_warnings(), _filtered_stderr():
            # We need the intermediate embedding tensor, which only survives invoke() with this flag.
            warnings.filterwarnings("ignore", message=".*experimental_preserve_all_tensors.*")
            interpreter = Interpreter(model_path=str(model_file), num_threads=1,
                                      experimental_preserve_all_tensors=True)
            interpreter.allocate_tensors()
    except (ValueError, RuntimeError) as err:  # LiteRT's verifier refused the flatbuffer
        raise ModelError("yamnet.corrupt_tflite", path=model_file, detail=_short(err)) from None
    (input_detail,) = interpreter.get_input_details()
    output_detail = interpreter.get_output_details()[0]
    if list(input_detail["shape"]) not in ([WINDOW], [1, WINDOW]) or \
            list(output_detail["shape"])[-1] != NUM_CLASSES:
        raise ModelError("yamnet.bad_tflite", path=model_file, shape=list(input_detail["shape"]))
    fully_connected = [op for op in interpreter._get_ops_details() if op["op_name"] == "FULLY_CONNECTED"]
    return interpreter, input_detail, output_detail, int(fully_connected[-1]["inputs"][0]) if fully_connected else None


def tflite_runner(model_file):
    """A runner for a TFLite classification model with YAMNet's interface (input 15600, 521 scores).

    The waveform is framed as YAMNet frames it (:func:`~kwscourse.yamnet.frontend.frame_waveform`)
    and the model runs once per window, with one thread. The embedding is the
    input of the last fully-connected layer (zeros if the model has none), and
    the log-mel comes from :func:`~kwscourse.yamnet.frontend.log_mel_magnitude`.

    Parameters
    ----------
    model_file : path
        A ``.tflite`` file.

    Returns
    -------
    callable
        ``run(y) -> (scores, embeddings, log_mel)``.

    Raises
    ------
    ModelError
        ``yamnet.corrupt_tflite`` when LiteRT cannot read the file,
        ``yamnet.bad_tflite`` when its input or output has another shape.

    Examples
    --------
    >>> from kwscourse.synthetic import stand_ins
    >>> model_file, _ = stand_ins.untrained_yamnet(tmp())
    >>> scores, embeddings, log_mel = tflite_runner(model_file)(np.zeros(16000, "float32"))
    >>> scores.shape, embeddings.shape, log_mel.shape
    ((2, 521), (2, 1024), (144, 64))
    """
    interpreter, input_detail, output_detail, embedding_index = _interpreter(model_file)

    def run(y: np.ndarray):
        scores, embeddings = [], []
        for window in frame_waveform(y):
            interpreter.set_tensor(input_detail["index"], window.reshape(input_detail["shape"]))
            interpreter.invoke()
            scores.append(interpreter.get_tensor(output_detail["index"]).reshape(-1))
            embeddings.append(interpreter.get_tensor(embedding_index).reshape(-1)
                              if embedding_index is not None else np.zeros(EMBEDDING_SIZE, np.float32))
        return np.stack(scores), np.stack(embeddings), log_mel_magnitude(pad_waveform(y))

    return run


def _short(err: BaseException) -> str:
    """The first line of an exception's text, at most 200 characters, or its type's name."""
    lines = str(err).strip().splitlines()
    return lines[0][:200] if lines else type(err).__name__


def savedmodel_runner(model_dir):
    """A runner for YAMNet's TensorFlow SavedModel, and the loaded model itself.

    Parameters
    ----------
    model_dir : path
        A folder with ``saved_model.pb``.

    Returns
    -------
    (callable, object)
        ``run(y) -> (scores, embeddings, log_mel)`` and the object
        ``tf.saved_model.load`` returned (for an end-to-end export).

    Raises
    ------
    ModelError
        If TensorFlow cannot load the folder: ``yamnet.corrupt_savedmodel``, so the caller may fetch it again.

    Examples
    --------
    >>> savedmodel_runner(tmp())  # an empty folder  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: TensorFlow cannot load the SavedModel in ...
    """
    tf = _tensorflow()
    with _filtered_stderr():
        # YAMNet's SavedModel is a TF2 one: TensorFlow loads it itself, with no tensorflow_hub.
        try:
            model = tf.saved_model.load(str(model_dir))
        except Exception as err:  # protobuf, TensorFlow and file errors alike: the folder is unusable
            raise ModelError("yamnet.corrupt_savedmodel", path=model_dir, detail=_short(err)) from None

    def run(y: np.ndarray):
        scores, embeddings, log_mel = model(y)
        return scores.numpy(), embeddings.numpy(), log_mel.numpy()

    return run, model
