"""Messages of the ``detection`` domain, in English and Spanish."""

MESSAGES = {
    "detection.bad_scores": {
        "en": "Scores must be [windows] or [windows, words], not an array of shape {shape}.",
        "es": "Las puntuaciones deben ser [ventanas] o [ventanas, palabras], no un array de forma {shape}.",
    },
    "detection.bad_budget": {
        "en": "The false accepts per hour allowed must be 0 or more, not {value}.",
        "es": "Las falsas aceptaciones por hora permitidas deben ser 0 o más, no {value}.",
    },
    "detection.no_operating_point": {
        "en": ("No threshold keeps within {budget:g} false accepts per hour (the fewest is {lowest:.1f}): "
               "allow more, or try higher thresholds."),
        "es": ("Ningún umbral se queda en {budget:g} falsas aceptaciones por hora o menos (el mínimo es "
               "{lowest:.1f}): permite más o prueba umbrales más altos."),
    },
    "detection.point_summary": {
        "en": ("Operating point: threshold {threshold:.3f}, {per_hour:.1f} false accepts per hour "
               "(at most {budget:g} allowed), {miss:.1%} of the keywords missed."),
        "es": ("Punto de funcionamiento: umbral {threshold:.3f}, {per_hour:.1f} falsas aceptaciones por hora "
               "(se permiten {budget:g} como mucho), {miss:.1%} de las palabras clave perdidas."),
    },
    "detection.false_accepts": {
        "en": "{count} false accepts in {hours:.2f} hours of audio with no keyword: {per_hour:.1f} per hour.",
        "es": "{count} falsas aceptaciones en {hours:.2f} horas de audio sin palabras clave: {per_hour:.1f} por hora.",
    },
    "detection.false_rejects": {
        "en": "{count} of {total} keyword clips missed: a false reject rate of {rate:.1%}.",
        "es": "{count} de {total} clips de palabras clave perdidos: una tasa de falsos rechazos del {rate:.1%}.",
    },
    "detection.point_never": {
        "en": ("No threshold keeps within {budget:g} false accepts per hour: only a spotter that never fires does. "
               "It needs more negatives (or a larger budget)."),
        "es": ("Ningún umbral se queda en {budget:g} falsas aceptaciones por hora: solo lo consigue un detector que "
               "nunca salta. Necesita más negativos (o un límite más alto)."),
    },
    "detection.det_title": {"en": "DET curve: misses against false accepts, one point per threshold",
                            "es": "Curva DET: pérdidas frente a falsas aceptaciones, un punto por umbral"},
    "detection.per_hour_axis": {"en": "False accepts per hour (no keyword said)",
                                "es": "Falsas aceptaciones por hora (sin ninguna palabra clave)"},
    "detection.miss_axis": {"en": "False reject rate (keywords missed)",
                            "es": "Tasa de falsos rechazos (palabras clave perdidas)"},
    "detection.point_label": {"en": "chosen: threshold {threshold:.2f}",
                              "es": "elegido: umbral {threshold:.2f}"},
    "detection.threshold_note": {"en": "threshold {threshold:.2f}", "es": "umbral {threshold:.2f}"},
    "detection.timeline_title": {
        "en": "The spotter's highest keyword score over {minutes:.1f} minutes with no keyword",
        "es": "La puntuación más alta de una palabra clave durante {minutes:.1f} minutos sin ninguna"},
    "detection.best_score": {"en": "highest keyword score", "es": "puntuación más alta de una palabra clave"},
    "detection.false_accept": {"en": "false accept ({count})", "es": "falsa aceptación ({count})"},
    "detection.time_min": {"en": "Time (min)", "es": "Tiempo (min)"},
    "detection.recording": {
        "en": ("A recording with no keyword: {minutes:.1f} min, {synthetic} synthetic words, {real} real clips of "
               "other words, {noise} s of noise and quiet."),
        "es": ("Una grabación sin palabras clave: {minutes:.1f} min, {synthetic} palabras sintéticas, {real} clips "
               "reales de otras palabras, {noise} s de ruido y silencio."),
    },
}
