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
  sign-off: ``workbench.review.store.signed_off_hash`` must equal the current version's sha256. A text
  revised after the review (e.g. after 集体审议) must be reviewed again before it is published.
* ``LC-COMMENT`` (PROC-COMMENT-GR): 公布 needs a completed public consultation of at least
  ``consultations.minimum_days(level)`` days. The ONE source of truth for comment periods is the
  ``consultations`` table of :mod:`workbench.consultation.consultations`; levels gated: $WORKBENCH_COMMENT_GATE_LEVELS
  (default LR,GR; an ND gets a reminder instead, since only some ND must be consulted).
* ``LC-CONSULT-OPEN``: no leaving 征求意见 while a consultation on the document is still open.
* ``LC-PUBLISHED``: 备案 needs a recorded publication date.
* ``LC-REPEAL``: 已废止 needs a 废止 project in the legislative plan linked to the document.
* ``LC-EXPIRY``: an ND becomes 已失效 only after its 有效期.

Deadlines and reminders (not gates): 备案 within ``filing_days`` of 公布 (PROC-FILING), ND 有效期
(PROC-VALIDITY-ND) and periodic 清理 (PROC-EVAL-CLEANUP): :func:`reminders`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlite_utils import Migrations

from base import audit
from base.dates import parse_date
from base.db import transaction
from workbench.documents.store import Document, get_document, get_version, set_stage
from base.errors import GateBlocked, InputError, PermissionDenied, StaleWrite, WorkbenchError
from workbench.access.permissions import allowed, require
from workbench.access.users import User
from base.clock import today as beijing_today

MIGRATIONS = Migrations("workbench.procedure.lifecycle")

# --- stages -----------------------------------------------------------------------------------

STAGES: dict[str, tuple[str, ...]] = {
    # C.1 设区的市地方性法规
    "LR": ("立项", "起草", "提出法规案", "一审", "征求意见", "统一审议", "表决", "报批", "公布", "备案", "评估/清理"),
    # C.2 设区的市政府规章
    "GR": ("立项", "起草", "征求意见", "送审", "合法性审查", "集体审议", "公布", "备案", "评估/清理"),
    # C.3 行政规范性文件
    "ND": ("计划/评估论证", "起草", "征求意见", "合法性审核", "集体审议", "公布", "备案", "评估/清理"),
}
# End states: the document is no longer in force.
ENDED: dict[str, tuple[str, ...]] = {
    "LR": ("已被修改", "已废止"),
    "GR": ("已被修改", "已废止"),
    "ND": ("已被修改", "已废止", "已失效"),
}
REVIEW_STAGE = {"LR": "统一审议", "GR": "合法性审查", "ND": "合法性审核"}
DRAFT, CONSULT, PUBLISH, FILE, EVALUATE = "起草", "征求意见", "公布", "备案", "评估/清理"
REPEALED, EXPIRED, SUPERSEDED = "已废止", "已失效", "已被修改"

