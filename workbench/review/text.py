"""A review as users read it outside the page: JSON for the CLI and exports, plain text for the CLI."""
from __future__ import annotations

import json

from base.errors import NotFound
from checks.finding import SEVERITY_NAMES
from lawtext.model import LEVELS
from workbench.documents.store import get_document, get_version
from workbench.review.schemas import ReviewSummary
from workbench.review.store import Review


def review_summary(review: Review) -> dict:
    """JSON-friendly form (CLI --json, exports): :class:`workbench.review.schemas.ReviewSummary`."""
    return ReviewSummary.of(review).model_dump()


# --- text for the CLI (and anything else that prints a review) --------------------------------

def rule_reference(rules) -> str:
    """「（规则 LIC-NORMDOC、LIC-DISGUISED）」: the one place a rule id appears in text for users."""
    rules = [r for r in rules if r]
    return f"（规则 {'、'.join(rules)}）" if rules else ""


def review_heading(db, review: Review) -> str:
    """「审核 3：《示例市养犬管理办法》v2 送审稿（政府规章）」 — the document by title and the version as
    users know it, not by internal ids."""
    try:
        doc, ver = get_document(db, review.document_id), get_version(db, review.version_id)
        what = f"《{doc.title}》{ver.display}"
    except NotFound:
        what = "（文档已不存在）"
    return f"审核 {review.id}：{what}（{LEVELS.get(review.level, review.level)}）"


def review_text(db, review: Review) -> str:
    """The review as plain text (``review show``/``create``): heading, state, items, sign-off, all
    times in 北京时间 and people by display name."""
    lines = [f"{review_heading(db, review)}　状态：{review.state_label}　总体意见：{review.opinion or '未填写'}",
             f"  新建：{review.created_by_name or review.created_by} {review.created_at_display}"]
    for i in review.items:
        disp = i.disposition or "未处理"
        lines.append(f"  {i.seq:3d}. [{SEVERITY_NAMES.get(i.severity, i.severity)}] {i.article_label or '全文'}："
                     f"{i.message}{rule_reference(i.rules)}　—— {disp}{('：' + i.reason) if i.reason else ''}")
    if review.signed:
        lines.append(f"  {review.signoff_text}；版本哈希 {review.signed_sha256}")
    return "\n".join(lines)


def review_list_text(db, reviews: list[Review]) -> str:
    """One line per review (``review list``)."""
    if not reviews:
        return "没有审核记录"
    rows = []
    for r in reviews:
        when = r.signed_at_display if r.signed else r.created_at_display
        rows.append(f"{review_heading(db, r)}\t{r.state_label}\t{r.opinion or '—'}\t{len(r.items)} 项\t{when}")
    return "\n".join(rows)


def dumps(review: Review) -> str:
    return json.dumps(review_summary(review), ensure_ascii=False, indent=2)
