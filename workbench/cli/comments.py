"""`python -m workbench comments|consultation|contact-point …`: the 基层立法联系点 comment loop.

Same core functions as the 征求意见 pages; ``--as USER`` names the acting user, whose role is
checked in the core. ``comments import`` previews the split minutes and saves only with ``--yes``
(or after answering y on a terminal).
"""
from __future__ import annotations

import sys
from pathlib import Path

from workbench.cli import add_common, emit
from workbench.cli.common import open_as
from base.errors import InputError
from workbench.consultation.consultations import add_contact_point, list_contact_points, open_consultation, close_consultation, consultations_for, find_contact_point
from workbench.documents.store import find_document, get_version
from workbench.consultation.reports import draft_docx, adoption_report_docx, feedback_letter_docx
from workbench.consultation.comment_import import preview_import, save_import
from workbench.consultation.comments import list_comments, dispose


def register(sub) -> None:
    cp = sub.add_parser("contact-point", help="基层立法联系点：新增、列出")
    cps = cp.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = cps.add_parser("add", help="新增联系点")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, help="街道/社区/企业/高校/律所")
    p.add_argument("--district", default="")
    p.add_argument("--liaison", default="", help="联络员")
    p.add_argument("--contact", default="", help="联系方式")
    add_common(p)
    p.set_defaults(func=cmd_cp_add)
    p = cps.add_parser("list", help="列出联系点")
    add_common(p)
    p.set_defaults(func=cmd_cp_list)

    cs = sub.add_parser("consultation", help="征求意见：发起、关闭、列出、导出征求意见稿")
    css = cs.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = css.add_parser("open", help="就某一版本发起征求意见")
    p.add_argument("--version", type=int, required=True, help="版本编号（versions 命令中的 id）")
    p.add_argument("--opens", required=True, help="开始日期 YYYY-MM-DD")
    p.add_argument("--closes", required=True, help="截止日期 YYYY-MM-DD")
    p.add_argument("--invite", required=True, help="受邀联系点编号，逗号分隔，如 1,2")
    p.add_argument("--question", action="append", default=[], help="重点征求意见的问题（可多次给出）")
    p.add_argument("--title", default="")
    add_common(p)
    p.set_defaults(func=cmd_open)
    p = css.add_parser("close", help="关闭征求意见（截止前关闭须 --note 说明理由）")
    p.add_argument("id", type=int)
    p.add_argument("--note", default="")
    add_common(p)
    p.set_defaults(func=cmd_close)
    p = css.add_parser("list", help="列出征求意见")
    p.add_argument("--doc", help="文档编号或标题")
    add_common(p)
    p.set_defaults(func=cmd_list)
    p = css.add_parser("draft", help="导出征求意见稿（含征求意见说明）为 .docx")
    p.add_argument("id", type=int)
    p.add_argument("-o", "--output", required=True)
    add_common(p)
    p.set_defaults(func=cmd_draft)

    cm = sub.add_parser("comments", help="意见：导入座谈会记录、列出、处理、生成报告")
    cms = cm.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = cms.add_parser("import", help="导入座谈会记录（.docx/.csv），按所提条款拆分；先预览，--yes 保存")
    p.add_argument("file")
    p.add_argument("--consultation", type=int, required=True)
    p.add_argument("--contact-point", help="联系点编号或名称（CSV 含“联系点”列时可省略）")
    p.add_argument("--source", default="座谈会", help="意见来源：座谈会/走访/问卷/个人")
    p.add_argument("--participants", type=int, help="参会人数（覆盖记录中的“参加人数”）")
    p.add_argument("--yes", action="store_true", help="不询问，直接保存预览中的全部条目")
    add_common(p)
    p.set_defaults(func=cmd_import)
    p = cms.add_parser("list", help="列出意见")
    p.add_argument("--consultation", type=int)
    p.add_argument("--contact-point", type=int)
    add_common(p)
    p.set_defaults(func=cmd_comments_list)
    p = cms.add_parser("dispose", help="处理意见：采纳/部分采纳/未采纳（可一次处理多条）")
    p.add_argument("ids", help="意见编号，逗号分隔")
    p.add_argument("--decision", required=True, help="采纳/部分采纳/未采纳")
    p.add_argument("--reason", required=True)
    p.add_argument("--adopted-version", type=int, help="体现该意见的版本编号")
    p.add_argument("--adopted-article", help="体现该意见的条，如 第七条")
    add_common(p)
    p.set_defaults(func=cmd_dispose)
    p = cms.add_parser("report", help="生成征求意见采纳情况说明（或 --contact-point 的反馈函）.docx")
    p.add_argument("--consultation", type=int, required=True)
    p.add_argument("--contact-point", type=int, help="只生成该联系点的反馈函")
    p.add_argument("-o", "--output", required=True)
    add_common(p)
    p.set_defaults(func=cmd_report)


def _int_list(text: str, code: str) -> list[int]:
    """'1,2，3' → [1, 2, 3]; InputError(code, text=text) if an entry is not a number."""
    try:
        return [int(x) for x in text.replace("，", ",").split(",") if x.strip()]
    except ValueError:
        raise InputError(code=code, text=text) from None


