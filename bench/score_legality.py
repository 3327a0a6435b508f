#!/usr/bin/env python3
"""Score the legality checks on the development set tests/data/legality_dev/cases.jsonl.

Every case is one article at level LR, GR or ND, run through ``checks.check_text`` (the only entry
point used). A defective case is *caught* when a finding of warning or error severity belongs to
the case's family (``FAMILY_PREFIXES`` below, by rule-id prefix); a second, lenient figure also
counts findings of the rule ids the case lists as acceptable (often of another family, e.g.
PEN-DETENTION on a 劳动教养 case filed under SCOPE). A lawful case has a *false alarm* when any scored finding is an error;
warning-only findings on lawful cases are reported as *noise*. Rules that judge the whole document
(its title, its other articles, its dossier or metadata: ``NOT_SCORED``) cannot be judged on a
one-article excerpt; their findings are counted apart and never score. Results are given for the
``dev`` and ``heldout`` splits separately (split = sha256(text) % 10 < 3 → heldout, recomputed here).

    .venv/bin/python bench/score_legality.py [--cases PATH] [--corpus-db PATH] [--split dev|heldout|all]
        [--json [OUT]] [--show-misses] [--show-false-alarms] [--retries 10]

Exit status 0 after a successful run (the figures are not a pass/fail gate).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CASES = ROOT / "tests" / "data" / "legality_dev" / "cases.jsonl"

# rule-id prefix → family; the longest matching prefix wins. New rules under these prefixes
# (SCOPE-*, PEN-*, FCR-* …) are picked up without changes here.
FAMILY_PREFIXES: list[tuple[str, str]] = [
    ("RULE-NOBASIS", "NOBASIS"),
    ("ND-NOBASIS", "NOBASIS"),
    ("ND-", "ND"),          # other limits of 规范性文件 (ND-POWER-SHIFT, ND-PROOFS, ND-MARKET-SPHERE, ND-ISSUER)
    ("SCOPE-", "SCOPE"),
    ("PEN-", "PEN"),
    ("LIC-", "LIC"),
    ("COER-", "COER"),
    ("FEE-", "FEE"),
    ("FCR-", "FCR"),
    ("BIZ-", "BIZ"),
    ("RETRO", "RETRO"),
    ("DRAFT-", "DRAFT"),
    ("CITE-", "CITE"),
    ("REF-", "REF"),
    ("PROC-", "PROC"),
]
FAMILIES = ["SCOPE", "NOBASIS", "PEN", "LIC", "COER", "FEE", "FCR", "BIZ", "RETRO", "DRAFT", "CITE"]
# Findings about the document as a whole: a one-article case has no title, no 施行 clause, no other
# articles, no dossier and no issuer, so these would fire (or stay silent) for reasons unrelated to
# the article. Counted separately, never a catch or a false alarm.
NOT_SCORED_FAMILIES = {"PROC", "REF"}
NOT_SCORED_RULES = {"SCOPE-CITY-SUBJECT", "DRAFT-STRUCTURE", "DRAFT-TITLE-GR", "ND-ISSUER", "FCR-PROCESS",
                    "FCR-EXCEPTION", "BIZ-CONSULT", "BIZ-LEGALITY-ND"}
CATCH_SEVERITIES = {"error", "warning"}
# corpus-lawful sampling classes → the family whose rules they resemble (for the breakdown)
CLASS_FAMILY = {"penalty": "PEN", "penalty-referral": "PEN", "licence": "LIC", "coercion": "COER", "fee": "FEE",
                "market": "FCR", "retro": "RETRO", "cite": "CITE", "obligation": "NOBASIS", "public": "—", "soft": "—"}


def family_of(rule_id: str) -> str | None:
    best = None
    for prefix, fam in FAMILY_PREFIXES:
        if rule_id.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, fam)
    return best[1] if best else None


def scored(rule_id: str) -> bool:
    return rule_id not in NOT_SCORED_RULES and family_of(rule_id) not in NOT_SCORED_FAMILIES


def split_of(text: str) -> str:
    return "heldout" if int(hashlib.sha256(text.encode()).hexdigest(), 16) % 10 < 3 else "dev"


def import_check_text(retries: int, wait: float):
    """``checks.check_text``, retrying while the package is being restructured."""
    last = None
    for attempt in range(retries + 1):
        try:
            from checks import check_text
            return check_text
        except Exception as e:          # ImportError, or an error inside a half-moved module
            last = e
            for mod in [m for m in sys.modules if m == "checks" or m.startswith("checks.")]:
                del sys.modules[mod]
            if attempt < retries:
                print(f"import checks failed ({e!r}); retrying in {wait:.0f} s", file=sys.stderr)
                time.sleep(wait)
    raise SystemExit(f"cannot import checks.check_text: {last!r}")


def load_cases(path: Path) -> list[dict]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for c in cases:
        s = split_of(c["text"])
        if c.get("split") and c["split"] != s:
            print(f"warning: {c['id']}: recorded split {c['split']} differs from the computed {s}", file=sys.stderr)
        c["split"] = s
    return cases


def evaluate(cases: list[dict], check_text, corpus_db: str | None) -> list[dict]:
    out = []
    kw = {"corpus_db": corpus_db} if corpus_db else {}
    for c in cases:
        t0 = time.perf_counter()
        findings = check_text(c["text"], c["level"], **kw)
        ms = (time.perf_counter() - t0) * 1000
        fs = [{"rule": f.rule, "severity": f.severity, "element": f.element_id} for f in findings]
        sc = [f for f in fs if scored(f["rule"])]
        r = {"id": c["id"], "kind": c["kind"], "level": c["level"], "split": c["split"], "family": c["family"],
             "lookalike": c.get("lookalike") or CLASS_FAMILY.get(c.get("class") or "", None),
             "class": c.get("class"), "ms": ms, "findings": fs,
             "not_scored": sorted({f["rule"] for f in fs if not scored(f["rule"])})}
        if c["family"]:
            acceptable = set(c.get("rules") or [])
            strong = [f for f in sc if f["severity"] in CATCH_SEVERITIES]
            hits = [f for f in strong if family_of(f["rule"]) == c["family"]]
            listed = [f for f in strong if f["rule"] in acceptable]
            r["caught"] = bool(hits)
            r["caught_lenient"] = bool(hits or listed)
            r["catching_rules"] = sorted({f["rule"] for f in hits})
            r["listed_rules_hit"] = sorted({f["rule"] for f in listed if f not in hits})
            r["other_rules"] = sorted({f["rule"] for f in strong if f not in hits and f not in listed})
        else:
            errors = sorted({f["rule"] for f in sc if f["severity"] == "error"})
            warnings = sorted({f["rule"] for f in sc if f["severity"] == "warning"})
            r["false_alarm"] = bool(errors)
            r["noise"] = not errors and bool(warnings)
            r["error_rules"] = errors
            r["warning_rules"] = warnings
        out.append(r)
    return out


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f} %)" if b else "–"


def summarise(results: list[dict]) -> dict:
    """Per split: per-family recall and look-alike false alarms, corpus-lawful by level, rule counts."""
    out = {}
    for split in ("dev", "heldout", "all"):
        rs = [r for r in results if split == "all" or r["split"] == split]
        fam = {}
        for f in FAMILIES:
            d = [r for r in rs if r["family"] == f]
            lk = [r for r in rs if r["kind"] == "paraphrase-lawful" and r["lookalike"] == f]
            fam[f] = {
                "defects": len(d), "caught": sum(r["caught"] for r in d),
                "caught_lenient": sum(r["caught_lenient"] for r in d),
                "corpus_history": sum(r["kind"] == "corpus-history" for r in d),
                "corpus_history_caught": sum(r["caught"] for r in d if r["kind"] == "corpus-history"),
                "lookalikes": len(lk), "false_alarms": sum(r["false_alarm"] for r in lk),
                "noise": sum(r["noise"] for r in lk),
            }
        d = [r for r in rs if r["family"]]
        lawful = [r for r in rs if not r["family"]]
        lk = [r for r in lawful if r["kind"] == "paraphrase-lawful"]
        cl = [r for r in lawful if r["kind"] == "corpus-lawful"]
        by_level = {}
        for lv in ("LR", "GR", "ND"):
            x = [r for r in cl if r["level"] == lv]
            by_level[lv] = {"cases": len(x), "false_alarms": sum(r["false_alarm"] for r in x),
                            "noise": sum(r["noise"] for r in x)}
        fa_rules = Counter(rule for r in lawful for rule in r["error_rules"])
        noise_rules = Counter(rule for r in lawful for rule in r["warning_rules"])
        by_kind = {k: {"defects": sum(r["kind"] == k for r in d), "caught": sum(r["caught"] for r in d if r["kind"] == k)}
                   for k in ("corpus-history", "paraphrase-defect")}
        out[split] = {
            "families": fam,
            "total": {"defects": len(d), "caught": sum(r["caught"] for r in d),
                      "caught_lenient": sum(r["caught_lenient"] for r in d),
                      "lookalikes": len(lk), "lookalike_false_alarms": sum(r["false_alarm"] for r in lk),
                      "lookalike_noise": sum(r["noise"] for r in lk),
                      "corpus_lawful": len(cl), "corpus_lawful_false_alarms": sum(r["false_alarm"] for r in cl),
                      "corpus_lawful_noise": sum(r["noise"] for r in cl)},
            "defects_by_kind": by_kind,
            "corpus_lawful_by_level": by_level,
            "false_alarm_rules": dict(fa_rules.most_common()),
            "noise_rules": dict(noise_rules.most_common()),
        }
    return out


def render(summary: dict, splits: list[str]) -> str:
    lines = []
    for split in splits:
        s = summary[split]
        lines.append(f"== split: {split} ==")
        lines.append(f"{'family':8} {'recall (warning+error)':>24} {'+ listed rules':>16} {'of which corpus-history':>24} "
                     f"{'look-alike false alarms':>24} {'look-alike warning noise':>25}")
        for f in FAMILIES:
            x = s["families"][f]
            lines.append(f"{f:8} {_ratio(x['caught'], x['defects']):>24} {_ratio(x['caught_lenient'], x['defects']):>16} "
                         f"{_ratio(x['corpus_history_caught'], x['corpus_history']):>24} "
                         f"{_ratio(x['false_alarms'], x['lookalikes']):>24} {_ratio(x['noise'], x['lookalikes']):>25}")
        t = s["total"]
        lines.append(f"{'total':8} {_ratio(t['caught'], t['defects']):>24} {_ratio(t['caught_lenient'], t['defects']):>16} "
                     f"{_ratio(s['defects_by_kind']['corpus-history']['caught'], s['defects_by_kind']['corpus-history']['defects']):>24} "
                     f"{_ratio(t['lookalike_false_alarms'], t['lookalikes']):>24} {_ratio(t['lookalike_noise'], t['lookalikes']):>25}")
        lines.append("")
        lines.append("corpus-lawful articles: false alarms (any error) / warning-only noise")
        for lv, x in s["corpus_lawful_by_level"].items():
            lines.append(f"  {lv}: {_ratio(x['false_alarms'], x['cases'])} / {_ratio(x['noise'], x['cases'])}")
        lines.append(f"  all: {_ratio(t['corpus_lawful_false_alarms'], t['corpus_lawful'])} / "
                     f"{_ratio(t['corpus_lawful_noise'], t['corpus_lawful'])}")
        if s["false_alarm_rules"]:
            lines.append("  error rules on lawful cases: " + ", ".join(f"{k} {v}" for k, v in s["false_alarm_rules"].items()))
        if s["noise_rules"]:
            lines.append("  warning rules on lawful cases: " + ", ".join(f"{k} {v}" for k, v in s["noise_rules"].items()))
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    ap.add_argument("--corpus-db", default=None, help="corpus database passed to check_text(corpus_db=...)")
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default=None,
                    help="report one split only (default: dev and heldout)")
    ap.add_argument("--json", nargs="?", const="-", default=None, metavar="OUT",
                    help="write the summary (and per-case results) as JSON to OUT, or to stdout")
    ap.add_argument("--show-misses", action="store_true", help="list defective cases that were not caught")
    ap.add_argument("--show-false-alarms", action="store_true", help="list lawful cases with error findings")
    ap.add_argument("--retries", type=int, default=10, help="import retries while checks is being restructured")
    ap.add_argument("--retry-wait", type=float, default=30.0)
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    check_text = import_check_text(a.retries, a.retry_wait)
    t_import = time.perf_counter() - t0
    cases = load_cases(a.cases)
    t1 = time.perf_counter()
    results = evaluate(cases, check_text, a.corpus_db)
    t_run = time.perf_counter() - t1
    summary = summarise(results)
    splits = [a.split] if a.split else ["dev", "heldout"]
    runtime = {"import_s": round(t_import, 2), "checks_s": round(t_run, 2), "cases": len(cases),
               "ms_per_case": round(1000 * t_run / max(1, len(cases)), 2)}
    not_scored = Counter(rule for r in results for rule in r["not_scored"])

    if a.json:
        payload = {"cases_file": str(a.cases), "corpus_db": a.corpus_db, "runtime": runtime,
                   "not_scored_rules": dict(not_scored.most_common()),
                   "summary": {k: summary[k] for k in splits + (["all"] if "all" not in splits else [])},
                   "results": results}
        text = json.dumps(payload, ensure_ascii=False, indent=1)
        if a.json == "-":
            print(text)
        else:
            Path(a.json).write_text(text, encoding="utf-8")
    if a.json != "-":
        print(f"legality dev set: {len(cases)} cases ({a.cases}); corpus database: {a.corpus_db or 'none'}")
        print(render(summary, splits))
        if not_scored:
            print("not scored (document-level rules, per case): " + ", ".join(f"{k} {v}" for k, v in not_scored.most_common()))
        if a.show_misses:
            print("\nmissed defects:")
            for r in results:
                if r["family"] and not r["caught"] and (not a.split or a.split in ("all", r["split"])):
                    listed = f" (listed: {', '.join(r['listed_rules_hit'])})" if r["listed_rules_hit"] else ""
                    print(f"  {r['id']:28} {r['split']:7} {r['level']} {r['family']:7} other: {', '.join(r['other_rules']) or '-'}{listed}")
        if a.show_false_alarms:
            print("\nlawful cases with error findings:")
            for r in results:
                if not r["family"] and r["false_alarm"] and (not a.split or a.split in ("all", r["split"])):
                    print(f"  {r['id']:28} {r['split']:7} {r['level']} {', '.join(r['error_rules'])}")
        print(f"\nruntime: import {runtime['import_s']} s, checks {runtime['checks_s']} s "
              f"({runtime['ms_per_case']} ms per case), total {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
