"""A string translated when its module is imported keeps the language of whoever imported it
first: an English page then shows a Japanese button. Module and class level text must use
the lazy gettext. This walks the project's code and fails on an eager call outside a function.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "grants", "dispatch", "casebook")
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def _eager_names(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }


def _import_time_calls(node: ast.AST, names: set[str]):
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        return
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
        yield node.lineno
    for child in ast.iter_child_nodes(node):
        yield from _import_time_calls(child, names)


def test_no_text_is_translated_at_import_time():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            lines = _import_time_calls(tree, _eager_names(tree))
            found += [f"{path.relative_to(ROOT)}:{line}" for line in lines]
    assert found == [], f"use gettext_lazy at module or class level: {found}"


def test_the_check_finds_an_eager_call():
    tree = ast.parse(
        "from django.utils.translation import gettext as _\n"
        "TITLES = {'a': _('A')}\n"
        "def view():\n    return _('B')\n"
    )
    assert list(_import_time_calls(tree, _eager_names(tree))) == [2]
