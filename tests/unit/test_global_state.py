"""No hidden global state: the course's calls leave the student's random generators,
environment variables and smoke mode as they found them, and only stand_ins decides smoke mode."""

from __future__ import annotations

import ast
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import kwscourse
from kwscourse import hf, yamnet
from kwscourse.hf import train as hf_train
from kwscourse.kws import head as kws_embedding
from kwscourse.kws import recipes
from kwscourse.synthetic import stand_ins

PACKAGE = Path(kwscourse.__file__).parent


def _seed_everything(seed: int) -> None:
    import keras
    import torch

    keras.utils.set_random_seed(seed)  # Python, NumPy, TensorFlow and Keras's global SeedGenerator
    torch.manual_seed(seed)


def _draws() -> tuple[float, ...]:
    """One number from each global generator a student's code may use."""
    import keras
    import tensorflow as tf
    import torch

    return (random.random(), float(np.random.rand()), float(keras.random.uniform(())),
            float(tf.random.uniform(())), float(torch.rand(())))


def _tiny_clips(count: int = 4) -> np.ndarray:
    return np.random.default_rng(0).uniform(-0.1, 0.1, (count, 16000)).astype("float32")


def _two_tone_folder(root: Path) -> Path:
    for word, hz in (("low", 300), ("high", 3000)):
        (root / word).mkdir(parents=True)
        for i in range(2):
            tone = 0.5 * np.sin(2 * np.pi * hz * np.arange(16000) / 16000)
            kwscourse.audio.write_wav(root / word / f"{i}.wav", tone)
    return root


CALLS = {
    "kws_embedding.train_head": lambda tmp: kws_embedding.train_head(
        np.random.default_rng(0).standard_normal((8, 9, 96)).astype("float32"), np.arange(8) % 2, 2, epochs=1),
    "recipes.fit_arrays": lambda tmp: recipes.fit_arrays(_tiny_clips(), [0, 1, 0, 1], ["no", "yes"], epochs=1),
    "yamnet.load (smoke stand-in)": lambda tmp: yamnet.load(data_dir=tmp),
    "hf.load (smoke stand-in)": lambda tmp: hf.load("accent", data_dir=tmp),
    "hf_train.train_from_scratch": lambda tmp: hf_train.train_from_scratch(
        hf_train.clip_table(_two_tone_folder(tmp / "clips")), tmp / "model", epochs=1, batch_size=2),
}


@pytest.mark.parametrize("name", CALLS)
def test_a_call_leaves_every_global_random_generator_as_it_was(name, tmp_path):
    _seed_everything(7)
    _draws()
    with kwscourse.smoke(True):
        CALLS[name](tmp_path)
    after = _draws()
    _seed_everything(7)
    _draws()
    expected = _draws()  # the same state, without the call
    assert after == expected


def test_the_same_seed_gives_the_same_weights():
    x = np.random.default_rng(1).standard_normal((8, 9, 96)).astype("float32")
    heads = [kws_embedding.train_head(x, np.arange(8) % 2, 2, epochs=1, seed=3)[0] for _ in range(2)]
    for a, b in zip(*(head.get_weights() for head in heads)):
        np.testing.assert_array_equal(a, b)
    models = [recipes.fit_arrays(_tiny_clips(), [0, 1, 0, 1], ["no", "yes"], epochs=1, seed=3) for _ in range(2)]
    for a, b in zip(*(model.get_weights() for model in models)):
        np.testing.assert_array_equal(a, b)


def test_the_same_seed_gives_the_same_untrained_hf_classifier(tmp_path):
    import torch
    from transformers import AutoModelForAudioClassification

    folders = [stand_ins.untrained_hf_classifier(["a", "b"], tmp_path / str(i), seed=2) for i in range(2)]
    weights = [AutoModelForAudioClassification.from_pretrained(str(f)).state_dict() for f in folders]
    assert all(torch.equal(weights[0][key], weights[1][key]) for key in weights[0])


def test_importing_the_package_sets_no_environment_variable():
    code = ("import os; before = dict(os.environ); import kwscourse; kwscourse.audio; "
            "changed = sorted(set(os.environ.items()) ^ set(before.items())); print(changed)")
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(PACKAGE.parent)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_smoke_restores_the_mode_it_found():
    before = kwscourse.settings.smoke
    for mode in (True, False):
        with kwscourse.smoke(mode):
            assert kwscourse.settings.smoke is mode
        assert kwscourse.settings.smoke is before


def _asks_whether_smoke_is_on(tree: ast.AST) -> int:
    """Calls of ``stand_ins.active()`` or of an imported ``active``, and reads of ``settings.smoke``."""
    found = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "active" and getattr(node.value, "id", "") == "stand_ins":
            found += 1
        elif isinstance(node, ast.Attribute) and node.attr == "smoke" and getattr(node.value, "id", "") == "settings":
            found += 1
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("stand_ins"):
            found += sum(alias.name == "active" for alias in node.names)
    return found


def test_only_stand_ins_decides_smoke_mode():
    counts = {path.relative_to(PACKAGE).as_posix(): _asks_whether_smoke_is_on(ast.parse(path.read_text()))
              for path in PACKAGE.rglob("*.py") if path.name not in ("stand_ins.py", "config.py")}
    assert {name: n for name, n in counts.items() if n} == {}


def test_the_counter_finds_a_question():
    assert _asks_whether_smoke_is_on(ast.parse("if stand_ins.active(): pass")) == 1
    assert _asks_whether_smoke_is_on(ast.parse("from .stand_ins import active")) == 1
