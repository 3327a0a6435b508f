"""对照: redline between two versions of a document (or an uploaded text, or a document of the
法规库, and a version):
summary, side-by-side / inline redline with an only-changed filter and previous/next change,
修改前后对照表 with editable 说明, tracked-changes .docx, and the renumbering preview."""
import pandas as pd
import streamlit as st

from ui.corpus_pick import pick_corpus_doc
from ui.pickers import pick_document, pick_version
from ui.redline_view import flag_details, heading_markdown, inline_html, side_by_side_html
from ui.state import db, require_action, require_user, show_error
from ui.uploads import file_uploader, parsed_upload
from ui.text import md
from lawtext.docx.compare import comparison_table_docx, table_rows, tracked_changes_docx
from workbench.documents.store import open_document
from base.errors import WorkbenchError
from lawtext.model import LegalDocument
from workbench.access.permissions import allowed
from lawtext.diff.redline import STATUS_NAMES, compare
from lawtext.diff.renumber import describe_element, plan_renumber
from workbench.documents.renumbering import save_renumbered

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SOURCES = ["本文档的另一版本", "上传文件（如现行法规）", "法规库中的法规"]   # the 修改前 text


@st.cache_data(max_entries=16, show_spinner="正在对照…")
def cached_comparison(old_json: str, new_json: str):
    return compare(LegalDocument.from_json(old_json), LegalDocument.from_json(new_json))


user = require_user()
conn = db()
picked = pick_document(conn, user, key="cmp_doc_pick", label="选择文档", where=st.sidebar)
try:
    doc, versions = open_document(conn, user, picked.id)
except WorkbenchError as e:
    show_error(e)
    st.stop()
if not versions:
    st.warning("该文档还没有版本。")
    st.stop()

st.title(f"对照：{md(doc.title)}")
if flash := st.session_state.pop("cmp_flash", None):
    st.success(flash)
newest_first = [v.id for v in reversed(versions)]

source = st.radio("修改前文本", SOURCES, horizontal=True, key="cmp_source")
cols = st.columns(2)
new_key, old_key = f"cmp_new_{doc.id}", f"cmp_old_{doc.id}"
if pending := st.session_state.pop("cmp_pending", None):   # set by 应用重新编号 before the rerun
    st.session_state[new_key], st.session_state[old_key] = pending
old_heading, base_title = "修改前", None   # a corpus law heads its column with its title
if source.startswith("本文档"):
    if len(versions) < 2:
        st.info("该文档只有一个版本：可上传文件作为修改前文本，或先保存新版本。")
    old_version = pick_version(doc, versions, key=old_key, label="修改前版本", where=cols[0],
                               default=newest_first[1] if len(newest_first) > 1 else newest_first[0])
    old_tree, old_name = old_version.tree, old_version.display
    old_ref = f"v{old_version.id}"
elif source == SOURCES[2]:
    require_action(user, "corpus.search")
    try:
        picked_law = pick_corpus_doc(cols[0])
    except WorkbenchError as e:
        show_error(e)
        st.stop()
    if picked_law is None:
        st.stop()
    law, old_tree = picked_law
    old_name = f"《{law.title}》（{law.version_date or '未注明日期'}，{law.status}）"
    old_ref = f"corpus{law.id}"
    old_heading, base_title = f"《{law.title}》", law.title
else:
    up = file_uploader("修改前文本", ["docx", "md", "txt"], key="cmp_upload", where=cols[0])
    if up is None:
        st.info("请上传修改前的文本。")
        st.stop()
    try:
        old_tree = parsed_upload(up.getvalue(), up.name)
    except WorkbenchError as e:
        show_error(e)
        st.stop()
    old_name = up.name
    old_ref = f"up{up.file_id}"
new_version = pick_version(doc, versions, key=new_key, label="修改后版本", where=cols[1], default=newest_first[0])
new_tree = new_version.tree

comparison = cached_comparison(old_tree.to_json(), new_tree.to_json())
s = comparison.summary()
m = st.columns(6)
m[0].metric("新增", s["added"])
m[1].metric("删除", s["deleted"])
m[2].metric("移动", s["moved"])
m[3].metric("修改", s["modified"])
m[4].metric("拆分/合并", s["by_status"]["split"] + s["by_status"]["merged"])
m[5].metric("未修改", s["unchanged"])
flag_text = "，".join(f"{name} {s['flags'][k]} 条" for k, name in
                     (("modal", "情态词"), ("amount", "金额"), ("period", "期限"), ("ratio", "比例"),
                      ("body", "责任主体"), ("items", "项")) if s["flags"][k])
st.caption(f"{old_name}（{s['old_articles']} 条） → {new_version.display}（{s['new_articles']} 条）；"
           f"序号调整 {s['renumbered']} 条" + (f"；实质性修改提示：{flag_text}" if flag_text else ""))

tab_view, tab_table, tab_tracked, tab_renumber = st.tabs(
    ["对照", "修改前后对照表", "修订痕迹文档", "重新编号"], key="cmp_tab", on_change="rerun")   # keyed: keeps its tab

