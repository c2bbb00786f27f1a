"""Messages of the ``synth`` domain, in English and Spanish."""

MESSAGES = {
    "synth.stand_in": {
        "en": "STAND-IN DATA: {count} synthetic keyword clips spoken by speech synthesisers ({engines}), not the real Speech Commands recordings. Results on them say nothing about real speech.",
        "es": "DATOS SUSTITUTOS: {count} clips sintéticos de palabras clave dichos por sintetizadores de voz ({engines}), no las grabaciones reales de Speech Commands. Los resultados con ellos no dicen nada sobre el habla real.",
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
    "synth.no_voices": {
        "en": "The engines {engines} have no voice for the language {language!r}. Only eSpeak NG speaks Spanish.",
        "es": "Los motores {engines} no tienen ninguna voz para el idioma {language!r}. Solo eSpeak NG habla español.",
    },
    "synth.unknown_voice": {
        "en": "There is no voice {voice!r}. Try one of {known}, with an optional variant after '+' (for example en-us+f3).",
        "es": "No hay ninguna voz {voice!r}. Prueba una de estas: {known}, con una variante opcional tras '+' (por ejemplo en-us+f3).",
    },
}
