"""Alignment accuracy and speed.

1. Accuracy on cases generated from real corpus laws with known edits (bench/align_cases.py):
   every old article and every new article is one decision ("which articles on the other side
   does it correspond to"); an article that was moved must also be reported as ``moved`` and
   one that was not must not. Compared with a baseline measured in the same run: difflib's
   SequenceMatcher over the article sequence (equal runs pair up; replace runs pair up by
   position; no moves).
2. Time of ``align_documents`` (and of the full comparison with word diffs) for 立法法
   2015→2023 and 行政复议法 2017→2023.

Run: /work/venv/bin/python bench/bench_align.py [--cases 200] [--corpus ../shared/corpus]
Targets (issue 5): ≥ 99.5 % of decisions right including moves; 立法法 in ≤ 0.2 s.
"""
from __future__ import annotations

import argparse
import difflib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from align_cases import Case, make_cases  # noqa: E402

from lawtext.diff.align import align_documents  # noqa: E402
from lawtext.parser import parse_markdown  # noqa: E402

REAL_PAIRS = [("立法法 2015→2023", "宪法相关法/立法法(2015-03-15).md", "宪法相关法/立法法(2023-03-13).md"),
              ("行政复议法 2017→2023", "诉讼与非诉讼程序法/行政复议法(2017-09-01).md",
               "诉讼与非诉讼程序法/行政复议法(2023-09-01).md")]


def predicted_maps(pairs) -> tuple[dict, dict, set]:
    o2n, n2o, moved = {}, {}, set()
    for p in pairs:
        for o in p.old_ids:
            o2n[o] = sorted(p.new_ids)
            if p.status == "moved":
                moved.add(o)
        for n in p.new_ids:
            n2o[n] = sorted(p.old_ids)
    return o2n, n2o, moved


def difflib_maps(case: Case) -> tuple[dict, dict, set]:
    a = [x.flat_text for x in case.old.articles]
    b = [x.flat_text for x in case.new.articles]
    oa, na = case.old.articles, case.new.articles
    o2n = {x.id: [] for x in oa}
    n2o = {x.id: [] for x in na}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("equal", "replace"):
            for k in range(min(i2 - i1, j2 - j1)):
                o2n[oa[i1 + k].id] = [na[j1 + k].id]
                n2o[na[j1 + k].id] = [oa[i1 + k].id]
    return o2n, n2o, set()


def score(case: Case, maps) -> tuple[int, int, list[str]]:
    o2n, n2o, moved = maps
    right = total = 0
    errors = []
    for oid, gold in case.old_to_new.items():
        total += 1
        ok = o2n.get(oid, []) == sorted(gold) and ((oid in case.moved_old) == (oid in moved))
        right += ok
        if not ok:
            errors.append(f"old {oid}: gold {sorted(gold)}{' moved' if oid in case.moved_old else ''} "
                          f"got {o2n.get(oid, [])}{' moved' if oid in moved else ''}")
    for nid, gold in case.new_to_old.items():
        total += 1
        ok = n2o.get(nid, []) == sorted(gold)
        right += ok
        if not ok:
            errors.append(f"new {nid}: gold {sorted(gold)} got {n2o.get(nid, [])}")
    return right, total, errors


def run_accuracy(corpus: Path, count: int, verbose: bool, seed: int) -> None:
    t = time.perf_counter()
    cases = make_cases(corpus, count, seed=seed)
    print(f"generated {len(cases)} cases from real laws in {time.perf_counter() - t:.1f} s")
    edits = {}
    for c in cases:
        for k, v in c.edits.items():
            edits[k] = edits.get(k, 0) + v
    n_old = sum(len(c.old.articles) for c in cases)
    n_new = sum(len(c.new.articles) for c in cases)
    print(f"articles: {n_old} old, {n_new} new; edits: {edits}")
    results = {}
    for name, fn in (("align_documents", lambda c: predicted_maps(align_documents(c.old, c.new))),
                     ("difflib baseline", difflib_maps)):
        right = total = 0
        moved_right = moved_total = 0
        t = time.perf_counter()
        errs = []
        for c in cases:
            maps = fn(c)
            r, n, e = score(c, maps)
            right += r
            total += n
            errs.extend(f"{c.name}: {x}" for x in e)
            moved_total += len(c.moved_old)
            moved_right += sum(1 for o in c.moved_old if o in maps[2] and maps[0].get(o) == sorted(c.old_to_new[o]))
        dt = time.perf_counter() - t
        results[name] = right / total
        print(f"{name:18s} decisions right {right}/{total} = {100 * right / total:.2f} %   "
              f"moves found {moved_right}/{moved_total}   time {dt:.2f} s")
        if verbose and name == "align_documents":
            for e in errs[:60]:
                print("   ", e)
    base = results["difflib baseline"]
    ours = results["align_documents"]
    print(f"error rate: ours {100 * (1 - ours):.2f} % vs baseline {100 * (1 - base):.2f} % "
          f"(ratio {(1 - base) / max(1e-9, 1 - ours):.1f}× fewer errors)")


def run_timing(corpus: Path, repeat: int = 20) -> None:
    from lawtext.nlp import nlp
    from lawtext.diff.redline import compare
    nlp()  # load the tokenizer once, as the app does (st.cache_resource)
    for name, a, b in REAL_PAIRS:
        old = parse_markdown((corpus / a).read_text(encoding="utf-8"))
        new = parse_markdown((corpus / b).read_text(encoding="utf-8"))
        align_documents(old, new)
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            align_documents(old, new)
            times.append(time.perf_counter() - t)
        base = []
        for _ in range(repeat):
            t = time.perf_counter()
            difflib.SequenceMatcher(None, [x.flat_text for x in old.articles],
                                    [x.flat_text for x in new.articles], autojunk=False).get_opcodes()
            base.append(time.perf_counter() - t)
        compare(old, new)
        t = time.perf_counter()
        compare(old, new)
        full = time.perf_counter() - t
        print(f"{name}: {len(old.articles)}→{len(new.articles)} articles; align median "
              f"{1000 * statistics.median(times):.1f} ms (max {1000 * max(times):.1f} ms); difflib baseline "
              f"{1000 * statistics.median(base):.2f} ms (ratio {statistics.median(times) / statistics.median(base):.0f}×); "
              f"full comparison with word diffs {1000 * full:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--seed", type=int, default=7, help="case generator seed (thresholds were tuned on 20261128)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    run_accuracy(corpus, args.cases, args.verbose, args.seed)
    run_timing(corpus)


if __name__ == "__main__":
    main()
