"""合法性审核: run the rule book on a stored version, read the findings grouped by the seven heads of
the 审核意见书, by article or by family; advisors dispose of each finding, give an overall opinion,
sign, and download the 合法性审核意见书."""
import streamlit as st

from checks.corpus_link import default_corpus_db
from ui.dossier_form import render_dossier_form
from base.clock import today as beijing_today, beijing
from ui.legality_view import FAMILY_NAMES, SEV_LABEL, finding_html, head_name, version_assessment
from ui.corpus_view import corpus_index
from ui.people import person
from ui.pickers import pick_document, pick_version
from ui.state import db, require_action, require_user, show_error
from ui.text import md
from workbench.documents.store import list_versions
from base.errors import WorkbenchError
from workbench.access.permissions import allowed
from workbench.procedure.dossier_records import document_dossier
from workbench.review.forms import (UNDISPOSED, submit_dispositions, submit_new_review, submit_opinion,
                                    submit_sign)
from workbench.review.store import DISPOSITIONS, OPINIONS, latest_review, sign_blockers
from workbench.review.opinion_docx import review_docx

DOCUMENT_PAGE = "app_pages/document.py"
CORPUS_PAGE = "app_pages/corpus_library.py"

user = require_user()
st.title("合法性审核")
st.caption("按规则目录逐条检查草案，法律顾问逐项确认或不采纳，形成审核意见并签署。")
require_action(user, "check.run")
conn = db()
c1, c2 = st.columns([3, 2])
doc = pick_document(conn, user, key="lg_doc", where=c1, share=False)
versions = list_versions(conn, doc.id)
if not versions:
    st.warning("该文档还没有版本。")
    st.stop()
version = pick_version(doc, versions, key=f"lg_ver_{doc.id}", where=c2)
if version.id != doc.current_version_id:
    st.warning("所选版本不是当前版本：对其签署的审核意见不适用于当前文本。")

corpus = default_corpus_db()
dossier = document_dossier(conn, doc.id, version.id)  # procedure facts the workbench has recorded
assessment = version_assessment(conn, user, version, dossier, str(corpus) if corpus else None)
findings = list(assessment.findings)
counts = assessment.counts
m = st.columns(4)
m[0].metric("条文", len(version.tree.articles))
m[1].metric("错误", counts["error"])
m[2].metric("警示", counts["warning"])
m[3].metric("提示", counts["info"])
if corpus is None:
    st.caption("未找到法规库数据库（请先导入法规库）：引用的法律法规未核验。")

tab_find, tab_review, tab_dossier = st.tabs(["检查结果", "审核与签署", "卷宗事项"], key="lg_tab", on_change="rerun")

with tab_find:
    g1, g2 = st.columns([2, 2])
    grouping = g1.radio("分组", ["按审核意见书七个方面", "按条文", "按规则类别"], horizontal=True, key="lg_group")
    shown = g2.multiselect("显示", list(SEV_LABEL), default=["error", "warning"], format_func=SEV_LABEL.get,
                           key="lg_sev", placeholder="请选择级别")
    visible = [f for f in findings if f.severity in shown]
    if not visible:
        st.success("所选级别下没有发现问题。")
    if grouping == "按审核意见书七个方面":
        key_of, name_of = (lambda f: (f.head or 99)), (lambda k: head_name(0 if k == 99 else k))
    elif grouping == "按条文":
        order = {a.label: i for i, a in enumerate(version.tree.articles)}
        key_of = lambda f: order.get(f.article_label or "", -1)  # noqa: E731
        labels = {i: a for a, i in order.items()}
        name_of = lambda k: labels.get(k, "全文")  # noqa: E731
    else:
        key_of, name_of = (lambda f: f.family), (lambda k: FAMILY_NAMES.get(k, k))
    groups: dict = {}
    for f in visible:
        groups.setdefault(key_of(f), []).append(f)
    articles = {a.label: a for a in version.tree.articles}
    for k in sorted(groups, key=lambda x: (str(type(x)), x)):
        items = groups[k]
        with st.expander(f"{name_of(k)}（{len(items)}）", expanded=len(groups) <= 3):
            for n, f in enumerate(items):
                st.markdown(finding_html(f), unsafe_allow_html=True)
                art = articles.get(f.article_label or "")
                if art is not None and st.button("查看条文", key=f"lg_jump_{k}_{n}_{f.rule}",
                                                 icon=":material/open_in_new:"):
                    st.session_state["doc_id"] = doc.id
                    st.session_state[f"doc_art_{doc.id}"] = art.id
                    st.session_state["doc_ver_pending"] = version.id
                    st.switch_page(DOCUMENT_PAGE)
                upper_id = (f.evidence or {}).get("upper_doc_id")
                if upper_id is not None and st.button("在法规库中打开", key=f"lg_upper_{k}_{n}_{f.rule}",
                                                      icon=":material/local_library:",
                                                      help=f"《{f.evidence.get('upper_title', '')}》"):
                    st.session_state["corpus_doc_id"] = int(upper_id)
                    st.session_state["corpus_view"] = "阅读"
                    st.switch_page(CORPUS_PAGE)