with tab_view:
    items = comparison.items
    changed = [k for k, it in enumerate(items) if it.changed]
    ctl = st.columns([1, 1, 1, 1, 2], vertical_alignment="bottom")
    view = ctl[0].radio("显示方式", ["并排", "行内"], horizontal=True, key="cmp_view")
    only_changed = ctl[1].toggle("只看修改", value=True, key="cmp_only")
    pos_key = f"cmp_pos_{doc.id}"
    pos = min(st.session_state.get(pos_key, 0), max(0, len(changed) - 1))

    def move(step: int) -> None:
        st.session_state[pos_key] = (pos + step) % len(changed)

    ctl[2].button("上一处修改", icon=":material/arrow_upward:", key="cmp_prev", on_click=move, args=(-1,),
                  disabled=not changed)
    ctl[3].button("下一处修改", icon=":material/arrow_downward:", key="cmp_next", on_click=move, args=(1,),
                  disabled=not changed)
    ctl[4].caption(f"第 {pos + 1} / {len(changed)} 处修改" if changed else "两个文本没有差异")

    def render(item) -> None:
        st.markdown(heading_markdown(item))
        html_block = side_by_side_html(item, old_heading) if view == "并排" else inline_html(item)
        st.markdown(html_block, unsafe_allow_html=True)
        if item.flags:
            st.caption(flag_details(item))

    if changed:
        with st.container(border=True, key="cmp_focus"):
            st.caption("当前修改")
            render(items[changed[pos]])
    st.divider()
    shown = [it for it in items if it.listed or not only_changed]
    for item in shown:
        render(item)

with tab_table:
    rows = table_rows(comparison)
    if not rows:
        st.info("两个文本的条文没有差异。")
    frame = pd.DataFrame({
        old_heading: [r["old"] for r in rows], "修改后": [r["new"] for r in rows],
        "类型": [STATUS_NAMES[r["status"]] for r in rows], "说明": [r["note"] for r in rows],
    }, index=[r["key"] for r in rows])
    st.caption("可直接修改「说明」一栏，导出时使用修改后的说明。")
    edited = st.data_editor(frame, disabled=[old_heading, "修改后", "类型"], hide_index=True, width="stretch",
                            key=f"cmp_notes_{doc.id}_{old_ref}_v{new_version.id}")
    notes = {key: str(note) for key, note in zip(frame.index, edited["说明"])}
    st.download_button("下载修改前后对照表（Word）", on_click="ignore", icon=":material/download:",
                       data=lambda: comparison_table_docx(comparison, title=doc.title, notes=notes,
                                                          headings=(old_heading, "修改后")),
                       file_name=(f"{doc.title}与{base_title}对照表.docx" if base_title
                                  else f"{doc.title}修改前后对照表.docx"), mime=DOCX_MIME, key="cmp_dl_table")

with tab_tracked:
    st.caption("以修改后文本为准，全部修改以 Word 修订（插入/删除）标记，可在 Word、WPS 等文字处理软件中逐条接受或拒绝。")
    author = st.text_input("修订作者", value=user.display_name or user.username, key="cmp_author")
    st.download_button("下载修订痕迹文档（Word）", on_click="ignore", icon=":material/download:",
                       data=lambda: tracked_changes_docx(comparison, author=author),
                       file_name=f"{doc.title}（修订痕迹）.docx", mime=DOCX_MIME, key="cmp_dl_tracked")

with tab_renumber:
    st.caption(f"对「修改后版本」{new_version.display}重新编号：全部条文按顺序重新编号"
               "（“之一”条文并入序号），并改写所有内部引用（本办法第×条、第×条第×款第（×）项、第×条至第×条等）；"
               "其他法律的条文、前款、前条不改写。")
    plan = plan_renumber(new_tree)
    for w in plan.warnings:
        st.warning(w)
    if plan.is_noop:
        st.success("条文序号连续，引用无需改写。")
    else:
        st.markdown(f"**序号调整 {len(plan.renumbered)} 条，改写引用 {sum(len(r.changes) for r in plan.rewrites)} 处**")
        st.dataframe(pd.DataFrame({"原序号": [a.old_label for a in plan.renumbered],
                                   "新序号": [a.new_label for a in plan.renumbered]}),
                     hide_index=True)
        st.dataframe(pd.DataFrame({
            "位置": [describe_element(new_tree, r.element_id) for r in plan.rewrites],
            "改写": ["；".join(f"{a}→{b}" for a, b in r.changes) for r in plan.rewrites],
            "原文": [r.before for r in plan.rewrites], "改写后": [r.after for r in plan.rewrites],
        }), hide_index=True)
        may_save = allowed(user, "version.create")
        is_current = new_version.id == doc.current_version_id
        if not is_current:
            st.info("只能对当前版本重新编号并保存；请在「修改后版本」中选择当前版本。")
        if st.button("应用重新编号并保存为新版本", type="primary", icon=":material/format_list_numbered:",
                     key="cmp_apply_renumber", disabled=not (may_save and is_current)):
            try:
                saved, applied = save_renumbered(conn, user, doc.id, new_version.id)
            except WorkbenchError as e:
                show_error(e)
            else:
                st.session_state["cmp_pending"] = (saved.id, new_version.id)
                st.session_state["cmp_flash"] = (f"已保存为 {saved.display}：序号调整 {len(applied.renumbered)} 条，"
                                                 f"改写引用 {sum(len(r.changes) for r in applied.rewrites)} 处。")
                st.rerun()
