"""B.8 Procedure gates. Most read the dossier (see checks/dossier.py); PROC-EFFECTIVE and
PROC-VALIDITY-ND read the text."""
from __future__ import annotations

import re

from checks.base import Context, Hit, rule
from checks.dossier import as_date, days_inclusive, today
from checks.fair_competition import market_related
from lawtext.amounts import parse_number
from lawtext.vocabulary import NUMBER

EFFECTIVE_RE = re.compile(r"(自|从|于)[^。；]{0,40}?(施行|实施|生效)|施行日期|起施行|起实施|起执行")


@rule("PROC-EFFECTIVE", title="施行日期", levels="LR GR ND", severity="error", head=7,
      basis="《中华人民共和国立法法》第六十一条、第八十七条；《规章制定程序条例》第三十二条")
def proc_effective(ctx: Context):
    """
    What it checks: 草案是否写明施行日期；政府规章自公布之日起施行的，是否属于可以立即施行的法定情形。
    Why: 法规、规章应当明确规定施行日期；规章应当自公布之日起 30 日后施行，但涉及国家安全、外汇汇率、货币政策
    的确定以及公布后不立即施行将有碍规章施行的，可以自公布之日起施行。
    Fires on: 没有「自……起施行」条款（错误）；规章「本办法自公布之日起施行。」而无法定理由（警示）。
    Does not fire on: 「本条例自2026年3月1日起施行。」；规章「本办法自公布之日起施行」且条文或卷宗说明不立即施行
    将有碍施行。
    Basis: 立法法第六十一条、第八十七条；规章制定程序条例第三十二条。
    """
    found = None
    for c in reversed(ctx.clauses):
        m = EFFECTIVE_RE.search(c.text)
        if m:
            found = (c, m)
            break
    if found is None:
        last = ctx.clauses[-1] if ctx.clauses else None
        yield Hit("未规定施行日期（应当在附则中写明「本……自……起施行」）。", last)
        return
    c, m = found
    if ctx.level == "GR" and re.search(r"自公布之日起(施行|实施)", c.text):
        reason = (ctx.dossier or {}).get("immediate_effect_reason") or ""
        if not re.search(r"国家安全|外汇汇率|货币政策|不立即施行将有碍", ctx.full_text + reason):
            yield Hit("规章应当自公布之日起 30 日后施行；自公布之日起施行须属于国家安全、外汇汇率、货币政策或不立即施行"
                      "将有碍施行的情形，请说明理由。", c, m.start(), m.end(), severity="warning")


_VALIDITY = re.compile(r"有效期(至|为|截至)?[^。；]{0,20}")


@rule("PROC-VALIDITY-ND", title="规范性文件有效期", levels="ND", severity="warning", head=7,
      basis="辽宁省规章规范性文件定期清理规定（省政府令第237号）；地方规定", params=("ND_VALIDITY_YEARS",))
def proc_validity_nd(ctx: Context):
    """
    What it checks: 规范性文件是否写明有效期，有效期是否超过本地规定（一般 5 年，暂行、试行 2 年）。
    Why: 没有全国性法律规定，辽宁省规范性文件每 2 年清理一次、适用期满的宣布失效；是否强制要求有效期条款未核实，
    故本规则为警示。
    Fires on: 没有有效期条款；「有效期为十年。」
    Does not fire on: 「本通知自2026年1月1日起施行，有效期5年。」；暂行办法「有效期2年」。
    Basis: 辽宁省政府令第237号；沈阳 2019 年规定有效期 5 年（参考）。
    """
    years = ctx.config.get("ND_VALIDITY_YEARS") or {"regular": 5, "provisional": 2}
    provisional = bool(re.search(r"暂行|试行", ctx.title))
    limit = years.get("provisional" if provisional else "regular", 5) if isinstance(years, dict) else years
    for c in ctx.clauses:
        m = _VALIDITY.search(c.text)
        if not m:
            continue
        n = re.search(rf"({NUMBER})年", m.group(0))
        if n:
            try:
                y = parse_number(n.group(1))
            except ValueError:
                return
            if y > limit:
                yield Hit(f"有效期 {int(y)} 年，超过本地规定（{'暂行、试行' if provisional else '一般'}不超过 {limit} 年）。",
                          c, m.start(), m.end())
        return
    last = ctx.clauses[-1] if ctx.clauses else None
    yield Hit(f"未写明有效期（本地一般为 {limit} 年，暂行、试行为 2 年）。", last)


