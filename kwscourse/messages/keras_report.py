"""Messages of the ``keras_report`` domain, in English and Spanish."""

MESSAGES = {
    "keras_report.layer": {"en": "layer", "es": "capa"},
    "keras_report.kind": {"en": "kind", "es": "tipo"},
    "keras_report.output_shape": {"en": "output shape", "es": "forma de salida"},
    "keras_report.weights": {"en": "weights", "es": "pesos"},
    "keras_report.epoch": {"en": "Epoch {epoch}/{epochs}: {metrics}", "es": "Época {epoch}/{epochs}: {metrics}"},
    "keras_report.accuracy": {"en": "accuracy", "es": "exactitud"},
    "keras_report.loss": {"en": "loss", "es": "pérdida"},
    "keras_report.val_accuracy": {"en": "validation accuracy", "es": "exactitud de validación"},
    "keras_report.val_loss": {"en": "validation loss", "es": "pérdida de validación"},
    "keras_report.total": {"en": "{count:,} weights in all", "es": "{count:,} pesos en total"},
}
