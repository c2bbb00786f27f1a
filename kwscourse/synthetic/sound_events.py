"""Synthetic sounds that are not speech: lesson 3's sound events and lesson 4's tune.

Lesson 3 classifies four ESC-50 classes. When the real recordings cannot be
downloaded, :func:`sound_events` writes an ESC-50-shaped stand-in of the same
four classes, made from sines and noise: alarm beeps, water drips, a swell of
noise like a flush and harmonic bursts like a cry. Lesson 4's :func:`tune` is a
short piece of synthetic music for a music model. None of it is a recording:
results on it say nothing about real sounds.

    >>> import numpy as np
    >>> clip = sound_event("water_drops", np.random.default_rng(0))
    >>> clip.shape == (int(EVENT_SECONDS * SAMPLE_RATE),)
    True
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..data import cache
from .._internal import checks
from ..audio.waveform import SAMPLE_RATE
from ..i18n import t
from .stand_ins import STAND_IN_FILE
from .speech import coloured_noise

#: Lesson 3's four classes, in the lesson's order (0-3).
EVENT_CLASSES = ("crying_baby", "clock_alarm", "toilet_flush", "water_drops")
#: Length of one clip, as in ESC-50.
EVENT_SECONDS = 5.0


def _envelope(n: int, attack: int, release: int) -> np.ndarray:
    env = np.ones(n, np.float32)
    env[:attack] = np.linspace(0, 1, attack, dtype=np.float32)
    env[n - release:] = np.linspace(1, 0, release, dtype=np.float32)
    return env


def _crying_baby(n: int, rng) -> np.ndarray:
    """Harmonic bursts with vibrato: f0 350-550 Hz, a falling contour, breaths between."""
    out = np.zeros(n, np.float32)
    pos = int(rng.uniform(0, 0.5) * SAMPLE_RATE)
    while pos < n - SAMPLE_RATE // 4:
        length = int(rng.uniform(0.5, 1.3) * SAMPLE_RATE)
        time_s = np.arange(length) / SAMPLE_RATE
        f0 = rng.uniform(350, 550) * (1 + 0.15 * np.sin(np.pi * time_s / time_s[-1])) \
            * (1 + 0.02 * np.sin(2 * np.pi * rng.uniform(5, 8) * time_s))
        phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE
        burst = sum((0.7 ** k) * np.sin((k + 1) * phase) for k in range(8)).astype(np.float32)
        burst *= _envelope(length, SAMPLE_RATE // 20, SAMPLE_RATE // 8)
        end = min(n, pos + length)
        out[pos:end] += burst[:end - pos]
        pos = end + int(rng.uniform(0.2, 0.6) * SAMPLE_RATE)
    return out


def _clock_alarm(n: int, rng) -> np.ndarray:
    """Bright square-ish beeps in a repeating on/off pattern."""
    freq = rng.uniform(1800, 3500)
    beep, gap = rng.uniform(0.05, 0.15), rng.uniform(0.04, 0.12)
    group, pause = int(rng.integers(2, 5)), rng.uniform(0.3, 0.7)
    time_s = np.arange(n) / SAMPLE_RATE
    tone = np.sign(np.sin(2 * np.pi * freq * time_s)) * 0.6 + np.sin(2 * np.pi * 2 * freq * time_s) * 0.3
    period = group * (beep + gap) + pause
    within = (time_s + rng.uniform(0, period)) % period
    on = (within < group * (beep + gap)) & ((within % (beep + gap)) < beep)
    return (tone * on).astype(np.float32)


def _toilet_flush(n: int, rng) -> np.ndarray:
    """A swell of low-passed noise with gurgling modulation, rising then draining away."""
    noise = coloured_noise(n, rng, exponent=rng.uniform(1.0, 1.8))
    time_s = np.arange(n) / SAMPLE_RATE
    start, peak = rng.uniform(0, 1.0), rng.uniform(0.6, 1.2)
    swell = np.clip((time_s - start) / peak, 0, 1) \
        * np.exp(-np.clip(time_s - start - peak, 0, None) / rng.uniform(0.8, 1.8))
    gurgle = 1 + 0.4 * np.sin(2 * np.pi * rng.uniform(3, 9) * time_s + rng.uniform(0, 6))
    return (noise * swell * gurgle).astype(np.float32)


def _water_drops(n: int, rng) -> np.ndarray:
    """Short rising 'plink' chirps at random times, each decaying in tens of milliseconds."""
    out = np.zeros(n, np.float32)
    times = np.cumsum(rng.exponential(1 / rng.uniform(2, 7), size=60))
    for when in times[times < EVENT_SECONDS - 0.1]:
        length = int(rng.uniform(0.02, 0.06) * SAMPLE_RATE)
        time_s = np.arange(length) / SAMPLE_RATE
        f = rng.uniform(600, 1500) * (1 + rng.uniform(1, 3) * time_s / time_s[-1])
        drop = np.sin(2 * np.pi * np.cumsum(f) / SAMPLE_RATE) * np.exp(-time_s / rng.uniform(0.006, 0.02))
        start = int(when * SAMPLE_RATE)
        out[start:start + length] += drop[: n - start].astype(np.float32) * rng.uniform(0.3, 1.0)
    return out


_EVENT_MAKERS = {"crying_baby": _crying_baby, "clock_alarm": _clock_alarm,
                 "toilet_flush": _toilet_flush, "water_drops": _water_drops}


def sound_event(name: str, rng: np.random.Generator, *, seconds: float = EVENT_SECONDS) -> np.ndarray:
    """One synthetic clip of the sound event ``name``, with background noise.

    Parameters
    ----------
    name : str
        One of :data:`EVENT_CLASSES`.
    rng : numpy.random.Generator
        Where the randomness comes from: the same seed gives the same clip.
    seconds : float, optional
        Length of the clip (default :data:`EVENT_SECONDS`).

    Returns
    -------
    numpy.ndarray
        float32 samples at :data:`~kwscourse.audio.waveform.SAMPLE_RATE`, peak between 0.3 and 0.9.

    Raises
    ------
    ParameterError
        When ``name`` is not one of :data:`EVENT_CLASSES`.

    Examples
    --------
    >>> clip = sound_event("clock_alarm", np.random.default_rng(0))
    >>> clip.shape, bool(np.abs(clip).max() <= 1.0)
    ((80000,), True)
    """
    checks.one_of(name, "name", EVENT_CLASSES)
    n = int(seconds * SAMPLE_RATE)
    clip = _EVENT_MAKERS[name](n, rng)
    clip = clip / (np.abs(clip).max() + 1e-9)
    power = float(np.mean(clip ** 2))
    clip += np.sqrt(power / 10 ** (rng.uniform(10, 30) / 10)) * coloured_noise(n, rng, rng.choice([0.0, 1.0]))
    return (rng.uniform(0.3, 0.9) * clip / (np.abs(clip).max() + 1e-9)).astype(np.float32)


def sound_events(out_dir, per_class: int = 40, *, seed: int = 0, progress: bool = True):
    """Write an ESC-50-shaped stand-in set of lesson 3's four classes and return its table.

    Parameters
    ----------
    out_dir : path
        Folder to write into (created when missing).
    per_class : int, optional
        Clips per class: 5-second WAVs at 16 kHz, spread over folds 1-5 like ESC-50.
    seed : int, optional
        The same seed gives the same clips.
    progress : bool, optional
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        One row per clip: ``filename``, ``fold``, ``class_id``, ``class_name`` and
        ``path``. The folder also holds ``subset.csv`` (the table without ``path``)
        and ``STAND_IN.txt``, which says what the data is.

    Raises
    ------
    ParameterError
        When ``per_class`` is not a whole number of at least 1; then nothing is
        written.

    Examples
    --------
    >>> table = sound_events(tmp(), per_class=5, progress=False)
    >>> table.groupby("fold").size().tolist()
    [4, 4, 4, 4, 4]
    """
    import pandas as pd
    from tqdm.auto import tqdm

    per_class = checks.whole_number(per_class, "per_class")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tqdm(total=per_class * len(EVENT_CLASSES), desc=t("sound_events.progress"),
              disable=not progress) as bar:
        rows = [_write_clip(out_dir, class_id, i, seed, bar)
                for class_id in range(len(EVENT_CLASSES)) for i in range(per_class)]
    table = pd.DataFrame(rows)
    table.to_csv(out_dir / "subset.csv", index=False)
    (out_dir / STAND_IN_FILE).write_text(t("sound_events.stand_in", count=len(rows), lang="en") + "\n"
                                         + t("sound_events.stand_in", count=len(rows), lang="es") + "\n")
    table["path"] = [str(out_dir / f) for f in table["filename"]]
    return table


def _write_clip(out_dir: Path, class_id: int, i: int, seed: int, bar) -> dict:
    """Write clip ``i`` of class ``class_id`` into ``out_dir`` (fold ``i % 5 + 1``); its row of the table."""
    name = EVENT_CLASSES[class_id]
    filename = f"{i % 5 + 1}-synth-{name}-{i:03d}.wav"
    audio.write_wav(out_dir / filename, sound_event(name, np.random.default_rng([seed, 1000 + class_id, i])),
                    SAMPLE_RATE)
    bar.update()
    return {"filename": filename, "fold": i % 5 + 1, "class_id": class_id, "class_name": name}


def cached_sound_events(per_class: int = 40, *, seed: int = 0, data_dir=None, progress: bool = True):
    """:func:`sound_events` in the course's data folder, made once and reused.

    The folder is ``<data>/synthetic_events/seed<seed>-<per_class>-per-class``,
    built with :func:`kwscourse.data.cache.building` (an interrupted build starts again).

    Parameters
    ----------
    per_class, seed, progress
        As for :func:`sound_events`.
    data_dir : path, optional
        The data folder (default: ``kwscourse.settings.data_dir``).

    Returns
    -------
    pandas.DataFrame
        The table of :func:`sound_events`, its ``path`` column pointing into the cache.

    Examples
    --------
    >>> folder = tmp()
    >>> first = cached_sound_events(1, data_dir=folder, progress=False)
    >>> again = cached_sound_events(1, data_dir=folder, progress=False)  # read back, not rebuilt
    >>> len(again), again.path.tolist() == first.path.tolist()
    (4, True)
    """
    import pandas as pd

    target = cache.cache_dir("synthetic_events", data_dir=data_dir) / f"seed{seed}-{per_class}-per-class"
    if not cache.is_complete(target):
        with cache.building(target) as partial:
            sound_events(partial, per_class, seed=seed, progress=progress)
    table = pd.read_csv(target / "subset.csv")
    table["path"] = [str(target / f) for f in table["filename"]]
    return table


def _midi_to_hz(note) -> float:
    return 440.0 * 2 ** ((note - 69) / 12)


def tune(seconds: float = 20.0, *, bpm: float = 100.0, seed: int = 0, sr: int = SAMPLE_RATE) -> np.ndarray:
    """A synthetic piece of music: a chord progression, a bass line, kick and hi-hat.

    Made from sines and noise, so it is plainly not a recording; lesson 4 uses it
    to try a music model when no real music is at hand.

    Parameters
    ----------
    seconds : float, optional
        Length of the piece.
    bpm : float, optional
        Tempo in beats per minute; a chord lasts four beats.
    seed : int, optional
        Seed of the hi-hat noise.
    sr : int, optional
        Sample rate of the result.

    Returns
    -------
    numpy.ndarray
        float32 samples, peak 0.9.

    Examples
    --------
    >>> y = tune(4.0)
    >>> y.shape, round(float(np.abs(y).max()), 3)
    ((64000,), 0.9)
    """
    beat = 60.0 / bpm
    out = _chords_and_bass(int(seconds * sr), 4 * beat, sr)
    _add_drums(out, beat, sr, np.random.default_rng(seed))
    return (0.9 * out / np.abs(out).max()).astype(np.float32)


def _chords_and_bass(n: int, bar: float, sr: int) -> np.ndarray:
    """``n`` samples of a four-chord loop (A3 F3 C4 G3), one chord and its bass note a bar."""
    time_s = np.arange(n) / sr
    root_notes = [57, 53, 60, 55]
    out = np.zeros(n)
    for start in np.arange(0, n / sr, bar):
        root = root_notes[int(start / bar) % 4]
        third = 4 if root in (60, 53) else 3
        seg = (time_s >= start) & (time_s < start + bar)
        local = time_s[seg] - start
        envelope = np.exp(-local / (bar * 0.8))
        for semitones in (0, third, 7):
            f = _midi_to_hz(root + semitones)
            out[seg] += 0.15 * envelope * sum(np.sin(2 * np.pi * k * f * local) / k for k in (1, 2, 3))
        out[seg] += 0.25 * envelope * np.sin(2 * np.pi * _midi_to_hz(root - 12) * local)
    return out


def _add_drums(out: np.ndarray, beat: float, sr: int, rng) -> None:
    """Add a kick on every beat and a hi-hat half a beat later to ``out``, in place."""
    n, seconds = out.size, out.size / sr
    for hit in np.arange(0, seconds, beat):
        i = int(hit * sr)
        length = min(int(0.12 * sr), n - i)
        local = np.arange(length) / sr
        out[i:i + length] += 0.6 * np.sin(2 * np.pi * (110 - 300 * local) * local) * np.exp(-local / 0.04)
        j = int((hit + beat / 2) * sr)
        if j < n:
            length = min(int(0.03 * sr), n - j)
            out[j:j + length] += 0.08 * rng.standard_normal(length) * np.exp(-np.arange(length) / (0.008 * sr))
