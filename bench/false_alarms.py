"""False-alarm measurement: run the checks as level LR over every in-force 地方性法规 of the corpus.

Real enacted regulations are overwhelmingly lawful, so error-severity findings there are mostly
false alarms. Prints error findings per 1,000 articles (overall and per rule), warnings for
context, and a reproducible sample of error findings to inspect.

Citations and upper-law lookups use a corpus database (checks.corpus_link): --corpus-db, or the
default data/corpus.db when it holds documents, or --build-corpus-db PATH to import --corpus first.

    /work/venv/bin/python bench/false_alarms.py [--corpus ../shared/corpus] [--corpus-db PATH |
        --build-corpus-db PATH | --no-corpus] [--sample 30] [--rule PEN-LOCREG-TYPE] [--json out.json]
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks import run  # noqa: E402
from checks.corpus_link import corpus_db_for_checks, load_corpus  # noqa: E402
from lawtext.parser import parse_markdown  # noqa: E402


def in_force_local(corpus: Path) -> list[dict]:
    with (corpus / "manifest.tsv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t")
                if r["level"] == "地方性法规" and not r["superseded_by"]]


def quality_flags(corpus: Path) -> dict[str, str]:
    p = corpus / "quality_flags.tsv"
    if not p.is_file():
        return {}
    with p.open(encoding="utf-8") as f:
        return {r["path"]: r["flags"] for r in csv.DictReader(f, delimiter="\t")}


def measure(corpus: Path, *, corpus_db: str | None = None, only_rule: str | None = None):
    link = load_corpus(corpus_db) if corpus_db else None
    rows = in_force_local(corpus)
    flags = quality_flags(corpus)
    clean_articles = 0
    per_rule_err, per_rule_warn, docs_with_err = Counter(), Counter(), 0
    articles = 0
    errors = []
    t0 = time.perf_counter()
    for r in rows:
        tree = parse_markdown((corpus / r["path"]).read_text(encoding="utf-8"))
        articles += len(tree.articles)
        if r["path"] not in flags:
            clean_articles += len(tree.articles)
        fs = run(tree, "LR", corpus=link, meta={"title": r["title"]})
        errs = [f for f in fs if f.severity == "error" and (only_rule is None or f.rule == only_rule)]
        for f in fs:
            if f.severity == "warning":
                per_rule_warn[f.rule] += 1
        if errs:
            docs_with_err += 1
        for f in errs:
            per_rule_err[f.rule] += 1
            errors.append({**f.to_dict(), "path": r["path"], "law": r["title"], "flags": flags.get(r["path"], "")})
    elapsed = time.perf_counter() - t0
    clean = [e for e in errors if not e["flags"]]
    return {"documents": len(rows), "articles": articles, "errors": len(errors),
            "errors_per_1000_articles": round(1000 * len(errors) / max(articles, 1), 2),
            "clean_articles": clean_articles, "clean_errors": len(clean),
            "clean_errors_per_1000_articles": round(1000 * len(clean) / max(clean_articles, 1), 2),
            "documents_with_errors": docs_with_err, "per_rule_errors": dict(per_rule_err.most_common()),
            "per_rule_warnings": dict(per_rule_warn.most_common()), "seconds": round(elapsed, 1),
            "error_findings": errors}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--corpus-db", help="corpus database (default: data/corpus.db or $WORKBENCH_CORPUS_DB)")
    ap.add_argument("--build-corpus-db", metavar="PATH", help="import --corpus into PATH first")
    ap.add_argument("--no-corpus", action="store_true", help="run without citation/upper-law lookups")
    ap.add_argument("--sample", type=int, default=25)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rule")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    corpus_db = None
    if not args.no_corpus:
        if args.build_corpus_db:
            from corpus.importer import import_folder
            from corpus.store import open_corpus_db
            db = open_corpus_db(args.build_corpus_db)
            print(import_folder(args.corpus, db, build_index=False).summary())
            db.close()
        corpus_db = corpus_db_for_checks(args.build_corpus_db or args.corpus_db)
        if corpus_db is None:
            print("没有法规库数据库（--corpus-db / --build-corpus-db，或 python -m workbench corpus build）；"
                  "要不用法规库运行，请加 --no-corpus")
            return 2
    res = measure(Path(args.corpus), corpus_db=corpus_db, only_rule=args.rule)
    print(f"在施行的地方性法规 {res['documents']} 件，{res['articles']} 条；按 LR 检查用时 {res['seconds']} 秒")
    print(f"错误级发现 {res['errors']} 条 = 每千条 {res['errors_per_1000_articles']}；"
          f"有错误级发现的法规 {res['documents_with_errors']} 件")
    print(f"其中不含 quality_flags.tsv 标注缺陷（截断、缺条、跳号等）的法规：{res['clean_articles']} 条，"
          f"错误级发现 {res['clean_errors']} 条 = 每千条 {res['clean_errors_per_1000_articles']}")
    print("按规则（错误）：")
    for k, v in res["per_rule_errors"].items():
        print(f"  {k:24s} {v:6d}  每千条 {1000 * v / res['articles']:.2f}")
    print("按规则（警示，供参考）：")
    for k, v in list(res["per_rule_warnings"].items())[:15]:
        print(f"  {k:24s} {v:6d}")
    rnd = random.Random(args.seed)
    sample = rnd.sample(res["error_findings"], min(args.sample, len(res["error_findings"])))
    print(f"\n随机抽样 {len(sample)} 条错误级发现：")
    for f in sample:
        flag = f"（语料标注：{f['flags']}）" if f["flags"] else ""
        print(f"- [{f['rule']}] {f['law']} {f['article'] or ''}：{f['excerpt']}{flag}")
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
