"""B.4 行政强制 (行政强制法), over clause fields.

A coercive measure is a consequence of type ``measure`` the draft imposes: named (查封、扣押、冻结、
强制检查、强制带离) or by its effect (拖离并保管至缴清费用后发还, 收存至指定场所、接受处理前不得
领回, 禁止其车辆进出直至缴清, 停止供水供电), whoever is made to carry it out (an agency, a 清障
企业, a 物业服务企业, a 供水企业, the party's bank). Execution (强制拆除、划拨、拍卖、代履行) is of
type ``execution``. Procedural limits on measures (不得扣押与违法行为无关的财物, 解除扣押, 查封期限)
are forbidden or conditions, not impositions.
"""
from __future__ import annotations

import re

from lawtext.numerals import parse_number
from lawtext.vocabulary import PERCENT

from checks.base import Context, rule
from checks.clauses import Norm, has_concept, imposed, liberty_exempt, norm_hit
from checks.restatement import restated_or

_PROCEDURAL = ("解除", "先行登记保存", "期限", "延长", "清单", "返还", "退还", "笔录", "通知当事人", "依法扣押的", "被查封",
               "被扣押", "已扣押", "扣押的财物", "查封的", "冻结的")
_JUDICIAL = ("人民法院", "司法机关", "侦查", "刑事", "检察")
_LOCREG_ALLOWED = {"seal", "seize"}


def measures(ctx: Context):
    """(norm, measure) for every coercive measure the draft imposes without an upper-law referral
    (a referral makes it a warning at most; see the rules)."""
    for n, c in imposed(ctx, "measure"):
        if c.kind == "utilities":
            continue                              # COER-UTILITIES
        text = n.clause.text
        if any(w in text for w in ("等措施", "等强制措施", "等行政强制措施", "机制", "制度")):
            continue                              # how measures are used, not a grant of them
        if any(p in c.text for p in _PROCEDURAL) or any(p in text for p in _JUDICIAL):
            continue
        if c.kind == "seize" and "先行登记保存" in n.prov.text:
            continue
        if c.kind == "liberty" and liberty_exempt(n, c):
            continue                              # animals, the police at a scene, a guardian's care
        yield n, c


_CITES_ARTICLE = re.compile(r"(?:依照|根据|按照|依据)《[^《》]+》第")


def _article_cites(n: Norm, c) -> bool:
    """Another 款 of the article cites the upper-law article the measure comes from (…根据《道路交通安全法》
    第九十三条，将车辆拖移…。拖移车辆不得向当事人收取任何费用。)."""
    art = n.unit.article
    return art is not None and any(_CITES_ARTICLE.search(p.text or "") and c.text[:2] in p.text for p in art.paragraphs)


def _sev_for_referral(n: Norm, c=None) -> str | None:
    """A measure restated from an upper law: a cited law → not reported; 依法 only → warning."""
    if n.cites_upper_law or (c is not None and _article_cites(n, c)):
        return "skip"
    if n.referred:
        return "warning"
    return None


@rule("COER-MEASURE-RULE-ND", title="规章、规范性文件设定行政强制措施", levels="GR ND", severity="error", head=4,
      basis="《中华人民共和国行政强制法》第十条第四款、第十六条第一款")
def coer_measure_rule_nd(ctx: Context):
    """
    What it checks: 政府规章、规范性文件的条款是否设定查封、扣押、扣留、冻结、强制检查、强制带离等行政强制措施，
    包括以效果表述的措施（拖离并保管至缴清费用后发还、收存至指定场所且接受处理前不得领回、禁止其车辆进出直至缴清
    罚款），不论由执法人员还是由委托的企业、物业服务企业实施；未援引法律、法规的为错误，仅写「依法」的为警示。
    Why: 行政强制措施只能由法律、行政法规、地方性法规设定；法律、法规以外的其他规范性文件不得设定行政强制措施。
    Fires on: 「对违法停放且无法联系车主的车辆，执法人员可以予以扣押，当事人应当在三十日内接受处理。」；
    「对拒不缴纳违法停车罚款的车主，物业服务企业应当禁止其车辆进出小区，直至其缴清罚款。」
    Does not fire on: 「依照《中华人民共和国道路交通安全法》第九十三条的规定拖移车辆。」；「查封、扣押的期限不得超过三十日。」
    （程序性规定）；「实施扣押，不得扣押与违法行为无关的财物。」；「解除扣押」。
    Basis: 行政强制法第十条第四款、第十六条第一款。
    """
    for n, c in measures(ctx):
        sev = _sev_for_referral(n, c)
        if sev == "skip":
            continue
        yield restated_or(ctx, n, c, f"规章、规范性文件不得设定行政强制措施（{c.name}：{c.text}）；实施强制措施须依照法律、法规的规定。",
                          f"设定行政强制措施「{c.name}」", severity=sev)


