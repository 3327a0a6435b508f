"""Renumbering a stored version: the text operation (lawtext.diff.renumber) saved as a new version."""
from __future__ import annotations

from base.errors import InputError
from lawtext.diff.renumber import apply_renumber, plan_renumber
from workbench.access.permissions import require
from workbench.documents.store import add_version, get_version


def save_renumbered(db, user, doc_id: int, version_id: int, *, label: str | None = None):
    """Renumber version ``version_id`` and store the result as the document's new version.

    The version must be the current one (else :class:`StaleWrite`, nothing stored); needs the
    ``version.create`` permission. Returns (new Version, the plan that was applied)."""
    require(user, "version.create")
    version = get_version(db, version_id)
    if version.document_id != doc_id:
        raise InputError(code="renumbering.save_renumbered")
    plan = plan_renumber(version.tree)
    if plan.is_noop:
        raise InputError(code="renumbering.already_continuous")
    tree = apply_renumber(version.tree, plan)
    note = f"重新编号：{len(plan.renumbered)} 条序号调整，改写引用 {sum(len(r.changes) for r in plan.rewrites)} 处"
    new = add_version(db, doc_id, tree, label=label or version.label, actor=user.username, note=note,
                      expected_parent_id=version_id)
    return new, plan
