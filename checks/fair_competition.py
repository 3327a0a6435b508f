"""B.6 公平竞争审查 (公平竞争审查条例 2024; 反垄断法 2022)."""
from __future__ import annotations

import re

from checks.base import Context, hit_at, rule, Hit
from checks.patterns import describes_conduct, is_law_based, is_negated, licence_creations
from lawtext.vocabulary import NUMBER

_SOFT = re.compile(r"鼓励|支持|引导|倡导")


def exception_complete(ctx: Context) -> bool:
    """The dossier invokes 公平竞争审查条例第十二条 with a period or end condition."""
    exc = (ctx.dossier or {}).get("fcr_exception") or ""
    return bool(exc) and bool(re.search(r"实施期限|有效期|执行至|终止条件|期限", exc))


def _sev(ctx: Context, default: str | None = None) -> str | None:
    return "warning" if exception_complete(ctx) else default


_ENTRY = re.compile(
    r"(指定|限定|统一由)(?![^，。；]{0,12}(部门|机关|人民政府|医疗机构|兽医|人员|位置|地点|场所|区域|道口|时间|线路))"
    r"[^，。；]{0,12}?的?(企业|供应商|经营者|服务商|品牌|产品|商品)(提供|供应|承担|承接|经营|配送|销售|生产)"
    r"|(只能|必须)(购买|使用|选择)(其|由)?[^，。；]{0,10}(指定|提供)"
    r"|独家经营|专营权|由[^，。；]{0,12}专营"
    r"|(注册资本|经营年限|业绩|纳税额)[^，。；]{0,10}(不低于|不少于|以上)[^，。；]{0,20}(方可|才能|参加|参与|申请|准入|投标|入选)"
    r"|负面清单以外[^，。；]{0,10}(审批|核准)")


@rule("FCR-ENTRY", title="限制市场准入和退出", levels="LR GR ND", severity="error", head=3,
      basis="《公平竞争审查条例》第八条；《中华人民共和国反垄断法》第三十九条")
def fcr_entry(ctx: Context):
    """
    What it checks: 是否指定、限定交易对象或品牌，设置特许经营、独家经营，设定注册资本、业绩、规模等歧视性准入
    门槛，或在市场准入负面清单以外增设审批；新设经营许可也视为增设准入环节（警示，许可本身由 LIC-* 规则报告）。
    Why: 政策措施不得含有限制市场准入和退出的内容；行政机关不得滥用行政权力限定或者变相限定单位、个人经营、
    购买、使用其指定的经营者提供的商品。已按第十二条说明例外理由并设定期限的，降为警示。
    Fires on: 「本市中小学校服统一由市教育服务中心指定的供应商供应。」
    Does not fire on: 「学校可以自主选择校服供应商，任何单位不得指定。」；「由市卫生健康部门指定的医疗机构承担。」
    （指定承担公共职能的机构，非限定经营者）
    Basis: 公平竞争审查条例第八条；反垄断法第三十九条、第四十条。
    """
    for s in ctx.sentences:
        for m in _ENTRY.finditer(s.masked):
            if is_negated(s.masked, m.start(), 14) or is_law_based(s, m.start()) or describes_conduct(s, m.start(), m.end()):
                continue
            if re.search(r"不得|禁止|严禁", s.masked[:m.start()]):
                continue
            if "专营" in m.group(0) and re.search(r"专卖|烟草|盐|邮政", s.masked_context):
                continue
            if re.search(r"自主选择|不得指定|不得限定", s.masked):
                continue
            yield hit_at(s, m, "含有指定交易对象、独家经营或歧视性准入条件等限制市场准入的内容。", severity=_sev(ctx))
        if re.search(r"经营|投放|营业|从事", s.masked):
            for m in licence_creations(s):
                yield hit_at(s, m, "新设经营审批属于在市场准入负面清单以外增设准入环节，须经公平竞争审查。", severity="warning")
                break


