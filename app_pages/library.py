"""文档库: the documents, filtered by level and stage; open one on the 文档 page."""
import pandas as pd
import streamlit as st

from ui.doc_view import fmt_time
from ui.forms import select_or_none
from ui.state import db, require_user, show_error
from workbench.documents.store import documents_for, stages_in_use, version_summaries
from base.errors import WorkbenchError
from lawtext.model import LEVELS

DOCUMENT_PAGE = "app_pages/document.py"


def open_document(doc_id: int) -> None:
    st.session_state["doc_id"] = doc_id
    st.switch_page(DOCUMENT_PAGE)


user = require_user()
conn = db()
st.title("文档库")

col_level, col_stage = st.columns(2)
level = select_or_none("文件层级", list(LEVELS), none_label="全部层级", format_func=LEVELS.get,
                       key="lib_level", where=col_level)
stage = select_or_none("所处阶段", stages_in_use(conn), none_label="全部阶段", format_func=str,
                       key="lib_stage", where=col_stage)
try:
    docs = documents_for(conn, user, level=level, stage=stage)
except WorkbenchError as e:
    show_error(e)
    st.stop()

if not docs:
    st.info("没有符合条件的文档。" + ("可在「导入」页面导入草案。" if level is None and stage is None else ""))
    st.stop()

current = version_summaries(conn, [d.id for d in docs])
table = pd.DataFrame([{
    "编号": d.id, "标题": d.title, "层级": d.level_name, "制定机关": d.issuing_body, "阶段": d.stage,
    "当前版本": current.get(d.id, ""), "更新时间": fmt_time(d.updated_at),
} for d in docs])
st.caption(f"共 {len(docs)} 个文档。点选表格中的一行即可打开。")


def on_row_selected() -> None:
    # A callback (not the returned selection) so that coming back to this page with a row
    # still selected does not open the document again.
    rows = st.session_state["lib_table"].selection.rows
    if rows:
        st.session_state["lib_open_id"] = docs[rows[0]].id


st.dataframe(table, hide_index=True, width="stretch", on_select=on_row_selected, selection_mode="single-row",
             key="lib_table")
if (chosen := st.session_state.pop("lib_open_id", None)) is not None:
    open_document(chosen)

by_id = {d.id: d for d in docs}
col_pick, col_open = st.columns([4, 1], vertical_alignment="bottom")
pick = col_pick.selectbox("选择文档", list(by_id), format_func=lambda i: f"{by_id[i].title}（{by_id[i].level_name}）",
                          key="lib_pick")
if col_open.button("打开", type="primary", icon=":material/open_in_new:", key="lib_open"):
    open_document(pick)
