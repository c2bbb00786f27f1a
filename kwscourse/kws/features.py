"""Features: lesson 1's ``tf.data`` splits, its STFT spectrogram, log-mel and MFCC for going further.

:func:`keyword_splits` turns a word-folder tree into training, validation and
test sets of waveforms. The feature functions take float32 waveforms of shape
``[samples]`` or ``[batch, samples]`` (NumPy or TensorFlow) and return
TensorFlow tensors, so they work eagerly on one clip and inside ``tf.data``
pipelines alike::

    >>> import numpy as np
    >>> spec = spectrogram(np.zeros(16000, dtype="float32"))
    >>> tuple(spec.shape)
    (124, 129, 1)
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..audio import files as batch
from .._internal import checks
from .._internal.tf import tensorflow as _tensorflow
from ..audio.waveform import SAMPLE_RATE
from ..datasets import wav_files, word_folders
from ..i18n import AudioError, CourseError
from ..results import KeywordSplits

#: Lesson 1's STFT: 255-sample frames every 128 samples -> (124, 129) for 1 s at 16 kHz.
FRAME_LENGTH = 255
FRAME_STEP = 128


def _decodable(path: Path) -> Path:
    """``path`` when TensorFlow can decode it as a WAV file, else an :class:`AudioError` naming it."""
    tf = _tensorflow()

    try:
        tf.audio.decode_wav(tf.io.read_file(str(path)))
    except tf.errors.OpError as err:
        detail = re.sub(r"\{\{[^}]*\}\}\s*|\s*\[Op:\w+\].*$", "", err.message).strip()
        raise AudioError("features.undecodable", source=str(path), detail=detail[:200]) from None
    return path


def _shuffled_clips(directory: Path, words: list[str], seed: int) -> batch.PerItem:
    """``(path, label)`` of every decodable WAV, in the order Keras's directory loader gives them.

    That is: word folder by word folder, each listed as :func:`~kwscourse.datasets.wav_files`
    does, then shuffled with ``numpy.random.RandomState(seed)``; Keras then holds out
    the last ``int(validation_split * clips)``. Undecodable files are the failures.
    """
    listed = [(path, label) for label, word in enumerate(words) for path in wav_files(directory / word)]
    checked = batch.try_each(listed, lambda item: _decodable(item[0]))
    found = [item for item, _ in checked]
    order = np.random.RandomState(seed).permutation(len(found))
    failures = tuple((item[0], err) for item, err in checked.failures)
    return batch.PerItem(tuple(found[i] for i in order), failures).require_any()


def _waveforms(clips, batch_size: int, sequence_length: int, shuffle_seed: int | None = None):
    """A ``tf.data`` set of ``(waveform, label)`` batches read from ``clips`` (``(path, label)`` pairs)."""
    tf = _tensorflow()

    paths = tf.constant([str(path) for path, _ in clips], dtype=tf.string)
    labels = tf.constant([label for _, label in clips], dtype=tf.int32)
    dataset = tf.data.Dataset.from_tensor_slices((paths, labels))
    if shuffle_seed is not None:
        dataset = dataset.shuffle(batch_size * 8, seed=shuffle_seed)

    def decode(path, label):
        # decode_wav pads with zeros or cuts to desired_samples; its layout is [samples, channels].
        waveform, _ = tf.audio.decode_wav(tf.io.read_file(path), desired_samples=sequence_length)
        return tf.reduce_mean(waveform, axis=-1), label

    return dataset.map(decode, num_parallel_calls=tf.data.AUTOTUNE).batch(batch_size).prefetch(tf.data.AUTOTUNE)


def _split_arguments(directory, batch_size, validation_split, seed, sequence_length) -> tuple:
    """The arguments of :func:`keyword_splits`, checked."""
    return (checks.path(directory, "directory"), checks.whole_number(batch_size, "batch_size"),
            checks.fraction(validation_split, "validation_split"), checks.whole_number(seed, "seed", minimum=0),
            checks.whole_number(sequence_length, "sequence_length"))


def keyword_splits(directory, *, batch_size: int = 64, validation_split: float = 0.2,
                   seed: int = 0, sequence_length: int = SAMPLE_RATE) -> KeywordSplits:
    """Training, validation and test ``tf.data`` sets of ``(waveform, label)`` batches from word folders.

    The clips, their order and the split are those of Keras's ``audio_dataset_from_directory``
    (``subset="both"``), each clip zero-padded or cut to ``sequence_length``; the
    held-out part is then halved into validation and test, clip by clip. A file that
    TensorFlow cannot decode (it reads 16-bit PCM WAV only) is left out.

    Parameters
    ----------
    directory : path
        One sub-folder of WAV files per class (see :func:`kwscourse.datasets.word_folders`).
    batch_size, seed : int, optional
        Clips per batch; the seed of the split and of the training shuffle.
    validation_split : float, optional
        The share held out for validation and test, at least 0 and below 1.
    sequence_length : int, optional
        Samples per clip (one second at 16 kHz by default).

    Returns
    -------
    kwscourse.results.KeywordSplits
        ``train``, ``validation``, ``test`` and ``labels`` (the words, in class order);
        ``failures`` lists ``(path, AudioError)`` for each file left out.

    Raises
    ------
    ParameterError, DataError
        For a bad argument; ``data.not_a_word_tree`` when there are no word folders.

    Examples
    --------
    >>> from kwscourse import audio
    >>> root = Path(tmp())
    >>> for i in range(10):  # 5 clips of half a second per word, and a broken file
    ...     _ = audio.write_wav(root / ("no", "yes")[i % 2] / f"{i}.wav", np.zeros(8000, "float32"))
    >>> _ = (root / "yes" / "broken.wav").write_bytes(b"not a WAV file")
    >>> splits = keyword_splits(root, batch_size=4)
    >>> splits.labels, splits.read, [err.key for _, err in splits.failures], [int(x.shape[0]) for x, _ in splits.train]
    (['no', 'yes'], 10, ['features.undecodable'], [4, 4])
    >>> tuple(next(iter(splits.validation))[0].shape)  # padded to one second
    (1, 16000)
    """
    directory, batch_size, validation_split, seed, sequence_length = _split_arguments(
        directory, batch_size, validation_split, seed, sequence_length)
    words = word_folders(directory)
    clips = _shuffled_clips(directory, words, seed)
    cut = len(clips) - int(validation_split * len(clips))  # the held-out clips come last
    train = _waveforms(clips[:cut], batch_size, sequence_length, shuffle_seed=seed)
    validation = _waveforms(clips[cut::2], batch_size, sequence_length)
    test = _waveforms(clips[cut + 1::2], batch_size, sequence_length)
    return KeywordSplits(train, validation, test, words, len(clips), clips.failures)


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


def log_mel_spectrogram(waveform, sample_rate: int = SAMPLE_RATE, n_mels: int = 40,
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
