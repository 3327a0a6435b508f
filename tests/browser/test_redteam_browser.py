"""Red-team issue 17, item 14 in a real browser: a document whose title and issuing body hold a
Markdown image pointing at a listening server is opened, and that server never hears from the
browser; every response carries the Content-Security-Policy that forbids remote images."""
from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from browser_helpers import choose, go_to, login, wait_idle
from playwright.sync_api import expect


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    server = HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Counter.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.browser
def test_no_remote_image_is_fetched_for_user_text(page, app_server, listener):
    from lawtext.parser import parse_file_text
    from workbench.documents.store import create_document
    from workbench.schema import open_db
    title = f"示例市远程图片测试办法![t]({listener}/title.png)"
    db = open_db(app_server.db_path)
    create_document(db, title=title, level="GR", actor="drafter", issuing_body=f"示例市![b]({listener}/body.png)",
                    tree=parse_file_text("示例市远程图片测试办法\n第一条 为了测试，制定本办法。\n"))
    db.close()
    response = page.goto(app_server.url)
    assert "img-src 'self'" in response.headers.get("content-security-policy", "")
    login(page, app_server.url, "drafter")
    go_to(page, "文档库")
    choose(page, "选择文档", re.compile("^示例市远程图片测试办法"))
    page.get_by_role("button", name="打开").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name=title)).to_be_visible()     # shown as text, not as an image
    page.wait_for_timeout(1000)
    assert _Counter.hits == []
