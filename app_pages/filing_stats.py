"""备案统计: the year's figures as charts — filings by organ and level, on-time rate, problems by kind,
outcomes, corrections, 审查建议 — and the draft 备案审查工作情况报告 (.docx)."""
import altair as alt
import pandas as pd
import streamlit as st

from base.clock import today as beijing_today
from ui.state import db, require_action, require_user
from workbench.filing.report import report_docx
from workbench.filing.stats import year_stats

user = require_user()
st.title("备案统计")
require_action(user, "filing.view")
conn = db()
this_year = beijing_today().year
year = st.columns([1, 4])[0].selectbox("年度", list(range(this_year, this_year - 6, -1)), key="fs_year")
s = year_stats(conn, user, year)
m = st.columns(5)
m[0].metric("报备文件", s["filings"])
m[1].metric("按期报备率", "暂无数据" if s["on_time_rate"] is None else f"{s['on_time_rate']:.0%}",
            help=f"按期 {s['on_time']} 件，逾期 {s['late']} 件")
m[2].metric("已审结", s["reviewed"])
m[3].metric("发现问题的文件", s["with_problems"])
m[4].metric("审查建议", f"{s['requests']['answered']} / {s['requests']['received']}", help="已反馈 / 收到")


COLUMN_NAMES = {"organ": "报备单位", "level": "层级", "outcome": "审查结论", "category": "问题类别",
                "filings": "件数", "items": "件数"}


def bars(rows: list[dict], x: str, y: str, title: str) -> None:
    df = pd.DataFrame(rows)
    if df.empty or df[y].sum() == 0:
        st.info(f"{title}：暂无数据")
        return
    st.markdown(f"**{title}**")
    df = df.rename(columns=COLUMN_NAMES)          # the chart's axes and tooltips name its columns
    x, y = COLUMN_NAMES.get(x, x), COLUMN_NAMES.get(y, y)
    st.altair_chart(alt.Chart(df).mark_bar().encode(
        x=alt.X(f"{y}:Q", title="件数", axis=alt.Axis(tickMinStep=1)), y=alt.Y(f"{x}:N", sort="-x", title=None),
        tooltip=[x, y]), width="stretch")


left, right = st.columns(2)
with left:
    bars(s["by_organ"], "organ", "filings", "各报备单位报备件数")
    bars(s["outcomes"], "outcome", "filings", "审查结论")
with right:
    bars(s["by_level"], "level", "filings", "各层级报备件数")
    bars([{"category": p["category"], "items": p["items"]} for p in s["problems"]], "category", "items", "发现的问题（按类别）")
st.caption(f"要求纠正 {s['corrections_requested']} 件，纠正完毕 {s['corrections_completed']} 件。")
st.download_button("下载《备案审查工作情况报告》草稿", report_docx(conn, user, year), file_name=f"{year}年度备案审查工作情况报告.docx",
                   icon=":material/download:", key="fs_report")
