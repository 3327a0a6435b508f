"""合法性审核意见书 (.docx) of one review, structured by the seven heads of PROC-LEGALITY-SCOPE.

Confirmed findings are the review's opinions under each head; dismissed ones are listed with the
advisor's reason so the record shows what was considered; then the matters the advisor checks by
hand for a document of this level (checks.registry.manual_checks). Rendered with
lawtext.docx.style.

The body is written for the people who read an 意见书: plain Chinese, people by display name,
times in 北京时间. Rule ids appear only as a small trailing reference 「（规则 PEN-RULE-TYPE）」 after
each item (smaller type), for traceability back to the rule book; configuration keys never appear.
"""
from __future__ import annotations

import io

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from lawtext.docx.style import BODY_FONT, SIZE_SIHAO, SIZE_XIAOSI, add_body, add_heading_line, add_title, new_document, set_run_font
from lawtext.model import LEVELS
from base.clock import beijing_cn, beijing_date_cn
from checks.base import HEADS
from workbench.review.text import rule_reference
from workbench.review.store import get_review
from checks.registry import manual_checks
from workbench.documents.store import get_document, get_version
from lawtext.numerals import int_to_cn



def _heads() -> dict[int, str]:
    return HEADS


def _add_unbroken_run(p, text: str, size):
    """A run whose hyphens are non-breaking (w:noBreakHyphen): a rule id never splits across lines
    (read back as "-" by python-docx and Word's search)."""
    parts = text.split("-")
    run = set_run_font(p.add_run(parts[0]), BODY_FONT, size)
    for part in parts[1:]:
        run._r.append(OxmlElement("w:noBreakHyphen"))
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = part
        run._r.append(t)
    return run


def _item(d, text: str, rules=()):
    """A numbered item: the text, then the rule reference in 小四 (the only place rule ids appear)."""
    p = add_body(d, text)
    ref = rule_reference(rules)
    if ref:
        _add_unbroken_run(p, ref, SIZE_XIAOSI)
    return p


def review_docx(db, review_id: int) -> bytes:
    """The 意见书 as .docx bytes (signed or, marked as such, a draft).
    Long (~65 lines): the 意见书 is written top to bottom in the order a reader meets it."""

    r = get_review(db, review_id)
    doc = get_document(db, r.document_id)
    ver = get_version(db, r.version_id)
    heads = _heads()
    d = new_document()
    add_title(d, "合法性审核意见书")
    add_heading_line(d, f"《{doc.title}》（{ver.display}）", SIZE_SIHAO)
    if not r.signed:
        add_heading_line(d, "（未签署稿）", SIZE_SIHAO)
    add_body(d, f"审核对象：《{doc.title}》{ver.display}；文件层级：{LEVELS.get(doc.level, doc.level)}；"
                f"制定机关：{doc.issuing_body or '（未填写）'}。", indent=True)
    add_body(d, f"版本哈希（SHA-256）：{ver.sha256}", indent=True)
    confirmed = [i for i in r.items if i.disposition == "确认"]
    dismissed = [i for i in r.items if i.disposition == "不采纳"]
    pending = [i for i in r.items if not i.disposition]
    add_body(d, f"本次审核共形成自动检查和比对发现 {len(r.items)} 项，经法律顾问逐项审查，确认 {len(confirmed)} 项，"
                f"不采纳 {len(dismissed)} 项" + (f"，尚未处理 {len(pending)} 项" if pending else "") + "。")
    add_heading_line(d, "一、审核意见", center=False)
    order = [1, 2, 3, 4, 5, 6, 7, 0]
    for n, head in enumerate(order):
        label = heads[head] if head else "其他（立法技术规范）"
        add_body(d, f"（{int_to_cn(n + 1)}）{label}", bold_prefix="", indent=True)
        items = [i for i in confirmed if (i.head or 0) == head]
        if not items:
            add_body(d, "经审核，未发现问题。" if head else "未发现需要修改的立法技术问题。")
        for k, i in enumerate(items, 1):
            where = f"{i.article_label}：" if i.article_label else ""
            _item(d, f"{k}. {where}{i.message}" + (f"（依据：{i.basis}）" if i.basis else ""), i.rules)
            if i.reason:
                add_body(d, f"法律顾问意见：{i.reason}")
    add_heading_line(d, "二、未予采纳的检查提示", center=False)
    if not dismissed:
        add_body(d, "无。")
    for k, i in enumerate(dismissed, 1):
        where = f"{i.article_label}：" if i.article_label else ""
        _item(d, f"{k}. {where}{i.message}", i.rules)
        add_body(d, f"不采纳理由：{i.reason}")
    add_heading_line(d, "三、需人工核对的事项", center=False)
    manual = manual_checks(r.level or doc.level)
    if not manual:
        add_body(d, "无。")
    for k, m in enumerate(manual, 1):
        _item(d, f"{k}. {m.what}", [m.id])
    add_heading_line(d, "四、总体意见", center=False)
    add_body(d, f"审核结论：{r.opinion or '（尚未填写）'}。")
    if r.opinion_text:
        add_body(d, r.opinion_text)
    if r.signed:
        add_body(d, f"法律顾问：{r.signed_by_name or r.signed_by}", indent=False)
        if r.signed_on_paper:
            add_body(d, f"签署时间：{beijing_date_cn(r.signed_at)}（纸质审核意见，于工作台补录）", indent=False)
        else:
            add_body(d, f"签署时间：{beijing_cn(r.signed_at)}", indent=False)
        add_body(d, f"签署所针对的版本哈希：{r.signed_sha256}", indent=False)
        if r.stale:
            add_body(d, "注意：签署后文档已有新版本，本意见书不适用于新版本。", indent=False)
    else:
        add_body(d, "法律顾问：（未签署）", indent=False)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
