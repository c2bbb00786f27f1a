"""Messages of the ``hf`` domain, in English and Spanish."""

MESSAGES = {
    "hf.task_or_model": {
        "en": "Give either a task (genre, emotion or accent) or a model (a Hub id or a folder), not both or neither.",
        "es": "Indica o bien una tarea (genre, emotion o accent) o bien un modelo (un id del Hub o una carpeta), no las dos cosas ni ninguna.",
    },
    "hf.stand_in": {
        "en": "STAND-IN MODEL: smoke mode replaces {model} with a tiny UNTRAINED model that has the same labels. Its scores mean nothing; they only let the lesson run.",
        "es": "MODELO SUSTITUTO: el modo smoke cambia {model} por un modelo diminuto SIN ENTRENAR con las mismas etiquetas. Sus puntuaciones no significan nada; solo permiten ejecutar la lección.",
    },
    "hf.loaded": {
        "en": "Model: {model} (windows of {window_s:g} s)",
        "es": "Modelo: {model} (ventanas de {window_s:g} s)",
    },
    "hf.stand_in_result": {
        "en": "(scores from an untrained stand-in, not from the real model)",
        "es": "(puntuaciones de un sustituto sin entrenar, no del modelo real)",
    },
    "hf.new_weights": {
        "en": "NEWLY INITIALISED WEIGHTS: {count} weight tensor(s) of this model were not in its saved checkpoint, so they were set at random when it was loaded ({weights}). This is usually the classification head: until it is trained, the scores are not to be trusted.",
        "es": "PESOS INICIALIZADOS AL AZAR: {count} tensor(es) de pesos de este modelo no estaban en el modelo guardado, así que se inicializaron al azar al cargarlo ({weights}). Suele ser la cabeza de clasificación: hasta que se entrene, las puntuaciones no son fiables.",
    },
    "hf.new_weights_result": {
        "en": "(scores from a model with weights set at random when it was loaded: not to be trusted)",
        "es": "(puntuaciones de un modelo con pesos inicializados al azar al cargarlo: no son fiables)",
    },
    "hf.unavailable": {
        "en": "Could not load the model {model} ({detail}). Offline, a Hub model must already be in the cache; connect to the internet once, or give the path of a saved model folder.",
        "es": "No se pudo cargar el modelo {model} ({detail}). Sin conexión, un modelo del Hub tiene que estar ya en la caché; conéctate a internet una vez, o indica la ruta de una carpeta con un modelo guardado.",
    },
    "hf.train_progress": {
        "en": "epoch {epoch:.0f}/{epochs}: training loss {loss:.3f}",
        "es": "época {epoch:.0f}/{epochs}: pérdida de entrenamiento {loss:.3f}",
    },
    "hf.rate_needed": {
        "en": "An array of samples needs its sample rate: classify(array, sample_rate=44100, ...).",
        "es": "Un array de muestras necesita su frecuencia de muestreo: classify(array, sample_rate=44100, ...).",
    },
    "hf.nothing_recorded": {
        "en": "This recording is empty: nothing has been recorded yet. Press Record first, then classify it.",
        "es": "Esta grabación está vacía: todavía no se ha grabado nada. Pulsa Grabar primero y después clasifícala.",
    },
    "hf.column_label": {"en": "label", "es": "etiqueta"},
    "hf.column_score": {"en": "score", "es": "puntuación"},
}