STAGE_NOTES: dict[str, dict[str, str]] = {
    "LR": {
        "立项": "列入立法规划或年度立法计划，经主任会议通过并公布。",
        "起草": "起草单位起草草案和起草说明；设定处罚、许可、强制的，举行听证会/论证会；法律顾问出具意见。",
        "提出法规案": "提案人提交法规案、说明和参阅资料；修改的附修改前后对照文本。",
        "一审": "常委会会议初次审议，专门委员会提出审议意见。",
        "征求意见": "一审后公布草案和说明征求意见，并发送基层立法联系点等。",
        "统一审议": "法制委员会统一审议（合法性审查），提出审议结果报告和修改稿；法律顾问签署审核意见。",
        "表决": "常委会全体组成人员过半数通过。",
        "报批": "报省人大常委会批准（四个月内）。",
        "公布": "常委会公告公布，刊登公报。",
        "备案": "公布后三十日内经省人大常委会报全国人大常委会和国务院备案。",
        "评估/清理": "立法后评估、配套规定、定期清理；需修改或废止的，另行立项。",
    },
    "GR": {
        "立项": "司法局评估立项申请，编制年度规章制定工作计划并公布。",
        "起草": "起草单位调研起草，听取意见，公平竞争审查，法律顾问参与。",
        "征求意见": "公布草案和说明公开征求意见，一般不少于三十日。",
        "送审": "送审稿、说明、不同意见和有关材料报送司法局。",
        "合法性审查": "司法局统一审查，法律顾问/公职律师签署合法性审查意见。",
        "集体审议": "政府常务会议或全体会议审议决定。",
        "公布": "市长签署政府令公布，刊登政府公报；施行日期一般在公布三十日后。",
        "备案": "公布后三十日内报国务院、省人大常委会、省政府和本级人大常委会备案。",
        "评估/清理": "实施后评估、定期清理；需修改或废止的，另行立项。",
    },
    "ND": {
        "计划/评估论证": "列入年度发文计划，附评估论证报告和上位法依据。",
        "起草": "制定主体合法，内容不得违法设定处罚、许可、强制、收费等。",
        "征求意见": "涉及群众切身利益或权利义务的，公开征求意见；与市场主体密切相关的不少于三十日。",
        "合法性审核": "审核机构合法性审核，法律顾问/公职律师出具意见；未经审核的不得提交集体审议。",
        "集体审议": "常务会议、全体会议或部门办公会议集体审议决定。",
        "公布": "公开发布，统一登记、编号，载明有效期。",
        "备案": "公布后在规定期限内报送备案。",
        "评估/清理": "有效期届满前评估，定期清理（辽宁：每两年）。",
    },
}


def stages(level: str) -> tuple[str, ...]:
    return STAGES[level]


def all_stages(level: str) -> tuple[str, ...]:
    return STAGES[level] + ENDED[level]


def stage_index(level: str, stage: str) -> int:
    """Position in the level's procedure; end states rank after the last stage; unknown: -1."""
    seq = STAGES[level]
    if stage in seq:
        return seq.index(stage)
    if stage in ENDED[level]:
        return len(seq)
    return -1


def is_published(level: str, stage: str) -> bool:
    """The document has reached 公布 (in force, or ended after being in force)."""
    return stage_index(level, stage) >= STAGES[level].index(PUBLISH)


def in_force(level: str, stage: str) -> bool:
    return stage in STAGES[level] and is_published(level, stage)


# --- configuration (legality-rules.md §0.5; never hard-coded in the gates) ----------------------

def _env_int(name: str, default: int) -> int:
    v = os.environ.get(name, "").strip()
    return int(v) if v.isdigit() else default


@dataclass
class LifecycleConfig:
    filing_days: dict[str, int] = field(default_factory=lambda: {"LR": 30, "GR": 30, "ND": 15})
    comment_gate_levels: frozenset[str] = frozenset({"LR", "GR"})
    nd_validity_years: int = 5
    nd_provisional_validity_years: int = 2      # 暂行 / 试行
    nd_cleanup_years: int = 2
    expiry_warning_days: int = 183               # evaluate within ~6 months before expiry
    filing_warning_days: int = 7

    @classmethod
    def from_env(cls) -> "LifecycleConfig":
        """Values of the jurisdiction profile in ``checks/jurisdictions.toml`` (the one file of §0.5
        parameters: FILING_DAYS_LR_GR, ND_FILING_DAYS, ND_VALIDITY_YEARS, ND_CLEANUP_YEARS), falling
        back to the §0.5 defaults; each overridable per deployment with $WORKBENCH_FILING_DAYS_LR_GR,
        $WORKBENCH_ND_FILING_DAYS, $WORKBENCH_ND_VALIDITY_YEARS, $WORKBENCH_ND_PROVISIONAL_VALIDITY_YEARS,
        $WORKBENCH_ND_CLEANUP_YEARS; $WORKBENCH_COMMENT_GATE_LEVELS (comma-separated level codes)."""
        p = _jurisdiction_params()
        validity = p.get("ND_VALIDITY_YEARS") or {}
        if not isinstance(validity, dict):
            validity = {"regular": validity}
        lr_gr = _env_int("WORKBENCH_FILING_DAYS_LR_GR", int(p.get("FILING_DAYS_LR_GR") or 30))
        levels = os.environ.get("WORKBENCH_COMMENT_GATE_LEVELS")
        gate = frozenset(x.strip().upper() for x in levels.split(",") if x.strip()) if levels is not None \
            else frozenset({"LR", "GR"})
        return cls(filing_days={"LR": lr_gr, "GR": lr_gr,
                                "ND": _env_int("WORKBENCH_ND_FILING_DAYS", int(p.get("ND_FILING_DAYS") or 15))},
                   comment_gate_levels=gate,
                   nd_validity_years=_env_int("WORKBENCH_ND_VALIDITY_YEARS", int(validity.get("regular", 5))),
                   nd_provisional_validity_years=_env_int("WORKBENCH_ND_PROVISIONAL_VALIDITY_YEARS",
                                                          int(validity.get("provisional", 2))),
                   nd_cleanup_years=_env_int("WORKBENCH_ND_CLEANUP_YEARS", int(p.get("ND_CLEANUP_YEARS") or 2)))


