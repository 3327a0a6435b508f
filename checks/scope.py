"""B.1 Scope and authority: subject matter, matters reserved to national law, obligations
without basis, and the limits of 行政规范性文件."""
from __future__ import annotations

import re

from lawtext.clauses.model import Consequence
from lawtext.vocabulary import ARTICLE_LABEL, LAW_TITLE_SUFFIX, PERCENT, SELF_NAME

from checks.base import Context, Hit, one_per_article, rule
from checks.clauses import Norm, aimed_at_organs, imposed, liberty_exempt, norm_hit, norms
from checks.fcr_forms import restricts_choice
from checks.restatement import restated_or

AREAS = {
    "城乡建设与管理": r"城市|城乡|城镇|乡村|村庄|建设|建筑|规划|市容|环境卫生|市政|道路|交通|停车|公共交通|轨道|物业|住宅|住房|房屋"
                      r"|燃气|供水|节水|排水|供热|公园|绿化|园林|管线|地下空间|养犬|广告|照明|电梯|消防|应急|防灾|安全|民用|农贸市场"
                      r"|餐厨|垃圾|公厕|河道|港口|机场|码头|水利|防洪|人防|城管|综合执法|街区|设施|不动产|土地|用地|征收|旅游|菜市场|殡葬",
    "生态文明建设": r"生态|环境|污染|大气|水资源|水环境|土壤|噪声|绿色|节能|资源|森林|林业|湿地|河湖|湖泊|野生|动物|植物|自然保护"
                    r"|固体废物|废弃物|节约|草原|水土保持|气候|碳|海洋|流域|饮用水|湖|江|山|矿产|秸秆|农药|化肥|防沙",
    "历史文化保护": r"历史|文化|文物|名城|名镇|名村|古|遗址|遗产|非物质|传统|红色|纪念|档案|地名|工业遗产|博物馆|老字号|民族",
    "基层治理": r"基层|社区|村民|居民委员会|村民委员会|网格|治理|调解|志愿|街道|乡镇|文明行为|文明|诚信|养老|托育|物业|矛盾纠纷|平安"
                r"|治安|禁毒|人民调解|信访|慈善|家庭|未成年人|妇女|老年人|残疾人|全民健身|爱国卫生|健康",
}
_AREA_RE = {k: re.compile(v) for k, v in AREAS.items()}
_RESERVED_TOPIC = re.compile(r"金融|证券|税收|外贸|海关|仲裁|诉讼|民事|婚姻|继承|劳动合同|社会保险费率")


@rule("SCOPE-CITY-SUBJECT", title="超出设区的市立法事项范围", levels="LR GR", severity="warning", head=2,
      basis="《中华人民共和国立法法》第八十一条第一款、第八十二条第三款、第九十三条第三款")
def scope_city_subject(ctx: Context):
    """
    What it checks: 草案标题和第一条（立法目的）是否属于城乡建设与管理、生态文明建设、历史文化保护、基层治理
    四个方面；是否涉及金融、税收、外贸、海关、仲裁、诉讼、民事基本制度等事项。
    Why: 设区的市的地方性法规和政府规章限于上述四方面「等方面」的事项（法律另有规定的除外）。因清单以「等」
    结尾，范围外的题目并非当然违法，但须说明依据；省会城市、原较大的市 2015 年以前的法规规章继续有效。
    Fires on: 标题「某市小额贷款公司监督管理条例」（金融）。
    Does not fire on: 「某市养犬管理条例」「某市历史文化街区保护条例」「某市文明行为促进条例」。
    Basis: 立法法第八十一条第一款、第八十二条第三款、第九十三条第三款。
    """
    topic = ctx.title + ctx.purpose_text[:120]
    m = _RESERVED_TOPIC.search(ctx.title)
    if m:
        yield Hit(f"标题涉及「{m.group(0)}」，不属于设区的市立法的四方面事项，且可能涉及只能由法律规定的事项，请说明立法权限依据。",
                  element_id=ctx.tree.articles[0].id if ctx.tree.articles else None,
                  article_label=ctx.tree.articles[0].label if ctx.tree.articles else None)
        return
    if not any(rx.search(topic) for rx in _AREA_RE.values()):
        yield Hit("草案事项未能对应城乡建设与管理、生态文明建设、历史文化保护、基层治理四方面，请说明立法权限依据"
                  "（法律另有规定的除外）。",
                  element_id=ctx.tree.articles[0].id if ctx.tree.articles else None,
                  article_label=ctx.tree.articles[0].label if ctx.tree.articles else None)


