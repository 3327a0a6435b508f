"""法规库: search articles (similar text or keyword) with filters, read a document with its version
chain, mark a document 已废止 (corpus.manage), import a folder with a progress bar."""
import html
import re
from pathlib import Path

import streamlit as st

from corpus.search import Filters
from workbench.corpus_admin import import_corpus_folder, mark_repealed, search_corpus
from corpus.store import REPEALED, STATUSES, counts, doc_tree, facets, get_doc, list_docs, paragraph_starts, status_log, versions_of
from ui.corpus_view import badges, corpus_db, corpus_index, highlighted_html, hit_title, tree_html
from ui.doc_view import fmt_time
from ui.people import person
from ui.forms import record_key
from ui.state import require_action, require_user, show_error
from ui.text import md
from base.db import PROJECT_ROOT
from base.errors import WorkbenchError
from workbench.access.permissions import allowed, require

VIEWS = ["检索", "阅读", "导入"]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def open_doc(doc_id: int) -> None:
    st.session_state["corpus_doc_id"] = doc_id
    st.session_state["corpus_view"] = "阅读"


user = require_user()
st.title("法规库")
require_action(user, "corpus.search")
manage = allowed(user, "corpus.manage")
cdb = corpus_db()
stats = counts(cdb)
statuses = "，".join(f"{k} {v} 部" for k, v in stats["statuses"].items())
st.caption(f"共 {stats['documents']} 部法规、{stats['articles']} 条条文" + (f"（{statuses}）。" if statuses else "。"))
view = st.radio("视图", VIEWS if manage else VIEWS[:2], horizontal=True, key="corpus_view",
                label_visibility="collapsed")

# --- 检索 -----------------------------------------------------------------------------------
if view == "检索":
    index = corpus_index()
    if index is None:
        st.info("法规库为空。" + ("请在「导入」视图中导入法规文件夹。" if manage else "请联系管理员导入法规。"))
        st.stop()
    f = facets(cdb)
    query = st.text_area("检索内容", key="corpus_q", height=100,
                         placeholder="粘贴一条草案条文查找相似条文；八个字以内按关键词精确查找")
    c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
    mode = c1.radio("方式", ["自动", "相似条文", "关键词"], horizontal=True, key="corpus_mode")
    levels = c2.multiselect("效力级别", f["level"], key="corpus_levels", placeholder="全部")
    regions = c3.multiselect("地区", f["region"], key="corpus_regions", placeholder="全部")
    top = c4.number_input("条数", min_value=1, max_value=50, value=10, key="corpus_top")
    d1, d2, d3 = st.columns([2, 1, 1])
    statuses = d1.multiselect("状态", STATUSES, key="corpus_statuses", placeholder="全部")
    date_from = d2.text_input("版本日期自", key="corpus_from", placeholder="YYYY-MM-DD")
    date_to = d3.text_input("至", key="corpus_to", placeholder="YYYY-MM-DD")
    if st.button("检索", type="primary", icon=":material/search:", key="corpus_search"):
        bad = [d for d in (date_from, date_to) if d and not _DATE.match(d.strip())]
        if bad:
            st.error(f"日期格式应为 YYYY-MM-DD：{bad[0]}")
        elif not query.strip():
            st.error("请输入检索内容。")
        else:
            filters = Filters.of(level=levels, region=regions, status=statuses, date_from=date_from.strip(),
                                 date_to=date_to.strip())
            m = {"自动": "auto", "相似条文": "similar", "关键词": "keyword"}[mode]
            st.session_state["corpus_hits"] = search_corpus(user, index, query, top=int(top), filters=filters,
                                                            mode=m)
    hits = st.session_state.get("corpus_hits")
    if hits is not None:
        st.caption(f"找到 {len(hits)} 条。" if hits else "没有找到匹配的条文。")
        breaks = paragraph_starts(cdb, [h.article_id for h in hits])
        for i, h in enumerate(hits):
            with st.container(border=True):
                st.markdown(f"**{hit_title(h)}**　相似度 {h.score:.0%}　{badges(h.level, h.region, h.status)}")
                if h.heading:
                    st.caption(h.heading)
                st.markdown(highlighted_html(h.text, h.span, breaks.get(h.article_id, [])), unsafe_allow_html=True)
                st.button("阅读全文", key=f"corpus_read_{i}", icon=":material/menu_book:", on_click=open_doc,
                          args=(h.doc_id,))

