"""卷宗登记: procedural facts a user records for a document, where no workbench record holds them.

The procedure rules read a dossier (checks/dossier.py). ``workbench.procedure.dossier_records`` derives what
the workbench's own records establish (consultations, sign-offs, stage dates, the plan); the rest —
the 公平竞争审查 conclusion, the 起草说明, hearings, publication channels, filing recipients … —
used to come only from a ``--dossier`` JSON file. Here a drafter, reviewer or advisor records such
a fact once, with its evidence (「市场监管局 2026-03-02 审查意见：未发现排除、限制竞争内容」), and
``dossier_for`` reads it like any other record: a recorded fact is explicit and wins over a
derived one; its source sentence is「卷宗登记：张三 2026-11-28：<evidence>」.

:data:`FACTS` lists the recordable keys: every field the records never derive (dossier_records'
docstring), plus four they derive only partly — ``comment_short_reason`` (only an ND's
skip note), ``consulted`` (only enterprises invited as contact points), ``amendment`` (only from
the plan) and ``approval_date`` (LR: approximated by the 公布 date). Dates, meeting, sign-off,
publication and filing that the workflow records are not recordable here: correct them there.

The table is append-only: an update is a new row, the latest row per key wins, and withdrawing a
fact (value ``None``) is a row too, so the history is complete. A fact may name a version: it then
counts for that version and later ones (as the other records do), else for every version.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Migrations

from base import audit
from base.dates import parse_date
from base.db import transaction
from base.errors import InputError, NotFound, StaleWrite
from lawtext.model import LEVELS
from lawtext.normalize import clean_field, clean_multiline
from workbench.access.permissions import require
from workbench.access.visibility import require_document
from base.clock import beijing, to_beijing
from workbench.access.users import User
from checks.dossier_sources import FIELD_LABELS

MIGRATIONS = Migrations("workbench.dossier_facts")  # stored name: never rename

ACTION = "dossier.record"
KINDS = ("bool", "date", "text", "list")
MAX_TEXT, MAX_NOTE, MAX_ITEMS, MAX_ITEM = 2000, 1000, 30, 100


@MIGRATIONS()
def m001_dossier_facts(db):
    db["dossier_facts"].create({
        "id": int, "document_id": int, "version_id": int, "key": str, "value": str, "note": str,
        "recorded_by": str, "recorded_at": str,
    }, pk="id", not_null={"document_id", "key", "value", "recorded_by", "recorded_at"},
        foreign_keys=[("document_id", "documents", "id"), ("version_id", "versions", "id")])
    db["dossier_facts"].create_index(["document_id", "key"])
    db.execute("""CREATE TRIGGER dossier_facts_no_update BEFORE UPDATE ON dossier_facts
                  BEGIN SELECT RAISE(ABORT, '卷宗登记只能追加，不能修改'); END""")
    db.execute("""CREATE TRIGGER dossier_facts_no_delete BEFORE DELETE ON dossier_facts
                  BEGIN SELECT RAISE(ABORT, '卷宗登记只能追加，不能删除'); END""")


@dataclass(frozen=True)
class FactSpec:
    key: str
    kind: str                 # bool / date / text / list
    label: str
    help: str                 # "RULE-A、RULE-B：what they do with it"
    levels: str = "LR GR ND"
    options: tuple[str, ...] = ()     # suggestions for a list

    @property
    def rules(self) -> tuple[str, ...]:
        """The ids of the rules that read the fact (the head of ``help``)."""
        return tuple(self.help.split("：", 1)[0].split("、"))


_ALL = "LR GR ND"
FACTS: dict[str, FactSpec] = {s.key: s for s in (
    FactSpec("market_related", "bool", "是否与市场主体生产经营活动密切相关",
             "FCR-PROCESS、BIZ-CONSULT、BIZ-TRANSITION、BIZ-LEGALITY-ND、PROC-COMMENT-ND：据此判断是否为涉企文件；"
             "未登记时按草案文字推断。", "GR ND"),
    FactSpec("fair_competition_review", "text", "公平竞争审查结论",
             "FCR-PROCESS：涉及经营者经济活动的草案须有书面审查结论，登记后不再报「出台前未经公平竞争审查」。",
             "GR ND"),
    FactSpec("fcr_exception", "text", "适用公平竞争审查例外的理由",
             "FCR-EXCEPTION：援引《公平竞争审查条例》第十二条的理由，须写明实施期限或终止条件；完整时公平竞争类"
             "规则的相关错误降为警示。"),
    FactSpec("consulted", "list", "听取意见的企业、行业协会商会、律师协会",
             "BIZ-CONSULT：涉企文件须列明听取意见的市场主体和协会；登记的名单取代工作台按受邀企业、律所联系点"
             "得出的名单（在工作台外听取的也要列入）。", "GR ND"),
    FactSpec("comment_short_reason", "text", "征求意见期较短或不公开征求意见的理由",
             "PROC-COMMENT-GR、PROC-COMMENT-ND、BIZ-CONSULT：征求意见少于法定期限或依法不公开征求意见时，"
             "写明理由（如依法需要保密、突发事件应对）。", "GR ND"),
    FactSpec("burdens", "bool", "是否减损权利、增加义务或涉及重大利益调整",
             "PROC-HEARING-GR：为「是」时须有论证咨询或听证记录。", "GR"),
    FactSpec("hearing_notice_date", "date", "听证公告日期",
             "PROC-HEARING-GR：听证信息应当在听证 30 日前公布。", "GR"),
    FactSpec("hearing_date", "date", "听证日期",
             "PROC-HEARING-GR：与听证公告日期比较；举行听证的须有听证笔录。", "GR"),
    FactSpec("hearing_record", "bool", "听证笔录",
             "PROC-HEARING-GR、LIC-PROCESS、COER-PROCESS：是否已举行听证并制作笔录。", "LR GR"),
    FactSpec("argument_record", "bool", "论证记录",
             "PROC-HEARING-GR、LIC-PROCESS、COER-PROCESS：是否已组织论证会（论证咨询）并有记录。", "LR GR"),
    FactSpec("major_decision", "bool", "是否属于重大行政决策",
             "PROC-COUNSEL：重大行政决策缺少法律顾问、公职律师意见的，为错误。", "GR ND"),
    FactSpec("explanation", "bool", "起草说明（草案说明）已提交",
             "PROC-EXPLANATION：登记为「否」时提示缺少起草说明。"),
    FactSpec("amendment", "bool", "是否修改决定（修改案）",
             "PROC-EXPLANATION：修改地方性法规须附修改前后对照文本；登记值取代按立法计划项目类型得出的值。", "LR"),
    FactSpec("comparison_table", "bool", "修改前后对照文本已提交",
             "PROC-EXPLANATION：地方性法规修改案缺少对照文本的，为错误。", "LR"),
    FactSpec("approval_date", "date", "省人大常委会批准日期",
             "PROC-APPROVAL-LR：批准须早于公布；登记的日期取代工作台以公布日期代替的批准日期。", "LR"),
    FactSpec("effective_date", "date", "施行日期",
             "PROC-PUBLISH、BIZ-LEGALITY-ND：施行日期已到而尚未公布的，为错误。"),
    FactSpec("immediate_effect_reason", "text", "自公布之日起施行的理由",
             "PROC-EFFECTIVE：规章自公布之日起施行须属于国家安全、外汇汇率、货币政策或不立即施行将有碍施行的情形。",
             "GR"),
    FactSpec("publication_channels", "list", "公布载体",
             "PROC-PUBLISH：公布载体须包括标准文本所在的公报（地方性法规：常委会公报；规章、规范性文件：政府公报，"
             "规范性文件也可为政府网站）。", _ALL, ("政府公报", "常委会公报", "政府网站", "人大网站", "报纸")),
    FactSpec("filing_recipients", "list", "备案报送机关",
             "PROC-FILING：规章应当报送国务院、省人大常委会、省人民政府和本级人大常委会备案。", "GR",
             ("国务院", "省人大常委会", "省人民政府", "本级人大常委会")),
    FactSpec("replaces", "text", "本文件取代的文件名称",
             "DRAFT-STRUCTURE：附则应写明「《……》同时废止」；填写文件名称，不带书名号。"),
)}
FACT_LABELS: dict[str, str] = {k: s.label for k, s in FACTS.items()}
FACT_HELP: dict[str, str] = {k: s.help for k, s in FACTS.items()}

# Derived from the workflow's own records: recording them here would hide a wrong record.
_WORKFLOW = {
    "comment_start": "征求意见", "comment_end": "征求意见", "comment_published": "征求意见",
    "feedback": "意见处理", "counsel_opinion": "合法性审核签署", "legality_review_date": "合法性审核签署",
    "legality_opinion": "合法性审核签署", "collective_meeting_date": "流程阶段（集体审议）",
    "published_date": "流程阶段（公布）", "filing_date": "流程阶段（备案）",
}


def facts_for_level(level: str) -> list[FactSpec]:
    """The recordable facts that some rule reads at ``level`` (LR/GR/ND), in form order."""
    return [s for s in FACTS.values() if level in s.levels.split()]


@dataclass(frozen=True)
class Fact:
    id: int
    document_id: int
    version_id: int | None
    key: str
    value: object            # None: the fact was withdrawn
    note: str
    recorded_by: str
    recorded_by_name: str
    recorded_at: str

    @property
    def label(self) -> str:
        return FACT_LABELS.get(self.key, self.key)

    @property
    def withdrawn(self) -> bool:
        return self.value is None

    @property
    def shown(self) -> str:
        return show_value(self.value)

    @property
    def recorded_on(self) -> str:
        """The Beijing calendar day of the recording, YYYY-MM-DD."""
        dt = to_beijing(self.recorded_at)
        return dt.strftime("%Y-%m-%d") if dt else str(self.recorded_at)[:10]

    @property
    def recorded_at_display(self) -> str:
        return beijing(self.recorded_at)

    @property
    def source(self) -> str:
        """The sentence a finding and the dossier listing cite:「卷宗登记：张三 2026-11-28：…」."""
        head = f"卷宗登记：{self.recorded_by_name or self.recorded_by} {self.recorded_on}"
        return f"{head}：{self.note}" if self.note else head


def show_value(value) -> str:
    if value is None:
        return "（已撤销）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value)) or "（无）"
    return str(value)


# --- validation -----------------------------------------------------------------------------------

_TRUE = {"是", "有", "已提交", "true", "yes", "y", "1"}
_FALSE = {"否", "无", "未提交", "false", "no", "n", "0"}
_SPLIT = re.compile(r"[、，,；;\n]+")


def _spec(key: str, level: str) -> FactSpec:
    key = (key or "").strip()
    spec = FACTS.get(key)
    if spec is None:
        if key in _WORKFLOW:
            raise InputError(code="dossier_facts.spec", key=_label(key), workflow=_WORKFLOW[key])
        raise InputError(code="dossier_facts.unknown_fact", key=key or '（空）', fact_labels='、'.join(FACT_LABELS.values()))
    if level not in spec.levels.split():
        raise InputError(code="dossier_facts.not_for_level", label=spec.label, level=LEVELS.get(level, level))
    return spec


def _label(key: str) -> str:
    return FACT_LABELS.get(key) or FIELD_LABELS.get(key, key)


def clean_value(key: str, value):
    """``value`` in the type the dossier expects for ``key`` (bool / ISO date / text / list of
    text); InputError with a Chinese message otherwise. ``None`` (withdraw) passes through."""
    spec = FACTS[key]
    if value is None:
        return None
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InputError(code="dossier_facts.clean_value", label=spec.label, value=value)
    if spec.kind == "date":
        if isinstance(value, str) and not value.strip():
            raise InputError(code="dossier_facts.required", label=spec.label)
        d = parse_date(value, spec.label, required=True)
        if not 1949 <= d.year <= 2100:
            raise InputError(code="dossier_facts.date_out_of_range", label=spec.label, d=d.isoformat())
        return d.isoformat()
    if spec.kind == "text":
        if not isinstance(value, str):
            raise InputError(code="dossier_facts.not_text", label=spec.label)
        text = clean_field(value)
        if key == "replaces":
            text = text.strip("《》〈〉 \u3000")
        if not text:
            raise InputError(code="dossier_facts.required", label=spec.label)
        if len(text) > MAX_TEXT:
            raise InputError(code="dossier_facts.text_too_long", label=spec.label, n_text=len(text), max_text=MAX_TEXT)
        return text
    # list
    if isinstance(value, str):
        items = _SPLIT.split(value)
    elif isinstance(value, (list, tuple)):
        items = [str(v) if v is not None else "" for v in value]
    else:
        raise InputError(code="dossier_facts.not_a_list", label=spec.label)
    out = list(dict.fromkeys(c for c in (clean_field(i) for i in items) if c))
    if not out:
        raise InputError(code="dossier_facts.list_empty", label=spec.label)
    if len(out) > MAX_ITEMS:
        raise InputError(code="dossier_facts.too_many_items", label=spec.label, max_items=MAX_ITEMS)
    long = next((i for i in out if len(i) > MAX_ITEM), None)
    if long:
        raise InputError(code="dossier_facts.item_too_long", label=spec.label, max_item=MAX_ITEM, long=long[:20])
    return out


# --- reading ------------------------------------------------------------------------------------

def _fact(row: dict) -> Fact:
    return Fact(id=row["id"], document_id=row["document_id"], version_id=row["version_id"], key=row["key"],
                value=json.loads(row["value"]), note=row["note"] or "", recorded_by=row["recorded_by"],
                recorded_by_name=row.get("display_name") or row["recorded_by"], recorded_at=row["recorded_at"])


_SELECT = ("select f.*, u.display_name from dossier_facts f left join users u on u.username = f.recorded_by "
           "where f.document_id = ?")


def fact_history(db, document_id: int, key: str | None = None) -> list[Fact]:
    """Every recording (and withdrawal) of the document, newest first; only ``key``'s if given."""
    sql, params = _SELECT, [document_id]
    if key:
        sql += " and f.key = ?"
        params.append(key)
    return [_fact(r) for r in db.query(sql + " order by f.id desc", params)]


