"""B.7 优化营商环境条例: hearing 市场主体, adjustment periods, government promises, payments to
small firms, ND legality review."""
from __future__ import annotations

import re

from lawtext.clauses.lexicon import lexicon

from lawtext.clauses.model import Consequence
from lawtext.numerals import parse_number
from lawtext.vocabulary import NUMBER, PERCENT

from checks.base import Context, Hit, rule
from checks.clauses import Norm, norm_hit, norms
from checks.dossier import days_inclusive
from checks.fair_competition import market_related


@rule("BIZ-CONSULT", title="涉企文件未充分听取市场主体意见", levels="GR ND", severity="error", head=7,
      basis="《优化营商环境条例》第六十二条第一款、第二款", requires=("tree", "dossier"))
def biz_consult(ctx: Context):
    """
    What it checks: 与市场主体生产经营活动密切相关的规章、规范性文件，公开征求意见是否不少于 30 日，是否听取了
    企业、行业协会商会（和律师协会）的意见并建立采纳情况反馈。
    Why: 制定与市场主体生产经营活动密切相关的行政法规、规章、规范性文件，应当充分听取市场主体、行业协会商会的
    意见；除依法需要保密的外，应当向社会公开征求意见，期限一般不少于 30 日。
    Fires on: 卷宗 comment_start 2025-05-06、comment_end 2025-05-20 且无理由（错误）；consulted 为空（警示）。
    Does not fire on: 征求意见 30 日以上、列明听取意见的企业和协会并有反馈。
    Basis: 优化营商环境条例第六十二条第一款、第二款；国办发〔2019〕9号。
    """
    if not market_related(ctx):
        return
    d = ctx.dossier or {}
    days = days_inclusive(d.get("comment_start"), d.get("comment_end"))
    if days is not None and days < 30 and not d.get("comment_short_reason"):
        yield Hit(f"涉企文件公开征求意见仅 {days} 日，一般不少于 30 日，且未说明理由。",
                  facts=("comment_start", "comment_end", "comment_short_reason"))
    if "consulted" in d and not d.get("consulted"):
        yield Hit("未列明听取意见的市场主体、行业协会商会（和律师协会）。", severity="warning", facts=("consulted",))
    if "feedback" in d and not d.get("feedback"):
        yield Hit("未建立意见采纳情况反馈（对集中意见不予采纳的应当说明理由）。", severity="warning", facts=("feedback",))


_EXISTING_APPROVAL = re.compile(r"经批准|经许可|已取得|已经取得|已经登记|已登记|已批准|已经批准|已备案")


def _new_burdens(ctx: Context) -> list[Norm]:
    """Clauses putting new obligations or restrictions on market actors."""
    out = []
    for n in norms(ctx):
        cl = n.clause
        if n.referred or n.in_conduct_list or cl.modality == "encouragement":
            continue
        # holders of an existing approval (依照原办法经批准设置的设施，应当…拆除) are market actors too
        holders = bool(_EXISTING_APPROVAL.search(cl.text))
        on_operator = (cl.addressee_type in ("private", "agent") or cl.addressee_type == "" and holders) and \
            cl.modality in ("obligation", "prohibition", "precondition")
        restricts = any(c.type in ("sanction", "licence", "fee", "deposit") and not c.negated for c in cl.consequences)
        if (on_operator or restricts) and (_about_business(n) or holders):
            out.append(n)
    return out


def _about_business(n: Norm) -> bool:
    return any(c.label == "PARTY" and c.kind == "operator" for c in n.clause.concepts) or any(
        c.label == "SERVICE" and c.kind == "business" for c in n.clause.concepts) or "经营" in n.clause.text


@rule("BIZ-TRANSITION", title="涉企新规未留适应调整期", levels="GR ND", severity="warning", head=3,
      basis="《优化营商环境条例》第六十五条第一款、第二款")
