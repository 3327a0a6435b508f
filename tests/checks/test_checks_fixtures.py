"""Every rule against its fixture set (tests/checks/fixtures/<RULE-ID>.toml): each [[fires]] case
must produce a finding of the rule (with the stated severity), each [[lawful]] look-alike must not."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from checks import check_text

FIXTURES = Path(__file__).with_name("fixtures")


def _cases():
    for path in sorted(FIXTURES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for kind in ("fires", "lawful"):
            for i, case in enumerate(data.get(kind, []), 1):
                yield pytest.param(data["rule"], kind, case, id=f"{data['rule']}-{kind}-{i}")


def _run(case, corpus_db):
    return check_text(case["text"].strip(), case["level"], dossier=case.get("dossier"), meta=case.get("meta"),
                      corpus_db=corpus_db if case.get("corpus") else None)


@pytest.mark.parametrize("rule,kind,case", list(_cases()))
def test_fixture(rule, kind, case, request):
    corpus_db = request.getfixturevalue("corpus_db") if case.get("corpus") else None   # built once, when needed
    findings = [f for f in _run(case, corpus_db) if f.rule == rule]
    if kind == "fires":
        assert findings, f"{rule} did not fire on: {case['text'].strip()}"
        if "severity" in case:
            assert case["severity"] in {f.severity for f in findings}, [(f.severity, f.message) for f in findings]
        for f in findings:
            assert f.message and f.basis
    else:
        assert not findings, [(f.severity, f.message, f.span) for f in findings]
