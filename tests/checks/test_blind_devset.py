"""The development part of the first blind set (tests/data/legality_blind, written without sight of the
rules): every defect is found by its family and no look-alike gets an error, except the misses listed
below with the reason they are left. The held-out part and the second round are only scored
(bench/blind_sets.py, bench/score_legality.py), never asserted here (issue 15)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from checks import check_text

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from blind_sets import load_round  # noqa: E402
from score_legality import family_of, scored  # noqa: E402

DEV = [c for c in load_round("round1") if c["split"] == "dev"]
# dev cases still missed, and why they are left
KNOWN_MISSES = {
    "b3-draft-03": "依照有关规定处理 is a common, accepted referral in 罚则; flagging it would add noise on every law",
    "b3-cite-05": "the corpus holds only the 2021 行政处罚法, so a citation of its 2017 numbering cannot be compared",
}


def _findings(case, corpus_db):
    db = corpus_db if case["family"] in ("CITE", "PEN") or case.get("lookalike") in ("CITE", "PEN") else None
    return [f for f in check_text(case["text"], case["level"], corpus_db=db) if scored(f.rule)]


@pytest.mark.parametrize("case", [c for c in DEV if c["family"] and c["id"] not in KNOWN_MISSES], ids=lambda c: c["id"])
def test_dev_defect_is_found_by_its_family(case, corpus_db):
    found = [f for f in _findings(case, corpus_db) if f.severity in ("error", "warning")]
    assert any(family_of(f.rule) == case["family"] or f.rule in case["rules"] for f in found), \
        [(f.rule, f.severity) for f in found]


@pytest.mark.parametrize("case", [c for c in DEV if not c["family"]], ids=lambda c: c["id"])
def test_dev_look_alike_raises_no_error(case, corpus_db):
    assert not [(f.rule, f.message) for f in _findings(case, corpus_db) if f.severity == "error"]


def test_known_misses_are_still_dev_cases():
    assert set(KNOWN_MISSES) <= {c["id"] for c in DEV}
