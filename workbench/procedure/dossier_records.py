"""The procedural dossier (卷宗, see checks/dossier.py) read from the workbench's own records.

``dossier_for(db, document_id, version_id=None)`` returns the dict the procedure rules read, with
every fact the records establish and ``_sources`` naming the record of each
(checks/dossier_sources.py). A fact the records do not establish is ABSENT, never false: the rules
then behave as they do for a dossier that does not mention it, and a document without any of these
records gets ``{}`` — exactly what the rules see without a dossier.

Mapping (record → field):

* consultations (workbench.consultation.consultations) — ``comment_start``/``comment_end``: the longest
  consultation (the one the LC-COMMENT gate counts). Its length is counted as the workbench counts
  it, the opening day excluded (民法典第二百零一条): ``comment_start`` is the day AFTER
  ``opens_on`` and ``comment_end`` the last day comments could be made (``closes_on``, or the day
  it was closed early), so that ``checks.dossier.days_inclusive`` gives the same number of days as
  the consultation page and the gate. The source names the announced dates. ``comment_published``
  is true once a consultation exists. An early-close note is NOT taken as
  ``comment_short_reason`` (it explains the closing, not why a shorter period is lawful; the gate
  does not accept it either) — it is shown in the source.
* ND moved 起草 →「合法性审核」 with the "skip" transition (不公开征求意见) and no consultation:
  ``comment_published`` false; the transition's note, if any, is ``comment_short_reason``.
* contact points invited (kinds 企业, 律所) — ``consulted`` (names), only when there are some:
  enterprises heard outside the workbench are unknown, so an empty list is never asserted.
* comment dispositions — ``feedback``: true when every comment of the consultations has a
  disposition (each carries its reason); false when the consultations have ended and some comment
  is still undisposed; absent without comments.
* signed reviews (workbench.review.store; only 法律顾问 may sign) — ``counsel_opinion`` true;
  ``legality_review_date`` (Beijing calendar day of the signature) and ``legality_opinion``: the
  latest sign-off on or before the collective meeting, else (none before it) the earliest one
  after it, which PROC-LEGALITY-FIRST then reports; without a meeting, the latest sign-off.
  With no sign-off, ``counsel_opinion`` is false once the document has entered its legality-review
  stage (or any later one): from then on the dossier is expected to hold the advisor's opinion.
* stage changes (audit log ``document.stage``; the date is the act's ``on`` date given at the
  transition, else the day it was recorded) — ``collective_meeting_date``: last entry into
  集体审议 (LR: 表决); ``published_date``: 公布; ``filing_date``: 备案; LR ``approval_date``: the
  公布 date when the document reached 公布 from 报批 (the approval itself is not registered
  separately; the workflow only leaves 报批 once approved, so approval is no later than that).
* the legislative plan (workbench.procedure.plan) — ``amendment``: true for a 修改 project's text, false for
  a 制定 project's.

Never derived (no record holds them; give them with ``--dossier``): burdens, hearing_*,
argument_record, major_decision, fair_competition_review, fcr_exception, explanation,
comparison_table, market_related, publication_channels, filing_recipients, effective_date,
immediate_effect_reason, replaces.

* 卷宗登记 (workbench.procedure.dossier_facts) — those facts, and ``comment_short_reason``, ``consulted``,
  ``amendment`` and LR ``approval_date``, as a user recorded them in the app with their evidence.
  A recorded fact is explicit: it wins over the value derived above; its source reads
  「卷宗登记：张三 2026-11-28：<evidence>」. ``--dossier`` still wins over both.

``version_id`` limits the records to those about that version or an earlier one (by sequence
number): consultations and reviews of those versions, stage changes made while one of them was
current. Without it every record of the document counts.

This module reads; it checks no permission (callers do: ``check.run``). Dates are ISO strings.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from checks.dossier_sources import SOURCES_KEY, merge_dossier

from base.errors import NotFound
from base.clock import today as beijing_today, to_beijing
from workbench.documents.store import get_document, get_version
from base import audit
from workbench.consultation.consultations import get_contact_point, list_consultations
from workbench.procedure.stages import FILE, PUBLISH, REVIEW_STAGE, stage_index
from workbench.review.store import list_reviews
from workbench.procedure.plan import projects_for_document
from workbench.procedure.dossier_facts import recorded_facts

# The stage whose entry is the collective decision (常务会议/全体会议/办公会议; LR 常委会表决).
COLLECTIVE_STAGE = {"LR": "表决", "GR": "集体审议", "ND": "集体审议"}
APPROVAL_STAGE = "报批"
# Contact-point kinds that count as 市场主体 / 律师协会 for BIZ-CONSULT's ``consulted``.
CONSULTED_KINDS = ("企业", "律所")


@dataclass
class _Facts:
    values: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)

    def set(self, key: str, value, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source

    def dossier(self) -> dict:
        if not self.values:
            return {}
        return {**self.values, SOURCES_KEY: dict(self.sources)}


@dataclass
class _StageEvent:
    to: str
    source: str
    verb: str
    on: date
    note: str
    actor: str


def dossier_for(db, document_id: int, version_id: int | None = None, *, today: date | None = None) -> dict:
    """The dossier of ``document_id`` (as of ``version_id``) from the records; ``{}`` if none."""
    doc = get_document(db, document_id)
    seqs = {r[0]: r[1] for r in db.execute("select id, seq from versions where document_id = ?", [doc.id])}
    limit = None
    if version_id is not None:
        if version_id not in seqs:
            raise NotFound(code="dossier_records.dossier_for", version_id=version_id, title=doc.title)
        limit = seqs[version_id]

    def relevant(vid) -> bool:
        return limit is None or vid is None or seqs.get(vid, 0) <= limit

    today = today or beijing_today()
    out = _Facts()
    events = _stage_events(db, doc.id, relevant)
    _consultation_facts(db, doc, relevant, events, out, today)
    meeting = _stage_facts(doc, events, out)
    _review_facts(db, doc, relevant, events, meeting, out)
    _plan_facts(db, doc, out)
    _recorded_facts(db, doc, version_id, out)
    return out.dossier()


def document_dossier(db, document_id: int, version_id: int | None = None, *, explicit: dict | None = None,
                     use_records: bool = True) -> dict:
    """THE dossier of a stored document the checks read (page, CLI and reviews alike): the records
    (unless ``use_records`` is false) overlaid with an explicit dossier, explicit values winning."""
    records = dossier_for(db, document_id, version_id) if use_records else {}
    return merge_dossier(records, explicit)


# --- stage changes ---------------------------------------------------------------------------

def _day(ts: str) -> date:
    dt = to_beijing(ts)
    return dt.date() if dt else date.fromisoformat(str(ts)[:10])


def _stage_events(db, document_id: int, relevant) -> list[_StageEvent]:
    """Stage changes of the document, oldest first, made while a relevant version was current."""
    rows = audit.events(db, document_id=document_id, action="document.stage", limit=1_000_000)
    out = []
    for r in reversed(rows):
        if not relevant(r["version_id"]):
            continue
        d = json.loads(r["detail"] or "{}")
        on = d.get("on")
        out.append(_StageEvent(to=d.get("to") or "", source=d.get("from") or "", verb=d.get("verb") or "",
                               on=date.fromisoformat(on) if on else _day(r["ts"]),
                               note=(d.get("note") or "").strip(), actor=r["actor"] or ""))
    return out


def _last(events: list[_StageEvent], stage: str) -> _StageEvent | None:
    return next((e for e in reversed(events) if e.to == stage), None)


def _stage_facts(doc, events: list[_StageEvent], out: _Facts) -> date | None:
    """Meeting, publication, filing (and LR approval) dates; returns the meeting date."""
    stage = COLLECTIVE_STAGE.get(doc.level)
    meeting = _last(events, stage) if stage else None
    if meeting:
        out.set("collective_meeting_date", meeting.on.isoformat(), f"{meeting.on:%Y-%m-%d} 进入「{stage}」阶段")
    pub = _last(events, PUBLISH)
    if pub:
        out.set("published_date", pub.on.isoformat(), f"{pub.on:%Y-%m-%d} 公布")
        if doc.level == "LR" and pub.source == APPROVAL_STAGE:
            out.set("approval_date", pub.on.isoformat(),
                    f"经「{APPROVAL_STAGE}」于 {pub.on:%Y-%m-%d} 公布，批准日期未单独登记，以公布日期计")
    filed = _last(events, FILE)
    if filed:
        out.set("filing_date", filed.on.isoformat(), f"{filed.on:%Y-%m-%d} 报送备案")
    return meeting.on if meeting else None


# --- consultations and comments ---------------------------------------------------------------

def _consultation_facts(db, doc, relevant, events: list[_StageEvent], out: _Facts, today: date) -> None:
    cons = [c for c in list_consultations(db, doc.id) if relevant(c.version_id)]
    if not cons:
        skip = next((e for e in reversed(events) if e.verb == "skip"), None)
        if skip:
            src = f"{skip.on:%Y-%m-%d} 由「{skip.source}」直接进入「{REVIEW_STAGE[doc.level]}」，不公开征求意见"
            out.set("comment_published", False, src + (f"：{skip.note}" if skip.note else ""))
            if skip.note:
                out.set("comment_short_reason", skip.note, src)
        return
    best = max(cons, key=lambda c: (c.period_days, c.id))
    src = (f"征求意见（第{best.id}号）{best.opens_on:%Y-%m-%d} 至 {best.closes_on:%Y-%m-%d}，"
           f"开始当日不计入，计 {best.period_days} 日")
    if best.closed_on is not None and best.closed_on < best.closes_on:
        src += f"，{best.closed_on:%Y-%m-%d} 提前关闭" + (f"：{best.close_note}" if best.close_note else "")
    elif not best.completed(today):
        src += f"，{best.status(today)}"
    if len(cons) > 1:
        src += f"，共 {len(cons)} 次征求意见，取期限最长的一次"
    out.set("comment_start", (best.opens_on + timedelta(days=1)).isoformat(), src)
    out.set("comment_end", best.effective_end.isoformat(), src)
    out.set("comment_published", True, src)

    names: list[str] = []
    for c in cons:
        for cp_id in c.invited:
            cp = get_contact_point(db, cp_id)
            if cp.kind in CONSULTED_KINDS and cp.name not in names:
                names.append(cp.name)
    if names:
        ids = "、".join(f"第{c.id}号" for c in cons)
        out.set("consulted", names, f"征求意见{ids}邀请的企业、律所联系点")

    marks = ",".join("?" * len(cons))
    total, disposed, adopted = db.execute(
        "select count(*), count(d.comment_id), coalesce(sum(d.decision in ('采纳', '部分采纳')), 0) "
        f"from comments c left join comment_dispositions d on d.comment_id = c.id where c.consultation_id in ({marks})",
        [c.id for c in cons]).fetchone()
    if total and disposed == total:
        out.set("feedback", True, f"征求意见收到意见 {total} 条，已全部作出处理结论，其中采纳或部分采纳 {adopted} 条")
    elif total and all(c.completed(today) for c in cons):
        out.set("feedback", False, f"征求意见已截止，收到意见 {total} 条，尚有 {total - disposed} 条未作处理结论")


# --- legality review ------------------------------------------------------------------------------

def _review_facts(db, doc, relevant, events: list[_StageEvent], meeting: date | None, out: _Facts) -> None:
    signed = [r for r in list_reviews(db, doc.id) if r.signed and relevant(r.version_id)]
    if not signed:
        review_stage = REVIEW_STAGE[doc.level]
        reached = next((e for e in events
                        if stage_index(doc.level, e.to) >= stage_index(doc.level, review_stage)), None)
        if reached:
            out.set("counsel_opinion", False,
                    f"{reached.on:%Y-%m-%d} 已进入「{reached.to}」，尚无法律顾问签署的合法性审核意见")
        return
    signed.sort(key=lambda r: (r.signed_at, r.id))
    if meeting is None:
        chosen = signed[-1]
    else:
        before = [r for r in signed if _day(r.signed_at) <= meeting]
        chosen = before[-1] if before else signed[0]
    when = _day(chosen.signed_at)
    try:
        what = get_version(db, chosen.version_id).display
    except NotFound:
        what = f"版本 {chosen.version_id}"
    src = (f"审核 {chosen.id}：{chosen.signed_by_name or chosen.signed_by}（法律顾问）于 {chosen.signed_at_display} "
           f"签署，{what}，结论{chosen.opinion}")
    out.set("counsel_opinion", True, src)
    out.set("legality_review_date", when.isoformat(), src)
    if chosen.opinion:
        out.set("legality_opinion", chosen.opinion, src)


# --- the legislative plan -------------------------------------------------------------------------

def _plan_facts(db, doc, out: _Facts) -> None:
    projects = projects_for_document(db, doc.id)
    p = next((p for p in projects if p.kind == "修改"), None) or next((p for p in projects if p.kind == "制定"), None)
    if p:
        out.set("amendment", p.kind == "修改", f"{p.year} 年度立法计划{p.kind}项目 #{p.id}「{p.title}」")


# --- facts recorded in the app (卷宗登记) ----------------------------------------------------------

def _recorded_facts(db, doc, version_id: int | None, out: _Facts) -> None:
    """Recorded facts last: explicit, they replace what the records above derived."""
    for key, fact in recorded_facts(db, doc.id, version_id).items():
        out.set(key, fact.value, fact.source)
