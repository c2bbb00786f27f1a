"""Messages of the ``transfer`` domain, in English and Spanish."""

MESSAGES = {
    "transfer.embedding": {"en": "YAMNet embeddings", "es": "Embeddings de YAMNet"},
    "transfer.class_count": {
        "en": "The head has {outputs} outputs but {classes} class names were given.",
        "es": "La cabeza tiene {outputs} salidas, pero se han dado {classes} nombres de clase.",
    },
    "transfer.no_classifier": {
        "en": "{path} does not hold a saved clip classifier (expected head.keras and classifier.json).",
        "es": "{path} no contiene un clasificador de clips guardado (se esperaban head.keras y classifier.json).",
    },
    "transfer.export_needs_savedmodel": {
        "en": "An end-to-end SavedModel needs YAMNet's SavedModel backend; this classifier uses {backend}. Load YAMNet with backend='savedmodel'.",
        "es": "Un SavedModel de extremo a extremo necesita el motor SavedModel de YAMNet; este clasificador usa {backend}. Carga YAMNet con backend='savedmodel'.",
    },
    "transfer.serving_tflite": {
        "en": "YAMNet runs here on the {backend} backend, which cannot be wrapped into a TensorFlow SavedModel. The ClipClassifier object (YAMNet + head + class names) is the serving path; with the SavedModel backend, classifier.export_savedmodel(folder) writes one model from waveform to class.",
        "es": "Aquí YAMNet funciona con el motor {backend}, que no se puede envolver en un SavedModel de TensorFlow. El objeto ClipClassifier (YAMNet + cabeza + nombres de clase) es la vía para desplegarlo; con el motor SavedModel, classifier.export_savedmodel(carpeta) escribe un único modelo de forma de onda a clase.",
    },
}
