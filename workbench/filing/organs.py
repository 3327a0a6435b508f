"""报备单位 (制定机关): the organs that file their 规章 and 规范性文件 with us, with contacts, and the
accounts (role ``filer``) that act for an organ.

An organ is never deleted (filings and letters name it); it can be marked inactive. Every change is
written with its audit event in one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Migrations

from base import audit
from base.db import transaction
from base.errors import InputError, NotFound, PermissionDenied
from workbench.access.permissions import allowed, require
from workbench.access.users import User, get_user

MIGRATIONS = Migrations("workbench.filing_organs")  # stored name: never rename

ORGAN_KINDS = ("市人民政府", "市政府部门", "区县人民政府", "其他")


@MIGRATIONS()
def m001_filing_organs(db):
    db["filing_organs"].create({
        "id": int, "name": str, "kind": str, "contact_person": str, "phone": str, "email": str,
        "address": str, "active": int, "created_at": str, "created_by": str,
    }, pk="id", not_null={"name", "kind"}, defaults={"active": 1})
    db["filing_organs"].create_index(["name"], unique=True)
    db["filing_organ_users"].create({"user_id": int, "organ_id": int, "linked_at": str, "linked_by": str},
                                    pk="user_id", foreign_keys=[("organ_id", "filing_organs", "id")])


@dataclass(frozen=True)
class Organ:
    id: int
    name: str
    kind: str
    contact_person: str
    phone: str
    email: str
    address: str
    active: bool


def _organ(row: dict) -> Organ:
    return Organ(id=row["id"], name=row["name"], kind=row["kind"], contact_person=row["contact_person"] or "",
                 phone=row["phone"] or "", email=row["email"] or "", address=row["address"] or "",
                 active=bool(row["active"]))


def get_organ(db, organ_id: int) -> Organ:
    row = next(db.query("select * from filing_organs where id = ?", [organ_id]), None)
    if not row:
        raise NotFound(code="filing.organ_missing", organ=organ_id)
    return _organ(row)


def find_organ(db, key: str | int) -> Organ:
    """By id or exact name."""
    if isinstance(key, int) or str(key).isdigit():
        return get_organ(db, int(key))
    row = next(db.query("select * from filing_organs where name = ?", [str(key).strip()]), None)
    if not row:
        raise NotFound(code="filing.organ_missing", organ=key)
    return _organ(row)


def organ_by_name(db, name: str) -> Organ | None:
    row = next(db.query("select * from filing_organs where name = ?", [name.strip()]), None)
    return _organ(row) if row else None


def list_organs(db, user: User, *, include_inactive: bool = False) -> list[Organ]:
    """Staff see every organ; a 报备单位 account only its own."""
    if not allowed(user, "filing.view"):
        require(user, "filing.view_own")
        own = organ_of(db, user)
        return [own] if own else []
    where = "" if include_inactive else " where active = 1"
    return [_organ(r) for r in db.query(f"select * from filing_organs{where} order by kind, name")]


def _insert(db, actor: str, name: str, kind: str, contacts: dict) -> Organ:
    name = (name or "").strip()
    if not name:
        raise InputError(code="organs.insert")
    if kind not in ORGAN_KINDS:
        raise InputError(code="organs.bad_kind", organ_kinds='/'.join(ORGAN_KINDS))
    with transaction(db):
        if organ_by_name(db, name):
            raise InputError(code="organs.exists", name=name)
        oid = db["filing_organs"].insert({
            "name": name, "kind": kind, "active": 1, "created_at": audit.now_iso(), "created_by": actor,
            **{k: (contacts.get(k) or "").strip() for k in ("contact_person", "phone", "email", "address")},
        }).last_pk
        audit.append(db, actor=actor, action="filing.organ_add", detail={"organ_id": oid, "name": name, "kind": kind})
    return get_organ(db, oid)


def add_organ(db, user: User, name: str, kind: str = "市政府部门", **contacts) -> Organ:
    require(user, "filing.organs")
    return _insert(db, user.username, name, kind, contacts)


def ensure_organ(db, user: User, name: str) -> tuple[Organ, bool]:
    """The organ called ``name``, registered (kind 其他) when unknown — batch intake of filings from
    organs not yet in the registry; returns (organ, created)."""
    found = organ_by_name(db, name)
    if found:
        return found, False
    require(user, "filing.register")
    return _insert(db, user.username, name, "其他", {}), True


def update_organ(db, user: User, organ_id: int, **fields) -> Organ:
    """Change contacts, kind or active flag (name stays: letters and filings quote it)."""
    require(user, "filing.organs")
    allowed_fields = {"kind", "contact_person", "phone", "email", "address", "active"}
    unknown = set(fields) - allowed_fields
    if unknown:
        raise InputError(code="organs.update_organ", unknown='、'.join(sorted(unknown)))
    if "kind" in fields and fields["kind"] not in ORGAN_KINDS:
        raise InputError(code="organs.bad_kind", organ_kinds='/'.join(ORGAN_KINDS))
    if "active" in fields:
        fields["active"] = 1 if fields["active"] else 0
    with transaction(db):
        before = get_organ(db, organ_id)
        if fields:
            sets = ", ".join(f"{k} = ?" for k in fields)
            db.execute(f"update filing_organs set {sets} where id = ?", [*fields.values(), organ_id])
        audit.append(db, actor=user.username, action="filing.organ_update",
                     detail={"organ_id": organ_id, "name": before.name, **fields})
    return get_organ(db, organ_id)


# --- 报备单位 accounts --------------------------------------------------------------------------

def link_account(db, user: User, username: str, organ_id: int) -> None:
    """Let the ``filer`` account ``username`` act for the organ (one organ per account)."""
    require(user, "filing.organs")
    target = get_user(db, username)
    if target.role != "filer":
        raise InputError(code="organs.link_account", username=username, role_name=target.role_name)
    organ = get_organ(db, organ_id)
    with transaction(db):
        db["filing_organ_users"].upsert({"user_id": target.id, "organ_id": organ.id, "linked_at": audit.now_iso(),
                                         "linked_by": user.username}, pk="user_id")
        audit.append(db, actor=user.username, action="filing.organ_link",
                     detail={"username": target.username, "organ_id": organ.id, "name": organ.name})


def organ_of(db, user: User | None) -> Organ | None:
    """The organ a 报备单位 account acts for (None: not linked, or not such an account)."""
    if user is None:
        return None
    row = db.execute("select organ_id from filing_organ_users where user_id = ?", [user.id]).fetchone()
    return get_organ(db, row[0]) if row else None


def require_own_organ(db, user: User) -> Organ:
    """The organ of a 报备单位 account, or PermissionDenied when the account is not linked."""
    require(user, "filing.view_own")
    organ = organ_of(db, user)
    if organ is None:
        raise PermissionDenied(code="filing.no_organ")
    return organ


def accounts_of(db, organ_id: int) -> list[str]:
    return [r[0] for r in db.execute("select u.username from filing_organ_users l join users u on u.id = l.user_id "
                                     "where l.organ_id = ? order by u.username", [organ_id]).fetchall()]
