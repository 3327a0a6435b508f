"""征求意见管理 (起草/审核): consultations on a version, invitations, minutes import, dispositions."""
from datetime import timedelta

import pandas as pd
import streamlit as st

from ui.forms import pick_record, record_key, select_or_none
from ui.comment_view import comments_frame, import_minutes, similar_groups
from ui.text import md
from ui.state import db, require_user, show_error
from workbench.consultation.anchoring import anchors
from workbench.consultation.comments import ADOPTED, DECISIONS, dispose, list_comments
from workbench.consultation.reports import draft_docx
from workbench.documents.store import INTERNAL_LABEL, get_document, list_documents, list_versions
from workbench.consultation.consultations import CONTACT_POINT_KINDS, add_contact_point, close_consultation, consultations_for, invite, list_contact_points, minimum_days, open_consultation
from base.errors import WorkbenchError
from lawtext.exporting import document_filename
from workbench.access.permissions import allowed
from base.clock import today as beijing_today
from workbench.consultation.stats import comment_counts

user = require_user()
conn = db()
st.title("征求意见管理")
if not allowed(user, "consultation.manage") and not allowed(user, "comment.dispose"):
    st.error(f"{user.role_name}无权管理征求意见。")
    st.stop()
if flash := st.session_state.pop("ca_flash", None):
    st.success(flash)

points = {p.id: p for p in list_contact_points(conn)}
point_names = {i: p.name for i, p in points.items()}
try:
    cons = consultations_for(conn, user)
except WorkbenchError as e:
    show_error(e)
    st.stop()
cons_by_id = {c.id: c for c in cons}
docs = {d.id: d for d in list_documents(conn)}


def cons_label(i: int) -> str:
    c = cons_by_id[i]
    return f"{c.display}　{c.status()}"


tab_cons, tab_import, tab_dispose, tab_points = st.tabs(
    ["征求意见", "导入座谈会记录", "意见处理", "联系点"], key="ca_tab", on_change="rerun")   # keyed: keeps its tab

