"""Streamlit side of 备案审查: the queue table, status words, overdue warnings, the case picker shared
by the pages (``st.session_state["filing_id"]``) and the background-progress fragment."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from lawtext.model import LEVELS
from ui.people import person
from workbench.filing.store import Filing

CASE_PAGE = "app_pages/filing_case.py"
SEVERITY_WORDS = {"overdue": "已逾期", "due": "临期"}


def queue_rows(filings: list[Filing], today: date) -> pd.DataFrame:
    rows = []
    for f in filings:
        left = f.days_left(today)
        rows.append({
            "编号": f.id, "文件": f.title, "报备单位": f.organ_name, "层级": LEVELS.get(f.level, f.level),
            "状态": f.status + (f"（{f.outcome}）" if f.outcome else ""), "错误": f.n_error, "警示": f.n_warning,
            "审查期限": f.review_due or "—",
            "剩余天数": "" if left is None else (f"逾期 {-left} 日" if left < 0 else f"{left} 日"),
            "报备": f"逾期 {f.late_days} 日" if f.late else "按期", "承办人": person(f.assignee) or "—",
        })
    return pd.DataFrame(rows)


def overdue_table(items: list[dict]) -> None:
    if not items:
        st.success("没有逾期或临期事项。", icon=":material/check_circle:")
        return
    st.dataframe(pd.DataFrame([{"类别": o["kind"], "状态": SEVERITY_WORDS[o["severity"]], "文件": o["title"],
                                "说明": o["message"], "期限": o["due_on"] or ""} for o in items]),
                 hide_index=True, width="stretch")


def open_case_button(filing_id: int, *, key: str, label: str = "打开案件") -> None:
    if st.button(label, key=key, icon=":material/open_in_new:"):
        st.session_state["filing_id"] = filing_id
        st.switch_page(CASE_PAGE)


def progress(row: dict, *, done_key: str, total_key: str = "total", what: str) -> None:
    total = row.get(total_key) or 0
    done = row.get(done_key) or 0
    st.progress(min(1.0, done / total) if total else 0.0,
                text=f"{what}：{done} / {total}" + (f"　当前：{row['current']}" if row.get("current") else ""))
