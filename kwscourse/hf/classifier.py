"""Hugging Face ``audio-classification`` pipelines that take any audio (lesson 4).

``transformers`` decodes file paths with ffmpeg and resamples arrays with
torchaudio. We do neither: audio is decoded with soundfile, mixed to mono and
resampled with soxr to the feature extractor's rate, then handed to the pipeline
as an array at exactly that rate. Long audio is cut into overlapping chunks
whose scores are averaged, with the per-chunk timeline kept (the audio side is
:mod:`kwscourse.hf.input`)::

    >>> sorted(PRESETS)
    ['accent', 'emotion', 'genre']

:func:`load` gives a :class:`Classifier`: the pipeline together with what the
course knows about it (its window, whether it is an untrained stand-in).
Fine-tuning is :mod:`kwscourse.hf.finetune`; training from scratch :mod:`kwscourse.hf.train`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ..data import cache
from .._internal import checks
from ..synthetic import stand_ins
from .._internal.seeding import seeded
from .._internal.transformers import transformers as _transformers
from .input import chunk_spans, to_model_rate
from ..i18n import ModelError, ParameterError, t
from ..results import Ranking


@dataclass(frozen=True)
class Preset:
    """A model the lesson uses: its Hub id, its labels, and the audio window it was trained on.

    Examples
    --------
    >>> PRESETS["genre"].window_s, len(PRESETS["genre"].labels)
    (30.0, 10)
    """

    model_id: str
    labels: tuple[str, ...]
    window_s: float
    size: str = ""
    notes: str = field(default="", compare=False)


PRESETS = {
    "genre": Preset(
        "Yash03813/pingpong-music_genres_classification-finetuned-finetuned-gtzan",
        ("blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"),
        window_s=30.0, size="about 400 MB", notes="GTZAN: 10 genres, 30-s clips"),
    "emotion": Preset(
        "ehcalabres/wav2vec2-lg-xlsr-en-speech-emotion-recognition",
        ("angry", "calm", "disgust", "fearful", "happy", "neutral", "sad", "surprised"),
        window_s=10.0, size="about 1.3 GB"),
    "accent": Preset(
        "dima806/english_accents_classification",
        ("us", "england", "indian", "canada", "australia"),
        window_s=10.0, size="about 400 MB", notes="labels as seen in a published run"),
}
DEFAULT_WINDOW_S = 10.0


@dataclass(frozen=True, repr=False)
class Classifier:
    """A ``transformers`` audio-classification pipeline and what the course knows about it.

    Wrap a pipeline of your own to tell :func:`classify` and
    :func:`~kwscourse.hf.train.evaluate` its window:
    ``Classifier(transformers.pipeline("audio-classification", model=folder), window_s=1.0)``.

    Attributes
    ----------
    pipeline : transformers.Pipeline
        The pipeline itself (anything with ``.model`` and ``.feature_extractor`` that is called like one).
    window_s : float
        The audio window the model was trained on, in seconds; longer audio is chunked.
    stand_in : bool
        True for the untrained stand-in of smoke mode: its scores mean nothing.
    preset : Preset or None
        The lesson's preset it stands for, if any.
    new_weights : tuple of str
        Weights the checkpoint did not have (or had in another shape), so ``transformers``
        initialised them at random when :func:`load` read it: typically a classification head
        that was never trained. Until they are trained, the scores are not to be trusted.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> config = SimpleNamespace(id2label={0: "no", 1: "yes"}, num_labels=2)
    >>> fake = SimpleNamespace(model=SimpleNamespace(config=config),
    ...                        feature_extractor=SimpleNamespace(sampling_rate=16000))
    >>> mine = Classifier(fake, window_s=1.0)
    >>> mine.labels, mine.sample_rate, mine.stand_in
    (['no', 'yes'], 16000, False)
    >>> mine
    Classifier(model='', window_s=1.0)
    """

    pipeline: object = field(repr=False)
    window_s: float = DEFAULT_WINDOW_S
    stand_in: bool = False
    preset: Preset | None = None
    new_weights: tuple[str, ...] = ()

    def __repr__(self):
        kind = ", UNTRAINED STAND-IN" if self.stand_in else ""
        return f"Classifier(model={self._name()!r}, window_s={self.window_s}{kind})"

    def _name(self) -> str:
        return self.preset.model_id if self.preset else getattr(self.pipeline.model, "name_or_path", "")

    @property
    def labels(self) -> list[str]:
        """The model's labels, in its own order."""
        config = self.pipeline.model.config
        return [config.id2label[i] for i in range(config.num_labels)]

    @property
    def sample_rate(self) -> int:
        """The rate the model's feature extractor expects."""
        return int(self.pipeline.feature_extractor.sampling_rate)

    @property
    def notice(self) -> str:
        """What to print: which model this is; for a stand-in, or a model with weights
        initialised at random when it was loaded, that its scores mean nothing.

        Examples
        --------
        >>> Classifier(None, window_s=30.0, stand_in=True, preset=PRESETS["genre"]).notice[:15]
        'STAND-IN MODEL:'
        >>> print(Classifier(None, preset=PRESETS["genre"], new_weights=("classifier.bias",)).notice)
        Model: Yash03813/pingpong-music_genres_classification-finetuned-finetuned-gtzan (windows of 10 s)
        NEWLY INITIALISED WEIGHTS: 1 weight tensor(s) of this model were not in its saved checkpoint, so they were set at random when it was loaded (classifier.bias). This is usually the classification head: until it is trained, the scores are not to be trusted.
        """
        if self.stand_in:
            return t("hf.stand_in", model=self._name())
        loaded = t("hf.loaded", model=self._name(), window_s=self.window_s)
        if not self.new_weights:
            return loaded
        return loaded + "\n" + t("hf.new_weights", count=len(self.new_weights), weights=_listed(self.new_weights))


