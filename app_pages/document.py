"""文档: one document — table of contents, article view (款/项/目), versions, new version, download."""
import pandas as pd
import streamlit as st

from ui.doc_view import fmt_time, render_article, render_full_text, render_toc
from ui.people import person
from ui.pickers import pick_document, pick_version
from ui.forms import record_key
from ui.state import db, require_user, show_error
from ui.uploads import file_uploader
from ui.text import md
from workbench.documents.store import VERSION_LABELS, frozen_reason, open_document, upload_version
from base.errors import WorkbenchError
from lawtext.exporting import docx_bytes, export_filename, markdown_bytes
from workbench.access.permissions import allowed

user = require_user()
conn = db()

# --- which document: st.session_state["doc_id"] (set by 文档库 and other pages) ---------------
doc_id = pick_document(conn, user, key="doc_pick", label="选择文档", where=st.sidebar).id

try:
    doc, versions = open_document(conn, user, doc_id)
except WorkbenchError as e:
    show_error(e)
    st.stop()
if flash := st.session_state.pop("doc_flash", None):
    st.success(flash)
if not versions:
    st.warning("该文档还没有版本。")
    st.stop()

# --- which version: the current one unless the user picks another ---------------------------
st.title(md(doc.title))
head = st.columns([2, 1, 1, 2], vertical_alignment="bottom")
version = pick_version(doc, versions, key=f"doc_ver_{doc.id}", label="查看版本", where=head[0],
                       prefer=st.session_state.pop("doc_ver_pending", None))   # set after saving a new version
tree = version.tree
head[1].download_button("下载 Word", data=lambda: docx_bytes(tree, doc.level), on_click="ignore",
                        file_name=export_filename(doc.title, version.label, version.seq, "docx"),
                        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        icon=":material/download:", key="doc_dl_docx")
head[2].download_button("下载 Markdown", data=markdown_bytes(tree), on_click="ignore",
                        file_name=export_filename(doc.title, version.label, version.seq, "md"),
                        mime="text/markdown", icon=":material/download:", key="doc_dl_md")
st.caption(f"{doc.level_name} · 制定机关：{md(doc.issuing_body) or '未填写'} · 阶段：{doc.stage} · "
           f"{version.display} · 共 {len(tree.articles)} 条")

tab_text, tab_versions, tab_upload = st.tabs(["条文", "版本", "上传新版本"], key="doc_tab", on_change="rerun")

with tab_text:
    articles = tree.articles
    mode = st.radio("显示方式", ["逐条", "全文"], horizontal=True, key="doc_mode", label_visibility="collapsed",
                    help="逐条：按目录查看一条；全文：全部章节和条文（含款、项、目）")
    if not articles:
        st.info("该版本没有识别到条文。")
    elif mode == "全文":
        with st.container(height=720, border=True, key="doc_full_text"):
            render_full_text(tree)
    else:
        art_key = f"doc_art_{doc.id}"
        ids = [a.id for a in articles]
        if st.session_state.get(art_key) not in ids:
            st.session_state[art_key] = ids[0]
        selected = tree.article(st.session_state[art_key])
        col_toc, col_view = st.columns([1, 2.4])
        with col_toc:
            st.markdown("**目录**")
            with st.container(height=620, border=False):
                render_toc(tree, selected.id, art_key)
        with col_view:
            if tree.preface and selected.id == ids[0]:
                st.caption("　".join(tree.preface))
            with st.container(border=True):
                render_article(selected)
            pos = ids.index(selected.id)
            prev_col, next_col = st.columns(2)
            prev_col.button("上一条", icon=":material/arrow_back:", disabled=pos == 0, key="doc_prev",
                            on_click=lambda: st.session_state.update({art_key: ids[pos - 1]}))
            next_col.button("下一条", icon=":material/arrow_forward:", disabled=pos == len(ids) - 1,
                            key="doc_next", on_click=lambda: st.session_state.update({art_key: ids[pos + 1]}))

with tab_versions:
    st.dataframe(pd.DataFrame([{
        "版本": f"v{v.seq}", "标签": v.label, "作者": person(v.created_by), "时间": fmt_time(v.created_at),
        "说明": v.note, "来源文件": v.source_name, "sha256": v.sha256,
        "当前": "是" if v.id == doc.current_version_id else "",
    } for v in reversed(versions)]), hide_index=True, width="stretch")
    st.caption("版本一经保存不可修改；sha256 为规范化全文的哈希值，可用于核对文本是否一致。")

with tab_upload:
    if not allowed(user, "version.create"):
        st.info(f"{user.role_name}无权保存新版本。")
    elif frozen_reason(doc):
        st.info(frozen_reason(doc), icon=":material/lock:")
    else:
        current = next(v for v in versions if v.id == doc.current_version_id)
        # The version the user saw when filling the form is the expected parent: if someone saved
        # in between, upload_version raises StaleWrite instead of silently stacking on theirs.
        seen_key = f"doc_seen_ver_{doc.id}"
        expected_parent = st.session_state.get(seen_key, doc.current_version_id)
        st.session_state[seen_key] = doc.current_version_id
        with st.form("doc_upload", clear_on_submit=True):
            st.caption(f"新版本将保存在当前版本 {current.display} 之后。")
            upload = file_uploader("选择文件", ["docx", "md", "markdown", "txt"], key="doc_upload_file")
            next_label = VERSION_LABELS[min(VERSION_LABELS.index(current.label) + 1, len(VERSION_LABELS) - 1)] \
                if current.label in VERSION_LABELS else VERSION_LABELS[0]
            label = st.selectbox("版本标签", VERSION_LABELS, index=VERSION_LABELS.index(next_label),
                                 key=record_key("doc_upload_label", doc.id, current.id))
            note = st.text_input("修改说明", placeholder="例如：根据征求意见修改第十七条",
                                 key=record_key("doc_upload_note", doc.id))
            submitted = st.form_submit_button("保存为新版本", type="primary", icon=":material/save:")
        if submitted:
            if upload is None:
                st.error("请先选择要上传的文件。")
            else:
                try:
                    new = upload_version(conn, user, doc.id, upload.getvalue(), upload.name, label=label, note=note,
                                         expected_parent_id=expected_parent)
                except WorkbenchError as e:
                    show_error(e)
                else:
                    st.session_state["doc_ver_pending"] = new.id
                    st.session_state["doc_flash"] = (f"已保存为新版本 {new.display}，"
                                                     f"共 {len(new.tree.articles)} 条。")
                    st.rerun()
