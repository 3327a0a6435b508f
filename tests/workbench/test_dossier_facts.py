"""卷宗登记 (workbench.procedure.dossier_facts): facts users record where no workbench record holds them,
validated and audited, merged into the dossier the procedure rules read (workbench.procedure.dossier_records),
and the Streamlit form (ui/dossier_form.py) driven through AppTest. Documents, consultations and
users are made through the real core functions on the project's example drafts."""
from __future__ import annotations

import inspect
import json
from datetime import date, timedelta

import pytest
from comments_helpers import point_with_user
from lifecycle_helpers import consult, contact_point, make_doc, tree
from streamlit.testing.v1 import AppTest

from checks import run
from checks.registry import all_rules
from base import audit
from workbench.audit_text import describe
from workbench.cli import main
from workbench.documents.store import add_version, current_version, get_document
from workbench.procedure.dossier_facts import FACTS, KINDS, fact_history, facts_for, facts_for_level, record_fact, recorded_facts, withdraw_fact
from workbench.procedure.dossier_records import dossier_for, document_dossier
from base.errors import InputError, PermissionDenied, StaleWrite
from base.clock import today as beijing_today

TODAY = beijing_today()
FCR = "未发现排除、限制竞争内容"
FCR_NOTE = "市场监管局 2026-03-02 审查意见"


def check(db, doc_id, dossier):
    doc = get_document(db, doc_id)
    return run(current_version(db, doc_id).tree, doc.level, dossier=dossier,
               meta={"title": doc.title, "issuing_body": doc.issuing_body})


def hits(findings, rule):
    return [f for f in findings if f.rule == rule]


def rows(db):
    return db.execute("select count(*) from dossier_facts").fetchone()[0]


def events(db):
    return list(db.query("select * from audit_log where action = 'dossier.record' order by id"))


def consulted_gr(db, users, days=30):
    """The GR example (market-related by its text) with a completed consultation on record."""
    doc = make_doc(db, "GR")
    cp = contact_point(db, users["admin"])
    consult(db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=days + 10), days=days)
    return doc


# --- recording: validation, typing, audit -----------------------------------------------------------

@pytest.mark.parametrize("key,value,message", [
    ("no_such_fact", True, "不能登记的卷宗事项：no_such_fact"),
    ("published_date", "2026-03-01", "由工作台的流程阶段（公布）记录得出"),
    ("approval_date", "2026-03-01", "不适用于政府规章"),
    ("explanation", "也许", "应为「是」或「否」"),
    ("effective_date", "2026-13-01", "施行日期格式无效"),
    ("effective_date", "", "请填写施行日期"),
    ("fair_competition_review", "   ", "请填写公平竞争审查结论"),
    ("fair_competition_review", 42, "应为文字"),
    ("publication_channels", "、 ，", "请至少填写一项公布载体"),
    ("replaces", "x" * 2001, "过长"),
])
def test_bad_values_are_refused_in_chinese_and_nothing_is_written(fresh_db, users, key, value, message):
    doc = make_doc(fresh_db, "GR")
    with pytest.raises(InputError, match=message):
        record_fact(fresh_db, users["drafter"], doc.id, key, value, "依据")
    assert rows(fresh_db) == 0 and events(fresh_db) == []


