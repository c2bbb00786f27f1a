"""Spanish texts follow docs/glossary.md: its words, the decimal point and one kind of quotes.

The texts are the markdown of the lessons and exercise sets, the Spanish of their printed
strings and failure messages, and the message catalogue. Code (fenced blocks, `code spans`)
is left out of the prose rules: it keeps Python's quotes and decimals.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kwscourse.messages import CATALOGUE
from kwscourse.authoring.notebook_source import parse_text

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
SOURCES = sorted((ROOT / "notebooks" / "src").glob("*.md")) + sorted(
    (ROOT / "kwscourse" / "exercises" / "sources").glob("*.md"))

DECIMAL_COMMA = re.compile(r"(?<![A-Za-z_.])\d+,\d+")
QUOTES = {"es": re.compile(r"[\"“”‘’]"), "en": re.compile(r"[«»“”‘’]")}
# In markdown, code goes in backticks, so a quoted 'word' is prose quoted the wrong way.
SINGLE_QUOTED = re.compile(r"(?<![\w'])'[^'\n]*\w'(?![\w'])")


def never_words() -> dict[str, str]:
    """Each forbidden Spanish word of the glossary's last column, and the English term it belongs to."""
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| English |"))
    assert lines[header].rstrip(" |").endswith("never · nunca"), "the glossary lost its 'never' column"
    words = {}
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        for word in re.findall(r"\*([^*]+)\*", cells[-1]):
            words[word] = cells[0]
    return words


NEVER = never_words()
NEVER_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(NEVER, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE)


def prose(text: str) -> str:
    """Markdown without fenced code, code spans, links' targets and HTML comments."""
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"`[^`]*`", " ", text)


def problems(text: str, lang: str, kind: str) -> list[str]:
    """What a text does against the glossary. ``kind`` is "markdown", "plain" (a message) or "code"
    (a string printed by code, where only the words and the decimal point are checked)."""
    checked = prose(text) if kind == "markdown" else text
    found = []
    if lang == "es":
        found += [f"{m.group(0)!r} (glossary: {NEVER[next(w for w in NEVER if w.lower() == m.group(0).lower())]})"
                  for m in NEVER_PATTERN.finditer(checked)]
        found += [f"decimal comma {m.group(0)!r}" for m in DECIMAL_COMMA.finditer(checked)]
    if kind != "code":
        found += [f"quote {m.group(0)!r}" for m in QUOTES[lang].finditer(checked)]
    if kind == "markdown":
        found += [f"single-quoted {m.group(0)!r}" for m in SINGLE_QUOTED.finditer(checked)]
    return found


def texts(lang: str):
    """(where, text, kind) for every text of one language in the course."""
    for path in SOURCES:
        for cell in parse_text(path.read_text(encoding="utf-8"), path.name):
            where = f"{path.parent.name}/{path.name}:{cell.cell_id}"
            if cell.kind == "markdown":
                yield where, cell.text[lang], "markdown"
            for english, spanish in cell.spanish:
                yield where, spanish if lang == "es" else english, "code"
            if cell.failure:
                yield where + " (failure message)", cell.failure[lang], "plain"
    for key, entry in CATALOGUE.items():
        yield key, entry[lang], "plain"


def test_the_glossary_lists_forbidden_words():
    assert {"banda de frecuencia", "partición", "flujo", "servir"} <= set(NEVER)
    assert NEVER["flujo"] == "streaming"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_course_texts_follow_the_glossary(lang):
    seen, found = 0, []
    for where, text, kind in texts(lang):
        seen += 1
        found += [f"{where}: {problem}" for problem in problems(text, lang, kind)]
    assert seen > 400, "the scan read too few texts: the sources moved"
    assert found == []


@pytest.mark.parametrize("text, lang, kind, expected", [
    ("Eje y: Banda de frecuencia", "es", "plain", "'Banda de frecuencia'"),
    ("clasificar el audio como un flujo", "es", "markdown", "'flujo'"),
    ("listo para servir.", "es", "markdown", "'servir'"),
    ("azar: 0,12", "es", "code", "decimal comma '0,12'"),
    ("unos 1,5 s", "es", "plain", "decimal comma '1,5'"),
    ('la clase "Cat"', "es", "markdown", "quote '\"'"),
    ("decir 'unsure'", "es", "markdown", "single-quoted \"'unsure'\""),
    ("the class «Cat»", "en", "markdown", "quote '«'"),
    ("called 'metal'", "en", "markdown", "single-quoted \"'metal'\""),
])
def test_a_planted_violation_is_caught(text, lang, kind, expected):
    assert any(expected in problem for problem in problems(text, lang, kind)), problems(text, lang, kind)


@pytest.mark.parametrize("text, lang, kind", [
    ("Eje y: bin de frecuencia; cada banda mel reúne varios", "es", "plain"),
    ("azar: 0.12, con 3 clases; la matriz es [[1, 0], [0, 1]]", "es", "plain"),
    ("la clase «Cat» y el código `decide(x) == \"unsure\"` con `0,5`", "es", "markdown"),
    ("```python\nprint(\"hola\", 0,5)\n```\nsin comillas", "es", "markdown"),
    ("usa backend='tflite' (o 'auto')", "es", "plain"),
    ("the class \"Cat\", the clip's frames and the frames' scores", "en", "markdown"),
])
def test_correct_texts_pass(text, lang, kind):
    assert problems(text, lang, kind) == []
