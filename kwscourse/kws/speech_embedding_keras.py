"""Google's speech embedding rebuilt as Keras 3 models, with the weights of its two TFLite files.

:mod:`kwscourse.kws.speech_embedding` runs the two files (``melspectrogram.tflite``
and ``embedding_model.tflite``) with LiteRT, and the head of the embedding
recipe runs after them in Keras: three models to ship. Here every operator of
the two graphs is redone as a Keras layer, with the constants read from the
files at run time, so the whole recipe (waveform -> mel frames -> 9 x 96
embeddings -> class scores) is one Keras model, and converts to one ``.tflite``
file with :func:`kwscourse.export.tflite.convert`::

    >>> embedder = build_clip_embedder()
    >>> embedder.input_shape, embedder.output_shape
    ((None, 16000), (None, 9, 96))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import speech_embedding as se
from .._internal.tf import keras as _keras
from ..audio.waveform import SAMPLE_RATE
from ..i18n import ModelError

MEL_FILE, EMBEDDING_FILE = "melspectrogram.tflite", "embedding_model.tflite"
#: ``SpeechEmbedding.mel_frames`` maps the file's decibels to ``db / 10 + 2``: the embedding's input scale.
MEL_DIVISOR, MEL_OFFSET = 10.0, 2.0
CLIP_PAD = (se.CLIP_SAMPLES - SAMPLE_RATE) // 2  #: zeros each side of a 1-s clip, as ``embed_clip`` centres it
WINDOWS = se.window_count(se.CLIP_SAMPLES)  #: 9 windows in the padded 1.5 s
#: The operators of ``melspectrogram.tflite`` that compute (shape operators left out).
MEL_OPS = ("CONV_2D", "MUL", "CONV_2D", "MUL", "ADD", "BATCH_MATMUL", "MINIMUM", "MAXIMUM", "LOG", "MUL", "MUL",
           "MINIMUM", "REDUCE_MAX", "SUB", "MAXIMUM")
_SHAPE_OPS = {"EXPAND_DIMS", "TRANSPOSE", "SQUEEZE", "RESHAPE"}
_EMBEDDING_OPS = {"PAD", "CONV_2D", "LEAKY_RELU", "MAXIMUM", "MAX_POOL_2D"}


@dataclass(frozen=True, eq=False)
class Operator:
    """One operator of a TFLite graph: its name, its options, and its constant inputs (None for a computed one).

    >>> Operator("LOG", {}, (None,)).name
    'LOG'
    """

    name: str
    options: dict
    constants: tuple


def read_operators(path) -> list[Operator]:
    """The operators of a single-graph ``.tflite`` file, in execution order, read with LiteRT's own tools.

    Parameters
    ----------
    path : path
        A TFLite flatbuffer.

    Returns
    -------
    list of Operator
        Constant inputs come as NumPy arrays in the file's layout (float32 or int32).

    Examples
    --------
    >>> [op.name for op in read_operators(se.model_files()["embedding_model.tflite"])][:3]
    ['PAD', 'CONV_2D', 'LEAKY_RELU']
    """
    from ai_edge_litert import schema_py_generated as schema
    from ai_edge_litert.tools import flatbuffer_utils

    model = flatbuffer_utils.read_model(str(path))
    names = {code: name for name, code in vars(schema.BuiltinOperator).items() if not name.startswith("_")}
    dtypes = {schema.TensorType.FLOAT32: np.float32, schema.TensorType.INT32: np.int32}
    graph = model.subgraphs[0]

    def constant(index):
        tensor = graph.tensors[index] if index >= 0 else None
        data = model.buffers[tensor.buffer].data if tensor is not None else None
        if data is None or len(data) == 0:
            return None
        return np.frombuffer(bytes(data), dtypes[tensor.type]).reshape(tensor.shape)

    operators = []
    for op in graph.operators:
        code = model.operatorCodes[op.opcodeIndex]
        # Old files keep small opcodes in the deprecated field: the larger of the two is the real one.
        name = names[max(code.builtinCode, code.deprecatedBuiltinCode)]
        options = dict(vars(op.builtinOptions)) if op.builtinOptions is not None else {}
        operators.append(Operator(name, options, tuple(constant(i) for i in op.inputs)))
    return operators


def _checked(operators, file: str) -> list[Operator]:
    """``operators`` without shape operators, when they are what the Keras rebuild does; else ModelError."""
    computing = [op for op in operators if op.name not in _SHAPE_OPS]
    found = tuple(op.name for op in computing)
    known = found == MEL_OPS if file == MEL_FILE else bool(found) and set(found) <= _EMBEDDING_OPS
    if not known:
        raise ModelError("embedding.unexpected_graph", name=file, found=", ".join(found) or "-")
    return computing


def _mel_constants(operators) -> dict:
    """The front end's constants by role (``operators`` in :data:`MEL_OPS` order)."""
    # The first DFT filter bank holds the sines (all zero at 0 Hz), the second the cosines.
    sines, _, cosines, _, _, mel, ceiling, floor, _, gain, log10_e, db_ceiling, _, top_db, _ = operators

    def kernel(op):  # a TFLite filter is [out, 1, taps, 1]; a Keras Conv1D kernel is [taps, 1, out]
        return np.ascontiguousarray(op.constants[1][:, 0, :, 0].T[:, None, :])

    return {"dft_sin": kernel(sines), "dft_cos": kernel(cosines), "dft_sin_bias": sines.constants[2],
            "dft_cos_bias": cosines.constants[2], "hop": int(sines.options["strideW"]),
            "mel_matrix": mel.constants[1], "power_ceiling": float(ceiling.constants[1]),
            "power_floor": float(floor.constants[1]), "log_gain": float(gain.constants[1]),
            "log10_e": float(log10_e.constants[1]), "db_ceiling": float(db_ceiling.constants[1]),
            "top_db": float(top_db.constants[1])}


