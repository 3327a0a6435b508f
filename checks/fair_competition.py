"""B.6 公平竞争审查 (公平竞争审查条例 2024; 反垄断法 2022), over clause fields.

The rules read what a clause distinguishes and what it does with the distinction: a local
preference (优先 + 本地), a local presence or registration required for access (在本区设立分支机构
并缴纳社会保险…才能参加招标; 在本市注册登记满三年 among a licence's conditions), a burden on
non-local goods or firms in any wording (外地…须, 进入本市销售的…应当取得…标识), a designated
supplier, an exclusive right, a 户籍 or residence condition for doing business, a reward computed
on local taxes or granted to selected firms, a fixed price.

Long (~480 lines): the family's six rules share the clause helpers of this module (local
distinctions, designated suppliers, exclusive rights); the whole-clause forms live in fcr_forms.py.
"""
from __future__ import annotations

import re

from checks.base import Context, Hit, rule
from checks.clauses import Norm, has_concept, imposed, norm_hit, norms, phrase_from, prov_has
from checks.fcr_forms import COMPETED, FIRM_SUFFIXES, designated_by_effect, granted_to_firm, listed_choice, local_choice, restricts_choice, taken_over
from checks.restatement import restated_or

_ACCESS = ("投标", "招标", "承接", "参加", "参与", "申请", "准入", "经营", "从事", "销售", "采购", "入围", "入选", "进入",
           "设摊", "营运", "上岗", "提供", "供应", "列入目录", "列入名录", "入库")


def exception_complete(ctx: Context) -> bool:
    """The dossier invokes 公平竞争审查条例第十二条 with a period or end condition."""
    exc = (ctx.dossier or {}).get("fcr_exception") or ""
    return bool(exc) and any(w in exc for w in ("实施期限", "有效期", "执行至", "终止条件", "期限"))


def _sev(ctx: Context, default: str | None = None) -> str | None:
    return "warning" if exception_complete(ctx) else default


def _equal(n: Norm) -> bool:
    """The clause treats all alike or forbids the distinction (不论注册地, 同等享受, 不得限定)."""
    return has_concept(n, "EQUAL") or (n.clause.modality == "prohibition" and n.clause.addressee_type in ("public", ""))


def _lawful_exception(n: Norm) -> bool:
    return prov_has(n, "MARKET", "lawful_exception")


_PRODUCT_ONLY = ("药品", "医用耗材")


def _protection_exception(n: Norm) -> bool:
    """A lawful exception that can justify treating local and outside firms or goods differently
    (检疫, 防疫, 专卖…): a product being a drug or a medical consumable justifies no local preference
    (优先选用在本省设有生产基地的企业生产的医用耗材) and no spacing between pharmacies."""
    provs = [n.prov] + ([n.prov.lead] if n.prov.lead is not None else [])
    return any(c.label == "MARKET" and c.kind == "lawful_exception" and c.text not in _PRODUCT_ONLY
               for p in provs for c in p.concepts)


def _dist(n: Norm, *kinds: str, with_items: bool = True):
    found = [d for d in n.clause.distinctions if d.kind in kinds]
    if with_items:
        for it in n.prov.items:
            found += [d for c in it.clauses for d in c.distinctions if d.kind in kinds]
    return found


def _access(n: Norm) -> bool:
    """The clause governs access to an activity: a gate, a precondition, a licence, or an
    obligation of someone applying or doing business."""
    cl = n.clause
    if cl.modality == "precondition" or any(c.type == "licence" for c in cl.consequences):
        return True
    text = cl.text + (n.prov.lead.text if n.prov.lead else "")
    if cl.modality == "" and _bare_threshold(cl) and any(w in d.text for d in cl.conditions for w in _ACCESS):
        return True                  # 参与投标的企业，近三年业绩不少于三项: a requirement without a modal
    if cl.modality == "permission" and re.search(r"(?:限定|限制|限于)为?[^，。；]{0,4}(?:在|具有|属于)", cl.text):
        return any(w in text for w in _ACCESS + ("竞买",))   # 出让公告可以将竞买人限定为在本市登记满三年的企业
    return cl.modality in ("obligation", "prohibition", "imposition") and any(w in text for w in _ACCESS)


_THRESHOLDS = ("不少于", "不低于", "不得少于", "不得低于", "以上", "达到")


def _bare_threshold(cl) -> bool:
    main = cl.text[max((d.end for d in cl.conditions), default=cl.start) - cl.start:]
    return any(w in main for w in _THRESHOLDS)


@rule("FCR-ENTRY", title="限制市场准入和退出", levels="LR GR ND", severity="error", head=3,
      basis="《公平竞争审查条例》第八条；《中华人民共和国反垄断法》第三十九条")
