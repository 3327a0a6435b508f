"""AppTest for the 工作台, 流程, 立法计划, 用户管理, 审计日志 and 我的账户 pages, on the demo workspace
(whose lifecycle seed leaves the dog 规章 waiting for sign-off in 合法性审查 and a published ND
with an overdue filing)."""
from __future__ import annotations

import sqlite3

from workbench.procedure import lifecycle as lc
from workbench.schema import open_db
from workbench.documents.store import add_version, find_document, get_document
from workbench.access.users import authenticate, get_user
from base.clock import today as beijing_today

DASH, FLOW, PLAN = "app_pages/dashboard.py", "app_pages/lifecycle_page.py", "app_pages/plan.py"
USERS, AUDIT, ACCOUNT = "app_pages/users_admin.py", "app_pages/audit_log.py", "app_pages/account.py"
DOG = "示例市养犬管理办法"


def button(at, label):
    return next(b for b in at.button if b.label == label)


def charts(at):
    return at.get("vega_lite_chart")


def chart_values(chart) -> list[dict]:
    """The rows of every dataset of an altair chart (sent as Arrow IPC streams)."""
    import pyarrow as pa
    rows = []
    for ds in chart.proto.datasets:
        rows += pa.ipc.open_stream(ds.data.data).read_all().to_pylist()
    return rows


def errors(at):
    return [e.value for e in at.error]


