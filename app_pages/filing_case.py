"""审查案件: one filing worked from the queue — its text and materials, the review items (确认 / 不采纳
with a reason, the reviewer's own findings on any article), letters in 公文 form, the organ's reply
with the corrected text and its redline, assignment and 审结."""
import streamlit as st

from base.errors import WorkbenchError
from checks.finding import SEVERITY_NAMES
from lawtext.model import LEVELS
from ui.doc_view import render_full_text
from ui.legality_view import finding_html
from ui.people import person
from ui.redline_view import heading_markdown, inline_html
from ui.state import db, require_action, require_user, show_error
from ui.uploads import file_uploader
from ui.text import md
from workbench.filing import casework, letters
from workbench.filing.casework import FINAL_OUTCOMES
from workbench.filing.materials import read_material
from workbench.filing.store import SEVERITIES
from workbench.filing.triage import queue
from workbench.filing.views import letter_file, material_file, open_case, reviewers


user = require_user()
st.title("审查案件")
require_action(user, "filing.view")
conn = db()
rows = queue(conn, user, include_closed=True)
if not rows:
    st.info("还没有报备文件。请先在「备案登记」页登记。")
    st.stop()
by_id = {f.id: f for f in rows}
if st.session_state.get("filing_id") not in by_id:
    st.session_state["filing_id"] = rows[0].id
st.session_state["fc_pick"] = st.session_state["filing_id"]
fid = st.selectbox("案件", list(by_id), key="fc_pick", format_func=lambda i: f"{i}　{by_id[i].title}（{by_id[i].status}）",
                   on_change=lambda: st.session_state.update(filing_id=st.session_state["fc_pick"]))
case = open_case(conn, user, fid)
f = case.filing
if flash := st.session_state.pop("fc_flash", None):
    st.success(flash, icon=":material/check_circle:")


def act(fn, message: str):
    """Run a core call; show its Chinese error, or rerun with a flash message."""
    try:
        fn()
    except WorkbenchError as e:
        show_error(e)
    else:
        st.session_state["fc_flash"] = message
        st.rerun()


st.markdown(f"**《{md(f.title)}》**　{md(f.organ_name)}　{md(f.doc_number) or '（无文号）'}　{LEVELS.get(f.level, f.level)}")
st.caption(f"公布 {f.published_on or '—'}　施行 {f.effective_on or '—'}　报备 {f.filed_on}　登记 {f.registered_on or '未登记'}　"
           f"审查期限 {f.review_due or '—'}　状态 {f.status}{('（' + f.outcome + '）') if f.outcome else ''}　"
           f"承办人 {person(f.assignee) or '未分派'}")
if f.late:
    st.warning(f"逾期报备：超过法定报备期限 {f.late_days} 日。", icon=":material/schedule:")
if f.missing:
    st.warning(f"材料不全，缺少：{'、'.join(f.missing)}。", icon=":material/description:")
if f.triage_problem:
    st.error(f.triage_problem)

t_items, t_text, t_letters, t_reply, t_close = st.tabs(["审查事项", "文本与材料", "函件", "回复与纠正", "分派与审结"],
                                                      key="fc_tabs", on_change="rerun")   # stays on its tab

with t_items:
    st.caption(f"共 {len(case.items)} 项：已确认 {len(case.confirmed)}，未处理 {len(case.undisposed)}。")
    for i in case.items:
        st.markdown(finding_html(i.as_finding()), unsafe_allow_html=True)
        done = f"已{i.disposition}" + (f"：{i.reason}" if i.reason else "") if i.disposition else "未处理"
        if f.closed:
            st.caption(done)
            continue
        with st.form(key=f"fc_f_{fid}_{i.seq}", border=False):
            c1, c2, c3 = st.columns([2, 4, 1])
            choice = c1.radio("处理", ["确认", "不采纳"], key=f"fc_d_{fid}_{i.seq}", horizontal=True,
                              label_visibility="collapsed",
                              index=None if not i.disposition else ["确认", "不采纳"].index(i.disposition))
            reason = c2.text_input("理由", key=f"fc_r_{fid}_{i.seq}", value=i.reason, placeholder="不采纳须说明理由",
                                   label_visibility="collapsed")
            if c3.form_submit_button("保存", key=f"fc_s_{fid}_{i.seq}"):
                act(lambda i=i, c=choice, r=reason: casework.dispose(conn, user, fid, i.seq, c or "", reason=r),
                    f"第 {i.seq} 项：{choice}")
        st.caption(done)
    if not f.closed:
        with st.expander("就某条提出审查意见"):
            arts = {a.id: a for a in case.text.articles}
            art = st.selectbox("条文", list(arts), key=f"fc_art_{fid}",
                               format_func=lambda a: f"{arts[a].label}　{arts[a].flat_text[:30]}")
            msg = st.text_area("审查意见", key=f"fc_msg_{fid}")
            sev = st.selectbox("严重程度", list(SEVERITIES), format_func=SEVERITY_NAMES.get, key=f"fc_sev_{fid}")
            basis = st.text_input("依据", key=f"fc_basis_{fid}")
            if st.button("添加", key=f"fc_add_{fid}", icon=":material/add_comment:"):
                act(lambda: casework.add_finding(conn, user, fid, element_id=art, message=msg, severity=sev, basis=basis),
                    "已添加审查意见。")