def fcr_entry(ctx: Context):
    """
    What it checks: 条款是否指定、限定交易对象或品牌（「统一由指定的供应商供应」「应当在指定的机构进行」），或以
    效果表述的指定（应当向行政机关、协会推荐、选定、公布、提供的经营者购买或使用；应当从某公司进货），设置
    独家经营、专营（「由某公司一家经营，其他经营者不得经营」），未经招标等竞争程序把经营交由以名称指明的企业并排除其他
    经营者（「统一由区城投环境服务有限公司负责清运，业主不得另行委托其他运输单位」「授予市文旅传媒集团有限公司统一经营」），以户籍、常住人口、注册资本、经营年限、业绩规模等作为从事经营的条件，
    以所有制形式限定或排斥经营者（限定由国有企业承担、投标人应当为国有控股企业、民营企业不得参与投标），或在市场准入负面清单以外
    增设审批；新设经营许可也视为增设准入环节（警示，许可本身由 LIC-* 规则报告）。
    Why: 政策措施不得含有限制市场准入和退出的内容；行政机关不得滥用行政权力限定或者变相限定单位、个人经营、
    购买、使用其指定的经营者提供的商品。已按第十二条说明例外理由并设定期限的，降为警示。
    Fires on: 「本市中小学校服统一由市教育服务中心指定的供应商供应。」；「申请在本区夜间经济街区设摊经营的，申请人
    应当具有本区户籍。」；「建设单位应当向区住房城乡建设局推荐的三家企业采购。」；「代建单位从市属国有企业中择优确定」；
    前款「由……国有企业统一经营」后「其他单位和个人不得设置」；在协会「发布的推荐名录中选聘」而名录以外须经审核同意。
    Does not fire on: 「学校可以自主选择校服供应商，任何单位不得指定。」；「企业可以自愿使用区行业协会推荐的合同示范
    文本。」；「由市卫生健康部门指定的医疗机构承担。」；「国有企业应当建立健全内部审计制度。」
    （指定承担公共职能的机构，非限定经营者）；烟草、食盐等法定专营。
    Basis: 公平竞争审查条例第八条；反垄断法第三十九条、第四十条。
    """
    # long (~70 lines): one pass over the clauses, one short branch per form of restricted access
    for n, c in imposed(ctx, "market"):
        sole = c.kind == "exclusive" and (c.text.startswith("由") or c.text.startswith("其他") and (any(
            w in n.clause.text[:c.start - n.clause.start] for w in ("由", "限定", "指定", "仅", "只"))
            or _granted_before(n)))    # 由X一家经营，其他经营者不得经营; 由…国有企业统一经营。…其他单位不得设置
        if c.kind == "exclusive" and c.text.startswith("其他") and not sole:
            continue
        guard = any(x.label == "EQUAL" and not (c.start <= x.start < c.end) for x in n.clause.concepts)   # not 不得设置 in the bar
        if c.kind not in ("designate", "exclusive") or (guard if sole else _equal(n)) or \
                _lawful_exception(n) or n.referred:
            continue
        if n.clause.modality == "prohibition" and not sole:
            continue                      # 不得限定他人购买其指定的经营者的商品: the clause forbids it
        if c.kind == "designate" and not restricts_choice(n, c):
            continue
        modal = next((x for x in n.clause.concepts if x.label == "MODAL"), None)
        if modal is not None and c.start < modal.start and not sole:
            continue                      # 依法取得的特许经营权不得转让: an existing right, not a grant
        what = "指定交易对象" if c.kind == "designate" else "设置独家经营、专营"
        yield restated_or(ctx, n, c, "含有指定交易对象、独家经营或歧视性准入条件等限制市场准入的内容。", what, severity=_sev(ctx))
    for n in norms(ctx):
        if n.in_conduct_list or n.cites_upper_law or n.referred or _protection_exception(n):
            continue
        quota = next((c for c in n.clause.concepts if c.label == "MARKET" and c.kind in ("quota", "spacing")), None)
        spacing = quota is not None and quota.kind == "spacing"       # 距离不得少于: a requirement, not a ban
        if quota is not None and (spacing or n.clause.modality != "prohibition" and (
                _business(n) or has_concept(n, "PARTY", "operator"))):
            soft = "总量控制" in quota.text or any(w in n.prov.text for w in ("出租汽车", "巡游")) or \
                ctx.level == "LR" and "总量调控" in quota.text      # a 法规 may regulate numbers where a law lets it
            what = "以与现有经营者的间距限制新设经营者" if spacing else "限制经营者数量"
            yield norm_hit(n, f"{what}（{quota.text}），构成限制市场准入。", what,
                           span=(quota.start, quota.end), severity="warning" if soft else _sev(ctx))
        taken, listed = taken_over(n), listed_choice(n)
        named = designated_by_effect(n) if not (taken or listed or _equal(n)) else None
        firm = next((c for c in n.clause.concepts if c.label == "MARKET" and c.kind == "named_supplier"), None)
        bound = n.clause.modality in ("obligation", "precondition") or \
            n.clause.modality in ("", "imposition") and any(w in n.clause.text for w in ("统一向", "统一接入"))   # 由建设单位统一向…公司购置
        if named is None and firm is not None and bound and not _equal(n) \
                and (n.clause.addressee_type != "public" or has_concept(n, "ACQUIRE")):   # public buyers too (政府采购)
            yield norm_hit(n, f"要求从「{firm.text}」购买，限定了交易对象。", f"限定从{firm.text}购买",
                           span=(firm.start, firm.end), severity=_sev(ctx))
        granted = granted_to_firm(n) if not has_concept(n, "EQUAL") else None   # a later ban (业主不得另行委托) is part of it
        if granted is not None:
            firm, name = granted
            yield norm_hit(n, f"未经竞争程序将经营交由特定企业（「{name}」）并排除其他经营者，构成授予独家经营权、限定交易。",
                           f"交由{name}独家经营", span=(firm.start, firm.end), severity=_sev(ctx))
        if named is not None:
            yield norm_hit(n, f"要求向行政机关或协会「{named.text}」的经营者购买、使用，变相限定了交易对象。",
                           f"限定为行政机关{named.text}的经营者", span=(named.start, named.end), severity=_sev(ctx))
        if taken and taken[0] == "designate":
            yield norm_hit(n, "由行政机关统一采购、供应并禁止自行购买，限定了交易对象。", "统一采购、禁止自行购买", span=taken[1],
                           severity=_sev(ctx))
        elif listed:
            yield norm_hit(n, f"只能从行政机关公布的「{listed[0]}」中选择，限定了交易对象或品牌。", f"限定从{listed[0]}中选择",
                           span=listed[1], severity=_sev(ctx))
    for n in norms(ctx):
        if n.in_conduct_list or _equal(n) or n.cites_upper_law or not _access(n):
            continue
        persons = [d for d in _dist(n, "hukou") if _required(n, d)]
        sizes = [d for d in _dist(n, "size") if _threshold(n, d)]
        if (persons or sizes) and n.clause.addressee_type != "public" and _business(n):
            d = (persons or sizes)[0]
            yield norm_hit(n, f"以「{d.text}」作为从事经营的条件，构成歧视性准入条件。", f"以{d.text}作为准入条件",
                           span=(d.start, d.end) if _own(n, d) else None, severity=_sev(ctx))
    for n in norms(ctx):
        if n.in_conduct_list or n.cites_upper_law or n.referred or _lawful_exception(n):
            continue
        d = _ownership_gate(n)
        if d is not None:
            yield norm_hit(n, f"以所有制形式（「{d.text}」）限定或排斥经营者，构成歧视性准入条件。", f"以{d.text}限定经营者",
                           span=(d.start, d.end), severity=_sev(ctx))
    for n, c in imposed(ctx, "licence"):
        if n.referred or c.issuer_type in ("consent", "selfgov") or n.clause.addressee_type == "public":
            continue
        if any(w in n.clause.text for w in ("经营", "投放", "营业", "从事", "销售")):
            yield norm_hit(n, "新设经营审批属于在市场准入负面清单以外增设准入环节，须经公平竞争审查。", "增设经营准入环节", c,
                           severity="warning")


