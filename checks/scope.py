"""B.1 Scope and authority: subject matter, matters reserved to national law, obligations
without basis, and the limits of 行政规范性文件."""
from __future__ import annotations

import re

from checks.base import Context, Hit, hit_at, one_per_article, rule
from checks.patterns import describes_conduct, is_law_based, is_negated
from checks.text import PARTY
from lawtext.vocabulary import LAW_TITLE_SUFFIX

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


_LAW_ONLY = [
    # 拘留 and 限制人身自由 penalties are reported by PEN-DETENTION
    (re.compile(r"强制隔离(?!戒毒|治疗)|收容(教育|审查|遣送)"), "限制人身自由的强制措施和处罚"),
    (re.compile(r"(可以|有权|应当|予以|决定)(依法)?(征收|征用)(?!部门|单位|范围|决定|补偿|与补偿|实施|工作|管理|人)"
                r"[^，。；]{0,8}(房屋|土地|财产|财物|设施|场地|私有|集体)"), "对非国有财产的征收、征用"),
    (re.compile(r"(开征|加征|免征|减征|税率)[^，。；]{0,6}税(?!收优惠政策)|(开征|设立)[^，。；]{0,4}税种"), "税种设立、税率确定和税收征收管理"),
    (re.compile(r"(追究|判处)[^，。；]{0,4}刑事责任|判处[^，。；]{0,6}(徒刑|拘役|管制|罚金)"), "犯罪和刑罚"),
]


@rule("SCOPE-LAW-ONLY", title="只能制定法律的事项", levels="LR GR ND", severity="error", head=2,
      basis="《中华人民共和国立法法》第十一条、第八十二条第二款")
def scope_law_only(ctx: Context):
    """
    What it checks: 草案是否自行规定限制人身自由、对非国有财产的征收征用、税种税率、犯罪和刑罚等只能由法律规定的事项。
    Why: 立法法第十一条将上述事项保留给法律；地方先行立法也不得涉及。
    Fires on: 「对拒不缴纳的，追究其刑事责任。」；「市人民政府可以征收闲置的集体土地。」；「对外地车辆加征城市通行税。」
    Does not fire on: 「构成犯罪的，依法追究刑事责任。」（转致条款）；「因公共利益需要征收房屋的，依照《国有土地上
    房屋征收与补偿条例》执行。」；「任何单位和个人不得非法限制他人人身自由。」
    Basis: 立法法第十一条第四项至第十项、第八十二条第二款。
    """
    for s in ctx.sentences:
        for rx, what in _LAW_ONLY:
            for m in rx.finditer(s.masked):
                if is_negated(s.masked, m.start(), 16) or is_law_based(s, m.start()):
                    continue
                if re.search(r"依法|依照|按照|根据|构成犯罪|法律规定", s.masked):
                    continue
                if describes_conduct(s, m.start(), m.end()):
                    continue
                if what.startswith("税种") and not m.group(0).startswith(("开征", "加征", "设立")) and re.search(
                        r"国家|税务机关|税务部门|批准|规定|视同出口|退免税|符合条件", s.masked_context):
                    continue      # restating national tax preferences
                if what.startswith("限制人身自由") and not re.search(r"(处|给予|予以|可以|采取|实施|进行|有权|应当)[^，。；]{0,8}$",
                                                                  s.masked[:m.start()]):
                    continue
                yield hit_at(s, m, f"「{what}」只能由法律规定，地方立法和规范性文件不得规定。")
                break


_OBLIG = re.compile(PARTY + r"[^，。；]{0,30}?(应当|必须|须|不得|禁止|限制)"
                    r"|(禁止|不得|暂停|停止)[^，。；]{0,10}(经营|营业|通行|进入|使用|销售)")
_ND_EXTRA = re.compile(r"(取消|暂停|不予|不再)[^，。；]{0,10}(资格|补贴|待遇|办理|受理)")
_CITES_UPPER_IN_PURPOSE = re.compile(rf"《[^《》]{{2,60}}{LAW_TITLE_SUFFIX}[^《》]{{0,10}}》|(有关|相关)?法律、(行政)?法规")


