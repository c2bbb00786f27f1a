"""What the course's functions return: small frozen dataclasses with named fields.

A result that reads many files also has ``failures`` (see :class:`kwscourse.audio.files.Partial`);
a result that is mostly a table keeps it in ``.table`` and shows it when a notebook
cell ends with it. Fields are read by name, never unpacked by position::

    >>> report = LayerReport(table=None, total=1234)
    >>> report.total
    1234
"""

from __future__ import annotations

from dataclasses import dataclass

from .audio.files import Partial
from .i18n import t


class TableResult:
    """A result whose ``table`` (a pandas DataFrame) is what a notebook shows of it.

    ``_caption`` (text shown above the table) and ``_shown`` (the table as shown) may be
    overridden; by default there is no caption and the table is shown as it is.
    """

    def _caption(self) -> str:
        return ""

    def _shown(self):
        return self.table

    def __repr__(self):
        caption = self._caption()
        return (caption + "\n" if caption else "") + repr(self._shown())

    def _repr_html_(self):
        caption = self._caption()
        return (f"<p><b>{caption}</b></p>" if caption else "") + self._shown()._repr_html_()


@dataclass(frozen=True, eq=False)
class FolderClips(Partial):
    """The clips of a word-folder tree (:func:`kwscourse.kws.head.folder_clips`).

    Attributes
    ----------
    clips : list of numpy.ndarray
        Every readable clip at 16 kHz.
    words : list of str
        Each clip's word (its folder's name).
    failures : tuple
        ``(path, AudioError)`` for each clip that could not be read.

    Examples
    --------
    >>> import numpy as np
    >>> found = FolderClips([np.zeros(3)], ["yes"])
    >>> found.words, found.read, found.failures
    (['yes'], 1, ())
    """

    clips: list
    words: list
    failures: tuple = ()

    @property
    def read(self) -> int:
        """How many clips were read."""
        return len(self.clips)


@dataclass(frozen=True, eq=False)
class HeadTraining(Partial):
    """A head trained on word folders (:func:`kwscourse.kws.head.train_on_folders`).

    Attributes
    ----------
    head : keras.Model
        The trained head.
    labels : list of str
        The class names, in the head's output order.
    history : keras.callbacks.History
        What ``fit`` recorded, epoch by epoch.
    accuracy : float
        The accuracy on the held-out clips (NaN with nothing held out).
    read : int
        How many clips were read from the folders.
    failures : tuple
        ``(path, AudioError)`` for each clip that could not be read (left out).

    Examples
    --------
    >>> trained = HeadTraining(None, ["no", "yes"], None, 0.75, read=8)
    >>> trained.labels, trained.accuracy, trained.failures
    (['no', 'yes'], 0.75, ())
    """

    head: object
    labels: list
    history: object
    accuracy: float
    read: int
    failures: tuple = ()


@dataclass(frozen=True, eq=False)
class KeywordSplits(Partial):
    """Lesson 1's ``tf.data`` sets (:func:`kwscourse.kws.features.keyword_splits`).

    Attributes
    ----------
    train, validation, test : tf.data.Dataset
        ``(waveform, label)`` batches.
    labels : list of str
        The words, in class order.
    read : int
        How many clips were read (in all three sets).
    failures : tuple
        ``(path, AudioError)`` for each file left out.

    Examples
    --------
    >>> KeywordSplits(None, None, None, ["no", "yes"], read=10).labels
    ['no', 'yes']
    """

    train: object
    validation: object
    test: object
    labels: list
    read: int
    failures: tuple = ()


@dataclass(frozen=True, eq=False)
class ModelTraining(Partial):
    """A transformers model trained from scratch (:func:`kwscourse.hf.train.train_from_scratch`).

    Attributes
    ----------
    model : transformers.PreTrainedModel
        The trained model, as it is in memory.
    extractor : transformers.FeatureExtractionMixin
        Its feature extractor.
    losses : list of float
        The training losses logged as it went.
    read : int
        How many training clips were read.
    failures : tuple
        ``(path, AudioError)`` for each training clip that could not be read (left out).

    Examples
    --------
    >>> ModelTraining(None, None, [0.7, 0.5], read=4).losses
    [0.7, 0.5]
    """

    model: object
    extractor: object
    losses: list
    read: int
    failures: tuple = ()


@dataclass(frozen=True, eq=False, repr=False)
class Ranking(TableResult):
    """The labels a classifier gives some audio (:func:`kwscourse.hf.classify`).

    Shown as its table, with the column names in the course language; a stand-in's
    ranking, or one from a model with weights set at random, says so above it.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns ``label`` and ``score`` (the mean over chunks), best first.
    timeline : pandas.DataFrame
        Every chunk's score per label: rows are chunk starts in seconds.
    sample_rate : int
        The model's sample rate.
    stand_in : bool
        Whether the classifier is a stand-in.
    new_weights : tuple of str
        The classifier's weights set at random when it was loaded.
    multi_label : bool
        Sigmoid scores (each label on its own), not softmax.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"label": ["rock"], "score": [0.9]})
    >>> ranking = Ranking(table, pd.DataFrame({"rock": [0.9]}), 16000, stand_in=False)
    >>> print(repr(ranking))
      label  score
    0  rock    0.9
    """

    table: object
    timeline: object
    sample_rate: int
    stand_in: bool = False
    new_weights: tuple = ()
    multi_label: bool = False

    def _caption(self) -> str:
        if self.stand_in:
            return t("hf.stand_in_result")
        return t("hf.new_weights_result") if self.new_weights else ""

    def _shown(self):
        return self.table.rename(columns={"label": t("hf.column_label"), "score": t("hf.column_score")})


@dataclass(frozen=True, eq=False, repr=False)
class LayerReport(TableResult):
    """A Keras model's layers (:func:`kwscourse.ui.keras_report.layer_table`), shown as its table.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per layer: name, kind, output shape and weight count.
    total : int
        The weight count of the whole model.

    Examples
    --------
    >>> LayerReport(None, total=10).total
    10
    """

    table: object
    total: int


@dataclass(frozen=True, eq=False, repr=False)
class EventClips(TableResult):
    """Lesson 3's clips (:func:`kwscourse.datasets.esc50.lesson3_clips`), shown as their table.

    Attributes
    ----------
    table : pandas.DataFrame
        ``filename``, ``fold``, ``class_id``, ``class_name`` and ``path``, one row per clip.
    failures : tuple of dict
        ``{"file": ..., "error": ...}`` for each clip left out.

    Examples
    --------
    >>> EventClips(None, ({"file": "a.wav", "error": "empty"},)).failures[0]["file"]
    'a.wav'
    """

    table: object
    failures: tuple = ()


@dataclass(frozen=True, eq=False, repr=False)
class KeywordClips(TableResult):
    """Lesson 4's clips (:func:`kwscourse.hf.finetune.keyword_clips`), shown as their table.

    Attributes
    ----------
    table : pandas.DataFrame
        ``path``, ``label`` and ``split``, one row per clip.
    notice : str
        Whether the clips are real or stand-ins, in the course language.

    Examples
    --------
    >>> KeywordClips(None, "Real data").notice
    'Real data'
    """

    table: object
    notice: str
