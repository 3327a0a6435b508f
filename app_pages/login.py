"""登录."""
import streamlit as st

from ui.state import db, login
from workbench.access.users import authenticate

st.title("法规起草与审查工作台")
st.caption("地方性法规、政府规章、行政规范性文件的起草、审查、征求意见全流程工作台")
if msg := st.session_state.pop("login_message", None):
    st.info(msg)
with st.form("login"):
    username = st.text_input("用户名")
    password = st.text_input("密码", type="password")
    submitted = st.form_submit_button("登录", type="primary")
if submitted:
    user = authenticate(db(), username, password)
    if user is None:
        st.error("用户名或密码错误。")
    else:
        login(user)
        st.rerun()