_REQUIRE = ("具有", "具备", "持有", "取得", "为", "是", "属于", "系", "满")
_MUST_BE = ("应当为", "必须为", "须为", "应为", "应当是", "必须是", "须是", "应当属于", "须属于", "限于", "仅限")
_OWNED = ("企业", "控股", "独资", "全资", "公司", "经济组织", "单位")


def _granted_before(n: Norm) -> bool:
    """An earlier 款 of the article hands the operation to one body (由市属国有企业统一规划建设、统一经营)."""
    art = n.unit.article
    before = art.flat_text[:max(0, art.flat_text.find(n.clause.text))] if art is not None else ""
    return bool(re.search(r"由[^，。；]{2,30}?统一(?:经营|运营|建设|规划|供应|提供)", before)) and \
        not any(w in before for w in COMPETED)


def _ownership_gate(n: Norm):
    """The ownership distinction that decides who may take part in a market: after a designation
    (限定由区属国有企业承担, 仅限国有企业参与), as what a participant must be (投标人应当为国有控股企业),
    or before an exclusion (民营企业不得参与投标). Duties of state-owned firms themselves (国有企业应当
    建立内部审计制度) and 不论所有制 draw no line between competitors."""
    cl = n.clause
    if has_concept(n, "EQUAL") or not (_business(n) or has_concept(n, "SERVICE", "business")):
        return None
    for d in _dist(n, "ownership", with_items=False):
        after = cl.text[d.end - cl.start:]
        if d.text == "所有制" or not (d.text.endswith(_OWNED) or after.startswith(_OWNED)):
            continue
        before = cl.text[:d.start - cl.start].rstrip("本市区县地省属的")
        restricted = any(c.label == "MARKET" and c.kind in ("designate", "only_to") and c.end <= d.start
                         and d.start - c.end <= 6 for c in cl.concepts)
        # the clause ends on what the participant must be (not 应当为民营企业提供服务)
        phrase = (d.text + after).replace("；", "，").replace("。", "，").split("，")[0]
        required = before.endswith(_MUST_BE) and phrase.endswith(_OWNED) and len(phrase) <= 10 and _access(n)
        excluded = any(c.label == "MARKET" and c.kind == "exclude" and c.text.startswith(("不得", "不予"))
                       and 0 <= c.start - d.end <= 12 for c in cl.concepts)
        chosen = before.endswith("从") and re.match(r"[^，。；]{0,6}?中(?:择优)?(?:确定|选定|选择|遴选|指定)", after)  # 从市属国有企业中择优确定
        if restricted or required or excluded or chosen:
            return d
    return None


def _required(n: Norm, d) -> bool:
    """The distinction is what someone must have (应当具有本区户籍, 应当为本区常住人口; a 项 具有本市
    常住户口 among the conditions), not a description (常住人口享受基本公共服务)."""
    if not _own(n, d):
        return True                                 # a 项 of the conditions list
    text = n.clause.text
    before = text[:d.start - n.clause.start].rstrip("本市区县地省的")
    return before.endswith(_REQUIRE) and not before.endswith(("作为", "认为", "成为"))


def _own(n: Norm, d) -> bool:
    """``d`` is a distinction of the clause itself, not of one of its 项 (whose offsets are the 项's)."""
    return any(d is x for x in n.clause.distinctions) or any(d is x for c in n.clause.conditions for x in c.distinctions)


def _threshold(n: Norm, d) -> bool:
    """注册资本不低于…, 经营年限满三年: a size with a threshold right after it, as a condition."""
    after = n.clause.text[d.end - n.clause.start:][:12]
    return any(w in after for w in ("不低于", "不少于", "以上", "达到")) and _access(n)


def _business(n: Norm) -> bool:
    text = n.clause.text + (n.prov.lead.text if n.prov.lead else "")
    return any(w in text for w in ("经营", "营运", "设摊", "从事", "投标", "承接", "销售", "服务", "招标", "采购", "开办",
                                   "创业", "贴息", "补贴", "扶持资金", "个体工商户", "代建", "委托", "承包", "承揽"))


@rule("FCR-FLOW", title="限制商品和要素自由流动", levels="LR GR ND", severity="error", head=3,
      basis="《公平竞争审查条例》第九条；《中华人民共和国反垄断法》第四十一条至第四十三条；《优化营商环境条例》第十三条")
