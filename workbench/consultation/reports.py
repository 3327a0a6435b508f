"""The letters of the comment loop, as 公文 (lawtext.docx.official, GB/T 9704-2012), issued by the
configured organ with a 发文字号 (workbench.letters):

- :func:`draft_docx` — the 征求意见函 to the invited contact points, the 征求意见稿 as its 附件;
- :func:`feedback_letter_docx` — the 采纳情况反馈函 to one contact point: each of its comments with
  the disposition and the reason;
- :func:`adoption_report_docx` — the 征求意见采纳情况说明 of a consultation or a whole document.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from base.clock import today as beijing_today
from base.errors import InputError
from lawtext.docx.io import append_law
from lawtext.docx.official import Attachment, Letter, Para, Table, cn_date, letter_docx
from lawtext.numerals import int_to_cn
from workbench.access.permissions import require
from workbench.access.users import User
from workbench.consultation.anchoring import adopted_in, anchors, describe
from workbench.consultation.comments import Comment, list_comments
from workbench.consultation.consultations import check_can_view, get_consultation, get_contact_point, list_consultations
from workbench.consultation.stats import breakdown
from workbench.documents.store import get_document, get_version
from workbench.letters import issuer, number_for


def _letter(kind: str, subject: str, user: User, today: date | None, **fields) -> bytes:
    """A letter of the configured organ with the 发文字号 and 成文日期 of its first issue."""
    who = issuer()
    given = number_for(fields.pop("db"), kind, subject, actor=user.username, on=today or beijing_today())
    return letter_docx(Letter(issuer=who.name, number=given.number, signed_on=given.on, printer=who.office,
                              **fields))


# --- 征求意见函 with the 征求意见稿 as its 附件 -----------------------------------------------------

def draft_docx(db, user: User, consultation_id: int, *, today: date | None = None) -> bytes:
    """The 征求意见函 to the invited contact points; the consulted version follows as its 附件."""
    c = get_consultation(db, consultation_id)
    check_can_view(user, c)
    version = get_version(db, c.version_id)
    doc_row = get_document(db, c.document_id)
    points = [get_contact_point(db, i).name for i in c.invited]
    name = f"《{doc_row.title}》（{version.label}）"
    body = [Para(f"现将{name}印发给你们，请组织座谈会、走访、问卷等方式广泛听取意见，并于{cn_date(c.closes_on)}前反馈。"),
            Para(f"征求意见期间为{cn_date(c.opens_on)}至{cn_date(c.closes_on)}，共{(c.closes_on - c.opens_on).days}日。")]
    if c.key_questions:
        body.append(Para("请重点就以下问题提出意见：", 0))
        body += [Para(q, 2, lead=f"（{int_to_cn(n)}）") for n, q in enumerate(c.key_questions, 1)]
    body += [Para("反馈方式：通过工作台“提交意见”页面逐条提交，或将座谈会记录按条款整理（注明第×条）后提交。"
                  "请注明每条意见的来源（座谈会、走访、问卷、个人）和参与人数。"), Para("特此函告。")]
    return _letter("consultation", str(c.id), user, c.opens_on, db=db,
                   title=f"{issuer().name}关于征求{name}意见的函", recipients=tuple(points) or ("各基层立法联系点",),
                   body=tuple(body),
                   attachments=(Attachment(f"{doc_row.title}（{version.label}）",
                                           write=lambda d: append_law(d, _untitled(version.tree))),))


def _untitled(tree):
    """The draft without its own title (the 附件 title already names it)."""
    return replace(tree, title="")


# --- 采纳情况反馈函 to one contact point ----------------------------------------------------------

def _comment_block(n: int, c: Comment, where: str, adopted_in: str) -> list[Para]:
    out = [Para(f"关于{where}", 1, lead=f"{int_to_cn(n)}、"), Para(c.text, 0, lead="意见："),
           Para(c.status, 0, lead="处理结果：")]
    out.append(Para(c.reason, 0, lead="理由：") if c.decision else
               Para("该意见正在研究中，处理结果将另行反馈。", 0, lead="说明："))
    if adopted_in:
        out.append(Para(adopted_in, 0, lead="体现于："))
    return out


def feedback_letter_docx(db, user: User, consultation_id: int, contact_point_id: int, *,
                         today: date | None = None) -> bytes:
    """采纳情况反馈函 to one contact point. A contact user can only get its own point's letter
    (list_comments enforces it)."""
    c = get_consultation(db, consultation_id)
    check_can_view(user, c)
    cp = get_contact_point(db, contact_point_id)
    comments = list_comments(db, user, consultation_id=c.id, contact_point_id=cp.id)
    doc_row = get_document(db, c.document_id)
    version = get_version(db, c.version_id)
    stats = breakdown(db, comments)
    views = anchors(db, comments, public=True) if comments else {}     # the letter leaves the drafting side
    period = f"（{cn_date(c.opens_on)}至{cn_date(c.closes_on)}）"
    if not comments:
        body = [Para(f"感谢贵联系点参与《{doc_row.title}》（{version.label}）征求意见工作。本次征求意见期间"
                     f"{period}，未收到贵联系点提交的意见。")]
    else:
        tail = f"，尚在研究{stats['pending']}条" if stats["pending"] else ""
        body = [Para(f"感谢贵联系点对《{doc_row.title}》（{version.label}）提出的宝贵意见。征求意见期间{period}，"
                     f"贵联系点共提交意见{stats['comments']}条，参与{stats['participants']}人次。经认真研究，"
                     f"采纳{stats['fully_adopted']}条，部分采纳{stats['partially_adopted']}条，"
                     f"未采纳{stats['not_adopted']}条{tail}。现将处理情况反馈如下：")]
        for n, cm in enumerate(comments, 1):
            body += _comment_block(n, cm, describe(views[cm.id], cm), adopted_in(db, cm, public=True))
        body.append(Para("欢迎贵联系点继续关注和参与立法工作。"))
    body.append(Para("特此函复。"))
    return _letter("feedback", f"{c.id}-{cp.id}", user, today, db=db,
                   title=f"{issuer().name}关于《{doc_row.title}》征求意见采纳情况的反馈函", recipients=(cp.name,),
                   body=tuple(body))


# --- 征求意见采纳情况说明 ------------------------------------------------------------------------

def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def _basics(db, cons, comments) -> list[Para]:
    out = [Para("征求意见基本情况", 1, lead="一、")]
    if not cons:
        out.append(Para("本文件尚未开展征求意见。"))
    for c in cons:
        v = get_version(db, c.version_id)
        points = [get_contact_point(db, i).name for i in c.invited]
        took_part = sorted({cm.contact_point_name for cm in comments if cm.consultation_id == c.id})
        out.append(Para(f"{cn_date(c.opens_on)}至{cn_date(c.closes_on)}，就{v.display}向{len(points)}个基层立法联系点"
                        f"（{'、'.join(points)}）征求意见，征求意见期{(c.closes_on - c.opens_on).days}日"
                        + (f"，于{cn_date(c.closed_on)}关闭" if c.closed_on else "")
                        + f"。共有{len(took_part)}个联系点反馈意见。"))
    return out


def _dispositions(db, comments, views) -> list[Para]:
    out = [Para("主要意见及处理情况", 1, lead="三、")]
    order = _article_order(db, comments)
    n = 0
    for k, (key, group) in enumerate(order, 1):
        out.append(Para(key, 2, lead=f"（{int_to_cn(k)}）"))
        for cm in group:
            n += 1
            where = describe(views[cm.id], cm)
            out.append(Para(f"{cm.contact_point_name}：{cm.text}", 3, lead=f"{n}. "))
            line = f"{cm.status}。" + (f"理由：{cm.reason}" if cm.decision else "尚在研究。")
            if adopted := adopted_in(db, cm):
                line += f"（体现于{adopted}）"
            if where != cm.target:
                line += f"（条文位置：{where}）"
            out.append(Para(line, 0, lead="处理："))
    if not comments:
        out.append(Para("未收到意见。"))
    return out


def adoption_report_docx(db, user: User, *, consultation_id: int | None = None, document_id: int | None = None,
                         today: date | None = None) -> bytes:
    """征求意见采纳情况说明 for one consultation, or for every consultation of a document."""
    require(user, "comment.view_all")
    if consultation_id is not None:
        cons = [get_consultation(db, consultation_id)]
        document_id = cons[0].document_id
    elif document_id is not None:
        cons = sorted(list_consultations(db, document_id), key=lambda x: x.id)
    else:
        raise InputError(code="reports.adoption_report_docx")
    doc_row = get_document(db, document_id)
    comments = [cm for c in cons for cm in list_comments(db, user, consultation_id=c.id)]
    stats = breakdown(db, comments)
    views = anchors(db, comments) if comments else {}
    body = _basics(db, cons, comments)
    body.append(Para(f"共收到意见{stats['comments']}条，参与{stats['participants']}人次。"))
    body += [Para("意见采纳情况", 1, lead="二、"),
             Para(f"采纳{stats['fully_adopted']}条，部分采纳{stats['partially_adopted']}条，未采纳{stats['not_adopted']}条，"
                  f"待处理{stats['pending']}条；采纳（含部分采纳）{stats['adopted']}条，采纳率{_pct(stats['adoption_rate'])}。")]
    body += _dispositions(db, comments, views)
    body.append(Para("各联系点参与情况", 1, lead="四、"))
    body.append(Table(("联系点", "参与人次", "意见条数", "采纳数", "采纳率"),
                      tuple((r["name"], str(r["participants"]), str(r["comments"]), str(r["adopted"]),
                             _pct(r["adoption_rate"])) for r in stats["by_contact_point"]), (5.6, 2.5, 2.5, 2.5, 2.5)))
    subject = f"c{consultation_id}" if consultation_id is not None else f"d{document_id}"
    to = doc_row.issuing_body or "制定机关"
    return _letter("adoption", subject, user, today, db=db,
                   title=f"关于《{doc_row.title}》征求意见采纳情况的说明", recipients=(to,), body=tuple(body))


def _article_order(db, comments: list[Comment]) -> list[tuple[str, list[Comment]]]:
    """Comments grouped by the article they were made on, in article order; whole-draft last."""
    groups: dict[str, list[Comment]] = {}
    pos: dict[str, tuple] = {}
    trees: dict[int, list[str]] = {}
    for cm in comments:
        key = cm.article_label or "整体意见"
        groups.setdefault(key, []).append(cm)
        if cm.version_id not in trees:
            trees[cm.version_id] = [a.id for a in get_version(db, cm.version_id).tree.articles]
        ids = trees[cm.version_id]
        rank = ids.index(cm.article_id) if cm.article_id in ids else len(ids) + 1
        pos[key] = min(pos.get(key, (rank,)), (rank,))
    return sorted(groups.items(), key=lambda kv: pos[kv[0]])
