"""年度立法计划: the legislative plan's projects and the annual goal.

A project has a year, a kind (制定 / 修改 / 废止 / 解释), a title, the level, the responsible unit,
target dates (送审 and 公布) and, once drafting starts, the linked document. 修改 and 废止 are new
projects that point at the document in force they change (``source_document_id``).

Whether a project is complete is derived, never typed in: its linked document has been published
(公布 or later), or — for 废止 — the repealed document has reached 已废止. Only an admin manages the
plan (``plan.manage``); staff read it (``plan.view``). Every change is audited in its transaction.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Migrations

from base import audit
from base.dates import parse_date
from base.db import transaction
from workbench.documents.store import Document, get_document, create_document, current_version
from base.errors import InputError, NotFound, StaleWrite
from workbench.procedure.stages import REPEALED, REVIEW_STAGE, is_published, stage_index, may_start_revision
from lawtext.model import LEVELS, checked_level_code
from lawtext.normalize import clean_field, clean_multiline
from workbench.access.permissions import require
from workbench.access.users import User
from base.clock import today as beijing_today

MIGRATIONS = Migrations("workbench.plan")  # stored name: never rename

KINDS = ("制定", "修改", "废止", "解释")
DEFAULT_ANNUAL_GOAL = 4
ST_DONE, ST_RUNNING, ST_WAITING, ST_CANCELLED = "已完成", "进行中", "未启动", "已撤销"


@MIGRATIONS()
def m001_plan(db):
    db["plan_projects"].create({
        "id": int, "year": int, "kind": str, "title": str, "level": str, "responsible_unit": str,
        "target_submit_on": str, "target_publish_on": str, "document_id": int, "source_document_id": int,
        "cancelled": int, "cancel_reason": str, "note": str, "created_at": str, "created_by": str,
        "updated_at": str, "row_version": int,
    }, pk="id", not_null={"year", "kind", "title", "level"}, defaults={"cancelled": 0, "row_version": 1},
        foreign_keys=[("document_id", "documents", "id"), ("source_document_id", "documents", "id")])
    db["plan_projects"].create_index(["year"])
    db["plan_goals"].create({"year": int, "goal": int, "updated_at": str, "updated_by": str}, pk="year")


def default_goal() -> int:
    v = os.environ.get("WORKBENCH_ANNUAL_GOAL", "").strip()
    return int(v) if v.isdigit() and int(v) > 0 else DEFAULT_ANNUAL_GOAL


@dataclass
class Project:
    id: int
    year: int
    kind: str
    title: str
    level: str
    responsible_unit: str
    target_submit_on: date | None
    target_publish_on: date | None
    document_id: int | None
    source_document_id: int | None
    cancelled: bool
    cancel_reason: str
    note: str
    created_by: str
    row_version: int
    document_stage: str | None = None
    source_stage: str | None = None

    @property
    def level_name(self) -> str:
        return LEVELS.get(self.level, self.level)

    @property
    def completed(self) -> bool:
        if self.cancelled:
            return False
        if self.kind == "废止":
            return self.source_stage == REPEALED
        return bool(self.document_stage and is_published(self.level, self.document_stage))

    @property
    def status(self) -> str:
        if self.cancelled:
            return ST_CANCELLED
        if self.completed:
            return ST_DONE
        if self.document_id or (self.kind == "废止" and self.source_document_id):
            return ST_RUNNING
        return ST_WAITING

    def overdue(self, today: date | None = None) -> list[str]:
        """Missed targets, as Chinese sentences (empty: on schedule)."""
        return [message for message, _ in self.missed_targets(today)]

    def missed_targets(self, today: date | None = None) -> list[tuple[str, date]]:
        """Missed targets: (Chinese sentence, the date that was missed), most urgent first."""
        today = today or beijing_today()
        if self.cancelled or self.completed:
            return []
        out = []
        if self.target_publish_on and today > self.target_publish_on:
            out.append((f"目标公布日期 {self.target_publish_on:%Y-%m-%d} 已过，尚未完成（逾期 "
                        f"{(today - self.target_publish_on).days} 日）", self.target_publish_on))
        if self.target_submit_on and today > self.target_submit_on and self.kind != "废止":
            review = REVIEW_STAGE[self.level]
            if not self.document_stage or stage_index(self.level, self.document_stage) < stage_index(self.level, review):
                out.append((f"目标送审日期 {self.target_submit_on:%Y-%m-%d} 已过，尚未进入{review}",
                            self.target_submit_on))
        return out


def _d(v) -> date | None:
    return date.fromisoformat(v) if v else None


def _project(db, row: dict) -> Project:
    def stage(doc_id):
        if not doc_id:
            return None
        r = db.execute("select stage from documents where id = ?", [doc_id]).fetchone()
        return r[0] if r else None
    return Project(
        id=row["id"], year=row["year"], kind=row["kind"], title=row["title"], level=row["level"],
        responsible_unit=row["responsible_unit"] or "", target_submit_on=_d(row["target_submit_on"]),
        target_publish_on=_d(row["target_publish_on"]), document_id=row["document_id"],
        source_document_id=row["source_document_id"], cancelled=bool(row["cancelled"]),
        cancel_reason=row["cancel_reason"] or "", note=row["note"] or "", created_by=row["created_by"] or "",
        row_version=row["row_version"], document_stage=stage(row["document_id"]),
        source_stage=stage(row["source_document_id"]))


def get_project(db, project_id: int) -> Project:
    row = next(db.query("select * from plan_projects where id = ?", [project_id]), None)
    if not row:
        raise NotFound(code="plan.get_project", project_id=project_id)
    return _project(db, row)


def list_projects(db, user: User | None, *, year: int | None = None) -> list[Project]:
    require(user, "plan.view")
    return all_projects(db, year=year)


def all_projects(db, *, year: int | None = None) -> list[Project]:
    """Unchecked listing for core computations (dashboard, gates)."""
    if year is None:
        rows = db.query("select * from plan_projects order by year desc, id")
    else:
        rows = db.query("select * from plan_projects where year = ? order by id", [year])
    return [_project(db, r) for r in rows]


def projects_for_document(db, document_id: int) -> list[Project]:
    """Projects whose text is this document."""
    return [_project(db, r) for r in db.query("select * from plan_projects where document_id = ? and cancelled = 0",
                                              [document_id])]


def revision_projects(db, document_id: int) -> list[Project]:
    """修改 / 废止 projects that target this document."""
    return [_project(db, r) for r in db.query(
        "select * from plan_projects where source_document_id = ? and cancelled = 0", [document_id])]


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InputError(code="plan.year", value=value) from None
    if not 1990 <= year <= 2100:
        raise InputError(code="plan.year", value=value)
    return year


def _validate(year, kind: str, title: str, level: str) -> tuple[int, str, str, str]:
    year = _year(year)
    if kind not in KINDS:
        raise InputError(code="plan.validate", kind=kind, kinds='/'.join(KINDS))
    title = clean_field(title)
    if not title:
        raise InputError(code="plan.name_required")
    return year, kind, title, checked_level_code(level)


def add_project(db, user: User | None, *, year, kind: str, title: str, level: str, responsible_unit: str = "",
                target_submit_on=None, target_publish_on=None, document_id: int | None = None,
                source_document_id: int | None = None, note: str = "") -> Project:
    require(user, "plan.manage")
    year, kind, title, level = _validate(year, kind, title, level)
    submit, publish = parse_date(target_submit_on, "目标送审日期"), parse_date(target_publish_on, "目标公布日期")
    if submit and publish and publish < submit:
        raise InputError(code="plan.add_project")
    if kind in ("修改", "废止", "解释") and not source_document_id:
        raise InputError(code="plan.target_required", kind=kind)
    for did in (document_id, source_document_id):
        if did:
            get_document(db, did)
    ts = audit.now_iso()
    with transaction(db):
        pid = db["plan_projects"].insert({
            "year": year, "kind": kind, "title": title, "level": level,
            "responsible_unit": clean_field(responsible_unit),
            "target_submit_on": submit.isoformat() if submit else None,
            "target_publish_on": publish.isoformat() if publish else None,
            "document_id": document_id, "source_document_id": source_document_id, "cancelled": 0,
            "cancel_reason": "", "note": clean_multiline(note), "created_at": ts, "created_by": user.username,
            "updated_at": ts, "row_version": 1,
        }).last_pk
        audit.append(db, actor=user.username, action="plan.add", document_id=document_id or source_document_id,
                     detail={"project_id": pid, "year": year, "kind": kind, "title": title, "level": level})
    return get_project(db, pid)


EDITABLE = {"title", "responsible_unit", "target_submit_on", "target_publish_on", "note", "year"}


def update_project(db, user: User | None, project_id: int, *, expected_row_version: int | None = None,
                   **fields) -> Project:
    """Change editable fields (title, responsible unit, target dates, note, year)."""
    require(user, "plan.manage")
    unknown = set(fields) - EDITABLE
    if unknown:
        raise InputError(code="organs.update_organ", unknown='、'.join(sorted(unknown)))
    values = {}
    for k, v in fields.items():
        if k.startswith("target_"):
            d = parse_date(v, "目标日期")
            values[k] = d.isoformat() if d else None
        elif k == "year":
            values[k] = _year(v)
        else:
            values[k] = clean_field(v)
    if "title" in values and not values["title"]:
        raise InputError(code="plan.name_required")
    return _update(db, user, project_id, values, "plan.update", expected_row_version)


def _update(db, user: User, project_id: int, values: dict, action: str, expected: int | None,
            extra: dict | None = None) -> Project:
    with transaction(db):
        p = get_project(db, project_id)
        if expected is not None and p.row_version != expected:
            raise StaleWrite(code="plan.update", kept=values, current=p.row_version)
        sets = ", ".join(f"{k} = ?" for k in values)
        db.execute(f"update plan_projects set {sets}, updated_at = ?, row_version = row_version + 1 where id = ?",
                   [*values.values(), audit.now_iso(), project_id])
        audit.append(db, actor=user.username, action=action, document_id=p.document_id or p.source_document_id,
                     detail={"project_id": project_id, **{k: v for k, v in values.items()}, **(extra or {})})
    return get_project(db, project_id)


def link_document(db, user: User | None, project_id: int, document_id: int | None, *,
                  expected_row_version: int | None = None) -> Project:
    require(user, "plan.manage")
    p = get_project(db, project_id)
    if document_id:
        doc = get_document(db, document_id)
        if doc.level != p.level:
            raise InputError(code="plan.level_mismatch", document_level=doc.level_name, project_level=p.level_name)
        if doc.id == p.source_document_id:
            raise InputError(code="plan.text_is_target")
    return _update(db, user, project_id, {"document_id": document_id}, "plan.link", expected_row_version)


def cancel_project(db, user: User | None, project_id: int, reason: str, *,
                   expected_row_version: int | None = None) -> Project:
    require(user, "plan.manage")
    reason = clean_multiline(reason)
    if not reason:
        raise InputError(code="plan.cancel_project")
    return _update(db, user, project_id, {"cancelled": 1, "cancel_reason": reason}, "plan.cancel",
                   expected_row_version)


def start_revision(db, user: User | None, document_id: int, kind: str, *, year: int | None = None,
                   title: str = "", responsible_unit: str = "", target_publish_on=None,
                   note: str = "") -> tuple[Project, Document | None]:
    """修改 or 废止 of a document in force, as a new plan project linked to it.

    修改 also creates the new draft (a new document whose first version is the text in force),
    so the amendment runs the whole procedure again; when it is published the old document
    becomes 已被修改. 废止 records the project; the document may then move to 已废止.
    """
    require(user, "plan.manage")
    if kind not in ("修改", "废止"):
        raise InputError(code="plan.start_revision")
    src = get_document(db, document_id)
    if not may_start_revision(user, src):
        raise InputError(code="plan.not_in_force", title=src.title, stage=src.stage)
    open_same = [p for p in revision_projects(db, src.id) if not p.completed and p.kind == kind]
    if open_same:
        raise InputError(code="plan.project_exists", kind=kind, id=open_same[0].id)
    year = year or beijing_today().year
    title = clean_field(title) or f"{kind}《{src.title}》"
    with transaction(db):
        new_doc = None
        if kind == "修改":
            base = current_version(db, src.id)
            new_doc, _ = create_document(db, title=src.title, level=src.level, tree=base.tree, actor=user.username,
                                         issuing_body=src.issuing_body, label="草案",
                                         note=f"修改底稿：文档 {src.id} {base.display}")
        p = add_project(db, user, year=year, kind=kind, title=title, level=src.level,
                        responsible_unit=responsible_unit, target_publish_on=target_publish_on,
                        document_id=new_doc.id if new_doc else None, source_document_id=src.id, note=note)
    return p, new_doc


# --- the annual goal ------------------------------------------------------------------------------

def get_goal(db, year: int) -> int:
    row = db.execute("select goal from plan_goals where year = ?", [year]).fetchone()
    return row[0] if row else default_goal()


def set_goal(db, user: User | None, year: int, goal: int) -> int:
    require(user, "plan.manage")
    try:
        goal = int(goal)
    except (TypeError, ValueError):
        raise InputError(code="plan.set_goal", goal=goal) from None
    if goal < 1:
        raise InputError(code="plan.goal_too_small")
    with transaction(db):
        before = get_goal(db, year)
        db["plan_goals"].upsert({"year": int(year), "goal": goal, "updated_at": audit.now_iso(),
                                 "updated_by": user.username}, pk="year")
        audit.append(db, actor=user.username, action="plan.goal", detail={"year": year, "from": before, "to": goal})
    return goal


def year_summary(db, year: int, *, today: date | None = None) -> dict:
    projects = [p for p in all_projects(db, year=year)]
    active = [p for p in projects if not p.cancelled]
    by_status: dict[str, int] = {}
    for p in projects:
        by_status[p.status] = by_status.get(p.status, 0) + 1
    by_kind: dict[str, int] = {}
    for p in active:
        by_kind[p.kind] = by_kind.get(p.kind, 0) + 1
    return {
        "year": year, "goal": get_goal(db, year), "projects": len(active),
        "completed": sum(p.completed for p in active), "by_status": by_status, "by_kind": by_kind,
        "overdue": [{"project_id": p.id, "title": p.title, "problems": p.overdue(today)}
                    for p in active if p.overdue(today)],
    }
