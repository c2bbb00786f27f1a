"""Messages of the ``yamnet`` domain, in English and Spanish."""

MESSAGES = {
    "yamnet.no_model_file": {
        "en": "The YAMNet model file {path} does not exist.",
        "es": "El archivo de modelo de YAMNet {path} no existe.",
    },
    "yamnet.model_file_is_tflite": {
        "en": "{path} is a single model file, which only the tflite backend reads; use backend='tflite' (or 'auto').",
        "es": "{path} es un único archivo de modelo, y solo lo lee el motor tflite; usa backend='tflite' (o 'auto').",
    },
    "yamnet.bad_tflite": {
        "en": "{path} is not YAMNet's classification model: its input has shape {shape}, not [15600], or it does not give 521 scores.",
        "es": "{path} no es el modelo de clasificación de YAMNet: su entrada tiene forma {shape} y no [15600], o no da 521 puntuaciones.",
    },
    "yamnet.no_class_map": {
        "en": "No YAMNet class map at {path}: pass class_map=, or let the course download it (outside smoke mode).",
        "es": "No hay mapa de clases de YAMNet en {path}: pasa class_map= o deja que el curso lo descargue (fuera del modo smoke).",
    },
    "yamnet.bad_class_map": {
        "en": "{path} is not a YAMNet class map: expected 521 rows with the columns index, mid, display_name.",
        "es": "{path} no es un mapa de clases de YAMNet: se esperaban 521 filas con las columnas index, mid, display_name.",
    },
    "yamnet.picked": {
        "en": "YAMNet backend: {backend} ({source})",
        "es": "Motor de YAMNet: {backend} ({source})",
    },
    "yamnet.one_backend": {
        "en": "Only the {backend} backend is available here; with both in the cache, this cell compares them.",
        "es": "Aquí solo está disponible el motor {backend}; con los dos en la caché, esta celda los compara.",
    },
    "yamnet.stand_in": {
        "en": "STAND-IN MODEL: no YAMNet weights could be found or downloaded, so an UNTRAINED network with YAMNet's inputs and outputs is used ({path}). Its scores and class names mean nothing; it only lets the lesson run.",
        "es": "MODELO SUSTITUTO: no se han encontrado ni descargado los pesos de YAMNet, así que se usa una red SIN ENTRENAR con las entradas y salidas de YAMNet ({path}). Sus puntuaciones y nombres de clase no significan nada; solo permiten ejecutar la lección.",
    },
    "yamnet.unavailable": {
        "en": "No YAMNet model could be loaded or downloaded ({detail}). Connect to the internet once, or pass model_file= (CLI: --model-file) pointing at a YAMNet TFLite file.",
        "es": "No se pudo cargar ni descargar ningún modelo de YAMNet ({detail}). Conéctate a internet una vez, o indica model_file= (en la línea de órdenes, --model-file) con un archivo TFLite de YAMNet.",
    },
    "yamnet.corrupt_tflite": {
        "en": "The TFLite interpreter cannot read {path} ({detail}): the file is damaged or is not a TFLite model.",
        "es": "El intérprete de TFLite no puede leer {path} ({detail}): el archivo está dañado o no es un modelo TFLite.",
    },
    "yamnet.corrupt_savedmodel": {
        "en": "TensorFlow cannot load the SavedModel in {path} ({detail}): the folder is damaged or incomplete.",
        "es": "TensorFlow no puede cargar el SavedModel de {path} ({detail}): la carpeta está dañada o incompleta.",
    },
    "yamnet.no_saved_model_pb": {
        "en": "The archive from {source} has no saved_model.pb (neither at its root nor in a single folder): it is not a TensorFlow SavedModel.",
        "es": "El archivo descargado de {source} no contiene saved_model.pb (ni en la raíz ni dentro de una única carpeta): no es un SavedModel de TensorFlow.",
    },
    "yamnet.download_failed": {
        "en": "None of the {count} download addresses for YAMNet's {what} model gave a usable file: {tried}",
        "es": "Ninguna de las {count} direcciones de descarga del modelo {what} de YAMNet dio un archivo válido: {tried}",
    },
    "yamnet.cache_bad": {
        "en": "The cached copy {path} is unusable ({detail}); it was removed and is being downloaded again.",
        "es": "La copia de la caché {path} no sirve ({detail}); se ha borrado y se vuelve a descargar.",
    },
    "yamnet.too_few_samples": {
        "en": "YAMNet's front end needs at least {minimum} samples (one 25 ms window at 16 kHz); this waveform has {size}.",
        "es": "El preprocesado de YAMNet necesita al menos {minimum} muestras (una ventana de 25 ms a 16 kHz); esta forma de onda tiene {size}.",
    },
    "yamnet.too_few_frames": {
        "en": "A YAMNet patch needs at least {minimum} log-mel frames (0.96 s); this log-mel has {count}.",
        "es": "Un parche de YAMNet necesita al menos {minimum} tramas log-mel (0.96 s); este log-mel tiene {count}.",
    },
}
