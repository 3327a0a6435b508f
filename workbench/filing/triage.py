"""Triage: the full review of each filed text through the one review pipeline
(workbench.review.pipeline — rules, upper-law conformity where a corpus is available, citations,
drafting technique), stored as the filing's review items, and the queue ordered by risk.

Queue order: open filings before closed ones; then errors first, then warnings, then the days left
against the review deadline (overdue first); ties by filing number.
"""
from __future__ import annotations

import json
from datetime import date

from base import audit
from base.clock import today as beijing_today
from base.db import transaction
from workbench.access.permissions import require
from workbench.access.users import User
from workbench.documents.store import get_version
from workbench.filing.store import Filing, get_filing, query_filings
from workbench.review.pipeline import DEFAULT_CORPUS, assess


def _row(filing_id: int, seq: int, f) -> dict:
    """A checks.base.Finding as a filing_items row (Finding.to_dict() is the serialised form)."""
    return {
        "filing_id": filing_id, "seq": seq, "source": "check", "rule": f.rule,
        "related_rules": " ".join(f.related), "severity": f.severity,
        "family": f.family or "", "head": f.head or 0, "element_id": f.element_id or "",
        "article_label": f.article_label or "", "message": f.message,
        "basis": f.basis or "", "excerpt": f.excerpt or "",
        "evidence": json.dumps(f.evidence or {}, ensure_ascii=False),
        "disposition": None, "reason": "", "created_by": "",
    }


def triage_filing(db, filing_id: int, *, actor: str, corpus_db: str | None = DEFAULT_CORPUS) -> Filing:
    """Run the review pipeline on the filed version and store its findings (once: a filing whose
    items have been disposed keeps them). A text the pipeline cannot read is recorded as the
    filing's triage problem instead of failing the batch."""
    f = get_filing(db, filing_id)
    if f.triaged_at:
        return f
    try:
        tree = get_version(db, f.version_id).tree
        findings = assess(tree, f.level, meta={"title": f.title, "issuing_body": f.organ_name},
                          corpus_db=corpus_db).findings
        problem = ""
    except Exception as e:  # noqa: BLE001 - one unreadable text must not stop the others' triage
        findings, problem = [], f"自动审查未能完成：{type(e).__name__}"
    counts = {s: sum(x.severity == s for x in findings) for s in ("error", "warning", "info")}
    with transaction(db):
        if findings:
            db["filing_items"].insert_all([_row(filing_id, i + 1, x) for i, x in enumerate(findings)])
        db.execute("update filings set n_error = ?, n_warning = ?, n_info = ?, triaged_at = ?, triage_problem = ?, "
                   "row_version = row_version + 1 where id = ?",
                   [counts["error"], counts["warning"], counts["info"], audit.now_iso(), problem, filing_id])
        audit.append(db, actor=actor, action="filing.triage", document_id=f.document_id, version_id=f.version_id,
                     detail={"filing_id": filing_id, **counts, **({"problem": problem} if problem else {})})
    return get_filing(db, filing_id)


def risk_key(f: Filing, today: date) -> tuple:
    left = f.days_left(today)
    return (f.closed, -f.n_error, -f.n_warning, left if left is not None else 10**6, f.id)


def queue(db, user: User, *, today: date | None = None, include_closed: bool = False,
          assignee: str | None = None, status: str | None = None) -> list[Filing]:
    """The triage queue a reviewer works from, ordered by risk."""
    require(user, "filing.view")
    today = today or beijing_today()
    rows = query_filings(db, status=status)
    if not include_closed:
        rows = [f for f in rows if not f.closed]
    if assignee:
        rows = [f for f in rows if f.assignee == assignee]
    return sorted(rows, key=lambda f: risk_key(f, today))
