"""Messages of the ``npm`` domain (files of npm packages, fetched into the course cache), in English and Spanish."""

MESSAGES = {
    "npm.bad_name": {
        "en": "{value!r} is not an npm package name: use lowercase letters, digits, - . _ ~ and an optional @scope/ in front, as in @mediapipe/tasks-audio.",
        "es": "{value!r} no es un nombre de paquete npm: usa minúsculas, dígitos, - . _ ~ y, si hace falta, un @ámbito/ delante, como en @mediapipe/tasks-audio.",
    },
    "npm.bad_version": {
        "en": "{value!r} is not an exact npm version: give all three numbers, as in 1.0.1 (a range such as ^1.0 could change under you).",
        "es": "{value!r} no es una versión exacta de npm: indica los tres números, como en 1.0.1 (un rango como ^1.0 podría cambiar sin avisar).",
    },
    "npm.bad_file": {
        "en": "{value!r} is not a file inside a package: give a relative path such as wasm/audio_wasm_internal.wasm, without .. and without a leading /.",
        "es": "{value!r} no es un archivo dentro de un paquete: indica una ruta relativa como wasm/audio_wasm_internal.wasm, sin .. y sin / al principio.",
    },
    "npm.not_found": {
        "en": "The npm registry {registry} has no {name}@{version}: check the name and the version.",
        "es": "El registro npm {registry} no tiene {name}@{version}: revisa el nombre y la versión.",
    },
    "npm.bad_answer": {
        "en": "The npm registry's answer for {name}@{version} ({url}) is not the JSON of a published version: it lacks {missing}.",
        "es": "La respuesta del registro npm para {name}@{version} ({url}) no es el JSON de una versión publicada: le falta {missing}.",
    },
    "npm.bad_integrity": {
        "en": "The npm registry gives {name}@{version} the integrity {value!r}, which names no sha512, sha384 or sha256 hash: the download cannot be checked, so it is not used.",
        "es": "El registro npm da a {name}@{version} la integridad {value!r}, que no indica ningún hash sha512, sha384 ni sha256: la descarga no se puede comprobar, así que no se usa.",
    },
    "npm.integrity_mismatch": {
        "en": "The {algorithm} of {url} is {got}, not the {expected} that the npm registry publishes for {name}@{version}: the file is corrupt or was replaced. It was discarded.",
        "es": "El {algorithm} de {url} es {got}, no el {expected} que el registro npm publica para {name}@{version}: el archivo está dañado o se ha sustituido. Se ha descartado.",
    },
    "npm.unsafe_member": {
        "en": "The package {name}@{version} holds {member!r}, which would land outside its folder or is not a plain file: nothing was extracted.",
        "es": "El paquete {name}@{version} contiene {member!r}, que quedaría fuera de su carpeta o no es un archivo normal: no se ha extraído nada.",
    },
    "npm.missing_file": {
        "en": "The package {name}@{version} has no file {member}: nothing was extracted.",
        "es": "El paquete {name}@{version} no tiene el archivo {member}: no se ha extraído nada.",
    },
    "npm.bad_tarball": {
        "en": "The package {name}@{version} ({url}) is not a readable .tgz archive ({detail}): nothing was extracted.",
        "es": "El paquete {name}@{version} ({url}) no es un archivo .tgz legible ({detail}): no se ha extraído nada.",
    },
}
