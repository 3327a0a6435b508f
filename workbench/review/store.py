"""合法性审核: a legal advisor's review of ONE stored version, with sign-off.

A review holds the automatic findings (and, when available, conflict-search results) as review
items. For each item the advisor records a disposition (确认 / 不采纳 with a required reason);
the review ends with an overall opinion (合法 / 修改后合法 / 不合法) and a sign-off.

Four eyes: only a user allowed ``review.sign`` may sign, and never one who authored the document
(``permissions.may_sign_off``: the document's or the version's ``created_by``). The sign-off stores
the version's sha256; any later version of the document makes the sign-off stale. A signed review
is frozen (code and triggers refuse changes). Every change is written with its audit event in
one transaction.

For the lifecycle gates and the dashboard: :func:`signed_off_hash` and :func:`review_stats`.

Why one module of ~450 lines: the review aggregate (tables, triggers, records, dispositions, sign-off, the gate and dashboard queries) is one store module; its texts are in text.py.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, time, timezone

from sqlite_utils import Migrations

from base import audit
from base.db import transaction
from base.errors import InputError, NotFound, PermissionDenied, StaleWrite, render
from workbench.access.permissions import may_sign_off, require, allowed
from base.clock import BEIJING, beijing, today as beijing_today
from base.dates import parse_date
from checks.finding import Finding
from workbench.access.users import User
from workbench.documents.store import document_authors, get_document, get_version

MIGRATIONS = Migrations("workbench.review")  # stored name: never rename

DISPOSITIONS = ("确认", "不采纳")
OPINIONS = ("合法", "修改后合法", "不合法")
PASSING_OPINIONS = ("合法", "修改后合法")
STATUS_OPEN, STATUS_SIGNED = "进行中", "已签署"


@MIGRATIONS()
def m001_reviews(db):
    db["reviews"].create({
        "id": int, "document_id": int, "version_id": int, "version_sha256": str, "level": str,
        "status": str, "opinion": str, "opinion_text": str, "created_at": str, "created_by": str,
        "signed_by": str, "signed_at": str, "signed_sha256": str, "row_version": int,
    }, pk="id", foreign_keys=[("document_id", "documents", "id"), ("version_id", "versions", "id")],
        not_null={"document_id", "version_id", "version_sha256", "status"}, defaults={"row_version": 1})
    db["reviews"].create_index(["document_id"])
    db["review_items"].create({
        "id": int, "review_id": int, "seq": int, "source": str, "rule": str, "severity": str,
        "head": int, "family": str, "message": str, "element_id": str, "article_label": str,
        "excerpt": str, "basis": str, "disposition": str, "reason": str, "disposed_by": str,
        "disposed_at": str,
    }, pk="id", foreign_keys=[("review_id", "reviews", "id")], not_null={"review_id", "rule"})
    db["review_items"].create_index(["review_id", "seq"], unique=True)
    # A signed review is a record: refuse edits to it and to its items at the database level too.
    db.execute("""CREATE TRIGGER reviews_signed_frozen BEFORE UPDATE ON reviews
                  WHEN OLD.status = '已签署'
                  BEGIN SELECT RAISE(ABORT, '已签署的审核意见不可修改'); END""")
    db.execute("""CREATE TRIGGER review_items_signed_frozen BEFORE UPDATE ON review_items
                  WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = '已签署'
                  BEGIN SELECT RAISE(ABORT, '已签署的审核意见不可修改'); END""")
    db.execute("""CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
                  BEGIN SELECT RAISE(ABORT, '审核记录不可删除'); END""")
    db.execute("""CREATE TRIGGER review_items_no_delete BEFORE DELETE ON review_items
                  BEGIN SELECT RAISE(ABORT, '审核记录不可删除'); END""")


@MIGRATIONS()
def m002_related_rules(db):
    # other rules that flagged the same words as the item's rule (checks.merge.merge_same_spot),
    # space-separated rule ids; "" for an item found by one rule
    db["review_items"].add_column("related_rules", str, not_null_default="")


@MIGRATIONS()
def m003_signed_on_paper(db):
    # ISO date of a review signed on paper before it was entered here (补录), "" for one signed in
    # the workbench; signed_at then holds that day (noon, Beijing) and the audit event the real time
    db["reviews"].add_column("signed_on_paper", str, not_null_default="")


@MIGRATIONS()
def m004_finding_evidence(db):
    # the rest of the one Finding (checks.finding): message code, evidence (JSON), suggested fix,
    # dossier facts it rests on (space-separated), span of flagged words
    for col in ("code", "evidence", "fix", "facts", "span"):
        db["review_items"].add_column(col, str, not_null_default="")


# --- records -------------------------------------------------------------------------------

@dataclass
class ReviewItem:
    id: int
    review_id: int
    seq: int
    source: str
    rule: str
    severity: str
    head: int | None
    family: str
    message: str
    element_id: str
    article_label: str
    excerpt: str
    basis: str
    disposition: str | None
    reason: str
    disposed_by: str | None
    disposed_at: str | None
    related_rules: str = ""
    code: str = ""
    evidence: str = ""
    fix: str = ""
    facts: str = ""
    span: str = ""

    @property
    def rules(self) -> list[str]:
        """The item's rule id followed by those of the other rules that flagged the same words."""
        return [self.rule, *(self.related_rules or "").split()]

    @property
    def finding(self) -> Finding:
        """The stored finding, as the pipeline produced it."""
        return Finding(rule=self.rule, severity=self.severity, message=self.message, element_id=self.element_id or None,
                       article_label=self.article_label or None, excerpt=self.excerpt, basis=self.basis,
                       span=self.span or "", family=self.family or "", head=self.head or 0,
                       related=tuple((self.related_rules or "").split()), code="" if self.code == self.rule else
                       (self.code or ""), evidence=json.loads(self.evidence) if self.evidence else {},
                       fix=self.fix or "", facts=tuple((self.facts or "").split()), source=self.source or "check")


