"""Every number the lessons' prose states that code can compute is computed here, and looked for in the
prose of both languages: a test fails when the text or the code changes the number alone."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from kwscourse.audio import waveform as audio
from kwscourse.kws import features
from kwscourse.kws import cnn as models
from kwscourse.authoring import notebook_source
from kwscourse.audio import streaming
from kwscourse.audio import wav
from kwscourse.kws import head as kws_embedding
from kwscourse.kws import speech_embedding
from kwscourse.yamnet import frontend as yamnet_frontend

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "notebooks" / "src"
EXERCISES = ROOT / "kwscourse" / "exercises" / "sources"
RATE = 16000


def prose(source: Path, cell_id: str, lang: str) -> str:
    """One markdown cell's text in one language, every run of white space made one space."""
    cells = {c.cell_id: c for c in notebook_source.parse(source, exercises=source.parent == EXERCISES)}
    cell = cells[cell_id]
    assert cell.kind == "markdown", cell_id
    return re.sub(r"\s+", " ", cell.text[lang])


def num(value: float, lang: str, digits: int = 0) -> str:
    """``value`` as each language writes it: 15,600 / 15 600, with four digits whole in Spanish (7500) and a
    decimal point in both (docs/glossary.md)."""
    text = f"{value:,.{digits}f}"
    if lang == "es":
        text = text.replace(",", "" if abs(value) < 10000 else " ")
    return text


def assert_states(source: Path, cell_id: str, phrases: dict[str, list]) -> None:
    """Each phrase must be in the cell; a tuple of phrases means any one of them (a word being reworded)."""
    for lang, wanted in phrases.items():
        text = prose(source, cell_id, lang)
        for phrase in wanted:
            options = phrase if isinstance(phrase, tuple) else (phrase,)
            assert any(option in text for option in options), f"{source.name}:{cell_id} ({lang}) says none of {options}"


def test_num_writes_each_languages_numbers():
    assert [num(15600, "en"), num(15600, "es"), num(7500, "es"), num(0.975, "es", 3)] == [
        "15,600", "15 600", "7500", "0.975"]


# --- lesson 1 ------------------------------------------------------------------------------------------------


def test_lesson1_spectrogram_shape_and_frames():
    frames, bins, _ = features.spectrogram(np.zeros(RATE, np.float32)).shape
    frame_ms = round(1000 * features.FRAME_LENGTH / RATE)
    hop_ms = round(1000 * features.FRAME_STEP / RATE)
    assert (frames, bins, frame_ms, hop_ms) == (124, 129, 16, 8)
    lesson = LESSONS / "01_keyword_spotting.md"
    assert_states(lesson, "spectrogram-intro", {
        "en": [f"{features.FRAME_LENGTH} samples (about {frame_ms} ms)", f"every {features.FRAME_STEP} samples",
               f"**{frames} frames**", f"**{bins} frequency bins**", f"`({frames}, {bins}, 1)`"],
        "es": [f"{features.FRAME_LENGTH} muestras (unos {frame_ms} ms)", f"cada {features.FRAME_STEP} muestras",
               f"**{frames} tramas**", f"**{bins} bins de frecuencia**", f"`({frames}, {bins}, 1)`"]})
    assert_states(lesson, "model-intro", {lang: [f"{frames}×{bins}"] for lang in ("en", "es")})


def test_lesson1_cnn_weights_in_millions():
    import keras

    model = models.build_kws_model((124, 129, 1), list("abcdefgh"), keras.layers.Normalization())
    millions = num(model.count_params() / 1e6, "en", 2)
    assert millions == "1.63"
    for lesson, cell_id in ((LESSONS / "01_keyword_spotting.md", "model-intro"),
                            (LESSONS / "05_your_own_keywords.md", "head-intro")):
        assert_states(lesson, cell_id, {"en": [f"{millions} million"], "es": [f"{millions} millones"]})


def test_lesson5_speech_embedding_windows_and_head():
    windows = speech_embedding.window_count(speech_embedding.CLIP_SAMPLES)
    size = speech_embedding.EMBEDDING_SIZE
    padded_s = speech_embedding.CLIP_SAMPLES / RATE
    window_s = round(speech_embedding.WINDOW_FRAMES * speech_embedding.MEL_HOP / RATE, 6)
    step_ms = round(1000 * speech_embedding.WINDOW_STEP * speech_embedding.MEL_HOP / RATE)
    assert (windows, size, padded_s, window_s, step_ms) == (9, 96, 1.5, 0.76, 80)
    lesson = LESSONS / "05_your_own_keywords.md"
    assert_states(lesson, "data-intro", {
        "en": [f"{speech_embedding.MEL_BANDS} mel bands", f"{speech_embedding.WINDOW_FRAMES} such frames",
               f"({num(window_s, 'en', 2)} s)", f"every {step_ms} ms", f"**{size} numbers**",
               f"{num(padded_s, 'en', 1)} s", f"{windows} windows × {size} numbers"],
        "es": [f"{speech_embedding.MEL_BANDS} bandas mel", f"{speech_embedding.WINDOW_FRAMES} de esas tramas",
               f"({num(window_s, 'es', 2)} s)", f"cada {step_ms} ms", f"**{size} números**",
               f"{num(padded_s, 'es', 1)} s", f"{windows} ventanas × {size} números"]})
    about = round(kws_embedding.build_head(8).count_params(), -3)
    assert about == 112000
    assert_states(lesson, "head-intro", {
        lang: [f"{windows} × {size} = {windows * size}", f"{num(about, lang)} "] for lang in ("en", "es")})


# --- lesson 2 and its exercises ------------------------------------------------------------------------------


