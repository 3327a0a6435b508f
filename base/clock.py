"""Stored timestamps → what users read: 北京时间 (Asia/Shanghai).

Every timestamp the workbench stores is UTC ISO 8601 (``audit.now_iso()``, e.g.
``2026-11-28T15:20:50.123456+00:00``); a stored value without an offset is taken as UTC. Pages,
CLI output and exported documents show it in Beijing time, to the minute, without a zone suffix:

    beijing("2026-11-28T15:20:50+00:00")          -> "2026-11-28 23:20"
    beijing_cn("2026-11-28T15:20:50+00:00")       -> "2026年11月28日 23:20"
    beijing_date_cn("2026-11-28T15:20:50+00:00")  -> "2026年11月28日"
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

try:
    from zoneinfo import ZoneInfo
    BEIJING = ZoneInfo("Asia/Shanghai")
except Exception:  # noqa: BLE001 - no tz database: China has kept UTC+8 without DST since 1991
    BEIJING = timezone(timedelta(hours=8))


def to_beijing(ts: str | datetime | None) -> datetime | None:
    """``ts`` (ISO string or datetime; naive = UTC) as an aware datetime in Beijing time; None for
    None/"" and for text that is not a timestamp."""
    if ts in (None, ""):
        return None
    if isinstance(ts, datetime):
        dt = ts
    else:
        try:
            dt = datetime.fromisoformat(str(ts).strip())
        except ValueError:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(BEIJING)


def beijing(ts: str | datetime | None) -> str:
    """``2026-11-28 23:20`` (Beijing time, minutes); "" for None; unparseable text is returned as is."""
    dt = to_beijing(ts)
    if dt is None:
        return "" if ts in (None, "") else str(ts)
    return dt.strftime("%Y-%m-%d %H:%M")


def beijing_cn(ts: str | datetime | None) -> str:
    """``2026年11月28日 23:20`` — for documents (意见书, reports)."""
    dt = to_beijing(ts)
    if dt is None:
        return "" if ts in (None, "") else str(ts)
    return f"{dt.year}年{dt.month}月{dt.day}日 {dt:%H:%M}"


def beijing_date_cn(ts: str | datetime | None) -> str:
    """``2026年11月28日`` (the Beijing calendar day)."""
    dt = to_beijing(ts)
    if dt is None:
        return "" if ts in (None, "") else str(ts)
    return f"{dt.year}年{dt.month}月{dt.day}日"


def today():
    """Today's date in Beijing: the calendar day that legal periods (征求意见, 备案, 有效期) and
    dates typed by users refer to, whatever time zone the server runs in."""
    return datetime.now(BEIJING).date()
