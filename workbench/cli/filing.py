"""备案审查 commands: `filing organ|register|import|accept|supplement|list|show|assign|dispose|finding|letter|
reply|redline|close`. Every command acts as the ``--as`` user through the same core functions as the
pages (workbench.filing), takes ``--json``, and turns bad input into a Chinese message and a
non-zero exit (workbench.cli.main).
"""
from __future__ import annotations

from pathlib import Path

from base.errors import InputError
from lawtext.diff.redline import default_note
from workbench.filing.batch import create_batch, run_batch
from workbench.filing.casework import add_finding, assign, close, dispose, element_for, open_filing, record_reply, redline
from workbench.filing.intake import FilingInput, my_filings, register_filing, register_pending, supplement
from workbench.filing.letters import issue_letter
from workbench.filing.materials import read_material
from workbench.filing.organs import add_organ, find_organ, link_account, list_organs
from workbench.filing.store import items_of, letter_docx, letters_of
from workbench.filing.triage import queue, triage_filing
from workbench.review.pipeline import DEFAULT_CORPUS, resolve_corpus_db
from workbench.cli import add_common, emit
from workbench.filing.schemas import FilingRow
from workbench.cli.common import open_as


def subcommand(fsub, name: str, help_: str, func, *args: tuple):
    p = fsub.add_parser(name, help=help_)
    for a, kw in args:
        p.add_argument(*a, **kw)
    add_common(p)
    p.set_defaults(func=func)
    return p


def option(*names, **kw) -> tuple:
    return names, kw


ID = option("id", type=int, help="备案文件编号")
META = [option("--title", default=""), option("--number", dest="doc_number", default="", help="文号"),
        option("--level", default="", help="LR/GR/ND 或中文层级（默认从文本推断）"),
        option("--published", default="", help="公布日期 YYYY-MM-DD"), option("--effective", default="", help="施行日期"),
        option("--filed", default="", help="报备日期（默认今天）")]
CORPUS = option("--corpus-db", default=None, help="法规库数据库（引用核验与上位法比对；默认工作台数据库旁的 corpus.db）")


def register(sub) -> None:
    p = sub.add_parser("filing", help="备案审查：报备单位、登记、审查、函件、回复、审结")
    fsub = p.add_subparsers(dest="filing_cmd", required=True, metavar="SUBCOMMAND")
    subcommand(fsub, "organ-add", "登记报备单位", cmd_organ_add, option("name"),
       option("--kind", default="市政府部门", help="市人民政府/市政府部门/区县人民政府/其他"),
       option("--contact", default=""), option("--phone", default=""), option("--email", default=""))
    subcommand(fsub, "organ-list", "列出报备单位", cmd_organ_list)
    subcommand(fsub, "organ-link", "将报备单位账户关联到报备单位", cmd_organ_link, option("username"), option("organ"))
    subcommand(fsub, "register", "登记一件报备文件（正式文本及其他材料）", cmd_register, option("files", nargs="+"),
       option("--organ", required=True, help="报备单位名称或编号"), *META, CORPUS,
       option("--no-triage", action="store_true", help="只登记，不运行自动审查"))
    subcommand(fsub, "import", "批量登记：文件夹或 .zip（可附 manifest.csv）", cmd_import, option("source"), CORPUS)
    subcommand(fsub, "accept", "登记待登记的文件（材料已齐全）", cmd_accept, ID)
    subcommand(fsub, "supplement", "补充报备材料", cmd_supplement, ID, option("files", nargs="+"))
    subcommand(fsub, "list", "审查队列（按风险排序）", cmd_list, option("--all", action="store_true", help="包括已审结"),
       option("--status", default=None), option("--assignee", default=None))
    subcommand(fsub, "show", "查看一件备案文件及其审查事项", cmd_show, ID)
    subcommand(fsub, "mine", "报备单位：本单位报备的文件及其状态", cmd_mine)
    subcommand(fsub, "assign", "分派承办人", cmd_assign, ID, option("assignee"))
    subcommand(fsub, "dispose", "处理一项审查发现：确认/不采纳", cmd_dispose, ID, option("seq", type=int),
       option("disposition", choices=["确认", "不采纳"]), option("--reason", default=""))
    subcommand(fsub, "finding", "就某条提出审查意见", cmd_finding, ID, option("--article", required=True, help="第五条 或 art-5"),
       option("--message", required=True), option("--severity", default="error", choices=["error", "warning", "info"]),
       option("--basis", default=""))
    subcommand(fsub, "letter", "发函：备案登记通知/补充材料通知/审查意见书/纠正意见函", cmd_letter, ID,
       option("--kind", required=True), option("-o", "--output", default=None, help="保存 .docx"))
    subcommand(fsub, "reply", "登记报备单位的回复（可附纠正后的文本）", cmd_reply, ID, option("--text", default=""),
       option("--corrected", default=None, help="纠正后的文本文件"), option("--received", default=None))
    subcommand(fsub, "redline", "报备文本与纠正后文本的修改对照", cmd_redline, ID)
    subcommand(fsub, "close", "审结", cmd_close, ID, option("--outcome", required=True), option("--note", default=""))