# --- consultations ---------------------------------------------------------------------------
with tab_cons:
    if cons:
        counts = comment_counts(conn)
        st.dataframe(pd.DataFrame([{
            "编号": c.id, "标题": c.title, "开始": c.opens_on, "截止": c.closes_on, "状态": c.status(),
            "征求意见期（日）": (c.closes_on - c.opens_on).days, "受邀联系点": len(c.invited), "意见条数": counts.get(c.id, 0),
        } for c in cons]), hide_index=True, width="stretch")
        pick = pick_record("查看征求意见", cons_by_id, format_func=cons_label, key="ca_pick")
        c = cons_by_id[pick]
        with st.container(border=True):
            st.markdown(f"**{md(c.title)}**　{c.status()}")
            st.caption("受邀联系点：" + "、".join(md(point_names.get(i, str(i))) for i in c.invited))
            for n, q in enumerate(c.key_questions, 1):
                st.text(f"重点问题 {n}：{q}")
            cols = st.columns(3)
            cols[0].download_button("下载征求意见稿（Word）", data=lambda: draft_docx(db(), user, pick),
                                    file_name=document_filename(docs[c.document_id].title if c.document_id in docs
                                                                else c.title, "征求意见稿", "docx"), on_click="ignore",
                                    icon=":material/download:", key="ca_draft")
            if c.status() in ("未开始", "进行中") and allowed(user, "consultation.manage"):
                more = [i for i in points if i not in c.invited]
                with cols[1].popover("追加邀请", icon=":material/group_add:"):
                    extra = st.multiselect("联系点", more, format_func=point_names.get, key=record_key("ca_invite_more", c.id),
                                           placeholder="选择联系点")
                    if st.button("邀请", key=record_key("ca_invite_go", c.id)):
                        try:
                            invite(conn, user, c.id, extra)
                        except WorkbenchError as e:
                            show_error(e)
                        else:
                            st.session_state["ca_flash"] = f"已追加邀请 {len(extra)} 个联系点。"
                            st.rerun()
            if c.closed_on is None and allowed(user, "consultation.manage"):
                with cols[2].popover("关闭征求意见", icon=":material/lock:"):
                    early = beijing_today() < c.closes_on
                    note = st.text_input("提前关闭的理由" if early else "备注（可选）", key=record_key("ca_close_note", c.id))
                    if st.button("确认关闭", key=record_key("ca_close_go", c.id)):
                        try:
                            close_consultation(conn, user, c.id, note=note)
                        except WorkbenchError as e:
                            show_error(e)
                        else:
                            st.session_state["ca_flash"] = f"已关闭征求意见 #{c.id}。"
                            st.rerun()
    else:
        st.info("还没有征求意见。")

    if allowed(user, "consultation.manage"):
        st.subheader("发起征求意见")
        outward = {v.id: (d, v) for d in docs.values() for v in list_versions(conn, d.id) if v.label != INTERNAL_LABEL}
        if not outward or not points:
            st.info("需要至少一个对外版本（内部稿不能征求意见）和一个基层立法联系点。")
        else:
            vid = pick_record("征求意见的版本", outward, key="ca_new_version",
                              format_func=lambda v: f"{outward[v][0].title} · {outward[v][1].display}")
            target_doc = outward[vid][0]
            need = minimum_days(target_doc.level)
            with st.form("ca_new"):
                cols = st.columns(2)
                opens = cols[0].date_input("开始日期", value=beijing_today(), key=record_key("ca_opens", vid))
                closes = cols[1].date_input("截止日期", value=beijing_today() + timedelta(days=need), key=record_key("ca_closes", vid),
                                            help=f"{target_doc.level_name}征求意见期不少于 {need} 日（开始当日不计入）")
                invited = st.multiselect("邀请联系点", list(points), format_func=point_names.get, key=record_key("ca_points", vid),
                                         placeholder="选择联系点")
                questions = st.text_area("重点征求意见的问题（每行一个）", key=record_key("ca_questions", vid))
                title = st.text_input("标题（可选）", key=record_key("ca_title", vid))
                go = st.form_submit_button("发起征求意见", type="primary", icon=":material/campaign:")
            if go:
                try:
                    new = open_consultation(conn, user, version_id=vid, opens_on=opens, closes_on=closes,
                                            contact_point_ids=invited, key_questions=questions.splitlines(),
                                            title=title)
                except WorkbenchError as e:
                    show_error(e)
                else:
                    st.session_state["ca_flash"] = f"已发起征求意见：{new.title}"
                    st.rerun()

# --- minutes import ------------------------------------------------------------------------------
with tab_import:
    if not cons:
        st.info("请先发起征求意见。")
    else:
        pick = pick_record("导入到", cons_by_id, format_func=cons_label, key="ca_import_cons")
        import_minutes(conn, user, cons_by_id[pick], point_names, key=f"ca_import_{pick}", allow_point_choice=True)

