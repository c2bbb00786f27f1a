"""Taking a model to a phone: one ``.tflite`` file that LiteRT and MediaPipe Tasks run, with its class names inside.

A course model is converted with TensorFlow's TFLite converter (optionally
with dynamic-range int8 weights) and written with standard **TFLite Model
Metadata** (:mod:`kwscourse.export.metadata`): the audio input's sample rate,
the labels as the output's label file, and ``kwscourse.json``, which says how
to feed the model. MediaPipe Tasks' ``AudioClassifier`` (Android, iOS, web,
Python) loads the file as it is; LiteRT's ``Interpreter`` ignores the metadata.

    >>> card_for(["yes", "no"], {"kind": "clip", "input_samples": 15600}).labels
    ('yes', 'no')
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from .. import __version__
from ..audio import waveform as audio
from ..kws import features
from ..kws import head as kws_embedding
from ..kws import cnn as models
from ..kws import speech_embedding
from . import metadata as tflite_metadata
from ..yamnet import frontend as yamnet_frontend
from .._internal.quiet import quieter
from .._internal.tf import _filtered_stderr, keras as _keras, tensorflow
from ..i18n import ModelError, t
from ..messages import CATALOGUE

#: How a waveform reaches the model: one second, its loudest (lesson 1), or windows whose scores are averaged (lesson 3).
KINDS = ("keyword", "clip")


def convert(function, input_spec, *, holds=(), quantize: bool = False) -> bytes:
    """The TFLite flatbuffer of ``function`` traced at ``input_spec`` (builtin ops only, so plain LiteRT runs it).

    The function is saved as a SavedModel signature first, with the models it
    calls, then converted: the converter's route that keeps Keras 3 weights.

    Parameters
    ----------
    function : callable
        TensorFlow code from one input tensor to one output tensor.
    input_spec : tf.TensorSpec
        The fixed input shape and type, such as ``[1, 16000]`` float32.
    holds : sequence, optional
        The models (Keras models, tf.Modules) whose weights ``function`` uses.
    quantize : bool, optional
        Store the weights as int8 (dynamic-range quantization): about four times smaller.

    Returns
    -------
    bytes

    Examples
    --------
    >>> tf = tensorflow()
    >>> convert(lambda x: 2.0 * x, tf.TensorSpec([1, 4], tf.float32))[4:8]
    b'TFL3'
    """
    tf, keras = tensorflow(), _keras()
    archive = keras.export.ExportArchive()  # tracks Keras 3 weights where a bare tf.Module loses them
    for model in holds:
        archive.track(model)
    archive.add_endpoint("serve", lambda x: function(x), input_signature=[input_spec])
    with tempfile.TemporaryDirectory() as folder:
        with quieter(tf.get_logger()), contextlib.redirect_stdout(io.StringIO()):
            archive.write_out(folder, verbose=False)
        converter = tf.lite.TFLiteConverter.from_saved_model(folder)
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
        if quantize:
            converter.optimizations = [tf.lite.Optimize.DEFAULT]
        with quieter(tf.get_logger()), quieter("absl"):
            return converter.convert()


def card_for(labels, manifest: dict, lang: str | None = None) -> tflite_metadata.ModelCard:
    """The metadata an exported file carries: its name, a description (in ``lang``), the audio input and the labels.

    Examples
    --------
    >>> card_for(["yes", "no"], {"model": "keyword_cnn", "kind": "keyword", "input_samples": 16000}).description
    'Lesson 1 CNN: 1.00 s of 16000 Hz mono audio in, one score for each of 2 classes out.'
    >>> card_for(["sí", "no"], {"model": "keyword_cnn"}, lang="es").name
    'CNN de la lección 1'
    """
    rate = int(manifest.get("sample_rate", audio.SAMPLE_RATE))
    seconds = int(manifest.get("input_samples", rate)) / rate
    model = str(manifest.get("model", "course"))
    name = t(f"tflite.model_{model}", lang) if f"tflite.model_{model}" in CATALOGUE else model
    description = t("tflite.description", lang, name=name, seconds=seconds, rate=rate, count=len(labels))
    return tflite_metadata.ModelCard(name, description, __version__, rate, tuple(labels), dict(manifest))


def save(path, flatbuffer: bytes, labels, manifest: dict) -> Path:
    """Write ``flatbuffer`` with TFLite Model Metadata, its labels and manifest to ``path``; return the path.

    The file is what MediaPipe Tasks' ``AudioClassifier`` loads on a phone or in a
    browser: see :mod:`kwscourse.export.metadata`.

    Examples
    --------
    >>> tf = tensorflow()
    >>> blob = convert(lambda x: tf.nn.softmax(tf.concat([x, -x], 1)), tf.TensorSpec([1, 1], tf.float32))
    >>> path = save(Path(tmp()) / "m.tflite", blob, ["a", "b"], {"kind": "keyword"})
    >>> read_labels(path)
    ['a', 'b']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(tflite_metadata.with_metadata(flatbuffer, card_for(list(labels), manifest)))
    return path


