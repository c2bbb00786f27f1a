"""Messages of the ``settings`` domain, in English and Spanish."""

MESSAGES = {
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
}
