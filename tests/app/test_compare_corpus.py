"""对照 page with the base 「法规库中的法规」: title search, level filter, the picker's labels, the
comparison of a stored draft against a law of a small real corpus database, and no corpus at all."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from compare_helpers import DRAFT_TITLE, beijing_draft, build_corpus_db  # noqa: E402

from workbench.schema import open_db  # noqa: E402
from workbench.documents.store import create_document  # noqa: E402

COMPARE = "app_pages/compare.py"
CORPUS_BASE = "法规库中的法规"
BEIJING_LABEL = "北京市养犬管理规定｜地方性法规｜未注明日期｜现行"


@pytest.fixture(scope="module")
def corpus_path(tmp_path_factory, corpus_dir) -> str:
    return build_corpus_db(corpus_dir, tmp_path_factory.mktemp("cmp_corpus"))


def _open(app_as, demo_db_path, corpus_db_path: str, tree):
    db = open_db(demo_db_path)
    doc, _ = create_document(db, title=DRAFT_TITLE, level="LR", tree=tree, actor="drafter")
    db.close()
    at = app_as("drafter")
    at.session_state["doc_id"] = doc.id
    at.session_state["corpus_db_path"] = corpus_db_path
    at.switch_page(COMPARE).run()
    assert not at.exception
    at.radio(key="cmp_source").set_value(CORPUS_BASE).run()
    assert not at.exception
    return at


def _redlines(at) -> list[str]:
    return [m.value for m in at.markdown if 'class="wb-redline"' in m.value]


def test_draft_against_a_corpus_law(app_as, demo_db_path, corpus_path, corpus_dir):
    at = _open(app_as, demo_db_path, corpus_path, beijing_draft(corpus_dir))
    assert at.radio(key="cmp_source").options == ["本文档的另一版本", "上传文件（如现行法规）", CORPUS_BASE]
    assert any("请输入法规标题中的文字" in i.value for i in at.info)
    assert not at.metric                                  # nothing compared before a law is chosen
    at.text_input(key="cmp_corpus_q").input("养犬").run()
    assert not at.exception
    pick = at.selectbox(key="cmp_corpus_pick")
    assert pick.options == [BEIJING_LABEL]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"新增": "0", "删除": "1", "移动": "0", "修改": "1", "拆分/合并": "0", "未修改": "33"}
    summary = next(c.value for c in at.caption if "→" in c.value)
    assert summary.startswith("《北京市养犬管理规定》（未注明日期，现行）（35 条） → v1")
    assert "（34 条）" in summary and "情态词" in summary and "期限" in summary
    blocks = _redlines(at)
    art15 = next(b for b in blocks if "《北京市养犬管理规定》 第十五条" in b)   # base column headed by the title
    assert ">应当</del>" in art15 and ">可以</ins>" in art15 and ">15</del>" in art15 and ">30</ins>" in art15
    table = at.dataframe[0].value
    assert list(table.columns) == ["《北京市养犬管理规定》", "修改后", "类型", "说明"]
    assert {(r["《北京市养犬管理规定》"], r["修改后"], r["类型"]) for _, r in table.iterrows()} == {
        ("第十五条", "第十五条", "修改"), ("第三十四条", "", "删除")}
    assert {d.key for d in at.get("download_button")} == {"cmp_dl_table", "cmp_dl_tracked"}


def test_level_filter_and_version_status(app_as, demo_db_path, corpus_path, corpus_dir):
    at = _open(app_as, demo_db_path, corpus_path, beijing_draft(corpus_dir))
    assert at.selectbox(key="cmp_corpus_level").options[0] == "全部"
    at.text_input(key="cmp_corpus_q").input("法").run()
    assert len(at.selectbox(key="cmp_corpus_pick").options) == 3
    at.selectbox(key="cmp_corpus_level").set_value("地方性法规").run()
    assert any("没有标题包含「法」的法规（地方性法规）" in i.value for i in at.info)
    at.selectbox(key="cmp_corpus_level").set_value("法律").run()
    pick = at.selectbox(key="cmp_corpus_pick")
    assert pick.options == ["中华人民共和国动物防疫法｜法律｜2021-01-22｜现行",
                            "中华人民共和国立法法｜法律｜2015-03-15｜已被修改",
                            "中华人民共和国立法法｜法律｜2023-03-13｜现行"]
    pick.select_index(1).run()
    assert not at.exception
    assert "注意：所选法规为「已被修改」状态，不是现行文本。" in [c.value for c in at.caption]
    summary = next(c.value for c in at.caption if "→" in c.value)
    assert summary.startswith("《中华人民共和国立法法》（2015-03-15，已被修改）（105 条） → v1")
    assert list(at.dataframe[0].value.columns)[0] == "《中华人民共和国立法法》"


def test_no_corpus_database(app_as, demo_db_path, corpus_dir, tmp_path):
    missing = tmp_path / "无" / "corpus.db"
    at = _open(app_as, demo_db_path, str(missing), beijing_draft(corpus_dir))
    warning = " ".join(w.value for w in at.warning)
    assert "法规库尚未导入" in warning and "管理员在「法规库」页面" in warning and "导入" in warning
    assert not at.metric and not missing.exists()
