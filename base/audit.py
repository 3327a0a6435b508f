"""Append-only, hash-chained and keyed audit log of every state change.

Each row stores the sha256 of the previous row's hash plus its own canonical content (``hash``),
so any edit, deletion or reordering breaks the chain. Since anyone holding the file could
recompute such a chain, each row also carries ``mac`` = HMAC-SHA256(key, hash) with the secret
key of base.audit_key (kept outside the database), and the one-row table ``audit_head`` is a
signed checkpoint of the tail (last id, last hash, number of events), rewritten with every
append in the same transaction. :func:`verify` re-hashes every row and checks every signature
and the checkpoint, so it detects in-place edits (even with the chain recomputed), deletions
anywhere including the last rows, insertions and reordering. Triggers refuse UPDATE and DELETE.

Rows written before the key existed (``mac`` NULL, ids below ``keyed_from``) are sealed by the
checkpoint written when the database was upgraded: their chain ends in a hash the key signs.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlite_utils import Migrations

from base.audit_key import AuditKeyError, key_id, load_key
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


@MIGRATIONS()
def m002_keyed(db):
    """Per-row signatures and the signed checkpoint; existing rows are sealed by it."""
    db.execute("alter table audit_log add column mac text")
    db["audit_head"].create({"id": int, "last_id": int, "last_hash": str, "events": int, "keyed_from": int,
                             "key_id": str, "mac": str, "updated_at": str}, pk="id")
    last = db.execute("select id, hash from audit_log order by id desc limit 1").fetchone()
    n = db.execute("select count(*) from audit_log").fetchone()[0]
    last_id, last_hash = (last[0], last[1]) if last else (0, GENESIS)
    _write_head(db, load_key(), last_id, last_hash, n, keyed_from=last_id + 1, insert=True)


def _mac(key: bytes, *parts) -> str:
    return hmac.new(key, "|".join(str(p) for p in parts).encode("utf-8"), hashlib.sha256).hexdigest()


def _head_mac(key: bytes, last_id: int, last_hash: str, events: int, keyed_from: int) -> str:
    return _mac(key, "head", last_id, last_hash, events, keyed_from)


def _write_head(db, key: bytes, last_id: int, last_hash: str, events: int, *, keyed_from: int,
                insert: bool = False) -> None:
    row = {"last_id": last_id, "last_hash": last_hash, "events": events, "keyed_from": keyed_from,
           "key_id": key_id(key), "mac": _head_mac(key, last_id, last_hash, events, keyed_from),
           "updated_at": now_iso()}
    if insert:
        db["audit_head"].insert({"id": 1, **row})
    else:
        sets = ", ".join(f"{k} = ?" for k in row)
        db.execute(f"update audit_head set {sets} where id = 1", list(row.values()))


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

    Reading the previous hash, inserting the signed row and rewriting the signed checkpoint
    happen in one write transaction (a savepoint when the caller already holds one), so
    concurrent writers can never fork the chain.
    """
    key = load_key()
    with transaction(db):
        for check in _ACTOR_CHECKS:
            check(db, actor, action)
        last = db.execute("select hash from audit_log order by id desc limit 1").fetchone()
        prev = last[0] if last else GENESIS
        row = {"ts": now_iso(), "actor": actor, "action": action, "document_id": document_id,
               "version_id": version_id, "before_hash": before_hash, "after_hash": after_hash,
               "detail": json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)}
        row["prev_hash"] = prev
        row["hash"] = _row_hash(prev, row)
        row["mac"] = _mac(key, "row", row["hash"])
        new_id = db["audit_log"].insert(row).last_pk
        head = db.execute("select events, keyed_from from audit_head where id = 1").fetchone()
        events, keyed_from = (head[0] + 1, head[1]) if head else (
            db.execute("select count(*) from audit_log").fetchone()[0], 1)
        _write_head(db, key, new_id, row["hash"], events, keyed_from=keyed_from, insert=head is None)
        return new_id


_ACTOR_CHECKS: list = []


