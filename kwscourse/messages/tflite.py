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
    "tflite.no_labels": {
        "en": "{name} carries no class names: export it with kwscourse (kws export or transfer export), which writes TFLite Model Metadata with the labels inside the file.",
        "es": "{name} no lleva nombres de clase: expórtalo con kwscourse (kws export o transfer export), que escribe metadatos de modelo de TFLite con las etiquetas dentro del archivo.",
    },
    "tflite.bad_input": {
        "en": "{name} takes input of shape {shape} ({dtype}), but the course's exported models take one float32 waveform window [1, {expected}].",
        "es": "{name} recibe entradas de forma {shape} ({dtype}), pero los modelos exportados del curso reciben una ventana de onda float32 [1, {expected}].",
    },
    "tflite.label_count": {
        "en": "{name} gives {outputs} scores but carries {labels} class names: the file is not one kwscourse exported.",
        "es": "{name} da {outputs} puntuaciones pero lleva {labels} nombres de clase: no es un archivo exportado por kwscourse.",
    },
    "tflite.exported": {
        "en": "Exported {path} ({size_kb:.0f} KB{int8}), with its {count} class names inside.",
        "es": "Exportado {path} ({size_kb:.0f} KB{int8}), con sus {count} nombres de clase dentro.",
    },
    "tflite.needs_savedmodel": {
        "en": "A one-file TFLite export of this classifier needs YAMNet's SavedModel, and it uses YAMNet's {backend} backend. YAMNet's TFLite file cannot be joined to your head. Fetch the SavedModel (kwscourse data fetch yamnet --backend savedmodel), load it with kwscourse.yamnet.model.load('savedmodel') and build the classifier on it.",
        "es": "Exportar este clasificador como un solo archivo TFLite necesita el SavedModel de YAMNet, y usa el motor {backend} de YAMNet. El archivo TFLite de YAMNet no se puede unir a tu cabeza. Descarga el SavedModel (kwscourse data fetch yamnet --backend savedmodel), cárgalo con kwscourse.yamnet.model.load('savedmodel') y construye el clasificador sobre él.",
    },
    "tflite.needs_mediapipe": {
        "en": "Writing and reading the metadata that phone apps need (TFLite Model Metadata) uses MediaPipe's schema, and mediapipe is not installed. Install it with: pip install 'kwscourse[phone]' (in Colab: %pip install --no-deps mediapipe sounddevice, which keeps Colab's own versions).",
        "es": "Escribir y leer los metadatos que necesitan las apps de teléfono (metadatos de modelo de TFLite) usa el esquema de MediaPipe, y mediapipe no está instalado. Instálalo con: pip install 'kwscourse[phone]' (en Colab: %pip install --no-deps mediapipe sounddevice, que conserva las versiones de Colab).",
    },
    "tflite.not_audio_classifier": {
        "en": "{name} carries TFLite Model Metadata, but not an audio classifier's: its input needs AudioProperties (sample rate, channels) and its output a label file (TENSOR_AXIS_LABELS) inside the file.",
        "es": "{name} lleva metadatos de modelo de TFLite, pero no los de un clasificador de audio: su entrada necesita AudioProperties (frecuencia de muestreo, canales) y su salida un archivo de etiquetas (TENSOR_AXIS_LABELS) dentro del archivo.",
    },
    "tflite.description": {
        "en": "{name}: {seconds:.2f} s of {rate} Hz mono audio in, one score for each of {count} classes out.",
        "es": "{name}: entran {seconds:.2f} s de audio mono a {rate} Hz y sale una puntuación por cada una de sus {count} clases.",
    },
    "tflite.model_keyword_cnn": {"en": "Lesson 1 CNN", "es": "CNN de la lección 1"},
    "tflite.model_embedding_recipe": {
        "en": "Speech-embedding recipe (embedding and head)",
        "es": "Receta del embedding de voz (embedding y cabeza)",
    },
    "tflite.model_clip_classifier": {"en": "Lesson 3 classifier (YAMNet and head)", "es": "Clasificador de la lección 3 (YAMNet y cabeza)"},
}
