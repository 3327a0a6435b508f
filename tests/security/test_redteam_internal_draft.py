"""Red-team issue 17, item 10: an internal draft's structure leaked to contact points — comment
anchoring compared a contact's comment with the document's current version even when that was a
内部稿, so the contact saw "本条已删除" for an article the drafters had removed internally.

Demo workspace: 物业服务管理实施细则 v1 (征求意见稿) is open for comment to the 东城街道 point.
"""
from __future__ import annotations

import io
from pathlib import Path

import docx as python_docx
from streamlit.testing.v1 import AppTest

from workbench.access.users import get_user
from workbench.consultation.anchoring import DELETED, anchors
from workbench.consultation.comments import dispose, list_comments, submit_comment
from workbench.consultation.reports import feedback_letter_docx
from workbench.documents.store import INTERNAL_LABEL, add_version, current_version
from workbench.schema import open_db


def _setup(db):
    contact, drafter = get_user(db, "contact"), get_user(db, "drafter")
    cid = db.execute("select id from consultations where document_id = 2").fetchone()[0]
    v1 = current_version(db, 2)
    target = v1.tree.articles[2]
    comment = submit_comment(db, contact, cid, text="建议明确物业服务企业的公示义务。", element_id=target.id)
    internal = v1.tree
    internal.body = [n for n in internal.body if getattr(n, "id", None) != target.id]   # deleted internally
    v2 = add_version(db, 2, internal, label=INTERNAL_LABEL, actor="drafter", note="内部讨论：删去该条")
    dispose(db, drafter, [comment.id], decision="采纳", reason="已在修改稿中调整。", adopted_version_id=v2.id,
            adopted_article_id=internal.articles[2].id)
    return contact, drafter, cid, comment, target


def test_a_contact_never_sees_the_internal_draft_through_its_comments(demo_db_path):
    db = open_db(demo_db_path)
    contact, drafter, cid, comment, target = _setup(db)
    mine = list_comments(db, contact)
    view = anchors(db, mine, viewer=contact)[comment.id]
    assert view.status == "same" and view.message == "" and INTERNAL_LABEL not in view.version_display
    staff_view = anchors(db, list_comments(db, drafter), viewer=drafter)[comment.id]
    assert staff_view.status == "deleted"                      # the drafting side does see it
    letter = python_docx.Document(io.BytesIO(feedback_letter_docx(db, contact, cid, contact.contact_point_id)))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert DELETED not in text and INTERNAL_LABEL not in text and target.label in text


def test_the_feedback_page_of_a_contact_shows_no_internal_draft(demo_db_path):
    db = open_db(demo_db_path)
    contact, *_ = _setup(db)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    at.session_state["db_path"] = demo_db_path
    at.session_state["user"] = contact
    at.switch_page("app_pages/comment_feedback.py").run()
    assert not at.exception
    shown = " ".join(str(e.value) for kind in ("markdown", "caption", "text", "info", "warning")
                     for e in getattr(at, kind))
    assert DELETED not in shown and INTERNAL_LABEL not in shown
