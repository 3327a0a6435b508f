"""When each corpus document was in force, from its version chain and repeal marks.

A version is in force from its ``version_date`` until the next version's date (superseded_by);
a document repealed by another document's clause stops on the repealing document's date; one an
administrator marked 已废止 without a known date is treated as repealed on its own date (so it is
never in force for a later draft). Documents without a date are taken as in force from the start.
"""
from __future__ import annotations

import numpy as np


def validity(conn, doc_ids: np.ndarray) -> tuple[list[str], list[str]]:
    """(from, until) dates per document position ("" until = still in force)."""
    rows = conn.execute("select d.id, coalesce(d.version_date, ''), d.status, coalesce(s.version_date, ''), "
                        "coalesce(r.version_date, ''), d.superseded_by from corpus_docs d "
                        "left join corpus_docs s on s.path = d.superseded_by "
                        "left join corpus_docs r on r.path = d.repealed_by").fetchall()
    by_id = {}
    for doc_id, start, status, succ, rep, sup in rows:
        if sup:
            end = succ or start
        elif status == "已废止":
            end = rep or start or "0000"
        else:
            end = ""
        by_id[doc_id] = (start, end)
    pairs = [by_id.get(int(d), ("", "")) for d in doc_ids]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def in_force(handle, as_of: str) -> np.ndarray:
    """Boolean per document position of the handle's index: in force on ``as_of`` (YYYY-MM-DD)."""
    def make(h):
        conn = h.connect()
        try:
            return validity(conn, h.index.docs.ids)
        finally:
            conn.close()
    start, end = handle.memo("corpus.versions.validity", make)
    return np.fromiter(((not s or s <= as_of) and (not e or e > as_of) for s, e in zip(start, end)),
                       dtype=bool, count=len(start))
