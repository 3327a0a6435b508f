"""Title, 题注, 目录 and 附件 must never be mistaken for articles."""
from lawtext.parser import parse_file_text, parse_markdown, parse_text
from lawtext.writer import to_markdown, to_text

TEXT = """示例市城市绿化条例
（2025年6月27日示例市第十六届人民代表大会常务委员会第二十三次会议通过）
2025年9月25日某某省第十四届人民代表大会常务委员会第十九次会议批准
目　　录
第一章　总　　则
第二章　规划建设
附　　则
第一章　总　　则
第一条　为了促进城市绿化，制定本条例。
第二章　规划建设
第二条　绿化规划应当纳入国土空间规划，详见附件。
附　　则
第三条　本条例自2026年1月1日起施行。
附件：示例市绿地分类表
第一条　附件中的“第一条”不是条文。
附表2：费用
"""


def test_title_preface_toc_and_appendix():
    doc = parse_text(TEXT)
    assert doc.title == "示例市城市绿化条例"
    assert doc.preface == ["（2025年6月27日示例市第十六届人民代表大会常务委员会第二十三次会议通过）",
                           "2025年9月25日某某省第十四届人民代表大会常务委员会第十九次会议批准"]
    assert doc.toc == ["第一章 总 则", "第二章 规划建设", "附 则"]
    assert [a.label for a in doc.articles] == ["第一条", "第二条", "第三条"]
    assert doc.appendix == ["附件：示例市绿地分类表", "第一条 附件中的“第一条”不是条文。", "附表2：费用"]
    # the unnumbered 附　则 line is a heading (it is listed in the 目录), not a 款 of 第二条
    assert [(h.id, h.kind, h.text) for h in doc.headings] == [
        ("chap-1", "章", "第一章 总则"), ("chap-2", "章", "第二章 规划建设"), ("hd-1", "other", "附 则")]
    assert doc.article("art-2").text == "绿化规划应当纳入国土空间规划，详见附件。"
    assert doc.article("art-3").path == ["附 则"]


def test_unnumbered_fuze_is_a_heading_in_plain_text_even_without_a_toc():
    doc = parse_text("条例\n第一条 甲。\n附　　则\n第二条 乙。")
    assert [h.text for h in doc.headings] == ["附 则"]
    assert doc.article("art-1").text == "甲。" and doc.article("art-2").path == ["附 则"]


def test_toc_is_only_recognised_before_the_first_article():
    doc = parse_text("条例\n第一条 甲。\n目录\n第二条 乙。")
    assert doc.toc == [] and doc.article("art-1").paragraphs[1].text == "目录"


def test_markdown_header_block_is_preface():
    md = ("# 示例市条例\n\n2020年1月1日 示例市人大常委会通过\n\n2023年5月1日 修正\n\n<!-- INFO END -->\n\n"
          "目录\n\n第一章 总则\n\n## 第一章 总则\n\n第一条 甲。\n\n附件：名录\n\n1. 人民公园\n")
    doc = parse_markdown(md)
    assert doc.title == "示例市条例"
    assert doc.preface == ["2020年1月1日 示例市人大常委会通过", "2023年5月1日 修正"]
    assert doc.toc == ["第一章 总则"]
    assert doc.appendix == ["附件：名录", "1. 人民公园"]
    assert len(doc.articles) == 1


def test_preamble_before_first_article():
    doc = parse_text("决定\n为了加强管理，作如下决定：\n第一条 甲。")
    assert doc.preamble == ["为了加强管理，作如下决定："]


def test_writers_round_trip_every_part():
    doc = parse_text(TEXT)
    assert parse_markdown(to_markdown(doc)) == doc
    assert parse_text(to_text(doc)) == doc


def test_parse_file_text_picks_the_parser():
    md = "# 条例\n\n<!-- INFO END -->\n\n第一条 甲。\n"
    assert parse_file_text(md, filename="a.md") == parse_markdown(md)
    assert parse_file_text(md, filename="a.txt") == parse_markdown(md)   # INFO END marker
    assert parse_file_text(TEXT, filename="a.txt") == parse_text(TEXT)
