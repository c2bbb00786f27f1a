"""A long recording with no keyword in it, and a spotter's scores along it, window by window.

False accepts are counted on audio a spotter should ignore: other people's words, noise,
quiet. :func:`recording` builds such audio from synthetic speech of words the spotter
never learnt (not even as ``_unknown_``: :data:`HELD_OUT_WORDS`), real clips of other
words when there are some, and noise, in a shuffled order that one ``seed`` fixes.
:func:`score_recording` slides the spotter over it as it would run live: the speech
embedding every 80 ms, and the head on the last 9 embeddings (1.4 s of audio).

    >>> sorted(HELD_OUT_WORDS)
    ['en', 'es']
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

import numpy as np

from ..audio import waveform as audio
from .._internal import checks
from ..kws import head as kws_embedding
from ..kws import cnn as models
from ..kws import speech_embedding
from . import speech as synth
from ..audio.waveform import SAMPLE_RATE
from ..i18n import t

#: Words for the recording, in neither :data:`kwscourse.synthetic.speech.KEYWORDS` nor
#: :data:`kwscourse.kws.head.FILLER_WORDS`: the spotter has heard none of them.
HELD_OUT_WORDS = {
    "en": ("backward", "forward", "follow", "learn", "visual", "morning", "coffee", "music", "window", "paper",
           "water", "number", "open", "later", "garden", "yellow", "orange", "monday", "pocket", "table"),
    "es": ("tarde", "coche", "silla", "flor", "puerta", "camisa", "reloj", "ciudad", "playa", "nube",
           "fuego", "mano", "pueblo", "tiempo", "calle", "lluvia", "queso", "llave", "barco", "hoja"),
}
#: Everyday English words for a *practice* recording, whose windows teach a spotter ``_unknown_``: the more
#: different words it hears there, the fewer new words it mistakes for a keyword. None is a keyword or held out.
PRACTICE_WORDS = tuple("""
about after again air animal answer apple baby back ball bank basket beach bean bell best big black blue boat
body book bottle box bread brother brown bus butter cake call camera candle car card carpet chair cheese child
city class clock cloud coat cold color corner cotton country cup dance dark day desk dinner doctor door dream
dress drink early earth egg engine evening face family farm father fish flower food foot friend fruit game girl
glass gold grass green hand hat head heart horse hotel hour ice island jacket kitchen lamp letter light lion
little love machine market milk money moon mother mountain name night nose ocean office pencil people picture
plant purple queen rain river road rock room salt school sea shoe silver sister sky small snow song spoon spring
star street sugar summer sun sweet teacher ticket tiger today tomorrow town train travel tuesday uncle under
village voice wall watch weather white wind winter woman wood world year young""".split())
#: Seconds between two scores: one embedding step of 8 mel frames of 10 ms.
HOP_S = speech_embedding.WINDOW_STEP * speech_embedding.MEL_HOP / SAMPLE_RATE
STACK = kws_embedding.INPUT_SHAPE[0]  #: embeddings the head reads at once (9)


@dataclass(frozen=True)
class Recording:
    """Audio with no keyword, and what was put where: ``parts`` holds ``(start_s, kind, name)``.

    ``kind`` is ``"synthetic"`` (a held-out word), ``"real"`` (a real clip of another
    word) or ``"noise"`` (noise or near silence); every part lasts one second.
    """

    waveform: np.ndarray
    sample_rate: int
    parts: tuple

    @property
    def duration_s(self) -> float:
        """The length in seconds."""
        return self.waveform.size / self.sample_rate

    def summary(self) -> str:
        """What the recording holds, in the course language."""
        kinds = [kind for _, kind, _ in self.parts]
        return t("detection.recording", minutes=self.duration_s / 60, synthetic=kinds.count("synthetic"),
                 real=kinds.count("real"), noise=kinds.count("noise"))


@dataclass(frozen=True)
class RecordingScores:
    """A spotter's softmax scores ``[windows, classes]``, the time of each window (s) and the classes."""

    times: np.ndarray
    scores: np.ndarray
    label_names: tuple
    hop_s: float = HOP_S

    def keyword_scores(self) -> np.ndarray:
        """``[windows, keywords]``: the columns of the real words (not ``_unknown_``, ``_silence_``)."""
        keep = [i for i, name in enumerate(self.label_names)
                if name not in (kws_embedding.UNKNOWN, kws_embedding.SILENCE)]
        return self.scores[:, keep]


