"""Working a filing: assignment, disposing of findings (as in 合法性审核: 确认, or 不采纳 with a reason),
the reviewer's own findings on any article, the organ's reply with its corrected text (a new version
of the filed document, so the redline filed → corrected is part of the case), and closing with an
outcome. Every change is one transaction with its audit event; ``expected_row_version`` guards
against two reviewers acting on the same case at once.
"""
from __future__ import annotations

from datetime import date

from base import audit
from base.clock import today as beijing_today
from base.dates import parse_date
from base.db import transaction
from base.errors import InputError, NotFound, PermissionDenied, StaleWrite
from checks.finding import SEVERITY_NAMES
from lawtext.diff.redline import Comparison, compare
from lawtext.model import LegalDocument
from workbench.access.permissions import allowed, require
from workbench.access.users import User, get_user
from workbench.documents.store import add_version, get_version
from workbench.filing.organs import organ_of
from workbench.filing.store import DISPOSITIONS, OUTCOMES, SEVERITIES, Filing, get_filing, items_of, replies_of

CORRECTED_LABEL = "纠正后文本"
FINAL_OUTCOMES = ("未发现问题", "提出审查意见（建议修改）", "纠正完毕", "撤销")


def open_filing(db, user: User, filing_id: int) -> Filing:
    """The filing if ``user`` may see it: staff any, a 报备单位 account only its organ's."""
    f = get_filing(db, filing_id)
    if allowed(user, "filing.view"):
        return f
    require(user, "filing.view_own")
    own = organ_of(db, user)
    if own is None or own.id != f.organ_id:
        raise PermissionDenied(code="filing.not_own_organ")
    return f


def _open_case(db, filing_id: int, expected_row_version: int | None) -> Filing:
    f = get_filing(db, filing_id)
    if f.closed:
        raise InputError(code="filing.closed")
    if f.status == "待登记":
        raise InputError(code="filing.not_registered")
    if expected_row_version is not None and f.row_version != expected_row_version:
        raise StaleWrite(code="casework.open_case")
    return f


def _touch(db, filing_id: int, sets: str = "", params: list | None = None) -> None:
    sql = "update filings set " + (sets + ", " if sets else "") + "row_version = row_version + 1 where id = ?"
    db.execute(sql, [*(params or []), filing_id])


def assign(db, user: User, filing_id: int, assignee: str, *, expected_row_version: int | None = None) -> Filing:
    """Give the case to a reviewer (备案审查人员 or 管理员); it is then 审查中."""
    require(user, "filing.review")
    who = get_user(db, assignee)
    if not (who.active and allowed(who, "filing.review")):
        raise InputError(code="filing.bad_assignee", display_name=who.display_name)
    with transaction(db):
        f = _open_case(db, filing_id, expected_row_version)
        _touch(db, filing_id, "assignee = ?, status = '审查中'", [who.username])
        audit.append(db, actor=user.username, action="filing.assign", document_id=f.document_id,
                     detail={"filing_id": filing_id, "from": f.assignee or None, "to": who.username})
    return get_filing(db, filing_id)


def dispose(db, user: User, filing_id: int, seq: int, disposition: str, *, reason: str = "",
            expected_row_version: int | None = None) -> Filing:
    require(user, "filing.review")
    disposition, reason = (disposition or "").strip(), (reason or "").strip()
    if disposition not in DISPOSITIONS:
        raise InputError(code="filing.bad_disposition", dispositions='/'.join(DISPOSITIONS))
    if disposition == "不采纳" and not reason:
        raise InputError(code="filing.reason_required")
    with transaction(db):
        f = _open_case(db, filing_id, expected_row_version)
        item = next((i for i in items_of(db, filing_id) if i.seq == seq), None)
        if item is None:
            raise NotFound(code="casework.dispose", seq=seq)
        db.execute("update filing_items set disposition = ?, reason = ?, disposed_by = ?, disposed_at = ? "
                   "where id = ?", [disposition, reason, user.username, audit.now_iso(), item.id])
        _touch(db, filing_id, "status = case when status = '已登记' then '审查中' else status end")
        audit.append(db, actor=user.username, action="filing.dispose", document_id=f.document_id,
                     detail={"filing_id": filing_id, "seq": seq, "rule": item.rule, "from": item.disposition,
                             "to": disposition, "reason": reason})
    return get_filing(db, filing_id)


def add_finding(db, user: User, filing_id: int, *, element_id: str, message: str, severity: str = "error",
                basis: str = "", expected_row_version: int | None = None) -> Filing:
    """The reviewer's own finding on an article (or 款/项) of the filed text; confirmed by its author."""
    require(user, "filing.review")
    message = (message or "").strip()
    if not message:
        raise InputError(code="filing.empty_finding")
    if severity not in SEVERITIES:
        raise InputError(code="filing.bad_severity", severity_names='/'.join(SEVERITY_NAMES.values()))
    with transaction(db):
        f = _open_case(db, filing_id, expected_row_version)
        tree = get_version(db, f.version_id).tree
        label = _label_of(tree, element_id)
        seq = db.execute("select coalesce(max(seq), 0) + 1 from filing_items where filing_id = ?",
                         [filing_id]).fetchone()[0]
        db["filing_items"].insert({
            "filing_id": filing_id, "seq": seq, "source": "manual", "rule": "MANUAL", "related_rules": "",
            "severity": severity, "family": "manual", "head": 0, "element_id": element_id, "article_label": label,
            "message": message, "basis": (basis or "").strip(), "excerpt": "", "evidence": "{}",
            "disposition": "确认", "reason": "", "disposed_by": user.username, "disposed_at": audit.now_iso(),
            "created_by": user.username,
        })
        col = {"error": "n_error", "warning": "n_warning", "info": "n_info"}[severity]
        _touch(db, filing_id, f"{col} = {col} + 1, status = case when status = '已登记' then '审查中' else status end")
        audit.append(db, actor=user.username, action="filing.add_finding", document_id=f.document_id,
                     detail={"filing_id": filing_id, "seq": seq, "article": label, "severity": severity})
    return get_filing(db, filing_id)


