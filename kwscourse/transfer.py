"""Transfer learning: your own classifier on top of YAMNet's embeddings (lesson 3).

YAMNet turns every 0.96 s frame of audio into a 1024-number embedding. A small
dense "head" trained on those embeddings learns new classes from a few dozen
clips. Each frame carries its clip's label; a clip's prediction is the mean of
its frames' predictions::

    >>> head = build_head(4)
    >>> head.output_shape
    (None, 4)

The examples below stand a tiny function in for YAMNet's network (its contract is
:class:`kwscourse.yamnet.model.Yamnet`'s): every frame's embedding is the clip's loudness.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import numpy as np

from .audio import waveform as audio
from .audio import files as batch
from .data import cache
from ._internal import checks
from .yamnet import model as yamnet_module
from ._internal.tf import keras as _keras, keras_weights, save_module, tensorflow as _tensorflow
from .audio.waveform import SAMPLE_RATE
from .evaluation import Evaluation, evaluation
from .i18n import ModelError, t
from .ui.keras_report import epoch_log
from .yamnet.frontend import EMBEDDING_SIZE

HEAD_FILE = "head.keras"
META_FILE = "classifier.json"


# --- embeddings with an on-disk cache ----------------------------------------------------

def model_key(model) -> str:
    """A short id of a loaded YAMNet's weights: its backend and the hash of its model file or SavedModel.

    Examples
    --------
    >>> model_key(type("M", (), {"backend": "tflite", "source": __file__})())[:7]
    'tflite-'
    """
    source = Path(model.source)
    weights = source / "saved_model.pb" if source.is_dir() else source
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:16] if weights.is_file() else "unknown"
    return f"{model.backend}-{digest}"


def audio_key(waveform: np.ndarray) -> str:
    """The SHA-256 of a float32 16 kHz waveform's bytes (first 24 hex digits).

    Examples
    --------
    >>> audio_key(np.zeros(4, "float32")) == audio_key(np.zeros(4, "float32"))
    True
    """
    return hashlib.sha256(np.ascontiguousarray(waveform, dtype=np.float32).tobytes()).hexdigest()[:24]


def _embedding(model, folder: Path, clip) -> np.ndarray:
    """One clip's embeddings, read back from ``folder`` or computed and cached there.

    A cached file that cannot be read back (cut short by a crash, say) is computed again.
    """
    waveform = audio.load(clip, sr=SAMPLE_RATE)[0] if isinstance(clip, (str, Path)) else audio.as_float32(clip)
    path = folder / f"{audio_key(waveform)}.npy"
    try:
        return np.load(path)
    except (OSError, ValueError, EOFError):
        embeddings = model(waveform).embeddings
        np.save(path, embeddings)
        return embeddings


def embed_clips(model, clips, *, cache_dir=None, progress: bool = True) -> list[np.ndarray]:
    """YAMNet embeddings ``[frames, 1024]`` of each clip, cached on disk.

    Results are stored under ``<cache_dir>/<model_key>/<audio_key>.npy``, so a second
    run with the same model and audio reads them back instead of running YAMNet.
    Neither backend takes batches, so clips run one after another.

    Parameters
    ----------
    model : kwscourse.yamnet.model.Yamnet
        A loaded YAMNet.
    clips : sequence of path or numpy.ndarray
        Audio files, or 16 kHz waveforms.
    cache_dir : path, optional
        Default: the data folder's ``embeddings/``.
    progress : bool, optional
        Show a progress bar.

    Returns
    -------
    list of numpy.ndarray of float32
        One ``[frames, 1024]`` array per clip, in order.

    Raises
    ------
    kwscourse.audio.files.UnreadableFilesError
        After embedding (and caching) all the others, when a clip cannot be read: it
        names every unreadable clip and keeps the others' embeddings in ``.results``.

    Examples
    --------
    >>> from kwscourse.yamnet.frontend import frame_count
    >>> def runner(y):
    ...     n = frame_count(y.size)
    ...     return np.zeros((n, 521)), np.full((n, 1024), np.abs(y).mean()), np.zeros((0, 64))
    >>> model = yamnet_module.Yamnet("tflite", ["x"] * 521, runner, __file__)
    >>> folder = tmp()
    >>> [e.shape for e in embed_clips(model, [np.ones(16000), np.ones(48000)], cache_dir=folder, progress=False)]
    [(2, 1024), (6, 1024)]
    >>> len(list(Path(folder).rglob("*.npy")))  # a second call reads these back
    2
    """
    from tqdm.auto import tqdm

    key = model_key(model)
    folder = cache.cache_dir(key, data_dir=cache_dir) if cache_dir is not None else cache.cache_dir("embeddings", key)
    bar = tqdm(list(clips), desc=t("transfer.embedding"), disable=not progress)
    done = batch.try_each(bar, functools.partial(_embedding, model, folder))
    return done.strict([embeddings for _, embeddings in done])


def frames_and_labels(embeddings: list[np.ndarray], labels, *, seed: int = 0):
    """Stack per-clip embeddings into frames; every frame gets its clip's label; shuffle both together.

    Parameters
    ----------
    embeddings : list of numpy.ndarray
        ``[frames, 1024]`` per clip (:func:`embed_clips`).
    labels : sequence of int
        One class id per clip.
    seed : int, optional
        The shuffle's seed.

    Returns
    -------
    frames : numpy.ndarray of float32
        ``[total frames, 1024]``.
    frame_labels : numpy.ndarray of int64

    Raises
    ------
    ParameterError
        When there are not as many labels as clips.

    Examples
    --------
    >>> x, y = frames_and_labels([np.zeros((2, 1024)), np.ones((3, 1024))], [0, 1])
    >>> x.shape, sorted(y.tolist())
    ((5, 1024), [0, 0, 1, 1, 1])
    """
    checks.same_length(embeddings, labels, "embeddings", "labels")
    x = np.concatenate(embeddings).astype(np.float32)
    y = np.concatenate([np.full(len(e), label, dtype=np.int64) for e, label in zip(embeddings, labels)])
    order = np.random.default_rng(seed).permutation(len(y))
    return x[order], y[order]


# --- the head ---------------------------------------------------------------------------

def build_head(num_classes: int, embedding_size: int = EMBEDDING_SIZE):
    """Dense(512, relu) on the 1024-D embedding, then Dense(num_classes, softmax).

    Raises
    ------
    ModelError
        When ``num_classes`` is below 2 (``models.bad_classes``).

    Examples
    --------
    >>> build_head(3).count_params()
    526339
    """
    keras = _keras()
    if num_classes < 2:
        raise ModelError("models.bad_classes", count=num_classes)
    return keras.Sequential([
        keras.Input(shape=(embedding_size,), name="embedding"),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(num_classes, activation="softmax"),
    ], name="yamnet_head")


def train_head(head, frames: np.ndarray, labels: np.ndarray, *, validation=None, epochs: int = 20,
               batch_size: int = 16, progress=None):
    """The lesson's recipe: Adam and cross-entropy on integer class ids, in batches of 16.

    Parameters
    ----------
    head : keras.Model
        From :func:`build_head`.
    frames, labels : numpy.ndarray
        Training frames ``[n, 1024]`` and their clips' class ids ``[n]``.
    validation : tuple of numpy.ndarray, optional
        ``(frames, labels)`` of *other clips* (lesson 3 uses fold 4). Frames drawn at
        random from the training frames would share clips with them and flatter the score.
    epochs, batch_size : int
        As in ``keras.Model.fit``.
    progress : callable, optional
        Receives one line per epoch in the course language (``print`` in a notebook).

    Returns
    -------
    keras.callbacks.History

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, y = rng.standard_normal((32, 1024)).astype("float32"), np.arange(32) % 2
    >>> history = train_head(build_head(2), x, y, validation=(x[:8], y[:8]), epochs=2)
    >>> sorted(history.history)
    ['accuracy', 'loss', 'val_accuracy', 'val_loss']
    """
    checks.same_length(frames, labels, "frames", "labels")
    epochs = checks.whole_number(epochs, "epochs")
    batch_size = checks.whole_number(batch_size, "batch_size")
    head.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return head.fit(frames, labels, validation_data=validation, epochs=epochs, batch_size=batch_size,
                    verbose=0, shuffle=True, callbacks=[epoch_log(progress)] if progress else [])


def clip_scores(head, embeddings: list[np.ndarray]) -> np.ndarray:
    """Each clip's class probabilities: the mean of its frames' predictions, ``[clips, classes]``.

    Examples
    --------
    >>> clip_scores(build_head(2), [np.zeros((3, 1024), "float32")]).shape
    (1, 2)
    """
    return np.stack([head.predict(np.asarray(e, np.float32), verbose=0).mean(axis=0)
                     for e in embeddings])


def evaluate_clips(head, embeddings, labels, class_names) -> Evaluation:
    """How a head does on whole clips: each clip's class is the mean of its frames' predictions.

    Parameters
    ----------
    head : keras.Model
        A trained head.
    embeddings : list of numpy.ndarray
        ``[frames, 1024]`` per clip.
    labels : sequence of int
        The clips' true class ids.
    class_names : sequence of str
        The head's classes, in its order.

    Returns
    -------
    kwscourse.evaluation.Evaluation
        Accuracy, ``predicted`` class ids and the confusion matrix (rows: true,
        columns: predicted).

    Examples
    --------
    >>> report = evaluate_clips(build_head(2), [np.zeros((3, 1024), "float32")] * 2, [0, 1], ["a", "b"])
    >>> report.count, int(report.confusion_matrix.sum()), report.accuracy
    (2, 2, 0.5)
    """
    checks.same_length(embeddings, labels, "embeddings", "labels")
    predicted = clip_scores(head, embeddings).argmax(axis=1)
    return evaluation(np.asarray(labels), predicted, class_names)


# --- one object: YAMNet + head + class names ------------------------------------------------

class ClipClassifier:
    """YAMNet, a trained head and the class names: audio in, a class out.

    Examples
    --------
    >>> from kwscourse.yamnet.frontend import frame_count
    >>> loudness = lambda y: (np.zeros((frame_count(y.size), 521)), np.full((frame_count(y.size), 1024), y.std()), None)
    >>> model = yamnet_module.Yamnet("tflite", ["x"] * 521, loudness, __file__)
    >>> classifier = ClipClassifier(model, build_head(2), ["crying_baby", "clock_alarm"])
    >>> label, score = classifier.predict(np.ones(32000, "float32"))
    >>> label in classifier.class_names, classifier.frame_scores(np.ones(32000, "float32")).shape
    (True, (4, 2))
    >>> again = ClipClassifier.load(classifier.save(tmp()), yamnet=model)
    >>> bool(np.all(again.scores(np.ones(32000)) == classifier.scores(np.ones(32000))))
    True
    """

    def __init__(self, yamnet, head, class_names):
        class_names = [str(c) for c in class_names]
        if head.output_shape[-1] != len(class_names):
            raise ModelError("transfer.class_count", classes=len(class_names), outputs=head.output_shape[-1])
        self.yamnet, self.head, self.class_names = yamnet, head, class_names

    def frame_scores(self, waveform, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
        """Head probabilities per YAMNet frame, ``[frames, classes]``."""
        embeddings = self.yamnet(waveform, sample_rate).embeddings
        return self.head.predict(embeddings, verbose=0)

    def scores(self, source, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
        """Class probabilities of a waveform or audio file (mean over frames)."""
        if isinstance(source, (str, Path)):
            source, sample_rate = audio.load(source, sr=SAMPLE_RATE)
        return self.frame_scores(source, sample_rate).mean(axis=0)

    def predict(self, source, sample_rate: int = SAMPLE_RATE) -> tuple[str, float]:
        """The top class and its probability for a waveform or audio file."""
        scores = self.scores(source, sample_rate)
        best = int(np.argmax(scores))
        return self.class_names[best], float(scores[best])

    def __call__(self, waveform, sample_rate: int = SAMPLE_RATE):
        """``(labels, scores)``, best first: the form live classifiers take."""
        scores = self.scores(waveform, sample_rate)
        order = np.argsort(scores)[::-1]
        return [self.class_names[i] for i in order], scores[order]

    def save(self, folder) -> Path:
        """Save the head (``head.keras``) and what it needs to be rebuilt (``classifier.json``)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.head.save(folder / HEAD_FILE)
        (folder / META_FILE).write_text(json.dumps({
            "class_names": self.class_names, "yamnet_backend": self.yamnet.backend,
            "yamnet_source": self.yamnet.source, "yamnet_key": model_key(self.yamnet)}, indent=1))
        return folder

    @classmethod
    def load(cls, folder, yamnet=None) -> "ClipClassifier":
        """Load a folder written by :meth:`save`; YAMNet is reloaded unless given."""
        folder = Path(folder)
        if not (folder / HEAD_FILE).is_file() or not (folder / META_FILE).is_file():
            raise ModelError("transfer.no_classifier", path=folder)
        meta = json.loads((folder / META_FILE).read_text())
        if yamnet is None:
            source = Path(meta["yamnet_source"])
            yamnet = (yamnet_module.load("tflite", model_file=source)
                      if meta["yamnet_backend"] == "tflite" and source.is_file()
                      else yamnet_module.load(meta["yamnet_backend"]))
        return cls(yamnet, _keras().models.load_model(folder / HEAD_FILE), meta["class_names"])

    def export_savedmodel(self, folder) -> Path:
        """Export one TensorFlow SavedModel from waveform to class (SavedModel backend only).

        The exported model takes a float32 16 kHz waveform ``[samples]`` and
        returns ``scores`` (the mean of the frames) and ``class_name``. It needs the real
        SavedModel YAMNet (a download), so the example is not run here.

        >>> classifier.export_savedmodel("lesson3_serving")  # doctest: +SKIP
        PosixPath('lesson3_serving')
        """
        tf = _tensorflow()
        if self.yamnet.backend != "savedmodel":
            raise ModelError("transfer.export_needs_savedmodel", backend=self.yamnet.backend)
        hub_model, head, names = self.yamnet.hub_model, self.head, tf.constant(self.class_names)

        class Serving(tf.Module):
            def __init__(self):
                super().__init__()
                # The head's weights, not the Keras object: see kwscourse._internal.tf.keras_weights.
                self.yamnet, self.head_weights, self.names = hub_model, keras_weights(head), names

            @tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="waveform")])
            def __call__(self, waveform):
                _, embeddings, _ = self.yamnet(waveform)
                scores = tf.reduce_mean(head(embeddings, training=False), axis=0)
                return {"scores": scores, "class_name": tf.gather(self.names, tf.argmax(scores))}

        folder = Path(folder)
        serving = Serving()
        save_module(serving, folder, signatures={"serving_default": serving.__call__})
        return folder
