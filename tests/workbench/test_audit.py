"""The audit log is append-only and hash-chained: triggers refuse edits, and when someone gets
around them (dropping the trigger, editing the file), `audit verify` detects it and exits non-zero."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from lifecycle_helpers import make_doc, sign_current

from base import audit
from workbench.cli import main
from workbench.procedure.lifecycle import advance

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def history(fresh_db, users):
    doc = make_doc(fresh_db, "ND")
    advance(fresh_db, users["drafter"], doc.id, "合法性审核")
    sign_current(fresh_db, doc.id, users["advisor"])
    advance(fresh_db, users["reviewer"], doc.id, "集体审议")
    return doc


def _cli(db_path, *argv) -> tuple[int, dict]:
    out = subprocess.run([sys.executable, "-m", "workbench", *argv, "--db", db_path, "--json", "--as", "reviewer1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    return out.returncode, json.loads(out.stdout)


def test_intact_chain_verifies(fresh_db, history, db_path):
    n = fresh_db.execute("select count(*) from audit_log").fetchone()[0]
    assert n >= 10
    assert audit.verify(fresh_db) == []
    rc, report = _cli(db_path, "audit", "verify")
    assert rc == 0 and report["ok"] and report["events"] == n and report["problems"] == []


def test_triggers_refuse_update_and_delete(fresh_db, history):
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        fresh_db.execute("update audit_log set actor = 'mallory' where id = 3")
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        fresh_db.execute("delete from audit_log where id = 3")
    assert audit.verify(fresh_db) == []


def _tamper(db_path: str, *sql: str) -> None:
    """What an attacker with the file does: a raw connection, the trigger dropped, rows changed."""
    conn = sqlite3.connect(db_path)
    conn.execute("drop trigger audit_log_no_update")
    conn.execute("drop trigger audit_log_no_delete")
    for s in sql:
        conn.execute(s)
    conn.commit()
    conn.close()


def test_edited_row_is_detected(fresh_db, history, db_path):
    row = fresh_db.execute("select id from audit_log where action = 'review.sign'").fetchone()
    _tamper(db_path, f"update audit_log set actor = 'mallory' where id = {row[0]}")
    problems = audit.verify(fresh_db)
    assert [(p.id, p.message) for p in problems] == [(row[0], "记录内容与哈希不符（记录被篡改）")]
    rc, report = _cli(db_path, "audit", "verify")
    assert rc != 0 and not report["ok"] and report["problems"][0]["id"] == row[0]


def test_rehashed_row_breaks_the_next_link(fresh_db, history, db_path):
    """Editing a row AND recomputing its own hash: its signature no longer matches, and the
    following row's prev_hash breaks."""
    r = next(fresh_db.query("select * from audit_log where action = 'document.stage' order by id limit 1"))
    r["detail"] = json.dumps({"from": "起草", "to": "集体审议"}, ensure_ascii=False)
    new_hash = audit._row_hash(r["prev_hash"], r)
    _tamper(db_path, f"update audit_log set detail = '{r['detail']}', hash = '{new_hash}' where id = {r['id']}")
    problems = audit.verify(fresh_db)
    assert [p.id for p in problems] == [r["id"], r["id"] + 1]
    assert "签名不符" in problems[0].message and "前序哈希不连续" in problems[1].message


def test_deleted_row_is_detected(fresh_db, history, db_path):
    _tamper(db_path, "delete from audit_log where id = 4")
    msgs = [p.message for p in audit.verify(fresh_db)]
    assert "第 4–4 条记录缺失" in msgs and any("前序哈希" in m for m in msgs)
    assert main(["audit", "verify", "--db", db_path, "--as", "reviewer1"]) == 7


def test_audit_list_filters(fresh_db, history, db_path, capsys):
    rows = audit.events(fresh_db, history.id, action="document.stage")
    assert [json.loads(r["detail"])["to"] for r in rows] == ["集体审议", "合法性审核"]
    assert all(r["before_hash"] == r["after_hash"] and r["after_hash"] for r in rows)
    assert {r["action"] for r in audit.events(fresh_db, action="review.")} == {"review.create", "review.opinion",
                                                                               "review.sign"}
    assert {r["actor"] for r in audit.events(fresh_db, actor="advisor1")} == {"advisor1"}
    assert main(["audit", "list", "--db", db_path, "--as", "reviewer1", "--doc", str(history.id),
                 "--action", "document.stage", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in listed] == [r["id"] for r in rows]
    assert main(["audit", "list", "--db", db_path, "--as", "contact1"]) == 4   # PermissionDenied
