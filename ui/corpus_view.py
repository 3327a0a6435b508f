"""Streamlit side of the regulation corpus: the shared index handle and HTML for hits and matches.

The corpus database path comes from ``st.session_state["corpus_db_path"]`` (tests) or
$WORKBENCH_CORPUS_DB / data/corpus.db. The loaded index is the process's one corpus handle
(corpus.handle.open_handle, keyed by the database's generation), shared by all sessions and by the
checks, so an import or a status change loads a fresh one; it is never mutated.
"""
from __future__ import annotations

import html

import streamlit as st

from corpus.handle import open_handle
from corpus.index import CorpusIndex
from corpus.search import Hit
from corpus.store import article_count, default_corpus_db_path, open_corpus_db
from ui.doc_view import tree_html  # noqa: F401 - re-exported: the 法规库 reader renders with it

STATUS_COLORS = {"现行": "green", "已被修改": "orange", "已废止": "red"}
GROUP_COLORS = {"上位法": "red", "同级": "blue", "其他参考": "gray"}
MARK_STYLE = "background:#fff3b0;padding:0 1px"


def corpus_db_path() -> str:
    return st.session_state.get("corpus_db_path") or default_corpus_db_path()


def corpus_db():
    """A corpus database connection for this rerun."""
    return open_corpus_db(corpus_db_path())


def corpus_index() -> CorpusIndex | None:
    """The index of the current corpus (the process's one corpus handle, corpus.handle), or None
    while the corpus is empty."""
    db = corpus_db()
    try:
        if article_count(db) == 0:
            return None
    finally:
        db.close()
    with st.spinner("正在加载法规库索引……"):
        return open_handle(corpus_db_path()).index


def badges(level: str, region: str, status: str) -> str:
    """Markdown badges (our own words and corpus metadata; Streamlit escapes Markdown badges' HTML)."""
    parts = [f":blue-badge[{level}]"] if level else []
    if region:
        parts.append(f":gray-badge[{region}]")
    if status:
        parts.append(f":{STATUS_COLORS.get(status, 'gray')}-badge[{status}]")
    return " ".join(parts)


def highlighted_html(text: str, span: tuple[int, int], breaks: list[int] = ()) -> str:
    """The article text with the matching span marked and a line break before each 款 after the
    first (``breaks``: offsets in ``text``); every piece of text is escaped."""
    s, e = span
    marked = 0 <= s < e <= len(text)
    cuts = sorted({0, len(text), *[b for b in breaks if 0 < b < len(text)], *((s, e) if marked else ())})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a in breaks and a > 0:
            out.append("<br>")
        piece = html.escape(text[a:b])
        out.append(f'<mark style="{MARK_STYLE}">{piece}</mark>' if marked and s <= a and b <= e else piece)
    return '<div style="line-height:1.9">' + "".join(out) + "</div>"


def hit_title(h: Hit) -> str:
    date = f"（{h.version_date}）" if h.version_date else ""
    return f"《{h.title}》{date} {h.label}"


