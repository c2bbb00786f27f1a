"""The course's result types: frozen dataclasses read by field name, tables shown as tables."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from kwscourse import evaluation, results
from kwscourse.audio import files as batch
from kwscourse.audio.files import UnreadableFilesError
from kwscourse.i18n import AudioError

MISSING = ("x.wav", AudioError("audio.not_found", source="x.wav"))
TABLE = pd.DataFrame({"label": ["rock", "jazz"], "score": [0.75, 0.25]})


@pytest.mark.parametrize("result, field", [
    (batch.PerItem((("a.wav", 1.0),)), "items"),
    (results.FolderClips([np.zeros(4)], ["yes"]), "words"),
    (results.HeadTraining(None, ["no", "yes"], None, 0.5, read=2), "accuracy"),
    (results.KeywordSplits(None, None, None, ["no"], read=1), "labels"),
    (results.ModelTraining(None, None, [0.5], read=1), "losses"),
    (results.Ranking(TABLE, TABLE, 16000), "stand_in"),
    (results.LayerReport(TABLE, 15), "total"),
    (results.EventClips(TABLE), "failures"),
    (results.KeywordClips(TABLE, "Real data"), "notice"),
    (evaluation.evaluation([0], [0], ["yes"]), "failures"),
])
def test_results_are_frozen(result, field):
    assert dataclasses.is_dataclass(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, field, None)


def test_the_failure_checks_work_the_same_on_every_partial_result():
    nothing = results.FolderClips([], [], failures=(MISSING,))
    with pytest.raises(UnreadableFilesError) as err:
        nothing.require_any()
    assert err.value.failures == (MISSING,) and err.value.results is nothing
    some = results.HeadTraining("head", ["yes"], None, 1.0, read=3, failures=(MISSING,))
    assert some.require_any() is some
    with pytest.raises(UnreadableFilesError) as err:
        some.strict("kept")
    assert err.value.results == "kept" and str(err.value).startswith("1 of 4 audio files could not be read")
    assert results.KeywordSplits(None, None, None, ["yes"], read=3).strict() is not None


def test_a_table_result_shows_its_table_and_a_ranking_its_caption(spanish):
    report = results.LayerReport(TABLE, total=15)
    assert repr(report) == repr(TABLE) and report._repr_html_() == TABLE._repr_html_()
    ranking = results.Ranking(TABLE, TABLE, 16000, stand_in=True)
    assert repr(ranking).startswith("(puntuaciones de un modelo sustituto") and "etiqueta" in repr(ranking)
    assert list(ranking.table.columns) == ["label", "score"]  # only what is shown is translated
    assert results.Ranking(TABLE, TABLE, 16000, new_weights=("w",))._repr_html_().startswith("<p><b>(puntuaciones")