def read_weights(files=None) -> dict:
    """The constants of both graphs by role: what the Keras models need to compute what the files compute.

    Parameters
    ----------
    files : dict of str to path, optional
        The two files (default: :func:`kwscourse.kws.speech_embedding.model_files`).

    Returns
    -------
    dict
        The front end's DFT kernels (``dft_sin``, ``dft_cos``, Conv1D layout ``[512, 1, 257]``),
        their biases, ``hop``, ``mel_matrix`` ``[257, 32]``, the clamps ``power_ceiling`` and
        ``power_floor``, ``log_gain`` (10) and ``log10_e``, ``db_ceiling`` and ``top_db`` (80);
        and ``embedding``, the embedding network's operators in order.

    Raises
    ------
    ModelError
        ``embedding.unexpected_graph`` when a file does not hold the operators expected.

    Examples
    --------
    >>> weights = read_weights()
    >>> weights["dft_cos"].shape, weights["mel_matrix"].shape, weights["top_db"]
    ((512, 1, 257), (257, 32), 80.0)
    """
    files = files or se.model_files()
    mel = _checked(read_operators(files[MEL_FILE]), MEL_FILE)
    embedding = _checked(read_operators(files[EMBEDDING_FILE]), EMBEDDING_FILE)
    return {**_mel_constants(mel), "embedding": embedding}


def _front_end(weights: dict, name: str = "speech_embedding_front_end"):
    """The Keras front end of :func:`build_front_end`, from :func:`read_weights`' constants."""
    keras = _keras()
    ops, layers = keras.ops, keras.layers
    waveform = keras.Input((None,), name="waveform")
    x = ops.expand_dims(waveform * se.INT16_SCALE, -1)  # the file wants samples in the int16 range
    taps, _, bins = weights["dft_cos"].shape
    dft = {part: layers.Conv1D(bins, taps, strides=weights["hop"], name=part) for part in ("dft_sin", "dft_cos")}
    sines, cosines = dft["dft_sin"](x), dft["dft_cos"](x)
    power = cosines * cosines + sines * sines
    mel_layer = layers.Dense(weights["mel_matrix"].shape[1], use_bias=False, name="mel_matrix")
    mel = ops.maximum(ops.minimum(mel_layer(power), weights["power_ceiling"]), weights["power_floor"])
    db = ops.log(mel) * weights["log_gain"] * weights["log10_e"]
    # Nothing more than top_db below the loudest band of the whole clip (the file's batch is one clip).
    loudest = ops.max(db, axis=(1, 2), keepdims=True)
    db = ops.maximum(ops.minimum(db, weights["db_ceiling"]), loudest - weights["top_db"])
    # The converter turns a division by a constant into a product by 0.1, one ulp off mel_frames' x / 10 (the
    # embedding amplifies that ~100-fold): a divisor it cannot fold keeps a true DIV (loudest is finite: 0 + 10).
    divisor = (loudest - loudest) + MEL_DIVISOR
    model = keras.Model(waveform, db / divisor + MEL_OFFSET, name=name)
    for part, layer in dft.items():
        layer.set_weights([weights[part], weights[f"{part}_bias"]])
    mel_layer.set_weights([weights["mel_matrix"]])
    model.trainable = False
    return model


