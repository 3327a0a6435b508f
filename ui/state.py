"""Per-session state: the database connection, the logged-in user, cached heavy objects.

A new SQLite connection is opened for each rerun (Streamlit reruns on other threads).
Tests (AppTest) set ``st.session_state["db_path"]`` and ``st.session_state["user"]`` before running.
"""
from __future__ import annotations

import time

import streamlit as st

from workbench.db import default_db_path, open_db
from workbench.users import User

SESSION_TIMEOUT_SECONDS = 8 * 3600


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
    if last is not None and now - last > SESSION_TIMEOUT_SECONDS:
        logout()
        st.session_state["login_message"] = "会话已超时，请重新登录。"
        return None
    st.session_state["last_activity"] = now
    return user


def login(user: User) -> None:
    st.session_state["user"] = user
    st.session_state["last_activity"] = time.time()


def logout() -> None:
    for k in ("user", "last_activity"):
        st.session_state.pop(k, None)


def require_user() -> User:
    """Stop the page if nobody is logged in (app.py normally shows the login page instead)."""
    user = current_user()
    if user is None:
        st.warning("请先登录。")
        st.stop()
    return user


def show_error(err: Exception) -> None:
    """Render a domain error as a clear Chinese message."""
    st.error(str(err))
