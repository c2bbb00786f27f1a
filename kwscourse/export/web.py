"""A static web page that classifies the microphone with an exported model: ``kwscourse export web``.

:func:`export_web` writes a folder that any static web server can publish:
``index.html`` with its script and style sheet, the model file, and the files of
MediaPipe Tasks Audio (the npm package ``@mediapipe/tasks-audio``: its ES module
and its WebAssembly, with and without SIMD), fetched once into the course cache
by :mod:`kwscourse.data.npm`. Opened in a browser, the page classifies the
microphone live, one window every half window, and a WAV file dropped on it.
Everything it needs is in the folder: it loads nothing from other sites. The
label names come from the model file (MediaPipe reads its metadata); the page's
texts are the course's, in English or Spanish::

    >>> sorted(page_texts("es"))[:3]
    ['drop', 'file_result', 'file_title']
    >>> page_texts("es")["start"]
    'Empezar a escuchar'

Browsers give the microphone only to pages opened from ``localhost`` or over
``https``; the page says so when it has none.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .._internal import checks
from ..data import npm as npm_packages
from . import metadata as tflite_metadata
from .._internal.config import settings
from ..i18n import ModelError, ParameterError, t
from ..messages import CATALOGUE

#: The page's own files (written by the course), in ``kwscourse/static/web``.
STATIC = Path(__file__).resolve().parent.parent / "static" / "web"
PAGE_FILES = ("index.html", "kws-web.js", "kws-web.css", "kws-capture.js")
#: The model's name in the folder.
MODEL_FILE = "model.tflite"
#: MediaPipe Tasks Audio on npm: the version the page is written for, and the files it uses.
MEDIAPIPE = "@mediapipe/tasks-audio"
MEDIAPIPE_VERSION = "1.0.1"
MEDIAPIPE_FILES = ("package.json", "audio_bundle.mjs",
                   "wasm/audio_wasm_internal.js", "wasm/audio_wasm_internal.wasm",
                   "wasm/audio_wasm_nosimd_internal.js", "wasm/audio_wasm_nosimd_internal.wasm")
#: Where MediaPipe's files go in the folder.
VENDOR = "mediapipe"
_PAGE_PREFIX = "web.page_"


@dataclass(frozen=True)
class WebPage:
    """What :func:`export_web` wrote.

    Attributes
    ----------
    folder : pathlib.Path
        The folder to publish; ``index.html`` is its page.
    model_name : str
        How the page names the model.
    labels : tuple of str
        The model's labels, as its metadata gives them to MediaPipe.
    files : tuple of str
        Every file written, relative to ``folder``.
    """

    folder: Path
    model_name: str
    labels: tuple
    files: tuple


def page_texts(lang: str | None = None) -> dict:
    """Every text of the page in ``lang`` (default: the course language), by short name, fields unfilled.

    Examples
    --------
    >>> page_texts("en")["latency"]
    '{ms} ms per window (median of the last {count}).'
    """
    lang = checks.one_of(lang or settings.language, "lang", ("en", "es"))
    return {key[len(_PAGE_PREFIX):]: t(key, lang) for key in CATALOGUE if key.startswith(_PAGE_PREFIX)}


def check_model(path) -> tflite_metadata.ModelCard:
    """The card of a model file that MediaPipe can run in the browser, or a clear error.

    Raises
    ------
    ModelError
        ``web.no_model`` (no such file), ``web.not_tflite``, ``web.no_metadata`` (no TFLite
        Model Metadata), ``tflite.not_audio_classifier`` or ``web.not_waveform`` (embeddings in).

    Examples
    --------
    >>> check_model("/nonexistent/kws.tflite")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: /nonexistent/kws.tflite does not exist: give the .tflite file that kwscourse kws export (or transfer export) wrote.
    """
    path = checks.path(path, "model")
    if not path.is_file():
        raise ModelError("web.no_model", path=path)
    with open(path, "rb") as f:
        start = f.read(8)
    if start[4:8] != b"TFL3":
        raise ModelError("web.not_tflite", path=path, start=start)
    try:
        card = tflite_metadata.read_card(path)
    except ModelError as err:
        if err.key != "tflite.no_labels":
            raise
        card = None
    if card is None or not card.has_metadata:
        raise ModelError("web.no_metadata", name=path.name)
    if card.manifest.get("front_end"):
        raise ModelError("web.not_waveform", name=path.name)
    return card


def _seconds(samples: int, rate: int) -> str:
    return f"{samples / rate:.2f}".rstrip("0").rstrip(".")


def page_config(card: tflite_metadata.ModelCard, model_name: str, lang: str) -> dict:
    """What the page's script reads: the window and hop in samples, the rate, the texts.

    Examples
    --------
    >>> card = tflite_metadata.ModelCard("m", "", "", 16000, ("no", "yes"), {"input_samples": 16000})
    >>> config = page_config(card, "kws.tflite", "en")
    >>> config["windowSamples"], config["hopSamples"], config["modelUrl"]
    (16000, 8000, 'model.tflite')
    """
    window = int(card.manifest.get("input_samples") or card.sample_rate)
    return {"lang": lang, "modelName": model_name, "modelUrl": MODEL_FILE, "wasmBase": f"{VENDOR}/wasm",
            "sampleRate": int(card.sample_rate), "windowSamples": window, "hopSamples": max(1, window // 2),
            "mediapipeVersion": MEDIAPIPE_VERSION, "texts": page_texts(lang)}


def render_page(card: tflite_metadata.ModelCard, model_name: str, lang: str) -> str:
    """``index.html`` in ``lang``: the template of ``static/web`` with its texts and the page's config.

    Examples
    --------
    >>> card = tflite_metadata.ModelCard("m", "", "", 16000, ("no", "yes"), {"input_samples": 16000})
    >>> page = render_page(card, "kws.tflite", "es")
    >>> '<html lang="es">' in page, "Modelo: kws.tflite." in page
    (True, True)
    """
    config = page_config(card, model_name, lang)
    window, hop, rate = config["windowSamples"], config["hopSamples"], config["sampleRate"]
    texts = {name: html.escape(text) for name, text in config["texts"].items()}
    values = {**texts, "lang": lang,
              "model": html.escape(t("web.page_model", lang, name=model_name, seconds=_seconds(window, rate),
                                     rate=rate, hop=_seconds(hop, rate))),
              "made_with": html.escape(t("web.page_made_with", lang, version=MEDIAPIPE_VERSION)),
              # A JSON island is not run; "<" escaped, no text can close the <script> element.
              "config": json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")}
    template = (STATIC / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda match: values[match.group(1)], template)


def export_web(model, out_dir, *, lang: str | None = None, registry: str = npm_packages.REGISTRY,
               data_dir=None, progress: bool = True) -> WebPage:
    """Write the web page that classifies the microphone (and dropped WAV files) with ``model``.

    Nothing is written until the model is known to be usable and MediaPipe's
    files are in the cache (downloaded from npm the first time).

    Parameters
    ----------
    model : path
        A ``.tflite`` file written by ``kws export`` or ``transfer export`` (it carries
        TFLite Model Metadata, which MediaPipe reads).
    out_dir : path
        The folder to write; created when missing. Files of the same names are replaced.
    lang : {"en", "es"}, optional
        The page's language (default: the course language; errors are in the course language).
    registry : str, optional
        The npm registry MediaPipe's files come from, the first time.
    data_dir : path, optional
        The course cache (default: ``kwscourse.settings.data_dir``).
    progress : bool, optional
        Show a progress bar while MediaPipe's files download.

    Returns
    -------
    WebPage

    Raises
    ------
    ModelError
        For a model the page cannot run (see :func:`check_model`).
    DataError
        When MediaPipe's files are not cached and cannot be downloaded or checked.

    Examples
    --------
    >>> export_web("/nonexistent/kws.tflite", "site", lang="es")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: /nonexistent/kws.tflite does not exist: give the .tflite file that kwscourse kws export (or transfer export) wrote.
    """
    lang = checks.one_of(lang or settings.language, "lang", ("en", "es"))
    card = check_model(model)
    model, out = Path(model), checks.path(out_dir, "out_dir")
    if out.is_file():
        raise ParameterError("web.out_is_file", path=out)
    vendor = npm_packages.package_files(MEDIAPIPE, MEDIAPIPE_VERSION, MEDIAPIPE_FILES, registry=registry,
                                        data_dir=data_dir, progress=progress)
    name = f"{model.name} ({card.name})" if card.name else model.name
    return WebPage(out, name, tuple(card.labels), _write_folder(out, render_page(card, name, lang), model, vendor))


def _write_folder(out: Path, page: str, model: Path, vendor: Path) -> tuple:
    """Write the page, its script and style, the model and MediaPipe's files; the files' names in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(page, encoding="utf-8")
    for page_file in PAGE_FILES[1:]:
        shutil.copyfile(STATIC / page_file, out / page_file)
    shutil.copyfile(model, out / MODEL_FILE)
    for file in MEDIAPIPE_FILES:
        (out / VENDOR / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(vendor / file, out / VENDOR / file)
    return PAGE_FILES + (MODEL_FILE,) + tuple(f"{VENDOR}/{file}" for file in MEDIAPIPE_FILES)
