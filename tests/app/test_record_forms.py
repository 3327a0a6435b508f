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
    assert by_label(edit(at).selectbox, "关联文档").value is None      # #5 has no document yet
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
