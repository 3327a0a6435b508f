"""备案审查 in the browser. The reviewer (demo account ``filing``) registers a batch of filed documents
from a .zip (the background worker's progress shown from the database), works one from the queue to
a 纠正意见函, records the corrected version and reads its redline, and sees the year's figures. The
报备单位 account (``filer``) sees only its own organ's filings and letters."""
from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from browser_helpers import choose, go_to, login, wait_idle
from playwright.sync_api import expect

from workbench.filing.store import items_of, query_filings
from workbench.schema import open_db

BAD = """示例市城市道路挖掘管理规定
（示建规〔2026〕9号　示例市住房和城乡建设局印发）

第一条　为了加强城市道路挖掘管理，根据有关法律、法规，结合本市实际，制定本规定。
第二条　挖掘城市道路的单位应当向市住房和城乡建设局缴纳道路恢复保证金十万元。
第三条　本规定自2026年10月1日起施行，有效期5年。
"""
CLEAN = """示例市城市道路照明设施维护规定
（示建规〔2026〕10号　示例市住房和城乡建设局印发）

第一条　为了做好城市道路照明设施的维护工作，制定本规定。
第二条　本规定自2026年10月1日起施行，有效期5年。
"""


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("挖掘/示例市城市道路挖掘管理规定.txt", BAD)
        z.writestr("挖掘/备案报告.txt", "关于报送备案的报告\n请予审查。")
        z.writestr("挖掘/起草说明.txt", "起草说明\n一、必要性")
        z.writestr("挖掘/合法性审核意见.txt", "合法性审核意见\n经审核，同意。")
        z.writestr("照明.txt", CLEAN)
    return buf.getvalue()


def key(page, name: str):
    """The container Streamlit gives a widget with key ``name``."""
    return page.locator(f".st-key-{name}")


@pytest.mark.browser
def test_reviewer_registers_a_batch_and_works_a_case_to_correction(page, app_server):
    login(page, app_server.url, "filing")
    expect(page.get_by_role("heading", name="备案审查")).to_be_visible()
    go_to(page, "备案登记")
    page.get_by_role("tab", name="批量登记").click()
    wait_idle(page)
    key(page, "fi_zip").locator('input[type="file"]').set_input_files(
        files=[{"name": "住建局报备.zip", "mimeType": "application/zip", "buffer": _zip()}])
    wait_idle(page)
    page.get_by_role("button", name="开始批量登记").click()
    expect(page.get_by_text(re.compile("住建局报备.zip.*状态：已完成"))).to_be_visible(timeout=60_000)
    expect(page.get_by_text("共 2 件：已登记 1，待登记 1，失败 0；已自动审查 2")).to_be_visible()

    db = open_db(app_server.db_path)
    f = next(x for x in query_filings(db) if x.title == "示例市城市道路挖掘管理规定")
    items = items_of(db, f.id)
    assert f.n_error >= 1 and items
    go_to(page, "审查案件")
    choose(page, "案件", re.compile(rf"^{f.id}\s+示例市城市道路挖掘管理规定"))
    for i in items:
        if i.severity == "error":
            key(page, f"fc_d_{f.id}_{i.seq}").get_by_text("确认", exact=True).click()
        else:
            key(page, f"fc_d_{f.id}_{i.seq}").get_by_text("不采纳", exact=True).click()
            key(page, f"fc_r_{f.id}_{i.seq}").locator("input").fill("不影响合法性")
        key(page, f"fc_s_{f.id}_{i.seq}").get_by_role("button").click()
        wait_idle(page)
        expect(page.get_by_text(re.compile(f"第 {i.seq} 项："))).to_be_visible()

    page.get_by_role("tab", name="函件").click()
    choose(page, "发函", "纠正意见函")
    page.get_by_role("tab", name="函件").click()
    page.get_by_role("button", name="生成并登记函件").click()
    wait_idle(page)
    expect(page.get_by_text("已发出纠正意见函。")).to_be_visible()
    page.get_by_role("tab", name="函件").click()
    download = page.get_by_role("button", name=re.compile(r"^纠正意见函\s+示司备函〔"))
    expect(download).to_be_visible()
    with page.expect_download() as got:                    # the letter is a 公文 of the one writer
        download.click()
    wait_idle(page)
    lines = [p.text for p in docx.Document(got.value.path()).paragraphs if p.text.strip()]
    assert lines[0] == "示例市司法局文件" and lines[1].startswith("示司备函〔")
    assert lines[2].endswith("的纠正意见函") and lines[3] == "示例市住房和城乡建设局：" and lines[-1].endswith("印发")

    page.get_by_role("tab", name="回复与纠正").click()
    reply = key(page, f"fc_reply_{f.id}").locator("textarea")
    reply.fill("已删除道路恢复保证金的规定。")
    reply.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("tab", name="回复与纠正").click()
    corrected = BAD.replace("应当向市住房和城乡建设局缴纳道路恢复保证金十万元", "应当按照规定恢复道路原状")
    key(page, f"fc_corr_{f.id}").locator('input[type="file"]').set_input_files(
        files=[{"name": "纠正后.txt", "mimeType": "text/plain", "buffer": corrected.encode("utf-8")}])
    wait_idle(page)
    page.get_by_role("tab", name="回复与纠正").click()
    page.get_by_role("button", name="登记回复").click()
    wait_idle(page)
    page.get_by_role("tab", name="回复与纠正").click()
    expect(page.get_by_text("修改对照（报备文本 → 纠正后文本）")).to_be_visible()
    expect(page.locator("del", has_text="保证金").first).to_be_visible()
    expect(page.locator("ins", has_text="恢复道路原状").first).to_be_visible()

    go_to(page, "备案审查")
    expect(page.get_by_text(re.compile(r"^\d{4} 年报备$"))).to_be_visible()
    expect(page.get_by_text("按期报备率")).to_be_visible()
    expect(page.get_by_text("逾期与临期事项")).to_be_visible()


@pytest.mark.browser
def test_filer_sees_only_its_own_filings(page, app_server):
    login(page, app_server.url, "filer")
    expect(page.get_by_role("heading", name="我的报备")).to_be_visible()
    expect(page.get_by_text("报备单位：示例市交通运输局")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^纠正意见函\s"))).to_be_visible()
    nav = page.locator('[data-testid="stSidebarNav"]')
    for title in ("备案审查", "审查案件", "备案登记", "文档库", "工作台"):
        expect(nav.get_by_role("link", name=title, exact=True)).to_have_count(0)
    choose_box = page.get_by_role("combobox", name="报备文件")
    choose_box.click()
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("option", name=re.compile("示例市互联网租赁自行车停放管理规定"))).to_be_visible()
    page.keyboard.press("Escape")
    for other in ("示例市农贸市场管理办法", "示例市户外广告设施设置管理办法", "示例市城市道路挖掘管理规定"):
        expect(page.get_by_text(other)).to_have_count(0)
