"""The procedural dossier read from the workbench's records (workbench.procedure.dossier_records) and the
procedure rules it feeds, with every record made through the real core functions (consultations,
comments, reviews and sign-offs, lifecycle transitions, the plan) on the project's example drafts."""
from __future__ import annotations

import inspect
import json
from datetime import datetime, timedelta, timezone

from comments_helpers import point_with_user
from lifecycle_helpers import consult, contact_point, make_doc, sign_current, tree

from checks import run
from checks.dossier_sources import RULE_FACTS
from base import audit
from workbench.procedure import lifecycle as lc
from workbench.cli import main
from workbench.consultation.comments import dispose as dispose_comments
from workbench.consultation.comments import submit_comment
from workbench.consultation.consultations import close_consultation
from workbench.documents.store import add_version, current_version, get_document
from workbench.procedure.dossier_records import dossier_for, document_dossier, merge_dossier
from workbench.procedure.plan import add_project
from base.clock import today as beijing_today

TODAY = beijing_today()


def check(db, doc_id, dossier, version=None):
    doc = get_document(db, doc_id)
    v = version or current_version(db, doc_id)
    return run(v.tree, doc.level, dossier=dossier, meta={"title": doc.title, "issuing_body": doc.issuing_body})


def hits(findings, rule):
    return [f for f in findings if f.rule == rule]


def go(db, user, doc_id, target, **kw):
    return lc.advance(db, user, doc_id, target, **kw)


def to_review_stage(db, users, level="GR"):
    """A document walked through a completed 30-day consultation up to its legality-review stage."""
    doc = make_doc(db, level)
    cp = contact_point(db, users["admin"])
    go(db, users["drafter"], doc.id, "征求意见")
    consult(db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=40), days=30)
    go(db, users["drafter"], doc.id, "送审")
    go(db, users["drafter"], doc.id, "合法性审查")
    return doc


def signed_days_ago(db, monkeypatch, doc_id, advisor, days: int):
    """A sign-off recorded ``days`` ago (the clock of the audit/review modules set back)."""
    then = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="microseconds")
    with monkeypatch.context() as m:
        m.setattr(audit, "now_iso", lambda: then)
        return sign_current(db, doc_id, advisor)


# --- PROC-COMMENT-GR from the consultation records ----------------------------------------------

def test_short_consultation_fires_comment_rule_naming_the_period(fresh_db, users, monkeypatch):
    monkeypatch.setenv("WORKBENCH_GR_COMMENT_DAYS", "15")   # a deployment that lets 15 days be opened
    doc = make_doc(fresh_db, "GR")
    cp = contact_point(fresh_db, users["admin"])
    opens = TODAY - timedelta(days=20)
    c = consult(fresh_db, doc.id, users["drafter"], cp.id, opens=opens, days=15)
    d = dossier_for(fresh_db, doc.id)
    assert d["comment_published"] is True
    assert (d["comment_start"], d["comment_end"]) == ((opens + timedelta(days=1)).isoformat(), c.closes_on.isoformat())
    [f] = hits(check(fresh_db, doc.id, d), "PROC-COMMENT-GR")
    assert f.severity == "error"
    assert "公开征求意见 15 日，少于 30 日" in f.message       # the same count as the consultation page
    assert f"工作台记录：征求意见（第{c.id}号）{opens:%Y-%m-%d} 至 {c.closes_on:%Y-%m-%d}，开始当日不计入，计 15 日" in f.message


def test_thirty_day_consultation_does_not_fire(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    cp = contact_point(fresh_db, users["admin"])
    consult(fresh_db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=40), days=30)
    d = dossier_for(fresh_db, doc.id)
    assert d["comment_published"] is True
    findings = check(fresh_db, doc.id, d)
    assert not hits(findings, "PROC-COMMENT-GR")
    assert not [f for f in hits(findings, "BIZ-CONSULT") if "日" in f.message]


def test_early_close_shortens_the_recorded_period(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    cp = contact_point(fresh_db, users["admin"])
    opens = TODAY - timedelta(days=25)
    c = consult(fresh_db, doc.id, users["drafter"], cp.id, opens=opens, days=30)
    close_consultation(fresh_db, users["drafter"], c.id, note="提前完成意见收集", today=opens + timedelta(days=20))
    [f] = hits(check(fresh_db, doc.id, dossier_for(fresh_db, doc.id)), "PROC-COMMENT-GR")
    assert "20 日，少于 30 日" in f.message and "提前关闭：提前完成意见收集" in f.message
    # the longest consultation counts, as for the LC-COMMENT gate
    consult(fresh_db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=3), days=30)
    d = dossier_for(fresh_db, doc.id)
    assert "共 2 次征求意见" in d["_sources"]["comment_start"]
    assert not hits(check(fresh_db, doc.id, d), "PROC-COMMENT-GR")


