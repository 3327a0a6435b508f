"""B.3 行政许可设定权 (行政许可法; 优化营商环境条例第三十九条), over clause fields.

A licence is a consequence of type ``licence`` (lawtext.clauses.licences): a step a private party
must pass before an activity — an approval (批准、审批、核准、同意), or a 备案、登记、审验、目录、
认定, a 协会's opinion or 标识 used the same way. Not a licence: the consent of a private body
(业主大会, 利害关系人, 村民会议), steps between public organs (报上级批准, 合法性审核后提交审议),
and implementing an existing licence (依法取得…许可, 依照《X》…).
"""
from __future__ import annotations

import re

from lawtext.clauses.model import Consequence
from lawtext.numerals import cn_to_int
from lawtext.vocabulary import CITED_ARTICLE, SELF_NAME

from checks.base import Context, rule
from checks.clauses import Norm, has_concept, imposed, norm_hit, norms
from checks.fcr_forms import restricts_choice
from checks.restatement import restated_or

_QUALIFICATION = ("资格", "资质", "执业", "从业", "上岗", "考核", "考试")
_ESTABLISH = ("设立", "开办")


def _listed_gates(ctx: Context):
    """有下列情形之一的，不得承接…：（一）未列入…名录的: a 项 naming the absence of an approval, under a
    款 that forbids or sanctions, gates the activity as much as 未经…的，不得… does."""
    for n in norms(ctx):
        lead = n.prov.lead
        if lead is None or not any(c.modality == "prohibition" or any(x.type == "sanction" and not x.negated
                                                                          for x in c.consequences) for c in lead.clauses):
            continue
        for d in n.clause.conditions:
            if not d.gate:
                continue
            gate = next(x for x in d.concepts if x.label == "GATE" and x.kind == "unless")
            appr = next((x for x in d.concepts if x.label in ("APPROVAL", "LICENCE_DOC") and x.start >= gate.end), None)
            if appr is None:
                continue
            form = "explicit" if appr.label == "APPROVAL" and appr.kind == "explicit" else "disguised"
            yield n, Consequence("licence", "gate", "许可" if form == "explicit" else "变相许可",
                                 n.prov.text[gate.start:appr.end], gate.start, appr.end, object=appr.text, form=form)


def licences(ctx: Context, *, include_filing_sanction: bool = False):
    """(norm, licence) for every licence the draft creates."""
    for n, c in list(imposed(ctx, "licence")) + list(_listed_gates(ctx)):
        if c.issuer_type == "consent" or c.issuer_type == "selfgov" and not any(w in c.text for w in ("许可", "执照", "牌照")):
            continue                                # 业主大会同意, 村民会议决定: no administrative licence; a 许可牌
            #                                         a 居委会 issues is one handed to a body that may grant none
        if n.clause.addressee_type == "public" and not _regime_on_parties(n, c) and not _gate_on_business(n, c) \
                and not _gate_on_activity(n, c) and not _issued_to_parties(n, c) and not _outside_list(c):
            continue                                # a step between organs
        if n.referred or c.form == "explicit" and (n.cites_upper_law or _CITES_ARTICLE.search(n.prov.text)):
            continue                                # implementing an upper-law licence (在《城乡规划法》第六十四条规定的幅度内…)
        if c.kind == "gate" and _procedural_step(n):
            continue                                # 未经合法性审核的，不得提交审议: a step of making a text
        if c.kind == "filing_sanction" and not include_filing_sanction:
            continue
        if _national(n, c) or _programme(n, c) or _cited_gate(ctx, n, c):
            continue
        yield n, c


def _cited_gate(ctx: Context, n: Norm, c) -> bool:
    """The article cites an upper-law article that itself sets this gate (依照《特种设备安全法》第四十条…。未经定期检验
    或者检验不合格的电梯，不得继续使用: that article bars unexamined equipment in the same words)."""
    art = n.unit.article
    corpus = getattr(ctx, "corpus", None)
    if art is None or corpus is None or not c.object:
        return False
    for m in _CITES_ARTICLE.finditer(art.flat_text):
        try:
            upper = corpus.article_text(m.group(1), cn_to_int(m.group(2)))
        except ValueError:
            continue
        if upper and c.object in upper and any(w in upper for w in ("不得", "方可", "未经")):
            return True
    return False


