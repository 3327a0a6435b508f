"""The rule book: every rule, listed explicitly (nothing registers itself on import).

Rule ids come from the catalogue (../shared/design/legality-rules.md part B) and are never reused:
a renamed rule keeps its old id in :data:`REDIRECTS`. Catalogue rules that cannot be checked
automatically are listed in :data:`NOT_AUTOMATED` with the reason (for the rules documentation),
and, where the advisor has something to check by hand, in :data:`MANUAL_CHECKS` per level, worded
for the reviewer (the 意见书's 「需人工核对的事项」).
"""
from __future__ import annotations

from checks import (abolished, business, citations, compulsion, conformity, drafting, fair_competition, fees, licensing,
                    penalty, procedure, references, retroactivity, rights, scope)
from dataclasses import dataclass

from checks.base import LEVEL_SET, Rule
from base.errors import NotFound

RULES: list[Rule] = [
    # B.1 scope and authority
    scope.scope_city_subject, scope.scope_law_only, scope.rule_nobasis_oblig, scope.nd_nobasis_oblig,
    scope.nd_power_shift, scope.nd_issuer, scope.nd_market_sphere, scope.nd_proofs,
    # B.1a abolished systems and fundamental rights (issue 15; docs/catalogue-amendments.md)
    rights.scope_abolished, rights.scope_discrimination, rights.scope_collective, rights.scope_privacy,
    # B.2 penalties
    penalty.pen_normdoc, penalty.pen_detention, penalty.pen_locreg_type, penalty.pen_locreg_scope,
    penalty.pen_rule_type, penalty.pen_rule_fine_cap, penalty.pen_rule_scope, penalty.pen_continuous,
    penalty.pen_revenue, penalty.pen_credit,
    # B.3 licences
    licensing.lic_normdoc, licensing.lic_cityrule, licensing.lic_add_condition, licensing.lic_local_limits,
    licensing.lic_disguised, licensing.lic_fee_tiein, licensing.lic_process,
    # B.4 coercion
    compulsion.coer_measure_rule_nd, compulsion.coer_measure_locreg, compulsion.coer_exec,
    compulsion.coer_utilities, compulsion.coer_process,
    # B.5 fees
    fees.fee_set, fees.fee_deposit, fees.fee_levy,
    # B.6 fair competition
    fair_competition.fcr_entry, fair_competition.fcr_flow, fair_competition.fcr_cost,
    fair_competition.fcr_conduct, fair_competition.fcr_exception, fair_competition.fcr_process,
    # B.7 business environment
    business.biz_consult, business.biz_transition, business.biz_legality_nd, business.biz_contract,
    business.biz_payment,
    # B.8 procedure
    procedure.proc_comment_gr, procedure.proc_hearing_gr, procedure.proc_comment_nd,
    procedure.proc_legality_first, procedure.proc_counsel, procedure.proc_collective, procedure.proc_publish,
    procedure.proc_effective, procedure.proc_filing, procedure.proc_approval_lr, procedure.proc_explanation,
    procedure.proc_validity_nd,
    # B.9 retroactivity
    retroactivity.retro,
    # B.10 drafting technique
    drafting.draft_cite_name, drafting.draft_numbering, drafting.draft_title_gr, drafting.draft_interp,
    drafting.draft_repeat, drafting.draft_structure, drafting.draft_clarity,
    # citations and internal references (not in the catalogue's part B; ids of our own)
    citations.cite_resolve, citations.cite_repealed, citations.cite_renumbered, references.ref_internal,
    references.ref_numbering,
    # upper-law conformity (上位法比对; ids of our own)
    conformity.upper_conform, conformity.upper_conforming, abolished.upper_abolished,
]

# old id → new id, for findings stored under an id that was renamed
REDIRECTS: dict[str, str] = {}

NOT_AUTOMATED: dict[str, str] = {
    "PEN-LOCREG-SUPPL": "须判断上位法对该行为「有规定而未处罚」，需要上位法关联表；请法律顾问人工核对补充设定的听证、论证和书面说明。",
    "LIC-NATIONAL-CHOSEN-NOT": "须判断国家已对该事项采用备案、告知承诺等非许可方式，需要上位法关联表；请人工核对。",
    "PROC-LEGALITY-SCOPE": "不是检查规则，而是审核意见书的结构：意见书按其七个方面组织（见 checks.base.HEADS）。",
    "PROC-EVAL-CLEANUP": "立法后评估、清理和「两年」转换提醒属于流程日历，由流程阶段模块提醒，不在文本检查中报告。",
}



@dataclass(frozen=True)
class ManualCheck:
    """A catalogue rule the advisor checks by hand: listed in the 意见书 of documents of ``levels``
    under 「需人工核对的事项」, in the reviewer's words (``what``: what to check, and on what basis)."""
    id: str
    levels: frozenset
    what: str


MANUAL_CHECKS: list[ManualCheck] = [
    ManualCheck("PEN-LOCREG-SUPPL", frozenset({"LR"}),
                "草案对法律、行政法规已有规定但未设定行政处罚的违法行为补充设定行政处罚的，请核对：补充设定是否为实施"
                "法律、行政法规所必需；起草中是否通过听证会、论证会等形式广泛听取意见；是否已向制定机关作出书面说明，"
                "并在报送备案时说明补充设定的情况（《中华人民共和国行政处罚法》第十二条第三款）。"),
    ManualCheck("LIC-NATIONAL-CHOSEN-NOT", frozenset({"LR", "GR"}),
                "草案设定或者具体规定行政许可的，请核对国家法律、行政法规、国务院决定对同一事项是否已采用备案、"
                "告知承诺、事中事后监管等非许可方式管理；国家已采用非许可方式的，地方不得另行设定许可"
                "（《优化营商环境条例》第三十九条第二款）。"),
    ManualCheck("PROC-EVAL-CLEANUP", frozenset({"LR"}),
                "草案要求有关机关对专门事项作出配套具体规定的，请核对是否明确了制定机关，配套规定应当自本法规施行之日起"
                "一年内作出；并请确认本法规已列入立法后评估和定期清理安排。"),
    ManualCheck("PROC-EVAL-CLEANUP", frozenset({"GR"}),
                "草案属于因行政管理迫切需要而先行制定的规章的，请核对：规章实施满两年需要继续实施其规定的行政措施的，"
                "应当提请本级人民代表大会或者其常务委员会制定地方性法规（《中华人民共和国立法法》第九十三条第五款）；"
                "并请确认本规章已列入立法后评估和定期清理安排。"),
    ManualCheck("PROC-EVAL-CLEANUP", frozenset({"ND"}),
                "请核对草案是否载明有效期，并确认本文件已列入规范性文件定期清理和评估安排。"),
]


def manual_checks(level: str) -> list[ManualCheck]:
    """What the advisor checks by hand for a document of ``level`` (LR/GR/ND)."""
    return [m for m in MANUAL_CHECKS if level in m.levels]


_BY_ID = {r.id: r for r in RULES}
assert len(_BY_ID) == len(RULES), "duplicate rule id"
assert all(m.id in NOT_AUTOMATED and m.levels <= LEVEL_SET for m in MANUAL_CHECKS)


def all_rules() -> list[Rule]:
    return list(RULES)


def get_rule(rule_id: str) -> Rule:
    rule_id = REDIRECTS.get(rule_id, rule_id)
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise NotFound(code="registry.get_rule", rule_id=rule_id) from None


def rules_for(level: str) -> list[Rule]:
    return [r for r in RULES if level in r.levels]
