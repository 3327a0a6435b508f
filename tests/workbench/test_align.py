"""Article alignment: edge cases built from a real law, generated cases with known edits, and
real version pairs from the corpus checked by reading them."""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

from lawtext.diff.align import align_documents, new_to_old, old_to_new, summary_counts
from lawtext.model import Article, LegalDocument, Paragraph
from lawtext.numerals import article_label
from lawtext.parser import assign_ids, parse_markdown

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

LAW = "DLC/上海地方法规/地方性法规/上海/上海市不动产登记若干规定(2020-11-27).md"


@pytest.fixture(scope="module")
def law(corpus_dir) -> LegalDocument:
    doc = parse_markdown((corpus_dir / LAW).read_text(encoding="utf-8"))
    assert len(doc.articles) == 42
    return doc


def rebuild(articles: list[Article], title: str = "测试") -> LegalDocument:
    """A new tree of copies of ``articles``, renumbered 1..N (as a revision would)."""
    doc = LegalDocument(title=title)
    for n, a in enumerate(articles, 1):
        b = copy.deepcopy(a)
        b.number, b.suffix, b.label = n, 0, article_label(n)
        doc.body.append(b)
    assign_ids(doc)
    return doc


def with_text(a: Article, lines: list[str]) -> Article:
    b = copy.deepcopy(a)
    b.paragraphs = [Paragraph(id="", text=t) for t in lines]
    return b


def one_to_one(pairs) -> dict[str, str]:
    return {p.old_labels[0]: p.new_labels[0] for p in pairs if len(p.old_ids) == 1 and len(p.new_ids) == 1}


def test_identical_documents_are_all_unchanged(law):
    pairs = align_documents(law, law)
    assert [p.status for p in pairs] == ["unchanged"] * 42
    assert all(p.old_ids == p.new_ids and p.similarity == 1.0 and not p.flags for p in pairs)


def test_empty_documents(law):
    empty = LegalDocument(title="空")
    assert align_documents(empty, empty) == []
    ins = align_documents(empty, law)
    assert [p.status for p in ins] == ["inserted"] * 42
    assert [p.new_ids[0] for p in ins] == [a.id for a in law.articles]
    dels = align_documents(law, empty)
    assert [p.status for p in dels] == ["deleted"] * 42
    assert all(p.new_ids == [] and p.similarity == 0 for p in dels)


def test_new_is_a_subset_of_old(law):
    kept = law.articles[5:35]
    new = rebuild(kept)
    pairs = align_documents(law, new)
    counts = summary_counts(pairs)
    assert counts["unchanged"] == 30 and counts["deleted"] == 12 and counts["inserted"] == 0
    mapping = one_to_one(pairs)
    assert mapping["第六条"] == "第一条" and mapping["第三十五条"] == "第三十条"
    assert all("renumbered" in p.flags for p in pairs if p.status == "unchanged")
    # deleted articles keep their place: the first five before 第一条, the last seven at the end
    assert [p.status for p in pairs[:5]] == ["deleted"] * 5
    assert [p.status for p in pairs[-7:]] == ["deleted"] * 7


def test_old_is_a_subset_of_new(law):
    old = rebuild(law.articles[10:30])
    pairs = align_documents(old, law)
    counts = summary_counts(pairs)
    assert counts["unchanged"] == 20 and counts["inserted"] == 22 and counts["deleted"] == 0
    assert one_to_one(pairs)["第一条"] == "第十一条"
    assert [p.new_labels[0] for p in pairs] == [a.label for a in law.articles]


def test_all_articles_changed(law):
    """Every article edited (a clause removed and one added): all pairs stay one-to-one, in order."""
    edited = []
    for a in law.articles:
        t = a.flat_text
        cut = len(t) // 3
        edited.append(with_text(a, [t[:cut] + t[cut + 6:] + "具体办法由市人民政府另行制定。"]))
    new = rebuild(edited)
    pairs = align_documents(law, new)
    assert [p.status for p in pairs] == ["modified"] * 42
    assert one_to_one(pairs) == {a.label: a.label for a in law.articles}