_FLOW = re.compile(
    r"(本市|本地|本省|本区|市内|辖区内)(注册|设立|登记|生产|纳税)?的?[^，。；]{0,6}(企业|产品|供应商|经营者|商品)[^，。；]{0,10}优先"
    r"|优先(采购|选用|使用|支持|安排)(?!符合|适应|适合)[^，。；]{0,10}(本市|本地|本省|本区)(?![^，。；]{0,10}(标准|规范|条件|要求|自然))"
    r"|(?<![境国海])(外地|外省|市外|区外|非本市|外埠)[^，。；]{0,20}(须|应当|必须|不得|另行|加收|额外)"
    r"|在本(市|地|区)(设立|注册)[^，。；]{0,8}(分支机构|子公司|法人|公司|分公司)(的|后)?(方可|才能|作为[^，。；]{0,6}条件)"
    r"|(企业|经营者|公司)[^，。；]{0,6}(迁出|外迁)[^，。；]{0,10}(不得|须经|限制)")


@rule("FCR-FLOW", title="限制商品和要素自由流动", levels="LR GR ND", severity="error", head=3,
      basis="《公平竞争审查条例》第九条；《中华人民共和国反垄断法》第四十一条至第四十三条；《优化营商环境条例》第十三条")
def fcr_flow(ctx: Context):
    """
    What it checks: 是否对外地、进口商品或经营者设置歧视性待遇，要求在本地设立分支机构，优先采购本地产品，
    或者限制经营者迁出。
    Why: 政策措施不得限制外地和进口商品、要素进入本地市场，不得排斥、限制或强制外地经营者在本地投资或设立
    分支机构，不得排斥外地经营者参加招标投标和政府采购；招标投标、政府采购应当平等对待各类所有制和不同地区
    的市场主体。
    Fires on: 「政府投资项目同等条件下优先采购本市注册企业生产的产品；外地企业须在本市设立分公司方可参与投标。」
    Does not fire on: 「不得限定投标人所在地，不得要求在本市设立分支机构。」；「鼓励消费者购买绿色产品。」
    Basis: 公平竞争审查条例第九条；反垄断法第四十一条至第四十三条；优化营商环境条例第十三条。
    """
    for s in ctx.sentences:
        for m in _FLOW.finditer(s.masked):
            if is_negated(s.masked, m.start(), 14) or is_law_based(s, m.start()) or describes_conduct(s, m.start(), m.end()):
                continue
            if re.search(r"检疫|检验|防疫|疫情|畜禽|动物", s.masked_context):
                continue
            if re.search(r"外地|外省|市外|区外|非本市|外埠", m.group(0)) and not re.search(
                    r"企业|产品|商品|经营者|供应商|投标人|货物|车辆", m.group(0) + s.masked[m.end():m.end() + 10]):
                continue
            sev = "warning" if _SOFT.search(s.masked[max(0, m.start() - 10):m.start()]) else _sev(ctx)
            yield hit_at(s, m, "含有歧视外地经营者或商品、限制要素自由流动的内容。", severity=sev)


_COST = re.compile(r"(给予|享受|返还|奖励|补贴|减免|优惠|先征后返|即征即退)[^，。；]{0,20}?"
                   r"(税收|税款|土地出让金|电价|水价|气价|社保|社会保险费|规费|行政事业性收费|政府性基金)")
_SELECTIVE = re.compile(r"对(特定|重点|龙头|本地|引进|指定|纳税前" + NUMBER + r"名)[^，。；]{0,12}企业(给予|奖励|补贴)")


@rule("FCR-COST", title="影响生产经营成本的选择性优惠", levels="LR GR ND", severity="error", head=3,
      basis="《公平竞争审查条例》第十条")