def fcr_flow(ctx: Context):
    """
    What it checks: 条款是否以所在地区分经营者或商品：优先采购、选用本地注册、纳税、生产的企业或产品；以在本地设立
    分支机构、注册登记、纳税、缴纳社会保险、完成业绩作为参加投标、承接项目、取得许可的条件；对外地、外埠、境外或
    「进入本市」「由外地调入」的商品和经营者另设义务、审批、标识、检验或收费（含另一分句中的要求，以及持检疫证明
    仍须重新检测）；要求本地户籍人员达到一定比例；限制经营者迁出、注销（不予办理迁移登记，注销时另交证明）；以在本地
    取得的奖项、业绩加分或只认本地业绩；禁止或须经同意才能把商品运出本地（「未经市商务局同意，不得销往市外」）。
    Why: 政策措施不得限制外地和进口商品、要素进入本地市场，不得排斥、限制或强制外地经营者在本地投资或设立
    分支机构，不得排斥外地经营者参加招标投标和政府采购；招标投标、政府采购应当平等对待各类所有制和不同地区
    的市场主体。
    Fires on: 「政府投资项目同等条件下优先采购本市注册企业生产的产品；外地企业须在本市设立分公司方可参与投标。」；
    「外地物业服务企业在本区设立分支机构并在本区缴纳社会保险满一年，才能参加本区物业服务项目的招标。」；
    「进入本市销售的液化石油气钢瓶，应当取得市燃气行业协会发放的准入标识。」；「投标人承建的工程被评为本市安全文明标准化
    工地的，另加一分。」；「供应商还应当在本市连续缴纳职工社会保险费十二个月以上」；「出让公告可以将竞买人限定为在本市
    依法登记满三年的企业」；「享受扶持政策的企业，十年内不得将注册地迁出本市」。
    Does not fire on: 「不得限定投标人所在地，不得要求在本市设立分支机构。」；「外地车辆进入本市，应当遵守本市道路交通
    管理规定。」；「任何单位不得阻碍本市农产品销往外地。」；疫区的活畜禽不得运出疫区；「对新建公共充电设施的经营者，不论其注册地，
    均按照统一标准给予补贴。」；动物检疫、疫情防控；「城市绿化应当优先选用适合本地自然条件的乡土植物。」
    Basis: 公平竞争审查条例第九条；反垄断法第四十一条至第四十三条；优化营商环境条例第十三条。
    """
    for n in norms(ctx):
        out = _outflow_barred(n)
        if out is not None:
            yield norm_hit(n, "含有限制商品运出本地的内容。", f"限制商品运出本地（{out.text}）", span=(out.start, out.end),
                           severity=_sev(ctx))
            continue
        reinspect = _reinspects(n)              # 持有检疫证明外还须重新检测: the exception is the pretext
        if n.in_conduct_list or _equal(n) or n.cites_upper_law or (_protection_exception(n) and not reinspect):
            continue
        hit = _flow_hit(n) or _topic_hit(n)
        if hit:
            soft = n.clause.modality == "encouragement" or _filing_only(n)
            yield norm_hit(n, "含有歧视外地经营者或商品、限制要素自由流动的内容。", hit[0], span=hit[1],
                           severity="warning" if soft else _sev(ctx))


def _flow_hit(n: Norm) -> tuple[str, tuple[int, int] | None] | None:
    cl = n.clause
    prefer = [c for c in cl.consequences if c.type == "market" and c.kind == "prefer" and not c.negated]
    targets = [d for d in cl.conditions if d.kind == "target"]          # 对在本区纳税的企业，…给予价格扣除
    local = [d for d in _dist(n, "local_party", "local_presence", with_items=False) if prefer and (
        d.start > prefer[0].start or any(t.start <= d.start < t.end for t in targets))]
    if prefer and local:
        return f"优先选择本地经营者或产品（{local[0].text}）", (min(prefer[0].start, local[0].start),
                                                            max(prefer[0].end, local[0].end))
    bonus = [c for c in prefer if c.text.endswith("分") or "价格扣除" in c.text]
    won_here = [x for d in cl.conditions if d.kind in ("if", "target") for x in d.concepts
                if x.label == "DISTINCTION" and x.kind == "local"]
    if bonus and won_here:                       # 投标人承建的工程被评为本市…工地的，另加一分
        return f"以在本地取得的业绩、奖项加分（{won_here[0].text}）", (bonus[0].start, bonus[0].end)
    award = next((m for d in cl.conditions for m in [_LOCAL_AWARD.search(d.text)] if m), None)
    if bonus and award:                          # 获得“示例杯”市级优质工程奖的，每项加二分
        return f"以在本地取得的奖项加分（{award.group(0)}）", (bonus[0].start, bonus[0].end)
    only = [c for c in cl.concepts if c.label == "MARKET" and c.kind == "only_to"]
    kinds = ("local_party", "local_presence") if _qualifies_others(n) else ("local_party",)
    only_local = [d for d in _dist(n, *kinds, with_items=False) if only and d.start > only[0].start] or [
        d for d in _dist(n, "local_presence", with_items=False) if only and 0 <= d.start - only[0].end <= 2]   # 限于在本市完成生产的车型
    if only_local and cl.modality != "prohibition":                   # 经营权只授予本市注册的企业
        return f"仅限本地经营者（{only_local[0].text}）", (only[0].start, only_local[0].end)
    presence = _dist(n, "local_presence")
    if presence and _access(n) and (cl.addressee_type != "public" or _qualifies_others(n)) and _requires(n, presence[0]):
        return f"以「{presence[0].text}」作为条件", (presence[0].start, presence[0].end) if _own(n, presence[0]) else None
    local = local_choice(n, _dist(n, "local_party", with_items=False))
    if local:
        return f"限定购买、选用本地经营者或其商品（{local[0]}）", local[1]
    nonlocal_ = _dist(n, "nonlocal_party", with_items=False)
    if nonlocal_ and _burdens(n) and not _same_for_all(n) and not _protects(n, nonlocal_[0]):
        return f"对「{nonlocal_[0].text}」另设要求", (nonlocal_[0].start, nonlocal_[0].end)
    quota = _local_quota(n)
    if quota is not None:
        return quota
    closing = _FIRM_CLOSING.search(cl.text)
    if closing and _extra_proofs(n):               # 企业申请注销登记的，除…外，还应当提交…证明
        return "为经营者注销设置额外条件", (closing.start() + cl.start, closing.end() + cl.start)
    banned = cl.modality == "prohibition" and not cl.shields and cl.addressee_type in ("private", "")
    exit_ = [c for c in cl.consequences if c.type == "market" and c.kind == "exit" and (not c.negated or banned)] or \
        [c for d in cl.conditions for c in d.concepts if c.label == "MARKET" and c.kind == "exit"]   # 企业…不得迁出本市
    if exit_ and (cl.modality in ("prohibition", "precondition") or any(x.type == "licence" for x in cl.consequences)
                  or any(w in cl.text for w in _HELD_UP)                     # 未出具同意迁出意见的，暂缓移交…档案
                  or any(x.label == "VERB" and x.kind == "deny" for x in cl.concepts)
                  or any(x.label == "MARKET" and x.kind == "exclude" for x in cl.concepts)):
        return "限制经营者迁出", (exit_[0].start, exit_[0].end)
    return None


