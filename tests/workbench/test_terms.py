"""Defined terms and their consistent use (lawtext.terms): a draft written for these tests, the
demo 规章, and enacted regulations from the corpus."""
from __future__ import annotations

from pathlib import Path

from lawtext.parser import parse_markdown, parse_text
from lawtext.terms import find_definitions, term_issues

ROOT = Path(__file__).resolve().parents[2]

DRAFT = """示例市互联网租赁自行车管理办法
第一章 总则
第一条 为了规范互联网租赁自行车经营，明确市城管部门的职责，根据有关法律、法规，制定本办法。
第二条 市城市管理行政执法部门（以下简称市城管部门）负责互联网租赁自行车停放秩序的监督管理。
第三条 本办法所称互联网租赁自行车，是指以互联网技术为依托提供分时租赁服务的自行车。
第二章 管理
第四条 运营企业应当按照市城管部门的要求投放车辆。
第五条 市城市管理行政执法部门应当会同交通部门制定投放计划。
第六条 运营企业应当及时清理违规停放的互联网租赁自行车。
第三章 附则
第七条 本办法下列用语的含义：
（一）运营企业，是指提供互联网租赁自行车服务的企业；
（二）停放区域，是指政府划定的非机动车停放点。
第八条 本办法所称互联网租赁自行车，包括电动自行车。
第九条 本办法自2026年1月1日起施行。
"""


def by_kind(issues):
    out = {}
    for i in issues:
        out.setdefault(i.kind, []).append(i)
    return out


def test_definitions_of_all_three_kinds_are_found():
    doc = parse_text(DRAFT)
    defs = {(d.term, d.kind, d.article_label): d for d in find_definitions(doc)}
    assert ("市城管部门", "简称", "第二条") in defs
    assert defs[("市城管部门", "简称", "第二条")].full == "市城市管理行政执法部门"
    assert ("互联网租赁自行车", "所称", "第三条") in defs
    assert ("互联网租赁自行车", "所称", "第八条") in defs
    assert ("运营企业", "含义", "第七条") in defs
    assert ("停放区域", "含义", "第七条") in defs
    assert defs[("运营企业", "含义", "第七条")].element_id == "art-7-p1-i1"


def test_inconsistent_uses_are_reported_with_their_article_and_rule():
    doc = parse_text(DRAFT)
    issues = by_kind(term_issues(doc))
    # full form used again after the short form was introduced
    assert [(i.article_label, i.term) for i in issues["full_after_short"]] == [("第五条", "市城管部门")]
    # short form used before the article that introduces it (not inside the full form)
    assert [(i.article_label, i.term) for i in issues["short_before"]] == [("第一条", "市城管部门")]
    # the same term defined twice with different wording
    assert sorted(i.article_label for i in issues["duplicate"]) == ["第三条", "第八条"]
    assert all(i.severity == "warning" for i in issues["duplicate"])
    # a defined term the text never uses
    assert [(i.article_label, i.term) for i in issues["unused"]] == [("第七条", "停放区域")]
    assert {i.rule_id for i in term_issues(doc)} <= {"DRAFT-CLARITY", "DRAFT-STRUCTURE"}
    assert issues["unused"][0].element_id == "art-7-p1-i2"


def test_filter_by_article_keeps_issues_there_and_about_terms_defined_there():
    doc = parse_text(DRAFT)
    at5 = term_issues(doc, "第五条")
    assert [(i.kind, i.article_label) for i in at5] == [("full_after_short", "第五条")]
    at2 = term_issues(doc, "art-2")  # defines 市城管部门: its misuses elsewhere are shown too
    assert {(i.kind, i.article_label) for i in at2} == {("full_after_short", "第五条"), ("short_before", "第一条")}
    assert term_issues(doc, "第九条") == []


def test_a_consistent_draft_has_no_issues():
    fixed = (DRAFT.replace("明确市城管部门的职责", "明确管理职责")
             .replace("第五条 市城市管理行政执法部门", "第五条 市城管部门")
             .replace("第八条 本办法所称互联网租赁自行车，包括电动自行车。", "第八条 违规停放的车辆，应当移至停放区域。"))
    assert term_issues(parse_text(fixed)) == []


def test_demo_rule_defines_terms_in_a_list_and_uses_them():
    doc = parse_markdown((ROOT / "examples" / "gr-dog-management-v2.md").read_text(encoding="utf-8"))
    assert {d.term for d in find_definitions(doc)} >= {"烈性犬", "大型犬", "养犬人"}
    assert not [i for i in term_issues(doc) if i.kind in ("duplicate", "unused")]


def test_enacted_regulations(corpus_dir):
    # a short form whose full form appears inside a proper name (…仲裁委员会) is not a misuse
    beijing = parse_markdown((corpus_dir / "DLC/北京地方法规/地方性法规/北京/北京市农业承包合同条例.md")
                             .read_text(encoding="utf-8"))
    defs = [d for d in find_definitions(beijing) if d.kind == "简称"]
    assert [(d.term, d.full, d.article_label) for d in defs] == [("承包合同", "农业承包合同", "第二条")]
    assert [i for i in term_issues(beijing) if i.kind == "full_after_short"] == []
    # …but the full name used again after 以下简称 is reported
    luohe = parse_markdown((corpus_dir / "DLC/河南地方法规/地方性法规/河南/漯河市沙澧河风景名胜区条例(2019-01-08).md")
                           .read_text(encoding="utf-8"))
    found = [(i.article_label, i.term) for i in term_issues(luohe) if i.kind == "full_after_short"]
    assert ("第三条", "风景区") in found