def _document_has_basis(ctx: Context) -> bool:
    return bool(_CITES_UPPER_IN_PURPOSE.search(ctx.purpose_text))


@rule("RULE-NOBASIS-OBLIG", title="规章无上位法依据增加义务、减损权利", levels="GR", severity="warning", head=5,
      basis="《中华人民共和国立法法》第九十三条第六款；《规章制定程序条例》第三条第二款")
def rule_nobasis_oblig(ctx: Context):
    """
    What it checks: 规章第一条未写明任何法律、法规依据，而条文对公民、法人或者其他组织设定义务、禁止或限制。
    每条只报告一次，条内有多款的注明涉及的款。
    Why: 没有法律、行政法规、地方性法规的依据，地方政府规章不得设定减损公民、法人和其他组织权利或者增加其义务
    的规范。实施既有义务的程序性规定不在此列。
    Fires on: 第一条「为了加强管理，结合本市实际，制定本办法。」而后「经营者不得在夜间营业。」
    Does not fire on: 第一条「根据《中华人民共和国大气污染防治法》等法律、法规，结合本市实际，制定本办法。」
    Basis: 立法法第九十三条第六款；规章制定程序条例第三条第二款、第五条第一款。
    """
    if _document_has_basis(ctx):
        return
    yield from one_per_article(_rule_oblig_hits(ctx), "设定了义务或者限制")


def _rule_oblig_hits(ctx: Context):
    for s in ctx.sentences:
        for m in _OBLIG.finditer(s.masked):
            if is_law_based(s, m.start()):
                continue
            yield hit_at(s, m, "规章未写明法律、法规依据，不得设定减损权利或者增加义务的规范。")
            break


@rule("ND-NOBASIS-OBLIG", title="规范性文件减损权利、增加义务", levels="ND", severity="warning", head=5,
      basis="《优化营商环境条例》第六十四条第一款；《中华人民共和国各级人民代表大会常务委员会监督法》第三十九条")
def nd_nobasis_oblig(ctx: Context):
    """
    What it checks: 规范性文件中没有法律、法规依据地对公民、法人和其他组织设定义务、禁止、限制，或者取消、暂停
    其资格、补贴、待遇。涉及处罚、许可、强制、收费的，由相应规则报错误。每条只报告一次，条内有多款的注明涉及的款
    （「本条第一款、第二款设定了义务或者限制。……」）。
    Why: 行政规范性文件不得违法减损公民、法人和其他组织的合法权益或者增加其义务；涉及市场主体权利义务的，
    没有法律、法规或者国务院决定和命令依据的，不得减损权益、增加义务、设置准入退出条件、干预正常经营。
    Fires on: 「对未参加年度培训的企业，取消其享受补贴资格。」
    Does not fire on: 「依照《……条例》第十条规定，经营者应当……」
    Basis: 国办发〔2018〕37号 一（一）；优化营商环境条例第六十四条第一款；监督法第三十九条。
    """
    yield from one_per_article(_nd_oblig_hits(ctx), "设定了义务或者限制")


def _nd_oblig_hits(ctx: Context):
    for s in ctx.sentences:
        hits = list(_ND_EXTRA.finditer(s.masked)) or list(_OBLIG.finditer(s.masked))
        for m in hits:
            if is_law_based(s, m.start()):
                continue
            yield hit_at(s, m, "规范性文件设定义务、限制或取消权益，须有法律、法规或国务院决定、命令依据。")
            break


_POWER = re.compile(r"(本(局|委|部门|机关)|[^，。；]{2,12}(局|委|办))(有权|可以)[^，。；]{0,20}?(检查|查验|调取|约谈|责令|采取|处理)")
_SHED = re.compile(r"(不再|不予)(履行|承担)[^，。；]{0,10}(职责|监管)")


