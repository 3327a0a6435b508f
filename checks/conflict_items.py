"""Conflict search (corpus.conflicts) turned into Findings (rule CONFLICT-UPPER) for the review —
only where it is relevant.

Raw similarity used to pair a dog-management draft with 防震减灾法 or 陆地国界法 because some words
matched (24 items). Now an upper-law provision becomes a finding only when it is about the same
thing:

* for an article that sets a sanction, only the upper-law article that governs one of its clauses
  (checks.upper_link: the same conduct, unambiguous link) — the field comparison itself is
  UPPER-CONFORM's finding, this one adds the redline flags (modal verbs, amounts, periods);
* for any other article, only a provision it closely restates (similarity ≥ ``RELEVANT_SCORE``),
  with a substantive flag.

Each finding quotes both texts, labelled: the draft's article as ``excerpt`` and
``evidence["draft"]``, the upper law's in ``evidence["upper"]``. Returns None when no corpus
database has been built, so reviews work without it.
"""
from __future__ import annotations

from pathlib import Path

from checks.corpus_link import load_corpus
from checks.finding import Finding
from checks.provision_facts import conduct_of, facts_of
from checks.upper_link import Linker, expanded_conduct, linker_for
from corpus.conflicts import UPPER, compare, excerpt
from corpus.search import clean_query, make_hit, rare_candidates, rerank
from corpus.store import default_corpus_db_path

# Below this similarity a match is about other conduct (e.g. 防震减灾法 against a 养犬 draft).
RELEVANT_SCORE = 0.6
# bigrams in more than this share of all units are left out of the candidate search: the findings
# keep close restatements (≥ RELEVANT_SCORE) and sanction clauses' governing articles, which their
# rarer bigrams find (the common ones were most of the postings read; bench/bench_corpus.py)
COMMON_SHARE = 0.01
RULE_ID = "CONFLICT-UPPER"


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


def conflict_findings(tree, level: str, *, title: str = "", issuing_body: str = "", corpus_db: str | None = None,
                      index=None, min_score: float = RELEVANT_SCORE) -> list[Finding] | None:
    """One finding per draft article and relevant upper-law provision that differs in substance."""
    path = corpus_db_available(corpus_db or (index.db_path if index is not None else None))
    if path is None:
        return None
    link = load_corpus(path)
    if link.handle.index_if_built() is None:
        return None                      # `corpus build` builds the index; a review never does
    linker = linker_for(link, tree, level, title or tree.title, issuing_body)
    ix = linker.index
    by_num = {a.number: a for a in tree.articles if not a.suffix}

    def text_of(n: int) -> str:
        return conduct_of(by_num[n].flat_text) if n in by_num else ""
    out = []
    for art in tree.articles:
        q = clean_query(art.flat_text)
        if len(q) < 2:
            continue
        governing = _governing_rows(linker, art, text_of)
        for r in rerank(ix, q, rare_candidates(ix, q, linker.upper_units, linker.upper_lookup, 300, COMMON_SHARE), 3):
            h = make_hit(ix, r.row, r.score, q, r.unit)
            if governing is not None and (h.doc_id, h.label) not in governing:
                continue                 # a sanction: only the upper law on the same conduct
            if governing is None and h.score < min_score:
                continue
            provision = excerpt(h.text, h.span) if ix.unit_whole[r.unit] else ix.unit_texts[r.unit]
            _, flags = compare(art.flat_text, provision, UPPER)
            if not flags:
                continue
            where = f"《{h.title}》{h.label}"
            out.append(Finding(
                rule=RULE_ID, severity="warning", head=3, family="conflicts", source="conflict",
                message=f"草案{art.label}与上位法{where}比对：" + "；".join(f"{f.name}：{f.detail}" for f in flags) + "。",
                element_id=art.id, article_label=art.label, excerpt=art.flat_text[:120], basis=where,
                evidence={"draft": art.flat_text, "upper": provision, "upper_title": h.title, "upper_label": h.label,
                          "upper_path": h.path, "upper_doc_id": int(h.doc_id), "score": round(float(h.score), 4),
                          "flags": [f"{f.name}：{f.detail}" for f in flags]}))
    return out
