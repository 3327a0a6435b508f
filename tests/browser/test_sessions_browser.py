"""Sessions that survive a reload (issue 19, defect 8): F5 and a page URL keep the user logged in;
logging out, deactivation and a password change end the session at the next request."""
from __future__ import annotations

import pytest
from browser_helpers import go_to, login, wait_idle
from playwright.sync_api import expect

WHO = "当前用户：李明（起草人员）"


def _logged_in(page, who=WHO):
    expect(page.get_by_text(who)).to_be_visible()


def _login_form(page):
    expect(page.get_by_label("用户名")).to_be_visible()
    expect(page.get_by_text(WHO)).to_have_count(0)


@pytest.mark.browser
def test_reload_and_a_page_url_keep_the_user_logged_in_until_logout(page, app_server):
    login(page, app_server.url, "drafter")
    _logged_in(page)
    go_to(page, "文档库")
    page.reload()
    wait_idle(page)
    _logged_in(page)
    expect(page.get_by_role("heading", name="文档库")).to_be_visible()      # the same page after F5
    # a page URL opened in another tab of the same browser
    other = page.context.new_page()
    other.goto(f"{app_server.url}/editor")
    wait_idle(other)
    _logged_in(other)
    expect(other.get_by_role("heading", name="起草")).to_be_visible()
    # 退出登录 ends the session: the other tab is logged out at its next request, F5 shows the login
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="退出登录").click()
    wait_idle(page)
    _login_form(page)
    page.reload()
    wait_idle(page)
    _login_form(page)
    other.reload()
    wait_idle(other)
    _login_form(other)


@pytest.mark.browser
def test_a_password_reset_ends_the_session_at_the_next_request(page, app_server):
    from workbench.access.users import create_user, get_user, reset_password
    from workbench.schema import open_db
    db = open_db(app_server.db_path)
    create_user(db, "session_probe", "probe-pass1", "drafter", display_name="会话测试")
    login(page, app_server.url, "session_probe", "probe-pass1")
    _logged_in(page, "当前用户：会话测试（起草人员）")
    reset_password(db, get_user(db, "admin"), "session_probe", "probe-pass2")
    go_to(page, "文档库")
    expect(page.get_by_label("用户名")).to_be_visible()
    expect(page.get_by_text("密码已更改，请重新登录。")).to_be_visible()
    db.close()
