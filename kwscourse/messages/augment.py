"""Messages of the ``augment`` domain, in English and Spanish."""

MESSAGES = {
    "augment.bad_rt60": {
        "en": "The reverberation time must be more than 0 and at most 3 seconds, not {value!r}.",
        "es": "El tiempo de reverberación debe ser mayor que 0 y de 3 segundos como mucho, no {value!r}.",
    },
    "augment.bad_speed": {
        "en": "The speed factor must lie between 0.5 and 2, not {value!r}.",
        "es": "El factor de velocidad debe estar entre 0.5 y 2, no {value!r}.",
    },
}
