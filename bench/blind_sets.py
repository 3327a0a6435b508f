#!/usr/bin/env python3
"""Blind legality sets (issue 15): one-article cases written by writers who never saw the rules,
the lexicons or the other sets (tests/data/legality_blind/, brief in BRIEF.md there).

* Round 1 (round1_*.toml): split by the same hash as the development set (30 % held out); the rules
  were developed against its dev part only, the held-out part was only scored.
* Round 2 (round2_*.toml): written after round-1 work and first scored as a whole; then the same split, and a
  second round of changes developed against its dev part only.
* Round 3 (round3_*.toml): written after round-2 work by three new writers; scored as a whole only, before and
  after the changes of the session it was written in; then the same split, dev part only.
* Round 4 (round4_*.toml): written after the round-3 work by three new writers; scored as a whole only (never
  read for development), at the commits before and after that work.

    .venv/bin/python bench/blind_sets.py [--out bench/out]            # writes blind_round{1,2,3,4}.jsonl
    .venv/bin/python bench/score_legality.py --cases bench/out/blind_round1.jsonl --corpus-db DB
    .venv/bin/python bench/score_legality.py --cases bench/out/blind_round2.jsonl --corpus-db DB --split all
    .venv/bin/python bench/blind_sets.py --check-originality             # no 20-character run shared with the corpus

NOBASIS cases also accept the other limits of 规范性文件 (ND-POWER-SHIFT, ND-MARKET-SPHERE, ND-PROOFS) in the
scorer's lenient column: the brief defined NOBASIS to include an ND enlarging an agency's power.
"""
from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from build_legality_devset import DEFAULT_CORPUS, check_originality, split_of  # noqa: E402

DATA = ROOT / "tests" / "data" / "legality_blind"
ROUNDS = ("round1", "round2", "round3", "round4", "round5", "round6")
ND_LIMITS = ["ND-POWER-SHIFT", "ND-MARKET-SPHERE", "ND-PROOFS"]


def load_round(name: str) -> list[dict]:
    """The cases of one round in the development set's JSONL shape (bench/score_legality.py)."""
    out = []
    for path in sorted(DATA.glob(f"{name}_*.toml")):
        with path.open("rb") as f:
            for p in tomllib.load(f)["case"]:
                lawful = bool(p.get("lawful"))
                text = p["text"].strip()
                out.append({"id": p["id"], "level": p["level"], "text": text,
                            "family": None if lawful else p["family"],
                            "rules": ND_LIMITS if p["family"] == "NOBASIS" and not lawful else [],
                            "kind": "paraphrase-lawful" if lawful else "paraphrase-defect",
                            "source": f"blind:{path.name}", "upper_law": p.get("upper_law"), "note": p.get("note"),
                            "lookalike": p["family"] if lawful else None, "split": split_of(text)})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--check-originality", action="store_true")
    a = ap.parse_args(argv)
    rounds = {name: load_round(name) for name in ROUNDS}
    if a.check_originality:
        hits = check_originality(a.corpus, [c for cs in rounds.values() for c in cs])
        for cid, run in hits:
            print(f"{cid}: shares 「{run}」 with the corpus")
        print(f"{len(hits)} blind case(s) share a 20-character run with the corpus (outside cited titles)")
        return 1 if hits else 0
    a.out.mkdir(parents=True, exist_ok=True)
    for name, cases in rounds.items():
        path = a.out / f"blind_{name}.jsonl"
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
        defects = sum(c["family"] is not None for c in cases)
        print(f"wrote {len(cases)} cases ({defects} defects, {len(cases) - defects} look-alikes) to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
