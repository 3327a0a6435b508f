"""Red-team issue 17, item 14 (and the AppTest half of item 12).

Item 14: user-supplied text (titles, issuing bodies, display names, organisations, contact
points, consultation titles, comments, reasons, plan items, notes) was rendered as Markdown, so a
title holding ``![x](http://…)`` made every viewer's browser fetch that image. Here every such
field of the demo workspace holds a Markdown image; the main pages are rendered for staff and for
a contact point, and no element that interprets Markdown (markdown, captions, headings, alerts,
expander/tab/button/widget labels) may carry it unescaped. The browser half (CSP header, no
request reaching a listening server) is tests/browser/test_redteam_browser.py.

Item 12: the app no longer seeds the demo accounts into a production database.
"""
from __future__ import annotations

import re
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from workbench.access.users import get_user
from workbench.schema import open_db

from conftest import APP, TIMEOUT

IMG = "![x](http://127.0.0.1:9/x.png)"
RAW_IMAGE = re.compile(r"(?<!\\)!\[[^\]]*\]\(http")
PLAIN = {"Text", "Code", "Json", "Dataframe", "UnknownElement"}        # not Markdown
OPTIONS_ONLY_PLAIN = {"Selectbox", "Multiselect", "SelectSlider", "TextInput", "TextArea", "NumberInput",
                      "DateInput"}                                       # only their label is Markdown

STAFF_PAGES = ["app_pages/dashboard.py", "app_pages/library.py", "app_pages/document.py", "app_pages/compare.py",
               "app_pages/consultation_admin.py", "app_pages/comment_feedback.py", "app_pages/lifecycle_page.py",
               "app_pages/plan.py", "app_pages/legality.py", "app_pages/users_admin.py", "app_pages/audit_log.py",
               "app_pages/account.py", "app_pages/editor.py"]
CONTACT_PAGES = ["app_pages/comment_submit.py", "app_pages/comment_feedback.py", "app_pages/account.py"]


def _poison(path: str) -> None:
    conn = sqlite3.connect(path)
    for trigger in ("versions_immutable", "reviews_signed_frozen", "review_items_signed_frozen"):
        conn.execute(f"drop trigger if exists {trigger}")
    for sql in ("update documents set title = title || ?1, issuing_body = '示例市' || ?1",
                "update users set display_name = display_name || ?1, org = org || ?1",
                "update versions set note = note || ?1",
                "update contact_points set name = name || ?1",
                "update consultations set title = title || ?1, key_questions = json_array('问题' || ?1)",
                "update comments set text = text || ?1",
                "update comment_dispositions set reason = reason || ?1",
                "update reviews set opinion_text = coalesce(opinion_text, '') || ?1",
                "update review_items set reason = coalesce(reason, '') || ?1",
                "update plan_projects set title = title || ?1, responsible_unit = ?1, note = ?1"):
        conn.execute(sql, [IMG])
    conn.commit()
    conn.close()


def _strings(msg, out: list[str]) -> None:
    for field, value in msg.ListFields():
        values = list(value) if isinstance(value, (list, tuple)) or hasattr(value, "extend") else [value]
        if field.type == field.TYPE_MESSAGE:
            for v in values:
                _strings(v, out)
        elif field.type == field.TYPE_STRING:
            out.extend(v for v in values if isinstance(v, str))


def _raw_images(node, found: list, where: str) -> None:
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else []):
        _raw_images(child, found, where)
    proto, kind = getattr(node, "proto", None), type(node).__name__
    if proto is None or kind in PLAIN:
        return
    texts: list[str] = []
    if kind in OPTIONS_ONLY_PLAIN:
        texts = [getattr(proto, "label", "")]
    else:
        _strings(proto, texts)
    found += [f"{where} {kind}: {t[:100]}" for t in texts if RAW_IMAGE.search(t)]


@pytest.mark.parametrize("who, pages", [("admin", STAFF_PAGES), ("drafter", ["app_pages/editor.py"]),
                                        ("contact", CONTACT_PAGES)])
def test_user_text_never_reaches_markdown_unescaped(demo_db_path, who, pages):
    _poison(demo_db_path)
    user = get_user(open_db(demo_db_path), who)
    found: list[str] = []
    for page in pages:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.session_state["db_path"] = demo_db_path
        at.session_state["user"] = user
        at.session_state["doc_id"] = 1
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        _raw_images(at._tree, found, page)
    assert found == []


def test_the_app_seeds_no_demo_into_a_production_database(anonymous_app, tmp_path, monkeypatch):
    """Item 12: only the demo database path (or WORKBENCH_DEMO=1) gets the demo accounts."""
    monkeypatch.delenv("WORKBENCH_DEMO", raising=False)
    db_path = str(tmp_path / "prod.db")
    at = anonymous_app(db_path).run()
    assert not at.exception
    assert open_db(db_path).execute("select count(*) from users").fetchone()[0] == 0
    monkeypatch.setenv("WORKBENCH_DEMO", "1")
    anonymous_app(str(tmp_path / "asked.db")).run()
    assert open_db(str(tmp_path / "asked.db")).execute("select count(*) from users").fetchone()[0] >= 5
