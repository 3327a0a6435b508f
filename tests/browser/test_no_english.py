"""No English a user can see (issue 19, defect 7): every page, as every role, every tab opened, has
no visible Latin-script word outside a short allow-list (rule ids, file names and extensions, version
numbers like v2, hash prefixes, units, the user's own login name, and words users themselves wrote
into comments and their dispositions — other browser tests post ``<script>alert(1)</script>`` to the
shared server, which 意见反馈 must show as the text it is). Text typed into a field must not bring up
Streamlit's English input instructions either.

Charts are drawn on a canvas; their titles, axes and tooltips are checked in
tests/app/test_no_english_charts.py.
"""
from __future__ import annotations

import re
import sqlite3

import pytest
from browser_helpers import choose, login, wait_idle

ROLES = ("admin", "drafter", "advisor", "reviewer", "contact")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
FILE_NAME = re.compile(r"[\w\-.]+\.(?:docx|md|markdown|txt|csv|tsv|zip|pdf|json)\b", re.I)
ALLOWED = [
    re.compile(r"[A-Z]{2,}[A-Z0-9]*(?:-[A-Z0-9]+)+"),      # rule ids: LIC-DISGUISED, PROC-LEGALITY-FIRST
    re.compile(r"(?:docx|md|markdown|txt|csv|zip|pdf|json)", re.I),   # file extensions (.docx, DOCX)
    re.compile(r"v\d+"),                                    # version numbers: v2 送审稿
    re.compile(r"[0-9a-f]*[a-f][0-9a-f]*"),                  # hash prefixes: 7427fe60
    re.compile(r"(?:SHA-256|sha256|MB|KB|Word|WPS)"),      # the hash's name, units, the word processor
]

VISIBLE_TEXT = """() => {
  const srOnly = (el) => {           // clipped away for screen readers only ("4 options available.")
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath.startsWith('inset(50%')) return true;
      const b = e.getBoundingClientRect();
      if (b.width <= 1 && b.height <= 1 && s.overflow === 'hidden') return true;
    }
    return false;
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, noscript, [aria-hidden="true"]')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none' || cs.opacity === '0') continue;
    if (cs.color === 'rgba(0, 0, 0, 0)' || parseFloat(cs.fontSize) < 1) continue;   // transparent, or relabelled
    if (srOnly(el)) continue;
    if (cs.fontFamily.includes('Material')) continue;         // icon ligatures (arrow_upward …)
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || box.right < 0 || box.bottom < 0) continue;   // off-screen skip links
    out.push(text);
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    const box = el.getBoundingClientRect();
    const shown = getComputedStyle(el, '::placeholder').color !== 'rgba(0, 0, 0, 0)';
    if (box.width > 2 && !el.value && shown && getComputedStyle(el).visibility !== 'hidden') out.push(el.placeholder);
  }
  return out;
}"""


def user_written_words(db_path: str) -> set[str]:
    """Latin words in what users wrote (comment texts, disposition reasons): theirs, not the app's."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as con:
        texts = [r[0] or "" for r in con.execute("SELECT text FROM comments UNION ALL "
                                                 "SELECT reason FROM comment_dispositions")]
    return {w for t in texts for w in WORD.findall(t)}


def english_words(page, login_name: str = "", user_words: frozenset[str] = frozenset()) -> set[str]:
    words = set()
    for text in page.evaluate(VISIBLE_TEXT):
        for w in WORD.findall(FILE_NAME.sub(" ", text)):
            if w != login_name and w not in user_words and not any(p.fullmatch(w) for p in ALLOWED):
                words.add(w)
    return words


def _nav_titles(page) -> list[str]:
    """The page titles of the sidebar navigation (the last line of each link: the icon comes first)."""
    return [t.strip().splitlines()[-1].strip() for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def _visit_tabs(page, where: str, found: dict, login_name: str, user_words: frozenset[str]) -> None:
    tabs = page.get_by_role("tab")
    for k in range(tabs.count()):
        tab = tabs.nth(k)
        if not tab.is_visible():
            continue
        tab.click()
        wait_idle(page)
        for w in english_words(page, login_name, user_words):
            found.setdefault(w, set()).add(f"{where} › {tab.inner_text().strip()}")


@pytest.mark.browser
@pytest.mark.parametrize("role", ROLES)
def test_no_english_on_any_page(page, app_server, role):
    login(page, app_server.url, role)
    found: dict[str, set[str]] = {}
    for title in _nav_titles(page):
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
        wait_idle(page)
        user_words = frozenset(user_written_words(app_server.db_path))
        for w in english_words(page, role, user_words):
            found.setdefault(w, set()).add(title)
        _visit_tabs(page, title, found, role, user_words)
    assert not found, "\n".join(f"{w}: {'、'.join(sorted(where))}" for w, where in sorted(found.items()))


@pytest.mark.browser
def test_typing_into_a_field_shows_no_english_instructions(page, app_server):
    login(page, app_server.url, "drafter")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="我的账户", exact=True).click()
    wait_idle(page)
    page.get_by_label("原密码").fill("drafter")    # typed into a form field, Enter not pressed
    page.wait_for_timeout(500)
    assert not english_words(page, "drafter")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="起草", exact=True).click()
    wait_idle(page)
    choose(page, "文档", re.compile("^示例市养犬管理办法"))
    page.get_by_role("tab", name="章节").click()
    wait_idle(page)
    page.get_by_label("标题", exact=True).fill("监督")     # a field outside a form
    page.wait_for_timeout(500)
    assert not english_words(page, "drafter")
