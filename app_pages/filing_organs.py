"""报备单位: the organs that file with us (contacts, kind, active) and the 报备单位 accounts acting for them."""
import pandas as pd
import streamlit as st

from base.errors import WorkbenchError
from ui.state import db, require_action, require_user, show_error
from workbench.access.users import list_users
from workbench.filing.organs import ORGAN_KINDS, accounts_of, add_organ, link_account, list_organs, update_organ

user = require_user()
st.title("报备单位")
require_action(user, "filing.organs")
conn = db()
organs = list_organs(conn, user, include_inactive=True)
if organs:
    st.dataframe(pd.DataFrame([{"编号": o.id, "名称": o.name, "类别": o.kind, "联系人": o.contact_person, "电话": o.phone,
                                "电子邮箱": o.email, "账户": "、".join(accounts_of(conn, o.id)) or "—",
                                "状态": "在用" if o.active else "停用"} for o in organs]), hide_index=True, width="stretch")
else:
    st.info("还没有报备单位。")

with st.expander("登记报备单位", expanded=not organs):
    c1, c2 = st.columns(2)
    name = c1.text_input("名称", key="fo_name")
    kind = c2.selectbox("类别", ORGAN_KINDS, key="fo_kind", index=1)
    c3, c4, c5 = st.columns(3)
    person = c3.text_input("联系人", key="fo_person")
    phone = c4.text_input("电话", key="fo_phone")
    email = c5.text_input("电子邮箱", key="fo_email")
    if st.button("登记", type="primary", key="fo_add"):
        try:
            add_organ(conn, user, name, kind, contact_person=person, phone=phone, email=email)
            st.rerun()
        except WorkbenchError as e:
            show_error(e)

if organs:
    by_id = {o.id: o for o in organs}
    st.subheader("修改联系方式")
    oid = st.selectbox("报备单位", list(by_id), key="fo_pick", format_func=lambda i: by_id[i].name)
    o = by_id[oid]
    c1, c2, c3 = st.columns(3)
    person = c1.text_input("联系人", value=o.contact_person, key=f"fo_p_{oid}")
    phone = c2.text_input("电话", value=o.phone, key=f"fo_ph_{oid}")
    active = c3.toggle("在用", value=o.active, key=f"fo_a_{oid}")
    if st.button("保存", key=f"fo_save_{oid}"):
        try:
            update_organ(conn, user, oid, contact_person=person, phone=phone, active=active)
            st.rerun()
        except WorkbenchError as e:
            show_error(e)
    filers = [u for u in list_users(conn) if u.role == "filer"]
    st.subheader("报备单位账户")
    if not filers:
        st.caption("还没有报备单位账户（角色「报备单位」），可由管理员在「用户管理」中新建。")
    else:
        who = st.selectbox("账户", [u.username for u in filers], key=f"fo_user_{oid}")
        if st.button(f"关联到 {o.name}", key=f"fo_link_{oid}"):
            try:
                link_account(conn, user, who, oid)
                st.rerun()
            except WorkbenchError as e:
                show_error(e)
