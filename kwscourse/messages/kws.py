"""Messages of the ``kws`` domain, in English and Spanish."""

MESSAGES = {
    "kws.same_split": {
        "en": "Test accuracy on the same split: the lesson's CNN {cnn:.3f}, the speech-embedding head {head:.3f}",
        "es": "Exactitud de prueba con la misma división de datos: la CNN de la lección {cnn:.3f}, la cabeza sobre el embedding de voz {head:.3f}",
    },
    "kws.source_synthetic": {"en": "synthetic only", "es": "solo sintética"},
    "kws.source_real": {"en": "the lesson's training clips only", "es": "solo los clips de entrenamiento de la lección"},
    "kws.source_both": {"en": "both", "es": "ambas"},
    "kws.test_accuracy": {"en": "test accuracy", "es": "exactitud de prueba"},
    "kws.no_take": {
        "en": "Nothing was recorded for {word!r}: the synthetic clips stand in for your voice.",
        "es": "No se ha grabado nada para {word!r}: los clips sintéticos sustituyen a tu voz.",
    },
    "kws.stand_in_take": {
        "en": "A STAND-IN for your voice: {word!r} spoken by the synthesiser ({voice}), a take it never trained on.",
        "es": "Un SUSTITUTO de tu voz: {word!r} dicho por el sintetizador ({voice}), una toma con la que no se entrenó.",
    },
}
