"""TFLite Model Metadata: written the way MediaPipe reads it, read back, and older exports still readable."""

from __future__ import annotations

import numpy as np
import pytest

from kwscourse.export import mediapipe_client as mediapipe_audio
from kwscourse.export import tflite as tflite_export
from kwscourse.export import metadata as tflite_metadata
from kwscourse.i18n import ModelError

CARD = tflite_metadata.ModelCard("toy", "a test model", "0.1.0", 16000, ("up", "down", "loud"), {"kind": "keyword"})


@pytest.fixture(scope="module")
def plain():
    """A converter output with no metadata: 1 s in, three softmax scores out."""
    tf = tflite_export.tensorflow()

    def three_scores(x):
        mean = tf.reduce_mean(x, 1)
        return tf.nn.softmax(tf.stack([10 * mean, -10 * mean, tf.reduce_mean(x * x, 1)], 1))

    return tflite_export.convert(three_scores, tf.TensorSpec([1, 16000], tf.float32))


def _litert_scores(blob: bytes, x: np.ndarray) -> np.ndarray:
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_content=blob)
    interpreter.allocate_tensors()
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
    interpreter.invoke()
    return interpreter.get_tensor(interpreter.get_output_details()[0]["index"])


def test_card_round_trips_and_litert_ignores_the_metadata(plain):
    blob = tflite_metadata.with_metadata(plain, CARD)
    assert tflite_metadata.read_card(blob) == CARD
    x = np.full((1, 16000), 0.05, np.float32)
    np.testing.assert_array_equal(_litert_scores(blob, x), _litert_scores(plain, x))
    assert tflite_metadata.model_part(blob) != plain and len(blob) - len(plain) < 4096


def test_weight_buffers_stay_16_byte_aligned_and_exports_are_byte_identical(plain):
    from ai_edge_litert import schema_py_generated as litert

    blob = tflite_metadata.with_metadata(plain, CARD)
    model = litert.Model.GetRootAs(blob, 0)
    starts = [model.Buffers(i)._tab.Vector(model.Buffers(i)._tab.Offset(4))
              for i in range(model.BuffersLength()) if model.Buffers(i).DataLength()]
    assert len(starts) >= 3 and all(start % 16 == 0 for start in starts)
    assert tflite_metadata.with_metadata(plain, CARD) == blob


def test_writing_again_replaces_the_metadata_and_the_zip(plain):
    from ai_edge_litert import schema_py_generated as litert

    renamed = tflite_metadata.ModelCard("again", "", "2", 16000, ("a", "b", "c"), {"kind": "clip"})
    blob = tflite_metadata.with_metadata(tflite_metadata.with_metadata(plain, CARD), renamed)
    model = litert.Model.GetRootAs(blob, 0)
    names = [model.Metadata(i).Name() for i in range(model.MetadataLength())]
    assert names.count(b"TFLITE_METADATA") == 1
    assert tflite_metadata.read_card(blob).labels == ("a", "b", "c")
    assert blob.count(b"PK\x05\x06") == 1  # one zip end record: the old zip was cut


def test_mediapipe_refuses_the_plain_file_and_loads_the_one_with_metadata(plain, tmp_path):
    pytest.importorskip("mediapipe")
    (tmp_path / "plain.tflite").write_bytes(plain)
    with pytest.raises(ValueError, match="require TFLite Model Metadata"):
        mediapipe_audio.classifier(tmp_path / "plain.tflite")
    (tmp_path / "card.tflite").write_bytes(tflite_metadata.with_metadata(plain, CARD))
    with mediapipe_audio.classifier(tmp_path / "card.tflite") as model:
        found = mediapipe_audio.scores(model, np.full(16000, 0.3, np.float32))
    assert found.labels == CARD.labels and found.top() == ("up", pytest.approx(0.9461, abs=1e-4))


def test_a_file_exported_before_the_metadata_is_still_read(plain, tmp_path):
    legacy = tflite_metadata.attach_files(plain, {
        "labels.txt": b"up\ndown\nloud\n",
        "kwscourse.json": b'{"kind": "keyword", "input_samples": 16000, "sample_rate": 16000}'})
    path = tmp_path / "old.tflite"
    path.write_bytes(legacy)
    exported = tflite_export.ExportedClassifier(path)
    assert exported.labels == ["up", "down", "loud"] and not exported.card.has_metadata
    assert exported.top_k(np.full(16000, 0.3, np.float32), 1)[0][0] == "up"


def test_metadata_that_is_not_an_audio_classifiers_is_named_in_spanish(spanish, plain):
    schema = tflite_metadata.schema()
    image_like = tflite_metadata.with_metadata(plain, CARD)
    # the same file, but its input says it is a feature vector, not audio
    card_bytes = tflite_metadata.metadata_buffer(CARD)
    model = schema.ModelMetadataT.InitFromObj(schema.ModelMetadata.GetRootAs(card_bytes, 0))
    model.subgraphMetadata[0].inputTensorMetadata[0].content.contentProperties = schema.FeaturePropertiesT()
    model.subgraphMetadata[0].inputTensorMetadata[0].content.contentPropertiesType = 1
    import flatbuffers

    builder = flatbuffers.Builder(256)
    builder.Finish(model.Pack(builder), file_identifier=b"M001")
    odd = image_like.replace(card_bytes, bytes(builder.Output()).ljust(len(card_bytes), b"\0"))
    with pytest.raises(ModelError) as err:
        tflite_metadata.read_card(odd)
    assert err.value.key == "tflite.not_audio_classifier" and "clasificador de audio" in str(err.value)


def test_without_mediapipe_the_message_says_how_to_install_it(spanish, monkeypatch):
    import importlib.util

    tflite_metadata.schema.cache_clear()
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "mediapipe"
                        else real_find_spec(name, *a))
    try:
        with pytest.raises(ModelError) as err:
            tflite_metadata.metadata_buffer(CARD)
    finally:
        monkeypatch.undo()
        tflite_metadata.schema.cache_clear()
    assert err.value.key == "tflite.needs_mediapipe" and "--no-deps mediapipe" in str(err.value)
    assert "Instálalo" in str(err.value)