_LOCAL_AWARD = re.compile(r"(?:市级|区级|县级|本市|本区|本县)[^，。；]{0,10}?(?:奖|工地|称号|荣誉|示范工程)")
_HELD_UP = ("暂缓", "延缓", "拖延", "暂不", "缓办")
_GOODS = ("商品", "产品", "货物", "农产品", "农副产品", "生猪", "畜禽", "肉品", "猪肉", "蔬菜", "粮食", "煤炭", "原材料",
          "物资", "建材", "材料", "矿产品", "砂石", "企业", "经营者", "销售", "收购")


def _outflow_barred(n: Norm):
    """Goods kept from leaving: the modal bars the outflow itself (未经同意，不得销往市外; 禁止调出本市),
    not someone hindering it (不得阻碍本市农产品销往外地); epidemic control (疫区) is lawful."""
    cl = n.clause
    out = next((c for c in cl.concepts if c.label == "MARKET" and c.kind == "outflow"), None)
    modal = next((c for c in cl.concepts if c.label == "MODAL" and c.kind in ("prohibition", "precondition")), None)
    if out is None or modal is None or n.in_conduct_list or n.cites_upper_law or n.referred or \
            any(w in n.prov.text for w in ("疫区", "疫情", "检疫", "文物", "遗体")) or not any(w in n.prov.text for w in _GOODS):
        return None                      # 遗体禁止运往外地, 文物运出本市须经鉴定: no market in goods
    between = cl.text[modal.end - cl.start:out.start - cl.start]
    return out if len(between) <= 4 and not any(w in between for w in ("阻碍", "妨碍", "限制", "阻止")) else None


_FIRM_CLOSING = re.compile(r"(?:企业|公司|经营者|市场主体|个体工商户)[^，。；]{0,6}(?:申请|办理)(?:简易)?注销")


_REFUND = re.compile(r"按(?:照)?(?:其|该企业)?[^，。；]{0,6}?(?:土地出让(?:成交)?价款|出让(?:成交)?价款|土地出让金|出让金|土地价款|缴纳的[^，。；]{0,8}?(?:税|费)"
                     r"[^，。；]{0,4}?|税款|地方留成|缴纳[^，。；]{0,6}?税[^，。；]{0,8}?(?:地方分享|地方留成|地方所得|留成)部分)"
                     r"的?(?:百分之|[0-9]+(?:\.[0-9]+)?[%％])")


def _extra_proofs(n: Norm) -> bool:
    """Proofs demanded on top of those the rules require (除按照规定提交的材料外，还应当提交…证明)."""
    cl = n.clause
    return any(x.type == "proof" and not x.negated for x in cl.consequences) and \
        bool(re.search(r"除[^，。；]{0,20}外|还应当|还须|另行提交|一并提交", cl.text))


def _qualifies_others(n: Norm) -> bool:
    """A public body (a 招标人 spending public money, a department) setting the qualifications of
    bidders, suppliers or applicants (招标人应当在招标文件中明确以下投标资格：（一）在本市设有分公司):
    the burden falls on them, not on the body."""
    text = n.clause.text + (n.prov.lead.text if n.prov.lead else "")
    return any(w in text for w in ("资格", "条件", "评标", "评审", "加分", "准入", "业绩", "计分")) and \
        any(w in text for w in ("投标", "供应商", "申请人", "竞买", "入围", "招标", "参选"))


def _filing_only(n: Norm) -> bool:
    """The burden on outsiders is a filing or report (省外注册的机构…应当报…备案): possibly lawful
    (动物防疫法 requires declaring animals moved between provinces), so a warning."""
    cl = n.clause
    return any(w in cl.text for w in ("备案", "报告", "报验", "申报", "告知")) and not _reinspects(n) and not any(
        c.type in ("fee", "deposit") or c.type == "licence" and c.form == "explicit" for c in cl.consequences) and not any(
        x.label in ("PAY", "DEPOSIT") for x in cl.concepts) and cl.modality != "precondition"


def _topic_hit(n: Norm) -> tuple[str, tuple[int, int] | None] | None:
    """由外地调入本区的生猪产品，销售者…还应当重新检测: the non-local goods named in a bare topic clause,
    the burden in the next clause of the same sentence."""
    clauses = n.prov.clauses
    i = next((k for k, c in enumerate(clauses) if c is n.clause), 0)
    if i == 0:
        return None
    topic = clauses[i - 1]
    if topic.modality or topic.consequences or topic.sentence != n.clause.sentence:
        return None
    nonlocal_ = [d for d in topic.distinctions if d.kind == "nonlocal_party" or d.kind == "nonlocal_inflow" and (
        _reinspects(n) or any(x.label in ("PAY", "DEPOSIT", "FEE") for x in n.clause.concepts))]
    if nonlocal_ and _burdens(n) and not _same_for_all(n) and not _protects(n, nonlocal_[0]):
        return f"对「{nonlocal_[0].text}」另设要求", (nonlocal_[0].start, nonlocal_[0].end)
    return None