def _write(path: str, data: bytes) -> None:
    out = Path(path)
    if out.suffix.lower() != ".docx":
        raise InputError(code="cli.comments.write", path=path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


def cmd_cp_add(args) -> int:
    db, user = open_as(args)
    cp = add_contact_point(db, user, name=args.name, kind=args.kind, district=args.district,
                           liaison=args.liaison, contact=args.contact)
    emit(args, cp.__dict__, f"已新增联系点 #{cp.id} {cp.name}（{cp.kind}）")
    return 0


def cmd_cp_list(args) -> int:
    db, _user = open_as(args)
    rows = list_contact_points(db)
    emit(args, [r.__dict__ for r in rows],
         "\n".join(f"#{r.id}\t{r.name}\t{r.kind}\t{r.district}\t{r.liaison}\t{r.contact}" for r in rows)
         or "（暂无联系点）")
    return 0


def _cons_dict(c) -> dict:
    return {"id": c.id, "document_id": c.document_id, "version_id": c.version_id, "title": c.title,
            "opens_on": c.opens_on.isoformat(), "closes_on": c.closes_on.isoformat(), "status": c.status(),
            "period_days": c.period_days, "invited": c.invited, "key_questions": c.key_questions}


def cmd_open(args) -> int:
    db, user = open_as(args)
    ids = _int_list(args.invite, "cli.comments.bad_invite")
    c = open_consultation(db, user, version_id=args.version, opens_on=args.opens, closes_on=args.closes,
                          contact_point_ids=ids, key_questions=args.question, title=args.title)
    emit(args, _cons_dict(c), f"已发起征求意见 {c.display}，邀请 {len(c.invited)} 个联系点")
    return 0


def cmd_close(args) -> int:
    db, user = open_as(args)
    c = close_consultation(db, user, args.id, note=args.note)
    emit(args, _cons_dict(c), f"已关闭征求意见 {c.display}（征求意见期 {c.period_days} 日）")
    return 0


def cmd_list(args) -> int:
    db, user = open_as(args)
    rows = consultations_for(db, user)
    if args.doc:
        doc_id = find_document(db, args.doc).id
        rows = [c for c in rows if c.document_id == doc_id]
    emit(args, [_cons_dict(c) for c in rows],
         "\n".join(f"{c.display}\t{c.status()}\t邀请 {len(c.invited)} 个联系点" for c in rows) or "（暂无征求意见）")
    return 0


def cmd_draft(args) -> int:
    db, user = open_as(args)
    _write(args.output, draft_docx(db, user, args.id))
    emit(args, {"output": args.output}, f"已导出征求意见稿：{args.output}")
    return 0


def _preview_text(preview) -> str:
    lines = [f"文件：{preview.filename}　共 {len(preview.items)} 条意见，其中 {len(preview.flagged)} 条需核对"]
    if preview.participants:
        lines.append(f"参会人数：{preview.participants}")
    for it in preview.items:
        where = it.article_label or "整体意见"
        flag = f"　[需核对：{'；'.join(it.flags)}]" if it.flags else ""
        note = f"　（{it.note}）" if it.note else ""
        lines.append(f"第{it.line_no}行\t{where}\t{it.text}{flag}{note}")
    return "\n".join(lines)


def cmd_import(args) -> int:
    db, user = open_as(args)
    path = Path(args.file)
    if not path.is_file():
        raise InputError(code="cli.comments.cmd_import", path=path)
    cp_id = find_contact_point(db, args.contact_point).id if args.contact_point else None
    preview = preview_import(db, user, args.consultation, path.read_bytes(), path.name, contact_point_id=cp_id,
                             source_kind=args.source, participants=args.participants)
    text = _preview_text(preview)
    confirmed = args.yes
    if not confirmed:
        print(text)
        if sys.stdin.isatty():
            confirmed = input("保存以上意见？[y/N] ").strip().lower() in ("y", "yes", "是")
        else:
            print("未保存：核对无误后加 --yes 重新运行以保存。")
            return 0
    if not confirmed:
        print("未保存。")
        return 0
    ids = save_import(db, user, preview)
    data = {"saved": len(ids), "comment_ids": ids, "flagged": len(preview.flagged)}
    emit(args, data, (text + "\n" if args.yes else "") + f"已保存 {len(ids)} 条意见（{len(preview.flagged)} 条已标记待核对）")
    return 0


def cmd_comments_list(args) -> int:
    db, user = open_as(args)
    rows = list_comments(db, user, consultation_id=args.consultation, contact_point_id=args.contact_point)
    data = [{"id": c.id, "consultation_id": c.consultation_id, "contact_point": c.contact_point_name,
             "target": c.target, "text": c.text, "participants": c.participants, "source_kind": c.source_kind,
             "status": c.status, "reason": c.reason, "needs_review": c.needs_review} for c in rows]
    emit(args, data, "\n".join(f"#{c.id}\t{c.contact_point_name}\t{c.target}\t{c.status}\t{c.text}" for c in rows)
         or "（暂无意见）")
    return 0


def cmd_dispose(args) -> int:
    db, user = open_as(args)
    ids = _int_list(args.ids, "cli.comments.bad_ids")
    article_id = None
    if args.adopted_article:
        if not args.adopted_version:
            raise InputError(code="cli.comments.cmd_dispose")
        art = get_version(db, args.adopted_version).tree.article(args.adopted_article)
        article_id = art.id if art else args.adopted_article
    done = dispose(db, user, ids, decision=args.decision, reason=args.reason,
                   adopted_version_id=args.adopted_version, adopted_article_id=article_id)
    emit(args, {"disposed": [c.id for c in done], "decision": args.decision},
         f"已处理 {len(done)} 条意见：{args.decision}")
    return 0


def cmd_report(args) -> int:
    db, user = open_as(args)
    if args.contact_point:
        data = feedback_letter_docx(db, user, args.consultation, args.contact_point)
        what = "反馈函"
    else:
        data = adoption_report_docx(db, user, consultation_id=args.consultation)
        what = "征求意见采纳情况说明"
    _write(args.output, data)
    emit(args, {"output": args.output, "kind": what}, f"已生成{what}：{args.output}")
    return 0
