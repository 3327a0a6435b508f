"""The page table: (section, script, title, icon, roles). ``roles=None`` means every logged-in user.

app.py builds ``st.navigation`` from it, filtered by the user's role; pages also check
permissions in the core, so hiding a page is convenience, not security.
"""
from __future__ import annotations

STAFF = {"admin", "drafter", "advisor", "reviewer"}

FILING_STAFF = {"admin", "filing_reviewer"}

PAGES: list[tuple[str, str, str, str, set[str] | None]] = [
    # first for 备案审查人员 and 报备单位 accounts: their landing pages
    ("备案审查", "app_pages/filing_queue.py", "备案审查", ":material/inbox:", {"filing_reviewer"}),
    ("备案审查", "app_pages/filing_mine.py", "我的报备", ":material/outbox:", {"filer"}),
    # first for staff, so the dashboard is their landing page (st.navigation opens the first page)
    ("工作台", "app_pages/dashboard.py", "工作台", ":material/dashboard:", STAFF),
    # first for contact points, so it is their landing page (st.navigation opens the first page)
    ("征求意见", "app_pages/comment_submit.py", "提交意见", ":material/rate_review:", {"contact"}),
    ("文档", "app_pages/library.py", "文档库", ":material/folder_open:", STAFF),
    ("文档", "app_pages/document.py", "文档", ":material/description:", STAFF),
    ("文档", "app_pages/import_page.py", "导入", ":material/upload_file:", {"admin", "drafter"}),
    ("文档", "app_pages/editor.py", "起草", ":material/edit_document:", {"admin", "drafter"}),
    ("文档", "app_pages/compare.py", "对照", ":material/compare:", {"admin", "drafter", "advisor", "reviewer"}),
    ("征求意见", "app_pages/consultation_admin.py", "征求意见管理", ":material/campaign:",
     {"admin", "drafter", "reviewer"}),
    ("征求意见", "app_pages/comment_feedback.py", "意见反馈", ":material/forum:", None),
    ("流程", "app_pages/lifecycle_page.py", "流程", ":material/account_tree:", STAFF),
    ("流程", "app_pages/plan.py", "立法计划", ":material/event_note:", STAFF),
    ("法规库", "app_pages/corpus_library.py", "法规库", ":material/local_library:", STAFF),
    ("审查", "app_pages/legality.py", "合法性审核", ":material/gavel:", STAFF),
    ("法规库", "app_pages/conflicts.py", "冲突检索", ":material/manage_search:", STAFF),
    ("法规库", "app_pages/cleanup.py", "清理", ":material/cleaning_services:", STAFF),
    ("备案审查", "app_pages/filing_queue.py", "备案审查", ":material/inbox:", {"admin"}),
    ("备案审查", "app_pages/filing_case.py", "审查案件", ":material/assignment:", FILING_STAFF),
    ("备案审查", "app_pages/filing_intake.py", "备案登记", ":material/how_to_reg:", FILING_STAFF),
    ("备案审查", "app_pages/filing_requests.py", "审查建议", ":material/feedback:", FILING_STAFF),
    ("备案审查", "app_pages/filing_campaigns.py", "专项审查", ":material/fact_check:", FILING_STAFF),
    ("备案审查", "app_pages/filing_stats.py", "备案统计", ":material/bar_chart:", FILING_STAFF),
    ("备案审查", "app_pages/filing_organs.py", "报备单位", ":material/corporate_fare:", FILING_STAFF),
    ("管理", "app_pages/users_admin.py", "用户管理", ":material/manage_accounts:", {"admin"}),
    ("管理", "app_pages/audit_log.py", "审计日志", ":material/history:", STAFF | {"filing_reviewer"}),
    ("管理", "app_pages/account.py", "我的账户", ":material/person:", None),
]


def pages_for(role: str) -> list[tuple[str, str, str, str]]:
    return [(s, p, t, i) for s, p, t, i, roles in PAGES if roles is None or role in roles]