def fcr_cost(ctx: Context):
    """
    What it checks: 是否没有法律、行政法规依据或国务院批准，给予特定经营者税收优惠、选择性财政奖补、要素价格或
    收费、社保缴费方面的优惠。受益对象经指定、挑选的为错误；标准一般但可能具有选择性的为警示。
    Why: 政策措施不得给予特定经营者税收优惠，不得给予选择性、差异化的财政奖励或者补贴，不得在要素获取、
    行政事业性收费、政府性基金、社会保险费等方面给予特定经营者优惠。
    Fires on: 「对引进的龙头企业给予土地出让金返还和电价补贴。」
    Does not fire on: 「符合条件的小微企业依法享受税收优惠。」；「按照国家规定减免行政事业性收费。」
    Basis: 公平竞争审查条例第十条。
    """
    for s in ctx.sentences:
        for m in _SELECTIVE.finditer(s.masked):
            if not is_law_based(s, m.start()):
                yield hit_at(s, m, "对特定经营者给予选择性奖励、补贴或优惠，缺乏法律、行政法规依据。", severity=_sev(ctx))
        for m in _COST.finditer(s.masked):
            if is_negated(s.masked, m.start(), 10) or is_law_based(s, m.start()) or re.search(
                    r"依法|按照国家|依照国家|国家规定|国家有关规定|同等待遇|同等享受|平等", s.masked_context):
                continue
            selective = re.search(r"特定|重点|龙头|引进|指定|本地|本市注册|纳税前", s.masked_context)
            sev = _sev(ctx) if selective else "warning"
            yield hit_at(s, m, "在税收、要素价格、收费或社保缴费方面给予优惠，须有法律、行政法规依据或国务院批准，且不得针对特定经营者。",
                         severity=sev)


_CONDUCT_ERR = re.compile(r"统一定价|统一收费标准|(最低|最高)限?价(格)?(不得|为|执行)|不得低于(?![^，。；]{0,8}(成本|地价))[^，。；]{0,8}价(格)?"
                          r"|划分(市场|经营区域|销售区域|经营地域)|市场分割|联合(采购|销售)|统一(销售|对外报价)")
_CONDUCT_WARN = re.compile(r"政府(指导价|定价)")


@rule("FCR-CONDUCT", title="影响经营者定价等经营行为", levels="LR GR ND", severity="error", head=3,
      basis="《公平竞争审查条例》第十一条；《中华人民共和国反垄断法》第四十四条、第四十五条")
def fcr_conduct(ctx: Context):
    """
    What it checks: 是否要求经营者统一定价、执行最低价、划分市场、联合采购销售等，或者超越权限实行政府指导价、
    政府定价（后者为警示，须核对价格法授权）。
    Why: 政策措施不得强制或者变相强制经营者从事垄断行为，不得超越定价权限实行政府指导价或者政府定价，
    不得违法干预实行市场调节价的商品和服务的价格。
    Fires on: 「全市驾驶员培训机构统一定价，培训费不得低于四千元。」
    Does not fire on: 「实行政府指导价的，依照《中华人民共和国价格法》和本市定价目录执行。」；「经营者应当明码标价。」
    Basis: 公平竞争审查条例第十一条；反垄断法第四十四条、第四十五条。
    """
    for s in ctx.sentences:
        for m in _CONDUCT_ERR.finditer(s.masked):
            if is_negated(s.masked, m.start(), 10) or is_law_based(s, m.start()):
                continue
            if re.search(r"政府采购|集中采购|药品|医用耗材|医保", s.masked_context) and "采购" in m.group(0):
                continue
            if describes_conduct(s, m.start(), m.end()) or re.search(r"不得|禁止|严禁", s.masked[:m.start()]):
                continue
            if re.search(r"价格主管部门|价格[^，。；]{0,4}部门|物价|政府定价|政府指导价", s.masked) and "收费标准" in m.group(0):
                continue
            if re.search(r"招标|投标", s.masked) and "限价" in m.group(0):
                continue
            if m.group(0).startswith("联合") and not re.search(r"经营者|企业|商户|行业", s.masked):
                continue
            yield hit_at(s, m, "含有强制经营者统一定价、限定价格或划分市场等影响经营行为的内容。", severity=_sev(ctx))
        for m in _CONDUCT_WARN.finditer(s.masked):
            if is_law_based(s, m.start()) or re.search(r"依照|按照|执行|依法|价格法|定价目录", s.masked_context):
                continue
            yield hit_at(s, m, "实行政府指导价、政府定价须在定价目录和法定权限内，请核对依据。", severity="warning")


_TOPIC = re.compile(r"企业|经营者|市场主体|市场|招标|投标|采购|补贴|奖励|准入|收费|价格")


def market_related(ctx: Context) -> bool:
    d = ctx.dossier or {}
    if "market_related" in d:
        return bool(d["market_related"])
    return len(_TOPIC.findall(ctx.full_text)) >= 3 or bool(_TOPIC.search(ctx.title))


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
