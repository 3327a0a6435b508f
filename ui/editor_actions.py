"""Button callbacks of the 起草 page: each reads the widgets' values from ``st.session_state`` at
click time (values bound when the page was drawn may be stale), calls workbench.documents.working_copy, and
leaves a flash message, a conflict (with the user's operation kept) or the live help in the session.

Session keys (prefix ``ed_``): ``ed_rv`` row version the page was drawn with; ``ed_art_<doc>``
selected article; ``ed_text_<doc>_<article>`` edit box (+ ``__base``: the stored text it started
from); ``ed_conflict``; ``ed_flash``; ``ed_help``; ``ed_plan`` the renumbering plan shown. Every
other field belongs to the document shown: ``EditorActions.k(name)`` (``ui.forms.record_key``).
"""
from __future__ import annotations

from contextlib import closing

import streamlit as st

from ui.forms import none_if_unset, record_key
from ui.editor_view import checks_corpus, corpus_index_if_built
from ui.state import db
from workbench.documents import working_copy as wcm
from base.errors import WorkbenchError
from workbench.documents.live_help import article_help
from workbench.access.users import User


def keep_valid(key: str, options: list) -> list:
    """Forget a widget's remembered choice that an edit removed from its options."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
    return options


class EditorActions:
    def __init__(self, doc_id: int, user: User, level: str, base_version_id: int | None = None):
        self.doc_id, self.user, self.level = doc_id, user, level
        self.art_key = f"ed_art_{doc_id}"
        # the 版本标签 field defaults to the base version's label: keyed by both
        self.label_key = record_key("ed_label", doc_id, base_version_id)

    def k(self, name: str) -> str:
        """The key of a field of this document's forms (another document: other fields)."""
        return record_key(name, self.doc_id)

    # --- edit boxes -------------------------------------------------------------------------
    def text_key(self, article_id: str) -> str:
        return f"ed_text_{self.doc_id}_{article_id}"

    def set_text(self, article_id: str, text: str) -> None:
        """Put an article's stored text in its edit box, remembering it as the box's base text."""
        st.session_state[self.text_key(article_id)] = text
        st.session_state[self.text_key(article_id) + "__base"] = text

    def sync_box(self, article_id: str, stored: str) -> bool:
        """Before drawing an edit box: fill it on first view, follow the stored text when someone
        else changed it and the box is untouched. Returns True when the article changed under
        text the user has not saved yet."""
        key = self.text_key(article_id)
        base = st.session_state.get(key + "__base")
        if key not in st.session_state or (base != stored and st.session_state[key] == base):
            self.set_text(article_id, stored)
            return False
        return base != stored

    def _flash(self, kind: str, message: str) -> None:
        """Leave a message for the next rerun; ``kind`` is success, info or error."""
        st.session_state["ed_flash"] = (kind, message)

    # --- operations -------------------------------------------------------------------------
    def run(self, op: str, **kwargs) -> None:
        """Apply one operation on the row version this page was drawn with."""
        expected_text = kwargs.pop("expected_text", None)
        try:
            with closing(db()) as c:
                saved, result = wcm.apply(c, self.doc_id, self.user, op, expected_row_version=st.session_state["ed_rv"],
                                          expected_text=expected_text, **kwargs)
        except wcm.WorkingCopyConflict as e:
            st.session_state["ed_conflict"] = {"message": str(e), "op": e.op, "kwargs": e.kwargs}
            return
        except WorkbenchError as e:
            self._flash("error", str(e))
            return
        st.session_state["ed_conflict"] = None
        if saved.row_version == st.session_state["ed_rv"]:   # nothing changed: nothing was written
            self._flash("info", "本条未改动。" if op == "edit" else f"{result.description}，未作修改。")
            return
        self._flash("success", f"已自动保存：{result.description}")
        st.session_state["ed_rv"] = saved.row_version
        focus = result.doc.article(result.focus) if result.focus else None
        if focus is not None:
            st.session_state[self.art_key] = focus.id
            self.set_text(focus.id, focus.text)
        if op == "edit" and focus is not None:
            st.session_state["ed_help"] = article_help(result.doc, focus.id, user=self.user, level=self.level,
                                                       corpus_index=corpus_index_if_built(),
                                                       checks_corpus=checks_corpus())
        if op == "insert":
            st.session_state[self.k("ed_new_text")] = ""

    def save_article(self, article_id: str) -> None:
        key = self.text_key(article_id)
        self.run("edit", key=article_id, text=st.session_state.get(key, ""),
                 expected_text=st.session_state.get(key + "__base"))

    def insert_article(self, article_id: str) -> None:
        where = "after" if st.session_state.get(self.k("ed_insert_where"), "之后") == "之后" else "before"
        self.run("insert", text=st.session_state.get(self.k("ed_new_text"), ""), **{where: article_id})

    def insert_first(self) -> None:
        self.run("insert", text=st.session_state.get(self.k("ed_new_text"), ""))

    def move_article(self, article_id: str) -> None:
        target = st.session_state.get(self.k("ed_move_target"))
        rel = st.session_state.get(self.k("ed_move_rel"), "之前")
        self.run("move", key=article_id, before=target if rel == "之前" else None,
                 after=target if rel == "之后" else None)

    def move_to_heading(self, article_id: str) -> None:
        self.run("move_to_heading", key=article_id, heading=st.session_state.get(self.k("ed_move_heading")))

    def add_heading(self) -> None:
        self.run("add_heading", kind=st.session_state.get(self.k("ed_h_kind"), "章"),
                 title=st.session_state.get(self.k("ed_h_title"), ""),
                 before=none_if_unset(st.session_state.get(self.k("ed_h_before"))))

    def heading_op(self, op: str, **kwargs) -> None:
        self.run(op, key=st.session_state.get(self.k("ed_h_pick")), **kwargs)

    def rename_heading(self) -> None:
        self.heading_op("rename_heading", title=st.session_state.get(self.k("ed_h_new_title"), ""))

    # --- conflicts --------------------------------------------------------------------------
    def _fresh(self) -> wcm.WorkingCopy:
        with closing(db()) as c:
            fresh = wcm.peek(c, self.doc_id, self.user)
        st.session_state["ed_rv"] = fresh.row_version
        return fresh

    def reapply(self) -> None:
        """Apply the refused operation (with the user's text) on the latest working copy."""
        conflict = st.session_state.get("ed_conflict") or {}
        self._fresh()
        if conflict.get("op") in (None, "save_version", "renumber"):
            st.session_state["ed_conflict"] = None
            return
        self.run(conflict["op"], **conflict["kwargs"])

    def drop_mine(self) -> None:
        conflict = st.session_state.pop("ed_conflict", None) or {}
        fresh = self._fresh()
        key = (conflict.get("kwargs") or {}).get("key")
        art = fresh.tree.article(key) if key else None
        if art is not None:
            self.set_text(art.id, art.text)

    # --- renumbering, versions ----------------------------------------------------------------
    def renumber(self) -> None:
        try:
            with closing(db()) as c:
                saved, plan = wcm.apply_renumber(c, self.doc_id, self.user, expected_row_version=st.session_state["ed_rv"],
                                                 plan=st.session_state.get("ed_plan"))
        except wcm.WorkingCopyConflict as e:
            st.session_state["ed_conflict"] = {"message": str(e), "op": "renumber", "kwargs": {}}
            return
        except WorkbenchError as e:
            self._flash("error", str(e))
            return
        st.session_state["ed_rv"] = saved.row_version
        self._flash("success", saved.last_change)
        new_ids = {a.article_id: f"art-{a.number}" for a in plan.articles}
        st.session_state[self.art_key] = new_ids.get(st.session_state.get(self.art_key), st.session_state.get(self.art_key))
        for a in saved.tree.articles:  # labels and references changed: refresh the edit boxes
            self.set_text(a.id, a.text)

    def save_version(self) -> None:
        try:
            with closing(db()) as c:
                v = wcm.save_version(c, self.doc_id, self.user, label=st.session_state[self.label_key],
                                     note=st.session_state.get(self.k("ed_note"), ""),
                                     expected_row_version=st.session_state["ed_rv"])
        except WorkbenchError as e:
            self._flash("error", str(e))
            return
        self._flash("success", f"已保存为新版本 v{v.seq}（{v.label}）")
        st.session_state[self.k("ed_note")] = ""

    def discard(self) -> None:
        try:
            with closing(db()) as c:
                saved = wcm.discard(c, self.doc_id, self.user, expected_row_version=st.session_state["ed_rv"])
        except WorkbenchError as e:
            self._flash("error", str(e))
            return
        self._flash("success", saved.last_change)
        for k in [k for k in st.session_state if str(k).startswith(f"ed_text_{self.doc_id}_")]:
            del st.session_state[k]
        st.session_state.pop("ed_help", None)

    def rebase(self) -> None:
        try:
            with closing(db()) as c:
                saved = wcm.rebase(c, self.doc_id, self.user, expected_row_version=st.session_state["ed_rv"])
        except WorkbenchError as e:
            self._flash("error", str(e))
            return
        self._flash("success", saved.last_change)
