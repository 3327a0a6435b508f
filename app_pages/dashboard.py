"""工作台: the year's plan against its goal, the stage funnel, overdue items and participation rates."""

import altair as alt
import pandas as pd
import streamlit as st

from ui.comment_view import stats_chart
from ui.state import db, require_user, show_error
from workbench.procedure.dashboard import dashboard_data
from base.errors import WorkbenchError
from base.clock import today as beijing_today

LIFECYCLE_PAGE = "app_pages/lifecycle_page.py"
NO_DATA = "暂无数据"


def pct(rate) -> str:
    return NO_DATA if rate is None else f"{rate:.0%}"


user = require_user()
conn = db()
st.title("工作台")
this_year = beijing_today().year
year = st.columns([1, 4])[0].selectbox("年度", list(range(this_year + 1, this_year - 5, -1)), index=1,
                                      key="dash_year")
try:
    data = dashboard_data(conn, user, year=year)
except WorkbenchError as e:
    show_error(e)
    st.stop()

plan, adv, com = data["plan"], data["advisor_participation"], data["comment_adoption"]
overdue = [o for o in data["overdue"] if o["severity"] == "overdue"]
c1, c2, c3, c4 = st.columns(4)
c1.metric("年度立法计划完成", f"{plan['completed']} / {plan['goal']}",
          help=f"{year} 年度计划项目 {plan['projects']} 项；目标为完成 {plan['goal']} 项")
c2.metric("法律顾问参与率", pct(adv["rate"]),
          help=f"已由法律顾问签署的审核 {adv['signed']} 次 / 审核 {adv['reviews']} 次")
c3.metric("意见采纳率", pct(com["rate"]), help=f"采纳（含部分采纳）{com['adopted']} 条 / 意见 {com['comments']} 条")
c4.metric("逾期事项", len(overdue), help="备案逾期、有效期届满、定期清理、计划目标逾期")
if data["goal_met"]:
    st.success(f"{year} 年度目标已完成：{plan['completed']} 项（目标 {plan['goal']} 项）。", icon=":material/flag:")

left, right = st.columns(2)
with left:
    st.subheader("年度计划完成情况")
    status_rows = [{"状态": s, "项目数": plan["by_status"].get(s, 0)} for s in ("已完成", "进行中", "未启动", "已撤销")]
    bars = alt.Chart(pd.DataFrame(status_rows)).mark_bar().encode(
        x=alt.X("状态:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)), y=alt.Y("项目数:Q", title="项目数", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("状态:N", legend=None, scale=alt.Scale(
            domain=["已完成", "进行中", "未启动", "已撤销"], range=["#2e7d32", "#1565c0", "#9e9e9e", "#bdbdbd"])))
    goal_line = alt.Chart(pd.DataFrame([{"目标": plan["goal"]}])).mark_rule(color="#c62828", strokeDash=[6, 4]).encode(
        y="目标:Q")
    st.altair_chart(bars + goal_line, width="stretch")
    st.caption(f"红色虚线：年度目标 {plan['goal']} 项。")
with right:
    st.subheader("参与率")
    rates = pd.DataFrame([
        {"指标": "法律顾问参与率", "比例": adv["rate"], "说明": f"{adv['signed']}/{adv['reviews']}"},
        {"指标": "意见采纳率", "比例": com["rate"], "说明": f"{com['adopted']}/{com['comments']}"},
    ])
    known = rates.dropna(subset=["比例"])
    if known.empty:
        st.info(f"{NO_DATA}：尚无审核记录和公众意见。")
    else:
        st.altair_chart(alt.Chart(known).mark_bar().encode(
            x=alt.X("比例:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title=None),
            y=alt.Y("指标:N", title=None), tooltip=["指标", alt.Tooltip("比例:Q", format=".0%"), "说明"]),
            width="stretch")
    for _, r in rates[rates["比例"].isna()].iterrows():
        st.caption(f"{r['指标']}：{NO_DATA}")

st.subheader("流程阶段分布")
funnel = pd.DataFrame(data["funnel"])
if funnel.empty or funnel["reached"].sum() == 0:
    st.info(f"{NO_DATA}：还没有文档。")
else:
    for level_name, rows in funnel.groupby("level_name", sort=False):
        if rows["reached"].sum() == 0:
            continue
        rows = rows.rename(columns={"stage": "阶段", "reached": "已到达", "current": "当前处于", "order": "顺序"})
        tips = [alt.Tooltip("阶段:N"), alt.Tooltip("已到达:Q"), alt.Tooltip("当前处于:Q")]
        chart = alt.Chart(rows).mark_bar().encode(
            y=alt.Y("阶段:N", sort=alt.SortField("顺序"), title=None),
            x=alt.X("已到达:Q", title="已到达该阶段的文档数", axis=alt.Axis(tickMinStep=1)),
            color=alt.value("#90caf9"), tooltip=tips)
        here = alt.Chart(rows).mark_bar(color="#1565c0", height=8).encode(
            y=alt.Y("阶段:N", sort=alt.SortField("顺序"), title=None), x=alt.X("当前处于:Q", title=None),
            tooltip=tips)
        st.markdown(f"**{level_name}**")
        st.altair_chart(chart + here, width="stretch")
    st.caption("浅色：已到达该阶段的文档数；深色：当前处于该阶段的文档数。")

st.subheader("逾期与临期事项")
if not data["overdue"]:
    st.success("没有逾期或临期事项。", icon=":material/check_circle:")
else:
    table = pd.DataFrame([{
        "类别": o["kind"], "状态": "已逾期" if o["severity"] == "overdue" else "临期", "文件/项目": o["title"],
        "说明": o["message"], "期限": o["due_on"] or "",
    } for o in data["overdue"]])
    st.dataframe(table, hide_index=True, width="stretch")
    docs = [o for o in data["overdue"] if o.get("document_id")]
    if docs:
        pick = st.selectbox("在「流程」页处理", [o["document_id"] for o in docs], key="dash_pick",
                            format_func=lambda i: next(o["title"] for o in docs if o["document_id"] == i))
        if st.button("打开流程", icon=":material/account_tree:", key="dash_open"):
            st.session_state["doc_id"] = pick
            st.switch_page(LIFECYCLE_PAGE)

if com["by_contact_point"]:
    st.subheader("各联系点意见采纳情况")
    stats_chart(com["by_contact_point"], "name", "联系点")
