"""编/分编/章/节 headings: kinds, ranks, ids, paths; unnumbered Markdown headings."""
from lawtext.parser import parse_markdown, parse_text
from lawtext.writer import to_markdown

CODE = """某法
第一编　总　　则
第一分编　通　　则
第一章　一般规定
第一节　基本原则
第一条　甲。
第二节　适用范围
第二条　乙。
第二章　民事权利
第三条　丙。
第二编　分　　则
第四条　丁。
"""


def test_heading_kinds_ranks_ids_and_paths():
    doc = parse_text(CODE)
    assert [(h.kind, h.label, h.title, h.rank, h.number, h.id) for h in doc.headings] == [
        ("编", "第一编", "总则", 1, 1, "part-1"),
        ("分编", "第一分编", "通则", 2, 1, "part-1-subpart-1"),
        ("章", "第一章", "一般规定", 3, 1, "part-1-subpart-1-chap-1"),
        ("节", "第一节", "基本原则", 4, 1, "part-1-subpart-1-chap-1-sec-1"),
        ("节", "第二节", "适用范围", 4, 2, "part-1-subpart-1-chap-1-sec-2"),
        ("章", "第二章", "民事权利", 3, 2, "part-1-subpart-1-chap-2"),
        ("编", "第二编", "分则", 1, 2, "part-2"),
    ]
    a1, a2, a3, a4 = doc.articles
    assert a1.path == ["第一编 总则", "第一分编 通则", "第一章 一般规定", "第一节 基本原则"]
    assert a1.heading_id == "part-1-subpart-1-chap-1-sec-1"
    assert a2.path[-1] == "第二节 适用范围"
    assert a3.path == ["第一编 总则", "第一分编 通则", "第二章 民事权利"] and a3.heading_id == "part-1-subpart-1-chap-2"
    assert a4.path == ["第二编 分则"] and a4.heading_id == "part-2"


def test_heading_text_and_lines_that_only_look_like_headings():
    doc = parse_text("条例\n第一章　总　则\n第一条 甲。\n第二章 这是一句很长的话，其中提到第三章规定的内容，因此不是标题，只是一个普通的款。\n"
                     "第三章 乙\n第二条 丙。")
    assert [h.text for h in doc.headings] == ["第一章 总则", "第三章 乙"]
    assert doc.article("art-1").paragraphs[1].text.startswith("第二章 这是一句很长的话")


def test_text_between_heading_and_first_article_belongs_to_the_heading():
    doc = parse_text("条例\n第一章 总则\n本章适用于全市。\n第一条 甲。")
    assert doc.headings[0].paragraphs == ["本章适用于全市。"]
    assert doc.preamble == []


def test_markdown_unnumbered_headings_are_kind_other():
    md = ("# 某决定\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 甲。\n\n## 附　　则\n\n第二条 乙。\n\n"
          "### 一、补充规定\n\n第三条 丙。\n")
    doc = parse_markdown(md)
    chap, other, sub = doc.headings
    assert (chap.kind, chap.id) == ("章", "chap-1")
    assert (other.kind, other.label, other.title, other.rank, other.id) == ("other", "", "附 则", 3, "hd-1")
    assert (sub.kind, sub.rank, sub.id) == ("other", 4, "hd-1-hd-2")
    assert doc.article("art-3").path == ["附 则", "一、补充规定"]
    assert parse_markdown(to_markdown(doc)) == doc


def test_sections_without_chapters_and_numbering_with_arabic_digits():
    doc = parse_text("办法\n第1章 总则\n第一条 甲。\n第2章 附则\n第二条 乙。")
    assert [(h.label, h.number, h.id) for h in doc.headings] == [("第1章", 1, "chap-1"), ("第2章", 2, "chap-2")]
