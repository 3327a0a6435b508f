"""审查建议: citizens' and organisations' requests — register, link to a filing, answer (反馈) within the period."""
import pandas as pd
import streamlit as st

from base.errors import WorkbenchError
from ui.forms import select_or_none
from ui.state import db, require_action, require_user, show_error
from ui.text import md
from workbench.filing.requests import REQUESTER_KINDS, answer_request, link_request, list_requests, register_request
from workbench.filing.triage import queue

user = require_user()
st.title("审查建议")
require_action(user, "filing.view")
conn = db()
reqs = list_requests(conn, user)
filings = {f.id: f for f in queue(conn, user, include_closed=True)}
if reqs:
    st.dataframe(pd.DataFrame([{"编号": r.id, "提出人": r.requester, "类别": r.requester_kind, "针对文件": r.target,
                                "条文": r.article, "收到": r.received_on, "答复期限": r.due_on, "状态": r.status,
                                "关联案件": r.filing_id or "—", "结果": r.outcome} for r in reqs]),
                 hide_index=True, width="stretch")
else:
    st.info("还没有审查建议。")

with st.expander("登记审查建议", expanded=not reqs):
    c1, c2, c3 = st.columns(3)
    who = c1.text_input("提出人", key="fr_who")
    kind = c2.selectbox("类别", REQUESTER_KINDS, key="fr_kind")
    contact = c3.text_input("联系方式", key="fr_contact")
    target = st.text_input("所针对的文件", key="fr_target")
    article = st.text_input("条文（可选）", key="fr_article")
    reason = st.text_area("理由", key="fr_reason")
    link = select_or_none("关联案件（可选）", list(filings), none_label="不关联", key="fr_link",
                          format_func=lambda i: f"{i}　{filings[i].title}")
    if st.button("登记", type="primary", key="fr_add"):
        try:
            register_request(conn, user, requester=who, requester_kind=kind, target=target, reason=reason,
                             article=article, contact=contact, filing_id=link)
            st.rerun()
        except WorkbenchError as e:
            show_error(e)

open_reqs = [r for r in reqs if r.status != "已反馈"]
if open_reqs:
    st.subheader("办理")
    by_id = {r.id: r for r in open_reqs}
    rid = st.selectbox("审查建议", list(by_id), key="fr_pick", format_func=lambda i: f"{i}　{by_id[i].requester}：{by_id[i].target}")
    r = by_id[rid]
    st.caption(f"理由：{md(r.reason)}")
    if filings and not r.filing_id:
        fid = st.selectbox("关联案件", list(filings), key=f"fr_f_{rid}", format_func=lambda i: f"{i}　{filings[i].title}")
        if st.button("关联", key=f"fr_l_{rid}"):
            try:
                link_request(conn, user, rid, fid)
                st.rerun()
            except WorkbenchError as e:
                show_error(e)
    outcome = st.text_input("审查结果", key=f"fr_o_{rid}", value=filings[r.filing_id].outcome if r.filing_id in filings else "")
    answer = st.text_area("反馈内容", key=f"fr_a_{rid}")
    if st.button("反馈", type="primary", key=f"fr_ans_{rid}"):
        try:
            answer_request(conn, user, rid, answer=answer, outcome=outcome)
            st.rerun()
        except WorkbenchError as e:
            show_error(e)
