"""The one cached corpus handle of a process.

Search (法规库), citation checks (checks.corpus_link), conflict search, conformity and the editor's
live help all read the corpus through :func:`open_handle`: one :class:`CorpusHandle` per database
file and generation, cached for the whole process (every Streamlit session and thread shares it).
An import or a status mark bumps the generation, and the next call gets a fresh handle.

Parts load lazily and once: ``index`` (memory-mapped search index, corpus.index, ~0.05 s),
``titles`` (title/version/repeal index, corpus.titles), article trees (parsed from stored
sources, per document), and whatever derived tables a caller memoises with :meth:`memo`
(e.g. the abolished-provision table of corpus.abolished, or the checks' CorpusLink). Never
mutate what a handle returns.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from functools import cached_property
from pathlib import Path
from typing import Callable

from corpus.index import index_is_current, load_index
from corpus.store import doc_tree, open_corpus_db
from corpus.titles import TitleIndex

_cache: dict[str, "CorpusHandle"] = {}
_lock = threading.Lock()


def _connect_ro(path: str) -> sqlite3.Connection:
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)


def read_generation(path: str) -> tuple[int, int]:
    """(generation, content_generation) read without migrating or writing; (-1, -1) when the file
    is not (yet) a corpus database."""
    conn = _connect_ro(path)
    try:
        rows = dict(conn.execute("select key, value from corpus_meta "
                                 "where key in ('generation', 'content_generation')").fetchall())
    except sqlite3.DatabaseError:
        return (-1, -1)
    finally:
        conn.close()
    return int(rows.get("generation", 0)), int(rows.get("content_generation", 0))


class CorpusHandle:
    """A read-only view of one corpus database at one generation."""

    def __init__(self, db_path: str, generation: tuple[int, int]):
        self.db_path = db_path
        self.generation = generation
        self._lock = threading.RLock()
        self._memo: dict[str, object] = {}
        self._trees: dict[int, object] = {}

    def connect(self) -> sqlite3.Connection:
        """A new read-only connection (callers close it)."""
        return _connect_ro(self.db_path)

    @cached_property
    def index(self):
        """The search index (corpus.index.CorpusIndex); built first if the texts changed."""
        with self._lock:
            return load_index(self.db_path)

    @cached_property
    def titles(self):
        """Titles, version chains and repeal marks (corpus.titles.TitleIndex)."""
        conn = self.connect()
        try:
            return TitleIndex.from_db(conn)
        finally:
            conn.close()

    def doc_tree(self, doc_id: int):
        """The article tree of a corpus document (parsed once per handle)."""
        with self._lock:
            if doc_id not in self._trees:
                conn = self.connect()
                try:
                    self._trees[doc_id] = doc_tree(conn, doc_id)
                finally:
                    conn.close()
            return self._trees[doc_id]

    def memo(self, key: str, make: Callable[["CorpusHandle"], object]):
        """``make(self)`` computed once per handle and key (derived tables, adapters)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = make(self)
            return self._memo[key]

    def index_if_built(self):
        """The index when its files are current, else None (never builds: that is an admin's job)."""
        if "index" in self.__dict__:
            return self.index
        db = open_corpus_db(self.db_path)
        try:
            ok = index_is_current(db) and db.execute("select count(*) from corpus_docs").fetchone()[0] > 0
        finally:
            db.close()
        return self.index if ok else None


def open_handle(db_path: str | Path) -> CorpusHandle:
    """The process's handle of the corpus database at ``db_path`` for its current generation."""
    key = os.path.abspath(db_path)
    gen = read_generation(key)
    with _lock:
        h = _cache.get(key)
        if h is not None and h.generation == gen:
            return h
    open_corpus_db(key).close()          # applies pending migrations (new or older databases)
    gen = read_generation(key)
    h = CorpusHandle(key, gen)
    with _lock:
        _cache[key] = h
    return h