def biz_transition(ctx: Context):
    """
    What it checks: 规章、规范性文件对经营者设定新的义务、限制（应当安装、不得继续营业、不再受理登记、停止营运）或
    收费，却自公布（印发）之日起施行，没有缓冲期。
    Why: 制定涉及市场主体权利义务的规章、规范性文件，应当按照实际需要设置合理过渡期，为市场主体留出必要的
    适应调整时间。
    Fires on: 「经营者应当……」并「本办法自公布之日起施行。」；「本办法自公布之日起施行。自施行之日起，不再受理燃油摩托车的
    营运登记，已经登记的一律停止营运。」
    Does not fire on: 「本办法自2026年1月1日起施行。」；不设定新义务的文件（「本通知施行前已经给予的房租减免，继续有效。」）；
    卷宗登记 market_related 为否的文件。
    Basis: 优化营商环境条例第六十五条；国办发〔2019〕9号（合理缓冲期）。
    """
    if "market_related" in (ctx.dossier or {}) and not market_related(ctx):
        return                            # the office declared the file unrelated to market actors
    burdens = _new_burdens(ctx)
    if not burdens:
        return
    for n in norms(ctx):
        prompt = [c for c in n.clause.temporal if c.kind == "prompt_effect"]
        if prompt:
            yield norm_hit(n, "涉及市场主体的新义务自公布之日起施行，请考虑设置合理的适应调整期。",
                           f"对经营者的新义务（{burdens[0].clause.statement[:30]}）自公布之日起施行",
                           span=(prompt[0].start, prompt[0].end))
            return


_PROMISORS = ("行政相对人", "申请人", "当事人", "承诺人")


def _own_promise(n: Norm, c: Consequence) -> bool:
    """行政相对人…可以撤回承诺 (告知承诺制): an applicant withdrawing the promise it made itself."""
    return any(w in n.clause.text[:c.start - n.clause.start] for w in _PROMISORS)


_COMPENSATED = ("补偿", "依法予以", "法定权限和程序", "国家利益", "社会公共利益")
_REFUSED = ("不予", "不", "无需", "无须", "不再", "不给予")


def _compensated(text: str) -> bool:
    """The change follows the lawful route (依照法定权限和程序, 依法予以补偿) — not 不予补偿."""
    for w in _COMPENSATED:
        for m in re.finditer(w, text):
            if not text[:m.start()].endswith(_REFUSED) and "不得" not in text[max(0, m.start() - 12):m.start()]:
                return True               # (企业不得以此为由要求补偿 bars the claim)
    return False


@rule("BIZ-CONTRACT", title="政府违约毁约、不兑现政策承诺", levels="LR GR ND", severity="error", head=3,
      basis="《优化营商环境条例》第三十一条；《中华人民共和国中小企业促进法》第五十三条")
def biz_contract(ctx: Context):
    """
    What it checks: 条款是否规定对已经依法作出的政策承诺、已签订的招商引资协议、合同或已给予企业的优惠不再兑现、停止
    或暂停执行、重新审核（评估、审定）后才兑现、收回、单方解除、延期后视情况兑现或「由下一届政府决定是否履行」，尤其是
    以机构改革、政府换届、职能调整为由。对方违约（以欺骗手段取得、未按约定投产）后依约收回的不计入；「审核认为不符合现行
    政策的，不再兑现」不是对方违约，照报。
    Why: 地方各级人民政府及其有关部门应当履行向市场主体依法作出的政策承诺以及依法订立的各类合同，不得以行政区划调整、
    政府换届、机构或者职能调整以及相关责任人更替等为由违约毁约；因国家利益、社会公共利益需要改变的，应当依照法定
    权限和程序进行，并依法对市场主体的损失予以补偿。
    Fires on: 「因区级机构改革，原区招商局与企业签订的投资协议，由区投资促进中心重新审核；未通过重新审核的，协议约定的
    扶持政策不再兑现。」；「上届区人民政府出台的招商引资优惠政策，一律停止执行。」；「原管委会给予入驻企业的租金减免，
    自管委会撤销之日起予以收回。」；「街道与企业签订的协议，街道可以单方解除，不予补偿。」；「对因规划调整而不再履行的
    招商引资协议，区人民政府不承担企业已发生的前期投入和预期收益损失，企业不得以此为由要求补偿。」
    Does not fire on: 「已签订的投资协议继续履行。」；「因社会公共利益需要改变政策承诺的，依照法定权限和程序进行，并依法
    给予补偿。」；「企业违反投资协议约定未按期投产的，可以依照协议约定收回已给予的优惠。」；告知承诺制下「行政相对人
    有合理理由的，可以撤回承诺」（撤回的是申请人自己的承诺）。
    Basis: 优化营商环境条例第三十一条；中小企业促进法第五十三条。
    """
    for n in norms(ctx):
        if n.in_conduct_list or n.violation and not _policy_changed(n) or _compensated(n.prov.text):
            continue                      # ending a contract for the other party's breach is no breach
        breach = [c for c in n.clause.consequences if c.type == "biz" and c.kind == "breach" and not c.negated
                  and not _own_promise(n, c)]
        promise = [c for c in n.clause.concepts if c.label == "BIZ" and c.kind == "promise"] or [
            c for c in n.prov.concepts if c.label == "BIZ" and c.kind == "promise"] or (_article_promises(n) if breach else [])
        if breach and promise:
            yield norm_hit(n, "不得以机构调整、政府换届等为由不兑现依法作出的政策承诺、不履行依法订立的合同。",
                           f"对已作出的「{promise[0].text}」不再兑现或停止执行", breach[0])


