"""备案登记: register one filing (materials + metadata), a batch (.zip, optionally with manifest.csv, or a
folder under the configured server intake root $WORKBENCH_FILING_INTAKE_ROOT) registered and triaged by a background worker whose progress is read from the database, and the
filings waiting as 待登记 (materials missing, or filed online by a 报备单位)."""
import uuid

import pandas as pd
import streamlit as st

from base.errors import WorkbenchError
from checks.corpus_link import default_corpus_db
from lawtext.model import LEVELS
from ui.filing_view import CASE_PAGE, progress
from ui.state import db, db_path, require_action, require_user, show_error
from ui.uploads import file_uploader
from ui.text import md
from workbench.filing import batch as batches
from workbench.filing.intake import FilingInput, register_filing, register_pending, supplement
from workbench.filing.letters import issue_letter
from workbench.filing.materials import read_material
from workbench.filing.organs import list_organs
from workbench.filing.sources import intake_root, server_source
from workbench.filing.triage import queue, triage_filing
from workbench.schema import open_db

TYPES = ["docx", "md", "txt", "pdf"]

user = require_user()
st.title("备案登记")
require_action(user, "filing.register")
conn = db()
corpus = default_corpus_db()
corpus = str(corpus) if corpus else None


def _materials(files) -> list:
    return [read_material(f.getvalue(), f.name) for f in files]


def _iso(d) -> str:
    return d.isoformat() if d else ""


tab_one, tab_batch, tab_pending = st.tabs(["单件登记", "批量登记", "待登记"], key="fi_tab", on_change="rerun")

with tab_one:
    organs = {o.id: o for o in list_organs(conn, user)}
    if not organs:
        st.info("还没有报备单位。请先在「报备单位」页登记。")
    else:
        organ_id = st.selectbox("报备单位", list(organs), key="fi_organ", format_func=lambda i: organs[i].name)
        files = st.file_uploader("报备材料（正式文本、备案报告、起草说明、合法性审核意见）", type=TYPES,
                                 accept_multiple_files=True, key="fi_files")
        st.caption("文件名中注明「备案报告」「起草说明」「合法性审核意见」的作为相应材料，其余一件作为正式文本；"
                   "扫描件 PDF 无法识别文字，请报送文字版。")
        c1, c2, c3 = st.columns(3)
        title = c1.text_input("标题（留空则从文本识别）", key="fi_title")
        number = c2.text_input("文号（留空则从文本识别）", key="fi_number")
        level = c3.selectbox("层级", ["", *LEVELS], key="fi_level", format_func=lambda c: LEVELS.get(c, "从文本推断"))
        d1, d2, d3 = st.columns(3)
        published = d1.date_input("公布日期", value=None, key="fi_pub", format="YYYY-MM-DD")
        effective = d2.date_input("施行日期", value=None, key="fi_eff", format="YYYY-MM-DD")
        filed = d3.date_input("报备日期（默认今天）", value=None, key="fi_filed", format="YYYY-MM-DD")
        if st.button("登记", type="primary", key="fi_register", icon=":material/how_to_reg:"):
            try:
                meta = FilingInput(title=title, doc_number=number, level=level, published_on=_iso(published),
                                   effective_on=_iso(effective), filed_on=_iso(filed))
                f = register_filing(conn, user, organ_id, _materials(files or []), meta)
                with st.spinner("正在自动审查……"):
                    f = triage_filing(conn, f.id, actor=user.username, corpus_db=corpus)
            except WorkbenchError as e:
                show_error(e)
            else:
                st.session_state["filing_id"] = f.id
                st.session_state["fi_flash"] = (f"已登记《{f.title}》（{f.status}）：错误 {f.n_error} 项，警示 {f.n_warning} 项"
                                                + (f"；缺少{'、'.join(f.missing)}" if f.missing else "")
                                                + (f"；逾期报备 {f.late_days} 日" if f.late else ""))
                st.rerun()
    if flash := st.session_state.pop("fi_flash", None):
        st.success(flash, icon=":material/check_circle:")
        if st.button("打开案件", key="fi_open", icon=":material/open_in_new:"):
            st.switch_page(CASE_PAGE)

