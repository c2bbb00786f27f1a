"""Features: the STFT spectrogram of lesson 1, log-mel and MFCC for going further.

All functions take float32 waveforms of shape ``[samples]`` or
``[batch, samples]`` (NumPy or TensorFlow) and return TensorFlow tensors, so they
work eagerly on one clip and inside ``tf.data`` pipelines alike::

    >>> import numpy as np
    >>> spec = spectrogram(np.zeros(16000, dtype="float32"))
    >>> tuple(spec.shape)
    (124, 129, 1)
"""

from __future__ import annotations

from ._tf import tensorflow as _tensorflow
from .i18n import CourseError

#: Lesson 1's STFT: 255-sample frames every 128 samples -> (124, 129) for 1 s at 16 kHz.
FRAME_LENGTH = 255
FRAME_STEP = 128


def _as_waveform(waveform):
    tf = _tensorflow()

    waveform = tf.convert_to_tensor(waveform)
    if waveform.dtype != tf.float32 or waveform.shape.rank not in (1, 2):
        raise CourseError("features.bad_waveform", shape=tuple(waveform.shape), dtype=waveform.dtype.name)
    return waveform


def spectrogram(waveform, frame_length: int = FRAME_LENGTH, frame_step: int = FRAME_STEP):
    """Magnitude STFT with a trailing channel axis: ``[..., frames, bins, 1]``.

    With the defaults a one-second clip at 16 kHz becomes a (124, 129, 1)
    "image": 124 time frames by 129 frequency bins. Batches keep their batch axis.

    >>> import numpy as np
    >>> tuple(spectrogram(np.zeros((3, 16000), dtype="float32")).shape)
    (3, 124, 129, 1)
    """
    tf = _tensorflow()

    waveform = _as_waveform(waveform)
    samples = waveform.shape[-1]
    if samples is not None and samples < frame_length:
        raise CourseError("features.too_short", samples=samples, frame=frame_length)
    stft = tf.signal.stft(waveform, frame_length=frame_length, frame_step=frame_step)
    return tf.abs(stft)[..., tf.newaxis]


def log_mel_spectrogram(waveform, sample_rate: int = 16000, n_mels: int = 40,
                        frame_length: int = 400, frame_step: int = 160, fft_length: int = 512,
                        fmin: float = 20.0, fmax: float = 7600.0, offset: float = 1e-6):
    """Log-mel energies ``[..., frames, n_mels]`` (25 ms windows every 10 ms by default).

    The mel scale spaces bands the way pitch is heard, and the log compresses
    loudness the way the ear does: the usual front end of speech models.

    >>> import numpy as np
    >>> tuple(log_mel_spectrogram(np.zeros(16000, dtype="float32")).shape)
    (98, 40)
    """
    tf = _tensorflow()

    waveform = _as_waveform(waveform)
    stft = tf.signal.stft(waveform, frame_length=frame_length, frame_step=frame_step,
                          fft_length=fft_length)
    power = tf.abs(stft) ** 2
    mel_matrix = tf.signal.linear_to_mel_weight_matrix(
        num_mel_bins=n_mels, num_spectrogram_bins=fft_length // 2 + 1, sample_rate=sample_rate,
        lower_edge_hertz=fmin, upper_edge_hertz=fmax)
    mel = tf.tensordot(power, mel_matrix, 1)
    return tf.math.log(mel + offset)


def mfcc(waveform, n_mfcc: int = 13, **log_mel_kwargs):
    """The first ``n_mfcc`` cepstral coefficients of :func:`log_mel_spectrogram`.

    >>> import numpy as np
    >>> tuple(mfcc(np.zeros(16000, dtype="float32")).shape)
    (98, 13)
    """
    tf = _tensorflow()

    log_mel = log_mel_spectrogram(waveform, **log_mel_kwargs)
    return tf.signal.mfccs_from_log_mel_spectrograms(log_mel)[..., :n_mfcc]


def to_spectrogram_dataset(dataset, feature=spectrogram):
    """Map a ``(waveform, label)`` dataset to ``(feature(waveform), label)`` in parallel.

    >>> import tensorflow as tf
    >>> ds = tf.data.Dataset.from_tensor_slices((tf.zeros((4, 16000)), [0, 1, 0, 1])).batch(2)
    >>> to_spectrogram_dataset(ds).element_spec[0].shape.as_list()
    [None, 124, 129, 1]
    """
    tf = _tensorflow()

    return dataset.map(lambda audio, label: (feature(audio), label),
                       num_parallel_calls=tf.data.AUTOTUNE)


def prepare(dataset, *, shuffle: bool = False, buffer_size: int = 10000, seed: int | None = 0):
    """Cache, optionally shuffle, and prefetch: the usual tail of an input pipeline.

    Caching after the spectrogram map computes each spectrogram once; prefetch
    overlaps preparing the next batch with training on this one.

    >>> import tensorflow as tf
    >>> ds = prepare(tf.data.Dataset.range(5), shuffle=True, seed=1)
    >>> sorted(int(x) for x in ds)
    [0, 1, 2, 3, 4]
    """
    tf = _tensorflow()

    dataset = dataset.cache()
    if shuffle:
        dataset = dataset.shuffle(buffer_size, seed=seed)
    return dataset.prefetch(tf.data.AUTOTUNE)
