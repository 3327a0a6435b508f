"""Figures of the 备案审查 work for one year (by 报备日期): filings by organ and level, on-time rate,
reviewed, problems found by kind (the rule families, in the categories of the national 备案审查工作
情况报告), outcomes, corrections completed, 审查建议 received and answered; and the overdue and
due items the dashboard warns about.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from base.clock import today as beijing_today
from lawtext.model import LEVELS
from workbench.access.permissions import require
from workbench.access.users import User
from workbench.filing.deadlines import periods, state_of
from workbench.filing.requests import open_requests, request_counts
from workbench.filing.store import query_filings, replies_of

# problem categories as the national report names them, in its order
CATEGORIES = ("超越法定权限", "违法减损权利或者增加义务", "违法设定许可、处罚、强制、收费等", "妨碍公平竞争、影响营商环境",
              "与上位法不一致", "违反法定程序", "不当溯及既往", "立法技术不规范", "其他问题")
_BY_FAMILY = {"scope": "超越法定权限", "penalty": "违法设定许可、处罚、强制、收费等",
              "licensing": "违法设定许可、处罚、强制、收费等", "compulsion": "违法设定许可、处罚、强制、收费等",
              "fees": "违法设定许可、处罚、强制、收费等", "fair_competition": "妨碍公平竞争、影响营商环境",
              "business": "妨碍公平竞争、影响营商环境", "conflicts": "与上位法不一致", "conformity": "与上位法不一致",
              "procedure": "违反法定程序", "retroactivity": "不当溯及既往", "drafting": "立法技术不规范",
              "references": "立法技术不规范", "citations": "立法技术不规范"}
_BY_RULE = {"SCOPE-RULE-NOBASIS-OBLIG": "违法减损权利或者增加义务", "SCOPE-ND-NOBASIS-OBLIG": "违法减损权利或者增加义务",
            "CITE-REPEALED": "与上位法不一致"}


def category(rule: str, family: str) -> str:
    return _BY_RULE.get(rule) or _BY_FAMILY.get(family) or "其他问题"


def _confirmed(db, filing_ids: list[int]) -> list[tuple[int, str, str]]:
    if not filing_ids:
        return []
    marks = ",".join("?" * len(filing_ids))
    return db.execute(f"select filing_id, rule, family from filing_items where disposition = '确认' "
                      f"and filing_id in ({marks})", filing_ids).fetchall()


def year_stats(db, user: User, year: int) -> dict:
    require(user, "filing.view")
    filings = query_filings(db, year=year)
    known = [f for f in filings if f.published_on]
    on_time = sum(1 for f in known if not f.late)
    confirmed = _confirmed(db, [f.id for f in filings])
    items_by_cat = Counter(category(r, fam) for _, r, fam in confirmed)
    filings_by_cat = Counter(cat for _, cat in {(fid, category(r, fam)) for fid, r, fam in confirmed})
    problems = [{"category": c, "items": items_by_cat.get(c, 0), "filings": filings_by_cat.get(c, 0)}
                for c in CATEGORIES]
    outcomes = Counter(f.outcome for f in filings if f.outcome)
    return {
        "year": year,
        "filings": len(filings),
        "by_organ": [{"organ": k, "filings": n} for k, n in Counter(f.organ_name for f in filings).most_common()],
        "by_level": [{"level": LEVELS.get(k, k), "filings": n} for k, n in Counter(f.level for f in filings).most_common()],
        "registered": sum(1 for f in filings if f.registered_on),
        "pending_registration": sum(1 for f in filings if f.status == "待登记"),
        "on_time": on_time, "late": len(known) - on_time,
        "on_time_rate": (on_time / len(known)) if known else None,
        "reviewed": sum(1 for f in filings if f.closed),
        "in_review": sum(1 for f in filings if f.status == "审查中"),
        "with_problems": len({fid for fid, _, _ in confirmed}),
        "problems": problems,
        "outcomes": [{"outcome": k, "filings": outcomes.get(k, 0)} for k in
                     ("未发现问题", "提出审查意见（建议修改）", "要求纠正", "纠正完毕", "撤销")],
        "corrections_requested": sum(1 for f in filings if f.outcome in ("要求纠正", "纠正完毕")),
        "corrections_completed": outcomes.get("纠正完毕", 0),
        "requests": request_counts(db, year),
    }


def overdue(db, *, today: date | None = None) -> list[dict]:
    """Overdue and due items of the 备案审查 side: reviews past their deadline, replies the organs owe,
    filings waiting for materials, 审查建议 not answered; most urgent first."""
    today = today or beijing_today()
    warn = periods().warn_days
    out = []
    for f in query_filings(db):
        if f.closed:
            continue
        if f.status == "待登记":
            out.append(_item("待登记", "due", f, "材料不全，待补充" if f.missing else "报备单位在线报送，待登记", ""))
            continue
        if f.outcome in ("要求纠正", "提出审查意见（建议修改）") and not replies_of(db, f.id):
            s = state_of(f.reply_due, today, warn)
            if s:
                out.append(_item("回复期限", s, f, f"报备单位应于 {f.reply_due} 前回复（{f.outcome}）", f.reply_due))
            continue
        s = state_of(f.review_due, today, warn)
        if s:
            out.append(_item("审查期限", s, f, f"应于 {f.review_due} 前审结", f.review_due))
    for r in open_requests(db):
        s = state_of(r.due_on, today, warn)
        if s:
            out.append({"kind": "审查建议", "severity": s, "filing_id": r.filing_id, "title": r.target,
                        "message": f"{r.requester}的审查建议应于 {r.due_on} 前反馈", "due_on": r.due_on})
    order = {"overdue": 0, "due": 1}
    return sorted(out, key=lambda x: (order[x["severity"]], x["due_on"] or "9999"))


def _item(kind: str, severity: str, f, message: str, due: str) -> dict:
    return {"kind": kind, "severity": severity, "filing_id": f.id, "title": f.title, "organ": f.organ_name,
            "message": message, "due_on": due}
