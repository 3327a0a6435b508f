"""The procedure per level (legality-rules.md part C): stages, the transition table, gates.

``STAGES`` lists the stages of each level in order; ``transitions(level)`` is the table of allowed
moves, each with the roles that may make it. Beside the table, ``may_<verb>(user, doc)``
predicates answer "may this user press this button" (pages reuse them); :func:`blockers` answers
"what stops this move now" with one Chinese reason per gate. :func:`advance` checks both inside
one write transaction, changes the stage, records the dates (公布, 备案, 有效期, 清理) and appends
the audit event, and returns a :class:`LifecycleEvent`.

Gates (each names the catalogue rule it enforces):

* ``LC-SIGNOFF`` (PROC-LEGALITY-FIRST): every forward move out of the legality-review stage
  (LR 统一审议, GR 合法性审查, ND 合法性审核) and every later move up to 公布 needs a CURRENT
  sign-off: the latest sign-off (``workbench.review.store.latest_signoff``, opinion 合法/修改后合法) must be
  of the current version itself (its id and sha256 — a text restored from an earlier signed version
  is a new, unreviewed version), the current text must still match its sha256, and the signer must
  not have authored any version of the document (four eyes, whatever role the signer holds now).
  A text revised after the review (e.g. after 集体审议) must be reviewed again before it is published.
* ``LC-COMMENT`` (PROC-COMMENT-GR): 公布 needs a completed public consultation of at least
  ``consultations.minimum_days(level)`` days. The ONE source of truth for comment periods is the
  ``consultations`` table of :mod:`workbench.consultation.consultations`; levels gated: $WORKBENCH_COMMENT_GATE_LEVELS
  (default LR,GR; an ND gets a reminder instead, since only some ND must be consulted).
* ``LC-CONSULT-OPEN``: no leaving 征求意见 forward before a consultation on the document has been
  started, nor while one is still open.
* ``LC-PUBLISHED``: 备案 needs a recorded publication date.
* ``LC-REPEAL``: 已废止 needs a 废止 project in the legislative plan linked to the document.
* ``LC-EXPIRY``: an ND becomes 已失效 only after its 有效期.

Deadlines and reminders (not gates): 备案 within ``filing_days`` of 公布 (PROC-FILING), ND 有效期
(PROC-VALIDITY-ND) and periodic 清理 (PROC-EVAL-CLEANUP): :func:`reminders`.

Why one module of ~420 lines: the gates and ``advance`` must read the same dates and write in one transaction; the stage table and parameters are already apart (stages.py, config.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Migrations

from base import audit
from base.dates import parse_date
from base.db import transaction
from workbench.documents.store import Document, document_authors, get_document, get_version, list_documents, set_stage
from base.errors import GateBlocked, InputError, PermissionDenied, StaleWrite, render
from workbench.access.permissions import require
from workbench.access.users import User
from base.clock import today as beijing_today
from lawtext.normalize import clean_multiline
from workbench.review.store import PASSING_OPINIONS, latest_signoff
from workbench.procedure.config import LifecycleConfig, add_years, comment_min_days, config, default_valid_until, filing_due
from workbench.procedure.stages import (CONSULT, ENDED, EXPIRED, FILE, PUBLISH, REPEALED, REVIEW_STAGE, STAGES, SUPERSEDED,
                                        VERBS, Transition, find_transition, in_force, may_record_cleanup, may_transition,
                                        transitions)
from workbench.consultation.consultations import consultation_period_days, list_consultations
from workbench.procedure.plan import revision_projects, projects_for_document

MIGRATIONS = Migrations("workbench.lifecycle")  # stored name: never rename

@MIGRATIONS()
def m001_lifecycle_dates(db):
    db["lifecycle_dates"].create({
        "document_id": int, "published_on": str, "filed_on": str, "valid_until": str,
        "last_cleanup_on": str, "ended_on": str, "ended_reason": str, "updated_at": str,
    }, pk="document_id", foreign_keys=[("document_id", "documents", "id")])


@dataclass
class LifecycleDates:
    document_id: int
    published_on: date | None = None
    filed_on: date | None = None
    valid_until: date | None = None
    last_cleanup_on: date | None = None
    ended_on: date | None = None
    ended_reason: str = ""


def _d(value) -> date | None:
    return date.fromisoformat(value) if value else None


def get_dates(db, document_id: int) -> LifecycleDates:
    row = next(db.query("select * from lifecycle_dates where document_id = ?", [document_id]), None)
    if not row:
        return LifecycleDates(document_id)
    return LifecycleDates(document_id, _d(row["published_on"]), _d(row["filed_on"]), _d(row["valid_until"]),
                          _d(row["last_cleanup_on"]), _d(row["ended_on"]), row["ended_reason"] or "")


def _save_dates(db, document_id: int, **values) -> None:
    row = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
    row.update(document_id=document_id, updated_at=audit.now_iso())
    db["lifecycle_dates"].upsert(row, pk="document_id")


@dataclass
class GateContext:
    db: object
    doc: Document
    transition: Transition
    on: date
    today: date
    cfg: LifecycleConfig


def _gate_signoff(ctx: GateContext) -> str | None:
    t, doc = ctx.transition, ctx.doc
    seq = STAGES[doc.level]
    if t.verb in ("return", "repeal", "expire"):
        return None
    if seq.index(t.source) < seq.index(REVIEW_STAGE[doc.level]) or seq.index(t.target) > seq.index(PUBLISH):
        return None
    if not doc.current_version_id:
        return "文档没有版本，无法确认合法性审核签署。"
    current = get_version(ctx.db, doc.current_version_id).verify()   # IntegrityError for a tampered text
    signed = latest_signoff(ctx.db, doc.id)
    # The gate is the legal advisor's signed 合法性审核意见 on the current text, whatever the stage
    # is called at this level (LR 统一审议, GR 合法性审查, ND 合法性审核).
    step = f"进入「{t.target}」" if t.target != PUBLISH else "公布"
    if signed is None or signed.opinion not in PASSING_OPINIONS:
        return (f"当前文本尚无法律顾问签署的合法性审核意见（或最近一次审核结论为不合法）：未经合法性审核或审核不合法的"
                f"草案，不得{step}。请在「合法性审核」页新建审核并由法律顾问签署。")
    if signed.version_id != current.id or signed.signed_sha256 != current.sha256:
        # bound to the version, not only to its text: a text restored from an earlier signed
        # version is a new version that nobody has reviewed (the page shows that sign-off 已过期)
        return (f"法律顾问签署的合法性审核意见针对的是此前的版本，不是当前的 {current.display}："
                f"当前文本未经审核，请对当前版本重新审核并签署后再{step}。")
    if signed.signed_by in document_authors(ctx.db, doc.id):
        return (f"合法性审核意见由参与起草本文件的人员签署（四眼原则）：请由未起草过本文件任何版本的法律顾问"
                f"重新审核并签署后再{step}。")
    return None


def _gate_comment(ctx: GateContext) -> str | None:
    doc = ctx.doc
    if ctx.transition.target != PUBLISH or doc.level not in ctx.cfg.comment_gate_levels:
        return None
    need = comment_min_days(doc.level)
    if "consultations" not in ctx.db.table_names():
        return f"没有征求意见记录：{doc.level_name}公布前须公开征求意见不少于 {need} 日。"
    got = consultation_period_days(ctx.db, doc.id, today=ctx.today)
    if got == 0:
        return f"没有已完成的征求意见记录：{doc.level_name}公布前须公开征求意见不少于 {need} 日。"
    if got < need:
        return f"征求意见期仅 {got} 日，少于{doc.level_name}要求的 {need} 日。"
    return None


def _gate_consult_open(ctx: GateContext) -> str | None:
    t = ctx.transition
    if t.source != CONSULT or t.verb == "return" or "consultations" not in ctx.db.table_names():
        return None
    started = [c for c in list_consultations(ctx.db, ctx.doc.id) if c.opens_on <= ctx.today]
    if not started:
        return "尚未发起征求意见：请先在「征求意见管理」中就对外版本发起征求意见，截止或关闭后方可进入下一阶段。"
    still = [c for c in started if c.is_open(ctx.today)]
    if still:
        c = still[0]
        return f"征求意见尚未截止（{c.display}），截止或关闭后方可进入下一阶段。"
    return None


def _gate_published(ctx: GateContext) -> str | None:
    if ctx.transition.target != FILE:
        return None
    d = get_dates(ctx.db, ctx.doc.id)
    if d.published_on is None:
        return "没有公布日期记录，无法备案：请先通过「公布」登记公布日期。"
    if ctx.on < d.published_on:
        return f"备案日期（{ctx.on:%Y-%m-%d}）不能早于公布日期（{d.published_on:%Y-%m-%d}）。"
    return None


def _gate_repeal(ctx: GateContext) -> str | None:
    if ctx.transition.target != REPEALED:
        return None
    if not [p for p in revision_projects(ctx.db, ctx.doc.id) if p.kind == "废止"]:
        return "废止须作为新项目列入立法计划：请先由管理员在「立法计划」中登记针对本文件的废止项目。"
    return None


def _gate_expiry(ctx: GateContext) -> str | None:
    if ctx.transition.target != EXPIRED:
        return None
    d = get_dates(ctx.db, ctx.doc.id)
    if d.valid_until is None:
        return "未记录有效期，不能宣布失效。"
    if ctx.on <= d.valid_until:
        return f"有效期至 {d.valid_until:%Y-%m-%d}，尚未届满，不能宣布失效。"
    return None


@dataclass(frozen=True)
class Gate:
    id: str
    name: str
    rule: str
    check: object


GATES: tuple[Gate, ...] = (
    Gate("LC-SIGNOFF", "合法性审核签署为当前版本", "PROC-LEGALITY-FIRST", _gate_signoff),
    Gate("LC-CONSULT-OPEN", "征求意见已截止", "PROC-COMMENT-GR", _gate_consult_open),
    Gate("LC-COMMENT", "征求意见期达到法定天数", "PROC-COMMENT-GR", _gate_comment),
    Gate("LC-PUBLISHED", "已登记公布日期", "PROC-FILING", _gate_published),
    Gate("LC-REPEAL", "废止已列入立法计划", "PROC-EVAL-CLEANUP", _gate_repeal),
    Gate("LC-EXPIRY", "有效期已届满", "PROC-VALIDITY-ND", _gate_expiry),
)


def blockers(db, doc: Document, target: str, *, on: date | None = None, today: date | None = None,
             cfg: LifecycleConfig | None = None) -> list[str]:
    """The Chinese reasons that stop ``doc`` moving to ``target`` now (empty: the gates pass)."""
    t = find_transition(doc.level, doc.stage, target)
    if t is None:
        nxt = "、".join(f"「{x.target}」" for x in transitions(doc.level, doc.stage)) or "无"
        return [f"流程不允许从「{doc.stage}」进入「{target}」（可进入：{nxt}）。"]
    today = today or beijing_today()
    ctx = GateContext(db, doc, t, on or today, today, cfg or config())
    return [r for g in GATES if (r := g.check(ctx))]


@dataclass
class Option:
    """One possible move for the 流程 page: may the user make it, and what blocks it."""
    transition: Transition
    permitted: bool
    reasons: list[str]

    @property
    def enabled(self) -> bool:
        return self.permitted and not self.reasons


def options(db, user: User | None, doc: Document, *, today: date | None = None) -> list[Option]:
    out = []
    for t in transitions(doc.level, doc.stage):
        permitted = may_transition(user, doc, t.target)
        reasons = [] if permitted else [_permission_reason(user, t)]
        reasons += blockers(db, doc, t.target, today=today)
        out.append(Option(t, permitted, reasons))
    return out


def _permission_params(user: User | None, t: Transition) -> dict:
    return {"role_name": user.role_name if user else "未登录用户", "step": t.label, "roles": t.role_names}


def _permission_reason(user: User | None, t: Transition) -> str:
    return render("lifecycle.not_your_step", _permission_params(user, t))


# --- the transition ------------------------------------------------------------------------------------

@dataclass
class LifecycleEvent:
    document_id: int
    verb: str
    source: str
    target: str
    actor: str
    on: date
    audit_id: int
    row_version: int
    notes: list[str] = field(default_factory=list)


def advance(db, user: User | None, document_id: int, target: str, *, expected_row_version: int | None = None,
            on: date | str | None = None, note: str = "", valid_until: date | str | None = None,
            today: date | None = None) -> LifecycleEvent:
    """Move the document to ``target``: permission, transition table and gates are checked in the
    same write transaction as the change, so a concurrent edit cannot slip between check and write.

    ``on`` is the date of the act (公布日期, 备案日期…; default today, never in the future);
    ``valid_until`` sets an ND's 有效期 at 公布 (default from the configuration).
    ``expected_row_version`` (optimistic concurrency) makes a stale page fail with StaleWrite.
    """
    require(user, "lifecycle.transition")
    today = today or beijing_today()
    on = parse_date(on, "日期") or today
    if on > today:
        raise InputError(code="lifecycle.advance", on=on)
    cfg = config()
    with transaction(db):
        doc = get_document(db, document_id)
        if expected_row_version is not None and doc.row_version != expected_row_version:
            raise StaleWrite(code="lifecycle.stale")
        t = find_transition(doc.level, doc.stage, target)
        if t is not None and user.role not in t.roles:
            raise PermissionDenied(code="lifecycle.not_your_step", **_permission_params(user, t))
        reasons = blockers(db, doc, target, on=on, today=today, cfg=cfg)
        if reasons:
            err = GateBlocked(code="lifecycle.blocked", step=t.label if t else f"进入「{target}」",
                              reasons="；".join(r.rstrip("。") for r in reasons))
            err.reasons = reasons
            raise err
        notes = _record(db, doc, t, on, valid_until, cfg)
        detail = {"verb": t.verb, "on": on.isoformat(), "note": clean_multiline(note), "notes": notes}
        doc = set_stage(db, doc.id, target, actor=user.username, detail=detail)
        audit_id = db.execute("select max(id) from audit_log where document_id = ? and action = 'document.stage'",
                              [doc.id]).fetchone()[0]
        if t.verb == "publish":
            notes += _supersede_amended(db, doc, user, on)
    return LifecycleEvent(doc.id, t.verb, t.source, target, user.username, on, audit_id, doc.row_version, notes)


def _record(db, doc: Document, t: Transition, on: date, valid_until, cfg: LifecycleConfig) -> list[str]:
    """Store the dates a transition establishes; return notes for the event."""
    notes: list[str] = []
    if t.verb == "publish":
        vu = parse_date(valid_until, "有效期")
        if doc.level == "ND":
            vu = vu or default_valid_until(doc.title, on, cfg)
            if vu <= on:
                raise InputError(code="lifecycle.validity_before_publication")
            notes.append(f"有效期至 {vu:%Y-%m-%d}")
        _save_dates(db, doc.id, published_on=on, filed_on=None, valid_until=vu)
        notes.append(f"应于 {filing_due(doc.level, on, cfg):%Y-%m-%d} 前备案")
    elif t.verb == "file":
        d = get_dates(db, doc.id)
        due = filing_due(doc.level, d.published_on, cfg)
        _save_dates(db, doc.id, filed_on=on)
        if on > due:
            notes.append(f"逾期备案 {(on - due).days} 日（截止 {due:%Y-%m-%d}）")
    elif t.verb == "evaluate":
        _save_dates(db, doc.id, last_cleanup_on=on)
    elif t.verb in ("repeal", "expire"):
        _save_dates(db, doc.id, ended_on=on, ended_reason=VERBS[t.verb])
    return notes


def _supersede_amended(db, doc: Document, user: User, on: date) -> list[str]:
    """When the text of a 修改 project is published, the document it amends is 已被修改."""
    notes = []
    for p in projects_for_document(db, doc.id):
        if p.kind != "修改" or not p.source_document_id:
            continue
        src = get_document(db, p.source_document_id)
        if src.stage in ENDED[src.level]:
            continue
        set_stage(db, src.id, SUPERSEDED, actor=user.username,
                  detail={"verb": "supersede", "on": on.isoformat(), "by_document_id": doc.id, "project_id": p.id})
        _save_dates(db, src.id, ended_on=on, ended_reason=f"由文档 {doc.id} 修改")
        notes.append(f"《{src.title}》（文档 {src.id}）已标记为已被修改")
    return notes


def record_cleanup(db, user: User | None, document_id: int, *, on: date | str | None = None, note: str = "",
                   today: date | None = None) -> LifecycleDates:
    """Record a periodic 评估/清理 of a document in force (restarts the cleanup clock)."""
    require(user, "lifecycle.transition")
    today = today or beijing_today()
    on = parse_date(on, "日期") or today
    with transaction(db):
        doc = get_document(db, document_id)
        if not may_record_cleanup(user, doc):
            raise PermissionDenied(code="lifecycle.record_cleanup")
        _save_dates(db, doc.id, last_cleanup_on=on)
        audit.append(db, actor=user.username, action="lifecycle.cleanup", document_id=doc.id,
                     detail={"on": on.isoformat(), "note": clean_multiline(note)})
    return get_dates(db, document_id)


def history(db, document_id: int) -> list[dict]:
    """Stage changes of a document, oldest first (from the audit log, the one record of them)."""
    import json
    rows = db.query("select id, ts, actor, detail from audit_log where document_id = ? and action = 'document.stage' "
                    "order by id", [document_id])
    out = []
    for r in rows:
        d = json.loads(r["detail"] or "{}")
        out.append({"audit_id": r["id"], "ts": r["ts"], "actor": r["actor"], "from": d.get("from"),
                    "to": d.get("to"), "verb": d.get("verb"), "on": d.get("on"), "note": d.get("note", ""),
                    "notes": d.get("notes", [])})
    return out


# --- reminders: deadlines that do not block but must be seen ---------------------------------------

@dataclass
class Reminder:
    document_id: int
    title: str
    kind: str          # 备案 / 有效期 / 清理 / 征求意见
    severity: str      # overdue / due / info
    message: str
    due_on: date | None = None


def reminders(db, doc: Document, *, today: date | None = None, cfg: LifecycleConfig | None = None) -> list[Reminder]:
    today = today or beijing_today()
    cfg = cfg or config()
    d = get_dates(db, doc.id)
    out: list[Reminder] = []
    r = lambda kind, sev, msg, due=None: out.append(Reminder(doc.id, doc.title, kind, sev, msg, due))  # noqa: E731
    if not in_force(doc.level, doc.stage):
        return out
    if d.published_on:
        due = filing_due(doc.level, d.published_on, cfg)
        if d.filed_on is None:
            if today > due:
                r("备案", "overdue", f"备案已逾期 {(today - due).days} 日（公布 {d.published_on:%Y-%m-%d}，"
                  f"应于 {due:%Y-%m-%d} 前备案）", due)
            elif (due - today).days <= cfg.filing_warning_days:
                r("备案", "due", f"距备案截止还有 {(due - today).days} 日（{due:%Y-%m-%d}）", due)
            else:
                r("备案", "info", f"应于 {due:%Y-%m-%d} 前备案", due)
        elif d.filed_on > due:
            r("备案", "info", f"已于 {d.filed_on:%Y-%m-%d} 备案，逾期 {(d.filed_on - due).days} 日", due)
    if doc.level == "ND":
        if d.valid_until is None:
            r("有效期", "due", "未记录有效期")
        elif today > d.valid_until:
            r("有效期", "overdue", f"有效期已于 {d.valid_until:%Y-%m-%d} 届满：应宣布失效或重新制定", d.valid_until)
        elif (d.valid_until - today).days <= cfg.expiry_warning_days:
            r("有效期", "due", f"有效期将于 {d.valid_until:%Y-%m-%d} 届满：需继续施行的，请在届满前评估", d.valid_until)
        base = d.last_cleanup_on or d.published_on
        if base:
            due = add_years(base, cfg.nd_cleanup_years)
            if today > due:
                r("清理", "overdue", f"应开展定期清理（上次 {base:%Y-%m-%d}，每 {cfg.nd_cleanup_years} 年一次）", due)
            elif (due - today).days <= 60:
                r("清理", "due", f"定期清理将于 {due:%Y-%m-%d} 到期", due)
    return out


def all_reminders(db, *, today: date | None = None) -> list[Reminder]:
    cfg = config()
    out = []
    for doc in list_documents(db):
        if doc.level in STAGES:
            out += reminders(db, doc, today=today, cfg=cfg)
    order = {"overdue": 0, "due": 1, "info": 2}
    return sorted(out, key=lambda x: (order[x.severity], x.due_on or date.max))
