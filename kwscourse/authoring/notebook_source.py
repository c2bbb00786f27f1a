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

A question graded by hand (``manual``) has no solution and no test: one ``answer``
cell, markdown in both languages, is the instructor's grading guide; the student
notebook gets an empty answer cell in its place::

    <!-- question: q6_open manual points=2 -->
    <!-- answer: q6-answer -->          then <!-- en -->, <!-- es --> as in a markdown cell

    >>> cells = parse_text("<!-- md: hi -->\\n<!-- en -->\\nHi\\n<!-- es -->\\nHola\\n")
    >>> cells[0].kind, cells[0].text["es"]
    ('markdown', 'Hola')
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from .colab_install import BRANCH, MEDIAPIPE_IN_COLAB, NO_DEPS_COMMENTS, REPOSITORY, install_text  # noqa: F401

LANGUAGES = ("en", "es")
CODE_KINDS = ("code", "solution", "test")
MARKER_KINDS = ("question", "end")
EXERCISE_KINDS = ("solution", "test", "question", "end", "answer")
TEXT_KINDS = ("markdown", "answer")  # cells written in both languages

DIRECTIVE = re.compile(
    r"^<!-- (md|code|solution|test|question|end|answer): ([A-Za-z0-9_-]{1,64})"
    r"((?: [a-z_]+(?:=[A-Za-z0-9_,.-]+)?)*) -->\s*$")
LANG_MARK = re.compile(r"^<!-- (en|es) -->\s*$")
FAIL_MARK = re.compile(r"^<!-- fail-(en|es): (.+?) -->\s*$")
SPANISH_MARK = re.compile(r"^<!-- es: (.+?) => (.+?) -->\s*$")
# otter writes failure messages into a double-quoted Python string as they are.
UNSAFE_MESSAGE = re.compile(r'["\\]')


class SourceError(ValueError):
    """A source that cannot be built (missing translation, bad directive...).

    Its messages are for the course's authors, who write the sources in English.

    >>> issubclass(SourceError, ValueError)
    True
    """


@dataclass
class Cell:
    """One cell (or a question marker) of a one-source notebook.

    >>> cell = Cell("test", "t1", options={"points": "2", "hidden": ""})
    >>> cell.points, cell.hidden
    (2.0, True)
    """

    kind: str  # "markdown", "code", "solution", "test", "answer", "question" or "end"
    cell_id: str
    text: dict[str, str] = field(default_factory=dict)  # language -> source
    tags: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)  # points=1, hidden, ...
    failure: dict[str, str] = field(default_factory=dict)  # tests: language -> message
    spanish: list[tuple[str, str]] = field(default_factory=list)  # code: (English, Spanish) text

    @property
    def hidden(self) -> bool:
        """True for an exercise test students do not see."""
        return "hidden" in self.options

    @property
    def points(self) -> float:
        """What an exercise test (or a manual question) is worth: 1 unless ``points=`` says otherwise."""
        return float(self.options.get("points", 1))

    @property
    def manual(self) -> bool:
        """True for a question the instructor grades by hand."""
        return "manual" in self.options


