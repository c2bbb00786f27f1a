"""Build docs/site/: every lesson executed in smoke mode, as HTML, in both languages.

Each lesson notebooks/{en,es}/NN_*.ipynb (lessons only, found by glob) is run with nbclient
in smoke mode (``KWSCOURSE_SMOKE=1``: small synthetic stand-ins, few epochs, and every
stand-in says so in the outputs) and exported by nbconvert's ``lab`` template with its
figures embedded as PNG. The pages then go through a few steps that make them fit for a
repository and a static host:

- a banner in the page's language says the page was run in smoke mode with stand-ins;
- the CSS that nbconvert inlines into every page (about 290 kB, the same for every page) is
  written once, to docs/site/notebook.css, and linked;
- nothing is loaded from the network: no require.js, MathJax or widget scripts (the lessons
  have no math), and the Open-in-Colab badge's picture becomes a text link;
- a widget (recorder, live classifier, player) needs a running kernel, so its output
  becomes a short note saying so; a progress bar (tqdm) is left out;
- links to other lessons point at their pages, other links into the repository at GitHub;
- this machine's paths (the checkout, the home folder) are removed from the outputs;
- each figure, an opaque truecolour PNG from matplotlib, is stored with a palette of 256
  colours (median cut, no dithering): the same picture to the eye at a third to half the size.

docs/site/manifest.json records, for every page, the notebook it was built from, a hash of
that notebook's cell types and sources (outputs left out) and the number of figures, so that
a fast test (tests/e2e/test_site.py) can tell when a lesson changed since the site was built
without executing anything. The pages hold no timestamps.

Usage:  python tools/build_site.py [--lang en|es] [--lesson 02] [--check]

``--check`` executes nothing: it exits 1 when a lesson has no page or changed since its page
was built. A lesson that fails to execute is reported and the command exits 1; the other
lessons' pages are still written.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SITE = ROOT / "docs" / "site"
MANIFEST = SITE / "manifest.json"
CSS_NAME = "notebook.css"
LANGUAGES = ("en", "es")
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
REPOSITORY = "https://github.com/kwscourse/kwscourse"  # as kwscourse.authoring.notebook_source names it
BRANCH = "main"
CELL_TIMEOUT = 900
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# The kernel's environment: smoke mode, quiet TensorFlow, and matplotlib's inline backend
# (which draws with Agg and sends each figure as a PNG; plain Agg would show no figure at all).
KERNEL_ENV = {"KWSCOURSE_SMOKE": "1", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0",
              "MPLBACKEND": "module://matplotlib_inline.backend_inline"}

TEXT = {
    "en": {
        "banner": ("<strong>Smoke mode.</strong> This page was made by running the notebook with "
                   "<code>KWSCOURSE_SMOKE=1</code>: small synthetic stand-in data, untrained stand-in "
                   "models where the real weights were not at hand, and few epochs. Every stand-in says "
                   "so in the outputs below. The figures show what the code does, not how well a real "
                   "model does; run the notebook yourself (<code>make lab</code>, or Colab from its badge) "
                   "for real results."),
        "all": "All lessons", "other": "Español", "widget": ("Interactive widget: it needs a running "
                                                              "notebook (JupyterLab or Colab)."),
        "index_title": "kwscourse · rendered lessons",
        "index_intro": ("Every lesson of the course, executed in smoke mode (small synthetic "
                        "stand-ins, few epochs) so that its figures and outputs can be read without "
                        "running anything. For real results, open the notebooks in JupyterLab "
                        "(<code>make lab</code>) or in Colab."),
        "source": "notebook",
    },
    "es": {
        "banner": ("<strong>Modo smoke.</strong> Esta página se hizo ejecutando el cuaderno con "
                   "<code>KWSCOURSE_SMOKE=1</code>: datos sustitutos pequeños y sintéticos, modelos "
                   "sustitutos sin entrenar cuando no había pesos reales a mano y pocas épocas. Cada "
                   "sustituto lo dice en las salidas de abajo. Las figuras muestran lo que hace el "
                   "código, no lo bien que funciona un modelo de verdad; ejecuta tú el cuaderno "
                   "(<code>make lab</code>, o Colab desde su insignia) para obtener resultados reales."),
        "all": "Todas las lecciones", "other": "English", "widget": ("Widget interactivo: necesita un "
                                                                     "cuaderno en ejecución (JupyterLab "
                                                                     "o Colab)."),
        "index_title": "kwscourse · lecciones ejecutadas",
        "index_intro": ("Todas las lecciones del curso, ejecutadas en modo smoke (datos sustitutos "
                        "pequeños y sintéticos, pocas épocas) para leer sus figuras y salidas sin "
                        "ejecutar nada. Para obtener resultados reales, abre los cuadernos en "
                        "JupyterLab (<code>make lab</code>) o en Colab."),
        "source": "cuaderno",
    },
}

# nbconvert's lab template without its scripts (require.js, MathJax, Mermaid, widgets),
# with the banner at the top of <main>.
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}{{ super() }}
{{ resources.site_banner }}
{%- endblock body_header -%}
"""

