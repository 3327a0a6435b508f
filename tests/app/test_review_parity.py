"""One review pipeline: the 合法性审核 page, `check --json` and `review create` give the same items.

For every example draft stored in the demo workspace, with the same corpus database: the items of a
review the page creates (AppTest, button 新建审核), the items of `review create` and the findings of
`check --json` are the same set; and `check DOC --level L` at every level equals the pipeline's
assessment of that version at that level.
"""
from __future__ import annotations

import html
import json
import re

import pytest

from cli_helpers import run_json
from lawtext.model import LEVELS
from workbench.access.users import get_user
from workbench.documents.store import list_documents
from workbench.review.pipeline import assess_version
from workbench.review.store import latest_review
from workbench.schema import open_db

PAGE = "app_pages/legality.py"


_CARD = re.compile(r"<code>(?P<rules>[^<]*)</code> <b>(?P<where>[^<]*)</b><div[^>]*>(?P<message>[^<]*)</div>")


def _item(rules, where, message) -> tuple:
    return ("、".join(rules), where or "全文", message)


def _page(app_as, db_path: str, doc_id: int) -> tuple[set, set | None]:
    """(the finding cards of the 检查结果 tab, the items of a review created with 新建审核 — None
    when the version already has a review and the page shows that one instead)."""
    at = app_as("advisor", db_path)
    at.session_state["lg_doc"] = doc_id
    at.session_state["lg_sev"] = ["error", "warning", "info"]
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    cards = set()
    for md in at.tabs[0].markdown:
        for m in _CARD.finditer(md.value):
            cards.add(_item(html.unescape(m["rules"]).split("、"), html.unescape(m["where"]), html.unescape(m["message"])))
    button = next((b for b in at.button if b.label == "新建审核"), None)
    if button is None:
        return cards, None
    button.click().run()
    assert not at.exception, at.exception
    db = open_db(db_path)
    try:
        doc = next(d for d in list_documents(db) if d.id == doc_id)
        review = latest_review(db, doc.current_version_id)
        return cards, {_item(i.rules, i.article_label, i.message) for i in review.items}
    finally:
        db.close()


def test_page_cli_check_and_review_create_agree(app_as, demo_db_path, corpus_db, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_CORPUS_DB", corpus_db)
    db = open_db(demo_db_path)
    docs = list_documents(db)
    db.close()
    assert len(docs) >= 4
    created = 0
    for doc in docs:
        cards, page_review = _page(app_as, demo_db_path, doc.id)
        code, out, err = run_json(capsys, "check", str(doc.id), "--db", demo_db_path, "--as", "advisor", "--json")
        assert code == 0, err
        check = {_item([f["rule"], *f["related_rules"]], f["article"], f["message"]) for f in out["findings"]}
        code, out, err = run_json(capsys, "review", "create", str(doc.id), "--db", demo_db_path, "--as", "advisor",
                                  "--json")
        assert code == 0, err
        review = {_item(i["rules"], i["article_label"], i["message"]) for i in out["items"]}
        assert cards, doc.title                     # every example draft has planted defects
        assert cards == check == review, doc.title
        if page_review is not None:
            created += 1
            assert page_review == review, doc.title
    assert created >= 3


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_check_at_every_level_is_the_pipeline(level, demo_db_path, corpus_db, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_CORPUS_DB", corpus_db)
    db = open_db(demo_db_path)
    advisor = get_user(db, "advisor")
    for doc in list_documents(db):
        expected = assess_version(db, advisor, doc.current_version_id, level=level)
        code, got, err = run_json(capsys, "check", str(doc.id), "--db", demo_db_path, "--as", "advisor",
                                  "--level", level, "--json")
        assert code == 0, err
        assert got["level"] == level
        assert [f["rule"] for f in got["findings"]] == [f.rule for f in expected.findings], (doc.title, level)
        assert got == json.loads(json.dumps(expected.to_dict(), ensure_ascii=False, default=str))
    db.close()
