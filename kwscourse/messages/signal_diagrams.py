"""Messages of the ``signal_diagrams`` domain, in English and Spanish."""

MESSAGES = {
    "signal_diagrams.frequency_hz": {"en": "Frequency (Hz)", "es": "Frecuencia (Hz)"},
    "signal_diagrams.magnitude": {"en": "Magnitude (log scale)", "es": "Magnitud (escala logarítmica)"},
    "signal_diagrams.fft_title": {"en": "FFT of the whole clip: which frequencies, but not when",
                                  "es": "FFT del clip entero: qué frecuencias, pero no cuándo"},
    "signal_diagrams.stft_title": {"en": "STFT: the frequencies of each frame, time kept",
                                   "es": "STFT: las frecuencias de cada trama, sin perder el tiempo"},
    "signal_diagrams.window_hop": {
        "en": "window {window} ({window_ms:.1f} ms), hop {hop} ({hop_ms:.1f} ms)\n"
              "{frames} frames × {bins} frequency bins",
        "es": "ventana {window} ({window_ms:.1f} ms), salto {hop} ({hop_ms:.1f} ms)\n"
              "{frames} tramas × {bins} bins de frecuencia"},
    "signal_diagrams.weight": {"en": "Weight", "es": "Peso"},
    "signal_diagrams.mel_title": {
        "en": "{bands} mel bands (HTK), {low:g} to {high:g} Hz, over the {bins} FFT bins: "
              "narrow at low frequencies, wide at high ones",
        "es": "{bands} bandas mel (HTK), de {low:g} a {high:g} Hz, sobre los {bins} bins de frecuencia "
              "de la FFT: estrechas en las frecuencias bajas, anchas en las altas"},
    "signal_diagrams.time_ms": {"en": "Time (ms)", "es": "Tiempo (ms)"},
    "signal_diagrams.frame": {"en": "Frame", "es": "Trama"},
    "signal_diagrams.frames_title": {
        "en": "STFT frames: {window_ms:g} ms windows every {hop_ms:g} ms; "
              "{per_patch} frames make one {patch_s:g} s patch",
        "es": "Tramas de la STFT: ventanas de {window_ms:g} ms cada {hop_ms:g} ms; "
              "{per_patch} tramas forman un parche de {patch_s:g} s"},
    "signal_diagrams.clip": {"en": "the clip", "es": "el clip"},
    "signal_diagrams.padding": {"en": "zero padding", "es": "relleno con ceros"},
    "signal_diagrams.patch": {"en": "Patch", "es": "Parche"},
    "signal_diagrams.patches_title": {
        "en": "A {seconds:g} s clip gives {count} patches ({window} samples each, one every {hop_s:g} s), "
              "so {count} rows of scores",
        "es": "Un clip de {seconds:g} s da {count} parches ({window} muestras cada uno, uno cada {hop_s:g} s), "
              "es decir, {count} filas de puntuaciones"},
    "signal_diagrams.clip_length_s": {"en": "Clip length (s)", "es": "Duración del clip (s)"},
    "signal_diagrams.patches": {"en": "Patches (rows of scores)", "es": "Parches (filas de puntuaciones)"},
    "signal_diagrams.counts_title": {"en": "How many patches a clip of N seconds gives",
                                     "es": "Cuántos parches da un clip de N segundos"},
    "signal_diagrams.pipe_waveform": {"en": "Waveform\n{rate} kHz, mono\nvalues in [-1, 1]",
                                      "es": "Forma de onda\n{rate} kHz, mono\nvalores en [-1, 1]"},
    "signal_diagrams.pipe_stft": {"en": "STFT\n{window_ms:g} ms windows\nevery {hop_ms:g} ms\n{bins} bins",
                                  "es": "STFT\nventanas de {window_ms:g} ms\ncada {hop_ms:g} ms\n"
                                        "{bins} bins\nde frecuencia"},
    "signal_diagrams.pipe_log_mel": {"en": "Log-mel\n{bands} mel bands\nlog(mel + {offset:g})",
                                     "es": "Log-mel\n{bands} bandas mel\nlog(mel + {offset:g})"},
    "signal_diagrams.pipe_patches": {"en": "Patches\n{frames} frames ×\n{bands} bands\none every {hop_s:g} s",
                                     "es": "Parches\n{frames} tramas ×\n{bands} bandas\nuno cada {hop_s:g} s"},
    "signal_diagrams.pipe_network": {"en": "MobileNet v1\n(convolutions)", "es": "MobileNet v1\n(convoluciones)"},
    "signal_diagrams.pipe_scores": {"en": "{classes} scores\nper patch\n(sigmoids)",
                                    "es": "{classes} puntuaciones\npor parche\n(sigmoides)"},
    "signal_diagrams.pipe_embedding": {"en": "embedding:\n{size} numbers\nper patch",
                                       "es": "embedding:\n{size} números\npor parche"},
    "signal_diagrams.pipe_title": {"en": "YAMNet, from a waveform to scores and embeddings",
                                   "es": "YAMNet, de una forma de onda a puntuaciones y embeddings"},
}