_LITIGATION_BAR = ("起诉", "诉讼", "复议", "向人民法院")


def reserved_matters(ctx: Context):
    """(norm, consequence, what) for each matter reserved to national law the draft regulates
    itself (立法法第十一条)."""
    for n in norms(ctx):
        if n.in_conduct_list:
            continue
        cl = n.clause
        for c in cl.consequences:
            what = _reserved(n, c)
            if what:
                yield n, c, what
        barred = _COURT_BARRED.search(cl.text)
        if barred and not n.cites_upper_law and not any(c.type == "litigation" for c in cl.consequences):
            yield n, Consequence("litigation", "court_barred", "诉讼和仲裁制度", barred.group(0), cl.start + barred.start(),
                                 cl.start + barred.end()), "诉讼和仲裁制度（以调解、复议等为前置，限制人民法院受理）"


_NATIONAL_TAX = ("国家规定", "国家有关规定", "税务机关", "符合条件", "依照国家", "海关", "关税", "国务院", "财政部", "保税",
                 "出口", "进口", "追回")
_NATIONAL_CREATION = ("国家规定", "国家有关规定", "依照国家", "国务院", "财政部")
_COURT_BARRED = re.compile(r"(?:未经|未|没有|不经)[^，。；]{0,12}(?:调解|复议|仲裁|协商|处理)[^。；]{0,24}人民法院[^。；]{0,6}(?:不予受理|不予立案|不得受理)")
_TAX_RATE = re.compile(rf"(?:{PERCENT})的?税率|税率(?:为|调整为|降低为|提高到|减按)")
_COMMITTEES = ("村民委员会成员", "居民委员会成员", "村民委员会主任", "居民委员会主任", "村委会成员", "居委会成员")
_RESIDENTS_DECIDE = ("村民会议", "居民会议", "村民代表会议", "居民代表会议", "投票", "表决")
_PRISON = re.compile("有期徒刑|无期徒刑|拘役")
_STATUTORY_ARBITRATION = ("劳动争议", "人事争议", "劳动人事争议", "农村土地承包", "纳税", "权属争议")
_CIVIL_ACTS = ("合同", "协议", "约定", "买卖", "租赁", "赠与", "抵押", "遗嘱", "婚姻", "收养", "转让")
_INVALID = ("无效", "不发生效力", "不发生法律效力", "不具有法律效力", "没有法律效力", "不生效", "合同无效", "不受法律保护")
_FIRST_STEP = ("须先", "应当先", "必须先", "先行", "先向", "经复议后", "复议后", "调解不成", "协商不成")


def _reserved(n: Norm, c) -> str | None:
    cl = n.clause
    if c.negated and c.type != "litigation":
        return None
    if c.type == "tax" and not n.referred_for(c) and cl.modality != "encouragement" and not _supports(n, c):
        national = _NATIONAL_CREATION if c.kind in ("开征", "加征") else _NATIONAL_TAX   # 加征…附加税，由税务机关一并征收
        if not any(w in cl.text for w in national) and (_names_a_tax(c) or _TAX_RATE.search(cl.text)):
            return "税种设立、税率确定和税收征收管理"
    if c.type == "expropriation" and not n.referred_for(c) and cl.addressee_type in ("public", ""):
        return "对非国有财产的征收、征用"
    if c.type == "measure" and c.kind == "liberty" and not n.referred_for(c) and not liberty_exempt(n, c):
        return "限制人身自由的强制措施"
    if c.type == "litigation":
        return _litigation(n, c)
    if c.type == "civil" and not n.cites_upper_law:
        if c.text.startswith("婚") and cl.modality in ("obligation", "precondition", "imposition") and \
                any(w in n.prov.text for w in ("结婚登记", "婚姻登记")):
            return "民事基本制度（婚姻登记条件）"
        if c.text in _INVALID and any(w in cl.text for w in _CIVIL_ACTS):
            return "民事基本制度（民事法律行为的效力）"
    if c.type == "criminal" and not n.referred_for(c) and ("犯罪" not in cl.text or _PRISON.search(c.text)):
        return "犯罪和刑罚"
    if c.type == "selfgov" and not n.referred_for(c) and cl.modality != "prohibition" and \
            any(x.label == "ORGAN" and x.end <= c.start for x in cl.concepts) and \
            not any(w in n.prov.text for w in _RESIDENTS_DECIDE) and \
            any(w in (n.unit.article.flat_text if n.unit.article else cl.text) for w in _COMMITTEES):
        return "基层群众自治制度（村民委员会、居民委员会成员由居民选举产生）"   # not 由村民会议投票表决罢免
    if c.type == "finance" and not n.referred_for(c) and cl.modality not in ("prohibition",) and \
            not any(w in cl.text for w in ("银行", "国务院")):
        return "金融基本制度（吸收公众存款）"
    if c.type == "ownership" and not n.referred_for(c) and cl.modality != "prohibition":
        return "基本经济制度（土地所有权不得转让）"
    return None


