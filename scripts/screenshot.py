"""Take docs/screenshot.png: the 文档 page of the demo 养犬管理办法 in chromium (as in the browser tests).

    .venv/bin/python scripts/screenshot.py [OUT.png]
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

from browser_helpers import launch_chromium, login, open_document, start_server, stop_server, wait_idle  # noqa: E402


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from workbench.schema import open_db
    from workbench.demo.workspace import ensure_demo_workspace
    work = Path(tempfile.mkdtemp(prefix="workbench-shot-"))
    db = open_db(str(work / "workbench.db"))
    ensure_demo_workspace(db)
    db.close()
    server = start_server(str(work / "workbench.db"), work / "streamlit.log")
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            page.set_default_timeout(20_000)
            login(page, server.url, "drafter")
            open_document(page, "示例市养犬管理办法")
            page.get_by_text("第二章 养犬登记与免疫", exact=True).click()
            page.get_by_role("button", name=re.compile(r"^第八条")).click()
            wait_idle(page)
            page.locator('.wb-article[data-article-id="art-8"]').wait_for()
            page.mouse.move(5, 5)  # no hover tooltip in the picture
            page.get_by_role("heading", name="示例市养犬管理办法").scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
    finally:
        stop_server(server)
    print(f"已保存截图：{out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png")