@dataclass
class Review:
    id: int
    document_id: int
    version_id: int
    version_sha256: str
    level: str
    status: str
    opinion: str | None
    opinion_text: str
    created_at: str
    created_by: str
    signed_by: str | None
    signed_at: str | None
    signed_sha256: str | None
    row_version: int
    items: list[ReviewItem] = field(default_factory=list)
    stale: bool = False            # a newer version of the document exists
    created_by_name: str = ""      # display names of the accounts (the username if the account is gone)
    signed_by_name: str = ""
    signed_on_paper: str = ""      # ISO date when the sign-off was made on paper and entered later (补录)

    @property
    def created_at_display(self) -> str:
        """Creation time in 北京时间, e.g. 2026-11-28 23:20."""
        return beijing(self.created_at)

    @property
    def signed_at_display(self) -> str:
        """Signing time in 北京时间, e.g. 2026-11-28 23:20 ("" while unsigned)."""
        return beijing(self.signed_at)

    @property
    def signoff_text(self) -> str:
        """「已由 法律顾问甲 于 2026-11-28 23:20 签署」, "" while unsigned: what pages and the CLI show
        for a signed review (display name, never the username; Beijing time, never UTC)."""
        if not self.signed:
            return ""
        who = self.signed_by_name or self.signed_by
        if self.signed_on_paper:
            return f"已由 {who} 于 {self.signed_on_paper} 签署纸质审核意见（补录）"
        return f"已由 {who} 于 {self.signed_at_display} 签署"

    @property
    def signed(self) -> bool:
        return self.status == STATUS_SIGNED

    @property
    def undisposed(self) -> list[ReviewItem]:
        return [i for i in self.items if not i.disposition]

    @property
    def state_label(self) -> str:
        if self.signed:
            return "已签署（已过期：文档已有新版本）" if self.stale else "已签署"
        return "进行中（文档已有新版本）" if self.stale else "进行中"


def _item(row: dict) -> ReviewItem:
    return ReviewItem(**{k: row.get(k) for k in ReviewItem.__dataclass_fields__})


