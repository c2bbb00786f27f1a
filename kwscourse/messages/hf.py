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
        "en": "(scores from a stand-in model of smoke mode, not from the real model)",
        "es": "(puntuaciones de un modelo sustituto del modo smoke, no del modelo real)",
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
    "hf.eval_progress": {
        "en": "epoch {epoch:.0f}/{epochs}: held-out loss {loss:.3f}, held-out accuracy {accuracy:.3f}",
        "es": "época {epoch:.0f}/{epochs}: pérdida en los clips apartados {loss:.3f}, exactitud en los clips apartados {accuracy:.3f}",
    },
    "hf.rate_needed": {
        "en": "An array of samples needs its sample rate: classify(array, sample_rate=44100, ...).",
        "es": "Un array de muestras necesita su frecuencia de muestreo: classify(array, sample_rate=44100, ...).",
    },
    "hf.nothing_recorded": {
        "en": "This recording is empty: nothing has been recorded yet. Press Record first, then classify it.",
        "es": "Esta grabación está vacía: todavía no se ha grabado nada. Pulsa Grabar primero y después clasifícala.",
    },
    "hf.checkpoint": {
        "en": "Pre-trained checkpoint: {model} ({weights} weights), from the Hugging Face Hub.",
        "es": "Modelo preentrenado: {model} ({weights} pesos), del Hub de Hugging Face.",
    },
    "hf.checkpoint_stand_in": {
        "en": "STAND-IN CHECKPOINT: smoke mode replaces the pre-trained {model} with a tiny HuBERT of the same class ({weights} weights) whose weights are random: it has learnt nothing, so fine-tuning it shows the steps, not what pre-training gives.",
        "es": "MODELO PREENTRENADO SUSTITUTO: el modo smoke cambia el modelo preentrenado {model} por un HuBERT diminuto de la misma clase ({weights} pesos) con pesos al azar: no ha aprendido nada, así que su ajuste fino muestra los pasos, no lo que aporta el preentrenamiento.",
    },
    "hf.new_head": {
        "en": "New classification head, as fine-tuning expects: {count} weight tensor(s) were not in the checkpoint and start at random ({weights}); training sets them for the {labels} labels. The other {kept} tensors come from the checkpoint.",
        "es": "Cabeza de clasificación nueva, como se espera en un ajuste fino: {count} tensor(es) de pesos no estaban en el modelo preentrenado y empiezan al azar ({weights}); el entrenamiento los ajusta a las {labels} etiquetas. Los otros {kept} tensores vienen del modelo preentrenado.",
    },
    "hf.finetune_result": {
        "en": "Held-out accuracy: {accuracy:.2f} on {count} clips (chance: {chance:.2f}).",
        "es": "Exactitud en los clips apartados: {accuracy:.2f} con {count} clips (azar: {chance:.2f}).",
    },
    "hf.finetune_result_stand_in": {
        "en": "STAND-IN RESULT: this is the tiny random stand-in, fine-tuned on synthetic words; it says nothing about what distilhubert would reach.",
        "es": "RESULTADO DE UN SUSTITUTO: es el sustituto diminuto y al azar, ajustado con palabras sintéticas; no dice nada de lo que lograría distilhubert.",
    },
    "hf.column_label": {"en": "label", "es": "etiqueta"},
    "hf.column_score": {"en": "score", "es": "puntuación"},
}
