"""Forms bound to a record follow the record picked (issue 19, defects 1–3 and the class behind them).

Every page with a record picker is walked: pick one record, touch its fields, pick another, and
every field must show the second record's stored values; saving must act on the record shown.
``test_every_page_with_a_record_picker_is_walked`` keeps the list complete.
"""
from __future__ import annotations

import re
from pathlib import Path

from workbench.access.users import authenticate, get_user
from workbench.documents.store import find_document, list_versions
from workbench.procedure import plan as pl
from workbench.schema import open_db
from ui.forms import NONE

ROOT = Path(__file__).resolve().parents[2]
USERS, PLAN, EDITOR = "app_pages/users_admin.py", "app_pages/plan.py", "app_pages/editor.py"
DOG, HERITAGE, PROPERTY = "示例市养犬管理办法", "示例市历史文化街区保护条例", "示例市住宅小区物业服务管理实施细则"


# --- helpers -------------------------------------------------------------------------------------

def tab(at, label):
    return next(t for t in at.tabs if t.label == label)


def by_label(widgets, label):
    found = [w for w in widgets if w.label == label]
    assert len(found) == 1, f"{label}: {len(found)} widgets"
    return found[0]


def click(at, label, where=None):
    by_label((where or at).button, label).click()
    at.run()
    assert not at.exception, at.exception
    return at


def choose(at, where, label, value):
    by_label(where(at).selectbox, label).set_value(value)
    at.run()
    assert not at.exception, at.exception
    return at


def successes(at):
    return [s.value for s in at.success]


def errors(at):
    return [e.value for e in at.error]


# --- 用户管理 › 修改用户 (defect 1) ---------------------------------------------------------------

def test_user_form_shows_saves_and_keeps_the_user_picked(app_as, demo_db_path):
    at = app_as("admin").switch_page(USERS).run()
    edit = lambda a: tab(a, "修改用户")   # noqa: E731
    assert by_label(edit(at).selectbox, "角色").value == "admin"
    choose(at, edit, "用户", "drafter")
    assert by_label(edit(at).selectbox, "角色").value == "drafter"      # not the admin's role
    # saving without touching anything acts on the drafter and keeps the drafter's role
    click(at, "保存角色", edit(at))
    db = open_db(demo_db_path)
    assert get_user(db, "drafter").role == "drafter" and get_user(db, "admin").role == "admin"
    # change the role: the picker stays on the drafter, the field shows the saved role
    by_label(edit(at).selectbox, "角色").set_value("reviewer")
    at.run()
    click(at, "保存角色", edit(at))
    assert get_user(db, "drafter").role == "reviewer" and get_user(db, "admin").role == "admin"
    assert by_label(edit(at).selectbox, "用户").value == "drafter"
    assert by_label(edit(at).selectbox, "角色").value == "reviewer"
    # a password typed for one user is not reset on another
    by_label(edit(at).text_input, "新密码").input("typed-for-drafter")
    at.run()
    choose(at, edit, "用户", "advisor")
    assert by_label(edit(at).text_input, "新密码").value == ""
    by_label(edit(at).text_input, "新密码").input("advisor-new1")
    at.run()
    click(at, "重置密码", edit(at))
    assert successes(at) == ["已重置 advisor 的密码。"]
    assert authenticate(db, "advisor", "advisor-new1") and authenticate(db, "admin", "admin123")
    assert by_label(edit(at).selectbox, "用户").value == "advisor"
    # deactivation acts on the user shown
    click(at, "停用账户", edit(at))
    assert not get_user(db, "advisor").active and get_user(db, "drafter").active


# --- 立法计划 › 关联文档/撤销 (defect 2) -------------------------------------------------------------

def test_plan_form_shows_and_saves_the_project_picked(app_as, demo_db_path):
    at = app_as("admin").switch_page(PLAN).run()
    edit = lambda a: tab(a, "关联文档/撤销")   # noqa: E731
    db = open_db(demo_db_path)
    dog = find_document(db, DOG).id
    choose(at, edit, "项目", 1)
    assert by_label(edit(at).selectbox, "关联文档").value == dog
    choose(at, edit, "项目", 5)
    assert by_label(edit(at).selectbox, "关联文档").value == NONE      # #5 has no document yet: （不关联）
    click(at, "保存关联", edit(at))
    assert pl.get_project(db, 5).document_id is None and pl.get_project(db, 1).document_id == dog
    # a cancel reason typed for #5 is not carried to #4
    by_label(edit(at).text_input, "撤销理由").input("并入其他项目")
    at.run()
    choose(at, edit, "项目", 4)
    assert by_label(edit(at).text_input, "撤销理由").value == ""


