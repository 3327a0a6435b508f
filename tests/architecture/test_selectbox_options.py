"""No selectbox offers ``None`` as an option.

Streamlit serialises a ``None`` value as "no selection": when it resets a keyed box whose stored
pick left the options, the browser shows an empty box with the English placeholder "Choose an
option" (found by tests/browser/test_no_english.py on 提交意见). ``ui.forms.select_or_none`` and
the ``ui.forms.NONE`` sentinel stand for "none"/"all" instead.
"""
from __future__ import annotations

import ast

from tests.architecture.arch_imports import ROOT


def _has_none(node: ast.AST) -> bool:
    """Does an options expression hold a literal ``None`` ([None, *x], [None] + x, (None, …))?"""
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(isinstance(e, ast.Constant) and e.value is None for e in node.elts)
    if isinstance(node, ast.BinOp):
        return _has_none(node.left) or _has_none(node.right)
    if isinstance(node, ast.Call):   # keep_valid(key, [None, …]) and the like
        return any(_has_none(a) for a in node.args)
    return False


def offending_lines(tree: ast.AST) -> list[int]:
    """Lines of ``selectbox`` calls whose options (inline or through a local name) hold ``None``."""
    assigned = {t.id: n.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
                for t in n.targets if isinstance(t, ast.Name)}
    lines = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, (ast.Attribute, ast.Name))):
            continue
        name = call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id
        if name != "selectbox":
            continue
        opts = call.args[1] if len(call.args) > 1 else next(
            (k.value for k in call.keywords if k.arg == "options"), None)
        if isinstance(opts, ast.Name):
            opts = assigned.get(opts.id, opts)
        if opts is not None and _has_none(opts):
            lines.append(call.lineno)
    return lines


def test_no_selectbox_offers_none_as_an_option():
    found = [f"{path.relative_to(ROOT)}:{line}" for folder in ("ui", "app_pages")
             for path in sorted((ROOT / folder).rglob("*.py"))
             for line in offending_lines(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []


def test_the_guard_sees_the_shapes_it_forbids():
    for src in ("st.selectbox('x', [None, *a])", "c.selectbox('x', [None] + a)",
                "st.selectbox('x', options=(None, 1))", "o = keep_valid(k, [None] + a)\nst.selectbox('x', o)"):
        assert offending_lines(ast.parse(src)), src
    assert not offending_lines(ast.parse("st.selectbox('x', [NONE, *a])"))
