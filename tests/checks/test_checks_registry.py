"""The rule book itself: a snapshot of registered ids, documentation, metadata, fixture coverage."""
from __future__ import annotations

import importlib
import json
import re
import tomllib
from pathlib import Path

import pytest

from checks.base import DOC_SECTIONS, HEADS, LEVEL_SET, REQUIREMENTS, SEVERITIES
from checks.registry import NOT_AUTOMATED, REDIRECTS, all_rules, get_rule

HERE = Path(__file__).parent
SNAPSHOT = HERE / "registry_snapshot.json"

# Part B of ../shared/design/legality-rules.md (catalogue v1): every id is implemented or listed as
# not automatable, so a catalogue rule cannot silently go missing.
CATALOGUE_IDS = """
SCOPE-CITY-SUBJECT SCOPE-LAW-ONLY RULE-NOBASIS-OBLIG ND-NOBASIS-OBLIG ND-POWER-SHIFT ND-ISSUER ND-MARKET-SPHERE
ND-PROOFS PEN-NORMDOC PEN-DETENTION PEN-LOCREG-TYPE PEN-LOCREG-SCOPE PEN-LOCREG-SUPPL PEN-RULE-TYPE
PEN-RULE-FINE-CAP PEN-RULE-SCOPE PEN-CONTINUOUS PEN-REVENUE PEN-CREDIT LIC-NORMDOC LIC-CITYRULE LIC-ADD-CONDITION
LIC-LOCAL-LIMITS LIC-NATIONAL-CHOSEN-NOT LIC-DISGUISED LIC-FEE-TIEIN LIC-PROCESS COER-MEASURE-RULE-ND
COER-MEASURE-LOCREG COER-EXEC COER-UTILITIES COER-PROCESS FEE-SET FEE-DEPOSIT FEE-LEVY FCR-ENTRY FCR-FLOW FCR-COST
FCR-CONDUCT FCR-EXCEPTION FCR-PROCESS BIZ-CONSULT BIZ-TRANSITION BIZ-LEGALITY-ND PROC-COMMENT-GR PROC-HEARING-GR
PROC-COMMENT-ND PROC-LEGALITY-FIRST PROC-LEGALITY-SCOPE PROC-COUNSEL PROC-COLLECTIVE PROC-PUBLISH PROC-EFFECTIVE
PROC-FILING PROC-APPROVAL-LR PROC-EXPLANATION PROC-VALIDITY-ND PROC-EVAL-CLEANUP RETRO DRAFT-CITE-NAME
DRAFT-NUMBERING DRAFT-TITLE-GR DRAFT-INTERP DRAFT-REPEAT DRAFT-STRUCTURE DRAFT-CLARITY
""".split()


def test_registered_ids_match_snapshot():
    """Renaming or removing a rule must be deliberate: update registry_snapshot.json (and REDIRECTS)."""
    ids = [r.id for r in all_rules()]
    assert ids == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_ids_unique_and_never_reused():
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    assert not set(REDIRECTS) & set(ids)
    assert not set(NOT_AUTOMATED) & set(ids)


def test_catalogue_fully_covered():
    covered = {r.id for r in all_rules()} | set(NOT_AUTOMATED)
    assert set(CATALOGUE_IDS) - covered == set()


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_documented(rule):
    sections = rule.doc_sections()
    for s in DOC_SECTIONS:
        assert sections.get(s), f"{rule.id}: docstring lacks '{s}:'"
        assert re.search(r"[\u4e00-\u9fff]", sections[s]), f"{rule.id}: '{s}' is not written in Chinese"
    assert rule.title and re.search(r"[\u4e00-\u9fff]", rule.title)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_rule_metadata(rule):
    assert rule.levels and rule.levels <= LEVEL_SET
    sev = rule.severity if isinstance(rule.severity, dict) else {lv: rule.severity for lv in rule.levels}
    assert set(sev.values()) <= set(SEVERITIES)
    assert rule.basis.strip()
    assert rule.head in HEADS
    assert rule.requires <= REQUIREMENTS and "tree" in rule.requires
    assert re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)*", rule.id)
    assert importlib.import_module(f"checks.{rule.family}")
    assert get_rule(rule.id) is rule


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_has_defective_and_lawful_fixture(rule):
    path = HERE / "fixtures" / f"{rule.id}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["rule"] == rule.id
    assert data.get("fires"), f"{rule.id}: no defective sample"
    assert data.get("lawful"), f"{rule.id}: no lawful look-alike"
    for case in data["fires"] + data["lawful"]:
        assert case["level"] in rule.levels, f"{rule.id}: fixture at level {case['level']} the rule does not cover"


def test_fixture_files_belong_to_registered_rules():
    ids = {r.id for r in all_rules()}
    assert {p.stem for p in (HERE / "fixtures").glob("*.toml")} <= ids


def test_registry_import_has_no_side_effects():
    """Importing a family module registers nothing; only registry.RULES lists rules."""
    from checks import penalty
    from checks.registry import RULES
    assert penalty.pen_normdoc in RULES
    assert not hasattr(penalty, "RULES")
