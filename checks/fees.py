"""B.5 收费、保证金、集资、摊派, over clause fields.

A payment the draft requires is a consequence of type fee, deposit or levy the draft imposes on a
private party, or a payment whose absence is the condition of a sanction, a refusal or a ban
(未缴纳…保证金的，不予核发…; 未…缴纳培训费的…，不得参加考核). Not a requirement of the draft:
payments agreed by contract (物业服务费 by 约定), fees with a national basis the clause names or
that the vocabulary knows (污水处理费, 投标保证金), cost bearing (费用由…承担). Payments of
systems an upper law abolished (社会抚养费, 安全生产风险抵押金) have no basis whatever the clause
refers to.
"""
from __future__ import annotations

import re

from lawtext.clauses.model import Consequence

from checks.base import Context, rule
from checks.clauses import Norm, has_concept, imposed, norm_hit, norms, prov_has


def _abolished(n: Norm, c: Consequence | None = None) -> bool:
    words = [x for x in n.clause.concepts if x.label == "ABOLISHED"]
    return bool(words) and (c is None or any(w.start < c.end and c.start < w.end or w.text in c.text for w in words))


def _private_payer(n: Norm) -> bool:
    """The payment falls on a private party: the addressee is one, or a public body collects."""
    if n.clause.addressee_type != "public":
        return True
    return any(x.label == "PAY" and x.text in ("收取", "征收", "计收", "加收", "收缴", "计征", "统一收取")
               for x in n.clause.concepts)


_AT_A_RATE = re.compile(r"按(?:照)?[^，。；]{1,24}?(?:收入|营业额|销售额|产值|利润)[^，。；]{0,12}?比例$|"
                        r"按(?:照)?[^，。；]{0,12}?(?:分配|下达|摊分|确定)的(?:额度|任务|指标|数额)[^，。；]{0,4}$")   # 按照组委会分配的额度认领
_REFUNDED = ("退还", "清退", "返还", "退回")
_CASH_ONLY = re.compile(r"不接受(?:银行)?保函|不得以(?:银行)?保函|一律以现金|只接受现金|仅接受现金|不予接受[^。；]{0,6}保函")


_WHEN = re.compile(r"(?:之)?(?:前|后|时|之日)")     # 在签订运输合同前: a time, not a civil price


def _basis(n: Norm, c=None) -> bool:
    """The payment rests on an upper law or a contract: a referral governing it (not 依法 about other
    fees: 除依法缴纳的各项费用外，还应当缴纳…资金), a civil price, or a fee the law itself names —
    not the budget a new levy is put into (纳入政府性基金预算管理)."""
    referred = n.referred_for(c) if c is not None else n.referred
    provs = [n.prov] + ([n.prov.lead] if n.prov.lead is not None else [])
    civil = any(x.label == "CIVIL" and not _WHEN.match(n.clause.text, x.end - n.clause.start) for x in n.clause.concepts)
    return referred or civil or any(
        x.label == "FEE_BASIS" and not p.text[:x.start].endswith("纳入")
        for p in provs for cl in p.clauses for x in cl.concepts)


def required_payments(ctx: Context, kind: str):
    """(norm, consequence) for each payment of ``kind`` (fee/deposit/levy) the draft requires:
    imposed by a norm, or required through a condition (未缴纳…的 → a sanction, refusal or ban)."""
    seen = set()
    for n, c in imposed(ctx, kind):
        if _private_payer(n):
            seen.add((id(n), c.start))
            yield n, c
    label = {"fee": "FEE", "deposit": "DEPOSIT"}.get(kind)
    if label is None:
        return
    for n in norms(ctx):                   # 实行…风险抵押金制度: a payment regime
        if n.in_conduct_list or not has_concept(n, "GATE", "regime") or "制度" not in n.clause.text:
            continue
        x = next((x for x in n.clause.concepts if x.label == label and x.kind == "named"
                  and n.clause.text.startswith("制度", x.end - n.clause.start)), None)
        if x is not None and (id(n), x.start) not in seen:
            seen.add((id(n), x.start))
            yield n, Consequence(kind, kind, "收费" if kind == "fee" else "保证金", x.text, x.start, x.end, object=x.text)
    for n in norms(ctx):
        if n.in_conduct_list or not any(x.type in ("sanction", "measure") or x.kind == "gate" for x in n.clause.consequences):
            continue
        for d in n.clause.conditions:
            pays = [x for x in d.concepts if x.label == "PAY"]
            named = [x for x in d.concepts if x.label == label and x.kind == "named" and pays and x.start > pays[0].start]
            if named and d.violation and (id(n), named[0].start) not in seen:
                x = named[0]
                yield n, Consequence(kind, kind, "收费" if kind == "fee" else "保证金", x.text, x.start, x.end, object=x.text)


