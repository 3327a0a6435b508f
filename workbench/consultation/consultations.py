"""基层立法联系点 and 征求意见 (consultations) on one frozen version of a document.

A consultation runs from ``opens_on`` to ``closes_on`` (dates, both inclusive for submissions).
Its length in days is ``closes_on - opens_on`` — the day it opens is not counted (民法典 art 201:
按日计算期间的，开始的当日不计入). The minimum length per level is configuration
(:data:`COMMENT_DAYS`, overridable with $WORKBENCH_<LEVEL>_COMMENT_DAYS); the lifecycle gates read
:func:`minimum_days`, :func:`consultation_period_days` and :func:`open_consultation_version_ids`.

Internal drafts (version label 内部稿) can never be opened for consultation. Functions that are
shown to users take the acting :class:`~workbench.access.users.User` and check permissions here, in
the core; ``today`` parameters exist for tests and seeding only (pages and CLI never pass them).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Migrations

from base import audit
from base.dates import parse_date
from base.db import transaction
from lawtext.normalize import clean_field, clean_multiline
from workbench.documents.store import INTERNAL_LABEL, get_document, get_version
from base.errors import GateBlocked, InputError, NotFound, PermissionDenied
from workbench.access.permissions import allowed, require
from workbench.access.users import User
from base.clock import today as beijing_today

MIGRATIONS = Migrations("workbench.consultations")  # stored name: never rename

CONTACT_POINT_KINDS = ["街道", "社区", "企业", "高校", "律所"]

# Minimum public-comment period in days per level (legality-rules.md §0.5: LR_COMMENT_DAYS,
# GR_COMMENT_DAYS, ND_COMMENT_DAYS). Jurisdiction-specific: override per deployment with
# $WORKBENCH_LR_COMMENT_DAYS etc.
COMMENT_DAYS: dict[str, int] = {"LR": 30, "GR": 30, "ND": 30}

STATUS_PENDING, STATUS_OPEN, STATUS_ENDED, STATUS_CLOSED = "未开始", "进行中", "已截止", "已关闭"


def minimum_days(level: str) -> int:
    """Minimum consultation length in days for a level code (LR/GR/ND)."""
    env = os.environ.get(f"WORKBENCH_{level}_COMMENT_DAYS")
    if env and env.strip().isdigit():
        return int(env)
    return COMMENT_DAYS.get(level, 30)


@MIGRATIONS()
def m001_consultations(db):
    db["contact_points"].create({
        "id": int, "name": str, "district": str, "kind": str, "liaison": str, "contact": str,
        "active": int, "created_at": str, "created_by": str,
    }, pk="id", not_null={"name", "kind"}, defaults={"active": 1})
    db["contact_points"].create_index(["name"], unique=True)
    db["consultations"].create({
        "id": int, "document_id": int, "version_id": int, "title": str, "opens_on": str, "closes_on": str,
        "key_questions": str, "created_at": str, "created_by": str, "closed_at": str, "closed_on": str,
        "closed_by": str, "close_note": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id"), ("version_id", "versions", "id")],
        not_null={"document_id", "version_id", "opens_on", "closes_on"})
    db["consultations"].create_index(["document_id"])
    db["consultation_invites"].create({
        "consultation_id": int, "contact_point_id": int, "invited_at": str,
    }, pk=("consultation_id", "contact_point_id"),
        foreign_keys=[("consultation_id", "consultations", "id"), ("contact_point_id", "contact_points", "id")])


# --- contact points ---------------------------------------------------------------------------

@dataclass
class ContactPoint:
    id: int
    name: str
    district: str
    kind: str
    liaison: str
    contact: str
    active: int = 1


def _cp(row: dict) -> ContactPoint:
    return ContactPoint(**{k: row[k] for k in ContactPoint.__dataclass_fields__})


def add_contact_point(db, user: User, *, name: str, kind: str, district: str = "", liaison: str = "",
                      contact: str = "") -> ContactPoint:
    require(user, "contact_point.manage")
    name = clean_field(name)
    if not name:
        raise InputError(code="consultations.add_contact_point")
    if kind not in CONTACT_POINT_KINDS:
        raise InputError(code="consultations.bad_point_kind", kind=kind, contact_point_kinds='、'.join(CONTACT_POINT_KINDS))
    if db.execute("select 1 from contact_points where name = ?", [name]).fetchone():
        raise InputError(code="consultations.point_exists", name=name)
    with transaction(db):
        cid = db["contact_points"].insert({
            "name": name, "district": clean_field(district), "kind": kind, "liaison": clean_field(liaison),
            "contact": clean_field(contact), "active": 1, "created_at": audit.now_iso(),
            "created_by": user.username,
        }).last_pk
        audit.append(db, actor=user.username, action="contact_point.add", detail={"id": cid, "name": name})
    return get_contact_point(db, cid)


def get_contact_point(db, cp_id: int) -> ContactPoint:
    row = next(db.query("select * from contact_points where id = ?", [cp_id]), None)
    if not row:
        raise NotFound(code="consultations.get_contact_point", cp_id=cp_id)
    return _cp(row)


def find_contact_point(db, key: str | int) -> ContactPoint:
    """By id or exact name."""
    if isinstance(key, int) or str(key).strip().isdigit():
        return get_contact_point(db, int(key))
    row = next(db.query("select * from contact_points where name = ?", [str(key).strip()]), None)
    if not row:
        raise NotFound(code="consultations.find_contact_point", key=key)
    return _cp(row)


def list_contact_points(db) -> list[ContactPoint]:
    return [_cp(r) for r in db.query("select * from contact_points where active = 1 order by id")]


# --- consultations ----------------------------------------------------------------------------

@dataclass
class Consultation:
    id: int
    document_id: int
    version_id: int
    title: str
    opens_on: date
    closes_on: date
    key_questions: list[str]
    created_by: str
    closed_on: date | None
    close_note: str
    invited: list[int] = field(default_factory=list)

    def status(self, today: date | None = None) -> str:
        today = today or beijing_today()
        if self.closed_on is not None:
            return STATUS_CLOSED
        if today < self.opens_on:
            return STATUS_PENDING
        if today > self.closes_on:
            return STATUS_ENDED
        return STATUS_OPEN

    def is_open(self, today: date | None = None) -> bool:
        return self.status(today) == STATUS_OPEN

    @property
    def effective_end(self) -> date:
        """The last day comments could be made (earlier than closes_on if closed early)."""
        if self.closed_on is not None and self.closed_on < self.closes_on:
            return self.closed_on
        return self.closes_on

    @property
    def period_days(self) -> int:
        return max((self.effective_end - self.opens_on).days, 0)

    def completed(self, today: date | None = None) -> bool:
        return self.status(today) in (STATUS_ENDED, STATUS_CLOSED)

    @property
    def display(self) -> str:
        return f"#{self.id} {self.title}（{self.opens_on:%Y-%m-%d} 至 {self.closes_on:%Y-%m-%d}）"


def _consultation(db, row: dict) -> Consultation:
    invited = [r[0] for r in db.execute(
        "select contact_point_id from consultation_invites where consultation_id = ? order by contact_point_id",
        [row["id"]]).fetchall()]
    return Consultation(
        id=row["id"], document_id=row["document_id"], version_id=row["version_id"], title=row["title"] or "",
        opens_on=date.fromisoformat(row["opens_on"]), closes_on=date.fromisoformat(row["closes_on"]),
        key_questions=json.loads(row["key_questions"] or "[]"), created_by=row["created_by"] or "",
        closed_on=date.fromisoformat(row["closed_on"]) if row["closed_on"] else None,
        close_note=row["close_note"] or "", invited=invited)


def open_consultation(db, user: User, *, version_id: int, opens_on, closes_on, contact_point_ids: list[int],
                      key_questions: list[str] | None = None, title: str = "") -> Consultation:
    """Create a consultation (征求意见) on one version for the invited contact points."""
    require(user, "consultation.manage")
    version = get_version(db, version_id)
    doc = get_document(db, version.document_id)
    if version.label == INTERNAL_LABEL:
        raise GateBlocked(code="consultations.open_consultation", display=version.display)
    start, end = parse_date(opens_on, "开始日期", required=True), parse_date(closes_on, "截止日期", required=True)
    if end <= start:
        raise InputError(code="consultations.bad_period")
    need = minimum_days(doc.level)
    if (end - start).days < need:
        raise InputError(code="consultations.period_too_short", days=(end - start).days,
            level_name=doc.level_name, need=need, start=date.fromordinal(start.toordinal() + need))
    ids = sorted({int(i) for i in contact_point_ids or []})
    if not ids:
        raise InputError(code="consultations.no_points_invited")
    for i in ids:
        get_contact_point(db, i)
    questions = [q for q in (clean_field(q) for q in key_questions or []) if q]
    title = clean_field(title) or f"《{doc.title}》（{version.label}）征求意见"
    ts = audit.now_iso()
    with transaction(db):
        cid = db["consultations"].insert({
            "document_id": doc.id, "version_id": version.id, "title": title, "opens_on": start.isoformat(),
            "closes_on": end.isoformat(), "key_questions": json.dumps(questions, ensure_ascii=False),
            "created_at": ts, "created_by": user.username,
        }).last_pk
        db["consultation_invites"].insert_all(
            [{"consultation_id": cid, "contact_point_id": i, "invited_at": ts} for i in ids])
        audit.append(db, actor=user.username, action="consultation.open", document_id=doc.id, version_id=version.id,
                     after_hash=version.sha256, detail={"consultation_id": cid, "opens_on": start.isoformat(),
                                                        "closes_on": end.isoformat(), "invited": ids})
    return get_consultation(db, cid)


def invite(db, user: User, consultation_id: int, contact_point_ids: list[int], *,
           today: date | None = None) -> Consultation:
    """Invite further contact points to a consultation that has not ended."""
    require(user, "consultation.manage")
    c = get_consultation(db, consultation_id)
    if c.completed(today):
        raise GateBlocked(code="consultations.invite")
    new = sorted({int(i) for i in contact_point_ids} - set(c.invited))
    for i in new:
        get_contact_point(db, i)
    if not new:
        return c
    with transaction(db):
        db["consultation_invites"].insert_all(
            [{"consultation_id": c.id, "contact_point_id": i, "invited_at": audit.now_iso()} for i in new])
        audit.append(db, actor=user.username, action="consultation.invite", document_id=c.document_id,
                     version_id=c.version_id, detail={"consultation_id": c.id, "invited": new})
    return get_consultation(db, c.id)


def close_consultation(db, user: User, consultation_id: int, *, note: str = "",
                       today: date | None = None) -> Consultation:
    """Close a consultation. Closing before the announced deadline needs a reason (it shortens
    the recorded period, which the lifecycle gates check)."""
    require(user, "consultation.manage")
    c = get_consultation(db, consultation_id)
    if c.closed_on is not None:
        raise InputError(code="consultations.close_consultation", id=c.id, closed_on=c.closed_on)
    today = today or beijing_today()
    note = clean_multiline(note)
    if today < c.closes_on and not note:
        raise InputError(code="consultations.early_close_reason", closes_on=c.closes_on)
    with transaction(db):
        db.execute("update consultations set closed_at = ?, closed_on = ?, closed_by = ?, close_note = ? where id = ?",
                   [audit.now_iso(), today.isoformat(), user.username, note, c.id])
        audit.append(db, actor=user.username, action="consultation.close", document_id=c.document_id,
                     version_id=c.version_id, detail={"consultation_id": c.id, "closed_on": today.isoformat(),
                                                      "note": note})
    return get_consultation(db, c.id)


def get_consultation(db, consultation_id: int) -> Consultation:
    row = next(db.query("select * from consultations where id = ?", [consultation_id]), None)
    if not row:
        raise NotFound(code="consultations.get_consultation", consultation_id=consultation_id)
    return _consultation(db, row)


def list_consultations(db, document_id: int | None = None) -> list[Consultation]:
    sql, params = "select * from consultations", []
    if document_id is not None:
        sql += " where document_id = ?"
        params.append(document_id)
    return [_consultation(db, r) for r in db.query(sql + " order by id desc", params)]


def consultations_for(db, user: User, *, today: date | None = None, only_open: bool = False) -> list[Consultation]:
    """What this user may see: staff with comment.view_all see all; a contact point sees the
    consultations it is invited to (never the others)."""
    if allowed(user, "comment.view_all") or allowed(user, "consultation.manage"):
        out = list_consultations(db)
    elif allowed(user, "comment.submit"):
        if not user.contact_point_id:
            raise PermissionDenied(code="comments.submitting_point")
        out = [c for c in list_consultations(db) if user.contact_point_id in c.invited]
    else:
        raise PermissionDenied(code="consultations.consultations_for", role_name=user.role_name)
    if only_open:
        out = [c for c in out if c.is_open(today)]
    return out


def check_can_view(user: User, c: Consultation) -> None:
    if allowed(user, "comment.view_all") or allowed(user, "consultation.manage"):
        return
    if allowed(user, "comment.submit") and user.contact_point_id and user.contact_point_id in c.invited:
        return
    raise PermissionDenied(code="consultations.check_can_view")


def consultation_version(db, user: User, consultation_id: int):
    """The consulted version (its tree is what contact points comment on), permission-checked."""
    c = get_consultation(db, consultation_id)
    check_can_view(user, c)
    return get_version(db, c.version_id)


# --- what the lifecycle gates read -----------------------------------------------------------

def open_consultation_version_ids(db, document_id: int, *, today: date | None = None) -> list[int]:
    """Ids of the versions of ``document_id`` currently open for comment (today within the window)."""
    return sorted({c.version_id for c in list_consultations(db, document_id) if c.is_open(today)})


def consultation_period_days(db, document_id: int, *, today: date | None = None) -> int:
    """The longest completed (ended or closed) consultation period of the document, in days;
    0 when none has completed."""
    periods = [c.period_days for c in list_consultations(db, document_id) if c.completed(today)]
    return max(periods, default=0)
