"""Who did it, as users read it: account usernames (drafter1, advisor1) → display names (李明, 赵律师).

Every page that shows an actor (版本作者, 流程记录, 审计日志, 签署, 工作稿修改记录) goes through
:func:`person` / :func:`display_names`. The map is cached per database file for a short time;
用户管理 clears it after a change (:func:`forget_names`).
"""
from __future__ import annotations

import streamlit as st

from ui.state import db_path
from workbench.schema import open_db
from workbench.access import users


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def _names(path: str) -> dict[str, str]:
    conn = open_db(path)
    try:
        return users.display_names(conn)
    finally:
        conn.close()


def display_names() -> dict[str, str]:
    """username → display name for every account (inactive ones too: old records name them)."""
    return _names(db_path())


def person(username: str | None) -> str:
    """The display name of ``username``; the username itself for an unknown account, "" for None."""
    if not username:
        return ""
    return display_names().get(username, username)


def forget_names() -> None:
    """Drop the cached map (after creating or renaming a user)."""
    _names.clear()
