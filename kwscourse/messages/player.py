"""Messages of the ``player`` domain (the audio player widget), in English and Spanish."""

MESSAGES = {
    "player.scaled": {
        "en": "The audio peaks at {peak:.2f}, beyond [-1, 1]; it was scaled down to play without distortion.",
        "es": "El audio llega a {peak:.2f}, fuera de [-1, 1]; se ha reducido para que suene sin distorsión.",
    },
    "player.rate_needed": {
        "en": "Player needs the sample rate of an array of samples: Player(y, sample_rate=16000). A file needs none: its rate is read from the file.",
        "es": "Player necesita la frecuencia de muestreo de un array de muestras: Player(y, sample_rate=16000). Un archivo no la necesita: su frecuencia se lee del propio archivo.",
    },
    "player.caption": {"en": "{seconds:.2f} s at {rate} Hz", "es": "{seconds:.2f} s a {rate} Hz"},
}
