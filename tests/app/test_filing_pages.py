"""备案审查 pages through AppTest on app.py with the demo workspace: the reviewer's queue and overdue
warnings, a case worked on the page (dispose, letter, 审结 refused with the core's reason), the
statistics, and the 报备单位 account's own page."""
from __future__ import annotations

from workbench.access.users import get_user
from workbench.filing.casework import dispose
from workbench.filing.store import items_of, letters_of, query_filings
from workbench.schema import open_db

QUEUE, CASE, STATS, MINE, INTAKE = ("app_pages/filing_queue.py", "app_pages/filing_case.py", "app_pages/filing_stats.py",
                                    "app_pages/filing_mine.py", "app_pages/filing_intake.py")
MARKET = "示例市农贸市场管理办法"


def _filing(path: str, title: str):
    db = open_db(path)
    try:
        return next(f for f in query_filings(db) if f.title == title)
    finally:
        db.close()


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_reviewer_lands_on_the_queue_with_overdue_warnings(app_as):
    at = app_as("filing").run()
    assert not at.exception
    assert at.title[0].value == "备案审查"
    table = at.dataframe[1].value
    assert list(table["错误"]) == sorted(table["错误"], reverse=True)       # errors first
    assert "示例市东城区关于促进夜间经济发展的若干规定" in set(table["文件"])
    overdue = at.dataframe[0].value
    assert MARKET in set(overdue["文件"]) and "已逾期" in set(overdue["状态"])
    assert "示例市户外广告设施设置管理办法" not in set(table["文件"])       # closed cases hidden by default


def test_a_case_worked_on_the_page(app_as, demo_db_path):
    market = _filing(demo_db_path, MARKET)
    fid = market.id
    at = app_as("filing")
    at.session_state["filing_id"] = fid
    at.switch_page(CASE).run()
    assert not at.exception
    assert any("逾期报备" in w.value for w in at.warning)
    found = items_of(open_db(demo_db_path), fid)                # the clause rules catch the 户籍 condition
    assert any(i.article_label == "第七条" and i.source == "check" for i in found)
    third = next(o for o in at.selectbox(key=f"fc_art_{fid}").options if o.startswith("第七条"))
    at.selectbox(key=f"fc_art_{fid}").set_value("art-7")
    assert third
    at.text_area(key=f"fc_msg_{fid}").input("以本市户籍或者居住证作为经营条件，排除外地经营者，违反公平竞争审查规定。")
    at.text_input(key=f"fc_basis_{fid}").input("《公平竞争审查条例》第八条")
    _button(at, "添加").click().run()
    assert not at.error, [e.value for e in at.error]
    added = [i for i in items_of(open_db(demo_db_path), fid) if i.source != "check"]
    assert [i.article_label for i in added] == ["第七条"]
    at.selectbox(key=f"fc_out_{fid}").set_value("未发现问题")
    _button(at, "审结").click().run()
    pending = len([i for i in items_of(open_db(demo_db_path), fid) if i.source == "check" and not i.disposition])
    assert [e.value for e in at.error] == [f"尚有 {pending} 项审查发现未处理，请先逐项确认或不采纳。"]     # the rules' findings first
    for i in items_of(open_db(demo_db_path), fid):
        if i.source == "check" and not i.disposition:
            db = open_db(demo_db_path)
            dispose(db, get_user(db, "filing"), fid, i.seq, "确认")
    _button(at, "审结").click().run()
    assert [e.value for e in at.error] == [f"已确认 {1 + pending} 项问题，不能以「未发现问题」审结。"]
    at.selectbox(key=f"fc_kind_{fid}").set_value("审查意见书")
    _button(at, "生成并登记函件").click().run()
    assert not at.error, [e.value for e in at.error]
    assert [x.kind for x in letters_of(open_db(demo_db_path), fid)] == ["审查意见书"]
    assert any(b.label.startswith("审查意见书") for b in at.get("download_button"))
    at.selectbox(key=f"fc_out_{fid}").set_value("提出审查意见（建议修改）")
    _button(at, "审结").click().run()
    assert _filing(demo_db_path, MARKET).outcome == "提出审查意见（建议修改）"


def test_statistics_page_has_charts_and_the_report(app_as):
    at = app_as("filing").switch_page(STATS).run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["报备文件", "按期报备率", "已审结"]
    assert any(b.label.startswith("下载《备案审查工作情况报告》") for b in at.get("download_button"))


def _direct(page: str, who: str, db_path: str):
    """A page script run on its own (bypassing the role-filtered navigation): the core still refuses."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from workbench.access.users import get_user
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / page), default_timeout=30)
    at.session_state["db_path"] = db_path
    at.session_state["user"] = get_user(open_db(db_path), who)
    return at.run()


def test_filer_sees_only_its_own_organs_filings(app_as, demo_db_path):
    at = app_as("filer").run()
    assert not at.exception
    assert at.title[0].value == "我的报备"
    assert list(at.dataframe[0].value["文件"]) == ["示例市互联网租赁自行车停放管理规定"]
    assert any(b.label.startswith("纠正意见函") for b in at.get("download_button"))
    for page in (QUEUE, CASE, STATS, INTAKE):
        at = _direct(page, "filer", demo_db_path)
        assert [e.value for e in at.error] == ["报备单位无权" + ("登记报备文件" if page == INTAKE else "查看备案审查案件") + "。"]


def test_intake_page_lists_filings_waiting_for_materials(app_as):
    at = app_as("filing").switch_page(INTAKE).run()
    assert not at.exception
    assert any("缺少：合法性审核意见" in c.value for c in at.caption)


def test_batch_from_a_server_folder_only_under_the_intake_root(app_as, tmp_path, monkeypatch):
    import os
    import sys
    import time
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workbench"))
    from filing_helpers import generate
    from workbench.filing.batch import get_batch
    monkeypatch.delenv("WORKBENCH_FILING_INTAKE_ROOT", raising=False)
    at = app_as("filing").switch_page(INTAKE).run()
    assert not any(t.key == "fi_folder" for t in at.text_input)          # no root configured: no folder option
    root = tmp_path / "intake"
    specs = generate(root / "2026年第一批", 3, seed=4)
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", root / "link")
    monkeypatch.setenv("WORKBENCH_FILING_INTAKE_ROOT", str(root))
    at = app_as("filing").switch_page(INTAKE).run()
    for bad, why in (("../elsewhere", "只能登记"), ("link", "只能登记"), (str(tmp_path), "只能登记"), ("没有这个", "不存在")):
        at.text_input(key="fi_folder").input(bad).run()
        at.button(key="fi_folder_go").click().run()
        assert any(why in e.value for e in at.error), (bad, [e.value for e in at.error])
    at.text_input(key="fi_folder").input("2026年第一批").run()
    at.button(key="fi_folder_go").click().run()
    assert not at.error, [e.value for e in at.error]
    bid = at.session_state["fi_batch_id"]
    db = open_db(at.session_state["db_path"])
    try:
        for _ in range(240):
            b = get_batch(db, bid)
            if b["status"] not in ("排队", "进行中"):
                break
            time.sleep(0.25)
    finally:
        db.close()
    assert b["status"] == "已完成" and b["total"] == len(specs) == 3 and b["failed"] == 0