def _spoken(count: int, seed: int, language: str, words) -> list[tuple[str, np.ndarray]]:
    """``count`` synthetic clips of ``words`` (default :data:`HELD_OUT_WORDS`) with their words, chosen by ``seed``."""
    if count == 0:
        return []
    words = words or HELD_OUT_WORDS[checks.one_of(language, "language", tuple(HELD_OUT_WORDS))]
    with tempfile.TemporaryDirectory() as tmp:
        found = kws_embedding.folder_clips(synth.synth_keywords(
            tmp, -(-count // len(words)), words=words, seed=seed, language=language, progress=False))
    clips, names = found.clips, found.words
    order = np.random.default_rng(seed).permutation(len(clips))[:count]
    return [(names[i], clips[i]) for i in order]


def recording(minutes: float = 10.0, *, seed: int = 0, language: str = "en", other_clips=(),
              speech_share: float = 0.5, words=None) -> Recording:
    """Build a recording with no keyword: one-second parts of speech, other words and noise, shuffled.

    Parameters
    ----------
    minutes : float, optional
        Its length (rounded to whole seconds).
    seed : int, optional
        Picks voices, noises and the order: the same seed gives the same recording.
    language : str, optional
        "en" or "es": the held-out words' language.
    other_clips : sequence of (str, array_like), optional
        ``(word, waveform)`` real clips of words that are not keywords (16 kHz); each is used once.
    speech_share : float, optional
        The share of seconds that hold a word (real or synthetic); the rest is noise or quiet.
    words : sequence of str, optional
        The words to synthesise; default :data:`HELD_OUT_WORDS` in ``language``. (Training
        audio for ``_unknown_`` uses :data:`kwscourse.kws.head.FILLER_WORDS`, so that
        the test recording's words stay unheard.)

    Returns
    -------
    Recording

    Examples
    --------
    >>> quiet = recording(0.25, seed=1, other_clips=[("left", np.full(8000, 0.1, "float32"))])
    >>> quiet.duration_s, [kind for _, kind, _ in quiet.parts].count("real"), len(quiet.parts)
    (15.0, 1, 15)
    >>> print(quiet.summary())
    A recording with no keyword: 0.2 min, 7 synthetic words, 1 real clips of other words, 7 s of noise and quiet.
    """
    slots = checks.whole_number(round(checks.positive(minutes, "minutes") * 60), "seconds")
    share = checks.fraction(speech_share, "speech_share")
    real = [(str(word), audio.pad_or_trim(np.asarray(clip, np.float32), SAMPLE_RATE))
            for word, clip in list(other_clips)[:slots]]
    speech = _spoken(max(0, round(share * slots) - len(real)), seed, language, words)
    rng = np.random.default_rng(seed)
    quiet = kws_embedding.background_clips(slots - len(real) - len(speech), rng)
    pieces = ([("real", w, c) for w, c in real] + [("synthetic", w, c) for w, c in speech]
              + [("noise", "", c) for c in quiet])
    order = rng.permutation(len(pieces))
    parts = tuple((float(k), pieces[i][0], pieces[i][1]) for k, i in enumerate(order))
    waveform = np.concatenate([pieces[i][2] for i in order]).astype(np.float32)
    return Recording(waveform, SAMPLE_RATE, parts)


def embedding_stacks(embedder, waveform, *, chunk_s: float = 10.0) -> np.ndarray:
    """``[windows, 9, 96]``: every run of 9 consecutive embeddings of a long recording, one every 80 ms.

    What a head reads when it slides along the audio; as training examples of
    ``_unknown_`` they show it words cut anywhere, not only centred ones.

    Examples
    --------
    >>> embedding_stacks(speech_embedding.load(), np.zeros(2 * 16000, "float32")).shape
    (8, 9, 96)
    """
    y = np.asarray(waveform.waveform if isinstance(waveform, Recording) else waveform, np.float32)
    step = int(checks.positive(chunk_s, "chunk_s") * SAMPLE_RATE)
    stream = speech_embedding.StreamingEmbedder(embedder)
    embeddings = np.concatenate([stream.push(y[i:i + step]) for i in range(0, max(len(y), 1), step)])
    count = max(0, len(embeddings) - STACK + 1)
    return np.ascontiguousarray(
        np.lib.stride_tricks.sliding_window_view(embeddings, STACK, axis=0)[:count].transpose(0, 2, 1))


def score_recording(spotter, waveform, *, chunk_s: float = 10.0, batch: int = 1024) -> RecordingScores:
    """Slide a spotter along a long recording: its scores every 80 ms, from the last 1.4 s of audio.

    The embeddings are made by :class:`~kwscourse.kws.speech_embedding.StreamingEmbedder`, as
    audio arrives live, ``chunk_s`` seconds at a time; the head then reads every run of
    9 consecutive embeddings, which is what it was trained on (a clip padded to 1.5 s).

    Parameters
    ----------
    spotter : kwscourse.kws.head.EmbeddingSpotter
        Its head and embedder are used.
    waveform : array_like or Recording
        16 kHz mono audio.
    chunk_s : float, optional
        Audio pushed into the embedder at once.
    batch : int, optional
        Windows the head scores at once.

    Returns
    -------
    RecordingScores
        ``times[k]`` is when window ``k`` ends, so when a live spotter would decide.

    Examples
    --------
    >>> spotter = kws_embedding.EmbeddingSpotter(kws_embedding.build_head(2), ["yes", "_unknown_"])
    >>> out = score_recording(spotter, np.zeros(3 * 16000, "float32"))
    >>> out.scores.shape, round(float(out.times[0]), 2), round(float(out.times[1] - out.times[0]), 2)
    ((20, 2), 1.4, 0.08)
    >>> out.keyword_scores().shape
    (20, 1)
    """
    stacks = embedding_stacks(spotter.embedder, waveform, chunk_s=chunk_s)
    count = len(stacks)
    logits = [np.asarray(spotter.head(np.ascontiguousarray(stacks[i:i + batch]), training=False))
              for i in range(0, count, checks.whole_number(batch, "batch"))]
    scores = models.softmax(np.concatenate(logits)) if logits else np.zeros((0, len(spotter.label_names)))
    frames = speech_embedding.WINDOW_FRAMES + speech_embedding.WINDOW_STEP * (np.arange(count) + STACK - 1)
    times = frames * speech_embedding.MEL_HOP / SAMPLE_RATE
    return RecordingScores(times, scores.astype(np.float32), tuple(spotter.label_names))
