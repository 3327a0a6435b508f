"""The rules' view of the corpus database (corpus/): resolve a cited title to a corpus document and
read an article of an upper law.

A thin adapter: titles, version chains, repeal clauses and 已废止 marks come from
corpus.titles.TitleIndex over the corpus database (``python -m workbench corpus build …``), so a
document imported or marked 已废止 in the app is what the citation rules see. Upper-law articles
are read with corpus.store.doc_tree and cached per document.

:func:`load_corpus` gives the :class:`CorpusLink` of the process's one corpus handle
(corpus.handle.open_handle, per database path and generation): a new import or mark gives a new
link, otherwise the loaded one (read-only; never mutate it) is shared, with the same search index
that 法规库, conflict search and live help use. Without a corpus database (or with an empty one) the checks run without a corpus and
report citations as 未核验.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from base.errors import InputError
from corpus.handle import CorpusHandle, open_handle
from corpus.store import default_corpus_db_path
from corpus.titles import NATIONAL_PREFIX, TitleIndex, normalise_title  # noqa: F401  (re-exported)

__all__ = ["Resolution", "CorpusLink", "load_corpus", "default_corpus_db", "corpus_db_for_checks",
           "normalise_title", "NATIONAL_PREFIX"]


@dataclass(frozen=True)
class Resolution:
    cited: str
    status: str            # current | superseded | repealed | short | unknown
    title: str = ""        # the current document's full title ("" for a repealed title with no successor)
    path: str = ""
    level: str = ""
    note: str = ""


class CorpusLink:
    """Citation resolution and upper-law articles over one corpus database (a snapshot of its
    titles and statuses at one generation)."""

    def __init__(self, handle: CorpusHandle | str | Path):
        if not isinstance(handle, CorpusHandle):
            handle = open_handle(handle)
        self.handle = handle
        self.db_path = handle.db_path
        self.generation = handle.generation
        self.titles = handle.titles
        self.by_short: dict[str, str] = self.titles.by_short   # 行政处罚法 → 中华人民共和国行政处罚法

    @property
    def index(self):
        """The shared search index of the same handle (corpus.index.CorpusIndex)."""
        return self.handle.index

    @property
    def documents(self) -> int:
        return len(self.titles)

    # --- titles ------------------------------------------------------------------------------
    def resolve(self, cited: str) -> Resolution:
        m = self.titles.resolve(cited)
        if m.kind == "repealed":
            rep = m.repeal
            if rep.by is None:          # marked 已废止, no successor known
                return Resolution(cited, "repealed", "", m.doc.path, m.doc.level, note=rep.note())
            succ, seen = rep.by, {rep.by.id}
            while (nxt := self.titles.repeal_of(succ.key, succ)) is not None:   # repealed in turn
                if nxt.by is None or nxt.by.id in seen:
                    return Resolution(cited, "repealed", "", rep.by.path, rep.by.level, note=rep.note())
                succ = nxt.by
                seen.add(succ.id)
            return Resolution(cited, "repealed", succ.title, succ.path, succ.level, note=rep.note())
        if m.kind == "short":
            return Resolution(cited, "short", m.doc.title, m.doc.path, m.doc.level, note=f"应使用全称《{m.doc.title}》")
        if m.kind == "unknown":
            return Resolution(cited, "unknown", note=self.suggest(cited))
        d = m.doc
        note = f"现行版本 {d.version_date or '（无日期）'}" if m.versions > 1 else ""
        return Resolution(cited, "current", d.title, d.path, d.level, note=note)

    def suggest(self, title: str) -> str:
        best = self.titles.suggest(title)
        return f"法规库中最接近的是《{best}》" if best else ""

    # --- articles ----------------------------------------------------------------------------
    def tree(self, title: str):
        """The article tree of the newest version of a title (full or national short name)."""
        key = normalise_title(title)
        doc = self.titles.current(key)
        if doc is None and key in self.by_short:
            doc = self.titles.current(self.by_short[key])
        if doc is None:
            return None
        return self.handle.doc_tree(doc.id)

    def article_text(self, title: str, number: int) -> str | None:
        doc = self.tree(title)
        if doc is None:
            return None
        for a in doc.articles:
            if a.number == number and not a.suffix:
                return a.flat_text
        return None


def load_corpus(db_path: str | Path) -> CorpusLink:
    """The CorpusLink of a corpus database, loaded once per generation (read-only; never mutate it).

    A missing file or a folder (the checks used to read a corpus folder) is an InputError."""
    p = Path(db_path)
    if p.is_dir():
        raise InputError(code="corpus_link.load_corpus", p=p)
    if not p.is_file():
        raise InputError(code="corpus_link.no_database", p=p)
    return open_handle(p).memo("checks.corpus_link", CorpusLink)


def corpus_db_for_checks(db_path: str | Path | None = None) -> str | None:
    """``db_path`` (default corpus.store.default_corpus_db_path()) if it holds documents, else None."""
    path = Path(db_path or default_corpus_db_path())
    if not path.is_file():
        return None
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        n = conn.execute("select count(*) from corpus_docs").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return str(path) if n else None


def default_corpus_db() -> str | None:
    """The default corpus database ($WORKBENCH_CORPUS_DB, else data/corpus.db) if it holds documents."""
    return corpus_db_for_checks(None)


# Compatibility: callers written for the corpus folder (app_pages/legality.py, checks/cli.py) ask
# for "the corpus" by this name and pass the result on to checks.run(corpus_dir=...).
default_corpus_dir = default_corpus_db