# --- PROC-LEGALITY-FIRST and PROC-COUNSEL from sign-offs and stage changes ------------------------

def test_signoff_after_the_collective_meeting_fires(fresh_db, users):
    doc = to_review_stage(fresh_db, users)
    r = sign_current(fresh_db, doc.id, users["advisor"])
    meeting = TODAY - timedelta(days=3)          # the meeting is recorded as held before the signature
    go(fresh_db, users["reviewer"], doc.id, "集体审议", on=meeting)
    d = dossier_for(fresh_db, doc.id)
    assert d["collective_meeting_date"] == meeting.isoformat()
    assert d["legality_review_date"] > meeting.isoformat() and d["counsel_opinion"] is True
    findings = check(fresh_db, doc.id, d)
    [f] = hits(findings, "PROC-LEGALITY-FIRST")
    assert f"晚于集体审议（{meeting}）" in f.message
    assert f"{meeting:%Y-%m-%d} 进入「集体审议」阶段" in f.message and f"审核 {r.id}：法律顾问甲（法律顾问）于" in f.message
    assert not hits(findings, "PROC-COUNSEL")


def test_signoff_before_the_meeting_does_not_fire(fresh_db, users, monkeypatch):
    doc = to_review_stage(fresh_db, users)
    first = signed_days_ago(fresh_db, monkeypatch, doc.id, users["advisor"], 10)
    go(fresh_db, users["reviewer"], doc.id, "集体审议", on=TODAY - timedelta(days=5))
    later = sign_current(fresh_db, doc.id, users["advisor"], opinion="不合法")   # after the meeting
    d = dossier_for(fresh_db, doc.id)
    # the review that preceded the meeting is the one that counts
    assert f"审核 {first.id}：" in d["_sources"]["legality_review_date"]
    assert d["legality_opinion"] == "合法" and d["legality_review_date"] < d["collective_meeting_date"]
    assert later.id != first.id
    findings = check(fresh_db, doc.id, d)
    assert not hits(findings, "PROC-LEGALITY-FIRST") and not hits(findings, "PROC-COUNSEL")


def test_no_advisor_signoff_fires_counsel(fresh_db, users):
    doc = to_review_stage(fresh_db, users)
    from workbench.review.store import create_review
    create_review(fresh_db, get_document(fresh_db, doc.id).current_version_id, actor=users["advisor"], findings=[])
    d = dossier_for(fresh_db, doc.id)          # a review in progress is not an opinion yet
    assert d["counsel_opinion"] is False and "legality_review_date" not in d
    [f] = hits(check(fresh_db, doc.id, d), "PROC-COUNSEL")
    assert "已进入「合法性审查」，尚无法律顾问签署的合法性审核意见" in f.message
    sign_current(fresh_db, doc.id, users["advisor"])
    assert not hits(check(fresh_db, doc.id, dossier_for(fresh_db, doc.id)), "PROC-COUNSEL")


