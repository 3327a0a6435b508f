"""备案审查: the year's figures, overdue and due items, and the triage queue ordered by risk
(errors first, then warnings, then days left against the review deadline)."""
import streamlit as st

from base.clock import today as beijing_today
from base.errors import WorkbenchError
from ui.filing_view import CASE_PAGE, overdue_table, queue_rows
from ui.state import db, require_action, require_user, show_error
from workbench.filing.stats import overdue, year_stats
from workbench.filing.triage import queue

user = require_user()
st.title("备案审查")
require_action(user, "filing.view")
conn = db()
today = beijing_today()
try:
    s = year_stats(conn, user, today.year)
    items = overdue(conn, today=today)
except WorkbenchError as e:
    show_error(e)
    st.stop()

late_items = [o for o in items if o["severity"] == "overdue"]
m = st.columns(5)
m[0].metric(f"{today.year} 年报备", s["filings"])
m[1].metric("按期报备率", "暂无数据" if s["on_time_rate"] is None else f"{s['on_time_rate']:.0%}")
m[2].metric("已审结", s["reviewed"])
m[3].metric("纠正完毕", s["corrections_completed"])
m[4].metric("逾期事项", len(late_items))

st.subheader("逾期与临期事项")
overdue_table(items)

st.subheader("审查队列")
c1, c2 = st.columns([1, 3])
show_closed = c1.toggle("包括已审结", key="fq_closed")
mine = c2.toggle("只看我承办的", key="fq_mine")
rows = queue(conn, user, today=today, include_closed=show_closed, assignee=user.username if mine else None)
if not rows:
    st.info("队列为空。可在「备案登记」页登记报备文件。")
    st.stop()
st.dataframe(queue_rows(rows, today), hide_index=True, width="stretch")
by_id = {f.id: f for f in rows}
pick = st.selectbox("选择案件", list(by_id), key="fq_pick",
                    format_func=lambda i: f"{i}　{by_id[i].title}（{by_id[i].organ_name}）")
if st.button("打开案件", type="primary", icon=":material/open_in_new:", key="fq_open"):
    st.session_state["filing_id"] = pick
    st.switch_page(CASE_PAGE)
