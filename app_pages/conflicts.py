"""冲突检索: compare every article of a stored draft version with 上位法 and peer regulations in
the corpus; results grouped per article, with redlines and flags."""
import html

import streamlit as st

from corpus.conflicts import GROUPS
from corpus.store import AMENDED, CURRENT
from ui.corpus_view import GROUP_COLORS, badges, corpus_index, hit_title
from ui.doc_view import short
from ui.redline_view import ops_html
from ui.state import db, require_user, show_error
from ui.text import md
from workbench.documents.store import documents_for, list_versions
from base.errors import WorkbenchError
from workbench.access.permissions import require
from workbench.corpus_admin import conflicts_for

user = require_user()
st.title("冲突检索")
st.caption("逐条比对草案与上位法（法律、行政法规、上级地方性法规）及其他地方的同级法规，标出情态词、金额、期限的差异。")
try:
    require(user, "check.run")
    conn = db()
    docs = documents_for(conn, user)
except WorkbenchError as e:
    show_error(e)
    st.stop()
if not docs:
    st.info("还没有文档。请先在「导入」页面导入草案。")
    st.stop()

c1, c2 = st.columns([3, 2])
doc = c1.selectbox("草案", docs, format_func=lambda d: f"{d.title}（{d.level_name}）", key="cf_doc")
versions = list_versions(conn, doc.id)
current = next((i for i, v in enumerate(versions) if v.id == doc.current_version_id), len(versions) - 1)
version = c2.selectbox("版本", versions, index=current, format_func=lambda v: v.display, key=f"cf_ver_{doc.id}")
o1, o2, o3 = st.columns(3)
per_group = o1.number_input("每组条数", min_value=1, max_value=5, value=3, key="cf_top")
min_score = o2.slider("最低相似度", min_value=0.2, max_value=0.9, value=0.35, step=0.05, key="cf_min")
with_amended = o3.checkbox("也比对已被修改的旧版本", key="cf_amended")

index = corpus_index()
if index is None:
    st.info("法规库为空，请管理员先在「法规库」页面导入法规。")
    st.stop()

params = (version.id, int(per_group), float(min_score), bool(with_amended), index.generation)
if st.button("开始检索", type="primary", icon=":material/manage_search:", key="cf_run"):
    tree = version.tree
    if not tree.articles:
        st.error("该版本中没有条文，无法比对。")
    else:
        bar = st.progress(0.0, text="正在比对……")
        try:
            report = conflicts_for(
                user, index, tree, level=doc.level, title=doc.title, issuing_body=doc.issuing_body,
                per_group=int(per_group), min_score=float(min_score),
                statuses=(CURRENT, AMENDED) if with_amended else (CURRENT,),
                progress=lambda done, total: bar.progress(done / total, text=f"正在比对第 {done}/{total} 条"))
        except WorkbenchError as e:
            show_error(e)
        else:
            bar.progress(1.0, text=f"比对完成，用时 {report.seconds:.1f} 秒")
            st.session_state["cf_report"] = (params, report)

stored = st.session_state.get("cf_report")
if not stored or stored[0] != params:
    st.stop()
report = stored[1]
n_upper = sum(1 for a in report.articles if a.matches["上位法"])
n_flags = sum(a.flag_count for a in report.articles)
m1, m2, m3 = st.columns(3)
m1.metric("条文", len(report.articles))
m2.metric("有相似上位法条文", n_upper)
m3.metric("差异提示", n_flags)
st.caption(f"按「{report.context.label}」确定上位法；相似度为逐字比对的相似程度（0–100%）。")
only_flagged = st.toggle("只看有差异提示的条文", key="cf_only_flagged")

for a in report.articles:
    if only_flagged and not a.flag_count:
        continue
    counts = " · ".join(f"{g} {len(a.matches[g])}" for g in GROUPS)
    flag_note = f" · 提示 {a.flag_count}" if a.flag_count else ""
    with st.expander(f"{a.label} {md(short(a.text, 24))}（{counts}{flag_note}）"):
        st.markdown(f'<div style="line-height:1.9">{html.escape(a.text)}</div>', unsafe_allow_html=True)
        for g in GROUPS:
            if not a.matches[g]:
                continue
            st.markdown(f":{GROUP_COLORS[g]}-badge[{g}]")
            for m in a.matches[g]:
                h = m.hit
                with st.container(border=True):
                    st.markdown(f"**{hit_title(h)}**　相似度 {h.score:.0%}　{badges(h.level, h.region, h.status)}")
                    for f in m.flags:
                        st.markdown(f":orange-badge[{f.name}] {html.escape(f.detail)}")
                    st.caption("修订对照（删除线为法规原文，下划线为草案文字）")
                    st.markdown(f'<div class="wb-redline" style="line-height:1.9">{ops_html(m.redline)}</div>',
                                unsafe_allow_html=True)
