"""登录 page and the first-start demo workspace, through the real app.py."""
from __future__ import annotations

from workbench.schema import open_db
from workbench.documents.store import list_documents
from workbench.access.users import list_users


def _login(at, username, password):
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def test_first_start_creates_demo_workspace_and_wrong_password_is_refused(anonymous_app, db_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DEMO", "1")      # a temporary path is no demo path: ask for the workspace
    at = anonymous_app(db_path).run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
    db = open_db(db_path)
    assert {u.username for u in list_users(db)} == {"admin", "drafter", "advisor", "reviewer", "contact",
                                                          "filing", "filer"}
    assert {d.title for d in list_documents(db)} >= {"示例市养犬管理办法", "示例市住宅小区物业服务管理实施细则",
                                                   "示例市历史文化街区保护条例"}

    at = _login(at, "drafter", "wrong-password")
    assert [e.value for e in at.error] == ["用户名或密码错误。"]
    assert "user" not in at.session_state
    assert [t.value for t in at.title] == ["法规起草与审查工作台"]


def test_right_password_logs_in_and_shows_navigation(anonymous_app, demo_db_path):
    at = _login(anonymous_app(demo_db_path).run(), "drafter", "drafter123")
    assert not at.exception
    assert at.session_state["user"].username == "drafter"
    assert not [t for t in at.text_input if t.label == "密码"]   # the login form is gone
    assert at.title and at.title[0].value != "法规起草与审查工作台"  # the drafter's first page instead
    assert "当前用户：李明（起草人员）" in [c.value for c in at.sidebar.caption]
    assert any(b.label == "退出登录" for b in at.sidebar.button)


def test_demo_workspace_is_not_created_in_a_database_that_has_users(anonymous_app, fresh_db, users, db_path):
    at = anonymous_app(db_path).run()
    assert not at.exception
    assert list_documents(fresh_db) == []
    assert {u.username for u in list_users(fresh_db)} == {u.username for u in users.values()}


def test_an_account_that_must_set_its_password_does_so_before_anything_else(anonymous_app, demo_db_path):
    """An admin created on an empty production database sets a password of their own on first login
    (the core's ``must_change_password`` flag; changing the password clears it)."""
    from workbench.access.users import authenticate
    db = open_db(demo_db_path)
    with db.conn:
        db.execute("update users set must_change_password = 1 where username = 'admin'")
    real = authenticate

    at = _login(anonymous_app(demo_db_path).run(), "admin", "admin123")
    assert not at.exception
    assert "user" not in at.session_state
    assert [s.value for s in at.subheader] == ["首次登录：请设置新密码"]
    at.text_input[0].input("admin123")
    at.text_input[1].input("my-own-pass1")
    at.text_input[2].input("my-own-pass2")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["两次输入的新密码不一致。"] and "user" not in at.session_state
    at.text_input[0].input("admin123")
    at.text_input[1].input("my-own-pass1")
    at.text_input[2].input("my-own-pass1")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["user"].username == "admin"
    assert real(open_db(demo_db_path), "admin", "my-own-pass1") is not None
    assert not next(u for u in list_users(open_db(demo_db_path)) if u.username == "admin").must_change_password
