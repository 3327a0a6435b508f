"""Filings (备案审查案件): the tables and the records read from them.

A filing is one document an organ filed with us: its metadata (title, 文号, level, 公布/施行/报备
dates), its materials (备案报告, 正式文本, 起草说明, 合法性审核意见 — the original bytes, frozen), the
filed text as an immutable version of a document of origin 备案 (workbench.documents.store), the
review items found by the one review pipeline plus the reviewer's own, the letters sent and the
organ's replies. State changes live in workbench.filing.casework / intake, each with its audit event
in the same transaction; this module only defines tables and reads them.

Statuses: 待登记 (submitted, or materials incomplete) → 已登记 → 审查中 → 已审结.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Migrations

from base.errors import NotFound
from checks.finding import Finding

MIGRATIONS = Migrations("workbench.filings")  # stored name: never rename

STATUSES = ("待登记", "已登记", "审查中", "已审结")
OUTCOMES = ("未发现问题", "提出审查意见（建议修改）", "要求纠正", "纠正完毕", "撤销")
MATERIAL_KINDS = ("备案报告", "正式文本", "起草说明", "合法性审核意见", "其他")
DISPOSITIONS = ("确认", "不采纳")
SEVERITIES = ("error", "warning", "info")


@MIGRATIONS()
def m001_filings(db):
    db["filings"].create({
        "id": int, "organ_id": int, "document_id": int, "version_id": int, "title": str, "doc_number": str,
        "level": str, "published_on": str, "effective_on": str, "filed_on": str, "registered_on": str,
        "registered_by": str, "status": str, "outcome": str, "assignee": str, "review_due": str,
        "late_days": int, "missing": str, "batch_id": int, "created_at": str, "created_by": str,
        "n_error": int, "n_warning": int, "n_info": int, "triaged_at": str, "triage_problem": str,
        "reply_due": str, "corrected_version_id": int, "closed_on": str, "decision_note": str,
        "row_version": int,
    }, pk="id", foreign_keys=[("organ_id", "filing_organs", "id"), ("document_id", "documents", "id")],
        not_null={"organ_id", "title", "level", "status"},
        defaults={"row_version": 1, "late_days": 0, "n_error": 0, "n_warning": 0, "n_info": 0})
    db["filings"].create_index(["organ_id"])
    db["filings"].create_index(["status"])
    db["filing_materials"].create({
        "id": int, "filing_id": int, "kind": str, "filename": str, "sha256": str, "size": int, "data": bytes,
        "text": str, "created_at": str, "created_by": str,
    }, pk="id", foreign_keys=[("filing_id", "filings", "id")], not_null={"filing_id", "kind"})
    db["filing_materials"].create_index(["filing_id"])
    db["filing_items"].create({
        "id": int, "filing_id": int, "seq": int, "source": str, "rule": str, "related_rules": str,
        "severity": str, "family": str, "head": int, "element_id": str, "article_label": str, "message": str,
        "basis": str, "excerpt": str, "evidence": str, "disposition": str, "reason": str, "disposed_by": str,
        "disposed_at": str, "created_by": str,
    }, pk="id", foreign_keys=[("filing_id", "filings", "id")], not_null={"filing_id", "rule"})
    db["filing_items"].create_index(["filing_id", "seq"], unique=True)
    db["filing_letters"].create({
        "id": int, "filing_id": int, "kind": str, "number": str, "year": int, "serial": int, "issued_on": str,
        "issued_by": str, "reply_due": str, "sha256": str, "docx": bytes,
    }, pk="id", foreign_keys=[("filing_id", "filings", "id")], not_null={"filing_id", "kind", "number"})
    db["filing_letters"].create_index(["year", "serial"], unique=True)
    db["filing_replies"].create({
        "id": int, "filing_id": int, "received_on": str, "text": str, "corrected_version_id": int,
        "recorded_by": str, "recorded_at": str,
    }, pk="id", foreign_keys=[("filing_id", "filings", "id")], not_null={"filing_id"})
    for table in ("filing_materials", "filing_letters", "filing_replies"):
        db.execute(f"""CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table}
                       BEGIN SELECT RAISE(ABORT, '备案材料、函件和回复一经保存不可修改'); END""")
        db.execute(f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
                       BEGIN SELECT RAISE(ABORT, '备案材料、函件和回复不可删除'); END""")


@dataclass
class Filing:
    id: int
    organ_id: int
    organ_name: str
    document_id: int | None
    version_id: int | None
    title: str
    doc_number: str
    level: str
    published_on: str
    effective_on: str
    filed_on: str
    registered_on: str
    status: str
    outcome: str
    assignee: str
    review_due: str
    late_days: int
    missing: list[str]
    batch_id: int | None
    created_at: str
    created_by: str
    n_error: int
    n_warning: int
    n_info: int
    triaged_at: str
    triage_problem: str
    reply_due: str
    corrected_version_id: int | None
    closed_on: str
    decision_note: str
    row_version: int
    registered_by: str = ""

    @property
    def late(self) -> bool:
        """逾期报备: filed after the statutory period counted from 公布."""
        return self.late_days > 0

    @property
    def counts(self) -> dict[str, int]:
        return {"error": self.n_error, "warning": self.n_warning, "info": self.n_info}

    @property
    def closed(self) -> bool:
        return self.status == "已审结"

    def days_left(self, today: date) -> int | None:
        """Days until the review deadline (negative: overdue); None when none applies."""
        if self.closed or not self.review_due:
            return None
        return (date.fromisoformat(self.review_due) - today).days

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["late"] = self.late
        d["counts"] = self.counts
        return d


