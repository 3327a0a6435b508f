"""Plain functions behind the browser fixtures (also used by scripts/screenshot.py).

Start ``streamlit run server.py`` (app.py + the session-cookie route) on a free 127.0.0.1 port
against a given database, launch Debian's chromium through Playwright (never ``playwright install``),
log in, wait for Streamlit to be idle.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'


@dataclass
class AppServer:
    url: str
    db_path: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: str, log_path: Path, *, timeout: float = 60) -> AppServer:
    """``streamlit run server.py`` headless on 127.0.0.1 with WORKBENCH_DB=db_path; waits for /_stcore/health."""
    port = free_port()
    env = dict(os.environ, WORKBENCH_DB=str(db_path), PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    log = open(log_path, "w", encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    log.close()
    server = AppServer(f"http://127.0.0.1:{port}", str(db_path), proc, Path(log_path))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise RuntimeError(f"streamlit did not answer within {timeout:.0f} s:\n{server.log()}")


def stop_server(server: AppServer) -> None:
    """Terminate the server's process group (only the process we started), then kill if needed."""
    if server.process.poll() is not None:
        return
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(server.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        server.process.wait(timeout=10)


def launch_chromium(playwright):
    if not Path(CHROMIUM).is_file():
        raise RuntimeError(f"chromium not found at {CHROMIUM}: run scripts/setup.sh (never `playwright install`)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the Streamlit script has finished running.

    After an action that triggers a rerun, the app may still report "notRunning" for a moment
    before the rerun starts; so first give the rerun a short chance to start, then wait for idle.
    """
    try:
        page.wait_for_selector(RUNNING, timeout=700)
    except Exception:  # the rerun was quicker than us, or there was none
        pass
    page.wait_for_selector(IDLE, timeout=timeout)


def login(page, url: str, username: str, password: str | None = None) -> None:
    """Open the app and log in (demo passwords are ``<username>123``); waits for the first page."""
    page.goto(url)
    wait_idle(page)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password if password is not None else f"{username}123")
    page.get_by_role("button", name="登录").click()
    wait_idle(page)


def go_to(page, title: str) -> None:
    """Click the sidebar navigation link with this page title (e.g. 文档库, 文档, 导入)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    wait_idle(page)


def choose(page, label: str, option: str | re.Pattern) -> None:
    """Pick an option of the st.selectbox labelled ``label``."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option).first.click()
    wait_idle(page)


def open_document(page, title: str) -> None:
    """From anywhere: 文档库 → 选择文档 → 打开; ends on the 文档 page of ``title``."""
    go_to(page, "文档库")
    choose(page, "选择文档", re.compile("^" + re.escape(title) + "（"))
    page.get_by_role("button", name="打开").click()
    wait_idle(page)
