"""The speech synthesisers that speak the course's synthetic keywords.

eSpeak NG always works: the ``espeakng-loader`` wheel ships it, with English and
Spanish voices. Flite and Festival are used too when they are installed (Debian
and Ubuntu, Colab included). Their English voices are recordings of
other people, so a model trained on all three engines hears more kinds of
voices, and that is what makes it hold up on real ones (``docs/benchmarks.md``).
:data:`DEBIAN_PACKAGES` names the packages.

A voice is named ``"en-us+f3"`` (eSpeak NG, with an optional variant),
``"flite:slt"`` or ``"festival:kal_diphone"``. Every engine is deterministic: the
same voice and settings give the same samples.

>>> "espeak" in installed_engines()
True
>>> voices("es")
('es', 'es-419')
"""

from __future__ import annotations

import ctypes
import functools
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..audio.waveform import SAMPLE_RATE
from ..i18n import CourseError, ParameterError

#: English accents that ship with eSpeak NG.
ESPEAK_ENGLISH = ("en-us", "en", "en-gb-scotland", "en-029", "en-gb-x-rp", "en-us-nyc",
                  "en-gb-x-gbclan", "en-gb-x-gbcwmd")
#: eSpeak NG's Spanish of Spain and of Latin America.
ESPEAK_SPANISH = ("es", "es-419")
#: Flite's built-in voices that are 16 kHz recordings of a whole speaker (``kal`` is 8 kHz,
#: ``awb_time`` only says the time).
FLITE_VOICES = ("kal16", "awb", "rms", "slt")
ENGINES = ("espeak", "flite", "festival")
#: The Debian and Ubuntu packages of Flite and Festival with its English voices (the Makefile's
#: ``voices`` target and lesson 5's Colab install cell install them).
DEBIAN_PACKAGES = ("flite", "festival", "festvox-kallpc16k", "festvox-kdlpc16k", "festvox-us-slt-hts")
ENGINE_NAMES = {"espeak": "eSpeak NG", "flite": "Flite", "festival": "Festival"}
#: The speaking rate every engine treats as its normal pace (words per minute).
NORMAL_RATE = 175

# eSpeak NG C API constants (speak_lib.h).
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE, _VOLUME, _PITCH, _RANGE = 1, 2, 3, 4


class _Espeak:
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
            raise CourseError("synth.no_engine", detail=f"espeak_Initialize returned {self.rate}")
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
    def get(cls) -> "_Espeak":
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
                raise ParameterError("synth.unknown_voice", voice=voice, known=", ".join(all_voices()))
            self.lib.espeak_SetParameter(_RATE, rate, 0)
            self.lib.espeak_SetParameter(_PITCH, pitch, 0)
            self.lib.espeak_SetParameter(_RANGE, pitch_range, 0)
            self.lib.espeak_SetParameter(_VOLUME, 100, 0)
            self._chunks = []
            data = text.encode("utf-8") + b"\0"
            self.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            self.lib.espeak_Synchronize()
            pcm = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        return audio.resample(pcm.astype(np.float32) / 32768.0, self.rate, SAMPLE_RATE)


def _run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CourseError("synth.no_engine", detail=(done.stderr.strip().splitlines() or [cmd[0]])[-1])
    return done.stdout


@functools.lru_cache(maxsize=1)
def _festival_english_voices() -> tuple[str, ...]:
    """Festival's English voices, asked of Festival itself (the Debian packages install them)."""
    if shutil.which("festival") is None:
        return ()
    script = ("(mapcar (lambda (v) (format t \"%s %s\\n\" v "
              "(cadr (assoc 'language (cadr (voice.description v)))))) (voice.list))")
    with tempfile.NamedTemporaryFile("w", suffix=".scm") as f:
        f.write(script + "\n")
        f.flush()
        try:
            lines = _run(["festival", "-b", f.name]).splitlines()
        except CourseError:
            return ()
    return tuple(sorted(v for v, language in (line.split()[:2] for line in lines if len(line.split()) >= 2)
                        if language == "english"))


@functools.lru_cache(maxsize=1)
def _flite_voices() -> tuple[str, ...]:
    if shutil.which("flite") is None:
        return ()
    listed = _run(["flite", "-lv"]).split(":")[-1].split()
    return tuple(v for v in FLITE_VOICES if v in listed)


def installed_engines() -> tuple[str, ...]:
    """The engines this machine has: ``"espeak"`` (the wheel), then Flite and Festival when installed.

    Examples
    --------
    >>> installed_engines()[0]
    'espeak'
    """
    return ("espeak",) + (("flite",) if _flite_voices() else ()) + (("festival",) if _festival_english_voices() else ())


