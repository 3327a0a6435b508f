"""The document and version pickers shared by the pages.

Pages agree on one document through ``st.session_state["doc_id"]`` (set by 文档库, 导入, 工作台 …):
a picker opens on it, and — unless ``share=False`` — choosing another document updates it, so the
next page opens on the same document. Each page keeps its own widget key (tests address them).
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.state import show_error
from workbench.documents.store import Document, Version, documents_for
from base.errors import WorkbenchError
from workbench.access.users import User

NO_DOCUMENTS = "还没有文档。请先在「导入」页面导入草案。"


def document_label(doc: Document) -> str:
    return f"{doc.title}（{doc.level_name}）"


def pick_document(conn, user: User, *, key: str, label: str = "文档", where=st, share: bool = True,
                  describe: Callable[[Document], str] = document_label, empty: str = NO_DOCUMENTS,
                  reset: dict | None = None) -> Document:
    """A selectbox over the documents ``user`` may browse; stops the page when there are none.

    share=True: the pick follows and sets st.session_state["doc_id"] (``reset`` = other session
    values to set when the user picks another document). share=False: doc_id only seeds the first pick.
    ``where`` is st, st.sidebar or a column.
    """
    try:
        docs = documents_for(conn, user)
    except WorkbenchError as e:
        show_error(e)
        st.stop()
    if not docs:
        st.info(empty)
        st.stop()
    by_id = {d.id: d for d in docs}
    state = st.session_state
    on_change = None
    if share:
        if state.get("doc_id") not in by_id:
            state["doc_id"] = docs[0].id
        if state.get(key) != state["doc_id"]:
            state[key] = state["doc_id"]
        on_change = lambda: state.update({"doc_id": state[key], **(reset or {})})  # noqa: E731
    elif state.get(key) not in by_id:
        state[key] = state.get("doc_id") if state.get("doc_id") in by_id else docs[0].id
    picked = where.selectbox(label, list(by_id), key=key, format_func=lambda i: describe(by_id[i]),
                             on_change=on_change)
    return by_id[picked]


def pick_version(doc: Document, versions: list[Version], *, key: str, label: str = "版本", where=st,
                 default: int | None = None, prefer: int | None = None) -> Version:
    """A selectbox over ``versions`` (oldest first), newest on top, the current one marked（当前）.

    Selects ``prefer`` if it is one of them (e.g. a version just saved), else keeps the user's pick,
    else ``default`` (the current version when None). The page handles an empty ``versions``.
    """
    ver_by_id = {v.id: v for v in versions}
    state = st.session_state
    if prefer in ver_by_id:
        state[key] = prefer
    if state.get(key) not in ver_by_id:
        state[key] = default if default is not None else (doc.current_version_id or versions[-1].id)
    picked = where.selectbox(label, list(reversed(list(ver_by_id))), key=key,
                             format_func=lambda i: ver_by_id[i].display
                             + ("（当前）" if i == doc.current_version_id else ""))
    return ver_by_id[picked]
