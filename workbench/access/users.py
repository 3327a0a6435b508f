"""Users and roles. Passwords are hashed with argon2 (argon2-cffi).

Logins go through :func:`authenticate`: throttled per account and per client
(workbench.access.throttle), and an unknown or deactivated username costs one argon2
verification like a known one, so timing does not tell which usernames exist. An account created
for someone else to use (the first administrator of an empty production database, see
``python -m workbench init``) carries ``must_change_password``: the login page asks for a new
password first, and :func:`change_own_password` clears the flag.

Every change made by an account is refused once it is deactivated, whatever User object the
caller still holds: the check runs inside each audited transaction (base.audit actor check).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Migrations

from base import audit
from base.db import transaction
from base.errors import InputError, NotFound, PermissionDenied
from lawtext.normalize import clean_field
from workbench.access import throttle
from workbench.access.permissions import require
from workbench.access.roles import ROLES, role_code

MIGRATIONS = Migrations("workbench.users")  # stored name: never rename

_hasher = PasswordHasher()


@MIGRATIONS()
def m001_users(db):
    db["users"].create({
        "id": int, "username": str, "display_name": str, "role": str, "org": str,
        "password_hash": str, "active": int, "created_at": str, "contact_point_id": int,
    }, pk="id", not_null={"username", "role", "password_hash"}, defaults={"active": 1})
    db["users"].create_index(["username"], unique=True)


@MIGRATIONS()
def m002_must_change_password(db):
    db["users"].add_column("must_change_password", int, not_null_default=0)


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    org: str = ""
    contact_point_id: int | None = None
    active: bool = True
    must_change_password: bool = False

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def label(self) -> str:
        return f"{self.display_name or self.username}（{self.role_name}）"


def _from_row(row: dict) -> User:
    return User(id=row["id"], username=row["username"], display_name=row["display_name"] or row["username"],
                role=row["role"], org=row.get("org") or "", contact_point_id=row.get("contact_point_id"),
                active=bool(row.get("active", 1)), must_change_password=bool(row.get("must_change_password")))


MIN_PASSWORD_LENGTH = 6


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InputError(code="users.check_password", min_password_length=MIN_PASSWORD_LENGTH)




def _check_contact_point(db, role: str, contact_point_id: int | None) -> None:
    """A linked contact point must exist; a 基层立法联系点 account must have one (its comments
    and feedback are those of its point)."""
    if contact_point_id is not None:
        exists = "contact_points" in db.table_names() and db.execute(
            "select 1 from contact_points where id = ?", [contact_point_id]).fetchone()
        if not exists:
            raise InputError(code="users.check_contact_point", contact_point_id=contact_point_id)
    if role == "contact" and contact_point_id is None:
        raise InputError(code="users.contact_needs_point")


def _require_admin(by: "User | None") -> str:
    """Only an admin manages users (permissions MATRIX ``user.manage``); returns the actor name."""
    require(by, "user.manage")
    return by.username


def create_user(db, username: str, password: str, role: str, *, display_name: str = "", org: str = "",
                contact_point_id: int | None = None, actor: str = "system", by: "User | None" = None,
                must_change_password: bool = False) -> User:
    """Create a user. ``by`` (the acting user) must be an admin; without ``by`` this is the
    bootstrap/seeding path (CLI on a database file, demo, tests), audited as ``actor``.

    An admin creating a 基层立法联系点 account must link it to an existing contact point
    (InputError otherwise); the seeding path may link it later (``update_profile``), since
    points and accounts are often created in either order there."""
    if by is not None:
        actor = _require_admin(by)
    username, display_name, org = clean_field(username), clean_field(display_name), clean_field(org)
    if not username:
        raise InputError(code="users.create_user")
    _check_password(password)
    role = role_code(role)
    if by is not None:
        _check_contact_point(db, role, contact_point_id)
    elif contact_point_id is not None:
        _check_contact_point(db, "", contact_point_id)
    with transaction(db):
        if db.execute("select 1 from users where username = ?", [username]).fetchone():
            raise InputError(code="users.username_taken", username=username)
        uid = db["users"].insert({
            "username": username, "display_name": display_name or username, "role": role, "org": org,
            "password_hash": _hasher.hash(password), "active": 1, "created_at": audit.now_iso(),
            "contact_point_id": contact_point_id, "must_change_password": int(must_change_password),
        }).last_pk
        audit.append(db, actor=actor, action="user.create", detail={"username": username, "role": role})
    return get_user(db, uid)


def get_user(db, key: int | str) -> User:
    col = "id" if isinstance(key, int) else "username"
    row = next(db.query(f"select * from users where {col} = ?", [key]), None)
    if not row:
        raise NotFound(code="users.get_user", key=key)
    return _from_row(row)


def acting_account(db, username: str) -> User:
    """The account that acts, loaded afresh from the database, as a login would accept it: an
    unknown or deactivated account is refused with PermissionDenied (``unknown_user`` /
    ``inactive``). The CLI resolves ``--as`` with it; core functions re-load stale User objects
    through :func:`fresh`."""
    row = next(db.query("select * from users where username = ?", [username or ""]), None)
    if row is None:
        raise PermissionDenied(code="unknown_user", username=username)
    if not row["active"]:
        raise PermissionDenied(code="inactive_user", username=username)
    return _from_row(row)


def display_names(db) -> dict[str, str]:
    """username → display name for every account (inactive ones too: old records name them)."""
    return {u: (n or u) for u, n in db.execute("select username, display_name from users").fetchall()}


def list_users(db, *, include_inactive: bool = False) -> list[User]:
    where = "" if include_inactive else " where active = 1"
    return [_from_row(r) for r in db.query(f"select * from users{where} order by id")]


def users_for(db, by: User | None, *, include_inactive: bool = False) -> list[User]:
    """The user list of the 用户管理 page and ``user list``; needs ``user.manage``."""
    _require_admin(by)
    return list_users(db, include_inactive=include_inactive)


def _change(db, by: User, username: str, action: str, sql: str, params: list, detail: dict) -> User:
    actor = _require_admin(by)
    with transaction(db):
        user = get_user(db, username)
        db.execute(sql, [*params, user.id])
        audit.append(db, actor=actor, action=action, detail={"username": user.username, **detail})
    return get_user(db, user.id)


def reset_password(db, by: User, username: str, new_password: str) -> User:
    """Admin sets a new password (the hash is never written to the audit log)."""
    _require_admin(by)
    _check_password(new_password)
    return _change(db, by, username, "user.password_reset", "update users set password_hash = ? where id = ?",
                   [_hasher.hash(new_password)], {})


def change_own_password(db, user: User, old_password: str, new_password: str) -> User:
    """A logged-in user changes their own password (the old one is required; a wrong one counts as
    a failed login). Clears ``must_change_password``."""
    if authenticate(db, user.username, old_password) is None:
        raise InputError(code="users.change_own_password")
    _check_password(new_password)
    if new_password == old_password:
        raise InputError(code="users.same_password")
    with transaction(db):
        db.execute("update users set password_hash = ?, must_change_password = 0 where id = ?",
                   [_hasher.hash(new_password), user.id])
        audit.append(db, actor=user.username, action="user.password_change", detail={"username": user.username})
    return get_user(db, user.id)


def _active_admins(db) -> int:
    return db.execute("select count(*) from users where role = 'admin' and active = 1").fetchone()[0]


def set_role(db, by: User, username: str, role: str) -> User:
    _require_admin(by)
    role = role_code(role)
    target = get_user(db, username)
    if target.role == "admin" and role != "admin" and target.active and _active_admins(db) <= 1:
        raise InputError(code="users.set_role")
    if role == "contact" and target.contact_point_id is None:
        raise InputError(code="users.contact_role_needs_point", username=target.username)
    return _change(db, by, username, "user.role", "update users set role = ? where id = ?", [role],
                   {"from": target.role, "to": role})


def set_active(db, by: User, username: str, active: bool) -> User:
    """Deactivate (or reactivate) an account. Users are never deleted: the audit log names them."""
    _require_admin(by)
    target = get_user(db, username)
    if not active:
        if target.username == by.username:
            raise InputError(code="users.set_active")
        if target.role == "admin" and target.active and _active_admins(db) <= 1:
            raise InputError(code="users.last_admin_deactivated")
    return _change(db, by, username, "user.activate" if active else "user.deactivate",
                   "update users set active = ? where id = ?", [1 if active else 0], {})


def update_profile(db, by: User, username: str, *, display_name: str | None = None, org: str | None = None,
                   contact_point_id: int | None | bool = False) -> User:
    """Change display name, organisation or the linked contact point (``False`` = unchanged)."""
    _require_admin(by)
    target = get_user(db, username)
    fields: dict = {}
    if display_name is not None:
        fields["display_name"] = clean_field(display_name) or target.username
    if org is not None:
        fields["org"] = clean_field(org)
    if contact_point_id is not False:
        _check_contact_point(db, target.role, contact_point_id)
        fields["contact_point_id"] = contact_point_id
    if not fields:
        return target
    sets = ", ".join(f"{k} = ?" for k in fields)
    return _change(db, by, username, "user.update", f"update users set {sets} where id = ?", list(fields.values()),
                   {k: v for k, v in fields.items()})


_dummy_hash: list[str] = []


def _verify(password_hash: str | None, password: str) -> bool:
    """One argon2 verification, against a throw-away hash when there is no account to check."""
    if not _dummy_hash:
        _dummy_hash.append(_hasher.hash(secrets.token_hex(16)))
    try:
        return _hasher.verify(password_hash or _dummy_hash[0], password or "") and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def authenticate(db, username: str, password: str, *, client: str = "") -> User | None:
    """The active account if the password is right, else None; PermissionDenied (``throttled``)
    while the account or the client (the browser's address; "" for none) is locked out."""
    username = username or ""
    throttle.check(db, username, client)
    row = next(db.query("select * from users where username = ? and active = 1", [username]), None)
    if not _verify(row["password_hash"] if row else None, password):
        throttle.record_failure(db, username, client)
        return None
    throttle.clear(db, username)
    return _from_row(row)


def _refuse_inactive_actor(db, actor: str, action: str) -> None:
    """base.audit actor check: a deactivated account changes nothing (sessions may still end)."""
    if action.startswith("session.") or "users" not in db.table_names():
        return
    row = db.execute("select active from users where username = ?", [actor]).fetchone()
    if row is not None and not row[0]:
        raise PermissionDenied(code="inactive", actor=actor)


audit.register_actor_check(_refuse_inactive_actor)
