"""Messages of the ``model_diagrams`` domain, in English and Spanish."""

MESSAGES = {
    "model_diagrams.same_logits": {"en": "The same logits, two ways", "es": "Los mismos logits, de dos maneras"},
    "model_diagrams.softmax_total": {"en": "softmax: they add up to {total:.2f}",
                                     "es": "softmax: suman {total:.2f}"},
    "model_diagrams.sigmoid_total": {"en": "sigmoid: they add up to {total:.2f}",
                                     "es": "sigmoide: suman {total:.2f}"},
    "model_diagrams.stream_audio": {"en": "The audio, as it arrives", "es": "El audio, según llega"},
    "model_diagrams.stream_windows": {
        "en": "Windows of {window_s:.2f} s, a new one every {hop_s:.2f} s (overlap {overlap}), with their top class",
        "es": ("Ventanas de {window_s:.2f} s, una nueva cada {hop_s:.2f} s (solape {overlap}), "
               "con su clase más probable")},
    "model_diagrams.window_scores": {"en": "Score of each class, window by window",
                                     "es": "Puntuación de cada clase, ventana a ventana"},
    "model_diagrams.chunks": {
        "en": "Windows of {window_s:.1f} s, a new one every {hop_s:.1f} s, with their top label",
        "es": "Ventanas de {window_s:.1f} s, una nueva cada {hop_s:.1f} s, con su etiqueta más probable"},
    "model_diagrams.component": {"en": "Component {number} ({share:.0%} of the variance)",
                                 "es": "Componente {number} ({share:.0%} de la varianza)"},
    "model_diagrams.embedding_map": {"en": "The embedding space in two dimensions (PCA)",
                                     "es": "El espacio de los embeddings en dos dimensiones (PCA)"},
}
