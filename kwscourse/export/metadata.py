"""TFLite Model Metadata: what MediaPipe Tasks' ``AudioClassifier`` reads from a model file.

Phone and web apps (Android, iOS, the browser) run audio models through
MediaPipe Tasks, which refuses a ``.tflite`` file without standard **TFLite
Model Metadata**: a flatbuffer (file identifier ``M001``) stored in the model's
``TFLITE_METADATA`` buffer. It says what the input is (audio: sample rate and
channels) and names the label file of the classification output. The label
file and our manifest travel in an uncompressed zip appended to the model,
where MediaPipe's reader (and any zip tool) finds them.

The metadata tables are built with the schema MediaPipe ships
(``mediapipe/tasks/metadata/metadata_schema_py_generated.py``, plain Python over
``flatbuffers``) and joined to the model with LiteRT's own flatbuffer schema.
Only that one file of the ``mediapipe`` wheel is loaded, so writing metadata
imports neither OpenCV nor MediaPipe's native code.

    >>> card = ModelCard("demo", "a test", "1", 16000, ("yes", "no"), {"kind": "keyword"})
    >>> card.label_file, card.channels
    ('labels.txt', 1)
"""

from __future__ import annotations

import functools
import importlib.util
import io
import json
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..audio.waveform import SAMPLE_RATE
from ..i18n import ModelError

METADATA_NAME = "TFLITE_METADATA"  #: the model's metadata entry that MediaPipe looks for
IDENTIFIER = b"M001"
#: AudioProperties came with metadata parser 1.3.0; MediaPipe's reader (1.5.0) refuses newer files.
MIN_PARSER_VERSION = "1.3.0"
LABELS_MEMBER = "labels.txt"
MANIFEST_MEMBER = "kwscourse.json"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # a fixed time stamp: the same model exports to the same bytes
_ALIGNMENT = 16  # LiteRT's converter aligns weight buffers to 16 bytes; keep it when repacking


@dataclass(frozen=True)
class ModelCard:
    """What a model file says about itself: written into its metadata, read back from it.

    Attributes
    ----------
    name, description, version : str
        Shown by metadata viewers (Netron, MediaPipe's displayer).
    sample_rate : int
        The rate the model hears at; MediaPipe resamples the app's audio to it.
    labels : tuple of str
        One name per score, in order (the label file of the output).
    manifest : dict
        How kwscourse feeds the model (``kind``, ``input_samples``...): ``kwscourse.json``.
    channels : int
        Audio channels of the input (1: mono).
    label_file : str
        The label file's name inside the model.
    has_metadata : bool
        False for a file exported before the course wrote metadata (read from its zip only).
    """

    name: str
    description: str
    version: str
    sample_rate: int
    labels: tuple
    manifest: dict = field(default_factory=dict)
    channels: int = 1
    label_file: str = LABELS_MEMBER
    has_metadata: bool = True


@functools.cache
def schema():
    """MediaPipe's metadata schema module (``tflite`` namespace), loaded alone from the ``mediapipe`` wheel.

    Raises
    ------
    ModelError
        ``tflite.needs_mediapipe`` when ``mediapipe`` is not installed.

    Examples
    --------
    >>> schema().AssociatedFileType.TENSOR_AXIS_LABELS
    2
    """
    package = importlib.util.find_spec("mediapipe")  # finds the folder without running its __init__
    location = package and package.submodule_search_locations
    path = Path(location[0]) / "tasks" / "metadata" / "metadata_schema_py_generated.py" if location else None
    if path is None or not path.is_file():
        raise ModelError("tflite.needs_mediapipe")
    spec = importlib.util.spec_from_file_location("kwscourse._metadata_schema", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tensor(name: str, description: str, content_type, properties, files=()):
    s = schema()
    tensor = s.TensorMetadataT()
    tensor.name, tensor.description = name, description
    tensor.content = s.ContentT()
    tensor.content.contentPropertiesType, tensor.content.contentProperties = content_type, properties
    tensor.associatedFiles = list(files) or None
    return tensor


def _associated(name: str, description: str, kind: int):
    entry = schema().AssociatedFileT()
    entry.name, entry.description, entry.type = name, description, kind
    return entry


def metadata_buffer(card: ModelCard) -> bytes:
    """The ``M001`` flatbuffer of ``card``: one audio input, one classification output.

    Examples
    --------
    >>> blob = metadata_buffer(ModelCard("demo", "", "1", 16000, ("a", "b")))
    >>> blob[4:8], schema().ModelMetadata.GetRootAs(blob, 0).MinParserVersion()
    (b'M001', b'1.3.0')
    """
    s = schema()
    audio = s.AudioPropertiesT()
    audio.sampleRate, audio.channels = int(card.sample_rate), int(card.channels)
    waveform = _tensor("waveform", f"{card.channels} channel(s) of float audio in [-1, 1] at {card.sample_rate} Hz",
                       s.ContentProperties.AudioProperties, audio)
    labels = _associated(card.label_file, "One class name per score, in order.",
                         s.AssociatedFileType.TENSOR_AXIS_LABELS)
    scores = _tensor("scores", "One probability per class.", s.ContentProperties.FeatureProperties,
                     s.FeaturePropertiesT(), [labels])
    graph = s.SubGraphMetadataT()
    graph.name, graph.inputTensorMetadata, graph.outputTensorMetadata = card.name, [waveform], [scores]
    model = s.ModelMetadataT()
    model.name, model.description, model.version = card.name, card.description, card.version
    model.author, model.license = "kwscourse", "Apache-2.0"
    model.minParserVersion, model.subgraphMetadata = MIN_PARSER_VERSION, [graph]
    model.associatedFiles = [_associated(MANIFEST_MEMBER, "How kwscourse feeds this model (JSON).",
                                         s.AssociatedFileType.UNKNOWN)]
    builder = _flatbuffers().Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=IDENTIFIER)
    return bytes(builder.Output())