def test_heavily_edited_article_between_unchanged_ones_is_still_paired(law):
    arts = list(law.articles)
    t = arts[20].flat_text
    arts[20] = with_text(arts[20], [t[: len(t) // 2] + "当事人可以通过网上平台申请办理不动产登记，登记机构应当在五个工作日内办结。"])
    pairs = align_documents(law, rebuild(arts))
    p = next(p for p in pairs if p.old_labels == ["第二十一条"])
    assert p.new_labels == ["第二十一条"] and p.status == "modified"


def test_move_is_detected_and_the_rest_unchanged(law):
    arts = list(law.articles)
    moved = arts.pop(4)             # 第五条 goes after the old 第三十条
    arts.insert(29, moved)
    pairs = align_documents(law, rebuild(arts))
    moves = [p for p in pairs if p.status == "moved"]
    assert len(moves) == 1
    assert moves[0].old_labels == ["第五条"] and moves[0].new_labels == ["第三十条"]
    assert summary_counts(pairs)["unchanged"] == 41
    # the moved pair sits at its new place in the output order
    assert [p.new_labels[0] for p in pairs] == [article_label(n) for n in range(1, 43)]


def test_split_and_merge(law):
    arts = list(law.articles)
    k = next(i for i, a in enumerate(arts) if len(a.lines()) >= 2)
    lines = arts[k].lines()
    first, second = with_text(arts[k], lines[:1]), with_text(arts[k], lines[1:])
    split_doc = rebuild(arts[:k] + [first, second] + arts[k + 1:])
    pairs = align_documents(law, split_doc)
    sp = [p for p in pairs if p.status == "split"]
    assert len(sp) == 1
    assert sp[0].old_ids == [arts[k].id] and len(sp[0].new_ids) == 2
    assert summary_counts(pairs)["inserted"] == 0

    pairs = align_documents(split_doc, law)
    mg = [p for p in pairs if p.status == "merged"]
    assert len(mg) == 1 and len(mg[0].old_ids) == 2 and mg[0].new_ids == [arts[k].id]
    assert summary_counts(pairs)["deleted"] == 0


def test_renumbering_by_insertion_at_the_start(law, corpus_dir):
    other = parse_markdown((corpus_dir / "宪法相关法/立法法(2023-03-13).md").read_text(encoding="utf-8"))
    new = rebuild(other.articles[50:53] + list(law.articles))
    pairs = align_documents(law, new)
    assert [p.status for p in pairs[:3]] == ["inserted"] * 3
    assert all(p.status == "unchanged" and "renumbered" in p.flags for p in pairs[3:])
    assert one_to_one(pairs)["第一条"] == "第四条"


def test_chapter_restructuring_keeps_pairs(corpus_dir):
    """Chapters merged and retitled (立法法 2023 without its 节 and with 章 renamed): same articles."""
    doc = parse_markdown((corpus_dir / "宪法相关法/立法法(2023-03-13).md").read_text(encoding="utf-8"))
    new = copy.deepcopy(doc)
    new.body = [n for n in new.body if isinstance(n, Article) or n.kind != "节"]
    for n in new.body:
        if not isinstance(n, Article):
            n.title = n.title + "（调整）"
    assign_ids(new)
    pairs = align_documents(doc, new)
    assert len(pairs) == len(doc.articles)
    assert all(p.status == "unchanged" and p.old_ids == p.new_ids for p in pairs)
    assert all("path_changed" in p.flags for p in pairs)


def test_consumer_maps(law):
    arts = list(law.articles)
    del arts[3]
    new = rebuild(arts)
    pairs = align_documents(law, new)
    o2n, n2o = old_to_new(pairs), new_to_old(pairs)
    assert o2n[law.articles[3].id] == []
    assert o2n[law.articles[4].id] == [new.articles[3].id]
    assert n2o[new.articles[3].id] == [law.articles[4].id]


def test_generated_cases_with_known_edits(corpus_dir):
    """Insertions, deletions, moves, light and heavy edits, splits and merges on 30 real laws."""
    from align_cases import make_cases
    from bench_align import predicted_maps, score
    cases = make_cases(corpus_dir, 30, seed=99)
    right = total = 0
    for c in cases:
        r, n, _ = score(c, predicted_maps(align_documents(c.old, c.new)))
        right += r
        total += n
    assert total > 1000
    assert right / total >= 0.99


# --- real version pairs (checked by reading both texts) ---------------------------------------

def load(corpus_dir, rel):
    return parse_markdown((corpus_dir / rel).read_text(encoding="utf-8"))


def test_lifafa_2015_to_2023(corpus_dir):
    old = load(corpus_dir, "宪法相关法/立法法(2015-03-15).md")
    new = load(corpus_dir, "宪法相关法/立法法(2023-03-13).md")
    pairs = align_documents(old, new)
    by_old = {tuple(p.old_labels): p for p in pairs if p.old_ids}
    # 第七十二条 (省级 and 设区的市 地方性法规) was split into 第八十条 and 第八十一条
    p = by_old[("第七十二条",)]
    assert p.status == "split" and p.new_labels == ["第八十条", "第八十一条"]
    # 第九条 → 第十二条: only the cited number changed (本法第八条 → 本法第十一条)
    p = by_old[("第九条",)]
    assert p.new_labels == ["第十二条"] and p.status == "modified" and "refs_only" in p.flags
    p = by_old[("第一百零四条",)]
    assert p.new_labels == ["第一百一十九条"] and "refs_only" in p.flags   # 第四十五条 → 第四十八条
    # 第三条 rewritten in place; the new 第四条 (新发展理念) is new
    assert by_old[("第三条",)].new_labels == ["第三条"] and by_old[("第三条",)].status == "modified"
    assert next(p for p in pairs if p.new_labels == ["第四条"]).status == "inserted"
    # 第五条 (人民的意志) became the second 款 of 第六条; 第十三条 (授权暂时调整) → 第十六条
    assert by_old[("第五条",)].new_labels == ["第六条"]
    assert by_old[("第十三条",)].new_labels == ["第十六条"]
    # 第七十四条 (经济特区法规) → 第八十四条 with 浦东新区/海南自由贸易港 added
    assert by_old[("第七十四条",)].new_labels == ["第八十四条"]
    assert summary_counts(pairs)["moved"] == 0


def test_xingzheng_fuyi_2017_to_2023(corpus_dir):
    old = load(corpus_dir, "诉讼与非诉讼程序法/行政复议法(2017-09-01).md")
    new = load(corpus_dir, "诉讼与非诉讼程序法/行政复议法(2023-09-01).md")
    pairs = align_documents(old, new)
    m = {p.old_labels[0]: p for p in pairs if p.old_ids}
    assert m["第五条"].new_labels == ["第十条"]           # 行政诉讼法 → 《中华人民共和国行政诉讼法》
    assert m["第十条"].new_labels == ["第十四条"]         # 申请人
    assert m["第十二条"].new_labels == ["第二十七条"]     # 垂直领导的行政机关
    assert m["第十九条"].new_labels == ["第三十四条"]     # 复议前置
    assert m["第三十一条"].new_labels == ["第六十二条"]   # 六十日内作出决定
    assert m["第三十五条"].new_labels == ["第八十一条"]   # 工作人员渎职
    assert m["第四十一条"].new_labels == ["第八十九条"] and m["第四十一条"].status == "unchanged"
    assert m["第八条"].status == "deleted"                 # 行政处分/民事纠纷 不属复议
    assert summary_counts(pairs)["inserted"] >= 47        # 43 → 90 articles
