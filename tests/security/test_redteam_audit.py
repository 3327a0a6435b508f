"""Red-team issue 17, item 4: an audit log that survives whoever holds the database file.

The attacker has the database (a raw sqlite3 connection, triggers dropped) but not the key file
($WORKBENCH_AUDIT_KEY, outside the database). ``audit verify`` must catch deleted last rows,
a row edited with the whole chain recomputed, text edited behind the app, and a forged
signature; a tampered version text must neither pass the sign-off gate nor be exported.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import stat

import pytest
from lifecycle_helpers import make_doc, sign_current

from base import audit
from base.audit_key import forget_cached_keys
from base.errors import WorkbenchError
from cli_helpers import run_json
from lawtext.writer import content_hash
from workbench.documents.store import get_document, get_version
from workbench.procedure.lifecycle import advance
from workbench.schema import open_db


@pytest.fixture(autouse=True)
def own_key(tmp_path, monkeypatch):
    """A key file of this test's own (configurable path), created by the first append."""
    path = tmp_path / "keys" / "audit.key"
    monkeypatch.setenv("WORKBENCH_AUDIT_KEY", str(path))
    forget_cached_keys()
    yield path
    forget_cached_keys()


@pytest.fixture
def history(db_path, own_key):
    from workbench.access.users import create_user
    db = open_db(db_path)
    users = {r: create_user(db, f"{r}1", "secret123", r) for r in ("admin", "drafter", "advisor", "reviewer")}
    doc = make_doc(db, "ND")
    for _ in range(12):                                   # enough events to cut 20 from the tail later
        advance(db, users["drafter"], doc.id, "合法性审核")
        advance(db, users["reviewer"], doc.id, "起草")
    advance(db, users["drafter"], doc.id, "合法性审核")
    sign_current(db, doc.id, users["advisor"])
    return db, users, doc


def _raw(db_path, *sql):
    conn = sqlite3.connect(db_path)
    for t in ("audit_log_no_update", "audit_log_no_delete", "versions_immutable", "reviews_signed_frozen"):
        conn.execute(f"drop trigger if exists {t}")
    for s in sql:
        conn.execute(*s) if isinstance(s, tuple) else conn.execute(s)
    conn.commit()
    conn.close()


def _verify(capsys, db_path):
    return run_json(capsys, "audit", "verify", "--db", db_path, "--as", "reviewer1", "--json")


def test_key_is_created_outside_the_database_owner_only(history, own_key, capsys, db_path):
    assert own_key.is_file() and stat.S_IMODE(own_key.stat().st_mode) == 0o600
    code, report, _ = _verify(capsys, db_path)
    assert code == 0 and report["ok"] and report["events"] > 25


@pytest.mark.parametrize("n", [1, 20])
def test_deleting_the_last_rows_is_detected(history, capsys, db_path, n):
    _raw(db_path, f"delete from audit_log where id > (select max(id) - {n} from audit_log)")
    code, report, _ = _verify(capsys, db_path)
    assert code == 7 and not report["ok"]
    assert any("末尾" in p["message"] and "删除" in p["message"] for p in report["problems"])


def test_an_edited_row_with_the_chain_recomputed_is_detected(history, capsys, db_path):
    db, _, _ = history
    rows = list(db.query("select * from audit_log order by id"))
    target = next(r for r in rows if r["action"] == "review.sign")
    target["actor"] = "mallory"
    prev = target["prev_hash"]
    updates = []
    for r in rows[rows.index(target):]:                  # recompute every hash from there on, as sha256 allows
        r = target if r["id"] == target["id"] else r
        r["prev_hash"] = prev
        r["hash"] = audit._row_hash(prev, r)
        updates.append(("update audit_log set actor = ?, prev_hash = ?, hash = ? where id = ?",
                        [r["actor"], r["prev_hash"], r["hash"], r["id"]]))
        prev = r["hash"]
    _raw(db_path, *updates)
    problems = audit.verify(open_db(db_path))
    assert problems and problems[0].id == target["id"] and "签名不符" in problems[0].message
    code, report, _ = _verify(capsys, db_path)
    assert code == 7


def test_another_key_cannot_vouch_for_the_log(history, capsys, db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_AUDIT_KEY", str(tmp_path / "other.key"))
    (tmp_path / "other.key").write_text(hashlib.sha256(b"x").hexdigest() + "\n")
    code, report, _ = _verify(capsys, db_path)
    assert code == 7 and "另一密钥" in report["problems"][0]["message"]


def test_text_edited_behind_the_app_is_caught_everywhere(history, capsys, db_path, tmp_path):
    """The stored text of the signed version is changed with its sha256 left alone."""
    db, users, doc = history
    v = get_version(db, get_document(db, doc.id).current_version_id)
    tree = v.tree
    tree.articles[0].paragraphs[0].text = "本细则由市住房和城乡建设局负责解释，罚款十万元。"
    _raw(db_path, ("update versions set tree = ? where id = ?", [tree.to_json(), v.id]))
    assert content_hash(tree) != v.sha256
    code, report, _ = _verify(capsys, db_path)
    assert code == 7 and any(f"v{v.seq}" in p["message"] and "sha256" in p["message"] for p in report["problems"])
    with pytest.raises(WorkbenchError) as e:                 # the sign-off gate does not pass a tampered text
        advance(open_db(db_path), users["reviewer"], doc.id, "集体审议")
    assert e.value.code == "integrity"
    out = tmp_path / "导出.md"
    code, _, err = run_json(capsys, "export", str(doc.id), "--format", "md", "-o", str(out), "--db", db_path,
                            "--as", "drafter1")
    assert code == 7 and not out.exists()


def test_a_forged_signature_is_caught(history, capsys, db_path):
    """A review marked signed behind the app has no matching review.sign event."""
    db, users, doc = history
    from workbench.review.store import create_review
    v = get_version(db, get_document(db, doc.id).current_version_id)
    r = create_review(db, v.id, actor=users["reviewer"], findings=[])
    _raw(db_path, ("update reviews set status = '已签署', signed_by = 'advisor1', signed_at = ?, signed_sha256 = ?, "
                   "opinion = '合法' where id = ?", [audit.now_iso(), v.sha256, r.id]))
    code, report, _ = _verify(capsys, db_path)
    assert code == 7 and any(f"审核 {r.id}" in p["message"] for p in report["problems"])
    assert json.dumps(report, ensure_ascii=False)
