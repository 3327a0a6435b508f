"""The comment loop in a real browser: a contact point submits a comment on an article, a drafter
disposes it (through the core), and the contact point reads the feedback."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from browser_helpers import choose, go_to, login, wait_idle
from playwright.sync_api import expect

from workbench.consultation.comments import dispose, list_comments
from workbench.consultation.consultations import find_contact_point, open_consultation
from workbench.schema import open_db
from workbench.demo.workspace import EXAMPLES_DIR
from workbench.documents.store import create_document
from lawtext.files import read_path
from workbench.access.users import get_user
from base.clock import today as beijing_today

TITLE = "示例市文明养犬促进规定（浏览器测试）"


@pytest.fixture
def consultation(app_server):
    """Our own document and open consultation (the demo data other tests read stays untouched)."""
    db = open_db(app_server.db_path)
    try:
        drafter = get_user(db, "drafter")
        doc, v = create_document(db, title=TITLE, level="GR", tree=read_path(EXAMPLES_DIR / "gr-dog-management-v2.md"),
                                 actor="drafter", label="征求意见稿")
        point = find_contact_point(db, "东城街道基层立法联系点")
        c = open_consultation(db, drafter, version_id=v.id, opens_on=beijing_today() - timedelta(days=1),
                              closes_on=beijing_today() + timedelta(days=29), contact_point_ids=[point.id],
                              key_questions=["犬只免疫点的设置是否方便？"], title=f"《{TITLE}》征求意见")
        yield c
    finally:
        db.close()


@pytest.mark.browser
def test_contact_submits_a_comment_and_later_reads_its_feedback(page, app_server, consultation):
    login(page, app_server.url, "contact")
    expect(page.get_by_role("heading", name="提交意见")).to_be_visible()      # the contact's landing page
    choose(page, "正在征求意见的草案", re.compile(re.escape(TITLE)))
    expect(page.get_by_text("犬只免疫点的设置是否方便？")).to_be_visible()
    # the article list is long (virtualised): type to filter, then pick
    page.get_by_role("combobox", name="针对的条款", exact=True).click()
    page.keyboard.type("第十一条")
    page.get_by_role("option", name=re.compile("^第十一条")).first.click()
    wait_idle(page)
    expect(page.get_by_text("市农业农村部门应当合理设置犬只免疫点").first).to_be_visible()
    opinion = "建议免疫点覆盖每个街道，并公布周末服务时间。<script>alert(1)</script>"
    page.get_by_label("意见内容").fill(opinion)
    page.get_by_role("spinbutton", name="参与人数").fill("9")
    page.get_by_role("button", name="提交意见").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile("已提交对第十一条的意见"))).to_be_visible()

    db = open_db(app_server.db_path)
    try:
        contact = get_user(db, "contact")
        mine = [c for c in list_comments(db, contact, consultation_id=consultation.id)]
        assert [(c.text, c.article_label, c.participants) for c in mine] == [(opinion, "第十一条", 9)]
        go_to(page, "意见反馈")
        expect(page.get_by_text("待处理").first).to_be_visible()
        dispose(db, get_user(db, "drafter"), [mine[0].id], decision="部分采纳",
                reason="免疫点按街道设置；服务时间由各区公布。", adopted_version_id=consultation.version_id,
                adopted_article_id="第十一条")
    finally:
        db.close()

    go_to(page, "提交意见")
    go_to(page, "意见反馈")
    # the bordered container of that comment: the innermost block holding its text
    blocks = page.locator('[data-testid="stVerticalBlock"]')
    card = blocks.filter(has_text="建议免疫点覆盖每个街道").filter(has_not=blocks)
    expect(card).to_contain_text("部分采纳")
    expect(card).to_contain_text("理由：免疫点按街道设置；服务时间由各区公布。")
    expect(card).to_contain_text(opinion)                      # shown as typed: the tag is text, not markup
    assert page.locator("script", has_text="alert(1)").count() == 0
