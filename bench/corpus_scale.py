"""Parts of bench/bench_corpus.py for issue 16: index readiness per process (memory-mapped files)
against the former blob storage measured in the same run, the 80-article conflict + conformity
path warm against the former raw conflict search, and a 10× synthetic corpus (perturbed copies
of the real one) with build time, size, memory, latency and recall.
"""
from __future__ import annotations

import io
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
READY = ("import sys, time; sys.path.insert(0, {root!r}); t0 = time.perf_counter(); "
         "from corpus.handle import open_handle; t1 = time.perf_counter(); "
         "ix = open_handle({db!r}).index; t2 = time.perf_counter(); "
         "hwm = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')); "
         "print(t1 - t0, t2 - t1, hwm)")


def process_ready(db_path: str, runs: int = 3) -> dict:
    """A fresh process: import time, then the index ready (median of ``runs``), and its peak RSS
    (VmHWM of the new process: ru_maxrss would report the forking parent's peak)."""
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", READY.format(root=str(ROOT), db=db_path)], capture_output=True,
                             text=True, check=True).stdout.split()
        rows.append([float(x) for x in out])
    imp, ready, rss = (statistics.median(c) for c in zip(*rows))
    return {"import_s": imp, "index_ready_s": ready, "peak_rss_mb": rss / 1024}


def legacy_load(index) -> float:
    """The former storage, rebuilt in memory from the same arrays: zlib-compressed npy blobs with
    delta-encoded rows, decoded the old way, plus the texts read back from SQLite and split into
    units (what load_index did per process before)."""
    def pack(arr):
        buf = io.BytesIO()
        np.save(buf, np.asarray(arr), allow_pickle=False)
        return zlib.compress(buf.getvalue(), 1)
    rows = np.asarray(index.rows)
    offsets = np.asarray(index.offsets)
    d = rows.astype(np.int32, copy=True)
    d[1:] -= rows[:-1]
    starts = offsets[:-1][offsets[:-1] < len(d)]
    d[starts] = rows[starts]
    blobs = {"rows": pack(d), "keys": pack(index.keys), "offsets": pack(offsets), "chars": pack(index.chars)}
    t = time.perf_counter()
    arrs = {k: np.load(io.BytesIO(zlib.decompress(v)), allow_pickle=False) for k, v in blobs.items()}
    c = np.cumsum(arrs["rows"], dtype=np.int64)
    base = c[arrs["offsets"][:-1]] - arrs["rows"][arrs["offsets"][:-1]]
    (c - np.repeat(base, np.diff(arrs["offsets"]))).astype(np.int32)
    conn = sqlite3.connect(index.db_path)
    texts = [r[0] for r in conn.execute("select text from corpus_articles order by id")]
    conn.close()
    units = [p for t_ in texts for p in [t_.replace("\n", "")] + (t_.split("\n") if "\n" in t_ else [])]
    np.array(units, dtype=object)
    return time.perf_counter() - t


def draft_paths(index, draft, repeat: int = 3) -> dict:
    """80-article draft: conflict findings + conformity rules (warm) vs the former raw conflict search."""
    from checks import run
    from checks.conflict_items import conflict_findings
    from checks.registry import get_rule
    from corpus.conflicts import find_conflicts
    rules = [get_rule("UPPER-CONFORM"), get_rule("UPPER-CONFORMING"), get_rule("UPPER-ABOLISHED")]

    def new():
        conflict_findings(draft, "LR", title=draft.title, corpus_db=index.db_path)
        run(draft, "LR", corpus_db=index.db_path, rules=rules)

    def old():
        find_conflicts(index, draft, level="LR", redlines=True)
    out = {}
    for name, fn in (("conflicts_and_conformity_s", new), ("former_conflict_search_s", old)):
        fn()
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        out[name] = min(times)
    return out


_CITIES = ["杭州市", "济南市", "郑州市", "青岛市", "宁波市", "洛阳市", "温州市", "广州市", "深圳市", "成都市"]


def _perturb(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(max(1, len(chars) // 20)):
        i = rng.randrange(len(chars))
        chars[i] = rng.choice("的了和与及或在对将由应当可以不得")
    return "".join(chars).replace("本市", rng.choice(_CITIES))


def synthesise(src_db: str, dst_db: str, factor: int, seed: int = 16) -> float:
    """A corpus database with ``factor`` copies of every document (the real one + perturbed copies:
    characters replaced, 本市 → a city). Returns the seconds taken (without the index)."""
    t = time.perf_counter()
    shutil.copyfile(src_db, dst_db)
    conn = sqlite3.connect(dst_db)
    rng = random.Random(seed)
    docs = conn.execute("select id, path, title, level, region, locality, tier, status, version_date "
                        "from corpus_docs order by id").fetchall()
    arts = conn.execute("select doc_id, seq, label, heading, text from corpus_articles order by id").fetchall()
    max_doc = max(d[0] for d in docs)
    for k in range(1, factor):
        off = k * (max_doc + 1)
        conn.executemany("insert into corpus_docs(id, path, title, level, region, locality, tier, status, version_date, "
                         "repealed, superseded_by, repealed_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', '')",
                         [(d[0] + off, f"{d[1]}#copy{k}", d[2], *d[3:]) for d in docs])
        conn.executemany("insert into corpus_articles(doc_id, seq, label, heading, text) values (?, ?, ?, ?, ?)",
                         [(a[0] + off, a[1], a[2], a[3], "\n".join(_perturb(p, rng) if p else p for p in a[4].split("\n")))
                          for a in arts])
    conn.execute("update corpus_meta set value = value + 1 where key in ('generation', 'content_generation')")
    conn.commit()
    conn.close()
    return time.perf_counter() - t


def dir_size_mb(path: str) -> float:
    p = Path(path)
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 1e6 if p.is_dir() else 0.0


def scale_figures(db_path: str, queries, factor: int, n_queries: int = 50) -> dict:
    """Build the index of a ``factor``× synthetic corpus; its size, memory, latency and recall."""
    from corpus.index import build_index, load_index
    from corpus.search import exhaustive, similar_rows
    from corpus.store import open_corpus_db
    dst = os.path.join(os.path.dirname(db_path), f"corpus_x{factor}.db")
    syn_s = synthesise(db_path, dst, factor)
    db = open_corpus_db(dst)
    t = time.perf_counter()
    build_index(db)
    build_s = time.perf_counter() - t
    db.close()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    index = load_index(dst)
    load_s = time.perf_counter() - t
    qs = [q for _, _, q in queries[:n_queries]]
    for q in qs[:3]:
        similar_rows(index, q)
    times, results = [], []
    for q in qs:
        t = time.perf_counter()
        results.append(similar_rows(index, q, top=5))
        times.append(time.perf_counter() - t)
    truths = [exhaustive(index, q, top=5) for q in qs]
    found = sum(sum(1 for a, b in zip([r.score for r in res], [x.score for x in tr]) if a >= b - 1e-6)
                for res, tr in zip(results, truths))
    total = sum(len(tr) for tr in truths)
    return {"factor": factor, "articles": index.n, "units": index.n_units, "synthesise_s": syn_s,
            "index_build_s": build_s, "index_files_mb": dir_size_mb(dst + "-index"),
            "db_mb": os.path.getsize(dst) / 1e6, "load_s": load_s, "peak_rss_mb_before_load": rss_before,
            "query_median_ms": 1000 * statistics.median(times), "query_p95_ms": 1000 * float(np.percentile(times, 95)),
            "recall_at_5": found / max(1, total), "queries": len(qs), "ready": process_ready(dst, runs=1)}
