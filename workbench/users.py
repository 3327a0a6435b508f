"""Users and roles. Passwords are hashed with argon2 (argon2-cffi)."""
from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Migrations

from .errors import InputError, NotFound

MIGRATIONS = Migrations("workbench.users")

ROLES = {
    "admin": "管理员",
    "drafter": "起草人员",
    "advisor": "法律顾问",
    "reviewer": "审核机构",
    "contact": "基层立法联系点",
}
ROLE_CODES = {v: k for k, v in ROLES.items()}

_hasher = PasswordHasher()


@MIGRATIONS()
def m001_users(db):
    db["users"].create({
        "id": int, "username": str, "display_name": str, "role": str, "org": str,
        "password_hash": str, "active": int, "created_at": str, "contact_point_id": int,
    }, pk="id", not_null={"username", "role", "password_hash"}, defaults={"active": 1})
    db["users"].create_index(["username"], unique=True)


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    org: str = ""
    contact_point_id: int | None = None

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def label(self) -> str:
        return f"{self.display_name or self.username}（{self.role_name}）"


def role_code(value: str) -> str:
    if value in ROLES:
        return value
    if value in ROLE_CODES:
        return ROLE_CODES[value]
    raise InputError(f"未知的角色：{value}（可用：{'、'.join(f'{k}/{v}' for k, v in ROLES.items())}）")


def _from_row(row: dict) -> User:
    return User(id=row["id"], username=row["username"], display_name=row["display_name"] or row["username"],
                role=row["role"], org=row.get("org") or "", contact_point_id=row.get("contact_point_id"))


def create_user(db, username: str, password: str, role: str, *, display_name: str = "", org: str = "",
                contact_point_id: int | None = None, actor: str = "system") -> User:
    from . import audit
    from .db import transaction
    username = (username or "").strip()
    if not username:
        raise InputError("用户名不能为空")
    if len(password or "") < 6:
        raise InputError("密码至少 6 位")
    role = role_code(role)
    if db.execute("select 1 from users where username = ?", [username]).fetchone():
        raise InputError(f"用户名已存在：{username}")
    from .audit import now_iso
    with transaction(db):
        uid = db["users"].insert({
            "username": username, "display_name": display_name or username, "role": role, "org": org,
            "password_hash": _hasher.hash(password), "active": 1, "created_at": now_iso(),
            "contact_point_id": contact_point_id,
        }).last_pk
        audit.append(db, actor=actor, action="user.create", detail={"username": username, "role": role})
    return get_user(db, uid)


def get_user(db, key: int | str) -> User:
    col = "id" if isinstance(key, int) else "username"
    row = next(db.query(f"select * from users where {col} = ?", [key]), None)
    if not row:
        raise NotFound(f"用户不存在：{key}")
    return _from_row(row)


def list_users(db) -> list[User]:
    return [_from_row(r) for r in db.query("select * from users where active = 1 order by id")]


def authenticate(db, username: str, password: str) -> User | None:
    row = next(db.query("select * from users where username = ? and active = 1", [username or ""]), None)
    if not row:
        return None
    try:
        _hasher.verify(row["password_hash"], password or "")
    except (VerificationError, InvalidHashError):
        return None
    return _from_row(row)
