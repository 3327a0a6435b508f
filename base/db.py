"""SQLite through sqlite-utils: one connection helper (WAL, busy timeout, migrations) and one
transaction helper, shared by the workbench database (workbench.schema) and the corpus database.

Each aggregate module owns its tables and declares a ``MIGRATIONS = Migrations("…")`` set; the
stored set names never change. The schema version is the number of applied migrations.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils

_migrated: set[tuple] = set()
_lock = threading.Lock()

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_db_path() -> str:
    """$WORKBENCH_DB, else data/workbench.db in the project folder."""
    return os.environ.get("WORKBENCH_DB") or str(PROJECT_ROOT / "data" / "workbench.db")


def connect(path: str, migrations: list, *, synchronous: str | None = None) -> sqlite_utils.Database:
    """A new connection to ``path`` (WAL, foreign keys, 30 s busy timeout) with the given
    migration sets applied on first use in this process. Shared by the workbench and corpus
    databases; ``synchronous="NORMAL"`` trades the last commits on power loss for bulk speed
    (WAL keeps every commit atomic)."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA busy_timeout = 30000")
    db.conn.execute("PRAGMA foreign_keys = ON")
    if path != ":memory:":
        db.enable_wal()
        if synchronous:
            db.conn.execute(f"PRAGMA synchronous = {synchronous}")
    key = (os.path.abspath(path) if path != ":memory:" else f":memory:{id(db)}",
           tuple(m.name for m in migrations))
    if key not in _migrated:
        with _lock:
            for m in migrations:
                m.apply(db)
            if path != ":memory:":
                _migrated.add(key)
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    if "_sqlite_migrations" not in db.table_names():
        return 0
    return db.execute("select count(*) from _sqlite_migrations").fetchone()[0]


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction (BEGIN IMMEDIATE, so concurrent writers queue instead of
    deadlocking); nested calls become savepoints. Everything inside commits or nothing does."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
