"""Reading the audit log as a user: the permission-checked views the 审计日志 page and the CLI share."""
from __future__ import annotations

from base.audit import events
from workbench.access.permissions import require
from workbench.integrity import verify_all


def read_events(db, user, *, document_id: int | None = None, actor: str | None = None, action: str | None = None,
                limit: int = 500) -> list[dict]:
    """Audit events filtered by document, actor and action; needs ``audit.view``."""
    require(user, "audit.view")
    return events(db, document_id, limit, actor=actor, action=action)


def verify_log(db, user) -> dict:
    """``audit verify`` and the 审计日志 page's check (workbench.integrity.verify_all: the keyed
    chain, every version's text hash, every signed review's binding); needs ``audit.view``."""
    require(user, "audit.view")
    return verify_all(db)