@rule("PROC-COMMENT-GR", title="规章公开征求意见不少于30日", levels="GR", severity="error", head=7,
      basis="《规章制定程序条例》第十五条第二款、第二十条、第二十一条", requires=("tree", "dossier"),
      params=("GR_COMMENT_DAYS",))
def proc_comment_gr(ctx: Context):
    """
    What it checks: 规章草案及其说明是否向社会公开征求意见，期限是否不少于 30 日（GR_COMMENT_DAYS）。
    Why: 除依法需要保密的外，起草规章应当将草案及其说明向社会公布征求意见，期限一般不少于 30 日；未按规定征求
    意见的，法制机构可以缓办或者退回；违反条例制定的规章无效。
    Fires on: 卷宗 comment_start 2025-05-06、comment_end 2025-05-20（15 日）且无理由；comment_published 为 false。
    Does not fire on: 2025-05-06 至 2025-06-04（30 日）；依法保密并写明理由。
    Basis: 规章制定程序条例第十五条第二款、第二十条、第二十一条；优化营商环境条例第六十二条第二款。
    """
    d = ctx.dossier or {}
    need = ctx.config.get("GR_COMMENT_DAYS", 30)
    if d.get("comment_published") is False and not d.get("comment_short_reason"):
        yield Hit("规章草案未向社会公开征求意见（依法需要保密的除外，应说明理由）。")
        return
    days = days_inclusive(d.get("comment_start"), d.get("comment_end"))
    if days is not None and days < need and not d.get("comment_short_reason"):
        yield Hit(f"规章草案公开征求意见 {days} 日，少于 {need} 日，且未说明理由。")


@rule("PROC-HEARING-GR", title="规章听证程序", levels="GR", severity="warning", head=7,
      basis="《规章制定程序条例》第十六条、第二十三条", requires=("tree", "dossier"))
def proc_hearing_gr(ctx: Context):
    """
    What it checks: 减损权利、增加义务或涉及重大利益调整的规章草案，是否进行论证咨询或听证；举行听证的，是否提前
    30 日公布听证信息、制作笔录、说明对听证意见的处理。
    Why: 规章制定程序条例第十六条规定了听证的公告期限、笔录和处理说明。
    Fires on: 卷宗 burdens 为 true 而无 hearing_record / argument_record（警示）；听证公告距听证不足 30 日（错误）。
    Does not fire on: 听证公告提前 30 日以上并有笔录。
    Basis: 规章制定程序条例第十六条第一款、第二款，第二十三条。
    """
    d = ctx.dossier or {}
    if d.get("burdens") and not (d.get("hearing_record") or d.get("argument_record")):
        yield Hit("草案减损权利、增加义务或涉及重大利益调整，卷宗中没有论证咨询或听证记录。", facts=("burdens",))
    notice, held = as_date(d.get("hearing_notice_date")), as_date(d.get("hearing_date"))
    if notice and held:
        gap = (held - notice).days
        if gap < 30:
            yield Hit(f"听证信息仅提前 {gap} 日公布，应当在听证 30 日前公布。", severity="error",
                      facts=("hearing_notice_date", "hearing_date"))
        if not d.get("hearing_record"):
            yield Hit("举行听证应当制作笔录，并在报送时说明对听证意见的处理情况。", facts=("hearing_date", "hearing_record"))


@rule("PROC-COMMENT-ND", title="规范性文件公开征求意见", levels="ND", severity="warning", head=7,
      basis="《优化营商环境条例》第六十二条第二款；国办发〔2018〕37号 二（三）", requires=("tree", "dossier"),
      params=("ND_COMMENT_DAYS",))
