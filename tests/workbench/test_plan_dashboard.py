"""The legislative plan (admin-managed, completion derived from the documents) and the dashboard
figures (goal, funnel, overdue items, advisor participation, comment adoption), core and CLI."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from lifecycle_helpers import consult, contact_point, make_doc, sign_current

from workbench.procedure import plan
from workbench.cli import main
from workbench.procedure.dashboard import dashboard_data, funnel
from base.errors import InputError, PermissionDenied, StaleWrite
from workbench.procedure.lifecycle import advance
from base.clock import today as beijing_today

TODAY = beijing_today()
YEAR = TODAY.year


def _publish_nd(db, users, title, on):
    doc = make_doc(db, "ND", title=title)
    advance(db, users["drafter"], doc.id, "合法性审核")
    sign_current(db, doc.id, users["advisor"])
    advance(db, users["reviewer"], doc.id, "集体审议")
    advance(db, users["reviewer"], doc.id, "公布", on=on)
    return doc


def test_project_validation(fresh_db, users):
    admin = users["admin"]
    with pytest.raises(InputError, match="项目类型无效"):
        plan.add_project(fresh_db, admin, year=YEAR, kind="起草", title="x", level="GR")
    with pytest.raises(InputError, match="未知的文件层级"):
        plan.add_project(fresh_db, admin, year=YEAR, kind="制定", title="x", level="法律")
    with pytest.raises(InputError, match="须指明所针对的现行文件"):
        plan.add_project(fresh_db, admin, year=YEAR, kind="修改", title="x", level="GR")
    with pytest.raises(InputError, match="不能早于"):
        plan.add_project(fresh_db, admin, year=YEAR, kind="制定", title="x", level="GR",
                         target_submit_on="2026-09-01", target_publish_on="2026-03-01")
    with pytest.raises(InputError, match="格式无效"):
        plan.add_project(fresh_db, admin, year=YEAR, kind="制定", title="x", level="GR", target_publish_on="明年")
    with pytest.raises(PermissionDenied):
        plan.list_projects(fresh_db, users["contact"])
    assert plan.list_projects(fresh_db, users["advisor"]) == []


def test_status_is_derived_from_the_document(fresh_db, users):
    db, admin = fresh_db, users["admin"]
    p = plan.add_project(db, admin, year=YEAR, kind="制定", title="物业服务实施细则", level="行政规范性文件",
                         responsible_unit="市住建局", target_publish_on=TODAY + timedelta(days=60))
    assert p.status == "未启动" and not p.completed
    doc = make_doc(db, "ND")
    p = plan.link_document(db, admin, p.id, doc.id, expected_row_version=p.row_version)
    assert p.status == "进行中"
    with pytest.raises(StaleWrite) as e:
        plan.update_project(db, admin, p.id, expected_row_version=p.row_version - 1, title="新名称")
    assert e.value.kept == {"title": "新名称"}
    advance(db, users["drafter"], doc.id, "合法性审核")
    sign_current(db, doc.id, users["advisor"])
    advance(db, users["reviewer"], doc.id, "集体审议")
    assert plan.get_project(db, p.id).status == "进行中"
    advance(db, users["reviewer"], doc.id, "公布")
    assert plan.get_project(db, p.id).status == "已完成"
    other = make_doc(db, "GR")
    with pytest.raises(InputError, match="层级"):
        plan.link_document(db, admin, p.id, other.id)


def test_overdue_and_cancelled(fresh_db, users):
    db, admin = fresh_db, users["admin"]
    doc = make_doc(db, "GR")
    late = plan.add_project(db, admin, year=YEAR, kind="制定", title="养犬管理办法", level="GR", document_id=doc.id,
                            target_submit_on=TODAY - timedelta(days=30), target_publish_on=TODAY - timedelta(days=3))
    problems = late.overdue(TODAY)
    assert len(problems) == 2 and "逾期 3 日" in problems[0] and "尚未进入合法性审查" in problems[1]
    with pytest.raises(InputError, match="说明理由"):
        plan.cancel_project(db, admin, late.id, "")
    # the dashboard's 期限 is the date each problem is about, not always the publication target
    rows = [o for o in dashboard_data(db, users["reviewer"], today=TODAY)["overdue"] if o["kind"] == "计划"]
    by_message = {o["message"][:6]: o["due_on"] for o in rows}
    assert by_message == {"目标公布日期": (TODAY - timedelta(days=3)).isoformat(),
                          "目标送审日期": (TODAY - timedelta(days=30)).isoformat()}
    assert all(o["due_on"] in o["message"] for o in rows)
    cancelled = plan.cancel_project(db, admin, late.id, "上位法已调整，暂缓立法")
    assert cancelled.status == "已撤销" and cancelled.overdue(TODAY) == []


def test_goal_default_env_and_admin_setting(fresh_db, users, monkeypatch):
    assert plan.get_goal(fresh_db, YEAR) == 4
    monkeypatch.setenv("WORKBENCH_ANNUAL_GOAL", "6")
    assert plan.get_goal(fresh_db, YEAR) == 6
    plan.set_goal(fresh_db, users["admin"], YEAR, 5)
    assert plan.get_goal(fresh_db, YEAR) == 5
    with pytest.raises(InputError):
        plan.set_goal(fresh_db, users["admin"], YEAR, 0)


def test_dashboard_figures(fresh_db, users):
    db, admin = fresh_db, users["admin"]
    # two published ND: one filed in time, one whose filing is overdue
    old = _publish_nd(db, users, "示例市物业服务规定", on=TODAY - timedelta(days=40))
    new = _publish_nd(db, users, "示例市电梯安全规定", on=TODAY - timedelta(days=2))
    advance(db, users["reviewer"], new.id, "备案")
    for d in (old, new):
        plan.add_project(db, admin, year=YEAR, kind="制定", title=d.title, level="ND", document_id=d.id)
    plan.add_project(db, admin, year=YEAR, kind="制定", title="示例市养犬管理办法", level="GR",
                     target_publish_on=TODAY - timedelta(days=1))
    draft = make_doc(db, "GR")
    from workbench.review import store as review
    review.create_review(db, draft.current_version_id, actor=users["advisor"], findings=[])  # unsigned

    data = dashboard_data(db, users["reviewer"], today=TODAY)
    assert data["plan"]["goal"] == 4 and data["plan"]["completed"] == 2 and data["plan"]["projects"] == 3
    assert not data["goal_met"]
    kinds = {(o["kind"], o["severity"]) for o in data["overdue"]}
    assert ("备案", "overdue") in kinds and ("计划", "overdue") in kinds
    filing = next(o for o in data["overdue"] if o["kind"] == "备案")
    assert filing["document_id"] == old.id and "逾期 25 日" in filing["message"]
    adv = data["advisor_participation"]
    assert (adv["reviews"], adv["signed"]) == (3, 2) and adv["rate"] == pytest.approx(2 / 3)
    assert data["comment_adoption"]["rate"] is None          # no comments yet: 暂无数据
    nd_funnel = {f["stage"]: f for f in data["funnel"] if f["level"] == "ND"}
    assert nd_funnel["公布"]["reached"] == 2 and nd_funnel["公布"]["current"] == 1
    assert nd_funnel["备案"]["current"] == 1 and nd_funnel["起草"]["reached"] == 2
    gr_funnel = {f["stage"]: f for f in data["funnel"] if f["level"] == "GR"}
    assert gr_funnel["起草"]["current"] == 1 and gr_funnel["征求意见"]["reached"] == 0
    with pytest.raises(PermissionDenied):
        dashboard_data(db, users["contact"])


def test_comment_adoption_rate(fresh_db, users):
    from workbench.consultation.comments import dispose, submit_comment
    from workbench.access.users import get_user, update_profile
    db = fresh_db
    cp = contact_point(db, users["admin"])
    update_profile(db, users["admin"], "contact1", contact_point_id=cp.id)
    contact = get_user(db, "contact1")
    doc = make_doc(db, "GR")
    c = consult(db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=1), days=30)
    a = submit_comment(db, contact, c.id, text="建议明确办理时限。")
    submit_comment(db, contact, c.id, text="建议降低罚款数额。")
    dispose(db, users["drafter"], [a.id], decision="采纳", reason="已修改")
    com = dashboard_data(db, users["admin"])["comment_adoption"]
    assert (com["comments"], com["adopted"], com["rate"]) == (2, 1, 0.5)


def test_cli_plan_stage_advance_dashboard(fresh_db, users, db_path, capsys):
    doc = make_doc(fresh_db, "GR")
    base = ["--db", db_path, "--json"]
    assert main(["plan", "add", "--year", str(YEAR), "--kind", "制定", "--title", "养犬管理办法", "--level", "GR",
                 "--unit", "市公安局", "--doc", str(doc.id), "--publish-by", f"{YEAR}-12-31", "--as", "admin1",
                 *base]) == 0
    assert main(["plan", "add", "--year", str(YEAR), "--kind", "制定", "--title", "x", "--level", "GR",
                 "--as", "drafter1", *base]) == 4
    capsys.readouterr()
    assert main(["plan", "list", "--year", str(YEAR), "--as", "advisor1", *base]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(p["title"], p["status"], p["document_id"]) for p in listed] == [("养犬管理办法", "进行中", doc.id)]

    assert main(["advance", str(doc.id), "--to", "征求意见", "--as", "drafter1", *base]) == 0
    moved = json.loads(capsys.readouterr().out)
    assert (moved["from"], moved["to"]) == ("起草", "征求意见")
    assert main(["advance", str(doc.id), "--to", "公布", "--as", "drafter1", *base]) == 5   # GateBlocked
    err = json.loads(capsys.readouterr().out)
    assert err["kind"] == "GateBlocked" and "不允许" in err["error"]
    assert main(["advance", str(doc.id), "--to", "送审", "--as", "drafter1", "--expect-row-version", "1",
                 *base]) == 6                                                                     # StaleWrite
    capsys.readouterr()
    assert main(["stage", str(doc.id), "--as", "reviewer1", *base]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["stage"] == "征求意见" and {n["stage"] for n in st["next"]} == {"送审", "起草"}
    assert [h["to"] for h in st["history"]] == ["征求意见"]
    assert main(["stage", str(doc.id), "--as", "drafter1", "--db", db_path]) == 0     # the text output
    text = capsys.readouterr().out
    assert "  → 推进至「送审」：受阻" in text and "尚未发起征求意见" in text and "送审（推进至" not in text
    assert main(["stage", str(doc.id), "--as", "contact1", *base]) == 4
    capsys.readouterr()
    assert main(["dashboard", "--as", "reviewer1", *base]) == 0
    dash = json.loads(capsys.readouterr().out)
    assert dash["plan"]["projects"] == 1 and dash["plan"]["goal"] == 4
    assert main(["dashboard", "--as", "contact1", *base]) == 4


def test_funnel_counts_ended_documents_as_past_every_stage(fresh_db, users):
    doc = _publish_nd(fresh_db, users, "示例市旧规定", on=date(2019, 1, 2))
    advance(fresh_db, users["reviewer"], doc.id, "已失效")
    rows = {f["stage"]: f for f in funnel(fresh_db) if f["level"] == "ND"}
    assert rows["评估/清理"]["reached"] == 1 and sum(f["current"] for f in rows.values()) == 0
