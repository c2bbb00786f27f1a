"""Import TensorFlow and Keras once, without their start-up chatter.

TensorFlow 2.21 writes absl log lines ("oneDNN custom operations are on",
"Could not find cuda drivers", and on a machine without a GPU the error
"failed call to cuInit") straight to file descriptor 2 while it loads and
first looks for devices, even with TF_CPP_MIN_LOG_LEVEL=3. Jupyter forwards that
descriptor into the cell, where students see red boxes that mean nothing. We
send fd 2 to a temporary file during the import and the device search, and pass
on every line that is not that noise. The package sets no environment variable:
TensorFlow's later messages, about the student's own code, still show.

    >>> tf = tensorflow()
    >>> tf.__name__
    'tensorflow'
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from contextlib import contextmanager

from .quiet import quieter

_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IW]\d{4} [\d:. ]+\d+ \S+\.cc:\d+\] .*"
    r"|E\d{4} [\d:. ]+\d+ cuda_\w+\.cc:\d+\] failed call to cuInit: .*"
    r"|To enable the following instructions: .*"
    r"|INFO: Created TensorFlow Lite XNNPACK delegate for CPU\.)$"
)


@contextmanager
def _filtered_stderr():
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no real fd 2 (some embedded hosts)
        yield
        return
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            kept = [line for line in capture.read().decode("utf-8", "replace").splitlines()
                    if line.strip() and not _NOISE.match(line)]
            if kept:
                sys.stderr.write("\n".join(kept) + "\n")


def tensorflow():
    """The ``tensorflow`` module, imported quietly the first time.

    Examples
    --------
    >>> tensorflow().constant([1, 2]).shape
    TensorShape([2])
    """
    if "tensorflow" not in sys.modules:
        with _filtered_stderr():
            import tensorflow

            tensorflow.config.list_physical_devices()  # CUDA's probe logs now, inside the filter
    return sys.modules["tensorflow"]


def keras():
    """The ``keras`` module (Keras 3 on the TensorFlow backend), imported quietly.

    >>> keras().__version__ >= '3'
    True
    """
    tensorflow()
    import keras as keras_module

    return keras_module


def save_module(module, folder, **kwargs) -> None:
    """``tf.saved_model.save`` without its "Assets written to ..." INFO line on stderr.

    Parameters
    ----------
    module : tf.Module
        What to save.
    folder : path
        The SavedModel folder to write.
    **kwargs
        Passed on to ``tf.saved_model.save`` (``signatures=...``).

    Examples
    --------
    >>> import pathlib
    >>> tf = tensorflow()
    >>> folder = pathlib.Path(tmp())
    >>> save_module(tf.Module(), folder)
    >>> (folder / "saved_model.pb").is_file()
    True
    """
    tf = tensorflow()
    with quieter(tf.get_logger(), "WARNING"):
        tf.saved_model.save(module, str(folder), **kwargs)


def keras_weights(model) -> list:
    """The TensorFlow variables of a Keras 3 model, for a ``tf.Module`` that serves it.

    A ``tf.Module`` that keeps the Keras model as an attribute cannot be saved on
    Python 3.13 with wrapt 1.x: ``tf.saved_model.save`` walks the model's dicts,
    TensorFlow wraps each in a ``_DictWrapper``, and Python 3.13's ``isinstance``
    fails on those (TensorFlow issues 62217 and 63548). Keeping only the variables
    saves the same weights, on every Python and wrapt; the module calls the model
    through a closure.

    Parameters
    ----------
    model : keras.Model
        A built model.

    Returns
    -------
    list of tf.Variable
        Its variables, trainable or not, in the model's order.

    Examples
    --------
    >>> keras = tensorflow().keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> [tuple(v.shape) for v in keras_weights(model)]
    [(3, 2), (2,)]
    """
    return [getattr(variable, "value", variable) for variable in model.variables]
