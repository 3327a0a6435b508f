"""Optimistic concurrency under real contention: 8 processes write to one database at once
(new versions with expected_parent_id, stage changes with expected_row_version, audit events).

No update may be lost or half-written: the version chain stays linear, every successful write
has exactly one audit event, the hash chain verifies, and every refused write got StaleWrite
with the user's text handed back in the exception.
"""
from __future__ import annotations

import multiprocessing as mp
import os

from lifecycle_helpers import make_doc, tree

from base import audit
from base.db import transaction
from workbench.schema import open_db
from workbench.documents.store import get_document, list_versions

WORKERS = 8
ROUNDS = 6


def _worker(db_path: str, doc_id: int, wid: int, barrier, out) -> None:
    from workbench.documents.store import add_version, get_document
    from base.errors import GateBlocked, StaleWrite
    from workbench.procedure.lifecycle import advance
    from workbench.access.users import get_user
    db = open_db(db_path)
    drafter = get_user(db, "drafter1")
    results = []
    barrier.wait()
    for i in range(ROUNDS):
        # 1. save a version on top of what this "user" loaded
        marker = f"（第{wid}号用户第{i}次修改）"
        loaded = get_document(db, doc_id).current_version_id
        mine = tree("GR", marker)
        try:
            v = add_version(db, doc_id, mine, label="修改稿", actor="drafter1", expected_parent_id=loaded)
            results.append(("version_ok", wid, i, v.id, loaded, marker))
        except StaleWrite as e:
            kept = e.kept.articles[0].paragraphs[0].text.endswith(marker)
            results.append(("version_stale", wid, i, e.current, loaded, kept))
        # 2. flip the stage 起草 ⇄ 征求意见 based on what this user saw
        seen = get_document(db, doc_id)
        target = "征求意见" if seen.stage == "起草" else "起草"
        try:
            ev = advance(db, drafter, doc_id, target, expected_row_version=seen.row_version)
            results.append(("stage_ok", wid, i, ev.audit_id, seen.stage, target))
        except StaleWrite:
            results.append(("stage_stale", wid, i, None, seen.stage, target))
        except GateBlocked as e:  # must never happen: the row_version check comes first
            results.append(("stage_blocked", wid, i, None, seen.stage, str(e)))
        # 3. a plain audit event (e.g. a comment-side action) racing with the others
        audit.append(db, actor=f"worker{wid}", action="test.ping", detail={"i": i})
        results.append(("ping", wid, i, None, None, None))
    db.close()
    out.put(results)


def test_eight_processes_writing_at_once(fresh_db, users, db_path):
    doc = make_doc(fresh_db, "GR")
    before_events = fresh_db.execute("select count(*) from audit_log").fetchone()[0]
    start = get_document(fresh_db, doc.id)
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(WORKERS), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(db_path, doc.id, w, barrier, out)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    results = [r for _ in procs for r in out.get(timeout=300)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    kinds = [r[0] for r in results]
    assert len(results) == WORKERS * ROUNDS * 3
    assert "stage_blocked" not in kinds

    # versions: every success stored, chain linear (no two saves built on the same parent)
    ok = [r for r in results if r[0] == "version_ok"]
    stale = [r for r in results if r[0] == "version_stale"]
    assert ok and stale, "the test must produce real contention"
    versions = list_versions(fresh_db, doc.id)
    assert len(versions) == 1 + len(ok)
    for prev, cur in zip(versions, versions[1:]):
        assert cur.parent_id == prev.id and cur.seq == prev.seq + 1
    by_id = {v.id: v for v in versions}
    for _, _, _, vid, loaded, marker in ok:
        assert by_id[vid].parent_id == loaded
        assert by_id[vid].tree.articles[0].paragraphs[0].text.endswith(marker)
    # every refused save handed the user's own text back and named the version that won
    assert all(r[5] is True for r in stale)
    assert all(r[3] is not None and r[3] != r[4] for r in stale)

    # stage changes: each success flipped the stage once
    st_ok = [r for r in results if r[0] == "stage_ok"]
    assert st_ok and len(st_ok) + kinds.count("stage_stale") == WORKERS * ROUNDS
    final = get_document(fresh_db, doc.id)
    assert final.stage == ("征求意见" if len(st_ok) % 2 else "起草")
    assert final.row_version == start.row_version + len(ok) + len(st_ok)

    # audit: one event per successful write, chain intact
    events = fresh_db.execute("select action, count(*) from audit_log where id > ? group by action",
                              [before_events]).fetchall()
    counts = dict(events)
    assert counts == {"version.create": len(ok), "document.stage": len(st_ok), "test.ping": WORKERS * ROUNDS}
    assert audit.verify(fresh_db) == []


def _crash_mid_transaction(db_path: str, doc_id: int) -> None:
    from workbench.documents.store import add_version
    db = open_db(db_path)
    with transaction(db):
        add_version(db, doc_id, tree("GR", "（写了一半）"), label="修改稿", actor="drafter1")
        os._exit(1)   # the process dies before COMMIT


def test_a_writer_killed_mid_transaction_leaves_nothing(fresh_db, users, db_path):
    doc = make_doc(fresh_db, "GR")
    n_events = fresh_db.execute("select count(*) from audit_log").fetchone()[0]
    p = mp.get_context("fork").Process(target=_crash_mid_transaction, args=(db_path, doc.id))
    p.start()
    p.join(timeout=60)
    assert p.exitcode == 1
    db = open_db(db_path)
    assert len(list_versions(db, doc.id)) == 1
    assert get_document(db, doc.id).row_version == doc.row_version
    assert db.execute("select count(*) from audit_log").fetchone()[0] == n_events
    assert audit.verify(db) == []
    # and the database is writable again (no lock left behind)
    from workbench.documents.store import add_version
    add_version(db, doc.id, tree("GR", "（重新保存）"), label="修改稿", actor="drafter1",
                expected_parent_id=doc.current_version_id)


def test_threads_appending_audit_events(fresh_db, db_path):
    import threading
    errors = []

    def run(t):
        try:
            db = open_db(db_path)
            for i in range(25):
                audit.append(db, actor=f"thread{t}", action="test.thread", detail={"i": i})
            db.close()
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=run, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert fresh_db.execute("select count(*) from audit_log where action = 'test.thread'").fetchone()[0] == 200
    assert audit.verify(fresh_db) == []
