"""Corpus build, search latency and recall against an exhaustive rapidfuzz scan (issue 3).

1. Build: import ../shared/corpus into a fresh corpus database (parse, store, bigram index);
   time and size (whole file and the index blobs).
2. Queries: ~200 perturbed real articles, four kinds in equal parts: edits (characters replaced,
   deleted, inserted), clause swaps, city names replaced, partial quotes (30-70 % of an article).
3. Latency (warm): one query (median and p95 over all queries) and a whole 80-article draft
   (80 articles of a real regulation, lightly edited) through ``similar_many``; the conflict
   search of the same draft (3 groups, with and without redlines) for information.
4. Recall@5 against the EXHAUSTIVE reference computed in the same run (``corpus.search.exhaustive``:
   fuzz.ratio against every unit — every article and every 款 of multi-款 articles — best unit per
   article): tie-aware (our k-th best score ≥ the reference k-th best score), plus top-1 and
   recall restricted to reference hits scoring ≥ 0.5; by perturbation kind; and the
   candidate-count sweep.
5. FTS5 trigram as the candidate generator instead (OR of the query's trigrams, bm25, same
   rerank), on a sample of the queries: its build time, latency and recall.

6. Issue 16 (bench/corpus_scale.py): the index ready in a fresh process (memory-mapped files)
   against the former blob storage decoded in the same run; the 80-article draft through the
   relevant conflict findings + conformity rules (warm) against the former raw conflict search;
   a ``--scale``× synthetic corpus (perturbed copies): build time, size, memory, latency, recall.

Run:  /work/venv/bin/python bench/bench_corpus.py [--corpus ../shared/corpus] [--db PATH] [--queries 200] [--scale 10]
``--db`` reuses an already built corpus database (skips step 1). Figures go to stdout and to
bench/out/bench_corpus.json. Targets: recall@5 ≥ 0.99, 80-article draft ≤ 0.3 s warm, build ≤ 60 s.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402

from corpus.conflicts import find_conflicts  # noqa: E402
from corpus.importer import import_folder  # noqa: E402
from corpus.index import load_index  # noqa: E402
from corpus.search import DEFAULT_CANDIDATES, exhaustive, rerank, similar_many, similar_rows
from corpus.store import open_corpus_db  # noqa: E402
from corpus_scale import dir_size_mb, draft_paths, legacy_load, process_ready, scale_figures  # noqa: E402
from lawtext.model import Article, LegalDocument, Paragraph  # noqa: E402
from lawtext.parser import assign_ids  # noqa: E402

CITIES = ["杭州市", "济南市", "郑州市", "青岛市", "宁波市", "洛阳市", "温州市", "广州市", "深圳市", "成都市"]
_PLACE = re.compile(r"(?:本市|本省|[\u4e00-\u9fff]{2,3}(?:省|市))")
KINDS = ["edit", "swap", "city", "partial"]


# --- queries ---------------------------------------------------------------------------------
def perturb(text: str, kind: str, rng: random.Random) -> str:
    if kind == "edit":
        chars = list(text)
        for _ in range(max(1, len(chars) // 8)):
            if not chars:
                break
            i = rng.randrange(len(chars))
            op = rng.random()
            if op < 0.4:
                chars[i] = rng.choice("的了和与及或在对将由应当可以不得")
            elif op < 0.7:
                del chars[i]
            else:
                chars.insert(i, rng.choice(["市", "县级以上", "人民政府", "有关部门", "应当", "依法"]))
        return "".join(chars)
    if kind == "swap":
        parts = [p for p in re.split(r"(?<=[，；。])", text) if p]
        if len(parts) >= 2:
            i, j = rng.sample(range(len(parts)), 2)
            parts[i], parts[j] = parts[j], parts[i]
        return "".join(parts)
    if kind == "city":
        return _PLACE.sub(lambda m: rng.choice(CITIES), text)
    n = len(text)
    w = max(12, int(n * rng.uniform(0.3, 0.7)))
    start = rng.randrange(0, max(1, n - w + 1))
    return text[start:start + w]


def make_queries(index, n: int, seed: int = 20261128) -> list[tuple[str, int, str]]:
    """(kind, source article row, query) — sources are articles of 30-800 characters."""
    rng = random.Random(seed)
    pool = [r for r, t in enumerate(index.texts) if 30 <= len(t) <= 800]
    places = [r for r in pool if _PLACE.search(index.texts[r])]
    out = []
    for i in range(n):
        kind = KINDS[i % 4]
        row = rng.choice(places if kind == "city" else pool)
        out.append((kind, row, perturb(index.texts[row], kind, rng)))
    return out


def make_draft(index, n_articles: int = 80, seed: int = 7) -> LegalDocument:
    """A draft of ``n_articles`` articles: the first articles of a real local regulation with at
    least that many, each lightly edited (a drafter's rework)."""
    rng = random.Random(seed)
    d = index.docs
    counts = np.bincount(index.art_doc, minlength=len(d.ids))
    local = [p for p in range(len(d.ids)) if d.levels[p] == "地方性法规" and counts[p] >= n_articles]
    p = sorted(local)[len(local) // 2]
    rows = [r for r in np.flatnonzero(index.art_doc == p)][:n_articles]
    doc = LegalDocument(title="济南市" + d.titles[p].split("市", 1)[-1] + "（草案）")
    for i, r in enumerate(rows, 1):
        text = index.texts[r]
        if rng.random() < 0.5:
            text = perturb(text, "edit", rng)
        doc.body.append(Article(id="", label=f"第{i}条", number=i, paragraphs=[Paragraph(id="", text=text)]))
    assign_ids(doc)
    return doc


# --- measures --------------------------------------------------------------------------------
def tie_aware(mine: list[float], truth: list[float], eps: float = 1e-6) -> int:
    return sum(1 for a, b in zip(mine, truth) if a >= b - eps)


def recall_figures(results, truths, kinds) -> dict:
    k5 = [tie_aware([r.score for r in res], [t.score for t in tr]) / max(1, len(tr))
          for res, tr in zip(results, truths)]
    top1 = [bool(res) and res[0].score >= tr[0].score - 1e-6 for res, tr in zip(results, truths) if tr]
    strong_found = strong_total = 0
    for res, tr in zip(results, truths):
        got = {r.row for r in res}
        mine = sorted((r.score for r in res), reverse=True)
        for k, t in enumerate(tr):
            if t.score >= 0.5:
                strong_total += 1
                strong_found += t.row in got or (k < len(mine) and mine[k] >= t.score - 1e-6)
    by_kind = {k: statistics.mean(v for v, kk in zip(k5, kinds) if kk == k) for k in KINDS}
    return {"recall_at_5": statistics.mean(k5), "top1": statistics.mean(top1),
            "recall_at_5_strong": strong_found / max(1, strong_total), "strong_items": strong_total,
            "by_kind": by_kind}


def fts_candidates(conn, query: str, m: int) -> np.ndarray:
    grams = sorted({query[i:i + 3] for i in range(len(query) - 2)})
    if not grams:
        return np.zeros(0, np.int64)
    expr = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
    rows = conn.execute("select rowid from units_fts where units_fts match ? order by rank limit ?",
                        (expr, m)).fetchall()
    return np.array([r[0] - 1 for r in rows], dtype=np.int64)


def bench_fts(index, queries, truths, m: int, sample: int) -> dict:
    tmp = tempfile.mkdtemp(prefix="bench_fts_")
    conn = sqlite3.connect(os.path.join(tmp, "fts.db"))
    t = time.perf_counter()
    conn.execute("create table units(id integer primary key, text)")
    conn.executemany("insert into units(id, text) values (?, ?)",
                     ((i + 1, u) for i, u in enumerate(index.unit_texts)))
    conn.execute("create virtual table units_fts using fts5(text, content='units', content_rowid='id', "
                 "tokenize='trigram')")
    conn.execute("insert into units_fts(units_fts) values('rebuild')")
    conn.commit()
    build = time.perf_counter() - t
    size = os.path.getsize(os.path.join(tmp, "fts.db"))
    picked = list(range(0, len(queries), max(1, len(queries) // sample)))[:sample]
    found = total = 0
    times = []
    for i in picked:
        q = queries[i][2]
        t = time.perf_counter()
        res = rerank(index, q, fts_candidates(conn, q, m), 5)
        times.append(time.perf_counter() - t)
        found += tie_aware([r.score for r in res], [x.score for x in truths[i]])
        total += len(truths[i])
    conn.close()
    return {"build_s": build, "db_mb": size / 1e6, "queries": len(picked), "median_ms": 1000 * statistics.median(times),
            "recall_at_5": found / max(1, total)}


# --- main --------------------------------------------------------------------------------------
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--db", help="reuse this built corpus database (skip the build)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--fts-sample", type=int, default=20, help="queries for the FTS5 comparison (0 = skip)")
    ap.add_argument("--workers", type=int, default=1, help="threads for the exhaustive reference scan")
    ap.add_argument("--scale", type=int, default=10, help="also build a corpus this many times larger (0 = skip)")
    args = ap.parse_args()
    out: dict = {"cpu_count": os.cpu_count(), "load_avg_start": os.getloadavg()}

    # 1. build
    if args.db:
        db_path = args.db
        out["build"] = None
    else:
        tmpdir = tempfile.mkdtemp(prefix="bench_corpus_")
        db_path = os.path.join(tmpdir, "corpus.db")
        db = open_corpus_db(db_path)
        t = time.perf_counter()
        report = import_folder(args.corpus, db)
        build = time.perf_counter() - t
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        blobs = dir_size_mb(db_path + "-index") * 1e6       # the memory-mapped index files
        db.close()
        out["build"] = {"seconds": build, "index_seconds": report.index_seconds, "files": report.files,
                        "documents": report.added, "failed": len(report.failed), "articles": report.articles,
                        "db_mb": os.path.getsize(db_path) / 1e6, "index_blobs_mb": blobs / 1e6}
        # an unchanged re-import (incremental path)
        db = open_corpus_db(db_path)
        t = time.perf_counter()
        import_folder(args.corpus, db)
        out["build"]["reimport_unchanged_s"] = time.perf_counter() - t
        db.close()
        print(f"build: {build:.1f} s (index {report.index_seconds:.1f} s), {report.added} documents, "
              f"{report.articles} articles, {len(report.failed)} files reported and skipped; "
              f"database {out['build']['db_mb']:.0f} MB (index blobs {blobs / 1e6:.0f} MB); "
              f"unchanged re-import {out['build']['reimport_unchanged_s']:.1f} s")

    t = time.perf_counter()
    index = load_index(db_path)
    out["load_s"] = time.perf_counter() - t
    out["articles"], out["units"] = index.n, index.n_units
    print(f"index load: {out['load_s']:.1f} s — {index.n} articles, {index.n_units} units (articles + 款)")

    # 2. queries, warm-up
    queries = make_queries(index, args.queries)
    for _, _, q in queries[:5]:
        similar_rows(index, q)

    # 3. latency
    times, results = [], []
    cpu = time.process_time()
    for _, _, q in queries:
        t = time.perf_counter()
        results.append(similar_rows(index, q, top=5))
        times.append(time.perf_counter() - t)
    one = {"median_ms": 1000 * statistics.median(times), "p95_ms": 1000 * float(np.percentile(times, 95)),
           "mean_ms": 1000 * statistics.mean(times),
           "cpu_mean_ms": 1000 * (time.process_time() - cpu) / len(queries)}
    draft = make_draft(index)
    texts = [a.flat_text for a in draft.articles]
    runs, cpu_runs = [], []
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        similar_many(index, texts, top=5)
        runs.append(time.perf_counter() - t)
        cpu_runs.append(time.process_time() - c)
    conf_runs, conf_red = [], []
    find_conflicts(index, draft, level="LR", redlines=True)  # warm the tokenizer
    for _ in range(2):
        t = time.perf_counter()
        find_conflicts(index, draft, level="LR", redlines=False)
        conf_runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        find_conflicts(index, draft, level="LR", redlines=True)
        conf_red.append(time.perf_counter() - t)
    out["latency"] = {"one_query": one, "draft_80_s": min(runs), "draft_80_runs_s": runs,
                      "draft_80_cpu_s": min(cpu_runs),
                      "conflicts_80_s": min(conf_runs), "conflicts_80_with_redlines_s": min(conf_red)}
    print(f"one query (warm): median {one['median_ms']:.1f} ms, p95 {one['p95_ms']:.1f} ms "
          f"(CPU time {one['cpu_mean_ms']:.1f} ms on average)")
    print(f"80-article draft (warm, top 5 each, with spans): {min(runs):.3f} s wall, {min(cpu_runs):.3f} s CPU "
          f"(runs {', '.join(f'{r:.3f}' for r in runs)})")
    print(f"conflict search of that draft (3 groups × top 3): {min(conf_runs):.3f} s; "
          f"with redlines and flags: {min(conf_red):.3f} s")

    # 4. exhaustive reference
    t = time.perf_counter()
    truths = [exhaustive(index, q, top=5, workers=args.workers) for _, _, q in queries]
    ex_s = time.perf_counter() - t
    kinds = [k for k, _, _ in queries]
    rec = recall_figures(results, truths, kinds)
    out["exhaustive"] = {"total_s": ex_s, "per_query_ms": 1000 * ex_s / len(queries)}
    out["recall"] = rec
    print(f"exhaustive reference: {ex_s:.1f} s for {len(queries)} queries "
          f"({1000 * ex_s / len(queries):.0f} ms each) → our search is {ex_s / sum(times):.0f}× faster")
    print(f"recall@5 (tie-aware) {rec['recall_at_5']:.4f}; top-1 {rec['top1']:.4f}; "
          f"recall@5 of reference hits ≥ 0.5: {rec['recall_at_5_strong']:.4f} ({rec['strong_items']} items)")
    low = [t[-1].score for t in truths if t]
    print(f"  (the reference's 5th hit scores {statistics.median(low):.2f} in the median query: ranks 2-5 are "
          f"mostly unrelated text; misses are there)")
    print("  by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in rec["by_kind"].items()))
    sweep = {}
    for m in (200, 400, DEFAULT_CANDIDATES, 1600):
        ts, rs = [], []
        for _, _, q in queries:
            t = time.perf_counter()
            rs.append(similar_rows(index, q, top=5, candidates=m))
            ts.append(time.perf_counter() - t)
        sweep[m] = {"recall_at_5": recall_figures(rs, truths, kinds)["recall_at_5"],
                    "median_ms": 1000 * statistics.median(ts)}
    out["candidates_sweep"] = sweep
    print("candidates sweep: " + "; ".join(f"M={m}: recall {v['recall_at_5']:.4f}, {v['median_ms']:.1f} ms"
                                           for m, v in sweep.items()))

    # 5. FTS5 trigram candidates
    if args.fts_sample:
        fts = bench_fts(index, queries, truths, DEFAULT_CANDIDATES, args.fts_sample)
        out["fts5"] = fts
        print(f"FTS5 trigram candidates (M={DEFAULT_CANDIDATES}, {fts['queries']} queries): build {fts['build_s']:.1f} s, "
              f"+{fts['db_mb']:.0f} MB, median {fts['median_ms']:.0f} ms/query, recall@5 {fts['recall_at_5']:.4f}")

    # 6. issue 16: readiness per process, the draft's conflict + conformity path, a larger corpus
    out["ready"] = process_ready(db_path)
    out["ready"]["former_blob_load_s"] = legacy_load(index)
    r = out["ready"]
    print(f"index ready in a fresh process: {r['index_ready_s']:.3f} s (imports {r['import_s']:.2f} s, peak RSS "
          f"{r['peak_rss_mb']:.0f} MB); the former blob storage took {r['former_blob_load_s']:.2f} s in this run "
          f"({r['former_blob_load_s'] / max(r['index_ready_s'], 1e-9):.0f}×)")
    out["draft_paths"] = draft_paths(index, draft)
    dp = out["draft_paths"]
    print(f"80-article draft, conflict findings + conformity rules (warm): {dp['conflicts_and_conformity_s']:.3f} s; "
          f"former raw conflict search with redlines: {dp['former_conflict_search_s']:.3f} s")
    if args.scale > 1:
        sc = scale_figures(db_path, queries, args.scale)
        out["scale"] = sc
        print(f"{args.scale}× corpus ({sc['articles']} articles, {sc['units']} units): index build {sc['index_build_s']:.0f} s, "
              f"files {sc['index_files_mb']:.0f} MB, database {sc['db_mb']:.0f} MB; ready in a fresh process "
              f"{sc['ready']['index_ready_s']:.3f} s, peak RSS {sc['ready']['peak_rss_mb']:.0f} MB; one query median "
              f"{sc['query_median_ms']:.1f} ms (p95 {sc['query_p95_ms']:.1f}), recall@5 {sc['recall_at_5']:.4f} "
              f"on {sc['queries']} queries")
    out["load_avg_end"] = os.getloadavg()
    b = out["build"]
    print("\ntargets:")
    print(f"  recall@5 ≥ 0.99: {rec['recall_at_5']:.4f} {'OK' if rec['recall_at_5'] >= 0.99 else 'MISSED'}")
    print(f"  one query ≤ 2 ms median: {one['median_ms']:.2f} ms {'OK' if one['median_ms'] <= 2 else 'MISSED'}")
    print(f"  index ready ≤ 0.5 s per process: {r['index_ready_s']:.3f} s {'OK' if r['index_ready_s'] <= 0.5 else 'MISSED'}")
    print(f"  conflict search + conformity, 80 articles ≤ 0.5 s warm: {dp['conflicts_and_conformity_s']:.3f} s "
          f"{'OK' if dp['conflicts_and_conformity_s'] <= 0.5 else 'MISSED'}")
    print(f"  80-article draft ≤ 0.3 s warm: {min(runs):.3f} s wall / {min(cpu_runs):.3f} s CPU "
          f"{'OK' if min(runs) <= 0.3 else 'MISSED'}")
    if b:
        print(f"  build ≤ 60 s: {b['seconds']:.1f} s {'OK' if b['seconds'] <= 60 else 'MISSED'}")
    print(f"  (load average {out['load_avg_start'][0]:.1f} → {out['load_avg_end'][0]:.1f} on {os.cpu_count()} cores)")
    dest = ROOT / "bench" / "out"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "bench_corpus.json").write_text(json.dumps(out, ensure_ascii=False, indent=2, default=str),
                                            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