def corpus_path(args):
    """--corpus-db, else the default corpus database if one is built (the pipeline resolves it)."""
    if args.corpus_db:
        if not Path(args.corpus_db).is_file():
            raise InputError(code="cli.filing.corpus_path", corpus_db=args.corpus_db)
        return args.corpus_db
    found = resolve_corpus_db(DEFAULT_CORPUS)
    return str(found) if found else None


def _row(f) -> dict:
    """A filing as the JSON output shows it (:class:`workbench.filing.schemas.FilingRow`)."""
    return FilingRow.of(f).model_dump()


def _line(f) -> str:
    c = f.counts
    late = f"　逾期报备{f.late_days}日" if f.late else ""
    return (f"{f.id}\t{f.status}{('·' + f.outcome) if f.outcome else ''}\t错误{c['error']} 警示{c['warning']}\t"
            f"{f.organ_name}\t《{f.title}》{late}")


def cmd_organ_add(args) -> int:
    db, user = open_as(args)
    o = add_organ(db, user, args.name, args.kind, contact_person=args.contact, phone=args.phone, email=args.email)
    emit(args, o.__dict__, f"已登记报备单位 {o.id}：{o.name}（{o.kind}）")


def cmd_organ_list(args) -> int:
    db, user = open_as(args)
    organs = list_organs(db, user)
    emit(args, [o.__dict__ for o in organs], "\n".join(f"{o.id}\t{o.kind}\t{o.name}\t{o.contact_person} {o.phone}"
                                                        for o in organs) or "（无报备单位）")


def cmd_organ_link(args) -> int:
    db, user = open_as(args)
    organ = find_organ(db, args.organ)
    link_account(db, user, args.username, organ.id)
    emit(args, {"username": args.username, "organ_id": organ.id}, f"已将 {args.username} 关联到 {organ.name}")


def _materials(files):
    out = []
    for name in files:
        p = Path(name)
        if not p.is_file():
            raise InputError(code="cli.filing.materials", p=p)
        out.append(read_material(p.read_bytes(), p.name))
    return out


def cmd_register(args) -> int:
    db, user = open_as(args)
    organ = find_organ(db, args.organ)
    meta = FilingInput(title=args.title, doc_number=args.doc_number, level=args.level, published_on=args.published,
                       effective_on=args.effective, filed_on=args.filed)
    f = register_filing(db, user, organ.id, _materials(args.files), meta)
    if not args.no_triage:
        f = triage_filing(db, f.id, actor=user.username, corpus_db=corpus_path(args))
    emit(args, _row(f), _line(f) + (f"\n缺少材料：{'、'.join(f.missing)}" if f.missing else ""))


def cmd_import(args) -> int:
    db, user = open_as(args)
    bid = create_batch(db, user, str(Path(args.source).resolve()))
    b = run_batch(db, user, bid, corpus_db=corpus_path(args))
    text = [f"{r['file']}\t{r['result']}\t{r['message']}" for r in b["report"]]
    text.append(f"共 {b['total']} 件：已登记 {b['registered']}，待登记 {b['pending']}，失败 {b['failed']}；"
                f"已自动审查 {b['triaged']}" + (f"\n错误：{b['error']}" if b["error"] else ""))
    emit(args, {k: b[k] for k in ("id", "status", "total", "registered", "pending", "failed", "triaged", "report", "error")},
         "\n".join(text))
    return 1 if b["status"] == "失败" else 0


