"""合法性审核意见书 (.docx): the review as a 公文 the 司法局 sends as it is (lawtext.docx.official).

发文机关标志 and 署名 from the configured issuer (workbench.letters), a 发文字号 given when the signed
review is first issued, the 主送机关 (the unit responsible for the draft in the legislative plan,
else the 制定机关), then the 正文 in plain Chinese under the seven heads of PROC-LEGALITY-SCOPE:
the overall opinion, the confirmed findings, the matters to verify by hand, how many hints were
not adopted. Rule ids appear only in the 附件 table that maps every finding to its rules, and the
version's SHA-256 only shortened, in the 附注 with the advisor's sign-off.
"""
from __future__ import annotations

from datetime import date

from base.clock import beijing_cn, beijing_date_cn, to_beijing
from checks.base import HEADS
from checks.registry import manual_checks
from lawtext.docx.official import Attachment, Letter, Para, Table, letter_docx
from lawtext.numerals import int_to_cn
from workbench.documents.store import Document, Version, get_document, get_version
from workbench.letters import issuer, number_for
from workbench.procedure.plan import projects_for_document
from workbench.review.store import Review, ReviewItem, get_review

HEAD_ORDER = (1, 2, 3, 4, 5, 6, 7, 0)
CONCLUSIONS = {
    "合法": "符合宪法、法律、法规、规章和国家政策的规定，可以按程序提请审议",
    "修改后合法": "按照以下意见修改后，符合宪法、法律、法规、规章和国家政策的规定",
    "不合法": "存在违法情形，不得提请审议或者公布",
}
CLOSINGS = {
    "合法": "特此函告。",
    "修改后合法": "请你单位根据上述意见对草案进行修改，修改后按程序报送。",
    "不合法": "请你单位根据上述意见重新研究论证后按程序报送。",
}


def short_hash(sha: str) -> str:
    """7427fe60…a39885: enough to compare with the version list, short enough to read."""
    return f"{sha[:8]}…{sha[-6:]}" if sha and len(sha) > 16 else sha or ""


def recipient(db, doc: Document) -> str:
    """主送机关: the unit responsible for the draft in the legislative plan, else the 制定机关."""
    units = [p.responsible_unit for p in projects_for_document(db, doc.id) if p.responsible_unit]
    return units[0] if units else (doc.issuing_body or "起草单位")


def _findings(confirmed: list[ReviewItem]) -> list[Para]:
    out: list[Para] = []
    clean = [HEADS[h] for h in HEAD_ORDER if h and not any((i.head or 0) == h for i in confirmed)]
    n = 0
    for head in HEAD_ORDER:
        items = [i for i in confirmed if (i.head or 0) == head]
        if not items:
            continue
        n += 1
        out.append(Para(HEADS[head], 2, lead=f"（{int_to_cn(n)}）"))
        for k, i in enumerate(items, 1):
            where = f"{i.article_label}：" if i.article_label else ""
            basis = f"（依据：{i.basis}）" if i.basis else ""
            out.append(Para(f"{where}{i.message}{basis}" + (f"法律顾问意见：{i.reason}" if i.reason else ""),
                            3, lead=f"{k}. "))
            out += _both_texts(i)
    if clean:
        out.append(Para(f"对{'、'.join(clean)}等方面，经审核未发现问题。"))
    return out


def _quote(text: str, limit: int = 240) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 60] + "……" + text[-60:]


def _both_texts(i: ReviewItem) -> list[Para]:
    """An upper-law comparison quotes the draft's words and the upper-law article it was compared with."""
    ev = i.finding.evidence or {}
    if not ev.get("upper"):
        return []
    where = f"《{ev.get('upper_title', '')}》{ev.get('upper_label', '')}"
    return [Para(f"草案原文：{_quote(ev.get('draft', ''))}"), Para(f"上位法原文（{where}）：{_quote(ev['upper'])}")]