def test_lesson2_yamnet_window_and_frames():
    f = yamnet_frontend
    window_s, hop_s, patch_s = f.WINDOW / RATE, f.HOP / RATE, f.PATCH_FRAMES * f.STFT_HOP / RATE
    hops_s = (f.PATCH_FRAMES - 1) * f.STFT_HOP / RATE
    assert round(hops_s + f.STFT_WINDOW / RATE, 6) == window_s == 0.975
    three_s = f.frame_count(3 * RATE)
    assert three_s == 6
    lesson = LESSONS / "02_yamnet.md"
    assert_states(lesson, "io", {
        "en": [f"{num(patch_s, 'en', 2)} s", f"every {num(hop_s, 'en', 2)} s", f"{num(window_s, 'en', 3)} s",
               f"{num(f.WINDOW, 'en')} samples", (f"{f.PATCH_FRAMES} spectrogram rows", f"{f.PATCH_FRAMES} spectrogram frames"),
               f"{f.PATCH_FRAMES - 1} hops of 10 ms ({num(hops_s, 'en', 2)} s)",
               (f"give {three_s} frames", f"give {three_s} patches")],
        "es": [f"{num(patch_s, 'es', 2)} s", f"cada {num(hop_s, 'es', 2)} s", f"{num(window_s, 'es', 3)} s",
               f"{num(f.WINDOW, 'es')} muestras", (f"{f.PATCH_FRAMES} filas del espectrograma", f"{f.PATCH_FRAMES} tramas"),
               f"{f.PATCH_FRAMES - 1} saltos de 10 ms ({num(hops_s, 'es', 2)} s)",
               (f"dan {three_s} tramas", f"dan {three_s} parches")]})
    for cell_id in ("versions", "tflite"):
        assert_states(lesson, cell_id, {"en": [f"{num(f.WINDOW, 'en')} samples"],
                                        "es": [f"{num(f.WINDOW, 'es')} muestras"]})
    assert_states(LESSONS / "03_transfer_learning.md", "phone", {
        "en": [f"{num(window_s, 'en', 3)} s", f"{num(f.WINDOW, 'en')} samples"],
        "es": [f"{num(window_s, 'es', 3)} s", f"{num(f.WINDOW, 'es')} muestras"]})


def test_lesson2_class_count_is_the_class_maps(real_yamnet_dir):
    from kwscourse.yamnet import weights as yamnet_weights

    classes = len(yamnet_weights.read_class_map(real_yamnet_dir / "yamnet_class_map.csv"))
    assert classes == yamnet_frontend.NUM_CLASSES == 521
    assert_states(LESSONS / "02_yamnet.md", "title", {
        "en": [f"**{classes} kinds of sound**", f"{classes} of those 527"],
        "es": [f"**{classes} tipos de sonido**", f"{classes} de esas 527"]})


def test_rate_ratio_and_one_sample_in_three():
    ratio = num(44100 / RATE, "en", 2)
    one_in_three = len(np.zeros(44100)[::3])
    assert (ratio, one_in_three) == ("2.76", 14700)
    assert_states(LESSONS / "02_yamnet.md", "resample", {"en": [f"{ratio} times"], "es": [f"{ratio} veces"]})
    assert_states(EXERCISES / "02_yamnet.md", "q3-why", {
        lang: [f"{ratio} {times}", f"44100 / 16000 = {ratio}", f"44100 / 3 = {num(one_in_three, lang)}",
               num(RATE, lang)] for lang, times in (("en", "times"), ("es", "veces"))})


# --- lesson 3 ------------------------------------------------------------------------------------------------


def test_lesson3_clip_samples_and_frames():
    samples = len(audio.resample(np.zeros(5 * 44100, np.float32), 44100, RATE))
    frames = yamnet_frontend.frame_count(samples)
    assert (samples, frames) == (80000, 10)
    lesson = LESSONS / "03_transfer_learning.md"
    assert_states(lesson, "data-intro", {"en": [f"{num(samples, 'en')} samples"],
                                         "es": [f"{num(samples, 'es')} muestras"]})
    assert_states(lesson, "embeddings-intro", {"en": [(f"**{frames} frames**", f"**{frames} patches**")],
                                               "es": [(f"**{frames} tramas**", f"**{frames} parches**")]})


def test_lesson3_wav_data_offsets(tmp_path):
    noise = np.random.default_rng(0).uniform(-1, 1, 5 * RATE).astype(np.float32)
    pcm = wav.header(audio.write_wav(tmp_path / "pcm.wav", noise, RATE, subtype="PCM_16"))["data_offset"]
    flt = wav.header(audio.write_wav(tmp_path / "flt.wav", noise, RATE, subtype="FLOAT"))["data_offset"]
    assert (pcm, flt) == (44, 80)
    assert_states(LESSONS / "03_transfer_learning.md", "wav-intro", {
        "en": [f"byte **{pcm}**", f"byte **{flt}**", f"assume {pcm}"],
        "es": [f"byte **{pcm}**", f"byte **{flt}**", f"suponer {pcm}"]})


def test_lesson3_stream_windows():
    plain, half = streaming.StreamingWindows(3.0, 0.0), streaming.StreamingWindows(3.0, 0.5)
    hop_s = num(half.hop / RATE, "en", 1)
    assert (plain.window, hop_s) == (48000, "1.5")
    lesson = LESSONS / "03_transfer_learning.md"
    assert_states(lesson, "stream-intro", {"en": [f"3 s = {num(plain.window, 'en')} samples"],
                                           "es": [f"3 s = {num(plain.window, 'es')} muestras"]})
    for cell_id in ("exercises", "live"):
        assert_states(lesson, cell_id, {"en": [f"every {hop_s} s"], "es": [f"cada {hop_s} s"]})
