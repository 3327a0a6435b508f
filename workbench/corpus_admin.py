"""Staff actions on the regulation corpus, permission-checked (the corpus package knows no users)."""
from __future__ import annotations

from corpus.store import CorpusDoc, set_repealed
from workbench.access.permissions import require


def mark_repealed(db, user, doc_id: int, repealed: bool, *, note: str = "") -> CorpusDoc:
    """Mark a corpus document 已废止 (or undo the mark); needs ``corpus.manage``."""
    require(user, "corpus.manage")
    return set_repealed(db, doc_id, repealed, actor=user.username, note=note)
