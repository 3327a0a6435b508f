"""对照 page: summary, side-by-side and inline redline, only-changed filter, previous/next change,
对照表 rows, downloads, and the renumbering preview + apply (a new version)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from workbench.schema import open_db
from workbench.documents.store import add_version, create_document, find_document, list_versions
from lawtext.parser import parse_text
from lawtext.diff.renumber import find_references

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workbench"))

COMPARE = "app_pages/compare.py"
DOG = "示例市养犬管理办法"


def _open(app_as, demo_db_path, who="drafter", title=DOG):
    doc = find_document(open_db(demo_db_path), title)
    at = app_as(who)
    at.session_state["doc_id"] = doc.id
    return at.switch_page(COMPARE).run(), doc


def _redlines(at) -> list[str]:
    return [m.value for m in at.markdown if 'class="wb-redline"' in m.value]


def test_summary_and_side_by_side_redline_of_two_versions(app_as, demo_db_path):
    at, _ = _open(app_as, demo_db_path)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"新增": "2", "删除": "1", "移动": "1", "修改": "10", "拆分/合并": "0", "未修改": "15"}
    assert "实质性修改提示：情态词" in at.caption[0].value
    blocks = _redlines(at)
    art7 = next(b for b in blocks if "修改后 第七条" in b)
    assert "修改前 第六条" in art7
    assert '<del style="' in art7 and ">十五日</del>内" in art7
    assert ">三十日</ins>内" in art7 and ">养犬登记可以通过网上办理。</ins>" in art7
    # the moved article (definitions, v1 第二十五条 → v2 第三条) comes first and is the focused change
    assert "**第二十五条 → 第三条** :violet-badge[移动]" in at.markdown[0].value


def test_only_changed_filter_and_inline_view(app_as, demo_db_path):
    at, _ = _open(app_as, demo_db_path)
    assert len(_redlines(at)) == 15 + 1          # 14 changes, the article moved in front of, the focused one
    at.toggle(key="cmp_only").set_value(False).run()
    assert len(_redlines(at)) == 29 + 1          # all 29 pairs, unchanged ones too
    at.radio(key="cmp_view").set_value("行内").run()
    inline = [b for b in _redlines(at) if b.startswith('<div class="wb-redline"')]
    assert len(inline) == 30
    assert any("<del " in b and "<ins " in b for b in inline)


def test_previous_and_next_change(app_as, demo_db_path):
    at, _ = _open(app_as, demo_db_path)
    assert "第 1 / 14 处修改" in [c.value for c in at.caption]
    first = at.markdown[0].value
    at.button(key="cmp_next").click().run()
    assert "第 2 / 14 处修改" in [c.value for c in at.caption]
    assert at.markdown[0].value.startswith("**第六条 → 第七条**") and at.markdown[0].value != first
    at.button(key="cmp_prev").click().run()
    at.button(key="cmp_prev").click().run()        # wraps around to the last change
    assert "第 14 / 14 处修改" in [c.value for c in at.caption]


def test_comparison_table_rows_and_downloads(app_as, demo_db_path):
    at, _ = _open(app_as, demo_db_path)
    table = at.dataframe[0].value
    assert list(table.columns) == ["修改前", "修改后", "类型", "说明"]
    assert len(table) == 15                      # 14 changes and the article the moved one now precedes
    assert table.loc["art-25→art-3", "说明"] == "条文位置调整：原第二十五条移至原第三条之前（原第三条现为第四条）"
    assert table.loc["art-3→art-4", "说明"] == "条文序号调整（原第三条）：原第二十五条移至本条之前"
    row = table.loc["art-6→art-7"]
    assert (row["修改前"], row["修改后"], row["类型"]) == ("第六条", "第七条", "修改")
    assert row["说明"].startswith("修改内容（原第六条）；涉及情态词、期限")
    assert table.loc["→art-11", "说明"] == "新增条款"
    assert {d.key for d in at.get("download_button")} == {"cmp_dl_table", "cmp_dl_tracked"}


def test_html_in_texts_is_escaped(app_as, demo_db_path):
    db = open_db(demo_db_path)
    v1 = parse_text("测试办法\n第一条 本办法适用于<script>alert(1)</script>的情形。\n第二条 其他。")
    v2 = parse_text("测试办法\n第一条 本办法适用于<b>加粗</b>的情形。\n第二条 其他。")
    doc, _ = create_document(db, title="测试办法", level="GR", tree=v1, actor="drafter")
    add_version(db, doc.id, v2, label="修改稿", actor="drafter")
    at, _ = _open(app_as, demo_db_path, title="测试办法")
    html_all = "".join(_redlines(at))
    assert "<script" not in html_all and "<b>" not in html_all
    assert "alert(1)" in html_all and "&lt;" in html_all and "&gt;" in html_all
    # every tag in the HTML is one of ours
    assert {t for t in re.findall(r"</?([a-z]+)", html_all)} <= {"table", "tr", "th", "td", "del", "ins", "br", "div"}


def _draft_with_insertions(demo_db_path):
    from renumber_draft import edited, original
    db = open_db(demo_db_path)
    doc, _ = create_document(db, title="某市管理事项办法", level="GR", tree=original()[0], actor="drafter")
    tree, order, _ = edited()
    v2 = add_version(db, doc.id, tree, label="修改稿", actor="drafter")
    return doc, v2, order


def test_renumber_preview_then_apply_creates_a_version(app_as, demo_db_path):
    doc, v2, order = _draft_with_insertions(demo_db_path)
    at, _ = _open(app_as, demo_db_path, title="某市管理事项办法")
    assert not at.exception
    numbers = next(d.value for d in at.dataframe if "新序号" in d.value.columns)
    rewrites = next(d.value for d in at.dataframe if "改写" in d.value.columns)
    assert ("第十条之一", "第十一条") in set(zip(numbers["原序号"], numbers["新序号"]))
    assert "第五十条→第四条" in set(rewrites["改写"])
    assert any("第三十三条" in w.value for w in at.warning)   # cites a deleted article
    at.button(key="cmp_apply_renumber").click().run()
    assert not at.exception
    versions = list_versions(open_db(demo_db_path), doc.id)
    assert [v.seq for v in versions] == [1, 2, 3]
    tree = versions[-1].tree
    assert [a.label for a in tree.articles][:4] == ["第一条", "第二条", "第三条", "第四条"]
    m55 = tree.articles[order.index(55)]
    assert m55.flat_text.startswith("违反第四条规定")
    assert "重新编号" in versions[-1].note
    assert any("已保存为 v3" in s.value for s in at.success)
    # after saving, the page compares the old v2 with the new v3
    assert "v2 修改稿（60 条） → v3 修改稿（60 条）" in at.caption[0].value
    refs = [r for a in tree.articles for r in find_references(a.flat_text) if r.internal]
    assert refs and all(r.key[1] == 0 for r in refs)   # no 之一 left in references


def test_advisor_sees_the_preview_but_cannot_apply(app_as, demo_db_path):
    _draft_with_insertions(demo_db_path)
    at, _ = _open(app_as, demo_db_path, who="advisor", title="某市管理事项办法")
    assert not at.exception
    assert at.button(key="cmp_apply_renumber").disabled


def test_contact_point_has_no_compare_page(app_as):
    at = app_as("contact").run()
    from ui.pages import pages_for
    assert COMPARE not in [p for _, p, _, _ in pages_for("contact")]
    assert not at.exception
