"""Messages of the ``synth`` domain, in English and Spanish."""

MESSAGES = {
    "synth.stand_in": {
        "en": "STAND-IN DATA: {count} synthetic keyword clips spoken by the eSpeak NG speech synthesiser, not the real Speech Commands recordings. Results on them say nothing about real speech.",
        "es": "DATOS SUSTITUTOS: {count} clips sintéticos de palabras clave dichos por el sintetizador de voz eSpeak NG, no las grabaciones reales de Speech Commands. Los resultados con ellos no dicen nada sobre el habla real.",
    },
    "synth.events_stand_in": {
        "en": "STAND-IN DATA: {count} synthetic 5-second clips (alarm beeps, water drips, a flush-like noise swell, cry-like harmonic bursts) made by kwscourse, not the real ESC-50 recordings. Results on them say nothing about real sounds.",
        "es": "DATOS SUSTITUTOS: {count} clips sintéticos de 5 segundos (pitidos de alarma, gotas de agua, un ruido que crece y se apaga como una cisterna, ráfagas armónicas parecidas a un llanto) hechos por kwscourse, no las grabaciones reales de ESC-50. Los resultados con ellos no dicen nada sobre sonidos reales.",
    },
    "synth.events_progress": {
        "en": "Making synthetic sound events",
        "es": "Creando sonidos sintéticos",
    },
    "synth.progress": {
        "en": "Synthesising keywords",
        "es": "Sintetizando palabras clave",
    },
    "synth.no_engine": {
        "en": "The speech synthesiser could not start ({detail}). Install it with: pip install espeakng-loader",
        "es": "No se pudo iniciar el sintetizador de voz ({detail}). Instálalo con: pip install espeakng-loader",
    },
    "synth.bad_word": {
        "en": "Keywords must be non-empty words of letters, not {word!r}.",
        "es": "Las palabras clave deben ser palabras no vacías hechas de letras, no {word!r}.",
    },
    "synth.bad_language": {
        "en": "The synthesiser speaks {known}, not {language!r}.",
        "es": "El sintetizador habla {known}, no {language!r}.",
    },
    "synth.bad_count": {
        "en": "The number of clips per word must be a whole number of at least 1, not {count!r}.",
        "es": "El número de clips por palabra debe ser un entero de al menos 1, no {count!r}.",
    },
}
