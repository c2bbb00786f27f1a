"""kwscourse export web: MediaPipe's npm files through the course's download code, the folder, the
command, and the page itself in a real browser.

The npm tests publish purpose-made packages on the one local test server
(tests/httpserver.py), whose request log proves what went over the wire. One test
fetches the real ``@mediapipe/tasks-audio@1.0.1`` from registry.npmjs.org (marked
``network``). The browser tests drive Debian's headless Chromium with Playwright: a
lesson-1 CNN trained for a few seconds on the real Speech Commands clips in
../shared/realdata classifies a real clip dropped on the page and played by the fake
microphone, and the page must agree with the course's Python classification.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import re
import socket
import tarfile
from pathlib import Path

import numpy as np
import pytest

import kwscourse
from kwscourse.audio import waveform as audio
from kwscourse.cli import main as cli
from kwscourse.data import npm as npm_packages
from kwscourse.export import tflite as tflite_export
from kwscourse.export import web as web_export
from kwscourse.i18n import DataError, ModelError, ParameterError

from browser_support import ARTIFACTS, FAKE_MIC, browser_page, need_browser, serve_folder
from httpserver import Server, free_port_url

NAME, VERSION = web_export.MEDIAPIPE, web_export.MEDIAPIPE_VERSION
REAL_WORDS = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "speech_commands_sample" / "v0.01_vinsis"
#: Labels no page text contains: when the page shows them, they came from the model file.
LABELS = ["kw_alpha", "kw_bravo", "kw_charlie"]
#: Largest score difference allowed between the page (MediaPipe's WebAssembly in Chromium) and Python for
#: the same window. Measured on all 80 real clips with this test's model: median 2e-8, largest 9.5e-6, the
#: same against LiteRT (ExportedClassifier) and against MediaPipe's Python package, which agree exactly
#: with each other; the top label agreed on 80 of 80. Ten times the largest, for other CPUs.
SCORE_TOLERANCE = 1e-4


# --- purpose-made npm packages on the local test server ----------------------------------------------

def fake_mediapipe_files() -> dict[str, bytes]:
    """Stand-ins for the MediaPipe files the page needs, plus one it does not."""
    files = {name: f"// stand-in for {name}\n".encode() for name in web_export.MEDIAPIPE_FILES}
    files["package.json"] = json.dumps({"name": NAME, "version": VERSION}).encode()
    files["wasm/audio_wasm_internal.wasm"] = b"\x00asm\x01\x00\x00\x00" + bytes(range(256)) * 40
    files["README.md"] = b"not needed by the page\n"
    return files


def tarball(files: dict[str, bytes], extra=()) -> bytes:
    """A .tgz as npm packs one: every file under package/, then the ``extra`` TarInfo members."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info, data in extra:
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return out.getvalue()


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def publish(server: Server, blob: bytes, *, integrity: str | None = None) -> str:
    """Serve ``blob`` as NAME@VERSION with its registry answer; the registry's base URL."""
    server.files["tasks-audio.tgz"] = blob
    dist = {"tarball": server.url("tasks-audio.tgz"), "integrity": integrity or sri(blob)}
    server.files[f"{NAME}/{VERSION}"] = json.dumps({"name": NAME, "version": VERSION, "dist": dist}).encode()
    return server.url("").rstrip("/")


@pytest.fixture
def registry(server):
    return server


def fetch(registry_url: str, data_dir: Path, files=web_export.MEDIAPIPE_FILES) -> Path:
    return npm_packages.package_files(NAME, VERSION, files, registry=registry_url, data_dir=data_dir,
                                      progress=False)


def cached(data_dir: Path) -> list[str]:
    npm = data_dir / "npm"
    return sorted(p.relative_to(npm).as_posix() for p in npm.rglob("*")) if npm.exists() else []


def test_npm_files_are_downloaded_checked_and_extracted(registry, data_dir):
    files = fake_mediapipe_files()
    folder = fetch(publish(registry, tarball(files)), data_dir)
    assert folder == data_dir / "npm" / "mediapipe+tasks-audio" / VERSION
    for name in web_export.MEDIAPIPE_FILES:
        assert (folder / name).read_bytes() == files[name]
    assert not (folder / "README.md").exists()  # only the files asked for
    assert not list(folder.glob("*.tgz")) and not (folder / "version.json").exists()
    assert json.loads((folder / ".npm-dist.json").read_text())["integrity"].startswith("sha512-")
    assert registry.paths == [f"{NAME}/{VERSION}", "tasks-audio.tgz"]