_NEW_POLICY = re.compile(r"不符合[^，。；]{0,6}?(?:现行|新的|调整后的|最新)[^，。；]{0,4}?(?:政策|规定|要求)")


def _policy_changed(n: Norm) -> bool:
    """审核认为不符合现行政策的，不再兑现: the 'breach' is the government's own change of policy, not the firm's."""
    return any(_NEW_POLICY.search(d.text) for d in n.clause.conditions)


def _article_promises(n: Norm):
    """The promise an earlier 款 of the article names (…投资协议中约定的奖补资金…。/ 当年财力不足的，可以暂缓兑现)."""
    art = n.unit.article
    return [t for t in lexicon().find(art.flat_text, ("BIZ",)) if t.kind == "promise"] if art is not None else []


_PUBLIC_PAYER = ("机关", "事业单位", "政府投资", "区属", "市属", "国有", "财政", "采购单位", "采购人", "预算单位", "区直部门", "市直部门",
                 "乡镇", "街道办事处", "（街道）")
_AGREED = ("约定", "自愿", "协商一致", "同意")
_WHAT = {"prepay": "要求施工单位垫资", "audit": "以审计结果作为结算依据", "delay": "付款附加不合理的期限、条件",
         "noncash": "以物抵债或者强制采用商业汇票等非现金方式支付", "retention": "质量保证金预留比例超过工程价款结算总额的百分之三"}


@rule("BIZ-PAYMENT", title="拖欠中小企业款项、要求垫资", levels="LR GR ND", severity="error", head=3,
      basis="《保障中小企业款项支付条例》第八条、第九条、第十二条、第十四条；《政府投资条例》第二十二条")
def biz_payment(ctx: Context):
    """
    What it checks: 条款是否要求施工单位对政府投资项目垫资建设（含先行投入建设资金），强制以审计结果作为结算依据或
    付款条件，或者把机关、事业单位、政府投资项目的付款推迟到收到上级资金、竣工数年后分期支付、审计结束等不合理期限、
    条件，或允许国有企业分期偿还拖欠的款项；机关、事业单位、国有企业以物抵债或者一律以商业汇票等非现金方式支付；
    工程质量保证金的预留比例超过工程价款结算总额的百分之三。
    Why: 政府投资项目所需资金应当落实到位，不得由施工单位垫资建设；机关、事业单位从中小企业采购应当自交付之日起
    30 日内支付，约定付款期限最长不得超过 60 日；不得强制要求以审计机关的审计结果作为结算依据；不得以履行内部
    付款流程、等待竣工验收备案、决算审计等为由拒绝或者迟延支付；不得强制中小企业接受商业汇票等非现金支付方式；
    工程建设中的保证金收取比例应当符合国家规定（工程质量保证金不得高于结算总额的 3%）。
    Fires on: 「中标施工企业应当先行垫资建设，工程款在项目竣工后三年内分期支付。」；「政府投资项目的工程款结算，一律以审计
    机关的审计结果作为结算依据。」；「货款在收到上级财政补助资金后支付。」；「区属机关拖欠企业的货款，可以以闲置设备折价
    抵偿。」；「工程质量保证金按照结算总额的百分之五预留。」；「有下列情形之一的，采购单位可以暂缓支付：……（二）主要负责人
    变更……（三）决算审计尚未办结的」（列项中的迟延理由）。
    Does not fire on: 「区属机关从中小企业采购货物的，应当自货物交付之日起三十日内支付款项。」；「政府投资项目不得由施工
    单位垫资建设。」；「双方可以约定以银行承兑汇票支付。」；「质量保证金的预留比例不得高于结算总额的百分之三。」；
    「上级补助资金到位前，区人民政府可以先行垫付资金启动实施」（政府自己垫付）。
    Basis: 保障中小企业款项支付条例第八条、第九条、第十二条、第十四条；政府投资条例第二十二条；建设工程质量保证金管理办法第七条。
    """
    for n in norms(ctx):
        if n.in_conduct_list or n.cites_upper_law:
            continue
        hit = _payment_defect(n)
        if hit is not None:
            kind, span, c = hit
            yield norm_hit(n, f"{_WHAT[kind]}，违反保障中小企业款项支付的规定。", _WHAT[kind], c, span=span)


