"""CLI: ``cleanup`` — the 清理目录 when an upper law changes (workbench.review.cleanup).

    python -m workbench cleanup LAW [--since DATE] [--region 山东] [--no-workspace] [--json]
        [--csv OUT.csv] [--docx OUT.docx] [--corpus-db PATH]

LAW is the upper law's title (full or national short name), its corpus path or id. The amendment
compared is the newest version against the version in force on ``--since`` (default: the
previous version), or the repeal when the newest version is 已废止.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from base.errors import InputError
from corpus.store import default_corpus_db_path
from workbench.cli import add_common, emit
from workbench.access.permissions import require
from workbench.cli.common import acting_user_for_files, open_as
from workbench.review.cleanup import cleanup
from workbench.review.cleanup_export import to_csv, to_docx

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def register(sub) -> None:
    p = sub.add_parser("cleanup", help="清理：上位法修改或废止后，列出引用或重述其已修改、删除条文的地方立法条文")
    p.add_argument("law", metavar="LAW", help="上位法名称（全称或「中华人民共和国」简称）、法规库路径或编号")
    p.add_argument("--since", default="", help="与该日期（YYYY-MM-DD）时有效的版本比较（默认与上一版本比较）")
    p.add_argument("--region", default="", help="只检查该地区（如 山东、济南市）的地方性法规和政府规章")
    p.add_argument("--no-workspace", action="store_true", help="不检查工作区中的文档")
    p.add_argument("--corpus-db", help="法规库数据库（默认 $WORKBENCH_CORPUS_DB，否则工作台数据库旁的 corpus.db）")
    p.add_argument("--csv", metavar="OUT", help="把清理目录另存为 .csv")
    p.add_argument("--docx", metavar="OUT", help="把清理目录另存为 .docx（表格）")
    add_common(p)
    p.set_defaults(func=cmd_cleanup)


def _corpus_db(args) -> str:
    path = args.corpus_db or default_corpus_db_path()
    if not Path(path).is_file():
        raise InputError(code="cli.cleanup.corpus_db", path=path)
    return path


def _progress(done: int, total: int) -> None:
    print(f"\r比对上位法修改的条文 {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def cmd_cleanup(args) -> int:
    if args.since and not _DATE.match(args.since):
        raise InputError(code="cli.cleanup.cmd_cleanup", since=args.since)
    corpus_db = _corpus_db(args)
    if args.no_workspace:        # the corpus only: still as a user allowed to search it
        db, user = None, acting_user_for_files(args)
        require(user, "corpus.search")
    else:
        db, user = open_as(args)
    report = cleanup(corpus_db, args.law, since=args.since, region=args.region, db=db,
                     user=None if args.no_workspace else user,
                     progress=None if args.json else _progress)
    for path, data in ((args.csv, to_csv), (args.docx, to_docx)):
        if path:
            Path(path).write_bytes(data(report))
    lines = [f"{report.describe}：修改、删除的条文 {len(report.changes)} 条；检查文件 {report.documents_scanned} 件，"
             f"涉及条文 {len(report.rows)} 条（用时 {report.seconds:.1f} 秒）"]
    lines += [f"  [{r.action}] {r.document} {r.article} ← 上位法{r.upper_article}（{r.change}，{r.how}）：{r.verdict}"
              for r in report.rows]
    emit(args, report.to_dict(), "\n".join(lines))
    return 0
