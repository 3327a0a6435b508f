"""清理: when an upper law is amended or repealed, list the local provisions (corpus and workspace)
that cite or restate a changed article, with the upper-law redline, the verdict and the suggested
action; export the 清理目录 as .docx and .csv. Rendering only: workbench.review.cleanup decides."""
import html

import streamlit as st

from base.errors import WorkbenchError
from ui.corpus_view import corpus_db_path, corpus_index
from ui.redline_view import markup_html
from ui.state import db, require_action, require_user, show_error
from ui.text import md
from workbench.review.cleanup import cleanup
from workbench.review.cleanup_export import to_csv, to_docx

ACTION_COLORS = {"废止": "red", "修改": "orange", "保留": "green"}

user = require_user()
require_action(user, "check.run")
st.title("清理")
st.caption("上位法修改或废止后，列出法规库中现行地方性法规、政府规章和工作区文档里引用或重述其已修改、删除条文的条文，"
           "附上位法修订痕迹、审查意见和建议（修改/废止/保留），可导出清理目录。")
if corpus_index() is None:
    st.info("法规库为空，请管理员先在「法规库」页面导入法规。")
    st.stop()

c1, c2, c3 = st.columns([3, 1.4, 1.4])
law = c1.text_input("上位法", placeholder="例如：中华人民共和国文物保护法 或 文物保护法", key="cu_law")
since = c2.text_input("与该日期有效的版本比较", placeholder="YYYY-MM-DD（默认上一版本）", key="cu_since")
region = c3.text_input("地区", placeholder="如 山东、济南市（默认全部）", key="cu_region")
with_ws = st.checkbox("同时检查工作区中的文档", value=True, key="cu_ws")

if st.button("开始清理", type="primary", icon=":material/cleaning_services:", key="cu_run", disabled=not law.strip()):
    bar = st.progress(0.0, text="正在比对上位法修改的条文……")
    try:
        report = cleanup(corpus_db_path(), law.strip(), since=since.strip(), region=region.strip(),
                         db=db() if with_ws else None, user=user,
                         progress=lambda done, total: bar.progress(done / total, text=f"正在比对上位法修改的条文 {done}/{total}"))
    except WorkbenchError as e:
        bar.empty()
        show_error(e)
    else:
        bar.progress(1.0, text=f"清理完成，用时 {report.seconds:.1f} 秒")
        st.session_state["cu_report"] = report

report = st.session_state.get("cu_report")
if report is None:
    st.stop()
st.subheader(report.describe)
m1, m2, m3, m4 = st.columns(4)
m1.metric("修改、删除的条文", len(report.changes))
m2.metric("检查的文件", report.documents_scanned)
m3.metric("涉及的条文", len(report.rows))
m4.metric("建议修改或废止", sum(r.action != "保留" for r in report.rows))
d1, d2 = st.columns(2)
d1.download_button("下载清理目录（Word）", to_docx(report), file_name=f"清理目录-{report.law}.docx", key="cu_docx",
                   mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
d2.download_button("下载清理目录（CSV）", to_csv(report), file_name=f"清理目录-{report.law}.csv", key="cu_csv",
                   mime="text/csv")
if not report.rows:
    st.success("没有发现引用或重述已修改条文的地方立法条文。")
for i, r in enumerate(report.rows):
    color = ACTION_COLORS.get(r.action, "gray")
    head = f":{color}-badge[{r.action}] {r.document} {r.article} ← 上位法{r.upper_article}（{r.change}，{r.how}）"
    with st.expander(head, expanded=i < 3):
        st.markdown(f"**审查意见**：{html.escape(r.verdict)}")
        st.markdown(f"**本条**：{md(r.text)}")
        if r.redline:
            st.markdown("**上位法修订痕迹**（删除线为原文，下划线为修改后的文字）：")
            st.markdown(markup_html(r.redline), unsafe_allow_html=True)
        st.caption(f"{r.source} · {r.ref}" + (f" · 相似度 {r.similarity:.0%}" if r.how == "重述" else ""))
