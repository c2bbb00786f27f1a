"""Messages of the ``grading`` domain, in English and Spanish."""

MESSAGES = {
    "grading.no_lesson": {
        "en": "There are no exercises for lesson {lesson}. Exercise sets: {known}.",
        "es": "No hay ejercicios para la lección {lesson}. Conjuntos de ejercicios: {known}.",
    },
    "grading.no_folder": {
        "en": "Submissions folder not found: {path}",
        "es": "No se encuentra la carpeta de entregas: {path}",
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
    "grading.feedback_manual": {
        "en": "- ✍️ Your instructor grades this answer by hand.",
        "es": "- ✍️ Tu profesor califica esta respuesta a mano.",
    },
    "grading.answers_title": {
        "en": "# {stem} · {question}: answers to grade by hand ({points:g} points)",
        "es": "# {stem} · {question}: respuestas que calificar a mano ({points:g} puntos)",
    },
    "grading.answers_guide": {"en": "## Grading guide", "es": "## Guía de calificación"},
    "grading.answers_none": {"en": "_(no answer)_", "es": "_(sin respuesta)_"},
    "grading.public": {"en": "visible", "es": "visible"},
    "grading.hidden": {"en": "hidden", "es": "oculta"},
    "grading.summary": {
        "en": "Graded {count} notebooks: {statuses}. Grades: {csv}; feedback: {feedback}",
        "es": "Calificados {count} cuadernos: {statuses}. Notas: {csv}; correcciones: {feedback}",
    },
}