def _jurisdiction_params() -> dict:
    """The default profile's §0.5 values from checks/jurisdictions.toml ({} if unavailable)."""
    try:
        from checks.config import load_jurisdiction
        j = load_jurisdiction(os.environ.get("WORKBENCH_JURISDICTION") or None)
    except (ImportError, OSError, WorkbenchError):  # no checks package / file / profile: §0.5 defaults
        return {}
    return {k: j.get(k) for k in ("FILING_DAYS_LR_GR", "ND_FILING_DAYS", "ND_VALIDITY_YEARS", "ND_CLEANUP_YEARS")}


def config() -> LifecycleConfig:
    return LifecycleConfig.from_env()


def comment_min_days(level: str) -> int:
    from workbench.consultation.consultations import minimum_days
    return minimum_days(level)


# --- the transition table ------------------------------------------------------------------------

VERBS = {
    "advance": "推进", "skip": "跳过征求意见", "return": "退回起草", "publish": "公布", "file": "备案",
    "evaluate": "评估/清理", "repeal": "废止", "expire": "宣布失效",
}
STAFF = frozenset({"admin", "drafter", "reviewer"})
REVIEWING = frozenset({"admin", "reviewer"})     # the 审核机构 owns the review stage and what follows


@dataclass(frozen=True)
class Transition:
    level: str
    source: str
    target: str
    verb: str
    roles: frozenset[str]

    @property
    def role_names(self) -> str:
        """Who may make this move, e.g. 管理员、审核机构 (in the order of users.ROLES)."""
        from workbench.access.users import ROLES
        return "、".join(name for code, name in ROLES.items() if code in self.roles)

    @property
    def label(self) -> str:
        if self.verb in ("advance", "skip"):
            return f"推进至「{self.target}」" + ("（不公开征求意见）" if self.verb == "skip" else "")
        if self.verb == "return":
            return f"退回至「{self.target}」"
        if self.verb == "evaluate":
            return f"转入「{self.target}」"
        return VERBS[self.verb]


def _build(level: str) -> tuple[Transition, ...]:
    seq = STAGES[level]
    review = seq.index(REVIEW_STAGE[level])
    publish = seq.index(PUBLISH)
    verb_for = {PUBLISH: "publish", FILE: "file", EVALUATE: "evaluate"}
    out: list[Transition] = []
    for i in range(len(seq) - 1):
        out.append(Transition(level, seq[i], seq[i + 1], verb_for.get(seq[i + 1], "advance"),
                              REVIEWING if i >= review else STAFF))
    if level == "ND":
        # An ND that does not touch the public's rights and duties need not be put out for comment.
        out.append(Transition(level, DRAFT, REVIEW_STAGE[level], "skip", STAFF))
    for i in range(seq.index(DRAFT) + 1, publish):
        out.append(Transition(level, seq[i], DRAFT, "return", REVIEWING if i >= review else STAFF))
    for s in seq[publish:]:
        out.append(Transition(level, s, REPEALED, "repeal", REVIEWING))
        if level == "ND":
            out.append(Transition(level, s, EXPIRED, "expire", REVIEWING))
    return tuple(out)


