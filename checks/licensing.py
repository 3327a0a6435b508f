"""B.3 行政许可设定权 (行政许可法; 优化营商环境条例第三十九条)."""
from __future__ import annotations

import re

from checks.base import Context, hit_at, rule
from checks.patterns import AFTER_FACT_FILING_RE, LIC_DISGUISED_RE, LIC_DISGUISED_SANCTION_RE, NEG, describes_conduct, is_law_based, is_negated, licence_creations
from checks.text import REFERRAL_RE


@rule("LIC-NORMDOC", title="行政规范性文件设定行政许可", levels="ND", severity="error", head=4,
      basis="《中华人民共和国行政许可法》第十七条")
def lic_normdoc(ctx: Context):
    """
    What it checks: 行政规范性文件是否设定行政许可（须经批准、未经许可不得、取得许可证后方可），或以备案、
    登记等方式变相设定许可。
    Why: 除法律、行政法规、国务院决定、地方性法规和省级政府规章外，其他规范性文件一律不得设定行政许可，
    也不得增设取得许可的条件。
    Fires on: 「物业服务企业应当在承接项目前向区住房城乡建设部门备案；未经备案的，不得承接物业服务项目。」
    Does not fire on: 「从事食品经营的，应当依法取得食品经营许可。」（实施上位法已设定的许可）；
    「应当自签订合同之日起三十日内报区住房城乡建设部门备案。」（单纯信息备案）
    Basis: 行政许可法第十七条、第七十一条；国办发〔2018〕37号 一（一）。
    """
    for s in ctx.sentences:
        for m in licence_creations(s):
            yield hit_at(s, m, "行政规范性文件不得设定行政许可。")
        for m in _disguised(ctx, s):
            yield hit_at(s, m, "行政规范性文件不得以备案、登记等方式变相设定行政许可。")


@rule("LIC-CITYRULE", title="设区的市政府规章设定行政许可", levels="GR", severity="error", head=4,
      basis="《中华人民共和国行政许可法》第十五条第一款、第十六条第三款、第十七条")
def lic_cityrule(ctx: Context):
    """
    What it checks: 设区的市政府规章是否设定行政许可（包括临时性许可）。
    Why: 临时性行政许可只能由省、自治区、直辖市人民政府规章设定；设区的市规章只能在上位法设定的许可事项
    范围内对实施该许可作出具体规定。
    Fires on: 「在本市从事互联网租赁自行车经营的，应当经市交通运输主管部门批准，取得经营许可证后方可投放车辆。」
    Does not fire on: 「申请燃气经营许可的，应当依照《城镇燃气管理条例》第十五条规定的条件……」；
    「依法取得道路运输经营许可」。
    Basis: 行政许可法第十五条第一款、第十六条第三款、第十七条。
    """
    for s in ctx.sentences:
        for m in licence_creations(s):
            yield hit_at(s, m, "设区的市政府规章无权设定行政许可（临时性许可仅限省级政府规章）。")


def _disguised(ctx: Context, s):
    """LIC_DISGUISED matches; the sanction-for-not-filing branch only where the 备案 is a
    precondition (not an after-the-fact information filing) and only for GR/ND."""
    out = []
    for m in LIC_DISGUISED_RE.finditer(s.masked):
        if is_negated(s.masked, m.start(), 8) or is_law_based(s, m.start()):
            continue
        out.append(m)
    if not out and ctx.level in ("GR", "ND"):
        for m in LIC_DISGUISED_SANCTION_RE.finditer(s.masked):
            art = s.clause.article.flat_text if s.clause.article else s.clause.text
            if AFTER_FACT_FILING_RE.search(art) or REFERRAL_RE.search(s.text):
                continue
            out.append(m)
    return out


_LOCAL_LIMITS = re.compile(r"(资格|资质|执业|从业)(证|证书|考试)|(设立|开办)[^，。；]{0,6}(登记|前置)"
                           r"|(外地|外省|市外|本市以外|外埠)[^，。；]{0,20}(不得|须|应当)")


@rule("LIC-DISGUISED", title="以备案、登记等变相设定行政许可", levels="LR GR ND",
      severity={"LR": "warning", "GR": "error", "ND": "error"}, head=4,
      basis="《优化营商环境条例》第三十九条第一款；《中华人民共和国行政许可法》第十五条至第十七条")
