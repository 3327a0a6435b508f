"""Conflict search on a small written draft against the imported real subset."""
from __future__ import annotations

import json

import pytest

from corpus.conflicts import OTHER, PEER, UPPER, draft_context, find_conflicts, group_of
from corpus_helpers import DRAFT_JINAN
from lawtext.parser import parse_text


@pytest.fixture(scope="module")
def jinan_report(subset_index):
    return find_conflicts(subset_index, parse_text(DRAFT_JINAN), level="LR")


def _titles(matches):
    return [(m.hit.title, m.hit.label) for m in matches]


def test_draft_context_from_title():
    ctx = draft_context("济南市养犬管理条例（草案）", "LR")
    assert (ctx.level, ctx.locality, ctx.tier, ctx.label) == ("地方性法规", "济南市", "city", "济南市地方性法规")
    ctx = draft_context("济南市养犬管理条例（草案）", "LR", city_provinces={"济南市": "山东"})
    assert ctx.region == "山东"
    ctx = draft_context("上海市养犬管理条例（修订草案）", "地方性法规")
    assert (ctx.locality, ctx.tier, ctx.region) == ("上海市", "province", "上海")
    ctx = draft_context("关于加强停车管理的若干规定", "GR", issuing_body="青岛市人民政府",
                        city_provinces={"青岛市": "山东"})
    assert (ctx.level, ctx.locality, ctx.region) == ("政府规章", "青岛市", "山东")


def test_a_central_organ_is_not_read_as_a_city():
    """Issue 19, defect 6: 国家市场监督管理总局 was read as 「国家市」."""
    for body in ("国家市场监督管理总局", "国务院办公厅", "中华人民共和国生态环境部", "交通运输部"):
        ctx = draft_context("关于规范网络交易的若干规定", "ND", issuing_body=body)
        assert (ctx.locality, ctx.tier, ctx.region) == ("", "national", ""), body
        assert ctx.label == "中央国家机关制定的行政规范性文件", body
    ctx = draft_context("国家市场监督管理总局关于规范网络交易的若干规定", "ND")
    assert ctx.label == "中央国家机关制定的行政规范性文件"
    assert draft_context("关于加强停车管理的若干规定", "GR").label == "（未识别地区）政府规章"
    assert draft_context("关于加强停车管理的若干规定", "GR", issuing_body="示例市人民政府").locality == "示例市"


def test_upper_law_depends_on_level_and_place():
    jinan_lr = draft_context("济南市养犬管理条例", "LR", city_provinces={"济南市": "山东"})
    shanghai_lr = draft_context("上海市养犬管理条例", "LR")
    jinan_gr = draft_context("济南市停车管理办法", "GR", city_provinces={"济南市": "山东"})
    shandong = ("地方性法规", "山东", "山东省", "province")
    assert group_of(jinan_lr, "法律", "全国", "全国", "national") == UPPER
    assert group_of(jinan_lr, "行政法规", "全国", "全国", "national") == UPPER
    assert group_of(jinan_lr, *shandong) == UPPER                      # 省级地方性法规 over a 设区的市
    assert group_of(shanghai_lr, *shandong) == PEER                    # another province: a peer
    assert group_of(jinan_lr, "地方性法规", "山东", "东营市", "city") == PEER
    assert group_of(jinan_lr, "司法解释", "全国", "全国", "national") == OTHER
    assert group_of(jinan_gr, "地方性法规", "山东", "济南市", "city") == UPPER   # own city's 法规 over its 规章
    assert group_of(jinan_gr, "地方性法规", "山东", "东营市", "city") == OTHER
    assert group_of(jinan_gr, "部门规章", "全国", "全国", "national") == PEER


def test_draft_articles_find_their_upper_law_with_flags(jinan_report):
    rep = jinan_report
    assert rep.context.locality == "济南市" and rep.context.region == "山东"
    assert [a.label for a in rep.articles] == ["第一条", "第二条", "第三条", "第四条", "第五条"]
    art2 = rep.articles[1]
    top = art2.matches[UPPER][0]
    assert (top.hit.title, top.hit.label) == ("中华人民共和国动物防疫法", "第三十条")
    assert top.hit.score > 0.9
    modal = [f for f in top.flags if f.kind == "modal"]
    assert modal and "应当" in modal[0].detail and "可以" in modal[0].detail
    assert any(o.op == "delete" and "应当" in o.text for o in top.redline)
    assert any(o.op == "insert" and "可以" in o.text for o in top.redline)
    # the redline is provision → draft: its sides give back both texts
    assert "".join(o.text for o in top.redline if o.op != "insert") == top.provision
    assert "".join(o.text for o in top.redline if o.op != "delete") == art2.text


def test_fines_beyond_the_upper_law_are_flagged(jinan_report):
    art3 = jinan_report.articles[2]
    top = art3.matches[UPPER][0]
    assert (top.hit.title, top.hit.label) == ("中华人民共和国动物防疫法", "第九十四条")
    details = " ".join(f.detail for f in top.flags if f.kind == "amount")
    assert "五万元" in details and "十万元" in details
    assert "草案罚款上限 100,000 元高于上位法上限 50,000 元" in details


def test_provincial_regulation_is_upper_for_a_city_and_peer_elsewhere(subset_index, jinan_report):
    art4 = jinan_report.articles[3]
    assert ("山东省动物防疫条例", "第二十八条") in _titles(art4.matches[UPPER])
    assert all(m.hit.level in ("法律", "行政法规", "宪法") or (m.hit.region, m.hit.locality) == ("山东", "山东省")
               for m in art4.matches[UPPER])
    shanghai = find_conflicts(subset_index, parse_text(DRAFT_JINAN.replace("济南市", "上海市")), level="LR")
    art4_sh = shanghai.articles[3]
    assert ("山东省动物防疫条例", "第二十八条") in _titles(art4_sh.matches[PEER])
    assert ("山东省动物防疫条例", "第二十八条") not in _titles(art4_sh.matches[UPPER])


def test_peer_group_holds_other_local_regulations_only(jinan_report):
    for a in jinan_report.articles:
        assert all(m.hit.level == "地方性法规" for m in a.matches[PEER])
        assert all(m.hit.status == "现行" for g in a.matches for m in a.matches[g])
        for g, ms in a.matches.items():
            assert len(ms) <= 3
            assert [m.hit.score for m in ms] == sorted((m.hit.score for m in ms), reverse=True)
            assert all(m.hit.score >= 0.35 for m in ms)


def test_report_serialises_to_json(jinan_report):
    data = json.loads(json.dumps(jinan_report.to_dict(), ensure_ascii=False))
    assert data["title"] == "济南市养犬管理条例（草案）" and len(data["articles"]) == 5
    m = data["articles"][1][UPPER][0]
    assert set(m) >= {"path", "title", "article", "score", "level", "status", "redline", "flags", "provision"}
    assert "[-应当-]" in m["redline"] and "{+可以+}" in m["redline"]