def _supports(n: Norm, c) -> bool:
    """税费减免 in a list of support measures (在…税费减免等方面给予支持), a tax mentioned in a
    budget, a certificate or the help given to tax authorities is not a tax norm."""
    return any(w in n.clause.text for w in ("方面", "等措施", "政策", "凭证", "证明", "协助", "预算", "转移支付", "基金"))


def _names_a_tax(c) -> bool:
    """开征、免征、按次征收 + a named tax (城市道路通行税, 城镇土地使用税), not 税收 or 税款 in general."""
    name = (c.object or "").lstrip("的")
    return name not in ("税", "税收", "税款", "税费") or c.kind in ("开征", "加征")


def _litigation(n: Norm, c) -> str | None:
    cl = n.clause
    if cl.addressee_type == "public" or any(w in n.prov.text for w in _STATUTORY_ARBITRATION) or n.cites_upper_law:
        return None
    text = cl.text
    if any(w in text for w in ("告知", "引导", "等方式", "等途径", "可以依法", "也可以")):
        return None
    if c.negated and c.text in ("起诉", "提起诉讼", "申请复议", "行政复议") and cl.modality == "prohibition" \
            and not any(w in text for w in ("理由", "为由")):
        return "诉讼和仲裁制度（限制起诉或者申请复议）"
    if not c.negated and c.text == "仲裁" and cl.modality == "obligation" and any(w in text for w in ("提交", "申请")):
        return "诉讼和仲裁制度（强制仲裁）"
    pre = next((x for x in cl.concepts if x.label == "MODAL" and x.kind == "precondition"), None)
    if not c.negated and pre is not None and c.start > pre.start and c.text in ("起诉", "提起诉讼", "诉讼") \
            and any(w in n.prov.text for w in _FIRST_STEP):        # 应当先…申请行政复议；对复议决定不服的，方可…起诉
        return "诉讼和仲裁制度（复议前置、调解前置）"
    return None


@rule("SCOPE-LAW-ONLY", title="只能制定法律的事项", levels="LR GR ND", severity="error", head=2,
      basis="《中华人民共和国立法法》第十一条、第八十二条第二款")
def scope_law_only(ctx: Context):
    """
    What it checks: 条款是否自行规定只能由法律规定的事项：开征、免征、减征税收；征收、征用个人或集体所有的房屋、
    土地、商铺；留站、看管、强制带离等限制人身自由的措施；强制仲裁、不得起诉、复议前置等诉讼和仲裁制度；合同无效、
    不发生效力、结婚须提交婚前医学检查证明等民事基本制度；自行规定追究刑事责任。
    Why: 立法法第十一条将上述事项保留给法律；地方先行立法也不得涉及。
    Fires on: 「对拒不缴纳的，追究其刑事责任。」；「区人民政府可以征收区域内个人所有的临街商铺。」；「对外地车辆按次征收
    城市道路通行税。」；「物业纠纷应当提交仲裁委员会仲裁；当事人不得向人民法院起诉。」；「房屋租赁合同未办理登记备案的，
    合同无效。」
    Does not fire on: 「构成犯罪的，依法追究刑事责任。」（转致条款）；「因公共利益需要征收房屋的，依照《国有土地上
    房屋征收与补偿条例》执行。」；「任何单位和个人不得非法限制他人人身自由。」；「当事人可以依法申请行政复议，也可以依法
    直接提起行政诉讼。」；「符合条件的小型微利企业，依照国家规定享受企业所得税优惠。」
    Basis: 立法法第十一条第四项至第十项、第八十二条第二款。
    """
    for n, c, what in reserved_matters(ctx):
        if what.endswith("（民事法律行为的效力）"):      # often restates a law (劳动合同法第二十六条, 城乡规划法第三十九条)
            yield norm_hit(n, f"规定民事法律行为无效属于「{what}」，只能由法律规定；如系重述法律规定，请注明所依据的法律条文。",
                           f"规定了{what}", c, severity="warning")
            continue
        yield restated_or(ctx, n, c, f"「{what}」只能由法律规定，地方立法和规范性文件不得规定。", f"规定了{what}")


