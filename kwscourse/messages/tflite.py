"""Messages of the ``tflite`` domain (checking TFLite files), in English and Spanish."""

MESSAGES = {
    "tflite.not_tflite": {
        "en": "{source} is not a TFLite model: it has {size} bytes and starts with {start}, but a TFLite file has TFL3 at bytes 4-8. An empty file or a web page usually means the download address has moved.",
        "es": "{source} no es un modelo TFLite: tiene {size} bytes y empieza por {start}, pero un archivo TFLite lleva TFL3 en los bytes 4 a 8. Un archivo vacío o una página web suele indicar que la dirección de descarga ha cambiado.",
    },
    "tflite.truncated": {
        "en": "{source} is cut short: its TFLite model needs {needed} bytes, but the file has only {size}.",
        "es": "{source} está incompleto: su modelo TFLite necesita {needed} bytes, pero el archivo solo tiene {size}.",
    },
}
