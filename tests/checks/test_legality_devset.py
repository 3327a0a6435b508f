"""The legality development set (tests/data/legality_dev/cases.jsonl, built by
bench/build_legality_devset.py) is well-formed and reproducible. Recall and false alarms are
measured by bench/score_legality.py and deliberately not asserted here."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "legality_dev"
CASES = DATA / "cases.jsonl"
BUILDER = ROOT / "bench" / "build_legality_devset.py"
FAMILIES = {"SCOPE", "NOBASIS", "PEN", "LIC", "COER", "FEE", "FCR", "BIZ", "RETRO", "DRAFT", "CITE"}
KINDS = {"corpus-lawful", "corpus-history", "paraphrase-defect", "paraphrase-lawful"}
FIELDS = {"id", "level", "text", "family", "rules", "kind", "source", "upper_law", "note", "split"}


def _builder():
    spec = importlib.util.spec_from_file_location("build_legality_devset", BUILDER)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod          # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_size_fields_and_values(cases):
    assert len(cases) >= 600
    assert len({c["id"] for c in cases}) == len(cases)
    assert len({c["text"] for c in cases}) == len(cases)
    for c in cases:
        assert FIELDS <= c.keys(), c["id"]
        assert c["level"] in {"LR", "GR", "ND"}, c["id"]
        assert c["kind"] in KINDS, c["id"]
        assert re.match(r"^第[一二三四五六七八九十百千零〇两]+条", c["text"]), c["id"]
        assert isinstance(c["rules"], list) and all(isinstance(r, str) for r in c["rules"]), c["id"]
        if c["kind"] in ("corpus-lawful", "paraphrase-lawful"):
            assert c["family"] is None, c["id"]
        else:
            assert c["family"] in FAMILIES, c["id"]
            assert c["note"], c["id"]
        if c["kind"] == "corpus-history":
            assert c["upper_law"] and c["history"], c["id"]
        if c["kind"].startswith("paraphrase"):
            assert c["source"] == "written", c["id"]


def test_rule_ids_are_catalogue_ids(cases):
    """Listed rule ids exist (the registry snapshot lists every id; ids are never reused)."""
    known = set(json.loads((ROOT / "tests" / "checks" / "registry_snapshot.json").read_text(encoding="utf-8")))
    unknown = {r for c in cases for r in c["rules"]} - known
    assert not unknown


def test_split_is_the_hash_rule_and_heldout_is_about_30_percent(cases):
    for c in cases:
        expected = "heldout" if int(hashlib.sha256(c["text"].encode()).hexdigest(), 16) % 10 < 3 else "dev"
        assert c["split"] == expected, c["id"]
    share = sum(c["split"] == "heldout" for c in cases) / len(cases)
    assert 0.25 <= share <= 0.35


def test_every_family_has_defects_and_lookalikes_among_paraphrases(cases):
    defects = Counter(c["family"] for c in cases if c["kind"] == "paraphrase-defect")
    lookalikes = Counter(c["lookalike"] for c in cases if c["kind"] == "paraphrase-lawful")
    for fam in FAMILIES:
        assert defects[fam] >= 6, (fam, defects[fam])
        assert lookalikes[fam] >= 6, (fam, lookalikes[fam])


def test_all_kinds_and_levels_present(cases):
    kinds = Counter(c["kind"] for c in cases)
    assert all(kinds[k] > 0 for k in KINDS), kinds
    for kind in ("corpus-lawful", "paraphrase-defect", "paraphrase-lawful"):
        assert {c["level"] for c in cases if c["kind"] == kind} == {"LR", "GR", "ND"}, kind


def test_paraphrase_file_is_the_source_of_written_cases(cases):
    with (DATA / "paraphrases.toml").open("rb") as f:
        written = {p["id"] for p in tomllib.load(f)["case"]}
    assert written == {c["id"] for c in cases if c["kind"].startswith("paraphrase")}


def test_corpus_cases_point_into_the_corpus(cases, corpus_dir):
    flagged = {line.split("\t")[0] for line in (corpus_dir / "quality_flags.tsv").read_text(encoding="utf-8").splitlines()}
    for c in cases:
        if c["kind"] == "corpus-lawful":
            assert (corpus_dir / c["source"]).is_file(), c["id"]
            assert c["source"] not in flagged, c["id"]
            assert c["text"] in (corpus_dir / c["source"]).read_text(encoding="utf-8").replace("\n\n", "\n"), c["id"]
        elif c["kind"] == "corpus-history":
            assert (corpus_dir / c["source"]).is_file(), c["id"]


def test_builder_is_deterministic(corpus_dir, tmp_path):
    """A fresh build from the corpus reproduces the committed file byte for byte."""
    builder = _builder()
    out = tmp_path / "cases.jsonl"
    assert builder.main(["--corpus", str(corpus_dir), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == CASES.read_text(encoding="utf-8")