_CITES_ARTICLE = re.compile(CITED_ARTICLE)
_MAKING_STEPS = ("提交审议", "提请审议", "提交会议", "常务会议", "审议", "公布", "印发", "签发", "报请", "发布施行")


def _procedural_step(n: Norm) -> bool:
    """未经合法性审核的，不得提交常务会议审议: what the gate bars is a step of making a normative text
    or decision, no one's trade."""
    return any(w in n.clause.text for w in _MAKING_STEPS) and not any(
        x.type == "sanction" and x.kind == "restrict_business" for x in n.clause.consequences)


def _gate_on_business(n: Norm, c) -> bool:
    """街道办事处审核同意后出具备案证明，未取得备案证明的不得承接: whoever lacks the document may not
    do business, whichever organ the clause named first (an organ's internal step bars no trade)."""
    return c.kind == "gate" and any(x.type == "sanction" and x.kind == "restrict_business" and not x.negated
                                    for x in n.clause.consequences)


def _issued_to_parties(n: Norm, c) -> bool:
    """市交通运输局经审查同意的，向企业发放投放许可文件: the organ decides, the permit goes to a party."""
    return c.kind == "issue" and any(x.label == "PARTY" and c.start <= x.start < c.end for x in n.clause.concepts)


def _outside_list(c) -> bool:
    """名录外机构编制的报告，审查机关不予采信: whatever is outside an organ's list is refused."""
    return c.kind == "gate" and c.text.endswith("外")


_ACTIVITIES = ("举办", "开工", "施工", "营业", "经营", "开业", "开展", "设置", "销售", "投入使用", "使用", "运营", "营运",
               "生产", "入场", "进场", "招生")


def _gate_on_activity(n: Norm, c) -> bool:
    """公安分局对活动方案进行审查，经审查批准的，方可举办: the organ examines, but what waits for its
    approval is someone's activity."""
    after = n.clause.text[c.end - n.clause.start:]
    return "方可" in c.text and after.lstrip("以再").startswith(_ACTIVITIES)


def _regime_on_parties(n: Norm, c) -> bool:
    """本市对…企业实行准入管理，条件由市商务局制定: the regime binds the firms it names, whoever
    the clause goes on to charge with carrying it out."""
    if c.kind != "regime":
        return False
    return any(x.label == "PARTY" and x.end <= c.start for x in n.clause.concepts)


_NATIONAL = ("国家规定的", "国家有关规定的", "国家统一", "相应的资质", "相应资质", "相应的执业", "相应执业", "相应的资格",
             "相应资格", "相应的专业技术", "法定的", "依法取得")


def _national(n: Norm, c) -> bool:
    """The document required is one the national system issues (应当取得国家规定的教师资格, 必须具备
    相应的资质等级, 持有国家统一制作的证件): an upper-law licence, not a new one."""
    return any(w in c.text for w in _NATIONAL)


def _programme(n: Norm, c) -> bool:
    """本市建立和完善…持证上岗…制度: a programme the government builds, not a gate on anyone."""
    return any(w in n.clause.text for w in ("建立", "完善", "健全")) and "制度" in n.clause.text and c.kind == "holding"


def _after_fact_filing(n: Norm) -> bool:
    """The 备案 is an information filing after the fact (自…之日起三十日内备案)."""
    text = n.unit.article.flat_text if n.unit.article else n.prov.text
    return "之日起" in text and ("日内" in text or "个工作日内" in text or "个月内" in text)


def _describe(c) -> str:
    who = f"「{c.issuer}」" if c.issuer else ""
    return f"须经{who}{c.object}" if c.object else "设定了许可"


@rule("LIC-NORMDOC", title="行政规范性文件设定行政许可", levels="ND", severity="error", head=4,
      basis="《中华人民共和国行政许可法》第十七条")