# --- 阅读 -----------------------------------------------------------------------------------
elif view == "阅读":
    title_q = st.text_input("按标题查找", key="corpus_title_q", placeholder="如：行政处罚法、养犬")
    if title_q.strip():
        found = list_docs(cdb, title_contains=title_q.strip(), limit=100)
        if found:
            pick = st.selectbox("选择法规", found, format_func=lambda d: f"{d.display}（{d.level}，{d.status}）",
                                key="corpus_pick")
            st.button("打开", key="corpus_open", on_click=open_doc, args=(pick.id,))
        else:
            st.info("没有标题包含该文字的法规。")
    doc_id = st.session_state.get("corpus_doc_id")
    if doc_id is None:
        st.info("在「检索」结果中点「阅读全文」，或按标题查找一部法规。")
        st.stop()
    try:
        doc = get_doc(cdb, doc_id)
        tree = doc_tree(cdb, doc_id)
    except WorkbenchError as e:
        show_error(e)
        st.stop()
    st.subheader(md(doc.title + (f" {doc.subtitle}" if doc.subtitle else "")))
    st.markdown(badges(doc.level, doc.region, doc.status)
                + (f"　版本日期 {doc.version_date}" if doc.version_date else "")
                + f"　共 {doc.articles} 条")
    st.caption(f"文件：{md(doc.path)}" + (f"　制定机关：{md(doc.issuing_body)}" if doc.issuing_body else ""))
    chain = versions_of(cdb, doc)
    if len(chain) > 1:
        st.markdown("**版本**")
        cols = st.columns(len(chain))
        for col, v in zip(cols, chain):
            col.button(f"{v.version_date or '未注明日期'} {v.status}", key=f"corpus_ver_{v.id}", on_click=open_doc,
                       args=(v.id,), type="primary" if v.id == doc.id else "secondary", disabled=v.id == doc.id)
    if manage:
        with st.expander("状态管理", icon=":material/gavel:"):
            note = st.text_input("说明（如：废止决定文号）", key=record_key("corpus_repeal_note", doc.id))
            label = "撤销「已废止」标记" if doc.repealed else "标记为已废止"
            if st.button(label, key="corpus_repeal", type="secondary"):
                try:
                    after = mark_repealed(cdb, user, doc.id, not doc.repealed, note=note)
                    st.session_state["corpus_flash"] = f"《{after.title}》状态已改为「{after.status}」。"
                    st.rerun()
                except WorkbenchError as e:
                    show_error(e)
            log = status_log(cdb, doc.id)
            for row in log:
                st.caption(f"{fmt_time(row['ts'])} {md(person(row['actor']))}：{row['before']} → {row['after']}"
                           + (f"（{row['note']}）" if row["note"] else ""))
    if flash := st.session_state.pop("corpus_flash", None):
        st.success(flash)
    if doc.status == REPEALED:
        st.warning("本法规已被标记为已废止。")
    if tree.preface:
        st.caption("  \n".join(html.escape(line) for line in tree.preface))
    if tree.preamble:
        st.markdown("".join(f"<p>{html.escape(p)}</p>" for p in tree.preamble), unsafe_allow_html=True)
    st.markdown(tree_html(tree), unsafe_allow_html=True)

# --- 导入 -----------------------------------------------------------------------------------
else:
    try:
        require(user, "corpus.manage")
    except WorkbenchError as e:
        show_error(e)
        st.stop()
    default_src = PROJECT_ROOT.parent / "shared" / "corpus"
    src = st.text_input("服务器上的法规文件夹", value=str(default_src) if default_src.is_dir() else "",
                        key="corpus_src", help="../shared/corpus 的 Markdown 结构（含 manifest.tsv），"
                                              "或任意结构的 .docx/.txt/.md 文件夹。未变化的文件会跳过。")
    if st.button("开始导入", type="primary", icon=":material/upload:", key="corpus_import"):
        if not src.strip() or not Path(src.strip()).is_dir():
            st.error(f"文件夹不存在：{src}")
        else:
            bar = st.progress(0.0, text="正在导入……")

            def progress(done: int, total: int, current: str) -> None:
                if total and (done == total or done % 25 == 0):
                    bar.progress(done / total, text=f"正在导入 {done}/{total}：{current[-40:]}")
            try:
                report = import_corpus_folder(cdb, user, src.strip(), progress=progress)
            except WorkbenchError as e:
                show_error(e)
            else:
                bar.progress(1.0, text="导入完成")
                st.session_state["corpus_import_report"] = report
    report = st.session_state.get("corpus_import_report")
    if report is not None:
        st.success(report.summary())
        if report.failed:
            st.warning(f"{len(report.failed)} 个文件未导入：")
            st.dataframe([{"文件": p, "原因": e} for p, e in report.failed], hide_index=True, width="stretch")
