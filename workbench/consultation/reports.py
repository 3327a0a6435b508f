"""The .docx documents of the comment loop, all in 公文 style (lawtext.docx.style):

- :func:`draft_docx` — the 征求意见稿 with a cover section (period, deadline, key questions);
- :func:`feedback_letter_docx` — the 采纳情况反馈 to one contact point: each of its comments with
  the disposition and the reason;
- :func:`adoption_report_docx` — the 征求意见采纳情况说明 of a consultation or a whole document.
"""
from __future__ import annotations

import io
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from workbench.consultation.anchoring import adopted_in, anchors, describe
from workbench.consultation.stats import breakdown
from workbench.consultation.comments import Comment, list_comments
from workbench.consultation.consultations import check_can_view, get_consultation, get_contact_point, list_consultations
from lawtext.docx.style import BODY_FONT, HEADING_FONT, SIZE_SANHAO, SIZE_SIHAO, add_body, add_heading_line, add_title, new_document, set_run_font
from workbench.documents.store import get_document, get_version
from base.errors import InputError
from lawtext.numerals import int_to_cn
from workbench.access.permissions import require
from workbench.access.users import User
from base.clock import today as beijing_today
from lawtext.docx.io import write_docx


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _signature(doc, issuer: str, when: date) -> None:
    for text in (issuer, _cn_date(when)):
        p = add_body(doc, text, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


# --- the 征求意见稿 with its cover ------------------------------------------------------------------

def draft_docx(db, user: User, consultation_id: int) -> bytes:
    """The consulted version as .docx (docx_io.write_docx) preceded by a cover section."""
    from docx import Document as open_docx

    c = get_consultation(db, consultation_id)
    check_can_view(user, c)
    version = get_version(db, c.version_id)
    doc_row = get_document(db, c.document_id)
    points = [get_contact_point(db, i) for i in c.invited]
    buf = io.BytesIO()
    write_docx(version.tree, buf, level=doc_row.level)
    buf.seek(0)
    doc = open_docx(buf)
    body = doc.element.body
    before = list(body)  # keeps the lxml proxies alive, so identity comparison is reliable
    add_title(doc, "征求意见说明")
    add_heading_line(doc, f"《{doc_row.title}》（{version.label}）")
    add_body(doc, f"现将《{doc_row.title}》（{version.label}）印发给你们，请组织座谈会、走访、问卷等方式广泛听取"
                  f"意见，并于{_cn_date(c.closes_on)}前反馈。")
    add_body(doc, f"征求意见期间：{_cn_date(c.opens_on)}至{_cn_date(c.closes_on)}（共{(c.closes_on - c.opens_on).days}日）。")
    if c.key_questions:
        add_body(doc, "重点征求意见的问题：")
        for n, q in enumerate(c.key_questions, 1):
            add_body(doc, f"{int_to_cn(n)}、{q}")
    add_body(doc, "反馈方式：通过工作台“提交意见”页面逐条提交，或将座谈会记录按条款整理（注明第×条）后提交。"
                  "请注明每条意见的来源（座谈会、走访、问卷、个人）和参与人数。")
    if points:
        add_body(doc, "受邀基层立法联系点：" + "、".join(p.name for p in points) + "。")
    _page_break(doc)
    cover = [el for el in body if not any(el is b for b in before)]
    for k, el in enumerate(cover):
        body.remove(el)
        body.insert(k, el)
    return _bytes(doc)


# --- feedback letter to one contact point --------------------------------------------------------

def _comment_block(doc, n: int, c: Comment, where: str, adopted_in: str) -> None:
    add_heading_line(doc, f"{int_to_cn(n)}、关于{where}", SIZE_SANHAO, center=False)
    add_body(doc, c.text, bold_prefix="意见：")
    add_body(doc, c.status, bold_prefix="处理结果：")
    if c.decision:
        add_body(doc, c.reason, bold_prefix="理由：")
    else:
        add_body(doc, "该意见正在研究中，处理结果将另行反馈。", bold_prefix="说明：")
    if adopted_in:
        add_body(doc, adopted_in, bold_prefix="体现于：")


def feedback_letter_docx(db, user: User, consultation_id: int, contact_point_id: int, *,
                         today: date | None = None) -> bytes:
    """采纳情况反馈 to one contact point. A contact user can only get its own point's letter
    (list_comments enforces it)."""
    c = get_consultation(db, consultation_id)
    check_can_view(user, c)
    cp = get_contact_point(db, contact_point_id)
    comments = list_comments(db, user, consultation_id=c.id, contact_point_id=cp.id)
    doc_row = get_document(db, c.document_id)
    version = get_version(db, c.version_id)
    stats = breakdown(db, comments)
    views = anchors(db, comments, public=True) if comments else {}     # the letter leaves the drafting side
    doc = new_document()
    add_title(doc, f"关于《{doc_row.title}》征求意见采纳情况的反馈")
    add_body(doc, f"{cp.name}：", indent=False)
    if not comments:
        add_body(doc, f"感谢贵联系点参与《{doc_row.title}》（{version.label}）征求意见工作。本次征求意见期间"
                      f"（{_cn_date(c.opens_on)}至{_cn_date(c.closes_on)}），未收到贵联系点提交的意见。")
    else:
        tail = f"，尚在研究{stats['pending']}条" if stats["pending"] else ""
        add_body(doc, f"感谢贵联系点对《{doc_row.title}》（{version.label}）提出的宝贵意见。征求意见期间"
                      f"（{_cn_date(c.opens_on)}至{_cn_date(c.closes_on)}），贵联系点共提交意见{stats['comments']}条，"
                      f"参与{stats['participants']}人次。经认真研究，采纳{stats['fully_adopted']}条，"
                      f"部分采纳{stats['partially_adopted']}条，未采纳{stats['not_adopted']}条{tail}。"
                      "现将处理情况反馈如下：")
        for n, cm in enumerate(comments, 1):
            _comment_block(doc, n, cm, describe(views[cm.id], cm), adopted_in(db, cm, public=True))
        add_body(doc, "欢迎贵联系点继续关注和参与立法工作。")
    add_body(doc, "特此反馈。")
    _signature(doc, doc_row.issuing_body or "起草单位", today or beijing_today())
    return _bytes(doc)


# --- 征求意见采纳情况说明 ------------------------------------------------------------------------

def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header):
        set_run_font(cell.paragraphs[0].add_run(text), HEADING_FONT, SIZE_SIHAO)
    for r in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, r):
            set_run_font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, SIZE_SIHAO)


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


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
        raise InputError("请指定征求意见或文件")
    doc_row = get_document(db, document_id)
    comments = [cm for c in cons for cm in list_comments(db, user, consultation_id=c.id)]
    stats = breakdown(db, comments)
    views = anchors(db, comments) if comments else {}
    doc = new_document()
    add_title(doc, f"《{doc_row.title}》征求意见采纳情况说明")
    add_heading_line(doc, "一、征求意见基本情况", center=False)
    if not cons:
        add_body(doc, "本文件尚未开展征求意见。")
    for c in cons:
        v = get_version(db, c.version_id)
        points = [get_contact_point(db, i).name for i in c.invited]
        took_part = sorted({cm.contact_point_name for cm in comments if cm.consultation_id == c.id})
        add_body(doc, f"{_cn_date(c.opens_on)}至{_cn_date(c.closes_on)}，就{v.display}向{len(points)}个基层立法联系点"
                      f"（{'、'.join(points)}）征求意见，征求意见期{(c.closes_on - c.opens_on).days}日"
                      + (f"，于{_cn_date(c.closed_on)}关闭" if c.closed_on else "")
                      + f"。共有{len(took_part)}个联系点反馈意见。")
    add_body(doc, f"共收到意见{stats['comments']}条，参与{stats['participants']}人次。")
    add_heading_line(doc, "二、意见采纳情况", center=False)
    add_body(doc, f"采纳{stats['fully_adopted']}条，部分采纳{stats['partially_adopted']}条，未采纳{stats['not_adopted']}条，"
                  f"待处理{stats['pending']}条；采纳（含部分采纳）{stats['adopted']}条，采纳率{_pct(stats['adoption_rate'])}。")
    add_heading_line(doc, "三、主要意见及处理情况", center=False)
    order = _article_order(db, comments)
    n = 0
    for key, group in order:
        add_body(doc, f"（{int_to_cn(order.index((key, group)) + 1)}）{key}", indent=True)
        for cm in group:
            n += 1
            where = describe(views[cm.id], cm)
            add_body(doc, f"{cm.contact_point_name}：{cm.text}", bold_prefix=f"{n}. ")
            line = f"{cm.status}。" + (f"理由：{cm.reason}" if cm.decision else "尚在研究。")
            if adopted := adopted_in(db, cm):
                line += f"（体现于{adopted}）"
            if where != cm.target:
                line += f"（条文位置：{where}）"
            add_body(doc, line, bold_prefix="处理：")
    if not comments:
        add_body(doc, "未收到意见。")
    add_heading_line(doc, "四、各联系点参与情况", center=False)
    _table(doc, ["联系点", "参与人次", "意见条数", "采纳数", "采纳率"],
           [[r["name"], r["participants"], r["comments"], r["adopted"], _pct(r["adoption_rate"])]
            for r in stats["by_contact_point"]])
    add_body(doc, "")
    _signature(doc, doc_row.issuing_body or "起草单位", today or beijing_today())
    return _bytes(doc)


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
