"""Conflict search (corpus/conflicts.py, another package) turned into review items.

Optional: returns None when no corpus database has been built (``python -m workbench corpus build``),
so reviews and benchmarks work without it.
"""
from __future__ import annotations

from pathlib import Path


def corpus_db_available(corpus_db: str | None = None) -> str | None:
    try:
        from corpus.store import default_corpus_db_path
    except ImportError:
        return None
    path = corpus_db or default_corpus_db_path()
    return path if Path(path).is_file() else None


def conflict_items(tree, level: str, *, title: str = "", issuing_body: str = "", corpus_db: str | None = None,
                   index=None) -> list[dict] | None:
    """Upper-law matches whose redline shows a substantive difference (modal verb, amount, period,
    ratio), one review item per draft article and upper-law provision."""
    if index is None:
        path = corpus_db_available(corpus_db)
        if path is None:
            return None
        from corpus.handle import open_handle
        index = open_handle(path).index
    from corpus.conflicts import UPPER, find_conflicts
    report = find_conflicts(index, tree, level=level, title=title or tree.title, issuing_body=issuing_body)
    items = []
    for a in report.articles:
        for m in a.matches[UPPER]:
            if not m.flags:
                continue
            h = m.hit
            items.append({
                "rule": "CONFLICT-UPPER", "severity": "warning", "head": 3, "family": "conflicts",
                "message": f"与上位法《{h.title}》{h.label}比对：" + "；".join(f"{f.name}：{f.detail}" for f in m.flags),
                "element_id": a.article_id, "article_label": a.label, "excerpt": m.provision[:120],
                "basis": f"《{h.title}》{h.label}",
            })
    return items