def cmd_accept(args) -> int:
    db, user = open_as(args)
    f = register_pending(db, user, args.id)
    emit(args, _row(f), _line(f))


def cmd_supplement(args) -> int:
    db, user = open_as(args)
    f = supplement(db, user, args.id, _materials(args.files))
    emit(args, _row(f), _line(f))


def cmd_list(args) -> int:
    db, user = open_as(args)
    rows = queue(db, user, include_closed=args.all, status=args.status, assignee=args.assignee)
    emit(args, [_row(f) for f in rows], "\n".join(_line(f) for f in rows) or "（队列为空）")


def cmd_mine(args) -> int:
    db, user = open_as(args)
    rows = my_filings(db, user)
    emit(args, [FilingRow.of(f).model_dump(exclude={"counts"}) for f in rows],
         "\n".join(f"{f.id}\t{f.status}{('·' + f.outcome) if f.outcome else ''}\t《{f.title}》" for f in rows)
         or "（本单位还没有报备文件）")


def cmd_show(args) -> int:
    db, user = open_as(args)
    f = open_filing(db, user, args.id)
    items = items_of(db, f.id)
    letters = letters_of(db, f.id)
    text = [_line(f)] + [f"  {i.seq:3d}. [{i.severity}] {i.article_label or '全文'}：{i.message}　—— "
                         f"{i.disposition or '未处理'}{('：' + i.reason) if i.reason else ''}" for i in items]
    text += [f"  函件 {x.number} {x.kind} {x.issued_on}" for x in letters]
    emit(args, {**_row(f), "items": [i.to_dict() for i in items],
                "letters": [x.__dict__ for x in letters]}, "\n".join(text))


def cmd_assign(args) -> int:
    db, user = open_as(args)
    emit(args, _row(assign(db, user, args.id, args.assignee)), f"已分派给 {args.assignee}")


def cmd_dispose(args) -> int:
    db, user = open_as(args)
    f = dispose(db, user, args.id, args.seq, args.disposition, reason=args.reason)
    emit(args, _row(f), f"第 {args.seq} 项：{args.disposition}")


def cmd_finding(args) -> int:
    db, user = open_as(args)
    f = add_finding(db, user, args.id, element_id=element_for(db, args.id, args.article), message=args.message,
                    severity=args.severity, basis=args.basis)
    emit(args, _row(f), f"已添加审查意见：{args.article}")


def cmd_letter(args) -> int:
    db, user = open_as(args)
    letter = issue_letter(db, user, args.id, args.kind)
    if args.output:
        Path(args.output).write_bytes(letter_docx(db, letter.id)[1])
    emit(args, letter.__dict__, f"已发出 {letter.kind}：{letter.number}" +
         (f"，回复期限 {letter.reply_due}" if letter.reply_due else "") + (f"；已保存 {args.output}" if args.output else ""))


def cmd_reply(args) -> int:
    db, user = open_as(args)
    corrected, name = None, ""
    if args.corrected:
        m = _materials([args.corrected])[0]
        corrected, name = (m.tree if m.tree is not None else None), m.filename
        if corrected is None:
            corrected = read_material(m.data, m.filename, kind="正式文本").tree
    f = record_reply(db, user, args.id, text=args.text, received_on=args.received, corrected=corrected,
                     source_name=name)
    emit(args, _row(f), "已登记回复" + ("及纠正后的文本" if corrected is not None else ""))


def cmd_redline(args) -> int:
    db, user = open_as(args)
    c = redline(db, open_filing(db, user, args.id))
    if c is None:
        raise InputError(code="filing.no_corrected")
    emit(args, c.to_json(), "\n".join(f"{' / '.join(filter(None, [i.old_label, i.new_label]))}：{default_note(i)}"
                                      for i in c.changed_items) or "没有修改")


def cmd_close(args) -> int:
    db, user = open_as(args)
    f = close(db, user, args.id, args.outcome, note=args.note)
    emit(args, _row(f), f"已审结：{f.outcome}")
