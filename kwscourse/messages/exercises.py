"""Messages of the ``exercises`` domain, in English and Spanish."""

MESSAGES = {
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
    "exercises.manual_pending": {
        "en": "✍️ {question}: your instructor grades this answer by hand ({points:g} points).",
        "es": "✍️ {question}: tu profesor califica esta respuesta a mano ({points:g} puntos).",
    },
    "exercises.assign_failed": {
        "en": "otter assign could not build the exercise set {name}:\n{detail}",
        "es": "otter assign no pudo construir el conjunto de ejercicios {name}:\n{detail}",
    },
    "exercises.built": {
        "en": "Exercise sets built in {path}: <lang>/student, <lang>/solutions, <lang>/autograder.",
        "es": "Conjuntos de ejercicios construidos en {path}: <lang>/student, <lang>/solutions, <lang>/autograder.",
    },
}