def read_labels(path) -> list[str]:
    """The class names carried inside an exported ``.tflite`` file (its metadata's label file).

    Raises
    ------
    ModelError
        ``tflite.no_labels`` when the file carries none (for example a plain converter output).

    Examples
    --------
    >>> plain = Path(tmp()) / "plain.tflite"; _ = plain.write_bytes(b"model")
    >>> read_labels(plain)
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: plain.tflite carries no class names: export it with kwscourse (kws export or transfer export), which writes TFLite Model Metadata with the labels inside the file.
    """
    return list(tflite_metadata.read_card(path).labels)


def read_manifest(path) -> dict:
    """How to feed an exported file: ``kind``, ``sample_rate``, ``input_samples``, ``hop_samples``.

    Files exported before the course wrote metadata are read from their zip.

    Examples
    --------
    >>> legacy = tflite_metadata.attach_files(b"model", {"labels.txt": b"a\\n", "kwscourse.json": b'{"kind": "clip"}'})
    >>> path = Path(tmp()) / "old.tflite"; _ = path.write_bytes(legacy)
    >>> read_manifest(path)["kind"]
    'clip'
    """
    card = tflite_metadata.read_card(path)
    return {**card.manifest, "sample_rate": card.sample_rate}


def is_exported(path) -> bool:
    """True for a ``.tflite`` file made by this module (it carries labels and a manifest).

    Examples
    --------
    >>> is_exported("/nonexistent.tflite")
    False
    """
    try:
        read_manifest(path)
    except ModelError:
        return False
    return True


class ExportedClassifier:
    """An exported file run by LiteRT on one thread: a waveform in, the scores of its own labels out.

    A ``"keyword"`` model hears the loudest window of the audio (one second for
    lesson 1); a ``"clip"`` model (lesson 3) hears YAMNet's windows, 0.975 s every
    0.48 s, and averages them.

    Examples
    --------
    >>> tf = tensorflow()
    >>> share = lambda x: tf.nn.softmax(tf.stack([tf.reduce_mean(x, 1), -tf.reduce_mean(x, 1)], 1))
    >>> blob = convert(share, tf.TensorSpec([1, 160], tf.float32))
    >>> manifest = {"kind": "keyword", "sample_rate": 16000, "input_samples": 160}
    >>> model = ExportedClassifier(save(Path(tmp()) / "m.tflite", blob, ["up", "down"], manifest))
    >>> model.top_k(np.full(800, 0.5, "float32"), 1)
    [('up', 0.731...)]
    """

    def __init__(self, path, *, threads: int = 1):
        from ai_edge_litert.interpreter import Interpreter

        self.path = Path(path)
        self.card = tflite_metadata.read_card(self.path)
        self.labels, self.manifest = list(self.card.labels), read_manifest(self.path)
        self.interpreter = Interpreter(model_path=str(self.path), num_threads=threads)
        with _filtered_stderr():  # LiteRT announces its XNNPACK delegate on fd 2, once per process
            self.interpreter.allocate_tensors()
        self._input = self.interpreter.get_input_details()[0]
        self._output = self.interpreter.get_output_details()[0]
        expected = int(self.manifest.get("input_samples", 0))
        self._front_end = None
        if self.manifest.get("front_end") == "speech_embedding":  # the head only: embed first
            self._front_end = speech_embedding.load()
            expected_shape = [1, *self.manifest["head_input"]]
        else:
            expected_shape = [1, expected]
        if self._input["dtype"] != np.float32 or list(self._input["shape"]) != expected_shape:
            raise ModelError("tflite.bad_input", name=self.path.name, shape=[int(n) for n in self._input["shape"]],
                             dtype=np.dtype(self._input["dtype"]).name, expected=expected)
        if int(self._output["shape"][-1]) != len(self.labels):
            raise ModelError("tflite.label_count", name=self.path.name, outputs=int(self._output["shape"][-1]),
                             labels=len(self.labels))

    @property
    def input_samples(self) -> int:
        """Samples in one window the model hears."""
        return int(self.manifest["input_samples"])

    def run_window(self, window: np.ndarray) -> np.ndarray:
        """The model's scores for one window of exactly :attr:`input_samples` samples."""
        window = np.asarray(window, np.float32)
        if self._front_end is not None:
            window = self._front_end.embed_clips([window])[0]
        self.interpreter.set_tensor(self._input["index"], window[np.newaxis])
        self.interpreter.invoke()
        return self.interpreter.get_tensor(self._output["index"])[0].copy()

    def latency_ms(self, window, repeats: int = 50) -> float:
        """Median milliseconds of one :meth:`run_window` call (after one warm-up call).

        >>> tf = tensorflow()
        >>> blob = convert(lambda x: tf.nn.softmax(tf.concat([x, -x], 1)), tf.TensorSpec([1, 1], tf.float32))
        >>> path = save(Path(tmp()) / "m.tflite", blob, ["a", "b"], {"kind": "keyword", "input_samples": 1})
        >>> ExportedClassifier(path).latency_ms(np.zeros(1, "float32"), repeats=3) > 0
        True
        """
        self.run_window(window)
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            self.run_window(window)
            runs.append(1000 * (time.perf_counter() - start))
        return float(np.median(runs))

    def windows(self, waveform) -> np.ndarray:
        """The ``[n, input_samples]`` windows the model hears for ``waveform`` (16 kHz mono)."""
        y = audio.as_float32(waveform)
        if self.manifest["kind"] == "keyword":
            return audio.loudest_window(y, self.input_samples)[np.newaxis, :]
        return yamnet_frontend.frame_waveform(y)  # a clip model is YAMNet's: its own windows

    def scores(self, waveform) -> np.ndarray:
        """One score per label: the mean over the windows of :meth:`windows`."""
        return np.mean([self.run_window(window) for window in self.windows(waveform)], axis=0)

    def top_k(self, waveform, k: int = 5) -> list:
        """``[(label, score), ...]`` of the ``k`` best labels."""
        scores = self.scores(waveform)
        return [(self.labels[i], float(scores[i])) for i in np.argsort(scores)[::-1][:k]]

    def classify_file(self, path, k: int = 5) -> list:
        """:meth:`top_k` of an audio file, read at the model's rate."""
        waveform, _ = audio.load(path, sr=int(self.manifest.get("sample_rate", audio.SAMPLE_RATE)))
        return self.top_k(waveform, k)


