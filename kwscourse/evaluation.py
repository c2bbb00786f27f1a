"""One result type for every "how good is this model?" question in the course.

Lesson 1's keyword spotter, lesson 3's clip classifier and lesson 4's pipeline
are all scored the same way: the true and predicted class of each clip, the
class names, and the files that could not be read.

    >>> report = evaluation([0, 1, 1], [0, 0, 1], ["yes", "no"])
    >>> report.accuracy, report.count
    (0.6666666666666666, 3)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes: int) -> np.ndarray:
    """Counts ``[true, predicted]`` as an integer matrix.

    Parameters
    ----------
    y_true, y_pred : array_like of int
        Class indices, one per clip.
    num_classes : int
        The matrix is ``num_classes x num_classes``.

    Returns
    -------
    numpy.ndarray of int64
        Row ``i``, column ``j``: clips of class ``i`` predicted as ``j``.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1], [0, 0, 1], 2)
    array([[1, 0],
           [1, 1]])
    """
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(y_true, int), np.asarray(y_pred, int)), 1)
    return matrix


@dataclass(frozen=True, eq=False)
class Evaluation:
    """How a model did on a set of clips.

    Attributes
    ----------
    labels : list of str
        Class names, in the model's order.
    truth, predicted : numpy.ndarray of int
        The true and predicted class index of each clip that was scored.
    failures : tuple of dict
        ``{"file": ..., "error": ...}`` for each clip that could not be read;
        they are left out of every figure.

    Examples
    --------
    >>> report = evaluation([0, 1], [0, 1], ["yes", "no"], failures=[{"file": "x.wav", "error": "empty"}])
    >>> report.accuracy, report.count, len(report.failures)
    (1.0, 2, 1)
    """

    labels: list
    truth: np.ndarray
    predicted: np.ndarray
    failures: tuple = ()

    @property
    def count(self) -> int:
        """The number of clips scored."""
        return int(self.truth.size)

    @property
    def accuracy(self) -> float:
        """The share of clips whose predicted class is the true one."""
        return float(np.mean(self.truth == self.predicted)) if self.count else float("nan")

    @property
    def confusion_matrix(self) -> np.ndarray:
        """``[true, predicted]`` counts, ``len(labels)`` square."""
        return confusion_matrix(self.truth, self.predicted, len(self.labels))

    @property
    def per_class_accuracy(self) -> dict:
        """Accuracy of each class's clips, ``None`` for a class with no clips.

        >>> evaluation([0, 0], [0, 1], ["yes", "no"]).per_class_accuracy
        {'yes': 0.5, 'no': None}
        """
        return {name: float(np.mean(self.predicted[self.truth == i] == i)) if np.any(self.truth == i) else None
                for i, name in enumerate(self.labels)}

    def to_dict(self) -> dict:
        """Plain values for JSON: the figures above, with lists instead of arrays.

        >>> sorted(evaluation([0], [0], ["yes"]).to_dict())
        ['accuracy', 'confusion_matrix', 'count', 'failures', 'labels', 'per_class_accuracy']
        """
        return {"accuracy": self.accuracy, "count": self.count, "labels": list(self.labels),
                "confusion_matrix": self.confusion_matrix.tolist(),
                "per_class_accuracy": self.per_class_accuracy, "failures": list(self.failures)}


def evaluation(truth, predicted, labels, *, failures=()) -> Evaluation:
    """An :class:`Evaluation` from class indices (or names found in ``labels``).

    Parameters
    ----------
    truth, predicted : sequence of int or str
        One entry per scored clip: a class index, or a class name.
    labels : sequence of str
        The class names in the model's order.
    failures : sequence of dict, optional
        Clips that could not be read.

    Returns
    -------
    Evaluation

    Examples
    --------
    >>> evaluation(["yes", "no"], ["yes", "yes"], ["yes", "no"]).confusion_matrix
    array([[1, 0],
           [1, 0]])
    """
    labels = list(labels)

    def as_index(values) -> np.ndarray:
        values = list(values)
        if values and isinstance(values[0], str):
            values = [labels.index(value) for value in values]
        return np.asarray(values, dtype=np.int64)

    return Evaluation(labels, as_index(truth), as_index(predicted), tuple(failures))
