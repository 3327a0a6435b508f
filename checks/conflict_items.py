"""Conflict search (corpus/conflicts.py) turned into review items — only where it is relevant.

Raw similarity used to pair a dog-management draft with 防震减灾法 or 陆地国界法 because some words
matched. Now an upper-law provision becomes an item only when it is about the same thing:

* for an article that sets a sanction, only the upper-law article that governs one of its clauses
  (checks.upper_link: the same conduct) — the field comparison itself is UPPER-CONFORM's finding,
  so the item adds the redline flags (modal verbs, amounts, periods) of that article;
* for any other article, only a provision that the article closely restates (similarity ≥
  :data:`RESTATEMENT_MIN`), with a substantive flag.

Optional: returns None when no corpus database has been built (``python -m workbench corpus build``),
so reviews and benchmarks work without it.
"""
from __future__ import annotations

from pathlib import Path

from checks.corpus_link import load_corpus
from checks.provision_facts import conduct_of, facts_of
from checks.upper_link import Linker, expanded_conduct
from corpus.conflicts import UPPER, compare, excerpt
from corpus.search import candidate_scores, clean_query, make_hit, rerank, select_rows
from corpus.store import default_corpus_db_path

RESTATEMENT_MIN = 0.6


def corpus_db_available(corpus_db: str | None = None) -> str | None:
    path = corpus_db or default_corpus_db_path()
    return path if Path(path).is_file() else None


def _governing_rows(linker: Linker, art, text_of) -> set[tuple[int, str]] | None:
    """The upper-law articles that unambiguously govern the article's sanction clauses; None when
    the article sets no sanction."""
    rows: set[tuple[int, str]] | None = None
    for p in art.paragraphs:
        for text, lead in ([(p.text, "")] if p.text and not p.items else []) + [(it.full_text, p.text) for it in p.items]:
            f = facts_of(text, lead=lead)
            if f.sets_something:
                rows = rows if rows is not None else set()
                link = linker.governing(f, expanded_conduct(f, text_of))
                if link.unambiguous:
                    rows.add((link.best.doc_id, link.best.article))
    return rows


def conflict_items(tree, level: str, *, title: str = "", issuing_body: str = "", corpus_db: str | None = None,
                   index=None) -> list[dict] | None:
    """Relevant upper-law matches whose redline shows a substantive difference (modal verb, amount,
    period, ratio), one review item per draft article and upper-law provision."""
    path = corpus_db or (index.db_path if index is not None else None) or corpus_db_available(None)
    if not path or not Path(path).is_file():
        return None
    link = load_corpus(path)
    linker = Linker(link, tree, level, title or tree.title, issuing_body)
    ix = linker.index
    by_num = {a.number: a for a in tree.articles if not a.suffix}

    def text_of(n: int) -> str:
        return conduct_of(by_num[n].flat_text) if n in by_num else ""
    items = []
    for art in tree.articles:
        q = clean_query(art.flat_text)
        if len(q) < 2:
            continue
        governing = _governing_rows(linker, art, text_of)
        for r in rerank(ix, q, select_rows(candidate_scores(ix, q), linker.upper_units, 300), 3):
            hit = make_hit(ix, r.row, r.score, q, r.unit)
            if governing is not None and (hit.doc_id, hit.label) not in governing:
                continue                     # a sanction: only the upper law on the same conduct
            if governing is None and r.score < RESTATEMENT_MIN:
                continue
            provision = excerpt(hit.text, hit.span) if ix.unit_whole[r.unit] else ix.unit_texts[r.unit]
            _, flags = compare(art.flat_text, provision, UPPER)
            if flags:
                items.append({
                    "rule": "CONFLICT-UPPER", "severity": "warning", "head": 3, "family": "conflicts",
                    "message": f"与上位法《{hit.title}》{hit.label}比对：" + "；".join(f"{f.name}：{f.detail}" for f in flags),
                    "element_id": art.id, "article_label": art.label, "excerpt": provision[:120],
                    "basis": f"《{hit.title}》{hit.label}",
                })
    return items