def export_keyword_folder(model_dir, path, *, quantize: bool = False) -> Path:
    """A saved keyword model folder (either recipe, what ``kws train`` writes) as one ``.tflite`` file.

    Examples
    --------
    >>> from kwscourse.kws import head as kws_embedding
    >>> folder = kws_embedding.save(kws_embedding.build_head(2), ["no", "yes"], tmp())
    >>> read_labels(export_keyword_folder(folder, Path(tmp()) / "kws.tflite"))
    ['no', 'yes']
    """
    model_dir = Path(model_dir)
    if models.model_recipe(model_dir) == "embedding":
        spotter, labels = kws_embedding.load(model_dir)
        return export_embedding_model(spotter.head, labels, path, quantize=quantize)
    if not (model_dir / models.KERAS_FILE).is_file() or not (model_dir / models.LABELS_FILE).is_file():
        raise ModelError("models.no_model", path=model_dir)
    labels = json.loads((model_dir / models.LABELS_FILE).read_text())
    cnn = _keras().models.load_model(model_dir / models.KERAS_FILE)
    return export_keyword_model(cnn, labels, path, quantize=quantize)


def _written(path, function, input_spec, holds, labels, manifest: dict, quantize: bool) -> Path:
    manifest = {**manifest, "sample_rate": audio.SAMPLE_RATE, "quantized": bool(quantize)}
    return save(path, convert(function, input_spec, holds=holds, quantize=quantize), labels, manifest)