def voices(language: str = "en", engines=None) -> tuple[str, ...]:
    """Every voice of ``language`` ("en" or "es") from ``engines`` (default: all installed).

    Only eSpeak NG speaks Spanish; Flite and Festival add English voices.

    Examples
    --------
    >>> voices("en", engines=("espeak",))[:2]
    ('en-us', 'en')
    """
    engines = installed_engines() if engines is None else tuple(engines)
    if language == "es":
        return ESPEAK_SPANISH if "espeak" in engines else ()
    found = ESPEAK_ENGLISH if "espeak" in engines else ()
    found += tuple(f"flite:{v}" for v in _flite_voices()) if "flite" in engines else ()
    return found + (tuple(f"festival:{v}" for v in _festival_english_voices()) if "festival" in engines else ())


def all_voices() -> tuple[str, ...]:
    """Every installed voice, both languages (for error messages).

    Examples
    --------
    >>> "es-419" in all_voices()
    True
    """
    return voices("en") + voices("es")


def engine_of(voice: str) -> str:
    """``"flite"``, ``"festival"`` or ``"espeak"``: the engine a voice name belongs to.

    Examples
    --------
    >>> engine_of("flite:slt"), engine_of("en-us+f3")
    ('flite', 'espeak')
    """
    prefix = voice.split(":", 1)[0] if ":" in voice else "espeak"
    return prefix if prefix in ENGINES else "espeak"


def engine_names(voices) -> str:
    """The engines behind ``voices``, by name, in :data:`ENGINES` order.

    Examples
    --------
    >>> engine_names(["en-us+f3", "flite:slt", "en"])
    'eSpeak NG, Flite'
    """
    used = {engine_of(v) for v in voices}
    return ", ".join(ENGINE_NAMES[e] for e in ENGINES if e in used)


def _read_16k(path: Path) -> np.ndarray:
    y, sr = audio.load(path, sr=None)
    return audio.resample(audio.to_mono(y), sr, SAMPLE_RATE)


def _flite(text: str, voice: str, rate: int, pitch: int) -> np.ndarray:
    if voice not in _flite_voices():
        raise ParameterError("synth.unknown_voice", voice=f"flite:{voice}", known=", ".join(all_voices()))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "speech.wav"
        # eSpeak's pitch 0-100 as Flite's mean F0 in Hz: 60 to 260, a bass to a child.
        _run(["flite", "-voice", voice, "--setf", f"duration_stretch={NORMAL_RATE / rate:.4f}",
              "--setf", f"int_f0_target_mean={60 + 2 * pitch}", "-t", text, "-o", str(out)])
        return _read_16k(out)


def festival_many(requests) -> list[np.ndarray]:
    """Speak several ``(text, voice, rate)`` with Festival in one process (it takes 0.3 s to start).

    Festival's voices have their own pitch; ``rate`` stretches their durations.

    Examples
    --------
    >>> [] == festival_many([])
    True
    """
    requests = list(requests)
    if not requests:
        return []
    known = _festival_english_voices()
    with tempfile.TemporaryDirectory() as tmp:
        lines = []
        for i, (text, voice, rate) in enumerate(requests):
            if voice not in known:
                raise ParameterError("synth.unknown_voice", voice=f"festival:{voice}", known=", ".join(all_voices()))
            lines += [f"(voice_{voice})", f"(Parameter.set 'Duration_Stretch {NORMAL_RATE / rate:.4f})",
                      f"(utt.save.wave (utt.synth (Utterance Text \"{text}\")) \"{Path(tmp) / f'{i}.wav'}\" 'riff)"]
        (Path(tmp) / "speak.scm").write_text("\n".join(lines) + "\n")
        _run(["festival", "-b", str(Path(tmp) / "speak.scm")])
        return [_read_16k(Path(tmp) / f"{i}.wav") for i in range(len(requests))]


def speak(text: str, voice: str, *, rate: int = NORMAL_RATE, pitch: int = 50, pitch_range: int = 50) -> np.ndarray:
    """``text`` spoken by ``voice``, float32 at 16 kHz, untrimmed.

    ``rate`` is words per minute; ``pitch`` and ``pitch_range`` are 0-100 (Festival keeps
    its voices' own pitch; Flite uses ``pitch`` for its mean F0).

    Raises
    ------
    ParameterError
        For a voice that is not installed (``synth.unknown_voice``).
    CourseError
        When the engine cannot start (``synth.no_engine``).

    Examples
    --------
    >>> y = speak("go", "en-us")
    >>> y.dtype, y.size > 1000
    (dtype('float32'), True)
    """
    engine = engine_of(voice)
    name = voice.split(":", 1)[1] if engine != "espeak" else voice
    if engine == "flite":
        return _flite(text, name, rate, pitch)
    if engine == "festival":
        return festival_many([(text, name, rate)])[0]
    return _Espeak.get().speak(text, name, rate, pitch, pitch_range)
