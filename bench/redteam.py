"""Rerun the red-team scenarios of issue 17 and print the figures.

    python bench/redteam.py [--scale full|test] [--fuzz 10000] [--kills 10] [--writers 8 --saves 10]

1. concurrency: WRITERS processes × SAVES saves each (new versions with optimistic concurrency,
   working-copy edits) on one database; lost writes = saves a process reported that the database
   does not hold; inconsistent states = problems of PRAGMA integrity_check and of ``audit verify``
   (keyed chain, text hashes, sign-off bindings). Baseline: the same saves from one process.
2. kill -9 during import: a process creating documents is killed KILLS times at random moments;
   after each kill the database must pass integrity_check and ``audit verify``, and every document
   must have its versions.
3. kill -9 during corpus build: a corpus import (real laws from ../shared/corpus plus a dated
   pair of inferred files) is killed KILLS times, then completed; every document must have all
   its articles, no article may be orphaned, statuses and version links must be what a clean
   import gives.
4. hostile files (tests/fixtures/make_hostile_files.py, ``--scale full`` = the red team's own
   sizes): each in a fresh process through the document and minutes readers; outcome, seconds and
   peak RSS per file (baseline: the control file ok_base.docx in the same run).
5. fuzzing: FUZZ inputs mutated from valid .docx/.md/.txt/.csv files through the same readers;
   a crash is any exception other than the coded InputError.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
sys.path.insert(0, str(ROOT / "bench"))

from redteam_fuzz import fuzz  # noqa: E402
from make_hostile_files import generate  # noqa: E402

WORKER = str(ROOT / "bench" / "redteam_workers.py")
CORPUS = Path(os.environ.get("WORKBENCH_CORPUS", ROOT.parent / "shared" / "corpus"))


def _worker(*args, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, WORKER, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, **kw)


def _workspace(path: Path):
    from lawtext.files import read_path
    from workbench.access.users import create_user
    from workbench.documents.store import create_document
    from workbench.schema import open_db
    db = open_db(str(path))
    create_user(db, "admin1", "secret123", "admin")
    create_user(db, "drafter1", "secret123", "drafter")
    for name in ("gr-dog-management-v1.md", "nd-property-services.txt"):
        create_document(db, title=name, level="GR", tree=read_path(ROOT / "examples" / name), actor="drafter1")
    return db


def _inconsistencies(path: Path) -> list[str]:
    from workbench.integrity import verify_all
    from workbench.schema import open_db
    conn = sqlite3.connect(path)
    problems = [] if conn.execute("pragma integrity_check").fetchone()[0] == "ok" else ["integrity_check"]
    orphans = conn.execute("select count(*) from documents d where not exists (select 1 from versions v "
                           "where v.id = d.current_version_id and v.document_id = d.id)").fetchone()[0]
    conn.close()
    problems += [f"{orphans} 个文档没有当前版本"] if orphans else []
    return problems + [p["message"] for p in verify_all(open_db(str(path)))["problems"]]


def concurrency(work: Path, writers: int, saves: int) -> None:
    db_path = work / "concurrency.db"
    _workspace(db_path).close()
    t0 = time.perf_counter()
    procs = [_worker("writer", db_path, w, saves) for w in range(writers)]
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    seconds = time.perf_counter() - t0
    saved = [vid for r in results for vid in r["saved"]]
    conn = sqlite3.connect(db_path)
    present = {r[0] for r in conn.execute("select id from versions")}
    conn.close()
    lost = [v for v in saved if v not in present]
    base_path = work / "baseline.db"
    _workspace(base_path).close()
    t1 = time.perf_counter()
    _worker("writer", base_path, 0, writers * saves).communicate()
    base = time.perf_counter() - t1
    print(f"1. 并发写入 {writers}×{saves}：成功 {len(saved)} 次（乐观并发拒绝后重试 {sum(r['refused'] for r in results)} 次），"
          f"丢失 {len(lost)}，不一致 {len(_inconsistencies(db_path))} 处；用时 {seconds:.1f} s，"
          f"同次单进程基线 {base:.1f} s（{seconds / base:.2f} 倍）")


def _count(path: Path, table: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute(f"select count(*) from {table}").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _kill_at(proc: subprocess.Popen, path: Path, table: str, target: int, timeout: float = 300) -> bool:
    """SIGKILL ``proc`` as soon as ``table`` holds ``target`` rows (mid-import); False if it ended first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if _count(path, table) >= target:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    return False


def kill_import(work: Path, kills: int, rnd: random.Random) -> None:
    db_path = work / "kill_import.db"
    _workspace(db_path).close()
    bad = []
    for k in range(kills):
        p = _worker("importer", db_path)
        _kill_at(p, db_path, "documents", _count(db_path, "documents") + rnd.randint(1, 15))
        bad += [f"第 {k + 1} 次：{m}" for m in _inconsistencies(db_path)]
    conn = sqlite3.connect(db_path)
    docs = conn.execute("select count(*) from documents").fetchone()[0]
    conn.close()
    print(f"2. 导入时 kill -9 {kills} 次：库中 {docs} 个文档，不一致 {len(bad)} 处" + "".join(f"\n   {b}" for b in bad))


