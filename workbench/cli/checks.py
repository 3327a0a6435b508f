"""CLI: ``check``, ``review`` and ``rules`` commands (registered in workbench.cli.COMMAND_MODULES).

    python -m workbench check FILE_OR_DOC [--level LR|GR|ND] [--json] [--fail-on error|warning]
    python -m workbench review create|list|show|dispose|opinion|sign|export …
    python -m workbench rules list|docs …

``check`` exits 0 whenever the check ran, whatever it found (``--fail-on`` opts in to exit 1);
it exits non-zero only when it could not run (bad file, unknown level or document).

For a stored document, ``check`` and ``review create`` read the procedural dossier from the
workbench's records (workbench.procedure.dossier_records: consultations, sign-offs, stage dates, plan);
``--dossier FILE.json`` overrides them key by key, ``--no-records`` switches them off.
"""
from __future__ import annotations

from pathlib import Path

from base.errors import InputError
from checks.dossier import load_dossier
from checks.dossier_sources import facts
from lawtext.files import read_path
from lawtext.model import checked_level_code
from workbench.cli import add_common, emit
from workbench.access.permissions import require
from workbench.cli.common import acting_user_for_files, document_version, open_as
from workbench.documents.store import find_document
from workbench.review.pipeline import DEFAULT_CORPUS, Assessment, assess_text, assess_version, open_review
from workbench.review.text import review_summary, review_text, review_list_text
from workbench.review.store import list_reviews, get_review, dispose, set_opinion, sign
from workbench.review.opinion_docx import review_docx
from checks.docs import severity_text, write_docs
from checks.registry import all_rules, rules_for


def register(sub) -> None:
    p = sub.add_parser("check", help="对文件或已存文档运行合法性检查")
    p.add_argument("target", metavar="FILE_OR_DOC", help="文件路径（.md/.txt/.docx），或数据库中文档的编号/标题")
    p.add_argument("--level", help="LR/GR/ND 或 地方性法规/政府规章/行政规范性文件（文件必填；文档默认取其层级）")
    p.add_argument("--version", type=int, help="文档的版本序号（默认当前版本）")
    p.add_argument("--corpus-db", help="法规库数据库（默认 $WORKBENCH_CORPUS_DB，否则工作台数据库旁的 corpus.db，如存在且非空）")
    p.add_argument("--no-corpus", action="store_true", help="不使用法规库（引用标为未核验）")
    p.add_argument("--profile", help="地区参数配置（checks/jurisdictions.toml，默认辽宁/沈阳）")
    p.add_argument("--dossier", help="卷宗 JSON 文件（征求意见、审核、公布、备案等程序信息）；对已存文档，"
                                     "与工作台记录合并，文件中的值优先")
    p.add_argument("--no-records", action="store_true", help="已存文档不使用工作台记录（征求意见、审核签署、流程阶段）作为卷宗")
    p.add_argument("--issuing-body", default="", help="制定机关（用于 ND-ISSUER）")
    p.add_argument("--fail-on", choices=["error", "warning"], help="有该级别（或更严重）的发现时以状态 1 退出")
    add_common(p)
    p.set_defaults(func=cmd_check)

    r = sub.add_parser("review", help="合法性审核：新建、处理发现、总体意见、签署、导出意见书")
    rs = r.add_subparsers(dest="review_cmd", required=True, metavar="ACTION")
    c = rs.add_parser("create", help="对文档的一个版本新建审核（自动运行检查）")
    c.add_argument("doc", help="文档编号或标题")
    c.add_argument("--version", type=int, help="版本序号（默认当前版本）")
    c.add_argument("--corpus-db", help="法规库数据库（默认同 check 命令）")
    c.add_argument("--no-corpus", action="store_true")
    c.add_argument("--conflicts", action="store_true", help="同时运行上位法冲突检索（需已建法规库数据库）")
    c.add_argument("--dossier", help="卷宗 JSON 文件（与工作台记录合并，文件中的值优先）")
    c.add_argument("--no-records", action="store_true", help="不使用工作台记录作为卷宗")
    add_common(c)
    c.set_defaults(func=cmd_review_create)
    ls = rs.add_parser("list", help="列出审核")
    ls.add_argument("doc", nargs="?", help="文档编号或标题")
    add_common(ls)
    ls.set_defaults(func=cmd_review_list)
    sh = rs.add_parser("show", help="显示一次审核")
    sh.add_argument("review", type=int)
    add_common(sh)
    sh.set_defaults(func=cmd_review_show)
    dp = rs.add_parser("dispose", help="处理一项发现：确认 / 不采纳（须说明理由）")
    dp.add_argument("review", type=int)
    dp.add_argument("seq", type=int, help="发现序号")
    dp.add_argument("disposition", help="确认 或 不采纳")
    dp.add_argument("--reason", default="")
    add_common(dp)
    dp.set_defaults(func=cmd_review_dispose)
    op = rs.add_parser("opinion", help="填写总体意见：合法 / 修改后合法 / 不合法")
    op.add_argument("review", type=int)
    op.add_argument("opinion")
    op.add_argument("--text", default="")
    add_common(op)
    op.set_defaults(func=cmd_review_opinion)
    sg = rs.add_parser("sign", help="法律顾问签署（记录版本哈希）")
    sg.add_argument("review", type=int)
    sg.add_argument("--paper-date", help="补录已在纸面签署的审核意见：签署日期 YYYY-MM-DD")
    add_common(sg)
    sg.set_defaults(func=cmd_review_sign)
    ex = rs.add_parser("export", help="导出合法性审核意见书 .docx")
    ex.add_argument("review", type=int)
    ex.add_argument("-o", "--output", required=True)
    add_common(ex)
    ex.set_defaults(func=cmd_review_export)

    ru = sub.add_parser("rules", help="规则目录：列出规则、生成规则文档")
    rus = ru.add_subparsers(dest="rules_cmd", required=True, metavar="ACTION")
    rl = rus.add_parser("list", help="列出规则")
    rl.add_argument("--level")
    rl.add_argument("--json", action="store_true")
    rl.set_defaults(func=cmd_rules_list)
    rd = rus.add_parser("docs", help="为每条规则生成一页 Markdown 文档")
    rd.add_argument("-o", "--output", default="docs/rules")
    rd.set_defaults(func=cmd_rules_docs)


