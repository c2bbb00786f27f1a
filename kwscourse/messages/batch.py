"""Messages of the ``batch`` domain (many files at once), in English and Spanish."""

MESSAGES = {
    "batch.unreadable_files": {
        "en": "{count} of {total} audio files could not be read; fix or remove them and run again:\n{details}",
        "es": "No se pudieron leer {count} de {total} archivos de audio; corrígelos o quítalos y vuelve a ejecutarlo:\n{details}",
    },
}
