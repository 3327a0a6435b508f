"""备案审查 batch intake: N generated 示例市 filings (bench/filing_samples.py) registered and triaged.

    python bench/bench_filing.py [--count 500] [--corpus-db PATH]

Prints, from one run:
- baseline: reading and parsing every material (read_material), nothing stored;
- registration alone (one transaction per filing: document + version + materials + audit) and
  triage alone (the review pipeline on each filed text, items stored), on one database;
- the real batch path (workbench.filing.batch.run_batch: registration then triage, progress written
  after every file) end to end on a fresh database — the figure the target (≤ 2 minutes for 500) is about;
- peak memory: the process's peak RSS before and after the batch.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from filing_samples import generate  # noqa: E402

from workbench.access.users import create_user  # noqa: E402
from workbench.filing.batch import create_batch, register_unit, run_batch  # noqa: E402
from workbench.filing.materials import read_material  # noqa: E402
from workbench.filing.sources import read_source  # noqa: E402
from workbench.filing.store import query_filings  # noqa: E402
from workbench.filing.triage import triage_filing  # noqa: E402
from workbench.schema import open_db  # noqa: E402


def _db(folder: Path, name: str):
    db = open_db(str(folder / name))
    return db, create_user(db, "bench", "secret123", "filing_reviewer")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--corpus-db", default=None, help="法规库数据库（引用核验；默认不用）")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_filing_"))
    generate(work / "in", a.count, seed=18)
    units = read_source(work / "in")
    files = sum(len(u.files) for u in units)

    t = time.perf_counter()
    for u in units:
        for name, data in u.files:
            read_material(data, name)
    base = time.perf_counter() - t

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    db2, user2 = _db(work, "batch.db")
    t = time.perf_counter()
    b = run_batch(db2, user2, create_batch(db2, user2, str(work / "in")), corpus_db=a.corpus_db)
    total = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    db, user = _db(work, "phases.db")
    t = time.perf_counter()
    report = [register_unit(db, user, u) for u in units]
    reg = time.perf_counter() - t
    t = time.perf_counter()
    for f in query_filings(db):
        triage_filing(db, f.id, actor=user.username, corpus_db=a.corpus_db)
    tri = time.perf_counter() - t
    errors = sum(f.n_error for f in query_filings(db))

    print(f"filings: {len(units)} ({files} files); registered {b['registered']}, 待登记 {b['pending']}, "
          f"failed {b['failed']}; error findings {errors}; corpus: {'yes' if a.corpus_db else 'no'}")
    print(f"baseline  read+parse all materials: {base:6.2f} s")
    print(f"register  (one transaction each):   {reg:6.2f} s  ({len(units) / reg:5.0f}/s, {reg / base:4.1f}× baseline)")
    print(f"triage    (review pipeline):        {tri:6.2f} s  ({len(units) / tri:5.0f}/s, {tri / base:4.1f}× baseline)")
    print(f"batch     run_batch end to end:     {total:6.2f} s  ({total / base:4.1f}× baseline; target ≤ 120 s)")
    print(f"memory    process peak RSS {rss:.0f} MB after the batch ({rss0:.0f} MB before it: the materials in memory)")
    assert len(report) == len(units)


if __name__ == "__main__":
    main()