def register_actor_check(check) -> None:
    """``check(db, actor, action)`` runs inside every append's transaction and may raise to refuse
    the change (the workbench refuses a deactivated account there, whatever User object it holds)."""
    if check not in _ACTOR_CHECKS:
        _ACTOR_CHECKS.append(check)


@dataclass
class AuditProblem:
    id: int
    message: str


def verify(db, *, key: bytes | None = None) -> list[AuditProblem]:
    """Re-hash the whole chain and check every signature and the signed checkpoint; return every
    problem found (empty list: intact). ``key`` defaults to the installation's key (not created
    if missing: a missing key is one problem)."""
    if key is None:
        try:
            key = load_key(create=False)
        except AuditKeyError as e:
            return [AuditProblem(0, str(e))]
    head = _head(db)
    keyed_from = head["keyed_from"] if head else 1
    problems: list[AuditProblem] = []
    if head is not None and head["key_id"] != key_id(key):
        problems.append(AuditProblem(head["last_id"], f"审计日志由另一密钥（{head['key_id']}）签名，当前密钥为 "
                                                      f"{key_id(key)}：无法确认日志未被改动（请使用原密钥文件校验）"))
    row_key = None if problems else key
    prev, last_id, n = GENESIS, 0, 0
    for row in db.query("select * from audit_log order by id"):
        problems += _check_row(row, prev, last_id, row_key, keyed_from)
        prev, last_id, n = row["hash"], row["id"], n + 1
    if row_key is not None:
        problems += _check_head(head, key, last_id, prev, n)
    return problems


def _head(db) -> dict | None:
    if "audit_head" not in db.table_names():
        return None
    return next(db.query("select * from audit_head where id = 1"), None)


def _check_row(row: dict, prev: str, last_id: int, key: bytes | None, keyed_from: int) -> list[AuditProblem]:
    """Chain, content hash and (with ``key``) signature of one row."""
    out = []
    if row["id"] != last_id + 1:
        out.append(AuditProblem(row["id"], f"第 {last_id + 1}–{row['id'] - 1} 条记录缺失"))
    if row["prev_hash"] != prev:
        out.append(AuditProblem(row["id"], "前序哈希不连续（记录被删除或调换）"))
    if _row_hash(row["prev_hash"], row) != row["hash"]:
        out.append(AuditProblem(row["id"], "记录内容与哈希不符（记录被篡改）"))
    if key is None:
        return out
    if row.get("mac") is None:
        if row["id"] >= keyed_from:
            out.append(AuditProblem(row["id"], "记录缺少签名（记录在应用之外被写入或改动）"))
    elif not hmac.compare_digest(row["mac"], _mac(key, "row", row["hash"])):
        out.append(AuditProblem(row["id"], "记录签名不符（记录被篡改并重新计算了哈希，或密钥不同）"))
    return out


def _check_head(head: dict | None, key: bytes, last_id: int, last_hash: str, n: int) -> list[AuditProblem]:
    if head is None:
        return [AuditProblem(last_id, "签名检查点缺失（审计日志的末尾无法确认，记录可能被删除）")]
    if not hmac.compare_digest(head["mac"] or "", _head_mac(key, head["last_id"], head["last_hash"], head["events"],
                                                             head["keyed_from"])):
        return [AuditProblem(head["last_id"], "签名检查点被篡改")]
    if (head["last_id"], head["last_hash"], head["events"]) != (last_id, last_hash, n):
        if head["last_id"] > last_id or head["events"] > n:
            missing = f"第 {last_id + 1}–{head['last_id']} 条" if head["last_id"] > last_id else "部分"
            return [AuditProblem(head["last_id"], f"日志末尾的{missing}记录被删除（签名检查点记录共 {head['events']} 条，"
                                                  f"现有 {n} 条）")]
        return [AuditProblem(last_id, f"签名检查点之后出现未签名的记录或记录被调换（检查点：第 {head['last_id']} 条，"
                                      f"共 {head['events']} 条；现有 {n} 条）")]
    return []


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

