"""The one test double of YAMNet's SavedModel: its call signature over simple statistics.

The official SavedModel cannot be downloaded here. The double answers like it:
``(scores [N, 521], embeddings [N, 1024], log_mel [M, 64])`` for a waveform, with
class 500 ("Silence" in the real map) top everywhere, and an embedding made of the
window's mean magnitude (512 times) and maximum (512 times), so that a head's scores
move with the audio. ``tests/conftest.py`` saves it once per run (``yamnet_double``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kwscourse.yamnet import model as yamnet
from kwscourse.yamnet import weights as yamnet_weights

CLASS_MAP = "index,mid,display_name\n" + "".join(f"{i},/m/{i},class {i}\n" for i in range(521))


def save_double(folder: Path) -> Path:
    """Save the double as a SavedModel in ``folder``, with a 521-name class map in its assets."""
    import tensorflow as tf

    class Double(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def __call__(self, waveform):
            n = 1 + tf.maximum(0, (tf.shape(waveform)[0] - 15600 + 7679) // 7680)
            scores = tf.one_hot(tf.fill([n], 500), 521)
            level = tf.reduce_mean(tf.abs(waveform))
            embedding = tf.concat([tf.fill([n, 512], level), tf.fill([n, 512], tf.reduce_max(waveform))], axis=1)
            return scores, embedding, tf.zeros([48 * (n + 1), 64])

    tf.saved_model.save(Double(), str(folder))
    (folder / "assets").mkdir(exist_ok=True)
    (folder / "assets" / "yamnet_class_map.csv").write_text(CLASS_MAP)
    return folder


def double_yamnet(savedmodel: Path, data_dir: Path, class_map=None):
    """``yamnet.load("savedmodel")`` of the double, copied into ``data_dir``'s cache as a download would be."""
    shutil.copytree(savedmodel, data_dir / "yamnet" / yamnet_weights.SAVEDMODEL_DIR)
    return yamnet.load("savedmodel", class_map=class_map or savedmodel / "assets" / "yamnet_class_map.csv",
                       data_dir=data_dir)
