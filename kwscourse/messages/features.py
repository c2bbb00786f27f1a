"""Messages of the ``features`` domain, in English and Spanish."""

MESSAGES = {
    "features.bad_waveform": {
        "en": "Expected float32 waveforms of shape [samples] or [batch, samples]; got shape {shape} and dtype {dtype}.",
        "es": "Se esperaban formas de onda float32 con forma [muestras] o [lote, muestras]; llegó la forma {shape} con tipo {dtype}.",
    },
    "features.too_short": {
        "en": "The waveform has {samples} samples, fewer than one frame of {frame}.",
        "es": "La forma de onda tiene {samples} muestras, menos que una trama de {frame}.",
    },
}
