"""Editing operations on the article tree (lawtext.editing), on a real regulation from the corpus:
上海市公共汽车和电车客运管理条例 (7 chapters, 55 articles, 项 and cross-references)."""
from __future__ import annotations

import pytest

from lawtext import editing as ed
from base.errors import InputError, NotFound
from lawtext.model import Heading, LegalDocument
from lawtext.parser import parse_markdown, parse_text
from lawtext.writer import to_markdown, to_text

LAW = "DLC/上海地方法规/地方性法规/上海/上海市公共汽车和电车客运管理条例(2020-05-14).md"


@pytest.fixture(scope="module")
def law(corpus_dir) -> LegalDocument:
    return parse_markdown((corpus_dir / LAW).read_text(encoding="utf-8"))


def labels(doc):
    return [a.label for a in doc.articles]


def test_the_fixture_law_has_chapters_items_and_references(law):
    assert len(law.articles) == 55
    assert [h.text for h in law.headings][:2] == ["第一章 总则", "第二章 线路和线路经营权"]
    assert any(p.items for a in law.articles for p in a.paragraphs)


def test_edit_article_keeps_kuan_xiang_mu_structure_and_does_not_touch_the_input(law):
    before = to_text(law)
    text = ("经营者应当遵守下列规定：\n（一）按照核定的线路营运；\n（二）执行价格规定：\n1.公示票价；\n2.提供票据。\n"
            "违反前款规定的，依照本条例第四十五条处理。")
    r = ed.edit_article(law, "第十九条", text)
    a = r.doc.article("第十九条")
    assert [p.text for p in a.paragraphs] == ["经营者应当遵守下列规定：", "违反前款规定的，依照本条例第四十五条处理。"]
    items = a.paragraphs[0].items
    assert [(i.label, i.text) for i in items] == [("（一）", "按照核定的线路营运；"), ("（二）", "执行价格规定：")]
    assert [(s.label, s.text, s.kind) for s in items[1].children] == [("1.", "公示票价；", "subitem"), ("2.", "提供票据。", "subitem")]
    assert [i.id for i in items] == ["art-19-p1-i1", "art-19-p1-i2"]
    assert items[1].children[1].id == "art-19-p1-i2-s2"
    assert r.description.startswith("修改第十九条（") and r.focus == "art-19"
    assert to_text(law) == before  # pure: the input tree is unchanged
    # the edited tree survives a write → parse round trip (one parser)
    assert to_text(parse_markdown(to_markdown(r.doc))) == to_text(r.doc)


def test_edit_accepts_its_own_label_but_refuses_another_article_or_empty_text(law):
    r = ed.edit_article(law, "第三条", "第三条 本市公共汽车和电车客运实行政府主导。")
    assert r.doc.article("第三条").text == "本市公共汽车和电车客运实行政府主导。"
    with pytest.raises(InputError, match="第四条"):
        ed.edit_article(law, "第三条", "第四条 另一条")
    with pytest.raises(InputError, match="一条"):
        ed.edit_article(law, "第三条", "本条。\n第四条 另一条的文字")
    with pytest.raises(InputError, match="章节"):
        ed.edit_article(law, "第三条", "本条。\n第八章 新的一章")
    with pytest.raises(InputError, match="不能为空"):
        ed.edit_article(law, "第三条", " \n\u3000\n")
    with pytest.raises(NotFound, match="第九十九条"):
        ed.edit_article(law, "第九十九条", "文字")
    same = ed.edit_article(law, "第三条", law.article("第三条").text)
    assert "未改动" in same.description


def test_insert_after_and_before_uses_zhi_labels_so_nothing_is_renumbered_yet(law):
    r = ed.insert_article(law, "第五条 新增的条文，（一）不会被当作项。\n（一）第一项；\n（二）第二项。", after="第五条")
    assert labels(r.doc)[4:7] == ["第五条", "第五条之一", "第六条"]
    new = r.doc.article("第五条之一")
    assert new.id == "art-5_1" and r.focus == "art-5_1"
    assert [i.label for i in new.paragraphs[0].items] == ["（一）", "（二）"]
    assert new.path == law.article("第五条").path
    assert r.description.startswith("在第五条之后插入第五条之一")

    r2 = ed.insert_article(r.doc, "再插入一条。", after="第五条")
    assert labels(r2.doc)[4:8] == ["第五条", "第五条之二", "第五条之一", "第六条"]

    r3 = ed.insert_article(law, "放在第十条前面。", before="第十条")
    assert labels(r3.doc)[8:11] == ["第九条", "第九条之一", "第十条"]

    first = ed.insert_article(law, "放在最前面。", before="第一条")
    assert labels(first.doc)[:2] == ["第零条", "第一条"]
    assert first.doc.articles[0].path == ["第一章 总则"]


def test_insert_into_empty_chapter_end_and_conflicting_positions(law):
    r = ed.insert_article(law, "文末新增。")
    assert labels(r.doc)[-1] == "第五十五条之一"
    with pytest.raises(InputError):
        ed.insert_article(law, "x", after="第一条", before="第二条")