SITE_CSS = """
/* kwscourse site: the smoke-mode banner and the index pages */
.kws-site-banner { margin: 1em auto; padding: 0.8em 1em; max-width: 60em; border-left: 6px solid #d97706;
  background: #fff7e6; color: #3b2a05; font-family: system-ui, sans-serif; font-size: 15px; line-height: 1.45; }
.kws-site-banner nav { margin-top: 0.5em; }
.kws-site-banner a { color: #1d4ed8; text-decoration: underline; }
.kws-site-widget { font-style: italic; color: #555; }
"""
INDEX_CSS = ("body { font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; "
             "line-height: 1.5; color: #222; } li { margin: 0.3em 0; } .note { color: #555; }")


# --- lessons and their hashes -------------------------------------------------------------
def lessons(lang: str) -> list[Path]:
    """The lesson notebooks of one language, in order (exercises live in a subfolder)."""
    return sorted((NOTEBOOKS / lang).glob(LESSON_GLOB))


def source_hash(notebook) -> str:
    """SHA-256 of a notebook's cell types and sources: outputs, ids and metadata left out."""
    cells = [[cell.cell_type, cell.source] for cell in notebook.cells]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def title(notebook) -> str:
    """The text of the notebook's first markdown heading."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    raise ValueError("the notebook has no heading")


def page_name(lang: str, notebook_path: Path) -> str:
    """Where a lesson's page goes, relative to docs/site: ``en/01_keyword_spotting.html``."""
    return f"{lang}/{notebook_path.stem}.html"


def load_manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.is_file() else {"pages": {}}


def stale_pages(manifest: dict) -> list[str]:
    """What ``--check`` and the fast test report: lessons without a page, and changed lessons."""
    problems = []
    for lang in LANGUAGES:
        for path in lessons(lang):
            name = page_name(lang, path)
            entry = manifest["pages"].get(name)
            if entry is None or not (SITE / name).is_file():
                problems.append(f"{path.relative_to(ROOT)} has no page {name}")
            elif entry["source_sha256"] != source_hash(nbformat.read(path, as_version=4)):
                problems.append(f"{path.relative_to(ROOT)} changed since {name} was built")
    return problems


# --- execution ----------------------------------------------------------------------------
def execute(path: Path):
    """Run one notebook in smoke mode in its own folder; the executed notebook, or an exception."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False,
                            store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
    os.environ.update(KERNEL_ENV)
    with tempfile.TemporaryFile("w+") as kernel_log:
        try:
            client.execute(stderr=kernel_log)  # the kernel's own stderr (its start-up notices)
        except Exception:
            kernel_log.seek(0)
            tail = [line for line in kernel_log.read().splitlines() if "without encryption" not in line]
            if tail:
                print("  kernel stderr:\n    " + "\n    ".join(tail[-20:]), file=sys.stderr)
            raise
    return notebook


# --- from an executed notebook to a page ----------------------------------------------------
def scrub(text: str) -> str:
    """Remove this machine's paths: the checkout becomes relative, the home folder ``~``."""
    text = text.replace(f"{ROOT}{os.sep}", "").replace(str(ROOT), ".")
    home = str(Path.home())
    return text.replace(home, "~") if len(home) > 1 else text


