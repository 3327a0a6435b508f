"""提交意见 (基层立法联系点): the drafts open to this point, article by article, and the comment form."""
import streamlit as st

from ui.comment_view import days_left, import_minutes
from ui.text import md
from ui.forms import pick_record, record_key, select_or_none
from ui.state import db, require_user, show_error
from workbench.consultation.comments import SOURCE_KINDS, submit_comment
from workbench.consultation.consultations import consultation_version, consultations_for, get_contact_point
from base.errors import WorkbenchError
from workbench.consultation.reports import draft_docx

user = require_user()
conn = db()
st.title("提交意见")

if user.contact_point_id is None:
    st.warning("您的账户尚未关联基层立法联系点，暂时无法提交意见。请联系管理员在「用户管理」中为您的账户选择所属联系点。",
               icon=":material/link_off:")
    st.stop()
try:
    open_cons = consultations_for(conn, user, only_open=True)
    point = get_contact_point(conn, user.contact_point_id)
except WorkbenchError as e:
    show_error(e)
    st.stop()

st.caption(f"{md(point.name)}（{md(point.kind)}）")
if flash := st.session_state.pop("cs_flash", None):
    st.success(flash)
if not open_cons:
    st.info("目前没有向本联系点征求意见的草案。已提交意见的处理情况请到「意见反馈」页面查看。")
    st.stop()

by_id = {c.id: c for c in open_cons}
cid = pick_record("正在征求意见的草案", by_id, key="cs_consultation",
                  format_func=lambda i: f"{by_id[i].title}（{by_id[i].closes_on:%Y-%m-%d} 截止）")
c = by_id[cid]
version = consultation_version(conn, user, c.id)
tree = version.tree

left = days_left(c.closes_on)
st.markdown(f"征求意见期：{c.opens_on:%Y年%m月%d日} 至 **{c.closes_on:%Y年%m月%d日}**"
            f"（{'今天截止' if left == 0 else f'还剩 {left} 日'}）")
if c.key_questions:
    with st.container(border=True):
        st.markdown("**重点征求意见的问题**")
        for n, q in enumerate(c.key_questions, 1):
            st.text(f"{n}. {q}")


def _draft() -> bytes:
    return draft_docx(db(), user, c.id)


st.download_button("下载征求意见稿（Word）", data=_draft, file_name=f"{tree.title or '征求意见稿'}.docx",
                   mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   icon=":material/download:", on_click="ignore", key="cs_download")

tab_one, tab_minutes = st.tabs(["逐条提交", "导入座谈会记录"], key="cs_tab", on_change="rerun")
with tab_one:
    articles = {a.id: a for a in tree.articles}
    target = select_or_none("针对的条款", list(articles), none_label="整体意见（不针对具体条款）",
                            format_func=lambda i: f"{articles[i].label}　{articles[i].flat_text[:30]}",
                            key=f"cs_article_{c.id}")
    element = target
    if target is not None:
        art = articles[target]
        parts = list(art.elements())
        if len(parts) > 1:
            labels = {eid: text for eid, text in parts}
            element = st.selectbox("具体款项（可选）", [art.id, *labels], key=f"cs_element_{c.id}_{target}",
                                   format_func=lambda e: "整条" if e == art.id else labels[e][:40])
        with st.container(border=True):
            st.markdown(f"**{md(art.label)}**")
            st.text(art.text)
    with st.form("cs_form", clear_on_submit=True):
        text = st.text_area("意见内容", height=150, placeholder="请写明修改建议和理由", key=record_key("cs_text", c.id))
        cols = st.columns(2)
        people = cols[0].number_input("参与人数", min_value=1, value=1, step=1, key=record_key("cs_people", c.id),
                                      help="这条意见代表了多少人的看法")
        kind = cols[1].selectbox("意见来源", SOURCE_KINDS, key=record_key("cs_kind", c.id))
        sent = st.form_submit_button("提交意见", type="primary", icon=":material/send:")
    if sent:
        try:
            cm = submit_comment(conn, user, c.id, text=text, element_id=element, participants=int(people),
                                source_kind=kind)
        except WorkbenchError as e:
            show_error(e)
        else:
            st.session_state["cs_flash"] = f"已提交对{cm.target}的意见（编号 {cm.id}）。处理结果可在「意见反馈」页面查看。"
            st.rerun()

with tab_minutes:
    import_minutes(conn, user, c, {point.id: point.name}, key=f"cs_import_{c.id}", allow_point_choice=False)