def _corpus_source(work: Path, n: int) -> Path:
    src = work / "corpus_src"
    lines = (CORPUS / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    head, rows = lines[0], lines[1:n + 1]
    for row in rows:
        rel = row.split("\t")[0]
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / rel, src / rel)
    (src / "manifest.tsv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    (src / "规章").mkdir(exist_ok=True)
    for date, fine in (("2020-05-01", "二百元"), ("2023-06-01", "五百元")):
        (src / "规章" / f"示例市停车管理办法({date}).md").write_text(   # inferred: linked by date
            f"# 示例市停车管理办法\n\n{date[:4]}年5月1日 示例市人民政府令第12号公布\n\n<!-- INFO END -->\n\n"
            f"第一条 为了规范停车秩序，制定本办法。\n\n第二条 违反本办法规定乱停车的，处{fine}罚款。\n", encoding="utf-8")
    return src


def kill_corpus(work: Path, kills: int, rnd: random.Random, files: int) -> None:
    from corpus.importer import import_folder
    from corpus.store import open_corpus_db
    src = _corpus_source(work, files)
    db_path = work / "kill_corpus.db"
    killed = 0
    for k in range(kills):
        have = _count(db_path, "corpus_docs")
        if have >= files:
            break
        # the last kill waits for every file to be stored: it lands before or during the linking step
        target = files if k == kills - 1 else rnd.randint(have + 1, files)
        killed += _kill_at(_worker("corpus", src, db_path), db_path, "corpus_docs", target)
    report = import_folder(src, open_corpus_db(str(db_path)), build_index=False)
    clean_path = work / "clean_corpus.db"
    import_folder(src, open_corpus_db(str(clean_path)), build_index=False)
    problems = _corpus_differences(db_path, clean_path)
    print(f"3. 法规库建库时 kill -9 {killed} 次（导入中途）后续建：新增 {report.added}、未变 {report.unchanged}；"
          f"与一次完整建库相比不一致 {len(problems)} 处" + "".join(f"\n   {p}" for p in problems[:10]))


def _corpus_differences(a: Path, b: Path) -> list[str]:
    q = ("select d.path, d.status, d.superseded_by, d.articles, (select count(*) from corpus_articles x "
         "where x.doc_id = d.id) from corpus_docs d order by d.path")
    ca, cb = sqlite3.connect(a), sqlite3.connect(b)
    try:
        rows_a, rows_b = {r[0]: r[1:] for r in ca.execute(q)}, {r[0]: r[1:] for r in cb.execute(q)}
        orphans = ca.execute("select count(*) from corpus_articles where doc_id not in (select id from corpus_docs)"
                             ).fetchone()[0]
        check = ca.execute("pragma integrity_check").fetchone()[0]
    finally:
        ca.close()
        cb.close()
    out = [f"{p}：{rows_a.get(p)} ≠ {rows_b.get(p)}" for p in sorted(set(rows_a) | set(rows_b))
           if rows_a.get(p) != rows_b.get(p)]
    out += [f"{p}：条文数 {r[2]} ≠ {r[3]}" for p, r in rows_a.items() if r[2] != r[3]]
    return out + ([f"{orphans} 条孤立条文"] if orphans else []) + ([check] if check != "ok" else [])


def hostile(work: Path, scale: str) -> None:
    out = work / "hostile"
    files = generate(out, scale)
    rows = []
    for h in files:
        p = _worker("hostile", out / h.name)
        stdout, stderr = p.communicate()
        rows.append(json.loads(stdout.strip().splitlines()[-1]) if p.returncode == 0 else
                    {"file": h.name, "outcome": [f"crash:exit {p.returncode}"], "seconds": 0, "peak_rss_mb": 0,
                     "rss_before_mb": 0})
        rows[-1]["size_mb"] = (out / h.name).stat().st_size / 1048576
    base = next(r for r in rows if r["file"] == "ok_base.docx")
    print(f"4. 恶意文件 {len(rows)} 个（{scale}）：基线 ok_base.docx 峰值 {base['peak_rss_mb']:.0f} MB、{base['seconds']:.2f} s")
    print(f"   {'文件':34s} {'大小MB':>7s} {'用时s':>6s} {'峰值RSS MB':>10s} {'增量':>6s}  结果")
    for r in rows:
        print(f"   {r['file']:34s} {r['size_mb']:7.2f} {r['seconds']:6.2f} {r['peak_rss_mb']:10.0f} "
              f"{r['peak_rss_mb'] - r['rss_before_mb']:6.0f}  {' / '.join(r['outcome'])}")
    crashes = [r["file"] for r in rows if any(o.startswith("crash") for o in r["outcome"])]
    print(f"   崩溃 {len(crashes)} 个{('：' + '、'.join(crashes)) if crashes else ''}；最大峰值 "
          f"{max(r['peak_rss_mb'] for r in rows):.0f} MB（上限 500），最长 {max(r['seconds'] for r in rows):.1f} s（上限 10）")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=["test", "full"], default="full")
    ap.add_argument("--fuzz", type=int, default=10_000)
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--corpus-files", type=int, default=400)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)       # figures appear as each scenario ends
    rnd = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="redteam-") as tmp:
        os.environ.setdefault("WORKBENCH_AUDIT_KEY", str(Path(tmp) / "audit.key"))
        work = Path(tmp)
        concurrency(work, args.writers, args.saves)
        kill_import(work, args.kills, rnd)
        kill_corpus(work, args.kills, rnd, args.corpus_files)
        hostile(work, args.scale)
        fuzz(args.fuzz, rnd, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
