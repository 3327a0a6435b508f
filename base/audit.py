"""Append-only, hash-chained audit log of every state change.

Each row stores the sha256 of the previous row's hash plus its own canonical content, so any
edit, deletion or reordering breaks the chain and :func:`verify` reports it. Triggers refuse
UPDATE and DELETE on the table.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlite_utils import Migrations
from base.db import transaction

MIGRATIONS = Migrations("workbench.audit")  # stored name: never rename

GENESIS = "0" * 64


@MIGRATIONS()
def m001_audit_log(db):
    db["audit_log"].create({
        "id": int, "ts": str, "actor": str, "action": str, "document_id": int, "version_id": int,
        "before_hash": str, "after_hash": str, "detail": str, "prev_hash": str, "hash": str,
    }, pk="id")
    db["audit_log"].create_index(["document_id"])
    db.execute("""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                  BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END""")
    db.execute("""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                  BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END""")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _row_hash(prev_hash: str, row: dict) -> str:
    payload = json.dumps({k: row.get(k) for k in (
        "ts", "actor", "action", "document_id", "version_id", "before_hash", "after_hash", "detail")},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def append(db, *, actor: str, action: str, document_id: int | None = None, version_id: int | None = None,
           before_hash: str | None = None, after_hash: str | None = None, detail: dict | None = None) -> int:
    """Append one event. Call inside the transaction that makes the change it records.

    Reading the previous hash and inserting happen in one write transaction (a savepoint when
    the caller already holds one), so concurrent writers can never fork the chain.
    """
    with transaction(db):
        last = db.execute("select hash from audit_log order by id desc limit 1").fetchone()
        prev = last[0] if last else GENESIS
        row = {"ts": now_iso(), "actor": actor, "action": action, "document_id": document_id,
               "version_id": version_id, "before_hash": before_hash, "after_hash": after_hash,
               "detail": json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)}
        row["prev_hash"] = prev
        row["hash"] = _row_hash(prev, row)
        return db["audit_log"].insert(row).last_pk


@dataclass
class AuditProblem:
    id: int
    message: str


def verify(db) -> list[AuditProblem]:
    """Recompute the chain; return every broken link (empty list: intact)."""
    problems: list[AuditProblem] = []
    prev = GENESIS
    last_id = 0
    for row in db.query("select * from audit_log order by id"):
        if row["id"] != last_id + 1:
            problems.append(AuditProblem(row["id"], f"第 {last_id + 1}–{row['id'] - 1} 条记录缺失"))
        if row["prev_hash"] != prev:
            problems.append(AuditProblem(row["id"], "前序哈希不连续（记录被删除或调换）"))
        if _row_hash(row["prev_hash"], row) != row["hash"]:
            problems.append(AuditProblem(row["id"], "记录内容与哈希不符（记录被篡改）"))
        prev = row["hash"]
        last_id = row["id"]
    return problems


def verify_report(db) -> dict:
    """Summary for the CLI and the audit page: events checked, problems, the head hash."""
    problems = verify(db)
    n, head = db.execute("select count(*), (select hash from audit_log order by id desc limit 1) "
                         "from audit_log").fetchone()
    return {"ok": not problems, "events": n, "head_hash": head,
            "problems": [{"id": p.id, "message": p.message} for p in problems]}


def events(db, document_id: int | None = None, limit: int = 500, *, actor: str | None = None,
           action: str | None = None, since: str | None = None) -> list[dict]:
    """Newest first. ``action`` matches exactly or as a prefix ending in '.' (e.g. ``review.``)."""
    sql, params = "select * from audit_log where 1 = 1", []
    if document_id is not None:
        sql += " and document_id = ?"
        params.append(document_id)
    if actor:
        sql += " and actor = ?"
        params.append(actor)
    if action:
        if action.endswith("."):
            sql += " and action like ?"
            params.append(action + "%")
        else:
            sql += " and action = ?"
            params.append(action)
    if since:
        sql += " and ts >= ?"
        params.append(since)
    return list(db.query(sql + " order by id desc limit ?", [*params, limit]))


def actions(db) -> list[str]:
    return [r[0] for r in db.execute("select distinct action from audit_log order by action").fetchall()]


def actors(db) -> list[str]:
    return [r[0] for r in db.execute("select distinct actor from audit_log order by actor").fetchall()]

