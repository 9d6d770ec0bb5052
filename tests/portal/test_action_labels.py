"""Every audit action has a label, so no history or audit list shows a code such as
``tag_programmes`` (#17 point 11). The actions are read from the source: every
``audit(..., action="…")`` call of the kernel and the pillars."""

import ast
import importlib
import pkgutil
from pathlib import Path

from django.conf import settings
from django.utils import translation

from portal.workflow import action_label, labelled_actions

APPS = ["portal", "grants", "dispatch", "casebook"]


def _import_everything():
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)


def _audited_actions() -> dict[str, str]:
    found = {}
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name != "audit":
                    continue
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        found[keyword.value.value] = f"{path.name}:{node.lineno}"
    return found


def test_every_audited_action_has_a_label():
    _import_everything()
    labels = labelled_actions()
    actions = _audited_actions()
    assert len(actions) > 30
    assert {a: where for a, where in actions.items() if a not in labels} == {}


def test_an_unlabelled_action_reads_as_other_change_never_its_code():
    with translation.override("ja"):
        assert str(action_label("no_such_action")) == "その他の操作"
        assert str(action_label("submit")) == "申請"
