"""Two roles, two browsers, one app: a drafter and a contact point each see only what they may.

The drafter lands on the 工作台 (charts, figures), has the 流程/立法计划/审计日志 pages but not
用户管理, sees every document and reads why a move is blocked. The contact point lands on
提交意见, sees only the draft open for comment to it, never the internal pages nor the other
documents, even when typing a page's URL.
"""
from __future__ import annotations

import re

import pytest
from browser_helpers import choose, go_to, login, wait_idle
from playwright.sync_api import expect

STAFF_PAGES = ["工作台", "文档库", "流程", "立法计划", "审计日志"]
OPEN_DRAFT = "示例市住宅小区物业服务管理实施细则"
NOT_OPEN = "示例市养犬管理办法"


def nav(page):
    return page.locator('[data-testid="stSidebarNav"]')


@pytest.mark.browser
def test_drafter_and_contact_point_see_what_each_may(page, browser, app_server):
    drafter = page
    contact = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN").new_page()
    contact.set_default_timeout(20_000)
    try:
        login(drafter, app_server.url, "drafter")
        login(contact, app_server.url, "contact")

        # --- the drafter: dashboard first, with its charts
        expect(drafter.get_by_role("heading", name="工作台")).to_be_visible()
        expect(drafter.get_by_text("年度立法计划完成")).to_be_visible()
        expect(drafter.get_by_text("法律顾问参与率").first).to_be_visible()
        expect(drafter.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
        assert drafter.locator('[data-testid="stVegaLiteChart"]').count() >= 3
        for title in STAFF_PAGES:
            expect(nav(drafter).get_by_role("link", name=title, exact=True)).to_be_visible()
        expect(nav(drafter).get_by_role("link", name="用户管理", exact=True)).to_have_count(0)

        # --- the contact point: its own landing page, none of the internal ones
        expect(contact.get_by_role("heading", name="提交意见")).to_be_visible()
        expect(contact.get_by_text("东城街道基层立法联系点").first).to_be_visible()
        # other browser tests share this server and may open more consultations: look among the options
        contact.get_by_role("combobox", name="正在征求意见的草案").click()
        expect(contact.get_by_role("option", name=re.compile(OPEN_DRAFT))).to_be_visible()
        contact.keyboard.press("Escape")
        expect(contact.get_by_text(NOT_OPEN)).to_have_count(0)
        for title in [*STAFF_PAGES, "用户管理"]:
            expect(nav(contact).get_by_role("link", name=title, exact=True)).to_have_count(0)

        # the drafter reads the gate on the dog 规章, which waits for the advisor's sign-off
        go_to(drafter, "流程")
        choose(drafter, "文档", re.compile("^" + NOT_OPEN))
        expect(drafter.get_by_text("尚无法律顾问签署的合法性审核意见").first).to_be_visible()
        expect(drafter.get_by_text("起草人员不能执行此操作").first).to_be_visible()
        go_to(drafter, "文档库")   # the table is a canvas grid: its cells are in the DOM for screen readers
        cells = drafter.locator('[data-testid="stDataFrame"] td')
        expect(cells.filter(has_text=NOT_OPEN).first).to_be_attached()
        expect(cells.filter(has_text=OPEN_DRAFT).first).to_be_attached()

        # typing the URL of an internal page keeps the login (session cookie) but not the page: the
        # contact point lands on its own page and sees nothing of the internal one
        for path, marker in (("dashboard", "年度立法计划完成"), ("library", "共 "), ("lifecycle_page", "下一步"),
                             ("audit_log", "校验哈希链")):
            contact.goto(f"{app_server.url}/{path}")
            wait_idle(contact)
            expect(contact.get_by_role("heading", name="提交意见")).to_be_visible()
            expect(contact.get_by_text(marker)).to_have_count(0)
            expect(contact.get_by_text(NOT_OPEN)).to_have_count(0)
    finally:
        contact.context.close()
