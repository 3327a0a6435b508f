"""The drafter's working copy of a document: edited article by article, frozen into versions.

One working copy per document (drafters of a document share it). It stores the article tree
(JSON), the version it started from (``base_version_id``) and a ``row_version`` for optimistic
concurrency. Looking is not editing: :func:`peek` shows the current version as an unsaved copy
(``row_version`` 0) and the row is created, and audited, with the first edit. A published text
(``store.FROZEN_STAGES``) is not edited: GateBlocked, code ``published``. Every operation is saved immediately (autosave), so the copy survives a browser
reload or a server restart. "保存为新版本" freezes it through
:func:`workbench.documents.store.add_version` (``expected_parent_id`` = the base); "放弃修改" resets it
to the document's current version.

Concurrency: every write names the ``row_version`` it was made on; if another drafter saved in
between, :class:`WorkingCopyConflict` (a :class:`~base.errors.StaleWrite`) is raised, nothing
is written, and the exception carries the operation that failed so the caller can keep the
user's text and re-apply it on the fresh copy. Every change is audited in its transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Migrations

from base import audit
from base.db import transaction
from workbench.documents.store import (Version, add_version, current_version, get_document, get_version,
                                       require_editable)
from lawtext.editing import EditResult, apply_operation
from lawtext.normalize import clean_field, clean_multiline, clean_tree
from base.errors import InputError, NotFound, StaleWrite
from lawtext.model import LegalDocument
from lawtext.writer import content_hash
from workbench.access.permissions import require
from base.clock import beijing
from workbench.access.users import User
from lawtext.diff.renumber import apply_renumber as _apply, plan_renumber

MIGRATIONS = Migrations("workbench.working_copy")  # stored name: never rename


@MIGRATIONS()
def m001_working_copies(db):
    db["working_copies"].create({
        "document_id": int, "base_version_id": int, "base_sha256": str, "tree": str, "sha256": str,
        "row_version": int, "created_at": str, "created_by": str, "updated_at": str, "updated_by": str,
        "last_change": str,
    }, pk="document_id", foreign_keys=[("document_id", "documents", "id"), ("base_version_id", "versions", "id")],
        not_null={"tree", "row_version", "base_version_id"})


@dataclass
class WorkingCopy:
    document_id: int
    base_version_id: int
    base_sha256: str
    sha256: str
    row_version: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    last_change: str
    tree_json: str = field(repr=False)

    @property
    def tree(self) -> LegalDocument:
        return LegalDocument.from_json(self.tree_json)

    @property
    def dirty(self) -> bool:
        """Whether the text differs from the version it started from."""
        return self.sha256 != self.base_sha256


class WorkingCopyConflict(StaleWrite):
    """Someone else changed the working copy since ``expected_row_version``.

    ``op`` / ``kwargs`` are the operation that was refused (including the user's text), so the
    caller can keep it and re-apply it with :func:`apply` on ``current``."""

    def __init__(self, message: str = "", *, current: "WorkingCopy | None" = None, op: str | None = None,
                 kwargs: dict | None = None, code: str | None = None, **params):
        super().__init__(message, kept=kwargs or {}, current=current, code=code, **params)
        self.op = op
        self.kwargs = kwargs or {}


def _row_to_wc(row: dict) -> WorkingCopy:
    return WorkingCopy(tree_json=row["tree"], **{k: row[k] for k in WorkingCopy.__dataclass_fields__
                                                 if k != "tree_json"})


def get(db, doc_id: int) -> WorkingCopy | None:
    row = next(db.query("select * from working_copies where document_id = ?", [doc_id]), None)
    return _row_to_wc(row) if row else None


def _conflict(db, doc_id: int, expected: int, op: str | None = None, kwargs: dict | None = None):
    cur = get(db, doc_id)
    who = f"{_display_name(db, cur.updated_by)}于{beijing(cur.updated_at)}" if cur else "他人"
    what = f"（{cur.last_change}）" if cur and cur.last_change else ""
    return WorkingCopyConflict(code="working_copy.conflict", who=who, what=what, current=cur, op=op, kwargs=kwargs)


def _display_name(db, username: str) -> str:
    row = db.execute("select display_name from users where username = ?", [username]).fetchone()
    return row[0] if row and row[0] else username


def _transient(db, doc_id: int) -> WorkingCopy:
    """The copy a first edit would start from: the current version, not stored (row_version 0)."""
    v = current_version(db, doc_id)
    return WorkingCopy(document_id=doc_id, base_version_id=v.id, base_sha256=v.sha256, sha256=v.sha256,
                       row_version=0, created_at="", created_by="", updated_at=v.created_at, updated_by=v.created_by,
                       last_change=f"v{v.seq}（{v.label}）", tree_json=v.tree_json)


def peek(db, doc_id: int, user: User) -> WorkingCopy:
    """The working copy to show: the stored one, else the current version as an unsaved copy
    (row_version 0). Writes nothing."""
    require(user, "document.edit")
    return get(db, doc_id) or _transient(db, doc_id)


def _create(db, doc_id: int, user: User) -> None:
    """Store the copy of the current version (row_version 0) and audit it; inside the caller's
    transaction, right before its first write."""
    v = current_version(db, doc_id)
    ts = audit.now_iso()
    db["working_copies"].insert({
        "document_id": doc_id, "base_version_id": v.id, "base_sha256": v.sha256, "tree": v.tree_json,
        "sha256": v.sha256, "row_version": 0, "created_at": ts, "created_by": user.username,
        "updated_at": ts, "updated_by": user.username, "last_change": f"由 v{v.seq}（{v.label}）创建工作稿",
    })
    audit.append(db, actor=user.username, action="working_copy.create", document_id=doc_id, version_id=v.id,
                 after_hash=v.sha256, detail={"base_seq": v.seq})


def open_working_copy(db, doc_id: int, user: User) -> WorkingCopy:
    """The document's working copy, created (and stored) from its current version if there is none
    (the CLI's ``edit`` commands; pages use :func:`peek`)."""
    require(user, "document.edit")
    wc = get(db, doc_id)
    if wc is not None:
        return wc
    with transaction(db):
        if get(db, doc_id) is None:  # another drafter may have created it meanwhile
            _create(db, doc_id, user)
            db.execute("update working_copies set row_version = 1 where document_id = ?", [doc_id])
    return get(db, doc_id)


def _write(db, doc_id: int, tree: LegalDocument, *, user: User, expected_row_version: int, action: str,
           description: str, detail: dict, base: Version | None = None, op: str | None = None,
           kwargs: dict | None = None) -> WorkingCopy:
    """Store ``tree`` if the row is still at ``expected_row_version`` (one audited transaction)."""
    tree = clean_tree(tree)
    sha = content_hash(tree)
    tree_json = tree.to_json()
    ts = audit.now_iso()
    with transaction(db):
        if expected_row_version == 0 and get(db, doc_id) is None:
            _create(db, doc_id, user)   # the first edit stores the copy
        before = get(db, doc_id)
        if before is None:
            raise NotFound(code="working_copy.write")
        sets = {"tree": tree_json, "sha256": sha, "updated_at": ts, "updated_by": user.username,
                "last_change": description}
        if base is not None:
            sets.update(base_version_id=base.id, base_sha256=base.sha256)
        cur = db.execute(
            f"update working_copies set {', '.join(f'{k} = ?' for k in sets)}, row_version = row_version + 1 "
            "where document_id = ? and row_version = ?", [*sets.values(), doc_id, expected_row_version])
        if cur.rowcount != 1:
            raise _conflict(db, doc_id, expected_row_version, op, kwargs)
        audit.append(db, actor=user.username, action=action, document_id=doc_id,
                     version_id=base.id if base is not None else before.base_version_id,
                     before_hash=before.sha256, after_hash=sha, detail={"description": description, **detail})
    return get(db, doc_id)


def _audit_args(kwargs: dict) -> dict:
    """Operation arguments for the audit trail (long texts shortened; the hash records the result)."""
    return {k: (v if not isinstance(v, str) or len(v) <= 200 else v[:200] + "…") for k, v in kwargs.items()}


def apply(db, doc_id: int, user: User, op: str, *, expected_row_version: int, expected_text: str | None = None,
          **kwargs) -> tuple[WorkingCopy, EditResult]:
    """Apply one editing operation (``lawtext.editing.OPERATIONS``) and autosave it.

    ``expected_text`` (for ``edit``): the article text the user started from; if someone has
    changed that article since, the edit is refused even when ``expected_row_version`` is current
    (the page refreshes its row version on every rerun, the text in the edit box it does not).

    An operation that leaves the tree as it was stores nothing and appends no audit event: the
    returned copy keeps ``expected_row_version``.

    Raises InputError/NotFound for a bad operation (nothing stored) and
    :class:`WorkingCopyConflict` when the copy changed since ``expected_row_version``.
    """
    require(user, "document.edit")
    require_editable(get_document(db, doc_id))
    wc = peek(db, doc_id, user)
    if wc.row_version != expected_row_version:
        raise _conflict(db, doc_id, expected_row_version, op, kwargs)
    tree = wc.tree
    if expected_text is not None and op == "edit":
        current = tree.article(kwargs.get("key", ""))
        if current is not None and current.text != expected_text:
            raise WorkingCopyConflict(code="working_copy.apply", db=_display_name(db, wc.updated_by), label=current.label, last_change=wc.last_change, current=wc, op=op, kwargs=kwargs)
    result = apply_operation(tree, op, **kwargs)
    if result.doc.to_json() == tree.to_json():
        # Nothing changed (e.g. an article saved as it was): no write, no audit event; the caller
        # sees the same row_version and result.description says so (「第一条未改动」).
        return wc, result
    saved = _write(db, doc_id, result.doc, user=user, expected_row_version=expected_row_version,
                   action="working_copy.edit", description=result.description,
                   detail={"op": op, "args": _audit_args(kwargs)}, op=op, kwargs=kwargs)
    return saved, result


def renumber_plan(db, doc_id: int, user: User):
    """The renumbering the working copy needs (``lawtext.diff.renumber.RenumberPlan``), for preview."""
    return plan_renumber(peek(db, doc_id, user).tree)


def renumber_description(plan) -> str:
    """One Chinese line summarising a renumbering plan."""
    if plan.is_noop:
        return "条文序号连续，无需重新编号"
    refs = sum(len(r.changes) for r in plan.rewrites)
    return f"重新编号：{len(plan.renumbered)} 条改变序号，改写 {refs} 处内部引用"


def apply_renumber(db, doc_id: int, user: User, *, expected_row_version: int, plan=None) -> tuple[WorkingCopy, object]:
    """Renumber the working copy and rewrite its internal references (``lawtext.diff.renumber``).

    ``plan`` is the plan the user reviewed; if the copy changed since (or the plan no longer
    fits), a conflict is raised rather than applying something the user did not see.
    Returns (working copy, the plan applied)."""
    require(user, "document.edit")
    require_editable(get_document(db, doc_id))
    wc = peek(db, doc_id, user)
    if wc.row_version != expected_row_version:
        raise _conflict(db, doc_id, expected_row_version, "renumber", {})
    tree = wc.tree
    fresh = plan_renumber(tree)
    if plan is not None and _plan_key(plan) != _plan_key(fresh):
        raise StaleWrite(code="working_copy.apply_renumber")
    if fresh.is_noop:
        return wc, fresh
    new = _apply(tree, fresh)
    description = renumber_description(fresh)
    saved = _write(db, doc_id, new, user=user, expected_row_version=expected_row_version,
                   action="working_copy.renumber", description=description,
                   detail={"renumbered": [[a.old_label, a.new_label] for a in fresh.renumbered],
                           "rewrites": sum(len(r.changes) for r in fresh.rewrites)}, op="renumber", kwargs={})
    return saved, fresh


def _plan_key(plan) -> tuple:
    return (tuple((a.article_id, a.new_label) for a in plan.articles),
            tuple((r.element_id, r.before, r.after) for r in plan.rewrites))


def save_version(db, doc_id: int, user: User, *, label: str, note: str = "", expected_row_version: int) -> Version:
    """Freeze the working copy as a new immutable version; the copy then starts from it.

    StaleWrite when another version was saved since the copy's base (the copy is kept), or
    when the copy changed since ``expected_row_version``."""
    require(user, "version.create")
    label = clean_field(label)
    if not label:
        raise InputError(code="working_copy.save_version")
    if len(label) > 20:
        raise InputError(code="working_copy.label_too_long")
    note = clean_multiline(note)
    with transaction(db):
        wc = get(db, doc_id)
        if wc is None:
            raise NotFound(code="working_copy.none")
        if wc.row_version != expected_row_version:
            raise _conflict(db, doc_id, expected_row_version, "save_version", {"label": label, "note": note})
        version = add_version(db, doc_id, wc.tree, label=label, actor=user.username, note=note,
                              expected_parent_id=wc.base_version_id)
        _write(db, doc_id, wc.tree, user=user, expected_row_version=expected_row_version,
               action="working_copy.save_version", description=f"保存为 v{version.seq}（{label}）",
               detail={"seq": version.seq, "label": label, "note": note}, base=version)
    return version


def discard(db, doc_id: int, user: User, *, expected_row_version: int) -> WorkingCopy:
    """Throw the working copy's changes away: it becomes the document's current version again."""
    require(user, "document.edit")
    if get(db, doc_id) is None:          # never edited: nothing to throw away
        return peek(db, doc_id, user)
    v = current_version(db, doc_id)
    return _write(db, doc_id, v.tree, user=user, expected_row_version=expected_row_version,
                  action="working_copy.discard", description=f"放弃修改，恢复为 v{v.seq}（{v.label}）",
                  detail={"seq": v.seq}, base=v)


def rebase(db, doc_id: int, user: User, *, expected_row_version: int) -> WorkingCopy:
    """Keep the working copy's text but start it from the document's current version (after
    another version was saved meanwhile and the drafter has compared the two)."""
    require(user, "document.edit")
    wc = get(db, doc_id)
    if wc is None:                       # never edited: already on the current version
        return peek(db, doc_id, user)
    v = current_version(db, doc_id)
    return _write(db, doc_id, wc.tree, user=user, expected_row_version=expected_row_version,
                  action="working_copy.rebase", description=f"以 v{v.seq}（{v.label}）为基础保留当前修改",
                  detail={"seq": v.seq}, base=v)


def base_version(db, wc: WorkingCopy) -> Version:
    return get_version(db, wc.base_version_id)


def is_behind(db, wc: WorkingCopy) -> bool:
    """Whether another version was saved after the copy's base."""
    return get_document(db, wc.document_id).current_version_id != wc.base_version_id
