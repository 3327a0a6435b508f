"""我的账户: who is logged in, the session timeout, and changing one's own password."""
import streamlit as st

from ui.state import db, login, logout, require_user, session_timeout_seconds, show_error
from ui.text import md
from base.errors import WorkbenchError
from workbench.access.users import change_own_password

user = require_user()
st.title("我的账户")
st.markdown(f"**{md(user.display_name)}**（{md(user.username)}）　角色：{user.role_name}" + (f"　单位：{md(user.org)}" if user.org else ""))
st.caption(f"无操作 {session_timeout_seconds() // 60} 分钟后会话自动超时，需要重新登录。")
if flash := st.session_state.pop("acct_flash", None):
    st.success(flash)

with st.form("own_password"):
    old = st.text_input("原密码", type="password", key="acct_old")
    new = st.text_input("新密码", type="password", key="acct_new")
    again = st.text_input("再次输入新密码", type="password", key="acct_again")
    submitted = st.form_submit_button("修改密码", type="primary")
if submitted:
    if new != again:
        st.error("两次输入的新密码不一致。")
    else:
        try:
            changed = change_own_password(db(), user, old, new)
        except WorkbenchError as e:
            show_error(e)
        else:
            # the change ends every session of this account; this tab goes on with a new one
            logout()
            login(changed)
            st.session_state["acct_flash"] = "密码已修改。"
            st.rerun()
