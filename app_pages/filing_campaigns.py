"""专项审查: choose a scope (levels, region, the corpus's in-force documents and/or the filings) and what to look
for (rule families or rules, or the 清理 of an upper-law change), run it in the background with progress,
review the hits as a list, export .csv/.docx."""
import pandas as pd
import streamlit as st

from base.errors import WorkbenchError
from checks.corpus_link import default_corpus_db
from checks.registry import all_rules
from lawtext.model import LEVELS
from ui.filing_view import progress
from ui.legality_view import FAMILY_NAMES
from ui.redline_view import markup_html
from ui.state import db, db_path, require_action, require_user, show_error
from workbench.filing import campaigns as cp
from workbench.schema import open_db

user = require_user()
st.title("专项审查")
require_action(user, "filing.view")
conn = db()
corpus = st.session_state.get("corpus_db_path") or default_corpus_db()
rules = all_rules()
families = sorted({r.family for r in rules})

with st.expander("新建专项审查", expanded=not cp.list_campaigns(conn, user)):
    title = st.text_input("名称", key="fc_title", placeholder="如：涉企保证金专项清理")
    c1, c2, c3 = st.columns(3)
    levels = c1.multiselect("层级", list(LEVELS), default=list(LEVELS), format_func=LEVELS.get, key="fc_levels",
                         placeholder="请选择")
    sources = c2.multiselect("来源", cp.SOURCES, default=list(cp.SOURCES), key="fc_sources",
                          placeholder="请选择")
    region = c3.text_input("法规库地区（省名简称，留空为全部）", key="fc_region")
    kind = st.radio("审查内容", [cp.RULES, cp.CLEANUP], horizontal=True, key="fc_kind",
                    format_func={cp.RULES: "按规则审查", cp.CLEANUP: "上位法修改后的清理"}.get)
    fams, ids, law, since = [], [], "", ""
    if kind == cp.RULES:
        fams = st.multiselect("规则类别", families, format_func=lambda f: FAMILY_NAMES.get(f, f), key="fc_fams",
                              placeholder="全部类别")
        ids = st.multiselect("或指定规则", [r.id for r in rules], key="fc_rules", placeholder="请选择规则",
                             format_func=lambda i: f"{i} {next(r.title for r in rules if r.id == i)}")
    else:
        u1, u2 = st.columns([3, 2])
        law = u1.text_input("修改或废止的上位法", key="fc_law", placeholder="例如：中华人民共和国文物保护法 或 文物保护法")
        since = u2.text_input("与该日期有效的版本比较", key="fc_since", placeholder="YYYY-MM-DD（默认上一版本）")
        st.caption("列出范围内引用或重述上位法已修改、删除条文的条文，附上位法条文、变化和建议（修改/废止/保留）。")
    if corpus is None and (kind == cp.CLEANUP or "法规库" in sources):
        st.caption("未找到法规库数据库：只审查备案文件。" if kind == cp.RULES else "未找到法规库数据库：无法清理。")
    if st.button("开始审查", type="primary", key="fc_start", icon=":material/play_arrow:"):
        try:
            cid = cp.create_campaign(conn, user, title, cp.Scope(levels=levels, region=region.strip(), sources=tuple(sources)),
                                     families=fams, rules=ids, cleanup_law=law, cleanup_since=since)
            cp.start_in_background(db_path(), user.username, cid, corpus_db=str(corpus) if corpus else None, open_db=open_db)
            st.session_state["fc_campaign"] = cid
        except WorkbenchError as e:
            show_error(e)


def _row(c: dict, h: dict) -> dict:
    if cp.kind_of(c["selection"]) == cp.CLEANUP:
        return {"编号": h["id"], "来源": h["source"], "文件": h["title"], "条文": h["article_label"],
                "上位法条文": h["upper_article"], "变化": h["change"], "建议": h["action"], "审查意见": h["message"],
                "核查": h["state"], "说明": h["note"]}
    return {"编号": h["id"], "来源": h["source"], "文件": h["title"], "条文": h["article_label"], "规则": h["rule"],
            "问题": h["message"], "核查": h["state"], "说明": h["note"]}


@st.fragment(run_every=1.0)
def campaign_list():
    fresh = db()
    rows = cp.list_campaigns(fresh, user)
    if not rows:
        st.info("还没有专项审查。")
        return
    by_id = {c["id"]: c for c in rows}
    cid = st.selectbox("专项审查", list(by_id), key="fc_pick",
                       format_func=lambda i: f"{i}　{by_id[i]['title']}（{by_id[i]['status']}）")
    c = by_id[cid]
    if c["status"] in ("排队", "进行中"):
        progress(c, done_key="done", what="审查进度")
        st.caption(f"已发现 {c['hits']} 项")
        return
    if c["error"]:
        st.error(c["error"])
    st.caption(f"{cp.describe_selection(c)}：审查文件 {c['done']} 件，发现 {c['hits']} 项。")
    hits = cp.hits_of(fresh, user, cid)
    if hits:
        st.dataframe(pd.DataFrame([_row(c, h) for h in hits]), hide_index=True, width="stretch")
    d1, d2 = st.columns(2)
    d1.download_button("导出 .csv", cp.export_csv(fresh, user, cid), file_name=f"专项审查{cid}.csv", key=f"fc_csv_{cid}")
    d2.download_button("导出 .docx", cp.export_docx(fresh, user, cid), file_name=f"专项审查{cid}.docx", key=f"fc_docx_{cid}")


campaign_list()
hits = {h["id"]: h for h in cp.hits_of(conn, user, st.session_state["fc_pick"])} if st.session_state.get("fc_pick") else {}
if hits:
    st.subheader("核查")
    hid = st.selectbox("发现", list(hits), key="fc_hit", format_func=lambda i: f"{i}　{hits[i]['title']} {hits[i]['article_label']}")
    st.caption(f"{hits[hid]['message']}　原文：{hits[hid]['excerpt']}")
    if hits[hid].get("redline"):
        st.markdown(f"**上位法{hits[hid]['upper_article']}修订痕迹**（{hits[hid]['change']}；删除线为原文，下划线为修改后的文字）：")
        st.markdown(markup_html(hits[hid]["redline"]), unsafe_allow_html=True)
    state = st.radio("结论", ["确认", "排除"], horizontal=True, key=f"fc_state_{hid}")
    note = st.text_input("说明（排除须说明理由）", key=f"fc_note_{hid}")
    if st.button("保存核查结论", key=f"fc_mark_{hid}"):
        try:
            cp.mark_hit(conn, user, hid, state, note)
            st.rerun()
        except WorkbenchError as e:
            show_error(e)
