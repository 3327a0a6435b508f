"""专项审查: a campaign over everything in force — the corpus's in-force documents of a region and
levels, and the filed texts (their current version) — with a selection of what to look for:

- rules (``kind`` 规则): families or specific rules, run through the one review pipeline;
- 清理 (``kind`` 清理) of an upper-law change: the provisions that cite or restate a changed or
  deleted article of the upper law (workbench.review.cleanup, the same function as the 清理 page),
  each hit with the upper-law article, the change and a suggested action (修改/废止/保留).

It runs in the background with progress in the database; the hits are reviewed as a list
(确认 / 排除 with a note) and exported (.csv, .docx).
"""
from __future__ import annotations

import csv
import io
import json
import threading
from dataclasses import dataclass

from sqlite_utils import Migrations

from base import audit
from base.dates import parse_date
from base.db import transaction
from base.errors import InputError, NotFound, WorkbenchError
from checks.registry import all_rules, get_rule
from corpus.store import doc_tree, list_docs, open_corpus_db
from lawtext.docx.style import add_body, add_title, new_document
from lawtext.model import LEVEL_CODES, LEVELS, checked_level_code
from workbench.access.permissions import require
from workbench.access.users import User, get_user
from workbench.documents.store import current_version
from lawtext.docx.official import Table, add_table
from workbench.filing.store import query_filings
from workbench.review.cleanup import LocalText, cleanup
from workbench.review.pipeline import assess

MIGRATIONS = Migrations("workbench.filing_campaigns")  # stored name: never rename

SOURCES = ("法规库", "备案文件")
HIT_STATES = ("待核查", "确认", "排除")
RULES, CLEANUP = "规则", "清理"
CLEANUP_RULE = "清理"      # the rule column of a 清理 hit


@MIGRATIONS()
def m001_campaigns(db):
    db["campaigns"].create({
        "id": int, "title": str, "scope": str, "selection": str, "status": str, "total": int, "done": int,
        "hits": int, "current": str, "created_by": str, "created_at": str, "finished_at": str, "error": str,
    }, pk="id", not_null={"title", "status"}, defaults={"total": 0, "done": 0, "hits": 0})
    db["campaign_hits"].create({
        "id": int, "campaign_id": int, "source": str, "ref_id": int, "title": str, "level": str, "rule": str,
        "severity": str, "article_label": str, "message": str, "excerpt": str, "state": str, "note": str,
        "reviewed_by": str,
    }, pk="id", foreign_keys=[("campaign_id", "campaigns", "id")], not_null={"campaign_id", "rule"})
    db["campaign_hits"].create_index(["campaign_id"])


@MIGRATIONS()
def m002_cleanup_hits(db):
    """A 清理 hit: the corpus path or 备案 number, the upper-law article, the change, how the local text
    relies on it (引用/重述), the upper-law redline and the suggested action."""
    for col in ("ref", "upper_article", "change", "how", "redline", "action"):
        db["campaign_hits"].add_column(col, str)


@dataclass
class Scope:
    levels: list[str]                 # LR / GR / ND
    region: str = ""                  # corpus region (province short name, e.g. 辽宁); "" = all
    sources: tuple[str, ...] = SOURCES


def _selection(families: list[str], rules: list[str]) -> dict:
    if not families and not rules:
        raise InputError(code="filing.no_rules")
    known = {r.family for r in all_rules()}
    bad = [f for f in families if f not in known]
    if bad:
        raise InputError(code="filing.bad_family", bad='、'.join(bad), known='、'.join(sorted(known)))
    ids = [get_rule(r).id for r in rules]          # NotFound for an unknown id
    return {"kind": RULES, "families": families, "rules": ids}


def _cleanup_selection(law: str, since: str) -> dict:
    law = (law or "").strip()
    if not law:
        raise InputError(code="filing.cleanup_law")
    since = (since or "").strip()
    if since:
        since = parse_date(since, "比较的日期").isoformat()
    return {"kind": CLEANUP, "law": law, "since": since}


def kind_of(selection: dict) -> str:
    return selection.get("kind", RULES)


