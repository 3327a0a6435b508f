"""卷宗登记 form: the procedural facts no workbench record holds (公平竞争审查结论, 起草说明, 听证 …),
listed with their current values and sources, and recorded by an allowed user.

    render_dossier_form(conn, user, doc)                  # on the 合法性审核 page, e.g. in a tab
    render_dossier_form(conn, user, doc, version=version) # values as of that version; may record for it

The page calls it after picking the document; the checks read the recorded facts through
``workbench.procedure.dossier_records.dossier_for`` (which merges them), so a page that builds its dossier
with ``dossier_for`` / ``dossier_for_check`` picks up a new recording on its next run.
All logic (validation, permission, audit) lives in workbench.procedure.dossier_facts.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from workbench.documents.store import Document, Version
from workbench.procedure.dossier_facts import FACT_LABELS, FactSpec, fact_history, facts_for_level, record_fact, recorded_facts, show_value
from workbench.procedure.dossier_records import SOURCES_KEY, dossier_for
from base.errors import StaleWrite, WorkbenchError
from workbench.access.permissions import ACTIONS, allowed
from workbench.access.users import User

YES, NO = "是", "否"
NOTE_HINT = "如：市场监管局 2026-03-02 审查意见：未发现排除、限制竞争内容"


def render_dossier_form(conn, user: User, doc: Document, *, version: Version | None = None,
                        key_prefix: str = "dossier") -> None:
    """The recordable facts of ``doc``'s level with value and source; a form to record one."""
    kp = f"{key_prefix}_{doc.id}"
    flash = st.session_state.pop(f"{kp}_flash", None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    specs = facts_for_level(doc.level)
    try:
        dossier = dossier_for(conn, doc.id, version.id if version else None)
        recorded = recorded_facts(conn, doc.id, version.id if version else None)
    except WorkbenchError as e:
        st.error(str(e))
        return
    st.caption("工作台记录（征求意见、审核签署、流程阶段）得不出的程序事项在此登记，并写明依据。登记值优先于"
               "工作台记录，运行合法性检查时作为卷宗读取。")
    st.dataframe(_rows(specs, dossier, recorded), hide_index=True, width="stretch",
                 column_config={"事项": st.column_config.TextColumn(width="medium"),
                                "来源": st.column_config.TextColumn(width="large")})
    _history(conn, doc)
    if not allowed(user, "dossier.record"):
        st.info(f"{user.role_name}无权{ACTIONS['dossier.record']}。", icon=":material/lock:")
        return
    key = st.selectbox("登记事项", [s.key for s in specs], format_func=FACT_LABELS.get, key=f"{kp}_key")
    spec = next(s for s in specs if s.key == key)
    st.caption(spec.help)
    _form(conn, user, doc, spec, dossier, recorded, version, kp)


def _rows(specs: list[FactSpec], dossier: dict, recorded: dict) -> list[dict]:
    sources = dossier.get(SOURCES_KEY) or {}
    rows = []
    for s in specs:
        if s.key in dossier:
            value = show_value(dossier[s.key])
            src = sources.get(s.key, "")
            origin = src if s.key in recorded else f"工作台记录：{src}"
        else:
            value, origin = "—", "未登记"
        rows.append({"事项": s.label, "当前值": value, "来源": origin, "相关规则": "、".join(s.rules)})
    return rows


def _history(conn, doc: Document) -> None:
    history = fact_history(conn, doc.id)
    if not history:
        return
    with st.expander(f"登记记录（{len(history)}）", icon=":material/history:"):
        st.dataframe([{"时间": f.recorded_at_display, "登记人": f.recorded_by_name, "事项": f.label,
                       "值": f.shown, "依据 / 理由": f.note} for f in history], hide_index=True, width="stretch")


def _widget(spec: FactSpec, current, key: str):
    """The input for one fact, seeded with its current value (recorded or derived)."""
    if spec.kind == "bool":
        index = None if current is None else (0 if current else 1)
        choice = st.radio(spec.label, [YES, NO], index=index, horizontal=True, key=key)
        return None if choice is None else choice == YES
    if spec.kind == "date":
        seed = date.fromisoformat(str(current)[:10]) if current else None
        picked = st.date_input(spec.label, value=seed, min_value=date(1949, 10, 1), max_value=date(2100, 12, 31),
                               format="YYYY-MM-DD", key=key)
        return picked.isoformat() if picked else ""
    if spec.kind == "list" and spec.options:
        seed = list(current or [])
        options = list(dict.fromkeys([*spec.options, *seed]))
        return st.multiselect(spec.label, options, default=seed, accept_new_options=True, key=key,
                              placeholder="选择或输入后回车")
    if spec.kind == "list":
        return st.text_area(spec.label, value="\n".join(current or []), key=key, help="每行一个名称")
    return st.text_area(spec.label, value=current or "", key=key)


def _form(conn, user: User, doc: Document, spec: FactSpec, dossier: dict, recorded: dict,
          version: Version | None, kp: str) -> None:
    history = fact_history(conn, doc.id, spec.key)
    seen_key = f"{kp}_{spec.key}_seen"
    # the recording the user looked at when the form first showed (0: none): a recording by
    # someone else in between is refused (StaleWrite) instead of silently overwritten
    seen = st.session_state.setdefault(seen_key, history[0].id if history else 0)
    wkeys = [f"{kp}_{spec.key}_{name}" for name in ("value", "note", "withdraw", "version")]
    with st.form(f"{kp}_{spec.key}_form", border=True):
        value = _widget(spec, dossier.get(spec.key), wkeys[0])
        note = st.text_area("依据（文件名称、日期、文号、结论摘要）", key=wkeys[1], placeholder=NOTE_HINT)
        withdraw = False
        if spec.key in recorded:
            withdraw = st.checkbox("撤销此项登记（恢复为工作台记录或未登记，须在依据栏写明理由）", key=wkeys[2])
        for_version = False
        if version is not None:
            for_version = st.checkbox(f"仅适用于 {version.display} 及以后的版本", key=wkeys[3])
        submitted = st.form_submit_button("登记", icon=":material/save:", type="primary")
    if not submitted:
        return
    if value is None and not withdraw:
        st.error(f"请选择{spec.label}。")
        return
    try:
        fact = record_fact(conn, user, doc.id, spec.key, None if withdraw else value, note,
                           version_id=version.id if for_version and version else None,
                           expected_previous_id=seen)
    except StaleWrite as e:
        st.session_state.pop(seen_key, None)       # show the newer recording on the next run
        st.error(str(e))
        return
    except WorkbenchError as e:
        st.error(str(e))
        return
    for k in (seen_key, *wkeys):
        st.session_state.pop(k, None)
    what = "已撤销" if fact.withdrawn else f"已登记：{fact.shown}"
    st.session_state[f"{kp}_flash"] = f"「{spec.label}」{what}"
    st.rerun()