@rule("COER-MEASURE-LOCREG", title="地方性法规设定查封、扣押以外的强制措施", levels="LR", severity="error", head=4,
      basis="《中华人民共和国行政强制法》第九条、第十条第三款、第十一条")
def coer_measure_locreg(ctx: Context):
    """
    What it checks: 地方性法规是否设定冻结存款汇款（含通知银行冻结）、限制人身自由、强制隔离、强制带离、看管、
    强制检查等查封场所设施财物、扣押财物以外的行政强制措施。
    Why: 尚未制定法律、行政法规且属于地方性事务的，地方性法规只能设定查封场所、设施或者财物和扣押财物两类措施。
    （对法律已设定措施的领域扩大对象、条件、种类，需要上位法关联表，本规则不自动判断，请人工核对。）
    Fires on: 「对拒不缴纳罚款的企业，市生态环境主管部门可以通知其开户银行冻结相应数额的存款。」；「可以将其强制带离现场。」
    Does not fire on: 「可以查封违法经营场所，扣押违法物品。」；「依照《中华人民共和国精神卫生法》的规定……」。
    Basis: 行政强制法第九条、第十条第三款、第十一条。
    """
    for n, c in measures(ctx):
        if c.kind in _LOCREG_ALLOWED:
            continue
        sev = _sev_for_referral(n, c)
        if sev == "skip":
            continue
        yield restated_or(ctx, n, c, f"地方性法规只能设定查封、扣押两类行政强制措施，不得设定「{c.name}」（{c.text}）。",
                          f"地方性法规设定「{c.name}」", severity=sev)


