"""The 专项审查 page through AppTest: a 清理 campaign (野生动物保护法 2018 → 2022, real local
regulations) started on the page, run in the background, its hits listed with the upper-law
article, the change and the suggested action, and exported."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from corpus_helpers import build_wildlife_db  # noqa: E402
from workbench.filing.campaigns import get_campaign, hits_of, list_campaigns  # noqa: E402
from workbench.access.users import get_user  # noqa: E402
from workbench.schema import open_db  # noqa: E402

PAGE = "app_pages/filing_campaigns.py"


@pytest.fixture(scope="module")
def wildlife_db(tmp_path_factory, corpus_dir) -> str:
    return build_wildlife_db(corpus_dir, tmp_path_factory.mktemp("wild_src"), tmp_path_factory.mktemp("wild_db") / "c.db")


def _wait(path: str, cid: int) -> dict:
    db = open_db(path)
    try:
        for _ in range(240):
            c = get_campaign(db, cid)
            if c["status"] not in ("排队", "进行中"):
                return c
            time.sleep(0.25)
    finally:
        db.close()
    raise AssertionError("the campaign did not finish")


def test_cleanup_campaign_on_the_page(app_as, wildlife_db):
    at = app_as("filing")
    at.session_state["corpus_db_path"] = wildlife_db
    at.switch_page(PAGE).run()
    assert not at.exception
    at.radio(key="fc_kind").set_value("清理").run()
    assert not any(m.key == "fc_fams" for m in at.multiselect)      # no rule selection for a 清理
    at.text_input(key="fc_title").input("野生动物保护法修改后的清理")
    at.text_input(key="fc_law").input("野生动物保护法")
    at.text_input(key="fc_since").input("2019")
    at.button(key="fc_start").click().run()
    assert any("YYYY-MM-DD" in e.value for e in at.error)          # the core's message
    at.text_input(key="fc_since").input("")
    at.button(key="fc_start").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    cid = at.session_state["fc_campaign"]
    c = _wait(at.session_state["db_path"], cid)
    assert c["status"] == "已完成" and c["hits"] > 0, c
    at.run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "上位法条文" in d.value.columns)
    assert {"北京市野生动物保护管理条例", "山东省实施《中华人民共和国野生动物保护法》办法"} <= set(table["文件"])
    assert set(table["建议"]) <= {"修改", "废止", "保留"} and set(table["变化"]) and all(table["上位法条文"])
    assert any("野生动物保护法》修改后的清理" in c.value for c in at.caption)
    labels = [b.label for b in at.get("download_button")]
    assert "导出 .csv" in labels and "导出 .docx" in labels
    hid = int(table["编号"].iloc[0])
    at.radio(key=f"fc_state_{hid}").set_value("确认")
    at.button(key=f"fc_mark_{hid}").click().run()
    assert not at.exception
    db = open_db(at.session_state["db_path"])
    try:
        fr = get_user(db, "filing")
        assert next(x for x in list_campaigns(db, fr) if x["id"] == cid)["selection"]["kind"] == "清理"
        assert next(h for h in hits_of(db, fr, cid) if h["id"] == hid)["state"] == "确认"
    finally:
        db.close()
