"""Stored UTC timestamps shown as 北京时间 (base.clock)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from base import audit
from base.clock import beijing, beijing_cn, beijing_date_cn


def test_utc_is_shown_in_beijing_time_across_midnight():
    ts = "2026-11-28T18:05:09.123456+00:00"          # 02:05 the next day in Beijing
    assert beijing(ts) == "2026-11-29 02:05"
    assert beijing_cn(ts) == "2026年11月29日 02:05"
    assert beijing_date_cn(ts) == "2026年11月29日"
    assert beijing("2026-11-28T15:20:50+00:00") == "2026-11-28 23:20"
    assert beijing_cn("2026-01-05T01:02:00+00:00") == "2026年1月5日 09:02"


def test_naive_and_other_offsets_and_datetimes():
    assert beijing("2026-11-28 15:20:50") == "2026-11-28 23:20"            # no offset: stored UTC
    assert beijing("2026-11-28T23:20:00+08:00") == "2026-11-28 23:20"
    assert beijing(datetime(2026, 6, 30, 16, 0, tzinfo=timezone.utc)) == "2026-07-01 00:00"


def test_empty_and_garbage():
    assert beijing(None) == beijing("") == beijing_cn(None) == beijing_date_cn("") == ""
    assert beijing("不是时间") == "不是时间"


def test_audit_timestamps_round_trip():
    now = audit.now_iso()
    expected = (datetime.fromisoformat(now) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert beijing(now) == expected
