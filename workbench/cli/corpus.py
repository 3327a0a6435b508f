"""CLI: `corpus build|search|info|repeal` and `conflicts`.

``--db`` names the corpus database (default $WORKBENCH_CORPUS_DB, else data/corpus.db beside the
workbench database); the workbench database (drafts, users) is ``--workbench-db`` (default
$WORKBENCH_DB, else data/workbench.db).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from base.errors import InputError, NotFound
from corpus.conflicts import GROUPS
from corpus.handle import open_handle
from corpus.index import ensure_index
from corpus.search import Filters
from corpus.store import AMENDED, CURRENT, counts, default_corpus_db_path, find_doc, generation, meta_get, open_corpus_db
from lawtext.files import read_path
from workbench.access.permissions import require
from workbench.access.visibility import require_version
from workbench.cli import emit
from workbench.cli.common import acting_user
from workbench.corpus_admin import conflicts_for, corpus_counts, import_corpus_folder, mark_repealed, search_corpus
from workbench.documents.store import current_version, find_document, list_versions
from workbench.schema import open_db

CORPUS_DB_HELP = "法规库数据库路径（默认 $WORKBENCH_CORPUS_DB，否则 data/corpus.db）"


def register(sub) -> None:
    p = sub.add_parser("corpus", help="法规库：导入、检索、状态管理")
    csub = p.add_subparsers(dest="corpus_command", required=True, metavar="SUBCOMMAND")

    b = csub.add_parser("build", help="导入文件夹（增量：未变的文件跳过）并建立索引")
    b.add_argument("src", help="文件夹：../shared/corpus 的 Markdown 结构（含 manifest.tsv），或任意 .docx/.txt/.md")
    b.add_argument("--strict", action="store_true", help="有文件导入失败时以非零状态退出")
    _common(b)
    b.set_defaults(func=cmd_build)

    s = csub.add_parser("search", help="按条检索相似条文或关键词")
    s.add_argument("text", nargs="?", help="检索文本（或用 --queries 指定文件，每行一条）")
    s.add_argument("--queries", help="查询文件，每行一条查询")
    s.add_argument("--top", type=int, default=5, help="每条查询返回的条数（默认 5）")
    s.add_argument("--level", action="append", help="效力级别，如 法律、行政法规、地方性法规（可多次指定）")
    s.add_argument("--region", action="append", help="地区，如 全国、山东、上海（可多次指定）")
    s.add_argument("--status", action="append", help="状态：现行、已被修改、已废止（可多次指定）")
    s.add_argument("--date-from", default="", help="版本日期不早于（YYYY-MM-DD）")
    s.add_argument("--date-to", default="", help="版本日期不晚于（YYYY-MM-DD）")
    s.add_argument("--mode", choices=["auto", "similar", "keyword"], default="auto",
                   help="similar 相似条文；keyword 精确包含；auto 八字以内按关键词（默认）")
    _common(s)
    s.set_defaults(func=cmd_search)

    i = csub.add_parser("info", help="法规库统计")
    _common(i)
    i.set_defaults(func=cmd_info)

    r = csub.add_parser("repeal", help="将法规标记为已废止（--undo 撤销）")
    r.add_argument("doc", help="法规编号、路径或标题")
    r.add_argument("--undo", action="store_true")
    r.add_argument("--note", default="")
    _common(r)
    r.set_defaults(func=cmd_repeal)

    c = sub.add_parser("conflicts", help="冲突检索（上位法比对）：草案每一条与上位法、同级法规的相似条文")
    c.add_argument("draft", help="草案文件（.docx/.md/.txt），或工作台中的文档编号（如 12，或 12:3 表示第 3 版）")
    c.add_argument("--level", help="草案层级 LR/GR/ND（文件默认 LR；已存文档取其层级）")
    c.add_argument("--title", help="草案标题（用于识别地区；默认取文件标题）")
    c.add_argument("--issuing-body", default="", help="制定机关，如 济南市人民代表大会常务委员会")
    c.add_argument("--top", type=int, default=3, help="每组返回的条数（默认 3）")
    c.add_argument("--min-score", type=float, default=0.35, help="最低相似度（0-1，默认 0.35）")
    c.add_argument("--include-amended", action="store_true", help="也比对已被修改的旧版本")
    _common(c)
    c.set_defaults(func=cmd_conflicts)


def _common(p) -> None:
    p.add_argument("--db", default=None, help=CORPUS_DB_HELP)
    p.add_argument("--workbench-db", default=None, help="工作台数据库（用户、已存草案），默认 $WORKBENCH_DB")
    p.add_argument("--as", dest="actor", default=os.environ.get("WORKBENCH_USER", "admin"),
                   help="以哪个用户身份操作（默认 $WORKBENCH_USER，否则 admin；权限与应用相同）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")


class _ProgressLine:
    """A single updating progress line on stderr (at most ~10 updates a second)."""

    def __init__(self, label: str):
        self.label = label
        self.last = 0.0
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, current: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        pct = 100 * done // total if total else 100
        line = f"{self.label} {done}/{total}（{pct}%） {current[-50:]}"
        if self.tty:
            sys.stderr.write("\r\033[K" + line)
            if done >= total:
                sys.stderr.write("\n")
        elif done >= total or done % 500 == 0:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def cmd_build(args) -> int:
    user = _user(args)
    db = open_corpus_db(args.db)
    report = import_corpus_folder(db, user, args.src, progress=_ProgressLine("导入"))
    data = {**report.to_dict(), "corpus": counts(db)}
    lines = [report.summary(), f"法规库现有 {data['corpus']['documents']} 部法规、{data['corpus']['articles']} 条"]
    lines += [f"  失败：{p}：{e}" for p, e in report.failed]
    emit(args, data, "\n".join(lines))
    if report.failed:
        print(f"有 {len(report.failed)} 个文件未导入（见上）", file=sys.stderr)
    return 1 if (args.strict and report.failed) else 0


def _load(args):
    db = open_corpus_db(args.db)
    n = db.execute("select count(*) from corpus_articles").fetchone()[0]
    db.close()
    if n == 0:
        raise InputError(code="cli.corpus.load")
    return open_handle(args.db or default_corpus_db_path()).index


def cmd_search(args) -> int:
    user = _user(args)
    require(user, "corpus.search")
    if args.queries:
        path = Path(args.queries)
        if not path.is_file():
            raise InputError(code="cli.corpus.cmd_search", path=path)
        queries = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    elif args.text:
        queries = [args.text]
    else:
        raise InputError(code="cli.corpus.no_query")
    if args.top < 1:
        raise InputError(code="cli.corpus.bad_top")
    index = _load(args)
    f = Filters.of(level=args.level, region=args.region, status=args.status, date_from=args.date_from,
                   date_to=args.date_to)
    results = []
    lines = []
    for qi, q in enumerate(queries):
        hits = search_corpus(user, index, q, top=args.top, filters=f, mode=args.mode)
        results.append({"query": qi, "hits": [h.to_json() for h in hits]})
        lines.append(f"查询 {qi}：{q[:40]}")
        lines += [f"  {h.score:.2f}  《{h.title}》{h.label}（{h.level}，{h.status}） {h.span_text[:40]}"
                  for h in hits] or ["  （无结果）"]
    emit(args, {"results": results}, "\n".join(lines))
    return 0


def cmd_info(args) -> int:
    user = _user(args)
    db = open_corpus_db(args.db)
    data = {**corpus_counts(db, user), "generation": generation(db)[0], "last_import": meta_get(db, "last_import"),
            "last_source": meta_get(db, "last_source")}
    text = (f"法规 {data['documents']} 部，条文 {data['articles']} 条\n"
            + "\n".join(f"  {k}：{v}" for k, v in data["levels"].items())
            + "\n" + "，".join(f"{k} {v}" for k, v in data["statuses"].items()))
    emit(args, data, text)
    return 0


def _user(args):
    """The acting ``--as`` user, from the workbench database (the corpus database has no users)."""
    wdb = open_db(args.workbench_db)
    try:
        return acting_user(wdb, args)
    finally:
        wdb.close()


def cmd_repeal(args) -> int:
    db = open_corpus_db(args.db)
    doc = find_doc(db, args.doc)
    after = mark_repealed(db, _user(args), doc.id, not args.undo, note=args.note)
    ensure_index(db)
    emit(args, {"id": after.id, "path": after.path, "title": after.title, "status": after.status},
         f"《{after.title}》（{after.path}）状态：{after.status}")
    return 0


def load_draft(args, user):
    """(tree, title, level code, issuing body) of a file or a stored version ``user`` may read."""
    key = args.draft
    if Path(key).is_file():
        tree = read_path(key)
        return tree, args.title or tree.title or Path(key).stem, args.level or "LR", args.issuing_body
    wdb = open_db(args.workbench_db)
    doc_key, _, seq = key.partition(":")
    doc = find_document(wdb, doc_key)
    if seq:
        versions = [v for v in list_versions(wdb, doc.id) if str(v.seq) == seq.lstrip("v")]
        if not versions:
            raise NotFound(code="cli.corpus.load_draft", id=doc.id, seq=seq)
        version = versions[0]
    else:
        version = current_version(wdb, doc.id)
    version = require_version(wdb, user, version.id)
    return version.tree, args.title or doc.title, args.level or doc.level, args.issuing_body or doc.issuing_body


def cmd_conflicts(args) -> int:
    user = _user(args)
    require(user, "check.run")
    tree, title, level, body = load_draft(args, user)
    if not tree.articles:
        raise InputError(code="cli.corpus.cmd_conflicts")
    index = _load(args)
    report = conflicts_for(user, index, tree, level=level, title=title, issuing_body=body, per_group=args.top,
                            min_score=args.min_score,
                            statuses=(CURRENT, AMENDED) if args.include_amended else (CURRENT,))
    lines = [f"《{report.title}》：按{report.context.label}比对，共 {len(report.articles)} 条，"
             f"用时 {report.seconds:.2f} 秒"]
    for a in report.articles:
        lines.append(f"{a.label} {a.text[:30]}")
        for g in GROUPS:
            for m in a.matches[g]:
                flags = "；".join(f"{f.name}：{f.detail}" for f in m.flags)
                lines.append(f"  [{g}] {m.hit.score:.2f} 《{m.hit.title}》{m.hit.label}" + (f"  提示：{flags}" if flags else ""))
    emit(args, report.to_dict(), "\n".join(lines))
    return 0
