"""Streamlit pieces shared by the 征求意见 pages: comment cards, statistics charts, the minutes
import preview. Comment texts are user input: they are shown with ``st.text`` (no Markdown, no
HTML) or in data frames; fragments that go into Markdown are escaped with :func:`md`."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ui.forms import select_or_none
from ui.text import md
from ui.uploads import file_uploader
from workbench.consultation.anchoring import AnchorView, describe
from workbench.consultation.comments import Comment, similar_groups as compute, SOURCE_KINDS
from base.clock import today as beijing_today
from workbench.consultation.comment_import import ImportItem, preview_import, save_import
from base.errors import WorkbenchError

STATUS_ICON = {"采纳": ":material/check_circle:", "部分采纳": ":material/rule:", "未采纳": ":material/cancel:",
               None: ":material/hourglass_empty:"}
STATUS_COLOR = {"采纳": "green", "部分采纳": "blue", "未采纳": "gray", None: "orange"}

LABEL_LIMIT = 420   # px: axis labels are truncated beyond this (altair's default, 180, cut long names)

def days_left(closes_on: date, today: date | None = None) -> int:
    return (closes_on - (today or beijing_today())).days


def comment_card(c: Comment, view: AnchorView | None, *, show_point: bool = True, adopted_in: str = "") -> None:
    """One comment with where it points (following later versions) and its disposition."""
    with st.container(border=True):
        where = describe(view, c) if view else c.target
        head = f"**{md(where)}**"
        if show_point:
            head += f" · {md(c.contact_point_name)}"
        people = f"{c.participants} 人" if c.participants else "—"
        head += f" · {md(c.source_kind)} · {people}"
        st.markdown(head)   # describe() already says 现为第×条 / 本条已修改 / 本条已删除
        st.text(c.text)
        color = STATUS_COLOR.get(c.decision, "orange")
        st.markdown(f"{STATUS_ICON.get(c.decision)} :{color}[{c.status}]")
        if c.decision:
            st.text(f"理由：{c.reason}")
        if adopted_in:
            st.caption(f"体现于：{md(adopted_in)}")


@st.cache_data(max_entries=32, show_spinner="正在查找相近意见…")
def similar_groups(texts: tuple[str, ...], labels: tuple[str | None, ...]) -> list[list[int]]:
    """workbench.consultation.comments.similar_groups, cached by the texts (reruns of the page reuse it)."""
    return compute(list(texts), list(labels))


def comments_frame(comments: list[Comment], views: dict[int, AnchorView]) -> pd.DataFrame:
    return pd.DataFrame([{
        "编号": c.id, "联系点": c.contact_point_name, "条款": c.target,
        "当前位置": describe(views[c.id], c) if c.id in views else c.target, "意见": c.text,
        "人数": c.participants, "来源": c.source_kind, "处理结果": c.status, "理由": c.reason,
        "需核对": c.review_note if c.needs_review else "",
    } for c in comments])


def stats_metrics(stats: dict) -> None:
    cols = st.columns(4)
    cols[0].metric("参与人次", stats["participants"])
    cols[1].metric("意见条数", stats["comments"])
    cols[2].metric("采纳数（含部分采纳）", stats["adopted"])
    cols[3].metric("采纳率", f"{stats['adoption_rate'] * 100:.1f}%")


def stats_chart(rows: list[dict], label_key: str, label_title: str) -> None:
    """Horizontal grouped bars of 意见条数 and 采纳数 per contact point or consultation: long
    Chinese names (东城街道基层立法联系点) stay readable on the vertical axis."""
    if not rows:
        return
    import altair as alt
    long = pd.DataFrame([{label_title: r[label_key], "指标": name, "数量": r[key]}
                         for r in rows for key, name in (("comments", "意见条数"), ("adopted", "采纳数"))])
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y(f"{label_title}:N", title=None, sort=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        yOffset=alt.YOffset("指标:N", sort=["意见条数", "采纳数"]),
        x=alt.X("数量:Q", title="条数", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("指标:N", title=None, sort=["意见条数", "采纳数"], legend=alt.Legend(orient="top")),
        tooltip=[f"{label_title}:N", "指标:N", "数量:Q"]).properties(height=alt.Step(16))   # 16 px per bar
    st.altair_chart(chart, width="stretch")


def stats_table(rows: list[dict], label_key: str, label_title: str) -> pd.DataFrame:
    return pd.DataFrame([{
        label_title: r[label_key], "参与人次": r["participants"], "意见条数": r["comments"], "采纳": r["fully_adopted"],
        "部分采纳": r["partially_adopted"], "未采纳": r["not_adopted"], "待处理": r["pending"],
        "采纳率": f"{r['adoption_rate'] * 100:.1f}%",
    } for r in rows])


def import_minutes(conn, user, consultation, points: dict[int, str], *, key: str, allow_point_choice: bool) -> None:
    """Upload minutes → preview (editable) → save. The preview lives in session_state until saved.
    Long (~60 lines): the preview form, its per-row edits and the save are one Streamlit form."""

    if flash := st.session_state.pop(f"{key}_flash", None):
        st.success(flash)
    cols = st.columns(3)
    cp_id = None
    if allow_point_choice:
        cp_id = select_or_none("联系点", list(consultation.invited), none_label="按文件中的“联系点”列",
                               format_func=lambda i: points.get(i, str(i)), key=f"{key}_cp", where=cols[0])
    source = cols[1].selectbox("意见来源", SOURCE_KINDS, key=f"{key}_src")
    people = cols[2].number_input("参会人数（可选，计入参与人次一次）", min_value=0, value=0, step=1, key=f"{key}_people")
    upload = file_uploader("会议记录（.docx 或 .csv）", ["docx", "csv"], key=f"{key}_file",
                           help="每段（或每行）一条意见，按其中提到的“第×条”拆分；CSV 须有表头，含“意见”列，"
                                "可选“条款”“人数”“来源”“联系点”列。")
    state_key = f"{key}_preview"
    if upload is not None and st.button("预览拆分结果", icon=":material/preview:", key=f"{key}_go"):
        try:
            st.session_state[state_key] = preview_import(
                conn, user, consultation.id, upload.getvalue(), upload.name, contact_point_id=cp_id,
                source_kind=source, participants=int(people) or None)
        except WorkbenchError as e:
            st.error(str(e))
            st.session_state.pop(state_key, None)
    preview = st.session_state.get(state_key)
    if preview is None or preview.consultation_id != consultation.id:
        return
    st.caption(f"文件 {md(preview.filename)}：共 {len(preview.items)} 条，其中 {len(preview.flagged)} 条需核对"
               + (f"；参会 {preview.participants} 人" if preview.participants else "")
               + "。可修改条款（清空即为整体意见）和意见文字，取消勾选的条目不保存。")
    frame = pd.DataFrame([{
        "保存": it.include, "行号": it.line_no, "联系点": points.get(it.contact_point_id, "（未指定）"),
        "条款": it.article_label, "意见": it.text, "人数": it.participants, "需核对": "；".join(it.flags),
        "说明": it.note,
    } for it in preview.items])
    edited = st.data_editor(frame, hide_index=True, width="stretch", key=f"{key}_editor",
                            disabled=["行号", "联系点", "需核对", "说明"],
                            column_config={"保存": st.column_config.CheckboxColumn(width="small"),
                                           "人数": st.column_config.NumberColumn(min_value=1, step=1)})
    if preview.skipped or preview.meta:
        with st.expander("未作为意见的行（标题、会议信息）"):
            for line in preview.meta + preview.skipped:
                st.text(line)
    if st.button(f"保存选中的 {int(edited['保存'].sum())} 条意见", type="primary", icon=":material/save:",
                 key=f"{key}_save"):
        items: list[ImportItem] = []
        for it, (_, row) in zip(preview.items, edited.iterrows()):
            label = str(row["条款"] or "").strip()
            changed = label != it.article_label
            people_cell = row["人数"]
            items.append(ImportItem(
                line_no=it.line_no, source_text=it.source_text, text=str(row["意见"] or ""), article_label=label,
                element_id="" if changed else it.element_id, contact_point_id=it.contact_point_id,
                participants=None if pd.isna(people_cell) else int(people_cell), source_kind=it.source_kind,
                flags=it.flags, note=it.note, split_key=it.split_key, include=bool(row["保存"])))
        try:
            ids = save_import(conn, user, preview, items=items)
        except WorkbenchError as e:
            st.error(str(e))
        else:
            st.session_state.pop(state_key, None)
            st.session_state[f"{key}_flash"] = f"已保存 {len(ids)} 条意见。"
            st.rerun()