def element_for(db, filing_id: int, article: str) -> str:
    """The element id of an article given as 「第五条」 or as an element id (art-5, art-5-p2)."""
    tree = get_version(db, get_filing(db, filing_id).version_id).tree
    key = (article or "").strip()
    art = next((a for a in tree.articles if a.label == key or a.id == key.split("-p")[0]), None)
    if art is None:
        raise InputError(code="filing.no_article", article=article)
    return key if key.startswith("art-") else art.id


def _label_of(tree: LegalDocument, element_id: str) -> str:
    art_id = (element_id or "").split("-p")[0]
    art = next((a for a in tree.articles if a.id == art_id), None)
    if art is None:
        raise InputError(code="filing.no_article", article=element_id)
    return art.label


def record_reply(db, user: User, filing_id: int, *, text: str, received_on=None,
                 corrected: LegalDocument | None = None, source_name: str = "",
                 expected_row_version: int | None = None) -> Filing:
    """The organ's reply to a letter, optionally with its corrected text (stored as a new version of
    the filed document). A reviewer records it; a 报备单位 account may send it online for its own case."""
    if not allowed(user, "filing.review"):
        open_filing(db, user, filing_id)          # a 报备单位: only its own case
        require(user, "filing.submit")
    text = (text or "").strip()
    if not text and corrected is None:
        raise InputError(code="filing.empty_reply")
    day = parse_date(received_on, "收到日期") or beijing_today()
    with transaction(db):
        f = _open_case(db, filing_id, expected_row_version)
        vid = None
        if corrected is not None:
            v = add_version(db, f.document_id, corrected, label=CORRECTED_LABEL, actor=user.username,
                            note="报备单位纠正后报送", source_name=source_name)
            vid = v.id
            _touch(db, filing_id, "corrected_version_id = ?", [vid])
        else:
            _touch(db, filing_id)
        rid = db["filing_replies"].insert({"filing_id": filing_id, "received_on": day.isoformat(), "text": text,
                                           "corrected_version_id": vid, "recorded_by": user.username,
                                           "recorded_at": audit.now_iso()}).last_pk
        audit.append(db, actor=user.username, action="filing.reply", document_id=f.document_id, version_id=vid,
                     detail={"filing_id": filing_id, "reply_id": rid, "corrected": vid is not None})
    return get_filing(db, filing_id)


def redline(db, filing: Filing) -> Comparison | None:
    """Filed text → corrected text, article by article (None until a corrected version exists)."""
    if not filing.corrected_version_id:
        return None
    return compare(get_version(db, filing.version_id).tree, get_version(db, filing.corrected_version_id).tree)


def close(db, user: User, filing_id: int, outcome: str, *, note: str = "", today: date | None = None,
          expected_row_version: int | None = None) -> Filing:
    """审结 with an outcome. Every finding must be disposed; 未发现问题 needs no confirmed finding;
    纠正完毕 needs the organ's reply; 撤销 (by decision of the 常委会/政府) needs the decision noted."""
    require(user, "filing.review")
    if outcome not in FINAL_OUTCOMES:
        raise InputError(code="filing.bad_outcome", final_outcomes='/'.join(FINAL_OUTCOMES))
    note = (note or "").strip()
    with transaction(db):
        f = _open_case(db, filing_id, expected_row_version)
        _check_close(db, f, outcome, note)
        day = (today or beijing_today()).isoformat()
        _touch(db, filing_id, "status = '已审结', outcome = ?, closed_on = ?, decision_note = ?", [outcome, day, note])
        audit.append(db, actor=user.username, action="filing.close", document_id=f.document_id,
                     detail={"filing_id": filing_id, "outcome": outcome, "from": f.outcome or None, "note": note})
    return get_filing(db, filing_id)


def _check_close(db, f: Filing, outcome: str, note: str) -> None:
    items = items_of(db, f.id)
    pending = [i for i in items if not i.disposition]
    if pending:
        raise InputError(code="filing.undisposed", n_pending=len(pending))
    confirmed = [i for i in items if i.disposition == "确认"]
    if outcome == "未发现问题" and confirmed:
        raise InputError(code="filing.has_problems", n_confirmed=len(confirmed))
    if outcome == "提出审查意见（建议修改）" and f.outcome != outcome:
        raise InputError(code="filing.no_letter")
    if outcome == "纠正完毕" and not replies_of(db, f.id):
        raise InputError(code="filing.no_reply")
    if outcome == "撤销" and not note:
        raise InputError(code="filing.note_required")


def set_outcome(db, user: User, f: Filing, outcome: str, reply_due: str) -> None:
    """Inside a letter's transaction: the case now waits for the organ (提出审查意见 / 要求纠正)."""
    if outcome not in OUTCOMES:
        raise InputError(code="casework.set_outcome")
    _touch(db, f.id, "outcome = ?, reply_due = ?, status = '审查中'", [outcome, reply_due])
