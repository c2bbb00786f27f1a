"""Messages of the ``checks`` domain (argument checks), in English and Spanish."""

MESSAGES = {
    "checks.whole_number": {
        "en": "{name} must be a whole number of at least {minimum}, not {value!r}.",
        "es": "{name} debe ser un número entero no menor que {minimum}, no {value!r}.",
    },
    "checks.whole_number_range": {
        "en": "{name} must be a whole number from {minimum} to {maximum}, not {value!r}.",
        "es": "{name} debe ser un número entero entre {minimum} y {maximum}, no {value!r}.",
    },
    "checks.positive": {
        "en": "{name} must be a positive number, not {value!r}.",
        "es": "{name} debe ser un número positivo, no {value!r}.",
    },
    "checks.fraction": {
        "en": "{name} must be at least 0 and less than 1 (write 0.5, with a decimal point), not {value!r}.",
        "es": "{name} debe ser al menos 0 y menor que 1 (escribe 0.5, con punto decimal), no {value!r}.",
    },
    "checks.one_of": {
        "en": "{name} must be one of {known}, not {value!r}.",
        "es": "{name} debe ser uno de estos valores: {known}; no {value!r}.",
    },
    "checks.same_length": {
        "en": "{first} and {second} must have the same length: {first_count} and {second_count}.",
        "es": "{first} y {second} deben tener la misma longitud: {first_count} y {second_count}.",
    },
    "checks.callable": {
        "en": "{name} must be a function, not {value!r}.",
        "es": "{name} debe ser una función, no {value!r}.",
    },
    "checks.path": {
        "en": "{name} must be a file or folder path (a str or pathlib.Path), not {value!r}.",
        "es": "{name} debe ser la ruta de un archivo o una carpeta (un str o un pathlib.Path), no {value!r}.",
    },
}