def test_before_the_review_stage_counsel_is_unknown(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    go(fresh_db, users["drafter"], doc.id, "征求意见")
    assert dossier_for(fresh_db, doc.id) == {}     # a stage change alone establishes none of the facts


# --- publication, filing, LR approval, plan ---------------------------------------------------------

def test_publication_and_filing_dates(fresh_db, users):
    doc = make_doc(fresh_db, "ND")
    go(fresh_db, users["drafter"], doc.id, "合法性审核", note="内部管理事项，不涉及公众权利义务")
    sign_current(fresh_db, doc.id, users["advisor"])
    go(fresh_db, users["reviewer"], doc.id, "集体审议", on=TODAY)
    published = TODAY
    go(fresh_db, users["reviewer"], doc.id, "公布", on=published)
    d = dossier_for(fresh_db, doc.id, today=TODAY + timedelta(days=40))
    assert d["published_date"] == published.isoformat() and "filing_date" not in d
    assert d["comment_published"] is False and d["comment_short_reason"] == "内部管理事项，不涉及公众权利义务"
    d["today"] = (TODAY + timedelta(days=40)).isoformat()
    findings = check(fresh_db, doc.id, d)
    [f] = hits(findings, "PROC-FILING")
    assert "公布后尚未报送备案" in f.message and f"工作台记录：{published:%Y-%m-%d} 公布" in f.message
    assert not hits(findings, "PROC-COLLECTIVE") and not hits(findings, "PROC-COMMENT-ND")
    go(fresh_db, users["reviewer"], doc.id, "备案")
    d = dossier_for(fresh_db, doc.id)
    assert d["filing_date"] == TODAY.isoformat()
    assert not hits(check(fresh_db, doc.id, d), "PROC-FILING")


def test_nd_skipping_consultation_without_reason(fresh_db, users):
    doc = make_doc(fresh_db, "ND")
    go(fresh_db, users["drafter"], doc.id, "合法性审核")
    d = dossier_for(fresh_db, doc.id)
    assert d["comment_published"] is False and "comment_short_reason" not in d
    [f] = hits(check(fresh_db, doc.id, d), "PROC-COMMENT-ND")
    assert "未公开征求意见" in f.message and "不公开征求意见" in f.message


def test_lr_amendment_from_plan_and_approval_from_workflow(fresh_db, users):
    doc = make_doc(fresh_db, "LR", label="草案")
    add_project(fresh_db, users["admin"], year=TODAY.year, kind="制定", title=doc.title, level="LR",
                document_id=doc.id)
    d = dossier_for(fresh_db, doc.id)
    assert d["amendment"] is False and "制定" in d["_sources"]["amendment"]
    for stage in ("提出法规案", "一审", "征求意见"):
        go(fresh_db, users["drafter"], doc.id, stage)
    cp = contact_point(fresh_db, users["admin"])
    consult(fresh_db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=40), days=30)
    go(fresh_db, users["drafter"], doc.id, "统一审议")
    sign_current(fresh_db, doc.id, users["advisor"])
    go(fresh_db, users["reviewer"], doc.id, "表决", on=TODAY)
    go(fresh_db, users["reviewer"], doc.id, "报批")
    go(fresh_db, users["reviewer"], doc.id, "公布")
    d = dossier_for(fresh_db, doc.id)
    assert d["collective_meeting_date"] == TODAY.isoformat() and d["approval_date"] == d["published_date"]
    findings = check(fresh_db, doc.id, d)
    for rule in ("PROC-APPROVAL-LR", "PROC-COLLECTIVE", "PROC-LEGALITY-FIRST", "PROC-EXPLANATION"):
        assert not hits(findings, rule), rule


# --- consulted and feedback from contact points and dispositions --------------------------------

def test_consulted_enterprises_and_feedback(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    company, company_user = point_with_user(fresh_db, users["admin"], "示例宠物用品有限公司", "company1", kind="企业")
    street = contact_point(fresh_db, users["admin"])
    c = consult(fresh_db, doc.id, users["drafter"], company.id, opens=TODAY - timedelta(days=5), days=30)
    from workbench.consultation.consultations import invite
    invite(fresh_db, users["drafter"], c.id, [street.id])
    d = dossier_for(fresh_db, doc.id)
    assert d["consulted"] == ["示例宠物用品有限公司"] and "feedback" not in d
    comment = submit_comment(fresh_db, company_user, c.id, text="建议延长犬只登记期限。", element_id="art-6")
    assert "feedback" not in dossier_for(fresh_db, doc.id)      # still open: feedback not yet due
    close_consultation(fresh_db, users["drafter"], c.id, note="意见已收齐")
    d = dossier_for(fresh_db, doc.id)
    assert d["feedback"] is False and "尚有 1 条未作处理结论" in d["_sources"]["feedback"]
    [f] = [f for f in hits(check(fresh_db, doc.id, d), "BIZ-CONSULT") if "反馈" in f.message]
    # the finding names the record it rests on (the dispositions), not the other facts the rule reads
    assert "工作台记录：征求意见已截止，收到意见 1 条，尚有 1 条未作处理结论" in f.message
    assert "征求意见（第" not in f.message
    dispose_comments(fresh_db, users["drafter"], [comment.id], decision="部分采纳", reason="延长至三十日")
    d = dossier_for(fresh_db, doc.id)
    assert d["feedback"] is True and "采纳或部分采纳 1 条" in d["_sources"]["feedback"]


# --- explicit dossier, no records, versions, CLI -----------------------------------------------------

def test_explicit_dossier_overrides_records(fresh_db, users, monkeypatch):
    monkeypatch.setenv("WORKBENCH_GR_COMMENT_DAYS", "15")
    doc = make_doc(fresh_db, "GR")
    cp = contact_point(fresh_db, users["admin"])
    consult(fresh_db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=20), days=15)
    records = dossier_for(fresh_db, doc.id)
    assert hits(check(fresh_db, doc.id, records), "PROC-COMMENT-GR")
    # an explicit period replaces the recorded one as a whole
    merged = document_dossier(fresh_db, doc.id, explicit={"comment_start": "2026-01-05"})
    assert merged["comment_start"] == "2026-01-05" and "comment_end" not in merged
    explicit = {"comment_start": "2026-01-05", "comment_end": "2026-02-10"}
    merged = merge_dossier(records, explicit)
    assert "comment_start" not in merged["_sources"] and merged["comment_published"] is True
    assert not hits(check(fresh_db, doc.id, merged), "PROC-COMMENT-GR")
    # an explicit reason is read with the recorded period; null removes a recorded fact
    merged = merge_dossier(records, {"comment_short_reason": "涉及突发公共卫生事件，依法缩短"})
    assert not hits(check(fresh_db, doc.id, merged), "PROC-COMMENT-GR")
    assert merge_dossier(records, {k: None for k in records if k != "_sources"}) == {}


