"""导入: upload a .docx/.md/.txt draft → preview the parsed tree → choose level, title, issuing body, label → store."""
import streamlit as st

from ui.doc_view import render_tree_outline
from ui.state import db, require_user, show_error
from ui.uploads import file_uploader, parsed_upload
from ui.text import md
from workbench.documents.store import VERSION_LABELS, import_document, split_title_label
from base.errors import WorkbenchError
from lawtext.model import LEVELS
from workbench.access.permissions import allowed

DOCUMENT_PAGE = "app_pages/document.py"

user = require_user()
st.title("导入")
if not allowed(user, "document.create"):
    st.error(f"{user.role_name}无权新建或导入文档。")
    st.stop()

st.caption("上传草案文件（.docx、.md、.txt；文本文件的编码自动识别），预览识别出的章节和条文，确认后保存为新文档。")
upload = file_uploader("选择文件", ["docx", "md", "markdown", "txt"], key="import_file")
if upload is None:
    st.stop()

try:
    tree = parsed_upload(upload.getvalue(), upload.name)
except WorkbenchError as e:
    show_error(e)
    st.stop()

title_guess, label_guess = split_title_label(tree.title)
chapters = [h for h in tree.headings if h.kind in ("编", "分编", "章", "节")]
st.subheader("解析预览")
m1, m2, m3 = st.columns(3)
m1.metric("条文", f"{len(tree.articles)} 条")
m2.metric("编章节", f"{len(chapters)} 个")
m3.metric("款/项", f"{sum(len(a.paragraphs) for a in tree.articles)} 款 / "
                  f"{sum(len(p.items) for a in tree.articles for p in a.paragraphs)} 项")
st.markdown(f"**标题：** {md(tree.title) or '（未识别到标题）'}")
if tree.preface:
    st.caption("题注：" + "　".join(tree.preface))
with st.container(height=360, border=True):
    render_tree_outline(tree)
if tree.appendix:
    st.caption(f"附件部分 {len(tree.appendix)} 行（不作为条文）。")

st.subheader("保存为新文档")
with st.form("import_form"):
    level = st.selectbox("文件层级", list(LEVELS), format_func=lambda c: LEVELS[c], index=None,
                         placeholder="请选择层级")
    title = st.text_input("文档标题", value=title_guess or upload.name.rsplit(".", 1)[0])
    issuing_body = st.text_input("制定机关", placeholder="例如：示例市人民政府")
    label = st.selectbox("版本标签", VERSION_LABELS,
                         index=VERSION_LABELS.index(label_guess or "草案"))
    note = st.text_input("说明", placeholder="可选")
    submitted = st.form_submit_button("保存", type="primary", icon=":material/save:")
if submitted:
    if level is None:
        st.error("请选择文件层级。")
        st.stop()
    try:
        doc, version = import_document(db(), user, tree, title=title, level=level, issuing_body=issuing_body,
                                       label=label, note=note, source_name=upload.name)
    except WorkbenchError as e:
        show_error(e)
    else:
        st.session_state["doc_id"] = doc.id
        st.session_state["doc_flash"] = f"已导入：《{doc.title}》{version.display}，共 {len(tree.articles)} 条。"
        st.switch_page(DOCUMENT_PAGE)
