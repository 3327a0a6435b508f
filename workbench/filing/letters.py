"""Letters to the filing organ, as .docx in 公文 form, numbered from a counter kept in the database:

- 备案登记通知: the filing is registered (and, if so, that it came late);
- 补充材料通知: which materials are missing, and by when;
- 审查意见书: the confirmed problems, with a suggestion to amend (结论 提出审查意见（建议修改）);
- 纠正意见函: the confirmed problems the organ must correct, and by when (结论 要求纠正).

They are laid out by the one 公文 writer (lawtext.docx.official, GB/T 9704-2012), as the
合法性审核意见书 and the consultation letters are. The letter's bytes are stored (frozen) with its
number and sha256, so what was sent can always be shown again. 发文机关 and the number prefix are
deployment settings: $WORKBENCH_FILING_OFFICE, default the workbench's issuer
($WORKBENCH_ISSUER, 示例市司法局, workbench.letters); $WORKBENCH_FILING_LETTER_PREFIX, default the
issuer's 机关代字 + 备函 (示司备函). The 发文字号 counter of these letters is kept with them
(``filing_letters``), one per year.
"""
from __future__ import annotations

import hashlib
import os
from datetime import date

from base import audit
from base.clock import today as beijing_today
from base.db import transaction
from base.errors import InputError
from lawtext.docx.official import Letter as OfficialLetter
from lawtext.docx.official import Para, cn_date, letter_docx
from lawtext.model import LEVELS
from workbench.access.permissions import require
from workbench.access.users import User
from workbench.filing.casework import set_outcome
from workbench.filing.deadlines import add_days, periods
from workbench.letters import issuer
from workbench.filing.store import Filing, Item, Letter, get_filing, items_of, letters_of

LETTER_KINDS = ("备案登记通知", "补充材料通知", "审查意见书", "纠正意见函")
OUTCOME_OF = {"审查意见书": "提出审查意见（建议修改）", "纠正意见函": "要求纠正"}


def office() -> str:
    return os.environ.get("WORKBENCH_FILING_OFFICE", "").strip() or issuer().name


def _prefix() -> str:
    return os.environ.get("WORKBENCH_FILING_LETTER_PREFIX", "").strip() or f"{issuer().code}备函"


def _next_number(db, year: int) -> tuple[int, str]:
    serial = db.execute("select coalesce(max(serial), 0) + 1 from filing_letters where year = ?", [year]).fetchone()[0]
    return serial, f"{_prefix()}〔{year}〕{serial}号"


def _named(f: Filing) -> str:
    return f"《{f.title}》" + (f"（{f.doc_number}）" if f.doc_number else "")


def _body(kind: str, f: Filing, items: list[Item], due: str) -> tuple[str, list[Para]]:
    title, paras = _text(kind, f, items, due)
    return title, [p if isinstance(p, Para) else Para(p) for p in paras]


def _text(kind: str, f: Filing, items: list[Item], due: str) -> tuple[str, list]:
    named = _named(f)
    if kind == "备案登记通知":
        late = (f"该文件于{f.published_on}公布，报备时间超过法定报备期限{f.late_days}日，请今后严格按照规定期限报送备案。"
                if f.late else "")
        return f"关于{named}备案登记的通知", [
            f"你单位报送的{named}（{LEVELS.get(f.level, f.level)}）及相关材料收悉，已于{f.registered_on}予以登记备案。" + late,
            "我们将依法对该文件进行审查，审查中发现问题的，将另行函告。"]
    if kind == "补充材料通知":
        return f"关于{named}补充报备材料的通知", [
            f"你单位报送备案的{named}材料不全，缺少：{'、'.join(f.missing)}。",
            f"请于{due}前补充报送上述材料。材料齐全后，我们将予以登记并依法审查。"]
    what = "审查意见" if kind == "审查意见书" else "纠正意见"
    ask = ("建议你单位研究修改，并于{due}前将处理情况书面回复我们。" if kind == "审查意见书" else
           "请你单位依法予以纠正，并于{due}前将纠正情况和纠正后的文本书面回复我们；逾期未纠正的，我们将依法提请撤销。")
    return f"关于{named}的{kind}", [
        f"你单位报送备案的{named}已经我们依法审查。经审查，该文件存在下列问题（共{len(items)}项）：",
        *[Para(f"{i.article_label or '全文'}：{i.message}", level=3, lead=f"{n}. ") for n, i in enumerate(items, 1)],
        f"以上{what}，" + ask.format(due=due)]


def _check_kind(kind: str, f: Filing, items: list[Item]) -> list[Item]:
    if kind not in LETTER_KINDS:
        raise InputError(code="filing.bad_letter", letter_kinds='/'.join(LETTER_KINDS))
    if kind == "补充材料通知":
        if not f.missing:
            raise InputError(code="filing.complete")
        return []
    if kind == "备案登记通知":
        if not f.registered_on:
            raise InputError(code="filing.not_registered")
        return []
    if f.closed:
        raise InputError(code="filing.closed")
    pending = [i for i in items if not i.disposition]
    if pending:
        raise InputError(code="filing.undisposed", n_pending=len(pending))
    confirmed = [i for i in items if i.disposition == "确认"]
    if not confirmed:
        raise InputError(code="filing.no_problems")
    return confirmed


def issue_letter(db, user: User, filing_id: int, kind: str, *, today: date | None = None) -> Letter:
    """Write, number and store one letter; 审查意见书/纠正意见函 also set the case's outcome and the
    organ's reply deadline."""
    require(user, "filing.review" if kind in OUTCOME_OF else "filing.register")
    today = today or beijing_today()
    with transaction(db):
        f = get_filing(db, filing_id)
        confirmed = _check_kind(kind, f, items_of(db, filing_id))
        due = add_days(today, periods().reply_days)
        serial, number = _next_number(db, today.year)
        title, body = _body(kind, f, confirmed, due)
        data = letter_docx(OfficialLetter(issuer=office(), number=number, title=title, recipients=(f.organ_name,),
                                          body=tuple(body), signed_on=today))
        reply_due = due if kind != "备案登记通知" else ""
        lid = db["filing_letters"].insert({
            "filing_id": filing_id, "kind": kind, "number": number, "year": today.year, "serial": serial,
            "issued_on": today.isoformat(), "issued_by": user.username, "reply_due": reply_due,
            "sha256": hashlib.sha256(data).hexdigest(), "docx": data}).last_pk
        if kind in OUTCOME_OF:
            set_outcome(db, user, f, OUTCOME_OF[kind], due)
        audit.append(db, actor=user.username, action="filing.letter", document_id=f.document_id,
                     detail={"filing_id": filing_id, "letter_id": lid, "kind": kind, "number": number,
                             "reply_due": reply_due or None})
    return next(x for x in letters_of(db, filing_id) if x.id == lid)


def letter_date_cn(letter: Letter) -> str:
    return cn_date(date.fromisoformat(letter.issued_on))
