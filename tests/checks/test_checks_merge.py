"""What the advisor is asked to dispose of: one item per defect, messages in plain Chinese.

- two rules flagging the same words of the same 款 (LIC-NORMDOC + LIC-DISGUISED on a 规范性文件's
  「未经备案的，不得…」) become one item listing both rule ids (checks.merge.merge_same_spot);
  findings that only share the 款 (a 没收 and a fine amount) stay separate;
- rules that judge an article as a whole (ND-NOBASIS-OBLIG, RULE-NOBASIS-OBLIG) report once per
  article, naming the 款 concerned;
- finding messages never show configuration keys or rule ids.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from checks import check_text, run
from checks.config import PARAM_LABELS, load_jurisdiction
from checks.merge import merge_same_spot
from checks.registry import all_rules
from lawtext.parser import parse_file_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).with_name("fixtures")


def _example(name: str):
    return parse_file_text((EXAMPLES / name).read_text(encoding="utf-8"), filename=name)


def test_same_words_two_rules_become_one_item():
    findings = run(_example("nd-property-services.txt"), "ND")
    lic = [f for f in findings if f.rule in ("LIC-NORMDOC", "LIC-DISGUISED")]
    assert {(f.rule, f.article_label) for f in lic} == {("LIC-NORMDOC", "第四条"), ("LIC-DISGUISED", "第四条"),
                                                         ("LIC-NORMDOC", "第十八条"), ("LIC-DISGUISED", "第十八条")}
    merged = merge_same_spot(findings)
    lic_items = [f for f in merged if "LIC-NORMDOC" in f.rules or "LIC-DISGUISED" in f.rules]
    assert [(f.article_label, f.rules) for f in lic_items] == [
        ("第四条", ("LIC-NORMDOC", "LIC-DISGUISED")), ("第十八条", ("LIC-NORMDOC", "LIC-DISGUISED"))]
    for f in lic_items:        # both explanations and both bases are kept, each once
        assert "行政规范性文件不得以备案、登记等方式变相设定行政许可。" in f.message
        assert "构成变相行政许可" in f.message
        assert "行政许可法》第十七条" in f.basis and "优化营商环境条例" in f.basis
        assert f.to_dict()["related_rules"] == ["LIC-DISGUISED"]
    # no element+words pair is left twice
    spots = [(f.element_id, f.span) for f in merged if f.span]
    assert len(spots) == len(set(spots))
    assert len(merged) == len(findings) - 2


def test_different_defects_in_one_clause_stay_separate():
    """第十八条 of the ND example is a penalty AND a disguised licence; 第二十条 of the GR example is a
    confiscation AND a fine above the cap: different words, different defects, separate items."""
    nd = merge_same_spot(run(_example("nd-property-services.txt"), "ND"))
    art18 = [f.rules for f in nd if f.article_label == "第十八条"]
    assert ("PEN-NORMDOC",) in art18 and ("LIC-NORMDOC", "LIC-DISGUISED") in art18
    gr = merge_same_spot(run(_example("gr-dog-management-v1.md"), "GR"))
    art20 = {f.rule: f for f in gr if f.article_label == "第二十条"}
    assert {"PEN-RULE-TYPE", "PEN-RULE-FINE-CAP"} <= set(art20)
    assert art20["PEN-RULE-TYPE"].span == "没收犬只" and not art20["PEN-RULE-TYPE"].related


def test_merge_keeps_the_most_severe_and_passes_other_shapes_through():
    from checks.base import Finding
    warn = Finding("LIC-DISGUISED", "warning", "备案构成变相许可。", "art-2-p1", "第二条", span="未经备案的，不得")
    err = Finding("LIC-NORMDOC", "error", "规范性文件不得设定许可", "art-2-p1", "第二条", span="未经备案的，不得")
    other = {"rule": "CONFLICT-UPPER", "element_id": "art-2-p1", "span": "未经备案的，不得"}
    merged = merge_same_spot([warn, other, err])
    assert merged[0].rule == "LIC-NORMDOC" and merged[0].related == ("LIC-DISGUISED",)
    assert merged[0].severity == "error" and merged[0].message == "规范性文件不得设定许可。备案构成变相许可。"
    assert merged[1] is other and len(merged) == 2


def test_obligations_reported_once_per_article_naming_the_paragraphs():
    # without its basis in 第一条 the 细则's plain duties need one of their own: every article reports them
    name = "nd-property-services.txt"
    text = (EXAMPLES / name).read_text(encoding="utf-8").replace("根据《物业管理条例》等规定，", "")
    findings = [f for f in run(parse_file_text(text, filename=name), "ND") if f.rule == "ND-NOBASIS-OBLIG"]
    by_article = {}
    for f in findings:
        by_article.setdefault(f.article_label, []).append(f)
    assert all(len(v) == 1 for v in by_article.values()), {k: len(v) for k, v in by_article.items()}
    both = "本条第一款、第二款设定了义务或者限制。"
    assert by_article["第七条"][0].message.startswith(both)                     # both 款 impose duties
    assert by_article["第十三条"][0].message.startswith(both)
    assert by_article["第十一条"][0].message.startswith("本条第二款设定了义务或者限制。")   # only the second
    assert not by_article["第八条"][0].message.startswith("本条")                 # a one-款 article
    assert by_article["第七条"][0].element_id == "art-7-p1"


def test_a_named_basis_leaves_plain_duties_to_the_upper_law_comparison():
    findings = [f for f in run(_example("nd-property-services.txt"), "ND") if f.rule == "ND-NOBASIS-OBLIG"]
    labels = {f.article_label for f in findings}
    assert "第七条" not in labels and "第八条" not in labels          # 值班制度, 做好下列工作: plain duties
    assert {"第十三条", "第十六条"} <= labels                          # 停水停电, 两年内不得承接: burdens


def test_rule_nobasis_oblig_once_per_article():
    text = """示例市夜间经营管理办法