def _strip(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def _options(text: str) -> tuple[dict[str, str], list[str]]:
    options = {}
    for item in text.split():
        key, _, value = item.partition("=")
        options[key] = value
    tags = options.pop("tags", "")
    return options, (tags.split(",") if tags else [])


@dataclass
class _CellReader:
    """One cell being read: its lines, in the language (or code) each belongs to."""

    cell: Cell
    name: str
    buffers: dict[str, list[str]] = field(default_factory=dict)
    lang: str | None = None

    @classmethod
    def start(cls, directive: re.Match, name: str) -> "_CellReader":
        kind, cell_id, rest = directive.groups()
        options, tags = _options(rest)
        cell = Cell("markdown" if kind == "md" else kind, cell_id, tags=tags, options=options)
        return cls(cell, name, lang=None if cell.kind in TEXT_KINDS else "code")

    def take(self, line: str, number: int) -> None:
        """Read one line: a language mark, a failure message, a Spanish text, or the cell's own text."""
        cell, where = self.cell, f"{self.name}:{number}"
        mark, fail, spanish = LANG_MARK.match(line), FAIL_MARK.match(line), SPANISH_MARK.match(line)
        if mark and cell.kind in TEXT_KINDS:
            self.lang = mark.group(1)
            if self.lang in self.buffers:
                raise SourceError(f"{where}: second <!-- {self.lang} --> in one cell")
            self.buffers[self.lang] = []
        elif fail and cell.kind == "test":
            if UNSAFE_MESSAGE.search(fail.group(2)):
                raise SourceError(f"{where}: a failure message may not hold \" or \\")
            cell.failure[fail.group(1)] = fail.group(2)
        elif spanish and cell.kind in ("code", "solution"):
            cell.spanish.append(spanish.groups())
        else:
            self.buffers.setdefault(self.lang or "code", []).append(line)

    def finish(self) -> Cell:
        """The cell, once its text is checked: markers empty, code not empty, markdown in both languages."""
        cell, name, body = self.cell, self.name, _strip(self.buffers.get("code", []))
        if cell.kind in MARKER_KINDS:
            if body:
                raise SourceError(f"{name}: text inside the {cell.kind} marker {cell.cell_id!r}")
        elif cell.kind in CODE_KINDS:
            if not body:
                raise SourceError(f"{name}: {cell.kind} cell {cell.cell_id!r} is empty")
            cell.text = {"en": body, "es": translate_code(body, cell.spanish, cell.cell_id)}
            if cell.kind == "test" and sorted(cell.failure) != sorted(LANGUAGES):
                raise SourceError(f"{name}: test {cell.cell_id!r} needs <!-- fail-en: ... --> "
                                  "and <!-- fail-es: ... -->")
        else:
            if body:
                raise SourceError(f"{name}: text before <!-- en --> in cell {cell.cell_id!r}")
            for lang in LANGUAGES:
                cell.text[lang] = _strip(self.buffers.get(lang, []))
                if not cell.text[lang]:
                    raise SourceError(f"{name}: {cell.kind} cell {cell.cell_id!r} lacks its {lang!r} text")
        return cell


def parse_text(text: str, name: str = "<source>") -> list[Cell]:
    """Split one source into cells, checking ids, translations and test messages.

    Parameters
    ----------
    text : str
        The source, in the syntax above.
    name : str, optional
        The file's name, for error messages.

    Returns
    -------
    list of Cell

    Raises
    ------
    SourceError
        For a missing translation, an empty cell, a duplicate id, text outside a cell...

    Examples
    --------
    >>> [c.kind for c in parse_text("<!-- code: a -->\\nx = 1\\n")]
    ['code']
    >>> parse_text("<!-- md: a -->\\n<!-- en -->\\nHi\\n")
    Traceback (most recent call last):
    ...
    kwscourse.authoring.notebook_source.SourceError: <source>: markdown cell 'a' lacks its 'es' text
    """
    cells: list[Cell] = []
    reader: _CellReader | None = None
    for number, line in enumerate(text.splitlines(), 1):
        directive = DIRECTIVE.match(line)
        if directive:
            if reader is not None:
                cells.append(reader.finish())
            reader = _CellReader.start(directive, name)
        elif reader is not None:
            reader.take(line, number)
        elif line.strip():
            raise SourceError(f"{name}:{number}: text before the first cell directive")
    if reader is not None:
        cells.append(reader.finish())
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

    >>> import pathlib
    >>> source = pathlib.Path(tmp()) / "x.md"
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
    from .notebook_questions import check_questions

    check_questions(cells, path.name)
    return cells


# --- the generated first cells and the notebook itself ----------------------------------
GENERATED_IDS = ("colab-badge", "install", "setup")
SWITCH = {"en": "[Versión en español]", "es": "[English version]"}  # in the twin's language
BADGE_ALT = {"en": "Open in Colab", "es": "Abrir en Colab"}
TWIN_IN_COLAB = {"en": "en Colab", "es": "in Colab"}  # in the twin's language, as its name


def _colab(path: str) -> str:
    """The Colab address of the repository's file ``path``."""
    github_path = REPOSITORY.removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{github_path}/blob/{BRANCH}/{path}"


def _badge(parts: list[str], lang: str, this: str) -> str:
    """The first line of the ``this`` notebook: its Open-in-Colab badge, and links to its twin."""
    root, inside = parts[:parts.index(lang)], parts[parts.index(lang) + 1:]  # around notebooks/<lang>/
    other = "es" if this == "en" else "en"
    up = "../" * len(inside)
    return (f'<a href="{_colab("/".join(root + [this] + inside))}" target="_parent"><img '
            f'src="https://colab.research.google.com/assets/colab-badge.svg" alt="{BADGE_ALT[this]}"/></a>'
            f" · {SWITCH[this]}({up}{other}/{'/'.join(inside)}) "
            f"([{TWIN_IN_COLAB[this]}]({_colab('/'.join(root + [other] + inside))}))")


def generated_cells(path_in_repo: str, lang: str, *, setup_lines: tuple[str, ...] = (),
                    extras: str = "", no_deps: tuple[str, ...] = (), apt: tuple[str, ...] = ()) -> list[Cell]:
    """Badge, Colab install and setup cells for the notebook at ``path_in_repo``.

    Parameters
    ----------
    path_in_repo : str
        The ``lang`` notebook, e.g. ``notebooks/en/01_x.ipynb``; the badge links to its
        twin in the other language, here and in Colab.
    lang : {"en", "es"}
        The notebook's language.
    setup_lines : tuple of str, optional
        Lines that end the setup cell.
    extras : str, optional
        The package extras the Colab install needs, e.g. ``"hf"``.
    no_deps : tuple of str, optional
        Requirements the Colab install adds with ``--no-deps``, after the package: those
        whose own pins would change a package Colab preinstalls.
    apt : tuple of str, optional
        Ubuntu packages the Colab install adds with ``apt-get`` (quietly: without them the notebook still runs).

    Returns
    -------
    list of Cell
        ``colab-badge``, ``install`` and ``setup``, with the text of both languages.

    Examples
    --------
    >>> badge, install, setup = generated_cells("notebooks/es/01_x.ipynb", "es", extras="hf",
    ...                                         no_deps=("mediapipe==1",))
    >>> 'language="es"' in setup.text["es"], "English version" in badge.text["es"]
    (True, True)
    >>> "kwscourse[hf] @ git+" in install.text["es"], "blob/main/notebooks/en/01_x" in badge.text["es"]
    (True, True)
    >>> install.text["en"].splitlines()[-1]
    '    %pip install --quiet --no-deps "mediapipe==1"'
    """
    parts = path_in_repo.split("/")
    install = {this: install_text(this, f"kwscourse[{extras}]" if extras else "kwscourse", no_deps, apt)
               for this in LANGUAGES}
    setup = {this: "\n".join(("import kwscourse", "", f'kwscourse.notebook.setup_notebook(language="{this}")',
                              *setup_lines))
             for this in LANGUAGES}
    return [
        Cell("markdown", "colab-badge", {this: _badge(parts, lang, this) for this in LANGUAGES}),
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
