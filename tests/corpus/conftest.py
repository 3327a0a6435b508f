"""Fixtures: a real corpus subset in a temporary folder, imported once per session."""
from __future__ import annotations

import shutil

import pytest

from corpus_helpers import add_broken_files, copy_subset


@pytest.fixture(scope="session")
def subset_src(tmp_path_factory, corpus_dir):
    """(folder, manifest rows, broken file paths) — do not modify; copy it first."""
    dst = tmp_path_factory.mktemp("corpus_subset")
    rows = copy_subset(corpus_dir, dst)
    broken = add_broken_files(dst)
    return dst, rows, broken


@pytest.fixture(scope="session")
def subset_db_template(tmp_path_factory, subset_src):
    from corpus.importer import import_folder
    from corpus.store import open_corpus_db
    path = tmp_path_factory.mktemp("corpus_db") / "corpus.db"
    db = open_corpus_db(str(path))
    report = import_folder(subset_src[0], db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return str(path), report


@pytest.fixture
def subset_db_path(subset_db_template, tmp_path) -> str:
    """A private copy of the imported subset (tests may change it)."""
    dst = tmp_path / "corpus.db"
    shutil.copyfile(subset_db_template[0], dst)
    return str(dst)


@pytest.fixture(scope="session")
def subset_index(subset_db_template):
    from corpus.index import load_index
    return load_index(subset_db_template[0])
