"""起草: edit a document's working copy article by article, renumber, save versions, redline."""
import pandas as pd
import streamlit as st

from ui.doc_view import fmt_time
from ui.editor_actions import EditorActions, keep_valid
from ui.forms import NONE
from ui.editor_view import heading_choices, render_comparison, render_help, render_outline, render_plan
from ui.people import person
from ui.pickers import pick_document
from ui.state import db, require_user, show_error
from ui.text import md
from workbench.documents import working_copy as wcm
from base.audit import events
from workbench.audit_text import describe
from workbench.documents.store import VERSION_LABELS, frozen_reason, get_version, list_versions
from base.errors import WorkbenchError
from workbench.access.permissions import allowed
from lawtext.diff.redline import STATUS_NAMES, compare

EDITOR_TABS = ["编辑条文", "章节", "重新编号", "保存版本", "历史与对照"]

user = require_user()
conn = db()
st.title("起草")

if not allowed(user, "document.edit"):
    st.error(f"{user.role_name}无权编辑工作稿。")
    st.stop()

# --- which document (shared with the 文档 page through st.session_state["doc_id"]) -------------
doc = pick_document(conn, user, key="ed_doc_pick", reset={"ed_conflict": None, "ed_help": None})
doc_id = doc.id

if frozen := frozen_reason(doc):   # a published text changes only through a 修改 project
    st.warning(frozen, icon=":material/lock:")
    st.stop()
try:
    wc = wcm.peek(conn, doc_id, user)
except WorkbenchError as e:
    show_error(e)
    st.stop()
tree = wc.tree
base = wcm.base_version(conn, wc)
act = EditorActions(doc_id, user, doc.level, base.id)
ART = act.art_key


# --- status ------------------------------------------------------------------------------
st.session_state["ed_rv"] = wc.row_version
state = "有尚未保存为版本的修改" if wc.dirty else "与所基于的版本一致"
last = (f"最后修改：{md(person(wc.updated_by))} {fmt_time(wc.updated_at)}（{md(wc.last_change)}）" if wc.row_version
        else "尚未修改（第一次修改时创建工作稿）")
st.caption(f"工作稿基于 {base.display} · {state} · 共 {len(tree.articles)} 条 · {last}")
plan = wcm.renumber_plan(conn, doc_id, user)
st.session_state["ed_plan"] = plan
# Messages come and go between reruns: they live in one container so that the tabs below keep
# their place (and the tabs are keyed, so the open tab is remembered on the server).
with st.container():
    if flash := st.session_state.pop("ed_flash", None):
        {"success": st.success, "info": st.info}.get(flash[0], st.error)(flash[1])
    if conflict := st.session_state.get("ed_conflict"):
        st.error(conflict["message"], icon=":material/sync_problem:")
        c1, c2 = st.columns(2)
        c1.button("在最新工作稿上重新应用我的修改", on_click=act.reapply, icon=":material/redo:", key="ed_reapply")
        c2.button("放弃我的修改，载入最新工作稿", on_click=act.drop_mine, icon=":material/undo:", key="ed_drop")
    if wcm.is_behind(conn, wc):
        st.warning("在您编辑期间，他人已为该文档保存了新版本。请在「历史与对照」中核对后，选择以最新版本为基础保留修改，"
                   "或放弃修改。", icon=":material/warning:")
        st.button("以最新版本为基础保留我的修改", on_click=act.rebase, key="ed_rebase")
    if not plan.is_noop:
        st.info(f"{wcm.renumber_description(plan)}。请在「重新编号」中预览并应用。", icon=":material/format_list_numbered:")

tab_edit, tab_chapters, tab_renumber, tab_save, tab_history = st.tabs(
    EDITOR_TABS, key="ed_tab", on_change="rerun")

articles = tree.articles
ids = [a.id for a in articles]
if articles and st.session_state.get(ART) not in ids:
    st.session_state[ART] = ids[0]
selected = tree.article(st.session_state[ART]) if articles else None

with tab_edit:
    left, right = st.columns([1, 2], gap="large")
    with left:
        st.markdown("**目录**")
        with st.container(height=640):
            render_outline(tree, selected.id if selected else None, ART)
    with right:
        if selected is None:
            st.info("工作稿中还没有条文。")
            st.text_area("新条文", key=act.k("ed_new_text"), height=120)
            st.button("插入第一条", on_click=act.insert_first,
                      type="primary", key="ed_insert_first")
        else:
            st.markdown(f"#### {selected.label}")
            if selected.path:
                st.caption(" › ".join(selected.path))
            key = act.text_key(selected.id)
            if act.sync_box(selected.id, selected.text):
                st.warning("他人已修改本条，编辑框中是您尚未保存的文字；保存时将提示冲突，供您对照。",
                           icon=":material/sync_problem:")
            st.text_area("条文内容（每款、每项一行；（一）开头的行为项，1. 开头的行为目）", key=key, height=220)
            b = st.columns(4)
            b[0].button("保存本条", type="primary", on_click=act.save_article, args=(selected.id,), key="ed_save",
                        icon=":material/save:")
            b[1].button("上移", on_click=act.run, args=("move_up",), kwargs={"key": selected.id}, key="ed_up",
                        icon=":material/arrow_upward:", disabled=tree.body[0] is selected)
            b[2].button("下移", on_click=act.run, args=("move_down",), kwargs={"key": selected.id}, key="ed_down",
                        icon=":material/arrow_downward:", disabled=tree.body[-1] is selected)
            with b[3].popover("删除", icon=":material/delete:"):
                st.write(f"确定删除{selected.label}？删除后可在保存版本前「放弃修改」恢复。")
                st.button("确认删除", on_click=act.run, args=("delete",), kwargs={"key": selected.id}, key="ed_delete",
                          type="primary")
            with st.expander("插入新条文", icon=":material/add:"):
                st.radio("位置", ["之后", "之前"], key=act.k("ed_insert_where"), horizontal=True,
                         format_func=lambda w: f"在{selected.label}{w}")
                st.text_area("新条文内容", key=act.k("ed_new_text"), height=120)
                st.button("插入", on_click=act.insert_article, args=(selected.id,), key="ed_insert")
            with st.expander("移动到…", icon=":material/open_with:"):
                others = [a for a in articles if a.id != selected.id]
                if others:
                    st.selectbox("目标条文", keep_valid(act.k("ed_move_target"), [a.id for a in others]),
                                 key=act.k("ed_move_target"), format_func=lambda i: tree.article(i).label)
                    st.radio("相对位置", ["之前", "之后"], key=act.k("ed_move_rel"), horizontal=True)
                    st.button("移动", key="ed_move", on_click=act.move_article, args=(selected.id,))
                headings = heading_choices(tree)
                if headings:
                    st.selectbox("移至章节末尾", keep_valid(act.k("ed_move_heading"), list(headings)),
                                 key=act.k("ed_move_heading"), format_func=lambda i: headings[i])
                    st.button("移至该章节", key="ed_move_to_heading", on_click=act.move_to_heading, args=(selected.id,))
            report = st.session_state.get("ed_help")
            if report is not None and report.article_id == selected.id:
                with st.container(border=True):
                    render_help(report)

