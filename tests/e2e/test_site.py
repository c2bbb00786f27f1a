"""The rendered lessons in docs/site/ (built by `make site`, tools/build_site.py).

Two fast tests read docs/site/manifest.json and execute nothing: every lesson has a page, and
no lesson changed since its page was built. The browser tests serve docs/site on 127.0.0.1 and
open every page in headless Debian Chromium: its figures are there and loaded, its language is
right, its smoke-mode banner speaks that language, it loads nothing from the network; and the
index pages link every lesson.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import shutil
import threading
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "docs" / "site"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu",
         "--no-first-run", "--disable-sync"]

spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
build_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_site)

MANIFEST = build_site.load_manifest()
PAGES = sorted(MANIFEST["pages"])
# What each banner must say, and what the other language's banner says instead.
BANNER_WORDS = {"en": ("Smoke mode", "stand-in", "epochs"), "es": ("Modo smoke", "sustitutos", "épocas")}


# --- fast: the committed site matches the lessons ---------------------------------------------
def test_every_lesson_has_a_page():
    missing = [problem for problem in build_site.stale_pages(MANIFEST) if "has no page" in problem]
    assert not missing, "\n".join(missing) + "\nrun `make site` and commit docs/site"


def test_no_lesson_changed_since_its_page_was_built():
    changed = [problem for problem in build_site.stale_pages(MANIFEST) if "changed since" in problem]
    assert not changed, "\n".join(changed) + "\nrun `make site` and commit docs/site"


def test_the_manifest_names_only_existing_lessons_and_pages():
    for name, entry in MANIFEST["pages"].items():
        assert (ROOT / entry["notebook"]).is_file(), f"{name}: {entry['notebook']} is gone (run `make site`)"
        assert (SITE / name).is_file(), f"{name} is in the manifest but not in docs/site (run `make site`)"


def test_the_source_hash_ignores_outputs_and_sees_sources():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    before = build_site.source_hash(notebook)
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    notebook.cells[0].execution_count = 1
    assert build_site.source_hash(notebook) == before
    notebook.cells[0].source = "print(2)"
    assert build_site.source_hash(notebook) != before


# --- in a browser ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site_url():
    """docs/site served by the standard library's static file server on a free port of 127.0.0.1."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def _open(browser, url: str):
    """A page at ``url`` once loaded, and the requests it made that failed or left 127.0.0.1."""
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    bad = []
    page.on("requestfailed", lambda request: bad.append(f"failed: {request.url[:120]}"))
    page.on("request", lambda request: None if request.url.startswith(("data:", "http://127.0.0.1:"))
            else bad.append(f"external: {request.url[:120]}"))
    page.goto(url, wait_until="load")
    return page, bad


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_a_page_shows_its_figures_in_its_language(browser, site_url, name):
    lang = name.split("/")[0]
    page, bad = _open(browser, f"{site_url}/{name}")
    try:
        figures = page.evaluate("Array.from(document.images, i => ({w: i.naturalWidth, h: i.naturalHeight,"
                                " ok: i.complete}))")
        html_lang = page.evaluate("document.documentElement.lang")
        banner = page.inner_text(".kws-site-banner")
        has_css = page.evaluate("getComputedStyle(document.querySelector('.kws-site-banner')).borderLeftStyle")
    finally:
        page.close()
    expected = MANIFEST["pages"][name]["figures"]
    assert expected > 0, f"{name}: the manifest counts no figure (was the lesson run with a non-inline backend?)"
    assert len(figures) == expected, f"{name}: {len(figures)} <img> on the page, the manifest says {expected}"
    unloaded = [i for i, figure in enumerate(figures) if not (figure["ok"] and figure["w"] > 0 and figure["h"] > 0)]
    assert not unloaded, f"{name}: figures {unloaded} did not load"
    assert html_lang == lang
    assert all(word in banner for word in BANNER_WORDS[lang]), f"{name}: banner {banner!r}"
    other = "es" if lang == "en" else "en"
    assert not any(word in banner for word in BANNER_WORDS[other]), f"{name}: banner in two languages {banner!r}"
    assert has_css == "solid", f"{name}: ../{build_site.CSS_NAME} did not apply"
    assert not bad, f"{name}: " + "; ".join(bad)


def _links(browser, url: str) -> tuple[str, set[str], str]:
    page, bad = _open(browser, url)
    try:
        lang = page.evaluate("document.documentElement.lang")
        hrefs = set(page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.href)"))
        text = page.inner_text("body")
    finally:
        page.close()
    assert not bad, f"{url}: " + "; ".join(bad)
    return lang, hrefs, text


@pytest.mark.slow
@pytest.mark.parametrize("index", ["index.html", "en/index.html", "es/index.html"])
def test_the_index_pages_link_every_lesson(browser, site_url, index):
    lang, hrefs, text = _links(browser, f"{site_url}/{index}")
    languages = build_site.LANGUAGES if index == "index.html" else (index.split("/")[0],)
    wanted = {f"{site_url}/{build_site.page_name(code, path)}"
              for code in languages for path in build_site.lessons(code)}
    assert wanted and not wanted - hrefs, f"{index} does not link {sorted(wanted - hrefs)}"
    for code in languages:
        for path in build_site.lessons(code):
            assert build_site.title(nbformat.read(path, as_version=4)) in text, f"{index} lacks {path.name}'s title"
    assert lang == ("en" if index == "index.html" else languages[0])
    if index == "es/index.html":
        assert "modo smoke" in text and "cuadernos" in text and "Every lesson" not in text


def test_the_manifest_is_sorted_json_without_timestamps():
    text = (SITE / "manifest.json").read_text(encoding="utf-8")
    assert json.loads(text) == MANIFEST
    assert text == json.dumps(MANIFEST, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
