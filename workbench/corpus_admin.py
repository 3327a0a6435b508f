"""Staff actions on the regulation corpus, permission-checked (the corpus package knows no users).

The 法规库 and 冲突检索 pages and the ``corpus``/``conflicts`` commands call these, never the
corpus functions directly: searching needs ``corpus.search``, the conflict search ``check.run``,
importing a server folder and marking a document repealed ``corpus.manage``.
"""
from __future__ import annotations

from corpus.conflicts import find_conflicts
from corpus.importer import ImportReport, import_folder
from corpus.search import search
from corpus.store import CorpusDoc, counts, set_repealed
from workbench.access.permissions import require


def mark_repealed(db, user, doc_id: int, repealed: bool, *, note: str = "") -> CorpusDoc:
    """Mark a corpus document 已废止 (or undo the mark); needs ``corpus.manage``."""
    require(user, "corpus.manage")
    return set_repealed(db, doc_id, repealed, actor=user.username, note=note)


def search_corpus(user, index, query: str, **kwargs) -> list:
    """corpus.search.search as ``user``; needs ``corpus.search``."""
    require(user, "corpus.search")
    return search(index, query, **kwargs)


def corpus_counts(db, user) -> dict:
    """Documents, articles, levels and statuses of the corpus; needs ``corpus.search``."""
    require(user, "corpus.search")
    return counts(db)


def conflicts_for(user, index, tree, **kwargs):
    """corpus.conflicts.find_conflicts as ``user``; needs ``check.run`` (the 冲突检索 page)."""
    require(user, "check.run")
    return find_conflicts(index, tree, **kwargs)


def import_corpus_folder(db, user, src, **kwargs) -> ImportReport:
    """Import a server folder into the corpus (corpus.importer.import_folder, confined to that
    folder), recorded under the user's name; needs ``corpus.manage``."""
    require(user, "corpus.manage")
    return import_folder(src, db, actor=user.username, **kwargs)
