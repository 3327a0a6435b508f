"""AppTest fixtures for page tests.

    def test_something(app_as):
        at = app_as("drafter")                          # AppTest on app.py, demo DB, logged in, not yet run
        at.switch_page("app_pages/document.py").run()   # a page from ui/pages.py::PAGES
        assert not at.exception

``app_as(role_or_username, db_path=None)`` logs in a demo user (admin, drafter, advisor, reviewer,
contact) on a fresh copy of the demo workspace (``demo_db_path`` from tests/conftest.py) unless
``db_path`` is given; ``at.session_state["db_path"]`` holds the path for assertions through the core.
``anonymous_app(db_path)`` gives an AppTest with nobody logged in (the login page).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 30


@pytest.fixture
def anonymous_app():
    def make(db_path: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.session_state["db_path"] = db_path
        return at
    return make


@pytest.fixture
def app_as(demo_db_path):
    from workbench.schema import open_db
    from workbench.access.users import get_user

    def make(who: str, db_path: str | None = None) -> AppTest:
        path = db_path or demo_db_path
        db = open_db(path)
        try:
            user = get_user(db, who)
        finally:
            db.close()
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.session_state["db_path"] = path
        at.session_state["user"] = user
        return at
    return make
