"""Shared fixtures. The real corpus lives at ../shared/corpus next to the repository (CI has it);
tests that need it fail loudly when it is missing, never skip."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS_DIR = Path(os.environ.get("WORKBENCH_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS_DIR / "manifest.tsv").is_file():
        pytest.fail(f"the real corpus is missing at {CORPUS_DIR} (set WORKBENCH_CORPUS)")
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, corpus_dir) -> str:
    """A corpus database of the whole real corpus with its search index (corpus.importer, as
    `corpus build` makes it), built once per session (~30 s; the 上位法比对 rules need the index).
    Read-only: tests that change a corpus database build their own."""
    from corpus.importer import import_folder
    from corpus.store import open_corpus_db
    path = tmp_path_factory.mktemp("corpus_whole") / "corpus.db"
    db = open_corpus_db(str(path))
    report = import_folder(corpus_dir, db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert report.added > 3400, report.summary()
    return str(path)


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "workbench.db")


@pytest.fixture
def fresh_db(db_path):
    from workbench.schema import open_db
    db = open_db(db_path)
    yield db
    db.close()


@pytest.fixture
def users(fresh_db):
    """One user per role; password 'secret123' for all."""
    from workbench.access.users import ROLES, create_user
    return {role: create_user(fresh_db, f"{role}1", "secret123", role, display_name=f"{name}甲")
            for role, name in ROLES.items()}


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """A database holding the demo workspace (workbench.demo.workspace), built once per session. Do not write to it."""
    from workbench.schema import open_db
    from workbench.demo.workspace import ensure_demo_workspace
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_db(str(path))
    assert ensure_demo_workspace(db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def demo_db_path(demo_db_template, tmp_path) -> str:
    """A fresh copy of the demo workspace for one test (users admin/drafter/advisor/reviewer/contact,
    passwords <username>123; documents 示例市养犬管理办法 (2 versions), 物业服务管理实施细则, 历史文化街区保护条例)."""
    import shutil
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db_template, path)
    return str(path)
