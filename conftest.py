"""Shared pytest set-up for unit tests and notebooks (nbval)."""

from __future__ import annotations

import os

import pytest

# Before anything can import TensorFlow: keep its C++ logs out of test output.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a notebook cell that writes to stderr: warnings and log spam do not belong in a lesson."""
    result = yield
    outputs = getattr(item, "test_outputs", None) or []
    stderr = "".join(out.get("text", "") for out in outputs
                     if out.get("output_type") == "stream" and out.get("name") == "stderr")
    if stderr.strip():
        pytest.fail(f"the cell wrote to stderr:\n{stderr[:2000]}", pytrace=False)
    return result


# The exercise sets' public tests are otter test files (package data), not pytest modules.
collect_ignore = ["kwscourse/exercises/public_tests"]
