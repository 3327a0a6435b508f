"""Conflict search (corpus.conflicts) turned into Findings (rule CONFLICT-UPPER) for the review.

Only relevant matches become findings: an upper-law provision similar enough to the draft's
article to be about the same conduct (``RELEVANT_SCORE``) whose redline shows a substantive
difference (modal verb, amount, period, ratio). Each finding quotes both texts, labelled: the
draft's article as ``excerpt`` and ``evidence["draft"]``, the upper law's in ``evidence["upper"]``.
Returns None when no corpus database has been built, so reviews work without it.
"""
from __future__ import annotations

from pathlib import Path

from checks.finding import Finding
from corpus.conflicts import UPPER, find_conflicts
from corpus.index import load_index
from corpus.store import default_corpus_db_path

# Below this similarity a match is about other conduct (e.g. 防震减灾法 against a 养犬 draft).
RELEVANT_SCORE = 0.6
RULE_ID = "CONFLICT-UPPER"


def corpus_db_available(corpus_db: str | None = None) -> str | None:
    path = corpus_db or default_corpus_db_path()
    return path if Path(path).is_file() else None


def conflict_findings(tree, level: str, *, title: str = "", issuing_body: str = "", corpus_db: str | None = None,
                      index=None, min_score: float = RELEVANT_SCORE) -> list[Finding] | None:
    """One finding per draft article and relevant upper-law provision that differs in substance."""
    if index is None:
        path = corpus_db_available(corpus_db)
        if path is None:
            return None
        index = load_index(path)
    report = find_conflicts(index, tree, level=level, title=title or tree.title, issuing_body=issuing_body)
    out = []
    for a in report.articles:
        for m in a.matches[UPPER]:
            h = m.hit
            if not m.flags or h.score < min_score:
                continue
            where = f"《{h.title}》{h.label}"
            out.append(Finding(
                rule=RULE_ID, severity="warning", head=3, family="conflicts", source="conflict",
                message=f"草案{a.label}与上位法{where}比对：" + "；".join(f"{f.name}：{f.detail}" for f in m.flags) + "。",
                element_id=a.article_id, article_label=a.label, excerpt=a.text[:120], basis=where,
                evidence={"draft": a.text, "upper": m.provision, "upper_title": h.title, "upper_label": h.label,
                          "upper_path": h.path, "score": round(float(h.score), 4),
                          "flags": [f"{f.name}：{f.detail}" for f in m.flags]}))
    return out