def lic_disguised(ctx: Context):
    """
    What it checks: 备案、登记、注册、年检、认定、认证、审定等是否被用作开展活动的前提（「备案后方可」「未经备案
    不得」「备案不予通过」），即实质上的许可。
    Why: 严禁以备案、登记、注册、目录、规划、年检、年报、监制、认定、认证、审定以及其他任何形式变相设定或者
    实施行政许可。地方性法规可以设定许可，但应当明示为许可并履行设定程序，故对地方性法规按警示报告
    （同时触犯 LIC-LOCAL-LIMITS 的为错误）。
    Fires on: 「未经备案的，不得承接物业服务项目。」；规范性文件「对未按本通知要求办理经营备案的商户，处以五千元罚款。」
    Does not fire on: 「应当自取得营业执照之日起三十日内向区商务部门备案。」（单纯信息备案，不影响活动合法性）；
    地方性法规对逾期未报送备案信息的罚款。
    Basis: 优化营商环境条例第三十九条第一款；行政许可法第十五条至第十七条。
    """
    for s in ctx.sentences:
        for m in _disguised(ctx, s):
            sev = None
            if ctx.level == "LR" and _LOCAL_LIMITS.search(s.masked) and licence_creations(s):
                sev = "error"
            yield hit_at(s, m, "备案、登记等被设定为开展活动的前提或以处罚强制，构成变相行政许可。", severity=sev)


@rule("LIC-LOCAL-LIMITS", title="地方性法规不得设定的许可", levels="LR", severity="error", head=4,
      basis="《中华人民共和国行政许可法》第十五条第二款")
def lic_local_limits(ctx: Context):
    """
    What it checks: 地方性法规设定的许可是否涉及国家统一确定的资格资质、企业或其他组织的设立登记及其前置许可，
    或者限制外地个人、企业到本地从事经营、提供服务，限制外地商品进入本地市场。
    Why: 行政许可法第十五条第二款明确排除上述事项。
    Fires on: 「在本市从事家政服务的人员，应当经市人力资源社会保障部门考核，取得本市家政从业资格证后方可上岗。」
    Does not fire on: 「从事家政服务的人员应当依法取得相应职业资格。」；不涉及资格、设立登记和外地限制的许可。
    Basis: 行政许可法第十五条第二款。
    """
    for s in ctx.sentences:
        creations = licence_creations(s)
        if not creations:
            continue
        m = _LOCAL_LIMITS.search(s.masked)
        if m and not re.search(r"营业执照|依法取得", s.masked):
            yield hit_at(s, creations[0], "地方性法规不得就国家统一确定的资格资质、组织设立登记及其前置许可设定许可，"
                                          "也不得以许可限制外地经营者和商品。")


@rule("LIC-ADD-CONDITION", title="实施上位法许可时增设许可或条件", levels="LR GR ND",
      severity="error", head=4, basis="《中华人民共和国行政许可法》第十六条第四款")
def lic_add_condition(ctx: Context):
    """
    What it checks: 对上位法已设定的许可作具体规定时，是否另行增设许可、前置审批或许可条件。
    Why: 法规、规章对实施上位法设定的行政许可作出的具体规定，不得增设行政许可；对许可条件作出的具体规定，
    不得增设违反上位法的其他条件。
    Fires on: 「申请人依法取得道路运输经营许可的，还应当具备本市规定的停车场地和不少于二十辆的车辆。」（错误）；
    「办理施工许可前，应当取得街道办事处出具的前置审批意见。」（警示）
    Does not fire on: 「取消无法律法规依据的前置审批。」；「申请材料应当符合《……》第X条的规定。」
    Basis: 行政许可法第十六条第四款；规范性文件另见国办发〔2018〕37号 一（一）。
    """
    extra = re.compile(r"(还|另|另行|并|同时)(应当|须|必须)(具备|符合|提交|提供|取得)[^。；]{0,30}?(条件|材料|证明|资质|人员|场地|资金|车辆|设备)")
    pre = re.compile(r"前置(审批|条件|许可)")
    for s in ctx.sentences:
        ctxt = s.masked_context
        if re.search(r"许可|审批|批准|核准", ctxt):
            for m in extra.finditer(s.masked):
                if re.search(r"依法取得|已取得|取得[^，。；]{0,10}许可", ctxt) and not REFERRAL_RE.search(s.text[m.start():]):
                    yield hit_at(s, m, "在上位法设定的许可之外增设许可条件。")
        for m in pre.finditer(s.masked):
            if is_negated(s.masked, m.start(), 12) or re.search(NEG, s.masked[max(0, m.start() - 20):m.start()]):
                continue
            yield hit_at(s, m, "设置前置审批或前置条件，须核对上位法是否有此要求。", severity="warning")