_GOVERNMENT = ("人民政府", "政府", "街道办事处", "财政部门", "管理委员会")
_CONTRACTOR = ("施工", "承包", "中标", "企业", "供应商", "经营者", "社会资本")


def _government_advances(n: Norm, c: Consequence) -> bool:
    """区人民政府可以先行垫付资金启动实施: the government funds the work itself, nobody else is made to."""
    before = n.clause.text[:c.start - n.clause.start]
    return any(w in before for w in _GOVERNMENT) and not any(w in before for w in _CONTRACTOR)


def _after_turnover(n: Norm) -> bool:
    """The article ties the payment to a change of head or a reorganisation (法定代表人发生变更的，…
    核对完成前，暂停支付进度款), in this 款 or another."""
    art = n.unit.article
    text = art.flat_text if art is not None else n.prov.text
    return any(t.kind == "turnover" for t in lexicon().find(text, ("BIZ",)))


def _payment_defect(n: Norm) -> tuple[str, tuple[int, int], Consequence | None] | None:
    """(kind, span, consequence) of the first payment defect of the clause, else None."""
    public = any(w in n.prov.text for w in _PUBLIC_PAYER)
    for c in n.clause.consequences:
        if c.type != "biz" or c.negated or c.kind not in ("prepay", "audit", "delay", "noncash"):
            continue
        if c.kind == "prepay" and _government_advances(n, c):
            continue
        turnover = c.kind == "delay" and _after_turnover(n)
        if c.kind in ("delay", "noncash") and not public and not turnover:
            continue                      # a private payer's terms, unless paused for a change of head
        if c.kind == "audit" and ("约定" in n.clause.text or n.clause.modality == "permission"):
            continue                  # 可以在合同中约定审计结果作为结算依据: the parties' choice, not a mandate
        if c.kind == "noncash" and (any(w in n.clause.text for w in _AGREED) or _firm_may_choose(n, c)):
            continue                  # 经双方约定以银行承兑汇票支付; 施工企业可以选择以银行保函提交: the firm's choice
        return c.kind, (c.start, c.end), c
    waived = _NO_INTEREST.search(n.clause.text)
    if waived and public:                  # 因财政资金调度原因导致迟延支付的，不计付逾期利息
        return "delay", (n.clause.start + waived.start(), n.clause.start + waived.end()), None
    delay = _deferred_payment(n) or _long_term(n) or _payment_paused(n)
    if delay is not None and public:
        return "delay", delay, None
    retention = _excess_retention(n)
    if retention is not None:
        return "retention", retention, None
    return None


def _firm_may_choose(n: Norm, c) -> bool:
    """施工企业可以选择以银行保函等非现金方式提交保证金: what the firm hands over, in a form it may choose."""
    before = n.clause.text[:c.start - n.clause.start]
    return "选择" in before[-24:] or any(w in n.clause.text[c.end - n.clause.start:][:8] for w in ("提交", "缴纳", "交纳", "提供"))


_RETENTION = ("质量保证金", "质保金", "保修金", "质量保修金", "工程质量保证金")
_PERCENT = re.compile(PERCENT)
_CAPS = ("不得高于", "不得超过", "不超过", "不高于", "最高", "上限", "以内", "以下")
_RETENTION_CAP = 3.0


def _excess_retention(n: Norm) -> tuple[int, int] | None:
    """A quality retention (质量保证金) set at a rate above 3 % of the settled price — the ceiling the
    national rule sets — and not stated as a cap (不得高于百分之三)."""
    cl = n.clause
    if cl.modality == "prohibition" or not any(w in n.prov.text for w in _RETENTION):
        return None
    for m in _PERCENT.finditer(cl.text):
        try:
            rate = float(m["arabic"]) if m["arabic"] else parse_number(m["cn"])
        except ValueError:
            continue
        around = cl.text[max(0, m.start() - 6):m.end() + 4]
        if rate > _RETENTION_CAP and not any(w in around for w in _CAPS):
            return cl.start + m.start(), cl.start + m.end()
    return None