# --- check -----------------------------------------------------------------------------------

def _corpus_db(args):
    """The corpus database the citation rules read: --corpus-db, else the default one if built."""
    if getattr(args, "no_corpus", False):
        return None
    if getattr(args, "corpus_db", None):
        if not Path(args.corpus_db).is_file():
            raise InputError(code="cli.checks.corpus_db", corpus_db=args.corpus_db)
        return args.corpus_db
    return DEFAULT_CORPUS


def _dossier(args):
    return load_dossier(args.dossier) if getattr(args, "dossier", None) else None


def _dossier_lines(dossier: dict | None) -> list[str]:
    """The facts taken from the workbench's records, for the text output."""
    by_source: dict[str, list[str]] = {}
    for r in facts(dossier):
        if r["source"]:
            by_source.setdefault(r["source"], []).append(f"{r['label']} {r['value']}")
    if not by_source:
        return []
    return ["卷宗（工作台记录）："] + [f"    {src} → {'；'.join(vals)}" for src, vals in by_source.items()]


def _is_file_target(target: str) -> bool:
    path = Path(target)
    if path.exists():
        return True
    if "/" in target or "\\" in target or path.suffix.lower() in (".md", ".txt", ".docx", ".markdown"):
        raise InputError(code="cli.checks.is_file_target", target=target)
    return False


def assess_target(args) -> Assessment:
    """The assessment of a file (dossier: --dossier) or of a stored document's version as the acting
    user (dossier: its records merged with --dossier) — through the one review pipeline."""
    if _is_file_target(args.target):
        if not args.level:
            raise InputError(code="cli.checks.assess_target")
        user = acting_user_for_files(args)
        tree = read_path(Path(args.target))
        return assess_text(user, tree, checked_level_code(args.level),
                           meta={"title": tree.title, "issuing_body": args.issuing_body},
                           dossier=_dossier(args), corpus_db=_corpus_db(args), profile=args.profile)
    db, user = open_as(args)
    try:
        doc = find_document(db, args.target)
        v = document_version(db, doc, args.version or None)
        return assess_version(db, user, v.id, level=checked_level_code(args.level) if args.level else None,
                              explicit_dossier=_dossier(args), use_records=not args.no_records,
                              corpus_db=_corpus_db(args), profile=args.profile,
                              issuing_body=args.issuing_body or None)
    finally:
        db.close()


