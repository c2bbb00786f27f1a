from . import mediapipe_client, metadata, tflite, tflite_check, web
from .tflite import (
    ExportedClassifier,
    export_clip_classifier,
    export_keyword_model,
)
from .web import (
    export_web,
)
