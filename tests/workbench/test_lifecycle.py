"""Lifecycle per level: the transition table, the may_<verb> predicates and every gate, driven
through the real review (sign-off), consultation and plan modules on the project's example drafts."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from lifecycle_helpers import consult, contact_point, make_doc, sign_current, tree

from workbench.procedure import config as procedure_config, lifecycle as lc, stages
from base.audit import events, verify
from workbench.consultation.consultations import close_consultation
from workbench.documents.store import add_version, get_document
from base.errors import GateBlocked, PermissionDenied, StaleWrite

TODAY = date(2026, 6, 1)


def go(db, user, doc_id, target, **kw):
    kw.setdefault("today", TODAY)
    return lc.advance(db, user, doc_id, target, **kw)


def blocked(db, user, doc_id, target, **kw) -> str:
    with pytest.raises(GateBlocked) as e:
        go(db, user, doc_id, target, **kw)
    return str(e.value)


# --- the table -----------------------------------------------------------------------------

def test_stage_lists_follow_part_c():
    assert stages.STAGES["GR"] == ("立项", "起草", "征求意见", "送审", "合法性审查", "集体审议", "公布", "备案", "评估/清理")
    assert stages.STAGES["ND"][0] == "计划/评估论证" and "合法性审核" in stages.STAGES["ND"]
    for level in ("LR", "GR", "ND"):
        seq = stages.STAGES[level]
        assert seq.index("起草") < seq.index(stages.REVIEW_STAGE[level]) < seq.index("公布") < seq.index("备案")
    lr = stages.STAGES["LR"]
    assert lr.index("表决") < lr.index("报批") < lr.index("公布")


def test_transition_table_shape():
    for level in stages.STAGES:
        seq = stages.STAGES[level]
        for a, b in zip(seq, seq[1:]):
            assert stages.find_transition(level, a, b), (level, a, b)
        # no skipping forward except an ND without public comment
        for t in stages.transitions(level):
            if t.target in seq and t.source in seq and seq.index(t.target) > seq.index(t.source) + 1:
                assert (level, t.verb, t.source, t.target) == ("ND", "skip", "起草", "合法性审核")
        # return to 起草 only before publication; nothing leaves an end state
        assert stages.find_transition(level, "公布", "起草") is None
        assert not stages.transitions(level, "已废止")
        # every role named in the table holds lifecycle.transition in the permission matrix
        from workbench.access.permissions import MATRIX
        for t in stages.transitions(level):
            assert all("lifecycle.transition" in MATRIX[r] for r in t.roles)
    assert stages.find_transition("GR", "起草", "合法性审查") is None
    assert stages.find_transition("GR", "公布", "已失效") is None
    assert stages.find_transition("ND", "备案", "已失效").verb == "expire"


def test_may_predicates_by_role(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    assert doc.stage == "起草"
    assert stages.may_advance(users["drafter"], doc) and stages.may_advance(users["reviewer"], doc)
    for role in ("advisor", "contact"):
        assert not stages.may_advance(users[role], doc)
        assert not stages.may_return(users[role], doc)
    review_doc = get_document(fresh_db, doc.id)
    review_doc.stage = "合法性审查"
    assert not stages.may_advance(users["drafter"], review_doc)    # the 审核机构 moves it on
    assert stages.may_advance(users["reviewer"], review_doc) and stages.may_return(users["reviewer"], review_doc)
    published = get_document(fresh_db, doc.id)
    published.stage = "公布"
    assert stages.may_file(users["reviewer"], published) and not stages.may_file(users["drafter"], published)
    assert stages.may_repeal(users["admin"], published) and not stages.may_publish(users["admin"], published)
    assert stages.may_start_revision(users["admin"], published) and not stages.may_start_revision(users["reviewer"], published)
    assert not stages.may_start_revision(users["admin"], doc)      # a draft is not in force


def test_permission_refusals_in_core(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    with pytest.raises(PermissionDenied):
        go(fresh_db, users["contact"], doc.id, "征求意见")
    with pytest.raises(PermissionDenied):
        go(fresh_db, users["advisor"], doc.id, "征求意见")
    go(fresh_db, users["drafter"], doc.id, "征求意见")
    fresh_db.execute("update documents set stage = '合法性审查' where id = ?", [doc.id])
    with pytest.raises(PermissionDenied) as e:
        go(fresh_db, users["drafter"], doc.id, "集体审议")
    assert "审核机构" in str(e.value)
    assert get_document(fresh_db, doc.id).stage == "合法性审查"


def test_disallowed_move_names_the_allowed_ones(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    msg = blocked(fresh_db, users["admin"], doc.id, "公布")
    assert "不允许从「起草」进入「公布」" in msg and "「征求意见」" in msg


# --- the full GR procedure with every gate ---------------------------------------------------------

def test_gr_walk_with_gates(fresh_db, users):
    db, drafter, reviewer, advisor, admin = (fresh_db, users["drafter"], users["reviewer"], users["advisor"],
                                             users["admin"])
    doc = make_doc(db, "GR")
    cp = contact_point(db, admin)
    go(db, drafter, doc.id, "征求意见")
    c = consult(db, doc.id, drafter, cp.id, opens=TODAY - timedelta(days=20), days=30)
    # LC-CONSULT-OPEN: the consultation runs until TODAY + 10
    assert "征求意见尚未截止" in blocked(db, drafter, doc.id, "送审")
    # closing early (with a reason) shortens the recorded period to 20 days
    close_consultation(db, drafter, c.id, note="提前完成意见收集", today=TODAY)
    go(db, drafter, doc.id, "送审")
    go(db, drafter, doc.id, "合法性审查")

    # LC-SIGNOFF: no sign-off yet
    msg = blocked(db, reviewer, doc.id, "集体审议")
    assert "尚无法律顾问签署的合法性审核意见" in msg and "不得进入「集体审议」" in msg
    sign_current(db, doc.id, advisor)
    # a new version after the sign-off makes it stale
    add_version(db, doc.id, tree("GR", "（修改）"), label="送审稿", actor="drafter1", note="小改")
    assert "针对的是此前的版本" in blocked(db, reviewer, doc.id, "集体审议")
    # an unfavourable latest sign-off does not count
    sign_current(db, doc.id, advisor, opinion="不合法")
    assert "不合法" in blocked(db, reviewer, doc.id, "集体审议")
    sign_current(db, doc.id, advisor)
    ev = go(db, reviewer, doc.id, "集体审议")
    assert (ev.source, ev.target, ev.verb) == ("合法性审查", "集体审议", "advance")

    # LC-COMMENT: only 20 days of consultation were recorded
    msg = blocked(db, reviewer, doc.id, "公布", on=TODAY - timedelta(days=1))
    assert "征求意见期仅 20 日，少于政府规章要求的 30 日" in msg
    c2 = consult(db, doc.id, drafter, cp.id, opens=TODAY - timedelta(days=35), days=30)
    assert c2.period_days == 30
    ev = go(db, reviewer, doc.id, "公布", on=TODAY - timedelta(days=40))
    assert ev.verb == "publish" and any("备案" in n for n in ev.notes)
    dates = lc.get_dates(db, doc.id)
    assert dates.published_on == TODAY - timedelta(days=40) and dates.valid_until is None

    # 备案 deadline: 30 days after publication → overdue by 10 days today
    rem = lc.reminders(db, get_document(db, doc.id), today=TODAY)
    assert [(r.kind, r.severity) for r in rem] == [("备案", "overdue")]
    assert "备案已逾期 10 日" in rem[0].message
    assert blocked(db, reviewer, doc.id, "备案", on=TODAY - timedelta(days=41)).count("不能早于公布日期") == 1
    ev = go(db, reviewer, doc.id, "备案")
    assert "逾期备案 10 日" in ev.notes[0]
    assert lc.get_dates(db, doc.id).filed_on == TODAY
    assert [r.severity for r in lc.reminders(db, get_document(db, doc.id), today=TODAY)] == ["info"]

    # the whole history is in the audit log, and the chain holds
    hist = lc.history(db, doc.id)
    assert [h["to"] for h in hist] == ["征求意见", "送审", "合法性审查", "集体审议", "公布", "备案"]
    stage_events = events(db, document_id=doc.id, action="document.stage")
    cur = get_document(db, doc.id).current_version_id
    assert stage_events[0]["version_id"] == cur and stage_events[0]["after_hash"]
    assert verify(db) == []


def test_signoff_needed_for_every_move_past_review_until_publication(fresh_db, users):
    db = fresh_db
    doc = make_doc(db, "ND")
    db.execute("update documents set stage = '集体审议' where id = ?", [doc.id])
    # ND has no comment gate by default, but 公布 still needs the current sign-off
    assert "合法性审核" in blocked(db, users["reviewer"], doc.id, "公布")
    sign_current(db, doc.id, users["advisor"])
    go(db, users["reviewer"], doc.id, "公布")
    # the published text is frozen (issue 19, defect 4): 备案 files the text that was signed
    with pytest.raises(GateBlocked) as e:
        add_version(db, doc.id, tree("ND", "（公布稿）"), label="公布稿", actor="drafter1")
    assert e.value.code == "published"
    go(db, users["reviewer"], doc.id, "备案")


def test_return_to_drafting_needs_no_signoff(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    fresh_db.execute("update documents set stage = '合法性审查' where id = ?", [doc.id])
    ev = go(fresh_db, users["reviewer"], doc.id, "起草", note="退回补充论证材料")
    assert ev.verb == "return"


def test_nd_may_skip_consultation_gr_may_not(fresh_db, users):
    nd = make_doc(fresh_db, "ND")
    assert go(fresh_db, users["drafter"], nd.id, "合法性审核").verb == "skip"
    gr = make_doc(fresh_db, "GR", title="另一规章")
    assert "不允许" in blocked(fresh_db, users["drafter"], gr.id, "合法性审查")


def test_comment_gate_levels_configurable(fresh_db, users, monkeypatch):
    db = fresh_db
    nd = make_doc(db, "ND")
    db.execute("update documents set stage = '集体审议' where id = ?", [nd.id])
    sign_current(db, nd.id, users["advisor"])
    monkeypatch.setenv("WORKBENCH_COMMENT_GATE_LEVELS", "LR,GR,ND")
    assert "行政规范性文件公布前须公开征求意见不少于 30 日" in blocked(db, users["reviewer"], nd.id, "公布")
    monkeypatch.setenv("WORKBENCH_ND_COMMENT_DAYS", "10")
    cp = contact_point(db, users["admin"])
    consult(db, nd.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=20), days=12)
    go(db, users["reviewer"], nd.id, "公布")


def test_lr_consultation_before_unified_review(fresh_db, users):
    db = fresh_db
    doc = make_doc(db, "LR", label="草案")
    for stage in ("提出法规案", "一审", "征求意见"):
        go(db, users["drafter"], doc.id, stage)
    assert "尚未发起征求意见" in blocked(db, users["drafter"], doc.id, "统一审议")
    c = consult(db, doc.id, users["drafter"], contact_point(db, users["admin"]).id, opens=TODAY - timedelta(days=20),
                days=30)
    close_consultation(db, users["drafter"], c.id, note="提前完成意见收集", today=TODAY)
    go(db, users["drafter"], doc.id, "统一审议")
    assert "合法性审核意见" in blocked(db, users["reviewer"], doc.id, "表决")
    sign_current(db, doc.id, users["advisor"])
    go(db, users["reviewer"], doc.id, "表决")
    go(db, users["reviewer"], doc.id, "报批")
    assert "征求意见期仅 20 日" in blocked(db, users["reviewer"], doc.id, "公布")


# --- 有效期, cleanup, expiry, repeal, amendment -----------------------------------------------------

def _published_nd(db, users, title="示例市住宅小区物业服务管理实施细则", on=date(2020, 3, 1), valid_until=None):
    doc = make_doc(db, "ND", title=title)
    db.execute("update documents set stage = '集体审议' where id = ?", [doc.id])
    sign_current(db, doc.id, users["advisor"])
    go(db, users["reviewer"], doc.id, "公布", on=on, valid_until=valid_until)
    return get_document(db, doc.id)


def test_nd_validity_default_and_provisional(fresh_db, users):
    doc = _published_nd(fresh_db, users)
    assert lc.get_dates(fresh_db, doc.id).valid_until == date(2025, 2, 28)
    trial = _published_nd(fresh_db, users, title="示例市物业服务暂行办法")
    assert lc.get_dates(fresh_db, trial.id).valid_until == date(2022, 2, 28)


def test_nd_reminders_filing_validity_cleanup(fresh_db, users):
    db = fresh_db
    doc = _published_nd(db, users, on=date(2024, 1, 10))
    kinds = {(r.kind, r.severity) for r in lc.reminders(db, doc, today=date(2024, 1, 20))}
    assert ("备案", "due") in kinds                   # ND: 15 days → due 2024-01-25
    kinds = {(r.kind, r.severity) for r in lc.reminders(db, doc, today=date(2026, 2, 1))}
    assert ("备案", "overdue") in kinds and ("清理", "overdue") in kinds
    assert ("有效期", "due") not in kinds
    lc.record_cleanup(db, users["reviewer"], doc.id, on=date(2026, 1, 15), today=date(2026, 2, 1))
    kinds = {(r.kind, r.severity) for r in lc.reminders(db, doc, today=date(2026, 2, 1))}
    assert ("清理", "overdue") not in kinds
    near_end = {(r.kind, r.severity) for r in lc.reminders(db, doc, today=date(2028, 10, 1))}
    assert ("有效期", "due") in near_end
    with pytest.raises(PermissionDenied):
        lc.record_cleanup(db, users["drafter"], doc.id)


def test_expiry_gate(fresh_db, users):
    db = fresh_db
    doc = _published_nd(db, users, on=date(2020, 3, 1))
    assert "尚未届满" in blocked(db, users["reviewer"], doc.id, "已失效", today=date(2024, 6, 1))
    ev = go(db, users["reviewer"], doc.id, "已失效", today=date(2025, 3, 2))
    assert ev.verb == "expire"
    assert lc.get_dates(db, doc.id).ended_on == date(2025, 3, 2)
    assert not stages.in_force("ND", get_document(db, doc.id).stage)


def test_repeal_needs_a_plan_project(fresh_db, users):
    from workbench.procedure.plan import start_revision
    db = fresh_db
    doc = _published_nd(db, users, on=date(2024, 3, 1))
    assert "废止须作为新项目列入立法计划" in blocked(db, users["reviewer"], doc.id, "已废止")
    with pytest.raises(PermissionDenied):
        start_revision(db, users["reviewer"], doc.id, "废止")
    project, new_doc = start_revision(db, users["admin"], doc.id, "废止", year=2026)
    assert new_doc is None and project.source_document_id == doc.id and not project.completed
    go(db, users["reviewer"], doc.id, "已废止")
    from workbench.procedure.plan import get_project
    assert get_project(db, project.id).completed


def test_amendment_is_a_new_project_and_supersedes_on_publication(fresh_db, users):
    from workbench.procedure.plan import get_project, start_revision
    db = fresh_db
    old = _published_nd(db, users, on=date(2024, 3, 1))
    project, new_doc = start_revision(db, users["admin"], old.id, "修改", year=2026, responsible_unit="住建局")
    assert new_doc.stage == "起草" and new_doc.id != old.id
    assert project.kind == "修改" and project.document_id == new_doc.id and project.source_document_id == old.id
    from workbench.documents.store import current_version
    assert current_version(db, new_doc.id).sha256 == current_version(db, old.id).sha256
    with pytest.raises(Exception) as e:
        start_revision(db, users["admin"], old.id, "修改")
    assert "已有针对该文件的修改项目" in str(e.value)
    go(db, users["drafter"], new_doc.id, "合法性审核")
    sign_current(db, new_doc.id, users["advisor"])
    go(db, users["reviewer"], new_doc.id, "集体审议")
    ev = go(db, users["reviewer"], new_doc.id, "公布")
    assert any("已被修改" in n for n in ev.notes)
    assert get_document(db, old.id).stage == "已被修改"
    assert get_project(db, project.id).completed
    assert verify(db) == []


# --- optimistic concurrency on stage changes ----------------------------------------------------------

def test_stale_stage_change_is_refused(fresh_db, users):
    db = fresh_db
    doc = make_doc(db, "GR")
    seen = get_document(db, doc.id).row_version
    go(db, users["drafter"], doc.id, "征求意见", expected_row_version=seen)
    with pytest.raises(StaleWrite):
        go(db, users["reviewer"], doc.id, "起草", expected_row_version=seen)
    # a new version also makes an open stage page stale (its sign-off view is outdated)
    seen = get_document(db, doc.id).row_version
    add_version(db, doc.id, tree("GR"), label="征求意见稿", actor="drafter1")
    with pytest.raises(StaleWrite):
        go(db, users["drafter"], doc.id, "起草", expected_row_version=seen)
    assert get_document(db, doc.id).stage == "征求意见"


def test_future_dates_refused(fresh_db, users):
    from base.errors import InputError
    doc = make_doc(fresh_db, "GR")
    with pytest.raises(InputError):
        go(fresh_db, users["drafter"], doc.id, "征求意见", on=TODAY + timedelta(days=1))


def test_options_explain_each_move(fresh_db, users):
    db = fresh_db
    doc = make_doc(db, "GR")
    db.execute("update documents set stage = '合法性审查' where id = ?", [doc.id])
    doc = get_document(db, doc.id)
    opts = {o.transition.target: o for o in lc.options(db, users["drafter"], doc, today=TODAY)}
    assert set(opts) == {"集体审议", "起草"}
    assert not opts["集体审议"].permitted and not opts["集体审议"].enabled
    assert any("审核机构" in r for r in opts["集体审议"].reasons)
    assert any("合法性审核意见" in r for r in opts["集体审议"].reasons)
    opts = {o.transition.target: o for o in lc.options(db, users["reviewer"], doc, today=TODAY)}
    assert opts["起草"].enabled and not opts["集体审议"].enabled


def test_deadlines_come_from_the_jurisdiction_file_with_env_override(monkeypatch):
    from checks.config import load_jurisdiction
    j = load_jurisdiction()
    cfg = procedure_config.config()
    assert cfg.filing_days == {"LR": j.get("FILING_DAYS_LR_GR"), "GR": j.get("FILING_DAYS_LR_GR"),
                               "ND": j.get("ND_FILING_DAYS")}
    assert (cfg.nd_validity_years, cfg.nd_cleanup_years) == (j.get("ND_VALIDITY_YEARS")["regular"],
                                                            j.get("ND_CLEANUP_YEARS"))
    monkeypatch.setenv("WORKBENCH_ND_FILING_DAYS", "20")
    monkeypatch.setenv("WORKBENCH_JURISDICTION", "national")      # a profile without ND parameters
    cfg = procedure_config.config()
    assert cfg.filing_days["ND"] == 20 and cfg.nd_cleanup_years == 2
    assert procedure_config.filing_due("ND", date(2026, 1, 1), cfg) == date(2026, 1, 21)


def test_frozen_stages_are_the_stages_from_publication_on():
    """documents.store.FROZEN_STAGES (no version added, no edit) agrees with the stage table."""
    from workbench.documents.store import FROZEN_STAGES
    from workbench.procedure import stages
    for level in stages.STAGES:
        published = {s for s in stages.all_stages(level) if stages.is_published(level, s)}
        assert published <= FROZEN_STAGES, level
        assert FROZEN_STAGES - published <= {"已失效"}, level     # only ND can expire


# --- issue 19, defect 9 ---------------------------------------------------------------------------

def test_leaving_consultation_needs_a_consultation_started(fresh_db, users):
    """A law passed 征求意见 into 统一审议 with no consultation ever started."""
    doc = make_doc(fresh_db, "LR")
    fresh_db.execute("update documents set stage = '征求意见' where id = ?", [doc.id])
    reason = blocked(fresh_db, users["drafter"], doc.id, "统一审议")
    assert "尚未发起征求意见" in reason and "征求意见管理" in reason
    assert go(fresh_db, users["drafter"], doc.id, "起草").verb == "return"      # going back is always open


def test_gate_reasons_are_plain_chinese_and_name_the_review_not_the_stage(fresh_db, users):
    """统一审议→表决 read 「尚无法律顾问签署的统一审议意见…（PROC-LEGALITY-FIRST）」."""
    doc = make_doc(fresh_db, "LR")
    fresh_db.execute("update documents set stage = '统一审议' where id = ?", [doc.id])
    reason = blocked(fresh_db, users["reviewer"], doc.id, "表决")
    assert "合法性审核意见" in reason and "统一审议意见" not in reason and "表决" in reason
    assert not re.search(r"[A-Za-z]", reason), reason
    gr = make_doc(fresh_db, "GR", title="另一规章")
    fresh_db.execute("update documents set stage = '集体审议' where id = ?", [gr.id])
    sign_current(fresh_db, gr.id, users["advisor"])
    reasons = lc.blockers(fresh_db, get_document(fresh_db, gr.id), "公布", today=TODAY)
    assert reasons and not [r for r in reasons if re.search(r"[A-Za-z]", r)], reasons