def proc_comment_nd(ctx: Context):
    """
    What it checks: 规范性文件是否公开征求意见，期限是否满足：与市场主体相关的不少于 30 日（错误），其他按本地规定
    （ND_COMMENT_DAYS，未核实，警示）。
    Why: 涉及群众切身利益或者对公民、法人和其他组织权利义务有重大影响的规范性文件，应当公开征求意见；
    与市场主体生产经营活动密切相关的，期限一般不少于 30 日。
    Fires on: 涉企规范性文件征求意见 10 日且无理由。
    Does not fire on: 征求意见 30 日以上。
    Basis: 优化营商环境条例第六十二条第二款；国办发〔2018〕37号 二（三）；重大行政决策程序暂行条例第十五条。
    """
    d = ctx.dossier or {}
    days_cfg = ctx.config.get("ND_COMMENT_DAYS") or {"market": 30, "other": 7}
    market = market_related(ctx)
    if d.get("comment_published") is False and not d.get("comment_short_reason"):
        yield Hit("规范性文件未公开征求意见（依法需要保密的除外）。", severity="error" if market else "warning",
                  params=() if market else None)
        return
    days = days_inclusive(d.get("comment_start"), d.get("comment_end"))
    if days is None or d.get("comment_short_reason"):
        return
    if market and days < days_cfg.get("market", 30):
        yield Hit(f"涉企规范性文件征求意见仅 {days} 日，一般不少于 30 日。", severity="error", params=())
    elif not market and days < days_cfg.get("other", 7):
        yield Hit(f"征求意见仅 {days} 日，少于本地规定的期限。")


@rule("PROC-LEGALITY-FIRST", title="合法性审核先于集体审议", levels="LR GR ND", severity="error", head=7,
      basis="《规章制定程序条例》第十九条至第二十七条；《重大行政决策程序暂行条例》第二十五条至第二十八条；国办发〔2018〕37号 二（六）",
      requires=("tree", "dossier"))
def proc_legality_first(ctx: Context):
    """
    What it checks: 提交集体审议（常务会议、全体会议、办公会议）前是否已有合法性审核（审查）意见，且审核结论不是
    「不合法」。
    Why: 未经合法性审核或者经审核不合法的，不得提交集体审议；不得以征求意见、会签、参加审议等方式代替合法性审核。
    Fires on: 卷宗 legality_review_date 晚于 collective_meeting_date；有会议日期而无审核日期；legality_opinion 为不合法。
    Does not fire on: 审核意见日期早于会议日期，结论为合法或修改后合法。
    Basis: 规章制定程序条例第十九条至第二十七条；重大行政决策程序暂行条例第二十五条至第二十八条；
    国办发〔2018〕37号 二（六）；辽宁省政府令第338号第五条。
    """
    d = ctx.dossier or {}
    meeting, review = as_date(d.get("collective_meeting_date")), as_date(d.get("legality_review_date"))
    if meeting and not review:
        yield Hit("未经合法性审核即提交集体审议。")
    elif meeting and review and review > meeting:
        yield Hit(f"合法性审核意见（{review}）晚于集体审议（{meeting}），审核必须在审议之前完成。")
    if meeting and d.get("legality_opinion") == "不合法":
        yield Hit("经合法性审核不合法的，不得提交集体审议。")


@rule("PROC-COUNSEL", title="法律顾问、公职律师参与", levels="LR GR ND",
      severity="warning", head=7, basis="《重大行政决策程序暂行条例》第二十八条；中办发〔2016〕30号",
      requires=("tree", "dossier"))
def proc_counsel(ctx: Context):
    """
    What it checks: 卷宗是否有法律顾问、公职律师的意见（counsel_opinion）；属于重大行政决策的为错误。
    Why: 起草、论证法规规章草案和规范性文件送审稿，应当有法律顾问、公职律师参加或听取其意见；重大行政决策合法性
    审查应当组织法律顾问、公职律师提出意见。
    Fires on: 卷宗 counsel_opinion 为 false（或有会议日期而无此项）。
    Does not fire on: counsel_opinion 为 true（工作台中法律顾问签署的审核意见即为此项）。
    Basis: 重大行政决策程序暂行条例第二十八条；中办发〔2016〕30号；国办发〔2018〕115号（措辞未核实）。
    """
    d = ctx.dossier or {}
    if d.get("counsel_opinion"):
        return
    if "counsel_opinion" in d or d.get("collective_meeting_date"):
        sev = "error" if d.get("major_decision") else None
        yield Hit("卷宗中没有法律顾问或公职律师的意见。", severity=sev)


