"""How keyword spotters are judged (kwscourse.kws.detection), the recording with no keyword they are judged on
(kwscourse.synthetic.non_keyword_audio) and their pictures (kwscourse.ui.detection_diagrams), on purpose-made scores and on
the real Speech Commands clips when they are there."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from kwscourse import detection, detection_diagrams, non_keyword_audio  # noqa: E402
from kwscourse.i18n import ParameterError  # noqa: E402

HOP = 0.08  # the speech embedding's step: 45,000 windows make an hour
HOUR = 45000


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def bump(scores, at, height, width=5):
    """A hill of ``width`` windows, like one utterance seen by overlapping windows, topping at ``height``."""
    shape = height * (1 - np.abs(np.linspace(-0.6, 0.6, width)))  # highest in the middle
    scores[at:at + width] = np.maximum(scores[at:at + width], shape)


def test_three_utterances_in_an_hour_are_three_false_accepts_per_hour():
    scores = np.zeros(HOUR)
    for at in (1000, 20000, 40000):
        bump(scores, at, 0.9)
    fa = detection.false_accepts(scores, 0.5, hop_s=HOP)
    assert (fa.count, fa.hours, fa.per_hour) == (3, 1.0, 3.0)
    assert fa.times.tolist() == pytest.approx([1002 * HOP, 20002 * HOP, 40002 * HOP])
    # Half an hour of the same audio: the count is the same, the rate doubles.
    assert detection.false_accepts(scores, 0.5, hop_s=HOP, duration_s=1800).per_hour == 6.0


def test_one_utterance_counts_once_even_with_a_dip_but_two_utterances_count_twice():
    scores = np.zeros(1000)
    scores[100:112] = [0.6, 0.8, 0.9, 0.7, 0.55, 0.7, 0.85, 0.6, 0.3, 0.1, 0.0, 0.0]  # one word, a dip inside
    assert detection.false_accepts(scores, 0.5, hop_s=HOP, refractory_s=1.0).count == 1
    scores[300:303] = [0.6, 0.95, 0.6]  # the same word again 16 s later
    fa = detection.false_accepts(scores, 0.5, hop_s=HOP, refractory_s=1.0)
    assert fa.count == 2 and fa.times.tolist() == pytest.approx([102 * HOP, 301 * HOP])
    # Without merging, each hilltop would count: the dip would make the first word two.
    assert detection.false_accepts(scores, 0.5, hop_s=HOP, refractory_s=0.0).count == 3


def test_different_words_at_the_same_time_are_two_false_accepts():
    scores = np.zeros((500, 2))
    bump(scores[:, 0], 100, 0.8)
    bump(scores[:, 1], 101, 0.7)
    fa = detection.false_accepts(scores, 0.5, hop_s=HOP, start_s=1.4)
    assert fa.count == 2 and sorted(fa.words.tolist()) == [0, 1]
    assert fa.times.min() == pytest.approx(1.4 + 102 * HOP)


def test_false_rejects_count_keywords_under_the_threshold():
    fr = detection.false_rejects([0.99, 0.2, 0.5, 0.7, 0.1], 0.5)
    assert (fr.count, fr.total, fr.rate) == (2, 5, 0.4)  # 0.5 itself fires


def test_det_curve_is_monotonic_and_matches_the_single_point_functions():
    rng = np.random.default_rng(0)
    keyword = rng.uniform(0.3, 1.0, 200)
    stream = rng.uniform(0.0, 0.6, (HOUR // 10, 3))
    curve = detection.det_curve(keyword, stream, hop_s=HOP)
    assert np.all(np.diff(curve.miss_rate) >= 0)
    assert np.all(np.diff(curve.false_accepts_per_hour) <= 0)
    assert curve.false_accepts_per_hour[-1] == 0 and curve.miss_rate[0] == 0
    i = int(np.flatnonzero(curve.thresholds == 0.5)[0])
    assert curve.miss_rate[i] == detection.false_rejects(keyword, 0.5).rate
    assert curve.false_accepts_per_hour[i] == detection.false_accepts(stream, 0.5, hop_s=HOP).per_hour


def test_operating_point_is_the_fewest_misses_within_the_budget():
    curve = detection.DetCurve(thresholds=np.array([0.3, 0.5, 0.6, 0.7, 0.9]),
                               miss_rate=np.array([0.02, 0.05, 0.05, 0.12, 0.40]),
                               false_accepts_per_hour=np.array([9.0, 3.0, 1.0, 1.0, 0.0]), hours=1.0, keywords=100)
    point = detection.operating_point(curve, max_per_hour=1)
    # 0.6 and 0.7 are within the budget; 0.6 misses fewer (0.5 misses as few but fires 3 times an hour).
    assert (point.threshold, point.miss_rate, point.false_accepts_per_hour) == (0.6, 0.05, 1.0)
    assert detection.operating_point(curve, max_per_hour=5).threshold == 0.6  # ties with 0.5 on misses, fewer alarms
    assert detection.operating_point(curve, max_per_hour=10).threshold == 0.3
    assert detection.operating_point(curve, max_per_hour=0).threshold == 0.9
    assert "threshold 0.600" in point.summary()
    with pytest.raises(ParameterError):
        detection.operating_point(curve, max_per_hour=-1)
    none_quiet = detection.DetCurve(curve.thresholds, curve.miss_rate, curve.false_accepts_per_hour + 2, 1.0, 100)
    with pytest.raises(ParameterError) as err:
        detection.operating_point(none_quiet, max_per_hour=1)
    assert err.value.key == "detection.no_operating_point"


def test_scores_of_three_dimensions_are_refused():
    with pytest.raises(ParameterError):
        detection.peaks(np.zeros((2, 2, 2)), hop_s=HOP)
    with pytest.raises(ParameterError):
        detection.false_accepts(np.zeros(10), 0.5, hop_s=0)


def test_det_plot_marks_the_point_in_spanish(spanish):
    curve = detection.DetCurve(np.array([0.2, 0.5, 0.8]), np.array([0.0, 0.1, 0.4]), np.array([12.0, 2.0, 0.0]), 1.0, 10)
    point = detection.operating_point(curve, 2)
    ax = detection_diagrams.det_plot(curve, point, stand_in=True).axes[0]
    assert ax.get_xlabel() == "Falsas aceptaciones por hora (sin ninguna palabra clave)"
    assert ax.get_ylabel() == "Tasa de falsos rechazos (palabras clave perdidas)"
    assert ax.get_title().endswith("[sustituto sintético]")
    assert ax.lines[0].get_xydata().tolist() == [[12.0, 0.0], [2.0, 0.1], [0.0, 0.4]]
    assert ax.lines[-1].get_xydata().tolist() == [[2.0, 0.1]]  # the chosen point
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["elegido: umbral 0.50"]


def test_timeline_marks_each_false_accept_with_its_word():
    scores = np.zeros((1000, 2))
    bump(scores[:, 1], 200, 0.9)
    bump(scores[:, 0], 700, 0.4)  # under the threshold: not marked
    times = 1.4 + np.arange(1000) * HOP
    fa = detection.false_accepts(scores, 0.5, hop_s=HOP, start_s=times[0])
    ax = detection_diagrams.score_timeline(times, scores, 0.5, fa, word_names=["go", "stop"]).axes[0]
    assert [t.get_text() for t in ax.texts] == ["stop"]
    assert ax.lines[2].get_xydata()[0, 0] == pytest.approx(times[202] / 60)
    assert ax.lines[1].get_ydata()[0] == 0.5  # the threshold line


def test_recording_is_deterministic_and_holds_what_it_says():
    other = [("no", np.full(12000, 0.05, np.float32)), ("up", np.full(16000, 0.05, np.float32))]
    first = non_keyword_audio.recording(0.5, seed=3, other_clips=other)
    again = non_keyword_audio.recording(0.5, seed=3, other_clips=other)
    assert first.parts == again.parts  # the same words, clips and noises in the same places
    # The noise and the real clips are the same samples. (The synthetic words are the same recipes, but eSpeak NG
    # itself does not always render a word to identical samples on a loaded machine, so they are not compared.)
    for k, (_, kind, _) in enumerate(first.parts):
        if kind != "synthetic":
            assert np.array_equal(first.waveform[k * 16000:(k + 1) * 16000], again.waveform[k * 16000:(k + 1) * 16000])
    assert first.duration_s == 30.0 and len(first.parts) == 30
    kinds = [kind for _, kind, _ in first.parts]
    assert (kinds.count("real"), kinds.count("synthetic"), kinds.count("noise")) == (2, 13, 15)
    spoken = {word for _, kind, word in first.parts if kind == "synthetic"}
    assert spoken <= set(non_keyword_audio.HELD_OUT_WORDS["en"])
    assert non_keyword_audio.recording(0.5, seed=4, other_clips=other).parts != first.parts


def test_held_out_words_are_neither_keywords_nor_unknown_training_words():
    from kwscourse.kws import head as kws_embedding
    from kwscourse.synthetic import speech as synth

    for lang, words in non_keyword_audio.HELD_OUT_WORDS.items():
        assert not set(words) & set(kws_embedding.FILLER_WORDS[lang]) and not set(words) & set(synth.KEYWORDS)
    practice = set(non_keyword_audio.PRACTICE_WORDS)
    assert len(practice) == len(non_keyword_audio.PRACTICE_WORDS) > 150
    assert not practice & set(non_keyword_audio.HELD_OUT_WORDS["en"]) and not practice & set(synth.KEYWORDS)


def test_a_keyword_in_a_long_recording_is_one_detection_at_its_time(realdata):
    """A spotter scored along audio finds a real 'yes' once, when it was said, and not the silence around it."""
    from kwscourse.audio import waveform as audio
    from kwscourse.kws import head as kws_embedding

    clip = audio.load(realdata / "speech_commands_sample" / "tflite_micro_testdata" / "yes_1000ms.wav", sr=16000)[0]
    folder = realdata / "speech_commands_sample" / "v0.01_vinsis"
    found = kws_embedding.folder_clips(folder)
    clips, words = found.clips, found.words
    labels = ["yes", kws_embedding.UNKNOWN, kws_embedding.SILENCE]
    quiet = kws_embedding.background_clips(40, np.random.default_rng(0))
    spotter = kws_embedding.EmbeddingSpotter(kws_embedding.build_head(3), labels)
    x = spotter.embedder.embed_clips(clips + quiet)
    y = [0 if w == "yes" else 1 for w in words] + [2] * len(quiet)
    head, _ = kws_embedding.train_head(x, np.array(y), 3, epochs=30)
    spotter = kws_embedding.EmbeddingSpotter(head, labels, spotter.embedder)
    long = np.concatenate([np.zeros(5 * 16000, np.float32), audio.pad_or_trim(clip), np.zeros(5 * 16000, np.float32)])
    scored = non_keyword_audio.score_recording(spotter, long)
    assert scored.times[1] - scored.times[0] == pytest.approx(0.08)
    # 0.7: the head is trained with label smoothing and input noise, so the word's first syllable
    # alone reaches about 0.6; the whole word scores above 0.9.
    found = detection.false_accepts(scored.keyword_scores(), 0.7, hop_s=scored.hop_s, start_s=scored.times[0])
    assert found.count == 1
    assert 5.0 < found.times[0] < 7.5  # the word is said between 5 and 6 s; the window ending then sees it


def test_det_curve_on_the_real_clips(realdata):
    """The real clips of four words against a recording holding the real clips of the other four."""
    from kwscourse.kws import head as kws_embedding

    folder = realdata / "speech_commands_sample" / "v0.01_vinsis"
    found = kws_embedding.folder_clips(folder)
    clips, words = found.clips, found.words
    keywords = ["go", "left", "right", "stop"]
    others = [(w, c) for w, c in zip(words, clips) if w not in keywords]
    assert len(others) == 40
    recording = non_keyword_audio.recording(2, seed=0, other_clips=others, speech_share=0.4)
    kinds = [kind for _, kind, _ in recording.parts]
    assert kinds.count("real") == 40 and kinds.count("synthetic") == 8 and recording.duration_s == 120
    assert "40 real clips of other words" in recording.summary()