def build_front_end(files=None):
    """Waveform in [-1, 1] ``[batch, samples]`` -> ``[batch, frames, 32]`` mel features, as ``mel_frames`` gives.

    Frames are ``(samples - 512) // 160 + 1``, 97 for one second. The 80 dB floor
    is per clip: each waveform of a batch is one call of ``melspectrogram.tflite``.
    The weights are frozen (``trainable`` is False).

    Parameters
    ----------
    files : dict of str to path, optional
        The two model files (default: :func:`kwscourse.kws.speech_embedding.model_files`).

    Returns
    -------
    keras.Model

    Examples
    --------
    >>> front_end = build_front_end()
    >>> tuple(front_end(np.zeros((2, 16000), "float32")).shape)
    (2, 97, 32)
    """
    return _front_end(read_weights(files))


def _padding(options: dict) -> str:
    from ai_edge_litert import schema_py_generated as schema

    return "same" if options["padding"] == schema.Padding.SAME else "valid"


def _layer(op: Operator, index: int):
    """The Keras layer doing ``op`` (the ``index``-th of its kind), and the weights to give it once built."""
    layers = _keras().layers
    if op.name == "PAD":
        (_, _), (top, bottom), (left, right), (_, _) = op.constants[1].tolist()
        return layers.ZeroPadding2D(((top, bottom), (left, right)), name=f"pad_{index}"), None
    if op.name == "CONV_2D":
        kernel = np.ascontiguousarray(op.constants[1].transpose(1, 2, 3, 0))  # [out, h, w, in] -> [h, w, in, out]
        return layers.Conv2D(kernel.shape[-1], kernel.shape[:2], strides=(op.options["strideH"], op.options["strideW"]),
                             padding=_padding(op.options), name=f"conv_{index}"), [kernel, op.constants[2]]
    if op.name == "LEAKY_RELU":
        return layers.LeakyReLU(negative_slope=op.options["alpha"], name=f"leaky_relu_{index}"), None
    if op.name == "MAX_POOL_2D":
        return layers.MaxPooling2D((op.options["filterHeight"], op.options["filterWidth"]),
                                   strides=(op.options["strideH"], op.options["strideW"]),
                                   padding=_padding(op.options), name=f"max_pool_{index}"), None
    floor = float(op.constants[1])  # MAXIMUM (the only operator left): the leaky ReLU is cut at a floor
    return (lambda x: _keras().ops.maximum(x, floor)), None


def _embedding_network(weights: dict, name: str = "speech_embedding_network"):
    """The Keras network of :func:`build_embedding_network`, from :func:`read_weights`' constants."""
    keras = _keras()
    frames = keras.Input((se.WINDOW_FRAMES, se.MEL_BANDS, 1), name="mel_window")
    x, to_set, seen = frames, [], []
    for op in weights["embedding"]:
        layer, values = _layer(op, seen.count(op.name))
        seen.append(op.name)
        x = layer(x)
        if values is not None:
            to_set.append((layer, values))
    model = keras.Model(frames, keras.layers.Flatten(name="embedding")(x), name=name)
    for layer, values in to_set:
        layer.set_weights(values)
    model.trainable = False
    return model


def build_embedding_network(files=None):
    """``[batch, 76, 32, 1]`` mel windows -> ``[batch, 96]`` embeddings, as ``embedding_model.tflite``.

    Twenty convolutions, each but the last followed by a leaky ReLU (slope 0.2)
    cut at -0.4, with five max-pools between them. The weights are frozen.

    Parameters
    ----------
    files : dict of str to path, optional
        The two model files (default: :func:`kwscourse.kws.speech_embedding.model_files`).

    Returns
    -------
    keras.Model

    Examples
    --------
    >>> network = build_embedding_network()
    >>> tuple(network(np.zeros((3, 76, 32, 1), "float32")).shape)
    (3, 96)
    """
    return _embedding_network(read_weights(files))


