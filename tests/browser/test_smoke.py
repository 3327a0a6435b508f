"""The real app in a real browser: log in, open a demo document, read Chinese text."""
from __future__ import annotations

import re

import pytest
from browser_helpers import login, open_document, wait_idle
from playwright.sync_api import expect


@pytest.mark.browser
def test_wrong_password_shows_a_chinese_error(page, app_server):
    login(page, app_server.url, "drafter", "not-the-password")
    expect(page.get_by_text("用户名或密码错误。")).to_be_visible()


@pytest.mark.browser
def test_drafter_opens_a_demo_document_and_reads_an_article(page, app_server):
    login(page, app_server.url, "drafter")
    expect(page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="文档库", exact=True)).to_be_visible()
    expect(page.get_by_text("当前用户：李明（起草人员）")).to_be_visible()

    open_document(page, "示例市养犬管理办法")
    expect(page.get_by_role("heading", name="示例市养犬管理办法")).to_be_visible()
    expect(page.get_by_text("v2 送审稿 · 共 28 条")).to_be_visible()
    article = page.locator('.wb-article[data-article-id="art-1"]')
    expect(article).to_contain_text("为了规范养犬行为，保障公民人身健康和安全")

    page.get_by_text("第二章 养犬登记与免疫", exact=True).click()  # unfold the chapter in the 目录
    page.get_by_role("button", name=re.compile(r"^第八条")).click()
    wait_idle(page)
    article = page.locator('.wb-article[data-article-id="art-8"]')
    expect(article).to_contain_text("（二）下列区域中由市人民政府划定的部分：")
    expect(article).to_contain_text("1.各类开发区、产业园区；")
    expect(article.locator("p").first).to_be_visible()
    # Chinese is laid out with real CJK glyphs: a line of the article is wider than it is tall
    box = article.locator("p").first.bounding_box()
    assert box and box["width"] > box["height"] > 0
