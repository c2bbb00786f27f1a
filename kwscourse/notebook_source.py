"""Read the course's one-source notebook files: every cell in English and Spanish.

Lessons (``notebooks/src/*.md``) and exercise sets (``kwscourse/exercises/sources/*.md``)
share one syntax. Each cell starts with a directive on a line of its own::

    <!-- md: cell-id -->            a markdown cell; <!-- en --> and <!-- es -->
    <!-- en -->                     split its text into the two languages, and
    ... English ...                 both are required
    <!-- es -->
    ... Spanish ...

    <!-- code: cell-id tags=a,b -->     a code cell: the same code in both languages
    print("held-out accuracy")          and, after it, one line per string or comment
    <!-- es: held-out accuracy => exactitud en los datos apartados -->
                                        that the Spanish notebook says in Spanish

Exercise sets add the parts an otter-grader question is made of::

    <!-- question: q1_pad -->           starts a question (its name in otter)
    <!-- solution: cell-id -->          the answer cell: otter strips what lies between
                                        "# BEGIN SOLUTION" and "# END SOLUTION"
    <!-- test: cell-id points=1 hidden -->
    <!-- fail-en: What a student reads when this test fails. -->
    <!-- fail-es: Lo que lee quien no pasa esta prueba. -->
    def test_length(pad_or_trim):       one test function; its arguments are taken
        assert ...                      from the notebook by name
    <!-- end: q1_pad -->                ends the question

    >>> cells = parse_text("<!-- md: hi -->\\n<!-- en -->\\nHi\\n<!-- es -->\\nHola\\n")
    >>> cells[0].kind, cells[0].text["es"]
    ('markdown', 'Hola')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("en", "es")
CODE_KINDS = ("code", "solution", "test")
MARKER_KINDS = ("question", "end")
EXERCISE_KINDS = ("solution", "test", "question", "end")

DIRECTIVE = re.compile(
    r"^<!-- (md|code|solution|test|question|end): ([A-Za-z0-9_-]{1,64})"
    r"((?: [a-z_]+(?:=[A-Za-z0-9_,.-]+)?)*) -->\s*$")
LANG_MARK = re.compile(r"^<!-- (en|es) -->\s*$")
FAIL_MARK = re.compile(r"^<!-- fail-(en|es): (.+?) -->\s*$")
SPANISH_MARK = re.compile(r"^<!-- es: (.+?) => (.+?) -->\s*$")
# otter writes failure messages into a double-quoted Python string as they are.
UNSAFE_MESSAGE = re.compile(r'["\\]')


class SourceError(ValueError):
    """A source that cannot be built (missing translation, bad directive...)."""


@dataclass
class Cell:
    """One cell (or a question marker) of a one-source notebook."""

    kind: str  # "markdown", "code", "solution", "test", "question" or "end"
    cell_id: str
    text: dict[str, str] = field(default_factory=dict)  # language -> source
    tags: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)  # points=1, hidden, ...
    failure: dict[str, str] = field(default_factory=dict)  # tests: language -> message
    spanish: list[tuple[str, str]] = field(default_factory=list)  # code: (English, Spanish) text

    @property
    def hidden(self) -> bool:
        return "hidden" in self.options

    @property
    def points(self) -> float:
        return float(self.options.get("points", 1))


def _strip(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def _options(text: str) -> tuple[dict[str, str], list[str]]:
    options = {}
    for item in text.split():
        key, _, value = item.partition("=")
        options[key] = value
    tags = options.pop("tags", "")
    return options, (tags.split(",") if tags else [])


def parse_text(text: str, name: str = "<source>") -> list[Cell]:
    """Split one source into cells, checking ids, translations and test messages.

    >>> [c.kind for c in parse_text("<!-- code: a -->\\nx = 1\\n")]
    ['code']
    """
    cells: list[Cell] = []
    current: Cell | None = None
    buffers: dict[str, list[str]] = {}
    lang: str | None = None

    def close():
        if current is None:
            return
        if current.kind in MARKER_KINDS:
            if _strip(buffers.get("code", [])):
                raise SourceError(f"{name}: text inside the {current.kind} marker {current.cell_id!r}")
        elif current.kind in CODE_KINDS:
            body = _strip(buffers.get("code", []))
            if not body:
                raise SourceError(f"{name}: {current.kind} cell {current.cell_id!r} is empty")
            current.text = {"en": body, "es": translate_code(body, current.spanish, current.cell_id)}
            if current.kind == "test" and sorted(current.failure) != sorted(LANGUAGES):
                raise SourceError(f"{name}: test {current.cell_id!r} needs <!-- fail-en: ... --> "
                                  "and <!-- fail-es: ... -->")
        else:
            if _strip(buffers.get("code", [])):
                raise SourceError(f"{name}: text before <!-- en --> in cell {current.cell_id!r}")
            for lang_ in LANGUAGES:
                body = _strip(buffers.get(lang_, []))
                if not body:
                    raise SourceError(f"{name}: markdown cell {current.cell_id!r} lacks its "
                                      f"{lang_!r} text")
                current.text[lang_] = body
        cells.append(current)

    for number, line in enumerate(text.splitlines(), 1):
        directive = DIRECTIVE.match(line)
        if directive:
            close()
            kind, cell_id, rest = directive.groups()
            options, tags = _options(rest)
            current = Cell("markdown" if kind == "md" else kind, cell_id, tags=tags, options=options)
            buffers, lang = {}, (None if kind == "md" else "code")
            continue
        mark = LANG_MARK.match(line)
        if mark and current is not None and current.kind == "markdown":
            lang = mark.group(1)
            if lang in buffers:
                raise SourceError(f"{name}:{number}: second <!-- {lang} --> in one cell")
            buffers[lang] = []
            continue
        fail = FAIL_MARK.match(line)
        if fail and current is not None and current.kind == "test":
            if UNSAFE_MESSAGE.search(fail.group(2)):
                raise SourceError(f"{name}:{number}: a failure message may not hold \" or \\")
            current.failure[fail.group(1)] = fail.group(2)
            continue
        spanish = SPANISH_MARK.match(line)
        if spanish and current is not None and current.kind in ("code", "solution"):
            current.spanish.append(spanish.groups())
            continue
        if current is None:
            if line.strip():
                raise SourceError(f"{name}:{number}: text before the first cell directive")
            continue
        buffers.setdefault(lang or "code", []).append(line)
    close()

    ids = [c.cell_id for c in cells if c.kind not in MARKER_KINDS]
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise SourceError(f"{name}: duplicate cell ids {sorted(duplicated)}")
    return cells


def code_shape(code: str) -> list[tuple[int, str]]:
    """The tokens of ``code`` with every string and comment masked: what two languages share.

    IPython lines (``%pip``, ``!ls``, ``x??``) are kept as they are.

    >>> code_shape('print("hi")  # say it') == code_shape('print("hola")  # dilo')
    True
    >>> code_shape('print("hi")') == code_shape('print(hi)')
    False
    """
    import io
    import tokenize

    masked = {tokenize.STRING: "<str>", tokenize.COMMENT: "<comment>"}
    tokens = tokenize.generate_tokens(io.StringIO(code + "\n").readline)
    return [(tok.type, masked.get(tok.type, tok.string)) for tok in tokens
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.ENCODING)]


def translate_code(code: str, pairs, cell_id: str = "?") -> str:
    """The Spanish twin of ``code``: each English text of ``pairs`` replaced by its Spanish.

    Only strings and comments may change; a text that is not in the code, or a change
    that reaches the code itself, is refused.

    >>> translate_code('print("wrong")  # look', [("wrong", "mal"), ("look", "mira")])
    'print("mal")  # mira'
    """
    spanish = code
    for english, translation in pairs:
        if english not in spanish:
            raise SourceError(f"cell {cell_id!r}: <!-- es: {english} => ... --> is not in its code")
        spanish = spanish.replace(english, translation)
    if pairs and code_shape(spanish) != code_shape(code):
        raise SourceError(f"cell {cell_id!r}: a Spanish text changes the code, not only its "
                          "strings and comments")
    return spanish


def parse(path, *, reserved=(), exercises: bool = False) -> list[Cell]:
    """Read the source file at ``path``; ``reserved`` ids belong to generated cells.

    Lessons may not use the exercise directives; exercise sets must close every question.

    >>> import tempfile, pathlib
    >>> source = pathlib.Path(tempfile.mkdtemp()) / "x.md"
    >>> _ = source.write_text("<!-- code: a -->\\nx = 1\\n", encoding="utf-8")
    >>> parse(source)[0].text["en"]
    'x = 1'
    """
    path = Path(path)
    cells = parse_text(path.read_text(encoding="utf-8"), path.name)
    clash = {c.cell_id for c in cells if c.kind not in MARKER_KINDS} & set(reserved)
    if clash:
        raise SourceError(f"{path.name}: reserved cell ids {sorted(clash)}")
    if not exercises:
        stray = [c.cell_id for c in cells if c.kind in EXERCISE_KINDS]
        if stray:
            raise SourceError(f"{path.name}: exercise directives in a lesson: {stray}")
        return cells
    _check_questions(cells, path.name)
    return cells


def _check_questions(cells: list[Cell], name: str) -> None:
    question = None
    seen: set[str] = set()
    parts: dict[str, int] = {}
    for cell in cells:
        if cell.kind == "question":
            if question is not None:
                raise SourceError(f"{name}: question {cell.cell_id!r} starts inside {question!r}")
            if cell.cell_id in seen:
                raise SourceError(f"{name}: question {cell.cell_id!r} appears twice")
            question, parts = cell.cell_id, {"solution": 0, "test": 0, "public": 0}
            seen.add(question)
        elif cell.kind == "end":
            if cell.cell_id != question:
                raise SourceError(f"{name}: <!-- end: {cell.cell_id} --> does not close {question!r}")
            if not parts["solution"] or not parts["public"] or parts["test"] == parts["public"]:
                raise SourceError(f"{name}: question {question!r} needs a solution, a public test "
                                  "and a hidden test")
            question = None
        elif cell.kind in ("solution", "test"):
            if question is None:
                raise SourceError(f"{name}: {cell.kind} {cell.cell_id!r} lies outside a question")
            parts[cell.kind] += 1
            parts["public"] += cell.kind == "test" and not cell.hidden
        elif cell.kind == "code" and question is not None and parts["test"]:
            raise SourceError(f"{name}: code cell {cell.cell_id!r} after the tests of {question!r}")
    if question is not None:
        raise SourceError(f"{name}: question {question!r} is never closed")


# --- the generated first cells and the notebook itself ----------------------------------
REPOSITORY = "https://github.com/kwscourse/kwscourse"  # the Colab badge and install cell
BRANCH = "main"
GENERATED_IDS = ("colab-badge", "install", "setup")


INSTALL_COMMENT = {
    "en": "# In Colab, install the course package first (locally, `make lab` already did).",
    "es": "# En Colab, instala primero el paquete del curso (en local, `make lab` ya lo hizo).",
}


def generated_cells(path_in_repo: str, lang: str, *, setup_lines: tuple[str, ...] = (),
                    extras: str = "") -> list[Cell]:
    """Badge, Colab install and setup cells for the notebook at ``path_in_repo``.

    ``path_in_repo`` names the ``lang`` notebook, e.g. ``notebooks/en/01_x.ipynb``; the
    badge links to its twin in the other language, here and in Colab. ``setup_lines`` end
    the setup cell; ``extras`` (e.g. ``"hf"``) are the package extras the Colab install needs.

    >>> badge, install, setup = generated_cells("notebooks/es/01_x.ipynb", "es", extras="hf")
    >>> 'language="es"' in setup.text["es"], "English version" in badge.text["es"]
    (True, True)
    >>> "kwscourse[hf] @ git+" in install.text["es"], "blob/main/notebooks/en/01_x" in badge.text["es"]
    (True, True)
    """
    github_path = REPOSITORY.removeprefix("https://github.com/")
    parts = path_in_repo.split("/")
    inside = parts[parts.index(lang) + 1:]  # the path below notebooks/<lang>/
    up = "../" * len(inside)
    badge, setup = {}, {}
    for this in LANGUAGES:
        other = "es" if this == "en" else "en"
        here = "/".join(parts[:parts.index(lang)] + [this] + inside)
        colab = f"https://colab.research.google.com/github/{github_path}/blob/{BRANCH}/{here}"
        twin = "/".join(parts[:parts.index(lang)] + [other] + inside)
        twin_colab = f"https://colab.research.google.com/github/{github_path}/blob/{BRANCH}/{twin}"
        switch = {"en": "[Versión en español]", "es": "[English version]"}[this]
        alt = {"en": "Open in Colab", "es": "Abrir en Colab"}[this]
        in_colab = {"en": "en Colab", "es": "in Colab"}[this]  # in the twin's language, as its name
        badge[this] = (f'<a href="{colab}" target="_parent"><img '
                       f'src="https://colab.research.google.com/assets/colab-badge.svg" alt="{alt}"/></a>'
                       f" · {switch}({up}{other}/{'/'.join(inside)}) ([{in_colab}]({twin_colab}))")
        setup[this] = "\n".join(("import kwscourse", "",
                                 f'kwscourse.notebook.setup_notebook(language="{this}")',
                                 *setup_lines))
    package = f"kwscourse[{extras}]" if extras else "kwscourse"
    install = {this: (f"{INSTALL_COMMENT[this]}\n"
                      "import sys\n"
                      "\n"
                      "if \"google.colab\" in sys.modules:\n"
                      f"    %pip install --quiet \"{package} @ git+{REPOSITORY}@{BRANCH}\"")
               for this in LANGUAGES}
    return [
        Cell("markdown", "colab-badge", badge),
        Cell("code", "install", install),
        Cell("code", "setup", setup),
    ]


def build_notebook(cells: list[Cell], lang: str, course_metadata: dict):
    """An nbformat notebook of ``cells`` in ``lang``, with ``course_metadata`` under "kwscourse".

    >>> nb = build_notebook(parse_text("<!-- code: a -->\\nx = 1\\n"), "en", {"language": "en"})
    >>> nb.cells[0].id, nb.metadata["kwscourse"]["language"]
    ('a', 'en')
    """
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "colab": {"provenance": []},
        "kwscourse": dict(course_metadata),
    }
    for cell in cells:
        meta = {"tags": list(cell.tags)} if cell.tags else {}
        if cell.kind == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.text[lang], metadata=meta)
        elif cell.kind == "raw":
            new = nbformat.v4.new_raw_cell(cell.text[lang], metadata=meta)
        else:
            new = nbformat.v4.new_code_cell(cell.text[lang], metadata=meta)
        new.id = cell.cell_id
        nb.cells.append(new)
    nbformat.validate(nb)
    return nb