def window_starts() -> np.ndarray:
    """The first mel frame of each of the 9 windows of a padded clip (76 frames long, one every 8).

    Examples
    --------
    >>> window_starts().tolist()
    [0, 8, 16, 24, 32, 40, 48, 56, 64]
    """
    return np.arange(WINDOWS) * se.WINDOW_STEP


def build_clip_embedder(files=None):
    """A one-second clip ``[batch, 16000]`` -> ``[batch, 9, 96]``, as ``SpeechEmbedding.embed_clip``.

    The clip is centred in 1.5 s of zeros (4000 samples each side), turned into
    147 mel frames, and the 9 windows (76 frames every 8) are cut inside the
    model with one gather, so the converter needs builtin operators only.
    Shorter clips must be centred in one second first, to match ``embed_clip``.

    Parameters
    ----------
    files : dict of str to path, optional
        The two model files (default: :func:`kwscourse.kws.speech_embedding.model_files`).

    Returns
    -------
    keras.Model
        Its front end and embedding network are frozen sub-models.

    Examples
    --------
    >>> embedder = build_clip_embedder()
    >>> tuple(embedder(np.zeros((2, 16000), "float32")).shape)
    (2, 9, 96)
    """
    keras = _keras()
    ops = keras.ops
    weights = read_weights(files)
    front_end, network = _front_end(weights), _embedding_network(weights)
    clip = keras.Input((SAMPLE_RATE,), name="waveform")
    frames = front_end(ops.pad(clip, [[0, 0], [CLIP_PAD, CLIP_PAD]]))
    indices = window_starts()[:, None] + np.arange(se.WINDOW_FRAMES)[None, :]  # [9, 76] frame numbers
    windows = ops.take(frames, indices.astype("int32"), axis=1)  # [batch, 9, 76, 32]
    embeddings = network(ops.reshape(windows, (-1, se.WINDOW_FRAMES, se.MEL_BANDS, 1)))
    model = keras.Model(clip, ops.reshape(embeddings, (-1, WINDOWS, se.EMBEDDING_SIZE)), name="clip_embedder")
    model.trainable = False
    return model


def one_file_model(head, files=None, *, clip_embedder=None):
    """The whole embedding recipe as one model: a one-second waveform ``[batch, 16000]`` -> softmax scores.

    The clip embedder's weights are frozen; ``head`` is used as it is (its weights
    are shared, not copied), so training this model fine-tunes the head. The
    scores are those of :class:`kwscourse.kws.head.EmbeddingSpotter`.

    Parameters
    ----------
    head : keras.Model
        ``[batch, 9, 96]`` embeddings -> logits, such as :func:`kwscourse.kws.head.build_head` makes.
    files : dict of str to path, optional
        The two model files (default: :func:`kwscourse.kws.speech_embedding.model_files`).
    clip_embedder : keras.Model, optional
        One made by :func:`build_clip_embedder`, to reuse.

    Returns
    -------
    keras.Model

    Raises
    ------
    ModelError
        ``embedding.head_input`` when the head does not take ``[9, 96]`` embeddings.

    Examples
    --------
    >>> from kwscourse.kws.head import build_head
    >>> model = one_file_model(build_head(3))
    >>> scores = np.asarray(model(np.zeros((1, 16000), "float32")))
    >>> scores.shape, bool(np.isclose(scores.sum(), 1.0))
    ((1, 3), True)
    """
    keras = _keras()
    shape = tuple(head.inputs[0].shape[1:]) if getattr(head, "inputs", None) else None
    if shape != (WINDOWS, se.EMBEDDING_SIZE):
        raise ModelError("embedding.head_input", shape=shape, windows=WINDOWS, size=se.EMBEDDING_SIZE)
    embedder = clip_embedder if clip_embedder is not None else build_clip_embedder(files)
    embedder.trainable = False
    waveform = keras.Input((SAMPLE_RATE,), name="waveform")
    scores = keras.layers.Softmax(name="scores")(head(embedder(waveform)))
    return keras.Model(waveform, scores, name="speech_embedding_keyword_spotter")