def cmd_check(args) -> int:
    result = assess_target(args)
    counts = result.counts
    lines = [f"《{result.title}》（{result.level}，{result.articles} 条）：错误 {counts['error']}，"
             f"警示 {counts['warning']}，提示 {counts['info']}"]
    lines += _dossier_lines(result.dossier)
    for f in result.findings:
        lines.append(f"[{f.severity_name}] {'、'.join(f.rules)} {f.article_label or '全文'}：{f.message}")
        if f.excerpt:
            lines.append(f"    原文：{f.excerpt}")
        lines.append(f"    依据：{f.basis}")
    emit(args, result.to_dict(), "\n".join(lines))
    if args.fail_on == "error" and counts["error"]:
        return 1
    if args.fail_on == "warning" and (counts["error"] or counts["warning"]):
        return 1
    return 0


# --- review ----------------------------------------------------------------------------------

def cmd_review_create(args) -> int:
    db, user = open_as(args)
    doc = find_document(db, args.doc)
    v = document_version(db, doc, args.version or None)
    r = open_review(db, user, v.id, explicit_dossier=_dossier(args), use_records=not args.no_records,
                    corpus_db=_corpus_db(args), conflicts=args.conflicts)
    emit(args, review_summary(r), review_text(db, r))
    return 0


def _reader(args):
    """(db, user) for reading reviews: the 合法性审核 page's permission, ``check.run``."""
    db, user = open_as(args)
    require(user, "check.run")
    return db, user


def cmd_review_list(args) -> int:
    db, _user = _reader(args)
    doc_id = find_document(db, args.doc).id if args.doc else None
    rs = list_reviews(db, doc_id)
    data = [{"id": r.id, "document_id": r.document_id, "version_id": r.version_id, "status": r.status,
             "stale": r.stale, "opinion": r.opinion, "items": len(r.items), "signed_by": r.signed_by,
             "signed_by_name": r.signed_by_name or None, "signed_at_display": r.signed_at_display or None}
            for r in rs]
    emit(args, data, review_list_text(db, rs))
    return 0


def cmd_review_show(args) -> int:
    db, _user = _reader(args)
    r = get_review(db, args.review)
    emit(args, review_summary(r), review_text(db, r))
    return 0


def cmd_review_dispose(args) -> int:
    db, user = open_as(args)
    r = dispose(db, args.review, args.seq, args.disposition, actor=user, reason=args.reason)
    emit(args, review_summary(r), f"已记录第 {args.seq} 项：{args.disposition}")
    return 0


def cmd_review_opinion(args) -> int:
    db, user = open_as(args)
    r = set_opinion(db, args.review, args.opinion, actor=user, text=args.text)
    emit(args, review_summary(r), f"总体意见：{r.opinion}")
    return 0


def cmd_review_sign(args) -> int:
    db, user = open_as(args)
    r = sign(db, args.review, actor=user, paper_date=args.paper_date)
    emit(args, review_summary(r), f"已签署审核 {r.id}：{r.signoff_text}，版本哈希 {r.signed_sha256}")
    return 0


def cmd_review_export(args) -> int:
    db, _user = _reader(args)
    data = review_docx(db, args.review)
    out = Path(args.output)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)          # nothing half-written
    emit(args, {"output": str(out), "bytes": len(data)}, f"已导出合法性审核意见书：{out}")
    return 0


# --- rules -----------------------------------------------------------------------------------

def cmd_rules_list(args) -> int:
    rules = rules_for(checked_level_code(args.level)) if args.level else all_rules()
    data = [{"id": r.id, "title": r.title, "family": r.family, "levels": sorted(r.levels),
             "severity": r.severity, "basis": r.basis, "requires": sorted(r.requires), "head": r.head,
             "params": list(r.params)} for r in rules]
    text = "\n".join(f"{r.id:24s} {'/'.join(sorted(r.levels)):9s} {severity_text(r)}  {r.title}" for r in rules)
    emit(args, data, text + f"\n共 {len(rules)} 条规则")
    return 0


def cmd_rules_docs(args) -> int:
    written = write_docs(args.output)
    print(f"已生成 {len(written)} 个文件到 {args.output}")
    return 0
