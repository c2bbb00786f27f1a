"""Keras's own reports in the course language: a model's layers and one line per epoch.

Keras prints its summary and its training progress in English only. The lessons show
these instead, so a Spanish notebook reads Spanish all the way through.

    >>> from kwscourse.ui import keras_report
    >>> keras_report.epoch_line(1, 10, {"loss": 0.5, "accuracy": 0.8}, lang="en")
    'Epoch 1/10: accuracy 0.800, loss 0.500'
"""

from __future__ import annotations

from .._internal.tf import keras as _keras
from ..i18n import t
from ..results import LayerReport

# Keras's metric names, in the order a reader looks for them.
_METRICS = ("accuracy", "loss", "val_accuracy", "val_loss")


def layer_table(model):
    """A model's layers as a table: name, kind, output shape and weight count.

    Parameters
    ----------
    model : keras.Model
        A built model.

    Returns
    -------
    kwscourse.results.LayerReport
        Its ``table`` has one row per layer, with column names in the course language;
        ``total`` is the weight count of the whole model. A notebook shows the table.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="scores")])
    >>> report = layer_table(model)
    >>> list(report.table.iloc[0, :3]), int(report.table.iloc[0, 3]), report.total
    (['scores', 'Dense', '(None, 3)'], 15, 15)
    """
    import pandas as pd

    rows = [[layer.name, type(layer).__name__, str(tuple(layer.output.shape)),
             int(layer.count_params())]
            for layer in model.layers]
    columns = [t(f"keras_report.{key}") for key in ("layer", "kind", "output_shape", "weights")]
    return LayerReport(pd.DataFrame(rows, columns=columns), int(model.count_params()))


def epoch_line(epoch: int, epochs: int, logs: dict, lang: str | None = None) -> str:
    """One epoch's metrics as a line in the course language.

    Parameters
    ----------
    epoch : int
        The epoch just finished, counting from 1.
    epochs : int
        How many epochs the run has.
    logs : dict
        Keras's end-of-epoch logs, e.g. ``{"loss": 0.5, "val_loss": 0.7}``.
    lang : str, optional
        ``"en"`` or ``"es"``; the course language by default.

    Returns
    -------
    str

    Examples
    --------
    >>> epoch_line(2, 5, {"val_loss": 1.25, "loss": 1.0}, lang="es")
    'Época 2/5: pérdida 1.000, pérdida de validación 1.250'
    """
    parts = [f"{t(f'keras_report.{name}', lang=lang)} {logs[name]:.3f}" for name in _METRICS if name in logs]
    return t("keras_report.epoch", lang=lang, epoch=epoch, epochs=epochs, metrics=", ".join(parts))


def epoch_log(print_line=print):
    """A Keras callback that reports each epoch with :func:`epoch_line`, instead of ``verbose=2``.

    Parameters
    ----------
    print_line : callable
        Where each line goes (``print`` in a notebook, a logger elsewhere).

    Returns
    -------
    keras.callbacks.Callback

    Examples
    --------
    >>> import keras, numpy as np
    >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    >>> model.compile(loss="mse")
    >>> lines = []
    >>> _ = model.fit(np.zeros((4, 2)), np.zeros(4), epochs=2, verbose=0,
    ...               callbacks=[epoch_log(lines.append)])
    >>> len(lines), lines[-1].split(":")[0]
    (2, 'Epoch 2/2')
    """
    class EpochLog(_keras().callbacks.Callback):
        """Keras calls it after every epoch; it hands one line to ``print_line``."""

        def on_epoch_end(self, epoch, logs=None):
            print_line(epoch_line(epoch + 1, self.params.get("epochs", epoch + 1), logs or {}))

    return EpochLog()
