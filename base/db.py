"""Opening the workbench database: SQLite through sqlite-utils, WAL mode, migrations.

Each aggregate module (documents, audit, users, …) owns its tables and declares a
``MIGRATIONS = Migrations("workbench.<name>")`` set; :data:`MIGRATION_MODULES` lists them in the
order they are applied. The schema version is the number of applied migrations.
"""
from __future__ import annotations

import importlib
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils

# Order matters: later sets may reference earlier tables.
MIGRATION_MODULES = [
    "workbench.access.users",
    "workbench.documents.store",
    "base.audit",
    "workbench.review.store",
    "workbench.consultation.consultations",
    "workbench.consultation.comments",
    "workbench.documents.working_copy",
    "workbench.procedure.lifecycle",
    "workbench.procedure.plan",
    "workbench.procedure.dossier_facts",
]

_migrated: set[tuple] = set()
_lock = threading.Lock()

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_db_path() -> str:
    """$WORKBENCH_DB, else data/base.db in the project folder."""
    return os.environ.get("WORKBENCH_DB") or str(PROJECT_ROOT / "data" / "base.db")


def migration_sets() -> list:
    return [importlib.import_module(m).MIGRATIONS for m in MIGRATION_MODULES]


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


def open_db(path: str | None = None) -> sqlite_utils.Database:
    """Open (and on first use in this process, migrate) the workbench database at ``path``.

    Opens a new connection each call: Streamlit reruns on other threads, and SQLite
    connections must not cross threads.
    """
    return connect(path or default_db_path(), migration_sets())


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