with t_text:
    for m in case.materials:
        name, data = material_file(conn, user, fid, m.id)
        st.download_button(f"{m.kind}：{m.filename}", data, file_name=name, key=f"fc_mat_{m.id}",
                           icon=":material/download:")
    render_full_text(case.text)

with t_letters:
    for x in case.letters:
        _, data = letter_file(conn, user, x.id)
        st.download_button(f"{x.kind}　{x.number}　{x.issued_on}" + (f"　回复期限 {x.reply_due}" if x.reply_due else ""),
                           data, file_name=f"{x.kind}-{x.number}.docx", key=f"fc_let_{x.id}", icon=":material/download:")
    kind = st.selectbox("发函", letters.LETTER_KINDS, key=f"fc_kind_{fid}")
    if st.button("生成并登记函件", key=f"fc_issue_{fid}", icon=":material/mail:"):
        act(lambda: letters.issue_letter(conn, user, fid, kind), f"已发出{kind}。")

with t_reply:
    for r in case.replies:
        st.markdown(f"**{r.received_on} 收到回复**：{md(r.text) or '（无文字）'}" + ("（附纠正后的文本）" if r.corrected_version_id else ""))
    if not f.closed:
        text = st.text_area("回复内容", key=f"fc_reply_{fid}")
        received = st.date_input("收到日期", key=f"fc_recv_{fid}", format="YYYY-MM-DD")
        up = file_uploader("纠正后的文本（可选）", ["docx", "md", "txt", "pdf"], key=f"fc_corr_{fid}")

        def _reply():
            tree = read_material(up.getvalue(), up.name, kind="正式文本").tree if up else None
            casework.record_reply(conn, user, fid, text=text, received_on=received, corrected=tree,
                                  source_name=up.name if up else "")
        if st.button("登记回复", key=f"fc_rec_{fid}", icon=":material/inbox:"):
            act(_reply, "已登记回复。")
    diff = casework.redline(conn, f)
    if diff is not None:
        st.subheader("修改对照（报备文本 → 纠正后文本）")
        for item in diff.changed_items:
            st.markdown(heading_markdown(item))
            st.markdown(inline_html(item), unsafe_allow_html=True)

with t_close:
    people = {u.username: u for u in reviewers(conn, user)}
    if not f.closed and people:
        who = st.selectbox("承办人", list(people), key=f"fc_who_{fid}", format_func=lambda u: people[u].label,
                           index=list(people).index(f.assignee) if f.assignee in people else 0)
        if st.button("分派", key=f"fc_assign_{fid}", icon=":material/person_add:"):
            act(lambda: casework.assign(conn, user, fid, who), f"已分派给 {people[who].display_name}。")
    if not f.closed:
        outcome = st.selectbox("审结结论", FINAL_OUTCOMES, key=f"fc_out_{fid}")
        note = st.text_input("说明（撤销须注明决定）", key=f"fc_note_{fid}")
        if st.button("审结", type="primary", key=f"fc_close_{fid}", icon=":material/task_alt:"):
            act(lambda: casework.close(conn, user, fid, outcome, note=note), f"已审结：{outcome}。")
    else:
        st.success(f"已于 {f.closed_on} 审结：{f.outcome}" + (f"（{f.decision_note}）" if f.decision_note else ""))