_TERM = re.compile(rf"(?:付款|支付)期限[^。；]{{0,24}}?({NUMBER})日")
_MAX_TERM_DAYS = 60                 # 保障中小企业款项支付条例: 约定付款期限最长不得超过六十日


_NO_INTEREST = re.compile(r"不(?:计付|支付|计算|承担)[^，。；]{0,4}?逾期(?:付款)?利息")
# reasons 保障中小企业款项支付条例 forbids for delaying payment (第八条、第十五条)
_BAD_REASONS = re.compile(r"负责人[^，。；]{0,4}?(?:变更|变动|调整|更替)|人员变动|换届|机构调整|内部[^，。；]{0,6}?流程|审计|决算|"
                          r"验收备案|预算尚未批复")
_PAUSES = ("暂停支付", "停止支付", "暂缓支付", "暂不支付", "中止支付")


def _payment_paused(n: Norm) -> tuple[int, int] | None:
    """对结算金额存在争议的，暂停支付全部剩余款项: a payment withheld beyond what is disputed (the
    undisputed part is due on time; withholding only the disputed part is lawful)."""
    cl = n.clause
    pause = next((c for c in cl.concepts if c.label == "BIZ" and c.text in _PAUSES), None)
    if pause is not None and n.prov.items:      # 有下列情形之一的，可以暂缓支付：（二）主要负责人变更…
        bad = any(_BAD_REASONS.search(it.text) for it in n.prov.items)
        return (pause.start, pause.end) if bad else None
    if pause is None or not any(c.label == "BIZ" and c.kind == "payment" for c in cl.concepts):
        return None
    if "争议" in n.prov.text and not any(w in cl.text for w in ("全部", "一律", "所有")):
        return None
    return pause.start, pause.end


def _long_term(n: Norm) -> tuple[int, int] | None:
    """付款期限一般不超过交付后九十日: a payment term longer than the sixty days the law allows."""
    m = _TERM.search(n.clause.text)
    if m is None:
        return None
    try:
        days = parse_number(m.group(1))
    except ValueError:
        return None
    return (n.clause.start + m.start(), n.clause.start + m.end()) if days > _MAX_TERM_DAYS else None


def _deferred_payment(n: Norm) -> tuple[int, int] | None:
    """货款，在项目审计决算后支付: the debt named in the topic, its payment deferred in the main
    part (a deferral followed by the paying verb)."""
    cl = n.clause
    if not any(c.label == "BIZ" and c.kind == "payment" for c in cl.concepts):
        return None
    for d in cl.concepts:
        if d.label == "BIZ" and d.kind == "delay" and d.text.endswith(("偿还", "清偿", "还款", "支付")) and cl.modality != "prohibition":
            return d.start, d.end                 # 拖欠中小企业的款项，可以在三年内分期偿还
        if d.label == "BIZ" and d.kind == "delay":
            pay = next((p for p in cl.concepts if p.label == "PAY" and d.end <= p.start <= d.end + 4), None)
            if pay is not None and cl.modality != "prohibition":
                return d.start, pay.end
    return None


@rule("BIZ-LEGALITY-ND", title="涉企规范性文件未经合法性审核或未公开", levels="ND", severity="error", head=7,
      basis="《优化营商环境条例》第六十三条第二款、第六十四条第二款", requires=("tree", "dossier"))
def biz_legality_nd(ctx: Context):
    """
    What it checks: 涉及市场主体权利义务的规范性文件，在提交集体审议或公布前是否经合法性审核；印发后是否公开发布。
    Why: 涉及市场主体权利义务的行政规范性文件应当按照国务院规定进行合法性审核；未经公布的，不得作为行政管理依据。
    Fires on: 卷宗有 collective_meeting_date 而无 legality_review_date；或 published_date 为空而 effective_date 已到。
    Does not fire on: 卷宗载明审核日期早于会议日期，并已公布。
    Basis: 优化营商环境条例第六十三条第二款、第六十四条第二款。
    """
    if not market_related(ctx):
        return
    d = ctx.dossier or {}
    if d.get("collective_meeting_date") and not d.get("legality_review_date"):
        yield Hit("涉及市场主体权利义务的规范性文件未经合法性审核即提交审议。",
                  facts=("collective_meeting_date", "legality_review_date"))
    if d.get("effective_date") and not d.get("published_date"):
        yield Hit("涉及市场主体权利义务的规范性文件未公开发布，不得作为行政管理依据。",
                  facts=("effective_date", "published_date"))