def test_the_second_call_uses_the_cache_and_asks_no_one(registry, data_dir):
    base = publish(registry, tarball(fake_mediapipe_files()))
    first = fetch(base, data_dir)
    asked = len(registry.paths)
    assert fetch(base, data_dir) == first and len(registry.paths) == asked == 2
    # Not even a registry that cannot be reached is asked.
    assert fetch(free_port_url("").rstrip("/"), data_dir, ["wasm/audio_wasm_internal.wasm"]) == first


@pytest.mark.parametrize("lang, words", [("en", "It was discarded"), ("es", "Se ha descartado")])
def test_wrong_integrity_is_refused_and_nothing_is_cached(registry, data_dir, lang, words, monkeypatch):
    monkeypatch.setattr(kwscourse.settings, "language", lang)
    blob = tarball(fake_mediapipe_files())
    base = publish(registry, blob, integrity=sri(blob + b"tampered"))
    with pytest.raises(DataError) as err:
        fetch(base, data_dir)
    assert err.value.key == "npm.integrity_mismatch" and err.value.fields["algorithm"] == "sha512"
    assert err.value.fields["got"] == sri(blob).removeprefix("sha512-")
    assert words in str(err.value) and f"{NAME}@{VERSION}" in str(err.value)
    assert cached(data_dir) == ["mediapipe+tasks-audio"]  # an empty folder: no tarball, no files, no marker


