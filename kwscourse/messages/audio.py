"""Messages of the ``audio`` domain, in English and Spanish."""

MESSAGES = {
    "audio.not_found": {
        "en": "Audio file not found: {source}",
        "es": "No se encuentra el archivo de audio: {source}",
    },
    "audio.empty_file": {
        "en": "{source} is an empty file (0 bytes): there is no audio in it.",
        "es": "{source} es un archivo vacío (0 bytes): no contiene audio.",
    },
    "audio.empty": {
        "en": "The audio in {source} is empty: it has no samples.",
        "es": "El audio de {source} está vacío: no tiene ninguna muestra.",
    },
    "audio.unreadable": {
        "en": "Cannot read {source} as audio ({detail}). Supported: WAV (8/16/24/32-bit PCM, 32/64-bit float), FLAC, OGG and MP3. Is the file corrupt or not audio at all?",
        "es": "No se puede leer {source} como audio ({detail}). Se admiten WAV (PCM de 8/16/24/32 bits, coma flotante de 32/64 bits), FLAC, OGG y MP3. ¿Está dañado el archivo o no es audio?",
    },
    "audio.not_finite": {
        "en": "The audio in {source} contains NaN or infinite values; clean it before using it.",
        "es": "El audio de {source} contiene valores NaN o infinitos; límpialo antes de usarlo.",
    },
    "audio.too_long": {
        "en": "{source} lasts {seconds:.0f} s, more than the limit of {limit:.0f} s. Cut it first, or pass a larger max_seconds.",
        "es": "{source} dura {seconds:.0f} s, más que el límite de {limit:.0f} s. Recórtalo antes o usa un max_seconds mayor.",
    },
    "audio.bad_rate": {
        "en": "The sample rate must be a positive whole number of hertz, not {rate!r}.",
        "es": "La frecuencia de muestreo debe ser un número entero positivo de hercios, no {rate!r}.",
    },
    "audio.bad_shape": {
        "en": "Expected audio as a 1-D array (samples) or a 2-D array (channels, samples); got shape {shape}.",
        "es": "Se esperaba audio como un array 1-D (muestras) o 2-D (canales, muestras); llegó la forma {shape}.",
    },
    "audio.bad_dtype": {
        "en": "Audio samples must be numbers (float or integer PCM), not {dtype}.",
        "es": "Las muestras de audio deben ser números (float o PCM entero), no {dtype}.",
    },
    "audio.bad_length": {
        "en": "The target length must be a positive number of samples, not {length!r}.",
        "es": "La longitud deseada debe ser un número positivo de muestras, no {length!r}.",
    },
    "audio.bad_subtype": {
        "en": "Cannot write WAV as {subtype!r}: choose 'PCM_16' (16-bit integers, format 1) or 'FLOAT' (32-bit float, format 3).",
        "es": "No se puede escribir WAV como {subtype!r}: elige 'PCM_16' (enteros de 16 bits, formato 1) o 'FLOAT' (coma flotante de 32 bits, formato 3).",
    },
    "audio.clipped": {
        "en": "{count} samples were outside [-1, 1] and were clipped while writing 16-bit PCM.",
        "es": "{count} muestras estaban fuera de [-1, 1] y se recortaron al escribir PCM de 16 bits.",
    },
    "audio.not_wav": {
        "en": "{source} is not a WAV file: it lacks the RIFF/WAVE header or its fmt and data chunks.",
        "es": "{source} no es un archivo WAV: le falta la cabecera RIFF/WAVE o sus bloques fmt y data.",
    },
    "audio.bad_source": {
        "en": "Cannot load audio from a {kind}: give a file path, bytes or a file object.",
        "es": "No se puede cargar audio desde un {kind}: indica una ruta de archivo, bytes o un objeto de archivo.",
    },
    "audio.unreadable_files": {
        "en": "{count} of {total} audio files could not be read; fix or remove them and run again:\n{details}",
        "es": "No se pudieron leer {count} de {total} archivos de audio; corrígelos o quítalos y vuelve a ejecutarlo:\n{details}",
    },
}
