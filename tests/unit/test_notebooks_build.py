"""One source, two languages: the committed notebooks are exactly what the builder makes."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
import tokenize
from pathlib import Path

import pytest

from kwscourse.authoring.notebook_source import code_shape

ROOT = Path(__file__).resolve().parents[2]
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
        else:  # the same code: only strings and comments may be in the notebook's language
            assert code_shape("".join(a["source"])) == code_shape("".join(b["source"])), \
                f"code cell {a['id']} differs between languages"


# Words that give away an English sentence; the course's data (keywords, YAMNet and HF labels)
# may stay English, but a printed phrase, a comment or a column name may not.
ENGLISH_WORDS = {"the", "and", "of", "with", "this", "that", "from", "is", "are", "for", "your",
                 "wrong", "right", "accuracy", "held", "true", "predicted", "change", "training",
                 "test", "labels", "frames", "start", "score", "scores", "label", "class",
                 "classes", "probability", "waveform", "spectrogram", "output", "input", "best",
                 "sum", "above", "round", "trip", "order", "emotion", "accent", "genre",
                 "loss", "chance", "windows", "every", "fold"}
# English on purpose: the sentence lesson 4 speaks to English emotion and accent models.
SPOKEN_DATA = {'"I can\'t believe we finally made it to the coast"'}


def english_words_in(text: str) -> set[str]:
    """The giveaway English words of ``text`` (after dropping {fields} and code identifiers)."""
    text = re.sub(r"\{[^}]*\}", " ", text)
    return {w for w in re.findall(r"[a-z;]+", text.lower()) if w in ENGLISH_WORDS}


def _strings_and_comments(code: str):
    for tok in tokenize.generate_tokens(io.StringIO(code + "\n").readline):
        if tok.type == tokenize.COMMENT:
            yield tok.string
        elif tok.type == tokenize.STRING and " " in tok.string or tok.type == tokenize.STRING and \
                re.fullmatch(r"[rbfu]*['\"][A-Za-z_ ]+:?['\"]", tok.string) and tok.string.strip("'\"").islower():
            yield tok.string


@pytest.mark.parametrize("notebook", [*LESSONS, *(f"exercises/{stem}" for stem in LESSONS)])
def test_spanish_code_cells_print_and_comment_in_spanish(notebook):
    nb = json.loads((ROOT / "notebooks" / "es" / f"{notebook}.ipynb").read_text())
    found = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for text in _strings_and_comments("".join(cell["source"])):
                # Column names and keys of the package's results are read, not displayed.
                if re.fullmatch(r"[rbfu]*['\"][a-z_]+['\"]", text) or text in SPOKEN_DATA:
                    continue
                if english_words_in(text):
                    found.setdefault(cell["id"], []).append(text)
    assert not found, f"English left in Spanish code cells: {found}"


def test_english_detector_catches_an_untranslated_print():
    assert english_words_in('"held-out accuracy: "') == {"held", "accuracy"}
    assert not english_words_in('"exactitud en los clips apartados: {acc:.2f}"')


@pytest.mark.parametrize("stem,lang", PAIRS)
def test_every_cell_runs_under_nbval(stem, lang):
    """No cell is skipped: a cell that wants a recording falls back to a stated stand-in."""
    nb = json.loads((ROOT / "notebooks" / lang / f"{stem}.ipynb").read_text())
    skipped = [c["id"] for c in nb["cells"] if "nbval-skip" in c.get("metadata", {}).get("tags", [])]
    assert skipped == []


def test_spanish_texts_replace_strings_and_comments_only(tmp_path):
    source = ('<!-- code: c -->\nprint("held-out accuracy:", acc)  # the test split\n'
              "<!-- es: held-out accuracy => exactitud en los datos apartados -->\n"
              "<!-- es: the test split => el conjunto de prueba -->\n")
    cell = build.parse(_source(tmp_path, source))[0]
    assert cell.text["en"] == 'print("held-out accuracy:", acc)  # the test split'
    assert cell.text["es"] == 'print("exactitud en los datos apartados:", acc)  # el conjunto de prueba'


def test_a_spanish_text_that_touches_code_or_is_absent_is_refused(tmp_path):
    touches = '<!-- code: c -->\nacc = 1\nprint("acc")\n<!-- es: acc => exactitud -->\n'
    with pytest.raises(build.SourceError, match="changes the code"):
        build.parse(_source(tmp_path, touches))
    absent = '<!-- code: c -->\nprint("hi")\n<!-- es: hello => hola -->\n'
    with pytest.raises(build.SourceError, match="not in its code"):
        build.parse(_source(tmp_path, absent))


@pytest.mark.parametrize("stem,lang", PAIRS)
def test_first_cells_are_generated(stem, lang):
    nb = json.loads((ROOT / "notebooks" / lang / f"{stem}.ipynb").read_text())
    badge, install, setup = nb["cells"][:3]
    repo = build.notebook_source.REPOSITORY.removeprefix("https://github.com/")
    assert f"colab.research.google.com/github/{repo}/blob/" in "".join(badge["source"])
    assert f"notebooks/{lang}/{stem}.ipynb" in "".join(badge["source"])
    assert "google.colab" in "".join(install["source"]) and "%pip install" in "".join(install["source"])
    assert f'language="{lang}"' in "".join(setup["source"])


@pytest.mark.parametrize("stem,lang", PAIRS)
def test_lesson_links_its_own_exercise_notebook(stem, lang):
    folder = ROOT / "notebooks" / lang
    nb = json.loads((folder / f"{stem}.ipynb").read_text())
    targets = [target for cell in nb["cells"][1:] if cell["cell_type"] == "markdown"  # past the badge
               for target in re.findall(r"\]\(([^)\s]+\.ipynb)\)", "".join(cell["source"]))
               if "exercises/" in target]
    assert targets, f"{lang}/{stem} links no exercise notebook"
    for target in targets:
        linked = (folder / target).resolve()
        assert linked == folder / "exercises" / f"{stem}.ipynb", f"{lang}/{stem} links {target}"
        about = json.loads(linked.read_text())["metadata"]["kwscourse"]
        assert (about["exercises"], about["language"]) == (stem, lang)


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