with tab_chapters:
    headings = heading_choices(tree)
    st.markdown("**新增章节**")
    c = st.columns([1, 2, 2])
    c[0].selectbox("类型", ["章", "节", "编"], key=act.k("ed_h_kind"))
    c[1].text_input("标题", key=act.k("ed_h_title"), placeholder="如：监督管理")
    before_opts = keep_valid(act.k("ed_h_before"), [NONE] + [n.id for n in tree.body])
    c[2].selectbox("位置", before_opts, key=act.k("ed_h_before"),
                   format_func=lambda i: "文末" if i == NONE else
                   f"{(tree.article(i).label if tree.article(i) else headings.get(i, i))}之前")
    st.button("新增", key="ed_h_add", on_click=act.add_heading)
    if headings:
        st.divider()
        st.markdown("**修改章节**")
        st.selectbox("章节", keep_valid(act.k("ed_h_pick"), list(headings)), key=act.k("ed_h_pick"),
                     format_func=lambda i: headings[i])
        c = st.columns([3, 1], vertical_alignment="bottom")
        c[0].text_input("新标题", key=act.k("ed_h_new_title"))
        c[1].button("更名", key="ed_h_rename", on_click=act.rename_heading)
        c = st.columns(3)
        c[0].button("上移", key="ed_h_up", on_click=act.heading_op, args=("move_heading",), kwargs={"direction": "up"},
                    icon=":material/arrow_upward:")
        c[1].button("下移", key="ed_h_down", on_click=act.heading_op, args=("move_heading",),
                    kwargs={"direction": "down"}, icon=":material/arrow_downward:")
        c[2].button("删除标题（保留条文）", key="ed_h_delete", on_click=act.heading_op, args=("delete_heading",),
                    icon=":material/delete:")

with tab_renumber:
    st.markdown(wcm.renumber_description(plan))
    if not plan.is_noop:
        render_plan(plan)
        st.button("应用重新编号", type="primary", on_click=act.renumber, key="ed_renumber",
                  icon=":material/format_list_numbered:")
    else:
        for w in plan.warnings:
            st.warning(w, icon=":material/warning:")

with tab_save:
    if not allowed(user, "version.create"):
        st.info(f"{user.role_name}无权保存新版本。")
    else:
        with st.form("ed_version_form"):
            default = VERSION_LABELS.index(base.label) if base.label in VERSION_LABELS else 0
            st.selectbox("版本标签", VERSION_LABELS, index=default, key=act.label_key)
            st.text_area("修改说明", key=act.k("ed_note"), placeholder="本轮修改的要点，如：根据征求意见调整第三章")
            st.form_submit_button("保存为新版本", type="primary", on_click=act.save_version, icon=":material/bookmark_add:")
    st.divider()
    with st.popover("放弃修改", icon=":material/restore:"):
        st.write("工作稿将恢复为最新版本，所有未保存为版本的修改都会丢失。")
        st.button("确认放弃", on_click=act.discard, key="ed_discard", type="primary")

with tab_history:
    versions = list_versions(conn, doc_id)
    st.markdown("**版本**")
    st.dataframe(pd.DataFrame([{"版本": f"v{v.seq}", "标签": v.label, "修改说明": v.note or "",
                                "作者": person(v.created_by), "时间": fmt_time(v.created_at)}
                               for v in reversed(versions)]),
                 hide_index=True, width="stretch")
    st.markdown("**工作稿修改记录**")
    log = events(conn, doc_id, limit=30, action="working_copy.")
    if log:
        st.dataframe(pd.DataFrame([{"时间": fmt_time(e["ts"]), "用户": person(e["actor"]), "修改": describe(e)}
                                   for e in log]), hide_index=True, width="stretch")
    if st.toggle("与最新版本对照（修订模式）", key="ed_redline"):
        latest = get_version(conn, doc.current_version_id)
        st.caption(f"{latest.display} → 工作稿")
        render_comparison(compare(latest.tree, tree), STATUS_NAMES)
