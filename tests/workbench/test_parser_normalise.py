"""Normalisation shared by every importer: widths, spaces, zero-width characters."""
import pytest

from lawtext.normalize import normalise_heading_title, normalise_line, normalise_text
from lawtext.parser import parse_markdown, parse_text


@pytest.mark.parametrize("raw,expected", [
    ("第１２３条", "第123条"),                       # full-width digits
    ("ＡＢＣ ａｂｃ", "ABC abc"),                     # full-width Latin
    ("（一）《条例》，。", "（一）《条例》，。"),        # Chinese punctuation is kept
    ("第一条\u3000内容", "第一条 内容"),               # ideographic space
    ("第一条\u3000\u3000\t 内容", "第一条 内容"),      # runs collapse to one space
    ("\u00a0甲\u2002乙\u202f丙\u00a0", "甲 乙 丙"),     # NBSP and other spaces, stripped
    ("第\u200b一\u200c条\u200d内\u2060容\ufeff", "第一条内容"),  # zero-width characters
    ("软\u00ad连字符", "软连字符"),
    ("\u3000\u3000", ""),
])
def test_normalise_line(raw, expected):
    assert normalise_line(raw) == expected


def test_heading_title_drops_gaps_between_cjk_only():
    assert normalise_heading_title("总\u3000\u3000则") == "总则"
    assert normalise_heading_title("附  则") == "附则"
    assert normalise_heading_title("WTO 规则 与 A 级") == "WTO 规则与 A 级"


def test_normalise_text_splits_every_line_break_and_drops_empty_lines():
    text = "甲\r\n乙\r丙\u2028丁\u2029戊\n\n\u3000\n己"
    assert normalise_text(text) == ["甲", "乙", "丙", "丁", "戊", "己"]


def test_parse_text_sees_articles_through_odd_spacing_and_widths():
    doc = parse_text("示例条例\r\n\ufeff第一条\u3000甲。\r\n第\u200b二条\u00a0乙。\r\n第３条　丙。\r\n"
                     "第一章\u3000总\u3000\u3000则\r\n第四条\t丁。")
    assert [a.label for a in doc.articles] == ["第一条", "第二条", "第3条", "第四条"]
    assert [a.number for a in doc.articles] == [1, 2, 3, 4]
    assert [a.text for a in doc.articles] == ["甲。", "乙。", "丙。", "丁。"]
    assert doc.headings[0].title == "总则" and doc.headings[0].id == "chap-1"


def test_markdown_with_zero_width_and_fullwidth_characters():
    md = "# 示例条例\n\n<!-- INFO END -->\n\n## 第一章\u3000总　则\n\n\u200b第一条 甲款１００元。\n\n第二条\u3000乙。\n"
    doc = parse_markdown(md)
    assert [a.id for a in doc.articles] == ["art-1", "art-2"]
    assert doc.article("art-1").text == "甲款100元。"
    assert doc.article("art-1").path == ["第一章 总则"]
