from . import backends, frontend, model, weights
from .frontend import (
    log_mel_magnitude,
)
from .model import (
    BACKENDS,
    Yamnet,
    YamnetResult,
    load,
)
from .weights import (
    cached_backends,
    tflite_file,
)