def test_document_without_records_behaves_as_with_an_empty_dossier(fresh_db, users):
    busy = to_review_stage(fresh_db, users)            # another document with records in the same database
    sign_current(fresh_db, busy.id, users["advisor"])
    quiet = make_doc(fresh_db, "GR", title="示例市另一规章")
    add_version(fresh_db, quiet.id, tree("GR", "（修改）"), label="送审稿", actor="drafter1")
    assert dossier_for(fresh_db, quiet.id) == {}
    assert document_dossier(fresh_db, quiet.id) == {}
    as_dicts = lambda fs: [f.to_dict() for f in fs]  # noqa: E731
    empty = as_dicts(check(fresh_db, quiet.id, {}))
    assert as_dicts(check(fresh_db, quiet.id, dossier_for(fresh_db, quiet.id))) == empty
    assert as_dicts(check(fresh_db, quiet.id, None)) == empty
    # the same text with records does differ (the comparison is not vacuous)
    busy_d = dossier_for(fresh_db, busy.id)
    assert as_dicts(check(fresh_db, quiet.id, busy_d)) != empty


def test_version_limits_the_records(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    v1 = get_document(fresh_db, doc.id).current_version_id
    add_version(fresh_db, doc.id, tree("GR", "（第二稿）"), label="征求意见稿", actor="drafter1")
    cp = contact_point(fresh_db, users["admin"])
    consult(fresh_db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=40), days=30)   # on v2
    sign_current(fresh_db, doc.id, users["advisor"])
    assert dossier_for(fresh_db, doc.id, v1) == {}
    assert dossier_for(fresh_db, doc.id)["counsel_opinion"] is True


def test_rule_facts_name_fields_the_rules_read():
    from checks.registry import all_rules
    rules = {r.id: r for r in all_rules()}
    for rule_id, fields in RULE_FACTS.items():
        src = inspect.getsource(rules[rule_id].check)
        for field in fields:
            assert f'"{field}"' in src, (rule_id, field)


def test_hit_facts_name_fields_the_rule_reads():
    """A hit that names its facts (Hit(facts=...)) names fields its rule reads from the dossier."""
    import re

    from checks.registry import all_rules
    named = 0
    for r in all_rules():
        src = inspect.getsource(r.check)
        for group in re.findall(r"facts=\(([^)]*)\)", src):
            for field in re.findall(r'"(\w+)"', group):
                named += 1
                assert src.count(f'"{field}"') >= 2, (r.id, field)   # read in the rule, not only named
    assert named >= 15


def test_cli_check_and_review_use_records(fresh_db, db_path, users, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WORKBENCH_GR_COMMENT_DAYS", "15")
    doc = make_doc(fresh_db, "GR")
    cp = contact_point(fresh_db, users["admin"])
    c = consult(fresh_db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=20), days=15)
    base = ["check", str(doc.id), "--db", db_path, "--no-corpus", "--as", "admin1"]
    assert main(base) == 0
    out = capsys.readouterr().out
    assert "卷宗（工作台记录）：" in out and f"征求意见（第{c.id}号）" in out and "PROC-COMMENT-GR" in out
    assert main(base + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "PROC-COMMENT-GR" in {f["rule"] for f in data["findings"]} and data["dossier"]["comment_published"]
    explicit = tmp_path / "卷宗.json"
    explicit.write_text(json.dumps({"comment_short_reason": "依法缩短"}, ensure_ascii=False), encoding="utf-8")
    assert main(base + ["--json", "--dossier", str(explicit)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "PROC-COMMENT-GR" not in {f["rule"] for f in data["findings"]}
    assert data["dossier"]["comment_short_reason"] == "依法缩短"
    assert main(base + ["--json", "--no-records"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dossier"] == {} and "PROC-COMMENT-GR" not in {f["rule"] for f in data["findings"]}
    assert main(["review", "create", str(doc.id), "--db", db_path, "--as", "advisor1", "--json", "--no-corpus"]) == 0
    review = json.loads(capsys.readouterr().out)
    [item] = [i for i in review["items"] if i["rule"] == "PROC-COMMENT-GR"]
    assert f"征求意见（第{c.id}号）" in item["message"]