def link_target(lang: str, target: str) -> str:
    """A markdown link as the page needs it: lessons to pages, repository files to GitHub."""
    if re.match(r"^[a-z]+:|^#|^/", target):
        return target
    path, _, anchor = target.partition("#")
    resolved = (NOTEBOOKS / lang / path).resolve()
    try:
        relative = resolved.relative_to(ROOT)
    except ValueError:
        return target
    if resolved.parent.parent == NOTEBOOKS and resolved.match(LESSON_GLOB):
        new = f"../{resolved.parent.name}/{resolved.stem}.html"
    else:
        new = f"{REPOSITORY}/blob/{BRANCH}/{relative.as_posix()}"
    return new + (f"#{anchor}" if anchor else "")


def prepare_markdown(source: str, lang: str) -> str:
    """Links rewritten for the site; a picture from the network becomes its alt text."""
    source = re.sub(r"\]\(([^)\s]+)\)", lambda m: f"]({link_target(lang, m.group(1))})", source)
    source = re.sub(r'href="([^"]+)"', lambda m: f'href="{link_target(lang, m.group(1))}"', source)
    return re.sub(r'<img\s+src="https?://[^"]*"\s+alt="([^"]*)"\s*/?>', r"\1", source)


def palette_png(encoded: str) -> str:
    """A base64 PNG re-encoded with 256 colours when it is opaque and that makes it smaller."""
    import base64
    import io

    from PIL import Image

    picture = Image.open(io.BytesIO(base64.b64decode(encoded)))
    if picture.mode == "RGBA" and picture.getchannel("A").getextrema() != (255, 255):
        return encoded
    if picture.mode not in ("RGB", "RGBA"):
        return encoded
    quantized = picture.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, "PNG", optimize=True)
    smaller = base64.b64encode(buffer.getvalue()).decode("ascii")
    return smaller if len(smaller) < len(encoded) else encoded


def is_progress_bar(view: dict, widgets: dict) -> bool:
    """Whether a widget view shows a progress bar (tqdm's box of a label, a bar and a count)."""
    model = widgets.get(view.get("model_id"), {})
    children = [child.removeprefix("IPY_MODEL_") for child in model.get("state", {}).get("children", [])]
    return model.get("model_name", "").endswith("BoxModel") and any(
        widgets.get(child, {}).get("model_name", "").endswith("ProgressModel") for child in children)


def prepare_output(output, lang: str, widgets: dict):
    """An output as the page shows it: paths scrubbed, a widget replaced by a note (None for a progress bar)."""
    data = output.get("data", {})
    if WIDGET_MIME in data and is_progress_bar(data[WIDGET_MIME], widgets):
        return None
    if WIDGET_MIME in data:
        note = html.escape(TEXT[lang]["widget"])
        return nbformat.v4.new_output("display_data", data={
            "text/html": f'<p class="kws-site-widget">{note}</p>', "text/plain": note})
    if "text" in output:
        output["text"] = scrub(output["text"])
    for mime, value in data.items():
        if isinstance(value, str) and (mime == "image/svg+xml" or not mime.startswith("image/")):
            data[mime] = scrub(value)
        elif mime == "image/png":
            data[mime] = palette_png(value)
    if output.get("output_type") == "error":
        output["traceback"] = [scrub(line) for line in output["traceback"]]
    return output