def lic_normdoc(ctx: Context):
    """
    What it checks: 行政规范性文件是否设定行政许可：以批准、审批、核准、同意为开展活动的前提，或以备案、登记、
    年度审验、目录、协会出具的意见或标识、向机关办理的手续等任何形式作为前提（「未经备案的，不得承接」「应当事先取得
    协会出具的合格意见」「办理进场手续后方可施工」「应当每年办理年审手续；未办理的，不得继续经营」），或以罚款强制办理
    事前备案。
    Why: 除法律、行政法规、国务院决定、地方性法规和省级政府规章外，其他规范性文件一律不得设定行政许可，
    也不得增设取得许可的条件。业主大会、利害关系人等民事主体的同意不是行政许可。
    Fires on: 「物业服务企业应当在承接项目前向区住房城乡建设部门备案；未经备案的，不得承接物业服务项目。」；
    「未经区住房城乡建设局审核同意，任何单位和个人不得在本区从事房屋中介业务。」
    Does not fire on: 「从事食品经营的，应当依法取得食品经营许可。」（实施上位法已设定的许可）；
    「应当自签订合同之日起三十日内报区住房城乡建设部门备案。」（单纯信息备案）；「应当经业主大会同意。」
    Basis: 行政许可法第十七条、第七十一条；国办发〔2018〕37号 一（一）。
    """
    for n, c in licences(ctx, include_filing_sanction=True):
        if c.kind == "filing_sanction" and _after_fact_filing(n):
            continue
        msg = ("行政规范性文件不得以备案、登记等方式变相设定行政许可。" if c.form == "disguised" or c.issuer_type == "agent"
               else "行政规范性文件不得设定行政许可。")
        yield norm_hit(n, msg, f"规范性文件设定许可（{_describe(c)}）", c)


@rule("LIC-CITYRULE", title="设区的市政府规章设定行政许可", levels="GR", severity="error", head=4,
      basis="《中华人民共和国行政许可法》第十五条第一款、第十六条第三款、第十七条")
def lic_cityrule(ctx: Context):
    """
    What it checks: 设区的市政府规章是否设定行政许可（包括临时性许可和以备案、登记、目录、审验、协会意见等变相设定的
    许可）：某项活动须先经批准、核准、备案、登记或取得某种证照、标识后方可进行，须先向机关申请审查、核准，或者对某类
    经营者实行准入、许可、审批管理（即使具体条件交由部门另定），包括机关审查批准后方可举办、开工、营业的活动。
    法规库中的法律、行政法规对类似事项设有同一许可的，按重述报警示，请注明所依据的条文。
    Why: 临时性行政许可只能由省、自治区、直辖市人民政府规章设定；设区的市规章只能在上位法设定的许可事项
    范围内对实施该许可作出具体规定。
    Fires on: 「在本市从事互联网租赁自行车经营的，应当经市交通运输主管部门批准，取得经营许可证后方可投放车辆。」；
    「开办学生课后托管机构的申请，由区教育主管部门审批；未经审批的，不得招收学生。」
    Does not fire on: 「申请燃气经营许可的，应当依照《城镇燃气管理条例》第十五条规定的条件……」；
    「依法取得道路运输经营许可」；「业主拟将住宅用作经营性用房的，应当取得有利害关系的业主的一致同意。」
    Basis: 行政许可法第十五条第一款、第十六条第三款、第十七条。
    """
    for n, c in licences(ctx):
        yield restated_or(ctx, n, c, "设区的市政府规章无权设定行政许可（临时性许可仅限省级政府规章）。",
                          f"规章设定许可（{_describe(c)}）")


_LOCAL = ("本市", "本地", "本区", "本县", "本省")


