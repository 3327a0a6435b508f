"""工作台 figures: the annual plan against its goal, the stage funnel, overdue items and the two
participation rates the seed's targets name (法律顾问参与率, 意见采纳率).

Everything is computed from the tables of the modules that own the data: plan (projects),
lifecycle (stages, dates, reminders), review (``review_stats``) and comments
(``adoption_stats``). A rate is ``None`` when there is nothing to count yet ("暂无数据").
"""
from __future__ import annotations

from datetime import date

from workbench.documents.store import list_documents
from workbench.procedure.stages import STAGES, stage_index
from workbench.procedure.lifecycle import all_reminders
from lawtext.model import LEVELS
from workbench.access.permissions import require
from workbench.procedure.plan import all_projects, year_summary
from workbench.access.users import User
from base.clock import today as beijing_today
from workbench.review.store import review_stats
from workbench.consultation.stats import adoption_stats


def funnel(db) -> list[dict]:
    """Per level and stage: documents currently there, and documents that have reached it
    (current stage at or past it; ended documents count as having passed every stage)."""
    docs = [d for d in list_documents(db) if d.level in STAGES]
    out = []
    for level, seq in STAGES.items():
        idx = [stage_index(level, d.stage) for d in docs if d.level == level]
        for i, stage in enumerate(seq):
            out.append({"level": level, "level_name": LEVELS[level], "stage": stage, "order": i,
                        "current": sum(1 for x in idx if x == i), "reached": sum(1 for x in idx if x >= i)})
    return out


def advisor_participation(db) -> dict:
    """法律顾问参与率 = reviews with an advisor's sign-off / reviews (review.review_stats)."""
    if "reviews" not in db.table_names():
        return {"rate": None, "reviews": 0, "signed": 0}
    s = review_stats(db)
    return {"rate": s.get("signoff_rate"), "reviews": s.get("reviews_total", 0), "signed": s.get("reviews_signed", 0),
            "documents_reviewed": s.get("documents_reviewed", 0), "documents_signed": s.get("documents_signed", 0)}


def comment_adoption(db) -> dict:
    """意见采纳率 over all comments (consultation.stats.adoption_stats); rate None without comments."""
    if "comments" not in db.table_names():
        return {"rate": None, "comments": 0, "adopted": 0}
    s = adoption_stats(db)
    n = s.get("comments", 0)
    return {"rate": s.get("adoption_rate") if n else None, "comments": n, "adopted": s.get("adopted", 0),
            "pending": s.get("pending", 0), "participants": s.get("participants", 0),
            "by_contact_point": s.get("by_contact_point", [])}


def overdue_items(db, *, year: int, today: date) -> list[dict]:
    """Filing overdue, ND validity / cleanup overdue, and plan targets missed, most urgent first."""
    items = [{"kind": r.kind, "severity": r.severity, "document_id": r.document_id, "title": r.title,
              "message": r.message, "due_on": r.due_on.isoformat() if r.due_on else None}
             for r in all_reminders(db, today=today) if r.severity in ("overdue", "due")]
    for p in all_projects(db, year=year):
        for problem, missed in p.missed_targets(today):   # 期限 = the date this problem is about
            items.append({"kind": "计划", "severity": "overdue", "document_id": p.document_id,
                          "title": p.title, "message": problem, "project_id": p.id,
                          "due_on": missed.isoformat()})
    order = {"overdue": 0, "due": 1}
    return sorted(items, key=lambda x: (order[x["severity"]], x["due_on"] or "9999"))


def dashboard_data(db, user: User | None, *, year: int | None = None, today: date | None = None) -> dict:
    """Everything the 工作台 page and ``python -m workbench dashboard --json`` show."""
    require(user, "dashboard.view")
    today = today or beijing_today()
    year = year or today.year
    plan = year_summary(db, year, today=today)
    return {
        "year": year,
        "today": today.isoformat(),
        "plan": plan,
        "goal_met": plan["completed"] >= plan["goal"],
        "funnel": funnel(db),
        "overdue": overdue_items(db, year=year, today=today),
        "advisor_participation": advisor_participation(db),
        "comment_adoption": comment_adoption(db),
        "documents": len(list_documents(db)),
    }