# --- 起草 › 保存版本 (defect 3) -----------------------------------------------------------------------

def test_version_label_follows_the_document_picked(app_as, demo_db_path):
    db = open_db(demo_db_path)
    dog, heritage = find_document(db, DOG), find_document(db, HERITAGE)
    at = app_as("drafter")
    at.session_state["doc_id"] = dog.id
    at.switch_page(EDITOR).run()
    save = lambda a: tab(a, "保存版本")   # noqa: E731
    assert by_label(save(at).selectbox, "版本标签").value == "送审稿"
    by_label(save(at).text_area, "修改说明").input("养犬的说明")
    choose(at, lambda a: a, "文档", heritage.id)
    assert by_label(save(at).selectbox, "版本标签").value == "草案"     # heritage's base is a 草案
    assert by_label(save(at).text_area, "修改说明").value == ""
    at.text_area(key=f"ed_text_{heritage.id}_art-1").input("为了保护历史文化街区，制定本条例。")
    at.run()
    click(at, "保存本条")
    by_label(save(at).form[0].text_area if save(at).form else save(at).text_area, "修改说明").input("改第一条")
    by_label(save(at).form[0].button if save(at).form else save(at).button, "保存为新版本").click()
    at.run()
    assert not at.exception, at.exception
    assert [v.label for v in list_versions(db, heritage.id)] == ["草案", "草案"]
    assert [v.label for v in list_versions(db, dog.id)] == ["征求意见稿", "送审稿"]


# --- the walk over the other pages with a record picker ------------------------------------------

CONSULT, SUBMIT, FEEDBACK = "app_pages/consultation_admin.py", "app_pages/comment_submit.py", \
    "app_pages/comment_feedback.py"
FLOW, DOCUMENT, LEGALITY, COMPARE = "app_pages/lifecycle_page.py", "app_pages/document.py", \
    "app_pages/legality.py", "app_pages/compare.py"
CORPUS = "app_pages/corpus_library.py"


def _second_open_consultation(db):
    """Open a consultation on the heritage 草案 for every contact point (the demo has one open)."""
    from datetime import timedelta

    from base.clock import today
    from workbench.consultation.consultations import list_contact_points, open_consultation
    heritage = find_document(db, HERITAGE)
    return open_consultation(db, get_user(db, "admin"), version_id=heritage.current_version_id,
                             opens_on=today(), closes_on=today() + timedelta(days=40),
                             contact_point_ids=[p.id for p in list_contact_points(db)], title="历史文化街区征求意见")


def test_consultation_forms_follow_the_consultation_picked(app_as, demo_db_path):
    from workbench.consultation.consultations import get_consultation, list_consultations
    db = open_db(demo_db_path)
    second = _second_open_consultation(db)
    first = next(c for c in list_consultations(db) if c.is_open() and c.id != second.id)
    at = app_as("admin").switch_page(CONSULT).run()
    cons = lambda a: tab(a, "征求意见")   # noqa: E731
    choose(at, cons, "查看征求意见", first.id)
    by_label(cons(at).text_input, "提前关闭的理由").input("为第一次征求意见写的理由")
    at.run()
    choose(at, cons, "查看征求意见", second.id)
    assert by_label(cons(at).text_input, "提前关闭的理由").value == ""
    by_label(cons(at).text_input, "提前关闭的理由").input("草案需大幅修改")
    at.run()
    click(at, "确认关闭", cons(at))
    assert get_consultation(db, second.id).closed_on and not get_consultation(db, first.id).closed_on
    # the new-consultation form belongs to the version picked
    versions = by_label(cons(at).selectbox, "征求意见的版本")
    a, b = versions.options[0], versions.options[1]
    versions.select(a)
    at.run()
    by_label(cons(at).text_area, "重点征求意见的问题（每行一个）").input("为第一个版本写的问题")
    at.run()
    by_label(cons(at).selectbox, "征求意见的版本").select(b)
    at.run()
    assert by_label(cons(at).text_area, "重点征求意见的问题（每行一个）").value == ""
    # dispositions: the decision chosen for one consultation is not carried to another
    dispose = lambda a: tab(a, "意见处理")   # noqa: E731
    dog = next(c for c in list_consultations(db) if not c.is_open() and c.id != second.id)
    choose(at, dispose, "征求意见", dog.id)
    by_label(dispose(at).radio, "处理结论").set_value("采纳")
    at.run()
    choose(at, dispose, "征求意见", first.id)
    radios = [r for r in dispose(at).radio if r.label == "处理结论"]
    assert not radios or radios[0].value == radios[0].options[0]