def _local_limits(n: Norm, c) -> bool:
    """A licence an LR may not create: a local qualification (取得本市…上岗证, 经市…部门考核), a
    前置 for setting up an organisation, or one that keeps out non-local firms or goods."""
    words = c.text + (c.object or "")
    cl = n.clause
    just_before = cl.text[max(0, c.start - cl.start - 6):max(0, c.start - cl.start)]     # 取得「本市」家政从业资格证
    local = any(w in words + just_before for w in _LOCAL) or \
        (c.issuer_type == "public" and c.issuer[:1] in ("市", "区", "县", "省"))
    if any(w in words for w in _QUALIFICATION) and local:
        return True
    if "前置" in n.clause.text and any(w in n.clause.text for w in _ESTABLISH):
        return True
    return any(d.kind == "nonlocal_party" for d in n.clause.distinctions)


@rule("LIC-DISGUISED", title="以备案、登记等变相设定行政许可", levels="LR GR ND",
      severity={"LR": "warning", "GR": "error", "ND": "error"}, head=4,
      basis="《优化营商环境条例》第三十九条第一款；《中华人民共和国行政许可法》第十五条至第十七条")
def lic_disguised(ctx: Context):
    """
    What it checks: 备案、登记、注册、年检、审验、目录、认定、认证、协会意见或标识等是否被用作开展活动的前提
    （「备案后方可」「未经备案不得」「未备案的，不得开展经营」「未签订运营服务协议的，不得投放」「未通过年度审验的，
    不得继续承接」「未列入推荐目录的，不得使用」「应当先列入…名录」「目录以外的产品不得在本市销售」），由协会等
    中介机构把关的同样计入；规章、规范性文件以罚款强制办理事前备案的也计入。
    Why: 严禁以备案、登记、注册、目录、规划、年检、年报、监制、认定、认证、审定以及其他任何形式变相设定或者
    实施行政许可。地方性法规可以设定许可，但应当明示为许可并履行设定程序，故对地方性法规按警示报告
    （涉及资格资质、设立登记或外地限制的为错误）。
    Fires on: 「未经备案的，不得承接物业服务项目。」；规范性文件「对未按本通知要求办理经营备案的商户，处以五千元罚款。」；
    「进入本市销售的液化石油气钢瓶，应当取得市燃气行业协会发放的准入标识。」
    Does not fire on: 「应当自取得营业执照之日起三十日内向区商务部门备案。」（单纯信息备案，不影响活动合法性）；
    地方性法规对逾期未报送备案信息的罚款；所引上位法条文本身设有的同一门槛（依照《特种设备安全法》第四十条……「未经
    定期检验或者检验不合格的电梯，不得继续使用」）；机关内部的审批、「报经局主要负责人批准」。
    Basis: 优化营商环境条例第三十九条第一款；行政许可法第十五条至第十七条。
    """
    for n, c in licences(ctx, include_filing_sanction=ctx.level in ("GR", "ND")):
        if c.form != "disguised" and c.issuer_type != "agent":
            continue
        if c.kind == "filing_sanction" and _after_fact_filing(n):
            continue
        sev = "error" if ctx.level == "LR" and _local_limits(n, c) else None
        yield norm_hit(n, "备案、登记等被设定为开展活动的前提或以处罚强制，构成变相行政许可。",
                       f"以「{c.object}」作为开展活动的前提，构成变相许可", c, severity=sev)


@rule("LIC-LOCAL-LIMITS", title="地方性法规不得设定的许可", levels="LR", severity="error", head=4,
      basis="《中华人民共和国行政许可法》第十五条第二款")
def lic_local_limits(ctx: Context):
    """
    What it checks: 地方性法规设定的许可是否涉及国家统一确定的资格资质（上岗证、从业资格、考核合格）、企业或其他
    组织的设立登记及其前置许可，或者限制外地个人、企业到本地从事经营、提供服务，限制外地商品进入本地市场。
    Why: 行政许可法第十五条第二款明确排除上述事项。
    Fires on: 「在本市从事养老护理的人员，应当参加市民政部门组织的考核，取得本市养老护理员上岗证后方可从事护理服务。」
    Does not fire on: 「从事家政服务的人员应当依法取得相应职业资格。」；不涉及资格、设立登记和外地限制的许可。
    Basis: 行政许可法第十五条第二款。
    """
    for n, c in licences(ctx):
        if _local_limits(n, c):
            yield norm_hit(n, "地方性法规不得就国家统一确定的资格资质、组织设立登记及其前置许可设定许可，"
                              "也不得以许可限制外地经营者和商品。", "地方性法规设定资格、设立登记或限制外地的许可", c)