def recorded_facts(db, document_id: int, version_id: int | None = None) -> dict[str, Fact]:
    """The fact in force per key (latest recording; withdrawn keys left out). With ``version_id``
    only recordings without a version or for that version or an earlier one count."""
    limit = None
    seqs: dict[int, int] = {}
    if version_id is not None:
        seqs = {r[0]: r[1] for r in db.execute("select id, seq from versions where document_id = ?", [document_id])}
        if version_id not in seqs:
            raise NotFound(code="dossier_facts.recorded_facts", version_id=version_id)
        limit = seqs[version_id]
    latest: dict[str, Fact] = {}
    for f in reversed(fact_history(db, document_id)):       # oldest first: later rows overwrite
        if limit is not None and f.version_id is not None and seqs.get(f.version_id, 0) > limit:
            continue
        latest[f.key] = f
    return {k: f for k, f in latest.items() if not f.withdrawn}


def facts_for(db, document_id: int, version_id: int | None = None) -> dict:
    """The recorded facts as dossier values: ``{key: value}`` (latest per key, withdrawn left out)."""
    return {k: f.value for k, f in recorded_facts(db, document_id, version_id).items()}


# --- writing ------------------------------------------------------------------------------------

def _check_hearing_dates(db, document_id: int, key: str, value: str | None) -> None:
    if value is None or key not in ("hearing_notice_date", "hearing_date"):
        return
    other = "hearing_date" if key == "hearing_notice_date" else "hearing_notice_date"
    current = recorded_facts(db, document_id).get(other)
    if current is None:
        return
    notice, held = (value, current.value) if key == "hearing_notice_date" else (current.value, value)
    if date.fromisoformat(notice) > date.fromisoformat(held):
        raise InputError(code="dossier_facts.check_hearing_dates", notice=notice, held=held)


