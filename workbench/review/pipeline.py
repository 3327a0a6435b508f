"""STAND-IN for the lead's one review pipeline (issue 14), written against its announced API so
the 备案审查 side (workbench/filing) can be built before it lands on main. When main's
``workbench/review/pipeline.py`` arrives, take main's file whole (merge: "theirs").

``assess_version(db, version_id)`` and ``assess(tree, level, meta=..., dossier=..., corpus_db=...)``
return an :class:`Assessment` whose ``findings`` are ``checks.base.Finding`` objects, merged at the
same spot and ordered most severe first.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import checks
from checks.base import Finding
from checks.merge import merge_same_spot
from workbench.documents.store import get_document, get_version


@dataclass
class Assessment:
    level: str
    findings: list[Finding] = field(default_factory=list)
    version_id: int | None = None

    def counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in ("error", "warning", "info")}


def assess(tree, level: str, *, meta: dict | None = None, dossier: dict | None = None,
           corpus_db: str | None = None) -> Assessment:
    """The review of an unstored text."""
    findings = merge_same_spot(checks.run(tree, level, corpus_db=corpus_db, dossier=dossier, meta=meta))
    return Assessment(level=level, findings=findings)


def assess_version(db, version_id: int, *, corpus_db: str | None = None, dossier: dict | None = None) -> Assessment:
    """The review of one stored version at its document's level."""
    version = get_version(db, version_id)
    doc = get_document(db, version.document_id)
    a = assess(version.tree, doc.level, meta={"title": doc.title, "issuing_body": doc.issuing_body},
               dossier=dossier, corpus_db=corpus_db)
    a.version_id = version_id
    return a
