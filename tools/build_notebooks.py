"""Build notebooks/en/*.ipynb and notebooks/es/*.ipynb from notebooks/src/*.md.

One source file per lesson. Cells are introduced by directives on their own line:

    <!-- md: cell-id -->            a markdown cell; its text is split by
    <!-- en -->                     <!-- en --> and <!-- es --> into the two
    ... English ...                 languages (both are required)
    <!-- es -->
    ... Spanish ...

    <!-- code: cell-id [tags=a,b] -->   a code cell, the same in both languages
    print("hello")

The first three cells of every notebook are generated from [tool.kwscourse] in
pyproject.toml: the Open-in-Colab badge, the Colab install cell and the setup
cell (the only code cell that names the notebook's language).

Usage:  python tools/build_notebooks.py [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "notebooks" / "src"
OUT = ROOT / "notebooks"
LANGUAGES = ("en", "es")
GENERATED_IDS = ("colab-badge", "install", "setup")

DIRECTIVE = re.compile(r"^<!-- (md|code): ([A-Za-z0-9_-]{1,64})(?: tags=([A-Za-z0-9_,-]+))? -->\s*$")
LANG_MARK = re.compile(r"^<!-- (en|es) -->\s*$")


class SourceError(ValueError):
    """A lesson source that cannot be built (missing translation, bad directive...)."""


@dataclass
class Cell:
    kind: str  # "markdown" or "code"
    cell_id: str
    text: dict[str, str] = field(default_factory=dict)  # language -> source
    tags: list[str] = field(default_factory=list)


def settings() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["kwscourse"]


def _strip(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def parse(path: Path) -> list[Cell]:
    """Read one lesson source into cells, checking ids and translations."""
    cells: list[Cell] = []
    current: Cell | None = None
    lang: str | None = None
    buffers: dict[str, list[str]] = {}

    def close():
        if current is None:
            return
        if current.kind == "code":
            body = _strip(buffers.get("code", []))
            if not body:
                raise SourceError(f"{path.name}: code cell {current.cell_id!r} is empty")
            current.text = {lang_: body for lang_ in LANGUAGES}
        else:
            stray = _strip(buffers.get("code", []))
            if stray:
                raise SourceError(f"{path.name}: text before <!-- en --> in cell {current.cell_id!r}")
            for lang_ in LANGUAGES:
                body = _strip(buffers.get(lang_, []))
                if not body:
                    raise SourceError(f"{path.name}: markdown cell {current.cell_id!r} lacks its "
                                      f"{lang_!r} text")
                current.text[lang_] = body
        cells.append(current)

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        directive = DIRECTIVE.match(line)
        if directive:
            close()
            kind, cell_id, tags = directive.groups()
            current = Cell("markdown" if kind == "md" else "code", cell_id,
                           tags=tags.split(",") if tags else [])
            buffers, lang = {}, ("code" if kind == "code" else None)
            continue
        mark = LANG_MARK.match(line)
        if mark and current is not None and current.kind == "markdown":
            lang = mark.group(1)
            if lang in buffers:
                raise SourceError(f"{path.name}:{number}: second <!-- {lang} --> in one cell")
            buffers[lang] = []
            continue
        if current is None:
            if line.strip():
                raise SourceError(f"{path.name}:{number}: text before the first cell directive")
            continue
        buffers.setdefault(lang or "code", []).append(line)
    close()

    ids = [c.cell_id for c in cells]
    duplicated = {i for i in ids if ids.count(i) > 1} | (set(ids) & set(GENERATED_IDS))
    if duplicated:
        raise SourceError(f"{path.name}: duplicate or reserved cell ids {sorted(duplicated)}")
    return cells


def generated_cells(stem: str) -> list[Cell]:
    """Badge, Colab install and setup cells, all derived from pyproject's [tool.kwscourse]."""
    conf = settings()
    repo, branch = conf["repository"].rstrip("/"), conf["branch"]
    github_path = repo.removeprefix("https://github.com/")
    badge = {}
    for lang in LANGUAGES:
        other = "es" if lang == "en" else "en"
        colab = f"https://colab.research.google.com/github/{github_path}/blob/{branch}/notebooks/{lang}/{stem}.ipynb"
        switch = {"en": f"[Versión en español](../{other}/{stem}.ipynb)",
                  "es": f"[English version](../{other}/{stem}.ipynb)"}[lang]
        alt = {"en": "Open in Colab", "es": "Abrir en Colab"}[lang]
        badge[lang] = (f'<a href="{colab}" target="_parent"><img '
                       f'src="https://colab.research.google.com/assets/colab-badge.svg" alt="{alt}"/></a>'
                       f" · {switch}")
    install = (
        "# In Colab, install the course package first (locally, `make lab` already did).\n"
        "import sys\n"
        "\n"
        "if \"google.colab\" in sys.modules:\n"
        f"    %pip install --quiet \"kwscourse @ git+{repo}@{branch}\""
    )
    setup = {
        lang: ("import kwscourse\n"
               "\n"
               f"kwscourse.notebook.setup_notebook(language=\"{lang}\")")
        for lang in LANGUAGES
    }
    return [
        Cell("markdown", "colab-badge", badge),
        Cell("code", "install", {lang: install for lang in LANGUAGES}),
        Cell("code", "setup", setup),
    ]


def build_notebook(cells: list[Cell], lang: str, stem: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "colab": {"provenance": []},
        "kwscourse": {"lesson": stem, "language": lang,
                      "source": f"notebooks/src/{stem}.md",
                      "generated": "Do not edit: run `make notebooks` after changing the source."},
    }
    for cell in cells:
        meta = {"tags": list(cell.tags)} if cell.tags else {}
        if cell.kind == "code":
            new = nbformat.v4.new_code_cell(cell.text[lang], metadata=meta)
        else:
            new = nbformat.v4.new_markdown_cell(cell.text[lang], metadata=meta)
        new.id = cell.cell_id
        nb.cells.append(new)
    nbformat.validate(nb)
    return nb


def render(stem: str, lang: str) -> str:
    cells = generated_cells(stem) + parse(SRC / f"{stem}.md")
    return nbformat.writes(build_notebook(cells, lang, stem), version=4) + "\n"


def lessons() -> list[str]:
    return sorted(p.stem for p in SRC.glob("*.md"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report notebooks that differ from a fresh build")
    args = parser.parse_args(argv)
    stale = []
    for stem in lessons():
        for lang in LANGUAGES:
            target = OUT / lang / f"{stem}.ipynb"
            text = render(stem, lang)
            if target.is_file() and target.read_text(encoding="utf-8") == text:
                continue
            stale.append(target)
            if not args.check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "wrote"
    for path in stale:
        print(f"{verb}: {path.relative_to(ROOT)}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
