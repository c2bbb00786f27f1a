"""The package's shape, checked: what a newcomer is promised in the README's "Architecture" section."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

from kwscourse.messages import CATALOGUE, DOMAINS

PACKAGE = Path(__file__).resolve().parents[2] / "kwscourse"
CODE = sorted(p for p in PACKAGE.rglob("*.py")
              if "public_tests" not in p.parts and "messages" not in p.parts)
# Lines of code: docstrings, comments and blank lines do not count, so that documenting a
# function never pushes it over (they were 59 % of all function lines).
MAX_MODULE_CODE_LINES = 250
MAX_FUNCTION_CODE_LINES = 40
_NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
             tokenize.ENCODING, tokenize.ENDMARKER}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _docstring_lines(tree: ast.Module) -> set[int]:
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def code_lines(text: str) -> set[int]:
    """The numbers of the lines of ``text`` that hold code (not a docstring, comment or blank)."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type not in _NOT_CODE:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines - _docstring_lines(ast.parse(text))


def test_code_lines_skip_docstrings_comments_and_blanks():
    text = 'def f(x):\n    """Doc.\n\n    More.\n    """\n    # why\n\n    return (x +\n            1)\n'
    assert sorted(code_lines(text)) == [1, 8, 9]


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    assert len(code_lines(path.read_text())) <= MAX_MODULE_CODE_LINES


def test_no_function_is_long():
    long = []
    for path in CODE:
        text = path.read_text()
        lines = code_lines(text)
        for node in ast.walk(_tree(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                count = sum(node.lineno <= line <= node.end_lineno for line in lines)
                if count > MAX_FUNCTION_CODE_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.name} ({count} code lines)")
    assert long == []


def _literal_builtin_raises(tree: ast.Module) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        exc = node.exc if isinstance(node, ast.Raise) else None
        if isinstance(exc, ast.Call) and isinstance(exc.func, ast.Name) \
                and exc.func.id in {"ValueError", "TypeError", "OSError", "RuntimeError"} \
                and exc.args and isinstance(exc.args[0], (ast.Constant, ast.JoinedStr)):
            lines.append(node.lineno)
    return lines


def test_the_literal_raise_detector_catches_one():
    assert _literal_builtin_raises(ast.parse("raise ValueError(f'bad {x}')")) == [1]
    assert _literal_builtin_raises(ast.parse("raise ParameterError('checks.positive', name='x')")) == []


def test_bad_arguments_raise_course_errors_not_untranslated_builtins():
    found = {str(path.relative_to(PACKAGE)): lines for path in CODE
             if (lines := _literal_builtin_raises(_tree(path)))}
    assert found == {}


def _package_imports(path: Path) -> set[str]:
    """Modules of the package imported at the top level of ``path`` (not inside functions)."""
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in _tree(path).body:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            found |= {f"{target}.{alias.name}" for alias in node.names} | {target}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("kwscourse")}
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (module -> modules it imports), or ``[]``."""
    state: dict[str, int] = {}

    def visit(name, trail):
        if state.get(name) == 1:
            return trail[trail.index(name):] + [name]
        if state.get(name) == 2:
            return []
        state[name] = 1
        for nxt in sorted(graph.get(name, ())):
            if found := visit(nxt, trail + [name]):
                return found
        state[name] = 2
        return []

    for name in sorted(graph):
        if found := visit(name, []):
            return found
    return []


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    modules = {_module_name(path): path for path in CODE}
    graph = {name: {m for m in _package_imports(path) if m in modules and m not in (name, "kwscourse")}
             for name, path in modules.items()}
    assert graph["kwscourse.i18n"] == {"kwscourse._internal.config"}  # the catalogue is data, outside CODE
    assert _cycle(graph) == []


def test_every_message_domain_is_a_module_of_its_own():
    files = {p.stem for p in (PACKAGE / "messages").glob("*.py") if p.stem != "__init__"}
    assert files == set(DOMAINS)
    assert {key.split(".", 1)[0] for key in CATALOGUE} == set(DOMAINS)


def test_the_conda_environment_installs_the_makefiles_cpu_torch():
    makefile = (PACKAGE.parent / "Makefile").read_text()
    pinned = next(line.split("?=")[1].strip() for line in makefile.splitlines() if line.startswith("TORCH"))
    environment = (PACKAGE.parent / "environment.yml").read_text()
    assert f"- {pinned}+cpu" in environment
    assert "download.pytorch.org/whl/cpu" in environment


@pytest.mark.parametrize("stub", sorted(PACKAGE.glob("*/__init__.pyi")), ids=lambda p: p.parent.name)
def test_no_public_name_is_also_a_module_of_its_subpackage(stub):
    # lazy_loader resolves a module first: kwscourse.hf.classify would be a module, not the function.
    modules, names = set(), set()
    for node in ast.parse(stub.read_text()).body:
        if isinstance(node, ast.ImportFrom):
            (names if node.module else modules).update(alias.name for alias in node.names)
    assert modules & names == set()