_DERIVED = ("items", "stale", "created_by_name", "signed_by_name")


def _display_name(db, username: str | None) -> str:
    if not username:
        return ""
    row = db.execute("select display_name from users where username = ?", [username]).fetchone() \
        if "users" in db.table_names() else None
    return (row[0] if row and row[0] else username)


def _review(db, row: dict) -> Review:
    fields = {k: row.get(k) for k in Review.__dataclass_fields__ if k not in _DERIVED}
    r = Review(**fields)
    r.opinion_text = r.opinion_text or ""
    r.created_by_name = _display_name(db, r.created_by)
    r.signed_by_name = _display_name(db, r.signed_by)
    r.items = [_item(i) for i in db.query("select * from review_items where review_id = ? order by seq", [r.id])]
    cur = db.execute("select current_version_id from documents where id = ?", [r.document_id]).fetchone()
    r.stale = bool(cur and cur[0] != r.version_id)
    return r


def get_review(db, review_id: int) -> Review:
    row = next(db.query("select * from reviews where id = ?", [review_id]), None)
    if not row:
        raise NotFound(code="review.get_review", review_id=review_id)
    return _review(db, row)


def list_reviews(db, document_id: int | None = None) -> list[Review]:
    if document_id is None:
        rows = db.query("select * from reviews order by id desc")
    else:
        rows = db.query("select * from reviews where document_id = ? order by id desc", [document_id])
    return [_review(db, r) for r in rows]


def latest_review(db, version_id: int) -> Review | None:
    row = next(db.query("select * from reviews where version_id = ? order by id desc limit 1", [version_id]), None)
    return _review(db, row) if row else None


# --- gates and statistics (used by lifecycle and dashboard) -------------------------------

def latest_signoff(db, document_id: int) -> Review | None:
    """The most recent signed review of the document (any version), or None."""
    row = next(db.query("select * from reviews where document_id = ? and status = ? "
                        "order by signed_at desc, id desc limit 1", [document_id, STATUS_SIGNED]), None)
    return _review(db, row) if row else None


def signed_off_hash(db, document_id: int) -> str | None:
    """sha256 recorded by the latest valid sign-off of the document, else None.

    Valid means: signed by a legal advisor (enforced at signing) with an overall opinion of
    合法 or 修改后合法. A latest sign-off that found the draft 不合法 yields None: a document judged
    unlawful may not pass a gate on the strength of an earlier favourable review. Callers compare
    the hash with the current version's sha256 to see whether the sign-off is still current.
    """
    r = latest_signoff(db, document_id)
    if r is None or r.opinion not in PASSING_OPINIONS:
        return None
    return r.signed_sha256


def review_stats(db) -> dict:
    """Counts for the 法律顾问参与率: reviews in total, reviews with an advisor's sign-off, and the
    same per document (documents with any review / with a signed review)."""
    q = lambda sql, *p: db.execute(sql, list(p)).fetchone()[0]  # noqa: E731
    total = q("select count(*) from reviews")
    signed = q("select count(*) from reviews where status = ?", STATUS_SIGNED)
    docs = q("select count(*) from documents where archived = 0")
    docs_reviewed = q("select count(distinct document_id) from reviews")
    docs_signed = q("select count(distinct document_id) from reviews where status = ?", STATUS_SIGNED)
    return {
        "reviews_total": total,
        "reviews_signed": signed,
        "documents_total": docs,
        "documents_reviewed": docs_reviewed,
        "documents_signed": docs_signed,
        "signoff_rate": (signed / total) if total else None,
    }


# --- changes ----------------------------------------------------------------------------------

def _finding_row(f: Finding, seq: int) -> dict:
    return {
        "seq": seq, "source": f.source, "rule": f.rule, "severity": f.severity, "head": f.head,
        "family": f.family or "", "message": f.message or "", "element_id": f.element_id or "",
        "article_label": f.article_label or "", "excerpt": f.excerpt or "", "basis": f.basis or "",
        "related_rules": " ".join(f.related), "code": f.message_code,
        "evidence": json.dumps(f.evidence, ensure_ascii=False, sort_keys=True, default=str) if f.evidence else "",
        "fix": f.fix or "", "facts": " ".join(f.facts), "span": f.span or "",
        "disposition": None, "reason": "", "disposed_by": None, "disposed_at": None,
    }


