"""Who may see which document and version. Staff with ``document.view`` see everything; a contact
point (``document.view_public`` only) sees a document only while a consultation on it is open and
its contact point is invited, and then only the consulted versions, never an internal draft (内部稿).
"""
from __future__ import annotations

from base.errors import PermissionDenied
from workbench.access.permissions import allowed
from workbench.access.users import User
from workbench.consultation.consultations import list_consultations
from workbench.documents.store import INTERNAL_LABEL, get_document, get_version, list_documents, list_versions


def _open_consultations(db, user: User, today=None) -> list:
    """Open consultations this contact-point user is invited to."""
    if "consultations" not in db.table_names() or not user.contact_point_id:
        return []
    return [c for c in list_consultations(db) if c.is_open(today) and user.contact_point_id in c.invited]


def _public_version_ids(db, user: User, document_id: int | None = None, today=None) -> set[int]:
    ids = {c.version_id for c in _open_consultations(db, user, today)
           if document_id is None or c.document_id == document_id}
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    rows = db.execute(f"select id from versions where id in ({marks}) and label != ?",
                      [*ids, INTERNAL_LABEL]).fetchall()
    return {r[0] for r in rows}


def visible_documents(db, user: User | None, *, today=None) -> list:
    """The documents ``user`` may see (Document objects, newest first)."""
    if allowed(user, "document.view"):
        return list_documents(db)
    if not allowed(user, "document.view_public"):
        return []
    version_ids = _public_version_ids(db, user, today=today)
    if not version_ids:
        return []
    marks = ",".join("?" * len(version_ids))
    doc_ids = {r[0] for r in db.execute(f"select document_id from versions where id in ({marks})",
                                        list(version_ids)).fetchall()}
    return [d for d in list_documents(db) if d.id in doc_ids]


def may_view_document(db, user: User | None, document_id: int, *, today=None) -> bool:
    if allowed(user, "document.view"):
        return True
    return bool(allowed(user, "document.view_public") and _public_version_ids(db, user, document_id, today))


def require_document(db, user: User | None, document_id: int, *, today=None):
    """The document if ``user`` may see it, else PermissionDenied (NotFound if it does not exist)."""
    doc = get_document(db, document_id)
    if user is None:
        raise PermissionDenied(code="permission.login_required")
    if not may_view_document(db, user, document_id, today=today):
        raise PermissionDenied(code="visibility.require_document", role_name=user.role_name)
    return doc


def visible_versions(db, user: User | None, document_id: int, *, today=None) -> list:
    """Versions of the document ``user`` may read; for contact points only the consulted ones."""
    if allowed(user, "document.view"):
        return list_versions(db, document_id)
    ids = _public_version_ids(db, user, document_id, today) if allowed(user, "document.view_public") else set()
    return [v for v in list_versions(db, document_id) if v.id in ids]


def may_view_version(db, user: User | None, version) -> bool:
    if allowed(user, "document.view"):
        return True
    if version.label == INTERNAL_LABEL:
        return False
    return allowed(user, "document.view_public") and version.id in _public_version_ids(db, user, version.document_id)


def require_version(db, user: User | None, version_id: int):
    """The version if ``user`` may read it (internal drafts never reach contact points)."""
    v = get_version(db, version_id)
    if user is None:
        raise PermissionDenied(code="permission.login_required")
    if not may_view_version(db, user, v):
        if v.label == INTERNAL_LABEL:
            raise PermissionDenied(code="visibility.require_version")
        raise PermissionDenied(code="visibility.public_versions_only", role_name=user.role_name)
    return v
