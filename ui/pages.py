"""The page table: (section, script, title, icon, roles). ``roles=None`` means every logged-in user.

app.py builds ``st.navigation`` from it, filtered by the user's role; pages also check
permissions in the core, so hiding a page is convenience, not security.
"""
from __future__ import annotations

PAGES: list[tuple[str, str, str, str, set[str] | None]] = [
    # first for contact points, so it is their landing page (st.navigation opens the first page)
    ("征求意见", "app_pages/comment_submit.py", "提交意见", ":material/rate_review:", {"contact"}),
    ("文档", "app_pages/library.py", "文档库", ":material/folder_open:", None),
    ("文档", "app_pages/document.py", "文档", ":material/description:", None),
    ("文档", "app_pages/import_page.py", "导入", ":material/upload_file:", {"admin", "drafter"}),
    ("文档", "app_pages/editor.py", "起草", ":material/edit_document:", {"admin", "drafter"}),
    ("征求意见", "app_pages/consultation_admin.py", "征求意见管理", ":material/campaign:",
     {"admin", "drafter", "reviewer"}),
    ("征求意见", "app_pages/comment_feedback.py", "意见反馈", ":material/forum:", None),
]


def pages_for(role: str) -> list[tuple[str, str, str, str]]:
    return [(s, p, t, i) for s, p, t, i, roles in PAGES if roles is None or role in roles]