def create_review(db, version_id: int, *, actor: User, findings: list[Finding]) -> Review:
    """Open a review of one stored version holding ``findings`` as its items, in their order.

    The findings come from the one review pipeline (workbench.review.pipeline.open_review), already
    merged (one item per defect) and ordered; this function only stores them.
    """
    require(actor, "review.create")
    version = get_version(db, version_id)
    doc = get_document(db, version.document_id)
    ts = audit.now_iso()
    with transaction(db):
        rid = db["reviews"].insert({
            "document_id": doc.id, "version_id": version.id, "version_sha256": version.sha256,
            "level": doc.level, "status": STATUS_OPEN, "opinion": None, "opinion_text": "",
            "created_at": ts, "created_by": actor.username, "row_version": 1,
        }).last_pk
        rows = [_finding_row(f, i + 1) for i, f in enumerate(findings)]
        for r in rows:
            r["review_id"] = rid
        if rows:
            db["review_items"].insert_all(rows)
        audit.append(db, actor=actor.username, action="review.create", document_id=doc.id,
                     version_id=version.id, after_hash=version.sha256,
                     detail={"review_id": rid, "items": len(rows)})
    return get_review(db, rid)


def _open_review(db, review_id: int, expected_row_version: int | None) -> Review:
    r = get_review(db, review_id)
    if r.signed:
        raise InputError(code="review.open_review")
    if expected_row_version is not None and r.row_version != expected_row_version:
        raise StaleWrite(code="review.stale")
    return r


def dispose(db, review_id: int, item_seq: int, disposition: str, *, actor: User, reason: str = "",
            expected_row_version: int | None = None) -> Review:
    """Record the advisor's decision on one item: 确认, or 不采纳 with a reason (required)."""
    require(actor, "review.dispose")
    disposition = (disposition or "").strip()
    reason = (reason or "").strip()
    if disposition not in DISPOSITIONS:
        raise InputError(code="review.bad_disposition", dispositions='/'.join(DISPOSITIONS))
    if disposition == "不采纳" and not reason:
        raise InputError(code="review.reason_required")
    with transaction(db):
        r = _open_review(db, review_id, expected_row_version)
        item = next((i for i in r.items if i.seq == item_seq), None)
        if item is None:
            raise NotFound(code="review.dispose", item_seq=item_seq)
        db.execute("update review_items set disposition = ?, reason = ?, disposed_by = ?, disposed_at = ? "
                   "where id = ?", [disposition, reason, actor.username, audit.now_iso(), item.id])
        db.execute("update reviews set row_version = row_version + 1 where id = ?", [review_id])
        audit.append(db, actor=actor.username, action="review.dispose", document_id=r.document_id,
                     version_id=r.version_id,
                     detail={"review_id": review_id, "seq": item_seq, "rule": item.rule,
                             "from": item.disposition, "to": disposition, "reason": reason})
    return get_review(db, review_id)


def set_opinion(db, review_id: int, opinion: str, *, actor: User, text: str = "",
                expected_row_version: int | None = None) -> Review:
    """Set the overall opinion (合法 / 修改后合法 / 不合法) and its explanation."""
    require(actor, "review.dispose")
    opinion = (opinion or "").strip()
    if opinion not in OPINIONS:
        raise InputError(code="review.set_opinion", opinions='/'.join(OPINIONS))
    with transaction(db):
        r = _open_review(db, review_id, expected_row_version)
        db.execute("update reviews set opinion = ?, opinion_text = ?, row_version = row_version + 1 where id = ?",
                   [opinion, (text or "").strip(), review_id])
        audit.append(db, actor=actor.username, action="review.opinion", document_id=r.document_id,
                     version_id=r.version_id,
                     detail={"review_id": review_id, "from": r.opinion, "to": opinion})
    return get_review(db, review_id)