@rule("FEE-SET", title="设定行政事业性收费或政府性基金", levels="LR GR ND",
      severity={"LR": "warning", "GR": "error", "ND": "error"}, head=4,
      basis="《优化营商环境条例》第二十五条第一款；《中华人民共和国行政许可法》第五十八条；《中华人民共和国中小企业促进法》第五十四条")
def fee_set(ctx: Context):
    """
    What it checks: 条款是否要求公民、企业缴纳费用、基金、附加（缴纳、收取、征收、计收、补缴……费），或把缴费作为
    不受处罚、准予办理的条件，而未注明法律、行政法规或国家规定的依据；泛称的「费用」（差额、成本）按警示。
    已被上位法取消的收费（社会抚养费等）一律为错误。
    Why: 设立政府性基金、涉企行政事业性收费须有法律、行政法规依据或经国务院批准；目录清单之外不得收费；
    规范性文件不得设定收费。地方性法规按警示（请对照国家收费目录清单）。
    Fires on: 规范性文件「办理登记的，由市场主体缴纳管理费五百元。」（错误）；「举办者应当按照每日二千元的标准缴纳
    市容环境保障费。」；「补缴差额费用」（警示）；「对违反规定生育子女的，征收社会抚养费。」（错误）
    Does not fire on: 「业主应当按照约定交纳物业服务费。」（民事约定）；「按照国家规定的标准缴纳污水处理费。」；
    「不得收取任何费用。」；「区财政部门应当将行政事业性收费纳入目录清单管理。」
    Basis: 优化营商环境条例第二十五条第一款；行政许可法第五十八条；中小企业促进法第五十四条；促进个体工商户发展条例第三十条；
    人口与计划生育法（2021年修正）取消社会抚养费。
    """
    for n, c in required_payments(ctx, "fee"):
        if _abolished(n, c):               # the error is SCOPE-ABOLISHED's; here the fee view of it
            yield norm_hit(n, f"「{c.text}」已被上位法取消，不得再行征收。", f"征收已取消的「{c.text}」", c, severity="warning")
            continue
        if _basis(n, c):
            continue
        generic = c.text.endswith("费用") or c.text in ("费用", "差额")
        sev = "warning" if generic else None
        msg = ("要求缴纳的「费用」是否属于行政事业性收费或变相收费，须核对其法律依据。" if generic else
               "收取费用须有法律、行政法规依据或经国务院批准，并列入收费目录清单；规范性文件不得设定收费。")
        yield norm_hit(n, msg, f"要求缴纳「{c.text}」而无上位法依据", c, severity=sev)


@rule("FEE-DEPOSIT", title="设立涉企保证金、押金", levels="LR GR ND", severity="error", head=4,
      basis="《优化营商环境条例》第二十五条第一款")
def fee_deposit(ctx: Context):
    """
    What it checks: 条款是否要求企业或个人缴纳保证金、押金、风险金、质保金、履约金、诚信金等（未注明依据），或以
    缴纳保证金作为办理许可、享受政策的条件；已取消的保证金（安全生产风险抵押金）为错误；有依据的保证金只收现金、
    不接受银行保函的，同样为错误。退还已收保证金的条款不报。
    Why: 涉企保证金须有法律、行政法规依据或经国务院批准，并列入目录清单；应当允许以银行保函替代现金。
    有国家依据的常见保证金（投标、农民工工资、旅行社质量保证金、土地复垦等）不报。
    Fires on: 「申请技术改造补贴的企业，应当向市工业和信息化局缴纳履约保证金二十万元。」；「建设单位未缴纳渣土运输保证金的，
    城市管理部门不予核发建筑垃圾处置核准文件。」；「工资保证金一律以现金方式存入指定专户，不接受银行保函。」
    Does not fire on: 「不得向企业收取没有法律法规依据的保证金。」；「施工总承包单位应当依照《保障农民工工资支付条例》
    存储工资保证金。」；「投标人可以选择以银行保函提交投标保证金。」
    Basis: 优化营商环境条例第二十五条第一款（含以保函替代现金的规定）；保障中小企业款项支付条例第十三条。
    """
    for n, c in required_payments(ctx, "deposit"):
        if _abolished(n, c):
            yield norm_hit(n, f"「{c.text}」已被取消，不得再要求存缴。", f"要求存缴已取消的「{c.text}」", c)
            continue
        if _CASH_ONLY.search(n.prov.text) or (n.unit.article is not None and _CASH_ONLY.search(n.unit.article.flat_text)):
            yield norm_hit(n, "涉企保证金应当允许以银行保函、保证保险等方式替代现金缴纳（保障农民工工资支付条例第三十二条等），"
                              "不得只收现金。", f"「{c.text}」只收现金、不接受保函", c)
            continue
        if _basis(n) or prov_has(n, "DEPOSIT_BASIS"):
            continue
        if any(w in n.clause.text[c.start - n.clause.start:] for w in _REFUNDED):
            continue                      # 已经收取的保证金…全部退还 / 核算并退还保证金: given back, not required
        personal = not has_concept(n, "PARTY", "operator") and (has_concept(n, "PARTY", "person") or
                                                                 any(w in n.prov.text for w in ("公民", "个人", "患者")))
        yield norm_hit(n, "设立涉企保证金须有法律、行政法规依据或经国务院批准，并应允许以银行保函替代现金。" if not personal else
                       "要求公民缴纳保证金、押金须有法律、法规依据，请核对。", f"要求缴纳「{c.text}」而无上位法依据", c,
                       severity="warning" if personal else None)


