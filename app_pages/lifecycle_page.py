"""流程: where a document stands in its level's procedure, the moves open to this user and what blocks
the others, the dates recorded (公布, 备案, 有效期), reminders, history, and 修改/废止 projects."""

import pandas as pd
import streamlit as st

from ui.doc_view import fmt_time
from ui.people import person
from ui.pickers import pick_document
from ui.forms import record_key
from ui.state import db, require_action, require_user, show_error
from ui.text import md
from workbench.procedure import config as procedure_config, lifecycle as lc, stages
from base.errors import WorkbenchError
from workbench.procedure.plan import revision_projects, start_revision
from base.clock import today as beijing_today

user = require_user()
conn = db()
st.title("流程")
require_action(user, "document.view")
if flash := st.session_state.pop("lc_flash", None):
    st.success(flash)

doc = pick_document(conn, user, key="lc_doc", empty="还没有文档。",
                    describe=lambda d: f"{d.title}（{d.level_name}，{d.stage}）")

# Optimistic concurrency: the row_version this page was showing when the user decided.
seen_key = f"lc_seen_{doc.id}"
seen = st.session_state.setdefault(seen_key, doc.row_version)
if seen != doc.row_version:
    st.warning("该文档已被他人更新（新版本或阶段变化）：请刷新后再操作。", icon=":material/sync_problem:")
    if st.button("刷新", icon=":material/refresh:", key="lc_refresh"):
        st.session_state[seen_key] = doc.row_version
        st.rerun()

if doc.level not in stages.STAGES:
    st.error(f"未知的文件层级：{doc.level}")
    st.stop()
seq = stages.stages(doc.level)
ended = doc.stage in stages.ENDED[doc.level]
st.markdown(" → ".join(f"**:blue[{s}]**" if s == doc.stage else s for s in seq)
            + (f"　｜　**:red[{doc.stage}]**" if ended else ""))
note = stages.STAGE_NOTES[doc.level].get(doc.stage)
st.caption(f"{doc.level_name}　当前阶段：{doc.stage}" + (f"　—　{note}" if note else ""))

dates = lc.get_dates(conn, doc.id)
cols = st.columns(4)
fmt = lambda d: d.strftime("%Y-%m-%d") if d else "—"  # noqa: E731
cols[0].metric("公布日期", fmt(dates.published_on))
cols[1].metric("备案日期", fmt(dates.filed_on))
cols[2].metric("有效期至", fmt(dates.valid_until) if doc.level == "ND" else "—")
cols[3].metric("最近评估/清理", fmt(dates.last_cleanup_on))
for r in lc.reminders(conn, doc):
    {"overdue": st.error, "due": st.warning, "info": st.info}[r.severity](f"{r.kind}：{r.message}")

st.subheader("下一步")
options = lc.options(conn, user, doc)
if not options:
    st.info("该文档已处于终结状态，没有可进行的流程操作。")
elif not any(o.permitted for o in options):
    handlers = "、".join(dict.fromkeys(o.transition.role_names for o in options))
    st.info(f"当前阶段「{doc.stage}」的下一步（{'、'.join(o.transition.label for o in options)}）由{handlers}办理；"
            f"{user.role_name}可在此查看进度和受阻原因。", icon=":material/badge:")
for opt in options:
    t = opt.transition
    with st.container(border=True):
        st.markdown(f"**{t.label}**")
        st.caption(f"办理：{t.role_names}")
        for reason in opt.reasons:
            st.markdown(f":red[:material/block:] {md(reason)}")
        if not opt.permitted:
            continue
        key = f"lc_{doc.id}_{t.target}"
        on = valid_until = None
        if t.verb in ("publish", "file", "repeal", "expire", "evaluate"):
            on = st.date_input({"publish": "公布日期", "file": "备案日期"}.get(t.verb, "日期"), value=beijing_today(),
                               max_value=beijing_today(), key=key + "_on")
        if t.verb == "publish" and doc.level == "ND":
            valid_until = st.date_input("有效期至", value=procedure_config.default_valid_until(doc.title, on or beijing_today()),
                                        key=key + "_vu")
        note_text = st.text_input("说明（可选）", key=key + "_note")
        if st.button(t.label, key=key + "_go", disabled=not opt.enabled, type="primary" if opt.enabled else "secondary"):
            try:
                ev = lc.advance(conn, user, doc.id, t.target, expected_row_version=seen, on=on, note=note_text,
                                valid_until=valid_until)
            except WorkbenchError as e:      # GateBlocked, PermissionDenied, StaleWrite: the Chinese reason
                show_error(e)
            else:
                st.session_state[seen_key] = ev.row_version
                st.session_state["lc_flash"] = f"已{t.label}。" + "".join(n if n.endswith("。") else f"{n}。" for n in ev.notes)
                st.rerun()

if stages.may_record_cleanup(user, doc):
    with st.expander("登记评估/清理"):
        on = st.date_input("评估/清理日期", value=beijing_today(), max_value=beijing_today(), key=record_key("lc_cleanup_on", doc.id))
        text = st.text_input("结论", key=record_key("lc_cleanup_note", doc.id), placeholder="如：继续有效")
        if st.button("登记", key=record_key("lc_cleanup_go", doc.id)):
            try:
                lc.record_cleanup(conn, user, doc.id, on=on, note=text)
            except WorkbenchError as e:
                show_error(e)
            else:
                st.session_state["lc_flash"] = "已登记评估/清理。"
                st.rerun()

projects = revision_projects(conn, doc.id)
if projects or stages.may_start_revision(user, doc):
    st.subheader("修改与废止")
    for p in projects:
        st.markdown(f"- {p.year} 年{p.kind}项目 #{p.id}《{md(p.title)}》：{p.status}"
                    + (f"（修改草案：文档 {p.document_id}）" if p.document_id else ""))
    if stages.may_start_revision(user, doc):
        c1, c2 = st.columns(2)
        for col, kind in ((c1, "修改"), (c2, "废止")):
            if col.button(f"发起{kind}项目", key=f"lc_rev_{kind}", icon=":material/add_task:"):
                try:
                    p, new_doc = start_revision(conn, user, doc.id, kind)
                except WorkbenchError as e:
                    show_error(e)
                else:
                    st.session_state["lc_flash"] = f"已列入立法计划：{p.title}（#{p.id}）" + (
                        f"，修改草案为文档 {new_doc.id}" if new_doc else "")
                    st.rerun()

st.subheader("流程记录")
hist = lc.history(conn, doc.id)
if hist:
    st.dataframe(pd.DataFrame([{
        "时间": fmt_time(h["ts"]), "操作人": person(h["actor"]), "从": h["from"], "到": h["to"], "办理日期": h["on"] or "",
        "说明": "；".join(x for x in [h["note"], *h["notes"]] if x),
    } for h in reversed(hist)]), hide_index=True, width="stretch")
else:
    st.caption("尚无阶段变更。")
