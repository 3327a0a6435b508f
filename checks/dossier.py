"""The procedural dossier (卷宗) some rules read: dates and artifacts the text cannot show.

A dossier is a plain dict (JSON in the CLI: ``--dossier FILE.json``). Every key is optional; a
rule that needs a key it does not find stays silent unless noted in its docstring.

    comment_start, comment_end        征求意见起止日期 (ISO dates)
    comment_published                 是否公开征求意见 (bool)
    comment_short_reason              征求意见期少于法定期限的理由
    market_related                    是否与市场主体生产经营活动密切相关 (bool; else inferred from the text)
    consulted                         听取意见的企业、行业协会商会、律师协会名单 (list)
    feedback                          意见采纳情况反馈 (bool)
    burdens                           是否减损权利、增加义务或涉及重大利益调整 (bool)
    hearing_notice_date, hearing_date 听证公告日期、听证日期
    hearing_record, argument_record   听证笔录、论证记录 (bool)
    legality_review_date              合法性审核（审查）意见日期
    legality_opinion                  合法性审核结论 (合法 / 修改后合法 / 不合法)
    collective_meeting_date           常务会议 / 全体会议 / 办公会议 / 常委会表决日期
    major_decision                    是否属于重大行政决策 (bool)
    counsel_opinion                   法律顾问、公职律师意见 (bool)
    fair_competition_review           公平竞争审查结论 (text or bool)
    fcr_exception                     援引公平竞争审查条例第十二条的理由（含实施期限或终止条件）
    explanation                       起草说明 / 草案说明 (bool)
    amendment, comparison_table       是否修改决定；修改前后对照文本 (bool)
    approval_date                     省人大常委会批准日期 (LR)
    published_date, effective_date    公布日期、施行日期
    publication_channels              公布载体 (list: 政府公报, 常委会公报, 网站, 报纸 …)
    filing_date, filing_recipients    备案报送日期、报送机关 (list)
    replaces                          本文件取代的文件名称
    today                             评估期限用的日期（默认今天）
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from base.errors import InputError
from base.clock import today as beijing_today
from checks.dossier_model import validate_dossier


def load_dossier(path: str | Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(code="dossier.load_dossier", path=path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(code="dossier.bad_json", path=path, e=e) from None
    if not isinstance(data, dict):
        raise InputError(code="dossier.not_an_object")
    return validate_dossier(data)


def as_date(value) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(code="dossier.as_date", value=value) from None


def days_inclusive(start, end) -> int | None:
    a, b = as_date(start), as_date(end)
    if not a or not b:
        return None
    return (b - a).days + 1


def today(d: dict) -> date:
    return as_date(d.get("today")) or beijing_today()