@dataclass
class Item:
    id: int
    filing_id: int
    seq: int
    source: str            # check (the review pipeline) / manual (the reviewer's own)
    rule: str
    related_rules: str
    severity: str
    family: str
    head: int | None
    element_id: str
    article_label: str
    message: str
    basis: str
    excerpt: str
    evidence: dict = field(default_factory=dict)
    disposition: str | None = None
    reason: str = ""
    disposed_by: str | None = None
    disposed_at: str | None = None
    created_by: str = ""

    @property
    def rules(self) -> list[str]:
        return [self.rule, *(self.related_rules or "").split()]

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["rules"] = self.rules
        return d

    def as_finding(self) -> Finding:
        """The item as the project's one Finding (what the finding card renders)."""
        return Finding(rule=self.rule, severity=self.severity, message=self.message, element_id=self.element_id or None,
                       article_label=self.article_label or None, excerpt=self.excerpt, basis=self.basis,
                       family=self.family, head=self.head or 0, related=tuple(self.rules[1:]),
                       evidence=dict(self.evidence))


@dataclass(frozen=True)
class Material:
    id: int
    filing_id: int
    kind: str
    filename: str
    sha256: str
    size: int
    text: str
    created_at: str


@dataclass(frozen=True)
class Letter:
    id: int
    filing_id: int
    kind: str
    number: str
    issued_on: str
    issued_by: str
    reply_due: str
    sha256: str


@dataclass(frozen=True)
class Reply:
    id: int
    filing_id: int
    received_on: str
    text: str
    corrected_version_id: int | None
    recorded_by: str
    recorded_at: str


_FILING_SQL = ("select f.*, o.name as organ_name from filings f join filing_organs o on o.id = f.organ_id")


def _filing(row: dict) -> Filing:
    vals = {k: row.get(k) for k in Filing.__dataclass_fields__}
    for k in ("doc_number", "published_on", "effective_on", "filed_on", "registered_on", "outcome", "assignee",
              "review_due", "triaged_at", "triage_problem", "reply_due", "closed_on", "decision_note",
              "registered_by"):
        vals[k] = vals[k] or ""
    vals["missing"] = json.loads(row.get("missing") or "[]")
    return Filing(**vals)


def get_filing(db, filing_id: int) -> Filing:
    row = next(db.query(_FILING_SQL + " where f.id = ?", [filing_id]), None)
    if not row:
        raise NotFound(code="filing.missing", filing_id=filing_id)
    return _filing(row)


def query_filings(db, *, organ_id: int | None = None, status: str | None = None, year: int | None = None,
                  batch_id: int | None = None) -> list[Filing]:
    sql, params = _FILING_SQL + " where 1 = 1", []
    for col, val in (("f.organ_id", organ_id), ("f.status", status), ("f.batch_id", batch_id)):
        if val is not None:
            sql += f" and {col} = ?"
            params.append(val)
    if year is not None:
        sql += " and substr(coalesce(nullif(f.filed_on, ''), f.created_at), 1, 4) = ?"
        params.append(str(year))
    return [_filing(r) for r in db.query(sql + " order by f.id", params)]


def _item(row: dict) -> Item:
    vals = {k: row.get(k) for k in Item.__dataclass_fields__}
    vals["evidence"] = json.loads(row.get("evidence") or "{}")
    for k in ("related_rules", "family", "element_id", "article_label", "message", "basis", "excerpt", "reason",
              "created_by"):
        vals[k] = vals[k] or ""
    return Item(**vals)


def items_of(db, filing_id: int) -> list[Item]:
    return [_item(r) for r in db.query("select * from filing_items where filing_id = ? order by seq", [filing_id])]


def materials_of(db, filing_id: int) -> list[Material]:
    return [Material(**{k: r[k] for k in Material.__dataclass_fields__})
            for r in db.query("select * from filing_materials where filing_id = ? order by id", [filing_id])]


def material_bytes(db, material_id: int) -> tuple[str, bytes]:
    row = db.execute("select filename, data from filing_materials where id = ?", [material_id]).fetchone()
    if not row:
        raise NotFound(code="filing.material_bytes", material_id=material_id)
    return row[0], row[1]


def letters_of(db, filing_id: int) -> list[Letter]:
    return [Letter(**{k: r[k] or ("" if k != "filing_id" else r[k]) for k in Letter.__dataclass_fields__})
            for r in db.query("select * from filing_letters where filing_id = ? order by id", [filing_id])]


def letter_docx(db, letter_id: int) -> tuple[Letter, bytes]:
    row = next(db.query("select * from filing_letters where id = ?", [letter_id]), None)
    if not row:
        raise NotFound(code="filing.letter_docx", letter_id=letter_id)
    return Letter(**{k: row[k] or "" for k in Letter.__dataclass_fields__}), row["docx"]


def replies_of(db, filing_id: int) -> list[Reply]:
    return [Reply(**{k: r[k] for k in Reply.__dataclass_fields__})
            for r in db.query("select * from filing_replies where filing_id = ? order by id", [filing_id])]


def count_by(db, column: str, *, year: int | None = None) -> dict[str, int]:
    """Filings per value of ``column`` (status, outcome, level), optionally for one year of filing."""
    assert column in {"status", "outcome", "level"}
    sql, params = f"select {column}, count(*) from filings", []
    if year is not None:
        sql += " where substr(coalesce(nullif(filed_on, ''), created_at), 1, 4) = ?"
        params.append(str(year))
    return {k or "": n for k, n in db.execute(sql + f" group by {column}", params).fetchall()}
