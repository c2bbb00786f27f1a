"""kwscourse: the package behind the audio-classification course.

Importing it is cheap: TensorFlow, Keras and plotting libraries load only when a
function that needs them runs. The submodules are reached as attributes::

    >>> import kwscourse
    >>> kwscourse.settings.language in ("en", "es")
    True
    >>> callable(kwscourse.audio.waveform.load)
    True
"""

from __future__ import annotations

import importlib
import pkgutil

from ._internal.config import Settings, set_data_dir, set_language, set_smoke, settings, smoke
from .i18n import CourseError, t

__version__ = "0.1.0"

# Every public module of the package, found on disk: importing one (and TensorFlow or
# torch with it) waits until a notebook first touches ``kwscourse.<module>``.
_SUBMODULES = tuple(sorted(info.name for info in pkgutil.iter_modules(__path__)
                           if not info.name.startswith("_")))

__all__ = [
    "Settings", "settings", "set_language", "set_smoke", "smoke", "set_data_dir", "t",
    "CourseError", "__version__", *_SUBMODULES,
]


# Where each module of the flat layout went (issue 21). Notebooks that students saved before
# still run: ``kwscourse.batch`` is ``kwscourse.audio.files`` for one more release.
_MOVED = {
    "archive": "data.archive",
    "augment": "audio.augment",
    "batch": "audio.files",
    "cache": "data.cache",
    "checks": "_internal.checks",
    "cli_export": "cli.export",
    "colab_install": "authoring.colab_install",
    "detection": "kws.detection",
    "detection_diagrams": "ui.detection_diagrams",
    "download": "data.download",
    "features": "kws.features",
    "grading": "authoring.grading",
    "hf_finetune": "hf.finetune",
    "hf_input": "hf.input",
    "hf_train": "hf.train",
    "keras_report": "ui.keras_report",
    "kws_embedding": "kws.head",
    "mediapipe_audio": "export.mediapipe_client",
    "model_diagrams": "ui.model_diagrams",
    "models": "kws.cnn",
    "non_keyword_audio": "synthetic.non_keyword_audio",
    "notebook_questions": "authoring.notebook_questions",
    "notebook_source": "authoring.notebook_source",
    "npm_packages": "data.npm",
    "player": "ui.player",
    "plots": "ui.plots",
    "recipes": "kws.recipes",
    "signal_diagrams": "ui.signal_diagrams",
    "sound_events": "synthetic.sound_events",
    "speech_embedding": "kws.speech_embedding",
    "speech_embedding_keras": "kws.speech_embedding_keras",
    "spotting": "kws.spotting",
    "stand_ins": "synthetic.stand_ins",
    "streaming": "audio.streaming",
    "synth": "synthetic.speech",
    "tflite_check": "export.tflite_check",
    "tflite_export": "export.tflite",
    "tflite_metadata": "export.metadata",
    "tts": "synthetic.tts",
    "wav": "audio.wav",
    "web_export": "export.web",
    "widgets": "ui.widgets",
    "yamnet_backends": "yamnet.backends",
    "yamnet_frontend": "yamnet.frontend",
    "yamnet_weights": "yamnet.weights",
}


def __getattr__(name):
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    if name in _MOVED:
        return importlib.import_module(f".{_MOVED[name]}", __name__)
    raise AttributeError(f"module 'kwscourse' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES))