TRANSITIONS: dict[str, tuple[Transition, ...]] = {level: _build(level) for level in STAGES}


def transitions(level: str, source: str | None = None) -> list[Transition]:
    return [t for t in TRANSITIONS[level] if source is None or t.source == source]


def find_transition(level: str, source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS[level] if t.source == source and t.target == target), None)


# --- may_<verb>: may this user press the button (role + table; gates are separate) ----------

def may_transition(user: User | None, doc: Document, target: str) -> bool:
    t = find_transition(doc.level, doc.stage, target)
    return bool(t and allowed(user, "lifecycle.transition") and user.role in t.roles)


def _may_verb(user: User | None, doc: Document, verbs: set[str]) -> bool:
    return any(t.verb in verbs and may_transition(user, doc, t.target) for t in transitions(doc.level, doc.stage))


def may_advance(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"advance", "skip", "publish", "file", "evaluate"})


def may_return(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"return"})


def may_publish(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"publish"})


def may_file(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"file"})


def may_repeal(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"repeal"})


def may_expire(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"expire"})


def may_record_cleanup(user: User | None, doc: Document) -> bool:
    return allowed(user, "lifecycle.transition") and user.role in REVIEWING and in_force(doc.level, doc.stage)


def may_start_revision(user: User | None, doc: Document) -> bool:
    """修改 / 废止 start as new projects of the legislative plan: admin only, on a document in force."""
    return allowed(user, "plan.manage") and in_force(doc.level, doc.stage)


# --- dates recorded along the way -----------------------------------------------------------------

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


def filing_due(level: str, published_on: date, cfg: LifecycleConfig | None = None) -> date:
    return published_on + timedelta(days=(cfg or config()).filing_days[level])


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def default_valid_until(title: str, published_on: date, cfg: LifecycleConfig | None = None) -> date:
    """ND 有效期 (PROC-VALIDITY-ND): 5 years, 2 for 暂行/试行 (configurable), counted from 公布."""
    cfg = cfg or config()
    years = cfg.nd_provisional_validity_years if re.search("暂行|试行", title or "") else cfg.nd_validity_years
    return _add_years(published_on, years) - timedelta(days=1)


# --- gates --------------------------------------------------------------------------------------------

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
    review_name = REVIEW_STAGE[doc.level]
    if not doc.current_version_id:
        return "文档没有版本，无法确认合法性审核签署。"
    try:
        from workbench.review.store import signed_off_hash
    except ImportError:
        return f"合法性审核模块尚未启用，无法确认{review_name}签署。"
    signed = signed_off_hash(ctx.db, doc.id)
    current = get_version(ctx.db, doc.current_version_id)
    if signed is None:
        return (f"尚无法律顾问签署的{review_name}意见（或最近一次签署意见为不合法）："
                f"未经{review_name}或审核不合法的草案，不得提交审议或公布（PROC-LEGALITY-FIRST）。")
    if signed != current.sha256:
        return (f"{review_name}签署针对的不是当前版本（已签署 {signed[:12]}…，当前 {current.display} "
                f"{current.sha256[:12]}…）：当前文本未经审核，请对当前版本重新审核并签署。")
    return None


