"""Messages of the ``models`` domain, in English and Spanish."""

MESSAGES = {
    "models.embedding_only": {
        "en": "--extra-data and --unknown-silence work with --recipe embedding only.",
        "es": "--extra-data y --unknown-silence solo funcionan con --recipe embedding.",
    },
    "models.bad_classes": {
        "en": "A classifier needs at least 2 classes, got {count}.",
        "es": "Un clasificador necesita al menos 2 clases; hay {count}.",
    },
    "models.no_model": {
        "en": "{path} does not hold a saved keyword model (expected saved_model.pb and labels.json). Train one with: kwscourse kws train DATA_DIR --out {path}",
        "es": "{path} no contiene un modelo de palabras clave guardado (se esperaban saved_model.pb y labels.json). Entrena uno con: kwscourse kws train DATA_DIR --out {path}",
    },
    "models.class_mismatch": {
        "en": "The data folder has words the model never learnt: {missing}. The model knows: {known}.",
        "es": "La carpeta de datos tiene palabras que el modelo no aprendió: {missing}. El modelo conoce: {known}.",
    },
    "models.reload_identical": {
        "en": "Reloaded model agrees with the original: largest score difference {diff:.2e}.",
        "es": "El modelo recargado coincide con el original: mayor diferencia de puntuación {diff:.2e}.",
    },
    "models.same_as_package": {
        "en": "The notebook's code and the package's agree: largest score difference {diff:.2e}.",
        "es": "El código del cuaderno y el del paquete coinciden: mayor diferencia de puntuación {diff:.2e}.",
    },
}
