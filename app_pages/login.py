"""登录 (and, for an account that must set its own password first, 设置新密码)."""
import streamlit as st

from base.errors import WorkbenchError
from ui.state import db, login
from workbench.access.users import authenticate, change_own_password, get_user

PENDING = "login_must_change"      # username whose first login must set a new password

st.title("法规起草与审查工作台")
st.caption("地方性法规、政府规章、行政规范性文件的起草、审查、征求意见全流程工作台")
if msg := st.session_state.pop("login_message", None):
    st.info(msg)


def set_first_password(username: str) -> None:
    """An account created for its holder (e.g. the first admin of a production database) sets a
    password of its own before anything else; the session starts after that."""
    st.subheader("首次登录：请设置新密码")
    st.caption("管理员为您设置的初始密码只能用于首次登录。")
    with st.form("login_new_password"):
        old = st.text_input("初始密码", type="password")
        new = st.text_input("新密码", type="password")
        again = st.text_input("再次输入新密码", type="password")
        done = st.form_submit_button("设置新密码并登录", type="primary")
    if not done:
        return
    if new != again:
        st.error("两次输入的新密码不一致。")
        return
    conn = db()
    try:
        user = change_own_password(conn, get_user(conn, username), old, new)
    except WorkbenchError as e:
        st.error(str(e))
        return
    finally:
        conn.close()
    if getattr(user, "must_change_password", False):
        st.error("新密码未能生效，请联系管理员。")
        return
    st.session_state.pop(PENDING, None)
    login(user)
    st.rerun()


def client_address() -> str:
    """The browser's address for login throttling. Streamlit reports none for a local peer — a
    reverse proxy on this host — and then the right-most X-Forwarded-For entry (the one the proxy
    appended, which a client cannot forge) is used."""
    ip = st.context.ip_address
    if isinstance(ip, str) and ip:          # outside a browser session (tests, bare mode) there is none
        return ip
    forwarded = st.context.headers.get("X-Forwarded-For") if st.context.headers else ""
    return forwarded.split(",")[-1].strip() if isinstance(forwarded, str) else ""


if pending := st.session_state.get(PENDING):
    set_first_password(pending)
    st.stop()

with st.form("login"):
    username = st.text_input("用户名")
    password = st.text_input("密码", type="password")
    submitted = st.form_submit_button("登录", type="primary")
if submitted:
    try:   # throttled per account and per browser address (workbench.access.throttle)
        user = authenticate(db(), username, password, client=client_address())
    except WorkbenchError as e:
        st.error(str(e))
        st.stop()
    if user is None:
        st.error("用户名或密码错误。")
    elif getattr(user, "must_change_password", False):
        st.session_state[PENDING] = user.username
        st.rerun()
    else:
        login(user)
        st.rerun()
