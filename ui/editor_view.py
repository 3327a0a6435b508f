"""Streamlit rendering for the 起草 page: the editable outline, the live-help panel, the renumber
preview and the working-copy redline. Rendering only; every change goes through
workbench.documents.working_copy."""
from __future__ import annotations

import html
from pathlib import Path

import streamlit as st
from ui.text import md

from checks.corpus_link import default_corpus_db, load_corpus
from corpus.handle import open_handle
from corpus.store import default_corpus_db_path
from workbench.audit_text import element_label
from workbench.documents.live_help import HelpReport
from lawtext.model import Article, Heading, LegalDocument
from checks.registry import get_rule
from checks.finding import SEVERITY_NAMES

SEVERITY_ICONS = {"error": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}
RULES_DOC = "../shared/design/legality-rules.md"


def corpus_index_if_built():
    """The corpus search index (the process's one corpus handle) if `corpus build` has been run,
    else None. Never builds it here: that takes a minute and is an admin's job."""
    path = default_corpus_db_path()
    if not Path(path).is_file():
        return None
    return open_handle(path).index_if_built()


def checks_corpus():
    """The checks' read-only view of the corpus database (citations, upper-law articles), or None
    when no corpus has been imported."""
    path = default_corpus_db()
    return load_corpus(path) if path else None


def short(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[:n] + "…"


# Outline entries are buttons: left-aligned on one line like a list, whatever their length
# (static CSS, no user text).
_OUTLINE_CSS = """<style>
.st-key-ed_outline button { justify-content: flex-start; text-align: left; padding: 0.1rem 0.25rem; min-height: 0; }
.st-key-ed_outline button p { text-align: left; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.st-key-ed_outline button div { justify-content: flex-start; }
</style>"""


def render_outline(tree: LegalDocument, selected_id: str | None, state_key: str) -> None:
    """The draft's 编/章/节/条 outline; clicking an article stores its id in ``state_key``.
    Entries show the label and the opening words; hovering shows the whole first 款."""
    def pick(article_id: str) -> None:
        st.session_state[state_key] = article_id

    st.markdown(_OUTLINE_CSS, unsafe_allow_html=True)
    with st.container(key="ed_outline", gap=None):
        for node in tree.body:
            if isinstance(node, Heading):
                indent = "\u3000" * max(0, node.rank - 3) if node.kind != "other" else ""
                st.markdown(f"{indent}**{md(node.text)}**")
                continue
            first = node.paragraphs[0].text if node.paragraphs else ""
            st.button(f"{node.label} {md(short(first))}", key=f"{state_key}-{node.id}", width="stretch",
                      type="secondary" if node.id == selected_id else "tertiary",
                      help=first if len(first) > 14 else None, on_click=pick, args=(node.id,))


def heading_choices(tree: LegalDocument) -> dict[str, str]:
    return {h.id: h.text for h in tree.headings}


def rule_doc(rule_id: str) -> str:
    """The rule's documentation from the rule book (checks.registry), else the catalogue section."""
    try:
        r = get_rule(rule_id)
        return f"{r.id} {r.title}\n\n{r.doc.strip()}\n\n依据：{r.basis}"
    except Exception:
        return f"规则目录 {RULES_DOC}：{rule_id}"


def render_help(report: HelpReport) -> None:
    """The live-help panel shown after an article is saved; each item names its rule (hover: the
    rule's documentation from the rule book)."""
    st.markdown(f"##### :material/lightbulb: {html.escape(report.article_label)} 的起草提示")
    groups = report.by_source()
    if not groups:
        st.success("本条未发现合法性、术语或编号问题。", icon=":material/check_circle:")
    for source, items in groups.items():
        st.markdown(f"**{source}**（{len(items)}）")
        for it in items:
            rule = f"`{it.rule_id}` {html.escape(it.rule_title)} · " if it.rule_id else ""
            where = f"（{it.reference}）" if it.reference else ""
            icon = SEVERITY_ICONS.get(it.severity, ":material/info:")
            st.markdown(f"{icon} {SEVERITY_NAMES.get(it.severity, '')} · {rule}{html.escape(it.message)}"
                        f"{html.escape(where)}", help=rule_doc(it.rule_id) if it.rule_id else None)
    for note in report.notes:
        st.caption(f":material/info: {html.escape(note)}")


def render_plan(plan) -> None:
    """What a renumbering will change: label changes and every reference rewrite."""
    if plan.renumbered:
        st.markdown("**序号变化**")
        st.dataframe([{"原序号": a.old_label, "新序号": a.new_label} for a in plan.renumbered],
                     hide_index=True, width="content")
    if plan.rewrites:
        st.markdown("**内部引用改写**")
        st.dataframe([{"位置": element_label(r.element_id), "改写": "，".join(f"{b}→{a}" for b, a in r.changes),
                       "改写后": r.after} for r in plan.rewrites], hide_index=True)
    for w in plan.warnings:
        st.warning(w, icon=":material/warning:")


def ops_html(ops) -> str:
    """Inline redline of one article: deletions struck through, insertions underlined (escaped)."""
    out = []
    for o in ops:
        t = html.escape(o.text).replace("\n", "<br>")
        if o.op == "delete":
            out.append(f'<del style="color:#b00020">{t}</del>')
        elif o.op == "insert":
            out.append(f'<ins style="color:#0b6b2e;font-weight:600">{t}</ins>')
        else:
            out.append(t)
    return "".join(out)


def render_comparison(comparison, status_names: dict[str, str]) -> None:
    """Changed articles of a comparison (lawtext.diff.redline.Comparison), inline redline each."""
    s = comparison.summary()
    st.caption(f"新增 {s['added']} 条 · 删除 {s['deleted']} 条 · 移动 {s['moved']} 条 · 修改 {s['modified']} 条 · "
               f"序号变化 {s['renumbered']} 条")
    changed = comparison.changed_items
    if not changed:
        st.info("工作稿与最新版本的条文相同。")
        return
    for item in changed:
        old, new = item.old_label or "—", item.new_label or "—"
        head = f"{old} → {new}" if old != new else new
        st.markdown(f"**{md(head)}** · {status_names.get(item.status, item.status)}")
        st.markdown(f'<div style="line-height:1.8">{ops_html(item.ops)}</div>', unsafe_allow_html=True)


def article_text(tree: LegalDocument, article_id: str) -> str:
    a = tree.article(article_id)
    return a.text if isinstance(a, Article) else ""
