"""意见反馈: a contact point reads what became of its own comments; staff see the statistics,
charts and download the feedback letters and the 征求意见采纳情况说明."""
import streamlit as st

from ui.comment_view import comment_card, stats_chart, stats_metrics, stats_table
from ui.text import md
from ui.forms import record_key, select_or_none
from ui.state import db, require_user, show_error
from workbench.consultation.anchoring import adopted_in, anchors
from workbench.consultation.reports import adoption_report_docx, feedback_letter_docx
from workbench.consultation.stats import breakdown
from workbench.consultation.comments import list_comments
from workbench.consultation.consultations import consultations_for, get_contact_point, list_contact_points
from workbench.documents.store import get_document
from base.errors import WorkbenchError
from lawtext.exporting import document_filename
from workbench.access.permissions import allowed

NO_POINT = ("您的账户尚未关联基层立法联系点，暂时无法查看意见反馈。"
            "请联系管理员在「用户管理」中为您的账户选择所属联系点。")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

user = require_user()
conn = db()
st.title("意见反馈")


def doc_title(consultation) -> str:
    return get_document(conn, consultation.document_id).title


def adopted_where(c) -> str:
    return adopted_in(conn, c, viewer=user)      # never an internal draft for a contact point


def contact_view() -> None:
    if user.contact_point_id is None:
        st.warning(NO_POINT, icon=":material/link_off:")
        return
    point = get_contact_point(conn, user.contact_point_id)
    st.caption(md(point.name))
    mine = list_comments(conn, user)
    if not mine:
        st.info("本联系点还没有提交意见。可在「提交意见」页面对正在征求意见的草案提出意见。")
        return
    stats_metrics(breakdown(conn, mine))
    views = anchors(conn, mine, viewer=user)
    cons = {c.id: c for c in consultations_for(conn, user)}
    for cid in sorted({c.consultation_id for c in mine}, reverse=True):
        c = cons[cid]
        own = [x for x in mine if x.consultation_id == cid]
        st.subheader(md(c.title))
        done = sum(1 for x in own if x.decision)
        cols = st.columns([3, 1], vertical_alignment="bottom")
        cols[0].caption(f"{c.opens_on:%Y-%m-%d} 至 {c.closes_on:%Y-%m-%d}　{c.status()}　已答复 {done}/{len(own)} 条")
        cols[1].download_button("下载反馈函", data=lambda cid=cid: feedback_letter_docx(db(), user, cid, point.id),
                                file_name=document_filename(doc_title(c), f"采纳情况反馈-{point.name}", "docx"),
                                mime=DOCX, on_click="ignore",
                                icon=":material/download:", key=f"fb_letter_{cid}")
        for x in own:
            comment_card(x, views[x.id], show_point=False, adopted_in=adopted_where(x))


def staff_view() -> None:
    cons = consultations_for(conn, user)
    if not cons:
        st.info("还没有征求意见。")
        return
    by_id = {c.id: c for c in cons}
    scope = select_or_none("范围", list(by_id), none_label="全部征求意见", key="fb_scope",
                           help="选择一次征求意见后，可在页面下方下载征求意见采纳情况说明和各联系点的反馈函。",
                           format_func=lambda i: by_id[i].display)
    comments = list_comments(conn, user, consultation_id=scope)
    stats = breakdown(conn, comments)
    stats_metrics(stats)
    if not comments:
        st.info("尚未收到意见。")
    else:
        st.markdown("**各联系点意见与采纳情况**")
        stats_chart(stats["by_contact_point"], "name", "联系点")
        st.dataframe(stats_table(stats["by_contact_point"], "name", "联系点"), hide_index=True, width="stretch")
        if scope is None and len(stats["by_consultation"]) > 1:
            st.markdown("**各次征求意见情况**")
            stats_chart(stats["by_consultation"], "title", "征求意见")
            st.dataframe(stats_table(stats["by_consultation"], "title", "征求意见"), hide_index=True, width="stretch")
    st.subheader("下载")
    if scope is None:
        st.info("征求意见采纳情况说明和各联系点的反馈函按每次征求意见生成：请在上方「范围」中选择一次征求意见后下载。",
                icon=":material/download:")
        return
    c = by_id[scope]
    cols = st.columns(2)
    cols[0].download_button("征求意见采纳情况说明", data=lambda: adoption_report_docx(db(), user, consultation_id=scope),
                            file_name=document_filename(doc_title(c), "征求意见采纳情况说明", "docx"), mime=DOCX,
                            on_click="ignore",
                            icon=":material/summarize:", key="fb_report")
    names = {p.id: p.name for p in list_contact_points(conn)}
    pid = cols[1].selectbox("反馈函：联系点", c.invited, format_func=lambda i: names.get(i, str(i)), key=record_key("fb_point", scope))
    cols[1].download_button("下载该联系点的反馈函", data=lambda: feedback_letter_docx(db(), user, scope, pid),
                            file_name=document_filename(doc_title(c), f"采纳情况反馈-{names.get(pid, pid)}", "docx"),
                            mime=DOCX, on_click="ignore",
                            icon=":material/mail:", key="fb_letter")


try:
    if allowed(user, "comment.view_all"):
        staff_view()
    else:
        contact_view()
except WorkbenchError as e:
    show_error(e)