# --- dispositions ----------------------------------------------------------------------------------
with tab_dispose:
    if not cons:
        st.info("还没有征求意见。")
    else:
        pick = pick_record("征求意见", cons_by_id, format_func=cons_label, key="ca_dispose_cons")
        c = cons_by_id[pick]
        comments = list_comments(conn, user, consultation_id=c.id)
        only_pending = st.toggle("只看待处理的意见", value=True, key="ca_pending")
        shown = [x for x in comments if not (only_pending and x.decision)]
        if not comments:
            st.info("该征求意见还没有收到意见。")
        else:
            doc = get_document(conn, c.document_id)
            views = anchors(conn, comments)
            st.caption(f"条文位置按当前版本显示（{md(next(iter(views.values())).version_display)}）；"
                       "“本条已修改”表示意见所针对的文字在当前版本中已有变化。")
            st.dataframe(comments_frame(shown, views), hide_index=True, width="stretch")
            groups = [[shown[i] for i in g] for g in similar_groups(tuple(x.text for x in shown),
                                                                   tuple(x.article_label for x in shown)) if len(g) > 1]
            group_options = {0: "（不按分组）"} | {k: f"相近意见 {k}：" + "、".join(f"#{x.id}" for x in g) + f"　{g[0].text[:24]}"
                                              for k, g in enumerate(groups, 1)}
            if groups:
                st.caption(f"发现 {len(groups)} 组相近意见，可以一并答复。")
            if allowed(user, "comment.dispose") and shown:
                st.subheader("处理意见")
                g = st.selectbox("相近意见分组", list(group_options), format_func=group_options.get, key=f"ca_group_{c.id}")
                by_cid = {x.id: x for x in shown}
                default = [x.id for x in groups[g - 1]] if g else [shown[0].id]
                chosen = st.multiselect("要处理的意见", list(by_cid), default=default, key=f"ca_chosen_{c.id}_{g}",
                                        placeholder="选择意见",
                                        format_func=lambda i: f"#{i} {by_cid[i].target} {by_cid[i].text[:30]}")
                decision = st.radio("处理结论", DECISIONS, horizontal=True, key=record_key("ca_decision", c.id))
                reason = st.text_area("理由（必填）", key=f"ca_reason_{c.id}")
                ver_by_id = {v.id: v for v in list_versions(conn, doc.id)}
                adopted_version = adopted_article = None
                if decision in ADOPTED:
                    adopted_version = st.selectbox("体现该意见的版本", list(reversed(list(ver_by_id))), key=f"ca_adopt_ver_{c.id}",
                                                   format_func=lambda v: ver_by_id[v].display)
                    arts = {a.id: a for a in ver_by_id[adopted_version].tree.articles}
                    # preselect the article the chosen comments point at, followed into this version
                    # (only when they all point at the same one); otherwise nothing is preselected
                    aligned = {v.new_article_id for v in anchors(conn, [by_cid[i] for i in chosen],
                                                                 adopted_version).values()} if chosen else set()
                    suggested = next(iter(aligned)) if len(aligned) == 1 else None
                    adopted_article = select_or_none(
                        "体现该意见的条（可选）", list(arts), none_label="（不指定）", chosen=suggested,
                        key=f"ca_adopt_art_{adopted_version}_{'-'.join(map(str, chosen))}",
                        format_func=lambda a: f"{arts[a].label} {arts[a].flat_text[:30]}")
                    if suggested in arts:
                        st.caption(f"已按意见所针对的条文预选{arts[suggested].label}（在所选版本中的位置），可更改或选「不指定」。")
                if st.button(f"保存处理结论（{len(chosen)} 条）", type="primary", icon=":material/task_alt:",
                             key="ca_dispose_go"):
                    try:
                        dispose(conn, user, chosen, decision=decision, reason=reason,
                                adopted_version_id=adopted_version if adopted_article else None,
                                adopted_article_id=adopted_article)
                    except WorkbenchError as e:
                        show_error(e)
                    else:
                        st.session_state["ca_flash"] = f"已将 {len(chosen)} 条意见处理为“{decision}”。"
                        st.rerun()

# --- contact points ----------------------------------------------------------------------------------
with tab_points:
    if points:
        st.dataframe(pd.DataFrame([{"编号": p.id, "名称": p.name, "类型": p.kind, "所在区": p.district,
                                    "联络员": p.liaison, "联系方式": p.contact} for p in points.values()]),
                     hide_index=True, width="stretch")
    else:
        st.info("还没有登记基层立法联系点。")
    if allowed(user, "contact_point.manage"):
        with st.form("ca_cp_new", clear_on_submit=True):
            st.markdown("**登记联系点**")
            cols = st.columns(2)
            name = cols[0].text_input("名称", key="ca_cp_name")
            kind = cols[1].selectbox("类型", CONTACT_POINT_KINDS, key="ca_cp_kind")
            district = cols[0].text_input("所在区", key="ca_cp_district")
            liaison = cols[1].text_input("联络员", key="ca_cp_liaison")
            contact = st.text_input("联系方式", key="ca_cp_contact")
            add = st.form_submit_button("登记", icon=":material/add:")
        if add:
            try:
                cp = add_contact_point(conn, user, name=name, kind=kind, district=district, liaison=liaison,
                                       contact=contact)
            except WorkbenchError as e:
                show_error(e)
            else:
                st.session_state["ca_flash"] = f"已登记联系点：{cp.name}"
                st.rerun()
    else:
        st.caption("联系点由管理员登记。")