def test_comment_form_follows_the_consultation_picked(app_as, demo_db_path):
    from workbench.consultation.comments import list_comments
    from workbench.consultation.consultations import list_consultations
    db = open_db(demo_db_path)
    second = _second_open_consultation(db)
    at = app_as("contact").switch_page(SUBMIT).run()
    one = lambda a: tab(a, "逐条提交")   # noqa: E731
    first_id = next(c.id for c in list_consultations(db) if c.is_open() and c.id != second.id)
    choose(at, lambda a: a, "正在征求意见的草案", first_id)
    by_label(one(at).text_area, "意见内容").input("对第一个草案的意见")
    at.run()
    choose(at, lambda a: a, "正在征求意见的草案", second.id)
    assert by_label(one(at).text_area, "意见内容").value == ""
    by_label(one(at).text_area, "意见内容").input("建议扩大保护范围。")
    by_label(one(at).button, "提交意见").click()
    at.run()
    assert not at.exception and not errors(at)
    contact = get_user(db, "contact")
    assert [c.text for c in list_comments(db, contact, consultation_id=second.id)] == ["建议扩大保护范围。"]
    assert "建议扩大保护范围。" not in [c.text for c in list_comments(db, contact, consultation_id=first_id)]


def test_feedback_letter_point_follows_the_consultation_picked(app_as, demo_db_path):
    from workbench.consultation.consultations import list_consultations
    db = open_db(demo_db_path)
    second = _second_open_consultation(db)
    dog = next(c for c in list_consultations(db) if not c.is_open())
    at = app_as("drafter").switch_page(FEEDBACK).run()
    choose(at, lambda a: a, "范围", dog.id)
    point = by_label(at.selectbox, "反馈函：联系点")
    point.set_value(point.options and dog.invited[-1])
    at.run()
    choose(at, lambda a: a, "范围", second.id)
    assert by_label(at.selectbox, "反馈函：联系点").value == second.invited[0]


def test_flow_page_fields_follow_the_document_picked(app_as, demo_db_path):
    db = open_db(demo_db_path)
    dog, prop = find_document(db, DOG), find_document(db, PROPERTY)
    at = app_as("admin").switch_page(FLOW).run()
    choose(at, lambda a: a, "文档", dog.id)
    notes = [t for t in at.text_input if t.label == "说明（可选）"]
    assert notes
    notes[0].input("养犬的说明")
    at.run()
    choose(at, lambda a: a, "文档", prop.id)
    assert all(t.value == "" for t in at.text_input if t.label == "说明（可选）")


def test_document_upload_form_follows_the_document_picked(app_as, demo_db_path):
    db = open_db(demo_db_path)
    dog, heritage = find_document(db, DOG), find_document(db, HERITAGE)
    at = app_as("drafter")
    at.session_state["doc_id"] = dog.id
    at.switch_page(DOCUMENT).run()
    upload = lambda a: tab(a, "上传新版本")   # noqa: E731
    assert by_label(upload(at).selectbox, "版本标签").value == "审议稿"     # after the dog's 送审稿
    by_label(upload(at).text_input, "修改说明").input("养犬的说明")
    at.run()
    choose(at, lambda a: a.sidebar, "选择文档", heritage.id)
    assert by_label(upload(at).selectbox, "版本标签").value == "征求意见稿"  # after the heritage 草案
    assert by_label(upload(at).text_input, "修改说明").value == ""


def test_version_pickers_follow_the_document_picked(app_as, demo_db_path):
    db = open_db(demo_db_path)
    dog, heritage = find_document(db, DOG), find_document(db, HERITAGE)
    for page, where, label, version_label in ((LEGALITY, lambda a: a, "文档", "版本"),
                                              (COMPARE, lambda a: a.sidebar, "选择文档", "修改后版本")):
        at = app_as("reviewer")
        at.session_state["doc_id"] = dog.id
        at.switch_page(page).run()
        assert not at.exception, at.exception
        choose(at, where, label, heritage.id)
        shown = by_label(at.selectbox, version_label)
        assert shown.value in {v.id for v in list_versions(db, heritage.id)}, page


def test_every_page_with_a_record_picker_is_walked():
    """A page that picks a record (pick_record / pick_document / record_key) must be walked above
    (法规库's repeal note: tests/app/test_corpus_pages.py, on its corpus subset)."""
    walked = {USERS, PLAN, EDITOR, CONSULT, SUBMIT, FEEDBACK, FLOW, DOCUMENT, LEGALITY, COMPARE, CORPUS}
    pickers = {f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("*.py")
               if re.search(r"\b(pick_record|pick_document|record_key)\(", p.read_text(encoding="utf-8"))}
    assert pickers <= walked, sorted(pickers - walked)
