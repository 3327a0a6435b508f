"""审查建议: citizens' and organisations' requests to review a filed document — registered (who,
which document and article, the reason), linked to the filing, answered (反馈 with the outcome) within
the period of workbench.filing.deadlines. Every change is audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Migrations

from base import audit
from base.clock import today as beijing_today
from base.dates import parse_date
from base.db import transaction
from base.errors import InputError, NotFound
from workbench.access.permissions import require
from workbench.access.users import User
from workbench.filing.deadlines import add_days, periods
from workbench.filing.store import get_filing

MIGRATIONS = Migrations("workbench.filing_requests")  # stored name: never rename

REQUESTER_KINDS = ("公民", "法人", "其他组织", "国家机关")
REQUEST_STATUSES = ("待处理", "审查中", "已反馈")


@MIGRATIONS()
def m001_review_requests(db):
    db["review_requests"].create({
        "id": int, "requester": str, "requester_kind": str, "contact": str, "target": str, "article": str,
        "reason": str, "received_on": str, "due_on": str, "filing_id": int, "status": str, "answer": str,
        "outcome": str, "answered_on": str, "answered_by": str, "created_by": str, "created_at": str,
    }, pk="id", not_null={"requester", "target", "reason", "status"})


@dataclass
class ReviewRequest:
    id: int
    requester: str
    requester_kind: str
    contact: str
    target: str
    article: str
    reason: str
    received_on: str
    due_on: str
    filing_id: int | None
    status: str
    answer: str
    outcome: str
    answered_on: str
    answered_by: str

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _req(row: dict) -> ReviewRequest:
    return ReviewRequest(**{k: (row[k] if row[k] is not None or k == "filing_id" else "")
                            for k in ReviewRequest.__dataclass_fields__})


def get_request(db, request_id: int) -> ReviewRequest:
    row = next(db.query("select * from review_requests where id = ?", [request_id]), None)
    if not row:
        raise NotFound(code="requests.get_request", request_id=request_id)
    return _req(row)


def list_requests(db, user: User, *, year: int | None = None) -> list[ReviewRequest]:
    require(user, "filing.view")
    sql, params = "select * from review_requests", []
    if year is not None:
        sql += " where substr(received_on, 1, 4) = ?"
        params.append(str(year))
    return [_req(r) for r in db.query(sql + " order by id desc", params)]


def register_request(db, user: User, *, requester: str, requester_kind: str, target: str, reason: str,
                     article: str = "", contact: str = "", received_on=None, filing_id: int | None = None) -> ReviewRequest:
    require(user, "filing.request")
    requester, target, reason = (requester or "").strip(), (target or "").strip(), (reason or "").strip()
    if not (requester and target and reason):
        raise InputError(code="filing.request_incomplete")
    if requester_kind not in REQUESTER_KINDS:
        raise InputError(code="filing.request_kind", requester_kinds='/'.join(REQUESTER_KINDS))
    day = parse_date(received_on, "收到日期") or beijing_today()
    if filing_id is not None:
        get_filing(db, filing_id)
    with transaction(db):
        rid = db["review_requests"].insert({
            "requester": requester, "requester_kind": requester_kind, "contact": (contact or "").strip(),
            "target": target, "article": (article or "").strip(), "reason": reason, "received_on": day.isoformat(),
            "due_on": add_days(day, periods().request_days), "filing_id": filing_id,
            "status": "审查中" if filing_id else "待处理", "answer": "", "outcome": "", "answered_on": "",
            "answered_by": "", "created_by": user.username, "created_at": audit.now_iso()}).last_pk
        audit.append(db, actor=user.username, action="filing.request", detail={
            "request_id": rid, "requester_kind": requester_kind, "target": target, "filing_id": filing_id})
    return get_request(db, rid)


def link_request(db, user: User, request_id: int, filing_id: int) -> ReviewRequest:
    require(user, "filing.request")
    f = get_filing(db, filing_id)
    with transaction(db):
        r = get_request(db, request_id)
        if r.status == "已反馈":
            raise InputError(code="filing.request_answered")
        db.execute("update review_requests set filing_id = ?, status = '审查中' where id = ?", [f.id, request_id])
        audit.append(db, actor=user.username, action="filing.request_link", document_id=f.document_id,
                     detail={"request_id": request_id, "filing_id": f.id})
    return get_request(db, request_id)


def answer_request(db, user: User, request_id: int, *, answer: str, outcome: str, today: date | None = None) -> ReviewRequest:
    """反馈: the answer sent to the requester, with the outcome (e.g. the filing's outcome)."""
    require(user, "filing.request")
    answer, outcome = (answer or "").strip(), (outcome or "").strip()
    if not answer or not outcome:
        raise InputError(code="filing.request_answer")
    with transaction(db):
        r = get_request(db, request_id)
        if r.status == "已反馈":
            raise InputError(code="filing.request_answered")
        day = (today or beijing_today()).isoformat()
        db.execute("update review_requests set answer = ?, outcome = ?, answered_on = ?, answered_by = ?, "
                   "status = '已反馈' where id = ?", [answer, outcome, day, user.username, request_id])
        audit.append(db, actor=user.username, action="filing.request_answer",
                     detail={"request_id": request_id, "outcome": outcome})
    return get_request(db, request_id)


def request_counts(db, year: int) -> dict:
    q = "select count(*), sum(status = '已反馈') from review_requests where substr(received_on, 1, 4) = ?"
    n, answered = db.execute(q, [str(year)]).fetchone()
    return {"received": n or 0, "answered": answered or 0}


def open_requests(db) -> list[ReviewRequest]:
    return [_req(r) for r in db.query("select * from review_requests where status != '已反馈' order by due_on")]
