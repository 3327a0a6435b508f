"""Per-session state: the database connection, the logged-in user, cached heavy objects.

A new SQLite connection is opened for each rerun (Streamlit reruns on other threads).

Login sessions live on the server (workbench.access.sessions): ``st.session_state`` holds the
session token, and every rerun resolves it — so logout (in any tab), deactivation, a password
change and idle time end the session at the next request. A new Streamlit session (F5, a page
URL, another tab) finds the token in the HttpOnly cookie set after login (ui/session_routes.py)
through ``st.context.cookies``. Tests (AppTest) set ``st.session_state["db_path"]`` and
``st.session_state["user"]`` before running: a user put there by server code is given a real
session on its first run.
"""
from __future__ import annotations

import streamlit as st

from base.db import default_db_path
from base.errors import WorkbenchError
from ui.session_routes import handoff_script
from workbench.access import sessions
from workbench.access.permissions import require
from workbench.access.users import User
from workbench.schema import open_db

TOKEN, HANDOFF = "session_token", "session_handoff"


def session_timeout_seconds() -> int:
    return sessions.timeout_seconds()


def db_path() -> str:
    return st.session_state.get("db_path") or default_db_path()


def db():
    """An open database for this rerun."""
    return open_db(db_path())


def _cookie_token() -> str | None:
    try:
        return st.context.cookies.get(sessions.COOKIE)
    except Exception:  # noqa: BLE001 - no browser request behind this run (bare mode)
        return None


def current_user() -> User | None:
    """The logged-in user of this request, or None (and the reason, if any, for the login page)."""
    state = st.session_state
    conn = db()
    try:
        token = state.get(TOKEN)
        if token is None and state.get("user") is not None:     # put there by server code (tests)
            token = state[TOKEN] = sessions.start(conn, state["user"]).token
        if token is None:
            token = _cookie_token()
        if not token:
            return None
        resolved = sessions.resolve(conn, token)
    finally:
        conn.close()
    if resolved.user is None:
        _forget()
        if resolved.message:
            state["login_message"] = resolved.message
        return None
    state["user"], state[TOKEN] = resolved.user, token
    return resolved.user


def login(user: User) -> None:
    """Start a session for ``user`` (just authenticated); the next run sends its cookie."""
    conn = db()
    try:
        started = sessions.start(conn, user)
    finally:
        conn.close()
    st.session_state.update({"user": user, TOKEN: started.token, HANDOFF: started.handoff})


def send_session_cookie() -> None:
    """After a login: let the browser fetch the session cookie (once, no visible output)."""
    code = st.session_state.pop(HANDOFF, None)
    if code:
        st.html(handoff_script(code), unsafe_allow_javascript=True, width="content")


def logout() -> None:
    """End the session on the server (every tab of this browser) and forget it here."""
    token = st.session_state.get(TOKEN)
    if token:
        conn = db()
        try:
            sessions.end(conn, token)
        finally:
            conn.close()
    _forget()


def _forget() -> None:
    for k in ("user", TOKEN, HANDOFF):
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
