"""Login sessions (workbench.access.sessions): a signed, expiring token backed by a server-side row
that logout, deactivation, a password change or reset, and idle time end; a one-time handoff code."""
from __future__ import annotations

import pytest

from base import audit
from workbench.access import sessions
from workbench.access.users import change_own_password, reset_password, set_active


@pytest.fixture
def clock(monkeypatch):
    """A settable clock for the sessions module (seconds since the epoch)."""
    now = {"t": 1_800_000_000.0}
    monkeypatch.setattr(sessions, "_now", lambda: now["t"])
    return now


def test_a_token_stands_for_its_user_until_logout(fresh_db, users, clock):
    started = sessions.start(fresh_db, users["drafter"])
    assert sessions.resolve(fresh_db, started.token).user == users["drafter"]
    sessions.end(fresh_db, started.token)
    gone = sessions.resolve(fresh_db, started.token)
    assert gone.user is None and gone.reason == "ended" and gone.message == ""
    assert [e["action"] for e in reversed(audit.events(fresh_db, None, limit=10))][-2:] == \
        ["session.start", "session.end"]


def test_only_the_hash_of_the_session_id_is_stored_and_a_forged_token_is_refused(fresh_db, users, clock):
    started = sessions.start(fresh_db, users["drafter"])
    stored = fresh_db.execute("select id from sessions").fetchone()[0]
    assert stored not in started.token
    assert sessions.resolve(fresh_db, started.token[:-2] + "xx").reason == "invalid"
    assert sessions.resolve(fresh_db, "").reason == "invalid"
    other_secret = sessions.URLSafeTimedSerializer("not-the-secret", salt=sessions.SALT).dumps("whatever")
    assert sessions.resolve(fresh_db, other_secret).reason == "invalid"


def test_idle_time_ends_a_session_and_activity_keeps_it(fresh_db, users, clock, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SESSION_TIMEOUT_MINUTES", "10")
    started = sessions.start(fresh_db, users["drafter"])
    for _ in range(5):                       # 5 × 9 minutes of activity: still in
        clock["t"] += 9 * 60
        assert sessions.resolve(fresh_db, started.token).user is not None
    clock["t"] += 11 * 60
    timed_out = sessions.resolve(fresh_db, started.token)
    assert (timed_out.user, timed_out.reason, timed_out.message) == (None, "timeout", "会话已超时，请重新登录。")
    assert sessions.resolve(fresh_db, started.token).reason == "ended"     # the message is said once


def test_a_token_older_than_the_maximum_age_is_refused(fresh_db, users, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SESSION_MAX_HOURS", "1")
    started = sessions.start(fresh_db, users["drafter"])
    real = sessions.time.time
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: real() + 2 * 3600)
    monkeypatch.setattr(sessions, "_now", lambda: real() + 2 * 3600)
    assert sessions.resolve(fresh_db, started.token).reason == "expired"


def test_deactivation_and_password_changes_end_sessions(fresh_db, users, clock):
    admin, drafter, advisor = users["admin"], users["drafter"], users["advisor"]
    a, b, c = (sessions.start(fresh_db, u) for u in (drafter, advisor, users["reviewer"]))
    set_active(fresh_db, admin, drafter.username, False)
    assert sessions.resolve(fresh_db, a.token).message == "账户已停用或不存在，请联系管理员。"
    reset_password(fresh_db, admin, advisor.username, "brand-new-1")
    assert sessions.resolve(fresh_db, b.token).message == "密码已更改，请重新登录。"
    change_own_password(fresh_db, users["reviewer"], "secret123", "brand-new-2")
    assert sessions.resolve(fresh_db, c.token).reason == "password"
    set_active(fresh_db, admin, drafter.username, True)      # reactivation does not revive the old session
    assert sessions.resolve(fresh_db, a.token).user is None


def test_the_handoff_code_is_single_use_and_short_lived(fresh_db, users, clock):
    started = sessions.start(fresh_db, users["drafter"])
    assert sessions.redeem(fresh_db, started.handoff) == started.token
    assert sessions.redeem(fresh_db, started.handoff) is None
    late = sessions.start(fresh_db, users["drafter"])
    clock["t"] += sessions.HANDOFF_SECONDS + 1
    assert sessions.redeem(fresh_db, late.handoff) is None
    assert sessions.redeem(fresh_db, "") is None and sessions.redeem(fresh_db, "made-up") is None
    assert fresh_db.execute("select count(*) from sessions where handoff_token is not null").fetchone()[0] == 0
