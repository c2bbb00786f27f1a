"""Where YAMNet's weights and class map come from, and where they are kept.

Two models, each with addresses tried in order: the TFLite classification
model (Google's stable copy, then tfhub.dev) and the TensorFlow SavedModel
(tfhub.dev, then Kaggle). Everything is cached under ``<data>/yamnet``, and a
download that is not what it claims to be (an empty file, a web page, a copy
cut short) is removed instead of cached::

    >>> tflite_file(tmp(), download=False).name
    'yamnet_classification.tflite'
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from ..data import cache
from ..data.archive import extract_archive
from ..data.download import download as _download
from ..i18n import CourseError, DataError, t
from ..export.tflite_check import check_tflite, is_whole_tflite

#: Pinned to a commit of tensorflow/models, so the 521 class names cannot change under the course.
CLASS_MAP_URL = ("https://raw.githubusercontent.com/tensorflow/models/dbeeb148f10adf723067040eedcccda00bdce1e8/"
                 "research/audioset/yamnet/yamnet_class_map.csv")
#: The SavedModel's addresses, tried in order. Kaggle's archive has ``saved_model.pb`` at its root.
SAVEDMODEL_URL = "https://tfhub.dev/google/yamnet/1?tf-hub-format=compressed"
SAVEDMODEL_FALLBACK_URLS = (
    "https://www.kaggle.com/api/v1/models/google/yamnet/tensorFlow2/yamnet/1/download",)
#: The TFLite model's addresses, tried in order: Google's stable copy (the Task Library
#: model, with metadata), then tfhub.dev, which has served empty files since it moved to Kaggle.
TFLITE_URL = ("https://storage.googleapis.com/download.tensorflow.org/models/tflite/task_library/"
              "audio_classification/android/lite-model_yamnet_classification_tflite_1.tflite")
TFLITE_FALLBACK_URLS = (
    "https://tfhub.dev/google/lite-model/yamnet/classification/tflite/1?lite-format=tflite",)
#: Exact sizes in bytes of the files behind some addresses; a download of another size is refused.
PINNED_SIZES = {TFLITE_URL: 4_126_810}
CLASS_MAP_FILE = "yamnet_class_map.csv"
TFLITE_FILE = "yamnet_classification.tflite"
SAVEDMODEL_DIR = "savedmodel"


def read_class_map(path) -> list[str]:
    """Display names from a YAMNet class map CSV (columns index, mid, display_name), in index order.

    Parameters
    ----------
    path : path
        The CSV file.

    Returns
    -------
    list of str

    Raises
    ------
    DataError
        ``yamnet.no_class_map`` when there is no file at ``path``.
    CourseError
        ``yamnet.bad_class_map`` when the columns are missing or there are no rows.

    Examples
    --------
    >>> import os
    >>> p = os.path.join(tmp(), "m.csv")
    >>> _ = open(p, "w").write("index,mid,display_name\\n1,/m/05zppz,Male speech\\n0,/m/09x0r,Speech\\n")
    >>> read_class_map(p)
    ['Speech', 'Male speech']
    """
    if not Path(path).is_file():
        raise DataError("yamnet.no_class_map", path=path)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or {"index", "mid", "display_name"} - set(rows[0]):
        raise CourseError("yamnet.bad_class_map", path=path)
    rows.sort(key=lambda row: int(row["index"]))
    return [row["display_name"] for row in rows]


def _first_working(urls, what: str, fetch_one) -> Path:
    """``fetch_one(url)`` for each address in turn until one works; all failing is one DataError."""
    errors = []
    for url in urls:
        try:
            return fetch_one(url)
        except DataError as err:
            errors.append(f"[{len(errors) + 1}] {err}")
    raise DataError("yamnet.download_failed", what=what, count=len(errors), tried=" ".join(errors))


def class_map_path(data_dir=None, *, download: bool = True) -> Path:
    """The cached class map CSV, downloaded the first time.

    Parameters
    ----------
    data_dir : path, optional
        The course's data folder (the settings' by default).
    download : bool, optional
        With ``False`` the cache path is returned whether the file is there or not.

    Returns
    -------
    pathlib.Path
        ``<data>/yamnet/yamnet_class_map.csv``.

    Raises
    ------
    DataError
        When the download fails.

    Examples
    --------
    >>> class_map_path(tmp(), download=False).name
    'yamnet_class_map.csv'
    """
    path = cache.cache_dir("yamnet", data_dir=data_dir) / CLASS_MAP_FILE
    if not path.is_file() and download:
        _download(CLASS_MAP_URL, path, progress=False)
    return path


def _fetch_tflite(url: str, path: Path) -> Path:
    try:
        _download(url, path, size=PINNED_SIZES.get(url))
        return check_tflite(path, url)
    except BaseException:
        path.unlink(missing_ok=True)  # empty, a web page, cut short: never leave it in the cache
        raise


def cache_replaced(path, detail) -> str:
    """The line that says a cached copy was unusable and is being fetched again, in the course language.

    Parameters
    ----------
    path : path
        The cached file or folder.
    detail : object
        What was wrong with it (usually the error).

    Returns
    -------
    str

    Examples
    --------
    >>> cache_replaced("/tmp/m.tflite", "empty").startswith("The cached copy /tmp/m.tflite is unusable (empty)")
    True
    """
    return t("yamnet.cache_bad", path=path, detail=detail)


def tflite_file(data_dir=None, *, download: bool = True, notes: list | None = None) -> Path:
    """The cached TFLite classification model, downloaded the first time.

    The addresses are tried in order (:data:`TFLITE_URL`, then
    :data:`TFLITE_FALLBACK_URLS`); a download that is not a whole TFLite file
    (see :func:`~kwscourse.export.tflite_check.check_tflite`), or not of the size
    pinned in :data:`PINNED_SIZES`, is removed and the next address tried. A
    cached copy that fails the same check is removed and downloaded again.

    Parameters
    ----------
    data_dir : path, optional
        The course's data folder (the settings' by default).
    download : bool, optional
        With ``False`` the cache path is returned as it is, unchecked.
    notes : list, optional
        When given, a line (:func:`cache_replaced`) is appended to it for a
        cached copy that was unusable and is replaced.

    Returns
    -------
    pathlib.Path
        The model file, checked (unless ``download=False``).

    Raises
    ------
    DataError
        ``yamnet.download_failed``, naming each address and what was wrong.

    Examples
    --------
    >>> tflite_file(tmp(), download=False).name  # where it goes, without downloading
    'yamnet_classification.tflite'
    >>> path = tflite_file()  # doctest: +SKIP
    """
    path = cache.cache_dir("yamnet", data_dir=data_dir) / TFLITE_FILE
    if not download:
        return path
    if path.is_file():
        try:
            return check_tflite(path)
        except DataError as err:
            if notes is not None:
                notes.append(cache_replaced(path, err))
            path.unlink()
    return _first_working((TFLITE_URL, *TFLITE_FALLBACK_URLS), "TFLite",
                          lambda url: _fetch_tflite(url, path))


def _move_savedmodel(staging: Path, folder: Path, source: str) -> None:
    """Move the SavedModel extracted into ``staging`` (at its root or one folder down) to ``folder``."""
    try:
        roots = [p.parent for p in staging.glob("saved_model.pb")] or \
            [p.parent for p in staging.glob("*/saved_model.pb")]
        if len(roots) != 1 or not (roots[0] / "saved_model.pb").is_file():
            raise DataError("yamnet.no_saved_model_pb", source=source)
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
        roots[0].rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fetch_savedmodel(url: str, folder: Path) -> Path:
    archive = folder.parent / "yamnet_savedmodel.tar.gz"
    archive.unlink(missing_ok=True)  # left by another address: download() must not reuse it
    try:
        _download(url, archive, size=PINNED_SIZES.get(url))
        staging = extract_archive(archive, folder.with_name(folder.name + ".extracted"))
        _move_savedmodel(staging, folder, url)
    finally:
        archive.unlink(missing_ok=True)
    return folder


def savedmodel_dir(data_dir=None, *, download: bool = True) -> Path:
    """The cached SavedModel folder, downloaded and extracted the first time.

    The archive addresses are tried in order (:data:`SAVEDMODEL_URL`, then
    :data:`SAVEDMODEL_FALLBACK_URLS`). ``saved_model.pb`` may sit at the
    archive's root (tfhub.dev's ``./saved_model.pb``, Kaggle's
    ``saved_model.pb``) or in one folder; either way it ends up at the root
    of the returned folder, and an archive without one is refused.

    Parameters
    ----------
    data_dir : path, optional
        The course's data folder (the settings' by default).
    download : bool, optional
        With ``False`` the cache path is returned as it is.

    Returns
    -------
    pathlib.Path
        The folder, with ``saved_model.pb`` at its root.

    Raises
    ------
    DataError
        ``yamnet.download_failed``: no address gave an archive with a SavedModel in it.

    Examples
    --------
    >>> savedmodel_dir(tmp(), download=False).name
    'savedmodel'
    >>> folder = savedmodel_dir()  # doctest: +SKIP
    >>> (folder / "saved_model.pb").is_file()  # doctest: +SKIP
    True
    """
    folder = cache.cache_dir("yamnet", data_dir=data_dir) / SAVEDMODEL_DIR
    if (folder / "saved_model.pb").is_file() or not download:
        return folder
    return _first_working((SAVEDMODEL_URL, *SAVEDMODEL_FALLBACK_URLS), "SavedModel",
                          lambda url: _fetch_savedmodel(url, folder))


def cached_backends(data_dir=None) -> list[str]:
    """Backends whose weights are already in the cache (and pass a quick check), best first.

    Parameters
    ----------
    data_dir : path, optional
        The data folder to look in (the settings' by default).

    Returns
    -------
    list of str
        ``"savedmodel"`` and/or ``"tflite"``.

    Examples
    --------
    >>> cached_backends(tmp())
    []
    """
    found = []
    if (savedmodel_dir(data_dir, download=False) / "saved_model.pb").is_file():
        found.append("savedmodel")
    if is_whole_tflite(tflite_file(data_dir, download=False)):
        found.append("tflite")
    return found
