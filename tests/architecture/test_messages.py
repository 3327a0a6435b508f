"""Errors carry codes; their Chinese text lives in one message catalogue per package.

An AST scan of the project (nothing is executed but the catalogues' import): a coded error
(``CodedError`` or any subclass, found in the source) is never built with a string or f-string
message; every code a raise site names is in the catalogue of its package or of a package below;
the parameters a raise site gives are the ones its template uses; every catalogue entry is used;
no code is in two catalogues. Finding messages are the rule book's (``checks/*.py`` ``Hit``), not
the catalogues'.
"""
from __future__ import annotations

import ast
import importlib
import string
from dataclasses import dataclass

import pytest

from arch_imports import LAYERS, ROOT, project_files

CATALOGUE_PACKAGES = ("lawtext", "base", "corpus", "checks", "workbench")
ROOT_CLASS = "CodedError"
# keywords of the error classes that are not template parameters
NOT_PARAMS = {"code", "kept", "current", "op", "kwargs"}


def _catalogue(package: str) -> dict[str, str]:
    return importlib.import_module(f"{package}.messages").MESSAGES


CATALOGUES = {p: _catalogue(p) for p in CATALOGUE_PACKAGES}


def _is_catalogue(path) -> bool:
    return path.name == "messages.py" and path.parent.name in CATALOGUE_PACKAGES and path.parent.parent == ROOT


def _trees():
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in project_files() if not _is_catalogue(p)]


def _name(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def coded_classes(trees) -> set[str]:
    """``CodedError`` and every class (or alias) the project derives from it, by name."""
    names = {ROOT_CLASS}
    grew = True
    while grew:
        grew = False
        for _, tree in trees:
            for node in ast.walk(tree):
                new = None
                if isinstance(node, ast.ClassDef) and any(_name(b) in names for b in node.bases):
                    new = node.name
                elif isinstance(node, ast.Assign) and _name(node.value) in names and len(node.targets) == 1:
                    new = _name(node.targets[0])
                if new and new not in names:
                    names.add(new)
                    grew = True
    return names


def _is_literal_text(node) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value != ""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_literal_text(node.left) or _is_literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_literal_text(node.body) or _is_literal_text(node.orelse)
    return False


@dataclass
class Site:
    where: str
    package: str
    literal: bool                 # a message written at the site
    codes: list[str]              # the string constants of ``code=`` (several: a conditional code)
    has_code: bool                # ``code=`` given (a constant or a value passed in)
    params: set[str] | None       # the keyword parameters; None when ``**`` hides some


def sites(trees=None) -> list[Site]:
    trees = trees if trees is not None else _trees()
    classes = coded_classes(trees)
    out = []
    for path, tree in trees:
        rel = path.relative_to(ROOT) if path.is_absolute() else path
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) in classes):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            code = kw.get("code")
            codes = [c.value for c in ast.walk(code) if isinstance(c, ast.Constant) and isinstance(c.value, str)] \
                if code is not None else []
            out.append(Site(f"{rel}:{node.lineno}", rel.parts[0].removesuffix(".py"),
                            bool(node.args) and _is_literal_text(node.args[0]), codes, code is not None,
                            None if None in kw else set(kw) - NOT_PARAMS))
    return out


def fields(template: str) -> set[str]:
    out = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            out.add(field.split(".")[0].split("[")[0])
    return out


def visible_codes(package: str) -> dict[str, str]:
    """The codes a module of ``package`` may raise: its own catalogue and those of the layers below."""
    level = LAYERS.get(package, max(LAYERS.values()))
    out = {}
    for p, cat in CATALOGUES.items():
        if LAYERS[p] <= level:
            out.update(cat)
    return out


SITES = sites()


def test_no_message_is_written_at_a_raise_site():
    literal = [s.where for s in SITES if s.literal]
    assert not literal, ("coded errors built with a message literal (add the text to <package>/messages.py and "
                         "raise with code= and parameters):\n" + "\n".join(literal))


