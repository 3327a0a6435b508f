"""The 清理 page through AppTest on a real upper-law change (野生动物保护法 2018 → 2022)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from corpus_helpers import build_wildlife_db  # noqa: E402


@pytest.fixture(scope="module")
def wildlife_db(tmp_path_factory, corpus_dir) -> str:
    return build_wildlife_db(corpus_dir, tmp_path_factory.mktemp("wild_src"), tmp_path_factory.mktemp("wild_db") / "c.db")


def test_cleanup_page_shows_the_list_and_exports(app_as, wildlife_db):
    at = app_as("reviewer")
    at.session_state["corpus_db_path"] = wildlife_db
    at.switch_page("app_pages/cleanup.py").run()
    assert not at.exception
    at.text_input(key="cu_law").input("野生动物保护法").run()
    at.button(key="cu_run").click().run()
    assert not at.exception, at.exception
    assert "2018-10-26 → 2022-12-30" in at.subheader[0].value
    titles = [e.label for e in at.expander]
    assert any("北京市野生动物保护管理条例" in t for t in titles)
    assert [m.label for m in at.metric][:2] == ["修改、删除的条文", "检查的文件"]
    at.text_input(key="cu_law").input("不存在的法").run()
    at.button(key="cu_run").click().run()
    assert any("没有找到上位法" in e.value for e in at.error)
