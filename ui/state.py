"""Per-session state: the database connection, the logged-in user, cached heavy objects.

A new SQLite connection is opened for each rerun (Streamlit reruns on other threads).
Tests (AppTest) set ``st.session_state["db_path"]`` and ``st.session_state["user"]`` before running.
"""
from __future__ import annotations

import os
import time

import streamlit as st

from base.db import default_db_path
from workbench.schema import open_db
from workbench.access.users import User, get_user
from base.errors import NotFound, WorkbenchError
from workbench.access.permissions import require

SESSION_TIMEOUT_SECONDS = 60 * 60      # idle time before logout; $WORKBENCH_SESSION_TIMEOUT_MINUTES overrides
ACCOUNT_RECHECK_SECONDS = 15           # how often a session re-reads its account (deactivation, role change)


def session_timeout_seconds() -> int:
    v = os.environ.get("WORKBENCH_SESSION_TIMEOUT_MINUTES", "").strip()
    return int(float(v) * 60) if v.replace(".", "", 1).isdigit() and float(v) > 0 else SESSION_TIMEOUT_SECONDS


def db_path() -> str:
    return st.session_state.get("db_path") or default_db_path()


def db():
    """An open database for this rerun."""
    return open_db(db_path())


def current_user() -> User | None:
    user = st.session_state.get("user")
    if user is None:
        return None
    last = st.session_state.get("last_activity")
    now = time.time()
    if last is not None and now - last > session_timeout_seconds():
        logout()
        st.session_state["login_message"] = "会话已超时，请重新登录。"
        return None
    st.session_state["last_activity"] = now
    if now - st.session_state.get("account_checked_at", 0) > ACCOUNT_RECHECK_SECONDS:
        user = _recheck_account(user)
        if user is None:
            return None
        st.session_state["account_checked_at"] = now
    return user


def _recheck_account(user: User) -> User | None:
    """A deactivated account is logged out at its next request; a changed role takes effect."""
    conn = db()
    try:
        fresh = get_user(conn, user.id)
    except NotFound:
        fresh = None
    finally:
        conn.close()
    if fresh is None or not fresh.active or fresh.username != user.username:
        logout()
        st.session_state["login_message"] = "账户已停用或不存在，请联系管理员。"
        return None
    if fresh != user:
        st.session_state["user"] = fresh
    return fresh


def login(user: User) -> None:
    st.session_state["user"] = user
    st.session_state["last_activity"] = time.time()


def logout() -> None:
    for k in ("user", "last_activity", "account_checked_at"):
        st.session_state.pop(k, None)


def require_user() -> User:
    """Stop the page if nobody is logged in (app.py normally shows the login page instead)."""
    user = current_user()
    if user is None:
        st.warning("请先登录。")
        st.stop()
    return user


def require_action(user: User, action: str) -> None:
    """Stop the page with the core's Chinese reason when ``user`` may not do ``action``
    (the core enforces it again on every call; this only avoids rendering a useless page)."""
    try:
        require(user, action)
    except WorkbenchError as e:
        show_error(e)
        st.stop()


def show_error(err: Exception) -> None:
    """Render a domain error as a clear Chinese message."""
    st.error(str(err))
