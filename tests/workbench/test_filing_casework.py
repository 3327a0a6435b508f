"""Working a filing to a 纠正意见函 and the corrected text with its redline; letters in 公文 form with
numbers from the database; the 报备单位 account seeing only its own organ's cases; 审查建议;
statistics and the draft report; every change audited."""
from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from filing_helpers import ND_TEXT, complete_materials, file_nd, read_material, setup_organ

from base.audit import events, verify
from base.errors import InputError, PermissionDenied, StaleWrite
from workbench.access.users import create_user
from workbench.filing import casework, letters
from workbench.filing.intake import FilingInput, my_filings, register_pending, submit_filing
from workbench.filing.organs import link_account, list_organs
from workbench.filing.report import report_docx
from workbench.filing.requests import answer_request, link_request, register_request
from workbench.filing.stats import overdue, year_stats
from workbench.filing.store import get_filing, items_of, letter_docx, letters_of
from workbench.filing.triage import triage_filing


@pytest.fixture
def case(fresh_db, users):
    fr = users["filing_reviewer"]
    organ = setup_organ(fresh_db, fr)
    f = triage_filing(fresh_db, file_nd(fresh_db, fr, organ).id, actor=fr.username)
    return fresh_db, fr, organ, f


def _dispose_all(db, fr, f):
    for i in items_of(db, f.id):
        if i.severity == "error":
            casework.dispose(db, fr, f.id, i.seq, "确认")
        else:
            casework.dispose(db, fr, f.id, i.seq, "不采纳", reason="表述问题，不影响合法性")


def _text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in d.paragraphs)


def test_from_triage_to_correction_with_redline(case):
    db, fr, organ, f = case
    f = casework.assign(db, fr, f.id, fr.username)
    assert f.status == "审查中" and f.assignee == fr.username
    with pytest.raises(InputError) as e:
        letters.issue_letter(db, fr, f.id, "纠正意见函")
    assert e.value.code == "filing.undisposed"
    with pytest.raises(InputError) as e:
        casework.dispose(db, fr, f.id, 1, "不采纳")
    assert e.value.code == "filing.reason_required"
    _dispose_all(db, fr, f)
    f = casework.add_finding(db, fr, f.id, element_id=casework.element_for(db, f.id, "第三条"),
                             message="职责分工与区人民政府的规定不一致。", severity="warning")
    letter = letters.issue_letter(db, fr, f.id, "纠正意见函", today=date(2026, 2, 1))
    f = get_filing(db, f.id)
    assert f.outcome == "要求纠正" and f.reply_due == "2026-03-03" == letter.reply_due
    body = _text(letter_docx(db, letter.id)[1])
    for part in ("示例市司法局文件", letter.number, "纠正意见函", f"{organ.name}：", "第四条", "第三条", "2026年2月1日"):
        assert part in body
    assert "LIC-" not in body                       # plain Chinese, no rule ids
    with pytest.raises(InputError) as e:
        casework.close(db, fr, f.id, "纠正完毕")
    assert e.value.code == "filing.no_reply"
    corrected = read_material(ND_TEXT.read_bytes().replace("缴纳履约保证金二十万元".encode(), "提供履约担保".encode()),
                              "纠正后.txt").tree
    f = casework.record_reply(db, fr, f.id, text="已按意见修改。", corrected=corrected, received_on="2026-02-20")
    diff = casework.redline(db, f)
    changed = [(i.old_label, i.status) for i in diff.changed_items]
    assert changed == [("第五条", "modified")]
    assert "保证金" in "".join(o.text for o in diff.changed_items[0].ops if o.op == "delete")
    f = casework.close(db, fr, f.id, "纠正完毕", today=date(2026, 2, 25))
    assert (f.status, f.outcome, f.closed_on) == ("已审结", "纠正完毕", "2026-02-25")
    with pytest.raises(InputError) as e:
        casework.dispose(db, fr, f.id, 1, "确认")
    assert e.value.code == "filing.closed"
    actions = [x["action"] for x in events(db, f.document_id)]
    for a in ("filing.register", "filing.triage", "filing.assign", "filing.dispose", "filing.add_finding",
              "filing.letter", "version.create", "filing.reply", "filing.close"):
        assert a in actions, a
    assert verify(db) == []


def test_letters_are_numbered_per_year_and_checked(case):
    db, fr, organ, f = case
    a = letters.issue_letter(db, fr, f.id, "备案登记通知", today=date(2026, 3, 1))
    with pytest.raises(InputError) as e:
        letters.issue_letter(db, fr, f.id, "补充材料通知")
    assert e.value.code == "filing.complete"
    other = file_nd(db, fr, organ, complete=False)
    b = letters.issue_letter(db, fr, other.id, "补充材料通知", today=date(2026, 3, 2))
    c = letters.issue_letter(db, fr, other.id, "补充材料通知", today=date(2027, 1, 3))
    assert [a.number, b.number, c.number] == ["示司备函〔2026〕1号", "示司备函〔2026〕2号", "示司备函〔2027〕1号"]
    assert "起草说明" in _text(letter_docx(db, b.id)[1])
    assert [x.kind for x in letters_of(db, other.id)] == ["补充材料通知", "补充材料通知"]


