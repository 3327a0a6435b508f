"""Reading the audit log as a user: the permission-checked views the 审计日志 page and the CLI share."""
from __future__ import annotations

from base.audit import events, verify_report
from workbench.access.permissions import require


def read_events(db, user, *, document_id: int | None = None, actor: str | None = None, action: str | None = None,
                limit: int = 500) -> list[dict]:
    """Audit events filtered by document, actor and action; needs ``audit.view``."""
    require(user, "audit.view")
    return events(db, document_id, limit, actor=actor, action=action)


def verify_log(db, user) -> dict:
    """``audit verify`` and the 审计日志 page's check: the chain report; needs ``audit.view``."""
    require(user, "audit.view")
    return verify_report(db)