def create_campaign(db, user: User, title: str, scope: Scope, *, families=(), rules=(), cleanup_law: str = "",
                    cleanup_since: str = "") -> int:
    """A queued campaign; ``cleanup_law`` (with ``cleanup_since``) selects the 清理 of that upper law's
    change instead of rules."""
    require(user, "filing.campaign")
    title = (title or "").strip()
    if not title:
        raise InputError(code="filing.campaign_title")
    levels = [checked_level_code(x) for x in scope.levels]
    if not levels or not scope.sources or set(scope.sources) - set(SOURCES):
        raise InputError(code="filing.campaign_scope")
    if cleanup_law and (families or rules):
        raise InputError(code="filing.campaign_kind")
    sel = (_cleanup_selection(cleanup_law, cleanup_since) if cleanup_law or cleanup_since
           else _selection(list(families), list(rules)))
    with transaction(db):
        cid = db["campaigns"].insert({
            "title": title, "scope": json.dumps({"levels": levels, "region": scope.region, "sources": list(scope.sources)},
                                                ensure_ascii=False),
            "selection": json.dumps(sel, ensure_ascii=False), "status": "排队", "created_by": user.username,
            "created_at": audit.now_iso(), "current": "", "error": ""}).last_pk
        audit.append(db, actor=user.username, action="filing.campaign_create", detail={"campaign_id": cid, "title": title})
    return cid


def get_campaign(db, campaign_id: int) -> dict:
    row = next(db.query("select * from campaigns where id = ?", [campaign_id]), None)
    if not row:
        raise NotFound(code="campaigns.get_campaign", campaign_id=campaign_id)
    row["scope"], row["selection"] = json.loads(row["scope"]), json.loads(row["selection"])
    return row


def list_campaigns(db, user: User) -> list[dict]:
    require(user, "filing.view")
    return [get_campaign(db, r[0]) for r in db.execute("select id from campaigns order by id desc").fetchall()]


def _targets(db, scope: dict, corpus_db: str | None) -> list[tuple]:
    """(source, ref id, title, level code, loader) for everything in scope."""
    out = []
    if "法规库" in scope["sources"] and corpus_db:
        cdb = open_corpus_db(corpus_db)
        for code in scope["levels"]:
            for d in list_docs(cdb, level=LEVELS[code], region=scope["region"] or None, status="现行", limit=100000):
                out.append(("法规库", d.id, d.title, code, (lambda i=d.id: doc_tree(cdb, i))))
    if "备案文件" in scope["sources"]:
        for f in query_filings(db):
            if f.level in scope["levels"] and f.outcome != "撤销":
                out.append(("备案文件", f.id, f.title, f.level, (lambda doc_id=f.document_id: current_version(db, doc_id).tree)))
    return out


def _selected(findings, sel: dict) -> list:
    rules, fams = set(sel["rules"]), set(sel["families"])
    return [f for f in findings if f.rule in rules or f.family in fams or rules & set(f.related)]


def run_campaign(db, user: User, campaign_id: int, *, corpus_db: str | None = None) -> dict:
    require(user, "filing.campaign")
    c = get_campaign(db, campaign_id)
    if kind_of(c["selection"]) == CLEANUP:
        return _run_cleanup(db, user, c, corpus_db)
    targets = _targets(db, c["scope"], corpus_db)
    _update(db, campaign_id, status="进行中", total=len(targets), done=0)
    hits = 0
    for n, (source, ref, title, level, load) in enumerate(targets, 1):
        a = assess(load(), level, meta={"title": title}, corpus_db=corpus_db)
        rows = [{"campaign_id": campaign_id, "source": source, "ref_id": ref, "title": title, "level": level,
                 "rule": f.rule, "severity": f.severity, "article_label": f.article_label or "",
                 "message": f.message, "excerpt": f.excerpt or "", "state": "待核查", "note": "",
                 "reviewed_by": ""} for f in _selected(a.findings, c["selection"])]
        with transaction(db):
            if rows:
                db["campaign_hits"].insert_all(rows)
            hits += len(rows)
            db.execute("update campaigns set done = ?, hits = ?, current = ? where id = ?", [n, hits, title, campaign_id])
    with transaction(db):
        db.execute("update campaigns set status = '已完成', current = '', finished_at = ? where id = ?",
                   [audit.now_iso(), campaign_id])
        audit.append(db, actor=user.username, action="filing.campaign_run",
                     detail={"campaign_id": campaign_id, "documents": len(targets), "hits": hits})
    return get_campaign(db, campaign_id)


