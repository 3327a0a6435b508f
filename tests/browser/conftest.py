"""Browser tests: the real ``streamlit run server.py`` (app.py + the session-cookie route) in Debian's
chromium via Playwright.

Mark every test ``@pytest.mark.browser``. Fixtures:

- ``app_server`` (session): a ``browser_helpers.AppServer`` with ``.url`` and ``.db_path``;
  the server runs on 127.0.0.1:<free port> against a temporary database holding the demo workspace
  (users admin/drafter/advisor/reviewer/contact, password ``<username>123``). It is shared by all
  browser tests: create your own documents rather than changing the demo ones other tests read.
  Its log is printed if the server dies; it is stopped at the end of the session.
- ``browser`` (session): a Playwright chromium ``Browser`` (/usr/bin/chromium, no sandbox, no GPU).
- ``page`` (per test): a fresh ``Page`` in its own context (new Streamlit session, nobody logged in),
  1400×900, zh-CN, 20 s default timeout.

Helpers (``tests/browser/browser_helpers.py``; this folder is on sys.path for its tests)::

    from browser_helpers import choose, go_to, login, open_document, wait_idle

    @pytest.mark.browser
    def test_x(page, app_server):
        login(page, app_server.url, "drafter")          # password defaults to drafter123
        open_document(page, "示例市养犬管理办法")         # 文档库 → 选择文档 → 打开
        go_to(page, "导入")                              # sidebar navigation by page title
        choose(page, "文件层级", "政府规章")              # st.selectbox by label
        wait_idle(page)                                  # after any click that reruns the script

Prefer ``playwright.sync_api.expect(locator)`` assertions: they retry until the content arrives.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_helpers import launch_chromium, start_server, stop_server  # noqa: E402


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    from workbench.schema import open_db
    from workbench.demo.workspace import ensure_demo_workspace
    work = tmp_path_factory.mktemp("browser")
    db_path = work / "workbench.db"
    db = open_db(str(db_path))
    ensure_demo_workspace(db)
    db.close()
    server = start_server(str(db_path), work / "streamlit.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_server):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
    if app_server.process.poll() is not None:
        pytest.fail(f"streamlit server died:\n{app_server.log()}")