def _listed(names, shown: int = 6) -> str:
    """The first ``shown`` names, comma-separated, with an ellipsis when there are more.

    >>> _listed(["a", "b", "c"], shown=2)
    'a, b, …'
    """
    names = list(names)
    return ", ".join(names[:shown]) + (", …" if len(names) > shown else "")


def as_classifier(pipe, window_s=None) -> Classifier:
    """``pipe`` as a :class:`Classifier` (a plain pipeline gets the default window), ``window_s`` applied.

    Parameters
    ----------
    pipe : Classifier or transformers.Pipeline
    window_s : float, optional
        A window to use instead of the classifier's.

    Returns
    -------
    Classifier
        ``pipe`` itself when there is nothing to change.

    Raises
    ------
    ParameterError
        When ``window_s`` is not a positive number.

    Examples
    --------
    >>> as_classifier(Classifier(None), window_s=2.5).window_s
    2.5
    """
    classifier = pipe if isinstance(pipe, Classifier) else Classifier(pipe)
    if window_s is None:
        return classifier
    return replace(classifier, window_s=checks.positive(window_s, "window_s"))


# --- getting a model ---------------------------------------------------------------------------

def _preset(task: str) -> Preset:
    return PRESETS[checks.one_of(task, "task", tuple(PRESETS))]


