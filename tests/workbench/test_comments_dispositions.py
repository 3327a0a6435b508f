"""Dispositions (采纳/部分采纳/未采纳 with a reason, the adopted article of a later version) and
near-duplicate grouping; the figures behind comments.GROUP_THRESHOLD are measured here."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.workbench.comments_helpers import EXAMPLES, TODAY, consult, dog_document, point_with_user
from base import audit
from workbench.consultation.stats import adoption_stats
from workbench.consultation.comments import CROSS_ARTICLE_CHAR_RATIO, GROUP_MIN_CHAR_RATIO, GROUP_THRESHOLD, dispose, get_comment, group_similar, list_comments, pair_scores, submit_comment
from workbench.documents.store import add_version
from base.errors import InputError, PermissionDenied
from lawtext.files import read_path

# Re-worded duplicates a 联系点 typically sends (same suggestion, different wording).
DUPLICATES = [
    ("第六条登记期限十五日太短，建议延长至三十日。", "建议将第六条规定的十五日登记期限延长为三十日。"),
    ("罚款五万元过高，建议降低罚款数额。", "第二十条罚款五万元过高，建议适当降低罚款数额。"),
    ("建议增加网上办理养犬登记的规定。", "建议增加可以网上办理养犬登记的规定，方便群众。"),
    ("重点管理区范围应当明确到街道。", "重点管理区的范围应明确到具体街道。"),
    ("希望加强文明养犬宣传教育。", "建议加强文明养犬的宣传教育工作。"),
]
# Paraphrases in other words: no lexical score catches them (documented, not grouped).
PARAPHRASES = [
    ("养犬人遛狗应当拴绳，建议明确牵引绳长度不超过一点五米。", "建议规定牵引绳长度，不超过1.5米。"),
    ("第十二条收费过高，群众负担重。", "养犬管理服务费收费太高，增加群众负担，建议取消。"),
    ("建议在小区设立犬只便溺收集点。", "小区里应当设置犬只粪便收集箱。"),
    ("烈性犬目录应当向社会公布。", "建议公开烈性犬、大型犬目录。"),
    ("应当允许导盲犬进入公共场所。", "建议明确导盲犬可以进入公共场所和公共交通工具。"),
]
# Different suggestions on the same subject: must never be answered together.
DIFFERENT = [
    ("第六条登记期限十五日太短，建议延长至三十日。", "登记材料中的住所证明不好提供，建议删除。"),
    ("罚款五万元过高，建议降低罚款数额。", "罚款之外应当增加没收犬只的规定。"),
    ("建议增加网上办理养犬登记的规定。", "建议增加养犬登记的收费标准。"),
    ("重点管理区范围应当明确到街道。", "重点管理区内禁止饲养的犬种目录应当公布。"),
    ("希望加强文明养犬宣传教育。", "希望加强对流浪犬的收容管理。"),
    ("建议将第六条规定的十五日登记期限延长为三十日。", "建议将第十九条规定的二百元罚款提高为五百元。"),
    ("烈性犬目录应当向社会公布。", "大型犬的身高标准应当向社会公布。"),
    ("应当允许导盲犬进入公共场所。", "禁止犬只进入学校、医院等公共场所。"),
    ("建议在小区设立犬只便溺收集点。", "建议在公园设立犬只活动区域。"),
    ("第十二条收费过高，群众负担重。", "第十九条罚款过低，起不到警示作用。"),
    ("建议删除。", "建议删除第十二条的收费规定，减轻群众负担。"),
]


def grouped(a: str, b: str) -> bool:
    token, char = pair_scores(a, b)
    return token >= GROUP_THRESHOLD and char >= GROUP_MIN_CHAR_RATIO


def test_measured_threshold_groups_duplicates_and_never_different_suggestions():
    assert all(grouped(a, b) for a, b in DUPLICATES)
    assert not any(grouped(a, b) for a, b in DIFFERENT)
    assert not any(grouped(a, b) for a, b in PARAPHRASES)
    # the margin on this set: lowest duplicate vs highest different pair (token_set on segmented text)...
    *different, contained = DIFFERENT
    assert min(pair_scores(a, b)[0] for a, b in DUPLICATES) - max(pair_scores(a, b)[0] for a, b in different) >= 5
    # ...except a short comment contained in a long one, which only the char ratio stops
    token, char = pair_scores(*contained)
    assert token == 100 and char < GROUP_MIN_CHAR_RATIO


@pytest.fixture
def setup(fresh_db, users):
    doc, v1 = dog_document(fresh_db)
    cp1, east = point_with_user(fresh_db, users["admin"], "东城街道联系点", "east")
    cp2, west = point_with_user(fresh_db, users["admin"], "西山社区联系点", "west", kind="社区")
    c = consult(fresh_db, users["drafter"], v1.id, [cp1.id, cp2.id], opens=TODAY - timedelta(days=3))
    return fresh_db, users, doc, v1, c, east, west


def test_group_similar_on_submitted_comments(setup):
    db, users, doc, v1, c, east, west = setup
    a = submit_comment(db, east, c.id, text=DUPLICATES[0][0], element_id="art-6")
    b = submit_comment(db, west, c.id, text=DUPLICATES[0][1], element_id="art-6")
    d = submit_comment(db, west, c.id, text=DIFFERENT[0][1], element_id="art-6")
    e = submit_comment(db, east, c.id, text=DUPLICATES[1][0], element_id="art-20")
    f = submit_comment(db, west, c.id, text=DUPLICATES[1][1], element_id="art-20")
    # identical wording on two articles (one line split in two) groups; a looser match across articles does not
    g = submit_comment(db, east, c.id, text="第十九条和第二十条的罚款数额过高。", element_id="art-19")
    h = submit_comment(db, east, c.id, text="第十九条和第二十条的罚款数额过高。", element_id="art-20")
    k = submit_comment(db, west, c.id, text="五万元罚款过高，建议降低罚款数额。", element_id="art-21")
    groups = group_similar(list_comments(db, users["drafter"], consultation_id=c.id))
    as_ids = sorted(sorted(x.id for x in grp) for grp in groups)
    assert sorted([a.id, b.id]) in as_ids and sorted([g.id, h.id]) in as_ids
    assert [d.id] in as_ids and [k.id] in as_ids
    assert sorted([e.id, f.id]) in as_ids
    assert CROSS_ARTICLE_CHAR_RATIO > GROUP_MIN_CHAR_RATIO


def test_dispose_a_group_with_the_adopted_article_of_the_new_version(setup):
    db, users, doc, v1, c, east, west = setup
    a = submit_comment(db, east, c.id, text=DUPLICATES[0][0], element_id="art-6")
    b = submit_comment(db, west, c.id, text=DUPLICATES[0][1], element_id="art-6")
    v2 = add_version(db, doc.id, read_path(EXAMPLES / "gr-dog-management-v2.md"), label="送审稿", actor="drafter1")
    done = dispose(db, users["drafter"], [a.id, b.id], decision="采纳", reason="已延长至三十日",
                   adopted_version_id=v2.id, adopted_article_id="第七条")
    assert [x.decision for x in done] == ["采纳", "采纳"]
    assert {x.adopted_article_id for x in done} == {"art-7"} and {x.adopted_article_label for x in done} == {"第七条"}
    assert done[0].group_key == done[1].group_key == f"g{min(a.id, b.id)}"
    # the contact point sees the disposition of its own comment
    mine = get_comment(db, east, a.id)
    assert (mine.status, mine.reason, mine.adopted_article_label) == ("采纳", "已延长至三十日", "第七条")
    # a later change of mind is recorded again (audit keeps the previous decision)
    dispose(db, users["reviewer"], [a.id], decision="部分采纳", reason="延长至二十日")
    assert get_comment(db, east, a.id).status == "部分采纳"
    events = [e for e in audit.events(db, doc.id) if e["action"] == "comment.dispose"]
    assert len(events) == 3 and '"previous": "采纳"' in events[0]["detail"]
    assert audit.verify(db) == []


def test_dispose_validation_and_permissions(setup):
    db, users, doc, v1, c, east, west = setup
    a = submit_comment(db, east, c.id, text="罚款过高", element_id="art-20")
    with pytest.raises(InputError, match="请填写处理理由"):
        dispose(db, users["drafter"], [a.id], decision="未采纳", reason="  ")
    with pytest.raises(InputError, match="处理结论无效"):
        dispose(db, users["drafter"], [a.id], decision="同意", reason="x")
    with pytest.raises(InputError, match="只有采纳或部分采纳"):
        dispose(db, users["drafter"], [a.id], decision="未采纳", reason="x", adopted_version_id=v1.id,
                adopted_article_id="art-20")
    with pytest.raises(InputError, match="没有该条"):
        dispose(db, users["drafter"], [a.id], decision="采纳", reason="x", adopted_version_id=v1.id,
                adopted_article_id="第九十条")
    for who in (east, users["advisor"]):
        with pytest.raises(PermissionDenied):
            dispose(db, who, [a.id], decision="采纳", reason="x")
    assert get_comment(db, users["drafter"], a.id).decision is None


def test_adoption_stats_for_the_dashboard(setup):
    db, users, doc, v1, c, east, west = setup
    a = submit_comment(db, east, c.id, text="一", element_id="art-6", participants=10)
    b = submit_comment(db, east, c.id, text="二", element_id="art-7", participants=5)
    d = submit_comment(db, west, c.id, text="三", participants=3)
    submit_comment(db, west, c.id, text="四", participants=2)
    dispose(db, users["drafter"], [a.id], decision="采纳", reason="r")
    dispose(db, users["drafter"], [b.id], decision="部分采纳", reason="r")
    dispose(db, users["drafter"], [d.id], decision="未采纳", reason="r")
    s = adoption_stats(db)
    assert (s["participants"], s["comments"], s["adopted"], s["not_adopted"], s["pending"]) == (20, 4, 2, 1, 1)
    assert s["adoption_rate"] == 0.5 and s["consultations"] == 1 and s["open_consultations"] == 1
    assert s["contact_points"] == 2
    east_row = next(r for r in s["by_contact_point"] if r["name"] == "东城街道联系点")
    assert (east_row["participants"], east_row["comments"], east_row["adopted"], east_row["adoption_rate"]) == \
        (15, 2, 2, 1.0)
    assert adoption_stats(db, document_id=doc.id + 1)["comments"] == 0
