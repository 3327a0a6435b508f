"""Folders are layers: imports point down only, no import cycles, no hidden function-local imports.

lawtext (legal text) ← base ← corpus ← checks ← workbench ← ui / app_pages (see docs/architecture.md).
"""
from __future__ import annotations

from arch_imports import LAYERS, cycles, imports, layer

# Deliberate lazy imports, each with its reason. None today: heavy third-party loads (spaCy, the
# corpus index arrays) happen inside the functions that need them, not at import of our modules.
LAZY_ALLOWED: tuple[str, ...] = ()


def test_every_package_has_a_layer():
    assert {m.split(".")[0] for e in imports() for m in (e.importer, e.imported)} <= set(LAYERS)


def test_no_import_points_up_a_layer():
    up = [f"{e.importer} → {e.imported} (line {e.line})" for e in imports() if layer(e.imported) > layer(e.importer)]
    assert not up, "imports pointing up a layer:\n" + "\n".join(up)


def test_legal_text_imports_nothing_else_of_ours():
    out = [f"{e.importer} → {e.imported}" for e in imports()
           if e.importer.startswith("lawtext") and not e.imported.startswith("lawtext")]
    assert not out, out


def test_no_import_cycles():
    found = cycles(imports())
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_function_local_imports_only_where_deliberate():
    local = [f"{e.importer}:{e.line} imports {e.imported}" for e in imports()
             if e.local and not (LAZY_ALLOWED and e.importer.startswith(LAZY_ALLOWED))]
    assert not local, "function-local imports (hoist them, or untie the cycle they hide):\n" + "\n".join(local)


def test_the_checker_sees_a_cycle_and_an_upward_import():
    """The graph reader itself: a made-up cycle and an upward import are detected."""
    from arch_imports import Import
    fake = [Import("lawtext.a", "workbench.b", 1, False), Import("workbench.b", "lawtext.a", 1, False)]
    assert cycles(fake) == [["lawtext.a", "workbench.b"]]
    assert layer("workbench.b") > layer("lawtext.a")


def test_pages_and_ui_issue_no_sql():
    """ui/ and app_pages/ render only: every query lives in a store module of the domain."""
    import re

    from arch_imports import ROOT
    sql = re.compile(r"\.(execute|executemany|query|table_names)\(|\b(db|conn)\[\"")
    found = [f"{p.relative_to(ROOT)}:{i}: {line.strip()}"
             for top in ("ui", "app_pages") for p in sorted((ROOT / top).rglob("*.py"))
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if sql.search(line)]
    assert not found, "SQL outside the store modules:\n" + "\n".join(found)
