"""The one review pipeline: what the 合法性审核 page, ``check``, ``review create`` and the 意见书 show.

:func:`assess` runs the rule book (checks.run), optionally the upper-law conflict search, merges
the findings of several rules on the same words into one item (checks.merge) and orders them
(severity, then article order). :func:`assess_version` does the same for a stored version, with
its dossier built the one way (:func:`workbench.procedure.dossier_records.document_dossier`) and
the acting user's permission checked. :func:`open_review` stores an assessment as a review.
Callers render the result; none of them runs a rule or builds a dossier itself. The entry points
for users take the acting user and check ``check.run``: :func:`assess_version` (stored versions,
also their visibility) and :func:`assess_text` (texts that are not stored).
"""
from __future__ import annotations

from dataclasses import dataclass

import checks
from base.errors import InputError
from checks.conflict_items import conflict_findings
from checks.corpus_link import default_corpus_db
from checks.finding import SEVERITIES, Finding
from checks.merge import merge_same_spot
from lawtext.model import LegalDocument, checked_level_code
from workbench.access.permissions import require
from workbench.access.users import User
from workbench.access.visibility import require_version
from workbench.documents.store import get_document
from workbench.procedure.dossier_records import document_dossier
from workbench.review.schemas import CheckReport, FindingOut
from workbench.review.store import Review, create_review

DEFAULT_CORPUS = "default"      # corpus_db value: the default corpus database, if one is built


@dataclass(frozen=True)
class Assessment:
    """The findings of one text at one level, and what they were computed from."""
    title: str
    level: str
    articles: int
    findings: tuple[Finding, ...]
    dossier: dict
    corpus_db: str | None

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}

    def to_dict(self) -> dict:
        """The CLI's ``check --json`` shape (:class:`workbench.review.schemas.CheckReport`)."""
        return CheckReport(title=self.title, level=self.level, articles=self.articles, counts=self.counts,
                           findings=[FindingOut.of(f) for f in self.findings],
                           dossier=self.dossier or {}).model_dump()


def resolve_corpus_db(corpus_db: str | None) -> str | None:
    """``DEFAULT_CORPUS`` → the default corpus database if built (else None); a path is kept."""
    return default_corpus_db() if corpus_db == DEFAULT_CORPUS else corpus_db


def assess(tree: LegalDocument, level: str, *, meta: dict | None = None, dossier: dict | None = None,
           corpus_db: str | None = DEFAULT_CORPUS, profile: str | None = None, conflicts: bool = False,
           conflict_index=None) -> Assessment:
    """All findings for ``tree`` at ``level``: rules (+ conflict search), merged and ordered."""
    level = checked_level_code(level)
    meta = {"title": tree.title, "issuing_body": "", **(meta or {})}
    corpus_db = resolve_corpus_db(corpus_db)
    findings = checks.run(tree, level, corpus_db=corpus_db, profile=profile, dossier=dossier or None, meta=meta)
    if conflicts:
        found = conflict_findings(tree, level, title=meta["title"], issuing_body=meta["issuing_body"],
                                  corpus_db=corpus_db, index=conflict_index)
        if found is None:
            raise InputError(code="review.assess")
        findings = [*findings, *found]
    return Assessment(title=meta["title"], level=level, articles=len(tree.articles),
                      findings=tuple(order(merge_same_spot(findings), tree)), dossier=dict(dossier or {}),
                      corpus_db=corpus_db)


def assess_text(user: User, tree: LegalDocument, level: str, **assess_kw) -> Assessment:
    """:func:`assess` of a text that is not stored (an uploaded or local file) as ``user``; needs
    ``check.run`` like every other way of running the rules."""
    require(user, "check.run")
    return assess(tree, level, **assess_kw)


def order(findings: list[Finding], tree: LegalDocument) -> list[Finding]:
    """Most severe first, then in article order (document-level findings last), stable otherwise."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    position = {a.id: i for i, a in enumerate(tree.articles)}
    return sorted(findings, key=lambda f: (rank.get(f.severity, 9),
                                           position.get((f.element_id or "").split("-p")[0], 10 ** 6)))


def assess_version(db, user: User, version_id: int, *, level: str | None = None, explicit_dossier: dict | None = None,
                   use_records: bool = True, corpus_db: str | None = DEFAULT_CORPUS, profile: str | None = None,
                   conflicts: bool = False, conflict_index=None, issuing_body: str | None = None) -> Assessment:
    """The assessment of a stored version as ``user`` (needs ``check.run`` and sight of the version)."""
    require(user, "check.run")
    version = require_version(db, user, version_id)
    doc = get_document(db, version.document_id)
    dossier = document_dossier(db, doc.id, version.id, explicit=explicit_dossier, use_records=use_records)
    return assess(version.tree, level or doc.level, dossier=dossier, corpus_db=corpus_db, profile=profile,
                  meta={"title": doc.title, "issuing_body": doc.issuing_body if issuing_body is None else issuing_body},
                  conflicts=conflicts, conflict_index=conflict_index)


def open_review(db, user: User, version_id: int, *, assessment: Assessment | None = None, **assess_kw) -> Review:
    """Store the assessment of a version (computed here unless given) as a new review."""
    require(user, "review.create")
    if assessment is None:
        assessment = assess_version(db, user, version_id, **assess_kw)
    return create_review(db, version_id, actor=user, findings=list(assessment.findings))
