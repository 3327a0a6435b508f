"""Part D of ../shared/design/legality-rules.md: the ten test-case defects and the five extra cases,
with the rule ids and severities the catalogue expects (as amended in the report, see README)."""
from __future__ import annotations

import pytest

from checks import check_text

CASES = [
    ("D1", "ND", "关于规范商户经营备案的通知\n第一条 对未按本通知要求办理经营备案的商户，由市商务局处以五千元罚款。",
     {"PEN-NORMDOC": "error", "LIC-DISGUISED": "error"}, None),
    # cap UNVERIFIED for Liaoning: the catalogue says warning then
    ("D2", "GR", "沈阳市停车场管理办法\n第一条 违反本办法第十二条规定的，由市城市管理部门责令停产停业，并处五万元以上十万元以下罚款。",
     {"PEN-RULE-TYPE": "error", "PEN-RULE-FINE-CAP": "warning"}, None),
    ("D3", "LR", "沈阳市市场管理条例\n第一条 违反本条例第二十条规定，情节严重的，由市场监督管理部门吊销其营业执照。",
     {"PEN-LOCREG-TYPE": "error"}, None),
    ("D4", "GR", "沈阳市互联网租赁自行车管理办法\n第一条 在本市从事互联网租赁自行车经营的，应当经市交通运输主管部门批准，"
     "取得经营许可证后方可投放车辆。", {"LIC-CITYRULE": "error", "FCR-ENTRY": "warning"}, None),
    ("D5", "ND", "关于加强物业服务管理的通知\n第一条 物业服务企业应当在承接项目前向区住房城乡建设部门备案；未经备案的，不得承接物业服务项目。",
     {"LIC-DISGUISED": "error", "LIC-NORMDOC": "error"}, None),
    ("D6", "GR", "沈阳市停车场管理办法\n第一条 对违法停放且无法联系车主的车辆，执法人员可以予以扣押，当事人应当在三十日内接受处理。",
     {"COER-MEASURE-RULE-ND": "error"}, None),
    ("D7", "ND", "关于加快违法建设整改的通知\n第一条 对拒不缴纳违建整改费用的业主，供水、供电单位应当配合停止对其住宅供水、供电。",
     {"COER-UTILITIES": "error", "FEE-SET": "warning"}, None),
    ("D8", "ND", "关于支持企业技术改造的若干政策\n第一条 申请技术改造补贴的企业，应当向市工业和信息化局缴纳履约保证金二十万元。",
     {"FEE-DEPOSIT": "error"}, None),
    ("D9", "ND", "关于政府投资项目采购的通知\n第一条 政府投资项目同等条件下优先采购本市注册企业生产的产品；外地企业须在本市设立分公司方可参与投标。",
     {"FCR-FLOW": "error"}, None),
    ("D10", "GR", "沈阳市停车场管理办法\n第一条 本办法施行前已投入使用但未达到本办法规定标准的停车场，经营者应当自2024年1月1日起按新标准"
     "补缴差额费用。\n第二条 本办法自2025年3月1日起施行。", {"RETRO": "error", "FEE-SET": "warning"}, None),
    ("X1", "GR", "沈阳市停车场管理办法\n第一条 本办法由市交通运输局负责解释。", {"DRAFT-INTERP": "error"}, None),
    ("X2", "GR", "沈阳市停车场管理办法\n第一条 根据《行政许可法》和有关法律规定，结合本市实际，制定本办法。",
     {"DRAFT-CITE-NAME": "warning"}, None),
    ("X3", "GR", "沈阳市停车场管理办法\n第一条 为了加强停车场管理，制定本办法。", {"PROC-COMMENT-GR": "error"},
     {"comment_start": "2025-05-06", "comment_end": "2025-05-20"}),
    ("X4", "ND", "关于加强市场秩序管理的通知\n第一条 各商户应当遵守营业时间规定。", {"PROC-LEGALITY-FIRST": "error"},
     {"legality_review_date": "2025-06-10", "collective_meeting_date": "2025-06-05"}),
    ("X5", "ND", "关于规范中小学校服管理的通知\n第一条 本市中小学校服统一由市教育服务中心指定的供应商供应。", {"FCR-ENTRY": "error"}, None),
]


@pytest.mark.parametrize("case,level,text,expected,dossier", CASES, ids=[c[0] for c in CASES])
def test_catalogue_case(case, level, text, expected, dossier):
    found: dict[str, set[str]] = {}
    for f in check_text(text, level, dossier=dossier):
        found.setdefault(f.rule, set()).add(f.severity)
    for rule, severity in expected.items():
        assert rule in found, f"{case}: {rule} missing; found {found}"
        assert severity in found[rule], f"{case}: {rule} is {found[rule]}, expected {severity}"


def test_d2_fine_cap_is_an_error_when_the_cap_is_verified(monkeypatch):
    """With a verified provincial cap the same clause is an error (the UNVERIFIED downgrade is the only reason
    D2 reports a warning)."""
    from checks import base
    from checks.config import Jurisdiction, Param, load_jurisdiction
    real = load_jurisdiction()
    params = dict(real.params)
    params["GR_FINE_CAP"] = Param("GR_FINE_CAP", {"business": 30000, "non_business": 1000}, True, "test")
    verified = Jurisdiction(key="verified", name="test", params=params)
    from lawtext.parser import parse_text
    from checks.registry import get_rule
    ctx = base.Context(tree=parse_text(CASES[1][2]), level="GR", config=verified)
    fs = get_rule("PEN-RULE-FINE-CAP").run(ctx)
    assert [f.severity for f in fs] == ["error"]
    assert "100,000" in fs[0].message
