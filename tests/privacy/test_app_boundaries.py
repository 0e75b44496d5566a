"""The privacy app knows participants and programmes only: every app brings its own data through the youthcop_* hooks."""

import ast
from pathlib import Path

from wagtail import hooks

import youthcop.privacy
from youthcop.privacy.register import COLUMNS, processing_register

OTHER_APPS = ("youthcop.sessions", "youthcop.charters", "youthcop.certificates", "youthcop.pages")


def privacy_imports():
    root = Path(youthcop.privacy.__file__).parent
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield path.name, node.module
            elif isinstance(node, ast.Import):
                yield from ((path.name, alias.name) for alias in node.names)


def test_the_privacy_app_imports_no_other_apps_module():
    assert [(name, module) for name, module in privacy_imports() if module.startswith(OTHER_APPS)] == []


def hook_modules(name):
    return {hook.__module__ for hook in hooks.get_hooks(name)}


def test_each_app_brings_its_export_anonymisation_and_register_rows():
    apps = {"youthcop.programmes", "youthcop.sessions", "youthcop.charters", "youthcop.certificates"}
    for hook in ("youthcop_export_participant", "youthcop_anonymise_participant", "youthcop_processing_register"):
        assert {module.rsplit(".", 1)[0] for module in hook_modules(hook)} >= apps, hook


def test_the_register_has_every_apps_rows_then_the_privacy_apps_own(db):
    rows = processing_register()
    assert all(set(row) == set(COLUMNS) for row in rows)
    data = [str(row["data"]) for row in rows]
    for start in ("Participant:", "Meal needs", "Attendance", "Charter signatures", "Certificates", "Confidential advisor notes"):
        assert any(text.startswith(start) for text in data), start
    assert data[-1].startswith("Audit log")
