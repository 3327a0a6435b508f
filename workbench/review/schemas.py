"""The JSON shapes of the review pipeline as they leave the workbench (``check --json``,
``review create/show --json``, exports): pydantic models, declared once.

``model_dump()`` of these models is the output; a key added to or dropped from the data without
the model is refused (``extra="forbid"``), so the shape tests/workbench assert cannot drift.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from checks.finding import Finding


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FindingOut(_Out):
    """One finding (``checks.finding.Finding.to_dict``, its one serialised form)."""
    rule: str
    severity: str
    article: str | None
    element: str | None
    message: str
    basis: str
    span: str
    excerpt: str
    family: str
    head: int
    title: str
    related_rules: list[str]
    code: str
    params: dict[str, Any]
    evidence: dict[str, Any]
    fix: str
    facts: list[str]
    source: str

    @classmethod
    def of(cls, finding: Finding) -> "FindingOut":
        return cls.model_validate(finding.to_dict())


class CheckReport(_Out):
    """``python -m workbench check --json``."""
    title: str
    level: str
    articles: int
    counts: dict[str, int]
    findings: list[FindingOut]
    dossier: dict[str, Any]


class ReviewItemOut(_Out):
    seq: int
    source: str
    rule: str
    severity: str
    head: int | None
    family: str
    message: str
    element_id: str | None
    article_label: str | None
    excerpt: str
    basis: str
    disposition: str | None
    reason: str
    disposed_by: str | None
    rules: list[str]


class ReviewSummary(_Out):
    """``review create/show --json`` and the review export."""
    id: int
    document_id: int
    version_id: int
    version_sha256: str
    level: str
    status: str
    stale: bool
    opinion: str | None
    opinion_text: str
    created_by: str
    created_by_name: str
    created_at: str
    created_at_display: str
    signed_by: str | None
    signed_by_name: str | None
    signed_at: str | None
    signed_at_display: str | None
    signed_on_paper: str | None
    signed_sha256: str | None
    items: list[ReviewItemOut]

    @classmethod
    def of(cls, review) -> "ReviewSummary":
        """From a :class:`workbench.review.store.Review`."""
        item_fields = [k for k in ReviewItemOut.model_fields if k != "rules"]
        return cls(
            **{k: getattr(review, k) for k in cls.model_fields
               if k not in ("items", "signed_by_name", "signed_at_display", "signed_on_paper")},
            signed_by_name=review.signed_by_name or None, signed_at_display=review.signed_at_display or None,
            signed_on_paper=review.signed_on_paper or None,
            items=[ReviewItemOut(**{k: getattr(i, k) for k in item_fields}, rules=i.rules) for i in review.items])