@rule("LIC-ADD-CONDITION", title="实施上位法许可时增设许可或条件", levels="LR GR ND",
      severity="error", head=4, basis="《中华人民共和国行政许可法》第十六条第四款")
def lic_add_condition(ctx: Context):
    """
    What it checks: 对申请（申领）上位法已设定的许可或申请设立、开办某类机构的人，条款是否另加条件（「除具备国家规定的
    条件外，还应当……」「还应当具备……」「还应当提交居民委员会出具的意见」），或者要求先取得其他机关、协会的意见、证明
    （前置审批）。
    Why: 法规、规章对实施上位法设定的行政许可作出的具体规定，不得增设行政许可；对许可条件作出的具体规定，
    不得增设违反上位法的其他条件。
    Fires on: 「申请道路货物运输经营许可的，除具备国家规定的条件外，还应当拥有不少于二十辆营运货车。」（错误）；
    「办理施工许可前，应当取得街道办事处出具的前置审批意见。」（警示）；「办理营业执照前，申请人应当先取得社区居民委员会
    出具的同意经营意见。」（警示）
    Does not fire on: 「取消无法律法规依据的前置审批。」；「申请材料应当符合《……》第X条的规定。」；「申请设立市级森林公园，
    除应当具备前款规定的条件外，还应当具备……」（在本法规自设的条件上递加，不是对上位法许可增设条件）。
    Basis: 行政许可法第十六条第四款；规范性文件另见国办发〔2018〕37号 一（一）。
    """
    for n in norms(ctx):
        cl = n.clause
        if n.in_conduct_list or cl.modality not in ("obligation", "precondition") or n.cites_upper_law:
            continue
        more = [x for x in cl.concepts if x.label == "ADDITION"]
        applying = any(_applies_for_licence(d) for d in cl.conditions) or bool(more) and _article_applies(n)
        about_licence = applying or any(any(x.label in ("APPROVAL", "LICENCE_DOC") for x in d.concepts) for d in cl.conditions)
        if applying and more and not _own_conditions(cl.text):
            plain = any(x.label == "PERIOD" for x in cl.concepts) or any(w in cl.statement for w in ("不少于", "不低于", "不小于", "以上"))
            yield norm_hit(n, "在上位法设定的许可之外增设许可条件。", "对申请许可者另加条件", span=(more[0].start, cl.end),
                           severity=None if plain else "warning")
            continue
        pre = [x for x in cl.concepts if x.text.startswith("前置")] or (
            [x for x in cl.concepts if x.label == "GATE" and x.kind == "prior"] if has_concept(n, "GATE", "issue") else [])
        if not pre and not n.referred and "依照" not in cl.text and "依法" not in cl.text and any(
                d.text.rstrip("，, ").endswith("前") and any(x.label == "LICENCE_DOC" or x.label == "APPROVAL" and x.kind == "explicit"
                                                            for x in d.concepts) for d in cl.conditions) and \
                any(c.type == "licence" and c.kind in ("holding", "through") for c in cl.consequences):
            pre = [c for c in cl.consequences if c.type == "licence"]      # 办理营业执照前，应当先取得…出具的意见
        if pre and about_licence and not has_concept(n, "MODAL", "prohibition"):
            yield norm_hit(n, "设置前置审批或前置条件，须核对上位法是否有此要求。", "设置前置审批", span=(pre[0].start, cl.end),
                           severity="warning")


_APPLIES = re.compile(r"申请(?:领取|办理|核发|取得)?[^，。；]{0,12}?(?:许可证|许可|执照|资质证书|批准文件)")


