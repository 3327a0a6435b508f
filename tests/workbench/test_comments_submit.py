"""Submitting comments: the window (before opening / after closing), who may submit, anchors,
and visibility (a contact point never sees another point's comments)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.workbench.comments_helpers import TODAY, consult, dog_document, point_with_user
from base import audit
from workbench.consultation.comments import get_comment, list_comments, submit_comment
from workbench.consultation.consultations import close_consultation
from base.errors import GateBlocked, InputError, NotFound, PermissionDenied


@pytest.fixture
def setup(fresh_db, users):
    doc, v1 = dog_document(fresh_db)
    cp1, east = point_with_user(fresh_db, users["admin"], "东城街道联系点", "east")
    cp2, west = point_with_user(fresh_db, users["admin"], "西山社区联系点", "west", kind="社区")
    cp3, south = point_with_user(fresh_db, users["admin"], "南湖大学联系点", "south", kind="高校")
    opens = TODAY + timedelta(days=3)
    c = consult(fresh_db, users["drafter"], v1.id, [cp1.id, cp2.id], opens=opens, days=30)
    return fresh_db, users, doc, v1, c, east, west, south


def test_window_before_opening_during_and_after_close(setup):
    db, users, doc, v1, c, east, *_ = setup
    before = c.opens_on - timedelta(days=1)
    with pytest.raises(GateBlocked, match="征求意见尚未开始"):
        submit_comment(db, east, c.id, text="建议延长登记期限", element_id="art-6", today=before)
    first = submit_comment(db, east, c.id, text="开放当日提交", element_id="art-6", today=c.opens_on)
    last = submit_comment(db, east, c.id, text="截止当日提交", element_id="art-6", today=c.closes_on)
    assert first.id and last.id
    with pytest.raises(GateBlocked, match=f"征求意见已于 {c.closes_on:%Y年%m月%d日} 截止，不再接受意见"):
        submit_comment(db, east, c.id, text="截止次日提交", element_id="art-6", today=c.closes_on + timedelta(days=1))
    close_consultation(db, users["drafter"], c.id, note="提前完成", today=c.opens_on + timedelta(days=10))
    with pytest.raises(GateBlocked, match="关闭，不再接受意见"):
        submit_comment(db, east, c.id, text="关闭后提交", today=c.opens_on + timedelta(days=11))
    assert [x.text for x in list_comments(db, users["drafter"], consultation_id=c.id)] == ["开放当日提交", "截止当日提交"]


def test_only_invited_contact_points_submit_for_themselves(setup):
    db, users, doc, v1, c, east, west, south = setup
    day = c.opens_on
    with pytest.raises(PermissionDenied, match="未受邀"):
        submit_comment(db, south, c.id, text="不在邀请名单", today=day)
    with pytest.raises(PermissionDenied, match="本联系点名义"):
        submit_comment(db, east, c.id, text="冒名", contact_point_id=west.contact_point_id, today=day)
    with pytest.raises(PermissionDenied, match="尚未关联"):
        submit_comment(db, users["contact"], c.id, text="未关联联系点", today=day)
    for staff in (users["drafter"], users["advisor"]):
        with pytest.raises(PermissionDenied):
            submit_comment(db, staff, c.id, text="工作人员不能以联系点身份提交", contact_point_id=east.contact_point_id,
                           today=day)
    assert db.execute("select count(*) from comments").fetchone()[0] == 0


@pytest.mark.parametrize("kwargs, message", [
    ({"text": "   "}, "意见内容不能为空"),
    ({"text": "意见" * 3000}, "意见内容过长"),
    ({"text": "好", "participants": 0}, "参与人数应在"),
    ({"text": "好", "participants": "十二"}, "参与人数应为正整数"),
    ({"text": "好", "source_kind": "电话"}, "意见来源无效"),
    ({"text": "好", "element_id": "art-99"}, "征求意见稿中没有该条款"),
])
def test_bad_input_is_refused_in_chinese(setup, kwargs, message):
    db, users, doc, v1, c, east, *_ = setup
    with pytest.raises(InputError, match=message):
        submit_comment(db, east, c.id, today=c.opens_on, **kwargs)


def test_anchor_keeps_element_article_and_quoted_text(setup):
    db, users, doc, v1, c, east, *_ = setup
    para = submit_comment(db, east, c.id, text="十五日太短", element_id="art-6-p1", participants=12,
                          source_kind="座谈会", today=c.opens_on)
    item = submit_comment(db, east, c.id, text="住所证明难以提供", element_id="art-6-p2-i4", today=c.opens_on)
    whole = submit_comment(db, east, c.id, text="整体赞成", today=c.opens_on)
    art6 = v1.tree.article("第六条")
    assert (para.article_id, para.article_label, para.target) == ("art-6", "第六条", "第六条第一款")
    assert para.quoted_text == art6.paragraphs[0].text and para.participants == 12
    assert item.target == "第六条第二款第（四）项" and item.quoted_text == "（四）住所证明。"
    assert whole.article_id is None and whole.target == "整体意见"
    event = next(e for e in audit.events(db, doc.id) if e["action"] == "comment.submit")
    assert event["actor"] == "east" and audit.verify(db) == []


def test_contact_point_never_sees_another_points_comments(setup):
    db, users, doc, v1, c, east, west, _ = setup
    mine = submit_comment(db, east, c.id, text="东城的意见：建议延长期限", element_id="art-6", today=c.opens_on)
    theirs = submit_comment(db, west, c.id, text="西山的意见：罚款过高", element_id="art-20", today=c.opens_on)
    assert [x.id for x in list_comments(db, east)] == [mine.id]
    assert [x.id for x in list_comments(db, east, consultation_id=c.id, document_id=doc.id)] == [mine.id]
    assert [x.id for x in list_comments(db, west, article_label="第二十条")] == [theirs.id]
    with pytest.raises(PermissionDenied):
        list_comments(db, east, contact_point_id=west.contact_point_id)
    with pytest.raises(NotFound):
        get_comment(db, east, theirs.id)
    # staff with comment.view_all see both
    for staff in ("drafter", "advisor", "reviewer", "admin"):
        assert {x.id for x in list_comments(db, users[staff], consultation_id=c.id)} == {mine.id, theirs.id}
