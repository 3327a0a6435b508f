"""用户管理 (admin only): create users, change role, reset password, deactivate/reactivate."""
import pandas as pd
import streamlit as st

from ui.forms import pick_record, record_key, select_or_none
from ui.people import forget_names
from ui.state import db, require_action, require_user, show_error
from base.errors import WorkbenchError
from workbench.access.users import ROLES, create_user, reset_password, set_active, set_role, update_profile, users_for
from workbench.consultation.consultations import list_contact_points

user = require_user()
conn = db()
st.title("用户管理")
require_action(user, "user.manage")
if flash := st.session_state.pop("users_flash", None):
    st.success(flash)

points = {p.id: p.name for p in list_contact_points(conn)}

users = users_for(conn, user, include_inactive=True)
st.dataframe(pd.DataFrame([{
    "用户名": u.username, "姓名": u.display_name, "角色": u.role_name, "单位": u.org,
    "联系点": points.get(u.contact_point_id, "") if u.contact_point_id else "", "状态": "正常" if u.active else "已停用",
} for u in users]), hide_index=True, width="stretch")


def done(message: str) -> None:
    forget_names()   # display names shown on other pages
    st.session_state["users_flash"] = message
    st.rerun()


tab_new, tab_edit = st.tabs(["新建用户", "修改用户"], key="users_tab", on_change="rerun")
with tab_new:
    with st.form("user_new"):
        c1, c2 = st.columns(2)
        username = c1.text_input("用户名", key="un_username")
        display = c2.text_input("姓名", key="un_display")
        role = c1.selectbox("角色", list(ROLES), format_func=ROLES.get, key="un_role", index=None,
                            placeholder="请选择角色")
        org = c2.text_input("单位", key="un_org")
        point = select_or_none("基层立法联系点", list(points), none_label="（无）", format_func=points.get,
                               key="un_point",
                               help="角色为基层立法联系点时必选；联系点在「征求意见管理」→「联系点」中登记。")
        password = st.text_input("初始密码", type="password", key="un_password")
        submitted = st.form_submit_button("创建", type="primary")
    if submitted:
        try:
            u = create_user(conn, username, password, role, display_name=display, org=org, contact_point_id=point,
                            by=user)
        except WorkbenchError as e:
            show_error(e)
        else:
            done(f"已创建用户 {u.username}（{u.role_name}）。")

with tab_edit:
    by_name = {u.username: u for u in users}
    name = pick_record("用户", by_name, key="ue_pick", format_func=lambda n: by_name[n].label
                       + ("（已停用）" if not by_name[n].active else ""))
    target = by_name[name]
    c1, c2 = st.columns(2)
    with c1:
        new_role = st.selectbox("角色", list(ROLES), index=list(ROLES).index(target.role), format_func=ROLES.get,
                                key=record_key("ue_role", target.id, target.role))
        if st.button("保存角色", key=record_key("ue_role_go", target.id)):
            try:
                set_role(conn, user, target.username, new_role)
            except WorkbenchError as e:
                show_error(e)
            else:
                done(f"{target.username} 的角色已改为{ROLES[new_role]}。")
        if points:
            pt = select_or_none("联系点", list(points), none_label="（无）", format_func=points.get,
                                chosen=target.contact_point_id,
                                key=record_key("ue_point", target.id, target.contact_point_id))
            if st.button("保存联系点", key=record_key("ue_point_go", target.id)):
                try:
                    update_profile(conn, user, target.username, contact_point_id=pt)
                except WorkbenchError as e:
                    show_error(e)
                else:
                    done(f"已更新 {target.username} 的联系点。")
    with c2:
        new_pw = st.text_input("新密码", type="password", key=record_key("ue_pw", target.id))
        if st.button("重置密码", key=record_key("ue_pw_go", target.id), icon=":material/key:"):
            try:
                reset_password(conn, user, target.username, new_pw)
            except WorkbenchError as e:
                show_error(e)
            else:
                st.session_state.pop(record_key("ue_pw", target.id), None)
                done(f"已重置 {target.username} 的密码。")
        label = "停用账户" if target.active else "恢复账户"
        if st.button(label, key=record_key("ue_active_go", target.id),
                     icon=":material/person_off:" if target.active else ":material/person:"):
            try:
                set_active(conn, user, target.username, not target.active)
            except WorkbenchError as e:
                show_error(e)
            else:
                done(f"已{label}：{target.username}。")
