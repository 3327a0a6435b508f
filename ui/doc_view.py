"""Rendering an article tree in Streamlit: the table of contents (编/章/节 → 条) and one article
with its 款/项/目. Pure rendering: the tree comes from lawtext.model, nothing is parsed here."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import streamlit as st
from ui.text import md

from lawtext.model import Article, Heading, LegalDocument
from base.clock import beijing
from lawtext.numerals import int_to_cn



def fmt_time(iso: str | None) -> str:
    """Stored UTC ISO time → 北京时间, minutes precision (base.clock.beijing)."""
    return beijing(iso)


@dataclass
class TocGroup:
    """One foldable group of the table of contents: a 章 (or 编, or the text before any heading)."""
    title: str
    rows: list[Heading | Article] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [r for r in self.rows if isinstance(r, Article)]


def toc_groups(tree: LegalDocument) -> list[TocGroup]:
    """Group the body under its 章 headings (a 编/分编 without 章 is a group too); 节 and other
    headings stay inside a group as rows. Groups without articles are dropped."""
    groups: list[TocGroup] = []
    part = ""  # label of the open 编/分编, prefixed to its 章 titles
    for node in tree.body:
        if isinstance(node, Heading) and node.kind in ("编", "分编", "章"):
            if node.kind == "章":
                groups.append(TocGroup(f"{part} · {node.text}" if part else node.text))
            else:
                part = node.label or node.text
                groups.append(TocGroup(node.text))
            continue
        if not groups:
            groups.append(TocGroup("（正文）"))
        groups[-1].rows.append(node)
    return [g for g in groups if g.articles]


def short(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[:n] + "…"


# Table-of-contents entries are buttons; left-align them like a list (static CSS, no user text).
_TOC_CSS = """<style>
.st-key-wb_toc button { justify-content: flex-start; text-align: left; padding: 0.1rem 0.25rem; min-height: 0; }
.st-key-wb_toc button p { text-align: left; }
</style>"""


def render_toc(tree: LegalDocument, selected_id: str | None, state_key: str) -> None:
    """Clickable table of contents; a click stores the article id in ``st.session_state[state_key]``."""
    def pick(article_id: str) -> None:
        st.session_state[state_key] = article_id

    st.markdown(_TOC_CSS, unsafe_allow_html=True)
    with st.container(key="wb_toc"):
        for gi, group in enumerate(toc_groups(tree)):
            holds_selected = any(a.id == selected_id for a in group.articles)
            with st.expander(md(group.title), expanded=holds_selected or gi == 0):
                for row in group.rows:
                    if isinstance(row, Heading):
                        st.caption(md(row.text))
                        continue
                    first = row.paragraphs[0].text if row.paragraphs else ""
                    st.button(f"{row.label} {md(short(first, 10))}", key=f"{state_key}-{row.id}",
                              type="secondary" if row.id == selected_id else "tertiary", width="stretch",
                              on_click=pick, args=(row.id,))


def paragraph_tag(index: int, total: int) -> str:
    """第一款 … (only when an article has more than one 款)."""
    if total < 2:
        return ""
    return f"第{int_to_cn(index)}款"


def article_html(article: Article) -> str:
    """The article as escaped HTML: 款 as paragraphs (tagged 第N款), 项 and 目 indented."""
    esc = html.escape
    out = [f'<div class="wb-article" data-article-id="{esc(article.id)}">']
    total = len(article.paragraphs)
    for i, p in enumerate(article.paragraphs, 1):
        tag = paragraph_tag(i, total)
        tag_html = f'<span style="color:#888;font-size:0.8em;margin-right:0.5em">{tag}</span>' if tag else ""
        if p.text:
            out.append(f'<p id="{esc(p.id)}" style="text-indent:2em;margin:0.4em 0">{tag_html}{esc(p.text)}</p>')
        elif tag_html:
            out.append(f'<p style="margin:0.4em 0">{tag_html}</p>')
        for it in p.items:
            out.append(f'<p id="{esc(it.id)}" style="padding-left:2em;margin:0.2em 0">'
                       f'{esc(it.label)}{esc(it.text)}</p>')
            for s in it.children:
                out.append(f'<p id="{esc(s.id)}" style="padding-left:4em;margin:0.2em 0">'
                           f'{esc(s.label)}{esc(s.text)}</p>')
    out.append("</div>")
    return "\n".join(out)


def render_article(article: Article) -> None:
    st.markdown(f"#### {html.escape(article.label)}")
    if article.path:
        st.caption(" › ".join(article.path))
    st.markdown(article_html(article), unsafe_allow_html=True)


def tree_html(tree: LegalDocument) -> str:
    """The whole body as escaped HTML: 编/章/节 headings centred, each article's label in bold
    followed by its 款/项/目 (article_html)."""
    out = []
    for node in tree.body:
        if isinstance(node, Heading):
            out.append(f'<h5 style="text-align:center;margin:1em 0 0.4em">{html.escape(node.text)}</h5>')
        else:
            out.append(f'<p style="margin:0.8em 0 0.2em;font-weight:600">{html.escape(node.label)}</p>')
            out.append(article_html(node))
    return "\n".join(out)


def render_full_text(tree: LegalDocument) -> None:
    """The whole document as one reads it: title, 题注, 序言, then every chapter and article."""
    if tree.title:
        st.markdown(f'<h4 style="text-align:center">{html.escape(tree.title)}</h4>', unsafe_allow_html=True)
    if tree.preface:
        st.markdown('<p style="text-align:center;color:#666">' + "<br>".join(html.escape(p) for p in tree.preface)
                    + "</p>", unsafe_allow_html=True)
    if tree.preamble:
        st.markdown("".join(f'<p style="text-indent:2em">{html.escape(p)}</p>' for p in tree.preamble),
                    unsafe_allow_html=True)
    st.markdown(tree_html(tree), unsafe_allow_html=True)


def render_tree_outline(tree: LegalDocument, limit: int | None = None) -> None:
    """Read-only outline for previews: headings bold, then each article's label and opening words.
    Indentation is padding on each line (Markdown strips leading spaces of the first line, so the
    first article used to sit flush left while the others were indented)."""
    lines: list[str] = []
    count = 0
    for node in tree.body:
        if isinstance(node, Heading):
            level = max(0, {"编": 0, "分编": 1, "章": 1, "节": 2}.get(node.kind, 1) - 1)
            lines.append(f'<div style="padding-left:{level}em;font-weight:600">{html.escape(node.text)}</div>')
        else:
            count += 1
            if limit is not None and count > limit:
                continue
            first = node.paragraphs[0].text if node.paragraphs else ""
            lines.append(f'<div style="padding-left:2em">{html.escape(node.label)}　{html.escape(short(first, 30))}</div>')
    if limit is not None and count > limit:
        lines.append(f'<div style="padding-left:2em">……（另有 {count - limit} 条）</div>')
    if lines:
        st.markdown('<div class="wb-outline" style="line-height:1.8">' + "".join(lines) + "</div>",
                    unsafe_allow_html=True)
    else:
        st.markdown("（没有识别到条文）")
