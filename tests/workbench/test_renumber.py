"""Renumbering a 60-article draft after insertions, deletions and a move rewrites every internal
reference (本办法第X条, 第X条第X款, 第X条第X款第（X）项, 第X条至第Y条, lists, Arabic digits, 之一,
references in 法律责任) and leaves external and relative references alone."""
from __future__ import annotations

from renumber_draft import draft_text, edited, original

from lawtext.diff.align import align_documents
from lawtext.numerals import article_label
from lawtext.parser import parse_text
from lawtext.diff.renumber import apply_renumber, find_references, mapping_from_pairs, plan_renumber, plan_reference_rewrites, rewrite_text
from lawtext.writer import to_text


def test_generated_draft_has_sixty_articles_with_references():
    doc, _ = original()
    assert len(doc.articles) == 60
    assert [a.label for a in doc.articles][:3] == ["第一条", "第二条", "第三条"]
    assert doc.article("第五十一条").path[-1] == "第六章 法律责任"
    assert plan_renumber(doc).is_noop


def test_every_reference_is_rewritten_after_insert_delete_move():
    doc, order, _ = edited()
    assert len(doc.articles) == 60  # 60 - 3 removed + 1 moved back + 2 inserted
    plan = plan_renumber(doc)
    new = apply_renumber(doc, plan)

    final = {k: (pos, 0) for pos, k in enumerate(order, 1)}
    final[7] = (7, 0)    # deleted: references to it cannot be rewritten (there are none)
    final[33] = (33, 0)  # deleted and cited by M56: left as written, with a warning
    expected = parse_text(draft_text(order, final))
    assert to_text(new) == to_text(expected)
    assert [a.label for a in new.articles] == [article_label(n) for n in range(1, 61)]
    assert [a.id for a in new.articles][:5] == ["art-1", "art-2", "art-3", "art-4", "art-5"]


def test_plan_lists_rewrites_before_applying():
    doc, order, _ = edited()
    plan = plan_renumber(doc)
    by_text = {(r.element_id, old, new) for r in plan.rewrites for old, new in r.changes}

    def now(k):  # the label the article with marker k gets
        return article_label(order.index(k) + 1)

    # 法律责任: 违反本办法第十条第一款、第十一条第二款第（一）项规定 (N1 inserted after M10)
    m52 = doc.articles[order.index(52)]
    assert now(11) == "第十二条"
    assert (f"{m52.id}-p1", "第十一条", now(11)) in by_text
    m55 = doc.articles[order.index(55)]
    assert (f"{m55.id}-p1", "第五十条", "第四条") in by_text
    # 第X条第X款第（X）项 keeps its 款 and 项
    m6 = doc.articles[order.index(6)]
    rw = next(r for r in plan.rewrites if r.element_id == f"{m6.id}-p1")
    assert rw.before.startswith("依照第十二条第二款第（三）项")
    assert rw.after.startswith("依照第十三条第二款第（三）项")
    # references to 之一 articles, to the moved article and in Arabic digits
    assert any(old == "第十条之一" and new == now("N1") == "第十一条" for _, old, new in by_text)
    assert any(old == "第46条" and new == f"第{order.index(46) + 1}条" for _, old, new in by_text)
    # every article gets a clean sequential label; the old labels are shown
    assert [a.new_label for a in plan.articles][:4] == ["第一条", "第二条", "第三条", "第四条"]
    assert plan.articles[3].old_label == "第五十条"
    # a reference to a deleted article is a warning, not a rewrite
    assert any("第三十三条" in w for w in plan.warnings)
    assert not any(old == "第三十三条" for _, old, _ in by_text)


def test_external_and_relative_references_untouched():
    doc, order, _ = edited()
    new = apply_renumber(doc, plan_renumber(doc))
    text = to_text(new)
    assert "按照《中华人民共和国行政许可法》第三十二条、第三十四条办理" in text
    assert "依照《中华人民共和国行政处罚法》第三十二条处理" in text
    assert "依照刑法第一百零二条的规定" in text
    assert "前款规定以外的事项，依照本条和前条的规定办理" in text


def test_find_references_internal_external_and_lists():
    t = "违反本办法第十二条规定的，依照《中华人民共和国行政处罚法》第三十二条、第三十三条处理；第五条第二款第（三）项和第七条至第九条"
    refs = [(t[r.start:r.end], r.internal) for r in find_references(t)]
    assert refs == [("第十二条", True), ("第三十二条", False), ("第三十三条", False), ("第五条", True),
                    ("第七条", True), ("第九条", True)]
    t2 = "依照第十条、该法第五条、第六条，以及本法第八条"
    assert [r.internal for r in find_references(t2)] == [True, False, False, True]


def test_rewrite_text_with_explicit_mapping():
    text, changes, missing = rewrite_text("依照本条例第三条、第17条和第四条之一的规定；前条除外",
                                          {(3, 0): (4, 0), (17, 0): (18, 0), (4, 1): (6, 0)})
    assert text == "依照本条例第四条、第18条和第六条的规定；前条除外"
    assert changes == [("第三条", "第四条"), ("第17条", "第18条"), ("第四条之一", "第六条")]
    assert missing == []


def test_mapping_from_alignment_rewrites_references_to_parent_numbers():
    """A new version whose references still use the parent's numbers: the alignment gives the map."""
    parent, _ = original()
    child, order, _ = edited()
    renumbered = apply_renumber(child, plan_renumber(child))
    pairs = align_documents(parent, renumbered)
    mapping = mapping_from_pairs(pairs, parent, renumbered)
    assert mapping[(8, 0)] == (order.index(8) + 1, 0)
    assert mapping[(50, 0)] == (4, 0)
    assert mapping[(33, 0)] is None
    rewrites, warnings = plan_reference_rewrites(parent, mapping)
    m52 = parent.article("第五十二条")
    rw = next(r for r in rewrites if r.element_id == f"{m52.id}-p1")
    assert rw.after.startswith("违反本办法第十条第一款、第十二条第二款第（一）项规定")
    assert any("第三十三条" in w for w in warnings)
