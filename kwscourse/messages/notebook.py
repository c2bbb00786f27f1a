"""Messages of the ``notebook`` domain, in English and Spanish."""

MESSAGES = {
    "notebook.colab_setup": {
        "en": "Running in Colab: installing the course package...",
        "es": "Ejecutando en Colab: instalando el paquete del curso...",
    },
}
