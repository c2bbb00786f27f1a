"""Every user-facing message of the course, in English and Spanish.

Messages are looked up by key and formatted with ``str.format`` fields. Errors
raised by the package are :class:`CourseError` subclasses whose text is rendered
in the language that is active when they are raised::

    >>> from kwscourse.i18n import t
    >>> t("audio.empty", source="a.wav", lang="es")
    'El audio de a.wav está vacío: no tiene ninguna muestra.'
"""

from __future__ import annotations

import string

# One entry per message: {"en": ..., "es": ...}. Keep the sections in order;
# tests check that every message has both languages and the same fields.
MESSAGES: dict[str, dict[str, str]] = {
    # --- settings --------------------------------------------------------
    "settings.describe": {
        "en": "kwscourse settings: language={language}, data folder={data_dir}, mode={mode}",
        "es": "Configuración de kwscourse: idioma={language}, carpeta de datos={data_dir}, modo={mode}",
    },
    "settings.smoke_on": {
        "en": "SMOKE (small synthetic stand-in data, few epochs)",
        "es": "SMOKE (datos sintéticos sustitutos, pocas épocas)",
    },
    "settings.smoke_off": {
        "en": "full (real data)",
        "es": "completo (datos reales)",
    },
    # --- audio -----------------------------------------------------------
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
    # --- data: downloads and data sets ------------------------------------
    "data.downloading": {
        "en": "Downloading {name}",
        "es": "Descargando {name}",
    },
    "data.cached": {
        "en": "Using the cached copy of {name} in {path}",
        "es": "Se usa la copia guardada de {name} en {path}",
    },
    "data.network": {
        "en": "Could not download {url}: {detail}. Check your internet connection (or a proxy), then run the cell again; nothing was saved in the cache.",
        "es": "No se pudo descargar {url}: {detail}. Revisa la conexión a internet (o el proxy) y vuelve a ejecutar la celda; no se ha guardado nada en la caché.",
    },
    "data.http_status": {
        "en": "The server answered {status} for {url}. Nothing was saved; try again later.",
        "es": "El servidor respondió {status} para {url}. No se ha guardado nada; inténtalo más tarde.",
    },
    "data.size_mismatch": {
        "en": "The download of {url} has {got} bytes, but {expected} were expected: it was interrupted or changed. It was discarded.",
        "es": "La descarga de {url} tiene {got} bytes, pero se esperaban {expected}: se interrumpió o cambió. Se ha descartado.",
    },
    "data.hash_mismatch": {
        "en": "The SHA-256 of {url} is {got}, not the expected {expected}: the file is corrupt or was replaced. It was discarded.",
        "es": "El SHA-256 de {url} es {got} y no el esperado {expected}: el archivo está dañado o se ha sustituido. Se ha descartado.",
    },
    "data.retrying": {
        "en": "Transfer of {url} broke off ({detail}); retrying ({attempt}/{attempts})...",
        "es": "La transferencia de {url} se cortó ({detail}); reintentando ({attempt}/{attempts})...",
    },
    "data.bad_archive": {
        "en": "{path} is not a valid {kind} archive ({detail}). It was removed from the cache; download it again.",
        "es": "{path} no es un archivo {kind} válido ({detail}). Se ha quitado de la caché; descárgalo de nuevo.",
    },
    "data.unsafe_archive": {
        "en": "Refusing to extract {member!r} from {path}: it would land outside {target}.",
        "es": "Se rechaza extraer {member!r} de {path}: quedaría fuera de {target}.",
    },
    "data.unknown_archive": {
        "en": "Do not know how to extract {path}: only .zip, .tar, .tar.gz and .tgz are supported.",
        "es": "No se sabe extraer {path}: solo se admiten .zip, .tar, .tar.gz y .tgz.",
    },
    "data.offline_no_cache": {
        "en": "{name} is not in the cache ({path}) and cannot be downloaded: {detail}. Connect to the internet and run this again, or copy the files to {path}. In the meantime, smoke mode (KWSCOURSE_SMOKE=1) runs the lessons on synthetic stand-in data.",
        "es": "{name} no está en la caché ({path}) y no se puede descargar: {detail}. Conéctate a internet y vuelve a ejecutarlo, o copia los archivos en {path}. Mientras tanto, el modo smoke (KWSCOURSE_SMOKE=1) ejecuta las lecciones con datos sintéticos sustitutos.",
    },
    "data.not_a_word_tree": {
        "en": "{path} has no word folders with WAV files inside. Expected one folder per word, e.g. {path}/yes/*.wav.",
        "es": "{path} no tiene carpetas de palabras con archivos WAV. Se esperaba una carpeta por palabra, p. ej. {path}/yes/*.wav.",
    },
    "data.unknown_dataset": {
        "en": "Unknown data set {name!r}. Known: {known}.",
        "es": "Conjunto de datos desconocido {name!r}. Conocidos: {known}.",
    },
    "data.real_keywords": {
        "en": "Real data: mini Speech Commands recordings from {path}",
        "es": "Datos reales: grabaciones de mini Speech Commands de {path}",
    },
    "data.examples_stand_in": {
        "en": "STAND-IN DATA: the real example clips could not be downloaded, so a synthetic alarm made by kwscourse stands in for them.",
        "es": "DATOS SUSTITUTOS: no se pudieron descargar los clips de ejemplo reales, así que los sustituye una alarma sintética hecha por kwscourse.",
    },
    "data.loaded_split": {
        "en": "{train} training, {val} validation and {test} test batches; classes: {classes}",
        "es": "{train} lotes de entrenamiento, {val} de validación y {test} de prueba; clases: {classes}",
    },
    "data.esc50_bad_classes": {
        "en": "Give at least two different ESC-50 classes, not: {classes}",
        "es": "Indica al menos dos clases distintas de ESC-50, no: {classes}",
    },
    "data.esc50_no_meta": {
        "en": "{path} does not look like the ESC-50 archive: meta/esc50.csv (with filename, fold, target, category, esc10, src_file, take) is missing.",
        "es": "{path} no parece el archivo de ESC-50: falta meta/esc50.csv (con filename, fold, target, category, esc10, src_file, take).",
    },
    "data.esc50_unknown_classes": {
        "en": "ESC-50 has no class {unknown}. Its classes are: {known}",
        "es": "ESC-50 no tiene la clase {unknown}. Sus clases son: {known}",
    },
    "data.esc50_resampling": {
        "en": "Resampling ESC-50 clips to 16 kHz",
        "es": "Remuestreando clips de ESC-50 a 16 kHz",
    },
    "data.esc50_real": {
        "en": "Real data: {count} ESC-50 clips (5 s, resampled to 16 kHz).",
        "es": "Datos reales: {count} clips de ESC-50 (5 s, remuestreados a 16 kHz).",
    },
    # --- synthetic keywords -------------------------------------------------
    "synth.stand_in": {
        "en": "STAND-IN DATA: {count} synthetic keyword clips spoken by the eSpeak NG speech synthesiser, not the real Speech Commands recordings. Results on them say nothing about real speech.",
        "es": "DATOS SUSTITUTOS: {count} clips sintéticos de palabras clave dichos por el sintetizador de voz eSpeak NG, no las grabaciones reales de Speech Commands. Los resultados con ellos no dicen nada sobre el habla real.",
    },
    "synth.events_stand_in": {
        "en": "STAND-IN DATA: {count} synthetic 5-second clips (alarm beeps, water drips, a flush-like noise swell, cry-like harmonic bursts) made by kwscourse, not the real ESC-50 recordings. Results on them say nothing about real sounds.",
        "es": "DATOS SUSTITUTOS: {count} clips sintéticos de 5 segundos (pitidos de alarma, gotas de agua, un ruido que crece y se apaga como una cisterna, ráfagas armónicas parecidas a un llanto) hechos por kwscourse, no las grabaciones reales de ESC-50. Los resultados con ellos no dicen nada sobre sonidos reales.",
    },
    "synth.events_progress": {
        "en": "Making synthetic sound events",
        "es": "Creando sonidos sintéticos",
    },
    "synth.progress": {
        "en": "Synthesising keywords",
        "es": "Sintetizando palabras clave",
    },
    "synth.no_engine": {
        "en": "The speech synthesiser could not start ({detail}). Install it with: pip install espeakng-loader",
        "es": "No se pudo iniciar el sintetizador de voz ({detail}). Instálalo con: pip install espeakng-loader",
    },
    "synth.bad_word": {
        "en": "Keywords must be non-empty words of letters, not {word!r}.",
        "es": "Las palabras clave deben ser palabras no vacías hechas de letras, no {word!r}.",
    },
    "synth.bad_language": {
        "en": "The synthesiser speaks {known}, not {language!r}.",
        "es": "El sintetizador habla {known}, no {language!r}.",
    },
    "augment.bad_rt60": {
        "en": "The reverberation time must be more than 0 and at most 3 seconds, not {value!r}.",
        "es": "El tiempo de reverberación debe ser mayor que 0 y de 3 segundos como mucho, no {value!r}.",
    },
    "augment.bad_speed": {
        "en": "The speed factor must lie between 0.5 and 2, not {value!r}.",
        "es": "El factor de velocidad debe estar entre 0,5 y 2, no {value!r}.",
    },
    "models.embedding_only": {
        "en": "--extra-data and --unknown-silence work with --recipe embedding only.",
        "es": "--extra-data y --unknown-silence solo funcionan con --recipe embedding.",
    },
    "embedding.missing": {
        "en": "The speech embedding's model files are not in {path}, and downloading is off.",
        "es": "Los archivos del modelo de embeddings de voz no están en {path} y la descarga está desactivada.",
    },
    "embedding.unavailable": {
        "en": "The speech embedding is not available: pyopen-wakeword is not installed (it has no wheel for this system) and the download into {path} failed ({reason}). Install pyopen-wakeword, or connect to the internet once.",
        "es": "El embedding de voz no está disponible: pyopen-wakeword no está instalado (no tiene paquete para este sistema) y la descarga en {path} falló ({reason}). Instala pyopen-wakeword o conéctate a internet una vez.",
    },
    "synth.bad_count": {
        "en": "The number of clips per word must be a whole number of at least 1, not {count!r}.",
        "es": "El número de clips por palabra debe ser un entero de al menos 1, no {count!r}.",
    },
    # --- features ---------------------------------------------------------------
    "features.bad_waveform": {
        "en": "Expected float32 waveforms of shape [samples] or [batch, samples]; got shape {shape} and dtype {dtype}.",
        "es": "Se esperaban formas de onda float32 con forma [muestras] o [lote, muestras]; llegó la forma {shape} con tipo {dtype}.",
    },
    "features.too_short": {
        "en": "The waveform has {samples} samples, fewer than one frame of {frame}.",
        "es": "La forma de onda tiene {samples} muestras, menos que una trama de {frame}.",
    },
    # --- models and training ----------------------------------------------------
    "models.bad_classes": {
        "en": "A classifier needs at least 2 classes, got {count}.",
        "es": "Un clasificador necesita al menos 2 clases; hay {count}.",
    },
    "models.not_adapted": {
        "en": "The Normalization layer must be adapted on the training spectrograms before training.",
        "es": "La capa Normalization debe adaptarse con los espectrogramas de entrenamiento antes de entrenar.",
    },
    "models.unknown_recipe": {
        "en": "Unknown training recipe {recipe!r}. Known: {known}.",
        "es": "Receta de entrenamiento desconocida {recipe!r}. Conocidas: {known}.",
    },
    "models.no_model": {
        "en": "{path} does not hold a saved keyword model (expected saved_model.pb and labels.json). Train one with: kwscourse kws train DATA_DIR --out {path}",
        "es": "{path} no contiene un modelo de palabras clave guardado (se esperaban saved_model.pb y labels.json). Entrena uno con: kwscourse kws train DATA_DIR --out {path}",
    },
    "models.class_mismatch": {
        "en": "The data folder has words the model never learnt: {missing}. The model knows: {known}.",
        "es": "La carpeta de datos tiene palabras que el modelo no aprendió: {missing}. El modelo conoce: {known}.",
    },
    "models.reload_identical": {
        "en": "Reloaded model agrees with the original: largest score difference {diff:.2e}.",
        "es": "El modelo recargado coincide con el original: mayor diferencia de puntuación {diff:.2e}.",
    },
    "models.same_as_package": {
        "en": "The notebook's code and the package's agree: largest score difference {diff:.2e}.",
        "es": "El código del cuaderno y el del paquete coinciden: mayor diferencia de puntuación {diff:.2e}.",
    },
    "models.saved": {
        "en": "Saved to {path}",
        "es": "Guardado en {path}",
    },
    # --- yamnet ------------------------------------------------------------------
    "yamnet.unknown_backend": {
        "en": "Unknown YAMNet backend {backend!r}. Choose auto, savedmodel or tflite.",
        "es": "Motor de YAMNet desconocido {backend!r}. Elige auto, savedmodel o tflite.",
    },
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
    "yamnet.not_tflite": {
        "en": "{source} is not a TFLite model: it has {size} bytes and starts with {start}, but a TFLite file has TFL3 at bytes 4-8. An empty file or a web page usually means the download address has moved.",
        "es": "{source} no es un modelo TFLite: tiene {size} bytes y empieza por {start}, pero un archivo TFLite lleva TFL3 en los bytes 4 a 8. Un archivo vacío o una página web suele indicar que la dirección de descarga ha cambiado.",
    },
    "yamnet.truncated_tflite": {
        "en": "{source} is cut short: its TFLite model needs {needed} bytes, but the file has only {size}.",
        "es": "{source} está incompleto: su modelo TFLite necesita {needed} bytes, pero el archivo solo tiene {size}.",
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
    # --- transfer learning (lesson 3) --------------------------------------------------
    "transfer.embedding": {"en": "YAMNet embeddings", "es": "Embeddings de YAMNet"},
    "transfer.class_count": {
        "en": "The head has {outputs} outputs but {classes} class names were given.",
        "es": "La cabeza tiene {outputs} salidas, pero se han dado {classes} nombres de clase.",
    },
    "transfer.no_classifier": {
        "en": "{path} does not hold a saved clip classifier (expected head.keras and classifier.json).",
        "es": "{path} no contiene un clasificador de clips guardado (se esperaban head.keras y classifier.json).",
    },
    "transfer.export_needs_savedmodel": {
        "en": "An end-to-end SavedModel needs YAMNet's SavedModel backend; this classifier uses {backend}. Load YAMNet with backend='savedmodel'.",
        "es": "Un SavedModel de extremo a extremo necesita el motor SavedModel de YAMNet; este clasificador usa {backend}. Carga YAMNet con backend='savedmodel'.",
    },
    # --- Hugging Face (lesson 4) ----------------------------------------------------------
    "hf.task_or_model": {
        "en": "Give either a task (genre, emotion or accent) or a model (a Hub id or a folder), not both or neither.",
        "es": "Indica o bien una tarea (genre, emotion o accent) o bien un modelo (un id del Hub o una carpeta), no las dos cosas ni ninguna.",
    },
    "hf.unknown_task": {
        "en": "Unknown task {task!r}: choose genre, emotion or accent, or give a model.",
        "es": "Tarea desconocida {task!r}: elige genre, emotion o accent, o indica un modelo.",
    },
    "hf.stand_in": {
        "en": "STAND-IN MODEL: smoke mode replaces {model} with a tiny UNTRAINED model that has the same labels. Its scores mean nothing; they only let the lesson run.",
        "es": "MODELO SUSTITUTO: el modo smoke cambia {model} por un modelo diminuto SIN ENTRENAR con las mismas etiquetas. Sus puntuaciones no significan nada; solo permiten ejecutar la lección.",
    },
    "hf.stand_in_result": {
        "en": "(scores from an untrained stand-in, not from the real model)",
        "es": "(puntuaciones de un sustituto sin entrenar, no del modelo real)",
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
    "hf.column_label": {"en": "label", "es": "etiqueta"},
    "hf.column_score": {"en": "score", "es": "puntuación"},
    "hf.bad_top_k": {
        "en": "top_k must be a whole number from 1 to {count} (the model's number of labels), not {top_k!r}.",
        "es": "top_k debe ser un número entero de 1 a {count} (el número de etiquetas del modelo), no {top_k!r}.",
    },
    # --- widgets -------------------------------------------------------------------------
    "widgets.record": {"en": "Record", "es": "Grabar"},
    "widgets.stop": {"en": "Stop", "es": "Parar"},
    "widgets.idle": {"en": "Press Record and speak.", "es": "Pulsa Grabar y habla."},
    "widgets.recording": {"en": "Recording...", "es": "Grabando..."},
    "widgets.done": {"en": "Recorded. The waveform is ready in Python.", "es": "Grabado. La forma de onda ya está lista en Python."},
    "widgets.denied": {
        "en": "The microphone was refused. Allow it in the browser's address bar (the microphone or lock icon) and press Record again, or upload a file instead.",
        "es": "Se ha denegado el micrófono. Permítelo en la barra de direcciones del navegador (el icono del micrófono o del candado) y vuelve a pulsar Grabar, o sube un archivo.",
    },
    "widgets.absent": {
        "en": "No microphone was found. Plug one in and press Record again, or upload a file instead.",
        "es": "No se ha encontrado ningún micrófono. Conecta uno y vuelve a pulsar Grabar, o sube un archivo.",
    },
    "widgets.unsupported": {
        "en": "This browser page cannot use a microphone (it needs https or localhost). Upload a file instead.",
        "es": "Esta página del navegador no puede usar un micrófono (necesita https o localhost). Sube un archivo.",
    },
    "widgets.error": {
        "en": "The microphone could not be started. Try again, or upload a file instead.",
        "es": "No se pudo poner en marcha el micrófono. Inténtalo de nuevo o sube un archivo.",
    },
    "widgets.latency": {"en": "time per window", "es": "tiempo por ventana"},
    "widgets.caption": {"en": "{seconds:.2f} s at {rate} Hz", "es": "{seconds:.2f} s a {rate} Hz"},
    "widgets.scaled": {
        "en": "The audio peaks at {peak:.2f}, beyond [-1, 1]; it was scaled down to play without distortion.",
        "es": "El audio llega a {peak:.2f}, fuera de [-1, 1]; se ha reducido para que suene sin distorsión.",
    },
    "widgets.nothing_recorded": {
        "en": "Nothing has been recorded yet: press Record first.",
        "es": "Todavía no se ha grabado nada: pulsa Grabar primero.",
    },
    "widgets.upload": {"en": "Audio file", "es": "Archivo de audio"},
    "widgets.take_recorded": {
        "en": "Your recording: {seconds:.1f} s.",
        "es": "Tu grabación: {seconds:.1f} s.",
    },
    "widgets.take_stand_in": {
        "en": "Nothing was recorded (no microphone, or Record not pressed), so a STAND-IN is used: {name}.",
        "es": "No se ha grabado nada (no hay micrófono o no se pulsó Grabar), así que se usa un SUSTITUTO: {name}.",
    },
    # --- keras_report: Keras's summary and progress, localised ------------------------------
    "keras_report.layer": {"en": "layer", "es": "capa"},
    "keras_report.kind": {"en": "kind", "es": "tipo"},
    "keras_report.output_shape": {"en": "output shape", "es": "forma de salida"},
    "keras_report.weights": {"en": "weights", "es": "pesos"},
    "keras_report.epoch": {"en": "Epoch {epoch}/{epochs}: {metrics}", "es": "Época {epoch}/{epochs}: {metrics}"},
    "keras_report.accuracy": {"en": "accuracy", "es": "exactitud"},
    "keras_report.loss": {"en": "loss", "es": "pérdida"},
    "keras_report.val_accuracy": {"en": "validation accuracy", "es": "exactitud de validación"},
    "keras_report.val_loss": {"en": "validation loss", "es": "pérdida de validación"},
    "keras_report.total": {"en": "{count:,} weights in all", "es": "{count:,} pesos en total"},
    # --- exercises -----------------------------------------------------------------------
    "exercises.unknown_set": {
        "en": "There is no exercise set {name!r}. Known: {known}.",
        "es": "No existe el conjunto de ejercicios {name!r}. Disponibles: {known}.",
    },
    "exercises.unknown_question": {
        "en": "there is no question with that name here. Questions: {known}.",
        "es": "aquí no hay ninguna pregunta con ese nombre. Preguntas: {known}.",
    },
    "exercises.check_crashed": {
        "en": "the check could not run ({error}). Run the cells above it first.",
        "es": "la comprobación no se pudo ejecutar ({error}). Ejecuta antes las celdas de arriba.",
    },
    "exercises.all_passed": {
        "en": "✅ {question}: {count}/{count} checks pass.",
        "es": "✅ {question}: {count}/{count} comprobaciones superadas.",
    },
    "exercises.some_failed": {
        "en": "❌ {question}: {passed}/{count} checks pass.",
        "es": "❌ {question}: {passed}/{count} comprobaciones superadas.",
    },
    "exercises.case_failed": {
        "en": "Check {number} fails: {hint}",
        "es": "La comprobación {number} falla: {hint}",
    },
    "exercises.case_raised": {
        "en": "Your code stopped with an error: {error}",
        "es": "Tu código se detuvo con un error: {error}",
    },
    "exercises.total": {
        "en": "Points from the visible checks: {score:g} of {possible:g}.",
        "es": "Puntos de las comprobaciones visibles: {score:g} de {possible:g}.",
    },
    "exercises.assign_failed": {
        "en": "otter assign could not build the exercise set {name}:\n{detail}",
        "es": "otter assign no pudo construir el conjunto de ejercicios {name}:\n{detail}",
    },
    # --- grading (instructors) ------------------------------------------------------------
    "grading.no_lesson": {
        "en": "There are no exercises for lesson {lesson}. Exercise sets: {known}.",
        "es": "No hay ejercicios para la lección {lesson}. Conjuntos de ejercicios: {known}.",
    },
    "grading.no_folder": {
        "en": "Submissions folder not found: {path}",
        "es": "No se encuentra la carpeta de entregas: {path}",
    },
    "grading.bad_jobs": {
        "en": "--jobs must be a whole number of at least 1, not {jobs!r}.",
        "es": "--jobs debe ser un número entero mayor o igual que 1, no {jobs!r}.",
    },
    "grading.bad_timeout": {
        "en": "--timeout must be a positive number of seconds, not {timeout!r}.",
        "es": "--timeout debe ser un número positivo de segundos, no {timeout!r}.",
    },
    "grading.progress": {"en": "Grading", "es": "Calificando"},
    "grading.reason_empty": {
        "en": "The file is empty: there is no notebook to grade.",
        "es": "El archivo está vacío: no hay ningún cuaderno que calificar.",
    },
    "grading.reason_not_json": {
        "en": "The file is not a notebook: its content is not valid JSON.",
        "es": "El archivo no es un cuaderno: su contenido no es JSON válido.",
    },
    "grading.reason_not_notebook": {
        "en": "The file is JSON but not a Jupyter notebook (it has no list of cells).",
        "es": "El archivo es JSON, pero no es un cuaderno de Jupyter (no tiene una lista de celdas).",
    },
    "grading.reason_wrong_set": {
        "en": "This is the notebook of the exercise set {found}, not of {expected}.",
        "es": "Este es el cuaderno del conjunto de ejercicios {found}, no el de {expected}.",
    },
    "grading.reason_missing": {
        "en": "Cells of the exercise are missing ({count}): {cells}.",
        "es": "Faltan celdas del ejercicio ({count}): {cells}.",
    },
    "grading.reason_reordered": {
        "en": "The exercise's cells are not in their original order.",
        "es": "Las celdas del ejercicio no están en su orden original.",
    },
    "grading.reason_timeout": {
        "en": "Still running after {limit:g} s, so it was stopped (an endless loop?).",
        "es": "Seguía ejecutándose al cabo de {limit:g} s, así que se detuvo (¿un bucle infinito?).",
    },
    "grading.reason_kernel_died": {
        "en": "The Python kernel died while the notebook ran (os._exit, a crash or lack of memory).",
        "es": "El núcleo de Python murió mientras se ejecutaba el cuaderno (os._exit, un fallo o falta de memoria).",
    },
    "grading.reason_worker_died": {
        "en": "The grading process ended without a result ({detail}).",
        "es": "El proceso de calificación terminó sin resultado ({detail}).",
    },
    "grading.reason_grader_crashed": {
        "en": "The grader could not grade it: {detail}",
        "es": "El corrector no pudo calificarlo: {detail}",
    },
    "grading.reason_otter_refused": {
        "en": "otter refused the notebook: {detail}",
        "es": "otter rechazó el cuaderno: {detail}",
    },
    "grading.reason_cell_errors": {
        "en": "Cells stopped with an error ({count}): {cells}.",
        "es": "Celdas que se detuvieron con un error ({count}): {cells}.",
    },
    "grading.status_ok": {"en": "graded", "es": "calificado"},
    "grading.status_error": {"en": "graded with errors", "es": "calificado con errores"},
    "grading.status_timeout": {"en": "stopped: out of time", "es": "detenido: sin tiempo"},
    "grading.status_malformed": {"en": "malformed notebook", "es": "cuaderno dañado"},
    "grading.feedback_title": {
        "en": "# Feedback · {stem} · {file}",
        "es": "# Corrección · {stem} · {file}",
    },
    "grading.feedback_score": {
        "en": "**Score: {score:g} of {possible:g}** ({status})",
        "es": "**Nota: {score:g} de {possible:g}** ({status})",
    },
    "grading.feedback_not_graded": {
        "en": "- Not graded.",
        "es": "- Sin calificar.",
    },
    "grading.feedback_passed": {
        "en": "- ✅ Check {number} ({kind}) passes.",
        "es": "- ✅ La comprobación {number} ({kind}) se supera.",
    },
    "grading.feedback_failed": {
        "en": "- ❌ Check {number} ({kind}) fails: {hint}",
        "es": "- ❌ La comprobación {number} ({kind}) falla: {hint}",
    },
    "grading.public": {"en": "visible", "es": "visible"},
    "grading.hidden": {"en": "hidden", "es": "oculta"},
    "grading.summary": {
        "en": "Graded {count} notebooks: {statuses}. Grades: {csv}; feedback: {feedback}",
        "es": "Calificados {count} cuadernos: {statuses}. Notas: {csv}; correcciones: {feedback}",
    },
    "exercises.built": {
        "en": "Exercise sets built in {path}: <lang>/student, <lang>/solutions, <lang>/autograder.",
        "es": "Conjuntos de ejercicios construidos en {path}: <lang>/student, <lang>/solutions, <lang>/autograder.",
    },
    "cli.missing_arguments": {
        "en": "the following arguments are required: {names}",
        "es": "faltan estos argumentos obligatorios: {names}",
    },
    "cli.unknown_arguments": {
        "en": "unrecognized arguments: {names}",
        "es": "argumentos desconocidos: {names}",
    },
    "cli.bad_choice": {
        "en": "argument {name}: invalid choice: {value} (choose from {choices})",
        "es": "argumento {name}: opción no válida: {value} (elige entre {choices})",
    },
    "cli.expected_value": {
        "en": "argument {name}: expected one value",
        "es": "argumento {name}: falta su valor",
    },
    "cli.bad_argument": {
        "en": "argument {name}: {message}",
        "es": "argumento {name}: {message}",
    },
    "cli.bad_whole": {
        "en": "must be a whole number of at least 1: {value}",
        "es": "debe ser un número entero mayor o igual que 1: {value}",
    },
    "cli.bad_positive": {
        "en": "must be a positive number: {value}",
        "es": "debe ser un número positivo: {value}",
    },
    "transfer.serving_tflite": {
        "en": "YAMNet runs here on the {backend} backend, which cannot be wrapped into a TensorFlow SavedModel. The ClipClassifier object (YAMNet + head + class names) is the serving path; with the SavedModel backend, classifier.export_savedmodel(folder) writes one model from waveform to class.",
        "es": "Aquí YAMNet funciona con el motor {backend}, que no se puede envolver en un SavedModel de TensorFlow. El objeto ClipClassifier (YAMNet + cabeza + nombres de clase) es la vía para servirlo; con el motor SavedModel, classifier.export_savedmodel(carpeta) escribe un único modelo de forma de onda a clase.",
    },
    # --- plots -------------------------------------------------------------------
    "plots.recipe_embedding": {"en": "speech embedding + head", "es": "embedding de voz + cabeza"},
    "plots.recipe_tutorial": {"en": "the lesson's CNN", "es": "la CNN de la lección"},
    "plots.clips_per_word": {"en": "Training clips per word", "es": "Clips de entrenamiento por palabra"},
    "plots.learning_curve": {"en": "Learning curve", "es": "Curva de aprendizaje"},
    "kws.same_split": {
        "en": "Test accuracy on the same split: the lesson's CNN {cnn:.3f}, the speech-embedding head {head:.3f}",
        "es": "Exactitud de prueba con la misma división de datos: la CNN de la lección {cnn:.3f}, la cabeza sobre el embedding de voz {head:.3f}",
    },
    "kws.source_synthetic": {"en": "synthetic only", "es": "solo sintética"},
    "kws.source_real": {"en": "the lesson's training clips only", "es": "solo los clips de entrenamiento de la lección"},
    "kws.source_both": {"en": "both", "es": "ambas"},
    "kws.test_accuracy": {"en": "test accuracy", "es": "exactitud de prueba"},
    "kws.no_take": {
        "en": "Nothing was recorded for {word!r}: the synthetic clips stand in for your voice.",
        "es": "No se ha grabado nada para {word!r}: los clips sintéticos sustituyen a tu voz.",
    },
    "kws.stand_in_take": {
        "en": "A STAND-IN for your voice: {word!r} spoken by the synthesiser ({voice}), a take it never trained on.",
        "es": "Un SUSTITUTO de tu voz: {word!r} dicho por el sintetizador ({voice}), una toma con la que no se entrenó.",
    },
    "plots.waveforms": {"en": "Waveforms", "es": "Formas de onda"},
    "plots.time_s": {"en": "Time (s)", "es": "Tiempo (s)"},
    "plots.amplitude": {"en": "Amplitude", "es": "Amplitud"},
    "plots.frame": {"en": "Time (frames)", "es": "Tiempo (tramas)"},
    "plots.frequency_bin": {"en": "Frequency bin", "es": "Banda de frecuencia"},
    "plots.mel_band": {"en": "Mel band", "es": "Banda mel"},
    "plots.log_mel": {"en": "Log-mel spectrogram", "es": "Espectrograma log-mel"},
    "plots.spectrogram": {"en": "Spectrogram (log scale)", "es": "Espectrograma (escala logarítmica)"},
    "plots.waveform": {"en": "Waveform", "es": "Forma de onda"},
    "plots.chroma": {"en": "Chroma", "es": "Croma"},
    "plots.loss": {"en": "Loss", "es": "Pérdida"},
    "plots.accuracy": {"en": "Accuracy", "es": "Exactitud"},
    "plots.epoch": {"en": "Epoch", "es": "Época"},
    "plots.train": {"en": "training", "es": "entrenamiento"},
    "plots.validation": {"en": "validation", "es": "validación"},
    "plots.confusion": {"en": "Confusion matrix", "es": "Matriz de confusión"},
    "plots.true_label": {"en": "True label", "es": "Etiqueta real"},
    "plots.predicted_label": {"en": "Predicted label", "es": "Etiqueta predicha"},
    "plots.scores": {"en": "Scores for {name}", "es": "Puntuaciones de {name}"},
    "plots.probability": {"en": "Probability (softmax)", "es": "Probabilidad (softmax)"},
    "plots.class_scores": {"en": "Class scores over time", "es": "Puntuaciones de las clases en el tiempo"},
    "plots.frame_probabilities": {"en": "Probability of each class, frame by frame",
                                  "es": "Probabilidad de cada clase, trama a trama"},
    "plots.score": {"en": "Score", "es": "Puntuación"},
    "plots.top_labels": {"en": "Top labels", "es": "Etiquetas principales"},
    "plots.stand_in_suffix": {"en": " [synthetic stand-in]", "es": " [sustituto sintético]"},
    # --- command line -----------------------------------------------------------
    "cli.description": {
        "en": "kwscourse: data, training and inference for the audio-classification course.",
        "es": "kwscourse: datos, entrenamiento e inferencia para el curso de clasificación de audio.",
    },
    "cli.error": {"en": "error: {message}", "es": "error: {message}"},
    "cli.wrote": {"en": "Wrote {count} clips to {path}", "es": "Se escribieron {count} clips en {path}"},
    "cli.fetched": {"en": "{name} is ready in {path}", "es": "{name} está listo en {path}"},
    "cli.trained": {
        "en": "Trained on {path}: validation accuracy {accuracy:.3f}; model saved to {out}",
        "es": "Entrenado con {path}: exactitud de validación {accuracy:.3f}; modelo guardado en {out}",
    },
    "cli.files_failed": {
        "en": "Files that could not be read: {count} (see above); all the others were processed.",
        "es": "Archivos que no se pudieron leer: {count} (ver arriba); todos los demás se procesaron.",
    },
    # --- notebooks ---------------------------------------------------------------
    "notebook.colab_setup": {
        "en": "Running in Colab: installing the course package...",
        "es": "Ejecutando en Colab: instalando el paquete del curso...",
    },
}


class CourseError(Exception):
    """An error whose message comes from the catalogue, in the current language.

    >>> str(CourseError("audio.empty", source="x.wav")).startswith("The audio")
    True
    """

    def __init__(self, key: str, **fields):
        self.key = key
        self.fields = fields
        super().__init__(t(key, **fields))


class AudioError(CourseError, ValueError):
    """Bad or unreadable audio.

    >>> isinstance(AudioError('audio.empty', source='x'), ValueError)
    True
    """


class DataError(CourseError, OSError):
    """A download, archive or data-set folder problem.

    >>> isinstance(DataError('data.unknown_dataset', name='x', known='y'), OSError)
    True
    """


class ModelError(CourseError, ValueError):
    """A model that is missing, mismatched or misused.

    >>> ModelError('models.bad_classes', count=1).key
    'models.bad_classes'
    """


def t(key: str, lang: str | None = None, **fields) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted.

    >>> t("plots.loss", lang="es")
    'Pérdida'
    """
    from ._config import settings

    try:
        entry = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the kwscourse catalogue") from None
    text = entry[lang or settings.language]
    return text.format(**fields) if fields else text


def fields_of(text: str) -> set[str]:
    """The ``str.format`` field names used in ``text``.

    >>> sorted(fields_of("{a} and {b:.1f}"))
    ['a', 'b']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