def export_keyword_model(model, labels, path, *, quantize: bool = False) -> Path:
    """Lesson 1's CNN as one ``.tflite``: a one-second float32 waveform ``[1, 16000]`` in, softmax scores out.

    The STFT runs inside the file (TFLite has RFFT), exactly as
    :func:`kwscourse.kws.features.spectrogram` computes it for training.

    Parameters
    ----------
    model : keras.Model
        Spectrograms in, logits out (what :func:`kwscourse.kws.cnn.build_kws_model` builds).
    labels : sequence of str
        Its classes, in order; they go inside the file.
    path : path
        Where to write the file.
    quantize : bool, optional
        int8 weights (dynamic-range quantization).

    Returns
    -------
    pathlib.Path
        ``path``, now a LiteRT model with its labels and manifest inside.

    Examples
    --------
    >>> from kwscourse.kws import cnn as models
    >>> cnn = models.build_kws_model((124, 129, 1), ["no", "yes"])
    >>> path = export_keyword_model(cnn, ["no", "yes"], Path(tmp()) / "kws.tflite")
    >>> ExportedClassifier(path).scores(np.zeros(16000, "float32")).shape
    (2,)
    """
    tf = tensorflow()
    spec = tf.TensorSpec([1, audio.SAMPLE_RATE], tf.float32, name="waveform")
    manifest = {"kind": "keyword", "input_samples": audio.SAMPLE_RATE, "model": "keyword_cnn"}
    return _written(path, lambda waveform: tf.nn.softmax(model(features.spectrogram(waveform), training=False)),
                    spec, [model], labels, manifest, quantize)


def export_embedding_model(head, labels, path, *, quantize: bool = False) -> Path:
    """The whole speech-embedding recipe as one ``.tflite``: a one-second waveform ``[1, 16000]`` in, scores out.

    Google's speech embedding (two TFLite graphs, :mod:`kwscourse.kws.speech_embedding`) is
    rebuilt as Keras layers with the same weights (:mod:`kwscourse.kws.speech_embedding_keras`)
    and joined to the head, so a phone or a web page runs one file with no side files.
    The clip is centred in 1.5 s inside the file, as the head was trained.

    Dynamic-range int8 (``quantize``) suits this recipe less than the CNN: it quantises the
    front end's DFT and, at run time, the waveform to 8 bits, while the mel features span 80 dB.
    Embeddings move by up to 44; the top class of a head trained on the 80 real clips stayed
    the same on 75 of them (``tests/test_speech_embedding_keras.py``, ``docs/benchmarks.md``).

    Examples
    --------
    >>> from kwscourse.kws import head as kws_embedding
    >>> path = export_embedding_model(kws_embedding.build_head(2), ["no", "yes"], Path(tmp()) / "e.tflite")
    >>> read_manifest(path)["model"], ExportedClassifier(path).scores(np.zeros(16000, "float32")).shape
    ('embedding_recipe', (2,))
    """
    from ..kws import speech_embedding_keras

    tf = tensorflow()
    whole = speech_embedding_keras.one_file_model(head)
    spec = tf.TensorSpec([1, audio.SAMPLE_RATE], tf.float32, name="waveform")
    manifest = {"kind": "keyword", "input_samples": audio.SAMPLE_RATE,
                "model": "embedding_recipe", "sha256": dict(speech_embedding.FILES)}
    return _written(path, lambda waveform: whole(waveform, training=False), spec, [whole], labels, manifest,
                    quantize)


def export_clip_classifier(classifier, path, *, quantize: bool = False) -> Path:
    """Lesson 3's classifier end to end (waveform -> YAMNet -> head -> clip scores) as one ``.tflite``.

    The input is YAMNet's window, 0.975 s (``[1, 15600]`` at 16 kHz); longer audio
    is heard window by window, every 0.48 s, and the scores are averaged, as
    :meth:`kwscourse.transfer.ClipClassifier.scores` does. It needs YAMNet's
    SavedModel (its TFLite file cannot be joined to the head).

    Raises
    ------
    ModelError
        ``tflite.needs_savedmodel`` when the classifier's YAMNet is the TFLite one.

    Examples
    --------
    >>> from kwscourse import transfer, yamnet
    >>> tiny = yamnet.Yamnet("tflite", ["a"], lambda y: None, "stand-in")
    >>> export_clip_classifier(transfer.ClipClassifier(tiny, transfer.build_head(2), ["x", "y"]), "c.tflite")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: A one-file TFLite export of this classifier needs YAMNet's SavedModel...
    """
    if classifier.yamnet.backend != "savedmodel":
        raise ModelError("tflite.needs_savedmodel", backend=classifier.yamnet.backend)
    tf = tensorflow()
    hub_model, head = classifier.yamnet.hub_model, classifier.head

    def clip_scores(waveform):
        _, embeddings, _ = hub_model(tf.reshape(waveform, [-1]))
        return tf.reduce_mean(head(embeddings, training=False), axis=0, keepdims=True)

    window = yamnet_frontend.WINDOW
    spec = tf.TensorSpec([1, window], tf.float32, name="waveform")
    manifest = {"kind": "clip", "input_samples": window, "hop_samples": yamnet_frontend.HOP,
                "model": "clip_classifier"}
    return _written(path, clip_scores, spec, [hub_model, head], classifier.class_names, manifest, quantize)