def _body(r: Review, doc: Document, ver: Version, to: str) -> tuple[Para, ...]:
    confirmed = [i for i in r.items if i.disposition == "确认"]
    dismissed = [i for i in r.items if i.disposition == "不采纳"]
    pending = [i for i in r.items if not i.disposition]
    name = f"《{doc.title}》（{ver.label}）"
    body = [Para(f"{to}报送的{name}收悉。我局组织法律顾问对其进行了合法性审核，自动检查和比对形成审核发现"
                 f"{len(r.items)}项，经法律顾问逐项审查，确认{len(confirmed)}项，不予采纳{len(dismissed)}项"
                 + (f"，尚未处理{len(pending)}项" if pending else "") + "（逐项对照见附件）。现将审核意见函告如下：")]
    body.append(Para("总体意见", 1, lead="一、"))
    if r.opinion:
        body.append(Para(f"经审核，该草案{CONCLUSIONS.get(r.opinion, r.opinion)}。"))
    else:
        body.append(Para("法律顾问尚未作出审核结论。"))
    if r.opinion_text:
        body.append(Para(r.opinion_text))
    body.append(Para("具体意见", 1, lead="二、"))
    body += _findings(confirmed) if confirmed else [Para("经审核，未发现需要修改的问题。")]
    manual = manual_checks(r.level or doc.level)
    if manual:
        body.append(Para("需要进一步核实的事项", 1, lead="三、"))
        body += [Para(m.what, 3, lead=f"{k}. ") for k, m in enumerate(manual, 1)]
    if dismissed:
        body.append(Para(f"此外，另有{len(dismissed)}项检查提示经法律顾问审查不予采纳，理由见附件。"))
    body.append(Para(CLOSINGS.get(r.opinion or "", "特此函告。")))
    return tuple(body)


def _appendix(r: Review) -> Attachment:
    rows = []
    for n, i in enumerate(r.items, 1):
        outcome = {"确认": "确认", "不采纳": f"不采纳：{i.reason}"}.get(i.disposition or "", "尚未处理")
        rows.append((str(n), i.article_label or "全文", i.message, outcome, "、".join(i.rules)))
    table = Table(("序号", "条文", "审核发现", "处理结果", "规则编号"), tuple(rows), (1.0, 1.8, 5.6, 3.0, 4.2), 12)
    return Attachment("审核发现与规则对照表", (table,) if rows else (Para("本次审核未形成审核发现。"),))


def _notes(r: Review, doc: Document, ver: Version) -> tuple[str, ...]:
    about = f"本意见针对《{doc.title}》{ver.display}，文本摘要（SHA-256）{short_hash(r.signed_sha256 or ver.sha256)}"
    if not r.signed:
        return (about + "；法律顾问尚未签署。",)
    when = (f"{beijing_date_cn(r.signed_at)}（纸质审核意见，于工作台补录）" if r.signed_on_paper
            else beijing_cn(r.signed_at))
    notes = [f"{about}；由法律顾问{r.signed_by_name or r.signed_by}于{when}签署。"]
    if r.stale:
        notes.append("签署后文档已有新版本，本意见不适用于新版本。")
    return tuple(notes)


def opinion_letter(db, review_id: int) -> Letter:
    """The 意见书 of a review as a :class:`~lawtext.docx.official.Letter`."""
    r = get_review(db, review_id)
    doc, ver = get_document(db, r.document_id), get_version(db, r.version_id)
    who = issuer()
    to = recipient(db, doc)
    signed_on: date | None = to_beijing(r.signed_at).date() if r.signed else None
    number = number_for(db, "opinion", str(r.id), actor=r.signed_by, on=signed_on).number if signed_on else ""
    cc = tuple(x for x in (doc.issuing_body,) if x and x not in (to, who.name))
    return Letter(issuer=who.name, number=number, title=f"{who.name}关于《{doc.title}》（{ver.label}）的合法性审核意见",
                  recipients=(to,), body=_body(r, doc, ver, to), signed_on=signed_on, attachments=(_appendix(r),),
                  notes=_notes(r, doc, ver), cc=cc, printer=who.office, draft_note="" if r.signed else "（未签署稿）")


def review_docx(db, review_id: int) -> bytes:
    """The 意见书 as .docx bytes (signed, or marked as 未签署稿 without a 发文字号)."""
    return letter_docx(opinion_letter(db, review_id))
