"""Login sessions that survive a reload: a signed, expiring token backed by a server-side row.

A login starts a session (:func:`start`): a random session id, stored only as its SHA-256, and a
token — the id signed and timestamped with itsdangerous (``URLSafeTimedSerializer``) under a
secret kept in the database (or ``$WORKBENCH_SESSION_SECRET``). The app puts the token in an
HttpOnly cookie (ui/session_routes.py) and reads it back with ``st.context.cookies``, so F5 and a
page URL keep the user logged in. The token alone is never enough: :func:`resolve` checks the
signature and its age (``$WORKBENCH_SESSION_MAX_HOURS``, default 12), then the row, and ends the
session when the user logged out, was deactivated, had the password changed or reset, or was
idle longer than ``$WORKBENCH_SESSION_TIMEOUT_MINUTES`` (default 60). Every start and end is
audited (``session.start``, ``session.end`` with the reason).

The cookie is set by the browser's own request to the server: :func:`start` also returns a
one-time handoff code (valid ``HANDOFF_SECONDS``) that the page sends to the cookie route, which
exchanges it for the token with :func:`redeem` — the token never appears in the page.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlite_utils import Migrations

from base import audit
from base.db import transaction
from workbench.access.users import User, get_user

MIGRATIONS = Migrations("workbench.sessions")  # stored name: never rename

COOKIE = "wb_session"
HANDOFF_SECONDS = 60
TOUCH_SECONDS = 30                  # last_seen_at is written at most this often
DEFAULT_TIMEOUT_MINUTES = 60
DEFAULT_MAX_HOURS = 12
SALT = "workbench.session"

# why a session ended, as the login page says it (logout says nothing)
END_MESSAGES = {
    "timeout": "会话已超时，请重新登录。",
    "expired": "登录已超过有效期，请重新登录。",
    "deactivated": "账户已停用或不存在，请联系管理员。",
    "password": "密码已更改，请重新登录。",
    "logout": "",
    "ended": "",          # ended earlier (the message was shown then)
    "invalid": "",
}


@MIGRATIONS()
def m001_sessions(db):
    db["sessions"].create({
        "id": str, "user_id": int, "username": str, "created_at": str, "last_seen_at": str, "ended_at": str,
        "end_reason": str, "password_fp": str, "handoff_hash": str, "handoff_token": str, "handoff_until": str,
    }, pk="id", foreign_keys=[("user_id", "users", "id")], not_null={"user_id", "created_at", "last_seen_at"})
    db["sessions"].create_index(["handoff_hash"])
    db["session_secret"].create({"id": int, "secret": str, "created_at": str}, pk="id")


def _env_number(name: str, default: float) -> float:
    v = os.environ.get(name, "").strip()
    try:
        return float(v) if v and float(v) > 0 else default
    except ValueError:
        return default


def timeout_seconds() -> int:
    """Idle time after which a session ends ($WORKBENCH_SESSION_TIMEOUT_MINUTES, default 60)."""
    return int(_env_number("WORKBENCH_SESSION_TIMEOUT_MINUTES", DEFAULT_TIMEOUT_MINUTES) * 60)


def max_age_seconds() -> int:
    """Age after which a token is refused whatever the activity ($WORKBENCH_SESSION_MAX_HOURS, default 12)."""
    return int(_env_number("WORKBENCH_SESSION_MAX_HOURS", DEFAULT_MAX_HOURS) * 3600)


def _now() -> float:
    return time.time()


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat()


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _secret(db) -> str:
    env = os.environ.get("WORKBENCH_SESSION_SECRET", "").strip()
    if env:
        return env
    row = db.execute("select secret from session_secret where id = 1").fetchone()
    if row:
        return row[0]
    with transaction(db):
        db.execute("insert or ignore into session_secret (id, secret, created_at) values (1, ?, ?)",
                   [secrets.token_hex(32), audit.now_iso()])
    return db.execute("select secret from session_secret where id = 1").fetchone()[0]


def _serializer(db) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_secret(db), salt=SALT)


def _password_fp(db, user_id: int) -> str | None:
    """A fingerprint of the stored password hash (changes with every password change or reset);
    None when the account is missing or deactivated."""
    row = db.execute("select password_hash, active from users where id = ?", [user_id]).fetchone()
    if not row or not row[1]:
        return None
    return _hash(row[0])[:32]


@dataclass(frozen=True)
class Started:
    token: str       # the signed token (the cookie's value)
    handoff: str     # one-time code the page sends to the cookie route


def start(db, user: User) -> Started:
    """Start a session for ``user`` (just authenticated); audited as ``session.start``."""
    sid = secrets.token_urlsafe(32)
    token = _serializer(db).dumps(sid)
    handoff = secrets.token_urlsafe(32)
    now = _now()
    with transaction(db):
        db["sessions"].insert({
            "id": _hash(sid), "user_id": user.id, "username": user.username, "created_at": _iso(now),
            "last_seen_at": _iso(now), "password_fp": _password_fp(db, user.id) or "",
            "handoff_hash": _hash(handoff), "handoff_token": token, "handoff_until": _iso(now + HANDOFF_SECONDS),
        })
        audit.append(db, actor=user.username, action="session.start", detail={"username": user.username})
    return Started(token, handoff)


def redeem(db, handoff: str) -> str | None:
    """The token for a one-time handoff code (then forgotten); None if unknown, used or expired."""
    if not handoff:
        return None
    with transaction(db):
        row = db.execute("select id, handoff_token, handoff_until from sessions where handoff_hash = ? "
                         "and ended_at is null", [_hash(handoff)]).fetchone()
        if not row:
            return None
        db.execute("update sessions set handoff_hash = null, handoff_token = null, handoff_until = null "
                   "where id = ?", [row[0]])
    return row[1] if row[2] and _epoch(row[2]) >= _now() else None


@dataclass(frozen=True)
class Resolved:
    user: User | None
    reason: str = ""          # why there is no user: a key of END_MESSAGES

    @property
    def message(self) -> str:
        return END_MESSAGES.get(self.reason, "")


def _sid(db, token: str) -> tuple[str | None, str]:
    try:
        return _serializer(db).loads(token or "", max_age=max_age_seconds()), ""
    except SignatureExpired:
        return None, "expired"
    except BadSignature:
        return None, "invalid"


def resolve(db, token: str | None) -> Resolved:
    """The user a token stands for, or why it stands for nobody (ending the session if it was live)."""
    if not token:
        return Resolved(None, "invalid")
    sid, reason = _sid(db, token)
    if sid is None:
        return Resolved(None, reason)
    row = db.execute("select id, user_id, last_seen_at, ended_at, end_reason, password_fp from sessions where id = ?",
                     [_hash(sid)]).fetchone()
    if not row:
        return Resolved(None, "invalid")
    key, user_id, last_seen, ended, _why, fp = row
    if ended:
        return Resolved(None, "ended")
    now = _now()
    current_fp = _password_fp(db, user_id)
    if current_fp is None:
        return Resolved(None, _end(db, key, "deactivated"))
    if current_fp != fp:
        return Resolved(None, _end(db, key, "password"))
    if now - _epoch(last_seen) > timeout_seconds():
        return Resolved(None, _end(db, key, "timeout"))
    if now - _epoch(last_seen) > TOUCH_SECONDS:
        with transaction(db):
            db.execute("update sessions set last_seen_at = ? where id = ?", [_iso(now), key])
    return Resolved(get_user(db, user_id))


def end(db, token: str | None, reason: str = "logout") -> None:
    """End the session of ``token`` (logout); nothing happens for an unknown or ended one."""
    sid, _ = _sid(db, token or "")
    if sid is not None:
        _end(db, _hash(sid), reason)


def _end(db, key: str, reason: str) -> str:
    with transaction(db):
        row = db.execute("select username from sessions where id = ? and ended_at is null", [key]).fetchone()
        if row:
            db.execute("update sessions set ended_at = ?, end_reason = ?, handoff_hash = null, handoff_token = null "
                       "where id = ?", [audit.now_iso(), reason, key])
            audit.append(db, actor=row[0], action="session.end", detail={"username": row[0], "reason": reason})
    return reason
