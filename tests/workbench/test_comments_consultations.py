"""Consultations: window rules, minimum length per level, what the lifecycle gates read, the
征求意见稿 download."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.workbench.comments_helpers import TODAY, consult, docx_text, dog_document, point_with_user
from base import audit
from workbench.consultation.reports import draft_docx
from workbench.consultation.consultations import add_contact_point, close_consultation, consultation_period_days, consultations_for, get_consultation, invite, minimum_days, open_consultation, open_consultation_version_ids
from workbench.documents.store import add_version
from base.errors import GateBlocked, InputError, NotFound, PermissionDenied


@pytest.fixture
def setup(fresh_db, users):
    doc, v1 = dog_document(fresh_db)
    cp1, east = point_with_user(fresh_db, users["admin"], "东城街道联系点", "east")
    cp2, west = point_with_user(fresh_db, users["admin"], "西山社区联系点", "west", kind="社区")
    return fresh_db, users, doc, v1, (cp1, east), (cp2, west)


def test_minimum_days_defaults_and_override(monkeypatch):
    assert [minimum_days(x) for x in ("LR", "GR", "ND")] == [30, 30, 30]
    monkeypatch.setenv("WORKBENCH_LR_COMMENT_DAYS", "20")
    assert minimum_days("LR") == 20 and minimum_days("GR") == 30


def test_open_validates_period_version_and_invites(setup, monkeypatch):
    db, users, doc, v1, (cp1, _), _ = setup
    drafter = users["drafter"]
    with pytest.raises(InputError, match="少于政府规章要求的 30 日"):
        consult(db, drafter, v1.id, [cp1.id], days=29)
    with pytest.raises(InputError, match="截止日期必须晚于开始日期"):
        consult(db, drafter, v1.id, [cp1.id], days=0)
    with pytest.raises(InputError, match="至少邀请一个"):
        consult(db, drafter, v1.id, [])
    with pytest.raises(NotFound):
        consult(db, drafter, v1.id, [999])
    with pytest.raises(InputError, match="日期格式无效"):
        open_consultation(db, drafter, version_id=v1.id, opens_on="2025-13-01", closes_on="2025-12-31",
                          contact_point_ids=[cp1.id])
    monkeypatch.setenv("WORKBENCH_GR_COMMENT_DAYS", "20")
    assert consult(db, drafter, v1.id, [cp1.id], days=20).period_days == 20


def test_internal_draft_can_never_be_consulted(setup):
    db, users, doc, v1, (cp1, _), _ = setup
    internal = add_version(db, doc.id, v1.tree, label="内部稿", actor="drafter1")
    with pytest.raises(GateBlocked, match="内部稿"):
        consult(db, users["drafter"], internal.id, [cp1.id])
    assert db.execute("select count(*) from consultations").fetchone()[0] == 0


def test_only_consultation_managers_open_and_close(setup):
    db, users, doc, v1, (cp1, east), _ = setup
    for who in (users["advisor"], users["contact"], east):
        with pytest.raises(PermissionDenied):
            consult(db, who, v1.id, [cp1.id])
    c = consult(db, users["reviewer"], v1.id, [cp1.id])
    with pytest.raises(PermissionDenied):
        close_consultation(db, users["advisor"], c.id, note="x")
    with pytest.raises(PermissionDenied):
        add_contact_point(db, users["drafter"], name="某律所联系点", kind="律所")
    with pytest.raises(InputError, match="联系点类型无效"):
        add_contact_point(db, users["admin"], name="某律所联系点", kind="事务所")


def test_open_ids_and_period_days_follow_the_calendar(setup):
    db, users, doc, v1, (cp1, _), _ = setup
    drafter = users["drafter"]
    c = consult(db, drafter, v1.id, [cp1.id], opens=TODAY + timedelta(days=1))   # not started yet
    assert c.status() == "未开始" and open_consultation_version_ids(db, doc.id) == []
    assert open_consultation_version_ids(db, doc.id, today=TODAY + timedelta(days=1)) == [v1.id]
    assert open_consultation_version_ids(db, doc.id, today=TODAY + timedelta(days=31)) == [v1.id]  # close day
    assert open_consultation_version_ids(db, doc.id, today=TODAY + timedelta(days=32)) == []
    assert consultation_period_days(db, doc.id) == 0                               # nothing completed
    assert consultation_period_days(db, doc.id, today=TODAY + timedelta(days=32)) == 30


def test_close_early_needs_reason_and_shortens_period(setup):
    db, users, doc, v1, (cp1, _), _ = setup
    drafter = users["drafter"]
    c = consult(db, drafter, v1.id, [cp1.id], opens=TODAY - timedelta(days=20), days=30)
    with pytest.raises(InputError, match="提前关闭须说明理由"):
        close_consultation(db, drafter, c.id)
    closed = close_consultation(db, drafter, c.id, note="意见已收集完毕")
    assert closed.status() == "已关闭" and closed.period_days == 20
    assert consultation_period_days(db, doc.id) == 20
    with pytest.raises(InputError, match="已于"):
        close_consultation(db, drafter, c.id, note="again")
    # a later, full-length consultation is the longest recorded period
    c2 = consult(db, drafter, v1.id, [cp1.id], opens=TODAY - timedelta(days=40), days=35)
    assert consultation_period_days(db, doc.id) == 35
    assert c2.id != c.id
    actions = [e["action"] for e in audit.events(db, doc.id)]
    assert actions.count("consultation.open") == 2 and "consultation.close" in actions
    assert audit.verify(db) == []


def test_contact_points_see_only_their_consultations(setup):
    db, users, doc, v1, (cp1, east), (cp2, west) = setup
    c = consult(db, users["drafter"], v1.id, [cp1.id])
    assert [x.id for x in consultations_for(db, east)] == [c.id]
    assert consultations_for(db, west) == []
    with pytest.raises(PermissionDenied, match="尚未关联"):
        consultations_for(db, users["contact"])          # contact1 has no contact point
    with pytest.raises(PermissionDenied, match="未受邀"):
        draft_docx(db, west, c.id)
    invite(db, users["drafter"], c.id, [cp2.id])
    assert get_consultation(db, c.id).invited == [cp1.id, cp2.id]
    assert [x.id for x in consultations_for(db, west, only_open=True)] == [c.id]


def test_draft_docx_has_cover_with_deadline_and_questions_then_the_draft(setup):
    db, users, doc, v1, (cp1, east), _ = setup
    opens = TODAY - timedelta(days=2)
    c = consult(db, users["drafter"], v1.id, [cp1.id], opens=opens,
                questions=["登记期限是否合理？", "罚款数额是否适当？"])
    text = docx_text(draft_docx(db, east, c.id))
    closes = opens + timedelta(days=30)
    # a 征求意见函 (GB/T 9704, issue 19) to the invited points, the draft as its 附件
    lines = text.splitlines()
    assert lines[0] == "示例市司法局文件" and f"示司函〔{opens.year}〕1号" in lines and "东城街道联系点：" in lines
    assert "示例市司法局关于征求《示例市养犬管理办法》（征求意见稿）意见的函" in lines
    assert text.index("（一）登记期限是否合理？") < text.index("（二）罚款数额是否适当？") < text.index("附件")
    assert f"{closes.year}年{closes.month}月{closes.day}日前反馈" in text
    assert f"{opens.year}年{opens.month}月{opens.day}日\n" in text            # 成文日期: the day it opened
    # the draft itself follows as the 附件, every article present in order (label + ideographic space)
    body = text[text.index("示例市养犬管理办法（征求意见稿）\n"):]
    positions = [body.index(a.label + "\u3000") for a in v1.tree.articles]
    assert positions == sorted(positions) and len(positions) == 27
