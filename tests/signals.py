"""Purpose-made test signals."""

from __future__ import annotations

import numpy as np


def tone(freq: float, seconds: float = 1.0, sr: int = 16000, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)
