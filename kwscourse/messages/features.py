"""Messages of the ``features`` domain, in English and Spanish."""

MESSAGES = {
    "features.bad_waveform": {
        "en": "Expected float32 waveforms of shape [samples] or [batch, samples]; got shape {shape} and dtype {dtype}.",
        "es": "Se esperaban formas de onda float32 con forma [muestras] o [lote, muestras]; llegó la forma {shape} con tipo {dtype}.",
    },
    "features.undecodable": {
        "en": "TensorFlow cannot decode {source} ({detail}); lesson 1's data sets read 16-bit PCM WAV files only, so it was left out.",
        "es": "TensorFlow no puede decodificar {source} ({detail}); los conjuntos de datos de la lección 1 solo leen archivos WAV PCM de 16 bits, así que se ha dejado fuera.",
    },
    "features.too_short": {
        "en": "The waveform has {samples} samples, fewer than one frame of {frame}.",
        "es": "La forma de onda tiene {samples} muestras, menos que una trama de {frame}.",
    },
}
