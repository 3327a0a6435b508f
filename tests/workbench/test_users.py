"""Users: argon2 hashes, admin-only management, deactivation, the CLI."""
from __future__ import annotations

import json

import pytest

from base.audit import events, verify
from workbench.cli import main
from base.errors import InputError, PermissionDenied
from workbench.access.users import authenticate, change_own_password, create_user, get_user, list_users, reset_password, set_active, set_role, update_profile


def test_passwords_are_argon2_hashed_and_never_logged(fresh_db, users):
    row = fresh_db.execute("select password_hash from users where username = 'drafter1'").fetchone()
    assert row[0].startswith("$argon2id$") and "secret123" not in row[0]
    assert authenticate(fresh_db, "drafter1", "secret123").role == "drafter"
    assert authenticate(fresh_db, "drafter1", "wrong") is None
    assert authenticate(fresh_db, "nobody", "secret123") is None
    reset_password(fresh_db, users["admin"], "drafter1", "n3w-passw0rd")
    assert authenticate(fresh_db, "drafter1", "secret123") is None
    assert authenticate(fresh_db, "drafter1", "n3w-passw0rd")
    dump = json.dumps([dict(r) for r in fresh_db.query("select * from audit_log")], ensure_ascii=False)
    assert "argon2" not in dump and "n3w-passw0rd" not in dump
    assert [e["action"] for e in events(fresh_db, action="user.password_reset")] == ["user.password_reset"]


def test_admin_creates_users_with_chinese_role_names(fresh_db, users):
    u = create_user(fresh_db, "lawyer2", "secret123", "法律顾问", display_name="钱律师", by=users["admin"])
    assert (u.role, u.role_name, u.label) == ("advisor", "法律顾问", "钱律师（法律顾问）")
    with pytest.raises(InputError, match="用户名已存在"):
        create_user(fresh_db, "lawyer2", "secret123", "advisor", by=users["admin"])
    with pytest.raises(InputError, match="未知的角色"):
        create_user(fresh_db, "x1", "secret123", "boss", by=users["admin"])
    with pytest.raises(InputError, match="密码至少"):
        create_user(fresh_db, "x2", "123", "drafter", by=users["admin"])
    with pytest.raises(PermissionDenied):
        create_user(fresh_db, "x3", "secret123", "admin", by=users["drafter"])


def test_deactivate_reactivate_and_guards(fresh_db, users):
    admin = users["admin"]
    set_active(fresh_db, admin, "advisor1", False)
    assert authenticate(fresh_db, "advisor1", "secret123") is None
    assert "advisor1" not in [u.username for u in list_users(fresh_db)]
    assert not get_user(fresh_db, "advisor1").active
    assert "advisor1" in [u.username for u in list_users(fresh_db, include_inactive=True)]
    set_active(fresh_db, admin, "advisor1", True)
    assert authenticate(fresh_db, "advisor1", "secret123")
    with pytest.raises(InputError, match="不能停用自己的账户"):
        set_active(fresh_db, admin, "admin1", False)
    with pytest.raises(InputError, match="最后一名管理员"):
        set_role(fresh_db, admin, "admin1", "drafter")
    set_role(fresh_db, admin, "reviewer1", "advisor")
    assert get_user(fresh_db, "reviewer1").role == "advisor"
    from workbench.consultation.consultations import add_contact_point
    cp = add_contact_point(fresh_db, admin, name="东城街道基层立法联系点", kind="街道")
    update_profile(fresh_db, admin, "contact1", display_name="东城联络员", contact_point_id=cp.id)
    assert get_user(fresh_db, "contact1").contact_point_id == cp.id
    assert verify(fresh_db) == []


def test_change_own_password(fresh_db, users):
    with pytest.raises(InputError, match="原密码不正确"):
        change_own_password(fresh_db, users["drafter"], "wrong", "another123")
    change_own_password(fresh_db, users["drafter"], "secret123", "another123")
    assert authenticate(fresh_db, "drafter1", "another123")


def test_cli_user_add_list_bootstrap_and_permissions(db_path, capsys):
    # empty database: the operator bootstraps the first admin
    assert main(["user", "add", "chief", "--role", "admin", "--password", "chief123", "--db", db_path,
                 "--as", "chief", "--display-name", "主任"]) == 0
    # from then on --as must name a real, permitted user (an unknown one is refused like a failed login)
    assert main(["user", "add", "d1", "--role", "起草人员", "--password", "d1pass1", "--db", db_path]) == 4
    assert main(["user", "add", "d1", "--role", "起草人员", "--password", "d1pass1", "--db", db_path,
                 "--as", "chief"]) == 0
    assert main(["user", "add", "d2", "--role", "drafter", "--password", "d2pass1", "--db", db_path,
                 "--as", "d1"]) == 4
    assert main(["user", "deactivate", "d1", "--db", db_path, "--as", "chief"]) == 0
    assert main(["user", "add", "d3", "--role", "drafter", "--password", "d3pass1", "--db", db_path,
                 "--as", "d1"]) == 4
    capsys.readouterr()
    assert main(["user", "list", "--all", "--db", db_path, "--json"]) == 4      # default --as admin: unknown
    capsys.readouterr()
    assert main(["user", "list", "--all", "--db", db_path, "--json", "--as", "chief"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(u["username"], u["role"], u["active"]) for u in listed] == [("chief", "admin", True),
                                                                        ("d1", "drafter", False)]
    assert listed[0]["display_name"] == "主任"


def test_a_contact_account_must_be_linked_to_an_existing_point(fresh_db, users):
    from workbench.consultation.consultations import add_contact_point
    admin = users["admin"]
    n_users = len(list_users(fresh_db, include_inactive=True))
    with pytest.raises(InputError, match="基层立法联系点用户须关联一个联系点"):
        create_user(fresh_db, "dongcheng", "secret123", "contact", by=admin)
    with pytest.raises(InputError, match="联系点不存在：99"):
        create_user(fresh_db, "dongcheng", "secret123", "contact", contact_point_id=99, by=admin)
    with pytest.raises(InputError, match="请选择角色"):
        create_user(fresh_db, "dongcheng", "secret123", None, by=admin)
    assert len(list_users(fresh_db, include_inactive=True)) == n_users          # nothing half-written
    cp = add_contact_point(fresh_db, admin, name="东城街道基层立法联系点", kind="街道")
    u = create_user(fresh_db, "dongcheng", "secret123", "contact", contact_point_id=cp.id, by=admin)
    assert u.contact_point_id == cp.id
    # unlinking a contact account, or making an unlinked account a contact, is refused
    with pytest.raises(InputError, match="须关联一个联系点"):
        update_profile(fresh_db, admin, "dongcheng", contact_point_id=None)
    with pytest.raises(InputError, match="请先为 drafter1 关联联系点"):
        set_role(fresh_db, admin, "drafter1", "contact")
    update_profile(fresh_db, admin, "drafter1", contact_point_id=cp.id)
    assert set_role(fresh_db, admin, "drafter1", "contact").role == "contact"
    assert get_user(fresh_db, "dongcheng").contact_point_id == cp.id
