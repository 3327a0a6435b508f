"""New wordings of every defect kind and their lawful look-alikes (tests/data/clause_probes): the
rules reason over what a provision does, so a defect worded differently is still found and a lawful
text worded like a defect is not reported as an error (issue 15)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from checks import check_text

DATA = Path(__file__).resolve().parents[1] / "data" / "clause_probes" / "probes.toml"
PROBES = tomllib.loads(DATA.read_text(encoding="utf-8"))
# rules about the document as a whole (a one-article text has no title, 施行 clause or dossier)
DOCUMENT_LEVEL = ("PROC-", "REF-", "SCOPE-CITY-SUBJECT", "DRAFT-STRUCTURE", "DRAFT-TITLE-GR", "ND-ISSUER")


def _findings(case):
    return [f for f in check_text(case["text"], case["level"]) if not f.rule.startswith(DOCUMENT_LEVEL)]


@pytest.mark.parametrize("case", PROBES["defect"], ids=lambda c: c["text"][:14])
def test_defect_is_found_by_its_family(case):
    prefixes = tuple(case["family"].split(","))
    found = [f for f in _findings(case) if f.severity in ("error", "warning")]
    assert any(f.rule.startswith(prefixes) for f in found), [(f.rule, f.severity) for f in found]


@pytest.mark.parametrize("case", PROBES["lawful"], ids=lambda c: c["text"][:14])
def test_lawful_look_alike_raises_no_error(case):
    errors = [(f.rule, f.message) for f in _findings(case) if f.severity == "error"]
    assert not errors


def test_findings_carry_the_clause_evidence():
    case = PROBES["defect"][0]
    f = next(f for f in _findings(case) if f.rule.startswith("PEN-"))
    assert f.evidence["clause"]["conditions"] and "⇒" in f.evidence["summary"]