@rule("ND-POWER-SHIFT", title="规范性文件增加本机关权力或减少法定职责", levels="ND", severity="warning", head=6,
      basis="国办发〔2018〕37号 一（一）")
def nd_power_shift(ctx: Context):
    """
    What it checks: 规范性文件是否在没有法律、法规依据的情况下为本机关增设检查、调取、约谈、责令等权力，
    或者免除、减少本机关的法定职责。
    Why: 规范性文件不得增加法律、法规规定之外的行政权力事项或者减少法定职责，应当落实权责清单制度。
    Fires on: 「市商务局有权随时调取企业的经营数据。」；「区市场监管局不再履行该项监管职责。」
    Does not fire on: 「市商务局依照《……条例》第二十条的规定进行检查。」
    Basis: 国办发〔2018〕37号 一（一）第一个「不得」。
    """
    for s in ctx.sentences:
        for rx in (_POWER, _SHED):
            for m in rx.finditer(s.masked):
                if is_law_based(s, m.start()) or re.search(r"依法|依照|按照", s.masked):
                    continue
                yield hit_at(s, m, "规范性文件增设本机关权力或减少法定职责，须有法律、法规依据并与权责清单一致。")
                break


_INTERNAL_UNIT = re.compile(r"(局|委|厅|委员会|办)[^，。；]{0,10}(处|科|室|股|中心)$|(处|科|股)$")
_COORD_BODY = re.compile(r"领导小组|指挥部|委员会办公室|联席会议|工作专班|临时")


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
    if _INTERNAL_UNIT.search(issuer) or re.search(r"(局|委|厅)[^，。；]{1,10}办公室$", issuer):
        yield Hit(f"制发机关「{issuer}」为部门内设机构，不得以其名义制发行政规范性文件。")
    elif _COORD_BODY.search(issuer):
        yield Hit(f"制发机关「{issuer}」为议事协调机构或临时机构，一般不得制发行政规范性文件。", severity="warning")


_MARKET_SPHERE = re.compile(r"(统一|集中)(定价|收费标准|采购|配送)"
                            r"|(行业协会|商会)[^，。；]{0,10}(必须|应当)(执行|服从)"
                            r"|(居民|业主)[^，。；]{0,10}(必须|应当)(参加|加入|缴纳)")


@rule("ND-MARKET-SPHERE", title="规范性文件干预市场和自治事项", levels="ND", severity="warning", head=2,
      basis="国办发〔2018〕37号 一（一）")
def nd_market_sphere(ctx: Context):
    """
    What it checks: 规范性文件是否对应由市场调节、企业和社会自律、公民自我管理的事项作出强制性规定。
    Why: 行政规范性文件不得超越职权规定应由市场调节、企业和社会自律、公民自我管理的事项。
    Fires on: 「全市家政企业统一定价。」；「业主必须加入业主互助会。」
    Does not fire on: 「鼓励行业协会制定服务规范。」
    Basis: 国办发〔2018〕37号 一（一）第四个「不得」。
    """
    for s in ctx.sentences:
        for m in _MARKET_SPHERE.finditer(s.masked):
            if is_negated(s.masked, m.start(), 8) or is_law_based(s, m.start()):
                continue
            if re.search(r"政府采购|集中采购", s.masked):
                continue
            yield hit_at(s, m, "规范性文件不得超越职权规定应由市场调节、行业自律或公民自我管理的事项。")


_PROOFS = re.compile(r"(无犯罪|亲属关系|居住|婚姻|无欠费|无违法|无违章|健在|生存)[^，。；]{0,6}证明"
                     r"|(出具|提供|提交)[^，。；]{0,15}(证明|证明材料|证明文件)")


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
    for s in ctx.sentences:
        for m in _PROOFS.finditer(s.masked):
            if is_negated(s.masked, m.start(), 16) or re.search(r"不得要求|无需|免予|不再", s.masked):
                continue
            yield hit_at(s, m, "要求提供证明材料，须核对是否属于循环证明、重复证明或无谓证明，能共享核验的不得要求提供。")
            break