def test_every_raised_code_is_in_a_catalogue():
    missing = [f"{s.where}: {c}" for s in SITES for c in s.codes if c not in visible_codes(s.package)]
    assert not missing, "codes missing from the message catalogues:\n" + "\n".join(missing)


def test_a_site_without_a_message_names_its_code():
    bare = [s.where for s in SITES if not s.literal and not s.has_code and s.params is not None and s.params]
    assert not bare, "coded errors with parameters but no code:\n" + "\n".join(bare)


def test_parameters_match_the_template():
    wrong = []
    for s in SITES:
        if s.params is None or s.literal:
            continue
        for c in s.codes:
            template = visible_codes(s.package).get(c)
            if template is not None and fields(template) != s.params:
                wrong.append(f"{s.where}: {c} wants {sorted(fields(template))}, given {sorted(s.params)}")
    assert not wrong, "raise sites and templates disagree:\n" + "\n".join(wrong)


def test_no_code_is_in_two_catalogues():
    seen, twice = {}, []
    for p, cat in CATALOGUES.items():
        for code in cat:
            if code in seen:
                twice.append(f"{code}: {seen[code]} and {p}")
            seen[code] = p
    assert not twice, "\n".join(twice)


def test_every_catalogue_entry_is_used():
    """A code no raise site names and no code mentions (``render("published", …)``, a code table)."""
    trees = _trees()
    mentioned = {n.value for _, tree in trees for n in ast.walk(tree)
                 if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    heads = {n.values[0].value for _, tree in trees for n in ast.walk(tree)     # f"sign.{code}"
             if isinstance(n, ast.JoinedStr) and n.values and isinstance(n.values[0], ast.Constant)
             and str(n.values[0].value).endswith(".")}

    def used(code: str) -> bool:
        return code in mentioned or any(code.startswith(h) and code[len(h):] in mentioned for h in heads)

    unused = [f"{p}: {c}" for p, cat in CATALOGUES.items() for c in cat if not used(c)]
    assert not unused, "catalogue entries nothing uses:\n" + "\n".join(unused)


def test_templates_are_well_formed():
    for cat in CATALOGUES.values():
        for code, template in cat.items():
            fields(template)          # raises ValueError on a stray brace
            assert template.strip() and code == code.strip(), code


def test_registration_refuses_a_code_of_another_catalogue():
    from lawtext.errors import register_messages
    code = next(iter(CATALOGUES["workbench"]))
    with pytest.raises(ValueError):
        register_messages("lawtext", {code: "另一条消息"})


def test_an_error_renders_its_template():
    from base.errors import InputError
    code, template = next((c, t) for c, t in CATALOGUES["workbench"].items() if fields(t))
    err = InputError(code=code, **{f: f"«{f}»" for f in fields(template)})
    assert err.code == code and all(f"«{f}»" in str(err) for f in fields(template))


def test_the_scan_sees_each_kind_of_mistake(tmp_path):
    """The scanner flags a literal message, an unknown code and a parameter mismatch."""
    src = tmp_path / "workbench" / "x.py"
    src.parent.mkdir()
    src.write_text('from base.errors import InputError\n'
                   'class Mine(InputError):\n    pass\n'
                   'def f(n):\n'
                   '    raise Mine(f"第{n}项有误")\n'
                   'def g():\n'
                   '    raise InputError(code="no.such.code")\n'
                   'def h(n):\n'
                   '    raise InputError(code="filing.closed", n=n)\n', encoding="utf-8")
    trees = _trees() + [(src.relative_to(tmp_path), ast.parse(src.read_text(encoding="utf-8")))]
    found = {s.where.split(":")[1]: s for s in sites(trees) if s.where.startswith("workbench/x.py")}
    assert found["5"].literal
    assert found["7"].codes == ["no.such.code"] and "no.such.code" not in visible_codes("workbench")
    assert fields(visible_codes("workbench")["filing.closed"]) != found["9"].params