def _target_only(cl) -> bool:
    """对市外投标人和本市投标人，应当适用相同的标准: the party named after 对 is whom the duty concerns,
    not who bears it."""
    lead = cl.conditions[0].text if cl.conditions else ""
    return lead.startswith("对") and bool(cl.addressee) and cl.addressee in lead


def _forbidden_to_organ(n: Norm, c) -> bool:
    """各区市场监督管理局…不得对备案事项进行实质审查: what a ban on an organ forbids it to do (a refusal
    the organ may not make), unless the clause answers someone's breach (欠费的，登记机构不予办理)."""
    cl = n.clause
    return c.by_effect and cl.addressee_type == "public" and not n.violation and any(
        x.label == "MODAL" and x.kind == "prohibition" and x.start <= c.start for x in cl.concepts)


def _imposed_burdens(n: Norm, own_sanctions: tuple[str, ...] = ()) -> list:
    """Consequences that take something from a private party: sanctions, measures, licences, charges, powers.
    ``own_sanctions``: sanction kinds the level may set without an upper law (a 规章's 警告、通报批评、罚款 under
    行政处罚法第十四条第二款). A duty or ban that binds an organ does not give it the powers it mentions
    (执法人员…应当出示执法证件，并制作检查笔录)."""
    cl = n.clause
    organ_bound = cl.addressee_type == "public" and cl.modality in ("obligation", "prohibition") and not any(
        x.label == "MODAL" and x.kind == "permission" for x in cl.concepts)
    return [c for c in cl.consequences if not c.negated and (
        c.type in ("sanction", "measure", "licence", "fee", "deposit", "levy")
        or (c.type == "power" and not organ_bound)
        or (c.type == "market" and c.kind == "prefer")
        or (c.type == "market" and c.kind == "designate" and restricts_choice(n, c)))   # not 指定机构负责…工作
        and not (c.type == "sanction" and (c.kind in own_sanctions or _forbidden_to_organ(n, c) or aimed_at_organs(n)))]


def _private_burden(n: Norm, plain_duties: bool = True, own_sanctions: tuple[str, ...] = ()) -> bool:
    """The clause binds a private party (an obligation, prohibition or burden on 公民、法人、其他组织).
    ``plain_duties=False`` counts only the burdens that take something away (``_imposed_burdens``)."""
    cl = n.clause
    if cl.modality == "encouragement" or n.in_conduct_list or cl.shields or cl.text.rstrip("。；，, ").endswith("除外"):
        return False                      # …情况紧急的除外: the exception to the clause before
    if plain_duties and cl.addressee_type in ("private", "agent", "") and cl.modality in ("obligation", "prohibition", "precondition") \
            and not _transition_to_own_article(n) and not _target_only(cl):
        return True
    return bool(_imposed_burdens(n, own_sanctions))


def _nobasis_hits(ctx: Context, message: str, plain_duties: bool = True, added_only: bool = False,
                  own_sanctions: tuple[str, ...] = ()):
    for n in norms(ctx):
        if _adds_to_cited(n):
            yield norm_hit(n, "在上位法规定的条件之外增设条件，须有法律、法规依据。", "在上位法条件之外增设条件")
            continue
        if added_only:
            continue
        if n.referred or n.clause.carve_out and not n.clause.consequences or not _private_burden(n, plain_duties, own_sanctions):
            continue
        if n.clause.addressee_type == "consent" and n.clause.modality != "prohibition":
            continue
        yield norm_hit(n, message, "无上位法依据设定义务或者限制")