def _link(name: str, target: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info


def _file(name: str, data: bytes) -> tuple:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


@pytest.mark.parametrize("extra, member", [
    ([_file("package/../../escaped.js", b"alert(1)")], "package/../../escaped.js"),
    ([_file("/tmp/absolute.js", b"alert(1)")], "/tmp/absolute.js"),
], ids=["dot-dot", "absolute"])
def test_a_member_outside_the_package_refuses_the_whole_archive(registry, data_dir, tmp_path, extra, member):
    blob = tarball(fake_mediapipe_files(), extra)
    with pytest.raises(DataError) as err:
        fetch(publish(registry, blob), data_dir)  # its integrity is right: the archive itself is refused
    assert err.value.key == "npm.unsafe_member" and err.value.fields["member"] == member
    assert cached(data_dir) == ["mediapipe+tasks-audio"]
    assert not list(tmp_path.rglob("escaped.js")) and not Path("/tmp/absolute.js").exists()


def test_a_needed_file_that_is_a_link_is_refused(registry, data_dir):
    files = fake_mediapipe_files()
    del files["audio_bundle.mjs"]
    blob = tarball(files, [(_link("package/audio_bundle.mjs", "/etc/passwd"), None)])
    with pytest.raises(DataError) as err:
        fetch(publish(registry, blob), data_dir)
    assert err.value.key == "npm.unsafe_member" and err.value.fields["member"] == "package/audio_bundle.mjs"
    assert cached(data_dir) == ["mediapipe+tasks-audio"]


@pytest.mark.parametrize("lang, words", [("en", "is not in the cache"), ("es", "no está en la caché")])
def test_offline_without_a_cache_says_what_to_do(data_dir, lang, words, monkeypatch):
    monkeypatch.setattr(kwscourse.settings, "language", lang)
    with pytest.raises(DataError) as err:
        fetch(free_port_url("").rstrip("/"), data_dir)
    assert err.value.key == "data.offline_no_cache"
    assert words in str(err.value) and f"{NAME}@{VERSION}" in str(err.value)
    assert cached(data_dir) == ["mediapipe+tasks-audio"]


def test_an_unknown_version_and_bad_arguments(registry, data_dir):
    with pytest.raises(DataError) as err:
        npm_packages.package_files(NAME, "9.9.9", ["package.json"], registry=registry.url("").rstrip("/"),
                                   data_dir=data_dir, progress=False)
    assert err.value.key == "npm.not_found"
    for name, version, files, key in [("Bad Name", "1.0.1", [], "npm.bad_name"),
                                      (NAME, "^1.0", [], "npm.bad_version"),
                                      (NAME, VERSION, ["../x.js"], "npm.bad_file"),
                                      (NAME, VERSION, ["/x"], "npm.bad_file")]:
        with pytest.raises(ParameterError) as err:
            npm_packages.package_files(name, version, files, data_dir=data_dir)
        assert err.value.key == key
    assert registry.paths == [f"{NAME}/9.9.9"]


def _npm_reachable() -> bool:
    try:
        socket.create_connection(("registry.npmjs.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.mark.network
def test_the_real_mediapipe_tasks_audio_from_npm(data_dir):
    if not _npm_reachable():
        pytest.skip("registry.npmjs.org cannot be reached from here")
    folder = npm_packages.package_files(NAME, VERSION, web_export.MEDIAPIPE_FILES, data_dir=data_dir, progress=False)
    assert json.loads((folder / "package.json").read_text())["version"] == VERSION
    bundle = (folder / "audio_bundle.mjs").read_text()
    assert "AudioClassifier" in bundle and "forAudioTasks" in bundle
    for variant in ("audio_wasm_internal", "audio_wasm_nosimd_internal"):
        assert (folder / "wasm" / f"{variant}.wasm").read_bytes()[:4] == b"\x00asm"
        assert (folder / "wasm" / f"{variant}.wasm").stat().st_size > 1_000_000
        assert "ModuleFactory" in (folder / "wasm" / f"{variant}.js").read_text()
    dist = json.loads((folder / ".npm-dist.json").read_text())
    assert dist["tarball"] == "https://registry.npmjs.org/@mediapipe/tasks-audio/-/tasks-audio-1.0.1.tgz"
    assert dist["integrity"] == ("sha512-znfNNj9p6sAfsmrK+mjpW5H2NdWEcyvebjIcxjM3onv5God5S//"
                                 "fT4wFZ76quYL9J9SSTi2EkdUCq2zjYbzK2w==")
    # The second call is served from the cache: a registry that cannot be reached is not asked.
    again = npm_packages.package_files(NAME, VERSION, web_export.MEDIAPIPE_FILES,
                                       registry=free_port_url("").rstrip("/"), data_dir=data_dir)
    assert again == folder


# --- the folder and the command --------------------------------------------------------------------

@pytest.fixture(scope="module")
def kws_model(tmp_path_factory) -> Path:
    """Lesson 1's CNN (untrained), exported with its metadata."""
    import keras

    from kwscourse.kws import cnn as models

    keras.utils.set_random_seed(0)
    cnn = models.build_kws_model((124, 129, 1), LABELS)
    return tflite_export.export_keyword_model(cnn, LABELS, tmp_path_factory.mktemp("model") / "kws.tflite")


@pytest.fixture
def npm_cache(tmp_path, server) -> Path:
    """A course cache that holds stand-ins for MediaPipe's files (published on the local server)."""
    fetch(publish(server, tarball(fake_mediapipe_files())), tmp_path / "data")
    return tmp_path / "data"


def _config(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="kws-config">(.*?)</script>', page, re.S)[1])


def test_the_folder_holds_everything_the_page_loads(kws_model, npm_cache, tmp_path):
    out = tmp_path / "site"
    page = web_export.export_web(kws_model, out, lang="en", data_dir=npm_cache, progress=False)
    assert page.folder == out and page.labels == tuple(LABELS) and page.model_name == "kws.tflite (Lesson 1 CNN)"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(page.files)
    assert (out / "model.tflite").read_bytes() == kws_model.read_bytes()
    stand_ins = fake_mediapipe_files()
    for name in web_export.MEDIAPIPE_FILES:
        assert (out / "mediapipe" / name).read_bytes() == stand_ins[name]
    html = (out / "index.html").read_text()
    config = _config(html)
    assert (config["sampleRate"], config["windowSamples"], config["hopSamples"]) == (16000, 16000, 8000)
    assert config["modelUrl"] == "model.tflite" and config["wasmBase"] == "mediapipe/wasm"
    assert config["texts"] == web_export.page_texts("en") and '<html lang="en">' in html
    assert "Model: kws.tflite (Lesson 1 CNN). It hears 1 s windows at 16000 Hz" in html
    assert not any(label in html for label in LABELS)  # the page learns the labels from the model file
    # Offline once published: every address the page and its script load is inside the folder.
    script = (out / "kws-web.js").read_text()
    for address in re.findall(r'(?:src|href)="([^"]*)"', html) + re.findall(r'from "([^"]*)"', script):
        assert address == "data:," or (not re.match(r"[a-z]+:", address) and (out / address).is_file()), address
    assert "connect-src 'self'" in html and "script-src 'self' 'wasm-unsafe-eval'" in html


@pytest.mark.parametrize("argv_lang", [["--lang", "es"], "before"], ids=["lang-after-web", "lang-before-export"])
def test_the_command_writes_the_page_and_says_how_to_open_it(kws_model, npm_cache, tmp_path, capsys, argv_lang):
    out, before = tmp_path / "sitio", kwscourse.settings.language
    tail = argv_lang if isinstance(argv_lang, list) else []
    head = ["--lang", "es"] if argv_lang == "before" else []
    assert cli.main(head + ["--data-dir", str(npm_cache), "export", "web", str(kws_model), str(out)] + tail) == 0
    printed = capsys.readouterr().out
    assert f"Página web de kws.tflite (Lesson 1 CNN), con 3 etiquetas, escrita en {out}." in printed
    assert f"python -m http.server --directory {out} 8000" in printed and "http://localhost:8000" in printed
    assert "para un teléfono, publica la carpeta en un sitio https" in printed and "GitHub Pages" in printed
    html = (out / "index.html").read_text()
    assert '<html lang="es">' in html and "Micrófono, en directo" in html and "Suelta aquí un archivo WAV" in html
    assert _config(html)["texts"]["mic_denied"].startswith("Se ha denegado el micrófono")
    assert kwscourse.settings.language == before  # main() leaves the settings as they were


def test_the_command_in_english(kws_model, npm_cache, tmp_path, capsys):
    out = tmp_path / "my site"
    assert cli.main(["--lang", "en", "--data-dir", str(npm_cache), "export", "web", str(kws_model), str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Wrote the web page of kws.tflite (Lesson 1 CNN), with 3 labels, to '{out}'." in printed
    assert f"python -m http.server --directory '{out}' 8000" in printed  # quoted: the folder has a space
    assert "only give the microphone to pages opened from localhost or over https" in printed
    assert '<html lang="en">' in (out / "index.html").read_text()


@pytest.fixture(scope="module")
def plain_tflite(tmp_path_factory) -> Path:
    """A converter's output: a whole TFLite model with no metadata and no labels."""
    import tensorflow as tf

    blob = tflite_export.convert(lambda x: tf.nn.softmax(tf.concat([x, -x], 1)), tf.TensorSpec([1, 1], tf.float32))
    path = tmp_path_factory.mktemp("plain") / "plain.tflite"
    path.write_bytes(blob)
    return path


def _bad_model(kind: str, folder: Path, plain: Path) -> Path:
    if kind == "missing":
        return folder / "nowhere.tflite"
    if kind == "not tflite":
        return audio.write_wav(folder / "yes.tflite", np.zeros(1600, np.float32))
    if kind == "no metadata":
        return plain
    from kwscourse.export import metadata as tflite_metadata

    legacy = folder / "legacy.tflite"  # an export from before the course wrote metadata: a zip only
    legacy.write_bytes(tflite_metadata.attach_files(plain.read_bytes(), {"labels.txt": b"a\nb\n",
                                                                         "kwscourse.json": b'{"kind": "keyword"}'}))
    return legacy


@pytest.mark.parametrize("kind, key, english, spanish", [
    ("missing", "web.no_model", "does not exist", "no existe"),
    ("not tflite", "web.not_tflite", "is not a TFLite model", "no es un modelo TFLite"),
    ("no metadata", "web.no_metadata", "carries no TFLite Model Metadata", "no lleva metadatos de modelo de TFLite"),
    ("legacy", "web.no_metadata", "carries no TFLite Model Metadata", "no lleva metadatos de modelo de TFLite"),
])
def test_a_bad_model_is_named_and_nothing_is_written(kind, key, english, spanish, plain_tflite, npm_cache,
                                                       tmp_path, capsys):
    model, out = _bad_model(kind, tmp_path, plain_tflite), tmp_path / "site"
    with pytest.raises(ModelError) as err:
        web_export.export_web(model, out, data_dir=npm_cache)
    assert err.value.key == key
    for lang, words in (("en", english), ("es", spanish)):
        assert cli.main(["--lang", lang, "--data-dir", str(npm_cache), "export", "web", str(model), str(out)]) == 2
        error = capsys.readouterr().err
        assert words in error and model.name in error and error.count("\n") == 1
    assert not out.exists()


def test_offline_without_mediapipe_cached_the_page_is_not_written(kws_model, data_dir, tmp_path):
    with pytest.raises(DataError) as err:
        web_export.export_web(kws_model, tmp_path / "site", registry=free_port_url("").rstrip("/"),
                              data_dir=data_dir, progress=False)
    assert err.value.key == "data.offline_no_cache" and not (tmp_path / "site").exists()


def test_an_output_that_is_a_file_is_refused(kws_model, npm_cache, tmp_path):
    taken = tmp_path / "site"
    taken.write_text("a file")
    with pytest.raises(ParameterError) as err:
        web_export.export_web(kws_model, taken, data_dir=npm_cache)
    assert err.value.key == "web.out_is_file" and taken.read_text() == "a file"


# --- the page in a real browser --------------------------------------------------------------------

def _shifted(y: np.ndarray, samples: int) -> np.ndarray:
    """``y`` moved later (or earlier, when negative) by ``samples``, zero-filled, the same length."""
    out = np.zeros_like(y)
    if samples >= 0:
        out[samples:] = y[:y.size - samples]
    else:
        out[:samples] = y[-samples:]
    return out


def _train_on_real_clips(words_dir: Path, path: Path) -> list[str]:
    """Lesson 1's CNN trained for a few seconds on the real clips, exported to ``path``; its labels.

    Each clip is also learnt 0.15 s and 0.3 s earlier and later (live windows do not centre the
    word), and silence is learnt as "no label more than another" (uniform targets), so that on the
    live page the surest window is one that holds the word.
    """
    import keras
    import tensorflow as tf

    from kwscourse.kws import features
    from kwscourse.kws import cnn as models

    keras.utils.set_random_seed(0)
    words = sorted(folder.name for folder in words_dir.iterdir() if folder.is_dir())
    waves, targets = [], []
    for i, word in enumerate(words):
        for clip in sorted((words_dir / word).glob("*.wav")):
            y = audio.pad_or_trim(audio.load(clip, sr=16000)[0], 16000)
            for shift in (0, 2400, -2400, 4800, -4800):
                waves.append(_shifted(y, shift))
                targets.append(np.eye(len(words))[i])
    rng = np.random.default_rng(0)
    for level in np.geomspace(1e-5, 3e-3, 40):
        waves.append((level * rng.standard_normal(16000)).astype(np.float32))
        targets.append(np.full(len(words), 1 / len(words)))
    specs = features.spectrogram(np.stack(waves))
    normalization = models.adapted_normalization(tf.data.Dataset.from_tensor_slices((specs, targets)).batch(64))
    cnn = models.build_kws_model((124, 129, 1), words, normalization)
    cnn.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    cnn.fit(specs, np.array(targets, np.float32), epochs=30, batch_size=32, verbose=0)
    tflite_export.export_keyword_model(cnn, words, path)
    return words


def _live_margin(model, y: np.ndarray, word: str) -> float:
    """How sure the page's surest live window is of ``word`` when the microphone loops ``y`` between
    one-second silences, at the worst of ten phases of the half-second hop (-1 when one phase gets it wrong)."""
    looped = np.tile(np.concatenate([np.zeros(16000, np.float32), y, np.zeros(16000, np.float32)]), 2)
    worst = 1.0
    for phase in range(0, 8000, 800):
        scores = [model.run_window(looped[start:start + 16000]) for start in range(phase, 48000, 8000)]
        surest = max(scores, key=np.max)
        if model.labels[int(np.argmax(surest))] != word:
            return -1.0
        worst = min(worst, float(np.max(surest)))
    return worst


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> dict:
    """The trained model and a real clip whose label is clear, file and live, with Python's scores."""
    if not REAL_WORDS.is_dir():
        pytest.skip(f"real Speech Commands clips not found at {REAL_WORDS} (they live outside the repo)")
    need_browser()
    folder = tmp_path_factory.mktemp("trained")
    words = _train_on_real_clips(REAL_WORDS, folder / "real_kws.tflite")
    model = tflite_export.ExportedClassifier(folder / "real_kws.tflite")
    sure = []
    for word in words:
        for clip in sorted((REAL_WORDS / word).glob("*.wav")):
            y = audio.pad_or_trim(audio.load(clip, sr=16000)[0], 16000)
            scores = model.scores(y)
            if words[int(np.argmax(scores))] == word and scores.max() > 0.9:
                sure.append((float(scores.max()), clip, y))
    margins = [(_live_margin(model, y, clip.parent.name), clip) for _, clip, y in sorted(sure, reverse=True)[:12]]
    margin, clip = max(margins)
    assert margin > 0.5, f"no clip is clear enough on the live page: {margins}"
    y = audio.load(clip, sr=16000)[0]
    return {"path": folder / "real_kws.tflite", "labels": words, "clip": clip, "word": clip.parent.name,
            "scores": model.scores(y), "top_k": model.top_k(y, len(words)), "live_margin": margin}


@pytest.fixture(scope="module")
def real_sites(trained, tmp_path_factory) -> dict:
    """The page in English and in Spanish, with the real MediaPipe files from npm."""
    if not _npm_reachable():
        pytest.skip("registry.npmjs.org cannot be reached, and the page needs MediaPipe's files from it")
    root = tmp_path_factory.mktemp("sites")
    return {lang: web_export.export_web(trained["path"], root / lang, lang=lang, data_dir=root / "data",
                                        progress=False).folder for lang in ("en", "es")}


def _mediapipe_python_scores(model: Path, window: np.ndarray) -> np.ndarray:
    """The scores MediaPipe's own Python package gives one window."""
    from kwscourse.export import mediapipe_client as mediapipe_audio

    with mediapipe_audio.classifier(model) as classifier:
        return mediapipe_audio.scores(classifier, window).scores[0]


@contextlib.contextmanager
def _opened(folder: Path, name: str, flags, wav=None, host: str | None = None, query: str = ""):
    """The page of ``folder`` served on 127.0.0.1 and opened in headless Chromium; ``(page, console, requests)``.
    When the block fails, a screenshot, the page's text and the console go to tests/artifacts/."""
    from playwright.sync_api import sync_playwright

    with serve_folder(folder) as url, sync_playwright() as p:
        if host:  # the same server under a name that is neither localhost nor https
            flags = [*flags, f"--host-resolver-rules=MAP {host} 127.0.0.1"]
            url = url.replace("127.0.0.1", host)
        browser, page = browser_page(p, list(flags), wav)
        console, requests = [], []
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
        page.on("request", lambda request: requests.append(request.url))
        try:
            page.goto(url + query)
            yield page, url, requests
        except BaseException:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"failed_{name}_console.txt").write_text("\n".join(console)[-20_000:])
            with contextlib.suppress(Exception):
                page.screenshot(path=str(ARTIFACTS / f"failed_{name}.png"), full_page=True)
                (ARTIFACTS / f"failed_{name}.txt").write_text(page.inner_text("body"))
            raise
        finally:
            browser.close()


def _wait(page, condition: str, seconds: float = 60) -> None:
    """Wait until ``condition`` (a JavaScript function's source) is true: the page's policy forbids string eval."""
    page.wait_for_function(condition, timeout=seconds * 1000)


def _drop(page, path: Path) -> None:
    """Drop ``path`` on the page's drop box, as a drag from the desktop would."""
    data = base64.b64encode(path.read_bytes()).decode()
    transfer = page.evaluate_handle(
        "([data, name]) => { const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));"
        " const transfer = new DataTransfer(); transfer.items.add(new File([bytes], name, {type: 'audio/wav'}));"
        " return transfer; }", [data, path.name])
    page.dispatch_event("#kws-drop", "drop", {"dataTransfer": transfer})


#: Live windows against Python's, placed on a 10-ms grid (Chromium resamples the 48-kHz file itself): measured
#: 8 of 10 windows within 0.006, the worst 0.14, where a 10-ms step moves the word across a window edge.
LIVE_TOLERANCE = 0.1


def _placed_windows(model, clip: Path, results) -> list[tuple[int, float, str]]:
    """Each live result as ``(offset, error, top)``: the offset (in samples, 10-ms steps) of the 3-s loop
    that ``_mic_source`` plays whose Python scores are nearest the page's, and how near they are."""
    y = audio.pad_or_trim(audio.load(clip, sr=16000)[0], 16000)
    loop = np.tile(np.concatenate([np.zeros(16000, np.float32), y, np.zeros(16000, np.float32)]), 2)
    offsets = np.arange(0, 48000, 160)
    table = np.stack([model.run_window(loop[start:start + 16000]) for start in offsets])
    placed = []
    for result in results:
        errors = np.abs(table - np.array(result["scores"])).max(axis=1)
        placed.append((int(offsets[errors.argmin()]), float(errors.min()), result["top"]))
    return placed


def _mic_source(clip: Path, folder: Path) -> Path:
    """The clip with a second of silence on each side, at 48 kHz: what the fake microphone plays, in a loop."""
    y = audio.pad_or_trim(audio.load(clip, sr=16000)[0], 16000)
    padded = np.concatenate([np.zeros(16000, np.float32), y, np.zeros(16000, np.float32)])
    return audio.write_wav(folder / "mic_source.wav", audio.resample(padded, 16000, 48000), 48000)


@pytest.mark.realtime  # the page listens to a fake microphone in real time
@pytest.mark.slow
@pytest.mark.realdata
def test_the_page_classifies_a_real_clip_like_python(trained, real_sites, tmp_path):
    clip, labels, word = trained["clip"], trained["labels"], trained["word"]
    window = audio.loudest_window(audio.load(clip, sr=16000)[0], 16000)
    mediapipe_scores = _mediapipe_python_scores(trained["path"], window)
    with _opened(real_sites["en"], "web_page", FAKE_MIC, _mic_source(clip, tmp_path)) as (page, url, requests):
        _wait(page, "() => window.kwscourse && window.kwscourse.ready")
        page.set_input_files("#kws-file-input", str(clip))
        _wait(page, "() => window.kwscourse.fileResult !== null")
        chosen = page.evaluate("window.kwscourse.fileResult")
        page.evaluate("window.kwscourse.fileResult = null")
        _drop(page, clip)
        _wait(page, "() => window.kwscourse.fileResult !== null")
        dropped = page.evaluate("window.kwscourse.fileResult")
        _wait(page, "() => window.kwscourse.results.length >= 10")  # five seconds of microphone
        state = page.evaluate("window.kwscourse")
        shown = page.inner_text("#kws-file-top"), page.inner_text("#kws-live-top")
        bars = page.eval_on_selector_all("#kws-file-bars .kws-bar-label", "rows => rows.map(r => r.textContent)")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "web_page.png"), full_page=True)
    # (a) the dropped (and the chosen) file: Python's label, Python's scores
    assert chosen["name"] == dropped["name"] == clip.name and chosen["scores"] == dropped["scores"]
    assert state["labels"] == labels and bars == labels  # from the model file's metadata
    assert chosen["top"] == trained["top_k"][0][0] == word and shown[0] == word
    browser_scores = np.array(chosen["scores"])
    assert np.abs(browser_scores - trained["scores"]).max() <= SCORE_TOLERANCE
    assert np.abs(browser_scores - mediapipe_scores).max() <= SCORE_TOLERANCE
    # (b) the fake microphone loops the clip between silences, at a phase the page cannot know: each live
    # window is placed where Python's scores on the loop match it, and the one that holds the clip
    # (placed nearest the clip's start) names the same word.
    assert state["mic"] == "listening" and state["contextRate"] == 16000
    placed = _placed_windows(tflite_export.ExportedClassifier(trained["path"]), clip, state["results"])
    assert np.mean([error < LIVE_TOLERANCE for _, error, _ in placed]) >= 0.8, placed
    centred = min(placed, key=lambda row: min(abs(row[0] - 16000), 48000 - abs(row[0] - 16000)))
    assert centred[2] == word and centred[1] < LIVE_TOLERANCE, placed
    assert np.diff([r["timeS"] for r in state["results"]]).tolist() == [0.5] * (len(state["results"]) - 1)
    assert shown[1] in labels and len(state["windowLatencyMs"]) == len(state["results"])
    # Everything came from the folder: nothing was asked of any other site.
    assert requests and all(address.startswith(url) for address in requests), requests


@pytest.mark.realtime  # the page listens to a fake microphone in real time
@pytest.mark.slow
@pytest.mark.realdata
def test_the_page_resampling_each_window_itself_hears_the_same_word(trained, real_sites, tmp_path):
    """?native-rate: the microphone at the device's rate, each window resampled by an OfflineAudioContext
    (what browsers that cannot open a 16 kHz microphone context, such as Firefox, do)."""
    source = _mic_source(trained["clip"], tmp_path)
    with _opened(real_sites["en"], "web_page_native_rate", FAKE_MIC, source, query="?native-rate") as (page, _, _):
        _wait(page, "() => window.kwscourse && window.kwscourse.results.length >= 10")
        state = page.evaluate("window.kwscourse")
    assert state["mic"] == "listening" and state["contextRate"] != 16000
    surest = max(state["results"], key=lambda result: result["score"])
    assert surest["top"] == trained["word"], [(r["timeS"], r["top"], round(r["score"], 2)) for r in state["results"]]


@pytest.mark.realtime  # the page listens to a fake microphone in real time
@pytest.mark.slow
@pytest.mark.realdata
def test_the_spanish_page_speaks_spanish_and_says_when_the_microphone_is_refused(trained, real_sites):
    refused = ["--use-fake-device-for-media-stream", "--deny-permission-prompts"]
    with _opened(real_sites["es"], "web_page_es", refused) as (page, url, requests):
        _wait(page, "() => window.kwscourse && window.kwscourse.ready && window.kwscourse.mic === 'denied'")
        page.set_input_files("#kws-file-input", str(trained["clip"]))
        _wait(page, "() => window.kwscourse.fileResult !== null")
        text = page.inner_text("body")
        top = page.inner_text("#kws-file-top")
        page.screenshot(path=str(ARTIFACTS / "web_page_es.png"), full_page=True)
    assert "Detección de palabras clave en el navegador" in text and "Micrófono, en directo" in text
    assert f"Modelo cargado: {len(trained['labels'])} etiquetas." in text
    assert "Se ha denegado el micrófono, así que la página no puede escuchar." in text
    assert "se ha clasificado su ventana de 1 s con más energía" in text
    assert "Etiqueta más probable:" in text and top == trained["word"]
    assert "Listening" not in text and "Model loaded" not in text


@pytest.mark.realtime  # the page listens to a fake microphone in real time
@pytest.mark.slow
@pytest.mark.realdata
def test_a_page_opened_over_plain_http_says_why_it_has_no_microphone(real_sites):
    with _opened(real_sites["en"], "web_page_insecure", FAKE_MIC, host="kws-page.test") as (page, url, requests):
        _wait(page, "() => window.kwscourse && window.kwscourse.ready && window.kwscourse.mic === 'insecure'")
        status = page.inner_text("#kws-mic")
    assert url.startswith("http://kws-page.test:")
    assert "browsers only give it to pages opened from localhost or over https" in status


@pytest.mark.realtime  # the page listens to a fake microphone in real time
@pytest.mark.slow
@pytest.mark.realdata
def test_the_embedding_recipe_in_one_file_runs_in_the_page(trained, real_sites, tmp_path):
    """The speech-embedding recipe's one file (front end, embedding, head) needs no side file in the browser."""
    import keras

    from kwscourse.kws import head as kws_embedding

    keras.utils.set_random_seed(4)
    labels, clip = trained["labels"], trained["clip"]
    path = tflite_export.export_embedding_model(kws_embedding.build_head(len(labels)), labels, tmp_path / "recipe.tflite")
    site = web_export.export_web(path, tmp_path / "site", lang="en", data_dir=real_sites["en"].parent / "data",
                                 progress=False).folder
    expected = tflite_export.ExportedClassifier(path).scores(audio.load(clip, sr=16000)[0])
    with _opened(site, "web_page_embedding", FAKE_MIC) as (page, _, _):
        _wait(page, "() => window.kwscourse && window.kwscourse.ready")
        page.set_input_files("#kws-file-input", str(clip))
        _wait(page, "() => window.kwscourse.fileResult !== null")
        result = page.evaluate("window.kwscourse.fileResult")
    assert result["top"] == labels[int(np.argmax(expected))]
    assert np.abs(np.array(result["scores"]) - expected).max() <= SCORE_TOLERANCE
