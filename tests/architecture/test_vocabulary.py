"""Legal vocabulary is written once, in lawtext/vocabulary.py; everything else imports it.

An AST scan of every string literal of the project's packages (one-line copies are what
``duplicates`` cannot see): numeral classes, article labels, the self-names of an instrument,
the reference grammar, money and period units and severity names must not be spelled out again.
"""
from __future__ import annotations

import ast
import re

import pytest

from arch_imports import ROOT, project_files

VOCABULARY = ROOT / "lawtext" / "vocabulary.py"

COPIES = {
    "a numeral class or table": re.compile(r"\[[^\]]*[零〇一二两三四五六七八九十百千万]{4,}|^[零〇一二两三四五六七八九十百千万]{5,}$"),
    "an article label": re.compile(r"第\[[^\]]*[一二三十\\]|条\(\?:之|条\(之"),
    "the self-names of an instrument": re.compile(r"(条例|办法|规定|细则)\|(条例|办法|规定|细则)"),
    "the reference grammar (第（X）项)": re.compile(r"第\[（\(\]|第\[\(（\]"),
    "money units": re.compile(r"万元\|元|亿元\|万元"),
    "period units": re.compile(r"个工作日\||\|个工作日"),
    "severity names": re.compile(r"错误.{0,12}警示.{0,12}提示"),
}


def _docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _literals(path):
    """String literals other than docstrings (prose may name a numeral; patterns may not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


def _copies(path) -> list[str]:
    out = []
    for line, text in _literals(path):
        for what, pattern in COPIES.items():
            if pattern.search(text):
                out.append(f"{path.relative_to(ROOT)}:{line}: {what}: {text[:60]!r}")
    return out


def test_vocabulary_is_written_once():
    found = [c for p in project_files() if p != VOCABULARY for c in _copies(p)]
    assert not found, "vocabulary written outside lawtext/vocabulary.py:\n" + "\n".join(found)


@pytest.mark.parametrize("what", sorted(COPIES))
def test_the_scan_sees_each_kind_in_the_vocabulary_itself(what):
    """Each pattern finds its item in lawtext/vocabulary.py (so the scan cannot silently pass)."""
    import lawtext.vocabulary as v
    from checks.finding import SEVERITY_NAMES
    texts = [x for x in vars(v).values() if isinstance(x, str)] + [
        v.ARTICLE_LABEL_RE.pattern, "|".join(v.MONEY_UNITS), "|".join(v.PERIOD_DAYS), "".join(SEVERITY_NAMES.values()),
        "|".join(v.SELF_NAMES)]
    assert any(COPIES[what].search(t) for t in texts) or what == "severity names" and \
        COPIES[what].search("".join(SEVERITY_NAMES.values())), what


def _severity_maps(path) -> list[str]:
    """Dict literals mapping to 错误/警示 (a copy of checks.finding.SEVERITY_NAMES)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree) if isinstance(node, ast.Dict)
            and {"错误", "警示"} <= {v.value for v in node.values if isinstance(v, ast.Constant)}]


def test_severity_names_are_mapped_once():
    owner = ROOT / "checks" / "finding.py"
    found = [c for p in project_files() if p != owner for c in _severity_maps(p)]
    assert not found, "severity names mapped outside checks/finding.py:\n" + "\n".join(found)