@rule("PROC-COLLECTIVE", title="集体审议决定", levels="LR GR ND", severity="error", head=7,
      basis="《中华人民共和国立法法》第九十五条第二款；《规章制定程序条例》第二十七条；《重大行政决策程序暂行条例》第三十条",
      requires=("tree", "dossier"))
def proc_collective(ctx: Context):
    """
    What it checks: 已公布（或拟公布）的文件，卷宗是否有集体审议（常务会议、全体会议、办公会议、常委会表决）记录。
    Why: 规章应当经政府常务会议或者全体会议决定；规范性文件应当集体审议；地方性法规由常委会全体组成人员过半数通过。
    Fires on: 卷宗有 published_date 而无 collective_meeting_date。
    Does not fire on: 会议日期早于公布日期。
    Basis: 立法法第九十五条第二款；组织法第七十四条第二款；规章制定程序条例第二十七条、第二十八条；重大行政决策程序
    暂行条例第三十条。
    """
    d = ctx.dossier or {}
    pub, meeting = as_date(d.get("published_date")), as_date(d.get("collective_meeting_date"))
    if pub and not meeting:
        yield Hit("卷宗中没有集体审议（会议决定或表决）记录。")
    elif pub and meeting and meeting > pub:
        yield Hit("集体审议日期晚于公布日期。")


_REQUIRED_CHANNEL = {"LR": "常委会公报", "GR": "政府公报", "ND": "政府公报"}


@rule("PROC-PUBLISH", title="公布与标准文本", levels="LR GR ND", severity="error", head=7,
      basis="《中华人民共和国立法法》第八十八条、第八十九条、第九十六条、第九十七条；《优化营商环境条例》第六十四条第二款",
      requires=("tree", "dossier"))
def proc_publish(ctx: Context):
    """
    What it checks: 施行日期已到的文件是否已公布；公布载体是否包括标准文本所在的公报（地方性法规：常委会公报；
    规章、规范性文件：政府公报或政府网站）。
    Why: 法规、规章公布后应当及时在公报、网站和报纸上刊载，公报上刊登的文本为标准文本；未经公布的规范性文件不得
    作为行政管理依据；处罚、许可规定未经公布不得作为实施依据。
    Fires on: 卷宗 effective_date 已到而无 published_date；publication_channels 不含公报。
    Does not fire on: 已在公报、网站公布。
    Basis: 立法法第八十八条、第八十九条、第九十六条、第九十七条；规章制定程序条例第三十条、第三十一条；优化营商环境
    条例第六十四条第二款；行政处罚法第五条第三款；行政许可法第五条第二款。
    """
    d = ctx.dossier or {}
    eff = as_date(d.get("effective_date"))
    if eff and eff <= today(d) and not d.get("published_date"):
        yield Hit("施行日期已到，但卷宗中没有公布记录。", facts=("effective_date", "published_date"))
    channels = d.get("publication_channels")
    if channels is not None and d.get("published_date"):
        need = _REQUIRED_CHANNEL[ctx.level]
        if not any(need in c or (ctx.level == "ND" and "网站" in c) for c in channels):
            yield Hit(f"公布载体中没有{need}（标准文本）。", facts=("published_date", "publication_channels"))


@rule("PROC-FILING", title="备案期限和报送机关", levels="LR GR ND", severity="error", head=7,
      basis="《中华人民共和国立法法》第一百零九条；《法规规章备案审查条例》第四条、第八条、第九条",
      requires=("tree", "dossier"), params=("FILING_DAYS_LR_GR",))