def coalesce_streams(outputs: list) -> list:
    """Consecutive prints to the same stream as one output: how the kernel splits them varies."""
    merged = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and last is not None
                and last.get("output_type") == "stream" and last.get("name") == output.get("name")):
            last["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def prepare(notebook, lang: str):
    """The executed notebook made ready for export (see the module's docstring)."""
    widgets = notebook.metadata.pop("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = prepare_markdown(cell.source, lang)
        elif cell.cell_type == "code":
            outputs = [prepare_output(output, lang, widgets.get("state", {})) for output in cell.outputs]
            cell.outputs = coalesce_streams([output for output in outputs if output is not None])
    notebook.metadata["title"] = title(notebook)
    return notebook


def figure_count(notebook) -> int:
    """The pictures among a notebook's outputs (PNG, JPEG or SVG): the page's figures."""
    return sum(any(mime.startswith("image/") for mime in output.get("data", {}))
               for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)


def stderr_outputs(notebook) -> list[str]:
    """The ids of cells that wrote to stderr (make test fails on them too)."""
    return [cell.get("id", "?") for cell in notebook.cells if cell.cell_type == "code"
            and any(o.get("name") == "stderr" for o in cell.outputs)]


def banner(lang: str, notebook_path: Path) -> str:
    """The smoke-mode note at the top of a page, with links to the index and the other language."""
    text = TEXT[lang]
    other = next(code for code in LANGUAGES if code != lang)
    source = f"{REPOSITORY}/blob/{BRANCH}/{notebook_path.relative_to(ROOT).as_posix()}"
    return (f'<aside class="kws-site-banner" role="note" lang="{lang}"><p>{text["banner"]}</p>\n'
            f'<nav><a href="index.html">{text["all"]}</a> · '
            f'<a href="../{other}/{notebook_path.stem}.html" lang="{other}">{text["other"]}</a> · '
            f'<a href="{source}">{text["source"]} <code>{notebook_path.name}</code></a></nav></aside>')


def export(notebook, lang: str, notebook_path: Path) -> tuple[str, str]:
    """The page's HTML (its CSS linked) and the CSS nbconvert would have inlined."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", raw_template=TEMPLATE, language_code=lang)
    body, _ = exporter.from_notebook_node(notebook, resources={
        "metadata": {"name": notebook_path.stem}, "site_banner": banner(lang, notebook_path)})
    head_end = body.index("</head>")
    head, rest = body[:head_end], body[head_end:]
    styles = re.findall(r'<style type="text/css">(.*?)</style>', head, flags=re.DOTALL)
    head = re.sub(r'\s*<style type="text/css">.*?</style>', "", head, flags=re.DOTALL)
    head += f'<link rel="stylesheet" href="../{CSS_NAME}">\n'
    css = "\n".join(style.strip() for style in styles) + "\n" + SITE_CSS
    page = head + rest
    leaked = str(ROOT) in re.sub(r'"data:[^"]*"', "", page)
    if leaked:
        raise RuntimeError(f"the page still names this machine's checkout {ROOT}")
    return page, css


# --- index pages and the manifest ---------------------------------------------------------
def lesson_list(lang: str, prefix: str) -> str:
    """An HTML list linking every lesson of one language, titled by its first heading."""
    items = []
    for path in lessons(lang):
        name = html.escape(title(nbformat.read(path, as_version=4)))
        items.append(f'  <li><a href="{prefix}{path.stem}.html">{name}</a></li>')
    return f'<ul lang="{lang}">\n' + "\n".join(items) + "\n</ul>"


def index_page(lang: str, heading: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{heading}</title>\n<style>{INDEX_CSS}</style>\n</head>\n<body>\n"
            f"<h1>{heading}</h1>\n{body}\n</body>\n</html>\n")


def write_indexes() -> None:
    """docs/site/index.html (both languages) and one index per language."""
    for lang in LANGUAGES:
        text, other = TEXT[lang], next(code for code in LANGUAGES if code != lang)
        body = (f'<p>{text["index_intro"]}</p>\n{lesson_list(lang, "")}\n'
                f'<p class="note"><a href="../{other}/index.html" lang="{other}">{text["other"]}</a>'
                f' · <a href="../index.html">kwscourse</a></p>')
        (SITE / lang / "index.html").write_text(index_page(lang, text["index_title"], body), encoding="utf-8")
    sections = []
    for lang in LANGUAGES:
        text = TEXT[lang]
        sections.append(f'<section lang="{lang}">\n<h2><a href="{lang}/index.html">{text["index_title"]}</a>'
                        f'</h2>\n<p>{text["index_intro"]}</p>\n{lesson_list(lang, f"{lang}/")}\n</section>')
    (SITE / "index.html").write_text(index_page("en", "kwscourse · English · Español", "\n".join(sections)),
                                     encoding="utf-8")


def write_manifest(manifest: dict) -> None:
    """Only pages whose lesson still exists are kept; keys sorted, so an unchanged site gives the same file."""
    current = {page_name(lang, path) for lang in LANGUAGES for path in lessons(lang)}
    manifest["pages"] = {name: entry for name, entry in sorted(manifest["pages"].items()) if name in current}
    MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")


# --- the build ------------------------------------------------------------------------------
def build_page(lang: str, path: Path, css_seen: dict) -> dict:
    """Execute one lesson and write its page; its manifest entry."""
    original = nbformat.read(path, as_version=4)
    notebook = prepare(execute(path), lang)
    page, css = export(notebook, lang, path)
    css_seen.setdefault(css, []).append(path.name)
    target = SITE / page_name(lang, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    figures = figure_count(notebook)
    if page.count("<img") != figures:
        raise RuntimeError(f"{figures} pictures in the outputs but {page.count('<img')} <img> on the page")
    stderr = stderr_outputs(notebook)
    if stderr:
        print(f"  note: cells {stderr} wrote to stderr (shown on the page)")
    return {"notebook": path.relative_to(ROOT).as_posix(), "source_sha256": source_hash(original),
            "title": title(original), "figures": figures, "bytes": len(page.encode("utf-8"))}


def build(selected: list[tuple[str, Path]]) -> int:
    """Build the selected pages, the indexes, the CSS and the manifest; the number of failures."""
    manifest, css_seen, failures = load_manifest(), {}, []
    for lang, path in selected:
        print(f"{path.relative_to(ROOT)} ...", flush=True)
        start = time.monotonic()
        try:
            entry = build_page(lang, path, css_seen)
        except Exception as error:  # report it, build the others, fail at the end
            failures.append(path.relative_to(ROOT).as_posix())
            message = re.sub(r"\x1b\[[0-9;]*m", "", scrub(str(error)))  # no terminal colours
            print(f"  FAILED: {type(error).__name__}: {message[-3000:]}", file=sys.stderr)
            continue
        manifest["pages"][page_name(lang, path)] = entry
        print(f"  {page_name(lang, path)}: {entry['figures']} figures, {entry['bytes'] / 1e3:.0f} kB, "
              f"{time.monotonic() - start:.0f} s", flush=True)
    if len(css_seen) > 1:
        raise RuntimeError(f"the pages' CSS differs between notebooks: {list(css_seen.values())}")
    if css_seen:
        (SITE / CSS_NAME).write_text(next(iter(css_seen)), encoding="utf-8")
    write_indexes()
    write_manifest(manifest)
    if failures:
        print(f"{len(failures)} lesson(s) failed to execute: {', '.join(failures)}", file=sys.stderr)
    return len(failures)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="only this language (repeatable)")
    parser.add_argument("--lesson", action="append", help="only lessons whose file name starts with this")
    parser.add_argument("--check", action="store_true", help="execute nothing; fail when a page is missing or stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale_pages(load_manifest())
        for problem in problems:
            print(problem)
        print("run `make site`" if problems else "docs/site is up to date with every lesson")
        return 1 if problems else 0
    selected = [(lang, path) for lang in (args.lang or LANGUAGES) for path in lessons(lang)
                if not args.lesson or any(path.name.startswith(prefix) for prefix in args.lesson)]
    if not selected:
        parser.error("no lesson matches")
    SITE.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    failed = build(selected)
    print(f"{len(selected) - failed} of {len(selected)} pages built in {time.monotonic() - start:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