def test_closing_rules(case):
    db, fr, organ, f = case
    _dispose_all(db, fr, f)
    with pytest.raises(InputError) as e:
        casework.close(db, fr, f.id, "未发现问题")
    assert e.value.code == "filing.has_problems"
    with pytest.raises(InputError) as e:
        casework.close(db, fr, f.id, "撤销")
    assert e.value.code == "filing.note_required"
    f = casework.close(db, fr, f.id, "撤销", note="市人民政府2026年3月1日决定撤销")
    assert f.outcome == "撤销"


def test_two_reviewers_acting_at_once(case):
    db, fr, organ, f = case
    casework.assign(db, fr, f.id, fr.username, expected_row_version=f.row_version)
    with pytest.raises(StaleWrite):
        casework.dispose(db, fr, f.id, 1, "确认", expected_row_version=f.row_version)


def test_filer_sees_only_its_own_organ(fresh_db, users):
    db, fr = fresh_db, users["filing_reviewer"]
    mine, theirs = setup_organ(db, fr), setup_organ(db, fr, "示例市交通运输局")
    filer = users["filer"]
    link_account(db, fr, filer.username, mine.id)
    assert [o.id for o in list_organs(db, filer)] == [mine.id]
    own = submit_filing(db, filer, complete_materials(), FilingInput(level="ND"))
    assert own.status == "待登记" and own.organ_id == mine.id   # filed online: a reviewer registers it
    with pytest.raises(PermissionDenied):
        file_nd(db, filer, theirs)
    other = file_nd(db, fr, theirs)
    assert casework.open_filing(db, filer, own.id).id == own.id
    with pytest.raises(PermissionDenied):
        casework.open_filing(db, filer, other.id)
    with pytest.raises(PermissionDenied):
        casework.assign(db, filer, own.id, fr.username)
    assert [f.id for f in my_filings(db, filer)] == [own.id]
    register_pending(db, fr, own.id)
    casework.record_reply(db, filer, own.id, text="已收到登记通知。")
    with pytest.raises(PermissionDenied):
        casework.record_reply(db, filer, other.id, text="不是本单位的文件")
    unlinked = create_user(db, "filer2", "secret123", "filer")
    with pytest.raises(PermissionDenied) as e:
        casework.open_filing(db, unlinked, own.id)
    assert e.value.code == "filing.not_own_organ"


def test_review_requests_and_their_deadlines(case):
    db, fr, organ, f = case
    r = register_request(db, fr, requester="王某", requester_kind="公民", target=f.title, article="第五条",
                         reason="保证金加重企业负担", received_on="2026-01-02")
    assert r.status == "待处理" and r.due_on == "2026-03-03"
    assert any(x["kind"] == "审查建议" and x["severity"] == "overdue" for x in overdue(db, today=date(2026, 3, 10)))
    r = link_request(db, fr, r.id, f.id)
    assert r.status == "审查中" and r.filing_id == f.id
    r = answer_request(db, fr, r.id, answer="经审查，已要求制定机关纠正。", outcome="要求纠正")
    assert r.status == "已反馈"
    with pytest.raises(InputError):
        answer_request(db, fr, r.id, answer="再次", outcome="x")


def test_year_statistics_and_report(case):
    db, fr, organ, f = case
    late = file_nd(db, fr, organ, published="2026-01-01", filed="2026-03-01")
    _dispose_all(db, fr, f)
    letters.issue_letter(db, fr, f.id, "纠正意见函")
    casework.record_reply(db, fr, f.id, text="已纠正")
    casework.close(db, fr, f.id, "纠正完毕")
    register_request(db, fr, requester="某协会", requester_kind="其他组织", target=late.title, reason="理由",
                     received_on="2026-04-01")
    s = year_stats(db, fr, 2026)
    assert s["filings"] == 2 and s["late"] == 1 and s["on_time_rate"] == 0.5
    assert s["reviewed"] == 1 and s["corrections_completed"] == 1 and s["with_problems"] == 1
    cats = {p["category"]: p for p in s["problems"]}
    assert cats["违法设定许可、处罚、强制、收费等"]["items"] >= 3 and cats["违法设定许可、处罚、强制、收费等"]["filings"] == 1
    assert s["requests"] == {"received": 1, "answered": 0}
    text = _text(report_docx(db, fr, 2026))
    assert "2026年度备案审查工作情况" in text and "收到报备文件2件" in text and "按期报备率50.0%" in text
    with pytest.raises(PermissionDenied):
        year_stats(db, create_user(db, "d2", "secret123", "drafter"), 2026)
