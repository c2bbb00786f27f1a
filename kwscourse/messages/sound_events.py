"""Messages of the ``sound_events`` domain, in English and Spanish."""

MESSAGES = {
    "sound_events.stand_in": {
        "en": "STAND-IN DATA: {count} synthetic 5-second clips (alarm beeps, water drips, a flush-like noise swell, cry-like harmonic bursts) made by kwscourse, not the real ESC-50 recordings. Results on them say nothing about real sounds.",
        "es": "DATOS SUSTITUTOS: {count} clips sintéticos de 5 segundos (pitidos de alarma, gotas de agua, un ruido que crece y se apaga como una cisterna, ráfagas armónicas parecidas a un llanto) hechos por kwscourse, no las grabaciones reales de ESC-50. Los resultados con ellos no dicen nada sobre sonidos reales.",
    },
    "sound_events.progress": {
        "en": "Making synthetic sound events",
        "es": "Creando sonidos sintéticos",
    },
}
