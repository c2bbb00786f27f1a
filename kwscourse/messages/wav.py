"""Messages of the ``wav`` domain (decoding a WAV file's header), in English and Spanish."""

MESSAGES = {
    "wav.not_found": {
        "en": "No WAV file to decode at {source}: the file does not exist.",
        "es": "No hay ningún archivo WAV que descodificar en {source}: el archivo no existe.",
    },
    "wav.not_wav": {
        "en": "{source} is not a WAV file: it lacks the RIFF/WAVE header or its fmt and data chunks.",
        "es": "{source} no es un archivo WAV: le falta la cabecera RIFF/WAVE o sus bloques fmt y data.",
    },
}