_FEE = re.compile(r"(申请|办理|核发|审批|许可|年检|检查)[^，。；]{0,15}(收取|缴纳|交纳)[^，。；]{0,10}费"
                  r"|工本费|审查费|评审费|检测费|培训费"
                  r"|(须|应当|必须)(购买|使用|参加|委托|接受)[^，。；]{0,20}指定")


@rule("LIC-FEE-TIEIN", title="许可收费或搭售", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国行政许可法》第五十八条第一款、第二款，第二十七条第一款")
def lic_fee_tiein(ctx: Context):
    """
    What it checks: 实施许可、年检、检查时收取费用，或要求申请人购买指定商品、接受有偿服务、参加指定培训。
    Why: 实施行政许可和监督检查不得收取任何费用（法律、行政法规另有规定的除外），申请书格式文本不得收费；
    不得要求申请人购买指定商品、接受有偿服务。
    Fires on: 「申请办理许可证的，应当缴纳审查费二百元。」；「申请人须参加市协会指定的培训。」
    Does not fire on: 「办理许可不得收取任何费用。」；「依照《……收费管理条例》规定的标准缴纳……费」。
    Basis: 行政许可法第五十八条第一款、第二款，第二十七条第一款。
    """
    for s in ctx.sentences:
        for m in _FEE.finditer(s.masked):
            if is_negated(s.masked, m.start(), 20) or re.search(r"不得|不收取|免收|免费|免予", s.masked[max(0, m.start() - 20):m.end() + 4]):
                continue
            if is_law_based(s, m.start()) or re.search(r"按照国家|依照国家|国家规定|按照(有关)?规定|依照(有关)?规定|按规定|核定的标准|"
                                                       r"财政|物价|价格主管部门|标准由", s.masked):
                continue
            if describes_conduct(s, m.start(), m.end()) or re.search(r"没收|退还|返还|免交|免收|纳入[^，。；]{0,6}预算|补偿费|资源费",
                                                                   s.masked):
                continue
            if "指定" in m.group(0) and (not re.search(r"申请|许可|审批|办理|年检|核发", s.masked_context)
                                       or re.search(r"国家[^，。；]{0,12}指定", s.masked)):
                continue
            if m.group(0) in ("检测费", "培训费") and not re.search(r"许可|审批|申请|年检|核发", s.masked_context):
                continue
            if "工本费" in m.group(0):
                yield hit_at(s, m, "收取证照工本费须有法律、行政法规依据（行政许可法第五十八条），请核对。", severity="warning")
                continue
            if re.search(r"优惠|免收|减半", s.masked):
                continue
            yield hit_at(s, m, "实施行政许可不得收费（法律、行政法规另有规定的除外），不得要求申请人购买指定商品或接受有偿服务。")


@rule("LIC-PROCESS", title="设定许可的听证论证和说明", levels="LR", severity="warning", head=7,
      basis="《中华人民共和国行政许可法》第十八条、第十九条")
def lic_process(ctx: Context):
    """
    What it checks: 地方性法规草案新设行政许可（未援引上位法许可）时，是否已经听证会、论证会并向制定机关说明
    必要性、影响及意见采纳情况；条文是否写明实施机关、条件、程序、期限。
    Why: 起草设定行政许可的法规草案，应当采取听证会、论证会等形式听取意见，并说明设定的必要性、对经济和社会
    可能产生的影响以及听取和采纳意见的情况；设定许可应当规定实施机关、条件、程序、期限。
    Fires on: 新设许可且卷宗未载明听证/论证记录（或未提供卷宗）；新设许可的条文未写明实施机关。
    Does not fire on: 卷宗载明 hearing_record 或 argument_record 的；未新设许可的草案。
    Basis: 行政许可法第十八条、第十九条。
    """
    dossier = ctx.dossier or {}
    has_artifacts = bool(dossier.get("hearing_record") or dossier.get("argument_record"))
    for s in ctx.sentences:
        for m in licence_creations(s):
            if not has_artifacts:
                yield hit_at(s, m, "草案新设行政许可：须举行听证会或论证会，并向制定机关说明设定的必要性、影响及意见采纳情况（请在卷宗中附记录）。")
            if not re.search(r"(部门|机关|局|委|办|人民政府|机构)", s.masked_context):
                yield hit_at(s, m, "设定许可应当写明实施机关、条件、程序和期限。")
            return
