"""The .docx body reader: revisions, hidden text, fields, tables, layout hints for title and headings."""
from docx_helpers import make_docx, p

from lawtext.docx.io import read_docx

R = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'


def rev(kind: str, text: str, rid: int = 1) -> str:
    tag = "w:delText" if kind in ("del", "moveFrom") else "w:t"
    return (f'<w:{kind} w:id="{rid}" w:author="甲" w:date="2025-01-01T00:00:00Z">'
            f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r></w:{kind}>')


def mark(kind: str, rid: int = 9) -> str:
    return f'<w:pPr><w:rPr><w:{kind} w:id="{rid}" w:author="甲" w:date="2025-01-01T00:00:00Z"/></w:rPr></w:pPr>'


def test_insertions_are_accepted_and_deletions_dropped():
    body = [p("条例", jc="center"),
            p(runs=R.format("第一条 处") + rev("del", "五百元", 1) + rev("ins", "一千元", 2) + R.format("以下罚款。")),
            p(runs=R.format("第二条 甲") + rev("moveFrom", "乙", 3) + rev("moveTo", "丙", 4) + R.format("。"))]
    doc = read_docx(make_docx(body))
    assert [a.text for a in doc.articles] == ["处一千元以下罚款。", "甲丙。"]


def test_deleted_paragraph_mark_joins_and_deleted_paragraph_disappears():
    body = [p("条例", jc="center"),
            f"<w:p>{mark('del')}{R.format('第一条 前半句，')}</w:p>",
            p("后半句。"),
            f"<w:p>{mark('del', 10)}{rev('del', '第二条 整条删除。', 11)}</w:p>",
            f"<w:p>{mark('ins', 12)}{rev('ins', '第二条 新增条文。', 13)}</w:p>"]
    doc = read_docx(make_docx(body))
    assert [(a.label, a.text) for a in doc.articles] == [("第一条", "前半句，后半句。"), ("第二条", "新增条文。")]


def test_hidden_text_field_codes_and_comments():
    body = [p("条例", jc="center"),
            p(runs=R.format("第一条 可见")
              + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>'
              + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
              + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + R.format("结果")
              + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
              + '<w:commentRangeStart w:id="0"/>' + R.format("文字") + '<w:commentRangeEnd w:id="0"/>'
              + '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>。</w:t></w:r>')]
    assert read_docx(make_docx(body)).articles[0].text == "可见结果文字。"


def test_text_boxes_are_not_read_into_the_paragraph():
    box = ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
           '<w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    doc = read_docx(make_docx([p("条例", jc="center"), p(runs=R.format("第一条 正文。") + box)]))
    assert doc.articles[0].text == "正文。"


def test_content_controls_and_soft_line_breaks():
    sdt = f'<w:sdt><w:sdtPr/><w:sdtContent>{p("第一条 控件里的条文。")}</w:sdtContent></w:sdt>'
    body = [p(runs=R.format("示例市") + "<w:r><w:br/></w:r>" + R.format("养犬条例"), jc="center"),
            sdt,
            p(runs=R.format("第二条 甲；") + "<w:r><w:br/></w:r>" + R.format("（一）子项。"))]
    doc = read_docx(make_docx(body))
    assert doc.title == "示例市养犬条例"
    assert [a.label for a in doc.articles] == ["第一条", "第二条"]
    assert doc.article("art-2").paragraphs[0].items[0].label == "（一）"


def test_tables_layout_cells_and_data_rows():
    layout = ("<w:tbl><w:tr><w:tc>" + p("第一条 表格里排版的条文。") + p("第二条 第二条。")
              + "</w:tc></w:tr></w:tbl>")
    data = ("<w:tbl><w:tr><w:tc>" + p("序号") + "</w:tc><w:tc>" + p("名称") + "</w:tc></w:tr>"
            "<w:tr><w:tc>" + p("1") + "</w:tc><w:tc>" + p("人民公园") + p("（中心区）") + "</w:tc></w:tr></w:tbl>")
    doc = read_docx(make_docx([p("条例", jc="center"), layout, p("附件：名录"), data]))
    assert [a.text for a in doc.articles] == ["表格里排版的条文。", "第二条。"]
    assert doc.appendix == ["附件：名录", "序号 名称", "1 人民公园 （中心区）"]


def test_title_is_the_largest_centred_paragraph_before_the_body():
    big = '<w:r><w:rPr><w:sz w:val="44"/></w:rPr><w:t>示例市养犬管理条例</w:t></w:r>'
    body = [p("示例市人民政府令", jc="center"), p("第5号", jc="center"), p(runs=big, jc="center"),
            p("（2025年1月1日示例市人民政府第1次常务会议通过）", jc="center"), p("第一条 甲。")]
    doc = read_docx(make_docx(body))
    assert doc.title == "示例市养犬管理条例"
    assert doc.preface == ["（2025年1月1日示例市人民政府第1次常务会议通过）"]
    assert doc.preamble == ["示例市人民政府令", "第5号"]


def test_without_layout_hints_the_first_line_is_the_title():
    doc = read_docx(make_docx([p("示例市养犬管理办法"), p("第一条 甲。")]))
    assert doc.title == "示例市养犬管理办法" and len(doc.articles) == 1
    doc = read_docx(make_docx([p("第一条 甲。"), p("第二条 乙。")]))
    assert doc.title == "" and len(doc.articles) == 2


def test_subtitle_style_and_word_title_style():
    body = [p("示例法典", style="Title"), p("总则编", style="Subtitle"), p("第一条 甲。")]
    doc = read_docx(make_docx(body))
    assert (doc.title, doc.subtitle) == ("示例法典", "总则编")


def test_marked_and_centred_unnumbered_headings():
    body = [p("条例", jc="center"), p("第一章 总则", jc="center"), p("第一条 甲。"),
            p("附　　则", jc="center"),                      # centred, unnumbered
            p("第二条 乙。"), p("一、补充规定", style="Heading2"),   # heading style
            p("第三条 丙。", style="Heading2"),                   # an article in a heading style stays an article
            p("本条为居中的普通句子。", jc="center")]
    doc = read_docx(make_docx(body))
    assert [(h.kind, h.text, h.rank) for h in doc.headings] == [("章", "第一章 总则", 3), ("other", "附 则", 3),
                                                                ("other", "一、补充规定", 3)]
    assert [a.label for a in doc.articles] == ["第一条", "第二条", "第三条"]
    assert doc.article("art-3").paragraphs[-1].text == "本条为居中的普通句子。"


def test_toc_style_page_numbers_are_stripped():
    body = [p("条例", jc="center"), p("目　　录", jc="center"), p("第一章 总则\t1", style="TOC1"),
            p("第二章 附则\t3", style="TOC1"), p("第一章 总则", jc="center"), p("第一条 甲。"),
            p("第二章 附则", jc="center"), p("第二条 乙。")]
    styles = ['<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>']
    doc = read_docx(make_docx(body, styles=styles))
    assert doc.toc == ["第一章 总则", "第二章 附则"]
    assert len(doc.articles) == 2 and len(doc.headings) == 2


def test_nested_tables_wrapped_rows_and_deleted_rows():
    inner = "<w:tbl><w:tr><w:tc>" + p("内甲") + "</w:tc><w:tc>" + p("内乙") + "</w:tc></w:tr></w:tbl>"
    deleted_row = ('<w:tr><w:trPr><w:del w:id="5" w:author="甲" w:date="2025-01-01T00:00:00Z"/></w:trPr>'
                   "<w:tc>" + p("删") + "</w:tc><w:tc>" + p("除") + "</w:tc></w:tr>")
    outer = ("<w:tbl><w:sdt><w:sdtContent><w:tr><w:tc>" + p("外甲") + "</w:tc><w:tc>" + p("外乙")
             + "</w:tc></w:tr></w:sdtContent></w:sdt>" + deleted_row
             + "<w:tr><w:tc>" + inner + "</w:tc></w:tr></w:tbl>")
    doc = read_docx(make_docx([p("条例", jc="center"), p("第一条 甲。"), p("附件：表"), outer]))
    assert doc.appendix == ["附件：表", "外甲 外乙", "内甲 内乙"]
