"""Replaying Word/WPS automatic numbering (numbering.xml) into visible labels."""
import pytest
from docx_helpers import lvl, make_docx, numbering, p

from lawtext.docx.io import read_docx
from lawtext.docx.numbering import format_number


@pytest.mark.parametrize("n,fmt,expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (105, "chineseCountingThousand", "一百零五"), (110, "taiwaneseCountingThousand", "一百一十"),
    (12, "chineseLegalSimplified", "壹拾贰"), (3, "ideographTraditional", "丙"), (2, "ideographZodiac", "丑"),
    (2023, "ideographDigital", "二〇二三"), (7, "decimal", "7"), (7, "decimalZero", "07"),
    (3, "decimalEnclosedCircle", "③"), (2, "decimalEnclosedParen", "⑵"), (28, "lowerLetter", "bb"),
    (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (5, "decimalFullWidth", "５"), (5, "bullet", ""),
    (5, "none", ""), (5, "someFutureFormat", "5"),
])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


ARTICLES = lvl(0, "chineseCounting", "第%1条") + lvl(1, "chineseCounting", "（%2）") + lvl(2, "decimal", "%3.")


def labels(doc):
    out = []
    for node in doc.body:
        out.append(node.label)
        if node.node == "article":
            for para in node.paragraphs:
                for it in para.items:
                    out.append(it.label)
                    out.extend(s.label for s in it.children)
    return out


def test_multilevel_list_restarts_items_per_article():
    body = [p("条例", jc="center"), p("甲：", num=("1", 0)), p("子", num=("1", 1)), p("丑", num=("1", 1)),
            p("目一", num=("1", 2)), p("目二", num=("1", 2)), p("寅", num=("1", 1)), p("乙：", num=("1", 0)),
            p("子", num=("1", 1))]
    doc = read_docx(make_docx(body, numbering_xml=numbering({"1": ARTICLES}, {"1": "1"})))
    assert labels(doc) == ["第一条", "（一）", "（二）", "1.", "2.", "（三）", "第二条", "（一）"]
    assert doc.article("art-1").paragraphs[0].items[1].children[1].text == "目二"


def test_chapters_and_articles_in_one_list_with_lvl_restart_zero():
    """WPS-style: 第%1章 on level 0 and 第%2条 on level 1 that never restarts."""
    levels = lvl(0, "chineseCounting", "第%1章") + lvl(1, "chineseCounting", "第%2条", restart=0)
    body = [p("条例", jc="center"), p("总则", num=("5", 0)), p("甲。", num=("5", 1)), p("乙。", num=("5", 1)),
            p("附则", num=("5", 0)), p("丙。", num=("5", 1))]
    doc = read_docx(make_docx(body, numbering_xml=numbering({"5": levels}, {"5": "5"})))
    assert labels(doc) == ["第一章", "第一条", "第二条", "第二章", "第三条"]
    assert doc.article("art-3").path == ["第二章 附则"]


def test_default_restart_follows_word():
    """Without w:lvlRestart a deeper level restarts after every higher level (Word shows 第一条 again)."""
    levels = lvl(0, "chineseCounting", "第%1章") + lvl(1, "chineseCounting", "第%2条")
    body = [p("条例", jc="center"), p("总则", num=("5", 0)), p("甲。", num=("5", 1)), p("附则", num=("5", 0)),
            p("乙。", num=("5", 1))]
    doc = read_docx(make_docx(body, numbering_xml=numbering({"5": levels}, {"5": "5"})))
    assert labels(doc) == ["第一章", "第一条", "第二章", "第一条"]


def test_start_value_and_start_override_restart_a_shared_list():
    items = lvl(0, "chineseCounting", "（%1）")
    body = [p("条例", jc="center"), p("第一条 甲：", runs=None), p("子", num=("2", 0)), p("丑", num=("3", 0)),
            p("第二条 乙："), p("子", num=("4", 0)), p("丑", num=("3", 0)), p("第三条 丙：", ), p("子", num=("5", 0))]
    override = '|<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    xml = numbering({"7": items, "8": lvl(0, "decimal", "%1.", start=5)},
                    {"2": "7" + override, "3": "7", "4": "7" + override, "5": "8"})
    doc = read_docx(make_docx(body, numbering_xml=xml))
    # numId 3 continues the list numId 2 started; numId 4 restarts it; abstractNum 8 starts at 5
    assert labels(doc) == ["第一条", "（一）", "（二）", "第二条", "（一）", "（二）", "第三条", "5."]


def test_legal_numbering_and_composite_level_text():
    levels = lvl(0, "chineseCounting", "第%1章") + lvl(1, "decimal", "%1.%2", legal=True)
    body = [p("办法", jc="center"), p("第一条 甲。"), p("子项", num=("1", 0)), p("细目", num=("1", 1))]
    doc = read_docx(make_docx(body, numbering_xml=numbering({"1": levels}, {"1": "1"})))
    assert doc.headings[0].label == "第一章"
    assert doc.headings[0].paragraphs == ["1.1 细目"]   # isLgl: the chapter number shows as 1


def test_numbering_from_a_paragraph_style_and_level_pstyle():
    style = ('<w:style w:type="paragraph" w:styleId="ArtStyle"><w:name w:val="条文编号"/>'
             '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>')
    levels = lvl(0, "chineseCounting", "第%1章", pstyle="ChapStyle") + lvl(1, "chineseCounting", "第%2条",
                                                                          restart=0, pstyle="ArtStyle")
    chap = ('<w:style w:type="paragraph" w:styleId="ChapStyle"><w:name w:val="章标题"/>'
            '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:jc w:val="center"/></w:pPr></w:style>')
    body = [p("条例", jc="center"), p("总则", style="ChapStyle"), p("甲。", style="ArtStyle"),
            p("乙。", style="ArtStyle"), p("附则", style="ChapStyle"), p("丙。", style="ArtStyle")]
    doc = read_docx(make_docx(body, numbering_xml=numbering({"3": levels}, {"3": "3"}), styles=[style, chap]))
    assert labels(doc) == ["第一章", "第一条", "第二条", "第二章", "第三条"]


def test_num_id_zero_and_bullets_give_no_label():
    body = [p("条例", jc="center"), p("第一条 甲。"), p("不编号的款。", num=("0", 0)), p("项目符号", num=("6", 0))]
    doc = read_docx(make_docx(body, numbering_xml=numbering({"6": lvl(0, "bullet", "•")}, {"6": "6"})))
    assert doc.article("art-1").lines() == ["甲。", "不编号的款。", "项目符号"]


def test_label_already_in_the_text_is_not_repeated_and_tab_after_label():
    """WPS repeats numbering on headings; labels are often followed by a tab."""
    levels = lvl(0, "chineseCounting", "第%1章")
    body = [p("条例", jc="center"), p("第一章\t总则", num=("1", 0)), p("第一条\t甲。"), p("附则", num=("1", 0)),
            p("第二条\t乙。")]
    doc = read_docx(make_docx(body, numbering_xml=numbering({"1": levels}, {"1": "1"})))
    assert [h.text for h in doc.headings] == ["第一章 总则", "第二章 附则"]
    assert [a.text for a in doc.articles] == ["甲。", "乙。"]


def test_unknown_num_id_is_ignored():
    body = [p("条例", jc="center"), p("甲。", num=("42", 0)), p("第一条 乙。")]
    doc = read_docx(make_docx(body, numbering_xml=numbering({"1": ARTICLES}, {"1": "1"})))
    assert doc.preamble == ["甲。"] and doc.articles[0].text == "乙。"
