"""Messages of the ``widgets`` domain, in English and Spanish."""

MESSAGES = {
    "widgets.record": {"en": "Record", "es": "Grabar"},
    "widgets.stop": {"en": "Stop", "es": "Parar"},
    "widgets.idle": {"en": "Press Record and speak.", "es": "Pulsa Grabar y habla."},
    "widgets.recording": {"en": "Recording...", "es": "Grabando..."},
    "widgets.done": {"en": "Recorded. The waveform is ready in Python.", "es": "Grabado. La forma de onda ya está lista en Python."},
    "widgets.denied": {
        "en": "The microphone was refused. Allow it in the browser's address bar (the microphone or lock icon) and press Record again, or upload a file instead.",
        "es": "Se ha denegado el micrófono. Permítelo en la barra de direcciones del navegador (el icono del micrófono o del candado) y vuelve a pulsar Grabar, o sube un archivo.",
    },
    "widgets.absent": {
        "en": "No microphone was found. Plug one in and press Record again, or upload a file instead.",
        "es": "No se ha encontrado ningún micrófono. Conecta uno y vuelve a pulsar Grabar, o sube un archivo.",
    },
    "widgets.unsupported": {
        "en": "This browser page cannot use a microphone (it needs https or localhost). Upload a file instead.",
        "es": "Esta página del navegador no puede usar un micrófono (necesita https o localhost). Sube un archivo.",
    },
    "widgets.error": {
        "en": "The microphone could not be started. Try again, or upload a file instead.",
        "es": "No se pudo poner en marcha el micrófono. Inténtalo de nuevo o sube un archivo.",
    },
    "widgets.latency": {"en": "time per window", "es": "tiempo por ventana"},
    "widgets.nothing_recorded": {
        "en": "Nothing has been recorded yet: press Record first.",
        "es": "Todavía no se ha grabado nada: pulsa Grabar primero.",
    },
    "widgets.upload": {"en": "Audio file", "es": "Archivo de audio"},
    "widgets.take_recorded": {
        "en": "Your recording: {seconds:.1f} s.",
        "es": "Tu grabación: {seconds:.1f} s.",
    },
    "widgets.take_stand_in": {
        "en": "Nothing was recorded (no microphone, or Record not pressed), so a STAND-IN is used: {name}.",
        "es": "No se ha grabado nada (no hay micrófono o no se pulsó Grabar), así que se usa un SUSTITUTO: {name}.",
    },
}
