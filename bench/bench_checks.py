"""Time to check an 80-article draft: clause analysis (lawtext.clauses: spaCy over jieba, the concept
lexicon, the clause components; budget 150 ms), rule book without corpus (clause analysis included;
budget 200 ms), with the corpus database (citation resolution, upper-law article lookups through
checks.corpus_link, restatement search), and with the conflict search of corpus/. Both need a corpus database (data/corpus.db, --corpus-db, or --build-corpus-db to import
--corpus first). Baseline: parsing the same draft, measured in the same run.

The draft is a real in-force 地方性法规 of ../shared/corpus with 80 articles (read from there, never
copied into the repository), checked as level LR.

    /work/venv/bin/python bench/bench_checks.py [--corpus ../shared/corpus] [--corpus-db data/corpus.db]
        [--build-corpus-db /tmp/corpus.db] [--repeat 5]
"""
from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pick_draft(corpus: Path, n_articles: int = 80) -> dict:
    with (corpus / "manifest.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t")
                if r["level"] == "地方性法规" and not r["superseded_by"] and r["articles"].isdigit()]
    rows.sort(key=lambda r: (abs(int(r["articles"]) - n_articles), r["path"]))
    return rows[0]


def timed(fn, repeat: int, *, warm: bool = True) -> tuple[float, object]:
    """Median wall time of ``repeat`` calls (after one untimed warm-up call)."""
    if warm:
        fn()
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--corpus-db", help="法规库数据库（默认 $WORKBENCH_CORPUS_DB 或 data/corpus.db，如存在）")
    ap.add_argument("--build-corpus-db", metavar="PATH", help="先把 --corpus 导入到该数据库（用于冲突检索计时）")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    from checks import run
    from checks.conflict_items import conflict_findings
    from checks.corpus_link import CorpusLink, corpus_db_for_checks
    from corpus.store import open_corpus_db
    from lawtext.clauses import analyse_document
    from lawtext.parser import parse_markdown

    corpus = Path(args.corpus)
    row = pick_draft(corpus)
    text = (corpus / row["path"]).read_text(encoding="utf-8")
    t_parse, tree = timed(lambda: parse_markdown(text), args.repeat)
    print(f"草案：{row['title']}（{len(tree.articles)} 条，{len(text):,} 字符），层级 LR，取 {args.repeat} 次中位数")
    print(f"基线  解析                                {t_parse * 1000:8.1f} ms")

    t_clauses, provs = timed(lambda: analyse_document(tree), args.repeat)
    n_clauses = sum(len(p.clauses) for p in provs.values())
    print(f"分析  条款模型（{len(provs)} 款项，{n_clauses} 个规范条款）       {t_clauses * 1000:8.1f} ms  = 解析的 "
          f"{t_clauses / t_parse:5.1f} 倍")

    t_plain, fs = timed(lambda: run(tree, "LR", meta={"title": row["title"]}), args.repeat)
    print(f"检查  规则（无法规库）                      {t_plain * 1000:8.1f} ms  = 解析的 {t_plain / t_parse:5.1f} 倍  "
          f"（{len(fs)} 条发现）")

    db_path = args.corpus_db
    if args.build_corpus_db:
        from corpus.importer import import_folder
        t = time.perf_counter()
        cdb = open_corpus_db(args.build_corpus_db)
        import_folder(str(corpus), cdb)
        cdb.close()
        print(f"准备  导入法规库数据库                        {time.perf_counter() - t:8.1f} s")
        db_path = args.build_corpus_db
    db_path = corpus_db_for_checks(db_path)
    if db_path is None:
        print("没有法规库数据库（python -m workbench corpus build ../shared/corpus，或 --build-corpus-db）："
              "引用核验与冲突检索未计时")
        return 0

    t = time.perf_counter()
    link = CorpusLink(db_path)
    t_link = time.perf_counter() - t
    print(f"准备  法规库数据库（标题、版本链、废止关系，每次导入后一次） {t_link * 1000:8.1f} ms"
          f"（{link.documents} 件）")
    t = time.perf_counter()
    link.index
    print(f"准备  加载检索索引（重述上位法的检索，每进程一次）   {(time.perf_counter() - t) * 1000:8.1f} ms")
    t = time.perf_counter()
    run(tree, "LR", corpus=link, meta={"title": row["title"]})
    print(f"检查  首次（含读取、解析所引上位法）          {(time.perf_counter() - t) * 1000:8.1f} ms")
    t_corpus, fs = timed(lambda: run(tree, "LR", corpus=link, meta={"title": row["title"]}), args.repeat)
    print(f"检查  规则（含引用核验、上位法条文比对）      {t_corpus * 1000:8.1f} ms  = 解析的 {t_corpus / t_parse:5.1f} 倍  "
          f"（{len(fs)} 条发现）")

    from corpus.index import load_index
    t = time.perf_counter()
    index = load_index(db_path)
    print(f"准备  加载检索索引（每进程一次）               {(time.perf_counter() - t) * 1000:8.1f} ms")
    rep = max(1, args.repeat // 2)
    t_conf, items = timed(lambda: conflict_findings(tree, "LR", title=row["title"], index=index), rep, warm=False)
    total = t_corpus + t_conf
    print(f"检查  冲突检索（逐条比对上位法）              {t_conf * 1000:8.1f} ms  = 解析的 {t_conf / t_parse:5.1f} 倍  "
          f"（{len(items)} 项差异）")
    print(f"合计  规则 + 冲突检索                         {total * 1000:8.1f} ms  = 解析的 {total / t_parse:5.1f} 倍")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
