"""Who may do what: one role × action table, enforced in the core (pages only hide buttons).

``require(user, action)`` raises PermissionDenied with a Chinese reason; ``allowed`` is the
boolean form pages use to decide which buttons to show. Document-specific rules (a drafter may
never sign off a document they authored; contact points only see documents open for comment)
live in the ``may_*`` predicates below the table.
"""
from __future__ import annotations

from base.errors import PermissionDenied
from workbench.access.roles import ROLES

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
    "system.backup": "备份与恢复数据库",
    "filing.view": "查看备案审查案件",
    "filing.register": "登记报备文件",
    "filing.review": "审查报备文件（分派、处理发现、发函、审结）",
    "filing.organs": "管理报备单位",
    "filing.request": "登记和答复审查建议",
    "filing.campaign": "开展专项审查",
    "filing.submit": "在线报送备案",
    "filing.view_own": "查看本单位报备的文件及函件",
}
FILING_STAFF = {"filing.view", "filing.register", "filing.review", "filing.organs", "filing.request",
                "filing.campaign"}

# role → actions it may perform. The matrix test walks every (role, action) cell.
MATRIX: dict[str, set[str]] = {
    "admin": set(ACTIONS) - {"review.sign", "comment.submit", "filing.submit", "filing.view_own"},
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
    "filing_reviewer": FILING_STAFF | {"check.run", "corpus.search", "audit.view"},
    "filer": {"filing.submit", "filing.view_own"},
}
assert set(MATRIX) == set(ROLES)
assert all(actions <= set(ACTIONS) for actions in MATRIX.values())

def allowed(user, action: str) -> bool:
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    return user is not None and action in MATRIX.get(user.role, set())


def require(user, action: str) -> None:
    if user is None:
        raise PermissionDenied(code="permission.login_required")
    if not allowed(user, action):
        raise PermissionDenied(code="permission.denied", role_name=user.role_name, actions=ACTIONS[action])


def may_sign_off(user, document_created_by: str, version_created_by: str | None = None) -> bool:
    """Four eyes: an advisor may sign, but never on a document they authored (created or versioned)."""
    return allowed(user, "review.sign") and user.username not in {document_created_by, version_created_by}


# --- document-level rules ----------------------------------------------------------------------
#
# Staff with ``document.view`` see every document and version. A contact point
# (``document.view_public`` only) sees a document only while a consultation on it is open and
# its contact point is invited, and then only the consulted versions, never an internal draft
# (内部稿). The consultations live in workbench.consultations (table ``consultations`` +
# ``consultation_invites``); without that table a contact point sees nothing.


def may_view_comment(user, *, author: str | None, contact_point_id: int | None = None) -> bool:
    """Staff with ``comment.view_all`` read every comment; a contact point only its own
    (written by the user, or on behalf of the user's contact point)."""
    if user is None:
        return False
    if allowed(user, "comment.view_all"):
        return True
    if not allowed(user, "comment.submit"):
        return False
    return author == user.username or (contact_point_id is not None and contact_point_id == user.contact_point_id)