@rule("FEE-LEVY", title="集资、摊派、强制赞助捐赠", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国中小企业促进法》第五十四条；《促进个体工商户发展条例》第三十条；《中华人民共和国慈善法》第三十二条")
def fee_levy(ctx: Context):
    """
    What it checks: 条款是否要求企业、个体工商户、农民或居民集资、摊派、赞助、捐款、出工出劳，或以折款代替劳务
    （「应当提供社区共建赞助」「不参加的，按每个工日一百元折款缴纳」）。
    Why: 任何单位不得向中小企业、个体工商户集资、摊派，不得强制其提供赞助或接受有偿服务；募捐不得摊派。
    村民筹资筹劳须经村民会议一事一议，不得强行摊派。
    Fires on: 「辖区内企业应当按照营业额的千分之一缴纳文明城市创建赞助费。」；「每户应当出工出劳五个工日。」；「由主办区组织
    规模以上企业按照营业收入万分之五的比例认捐」（按比例下达的认捐）。
    Does not fire on: 「鼓励企业和个人捐资助学。」；「任何单位不得向企业摊派。」；「村民筹资筹劳的，由村民会议讨论决定，
    实行一事一议。」
    Basis: 中小企业促进法第五十四条；促进个体工商户发展条例第三十条；慈善法第三十二条；农业法第六十七条。
    """
    for n, c in required_payments(ctx, "levy"):
        cl = n.clause
        if cl.addressee_type == "public":
            continue                      # 政府应当采取财政投资、社会捐资等途径筹资: not a levy on anyone
        if cl.modality not in ("obligation", "imposition", "") or any(w in n.prov.text for w in ("自愿", "一事一议")):
            continue
        modal = next((x for x in cl.concepts if x.label == "MODAL"), None)
        if modal is not None and c.start < modal.start:
            continue                      # the levy word names the subject, not what is required
        between = cl.text[modal.end - cl.start:c.start - cl.start] if modal is not None else "x的"
        direct = modal is not None and "的" not in between and not any(
            x.label in ("PAY", "ACQUIRE", "VERB") and modal.end <= x.start < c.start for x in cl.concepts)
        acts = c.text in ("出工出劳", "义务出工", "义务劳动", "折款") or direct   # 应当向街道捐款, 每户应当出资
        paid = any(x.label == "PAY" and x.start < c.start and (modal is None or x.start > modal.start) for x in cl.concepts)
        shared = (any(w in c.text for w in ("分摊", "筹集")) or "面积每平方米" in c.text) and \
            (has_concept(n, "PAY") or "元" in n.prov.text)  # 按面积分摊，每平方米十五元
        rated = bool(_AT_A_RATE.search(cl.text[:c.start - cl.start]))   # 按照上一年度营业收入万分之五的比例认捐
        if not (acts or paid or shared or rated):
            continue                      # 捐资举办学校的组织, 以群众捐资为主的项目: a description
        if has_concept(n, "CONSENT") and any(w in cl.text for w in ("讨论决定", "决定")):
            continue
        yield norm_hit(n, "不得向企业、个体工商户、农民或居民集资、摊派，或者强制其赞助、捐赠、出工出劳。",
                       f"强制「{c.text}」", c)
