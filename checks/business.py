"""B.7 优化营商环境条例: hearing 市场主体, adjustment periods, ND legality review."""
from __future__ import annotations

import re

from checks.base import Context, Hit, rule
from checks.dossier import days_inclusive
from checks.fair_competition import market_related
from checks.text import PARTY

_PROMPT_EFFECT = re.compile(r"自(公布|印发|发布)之日起(施行|实施|执行|生效)")
_NEW_OBLIG = re.compile(PARTY + r"[^，。；]{0,30}?(应当|必须|须|不得)")


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


@rule("BIZ-TRANSITION", title="涉企新规未留适应调整期", levels="GR ND", severity="warning", head=3,
      basis="《优化营商环境条例》第六十五条第一款、第二款")
def biz_transition(ctx: Context):
    """
    What it checks: 涉及市场主体的规章、规范性文件对其设定新义务，却自公布（印发）之日起施行，没有缓冲期。
    Why: 制定涉及市场主体权利义务的规章、规范性文件，应当按照实际需要设置合理过渡期，为市场主体留出必要的
    适应调整时间。
    Fires on: 「经营者应当……」并「本办法自公布之日起施行。」
    Does not fire on: 「本办法自2026年1月1日起施行。」；不设定新义务的文件。
    Basis: 优化营商环境条例第六十五条；国办发〔2019〕9号（合理缓冲期）。
    """
    if not market_related(ctx):
        return
    if not any(_NEW_OBLIG.search(s.masked) for s in ctx.sentences):
        return
    for c in ctx.clauses:
        m = _PROMPT_EFFECT.search(c.text)
        if m:
            yield Hit("涉及市场主体的新义务自公布之日起施行，请考虑设置合理的适应调整期。", c, m.start(), m.end())
            return


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
