"""Who may do what: one role × action table, enforced in the core (pages only hide buttons).

``require(user, action)`` raises PermissionDenied with a Chinese reason; ``allowed`` is the
boolean form pages use to decide which buttons to show. Document-specific rules (a drafter may
never sign off a document they authored; contact points only see documents open for comment)
live in the ``may_*`` predicates below the table.
"""
from __future__ import annotations

from base.errors import PermissionDenied
from workbench.access.users import ROLES, User

ACTIONS: dict[str, str] = {
    "document.view": "查看文档（内部稿）",
    "document.view_public": "查看公开征求意见的文档",
    "document.create": "新建/导入文档",
    "version.create": "保存新版本",
    "document.edit": "编辑工作稿",
    "check.run": "运行合法性检查与冲突检索",
    "review.create": "新建合法性审核",
    "review.dispose": "处理审查发现（确认/不采纳）",
    "review.sign": "签署合法性审核意见",
    "lifecycle.transition": "推进流程阶段",
    "consultation.manage": "发起/关闭征求意见",
    "comment.submit": "提交意见",
    "comment.dispose": "处理意见（采纳/未采纳）",
    "comment.view_all": "查看全部意见",
    "contact_point.manage": "管理基层立法联系点",
    "plan.manage": "管理年度立法计划",
    "plan.view": "查看年度立法计划",
    "user.manage": "管理用户",
    "corpus.manage": "导入/管理法规库",
    "corpus.search": "检索法规库",
    "audit.view": "查看审计日志",
    "dashboard.view": "查看工作台统计",
    "dossier.record": "登记卷宗事项（公平竞争审查、起草说明、听证等）",
}

# role → actions it may perform. The matrix test walks every (role, action) cell.
MATRIX: dict[str, set[str]] = {
    "admin": set(ACTIONS) - {"review.sign", "comment.submit"},
    "drafter": {"document.view", "document.view_public", "document.create", "version.create", "document.edit",
                "check.run", "consultation.manage", "comment.dispose", "comment.view_all", "corpus.search",
                "audit.view", "dashboard.view", "lifecycle.transition", "plan.view", "dossier.record"},
    "advisor": {"document.view", "document.view_public", "check.run", "review.create", "review.dispose", "review.sign",
                "comment.view_all", "corpus.search", "audit.view", "dashboard.view", "plan.view", "dossier.record"},
    "reviewer": {"document.view", "document.view_public", "check.run", "review.create", "review.dispose",
                 "comment.view_all",
                 "corpus.search", "audit.view", "dashboard.view", "lifecycle.transition", "consultation.manage",
                 "comment.dispose", "plan.view", "dossier.record"},
    "contact": {"comment.submit", "document.view_public"},
}
assert set(MATRIX) == set(ROLES)
assert all(actions <= set(ACTIONS) for actions in MATRIX.values())

INTERNAL_LABEL = "内部稿"  # version label that never leaves the drafting side


def allowed(user: User | None, action: str) -> bool:
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    return user is not None and action in MATRIX.get(user.role, set())


def require(user: User | None, action: str) -> None:
    if user is None:
        raise PermissionDenied("请先登录。")
    if not allowed(user, action):
        raise PermissionDenied(f"{user.role_name}无权{ACTIONS[action]}。")


def may_sign_off(user: User, document_created_by: str, version_created_by: str | None = None) -> bool:
    """Four eyes: an advisor may sign, but never on a document they authored (created or versioned)."""
    return allowed(user, "review.sign") and user.username not in {document_created_by, version_created_by}


# --- document-level rules ----------------------------------------------------------------------
#
# Staff with ``document.view`` see every document and version. A contact point
# (``document.view_public`` only) sees a document only while a consultation on it is open and
# its contact point is invited, and then only the consulted versions, never an internal draft
# (内部稿). The consultations live in workbench.consultations (table ``consultations`` +
# ``consultation_invites``); without that table a contact point sees nothing.

def _open_consultations(db, user: User, today=None) -> list:
    """Open consultations this contact-point user is invited to."""
    if "consultations" not in db.table_names() or not user.contact_point_id:
        return []
    from workbench.consultation.consultations import list_consultations
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
    from workbench.documents.store import list_documents
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
    from workbench.documents.store import get_document
    doc = get_document(db, document_id)
    if user is None:
        raise PermissionDenied("请先登录。")
    if not may_view_document(db, user, document_id, today=today):
        raise PermissionDenied(f"{user.role_name}只能查看正在公开征求意见的文件。")
    return doc


def visible_versions(db, user: User | None, document_id: int, *, today=None) -> list:
    """Versions of the document ``user`` may read; for contact points only the consulted ones."""
    from workbench.documents.store import list_versions
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
    from workbench.documents.store import get_version
    v = get_version(db, version_id)
    if user is None:
        raise PermissionDenied("请先登录。")
    if not may_view_version(db, user, v):
        if v.label == INTERNAL_LABEL:
            raise PermissionDenied("内部稿仅限起草和审核人员查看。")
        raise PermissionDenied(f"{user.role_name}只能查看正在公开征求意见的版本。")
    return v


def may_view_comment(user: User | None, *, author: str | None, contact_point_id: int | None = None) -> bool:
    """Staff with ``comment.view_all`` read every comment; a contact point only its own
    (written by the user, or on behalf of the user's contact point)."""
    if user is None:
        return False
    if allowed(user, "comment.view_all"):
        return True
    if not allowed(user, "comment.submit"):
        return False
    return author == user.username or (contact_point_id is not None and contact_point_id == user.contact_point_id)
