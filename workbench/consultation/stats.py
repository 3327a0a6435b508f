"""参与人次 / 意见条数 / 采纳数 / 采纳率, per contact point and per consultation.

Definitions (as 虹桥 reports its work: 参与人次 / 上报条数 / 采纳条数):
- 意见条数: stored comment items (a minutes line about two articles is two items).
- 采纳数: items disposed 采纳 or 部分采纳; 采纳率 = 采纳数 / 意见条数 (pending items count in
  the denominator, so the rate only rises as the drafting side answers).
- 参与人次: people behind the comments, each counted once: an imported batch that records the
  meeting's attendance counts that number once; the items of one split line count once;
  every other comment counts its own ``participants``.
"""
from __future__ import annotations

from workbench.consultation.comments import ADOPTED, Comment, _SELECT, _comment
from workbench.consultation.consultations import get_consultation, list_consultations, list_contact_points


def _batch_participants(db, batch_ids: set[int]) -> dict[int, int]:
    if not batch_ids:
        return {}
    marks = ",".join("?" * len(batch_ids))
    return {r["id"]: r["participants"] for r in db.query(
        f"select id, participants from comment_batches where id in ({marks})", list(batch_ids))
        if r["participants"]}


def participants(comments: list[Comment], batch_people: dict[int, int]) -> int:
    units: dict[tuple, int] = {}
    for c in comments:
        if c.batch_id in batch_people:
            units[("batch", c.batch_id)] = batch_people[c.batch_id]
        elif c.split_key:
            units[("split", c.split_key)] = c.participants or 0
        else:
            units[("comment", c.id)] = c.participants or 0
    return sum(units.values())


def summarise(comments: list[Comment], batch_people: dict[int, int]) -> dict:
    n = len(comments)
    adopted = sum(1 for c in comments if c.decision in ADOPTED)
    return {
        "participants": participants(comments, batch_people),
        "comments": n,
        "adopted": adopted,
        "fully_adopted": sum(1 for c in comments if c.decision == "采纳"),
        "partially_adopted": sum(1 for c in comments if c.decision == "部分采纳"),
        "not_adopted": sum(1 for c in comments if c.decision == "未采纳"),
        "pending": sum(1 for c in comments if not c.decision),
        "adoption_rate": round(adopted / n, 4) if n else 0.0,
    }


def breakdown(db, comments: list[Comment]) -> dict:
    """Totals plus per-contact-point and per-consultation rows for the given comments."""
    people = _batch_participants(db, {c.batch_id for c in comments if c.batch_id})
    by_point: dict[int, list[Comment]] = {}
    by_cons: dict[int, list[Comment]] = {}
    names: dict[int, str] = {}
    for c in comments:
        by_point.setdefault(c.contact_point_id, []).append(c)
        by_cons.setdefault(c.consultation_id, []).append(c)
        names[c.contact_point_id] = c.contact_point_name
    return {
        **summarise(comments, people),
        "by_contact_point": [{"contact_point_id": k, "name": names[k], **summarise(v, people)}
                             for k, v in sorted(by_point.items())],
        "by_consultation": [{"consultation_id": k, "title": get_consultation(db, k).title, **summarise(v, people)}
                            for k, v in sorted(by_cons.items())],
    }


def _all_comments(db, document_id: int | None) -> list[Comment]:
    sql, params = _SELECT, []
    if document_id is not None:
        sql += " where c.document_id = ?"
        params.append(document_id)
    return [_comment(r) for r in db.query(sql + " order by c.id", params)]


def adoption_stats(db, document_id: int | None = None) -> dict:
    """Headline figures for dashboards (staff-only pages call this; no user filter)."""
    cons = list_consultations(db, document_id)
    out = breakdown(db, _all_comments(db, document_id))
    out["consultations"] = len(cons)
    out["open_consultations"] = sum(1 for c in cons if c.is_open())
    out["contact_points"] = len(list_contact_points(db))
    return out


def comment_counts(db) -> dict[int, int]:
    """consultation id → number of comments received."""
    return dict(db.execute("select consultation_id, count(*) from comments group by consultation_id").fetchall())