def _filed_texts(db, scope: dict) -> tuple[list[LocalText], dict[str, int]]:
    """The filed texts in scope as 清理 inputs, and their filing ids by ref."""
    texts, ids = [], {}
    if "备案文件" in scope["sources"]:
        for f in query_filings(db):
            if f.level in scope["levels"] and f.outcome != "撤销" and f.document_id:
                ref = f"备案 {f.id}"
                texts.append(LocalText("备案文件", f.title, ref, f.organ_name, current_version(db, f.document_id).tree,
                                       LEVELS.get(f.level, f.level)))
                ids[ref] = f.id
    return texts, ids


def _run_cleanup(db, user: User, c: dict, corpus_db: str | None) -> dict:
    """The 清理 of an upper-law change over the campaign's scope (workbench.review.cleanup)."""
    if not corpus_db:
        raise InputError(code="filing.no_corpus")
    cid, scope, sel = c["id"], c["scope"], c["selection"]
    texts, ids = _filed_texts(db, scope)
    _update(db, cid, status="进行中", total=len(texts), done=0, current="比对上位法修改的条文")

    def progress(done: int, total: int) -> None:
        _update(db, cid, done=done, total=total + len(texts))

    report = cleanup(corpus_db, sel["law"], since=sel["since"], region=scope["region"],
                     levels=tuple(LEVELS[x] for x in scope["levels"]), in_corpus="法规库" in scope["sources"],
                     texts=texts, progress=progress)
    rows = [{"campaign_id": cid, "source": r.source, "ref_id": ids.get(r.ref), "ref": r.ref, "title": r.document,
             "level": LEVEL_CODES.get(r.level, r.level), "rule": CLEANUP_RULE, "severity": "",
             "article_label": r.article, "message": r.verdict, "excerpt": r.text, "state": "待核查", "note": "",
             "reviewed_by": "", "upper_article": r.upper_article, "change": r.change, "how": r.how,
             "redline": r.redline, "action": r.action} for r in report.rows]
    with transaction(db):
        if rows:
            db["campaign_hits"].insert_all(rows)
        db.execute("update campaigns set status = '已完成', current = '', total = ?, done = ?, hits = ?, finished_at = ? "
                   "where id = ?", [report.documents_scanned, report.documents_scanned, len(rows), audit.now_iso(), cid])
        audit.append(db, actor=user.username, action="filing.campaign_run",
                     detail={"campaign_id": cid, "documents": report.documents_scanned, "hits": len(rows),
                             "cleanup": report.describe})
    return get_campaign(db, cid)


def _update(db, campaign_id: int, **fields) -> None:
    with transaction(db):
        db.execute(f"update campaigns set {', '.join(f'{k} = ?' for k in fields)} where id = ?",
                   [*fields.values(), campaign_id])


def start_in_background(db_path: str, username: str, campaign_id: int, *, corpus_db: str | None, open_db) -> threading.Thread:
    def work():
        db = open_db(db_path)
        try:
            run_campaign(db, get_user(db, username), campaign_id, corpus_db=corpus_db)
        except Exception as e:  # noqa: BLE001 - recorded on the campaign for the page
            error = str(e) if isinstance(e, WorkbenchError) else f"{type(e).__name__}: {e}"
            _update(db, campaign_id, status="失败", error=error, current="", finished_at=audit.now_iso())
        finally:
            db.close()
    t = threading.Thread(target=work, name=f"campaign-{campaign_id}", daemon=True)
    t.start()
    return t


def hits_of(db, user: User, campaign_id: int) -> list[dict]:
    require(user, "filing.view")
    return list(db.query("select * from campaign_hits where campaign_id = ? order by id", [campaign_id]))


