"""Word-level diff inside an article and substantive-change flags."""
from __future__ import annotations

from lawtext.diff.inline import diff_words, new_side, old_side, parse_number, render_markup, substantive_flags
from lawtext.parser import parse_markdown


def kinds(old, new):
    return {f.kind: f.detail for f in substantive_flags(old, new)}


def test_amount_change_shows_whole_words():
    old = "违反本办法规定的，处一千元以上一万元以下罚款。"
    new = "违反本办法规定的，处一千元以上十万元以下罚款。"
    assert render_markup(diff_words(old, new)) == "违反本办法规定的，处一千元以上[-一万元-]{+十万元+}以下罚款。"


def test_modal_change_is_a_whole_word():
    ops = diff_words("单位应当在十日内报告。", "单位可以在十日内报告。")
    assert [(o.op, o.text) for o in ops if o.op != "equal"] == [("delete", "应当"), ("insert", "可以")]


def test_sides_reassemble_the_texts():
    old = "第一款内容。\n（一）甲项；\n（二）乙项。"
    new = "第一款新内容。\n（一）甲项；\n（二）乙项；\n（三）丙项。"
    ops = diff_words(old, new)
    assert old_side(ops) == old and new_side(ops) == new
    assert diff_words(old, old)[0].op == "equal" and len(diff_words(old, old)) == 1
    assert diff_words("", "") == []


def test_real_article_diff_is_readable(corpus_dir):
    """行政复议法 第三十五条 → 2023 第八十一条: 行政处分 → 处分, twice, as whole words."""
    c = corpus_dir / "诉讼与非诉讼程序法"
    old = parse_markdown((c / "行政复议法(2017-09-01).md").read_text(encoding="utf-8")).article("第三十五条").text
    new = parse_markdown((c / "行政复议法(2023-09-01).md").read_text(encoding="utf-8")).article("第八十一条").text
    ops = diff_words(old, new)
    assert [(o.op, o.text) for o in ops if o.op != "equal"] == [("delete", "行政处分"), ("insert", "处分")] * 2
    assert "的[-行政处分-]{+处分+}；情节严重的" in render_markup(ops)


def test_flags_modal_amount_period_body_items():
    f = kinds("由市城市管理部门责令改正，应当在十五日内办结，处一万元罚款。",
              "由区人民政府责令改正，可以在三十个工作日内办结，处十万元罚款。")
    assert set(f) == {"modal", "amount", "period", "body"}
    assert f["modal"] == "删除：应当；新增：可以"
    assert f["amount"] == "一万元 → 十万元"
    assert f["period"] == "十五日 → 三十个工作日"
    assert "市城市管理部门" in f["body"] and "区人民政府" in f["body"]
    f = kinds("有下列情形之一的：\n（一）甲；\n（二）乙。", "有下列情形之一的：\n（一）甲；\n（二）乙；\n（三）丙。")
    assert f == {"items": "新增1项（2 → 3）"}


def test_numerals_in_any_style_compare_by_value():
    assert kinds("处5万元罚款", "处五万元罚款") == {}
    assert kinds("处1.5万元罚款", "处15,000元罚款") == {}
    assert kinds("按照百分之五的比例", "按照5%的比例") == {}
    assert "ratio" in kinds("按照百分之五的比例", "按照千分之五的比例")
    assert "period" in kinds("三个月内", "六个月内")
    assert kinds("自2015年3月15日起施行", "自2023年3月13日起施行") == {}   # dates are not periods
    assert parse_number("一千五百万") == 15_000_000
    assert parse_number("1,000") == 1000
    assert parse_number("二点五") == 2.5
    assert parse_number("3亿") == 300_000_000


def test_no_flags_without_substantive_change():
    assert substantive_flags("本办法自公布之日起施行。", "本规定自公布之日起施行。") == []
    assert substantive_flags("同一文本", "同一文本") == []
