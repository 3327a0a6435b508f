"""One corpus handle per process and generation, and an index that loads by memory-mapping
files written beside the database (corpus.handle, corpus.index_files). Real corpus subset."""
from __future__ import annotations

import numpy as np

from checks.corpus_link import load_corpus
from corpus.handle import open_handle
from corpus.index import current_build, load_index
from corpus.index_files import StrArray, index_root
from corpus.search import similar
from corpus.store import open_corpus_db, set_repealed


def test_index_is_memory_mapped_and_equal_to_the_texts(subset_db_path):
    idx = load_index(subset_db_path)
    assert isinstance(idx.rows, np.memmap) and isinstance(idx.keys, np.memmap)
    db = open_corpus_db(subset_db_path)
    stored = [t.replace("\n", "") for (t,) in db.execute("select text from corpus_articles order by id")]
    labels = [lb for (lb,) in db.execute("select label from corpus_articles order by id")]
    db.close()
    assert list(idx.texts) == stored and list(idx.labels) == labels
    assert idx.texts[5] == stored[5] and idx.texts[-1] == stored[-1]


def test_one_handle_shared_by_search_and_checks_until_the_generation_changes(subset_db_path):
    h = open_handle(subset_db_path)
    assert open_handle(subset_db_path) is h
    link = load_corpus(subset_db_path)
    assert link.handle is h and link.index is h.index
    db = open_corpus_db(subset_db_path)
    doc_id = db.execute("select id from corpus_docs order by id limit 1").fetchone()[0]
    set_repealed(db, doc_id, True, actor="admin", note="test")
    db.close()
    h2 = open_handle(subset_db_path)
    assert h2 is not h and load_corpus(subset_db_path).handle is h2
    assert h2.index.docs.statuses[h2.index.doc_pos[doc_id]] == "已废止"


def test_stale_or_half_written_builds_are_never_read(subset_db_path):
    load_index(subset_db_path)                 # a copied database has no index files: built here
    db = open_corpus_db(subset_db_path)
    build = current_build(db)
    assert build is not None
    (build / "complete").unlink()              # as if the process died while writing
    assert current_build(db) is None
    db.close()
    idx = load_index(subset_db_path)           # rebuilt, the broken folder removed
    db = open_corpus_db(subset_db_path)
    assert current_build(db) is not None and [d.name for d in index_root(subset_db_path).iterdir()] == [
        current_build(db).name]
    row = db.execute("select id, text from corpus_articles order by id limit 1").fetchone()
    db.execute("update corpus_articles set text = ? where id = ?", ["示例文字" + row[1], row[0]])
    db.execute("update corpus_meta set value = value + 1 where key = 'content_generation'")
    db.conn.commit()
    assert current_build(db) is None           # texts changed: the build no longer matches
    db.close()
    idx = load_index(subset_db_path)
    assert idx.texts[0].startswith("示例文字")
    assert similar(idx, idx.texts[0], top=1)[0].row == 0


def test_str_array_slices_and_takes():
    arr = StrArray.of(["甲", "", "第二条 乙丙", "丁"])
    assert len(arr) == 4 and arr[1] == "" and arr[-1] == "丁" and arr[1:3] == ["", "第二条 乙丙"]
    assert arr.take(np.array([3, 0])) == ["丁", "甲"] and list(arr) == ["甲", "", "第二条 乙丙", "丁"]
