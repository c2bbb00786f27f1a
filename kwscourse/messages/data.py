"""Messages of the ``data`` domain, in English and Spanish."""

MESSAGES = {
    "data.downloading": {
        "en": "Downloading {name}",
        "es": "Descargando {name}",
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
    "data.bad_url": {
        "en": "url must be an http:// or https:// address, not {value!r}.",
        "es": "url debe ser una dirección http:// o https://, no {value!r}.",
    },
    "data.dest_is_folder": {
        "en": "dest must be a file path, but {path} is a folder.",
        "es": "dest debe ser la ruta de un archivo, pero {path} es una carpeta.",
    },
    "data.bad_sha256": {
        "en": "sha256 must be 64 hexadecimal digits (or None), not {value!r}.",
        "es": "sha256 debe tener 64 dígitos hexadecimales (o ser None), no {value!r}.",
    },
    "data.archive_missing": {
        "en": "There is no archive to extract at {path}.",
        "es": "No hay ningún archivo comprimido que extraer en {path}.",
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
    "data.examples_real": {
        "en": "Real data: the YAMNet tutorial's recordings {names}, and a synthetic sentence.",
        "es": "Datos reales: las grabaciones del tutorial de YAMNet {names}, y una frase sintética.",
    },
    "data.skipped_clips": {
        "en": "{count} clip(s) could not be read and were left out:",
        "es": "{count} clip(s) no se pudieron leer y se han dejado fuera:",
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
}
