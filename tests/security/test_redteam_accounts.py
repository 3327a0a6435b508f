"""Red-team issue 17, items 11, 12 and 13: accounts.

11: login throttling per account and per client in the core ``authenticate``, and the same work
    (one argon2 verification) for an unknown user as for a known one.
12: safe production defaults: no demo accounts on a production database unless asked for; the
    first administrator of an empty production database must set a password at first login.
13: core functions re-check the acting account: a deactivated user's stale User object no longer
    changes anything.
"""
from __future__ import annotations

import pytest

from base.errors import PermissionDenied
from cli_helpers import run_json
from lifecycle_helpers import make_doc, tree
from workbench.access import throttle, users as users_mod
from workbench.access.users import authenticate, change_own_password, create_user, get_user, set_active
from workbench.first_start import demo_wanted
from workbench.documents.store import add_version, list_versions
from workbench.schema import open_db


# --- item 11 ---------------------------------------------------------------------------------

def test_an_account_is_locked_after_repeated_failures(fresh_db, users):
    for _ in range(throttle.account_limit()):
        assert authenticate(fresh_db, "drafter1", "wrong-guess", client="10.0.0.1") is None
    with pytest.raises(PermissionDenied) as e:
        authenticate(fresh_db, "drafter1", "secret123", client="10.0.0.2")   # even the right password
    assert e.value.code == "throttled" and "分钟" in str(e.value)
    assert authenticate(fresh_db, "advisor1", "secret123", client="10.0.0.1") is not None   # others unaffected


def test_the_lock_ends_after_the_window_and_success_clears_failures(fresh_db, users, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    for _ in range(throttle.account_limit()):
        authenticate(fresh_db, "drafter1", "wrong-guess")
    with pytest.raises(PermissionDenied):
        authenticate(fresh_db, "drafter1", "secret123")
    now[0] += throttle.window_seconds() + 1
    assert authenticate(fresh_db, "drafter1", "secret123") is not None
    for _ in range(throttle.account_limit() - 1):
        authenticate(fresh_db, "drafter1", "wrong-guess")
    assert authenticate(fresh_db, "drafter1", "secret123") is not None   # the success reset the count


def test_a_client_guessing_across_accounts_is_locked(fresh_db, users):
    names = ["admin1", "drafter1", "advisor1", "reviewer1", "nobody", "ghost"]
    for i in range(throttle.client_limit()):
        authenticate(fresh_db, names[i % len(names)] + ("" if i < len(names) else f"{i}"), "wrong", client="6.6.6.6")
    with pytest.raises(PermissionDenied) as e:
        authenticate(fresh_db, "reviewer1", "secret123", client="6.6.6.6")
    assert e.value.code == "throttled"
    assert authenticate(fresh_db, "reviewer1", "secret123", client="10.1.1.1") is not None


def test_unknown_and_deactivated_users_cost_one_verification_like_known_ones(fresh_db, users, monkeypatch):
    calls = []
    real = users_mod._hasher

    class Counting:
        def hash(self, password):
            return real.hash(password)

        def verify(self, hashed, password):
            calls.append(hashed)
            return real.verify(hashed, password)
    monkeypatch.setattr(users_mod, "_hasher", Counting())
    set_active(fresh_db, users["admin"], "reviewer1", False)
    for name in ("drafter1", "nobody_here", "reviewer1"):
        calls.clear()
        assert authenticate(fresh_db, name, "wrong-password") is None
        assert len(calls) == 1, name


# --- item 12 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("env, path, wanted", [
    (None, "default", True), (None, "/srv/workbench/prod.db", False), ("1", "/srv/workbench/prod.db", True),
    ("0", "default", False), ("false", "default", False),
])
def test_demo_only_on_the_demo_path_or_when_asked(monkeypatch, env, path, wanted):
    from base.db import PROJECT_ROOT
    if env is None:
        monkeypatch.delenv("WORKBENCH_DEMO", raising=False)
    else:
        monkeypatch.setenv("WORKBENCH_DEMO", env)
    assert demo_wanted(str(PROJECT_ROOT / "data" / "workbench.db") if path == "default" else path) is wanted


def test_init_on_an_empty_production_database(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("WORKBENCH_DEMO", raising=False)
    db_path = str(tmp_path / "prod.db")
    code, data, _ = run_json(capsys, "init", "--db", db_path, "--json")
    assert code == 0 and data["demo"] is False and data["admin"]["username"] == "admin"
    password = data["admin"]["password"]
    db = open_db(db_path)
    assert [u.username for u in users_mod.list_users(db)] == ["admin"]       # no demo accounts
    assert db.execute("select count(*) from documents").fetchone()[0] == 0
    admin = authenticate(db, "admin", password)
    assert admin.must_change_password                                        # the login page asks first
    admin = change_own_password(db, admin, password, "my-own-secret-1")
    assert not admin.must_change_password and not get_user(db, "admin").must_change_password
    code, data, _ = run_json(capsys, "init", "--db", db_path, "--json")       # again: nothing to do
    assert code == 0 and data["admin"] is None


def test_bootstrap_user_add_on_an_empty_database_must_change_its_password(tmp_path, capsys):
    db_path = str(tmp_path / "prod.db")
    assert run_json(capsys, "user", "add", "chief", "--role", "admin", "--password", "chief123", "--db", db_path)[0] == 0
    assert get_user(open_db(db_path), "chief").must_change_password


# --- item 13 ---------------------------------------------------------------------------------

def test_a_stale_user_object_of_a_deactivated_account_changes_nothing(fresh_db, users):
    """The app re-checks the session at the next rerun; the core does not rely on it: every change
    is refused inside its transaction once the acting account is deactivated."""
    from workbench.documents.working_copy import apply, open_working_copy
    doc = make_doc(fresh_db, "GR")
    stale = users["drafter"]
    wc = open_working_copy(fresh_db, doc.id, stale)
    create_user(fresh_db, "admin2", "secret123", "admin", by=users["admin"])
    set_active(fresh_db, get_user(fresh_db, "admin2"), stale.username, False)
    with pytest.raises(PermissionDenied) as e:
        add_version(fresh_db, doc.id, tree("GR", edit="（修改）"), label="修改稿", actor=stale.username)
    assert e.value.code == "inactive"
    with pytest.raises(PermissionDenied):
        apply(fresh_db, doc.id, stale, "edit", expected_row_version=wc.row_version, key="第一条", text="改写。")
    set_active(fresh_db, get_user(fresh_db, "admin2"), "admin1", False)
    with pytest.raises(PermissionDenied):                      # a stale administrator object as well
        create_user(fresh_db, "late", "secret123", "drafter", by=users["admin"])
    assert len(list_versions(fresh_db, doc.id)) == 1
    assert fresh_db.execute("select count(*) from users where username = 'late'").fetchone()[0] == 0