def _article_applies(n: Norm) -> bool:
    """An earlier 款 of the article is about applying for a licence an upper law sets (建设单位申请领取施工许可证，
    应当具备《建筑法》第八条规定的条件。对…的建设工程，建设单位还应当提交…): one more condition on that licence."""
    art = n.unit.article
    before = art.flat_text[:max(0, art.flat_text.find(n.clause.text))] if art is not None else ""
    return bool(_APPLIES.search(before)) and any(w in before for w in _UPPER_SET)   # the licence is an upper law's


_UPPER_SET = ("《", "国家规定", "国家有关规定", "法律、行政法规规定", "法律、法规规定")


_OWN_BASE = re.compile(rf"除[^，。；]*?(?:前款|前条|本款|本条|{SELF_NAME})[^，。；]*?外")


def _own_conditions(text: str) -> bool:
    """除应当具备前款规定的条件外，还应当具备…: the further conditions build on the draft's own, not on
    an upper law's (a local regime such as a 市级森林公园 sets all its conditions itself)."""
    return bool(_OWN_BASE.search(text))


def _applies_for_licence(d) -> bool:
    """A condition naming an application for a licence (申请道路货物运输经营许可的, 申领…许可证的)."""
    applies = next((x for x in d.concepts if x.label == "GATE" and (x.kind == "application" or x.text == "申领")), None)
    licence = any((x.label == "APPROVAL" and x.kind == "explicit") or (x.label == "LICENCE_DOC" and
                  any(w in x.text for w in ("许可", "执照", "资质", "资格"))) for x in d.concepts)
    # 申请从事殡葬服务的 / 申请设立民办学校的: applying to carry on a regulated activity or set up a body
    activity = applies is not None and (
        any(x.label == "VERB" and x.kind == "occupy" and 0 <= x.start - applies.end <= 1 for x in d.concepts)
        or d.text[applies.end - d.start:].startswith(_ESTABLISH + ("举办",)))
    return applies is not None and (licence or activity)


_ISSUING = ("核发", "办理", "审批", "受理", "发放", "颁发", "换发", "审核")


def _charged_when_issuing(n: Norm) -> bool:
    """市城市管理部门核发设置许可时，…收取审核管理费: the organ charges whoever it licenses."""
    return any(any(w in d.text for w in _ISSUING) and any(x.label in ("LICENCE_DOC", "APPROVAL") for x in d.concepts)
               for d in n.clause.conditions)


def _applying(n: Norm) -> bool:
    """The clause (or its 款, or its article: 申请设置…的，…提交…。/ 申请人缴纳技术审查费，缴清后方予审批)
    concerns applying for, or obtaining, a licence or registration."""
    art = n.unit.article
    if art is not None and "申请" in art.flat_text and any(w in n.prov.text for w in ("审批", "许可", "核准", "批准")) \
            and (n.clause.addressee_type != "public" or "申请人" in n.clause.text):
        return True
    if n.clause.addressee_type == "public":
        return False
    in_conditions = [x for d in n.clause.conditions for x in d.concepts if x.label in ("APPROVAL", "LICENCE_DOC")]
    if in_conditions or has_concept(n, "GATE", "application"):
        return True
    return bool(n.prov.lead and any(x.label in ("APPROVAL", "LICENCE_DOC") or x.label == "GATE" and x.kind == "application"
                                    for x in n.prov.lead.concepts))    # 申请设置…的，应当提交下列材料：（四）审查费…


_FEE_BASIS_WORDS = ("核定的收费标准", "价格主管部门", "国家规定", "国家有关规定", "按照规定", "免交", "免收", "免缴", "减半", "补偿费")
_LICENCE_FEES = ("审查费", "工本费", "登记费", "年检费", "评审费", "证书费", "手续费", "审批费", "许可费", "验证费", "考核费",
                 "培训费", "检测费")
# a fee named after the licensing step it pays for (审批服务费, 登记管理费, 年审服务费)
_LICENCE_STEPS = ("审批", "审查", "审核", "许可", "登记", "年检", "年审", "备案", "核发", "核准", "验证", "评审", "考核", "发证")


