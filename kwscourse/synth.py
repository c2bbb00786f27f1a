"""Make your own keyword data set with a speech synthesiser (eSpeak NG).

The real Speech Commands recordings cannot always be downloaded (offline
classrooms, CI machines). This module speaks the keywords with eSpeak NG,
shipped by the ``espeakng-loader`` wheel, and varies every clip the way real
recordings vary: the voice, the rate and pitch, where in the second the word
falls, and the background noise and its level. The result is a folder laid out
exactly like mini Speech Commands, so every tool of lesson 1 works on it.

It is a STAND-IN: a model trained on it has never heard a human voice.

>>> clip = synthesize("yes", voice="en-us")
>>> clip.dtype, 0.1 < clip.size / 16000 < 1.0
(dtype('float32'), True)
"""

from __future__ import annotations

import csv
import ctypes
import re
import shutil
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import audio
from .i18n import CourseError, t

#: The eight words of mini Speech Commands, in the data set's (alphabetical) order.
KEYWORDS = ("down", "go", "left", "no", "right", "stop", "up", "yes")
#: English accents that ship with eSpeak NG.
VOICES = ("en-us", "en", "en-gb-scotland", "en-029", "en-gb-x-rp", "en-us-nyc",
          "en-gb-x-gbclan", "en-gb-x-gbcwmd")
#: The voices each language of the course speaks with: eSpeak NG's Spanish of Spain and of
#: Latin America for Spanish.
VOICES_BY_LANGUAGE = {"en": VOICES, "es": ("es", "es-419")}
#: Voice variants (timbre): male, female and a few character voices.
VARIANTS = ("", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5",
            "Andy", "Annie", "Denis", "Gene", "Lee", "Mario", "Michael", "Storm", "belinda",
            "david", "edward", "iven", "john", "linda", "max", "norbert")
SR = 16000
STAND_IN_FILE = "STAND_IN.txt"
_COMPLETE = ".complete"

# eSpeak NG C API constants (speak_lib.h).
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE, _VOLUME, _PITCH, _RANGE = 1, 2, 3, 4


class _Engine:
    """A process-wide handle on libespeak-ng (the C library keeps global state)."""

    _lock = threading.Lock()
    _instance = None

    def __init__(self):
        import espeakng_loader

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self.rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0,
                                          espeakng_loader.get_data_path().encode(), 0)
        if self.rate <= 0:
            raise OSError("espeak_Initialize failed")
        self._chunks: list[np.ndarray] = []
        callback_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short),
                                         ctypes.c_int, ctypes.c_void_p)
        self._callback = callback_type(self._collect)  # keep a reference: C holds a pointer
        lib.espeak_SetSynthCallback(self._callback)
        self.lib = lib

    def _collect(self, wav, count, events):
        if count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    @classmethod
    def get(cls) -> "_Engine":
        with cls._lock:
            if cls._instance is None:
                try:
                    cls._instance = cls()
                except (ImportError, OSError, AttributeError) as err:
                    raise CourseError("synth.no_engine", detail=str(err)) from None
            return cls._instance

    def speak(self, text: str, voice: str, rate: int, pitch: int, pitch_range: int) -> np.ndarray:
        with self._lock:
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise ValueError(f"unknown eSpeak NG voice {voice!r}")
            self.lib.espeak_SetParameter(_RATE, int(rate), 0)
            self.lib.espeak_SetParameter(_PITCH, int(pitch), 0)
            self.lib.espeak_SetParameter(_RANGE, int(pitch_range), 0)
            self.lib.espeak_SetParameter(_VOLUME, 100, 0)
            self._chunks = []
            data = text.encode("utf-8") + b"\0"
            self.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            self.lib.espeak_Synchronize()
            pcm = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        return pcm.astype(np.float32) / 32768.0


def _check_word(word) -> str:
    if not isinstance(word, str) or not re.fullmatch(r"[^\W\d_]+([ '-][^\W\d_]+)*", word.strip()):
        raise CourseError("synth.bad_word", word=word)
    return word.strip()


