"""Seeding for one block only: the student's random state is the same after our call as before it.

Keras ``fit`` (batch order), TensorFlow's unseeded ops, ``transformers.Trainer``
and torch's module initialisers draw from the process's global generators; they
offer no private one. :func:`seeded` seeds those for the block and then puts
back the state each had, so the course's functions are reproducible without
reseeding the student's process.

    >>> import random
    >>> random.seed(5); first = random.random()
    >>> random.seed(5)
    >>> with seeded(0):
    ...     inside = random.random()
    >>> random.random() == first
    True
"""

from __future__ import annotations

import random
import sys
from contextlib import ExitStack, contextmanager

import numpy as np

# Keras 3 keeps its global seed and its global SeedGenerator in these two global attributes.
_KERAS_KEYS = ("global_random_seed", "global_seed_generator")


@contextmanager
def seeded(seed: int | None, *, torch: bool = False):
    """Seed Python, NumPy, TensorFlow, Keras and torch inside the block; restore their states after it.

    TensorFlow, Keras and torch are seeded only if already imported (or torch
    when ``torch`` is true: it is imported first). TensorFlow's global seed is set with ``tf.random.set_seed``,
    which clears its cache of random kernels: ops given an explicit ``seed=``
    before the block start their sequence again after it.

    Parameters
    ----------
    seed : int or None
        The seed for the block; None seeds nothing, for code that draws from the
        generators without needing a seed (loading a model initialises its weights).
    torch : bool, optional
        Import torch first, so that the block's torch draws are undone too.

    Examples
    --------
    >>> np.random.seed(1); expected = np.random.rand()
    >>> np.random.seed(1)
    >>> with seeded(3):
    ...     a = np.random.rand()
    >>> with seeded(3):
    ...     b = np.random.rand()
    >>> a == b, np.random.rand() == expected
    (True, True)
    """
    if torch:
        import torch as _  # noqa: F401 (loaded now, so that its generator is saved below)
    python_state, numpy_state = random.getstate(), np.random.get_state()
    with ExitStack() as restore:
        if "torch" in sys.modules:
            restore.enter_context(sys.modules["torch"].random.fork_rng(devices=[]))
            if seed is not None:
                sys.modules["torch"].manual_seed(seed)
        if "tensorflow" in sys.modules:
            restore.enter_context(_tensorflow_seeded(seed))
        if seed is not None:
            random.seed(seed)
            np.random.seed(seed)
        try:
            yield
        finally:
            random.setstate(python_state)
            np.random.set_state(numpy_state)


@contextmanager
def _tensorflow_seeded(seed: int | None):
    """TensorFlow's global seed and op-seed generator, and Keras's global seed state, for one block."""
    from tensorflow.python.eager import context  # no public getter for the op-seed generator

    tf = sys.modules["tensorflow"]
    ctx = context.context()
    saved_seed, saved_rng = ctx._seed, getattr(ctx, "_rng", None)
    saved_rng_state = saved_rng.getstate() if saved_rng is not None else None
    keras_state = _keras_global_state()
    saved_keras = {key: keras_state.get_global_attribute(key) for key in _KERAS_KEYS} if keras_state else {}
    if seed is not None:
        tf.random.set_seed(seed)
    if keras_state and seed is not None:
        keras_state.set_global_attribute(_KERAS_KEYS[0], seed)
        keras_state.set_global_attribute(_KERAS_KEYS[1], None)  # Keras makes a fresh one from the seed
    try:
        yield
    finally:
        context.set_global_seed(saved_seed)  # also clears the kernels seeded inside the block
        ctx._rng = saved_rng
        if saved_rng is not None:
            saved_rng.setstate(saved_rng_state)
        for key, value in saved_keras.items():
            keras_state.set_global_attribute(key, value)


def _keras_global_state():
    """Keras 3's ``global_state`` module, or None when Keras is not imported."""
    if "keras" not in sys.modules:
        return None
    from keras.src.backend.common import global_state

    return global_state