def _local_quota(n: Norm) -> tuple[str, tuple[int, int]] | None:
    """本区户籍人员的比例应当不低于百分之六十; 货架中本市企业品牌所占陈列面积不得低于百分之四十: a share
    of local people or local goods required of whoever applies or does business."""
    cl = n.clause
    minimum = re.search(r"不得(?:低于|少于)", cl.text)                 # 所占陈列面积不得低于百分之四十: a floor, not a ban
    if not (_access(n) or has_concept(n, "PARTY", "operator")) or cl.addressee_type == "public" or \
            cl.modality == "prohibition" and not minimum:
        return None
    for d in _dist(n, "local_party", with_items=False):
        after = cl.text[d.end - cl.start:][:16]
        if any(w in after for w in ("比例", "比重", "占比", "所占", "份额")) and \
                any(w in after for w in ("不低于", "不少于", "以上", "达到", "不得低于", "不得少于")):
            return f"要求「{d.text}」达到一定比例", (d.start, d.end)
    return None


def _requires(n: Norm, d) -> bool:
    """The local presence is something required (才能参加, 应当在本区设立, 条件：在本市注册登记满三年),
    not a description of who is concerned (在本市设立的企业应当遵守…)."""
    cl = n.clause
    modal = next((c for c in cl.concepts if c.label == "MODAL"), None)
    if n.prov.lead is not None and modal is not None and d.start < modal.start and \
            "的" in cl.text[d.end - cl.start:modal.start - cl.start]:
        return False                               # （一）在本市注册登记的平台，应当…备案: whom the 项 concerns
    if n.prov.lead is not None or not _own(n, d):
        return True                                # a 项 among the conditions of its 款
    if cl.modality == "precondition":
        return modal is None or d.start < modal.start
    if modal is not None and cl.text[modal.end - cl.start:].startswith(_THRESHOLDS) and d.start < modal.start and \
            not any(c.start <= d.start < c.end for c in cl.conditions):
        return True                                # 近三年在本市完成的同类工程业绩应当不少于两项
    if modal is None and cl.modality == "":
        return _bare_threshold(cl) and d.start >= max((c.end for c in cl.conditions), default=cl.start)
    return modal is not None and d.start >= modal.end


_REINSPECT = ("重新检验", "重复检验", "另行检验", "重新检测", "重复检测", "另行检测", "重新认证", "另行认证", "重复认证", "再次检验",
              "再次检测")


def _reinspects(n: Norm) -> bool:
    return any(c.label == "MARKET" and c.text in _REINSPECT for c in n.clause.concepts)


def _same_for_all(n: Norm) -> bool:
    """A national standard applied to everyone (符合国家标准, 经检验合格) rather than a burden on outsiders."""
    if _reinspects(n):
        return False
    if re.search(r"遵守[^，。；]{0,16}(?:规定|法律|法规|规则|秩序)[。；]?$", n.clause.text):
        return True                       # 外地车辆进入本市，应当遵守本市道路交通管理规定: the rules bind everyone
    return any(w in n.clause.text for w in ("国家标准", "安全技术规范", "强制性标准", "检疫", "防疫")) or \
        bool(re.search(r"(?:符合|达到)国家[^，。；]{0,8}标准", n.clause.text))     # 符合国家食品安全标准


def _protects(n: Norm, d) -> bool:
    """市场开办者不得对市外产品要求重复检测: the outsider is what the prohibition protects, not whom it binds."""
    return n.clause.modality == "prohibition" and any(
        c.label == "MODAL" and c.kind == "prohibition" and c.end <= d.start for c in n.clause.concepts)


def _burdens(n: Norm) -> bool:
    cl = n.clause
    if cl.modality in ("obligation", "prohibition", "precondition"):
        return True
    if any(x.label in ("PAY", "DEPOSIT", "FEE") for x in cl.concepts):
        return True                       # 其投标保证金按照本区企业标准的两倍收取
    return any(c.type in ("licence", "fee", "tax", "sanction", "measure") or (c.type == "market" and c.kind in ("reinspect", "exclude"))
               for c in cl.consequences if not c.negated)


_DOCUMENT_NOUNS = ("表", "报告", "清单", "目录", "名单", "说明", "材料", "资料", "情况")


def _names_a_document(n: Norm, c) -> bool:
    """The word is part of a document's name (税收返还、财政补助和转移支付预算表)."""
    rest = phrase_from(n, c.end)
    return rest.endswith(_DOCUMENT_NOUNS) and not any(w in rest for w in ("给予", "予以", "发放", "兑现"))


def _granted(n: Norm, c) -> bool:
    """The subsidy is granted by the clause (给予奖励, 予以补贴, 返还…), not merely named."""
    text = n.clause.text
    if _names_a_document(n, c):
        return False
    same = [c] + [x for x in n.clause.concepts if x.label == "MARKET" and x.kind == "subsidy" and x.text == c.text]
    return any(x.label == "GRANT" and x.start <= t.start and (t.start - x.end <= 2 or t.start - x.end <= 12 and not any(
        p in text[x.end - n.clause.start:t.start - n.clause.start] for p in "，；。、")) for x in n.clause.concepts for t in same) or \
        c.text in ("返还", "先征后返", "即征即退", "奖补", "补足", "免收", "减半收取", "减收", "免缴", "减半征收")


_STATE_OWNED = ("国有企业", "国有", "央企", "中央企业")     # support reserved to state firms (民营、中小企业 policies are national)


def _state_firm(n: Norm, d) -> bool:
    """国有及国有控股企业 — not 非国有不可移动文物 (an object's ownership) or a state firm's own act."""
    text = n.clause.text
    i, j = d.start - n.clause.start, d.end - n.clause.start
    return d.text in _STATE_OWNED and not text[:i].endswith("非") and (
        d.text.endswith("企业") or any(w in text[j:j + 8] for w in ("企业", "控股", "公司", "独资", "全资")))