@rule("COER-EXEC", title="没有法律依据的行政强制执行", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国行政强制法》第十三条、第四十五条、第五十条；《中华人民共和国城乡规划法》第六十八条")
def coer_exec(ctx: Context):
    """
    What it checks: 草案是否授权行政机关自行强制拆除、强制执行、划拨存款（直接从银行账户扣划）、拍卖财物抵缴罚款、
    代履行等（行政强制执行），而没有法律依据；加处罚款的比例是否高于每日百分之三。
    Why: 行政强制执行由法律设定；法律没有规定行政机关强制执行的，作出决定的行政机关应当申请人民法院强制执行。
    加处罚款、滞纳金（行政强制法第四十五条、行政处罚法第七十二条）不在此列；代履行须符合第五十条的条件，报警示；
    仅写「依法」的、以及强制拆除违法建筑（城乡规划法第六十八条）按警示。
    Fires on: 「当事人逾期不缴纳罚款的，市城市管理部门可以直接从其银行账户划拨罚款。」；「被暂扣的营运车辆超过三十日
    无人认领的，由区交通运输局依法拍卖，拍卖所得抵缴罚款。」（警示）；「到期不缴纳罚款的，每日按罚款数额的百分之五加处
    罚款，直至缴清之日止。」
    Does not fire on: 「当事人逾期不履行的，依法申请人民法院强制执行。」；「依照《中华人民共和国城乡规划法》第六十八条
    的规定强制拆除。」；「逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。」
    Basis: 行政强制法第十三条、第四十五条、第五十条；城乡规划法第六十八条；行政处罚法第七十二条。
    """
    for n, c in imposed(ctx, "execution"):
        if c.kind == "surcharge" and not n.cites_upper_law:
            rate = _surcharge_rate(n.clause.text)
            if rate is not None and rate > SURCHARGE_RATE:
                yield norm_hit(n, f"加处罚款每日按罚款数额的百分之三计算（行政处罚法第七十二条），且数额不得超出罚款数额（行政强制法"
                                  f"第四十五条）；本条规定每日百分之{rate:g}。", f"加处罚款比例高于法定的百分之三", c)
            continue
        if n.cites_upper_law or n.clause.modality == "prohibition":
            continue                      # 实施强制执行，不得在夜间进行: the clause limits execution, grants none
        text = n.clause.text
        if any(p in text for p in _JUDICIAL) or "申请" in text[:max(0, c.start - n.clause.start)]:
            continue
        sev, msg = None, "行政强制执行只能由法律设定；法律未授权行政机关强制执行的，应当申请人民法院强制执行。"
        if c.kind == "substitute":
            sev, msg = "warning", "代履行须符合行政强制法第五十条规定的条件（排除妨碍、恢复原状等义务，经催告仍不履行）。"
        elif n.referred:
            sev, msg = "warning", "仅写「依法」强制执行，请核对是否有法律授权行政机关强制执行（如城乡规划法第六十八条）。"
        elif c.kind == "demolish":
            sev, msg = "warning", ("强制拆除违法建筑物、构筑物、设施须依照城乡规划法第六十八条（县级以上地方人民政府责成有关部门）"
                                   "和行政强制法第四十四条（公告、限期自行拆除）进行，请核对实施主体和程序。")
        yield restated_or(ctx, n, c, msg, f"行政机关自行{c.name}", severity=sev)


SURCHARGE_RATE = 3.0
_DAILY_RATE = re.compile(rf"每日按[^，。；]{{0,10}}?(?:{PERCENT})")


def _surcharge_rate(text: str) -> float | None:
    m = _DAILY_RATE.search(text)
    if m is None:
        return None
    try:
        return float(m["arabic"]) if m["arabic"] else parse_number(m["cn"])
    except ValueError:
        return None


_RESIDENTIAL = ("住宅", "居民", "生活", "业主", "住户", "家庭", "用户", "居住")
_PRODUCTION = ("生产", "经营", "企业", "场所")


@rule("COER-UTILITIES", title="以停水停电等方式迫使履行", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国行政强制法》第四十三条第一款、第二款")
def coer_utilities(ctx: Context):
    """
    What it checks: 是否以停止或暂停供水、供电、供热、供燃气（含不予办理燃气充值）迫使当事人履行行政决定或缴纳费用：
    条款以违法、欠费、拒不履行为条件，后果为停止或不予供应，不论由行政机关还是由供水、供电、燃气企业实施。
    Why: 行政机关不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行相关行政决定；对生产经营
    场所的，须有专门法律依据（警示）。
    Fires on: 「对拒不缴纳违建整改费用的业主，供水、供电单位应当配合停止对其住宅供水、供电。」；「欠缴生活垃圾处理费的
    居民，燃气企业不予办理燃气充值业务。」
    Does not fire on: 「燃气设施存在重大安全隐患的，燃气经营企业可以暂停供气。」（安全措施，非迫使履行）；
    用户未按合同约定付费时依合同停止供应。
    Basis: 行政强制法第四十三条第一款、第二款。
    """
    for n in _utility_norms(ctx):
        c = n[1]
        context = n[0].prov.text
        residential = any(w in context for w in _RESIDENTIAL)
        production = any(w in context for w in _PRODUCTION)
        sev = "warning" if production and not residential else None
        yield norm_hit(n[0], "不得以停止供水、供电、供热、供燃气的方式迫使当事人履行行政决定。", "以停止供水供电迫使履行",
                       c, severity=sev)


_OWN_BILL = ("燃气费", "水费", "电费", "热费", "供热费", "用气费", "未支付", "未交纳燃气", "未缴纳燃气", "欠费")
_COMPLIANCE = ("拒不", "逾期", "欠缴", "未缴纳", "拒绝", "不履行", "未履行", "不配合", "拒不缴纳", "未缴清", "拖欠", "未按期")


def _utility_norms(ctx: Context):
    for n, c in imposed(ctx, "measure", "sanction"):
        utility = c.kind == "utilities" or (c.kind == "licence_denial" and has_concept(n, "SERVICE", "utility"))
        if not utility or n.referred_for(c):
            continue
        conditions = n.clause.text[:max(0, c.start - n.clause.start)]
        if not any(w in conditions for w in _COMPLIANCE):
            continue                      # a safety or supply rule, not a means to compel compliance
        before = n.prov.text[:c.start]
        if any(w in conditions or w in before for w in _OWN_BILL):
            continue                      # the supplier's own bill unpaid: a supply contract, not administrative compulsion
        if any(w in n.clause.text for w in ("合同约定", "按照约定", "安全隐患", "应急", "抢修", "检修", "入户检查", "安全检查",
                                            "恢复供气", "恢复供水", "恢复供电")):
            continue
        yield n, c


@rule("COER-PROCESS", title="设定行政强制的听证论证和说明", levels="LR", severity="warning", head=7,
      basis="《中华人民共和国行政强制法》第五条、第十四条")
def coer_process(ctx: Context):
    """
    What it checks: 地方性法规草案设定查封、扣押等行政强制措施的，卷宗中是否有听证会、论证会记录及必要性、影响、
    意见采纳情况的说明。
    Why: 起草法规草案拟设定行政强制的，应当采取听证会、论证会等形式听取意见，并说明设定的必要性、可能产生的
    影响以及听取和采纳意见的情况；设定和实施行政强制应当适当（最小侵害）。
    Fires on: 设定「可以查封、扣押」且卷宗无 hearing_record / argument_record。
    Does not fire on: 依法实施上位法已设定的强制措施；卷宗已附听证、论证记录。
    Basis: 行政强制法第五条、第十四条。
    """
    dossier = ctx.dossier or {}
    if dossier.get("hearing_record") or dossier.get("argument_record"):
        return
    for n, c in measures(ctx):
        if n.referred:
            continue
        yield norm_hit(n, "草案设定行政强制措施：须举行听证会或论证会，并说明必要性、影响及意见采纳情况（请在卷宗中附记录）。",
                       "地方性法规设定行政强制措施", c)
        return
