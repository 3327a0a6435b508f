"""我的报备 (报备单位 accounts): this organ's filings with their status, the letters received, online
filing of a new document and the reply (with the corrected text) to a letter. Other organs' cases are
never shown (the core checks every call)."""
import pandas as pd
import streamlit as st

from base.errors import WorkbenchError
from lawtext.model import LEVELS
from ui.state import db, require_action, require_user, show_error
from ui.uploads import file_uploader
from ui.text import md
from workbench.filing.casework import record_reply
from workbench.filing.intake import FilingInput, my_filings, submit_filing
from workbench.filing.materials import read_material
from workbench.filing.organs import require_own_organ
from workbench.filing.views import letter_file, open_case

user = require_user()
st.title("我的报备")
require_action(user, "filing.view_own")
conn = db()
try:
    organ = require_own_organ(conn, user)
except WorkbenchError as e:
    show_error(e)
    st.stop()
st.caption(f"报备单位：{md(organ.name)}")
if flash := st.session_state.pop("fm_flash", None):
    st.success(flash, icon=":material/check_circle:")
rows = my_filings(conn, user)
if rows:
    st.dataframe(pd.DataFrame([{"编号": f.id, "文件": f.title, "文号": f.doc_number, "层级": LEVELS.get(f.level, f.level),
                                "报备日期": f.filed_on, "状态": f.status, "结论": f.outcome or "—",
                                "回复期限": f.reply_due or "—"} for f in rows]), hide_index=True, width="stretch")
else:
    st.info("本单位还没有报备文件。")

tab_case, tab_new = st.tabs(["文件与函件", "在线报备"], key="fm_tab", on_change="rerun")
with tab_case:
    if rows:
        by_id = {f.id: f for f in rows}
        fid = st.selectbox("报备文件", list(by_id), key="fm_pick", format_func=lambda i: f"{i}　{by_id[i].title}")
        case = open_case(conn, user, fid)
        f = case.filing
        st.markdown(f"状态：**{f.status}**" + (f"　结论：**{f.outcome}**" if f.outcome else "")
                    + (f"　缺少材料：{'、'.join(f.missing)}" if f.missing else ""))
        for x in case.letters:
            _, data = letter_file(conn, user, x.id)
            st.download_button(f"{x.kind}　{x.number}　{x.issued_on}", data, file_name=f"{x.kind}-{x.number}.docx",
                               key=f"fm_let_{x.id}", icon=":material/download:")
        for r in case.replies:
            st.caption(f"{r.received_on} 已回复：{md(r.text)}" + ("（附纠正后的文本）" if r.corrected_version_id else ""))
        if f.outcome in ("要求纠正", "提出审查意见（建议修改）") and not f.closed:
            st.subheader("回复")
            text = st.text_area("回复内容", key=f"fm_text_{fid}")
            up = file_uploader("纠正后的文本（可选）", ["docx", "md", "txt", "pdf"], key=f"fm_up_{fid}")
            if st.button("提交回复", type="primary", key=f"fm_reply_{fid}"):
                try:
                    tree = read_material(up.getvalue(), up.name, kind="正式文本").tree if up else None
                    record_reply(conn, user, fid, text=text, corrected=tree, source_name=up.name if up else "")
                    st.session_state["fm_flash"] = "回复已提交。"
                    st.rerun()
                except WorkbenchError as e:
                    show_error(e)
with tab_new:
    files = st.file_uploader("报备材料（正式文本、备案报告、起草说明、合法性审核意见）", type=["docx", "md", "txt", "pdf"],
                             accept_multiple_files=True, key="fm_files")
    c1, c2 = st.columns(2)
    level = c1.selectbox("层级", ["", *LEVELS], key="fm_level", format_func=lambda c: LEVELS.get(c, "从文本推断"))
    published = c2.date_input("公布日期", value=None, key="fm_pub", format="YYYY-MM-DD")
    if st.button("报送", type="primary", key="fm_submit", icon=":material/send:"):
        try:
            mats = [read_material(x.getvalue(), x.name) for x in files or []]
            f = submit_filing(conn, user, mats, FilingInput(level=level, published_on=published.isoformat() if published else ""))
            st.session_state["fm_flash"] = f"已报送《{f.title}》，等待备案审查机构登记。"
            st.rerun()
        except WorkbenchError as e:
            show_error(e)