_OWN_ARTICLE = re.compile(SELF_NAME + ARTICLE_LABEL)


def _transition_to_own_article(n: Norm) -> bool:
    """本办法施行前已经开业的经营者，应当自本办法施行之日起十二个月内达到本办法第十二条规定的标准: a period
    of grace for a duty the other article sets (and is reviewed there), not a duty of its own."""
    cl = n.clause
    return any(t.kind == "grace" for t in cl.temporal) and bool(_OWN_ARTICLE.search(cl.text))


_RULE_SANCTIONS = ("warning", "reprimand", "fine")       # 行政处罚法第十四条第二款


_ADDED_TO_CITED = re.compile(r"》[^。；]{0,16}?规定的(?:条件|情形|要求|材料)(?:外)?[，,]?[^，。；]{0,6}?(?:并|还应当|还须|还需|同时|另须)")


def _adds_to_cited(n: Norm) -> bool:
    """应当符合《居住证暂行条例》第二条规定的条件，并在本市连续缴纳社会保险满十二个月: the cited article's
    conditions and one more of the draft's own."""
    m = _ADDED_TO_CITED.search(n.clause.text)
    return n.clause.addressee_type != "public" and m is not None and not _SUBMISSION.match(n.clause.text[m.end():])


_SUBMISSION = re.compile(r"[^，。；]{0,16}?(?:提交|提出|报送|递交)(?:申请|下列|以下|相关|有关)?")


_CITES_UPPER_IN_PURPOSE = ("法律、法规", "法律、行政法规", "有关法律", "地方性法规")
_LAW_CITED = re.compile(rf"《[^《》]{{2,60}}{LAW_TITLE_SUFFIX}》")   # not a form (《家庭信息登记表》)


def _document_has_basis(ctx: Context) -> bool:
    return any(w in ctx.purpose_text for w in _CITES_UPPER_IN_PURPOSE) or bool(_LAW_CITED.search(ctx.purpose_text))


@rule("RULE-NOBASIS-OBLIG", title="规章无上位法依据增加义务、减损权利", levels="GR", severity="warning", head=5,
      basis="《中华人民共和国立法法》第九十三条第六款；《规章制定程序条例》第三条第二款")
def rule_nobasis_oblig(ctx: Context):
    """
    What it checks: 规章第一条未写明任何法律、法规依据，而条文对公民、法人或者其他组织设定义务、禁止或限制（应当、
    不得、方可，或者处罚、措施、收费等负担），条文本身也未援引上位法。每条只报告一次，条内有多款的注明涉及的款。
    Why: 没有法律、行政法规、地方性法规的依据，地方政府规章不得设定减损公民、法人和其他组织权利或者增加其义务
    的规范。实施既有义务的程序性规定不在此列。
    Fires on: 第一条「为了加强管理，结合本市实际，制定本办法。」而后「经营者不得在夜间营业。」；「本市居民应当每年参加
    不少于八小时的社区志愿服务。」
    条文援引上位法条文规定的条件、又在其外增设条件的（「除应当符合《居住证暂行条例》第二条规定的条件外，申请人还应当……」），
    即使第一条写明了依据也报告。
    Does not fire on: 第一条「根据《中华人民共和国大气污染防治法》等法律、法规，结合本市实际，制定本办法。」；
    「鼓励居民参加社区志愿服务活动。」；「区人民政府应当为社区居民委员会提供经费。」；禁止给他人增加负担或免除负担的
    规定（「窗口不得要求申请人提交办事指南以外的材料」「不再要求申请人提交收入证明」）；规章自行设定的警告、通报批评、
    罚款（行政处罚法第十四条第二款）；为本规定另一条的义务给予过渡期的条款。
    Basis: 立法法第九十三条第六款；规章制定程序条例第三条第二款、第五条第一款。
    """
    yield from one_per_article(_nobasis_hits(ctx, "规章未写明法律、法规依据，不得设定减损权利或者增加义务的规范。",
                                             added_only=_document_has_basis(ctx), own_sanctions=_RULE_SANCTIONS),
                               "设定了义务或者限制")


@rule("ND-NOBASIS-OBLIG", title="规范性文件减损权利、增加义务", levels="ND", severity="warning", head=5,
      basis="《优化营商环境条例》第六十四条第一款；《中华人民共和国各级人民代表大会常务委员会监督法》第三十九条")
