"""Messages of the ``cli`` domain, in English and Spanish."""

MESSAGES = {
    "cli.missing_arguments": {
        "en": "the following arguments are required: {names}",
        "es": "faltan estos argumentos obligatorios: {names}",
    },
    "cli.unknown_arguments": {
        "en": "unrecognized arguments: {names}",
        "es": "argumentos desconocidos: {names}",
    },
    "cli.bad_choice": {
        "en": "argument {name}: invalid choice: {value} (choose from {choices})",
        "es": "argumento {name}: opción no válida: {value} (elige entre {choices})",
    },
    "cli.expected_value": {
        "en": "argument {name}: expected one value",
        "es": "argumento {name}: falta su valor",
    },
    "cli.bad_argument": {
        "en": "argument {name}: {message}",
        "es": "argumento {name}: {message}",
    },
    "cli.bad_whole": {
        "en": "must be a whole number of at least 1: {value}",
        "es": "debe ser un número entero mayor o igual que 1: {value}",
    },
    "cli.bad_positive": {
        "en": "must be a positive number: {value}",
        "es": "debe ser un número positivo: {value}",
    },
    "cli.description": {
        "en": "kwscourse: data, training and inference for the audio-classification course.",
        "es": "kwscourse: datos, entrenamiento e inferencia para el curso de clasificación de audio.",
    },
    "cli.error": {"en": "error: {message}", "es": "error: {message}"},
    "cli.wrote": {"en": "Wrote {count} clips to {path}", "es": "Se escribieron {count} clips en {path}"},
    "cli.fetched": {"en": "{name} is ready in {path}", "es": "{name} está listo en {path}"},
    "cli.trained": {
        "en": "Trained on {path}: validation accuracy {accuracy:.3f}; model saved to {out}",
        "es": "Entrenado con {path}: exactitud de validación {accuracy:.3f}; modelo guardado en {out}",
    },
    "cli.files_failed": {
        "en": "Files that could not be read: {count} (see above); all the others were processed.",
        "es": "Archivos que no se pudieron leer: {count} (ver arriba); todos los demás se procesaron.",
    },
}