def synthesize(word: str, voice: str = "en-us", *, rate: int = 175, pitch: int = 50,
               pitch_range: int = 50, sr: int = SR) -> np.ndarray:
    """Speak ``word`` and return it as float32 at ``sr``, silence trimmed.

    eSpeak NG carries its generator's state from one call to the next, so two
    calls in one process may differ slightly; :func:`synth_keywords` uses fresh
    processes to make data sets exactly reproducible.

    ``voice`` is an eSpeak NG voice name, optionally with a variant after ``+``
    (``"en-gb-scotland+f3"``). ``rate`` is in words per minute (80-450),
    ``pitch`` and ``pitch_range`` are 0-100.

    >>> y = synthesize("stop", voice="en-029+m3", rate=140)
    >>> float(abs(y).max()) > 0.05
    True
    """
    word = _check_word(word)
    if not 80 <= rate <= 450 or not 0 <= pitch <= 100 or not 0 <= pitch_range <= 100:
        raise ValueError("rate must be 80-450 wpm; pitch and pitch_range 0-100")
    engine = _Engine.get()
    y = engine.speak(word, voice, rate, pitch, pitch_range)
    y = trim_silence(y)
    return audio.resample(y, engine.rate, sr)


def trim_silence(y: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    """Cut leading and trailing samples quieter than ``threshold`` of the peak.

    >>> trim_silence(np.array([0, 0, 0.5, -1, 0.2, 0], dtype="float32"))
    array([ 0.5, -1. ,  0.2], dtype=float32)
    """
    y = np.asarray(y, dtype=np.float32)
    if y.size == 0:
        return y
    loud = np.flatnonzero(np.abs(y) > threshold * max(float(np.abs(y).max()), 1e-9))
    return y[loud[0]:loud[-1] + 1] if loud.size else y[:0]


def coloured_noise(n: int, rng: np.random.Generator, exponent: float = 0.0) -> np.ndarray:
    """Gaussian noise with a 1/f**exponent power spectrum (0 white, 1 pink, 2 brown), unit RMS.

    >>> x = coloured_noise(16000, np.random.default_rng(0), exponent=1.0)
    >>> round(float(np.sqrt(np.mean(x ** 2))), 3)
    1.0
    """
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.arange(spectrum.size, dtype=np.float64)
    freqs[0] = 1.0
    spectrum /= freqs ** (exponent / 2.0)
    x = np.fft.irfft(spectrum, n)
    return (x / (np.sqrt(np.mean(x ** 2)) + 1e-12)).astype(np.float32)


@dataclass(frozen=True)
class ClipRecipe:
    """How one synthetic clip was made (written to the manifest).

    >>> random_recipe('yes', np.random.default_rng(0)).word
    'yes'
    """

    word: str
    voice: str
    rate: int
    pitch: int
    pitch_range: int
    offset_s: float
    noise_colour: float
    snr_db: float
    gain: float
    speed: float = 1.0  # played this many times faster (speed perturbation)
    rt60_s: float = 0.0  # reverberation time of a synthetic room; 0 is dry


def random_recipe(word: str, rng: np.random.Generator, language: str = "en") -> ClipRecipe:
    """Draw the voice, prosody, placement, room and noise of one clip.

    >>> r = random_recipe('go', np.random.default_rng(1))
    >>> 120 <= r.rate < 260 and 5 <= r.snr_db <= 35 and 0.9 <= r.speed <= 1.1
    True
    >>> random_recipe('hola', np.random.default_rng(1), language='es').voice.split('+')[0] in ('es', 'es-419')
    True
    """
    if language not in VOICES_BY_LANGUAGE:
        raise CourseError("synth.bad_language", language=language, known=", ".join(VOICES_BY_LANGUAGE))
    voices = VOICES_BY_LANGUAGE[language]
    variant = VARIANTS[rng.integers(len(VARIANTS))]
    voice = voices[rng.integers(len(voices))] + (f"+{variant}" if variant else "")
    return ClipRecipe(
        word=word, voice=voice,
        rate=int(rng.integers(120, 260)), pitch=int(rng.integers(20, 85)),
        pitch_range=int(rng.integers(20, 90)),
        offset_s=float(rng.uniform(0.0, 1.0)),  # fraction of the free room before the word
        noise_colour=float(rng.choice([0.0, 1.0, 2.0])),
        snr_db=float(rng.uniform(5.0, 35.0)), gain=float(rng.uniform(0.2, 0.9)),
        speed=float(rng.uniform(0.9, 1.1)),
        rt60_s=float(rng.uniform(0.05, 0.35)) if rng.random() < 0.3 else 0.0,
    )


def render_clip(recipe: ClipRecipe, rng: np.random.Generator, *, length: int = SR) -> np.ndarray:
    """Turn a recipe into a ``length``-sample clip: speech placed in the second, plus noise.

    >>> rng = np.random.default_rng(2)
    >>> clip = render_clip(random_recipe('up', rng), rng)
    >>> clip.shape, float(np.abs(clip).max()) <= 0.9
    ((16000,), True)
    """
    from . import augment

    speech = synthesize(recipe.word, recipe.voice, rate=recipe.rate, pitch=recipe.pitch,
                        pitch_range=recipe.pitch_range)
    if recipe.speed != 1.0:
        speech = augment.change_speed(speech, recipe.speed)
    if recipe.rt60_s > 0:
        speech = augment.reverberate(speech, augment.room_impulse(recipe.rt60_s, rng))
    speech = speech[:length]
    speech = speech / (np.abs(speech).max() + 1e-9)
    start = int(recipe.offset_s * (length - speech.size))
    clip = np.zeros(length, np.float32)
    clip[start:start + speech.size] = speech
    speech_power = float(np.mean(speech ** 2))
    noise_rms = np.sqrt(speech_power / 10 ** (recipe.snr_db / 10))
    clip += noise_rms * coloured_noise(length, rng, recipe.noise_colour)
    return (recipe.gain * clip / (np.abs(clip).max() + 1e-9)).astype(np.float32)


#: Clips rendered by one fresh worker process. eSpeak NG's generator keeps state
#: from one utterance to the next, so a clip is reproducible only with the same
#: history: fixed chunks in fresh processes make every clip depend on its seed alone.
CHUNK = 50


def _render_chunk(task):
    out_dir, word_index, word, start, stop, seed, language = task
    rows = []
    for i in range(start, stop):
        rng = np.random.default_rng([seed, word_index, i])
        recipe = random_recipe(word, rng, language)
        name = f"synth_{word}_{i:05d}.wav"
        audio.write_wav(Path(out_dir) / word / name, render_clip(recipe, rng), SR)
        rows.append({"file": f"{word}/{name}", **asdict(recipe)})
    return rows


_WORKER = ("import json, sys; from kwscourse.synth import _render_chunk; "
           "print(json.dumps(_render_chunk(json.loads(sys.argv[1]))))")


def _render_in_fresh_process(task):
    """Run one chunk in a new interpreter: a fresh eSpeak state, and the caller's
    ``__main__`` is never re-imported (multiprocessing's spawn would, and breaks
    scripts without a main guard)."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _WORKER, json.dumps(task)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise CourseError("synth.no_engine", detail=(done.stderr.strip().splitlines() or ["worker failed"])[-1])
    return json.loads(done.stdout.strip().splitlines()[-1])


def synth_keywords(out_dir, per_word: int = 50, *, words=KEYWORDS, seed: int = 0,
                   language: str = "en", progress: bool = True, workers: int | None = None) -> Path:
    """Write a mini-Speech-Commands-shaped folder of synthetic keywords and return it.

    One sub-folder per word with ``per_word`` one-second 16 kHz 16-bit WAVs, a
    ``manifest.csv`` telling how each clip was made, and a ``STAND_IN.txt``
    that says what this data is. The same ``seed`` gives byte-identical files.
    ``language`` ("en" or "es") picks the voices: any words, in either language.
    Clips are rendered in fresh Python processes (``workers`` at a time,
    default: the number of CPUs), ``CHUNK`` clips each.

    >>> import tempfile
    >>> root = synth_keywords(tempfile.mkdtemp(), per_word=2, words=("yes", "no"), progress=False)
    >>> sorted(p.name for p in root.iterdir() if p.is_dir())
    ['no', 'yes']
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    from tqdm.auto import tqdm

    if isinstance(per_word, bool) or not isinstance(per_word, (int, np.integer)) or per_word < 1:
        raise CourseError("synth.bad_count", count=per_word)
    words = [_check_word(w) for w in words]
    if language not in VOICES_BY_LANGUAGE:
        raise CourseError("synth.bad_language", language=language, known=", ".join(VOICES_BY_LANGUAGE))
    out_dir = Path(out_dir)
    for word in words:
        (out_dir / word).mkdir(parents=True, exist_ok=True)
    tasks = [(str(out_dir), index, word, start, min(start + CHUNK, per_word), seed, language)
             for index, word in enumerate(words) for start in range(0, per_word, CHUNK)]
    workers = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    rows = []
    with ThreadPoolExecutor(workers) as pool, \
            tqdm(total=len(words) * per_word, desc=t("synth.progress"), disable=not progress) as bar:
        for chunk_rows in pool.map(_render_in_fresh_process, tasks):
            rows.extend(chunk_rows)
            bar.update(len(chunk_rows))
    with open(out_dir / "manifest.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (out_dir / STAND_IN_FILE).write_text(t("synth.stand_in", count=len(rows), lang="en") + "\n"
                                         + t("synth.stand_in", count=len(rows), lang="es") + "\n")
    return out_dir


def cached_synth_keywords(per_word: int = 30, *, seed: int = 0, words=KEYWORDS, language: str = "en",
                          data_dir=None, progress: bool = True) -> Path:
    """:func:`synth_keywords` into the course's data folder, made once and reused.

    The folder is ``<data>/synthetic_keywords/seed<seed>-<per_word>-per-word``.

    >>> folder = cached_synth_keywords(80)  # doctest: +SKIP
    >>> is_stand_in(folder)  # doctest: +SKIP
    True
    """
    from ._config import settings

    words = [_check_word(w) for w in words]
    name = f"seed{seed}-{per_word}-per-word" + ("" if tuple(words) == KEYWORDS else "-" + "-".join(words))
    name += "" if language == "en" else f"-{language}"
    target = Path(data_dir or settings.data_dir) / "synthetic_keywords" / name
    if (target / _COMPLETE).is_file():
        return target
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    synth_keywords(partial, per_word, words=words, seed=seed, language=language, progress=progress)
    (partial / _COMPLETE).touch()
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


def is_stand_in(folder) -> bool:
    """True when ``folder`` was made by this module (it holds ``STAND_IN.txt``).

    >>> import tempfile
    >>> is_stand_in(tempfile.mkdtemp())
    False
    """
    return (Path(folder) / STAND_IN_FILE).is_file()


def stand_in_notice(folder) -> str:
    """The plain 'this is synthetic' sentence for ``folder``, in the current language.

    >>> import tempfile
    >>> stand_in_notice(tempfile.mkdtemp()).startswith('STAND-IN DATA: 0 synthetic')
    True
    """
    count = sum(1 for _ in Path(folder).glob("*/*.wav"))
    return t("synth.stand_in", count=count)


# --- Lesson 3's stand-in: procedural sound events ---------------------------------------

#: Lesson 3's four classes, in the lesson's order (0-3).
EVENT_CLASSES = ("crying_baby", "clock_alarm", "toilet_flush", "water_drops")
EVENT_SECONDS = 5.0


def _envelope(n: int, attack: int, release: int) -> np.ndarray:
    env = np.ones(n, np.float32)
    env[:attack] = np.linspace(0, 1, attack, dtype=np.float32)
    env[n - release:] = np.linspace(1, 0, release, dtype=np.float32)
    return env


def _crying_baby(n: int, rng) -> np.ndarray:
    """Harmonic bursts with vibrato: f0 350-550 Hz, a falling contour, breaths between."""
    out = np.zeros(n, np.float32)
    pos = int(rng.uniform(0, 0.5) * SR)
    while pos < n - SR // 4:
        length = int(rng.uniform(0.5, 1.3) * SR)
        t = np.arange(length) / SR
        f0 = rng.uniform(350, 550) * (1 + 0.15 * np.sin(np.pi * t / t[-1])) \
            * (1 + 0.02 * np.sin(2 * np.pi * rng.uniform(5, 8) * t))
        phase = 2 * np.pi * np.cumsum(f0) / SR
        burst = sum((0.7 ** k) * np.sin((k + 1) * phase) for k in range(8)).astype(np.float32)
        burst *= _envelope(length, SR // 20, SR // 8)
        end = min(n, pos + length)
        out[pos:end] += burst[:end - pos]
        pos = end + int(rng.uniform(0.2, 0.6) * SR)
    return out


def _clock_alarm(n: int, rng) -> np.ndarray:
    """Bright square-ish beeps in a repeating on/off pattern."""
    freq = rng.uniform(1800, 3500)
    beep, gap = rng.uniform(0.05, 0.15), rng.uniform(0.04, 0.12)
    group, pause = int(rng.integers(2, 5)), rng.uniform(0.3, 0.7)
    t = np.arange(n) / SR
    tone = np.sign(np.sin(2 * np.pi * freq * t)) * 0.6 + np.sin(2 * np.pi * 2 * freq * t) * 0.3
    period = group * (beep + gap) + pause
    within = (t + rng.uniform(0, period)) % period
    on = (within < group * (beep + gap)) & ((within % (beep + gap)) < beep)
    return (tone * on).astype(np.float32)


def _toilet_flush(n: int, rng) -> np.ndarray:
    """A swell of low-passed noise with gurgling modulation, rising then draining away."""
    noise = coloured_noise(n, rng, exponent=rng.uniform(1.0, 1.8))
    t = np.arange(n) / SR
    start, peak = rng.uniform(0, 1.0), rng.uniform(0.6, 1.2)
    swell = np.clip((t - start) / peak, 0, 1) * np.exp(-np.clip(t - start - peak, 0, None) / rng.uniform(0.8, 1.8))
    gurgle = 1 + 0.4 * np.sin(2 * np.pi * rng.uniform(3, 9) * t + rng.uniform(0, 6))
    return (noise * swell * gurgle).astype(np.float32)


def _water_drops(n: int, rng) -> np.ndarray:
    """Short rising 'plink' chirps at random times, each decaying in tens of milliseconds."""
    out = np.zeros(n, np.float32)
    times = np.cumsum(rng.exponential(1 / rng.uniform(2, 7), size=60))
    for when in times[times < EVENT_SECONDS - 0.1]:
        length = int(rng.uniform(0.02, 0.06) * SR)
        t = np.arange(length) / SR
        f = rng.uniform(600, 1500) * (1 + rng.uniform(1, 3) * t / t[-1])
        drop = np.sin(2 * np.pi * np.cumsum(f) / SR) * np.exp(-t / rng.uniform(0.006, 0.02))
        start = int(when * SR)
        out[start:start + length] += drop[: n - start].astype(np.float32) * rng.uniform(0.3, 1.0)
    return out


_EVENT_MAKERS = {"crying_baby": _crying_baby, "clock_alarm": _clock_alarm,
                 "toilet_flush": _toilet_flush, "water_drops": _water_drops}


def sound_event(name: str, rng: np.random.Generator, *, seconds: float = EVENT_SECONDS) -> np.ndarray:
    """One synthetic clip of ``name`` (one of :data:`EVENT_CLASSES`) with background noise.

    >>> clip = sound_event("clock_alarm", np.random.default_rng(0))
    >>> clip.shape, bool(np.abs(clip).max() <= 1.0)
    ((80000,), True)
    """
    if name not in _EVENT_MAKERS:
        raise ValueError(f"unknown sound event {name!r}; known: {', '.join(EVENT_CLASSES)}")
    n = int(seconds * SR)
    clip = _EVENT_MAKERS[name](n, rng)
    clip = clip / (np.abs(clip).max() + 1e-9)
    power = float(np.mean(clip ** 2))
    clip += np.sqrt(power / 10 ** (rng.uniform(10, 30) / 10)) * coloured_noise(n, rng, rng.choice([0.0, 1.0]))
    return (rng.uniform(0.3, 0.9) * clip / (np.abs(clip).max() + 1e-9)).astype(np.float32)


def sound_events(out_dir, per_class: int = 40, *, seed: int = 0, progress: bool = True):
    """Write an ESC-50-shaped stand-in set of the lesson's four classes; return its table.

    ``per_class`` clips of 5 s at 16 kHz per class, spread over folds 1-5 like
    ESC-50. Returns a DataFrame with ``filename``, ``fold``, ``class_id``,
    ``class_name`` and ``path``; ``STAND_IN.txt`` says what it is.

    >>> import tempfile
    >>> table = sound_events(tempfile.mkdtemp(), per_class=5, progress=False)
    >>> table.groupby("fold").size().tolist()
    [4, 4, 4, 4, 4]
    """
    import pandas as pd
    from tqdm.auto import tqdm

    if isinstance(per_class, bool) or not isinstance(per_class, (int, np.integer)) or per_class < 1:
        raise CourseError("synth.bad_count", count=per_class)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    with tqdm(total=per_class * len(EVENT_CLASSES), desc=t("synth.events_progress"),
              disable=not progress) as bar:
        for class_id, name in enumerate(EVENT_CLASSES):
            for i in range(per_class):
                rng = np.random.default_rng([seed, 1000 + class_id, i])
                filename = f"{i % 5 + 1}-synth-{name}-{i:03d}.wav"
                audio.write_wav(out_dir / filename, sound_event(name, rng), SR)
                rows.append({"filename": filename, "fold": i % 5 + 1, "class_id": class_id,
                             "class_name": name})
                bar.update()
    table = pd.DataFrame(rows)
    table.to_csv(out_dir / "subset.csv", index=False)
    (out_dir / STAND_IN_FILE).write_text(t("synth.events_stand_in", count=len(rows), lang="en") + "\n"
                                         + t("synth.events_stand_in", count=len(rows), lang="es") + "\n")
    table["path"] = [str(out_dir / f) for f in table["filename"]]
    return table


def cached_sound_events(per_class: int = 40, *, seed: int = 0, data_dir=None, progress: bool = True):
    """:func:`sound_events` in the data folder, made once and reused; returns the table."""
    import pandas as pd

    from ._config import settings

    target = Path(data_dir or settings.data_dir) / "synthetic_events" / f"seed{seed}-{per_class}-per-class"
    if not (target / _COMPLETE).is_file():
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        sound_events(partial, per_class, seed=seed, progress=progress)
        (partial / _COMPLETE).touch()
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    table = pd.read_csv(target / "subset.csv")
    table["path"] = [str(target / f) for f in table["filename"]]
    return table


# --- a synthetic tune (lesson 4) -----------------------------------------------------------

def tune(seconds: float = 20.0, *, bpm: float = 100.0, seed: int = 0, sr: int = SR) -> np.ndarray:
    """A synthetic piece of music: a chord progression, a bass line, kick and hi-hat.

    Made from sines and noise, so it is plainly not a recording; use it to try a
    music model when no real music is at hand.

    >>> y = tune(4.0)
    >>> y.shape, bool(np.abs(y).max() <= 1.0)
    ((64000,), True)
    """
    rng = np.random.default_rng(seed)
    n = int(seconds * sr)
    t = np.arange(n) / sr
    beat = 60.0 / bpm
    root_notes = [57, 53, 60, 55]  # A3 F3 C4 G3: a common four-chord loop
    midi_to_hz = lambda m: 440.0 * 2 ** ((m - 69) / 12)  # noqa: E731
    out = np.zeros(n)
    bar = 4 * beat
    for start in np.arange(0, seconds, bar):
        root = root_notes[int(start / bar) % 4]
        third = 4 if root in (60, 53) else 3
        seg = (t >= start) & (t < start + bar)
        local = t[seg] - start
        envelope = np.exp(-local / (bar * 0.8))
        for semitones in (0, third, 7):
            f = midi_to_hz(root + semitones)
            out[seg] += 0.15 * envelope * sum(np.sin(2 * np.pi * k * f * local) / k for k in (1, 2, 3))
        out[seg] += 0.25 * envelope * np.sin(2 * np.pi * midi_to_hz(root - 12) * local)
    for hit in np.arange(0, seconds, beat):
        i = int(hit * sr)
        length = min(int(0.12 * sr), n - i)
        local = np.arange(length) / sr
        out[i:i + length] += 0.6 * np.sin(2 * np.pi * (110 - 300 * local) * local) * np.exp(-local / 0.04)
        j = int((hit + beat / 2) * sr)
        if j < n:
            length = min(int(0.03 * sr), n - j)
            out[j:j + length] += 0.08 * rng.standard_normal(length) * np.exp(-np.arange(length) / (0.008 * sr))
    return (0.9 * out / np.abs(out).max()).astype(np.float32)