with tab_batch:
    st.caption("上传 .zip：每个文件夹为一件报备文件（内含正式文本及其他材料），顶层单个文件为只有正式文本的报备文件；"
               "可附 manifest.csv（列：文件、报备单位、标题、文号、层级、公布日期、施行日期、报备日期）。"
               "登记和自动审查在后台进行，可离开本页，稍后回来查看进度。")
    up = file_uploader("报备文件压缩包", ["zip"], key="fi_zip")
    if up is not None and st.button("开始批量登记", type="primary", key="fi_batch", icon=":material/playlist_add:"):
        try:
            spool = batches.spool_path(db_path(), f"{uuid.uuid4().hex}.zip")
            spool.write_bytes(up.getvalue())
            bid = batches.create_batch(conn, user, up.name, spool=str(spool))
            batches.start_in_background(db_path(), user.username, bid, corpus_db=corpus, open_db=open_db)
            st.session_state["fi_batch_id"] = bid
        except WorkbenchError as e:
            show_error(e)
    if (root := intake_root()) is not None:
        st.caption(f"或登记服务器上报备文件目录（{root}）中的文件夹，结构同上。")
        folder = st.text_input("文件夹（相对于报备文件目录）", key="fi_folder", placeholder="如：2026年第一批")
        if st.button("登记该文件夹", key="fi_folder_go", icon=":material/folder_open:", disabled=not folder.strip()):
            try:
                source = server_source(folder)
                bid = batches.create_batch(conn, user, str(source))
                batches.start_in_background(db_path(), user.username, bid, corpus_db=corpus, open_db=open_db)
                st.session_state["fi_batch_id"] = bid
            except WorkbenchError as e:
                show_error(e)

    @st.fragment(run_every=1.0)
    def batch_status():
        fresh = db()
        rows = batches.list_batches(fresh, user, limit=5)
        if not rows:
            st.info("还没有批量登记任务。")
            return
        b = rows[0]
        st.markdown(f"**批量登记 {b['id']}：{b['source']}**　状态：{b['status']}")
        if b["status"] in ("排队", "进行中"):
            progress(b, done_key="triaged" if b["phase"] == "审查" else "done",
                     what="自动审查" if b["phase"] == "审查" else "登记")
        st.caption(f"共 {b['total']} 件：已登记 {b['registered']}，待登记 {b['pending']}，失败 {b['failed']}；"
                   f"已自动审查 {b['triaged']}")
        if b["error"]:
            st.error(b["error"])
        if b["report"]:
            st.dataframe(pd.DataFrame([{"文件": r["file"], "结果": r["result"], "说明": r["message"]} for r in b["report"]]),
                         hide_index=True, width="stretch")
    batch_status()

with tab_pending:
    pending = queue(conn, user, status="待登记")
    if not pending:
        st.info("没有待登记的文件。")
    for f in pending:
        with st.container(border=True):
            st.markdown(f"**{f.id}　《{md(f.title)}》**　{md(f.organ_name)}　报备 {f.filed_on}")
            st.caption(f"缺少：{'、'.join(f.missing)}" if f.missing else "材料齐全（报备单位在线报送）")
            c1, c2, c3 = st.columns(3)
            if f.missing and c1.button("发出补充材料通知", key=f"fi_notice_{f.id}"):
                try:
                    issue_letter(conn, user, f.id, "补充材料通知")
                    st.success("已发出补充材料通知，可在「审查案件」页下载。")
                except WorkbenchError as e:
                    show_error(e)
            more = c2.file_uploader("补充材料", type=TYPES, accept_multiple_files=True, key=f"fi_more_{f.id}")
            if more and c2.button("补充", key=f"fi_sup_{f.id}"):
                try:
                    supplement(conn, user, f.id, _materials(more))
                    st.rerun()
                except WorkbenchError as e:
                    show_error(e)
            if not f.missing and c3.button("登记", key=f"fi_accept_{f.id}", type="primary"):
                try:
                    register_pending(conn, user, f.id)
                    triage_filing(conn, f.id, actor=user.username, corpus_db=corpus)
                    st.rerun()
                except WorkbenchError as e:
                    show_error(e)