def record_fact(db, user: User | None, document_id: int, key: str, value, note: str = "", *,
                version_id: int | None = None, expected_previous_id: int | None = None) -> Fact:
    """Record (or update) ``key`` for the document; ``value=None`` withdraws it (a reason is then
    required). ``expected_previous_id``: the id of the recording the user saw (0: none) —
    StaleWrite if someone recorded the key in between. One transaction with its audit event."""
    require(user, ACTION)
    doc = require_document(db, user, document_id)
    spec = _spec(key, doc.level)
    value = clean_value(spec.key, value)
    note = clean_multiline(note)
    if len(note) > MAX_NOTE:
        raise InputError(code="dossier_facts.record_fact", n_note=len(note), max_note=MAX_NOTE)
    if version_id is not None:
        row = db.execute("select document_id from versions where id = ?", [version_id]).fetchone()
        if not row or row[0] != doc.id:
            raise InputError(code="dossier_facts.version_of_other_document", version_id=version_id, title=doc.title)
    with transaction(db):
        history = fact_history(db, doc.id, spec.key)
        previous = history[0] if history else None
        if expected_previous_id is not None and (previous.id if previous else 0) != expected_previous_id:
            who = (f"已由{previous.recorded_by_name}于 {previous.recorded_at_display} 重新登记" if previous
                   else "的登记已变化")
            raise StaleWrite(code="dossier_facts.stale", label=spec.label, who=who, kept=value,
                current=previous.id if previous else None)
        if value is None:
            if previous is None or previous.withdrawn:
                raise InputError(code="dossier_facts.not_recorded", label=spec.label)
            if not note:
                raise InputError(code="dossier_facts.withdraw_reason")
        _check_hearing_dates(db, doc.id, spec.key, value)
        fact_id = db["dossier_facts"].insert({
            "document_id": doc.id, "version_id": version_id, "key": spec.key,
            "value": json.dumps(value, ensure_ascii=False), "note": note,
            "recorded_by": user.username, "recorded_at": audit.now_iso(),
        }).last_pk
        audit.append(db, actor=user.username, action="dossier.record", document_id=doc.id, version_id=version_id,
                     detail={"fact_id": fact_id, "key": spec.key, "label": spec.label, "value": value, "note": note,
                             "previous": None if previous is None else previous.value,
                             "withdrawn": value is None})
    return next(f for f in fact_history(db, doc.id, spec.key) if f.id == fact_id)


def withdraw_fact(db, user: User | None, document_id: int, key: str, reason: str, **kw) -> Fact:
    """Withdraw a recorded fact (the derived value, if any, applies again)."""
    return record_fact(db, user, document_id, key, None, reason, **kw)
