"""One source, two languages: the committed notebooks are exactly what the builder makes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
build = importlib.util.module_from_spec(spec)
sys.modules["build_notebooks"] = build  # dataclasses look their module up there
spec.loader.exec_module(build)

LESSONS = build.lessons()
PAIRS = [(stem, lang) for stem in LESSONS for lang in build.LANGUAGES]


def test_there_are_lessons():
    assert "01_keyword_spotting" in LESSONS


@pytest.mark.parametrize("stem,lang", PAIRS)
def test_committed_notebook_matches_a_fresh_build(stem, lang):
    committed = (ROOT / "notebooks" / lang / f"{stem}.ipynb").read_text(encoding="utf-8")
    assert committed == build.render(stem, lang), "stale notebook: run `make notebooks`"


@pytest.mark.parametrize("stem,lang", PAIRS)
def test_committed_notebook_has_no_outputs(stem, lang):
    nb = json.loads((ROOT / "notebooks" / lang / f"{stem}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("stem", LESSONS)
def test_languages_share_ids_and_code(stem):
    en, es = (json.loads((ROOT / "notebooks" / lang / f"{stem}.ipynb").read_text()) for lang in ("en", "es"))
    assert [c["id"] for c in en["cells"]] == [c["id"] for c in es["cells"]]
    assert [c["cell_type"] for c in en["cells"]] == [c["cell_type"] for c in es["cells"]]
    for a, b in zip(en["cells"], es["cells"]):
        if a["cell_type"] != "code":
            assert a["source"] != b["source"], f"markdown cell {a['id']} is not translated"
        elif a["id"] == "setup":  # the one place a notebook names its language
            assert "".join(a["source"]).replace('"en"', '"es"') == "".join(b["source"])
        else:
            assert a["source"] == b["source"], f"code cell {a['id']} differs between languages"


@pytest.mark.parametrize("stem,lang", PAIRS)
def test_first_cells_are_generated(stem, lang):
    nb = json.loads((ROOT / "notebooks" / lang / f"{stem}.ipynb").read_text())
    badge, install, setup = nb["cells"][:3]
    repo = build.notebook_source.REPOSITORY.removeprefix("https://github.com/")
    assert f"colab.research.google.com/github/{repo}/blob/" in "".join(badge["source"])
    assert f"notebooks/{lang}/{stem}.ipynb" in "".join(badge["source"])
    assert "google.colab" in "".join(install["source"]) and "%pip install" in "".join(install["source"])
    assert f'language="{lang}"' in "".join(setup["source"])


def _source(tmp_path, text):
    path = tmp_path / "lesson.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_translation_is_refused(tmp_path):
    path = _source(tmp_path, "<!-- md: intro -->\n<!-- en -->\nHello\n<!-- es -->\n\n")
    with pytest.raises(build.SourceError, match="intro.*'es'"):
        build.parse(path)


def test_duplicate_and_reserved_ids_are_refused(tmp_path):
    twice = "<!-- code: a -->\nx = 1\n<!-- code: a -->\ny = 2\n"
    with pytest.raises(build.SourceError, match="duplicate"):
        build.parse(_source(tmp_path, twice))
    with pytest.raises(build.SourceError, match="reserved"):
        build.parse(_source(tmp_path, "<!-- code: setup -->\nx = 1\n"))


def test_parse_keeps_tags_and_both_languages(tmp_path):
    path = _source(tmp_path, "<!-- md: m -->\n<!-- en -->\nHi\n<!-- es -->\nHola\n"
                             "<!-- code: c tags=nbval-skip -->\nprint(1)\n")
    md, code = build.parse(path)
    assert md.text == {"en": "Hi", "es": "Hola"}
    assert code.tags == ["nbval-skip"] and code.text["es"] == "print(1)"