def mark_hit(db, user: User, hit_id: int, state: str, note: str = "") -> None:
    require(user, "filing.campaign")
    if state not in HIT_STATES[1:]:
        raise InputError(code="filing.bad_hit_state")
    if state == "排除" and not (note or "").strip():
        raise InputError(code="filing.exclude_reason")
    with transaction(db):
        row = db.execute("select campaign_id from campaign_hits where id = ?", [hit_id]).fetchone()
        if not row:
            raise NotFound(code="campaigns.mark_hit", hit_id=hit_id)
        db.execute("update campaign_hits set state = ?, note = ?, reviewed_by = ? where id = ?",
                   [state, (note or "").strip(), user.username, hit_id])
        audit.append(db, actor=user.username, action="filing.campaign_mark",
                     detail={"campaign_id": row[0], "hit_id": hit_id, "state": state})


EXPORT_COLUMNS = [("source", "来源"), ("title", "文件"), ("level", "层级"), ("article_label", "条文"), ("rule", "规则"),
                  ("severity", "严重程度"), ("message", "问题"), ("excerpt", "原文"), ("state", "核查结论"), ("note", "说明")]
CLEANUP_COLUMNS = [("source", "来源"), ("title", "文件"), ("level", "层级"), ("article_label", "条文"),
                   ("upper_article", "上位法条文"), ("change", "变化"), ("how", "关联方式"), ("message", "审查意见"),
                   ("action", "建议"), ("excerpt", "原文"), ("redline", "上位法修订痕迹"), ("state", "核查结论"),
                   ("note", "说明")]


def columns_of(campaign: dict) -> list[tuple[str, str]]:
    """(hit key, column name) of a campaign's hit list (the page's table and the .csv)."""
    return CLEANUP_COLUMNS if kind_of(campaign["selection"]) == CLEANUP else EXPORT_COLUMNS


def describe_selection(campaign: dict) -> str:
    sel = campaign["selection"]
    if kind_of(sel) == CLEANUP:
        return f"《{sel['law'].strip('《》')}》修改后的清理" + (f"（与{sel['since']}时有效的版本比较）" if sel["since"] else "")
    parts = [f"{len(sel['families'])} 个规则类别" if sel["families"] else "", f"{len(sel['rules'])} 条规则" if sel["rules"] else ""]
    return "按规则审查（" + "、".join(p for p in parts if p) + "）"


def export_csv(db, user: User, campaign_id: int) -> bytes:
    columns = columns_of(get_campaign(db, campaign_id))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([name for _, name in columns])
    for h in hits_of(db, user, campaign_id):
        w.writerow([LEVELS.get(h[k], h[k]) if k == "level" else (h[k] or "") for k, _ in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def export_docx(db, user: User, campaign_id: int) -> bytes:
    c = get_campaign(db, campaign_id)
    hits = hits_of(db, user, campaign_id)
    d = new_document()
    add_title(d, f"{c['title']}审查结果")
    add_body(d, f"审查文件 {c['done']} 件，发现问题 {len(hits)} 项（确认 {sum(h['state'] == '确认' for h in hits)} 项，"
                f"排除 {sum(h['state'] == '排除' for h in hits)} 项，待核查 {sum(h['state'] == '待核查' for h in hits)} 项）。")
    if kind_of(c["selection"]) == CLEANUP:
        add_body(d, f"审查内容：{describe_selection(c)}。")
        add_table(d, Table(("序号", "文件", "条文", "上位法条文", "变化", "审查意见", "建议", "核查结论"),
                           tuple((str(i), h["title"], h["article_label"], h["upper_article"], h["change"], h["message"],
                                  h["action"], h["state"]) for i, h in enumerate(hits, 1)), size_pt=12))
    else:
        add_table(d, Table(("序号", "文件", "条文", "问题", "核查结论"),
                           tuple((str(i), h["title"], h["article_label"] or "全文", h["message"], h["state"])
                                 for i, h in enumerate(hits, 1)), size_pt=12))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