def _flatbuffers():
    import flatbuffers

    return flatbuffers


def model_part(blob: bytes) -> bytes:
    """``blob`` without an appended zip (a TFLite flatbuffer has no length of its own: the zip says where it starts).

    Examples
    --------
    >>> model_part(attach_files(b"model", {"a.txt": b"x"}))
    b'model'
    """
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            starts = [member.header_offset for member in archive.infolist()]
    except zipfile.BadZipFile:
        return bytes(blob)
    return bytes(blob[:min(starts)]) if starts else bytes(blob)


def attach_files(model: bytes, files: dict) -> bytes:
    """``model`` followed by a zip of ``files`` (name to bytes), stored uncompressed as MediaPipe requires.

    Examples
    --------
    >>> blob = attach_files(b"model", {"labels.txt": b"yes\\n"})
    >>> zipfile.ZipFile(io.BytesIO(blob)).read("labels.txt")
    b'yes\\n'
    """
    out = io.BytesIO()
    out.write(model)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_DATE), data)
    return out.getvalue()


def _pack_aligned_buffer(buffer, builder):
    """Pack a LiteRT ``BufferT`` whose data starts on a 16-byte boundary (the generated code aligns to 1)."""
    from ai_edge_litert import schema_py_generated as litert

    data = None
    if buffer.data is not None and len(buffer.data):
        raw = bytes(memoryview(buffer.data).cast("B")) if not isinstance(buffer.data, list) else bytes(buffer.data)
        builder.StartVector(1, len(raw), _ALIGNMENT)
        builder.head -= len(raw)
        builder.Bytes[builder.head:builder.head + len(raw)] = raw
        data = builder.EndVector()
    litert.BufferStart(builder)
    if data is not None:
        litert.BufferAddData(builder, data)
    litert.BufferAddOffset(builder, buffer.offset)
    litert.BufferAddSize(builder, buffer.size)
    return litert.BufferEnd(builder)


def with_metadata(flatbuffer: bytes, card: ModelCard) -> bytes:
    """The model file of ``flatbuffer`` carrying ``card``: metadata inside, labels and manifest in the zip.

    Any older metadata and appended zip are replaced.

    Parameters
    ----------
    flatbuffer : bytes
        A TFLite model (what the converter returns), with or without an appended zip.
    card : ModelCard
        What to write.

    Returns
    -------
    bytes

    Examples
    --------
    >>> import numpy as np
    >>> from kwscourse.export import tflite as tflite_export
    >>> tf = tflite_export.tensorflow()
    >>> plain = tflite_export.convert(lambda x: tf.nn.softmax(tf.concat([x[:, :1], -x[:, :1]], 1)),
    ...                               tf.TensorSpec([1, 8], tf.float32))
    >>> blob = with_metadata(plain, ModelCard("toy", "", "1", 16000, ("up", "down")))
    >>> read_card(blob).labels
    ('up', 'down')
    """
    from ai_edge_litert import schema_py_generated as litert
    from ai_edge_litert.tools import flatbuffer_utils

    model = flatbuffer_utils.convert_bytearray_to_object(bytearray(model_part(flatbuffer)))
    model.metadata = [entry for entry in (model.metadata or []) if entry.name.decode() != METADATA_NAME]
    model.buffers.append(litert.BufferT())
    model.buffers[-1].data = metadata_buffer(card)
    entry = litert.MetadataT()
    entry.name, entry.buffer = METADATA_NAME, len(model.buffers) - 1
    model.metadata.append(entry)
    for buffer in model.buffers:  # packed by the aligned packer below
        buffer.Pack = functools.partial(_pack_aligned_buffer, buffer)
    builder = _flatbuffers().Builder(len(flatbuffer) + 4096)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    files = {card.label_file: ("\n".join(card.labels) + "\n").encode(),
             MANIFEST_MEMBER: json.dumps(card.manifest, indent=1, ensure_ascii=False).encode()}
    return attach_files(bytes(builder.Output()), files)