def sign_problems(db, review: Review, user: User | None) -> list[str]:
    """Why ``user`` cannot sign ``review`` now (empty list: may sign). Pages use it for the button."""
    return [p.message for p in sign_blockers(db, review, user)]


@dataclass(frozen=True)
class SignBlocker:
    """One reason a user cannot sign: ``code`` decides (``not_advisor``, ``four_eyes``, ``signed``,
    ``stale``, ``undisposed``, ``no_opinion``), ``message`` is what the user reads."""
    code: str
    message: str

    @property
    def permission(self) -> bool:
        """Whether the reason is about who the user is (not about the state of the review)."""
        return self.code in ("not_advisor", "four_eyes")


def _blocker(code: str, **params) -> SignBlocker:
    """A sign blocker whose text is the catalogue's ``sign.<code>``."""
    return SignBlocker(code, render(f"sign.{code}", params))


def sign_blockers(db, review: Review, user: User | None) -> list[SignBlocker]:
    """Why ``user`` cannot sign ``review`` now, as coded reasons (empty list: may sign)."""
    problems = []
    if user is None or not allowed(user, "review.sign"):
        problems.append(_blocker("not_advisor"))
    else:
        doc = get_document(db, review.document_id)
        version = get_version(db, review.version_id)
        if not may_sign_off(user, doc.created_by, version.created_by) or user.username in document_authors(db, doc.id):
            problems.append(_blocker("four_eyes"))
    if review.signed:
        problems.append(_blocker("signed"))
    if review.stale:
        problems.append(_blocker("stale"))
    if review.undisposed:
        problems.append(_blocker("undisposed", n=len(review.undisposed)))
    if not review.opinion:
        problems.append(_blocker("no_opinion"))
    return problems


def sign(db, review_id: int, *, actor: User, expected_row_version: int | None = None,
         paper_date=None) -> Review:
    """Sign the review: records the reviewed version's sha256; afterwards the review is frozen.

    ``paper_date`` enters (补录) a review the advisor signed on paper on that earlier day, e.g. when
    an office starts using the workbench mid-procedure: the sign-off counts from that day for the
    procedure rules (PROC-LEGALITY-FIRST compares it with the meeting date), the same four-eyes
    and completeness rules apply, and the audit event keeps the real time of entry.
    """
    require(actor, "review.sign")
    signed_at, paper_iso = None, ""
    if paper_date is not None:
        day = parse_date(paper_date, "纸质审核意见签署日期", required=True)
        if day > beijing_today():
            raise InputError(code="review.sign")
        signed_at = datetime.combine(day, time(12), BEIJING).astimezone(timezone.utc).isoformat(
            timespec="microseconds")
        paper_iso = day.isoformat()
    with transaction(db):
        r = _open_review(db, review_id, expected_row_version)
        problems = sign_blockers(db, r, actor)
        if problems:
            exc = PermissionDenied if any(p.permission for p in problems) else InputError
            reasons = "；".join(p.message.rstrip("。") for p in problems)
            raise exc(render("review.cannot_sign", {"reasons": reasons}), code=problems[0].code, reasons=reasons)
        sha = db.execute("select sha256 from versions where id = ?", [r.version_id]).fetchone()[0]
        ts = signed_at or audit.now_iso()
        db.execute("update reviews set status = ?, signed_by = ?, signed_at = ?, signed_sha256 = ?, "
                   "signed_on_paper = ?, row_version = row_version + 1 where id = ?",
                   [STATUS_SIGNED, actor.username, ts, sha, paper_iso, review_id])
        audit.append(db, actor=actor.username, action="review.sign", document_id=r.document_id,
                     version_id=r.version_id, after_hash=sha,
                     detail={"review_id": review_id, "opinion": r.opinion, **({"paper_date": paper_iso} if paper_iso else {}),
                             "confirmed": sum(i.disposition == "确认" for i in r.items),
                             "dismissed": sum(i.disposition == "不采纳" for i in r.items)})
    return get_review(db, review_id)