def _tied(n: Norm, c) -> bool:
    """A designation the applicant must buy from or be served by (在指定的机构进行免疫, 购买指定规格的…,
    须接受协会指定的培训)."""
    modal = next((x for x in n.clause.concepts if x.label == "MODAL"), None)
    after = [x for x in n.clause.concepts if x.label == "ACQUIRE" and (modal is None or x.start > modal.start)]
    return bool(after) or any(w in n.clause.text[c.end - n.clause.start:] for w in ("进行免疫", "进行检测", "进行体检",
                                                                                  "接受培训", "参加培训", "接受服务"))


def _licence_fee(n: Norm, c) -> bool:
    """A fee charged for the licence or registration itself (申请办理…的，应当缴纳审查费)."""
    return (any(_applies_for_licence(d) for d in n.clause.conditions) or any(f in c.text for f in _LICENCE_FEES)
            or any(w in (c.object or c.text) for w in _LICENCE_STEPS))


@rule("LIC-FEE-TIEIN", title="许可收费或搭售", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国行政许可法》第五十八条第一款、第二款，第二十七条第一款")
def lic_fee_tiein(ctx: Context):
    """
    What it checks: 申请、办理许可或登记、年检、检查的条款中是否收取费用（包括以许可环节命名的费用，如审批服务费、
    登记管理费），或要求申请人到指定机构接受服务、购买指定商品、参加指定培训。
    Why: 实施行政许可和监督检查不得收取任何费用（法律、行政法规另有规定的除外），申请书格式文本不得收费；
    不得要求申请人购买指定商品、接受有偿服务。
    Fires on: 「申请办理许可证的，应当缴纳审查费二百元。」；「申请办理养犬登记的，应当在指定的宠物诊疗机构进行免疫，
    并购买指定规格的犬只电子标识。」；「技术评审所需的专家劳务费和资料费，由申请人承担。」
    Does not fire on: 「办理许可不得收取任何费用。」；「依照《……收费管理条例》规定的标准缴纳……费」；「申请人可以自主
    选择具备相应资质的检测机构。」
    Basis: 行政许可法第五十八条第一款、第二款，第二十七条第一款。
    """
    for n, c in imposed(ctx, "fee", "market"):
        issuing = c.type == "fee" and (_charged_when_issuing(n) or "申请人" in n.clause.text[:c.start - n.clause.start])
        civil = any(x.label == "CIVIL" and (x.text not in ("承担", "负担") or "申请" not in n.clause.text)
                    for x in n.clause.concepts)   # 检测费用由经营者承担 is civil; 评审费由申请人承担 is the licence's
        if n.referred or not (_applying(n) or issuing) or civil or has_concept(n, "FEE_BASIS"):
            continue
        if n.clause.addressee_type == "public" and not issuing or any(w in n.prov.text for w in _FEE_BASIS_WORDS):
            continue
        if c.type == "market" and (c.kind != "designate" or not _tied(n, c) or not restricts_choice(n, c)):
            continue
        if c.type == "fee" and not _licence_fee(n, c):
            continue
        if c.type == "fee" and "工本费" in c.text:
            yield norm_hit(n, "收取证照工本费须有法律、行政法规依据（行政许可法第五十八条），请核对。", "许可收取工本费", c,
                           severity="warning")
            continue
        what = "要求申请人接受指定的服务或购买指定商品" if c.type == "market" else f"办理许可收取「{c.text}」"
        yield norm_hit(n, "实施行政许可不得收费（法律、行政法规另有规定的除外），不得要求申请人购买指定商品或接受有偿服务。",
                       what, c)


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
    for n, c in licences(ctx):
        if not has_artifacts:
            yield norm_hit(n, "草案新设行政许可：须举行听证会或论证会，并向制定机关说明设定的必要性、影响及意见采纳情况"
                              "（请在卷宗中附记录）。", "新设许可", c)
        if not c.issuer and not any(x.label == "ORGAN" for x in n.prov.concepts):
            yield norm_hit(n, "设定许可应当写明实施机关、条件、程序和期限。", "许可未写明实施机关", c)
        return
