"""The legality rule book (合法性审核规则).

``run(tree, level)`` applies every rule of ``checks/registry.py`` that fits the level and the
inputs at hand (corpus, dossier, metadata) and returns the findings, most severe first.
Rules live one family per module; see registry.py for the list and base.py for the contract.
Findings are per rule; ``checks.merge.merge_same_spot`` folds those of several rules on the same
words into one item, which is what a reviewer disposes of (workbench.review.store.create_review).
"""
from __future__ import annotations

from pathlib import Path

from lawtext.errors import register_messages
from checks.messages import MESSAGES

from checks.base import HEADS, SEVERITIES, Finding, Context
from lawtext.model import checked_level_code
from checks.config import load_jurisdiction
from checks.registry import rules_for
from lawtext.parser import parse_text
from checks.corpus_link import load_corpus
from checks.dossier_sources import annotate

register_messages("checks", MESSAGES)   # the package's errors render their text from its catalogue

__all__ = ["run", "Finding", "HEADS", "SEVERITIES", "check_text"]

_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def run(tree, level: str, *, corpus_db: str | Path | None = None, corpus=None, corpus_dir: str | Path | None = None,
        profile: str | None = None, dossier: dict | None = None, meta: dict | None = None, rules=None) -> list[Finding]:
    """All findings for ``tree`` (a lawtext.model.LegalDocument) at ``level`` (LR/GR/ND or the
    Chinese name). ``corpus_db`` (a corpus database path, see corpus.store) or ``corpus`` (a loaded
    checks.corpus_link.CorpusLink) enables citation resolution and upper-law comparisons; without
    them, or with an empty database, citations are reported as 未核验. ``corpus_dir`` is the former
    name of ``corpus_db`` (it no longer accepts a folder)."""

    level = checked_level_code(level)
    corpus_db = corpus_db or corpus_dir
    if corpus is None and corpus_db:
        corpus = load_corpus(corpus_db)
    if corpus is not None and not getattr(corpus, "documents", 1):
        corpus = None          # an empty corpus database verifies nothing
    ctx = Context(tree=tree, level=level, config=load_jurisdiction(profile), corpus=corpus,
                  dossier=dossier or None, meta=dict(meta or {}))
    findings: list[Finding] = []
    for r in (rules if rules is not None else rules_for(level)):
        if r.applies(ctx):
            findings.extend(r.run(ctx))
    if dossier and dossier.get("_sources"):      # facts read from the workbench's records
        findings = annotate(findings, dossier)
    order = {a.id: i for i, a in enumerate(tree.articles)}
    findings.sort(key=lambda f: (_ORDER.get(f.severity, 9), order.get((f.element_id or "").split("-p")[0], 10**6)))
    return findings


def check_text(text: str, level: str, **kw) -> list[Finding]:
    """Parse plain text (lawtext.parser.parse_text) and run the checks: handy for tests and the CLI."""
    return run(parse_text(text), level, **kw)