def direct(page: str, who: str, db_path: str):
    """Run a page script on its own (bypassing the role-filtered navigation): the page and the
    core must still refuse."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / page), default_timeout=30)
    at.session_state["db_path"] = db_path
    at.session_state["user"] = get_user(open_db(db_path), who)
    return at.run()


# --- 工作台 -------------------------------------------------------------------------------------

def test_dashboard_is_the_staff_landing_page_with_charts(app_as):
    for role in ("drafter", "advisor", "reviewer", "admin"):
        at = app_as(role).run()
        assert not at.exception
        assert [t.value for t in at.title] == ["工作台"], role
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["年度立法计划完成"] == "1 / 4"
    assert metrics["法律顾问参与率"] == "100%"
    assert metrics["意见采纳率"].endswith("%")
    assert int(metrics["逾期事项"]) >= 2
    assert len(charts(at)) >= 4          # plan, rates, and one funnel per level
    overdue = at.dataframe[0].value
    kinds = set(overdue["类别"])
    assert {"备案", "计划"} <= kinds
    assert any("备案已逾期" in m for m in overdue["说明"])
    assert any("示例市电动自行车停放管理规定" == t for t in overdue["文件/项目"])


def test_dashboard_opens_the_flow_page_for_an_overdue_item(app_as, demo_db_path):
    at = app_as("reviewer").run()
    disclosure = find_document(open_db(demo_db_path), "示例市政府信息主动公开工作规定")
    at.selectbox(key="dash_pick").set_value(disclosure.id)
    at.button(key="dash_open").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["流程"]
    assert at.selectbox(key="lc_doc").value == disclosure.id
    assert any("备案已逾期" in e for e in errors(at))


def test_dashboard_on_an_empty_workspace_says_no_data(app_as, fresh_db, users, db_path):
    at = app_as("reviewer1", db_path).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["法律顾问参与率"] == "暂无数据" and metrics["意见采纳率"] == "暂无数据"
    assert metrics["年度立法计划完成"] == "0 / 4"
    assert any("暂无数据" in i.value for i in at.info)
    assert len(charts(at)) == 1          # the plan chart (all zero) with its goal line
    values = chart_values(charts(at)[0])
    assert {"目标": 4} in values


def test_contact_point_does_not_land_on_or_reach_the_dashboard(app_as, demo_db_path):
    at = app_as("contact").run()
    assert not at.exception
    assert [t.value for t in at.title] != ["工作台"]
    from ui.pages import pages_for
    assert DASH not in [script for _, script, _, _ in pages_for("contact")]
    assert DASH == pages_for("drafter")[0][1]
    at = direct(DASH, "contact", demo_db_path)
    assert errors(at) == ["基层立法联系点无权查看工作台统计。"]
    assert not at.metric


# --- 流程 -------------------------------------------------------------------------------------------

def _flow(app_as, who, demo_db_path, title=DOG, doc_id=None):
    db = open_db(demo_db_path)
    doc = get_document(db, doc_id) if doc_id else find_document(db, title)
    at = app_as(who).switch_page(FLOW)
    at.session_state["doc_id"] = doc.id
    return at.run(), doc


def test_flow_page_shows_gate_reasons_and_disabled_button(app_as, demo_db_path):
    at, dog = _flow(app_as, "reviewer", demo_db_path)
    assert not at.exception
    assert dog.stage == "合法性审查"
    text = " ".join(m.value for m in at.markdown)
    assert "**:blue[合法性审查]**" in text
    assert "尚无法律顾问签署的合法性审核意见" in text and "PROC-" not in text
    assert at.button(key=f"lc_{dog.id}_集体审议_go").disabled
    assert not at.button(key=f"lc_{dog.id}_起草_go").disabled
    # the drafter sees why the move is not theirs, and gets no button
    at, _ = _flow(app_as, "drafter", demo_db_path)
    text = " ".join(m.value for m in at.markdown)
    assert "起草人员不能执行此操作" in text
    assert not [b for b in at.button if b.key and b.key.startswith(f"lc_{dog.id}_")]


def test_flow_page_advances_after_sign_off(app_as, demo_db_path):
    from workbench.review import store as review
    db = open_db(demo_db_path)
    dog = find_document(db, DOG)
    advisor = get_user(db, "advisor")
    r = review.create_review(db, dog.current_version_id, actor=advisor, findings=[])
    review.set_opinion(db, r.id, "合法", actor=advisor)
    review.sign(db, r.id, actor=advisor)
    at, _ = _flow(app_as, "reviewer", demo_db_path)
    go = at.button(key=f"lc_{dog.id}_集体审议_go")
    assert not go.disabled
    at.text_input(key=f"lc_{dog.id}_集体审议_note").input("市政府第12次常务会议")
    go.click().run()
    assert not at.exception
    assert get_document(db, dog.id).stage == "集体审议"
    assert [s.value for s in at.success] == ["已推进至「集体审议」。"]
    assert lc.history(db, dog.id)[-1]["note"] == "市政府第12次常务会议"
    # 公布 is blocked on nothing but a date now (the 30-day consultation is in the demo)
    at.run()
    pub = at.button(key=f"lc_{dog.id}_公布_go")
    assert not pub.disabled
    at.date_input(key=f"lc_{dog.id}_公布_on").set_value(beijing_today())
    pub.click().run()
    assert get_document(db, dog.id).stage == "公布"
    assert lc.get_dates(db, dog.id).published_on == beijing_today()


def test_flow_page_refuses_a_stale_action_and_offers_refresh(app_as, demo_db_path):
    at, dog = _flow(app_as, "reviewer", demo_db_path)
    db = open_db(demo_db_path)
    tree = get_document(db, dog.id)
    from workbench.documents.store import current_version
    add_version(db, dog.id, current_version(db, dog.id).tree, label="送审稿", actor="drafter", note="他人保存")
    at.run()
    assert any("已被他人更新" in w.value for w in at.warning)
    at.button(key=f"lc_{dog.id}_起草_go").click().run()
    assert any("已被他人更新" in e for e in errors(at))
    assert get_document(db, dog.id).stage == "合法性审查"
    at.button(key="lc_refresh").click().run()
    assert not any("已被他人更新" in w.value for w in at.warning)
    at.button(key=f"lc_{dog.id}_起草_go").click().run()
    assert get_document(db, dog.id).stage == "起草" and tree.stage == "合法性审查"


def test_flow_page_starts_an_amendment_for_admin(app_as, demo_db_path):
    at, doc = _flow(app_as, "admin", demo_db_path, "示例市政府信息主动公开工作规定")
    assert doc.stage == "公布"
    button(at, "发起修改项目").click().run()
    assert not at.exception
    assert "已列入立法计划：修改《示例市政府信息主动公开工作规定》" in at.success[0].value
    from workbench.procedure.plan import revision_projects
    (p,) = revision_projects(open_db(demo_db_path), doc.id)
    assert p.kind == "修改" and get_document(open_db(demo_db_path), p.document_id).stage == "起草"
    # a reviewer may file it but not start projects (the amendment draft has the same title: pick by id)
    at, _ = _flow(app_as, "reviewer", demo_db_path, doc_id=doc.id)
    assert not [b for b in at.button if b.label.startswith("发起")]
    assert not at.button(key=f"lc_{doc.id}_备案_go").disabled


# --- 立法计划 ------------------------------------------------------------------------------------------

def test_plan_page_lists_projects_and_admin_adds_one(app_as, demo_db_path):
    at = app_as("admin").switch_page(PLAN).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 5 and "已完成" in set(table["状态"])
    assert charts(at)
    at.text_input(key="plan_title").input("示例市城市绿化管理条例")
    at.selectbox(key="plan_level").set_value("LR")
    at.text_input(key="plan_unit").input("示例市园林局")
    button(at, "新增项目").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("已新增项目")
    assert "示例市城市绿化管理条例" in set(at.dataframe[0].value["项目名称"])
    # an empty title is refused with a message
    at.text_input(key="plan_title").input("")
    button(at, "新增项目").click().run()
    assert errors(at) == ["项目名称不能为空"]


def test_plan_page_read_only_for_staff_refused_for_contact(app_as, demo_db_path):
    at = app_as("drafter").switch_page(PLAN).run()
    assert not at.exception and len(at.dataframe[0].value) == 5
    assert not [b for b in at.button if b.label == "新增项目"]
    assert "年度立法计划由管理员维护。" in [c.value for c in at.caption]
    at = direct(PLAN, "contact", demo_db_path)
    assert errors(at) == ["基层立法联系点无权查看年度立法计划。"]


# --- 用户管理 ------------------------------------------------------------------------------------------

def test_users_page_admin_creates_resets_and_deactivates(app_as, demo_db_path):
    at = app_as("admin").switch_page(USERS).run()
    assert not at.exception
    assert set(at.dataframe[0].value["用户名"]) == {"admin", "drafter", "advisor", "reviewer", "contact", "filing",
                                                     "filer"}
    at.text_input(key="un_username").input("lawyer2")
    at.text_input(key="un_display").input("钱律师")
    at.selectbox(key="un_role").set_value("advisor")
    at.text_input(key="un_password").input("lawyer2pass")
    button(at, "创建").click().run()
    assert at.success[0].value == "已创建用户 lawyer2（法律顾问）。"
    db = open_db(demo_db_path)
    assert authenticate(db, "lawyer2", "lawyer2pass").role == "advisor"

    at.selectbox(key="ue_pick").set_value("lawyer2")
    at.run()
    lawyer2 = get_user(db, "lawyer2").id
    at.text_input(key=f"ue_pw__{lawyer2}").input("changed123")
    at.button(key=f"ue_pw_go__{lawyer2}").click().run()
    assert authenticate(db, "lawyer2", "changed123")
    at.button(key=f"ue_active_go__{lawyer2}").click().run()
    assert authenticate(db, "lawyer2", "changed123") is None
    assert "已停用" in set(at.dataframe[0].value["状态"])
    # guards come from the core
    at.selectbox(key="ue_pick").set_value("admin")
    at.run()
    at.button(key=f"ue_active_go__{get_user(db, 'admin').id}").click().run()
    assert errors(at) == ["不能停用自己的账户"]


def test_users_page_refused_for_non_admins(demo_db_path):
    for role in ("drafter", "advisor", "reviewer", "contact"):
        at = direct(USERS, role, demo_db_path)
        assert not at.exception
        assert len(errors(at)) == 1 and errors(at)[0].endswith("无权管理用户。"), role
        assert not at.dataframe and not at.text_input


# --- 审计日志 ------------------------------------------------------------------------------------------

def test_audit_page_filters_and_verifies(app_as, demo_db_path):
    at = app_as("advisor").switch_page(AUDIT).run()
    assert not at.exception
    assert len(at.dataframe[0].value) > 20
    at.selectbox(key="audit_action").set_value("document.stage").run()
    table = at.dataframe[0].value
    assert set(table["操作"]) == {"阶段变更"}
    assert all(len(h) == 12 for h in table["之后哈希"])
    assert (table["之前哈希"] == table["之后哈希"]).all()
    dog = find_document(open_db(demo_db_path), DOG)
    at.selectbox(key="audit_doc").set_value(dog.id).run()
    assert set(at.dataframe[0].value["文档"]) == {DOG}
    button(at, "校验哈希链").click().run()
    assert at.success[0].value.startswith("审计日志完整")

    conn = sqlite3.connect(demo_db_path)
    conn.execute("drop trigger audit_log_no_update")
    conn.execute("update audit_log set actor = 'mallory' where id = 5")
    conn.commit()
    conn.close()
    button(at, "校验哈希链").click().run()
    assert errors(at)[0].startswith("审计日志校验失败：发现 1 处问题")
    assert list(at.dataframe[0].value["记录"]) == [5]


def test_audit_page_refused_for_contact(demo_db_path):
    at = direct(AUDIT, "contact", demo_db_path)
    assert errors(at) == ["基层立法联系点无权查看审计日志。"]


# --- 我的账户 and the session ------------------------------------------------------------------------------

def test_account_page_changes_own_password(app_as, demo_db_path):
    at = app_as("contact").switch_page(ACCOUNT).run()
    assert not at.exception
    at.text_input(key="acct_old").input("contact123")
    at.text_input(key="acct_new").input("newpass456")
    at.text_input(key="acct_again").input("newpass456")
    button(at, "修改密码").click().run()
    assert at.success[0].value == "密码已修改。"
    assert authenticate(open_db(demo_db_path), "contact", "newpass456")


def test_session_times_out(app_as, demo_db_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SESSION_TIMEOUT_MINUTES", "1")
    at = app_as("drafter").run()
    assert [t.value for t in at.title] == ["工作台"]
    db = open_db(demo_db_path)
    db.execute("update sessions set last_seen_at = '2000-01-01T00:00:00+00:00'")
    db.conn.commit()
    at.run()
    assert not at.exception
    assert "user" not in at.session_state
    assert [i.value for i in at.info] == ["会话已超时，请重新登录。"]
    assert [t.label for t in at.text_input] == ["用户名", "密码"]


def test_deactivated_account_is_logged_out_at_next_request(app_as, demo_db_path):
    from workbench.access.users import set_active
    at = app_as("drafter").run()
    assert [t.value for t in at.title] == ["工作台"]
    db = open_db(demo_db_path)
    set_active(db, get_user(db, "admin"), "drafter", False)
    at.run()
    assert "user" not in at.session_state
    assert [i.value for i in at.info] == ["账户已停用或不存在，请联系管理员。"]


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(app_as, demo_db_path):
    from workbench.access import sessions
    db = open_db(demo_db_path)
    elsewhere = sessions.start(db, get_user(db, "contact"))
    at = app_as("contact").switch_page(ACCOUNT).run()
    at.text_input(key="acct_old").input("contact123")
    at.text_input(key="acct_new").input("newpass456")
    at.text_input(key="acct_again").input("newpass456")
    button(at, "修改密码").click().run()
    assert at.success[0].value == "密码已修改。"
    at.run()
    assert at.session_state["user"].username == "contact" and not at.info
    assert sessions.resolve(db, elsewhere.token).reason == "password"


# --- QA pass: names, who does what, readable audit entries ------------------------------------------------------

def test_flow_page_says_up_front_who_takes_the_next_step(app_as, demo_db_path):
    at, dog = _flow(app_as, "drafter", demo_db_path)
    info = " ".join(i.value for i in at.info)
    assert "下一步" in info and "由管理员、审核机构办理" in info and "推进至「集体审议」" in info
    text = " ".join(m.value for m in at.markdown)
    assert "起草人员不能执行此操作：推进至「集体审议」由管理员、审核机构办理。" in text    # no stray space
    assert "办理：管理员、审核机构" in [c.value for c in at.caption]
    hist = at.dataframe[0].value
    assert set(hist["操作人"]) <= {"王立新", "李明", "赵律师", "陈审核"} and "reviewer" not in set(hist["操作人"])


def test_audit_page_shows_names_versions_and_chinese_sentences(app_as, demo_db_path):
    at = app_as("advisor").switch_page(AUDIT).run()
    table = at.dataframe[0].value
    assert not any(a.startswith(("working_copy.", "comment.", "user.")) for a in table["操作"])
    assert {"admin", "drafter", "advisor"}.isdisjoint(set(table["操作人"]))
    assert all(v == "" or (v.startswith("v") and v[1:].isdigit()) for v in table["版本"])
    assert any(v == "v2" for v in table["版本"])
    for raw in ("role:", "username:", "review_id", "from:", "consultation_id"):
        assert not any(raw in c for c in table["内容"]), raw
    assert any(c.startswith("新建用户 ") and "角色为" in c for c in table["内容"])
    options = at.selectbox(key="audit_action").options
    assert "提交意见" in options and not any("." in o for o in options)


def test_users_page_role_has_no_default_and_a_contact_needs_a_point(app_as, demo_db_path):
    at = app_as("admin").switch_page(USERS).run()
    assert at.selectbox(key="un_role").value is None
    at.text_input(key="un_username").input("xicheng")
    at.text_input(key="un_password").input("xicheng123")
    button(at, "创建").click().run()
    assert errors(at) == ["请选择角色。"]
    at.selectbox(key="un_role").set_value("contact")
    button(at, "创建").click().run()
    assert errors(at) and errors(at)[0].startswith("基层立法联系点用户须关联一个联系点")
    db = open_db(demo_db_path)
    assert db.execute("select count(*) from users where username = 'xicheng'").fetchone()[0] == 0
    from workbench.consultation.consultations import list_contact_points
    at.selectbox(key="un_point").set_value(list_contact_points(db)[0].id)
    button(at, "创建").click().run()
    assert at.success[0].value == "已创建用户 xicheng（基层立法联系点）。"


def test_dashboard_overdue_deadline_matches_the_missed_date(app_as):
    at = app_as("reviewer").run()
    overdue = at.dataframe[0].value
    plan_rows = overdue[overdue["类别"] == "计划"]
    assert len(plan_rows) >= 1
    assert all(due in msg for due, msg in zip(plan_rows["期限"], plan_rows["说明"]))
