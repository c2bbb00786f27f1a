"""Messages of the ``web`` domain (``kwscourse export web`` and the page it writes), in English and Spanish.

The ``web.page_*`` entries are the page's own texts: :mod:`kwscourse.export.web`
writes them into the page in the language it is exported in.
"""

MESSAGES = {
    "web.no_model": {
        "en": "{path} does not exist: give the .tflite file that kwscourse kws export (or transfer export) wrote.",
        "es": "{path} no existe: indica el archivo .tflite que escribió kwscourse kws export (o transfer export).",
    },
    "web.not_tflite": {
        "en": "{path} is not a TFLite model: a .tflite file has TFL3 at bytes 4-8, and this one starts with {start}. Export your model with kwscourse kws export (or transfer export).",
        "es": "{path} no es un modelo TFLite: un archivo .tflite lleva TFL3 en los bytes 4 a 8, y este empieza por {start}. Exporta tu modelo con kwscourse kws export (o transfer export).",
    },
    "web.no_metadata": {
        "en": "{name} carries no TFLite Model Metadata (the sample rate and the label file), which MediaPipe needs to load it in the browser. Export it again with kwscourse kws export (or transfer export), which writes that metadata.",
        "es": "{name} no lleva metadatos de modelo de TFLite (la frecuencia de muestreo y el archivo de etiquetas), que MediaPipe necesita para cargarlo en el navegador. Vuelve a exportarlo con kwscourse kws export (o transfer export), que escribe esos metadatos.",
    },
    "web.not_waveform": {
        "en": "{name} takes speech embeddings, not a waveform, so MediaPipe cannot feed it audio in the browser. Train the lesson 1 CNN (kws train --recipe tutorial) and export that one.",
        "es": "{name} recibe embeddings de voz, no una forma de onda, así que MediaPipe no puede darle audio en el navegador. Entrena la CNN de la lección 1 (kws train --recipe tutorial) y exporta esa.",
    },
    "web.out_is_file": {
        "en": "{path} is a file: give a folder for the web page (it is created when missing).",
        "es": "{path} es un archivo: indica una carpeta para la página web (se crea si no existe).",
    },
    "web.exported": {
        "en": "Wrote the web page of {name}, with {count} labels, to {folder}.\nTo open it on this computer, run\n    python -m http.server --directory {folder} 8000\nand open http://localhost:8000 in a browser.\nBrowsers only give the microphone to pages opened from localhost or over https: for a phone, publish the folder on an https site, for example GitHub Pages.",
        "es": "Página web de {name}, con {count} etiquetas, escrita en {folder}.\nPara abrirla en este ordenador, ejecuta\n    python -m http.server --directory {folder} 8000\ny abre http://localhost:8000 en un navegador.\nLos navegadores solo dan el micrófono a las páginas abiertas desde localhost o por https: para un teléfono, publica la carpeta en un sitio https, por ejemplo GitHub Pages.",
    },
    "web.page_title": {
        "en": "Keyword spotting in the browser",
        "es": "Detección de palabras clave en el navegador",
    },
    "web.page_model": {
        "en": "Model: {name}. It hears {seconds} s windows at {rate} Hz; the page classifies one every {hop} s.",
        "es": "Modelo: {name}. Escucha ventanas de {seconds} s a {rate} Hz; la página clasifica una cada {hop} s.",
    },
    "web.page_loading": {
        "en": "Loading the model and MediaPipe…",
        "es": "Cargando el modelo y MediaPipe…",
    },
    "web.page_ready": {
        "en": "Model loaded: {count} labels.",
        "es": "Modelo cargado: {count} etiquetas.",
    },
    "web.page_load_failed": {
        "en": "The model could not be loaded: {detail}",
        "es": "No se ha podido cargar el modelo: {detail}",
    },
    "web.page_live_title": {
        "en": "Microphone, live",
        "es": "Micrófono, en directo",
    },
    "web.page_mic_asking": {
        "en": "Asking for the microphone: allow it when the browser asks.",
        "es": "Pidiendo el micrófono: permítelo cuando el navegador lo pregunte.",
    },
    "web.page_mic_listening": {
        "en": "Listening.",
        "es": "Escuchando.",
    },
    "web.page_mic_paused": {
        "en": "Paused.",
        "es": "En pausa.",
    },
    "web.page_mic_denied": {
        "en": "The microphone was refused, so the page cannot listen. Allow it in the site settings (the icon beside the address) and reload the page. You can still classify a WAV file below.",
        "es": "Se ha denegado el micrófono, así que la página no puede escuchar. Permítelo en la configuración del sitio (el icono junto a la dirección) y vuelve a cargar la página. Aún puedes clasificar un archivo WAV más abajo.",
    },
    "web.page_mic_missing": {
        "en": "No microphone is available ({detail}). Connect one and reload the page, or classify a WAV file below.",
        "es": "No hay ningún micrófono disponible ({detail}). Conecta uno y vuelve a cargar la página, o clasifica un archivo WAV más abajo.",
    },
    "web.page_mic_insecure": {
        "en": "This page cannot have the microphone: browsers only give it to pages opened from localhost or over https. Open the page at http://localhost:8000, or publish the folder on an https site such as GitHub Pages. You can still classify a WAV file below.",
        "es": "Esta página no puede usar el micrófono: los navegadores solo lo dan a las páginas abiertas desde localhost o por https. Abre la página en http://localhost:8000 o publica la carpeta en un sitio https como GitHub Pages. Aún puedes clasificar un archivo WAV más abajo.",
    },
    "web.page_start": {
        "en": "Start listening",
        "es": "Empezar a escuchar",
    },
    "web.page_stop": {
        "en": "Stop listening",
        "es": "Dejar de escuchar",
    },
    "web.page_top": {
        "en": "Top label:",
        "es": "Etiqueta más probable:",
    },
    "web.page_waiting": {
        "en": "waiting for the first window",
        "es": "esperando la primera ventana",
    },
    "web.page_latency": {
        "en": "{ms} ms per window (median of the last {count}).",
        "es": "{ms} ms por ventana (mediana de las últimas {count}).",
    },
    "web.page_file_title": {
        "en": "A WAV file",
        "es": "Un archivo WAV",
    },
    "web.page_drop": {
        "en": "Drop a WAV file here, or choose one:",
        "es": "Suelta aquí un archivo WAV o elige uno:",
    },
    "web.page_file_result": {
        "en": "{file}: {seconds} s of audio; its loudest {window} s window was classified.",
        "es": "{file}: {seconds} s de audio; se ha clasificado su ventana de {window} s con más energía.",
    },
    "web.page_file_unreadable": {
        "en": "{file} could not be read as audio ({detail}).",
        "es": "No se ha podido leer {file} como audio ({detail}).",
    },
    "web.page_privacy": {
        "en": "Everything runs in this browser: the audio never leaves the device, and the page loads nothing from other sites.",
        "es": "Todo se ejecuta en este navegador: el audio no sale del dispositivo y la página no carga nada de otros sitios.",
    },
    "web.page_secure": {
        "en": "Browsers only give the microphone to pages opened from localhost or over https.",
        "es": "Los navegadores solo dan el micrófono a las páginas abiertas desde localhost o por https.",
    },
    "web.page_made_with": {
        "en": "Made with kwscourse export web; MediaPipe Tasks Audio {version} runs the model.",
        "es": "Hecha con kwscourse export web; MediaPipe Tasks Audio {version} ejecuta el modelo.",
    },
}
