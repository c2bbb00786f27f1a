"""Messages of the ``embedding`` domain, in English and Spanish."""

MESSAGES = {
    "embedding.missing": {
        "en": "The speech embedding's model files are not in {path}, and downloading is off.",
        "es": "Los archivos del modelo de embeddings de voz no están en {path} y la descarga está desactivada.",
    },
    "embedding.unavailable": {
        "en": "The speech embedding is not available: pyopen-wakeword is not installed (it has no wheel for this system) and the download into {path} failed ({reason}). Install pyopen-wakeword, or connect to the internet once.",
        "es": "El embedding de voz no está disponible: pyopen-wakeword no está instalado (no tiene paquete para este sistema) y la descarga en {path} falló ({reason}). Instala pyopen-wakeword o conéctate a internet una vez.",
    },
    "embedding.unexpected_graph": {
        "en": "{name} is not the speech embedding graph the Keras rebuild knows: its operators are {found}.",
        "es": "{name} no es el grafo del embedding de voz que conoce la versión en Keras: sus operadores son {found}.",
    },
    "embedding.head_input": {
        "en": "The head takes inputs of shape {shape}, but the clip embedder gives [{windows}, {size}] embeddings per clip.",
        "es": "La cabeza recibe entradas de forma {shape}, pero el extractor de clips da embeddings de [{windows}, {size}] por clip.",
    },
}
