"""Login throttling, per account and per client, for the core ``users.authenticate``.

Every failed login is recorded (time, username as typed, client — the browser's address as the
app sees it, "" for the CLI). Within a sliding window ($WORKBENCH_LOGIN_WINDOW_MINUTES, default
15), an account with $WORKBENCH_LOGIN_MAX_FAILURES (default 5) failures, or a client with
$WORKBENCH_LOGIN_CLIENT_MAX_FAILURES (default 20) failures over any usernames, is refused —
even with the right password — until its oldest counted failure leaves the window. A successful
login clears the account's failures. Refusals are PermissionDenied with code ``throttled``.
"""
from __future__ import annotations

import math
import os
import time

from sqlite_utils import Migrations

from base.db import transaction
from base.errors import PermissionDenied

MIGRATIONS = Migrations("workbench.login_throttle")  # stored name: never rename


@MIGRATIONS()
def m001_login_failures(db):
    db["login_failures"].create({"id": int, "ts": float, "username": str, "client": str}, pk="id")
    db["login_failures"].create_index(["username", "ts"])
    db["login_failures"].create_index(["client", "ts"])


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def account_limit() -> int:
    return _env_int("WORKBENCH_LOGIN_MAX_FAILURES", 5)


def client_limit() -> int:
    return _env_int("WORKBENCH_LOGIN_CLIENT_MAX_FAILURES", 20)


def window_seconds() -> int:
    return _env_int("WORKBENCH_LOGIN_WINDOW_MINUTES", 15) * 60


def _now() -> float:
    return time.time()


def _wait(db, column: str, value: str, limit: int, now: float) -> float:
    """Seconds until ``value`` may try again (0: it may now)."""
    rows = db.execute(f"select ts from login_failures where {column} = ? and ts > ? order by ts desc limit ?",
                      [value, now - window_seconds(), limit]).fetchall()
    if len(rows) < limit:
        return 0.0
    return rows[-1][0] + window_seconds() - now


def check(db, username: str, client: str = "") -> None:
    """Refuse the attempt when the account or the client has failed too often lately."""
    now = _now()
    wait = _wait(db, "username", username or "", account_limit(), now)
    if client:
        wait = max(wait, _wait(db, "client", client, client_limit(), now))
    if wait > 0:
        raise PermissionDenied(code="throttled", minutes=math.ceil(wait / 60))


def record_failure(db, username: str, client: str = "") -> None:
    now = _now()
    with transaction(db):
        db.execute("insert into login_failures (ts, username, client) values (?, ?, ?)", [now, username or "", client])
        db.execute("delete from login_failures where ts < ?", [now - 2 * window_seconds()])


def clear(db, username: str) -> None:
    with transaction(db):
        db.execute("delete from login_failures where username = ?", [username])
