"""Red-team issue 17, item 5: ``backup`` (SQLite's online backup API, verified) and ``restore``
(verify first, keep the current database aside, replace through the backup API).

The red team copied the database file while the app was writing and lost 3 of 8 versions (they
were still in the -wal file); here four processes keep saving versions while backups are taken,
and every backup is a complete, verifiable state.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_helpers import run_json
from lifecycle_helpers import make_doc
from workbench.access.users import create_user
from workbench.schema import open_db

ROOT = Path(__file__).resolve().parents[2]
WRITERS, SAVES = 4, 15

_WRITER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from lawtext.parser import parse_file_text
from workbench.documents.store import add_version
from workbench.schema import open_db
db = open_db(sys.argv[2])
for i in range(int(sys.argv[4])):
    tree = parse_file_text(f"示例市犬只管理办法\n第一条 进程{sys.argv[3]}第{i}次修改。\n第二条 本办法自公布之日起施行。\n")
    add_version(db, 1, tree, label="修改稿", actor="drafter1", note=f"w{sys.argv[3]}-{i}")
"""


@pytest.fixture
def workspace(db_path):
    db = open_db(db_path)
    create_user(db, "admin1", "secret123", "admin")
    create_user(db, "drafter1", "secret123", "drafter")
    make_doc(db, "GR")
    db.close()
    return db_path


def _versions(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("select count(*) from versions").fetchone()[0]
    finally:
        conn.close()


def test_backups_taken_during_concurrent_writes_are_complete_and_verify(workspace, tmp_path, capsys):
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(ROOT), workspace, str(w), str(SAVES)])
             for w in range(WRITERS)]
    backups = []
    while any(p.poll() is None for p in procs) or not backups:
        out = tmp_path / f"backup-{len(backups)}.db"
        code, manifest, err = run_json(capsys, "backup", str(out), "--db", workspace, "--as", "admin1", "--json")
        assert code == 0, err
        backups.append((out, manifest))
        time.sleep(0.2)
    assert all(p.wait() == 0 for p in procs)
    final = tmp_path / "final.db"
    assert run_json(capsys, "backup", str(final), "--db", workspace, "--as", "admin1", "--json")[0] == 0
    assert _versions(final) == _versions(workspace) == 1 + WRITERS * SAVES         # nothing lost
    assert len(backups) >= 2
    for out, manifest in backups:
        (f,) = manifest["files"]
        assert f["ok"] and f["problems"] == [] and f["versions"] == _versions(out)   # every version has its event
        code, report, _ = run_json(capsys, "audit", "verify", "--db", str(out), "--as", "admin1", "--json")
        assert code == 0 and report["ok"]


def test_restore_verifies_first_and_keeps_the_current_database(workspace, tmp_path, capsys):
    out = tmp_path / "b.db"
    assert run_json(capsys, "backup", str(out), "--db", workspace, "--as", "admin1", "--json")[0] == 0
    live = open_db(workspace)                      # an app connection that stays open
    from lawtext.parser import parse_file_text
    from workbench.documents.store import add_version
    add_version(live, 1, parse_file_text("示例\n第一条 备份之后的修改。\n"), label="修改稿", actor="drafter1")
    assert _versions(workspace) == 2

    bad = tmp_path / "tampered.db"
    bad.write_bytes(out.read_bytes())
    conn = sqlite3.connect(bad)
    conn.execute("drop trigger versions_immutable")
    conn.execute("update versions set tree = replace(tree, '养犬', '养猫')")
    conn.commit()
    conn.close()
    code, data, err = run_json(capsys, "restore", str(bad), "--db", workspace, "--as", "admin1", "--yes", "--json")
    assert code == 7 and "sha256" in err and _versions(workspace) == 2                  # refused, untouched

    code, data, _ = run_json(capsys, "restore", str(out), "--db", workspace, "--as", "admin1", "--json")
    assert code == 0 and data["ok"] and _versions(workspace) == 2                       # without --yes: check only
    code, data, _ = run_json(capsys, "restore", str(out), "--db", workspace, "--as", "admin1", "--yes", "--json")
    assert code == 0 and data["ok"]
    assert live.execute("select count(*) from versions").fetchone()[0] == 1             # the app sees the backup
    (saved,) = data["saved"]
    assert _versions(saved) == 2                                                         # the replaced state is kept
    code, report, _ = run_json(capsys, "audit", "verify", "--db", workspace, "--as", "admin1", "--json")
    assert code == 0 and report["ok"]


def test_backup_needs_an_administrator(workspace, tmp_path, capsys):
    code, _, err = run_json(capsys, "backup", str(tmp_path / "x.db"), "--db", workspace, "--as", "drafter1")
    assert code == 4 and not (tmp_path / "x.db").exists()
    manifest = tmp_path / "y.db.json"
    assert run_json(capsys, "backup", str(tmp_path / "y.db"), "--db", workspace, "--as", "admin1")[0] == 0
    assert json.loads(manifest.read_text(encoding="utf-8"))["files"][0]["sha256"]
