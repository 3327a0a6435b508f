"""法规起草与审查工作台 — Streamlit entry point: login, then navigation by role."""
from __future__ import annotations

from collections import OrderedDict

import streamlit as st

from ui.chrome import hide_english_chrome
from ui.demo import ensure_demo
from ui.pages import pages_for
from ui.state import current_user, db_path, logout, send_session_cookie
from ui.text import md

st.set_page_config(page_title="法规起草与审查工作台", page_icon=":material/gavel:", layout="wide")
hide_english_chrome()

user = current_user()
if user is None:
    ensure_demo(db_path())  # first start: demo users and 示例市 drafts in a pristine database
    nav = st.navigation([st.Page("app_pages/login.py", title="登录", icon=":material/login:")])
else:
    sections: "OrderedDict[str, list]" = OrderedDict()
    for section, script, title, icon in pages_for(user.role):
        sections.setdefault(section, []).append(st.Page(script, title=title, icon=icon))
    nav = st.navigation(sections, expanded=True)  # no English "View N more" button
    with st.sidebar:
        send_session_cookie()   # right after a login: the cookie that keeps the session across a reload
        st.caption(f"当前用户：{md(user.label)}")
        if st.button("退出登录", icon=":material/logout:"):
            logout()
            st.rerun()
nav.run()