def nd_nobasis_oblig(ctx: Context):
    """
    What it checks: 规范性文件的条款是否在没有法律、法规依据的情况下对公民、法人和其他组织设定义务、禁止、限制，
    或者取消、暂停、停发其资格、补贴、待遇，不予办理其登记，授权机关进入其场所、调取其资料；援引上位法条文规定的条件
    又在其外增设条件（「应当符合《……》第二条规定的条件，并……满十二个月」）的同样报告。涉及处罚、许可、强制、收费的，
    由相应规则报错误。每条只报告一次，条内有多款的注明涉及的款（「本条第一款、第二款设定了义务或者限制。……」）。
    Why: 行政规范性文件不得违法减损公民、法人和其他组织的合法权益或者增加其义务；涉及市场主体权利义务的，
    没有法律、法规或者国务院决定和命令依据的，不得减损权益、增加义务、设置准入退出条件、干预正常经营。
    Fires on: 「对未参加年度培训的企业，取消其享受补贴资格。」；「欠缴物业服务费的业主，不动产登记机构不再为其办理房屋
    转移登记。」
    Does not fire on: 「依照《……条例》第十条规定，经营者应当……」；「区人民政府应当为社区居民委员会提供必要的经费。」；
    「任何单位不得要求经营者统一收费标准。」「不再要求申请人提交收入证明。」（保护相对人、免除负担）；「执法人员……应当
    出示执法证件，并制作检查笔录。」（机关自身的程序）；
    第一条写明「根据《物业管理条例》……」的文件中不带处罚、措施、收费等负担的一般义务（「物业服务企业应当公示……」），
    这些义务由上位法比对规则与所依据的法规对照。
    Basis: 国办发〔2018〕37号 一（一）；优化营商环境条例第六十四条第一款；监督法第三十九条。
    """
    # A document naming its upper law in 第一条 is presumed to implement it with its plain duties (the
    # conformity rules compare them with that law); what it takes away still needs a basis of its own.
    plain = not _document_has_basis(ctx)
    yield from one_per_article(_nobasis_hits(ctx, "规范性文件设定义务、限制或取消权益，须有法律、法规或国务院决定、命令依据。",
                                             plain), "设定了义务或者限制")


@rule("ND-POWER-SHIFT", title="规范性文件增加本机关权力或减少法定职责", levels="ND", severity="warning", head=6,
      basis="国办发〔2018〕37号 一（一）")
def nd_power_shift(ctx: Context):
    """
    What it checks: 规范性文件是否在没有法律、法规依据的情况下为行政机关增设进入场所、检查、调取、查阅、约谈等权力，
    或者免除、减少本机关的法定职责（不再履行、不再承担监管职责）。
    Why: 规范性文件不得增加法律、法规规定之外的行政权力事项或者减少法定职责，应当落实权责清单制度。
    Fires on: 「市商务局有权随时调取企业的经营数据。」；「区市场监管局不再履行该项监管职责。」
    Does not fire on: 「市商务局依照《……条例》第二十条的规定进行检查。」；「鼓励企业开展合规自查。」
    Basis: 国办发〔2018〕37号 一（一）第一个「不得」。
    """
    for n in norms(ctx):
        cl = n.clause
        if n.referred or n.in_conduct_list or cl.addressee_type not in ("public", ""):
            continue
        shed = [x for x in cl.concepts if x.label == "POWER" and x.kind == "shed"]
        power = [c for c in cl.consequences if c.type == "power" and not c.negated]
        if shed:
            yield norm_hit(n, "规范性文件不得减少本机关的法定职责。", "减少法定职责", span=(shed[0].start, shed[0].end))
        elif power and cl.modality in ("permission",) and cl.addressee_type == "public":
            yield norm_hit(n, "规范性文件增设本机关权力，须有法律、法规依据并与权责清单一致。", "为本机关增设检查、调取等权力",
                           power[0])


@rule("ND-ISSUER", title="规范性文件制定主体不适格", levels="ND", severity="error", head=1,
      basis="国办发〔2018〕37号 一（一）", requires=("tree", "meta"))