_COST_ITEMS = ("电价", "电费", "水价", "气价", "土地出让金", "社保", "社会保险费", "规费", "行政事业性收费", "政府性基金")


@rule("FCR-COST", title="影响生产经营成本的选择性优惠", levels="LR GR ND", severity="error", head=3,
      basis="《公平竞争审查条例》第十条")
def fcr_cost(ctx: Context):
    """
    What it checks: 是否没有法律、行政法规依据或国务院批准，给予特定经营者税收优惠、按其缴纳的税收计算的奖励
    （变相税收返还，包括按「地方财政贡献」「留成部分」计算）、选择性财政奖补（受益者由政府、领导小组认定，按纳税额
    挑选，或点名某企业）、要素价格或收费、社保缴费方面的优惠；按企业缴纳的土地出让价款、税费的一定比例拨付「扶持资金」
    （变相返还）。受益对象经指定、挑选或以落户、引进限定的为错误；标准一般但涉及要素价格、收费的为警示。
    Why: 政策措施不得给予特定经营者税收优惠，不得给予选择性、差异化的财政奖励或者补贴，不得在要素获取、
    行政事业性收费、政府性基金、社会保险费等方面给予特定经营者优惠。
    Fires on: 「对引进的龙头企业给予土地出让金返还和电价补贴。」；「对本办法施行前已落户本市的整车制造企业，按照其上一
    年度缴纳增值税地方留成部分的百分之五十给予奖励。」；「对缴纳税收总额居前二十位的企业，按照增值税地方留成部分的百分之
    三十予以返还」；「国有及国有控股企业参与老旧小区改造的，市财政给予贴息」（只给国有企业）。
    Does not fire on: 「符合条件的小微企业依法享受税收优惠。」；「按照国家规定减免行政事业性收费。」；「不论其注册地，均按照
    统一标准给予建设补贴。」；「修缮非国有不可移动文物的，可以给予适当补助」；国有企业自己给予租户的减免。
    Basis: 公平竞争条例第十条。
    """
    for n, c in imposed(ctx, "market"):
        if c.kind != "subsidy" or n.referred or _equal(n):
            continue
        cl = n.clause
        if cl.modality == "encouragement" or any(x.type == "sanction" for x in cl.consequences):
            continue
        refund = _REFUND.search(cl.text)
        paid_back = refund is not None and re.search(r"拨付|返还|奖励|给予|支付|补助", cl.text[refund.end():])
        if paid_back and not n.cites_upper_law:      # 按照出让价款的百分之四十…拨付给该企业
            yield norm_hit(n, "按经营者缴纳的土地出让价款、税费的一定比例拨付奖励、扶持资金，属于变相返还，缺乏法律、行政法规依据。",
                           "按缴纳的价款、税费比例拨付（变相返还）", span=(refund.start() + cl.start, refund.end() + cl.start),
                           severity=_sev(ctx))
            continue
        named_firm = any(x.label == "MARKET" and x.kind == "selective" and x.text in FIRM_SUFFIXES for x in cl.concepts)
        generic = ("方面", "等措施", "情况", "用于", "不低于", "资金", "基金", "国家规定", "国家和省", "按照规定", "依照规定",
                   "依法", "有关规定", "法律、法规", "优惠政策")
        taxed = any(x.label == "TAX" and x.kind == "named" for x in cl.concepts) and (any(
            x.label == "PAY" for x in cl.concepts) or any(w in cl.text for w in ("按其", "按照其", "根据其", "依其"))
            or any(x.label == "TAX" and x.text in ("留成", "地方留成", "返还", "先征后返") for x in cl.concepts))
        # 按其缴纳的增值税…给予奖励; 按其上一年度增加的地方财政贡献…给予奖励
        picked = has_concept(n, "MARKET", "selective") or any(   # 纳税居前二十位的; 国有及国有控股企业…的 (the beneficiary)
            _state_firm(n, d) and any(x.start <= d.start < x.end for x in cl.conditions) for d in _dist(n, "ownership")
        ) and has_concept(n, "ORGAN")                           # granted by the government, not by the state firm
        if not (named_firm or taxed and picked) and any(w in cl.text for w in generic) or not _granted(n, c):
            continue                      # a list of support measures, a use of funds, a comparison (not for a named firm)
        selective = picked or bool(_dist(n, "local_presence"))
        costs = [w for w in _COST_ITEMS if w in cl.text]
        if taxed or selective:
            chosen = taxed or picked
            why = "按其缴纳的税收给予奖励（变相税收返还）" if taxed else "对特定经营者给予奖励、补贴"
            yield norm_hit(n, "对特定经营者给予选择性奖励、补贴或优惠，缺乏法律、行政法规依据。" if chosen else
                           "以在本地注册、设立为条件给予奖励、补贴，请核对是否构成选择性、差异化优惠。", why, c,
                           severity=_sev(ctx) if chosen else "warning")
        elif costs:
            yield norm_hit(n, "在税收、要素价格、收费或社保缴费方面给予优惠，须有法律、行政法规依据或国务院批准，且不得针对特定经营者。",
                           f"在{costs[0]}方面给予优惠", c, severity="warning")


@rule("FCR-CONDUCT", title="影响经营者定价等经营行为", levels="LR GR ND", severity="error", head=3,
      basis="《公平竞争审查条例》第十一条；《中华人民共和国反垄断法》第四十四条、第四十五条")
