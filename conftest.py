"""Shared pytest set-up for unit tests, doctests and notebooks (nbval).

The package's doctests call ``tmp()`` for a new empty folder; outside pytest a reader can
use ``tempfile.mkdtemp()`` in its place.
"""

from __future__ import annotations

import os
import re
import tempfile

import pytest

# Before anything can import TensorFlow: keep its C++ logs out of test output.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_configure(config):
    """Under pytest-xdist, give each worker its own copy of the data cache.

    Stand-ins and downloads are built in the cache, and two workers building the same
    folder at once would trip over each other. The notebooks' kernels inherit the
    worker's ``KWSCOURSE_DATA``, so they use its copy too.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    import shutil
    from pathlib import Path

    import kwscourse

    shared = Path(kwscourse.settings.data_dir)
    own = shared.with_name(f"{shared.name}-{worker}")
    if shared.is_dir():
        shutil.copytree(shared, own, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.partial"))
    os.environ["KWSCOURSE_DATA"] = str(own)
    kwscourse.settings.data_dir = own
    # Share the cores instead of each worker (and its notebook kernels) claiming all of them.
    threads = str(max(1, (os.cpu_count() or 1) // int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))))
    for variable in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS"):
        os.environ.setdefault(variable, threads)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a notebook cell that writes to stderr: warnings and log spam do not belong in a lesson."""
    result = yield
    outputs = getattr(item, "test_outputs", None) or []
    stderr = "".join(out.get("text", "") for out in outputs
                     if out.get("output_type") == "stream" and out.get("name") == "stderr")
    if stderr.strip():
        pytest.fail(f"the cell wrote to stderr:\n{stderr[:2000]}", pytrace=False)
    if f"{os.sep}es{os.sep}" in str(getattr(item, "path", "")):
        english = LIBRARY_ENGLISH.search(_shown_text(outputs))
        if english:
            pytest.fail(f"a Spanish notebook shows English library output: {english.group(0)!r}",
                        pytrace=False)
    return result


@pytest.fixture(autouse=True)
def _doctest_tmp(request, doctest_namespace):
    """``tmp()`` in doctests: a new empty folder (a str, like ``mkdtemp``) on each call."""
    if isinstance(request.node, pytest.DoctestItem):
        # Inside pytest's tmp_path, so pytest removes it; bare mkdtemp() left folders behind.
        folder = request.getfixturevalue("tmp_path")
        doctest_namespace["tmp"] = lambda: tempfile.mkdtemp(dir=folder)


# A doctest trains when its examples call one of these. plots.learning_curve only draws rows
# given as a list, so a learning_curve( followed by "[" does not count.
TRAINS = re.compile(r"\.fit\(|(?<![\w.])(train|train_head|train_on_folders|fit_arrays|train_from_scratch|"
                    r"finetune|Trainer)\(|(?<![\w.])learning_curve\((?!\[)")


def pytest_collection_modifyitems(items):
    """Mark the doctests that train a model as slow, so -m "not slow" skips them too."""
    for item in items:
        if isinstance(item, pytest.DoctestItem) and any(
                TRAINS.search(example.source) for example in item.dtest.examples):
            item.add_marker(pytest.mark.slow)


# What Keras and friends print in English; a Spanish lesson shows kwscourse.ui.keras_report instead.
LIBRARY_ENGLISH = re.compile(r"\bEpoch \d+/\d+|Found \d+ files|Using \d+ files for|Layer \(type\)|"
                             r"Total params|\baccuracy: \d|\bloss: \d")


def _shown_text(outputs) -> str:
    """The text a reader sees in a cell's outputs: printed lines and plain-text results."""
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        else:
            parts.append(str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


# The exercise sets' public tests are otter test files (package data), not pytest modules.
collect_ignore = ["kwscourse/exercises/public_tests"]