def test_delete_article(law):
    r = ed.delete_article(law, "第七条")
    assert "第七条" not in labels(r.doc) and len(r.doc.articles) == 54
    assert r.focus == "art-8"
    assert r.description.startswith("删除第七条（原文：")


def test_move_before_after_up_down_and_into_another_chapter(law):
    r = ed.move_article(law, "第九条", before="第四条")
    assert labels(r.doc)[2:6] == ["第三条", "第九条", "第四条", "第五条"]
    assert r.description == "将第九条移至第四条之前"
    # moving into another chapter changes the article's path
    r = ed.move_article(law, "第二条", after="第五十条")
    moved = r.doc.article("第二条")
    assert moved.path == law.article("第五十条").path != law.article("第二条").path

    # up/down swap with neighbours; at a chapter boundary they cross the heading
    first_of_ch2 = next(a for a in law.articles if a.path == ["第二章 线路和线路经营权"])
    up = ed.move_article_up(law, first_of_ch2.label)
    assert up.doc.article(first_of_ch2.label).path == ["第一章 总则"]
    assert "并入上一章节末尾" in up.description
    down = ed.move_article_down(up.doc, first_of_ch2.label)
    assert to_text(down.doc) == to_text(law)
    swap = ed.move_article_down(law, "第三条")
    assert labels(swap.doc)[2:4] == ["第四条", "第三条"]
    with pytest.raises(InputError, match="最前"):
        ed.move_article_up(parse_text("第一条 甲。\n第二条 乙。"), "第一条")

    chapter = law.headings[5]  # 第六章 法律责任
    r = ed.move_article_to_heading(law, "第十条", chapter.id)
    assert r.doc.articles[-1].label != "第十条"
    moved = r.doc.article("第十条")
    assert moved.path == [chapter.text]
    idx = [a.label for a in r.doc.articles].index("第十条")
    assert r.doc.articles[idx + 1].path == ["第七章 附则"]


def test_chapter_add_rename_move_delete_keep_headings_numbered(law):
    r = ed.add_heading(law, "章", "监督 管理", before="第二十条")
    texts = [h.text for h in r.doc.headings]
    assert "第四章 监督管理" in texts and texts[-1] == "第八章 附则"
    assert r.doc.article("第二十条").path == ["第四章 监督管理"]
    assert "章节序号顺延" in r.description

    r = ed.rename_heading(law, "第二章", "线路管理")
    assert r.doc.headings[1].text == "第二章 线路管理"
    assert r.description == "将「第二章 线路和线路经营权」更名为「第二章 线路管理」"

    r = ed.move_heading(law, "第七章", "up")
    texts = [h.text for h in r.doc.headings]
    assert texts[-2:] == ["第六章 附则", "第七章 法律责任"]
    assert r.doc.articles[-1].path == ["第七章 法律责任"]
    assert len(r.doc.articles) == 55 and sorted(labels(r.doc)) == sorted(labels(law))
    with pytest.raises(InputError, match="第一个"):
        ed.move_heading(law, "第一章", "up")

    r = ed.delete_heading(law, "第五章")
    assert [h.text for h in r.doc.headings][4] == "第五章 法律责任"
    chap4_last = law.article("第四十条").path
    assert all(a.path != ["第五章 监督检查和投诉"] for a in r.doc.articles)
    assert "并入上一章节" in r.description and chap4_last

    with pytest.raises(InputError, match="未知的章节类型"):
        ed.add_heading(law, "款", "x")
    with pytest.raises(InputError, match="标题"):
        ed.add_heading(law, "章", "这是一句话。")


def test_sections_are_numbered_within_their_chapter():
    doc = parse_text("第一章 总则\n第一条 甲。\n第二章 管理\n第一节 登记\n第二条 乙。\n第二节 变更\n第三条 丙。\n"
                     "第三章 附则\n第四条 丁。")
    r = ed.add_heading(doc, "节", "申请", before="chap-2-sec-1")
    assert [h.text for h in r.doc.headings] == ["第一章 总则", "第二章 管理", "第一节 申请", "第二节 登记",
                                                 "第三节 变更", "第三章 附则"]
    assert r.doc.article("第二条").path == ["第二章 管理", "第二节 登记"]
    split = ed.add_heading(doc, "节", "申请", before="第三条")  # before an article: splits 第二节
    assert [h.text for h in split.doc.headings][3:5] == ["第二节 变更", "第三节 申请"]
    r = ed.add_heading(r.doc, "节", "一般规定", before="第一条")
    assert r.doc.headings[1].text == "第一节 一般规定" and r.doc.headings[1].kind == "节"
    assert r.doc.article("第一条").path == ["第一章 总则", "第一节 一般规定"]
    heading_ids = [h.id for h in r.doc.headings]
    assert "chap-2-sec-3" in heading_ids


def test_apply_operation_by_name(law):
    r = ed.apply_operation(law, "delete", key="art-3")
    assert "第三条" not in labels(r.doc)
    with pytest.raises(InputError, match="未知的编辑操作"):
        ed.apply_operation(law, "explode")
    assert all(isinstance(h, Heading) for h in r.doc.headings)