def fcr_conduct(ctx: Context):
    """
    What it checks: 是否要求经营者统一定价、执行最低价或最低消费标准、不得超过机关公布的收费上限、不得自行确定价格、
    划分市场、联合采购销售等，或者超越权限实行政府指导价、政府定价（后者为警示，须核对价格法授权）；供热、供水、
    供气、公共交通由人民政府依定价目录定价的不报。
    Why: 政策措施不得强制或者变相强制经营者从事垄断行为，不得超越定价权限实行政府指导价或者政府定价，
    不得违法干预实行市场调节价的商品和服务的价格。
    Fires on: 「全市驾驶员培训机构统一定价，培训费不得低于四千元。」；「召集加油站经营企业召开价格协调会，共同商定统一下浮
    幅度」；「由行业协会拟定统一收费标准」。
    Does not fire on: 「实行政府指导价的，依照《中华人民共和国价格法》和本市定价目录执行。」；「经营者应当明码标价。」；
    「不得低于成本价销售。」；招标控制价。
    Basis: 公平竞争审查条例第十一条；反垄断法第四十四条、第四十五条。
    """
    for n in norms(ctx):
        taken = taken_over(n)
        if taken and taken[0] == "price" and not (n.in_conduct_list or n.referred or n.cites_upper_law or _lawful_exception(n)) \
                and not any(w in n.clause.text for w in ("价格主管部门", "价格部门", "定价目录", "价格法")):
            yield norm_hit(n, "由行政机关统一确定价格、收费标准并禁止经营者自行调整，限定了经营者的定价。", "统一确定经营者的价格",
                           span=taken[1], severity=_sev(ctx))
    for n, c in imposed(ctx, "market"):
        if c.kind not in ("price", "divide") or n.referred or _lawful_exception(n):
            continue
        if c.kind == "divide" and prov_has(n, "MARKET", "procurement"):
            continue                              # centralised government procurement
        text = n.clause.text + (n.prov.lead.text if n.prov.lead is not None else "")
        if c.kind == "price" and any(w in text for w in ("成本", "地价", "招标", "投标", "控制价", "价格干预", "价格法",
                                                           "显著上涨", "价格主管部门", "出让", "用地", "目录", "价格、",
                                                           "价格部门", "物价部门", "供热", "供水", "供气", "燃气",
                                                           "公共交通", "人民政府确定", "人民政府应当明确")):
            continue
        if c.kind == "price" and c.text in ("政府指导价", "政府定价", "指导价", "定价"):
            if not any(w in text for w in ("依照", "按照", "执行", "价格法", "定价目录")):
                yield norm_hit(n, "实行政府指导价、政府定价须在定价目录和法定权限内，请核对依据。", "实行政府定价", c,
                               severity="warning")
            continue
        if any(w in text for w in ("价格主管部门", "价格部门", "物价")) and "收费标准" in c.text:
            continue
        if c.kind == "divide" and not any(w in text for w in ("经营者", "企业", "商户", "行业", "供应", "承揽", "销售")):
            continue                              # public bodies purchasing together
        yield restated_or(ctx, n, c, "含有强制经营者统一定价、限定价格或划分市场等影响经营行为的内容。",
                          f"限定经营者价格或市场（{c.text}）", severity=_sev(ctx))


_TOPIC = ("企业", "经营者", "市场主体", "市场", "招标", "投标", "采购", "补贴", "奖励", "准入", "收费", "价格")


def market_related(ctx: Context) -> bool:
    d = ctx.dossier or {}
    if "market_related" in d:
        return bool(d["market_related"])
    return sum(ctx.full_text.count(w) for w in _TOPIC) >= 3 or any(w in ctx.title for w in _TOPIC)


@rule("FCR-PROCESS", title="出台前未经公平竞争审查", levels="GR ND", severity="error", head=7,
      basis="《公平竞争审查条例》第十三条、第十四条、第十六条至第十八条", requires=("tree", "dossier"))
def fcr_process(ctx: Context):
    """
    What it checks: 涉及经营者经济活动的草案，卷宗中是否有公平竞争审查结论（dossier 字段 fair_competition_review）。
    Why: 起草单位应当在起草阶段进行公平竞争审查；拟由县级以上人民政府出台或者提请人大审议的，由市场监督管理
    部门会同起草单位审查；未经审查或者经审查不符合要求且不适用例外规定的，不得出台。
    Fires on: 卷宗提供而 fair_competition_review 为空，且草案涉及企业、市场、招标、补贴、收费等。
    Does not fire on: 卷宗载明审查结论；与经营者经济活动无关的草案。
    Basis: 公平竞争审查条例第十三条、第十四条、第十六条至第十八条；重大行政决策程序暂行条例第二十九条。
    """
    d = ctx.dossier or {}
    if market_related(ctx) and not d.get("fair_competition_review"):
        yield Hit("草案涉及经营者经济活动，出台前须进行公平竞争审查并形成书面审查结论。")


@rule("FCR-EXCEPTION", title="适用公平竞争审查例外规定", levels="LR GR ND", severity="info", head=3,
      basis="《公平竞争审查条例》第十二条、第十七条第二款", requires=("tree", "dossier"))
def fcr_exception(ctx: Context):
    """
    What it checks: 卷宗援引公平竞争审查条例第十二条例外规定（dossier 字段 fcr_exception）时，说明是否写明实施期限
    或终止条件。
    Why: 限制竞争的措施仅在维护国家安全、促进科技进步、节约能源、保护环境、救灾救助等情形下，且没有对竞争限制
    更小的替代方案、设定合理实施期限或终止条件时，方可出台；审查结论应当详细说明。
    Fires on: 援引例外但未写期限或终止条件（警示，限制竞争的错误仍成立）；援引例外且完整（提示，相关错误降为警示）。
    Does not fire on: 卷宗未援引例外。
    Basis: 公平竞争审查条例第十二条、第十七条第二款。
    """
    exc = (ctx.dossier or {}).get("fcr_exception")
    if not exc:
        return
    if exception_complete(ctx):
        yield Hit("已援引公平竞争审查条例第十二条例外规定并设定实施期限或终止条件；相关限制竞争内容降为警示，请核对理由。")
    else:
        yield Hit("援引第十二条例外规定，但未写明实施期限或终止条件，例外不成立。", severity="warning")
