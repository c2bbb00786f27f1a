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
        "en": "Expected audio as a 1-D array of samples or a 2-D array with an axis of channels; got an array of shape {shape}.",
        "es": "Se esperaba audio como un array 1-D de muestras o un array 2-D con un eje de canales; llegó un array de forma {shape}.",
    },
    "audio.channels_last": {
        "en": "A 2-D audio array must be [samples, channels], the way soundfile reads a file, with at most {limit} channels; shape {shape} would be {channels} channels of {samples} samples each. For [channels, samples] audio (what audio.load(..., mono=False) returns), pass its transpose: y.T",
        "es": "Un array de audio 2-D debe ser [muestras, canales], como soundfile lee un archivo, con {limit} canales como mucho; la forma {shape} serían {channels} canales de {samples} muestras cada uno. Para audio [canales, muestras] (lo que devuelve audio.load(..., mono=False)), pasa su traspuesta: y.T",
    },
    "audio.bad_dtype": {
        "en": "Audio samples must be numbers (float or integer PCM), not {dtype}.",
        "es": "Las muestras de audio deben ser números (float o PCM entero), no {dtype}.",
    },
    "audio.bad_subtype": {
        "en": "Cannot write WAV as {subtype!r}: choose 'PCM_16' (16-bit integers, format 1) or 'FLOAT' (32-bit float, format 3).",
        "es": "No se puede escribir WAV como {subtype!r}: elige 'PCM_16' (enteros de 16 bits, formato 1) o 'FLOAT' (coma flotante de 32 bits, formato 3).",
    },
    "audio.clipped": {
        "en": "{count} samples were outside [-1, 1] and were clipped while writing 16-bit PCM.",
        "es": "{count} muestras estaban fuera de [-1, 1] y se recortaron al escribir PCM de 16 bits.",
    },
    "audio.bad_source": {
        "en": "Cannot load audio from a {kind}: give a file path, bytes or a file object.",
        "es": "No se puede cargar audio desde un {kind}: indica una ruta de archivo, bytes o un objeto de archivo.",
    },
}
