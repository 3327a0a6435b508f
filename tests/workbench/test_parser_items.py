"""项 （一） and 目 1. inside 款."""
from lawtext.parser import parse_markdown, parse_text
from lawtext.writer import to_markdown

TEXT = """条例
第九条　管理单位应当履行下列职责：
（一）维护园容园貌；
（二）保障游园安全，具体包括：
1.定期检查设施；
2．制定应急预案；
3、设置警示标志。
(三) 开展科普宣传。
管理单位还应当履行下列义务：
（一）公示开放时间；
（二）接受监督。
第十条　禁止下列行为：
1. 损毁植物；
2. 违规垂钓。
"""


def test_items_and_subitems_with_ids():
    doc = parse_text(TEXT)
    art = doc.article("art-9")
    p1, p2 = art.paragraphs
    assert p1.text == "管理单位应当履行下列职责："
    assert [(i.id, i.label, i.text, i.kind) for i in p1.items] == [
        ("art-9-p1-i1", "（一）", "维护园容园貌；", "item"),
        ("art-9-p1-i2", "（二）", "保障游园安全，具体包括：", "item"),
        ("art-9-p1-i3", "(三)", "开展科普宣传。", "item"),
    ]
    assert [(s.id, s.label, s.text, s.kind) for s in p1.items[1].children] == [
        ("art-9-p1-i2-s1", "1.", "定期检查设施；", "subitem"),
        ("art-9-p1-i2-s2", "2．", "制定应急预案；", "subitem"),
        ("art-9-p1-i2-s3", "3、", "设置警示标志。", "subitem"),
    ]
    assert (p2.id, p2.text, [i.id for i in p2.items]) == ("art-9-p2", "管理单位还应当履行下列义务：",
                                                          ["art-9-p2-i1", "art-9-p2-i2"])
    assert p1.items[1].full_text == "（二）保障游园安全，具体包括："


def test_numbered_lines_without_a_xiang_are_sibling_items():
    art = parse_text(TEXT).article("art-10")
    items = art.paragraphs[0].items
    assert [(i.id, i.label, i.text, i.children) for i in items] == [
        ("art-10-p1-i1", "1.", "损毁植物；", []), ("art-10-p1-i2", "2.", "违规垂钓。", [])]


def test_element_index_covers_every_item():
    doc = parse_text(TEXT)
    idx = doc.element_index()
    assert idx["art-9-p1-i2-s3"] == "3、设置警示标志。"
    assert idx["art-9-p2-i2"] == "（二）接受监督。"
    assert idx["art-10-p1-i2"] == "2.违规垂钓。"


def test_items_survive_the_markdown_round_trip():
    doc = parse_text(TEXT)
    again = parse_markdown(to_markdown(doc))
    assert again.article("art-9") == doc.article("art-9")
    assert again.article("art-10") == doc.article("art-10")


def test_years_and_amounts_are_not_subitems():
    doc = parse_text("条例\n第一条 罚款如下：\n2025年起执行。\n100元以下。")
    art = doc.article("art-1")
    assert [p.text for p in art.paragraphs] == ["罚款如下：", "2025年起执行。", "100元以下。"]
    assert all(not p.items for p in art.paragraphs)
