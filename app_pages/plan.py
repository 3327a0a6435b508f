"""立法计划: the year's projects (制定/修改/废止/解释), their status and targets; admins manage them."""

import altair as alt
import pandas as pd
import streamlit as st

from ui.forms import pick_record, record_key, select_or_none
from ui.state import db, require_user, show_error
from workbench.procedure import plan as pl
from workbench.documents.store import list_documents
from base.errors import WorkbenchError
from lawtext.model import LEVELS
from workbench.access.permissions import allowed
from base.clock import today as beijing_today

user = require_user()
conn = db()
st.title("年度立法计划")
if flash := st.session_state.pop("plan_flash", None):
    st.success(flash)

this_year = beijing_today().year
year = st.columns([1, 4])[0].selectbox("年度", list(range(this_year + 1, this_year - 5, -1)), index=1,
                                      key="plan_year")
try:
    projects = pl.list_projects(conn, user, year=year)
except WorkbenchError as e:
    show_error(e)
    st.stop()
summary = pl.year_summary(conn, year)
manage = allowed(user, "plan.manage")
docs = {d.id: d for d in list_documents(conn)}

c1, c2, c3 = st.columns(3)
c1.metric("年度目标（完成项目数）", summary["goal"])
c2.metric("已完成", summary["completed"])
c3.metric("计划项目", summary["projects"])

if projects:
    chart_rows = pd.DataFrame([{"类型": k, "状态": p.status} for p in projects for k in [p.kind]])
    st.altair_chart(alt.Chart(chart_rows).mark_bar().encode(
        x=alt.X("count():Q", title="项目数", axis=alt.Axis(tickMinStep=1)), y=alt.Y("类型:N", title=None),
        color=alt.Color("状态:N", scale=alt.Scale(domain=["已完成", "进行中", "未启动", "已撤销"],
                                                 range=["#2e7d32", "#1565c0", "#9e9e9e", "#bdbdbd"]))),
        width="stretch")
    fmt = lambda d: d.isoformat() if d else ""  # noqa: E731
    st.dataframe(pd.DataFrame([{
        "编号": p.id, "类型": p.kind, "项目名称": p.title, "层级": p.level_name, "责任单位": p.responsible_unit,
        "目标送审": fmt(p.target_submit_on), "目标公布": fmt(p.target_publish_on), "状态": p.status,
        "文档阶段": p.document_stage or "", "逾期": "；".join(p.overdue()),
    } for p in projects]), hide_index=True, width="stretch")
else:
    st.info(f"{year} 年度尚无计划项目。")

if not manage:
    st.caption("年度立法计划由管理员维护。")
    st.stop()

st.subheader("管理")
tab_add, tab_edit, tab_goal = st.tabs(["新增项目", "关联文档/撤销", "年度目标"], key="plan_tab", on_change="rerun")
with tab_add:
    with st.form("plan_add", clear_on_submit=False):
        c1, c2, c3 = st.columns(3)
        kind = c1.selectbox("类型", pl.KINDS, key="plan_kind")
        level = c2.selectbox("层级", list(LEVELS), format_func=LEVELS.get, key="plan_level")
        p_year = c3.number_input("年度", min_value=1990, max_value=2100, value=year, step=1,
                                 key=record_key("plan_new_year", year))
        title = st.text_input("项目名称", key="plan_title")
        unit = st.text_input("责任单位", key="plan_unit")
        c1, c2 = st.columns(2)
        submit_on = c1.date_input("目标送审日期", value=None, key="plan_submit")
        publish_on = c2.date_input("目标公布日期", value=None, key="plan_publish")
        label = lambda i: f"{docs[i].title}（{docs[i].level_name}，{docs[i].stage}）"  # noqa: E731
        linked = select_or_none("关联文档（起草中的文本）", list(docs), none_label="（暂无）", format_func=label,
                                key="plan_doc")
        source = select_or_none("所针对的现行文件（修改/废止/解释）", list(docs), none_label="（暂无）",
                                format_func=label, key="plan_source")
        submitted = st.form_submit_button("新增项目", type="primary")
    if submitted:
        try:
            p = pl.add_project(conn, user, year=p_year, kind=kind, title=title, level=level, responsible_unit=unit,
                               target_submit_on=submit_on, target_publish_on=publish_on, document_id=linked,
                               source_document_id=source)
        except WorkbenchError as e:
            show_error(e)
        else:
            st.session_state["plan_flash"] = f"已新增项目 #{p.id}《{p.title}》"
            st.rerun()

with tab_edit:
    active = [p for p in projects if not p.cancelled]
    if not active:
        st.caption("没有可编辑的项目。")
    else:
        by_id = {p.id: p for p in active}
        pid = pick_record("项目", by_id, key="plan_pick", format_func=lambda i: f"#{i} {by_id[i].title}")
        p = by_id[pid]
        same_level = [d for d in docs if docs[d].level == p.level and d != p.source_document_id]
        link = select_or_none("关联文档", same_level, none_label="（不关联）", format_func=lambda i: docs[i].title,
                              chosen=p.document_id, key=record_key("plan_link", p.id, p.row_version))
        if st.button("保存关联", key=record_key("plan_link_go", p.id)):
            try:
                pl.link_document(conn, user, p.id, link, expected_row_version=p.row_version)
            except WorkbenchError as e:
                show_error(e)
            else:
                st.session_state["plan_flash"] = f"已保存项目 #{p.id} 的关联文档。"
                st.rerun()
        reason = st.text_input("撤销理由", key=record_key("plan_cancel_reason", p.id))
        if st.button("撤销项目", key=record_key("plan_cancel_go", p.id), icon=":material/cancel:"):
            try:
                pl.cancel_project(conn, user, p.id, reason, expected_row_version=p.row_version)
            except WorkbenchError as e:
                show_error(e)
            else:
                st.session_state["plan_flash"] = f"已撤销项目 #{p.id}。"
                st.rerun()

with tab_goal:
    goal = st.number_input(f"{year} 年度目标（完成项目数）", min_value=1, max_value=100, value=summary["goal"],
                           key=record_key("plan_goal", year, summary["goal"]))
    if st.button("保存目标", key="plan_goal_go"):
        try:
            pl.set_goal(conn, user, year, goal)
        except WorkbenchError as e:
            show_error(e)
        else:
            st.session_state["plan_flash"] = f"{year} 年度目标已设为 {int(goal)} 项。"
            st.rerun()
