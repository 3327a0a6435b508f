"""Periods of the 备案审查 work, configurable per deployment.

- 报备期限: counted from 公布 (30 days for 法规/规章; the 规范性文件 period of the jurisdiction, e.g. 15
  days) — the same values the drafting side's lifecycle uses (workbench.procedure.config);
- 审查期限: days from 登记 for the review ($WORKBENCH_FILING_REVIEW_DAYS, default 30);
- 回复期限: days the filing organ has to answer a 审查意见书 / 纠正意见函
  ($WORKBENCH_FILING_REPLY_DAYS, default 30);
- 审查建议答复期限: days to answer a citizen's request ($WORKBENCH_FILING_REQUEST_DAYS, default 60);
- 临期: warn this many days before a deadline ($WORKBENCH_FILING_WARN_DAYS, default 5).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta

from base.dates import parse_date
from workbench.procedure.config import config as lifecycle_config


def _env_days(name: str, default: int) -> int:
    v = os.environ.get(name, "").strip()
    return int(v) if v.isdigit() and int(v) > 0 else default


@dataclass(frozen=True)
class FilingPeriods:
    filing_days: dict
    review_days: int
    reply_days: int
    request_days: int
    warn_days: int


def periods() -> FilingPeriods:
    return FilingPeriods(filing_days=dict(lifecycle_config().filing_days),
                         review_days=_env_days("WORKBENCH_FILING_REVIEW_DAYS", 30),
                         reply_days=_env_days("WORKBENCH_FILING_REPLY_DAYS", 30),
                         request_days=_env_days("WORKBENCH_FILING_REQUEST_DAYS", 60),
                         warn_days=_env_days("WORKBENCH_FILING_WARN_DAYS", 5))


def late_days(level: str, published_on: str | date | None, filed_on: str | date | None,
              p: FilingPeriods | None = None) -> int:
    """Days a filing came after its statutory period (0: on time, or dates unknown)."""
    pub = parse_date(published_on, "公布日期")
    filed = parse_date(filed_on, "报备日期")
    if pub is None or filed is None:
        return 0
    due = pub + timedelta(days=(p or periods()).filing_days.get(level, 30))
    return max(0, (filed - due).days)


def add_days(start: str | date, days: int) -> str:
    return (parse_date(start, "日期", required=True) + timedelta(days=days)).isoformat()


def state_of(due_on: str, today: date, warn_days: int) -> str | None:
    """"overdue" / "due" (within warn_days) / None for a deadline ``due_on`` (ISO)."""
    if not due_on:
        return None
    left = (date.fromisoformat(due_on) - today).days
    if left < 0:
        return "overdue"
    if left <= warn_days:
        return "due"
    return None
