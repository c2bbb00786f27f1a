"""The speech synthesisers: eSpeak NG from the wheel, Flite and Festival when Debian installed them."""

import csv
import shutil

import numpy as np
import pytest

from kwscourse.synthetic import speech as synth
from kwscourse.synthetic import stand_ins
from kwscourse.synthetic import tts
from kwscourse.i18n import ParameterError

needs_flite = pytest.mark.skipif(shutil.which("flite") is None,
                                 reason="Flite is not installed (apt-get install flite; .ci/run does)")
needs_festival = pytest.mark.skipif(
    not tts._festival_english_voices(),
    reason="Festival has no English voice here (apt-get install festival festvox-kallpc16k; .ci/run does)")


def _median_pitch_hz(y: np.ndarray) -> float:
    import librosa

    return float(np.median(librosa.yin(y, fmin=50, fmax=400, sr=16000, frame_length=1024)))


@needs_flite
def test_flite_voices_are_distinct_deterministic_and_follow_rate_and_pitch():
    slt = tts.speak("left", "flite:slt")
    assert np.array_equal(slt, tts.speak("left", "flite:slt"))
    rms = tts.speak("left", "flite:rms")
    assert slt.dtype == np.float32 and 0.2 < slt.size / 16000 < 1.0
    assert slt.size != rms.size or not np.allclose(slt, rms)
    slow = tts.speak("left", "flite:slt", rate=100)
    assert slow.size > 1.4 * slt.size  # 175 / 100 = 1.75 times the durations
    low, high = (synth.synthesize("no", "flite:awb", pitch=p) for p in (20, 85))
    assert _median_pitch_hz(high) > 1.4 * _median_pitch_hz(low)  # 230 Hz against 100 Hz asked


@needs_festival
def test_festival_speaks_a_batch_in_one_process_the_same_as_one_by_one():
    voice = tts._festival_english_voices()[0]
    batch = tts.festival_many([("yes", voice, 175), ("stop", voice, 120)])
    assert np.array_equal(batch[0], tts.speak("yes", f"festival:{voice}"))
    assert batch[1].size > batch[0].size  # a longer word, spoken slower
    assert all(float(np.abs(y).max()) > 0.05 for y in batch)


def test_unknown_voices_of_each_engine_are_refused(spanish):
    with pytest.raises(ParameterError) as err:
        tts.speak("yes", "flite:nobody")
    assert str(err.value).startswith("No hay ninguna voz 'flite:nobody'. Prueba una de estas: en-us, en,")
    with pytest.raises(ParameterError) as err:
        tts.festival_many([("yes", "nobody", 175)])
    assert err.value.key == "synth.unknown_voice" and "'festival:nobody'" in str(err.value)


def test_only_espeak_speaks_spanish_and_narrowing_the_engines_is_honoured():
    assert tts.voices("es") == ("es", "es-419")
    assert tts.voices("en", engines=("espeak",)) == synth.VOICES
    with pytest.raises(ParameterError) as err:
        synth.synth_keywords("unused", 1, language="es", engines=("flite",), progress=False)
    assert err.value.key == "synth.no_voices"


@needs_flite
@needs_festival
def test_a_data_set_draws_on_every_engine_and_says_which(tmp_path):
    folder = synth.synth_keywords(tmp_path / "all", 40, words=("go",), progress=False)
    with open(folder / "manifest.csv", newline="") as f:
        engines = [tts.engine_of(row["voice"]) for row in csv.DictReader(f)]
    shares = {e: engines.count(e) / len(engines) for e in tts.ENGINES}
    assert 0.3 < shares["espeak"] < 0.8 and shares["flite"] > 0.1 and shares["festival"] > 0.05
    assert "(eSpeak NG, Flite, Festival)" in (folder / stand_ins.STAND_IN_FILE).read_text()
    only_espeak = synth.synth_keywords(tmp_path / "espeak", 5, words=("go",), engines=("espeak",), progress=False)
    assert "(eSpeak NG)" in stand_ins.stand_in_notice(only_espeak)
    again = synth.synth_keywords(tmp_path / "again", 40, words=("go",), progress=False)
    assert all((folder / "go" / p.name).read_bytes() == p.read_bytes() for p in (again / "go").glob("*.wav"))