def _metadata_bytes(blob: bytes) -> bytes | None:
    """The ``M001`` buffer of a model file, or None when it has none."""
    from ai_edge_litert import schema_py_generated as litert

    try:
        model = litert.Model.GetRootAs(blob, 0)
        for i in range(model.MetadataLength()):
            if model.Metadata(i).Name() == METADATA_NAME.encode():
                data = model.Buffers(model.Metadata(i).Buffer()).DataAsNumpy()
                return bytes(data.tobytes()) if not isinstance(data, int) else None
    except (TypeError, IndexError, ValueError, struct.error):  # not a flatbuffer: no metadata to read
        return None
    return None


def _members(blob: bytes) -> dict:
    """The zip members of a model file, by name (an empty dict when there is no zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            return {member: archive.read(member) for member in archive.namelist()}
    except zipfile.BadZipFile:
        return {}


def _lines(data: bytes) -> tuple:
    return tuple(line for line in data.decode("utf-8").splitlines() if line)


def _parsed(metadata: bytes, members: dict, name: str) -> ModelCard:
    s = schema()
    root = s.ModelMetadataT.InitFromObj(s.ModelMetadata.GetRootAs(metadata, 0))
    graph = root.subgraphMetadata[0]
    audio = graph.inputTensorMetadata[0].content.contentProperties
    label_files = [f.name.decode() for f in graph.outputTensorMetadata[0].associatedFiles or []
                   if f.type == s.AssociatedFileType.TENSOR_AXIS_LABELS]
    if not isinstance(audio, s.AudioPropertiesT) or not label_files or label_files[0] not in members:
        raise ModelError("tflite.not_audio_classifier", name=name)
    manifest = json.loads(members.get(MANIFEST_MEMBER, b"{}").decode("utf-8"))
    text = lambda value: value.decode() if isinstance(value, bytes) else (value or "")  # noqa: E731
    return ModelCard(text(root.name), text(root.description), text(root.version), int(audio.sampleRate),
                     _lines(members[label_files[0]]), manifest,
                     int(audio.channels), label_files[0])


def read_card(source) -> ModelCard:
    """What a model file (a path, or its bytes) says about itself: from its metadata, or from an older export's zip.

    Raises
    ------
    ModelError
        ``tflite.no_labels`` for a file that carries no class names (a plain converter output),
        ``tflite.not_audio_classifier`` for metadata that is not an audio classifier's.

    Examples
    --------
    >>> read_card(attach_files(b"\\x1c\\x00\\x00\\x00TFL3", {"labels.txt": b"a\\nb\\n",
    ...                                                      "kwscourse.json": b'{"sample_rate": 16000}'}))
    ModelCard(name='', description='', version='', sample_rate=16000, labels=('a', 'b'), ...has_metadata=False)
    """
    name = Path(source).name if isinstance(source, (str, Path)) else "model"
    try:
        blob = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    except OSError:
        raise ModelError("tflite.no_labels", name=name) from None
    members = _members(blob)
    metadata = _metadata_bytes(blob) if blob[4:8] == b"TFL3" and len(blob) > 32 else None
    if metadata is not None:
        return _parsed(metadata, members, name)
    if LABELS_MEMBER not in members or MANIFEST_MEMBER not in members:
        raise ModelError("tflite.no_labels", name=name)
    manifest = json.loads(members[MANIFEST_MEMBER].decode("utf-8"))
    return ModelCard("", "", "", int(manifest.get("sample_rate", SAMPLE_RATE)), _lines(members[LABELS_MEMBER]),
                     manifest, has_metadata=False)
