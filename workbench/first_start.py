"""What a first start does to a database: the demo workspace, or the first administrator.

Safe defaults for production: the demo workspace (accounts with published passwords such as
admin/admin123) is created only on the demo database path — the default ``data/workbench.db`` —
or when ``WORKBENCH_DEMO=1`` asks for it; ``WORKBENCH_DEMO=0`` never creates it. Any other
(production) database that has no user yet gets one administrator with a random one-time password
(shown once, by ``python -m workbench init``), flagged ``must_change_password``: the login page
makes its holder choose a password before anything else. ``scripts/start.sh`` runs ``init``.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from base.db import PROJECT_ROOT
from base.db import transaction
from workbench.access.users import create_user
from workbench.demo.workspace import ensure_demo_workspace

DEMO_DB_PATH = PROJECT_ROOT / "data" / "workbench.db"
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def demo_wanted(db_path: str) -> bool:
    """Whether a first start of ``db_path`` creates the demo workspace (see the module docstring)."""
    flag = os.environ.get("WORKBENCH_DEMO", "").strip().lower()
    if flag in _TRUE:
        return True
    if flag in _FALSE:
        return False
    return db_path != ":memory:" and Path(db_path).resolve() == DEMO_DB_PATH.resolve()


def first_start(db, db_path: str, *, admin_username: str = "admin") -> dict:
    """``{"demo": bool, "demo_created": bool, "admin": None | {"username", "password"}}``."""
    if demo_wanted(db_path):
        return {"demo": True, "demo_created": ensure_demo_workspace(db), "admin": None}
    with transaction(db):
        if db.execute("select exists(select 1 from users)").fetchone()[0]:
            return {"demo": False, "demo_created": False, "admin": None}
        password = secrets.token_urlsafe(12)
        create_user(db, admin_username, password, "admin", display_name="管理员", actor="init",
                    must_change_password=True)
    return {"demo": False, "demo_created": False, "admin": {"username": admin_username, "password": password}}
