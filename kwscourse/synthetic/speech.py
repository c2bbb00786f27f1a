"""Make your own keyword data set with speech synthesisers (eSpeak NG, Flite, Festival).

The real Speech Commands recordings cannot always be downloaded (offline
classrooms, CI machines). This module speaks the keywords with the engines of
:mod:`kwscourse.synthetic.tts` (eSpeak NG always; Flite and Festival when installed) and
varies every clip the way real recordings vary: the voice, the rate and pitch,
where in the second the word falls, and the background noise and its level. The result is a folder laid out
exactly like mini Speech Commands, so every tool of lesson 1 works on it.

It is a STAND-IN: a model trained on it has never heard a human voice.
Synthetic sounds that are not speech live in :mod:`kwscourse.synthetic.sound_events`.

>>> clip = synthesize("yes", voice="en-us")
>>> clip.dtype, 0.1 < clip.size / SAMPLE_RATE < 1.0
(dtype('float32'), True)
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..audio import augment
from ..data import cache
from .._internal import checks
from . import tts
from ..audio.waveform import SAMPLE_RATE
from ..i18n import CourseError, ParameterError, t
from .stand_ins import STAND_IN_FILE

#: The eight words of mini Speech Commands, in the data set's (alphabetical) order.
KEYWORDS = ("down", "go", "left", "no", "right", "stop", "up", "yes")
#: eSpeak NG's voices of each language of the course (:mod:`kwscourse.synthetic.tts` adds Flite's and
#: Festival's English voices when they are installed).
VOICES = tts.ESPEAK_ENGLISH
VOICES_BY_LANGUAGE = {"en": tts.ESPEAK_ENGLISH, "es": tts.ESPEAK_SPANISH}
#: eSpeak NG's voice variants (timbre): male, female and a few character voices.
VARIANTS = ("", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5",
            "Andy", "Annie", "Denis", "Gene", "Lee", "Mario", "Michael", "Storm", "belinda",
            "david", "edward", "iven", "john", "linda", "max", "norbert")


def _check_word(word) -> str:
    if not isinstance(word, str) or not re.fullmatch(r"[^\W\d_]+([ '-][^\W\d_]+)*", word.strip()):
        raise ParameterError("synth.bad_word", word=word)
    return word.strip()


def synthesize(word: str, voice: str = "en-us", *, rate: int = 175, pitch: int = 50,
               pitch_range: int = 50, sr: int = SAMPLE_RATE) -> np.ndarray:
    """Speak ``word`` and return it as float32 at ``sr``, silence trimmed.

    eSpeak NG carries its generator's state from one call to the next, so two
    calls in one process may differ slightly; :func:`synth_keywords` uses fresh
    processes to make data sets exactly reproducible.

    Parameters
    ----------
    word : str
        Letters, with single spaces, hyphens or apostrophes between words.
    voice : str, optional
        An eSpeak NG voice (see :data:`VOICES_BY_LANGUAGE`), optionally with a
        variant after ``+`` (``"en-gb-scotland+f3"``, see :data:`VARIANTS`), or an
        installed Flite or Festival voice (``"flite:slt"``, see :func:`kwscourse.synthetic.tts.voices`).
    rate : int, optional
        Words per minute, 80-450.
    pitch, pitch_range : int, optional
        0-100.
    sr : int, optional
        Sample rate of the result.

    Raises
    ------
    ParameterError
        For a word that is not letters, an unknown voice or a value out of range.
    CourseError
        When the synthesiser cannot start.

    Examples
    --------
    >>> y = synthesize("stop", voice="en-029+m3", rate=140)
    >>> float(abs(y).max()) > 0.05
    True
    """
    word = _check_word(word)
    rate = checks.whole_number(rate, "rate", minimum=80, maximum=450)
    pitch = checks.whole_number(pitch, "pitch", minimum=0, maximum=100)
    pitch_range = checks.whole_number(pitch_range, "pitch_range", minimum=0, maximum=100)
    y = tts.speak(word, voice, rate=rate, pitch=pitch, pitch_range=pitch_range)
    return audio.resample(trim_silence(y), SAMPLE_RATE, sr)


def trim_silence(y, threshold: float = 0.01) -> np.ndarray:
    """Cut leading and trailing samples quieter than ``threshold`` of the peak.

    Examples
    --------
    >>> trim_silence(np.array([0, 0, 0.5, -1, 0.2, 0], dtype="float32"))
    array([ 0.5, -1. ,  0.2], dtype=float32)
    """
    y = np.asarray(y, dtype=np.float32)
    if y.size == 0:
        return y
    loud = np.flatnonzero(np.abs(y) > threshold * max(float(np.abs(y).max()), 1e-9))
    return y[loud[0]:loud[-1] + 1] if loud.size else y[:0]


def coloured_noise(n: int, rng: np.random.Generator, exponent: float = 0.0) -> np.ndarray:
    """``n`` samples of Gaussian noise with a 1/f**exponent power spectrum, unit RMS.

    ``exponent`` 0 is white noise, 1 pink, 2 brown.

    Examples
    --------
    >>> x = coloured_noise(SAMPLE_RATE, np.random.default_rng(0), exponent=1.0)
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
    """How one synthetic clip was made (a row of the manifest).

    Examples
    --------
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


def random_recipe(word: str, rng: np.random.Generator, language: str = "en", voices=None) -> ClipRecipe:
    """Draw the voice, prosody, placement, room and noise of one clip of ``word``.

    ``voices`` are the voices to draw from, each as likely (default: eSpeak NG's of
    ``language``, "en" or "es"; :func:`kwscourse.synthetic.tts.voices` lists every installed one).
    An eSpeak NG voice also gets one of the :data:`VARIANTS`.

    Examples
    --------
    >>> r = random_recipe('go', np.random.default_rng(1))
    >>> 120 <= r.rate < 260 and 5 <= r.snr_db <= 35 and 0.9 <= r.speed <= 1.1
    True
    >>> random_recipe('hola', np.random.default_rng(1), language='es').voice.split('+')[0] in ('es', 'es-419')
    True
    """
    if voices is None:
        voices = VOICES_BY_LANGUAGE[checks.one_of(language, "language", VOICES_BY_LANGUAGE)]
    variant = VARIANTS[rng.integers(len(VARIANTS))]
    voice = voices[rng.integers(len(voices))]
    voice += f"+{variant}" if variant and tts.engine_of(voice) == "espeak" else ""
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


def render_clip(recipe: ClipRecipe, rng: np.random.Generator, *, length: int = SAMPLE_RATE,
                speech=None) -> np.ndarray:
    """Turn a recipe into a ``length``-sample clip: the word placed in it, in a room, plus noise.

    ``speech`` is the recipe's word already spoken (trimmed, 16 kHz), when it was
    synthesised in a batch; by default the recipe's voice speaks it now.

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> clip = render_clip(random_recipe('up', rng), rng)
    >>> clip.shape, float(np.abs(clip).max()) <= 0.9
    ((16000,), True)
    """
    if speech is None:
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
    out_dir, word_index, word, start, stop, seed, language, voices = task
    rngs = [np.random.default_rng([seed, word_index, i]) for i in range(start, stop)]
    recipes = [random_recipe(word, rng, language, voices) for rng in rngs]
    # Festival takes 0.3 s to start: its clips of the chunk are spoken by one process.
    by_festival = [r for r in recipes if tts.engine_of(r.voice) == "festival"]
    spoken = dict(zip(map(id, by_festival), tts.festival_many(
        (r.word, r.voice.split(":", 1)[1], r.rate) for r in by_festival)))
    rows = []
    for i, rng, recipe in zip(range(start, stop), rngs, recipes):
        speech = spoken.get(id(recipe))
        name = f"synth_{word}_{i:05d}.wav"
        clip = render_clip(recipe, rng, speech=None if speech is None else trim_silence(speech))
        audio.write_wav(Path(out_dir) / word / name, clip, SAMPLE_RATE)
        rows.append({"file": f"{word}/{name}", **asdict(recipe)})
    return rows


_WORKER = ("import json, sys; from kwscourse.synthetic.speech import _render_chunk; "
           "print(json.dumps(_render_chunk(json.loads(sys.argv[1]))))")


def _render_in_fresh_process(task):
    """Run one chunk in a new interpreter: a fresh eSpeak state, and the caller's
    ``__main__`` is never re-imported (multiprocessing's spawn would, and breaks
    scripts without a main guard)."""
    done = subprocess.run([sys.executable, "-c", _WORKER, json.dumps(task)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise CourseError("synth.no_engine", detail=(done.stderr.strip().splitlines() or ["worker failed"])[-1])
    return json.loads(done.stdout.strip().splitlines()[-1])


def synth_keywords(out_dir, per_word: int = 50, *, words=KEYWORDS, seed: int = 0, language: str = "en",
                   engines=None, progress: bool = True, workers: int | None = None) -> Path:
    """Write a mini-Speech-Commands-shaped folder of synthetic keywords and return it.

    One sub-folder per word with ``per_word`` one-second 16 kHz 16-bit WAVs, a
    ``manifest.csv`` telling how each clip was made (one :class:`ClipRecipe` a
    row), and a ``STAND_IN.txt`` that says what this data is and which engines spoke
    it. ``language`` ("en" or "es") picks the voices: any words, in either language.
    ``engines`` (default: every installed one, :func:`kwscourse.synthetic.tts.installed_engines`)
    may narrow them, such as ``("espeak",)``; the same ``seed`` and engines give
    byte-identical files. Clips are rendered in fresh Python processes
    (``workers`` at a time, default: the number of CPUs), :data:`CHUNK` clips each.

    Raises
    ------
    ParameterError
        For a ``per_word`` that is not a whole number of at least 1, a word that
        is not letters, or another language.

    Examples
    --------
    >>> root = synth_keywords(tmp(), per_word=2, words=("yes", "no"), progress=False)
    >>> sorted(p.name for p in root.iterdir() if p.is_dir()), len(list(root.glob("*/*.wav")))
    (['no', 'yes'], 4)
    """
    from tqdm.auto import tqdm

    per_word = checks.whole_number(per_word, "per_word")
    words = [_check_word(w) for w in words]
    checks.one_of(language, "language", VOICES_BY_LANGUAGE)
    voices = tts.voices(language, engines)
    if not voices:
        raise ParameterError("synth.no_voices", engines=", ".join(engines), language=language)
    out_dir = Path(out_dir)
    for word in words:
        (out_dir / word).mkdir(parents=True, exist_ok=True)
    tasks = [(str(out_dir), index, word, start, min(start + CHUNK, per_word), seed, language, voices)
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
    used = tts.engine_names(voices)
    (out_dir / STAND_IN_FILE).write_text("".join(t("synth.stand_in", count=len(rows), engines=used, lang=lang) + "\n"
                                                 for lang in ("en", "es")))
    return out_dir


def cached_synth_keywords(per_word: int = 30, *, seed: int = 0, words=KEYWORDS, language: str = "en",
                          engines=None, data_dir=None, progress: bool = True) -> Path:
    """:func:`synth_keywords` into the course's data folder, made once and reused.

    The folder is ``<data>/synthetic_keywords/seed<seed>-<per_word>-per-word``
    (plus the words when they are not :data:`KEYWORDS`, the language when it is not
    English, and the engines other than eSpeak NG that speak, see :func:`synth_keywords`),
    built with :func:`kwscourse.data.cache.building`.

    Examples
    --------
    >>> folder = cached_synth_keywords(1, words=("yes",), engines=("espeak",), data_dir=tmp(),
    ...                                progress=False)
    >>> from kwscourse.synthetic.stand_ins import is_stand_in
    >>> folder.name, is_stand_in(folder)
    ('seed0-1-per-word-yes', True)
    >>> cached_synth_keywords(1, words=("yes",), engines=("espeak",), data_dir=folder.parent.parent) == folder
    True
    """
    words = [_check_word(w) for w in words]
    name = f"seed{seed}-{per_word}-per-word" + ("" if tuple(words) == KEYWORDS else "-" + "-".join(words))
    name += "" if language == "en" else f"-{language}"
    speaking = {tts.engine_of(v) for v in tts.voices(language, engines)}
    name += "".join(f"-{engine}" for engine in tts.ENGINES[1:] if engine in speaking)
    target = cache.cache_dir("synthetic_keywords", data_dir=data_dir) / name
    if not cache.is_complete(target):
        with cache.building(target) as partial:
            synth_keywords(partial, per_word, words=words, seed=seed, language=language, engines=engines,
                           progress=progress)
    return target