第一条 为了加强管理，结合本市实际，制定本办法。
第二条 经营者不得在夜间营业。
经营者应当在店外公示营业时间。
第三条 经营者应当保持店面整洁。"""
    fs = [f for f in check_text(text, "GR") if f.rule == "RULE-NOBASIS-OBLIG"]
    assert [(f.article_label, f.message.startswith("本条第一款、第二款设定了义务或者限制。")) for f in fs] == [
        ("第二条", True), ("第三条", False)]


# --- plain Chinese messages ----------------------------------------------------------------

_IDENTIFIER = re.compile(r"[A-Z]{2,}[_-][A-Z0-9_-]+|\[[A-Z]")


def _fixture_cases():
    for path in sorted(FIXTURES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data.get("fires", []) + data.get("lawful", []):
            if not case.get("corpus"):
                yield case


def test_messages_show_no_configuration_keys_or_rule_ids():
    messages = set()
    for case in _fixture_cases():
        for f in check_text(case["text"].strip(), case["level"], dossier=case.get("dossier"), meta=case.get("meta")):
            messages.add((f.rule, f.message))
    for path in sorted(p for p in EXAMPLES.iterdir() if p.is_file()):
        tree = parse_file_text(path.read_text(encoding="utf-8"), filename=path.name)
        for level in ("LR", "GR", "ND"):
            messages |= {(f.rule, f.message) for f in run(tree, level)}
    assert len(messages) > 100
    bad = [(r, m) for r, m in messages if _IDENTIFIER.search(m)]
    assert not bad, bad
    # the unverified-parameter note names the parameter in Chinese
    fine_cap = [m for r, m in messages if r == "PEN-RULE-FINE-CAP" and "未经核实" in m]
    assert fine_cap and all("本省规章罚款限额未经核实，按警示处理" in m for m in fine_cap)


def test_every_parameter_has_a_chinese_label():
    keys = {p for r in all_rules() for p in r.params} | set(load_jurisdiction().params)
    assert keys <= set(PARAM_LABELS), keys - set(PARAM_LABELS)
    assert all(re.search(r"[\u4e00-\u9fff]", v) and not _IDENTIFIER.search(v) for v in PARAM_LABELS.values())


def test_missing_fine_cap_is_named_in_chinese(monkeypatch):
    from checks.config import Jurisdiction
    empty = Jurisdiction(key="empty", name="空配置")
    monkeypatch.setattr("checks.config.load_jurisdiction", lambda profile=None: empty)
    fs = check_text("示例市养犬管理办法\n第一条 违反本办法规定的，处五万元罚款。", "GR")
    msgs = [f.message for f in fs if f.rule == "PEN-RULE-FINE-CAP"]
    assert msgs and all("本省规章罚款限额" in m and not _IDENTIFIER.search(m) for m in msgs)


def test_an_organ_designating_its_own_office_is_no_burden_on_anyone():
    """Found using the app: 「…各工作部门负责…，并指定机构负责…日常工作」 in a 规范性文件 was reported as
    taking something from private parties (the 指定 read as a designated supplier)."""
    from checks import check_text
    text = ("示例市政府信息公开办法\n第一条 根据《中华人民共和国政府信息公开条例》，制定本办法。\n"
            "第二条 各区人民政府办公室和市人民政府各工作部门负责本机关的政府信息主动公开工作，"
            "并指定机构负责本机关政府信息公开的日常工作。\n")
    assert not [f for f in check_text(text, "ND") if f.rule == "ND-NOBASIS-OBLIG"]
