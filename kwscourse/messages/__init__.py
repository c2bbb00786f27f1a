"""The message catalogue: one module per domain, each a ``MESSAGES`` dict.

A key is ``"<domain>.<name>"`` and lives in ``messages/<domain>.py``, so the
module that raises or prints a message owns it. Every entry has ``"en"`` and
``"es"`` texts with the same ``str.format`` fields (tests check both).

    >>> from kwscourse.messages import CATALOGUE
    >>> CATALOGUE["audio.empty"]["es"].startswith("El audio")
    True
"""

from __future__ import annotations

import importlib

DOMAINS = ("settings", "checks", "audio", "batch", "wav", "data", "synth", "sound_events", "augment",
           "features", "models", "embedding", "kws", "tflite", "npm", "web", "yamnet", "transfer", "hf",
           "widgets", "player", "plots", "signal_diagrams", "model_diagrams", "detection", "keras_report",
           "exercises", "grading", "cli")


def _assemble() -> dict[str, dict[str, str]]:
    catalogue: dict[str, dict[str, str]] = {}
    for domain in DOMAINS:
        for key, entry in importlib.import_module(f".{domain}", __name__).MESSAGES.items():
            if key.split(".", 1)[0] != domain:
                raise AssertionError(f"message {key!r} is filed under messages/{domain}.py")
            catalogue[key] = entry
    return catalogue


CATALOGUE = _assemble()