def _gate_comment(ctx: GateContext) -> str | None:
    doc = ctx.doc
    if ctx.transition.target != PUBLISH or doc.level not in ctx.cfg.comment_gate_levels:
        return None
    need = comment_min_days(doc.level)
    if "consultations" not in ctx.db.table_names():
        return f"没有征求意见记录：{doc.level_name}公布前须公开征求意见不少于 {need} 日（PROC-COMMENT-GR）。"
    from workbench.consultation.consultations import consultation_period_days
    got = consultation_period_days(ctx.db, doc.id, today=ctx.today)
    if got == 0:
        return f"没有已完成的征求意见记录：{doc.level_name}公布前须公开征求意见不少于 {need} 日（PROC-COMMENT-GR）。"
    if got < need:
        return f"征求意见期仅 {got} 日，少于{doc.level_name}要求的 {need} 日（PROC-COMMENT-GR）。"
    return None


def _gate_consult_open(ctx: GateContext) -> str | None:
    t = ctx.transition
    if t.source != CONSULT or t.verb == "return" or "consultations" not in ctx.db.table_names():
        return None
    from workbench.consultation.consultations import list_consultations
    still = [c for c in list_consultations(ctx.db, ctx.doc.id) if c.is_open(ctx.today)]
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
    from workbench.procedure.plan import revision_projects
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


def _permission_reason(user: User | None, t: Transition) -> str:
    name = user.role_name if user else "未登录用户"
    return f"{name}不能执行此操作：{t.label}由{t.role_names}办理。"


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
        raise InputError(f"日期不能晚于今天：{on:%Y-%m-%d}")
    cfg = config()
    with transaction(db):
        doc = get_document(db, document_id)
        if expected_row_version is not None and doc.row_version != expected_row_version:
            raise StaleWrite("操作失败：在您查看之后，文档已被他人更新（新版本或阶段变化），请刷新后重试。")
        t = find_transition(doc.level, doc.stage, target)
        if t is not None and user.role not in t.roles:
            raise PermissionDenied(_permission_reason(user, t))
        reasons = blockers(db, doc, target, on=on, today=today, cfg=cfg)
        if reasons:
            err = GateBlocked("不能" + (t.label if t else f"进入「{target}」") + "："
                              + "；".join(r.rstrip("。") for r in reasons) + "。")
            err.reasons = reasons
            raise err
        notes = _record(db, doc, t, on, valid_until, cfg)
        detail = {"verb": t.verb, "on": on.isoformat(), "note": note.strip(), "notes": notes}
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
                raise InputError("有效期必须晚于公布日期")
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
    from workbench.procedure.plan import projects_for_document
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
            raise PermissionDenied("只有审核机构或管理员可以登记现行文件的评估/清理。")
        _save_dates(db, doc.id, last_cleanup_on=on)
        audit.append(db, actor=user.username, action="lifecycle.cleanup", document_id=doc.id,
                     detail={"on": on.isoformat(), "note": note.strip()})
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
            r("有效期", "due", "未记录有效期（PROC-VALIDITY-ND）")
        elif today > d.valid_until:
            r("有效期", "overdue", f"有效期已于 {d.valid_until:%Y-%m-%d} 届满：应宣布失效或重新制定", d.valid_until)
        elif (d.valid_until - today).days <= cfg.expiry_warning_days:
            r("有效期", "due", f"有效期将于 {d.valid_until:%Y-%m-%d} 届满：需继续施行的，请在届满前评估", d.valid_until)
        base = d.last_cleanup_on or d.published_on
        if base:
            due = _add_years(base, cfg.nd_cleanup_years)
            if today > due:
                r("清理", "overdue", f"应开展定期清理（上次 {base:%Y-%m-%d}，每 {cfg.nd_cleanup_years} 年一次）", due)
            elif (due - today).days <= 60:
                r("清理", "due", f"定期清理将于 {due:%Y-%m-%d} 到期", due)
    return out


def all_reminders(db, *, today: date | None = None) -> list[Reminder]:
    from workbench.documents.store import list_documents
    cfg = config()
    out = []
    for doc in list_documents(db):
        if doc.level in STAGES:
            out += reminders(db, doc, today=today, cfg=cfg)
    order = {"overdue": 0, "due": 1, "info": 2}
    return sorted(out, key=lambda x: (order[x.severity], x.due_on or date.max))
