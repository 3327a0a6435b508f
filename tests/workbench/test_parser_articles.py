"""条: labels, numbers, 之一 suffixes, 款, ids, strict (Markdown) vs lenient (plain text) labels."""
from lawtext.parser import assign_ids, parse_markdown, parse_text
from lawtext.model import Article, LegalDocument, Paragraph

TEXT = """示例市文明行为促进条例
第一条　为了培育和践行社会主义核心价值观，制定本条例。
第二条　本市行政区域内的文明行为促进工作，适用本条例。
本条例所称文明行为，是指遵守宪法和法律、法规的行为。
第十条　依照本条例第二条规定开展工作。
第十条之一　市人民政府应当建立协调机制。
第十条之二　区人民政府应当落实。
第一百零五条　本条例自2026年1月1日起施行。
"""


def test_labels_numbers_and_suffixes():
    doc = parse_text(TEXT)
    assert doc.title == "示例市文明行为促进条例"
    assert [(a.label, a.number, a.suffix) for a in doc.articles] == [
        ("第一条", 1, 0), ("第二条", 2, 0), ("第十条", 10, 0), ("第十条之一", 10, 1),
        ("第十条之二", 10, 2), ("第一百零五条", 105, 0)]
    assert [a.id for a in doc.articles] == ["art-1", "art-2", "art-10", "art-10_1", "art-10_2", "art-105"]


def test_paragraphs_are_kuan_with_their_own_ids():
    doc = parse_text(TEXT)
    art = doc.article("第二条")
    assert art is doc.article("art-2")
    assert [(p.id, p.text) for p in art.paragraphs] == [
        ("art-2-p1", "本市行政区域内的文明行为促进工作，适用本条例。"),
        ("art-2-p2", "本条例所称文明行为，是指遵守宪法和法律、法规的行为。")]
    assert art.text == "本市行政区域内的文明行为促进工作，适用本条例。\n本条例所称文明行为，是指遵守宪法和法律、法规的行为。"
    assert art.flat_text == art.text.replace("\n", "")
    assert dict(art.elements()) == {"art-2-p1": art.paragraphs[0].text, "art-2-p2": art.paragraphs[1].text}


def test_references_to_articles_are_not_articles():
    doc = parse_text("示例条例\n第五条规定的事项，依照本条例办理。\n第一条 甲。\n第五条的规定适用于乙。\n第三条中的丙。\n"
                     "第二条、第三条另有规定的除外。\n第二条 乙。")
    assert [a.label for a in doc.articles] == ["第一条", "第二条"]
    assert doc.preamble == ["第五条规定的事项，依照本条例办理。"]
    assert doc.article("art-1").paragraphs[1].text == "第五条的规定适用于乙。"
    assert len(doc.article("art-1").paragraphs) == 4


def test_markdown_requires_a_space_after_the_label():
    doc = parse_markdown("# 条例\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第十条规定的情形。\n\n第二条　乙。\n")
    assert [a.label for a in doc.articles] == ["第一条", "第二条"]
    assert doc.article("art-1").paragraphs[1].text == "第十条规定的情形。"


def test_article_with_only_a_label_and_arabic_label():
    doc = parse_text("条例\n第一条\n（一）甲；\n（二）乙。\n第2条 丙。")
    first = doc.article("art-1")
    assert first.paragraphs[0].text == "" and [i.label for i in first.paragraphs[0].items] == ["（一）", "（二）"]
    assert first.lines() == ["（一）甲；", "（二）乙。"]
    assert doc.article("art-2").label == "第2条"


def test_duplicate_numbers_get_distinct_ids():
    doc = parse_text("条例\n第一条 甲。\n第一条 甲的重复。\n第一条 又一次。")
    assert [a.id for a in doc.articles] == ["art-1", "art-1~2", "art-1~3"]
    assert len(doc.element_index()) == len(set(doc.element_index()))


def test_document_without_title_line():
    doc = parse_text("第一条 甲。\n第二条 乙。")
    assert doc.title == "" and len(doc.articles) == 2


def test_assign_ids_after_structural_edit():
    doc = parse_text(TEXT)
    new = Article(id="", label="第二条之一", number=2, suffix=1, paragraphs=[Paragraph(id="", text="新增。")])
    doc.body.insert(2, new)
    assign_ids(doc)
    assert new.id == "art-2_1" and new.paragraphs[0].id == "art-2_1-p1"
    assert LegalDocument.from_json(doc.to_json()) == doc