def proc_filing(ctx: Context):
    """
    What it checks: 公布后是否在期限内报送备案（地方性法规、规章 30 日，FILING_DAYS_LR_GR；辽宁规范性文件 15 日，
    ND_FILING_DAYS，未核实），规章是否报送国务院、省人大常委会、省政府和本级人大常委会。
    Why: 立法法第一百零九条规定法规、规章公布后三十日内报送备案；逾期或材料不全的暂缓登记。
    Fires on: published_date 2025-03-01，filing_date 2025-04-15（超过 30 日）；规章 filing_recipients 缺少国务院。
    Does not fire on: 公布后 20 日内报送全部备案机关。
    Basis: 立法法第一百零九条；组织法第七十四条第一款；规章制定程序条例第三十四条；法规规章备案审查条例第四条、
    第八条、第九条、第二十二条；辽宁省规章规范性文件备案办法第三条。
    """
    d = ctx.dossier or {}
    pub = as_date(d.get("published_date"))
    if not pub:
        return
    key = "ND_FILING_DAYS" if ctx.level == "ND" else "FILING_DAYS_LR_GR"
    limit = ctx.config.get(key, 30 if ctx.level != "ND" else 15)
    filed = as_date(d.get("filing_date"))
    end = filed or today(d)
    late = (end - pub).days > limit
    if late:
        what = f"于公布后第 {(filed - pub).days} 日报送备案" if filed else "公布后尚未报送备案"
        yield Hit(f"{what}，超过 {limit} 日的备案期限。", params=(key,), facts=("published_date", "filing_date"))
    if ctx.level == "GR" and d.get("filing_recipients") is not None:
        need = ["国务院", "省人大常委会", "省人民政府", "本级人大常委会"]
        got = "、".join(d.get("filing_recipients") or [])
        missing = [n for n in need if n not in got and not (n == "省人民政府" and "省政府" in got)]
        if missing:
            yield Hit(f"规章备案缺少报送机关：{'、'.join(missing)}。", params=(), facts=("filing_recipients",))


@rule("PROC-APPROVAL-LR", title="设区的市法规须经省级人大常委会批准", levels="LR", severity="error", head=7,
      basis="《中华人民共和国立法法》第八十一条第一款、第八十八条第三款", requires=("tree", "dossier"))
def proc_approval_lr(ctx: Context):
    """
    What it checks: 设区的市地方性法规在公布、施行前是否已经省人大常委会批准。
    Why: 设区的市的地方性法规须报省、自治区人大常委会批准后施行，由设区的市人大常委会公布。
    Fires on: 卷宗有 published_date 而无 approval_date，或批准日期晚于公布日期。
    Does not fire on: 批准日期早于公布日期。
    Basis: 立法法第八十一条第一款、第八十八条第三款；组织法第十条第二款。
    """
    d = ctx.dossier or {}
    pub, appr = as_date(d.get("published_date")), as_date(d.get("approval_date"))
    if pub and not appr:
        yield Hit("卷宗中没有省人大常委会的批准记录，设区的市地方性法规须经批准后方可公布施行。")
    elif pub and appr and appr > pub:
        yield Hit("批准日期晚于公布日期。")


@rule("PROC-EXPLANATION", title="起草说明和修改对照文本", levels="LR GR ND", severity="warning", head=7,
      basis="《中华人民共和国立法法》第五十八条；《规章制定程序条例》第十八条", requires=("tree", "dossier"))
def proc_explanation(ctx: Context):
    """
    What it checks: 卷宗是否有起草说明（草案说明、送审稿说明）；地方性法规修改案是否附修改前后对照文本。
    Why: 提出法规案应当同时提出草案文本及其说明，修改法规的还应当提交修改前后的对照文本；报送规章送审稿应当附
    送审稿说明和有关材料。
    Fires on: explanation 为 false（警示）；LR amendment 为 true 而 comparison_table 为 false（错误）。
    Does not fire on: 附有说明和对照文本。
    Basis: 立法法第五十八条（经第八十七条适用）；规章制定程序条例第十一条、第十八条、第二十五条。
    """
    d = ctx.dossier or {}
    if "explanation" in d and not d.get("explanation"):
        yield Hit("卷宗中没有起草说明（必要性、主要内容、意见处理情况）。", facts=("explanation",))
    if ctx.level == "LR" and d.get("amendment") and not d.get("comparison_table"):
        yield Hit("修改地方性法规应当提交修改前后的对照文本。", severity="error", facts=("amendment", "comparison_table"))