def test_recording_types_values_audits_and_keeps_history(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    reviewer = users["reviewer"]
    f = record_fact(fresh_db, reviewer, doc.id, "fair_competition_review", f"  {FCR} ", FCR_NOTE)
    assert (f.value, f.note, f.recorded_by, f.recorded_by_name) == (FCR, FCR_NOTE, "reviewer1", "审核机构甲")
    assert f.source == f"卷宗登记：审核机构甲 {f.recorded_on}：{FCR_NOTE}"
    # values in the types the dossier expects
    record_fact(fresh_db, reviewer, doc.id, "publication_channels", "政府公报、政府网站，政府公报", "")
    record_fact(fresh_db, reviewer, doc.id, "explanation", "是", "起草说明随送审稿报送")
    record_fact(fresh_db, reviewer, doc.id, "replaces", "《示例市养犬管理规定》", "")
    record_fact(fresh_db, reviewer, doc.id, "effective_date", date(2027, 1, 1), "")
    assert facts_for(fresh_db, doc.id) == {
        "fair_competition_review": FCR, "publication_channels": ["政府公报", "政府网站"], "explanation": True,
        "replaces": "示例市养犬管理规定", "effective_date": "2027-01-01"}
    # each recording is one audit event in the chain, readable in Chinese
    evs = events(fresh_db)
    assert len(evs) == 5 and all(e["document_id"] == doc.id and e["actor"] == "reviewer1" for e in evs)
    first = json.loads(evs[0]["detail"])
    assert (first["key"], first["value"], first["note"], first["previous"]) == \
        ("fair_competition_review", FCR, FCR_NOTE, None)
    assert describe(evs[0]) == f"登记卷宗事项「公平竞争审查结论」：{FCR}；依据：{FCR_NOTE}"
    assert audit.verify(fresh_db) == []
    # an update is a new row; the latest wins and the history keeps both
    record_fact(fresh_db, users["advisor"], doc.id, "explanation", False, "说明未附意见处理情况，退回补充")
    assert facts_for(fresh_db, doc.id)["explanation"] is False
    assert [h.value for h in fact_history(fresh_db, doc.id, "explanation")] == [False, True]
    assert json.loads(events(fresh_db)[-1]["detail"])["previous"] is True
    # withdrawing needs a reason, then the key is gone (history keeps it)
    with pytest.raises(InputError, match="撤销登记须说明理由"):
        withdraw_fact(fresh_db, reviewer, doc.id, "replaces", "")
    withdraw_fact(fresh_db, reviewer, doc.id, "replaces", "本办法不取代其他文件")
    assert "replaces" not in facts_for(fresh_db, doc.id)
    assert describe(events(fresh_db)[-1]) == "撤销卷宗登记「本文件取代的文件名称」，理由：本办法不取代其他文件"
    with pytest.raises(InputError, match="尚未登记，无需撤销"):
        withdraw_fact(fresh_db, reviewer, doc.id, "replaces", "再次撤销")
    # the table is append-only
    with pytest.raises(Exception, match="只能追加"):
        fresh_db.execute("update dossier_facts set value = 'true'")
    with pytest.raises(Exception, match="只能追加"):
        fresh_db.execute("delete from dossier_facts")


def test_hearing_dates_stale_writes_and_foreign_versions(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    drafter = users["drafter"]
    record_fact(fresh_db, drafter, doc.id, "hearing_date", "2026-05-10", "听证会在市政府召开")
    with pytest.raises(InputError, match="听证公告日期（2026-05-20）不能晚于听证日期（2026-05-10）"):
        record_fact(fresh_db, drafter, doc.id, "hearing_notice_date", "2026-05-20", "")
    seen = fact_history(fresh_db, doc.id, "hearing_date")[0].id
    record_fact(fresh_db, users["reviewer"], doc.id, "hearing_date", "2026-05-12", "改期", expected_previous_id=seen)
    with pytest.raises(StaleWrite, match="已由审核机构甲于 .* 重新登记"):
        record_fact(fresh_db, drafter, doc.id, "hearing_date", "2026-05-11", "", expected_previous_id=seen)
    with pytest.raises(StaleWrite):
        record_fact(fresh_db, drafter, doc.id, "burdens", True, "", expected_previous_id=seen)   # expected none
    other = make_doc(fresh_db, "GR", title="示例市另一规章")
    with pytest.raises(InputError, match="不属于文档"):
        record_fact(fresh_db, drafter, doc.id, "burdens", True, "", version_id=other.current_version_id)
    assert facts_for(fresh_db, doc.id) == {"hearing_date": "2026-05-12"}


def test_contact_point_cannot_record(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    with pytest.raises(PermissionDenied, match="基层立法联系点无权登记卷宗事项"):
        record_fact(fresh_db, users["contact"], doc.id, "fair_competition_review", FCR, FCR_NOTE)
    with pytest.raises(PermissionDenied, match="请先登录"):
        record_fact(fresh_db, None, doc.id, "fair_competition_review", FCR, FCR_NOTE)
    assert rows(fresh_db) == 0 and events(fresh_db) == []


# --- the dossier the rules read -------------------------------------------------------------------

def test_recorded_fcr_conclusion_silences_fcr_process(fresh_db, db_path, users, capsys):
    doc = consulted_gr(fresh_db, users)
    d = dossier_for(fresh_db, doc.id)
    assert d["comment_published"] is True and "fair_competition_review" not in d
    [f] = hits(check(fresh_db, doc.id, d), "FCR-PROCESS")          # market-related, no conclusion
    assert "公平竞争审查" in f.message and f.severity == "error"
    fact = record_fact(fresh_db, users["reviewer"], doc.id, "fair_competition_review", FCR, FCR_NOTE)
    d = dossier_for(fresh_db, doc.id)
    assert d["fair_competition_review"] == FCR and d["_sources"]["fair_competition_review"] == fact.source
    assert not hits(check(fresh_db, doc.id, d), "FCR-PROCESS")
    # every caller of dossier_for gets it: the CLI check of the stored document
    base = ["check", str(doc.id), "--db", db_path, "--no-corpus", "--as", "admin1"]
    assert main(base + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dossier"]["fair_competition_review"] == FCR
    assert "FCR-PROCESS" not in {f["rule"] for f in data["findings"]}
    assert main(base) == 0
    assert f"{fact.source} → 公平竞争审查结论 {FCR}" in capsys.readouterr().out
    # withdrawn, the error is back
    withdraw_fact(fresh_db, users["reviewer"], doc.id, "fair_competition_review", "审查意见针对的是上一稿")
    assert hits(check(fresh_db, doc.id, dossier_for(fresh_db, doc.id)), "FCR-PROCESS")


def test_a_recorded_fact_alone_feeds_the_rules_and_is_cited(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    assert dossier_for(fresh_db, doc.id) == {}
    assert not hits(check(fresh_db, doc.id, {}), "PROC-EXPLANATION")
    fact = record_fact(fresh_db, users["advisor"], doc.id, "explanation", False, "送审材料中没有起草说明")
    [f] = hits(check(fresh_db, doc.id, dossier_for(fresh_db, doc.id)), "PROC-EXPLANATION")
    assert f.message.endswith(f"（工作台记录：卷宗登记：法律顾问甲 {fact.recorded_on}：送审材料中没有起草说明）")
    # a recorded hearing too short a time after its notice: PROC-HEARING-GR cites both recordings
    record_fact(fresh_db, users["drafter"], doc.id, "hearing_notice_date", "2026-05-01", "政府网站公告")
    record_fact(fresh_db, users["drafter"], doc.id, "hearing_date", "2026-05-16", "听证会")
    [h] = [f for f in hits(check(fresh_db, doc.id, dossier_for(fresh_db, doc.id)), "PROC-HEARING-GR")
           if "听证信息" in f.message]
    assert "仅提前 15 日" in h.message and "政府网站公告" in h.message and "：听证会" in h.message


def test_recorded_fact_overrides_derived_one(fresh_db, users, monkeypatch):
    monkeypatch.setenv("WORKBENCH_GR_COMMENT_DAYS", "15")      # a deployment that lets 15 days be opened
    doc = make_doc(fresh_db, "GR")
    company, _ = point_with_user(fresh_db, users["admin"], "示例宠物用品有限公司", "company1", kind="企业")
    consult(fresh_db, doc.id, users["drafter"], company.id, opens=TODAY - timedelta(days=20), days=15)
    d = dossier_for(fresh_db, doc.id)
    assert d["consulted"] == ["示例宠物用品有限公司"] and "邀请的企业、律所联系点" in d["_sources"]["consulted"]
    assert hits(check(fresh_db, doc.id, d), "PROC-COMMENT-GR")
    # the list of those heard (also outside the workbench) replaces the derived one
    heard = ["示例宠物用品有限公司", "示例市宠物行业协会", "示例市律师协会"]
    fact = record_fact(fresh_db, users["drafter"], doc.id, "consulted", heard, "2026-04-08 座谈会纪要")
    record_fact(fresh_db, users["drafter"], doc.id, "comment_short_reason", "应对狂犬病疫情，依法缩短征求意见期",
                "市政府办公室 2026-04-01 通知")
    d = dossier_for(fresh_db, doc.id)
    assert d["consulted"] == heard and d["_sources"]["consulted"] == fact.source
    assert d["_sources"]["consulted"].startswith("卷宗登记：起草人员甲 ")
    assert d["comment_published"] is True and "征求意见（第" in d["_sources"]["comment_start"]   # still derived
    assert not hits(check(fresh_db, doc.id, d), "PROC-COMMENT-GR")
    # an explicit --dossier still wins over the recording
    merged = document_dossier(fresh_db, doc.id, explicit={"consulted": ["另一家企业"]})
    assert merged["consulted"] == ["另一家企业"] and "consulted" not in merged["_sources"]
    # withdrawn, the derived value applies again
    withdraw_fact(fresh_db, users["drafter"], doc.id, "consulted", "名单有误，重新核对")
    d = dossier_for(fresh_db, doc.id)
    assert d["consulted"] == ["示例宠物用品有限公司"] and "邀请的企业" in d["_sources"]["consulted"]


def test_a_fact_recorded_for_a_version_counts_from_that_version_on(fresh_db, users):
    doc = make_doc(fresh_db, "GR")
    v1 = get_document(fresh_db, doc.id).current_version_id
    v2 = add_version(fresh_db, doc.id, tree("GR", "（送审稿）"), label="送审稿", actor="drafter1")
    record_fact(fresh_db, users["reviewer"], doc.id, "fair_competition_review", FCR, FCR_NOTE, version_id=v2.id)
    record_fact(fresh_db, users["reviewer"], doc.id, "explanation", True, "随各稿报送")
    assert facts_for(fresh_db, doc.id, v1) == {"explanation": True}
    assert set(recorded_facts(fresh_db, doc.id, v2.id)) == {"explanation", "fair_competition_review"}
    assert dossier_for(fresh_db, doc.id, v1) == {"explanation": True, "_sources": {
        "explanation": fact_history(fresh_db, doc.id, "explanation")[0].source}}
    assert dossier_for(fresh_db, doc.id)["fair_competition_review"] == FCR


# --- the catalogue of recordable facts -------------------------------------------------------------

def test_every_fact_names_rules_that_read_it_at_its_levels():
    rules = {r.id: r for r in all_rules()}
    for spec in FACTS.values():
        assert spec.kind in KINDS and spec.label and spec.help
        levels = set()
        for rule_id in spec.rules:
            src = inspect.getsource(rules[rule_id].check)
            reads = f'"{spec.key}"' in src or (spec.key == "market_related" and "market_related(ctx)" in src)
            assert reads, (spec.key, rule_id)
            levels |= set(rules[rule_id].levels)
        assert set(spec.levels.split()) <= levels, spec.key
    assert [s.key for s in facts_for_level("LR")] == [
        "fcr_exception", "hearing_record", "argument_record", "explanation", "amendment", "comparison_table",
        "approval_date", "effective_date", "publication_channels", "replaces"]


# --- the Streamlit form ---------------------------------------------------------------------------

def _form_app():
    import streamlit as st

    from ui.dossier_form import render_dossier_form
    from workbench.schema import open_db
    from workbench.documents.store import get_document
    conn = open_db(st.session_state["db_path"])
    render_dossier_form(conn, st.session_state["user"], get_document(conn, st.session_state["doc_id"]))


def _app(db_path, user, doc_id):
    at = AppTest.from_function(_form_app, default_timeout=30)
    at.session_state["db_path"] = db_path
    at.session_state["user"] = user
    at.session_state["doc_id"] = doc_id
    return at.run()


def test_form_records_a_fact(fresh_db, db_path, users):
    doc = consulted_gr(fresh_db, users)
    at = _app(db_path, users["reviewer"], doc.id)
    assert not at.exception
    table = at.dataframe[0].value
    row = table[table["事项"] == "公平竞争审查结论"].iloc[0]
    assert (row["当前值"], row["来源"], row["相关规则"]) == ("—", "未登记", "FCR-PROCESS")
    at.selectbox(key=f"dossier_{doc.id}_key").set_value("fair_competition_review").run()
    # an empty conclusion is refused with the core's message
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["请填写公平竞争审查结论。"] and rows(fresh_db) == 0
    at.text_area(key=f"dossier_{doc.id}_fair_competition_review_value").input(FCR)
    at.text_area(key=f"dossier_{doc.id}_fair_competition_review_note").input(FCR_NOTE)
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success] == [f"「公平竞争审查结论」已登记：{FCR}"]
    assert facts_for(fresh_db, doc.id) == {"fair_competition_review": FCR}
    table = at.dataframe[0].value
    row = table[table["事项"] == "公平竞争审查结论"].iloc[0]
    assert row["当前值"] == FCR and row["来源"].startswith("卷宗登记：审核机构甲 ") and FCR_NOTE in row["来源"]
    assert not hits(check(fresh_db, doc.id, dossier_for(fresh_db, doc.id)), "FCR-PROCESS")


def test_form_is_read_only_for_a_contact_point(fresh_db, db_path, users):
    doc = make_doc(fresh_db, "GR")
    at = _app(db_path, users["contact"], doc.id)
    assert not at.exception
    assert [i.value for i in at.info] == ["基层立法联系点无权登记卷宗事项（公平竞争审查、起草说明、听证等）。"]
    assert not at.selectbox and not at.button