def load(task: str | None = None, *, model: str | None = None, window_s: float | None = None,
         data_dir=None) -> Classifier:
    """A :class:`Classifier` for a preset ``task`` or any ``model``.

    Hub downloads are cached in ``<data>/hf``. In smoke mode a preset is replaced by an
    untrained tiny stand-in with its labels, and the result says so; nothing is printed.

    Parameters
    ----------
    task : {"genre", "emotion", "accent"}, optional
        A preset of lesson 4; or else ``model``, any Hub id or local model folder.
    window_s : float, optional
        The model's window in seconds: the preset's, or 10 s, by default.
    data_dir : path, optional
        The course's data folder (the settings' by default).

    Returns
    -------
    Classifier
        Print its ``notice``: which model it is, or that it is a stand-in, and the weights
        the checkpoint lacked, which ``transformers`` set at random (``new_weights``).

    Raises
    ------
    ParameterError
        For neither or both of ``task`` and ``model``, or an unknown task.
    ModelError
        ``hf.unavailable`` when the model cannot be loaded or downloaded.

    Examples
    --------
    >>> load("weather")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ParameterError: task must be one of genre, emotion, accent, not 'weather'.
    >>> import kwscourse
    >>> with kwscourse.smoke(True): accent = load("accent", data_dir=tmp())
    >>> accent.stand_in, accent.window_s, accent.labels[:2]
    (True, 10.0, ['us', 'england'])
    """
    if (task is None) == (model is None):
        raise ParameterError("hf.task_or_model")
    preset = _preset(task) if task is not None else None
    default = preset.window_s if preset else DEFAULT_WINDOW_S
    window_s = default if window_s is None else checks.positive(window_s, "window_s")
    if preset is not None:  # the preset's model, or in smoke mode its untrained stand-in
        stand_in_folder = lambda: str(stand_ins.untrained_hf_preset(task, preset.labels, data_dir))  # noqa: E731
        return stand_ins.real_or_stand_in(lambda: _classifier(preset.model_id, window_s, preset, data_dir),
                                          lambda: _classifier(stand_in_folder(), window_s, preset, data_dir, True))
    return _classifier(model, window_s, preset, data_dir)


def _classifier(source: str, window_s: float, preset, data_dir, stand_in: bool = False) -> Classifier:
    """A local folder's or Hub id's classifier (cache: ``<data>/hf/hub``), with the weights it lacked."""
    transformers = _transformers()
    local = Path(source).expanduser()
    if local.is_dir():
        name, where = local, {}
    else:
        name, where = source, {"cache_dir": cache.cache_dir("hf", "hub", data_dir=data_dir)}
    try:
        with seeded(None, torch=True):  # new weights are drawn from torch's generator: leave it as it was
            classifier, info = transformers.AutoModelForAudioClassification.from_pretrained(
                name, output_loading_info=True, ignore_mismatched_sizes=True, **where)  # reported, not raised
        extractor = transformers.AutoFeatureExtractor.from_pretrained(name, **where)
    except (OSError, ValueError) as err:
        raise ModelError("hf.unavailable", model=source, detail=str(err).splitlines()[0][:200]) from None
    new_weights = set(info.get("missing_keys", ())) | {key[0] for key in info.get("mismatched_keys", ())}
    pipe = transformers.pipeline("audio-classification", model=classifier, feature_extractor=extractor,
                                 device="cpu")
    return Classifier(pipe, window_s, stand_in=stand_in, preset=preset, new_weights=tuple(sorted(new_weights)))


def model_source(task: str, data_dir=None) -> str:
    """What to give ``transformers.pipeline(model=...)`` for a preset: a local folder.

    In smoke mode it is the untrained stand-in's folder (built once); otherwise the
    preset's Hub snapshot, downloaded once into the course's data folder.

    Parameters
    ----------
    task : str
        ``"genre"``, ``"emotion"`` or ``"accent"``.
    data_dir : path, optional
        The course's data folder (the settings' by default).

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        For an unknown task.
    ModelError
        ``hf.unavailable`` when the download fails.

    Examples
    --------
    >>> import kwscourse
    >>> with kwscourse.smoke(True): folder = model_source("accent", data_dir=tmp())
    >>> folder.endswith("accent")
    True
    """
    preset = _preset(task)
    _transformers()  # its logs off, for the plain pipeline() call that follows
    return stand_ins.real_or_stand_in(lambda: _snapshot(preset, data_dir),
                                      lambda: str(stand_ins.untrained_hf_preset(task, preset.labels, data_dir)))


