"""Red-team issue 17, items 8 and 16: control and bidi characters are stripped at the text boundary
(one normaliser, lawtext.normalize.strip_controls), so that they can neither break .docx
generation (item 8) nor reorder what a title or an article shows (item 16)."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

from lawtext.docx.io import docx_bytes
from lawtext.files import read_bytes
from lawtext.parser import parse_file_text
from workbench.access.users import create_user, get_user, update_profile
from workbench.consultation.comments import dispose, submit_comment
from workbench.consultation.consultations import add_contact_point, open_consultation
from workbench.consultation.reports import adoption_report_docx, feedback_letter_docx
from workbench.documents.store import create_document, get_version, import_document
from workbench.documents.working_copy import apply, open_working_copy, save_version

HOSTILE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DRAFT = "示例市犬只管理办法\n第一条 为了加强犬只管理，制定本办法。\n第二条 本办法适用于本市行政区域。\n"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _clean(value) -> bool:
    """No control or bidi character in ``value`` (a str, or a tree's JSON: its strings are checked)."""
    if isinstance(value, str) and value.startswith("{"):
        value = json.loads(value)
    return not any(HOSTILE.search(s) for s in _strings(value))


def test_imported_text_with_controls_is_stored_clean_and_exports(users, fresh_db):
    """Item 8: C0 characters after the first 8 KB used to be stored and break every .docx export."""
    data = ("示例市犬只\x1b[31m管理办法\n" + "说明" * 5000 + "\n第一条 为了加强\x01犬只管理\x07，制定本办法。\x0b"
            "第二条 本办法适用于\u202e本市行政区域\u202c。\n").encode()
    tree = read_bytes(data, "草案.txt")
    doc, v = import_document(fresh_db, users["drafter"], tree, title=tree.title, level="GR")
    stored = get_version(fresh_db, v.id).tree
    assert _clean(stored.to_json()) and _clean(doc.title)
    assert [a.text for a in stored.articles] == ["为了加强犬只管理，制定本办法。", "本办法适用于本市行政区域。"]
    assert docx_bytes(stored)[:2] == b"PK"


def test_title_fields_and_edited_text_are_cleaned(users, fresh_db):
    """Item 16: a bidi override typed into the title or the editor no longer reaches the database."""
    drafter = users["drafter"]
    doc, v = create_document(fresh_db, title="示例市\u202e法办理管\u202c犬只", level="GR", tree=parse_file_text(DRAFT),
                             actor=drafter.username, issuing_body="示例市\x00人民政府", note="第\u2067一\u2069稿")
    assert (doc.title, doc.issuing_body) == ("示例市法办理管犬只", "示例市人民政府")
    assert get_version(fresh_db, v.id).note == "第一稿"
    wc = open_working_copy(fresh_db, doc.id, drafter)
    wc, _ = apply(fresh_db, doc.id, drafter, "edit", expected_row_version=wc.row_version, key="第一条",
                  text="为了加强犬只\x1b管理\u202e，制定本办法。")
    v2 = save_version(fresh_db, doc.id, drafter, label="送审\x07稿", note="改\u200f",
                         expected_row_version=wc.row_version)
    stored = get_version(fresh_db, v2.id)
    assert _clean(stored.tree.to_json()) and (stored.label, stored.note) == ("送审稿", "改")
    assert docx_bytes(stored.tree)[:2] == b"PK"


def test_display_names_are_cleaned(users, fresh_db):
    u = create_user(fresh_db, "zhang\u202e", "secret123", "drafter", display_name="张\x1b三\u202e", org="司法\x00局",
                    by=users["admin"])
    assert (u.username, u.display_name, u.org) == ("zhang", "张三", "司法局")
    u = update_profile(fresh_db, users["admin"], "zhang", display_name="李\u2066四")
    assert get_user(fresh_db, "zhang").display_name == "李四"


def test_comments_with_controls_keep_reports_and_feedback_letters_working(users, fresh_db):
    """Item 8: a contact's comment holding a control character broke the 采纳情况说明 and its 反馈函."""
    admin, drafter = users["admin"], users["drafter"]
    doc, v = create_document(fresh_db, title="示例市犬只管理办法", level="GR", tree=parse_file_text(DRAFT),
                             actor=drafter.username)
    cp = add_contact_point(fresh_db, admin, name="东城\x07街道\u202e联系点", kind="街道")
    assert cp.name == "东城街道联系点"
    contact = create_user(fresh_db, "east", "secret123", "contact", contact_point_id=cp.id, by=admin)
    today = date.today()
    c = open_consultation(fresh_db, drafter, version_id=v.id, opens_on=today - timedelta(days=1),
                          closes_on=today + timedelta(days=40), contact_point_ids=[cp.id],
                          title="征求\x1b意见", key_questions=["重点\u202e问题"])
    comment = submit_comment(fresh_db, contact, c.id, text="建议\x01增加\x1b[0m免疫\u202e条款\x00。",
                             element_id="art-1")
    assert comment.text == "建议增加[0m免疫条款。"
    (done,) = dispose(fresh_db, drafter, [comment.id], decision="未采纳", reason="理由\x08\u2066说明")
    assert done.reason == "理由说明"
    assert adoption_report_docx(fresh_db, drafter, consultation_id=c.id)[:2] == b"PK"
    assert feedback_letter_docx(fresh_db, contact, c.id, cp.id)[:2] == b"PK"