with tab_review:
    review = latest_review(conn, version.id)
    may_review = allowed(user, "review.dispose")
    may_create = allowed(user, "review.create")
    if review is None:
        st.info("该版本还没有审核记录。" + ("" if may_create else
                f"审核由审核机构或法律顾问新建；{user.role_name}可在此查看审核进度、处理结果和审核意见。"))
        with_conflicts = may_create and st.checkbox("同时加入上位法冲突检索结果（需已导入法规库）", key="lg_conf")
        if may_create and st.button("新建审核", type="primary", icon=":material/fact_check:", key="lg_new"):
            try:
                index = corpus_index() if with_conflicts else None
                if with_conflicts and index is None:
                    st.warning("法规库为空，未进行冲突检索。")
                if index is not None:
                    with st.spinner("正在进行冲突检索……"):
                        review = submit_new_review(conn, user, {"version_id": version.id, "with_conflicts": True},
                                                   conflict_index=index, corpus_db=assessment.corpus_db)
                else:
                    review = submit_new_review(conn, user, {"version_id": version.id}, assessment=assessment)
            except WorkbenchError as e:
                show_error(e)
            else:
                st.rerun()
        st.stop()

    st.markdown(f"**审核 {review.id}**　状态：{review.state_label}　总体意见：{review.opinion or '未填写'}")
    st.caption(f"由 {md(person(review.created_by))} 于 {beijing(review.created_at)} 新建（北京时间）")
    if flash := st.session_state.pop("lg_flash", None):
        st.success(flash, icon=":material/check_circle:")
    if review.signed:
        when = (f"{review.signed_on_paper} 签署纸质审核意见（补录）" if review.signed_on_paper
                else f"{beijing(review.signed_at)} 签署（北京时间）")
        st.success(f"已由 {md(person(review.signed_by))} 于 {when}；版本哈希 {review.signed_sha256[:16]}…")
    if review.stale:
        st.warning("文档已有新版本：本审核针对的版本不是当前版本，请对当前版本新建审核。")
    editable = may_review and not review.signed

    if editable:
        with st.form(f"lg_dispose_{review.id}"):
            st.markdown("**逐项处理**（不采纳须说明理由）")
            choices = {}
            for i in review.items:
                st.markdown(finding_html(i.finding), unsafe_allow_html=True)
                a, b = st.columns([1, 3])
                options = [UNDISPOSED, *DISPOSITIONS]
                d = a.selectbox("处理", options, index=options.index(i.disposition or UNDISPOSED),
                                key=f"lg_d_{review.id}_{i.seq}", label_visibility="collapsed")
                reason = b.text_input("理由", value=i.reason, key=f"lg_r_{review.id}_{i.seq}",
                                      placeholder="不采纳的理由（必填）；确认时可填写修改意见",
                                      label_visibility="collapsed")
                choices[i.seq] = (d, reason)
            if st.form_submit_button("保存处理意见", type="primary"):
                rows = [{"seq": s, "disposition": d, "reason": r} for s, (d, r) in choices.items()]
                try:
                    changed = submit_dispositions(conn, user, review.id, rows)
                except WorkbenchError as e:
                    show_error(e)
                else:
                    st.session_state["lg_flash"] = (f"已保存处理意见：更新 {changed} 项。" if changed
                                                    else "处理意见没有变化，未作修改。")
                    st.rerun()
        with st.form(f"lg_opinion_{review.id}"):
            op = st.radio("总体意见", OPINIONS, horizontal=True, key=f"lg_op_{review.id}",
                          index=OPINIONS.index(review.opinion) if review.opinion in OPINIONS else None)
            text = st.text_area("意见说明", value=review.opinion_text, key=f"lg_opt_{review.id}")
            if st.form_submit_button("保存总体意见"):
                try:
                    submit_opinion(conn, user, review.id, {"opinion": op, "text": text})
                except WorkbenchError as e:
                    show_error(e)
                else:
                    st.session_state["lg_flash"] = f"已保存总体意见：{op}。"
                    st.rerun()
    else:
        with st.container(border=True):
            st.markdown(f"**总体意见：{review.opinion or '未填写'}**")
            st.markdown("**意见说明**")
            st.text(review.opinion_text or "（未填写）")
        for i in review.items:
            st.markdown(finding_html(i.finding), unsafe_allow_html=True)
            st.caption(f"处理：{i.disposition or '未处理'}" + (f"　理由：{md(i.reason)}" if i.reason else ""))

    if allowed(user, "review.sign") and not review.signed:
        blockers = sign_blockers(conn, review, user)
        problems = [b.message for b in blockers]
        four_eyes = any(b.code == "four_eyes" for b in blockers)
        if not four_eyes:
            for p in problems:
                st.caption(f":material/info: {p}")
            paper = st.checkbox("补录已在纸面签署的审核意见", key=f"lg_paper_{review.id}",
                                help="启用工作台之前已由法律顾问书面签署的审核意见：按实际签署日期登记，"
                                     "程序类规则（如审核须先于集体审议）以该日期为准；审计日志另记录补录时间。")
            paper_date = st.date_input("纸面签署日期", value=None, max_value=beijing_today(),
                                       key=f"lg_paper_date_{review.id}") if paper else None
            if st.button("签署审核意见", type="primary", icon=":material/verified:",
                         disabled=bool(problems) or (paper and paper_date is None), key=f"lg_sign_{review.id}"):
                try:
                    submit_sign(conn, user, review.id, {"paper": paper, "paper_date": paper_date})
                except WorkbenchError as e:
                    show_error(e)
                else:
                    st.session_state["lg_flash"] = "已签署审核意见。"
                    st.rerun()
        else:
            st.info("您参与起草了该文档，按四眼原则不能签署其审核意见。")
    elif not review.signed:   # say who signs and what is still open, instead of showing nothing
        open_points = [b.message.rstrip("。") for b in sign_blockers(conn, review, user) if b.code != "not_advisor"]
        st.info(f"审核意见由法律顾问签署，{user.role_name}不能签署。" + (
            f"签署前尚待完成：{'；'.join(open_points)}。" if open_points else "审核已可签署，待法律顾问签署。"),
            icon=":material/badge:")
    st.download_button("下载合法性审核意见书（.docx）", data=review_docx(conn, review.id),
                       file_name=f"{doc.title}-合法性审核意见书.docx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       key=f"lg_dl_{review.id}")

with tab_dossier:
    st.caption("程序类规则（征求意见、公平竞争审查、听证、起草说明、施行日期等）依据的事实：工作台已有的记录自动带入，"
               "其余事项在此登记，登记后重新运行检查即生效。")
    render_dossier_form(conn, user, doc, version=version)