def _snapshot(preset, data_dir) -> str:
    """The preset's Hub snapshot, downloaded once into ``<data>/hf/hub``."""
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(preset.model_id, cache_dir=cache.cache_dir("hf", "hub", data_dir=data_dir))
    except Exception as err:  # no network, unknown repository, ...: one course error
        raise ModelError("hf.unavailable", model=preset.model_id, detail=str(err).splitlines()[0][:200]) from None


# --- classifying any audio -----------------------------------------------------------------------

def _timeline(classifier: Classifier, y: np.ndarray, window: int, hop: int, multi_label: bool):
    """Every chunk's score per label: rows are chunk starts in seconds, columns the labels."""
    import pandas as pd

    labels, rate = classifier.labels, classifier.sample_rate
    rows, starts = [], []
    for start, end in chunk_spans(y.size, window, hop):
        out = classifier.pipeline(y[start:end], top_k=len(labels),
                                  function_to_apply="sigmoid" if multi_label else "softmax")
        scores = {item["label"]: item["score"] for item in out}
        rows.append([scores[label] for label in labels])
        starts.append(start / rate)
    return pd.DataFrame(rows, columns=labels, index=pd.Index(np.round(starts, 3), name="start_s"))


def classify(source, sample_rate: int | None = None, *, pipe=None, task: str | None = None,
             model: str | None = None, top_k: int = 5, window_s: float | None = None,
             overlap: float = 0.5):
    """Top-``top_k`` labels of any audio: a ranking whose ``table`` has columns ``label`` and ``score``.

    The columns are shown in the course language; a stand-in's ranking, or one from a model with
    weights set at random when it was loaded, says above its table that its scores mean nothing.

    Parameters
    ----------
    source : path, bytes, array or recording
        See :func:`~kwscourse.hf.input.to_model_rate`; ``sample_rate`` is an array's rate.
    pipe : Classifier or transformers.Pipeline, optional
        The model; otherwise ``load(task, model=model)``.
    top_k : int, optional
        How many labels, from 1 to the model's number of labels.
    window_s, overlap : float, optional
        The chunk length in seconds (the classifier's by default) and how much chunks overlap (``0 <= overlap < 1``).

    Returns
    -------
    kwscourse.results.Ranking
        ``table``: the ``top_k`` best labels' mean score over chunks; ``timeline`` (every
        chunk's scores, by start in seconds), ``stand_in``, ``new_weights`` (the
        classifier's, see :class:`Classifier`), ``multi_label`` (sigmoid scores, not
        softmax), ``sample_rate``.

    Raises
    ------
    ParameterError
        For a bad ``top_k``, ``window_s`` or ``overlap``.

    Examples
    --------
    >>> import kwscourse
    >>> with kwscourse.smoke(True): genre = load("genre", data_dir=tmp())
    >>> sine = np.sin(2 * np.pi * 440 * np.arange(44100) / 44100)
    >>> ranking = classify(sine, 44100, pipe=genre, top_k=3)
    >>> len(ranking.table), ranking.stand_in, round(float(ranking.timeline.iloc[0].sum()), 3)
    (3, True, 1.0)
    """
    import pandas as pd

    classifier = as_classifier(pipe if pipe is not None else load(task, model=model), window_s)
    labels, rate = classifier.labels, classifier.sample_rate
    top_k = checks.whole_number(top_k, "top_k", maximum=len(labels))
    overlap = checks.fraction(overlap, "overlap")
    y = to_model_rate(source, sample_rate, rate)
    window = int(round(classifier.window_s * rate))
    multi_label = classifier.pipeline.model.config.problem_type == "multi_label_classification"
    timeline = _timeline(classifier, y, window, max(1, int(round(window * (1.0 - overlap)))), multi_label)
    mean = timeline.mean(axis=0).sort_values(ascending=False)
    table = pd.DataFrame({"label": list(mean.index[:top_k]), "score": mean.to_numpy(dtype=float)[:top_k]})
    return Ranking(table, timeline, rate, stand_in=classifier.stand_in, new_weights=classifier.new_weights,
                   multi_label=multi_label)