def nd_issuer(ctx: Context):
    """
    What it checks: 文件的制发机关（文档的 issuing_body）是否为部门内设机构（处、科、室），或议事协调机构、临时机构。
    Why: 严禁以部门内设机构名义制发行政规范性文件（错误）；地方规定一般也不允许议事协调机构、临时机构制发（警示）。
    Fires on: 制发机关「沈阳市商务局市场秩序处」（错误）；「沈阳市创建文明城市工作领导小组」（警示）。
    Does not fire on: 「沈阳市人民政府办公室」「沈阳市商务局」。
    Basis: 国办发〔2018〕37号 一（一）；地方规定（议事协调、临时机构）。
    """
    issuer = (ctx.meta.get("issuing_body") or "").strip()
    if not issuer:
        return
    if re.search(r"人民政府办公(室|厅)$|政府办公(室|厅)$", issuer):
        return
    if re.search(r"(局|委|厅|委员会|办)[^，。；]{0,10}(处|科|室|股|中心)$|(处|科|股)$", issuer) or re.search(
            r"(局|委|厅)[^，。；]{1,10}办公室$", issuer):
        yield Hit(f"制发机关「{issuer}」为部门内设机构，不得以其名义制发行政规范性文件。")
    elif re.search(r"领导小组|指挥部|委员会办公室|联席会议|工作专班|临时", issuer):
        yield Hit(f"制发机关「{issuer}」为议事协调机构或临时机构，一般不得制发行政规范性文件。", severity="warning")


_JOIN = ("加入", "参加", "入会", "缴纳会费")


@rule("ND-MARKET-SPHERE", title="规范性文件干预市场和自治事项", levels="ND", severity="warning", head=2,
      basis="国办发〔2018〕37号 一（一）")
def nd_market_sphere(ctx: Context):
    """
    What it checks: 规范性文件是否对应由市场调节、企业和社会自律、公民自我管理的事项作出强制性规定：统一定价、统一采购
    配送，要求行业协会执行行政决定，要求居民、业主加入某一组织或缴纳会费。
    Why: 行政规范性文件不得超越职权规定应由市场调节、企业和社会自律、公民自我管理的事项。
    Fires on: 「全市家政企业统一定价。」；「业主必须加入业主互助会。」
    Does not fire on: 「鼓励行业协会制定服务规范。」；政府集中采购。
    Basis: 国办发〔2018〕37号 一（一）第四个「不得」。
    """
    for n, c in imposed(ctx, "market"):
        if n.referred or (c.kind == "designate" and not c.text.startswith("统一")) or c.kind not in ("price", "designate", "divide"):
            continue
        if any(w in n.clause.text for w in ("政府采购", "集中采购")):
            continue
        yield norm_hit(n, "规范性文件不得超越职权规定应由市场调节、行业自律或公民自我管理的事项。", "干预市场调节事项", c)
    for n in norms(ctx):
        cl = n.clause
        if cl.modality == "obligation" and cl.addressee_type in ("private", "consent") and any(w in cl.statement for w in _JOIN) \
                and "会" in cl.statement and not n.referred:
            yield norm_hit(n, "规范性文件不得强制公民、企业加入社会组织或缴纳会费。", "强制加入组织")


@rule("ND-PROOFS", title="要求循环证明、重复证明、无谓证明", levels="GR ND", severity={"ND": "warning", "GR": "info"},
      head=5, basis="国办发〔2018〕37号 一（一）")
def nd_proofs(ctx: Context):
    """
    What it checks: 是否要求申请人提供无犯罪证明、亲属关系证明、居住证明、婚姻状况证明等，或行政机关可自行核查的证明。
    Why: 规范性文件不得要求提供循环证明、重复证明、无谓证明；能够通过数据共享核验的，不得要求群众提供。
    Fires on: 「申请人应当提交户籍所在地派出所出具的无犯罪证明和居住证明。」
    Does not fire on: 「申请人提交身份证件；其他材料由受理部门通过数据共享核验，不得要求申请人另行提供证明。」
    Basis: 国办发〔2018〕37号 一（一）第二个「不得」。
    """
    for n, c in imposed(ctx, "proof"):
        if n.clause.modality not in ("obligation", "precondition") or any(w in n.prov.text for w in ("不得要求", "无需", "免予", "不再")):
            continue
        yield norm_hit(n, "要求提供证明材料，须核对是否属于循环证明、重复证明或无谓证明，能共享核验的不得要求提供。",
                       "要求申请人提供证明", c)
