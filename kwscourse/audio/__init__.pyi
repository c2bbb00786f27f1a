from . import augment, files, streaming, wav, waveform
from .streaming import (
    StreamingWindows,
)
from .wav import (
    header,
)
from .waveform import (
    MAX_CHANNELS,
    MAX_SECONDS,
    SAMPLE_RATE,
    WAV_SUBTYPES,
    as_float32,
    check_rate,
    duration,
    load,
    loudest_window,
    pad_or_trim,
    resample,
    source_name,
    to_mono,
    write_wav,
)
