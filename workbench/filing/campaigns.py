"""专项审查: a campaign over everything in force — the corpus's in-force documents of a region and
levels, and the filed texts (their current version) — with a rule selection (families or specific
rules), run through the one review pipeline in the background with progress in the database; the
hits are reviewed as a list (确认 / 排除 with a note) and exported (.csv, .docx).
"""
from __future__ import annotations

import csv
import io
import json
import threading
from dataclasses import dataclass

from sqlite_utils import Migrations

from base import audit
from base.db import transaction
from base.errors import InputError, NotFound
from checks.registry import all_rules, get_rule
from corpus.store import doc_tree, list_docs, open_corpus_db
from lawtext.docx.style import add_body, add_title, new_document
from lawtext.model import LEVELS, checked_level_code
from workbench.access.permissions import require
from workbench.access.users import User, get_user
from workbench.documents.store import current_version
from workbench.filing.official import add_table
from workbench.filing.store import query_filings
from workbench.review.pipeline import assess

MIGRATIONS = Migrations("workbench.filing_campaigns")  # stored name: never rename

SOURCES = ("法规库", "备案文件")
HIT_STATES = ("待核查", "确认", "排除")


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


@dataclass
class Scope:
    levels: list[str]                 # LR / GR / ND
    region: str = ""                  # corpus region (province short name, e.g. 辽宁); "" = all
    sources: tuple[str, ...] = SOURCES


def _selection(families: list[str], rules: list[str]) -> dict:
    known = {r.family for r in all_rules()}
    bad = [f for f in families if f not in known]
    if bad:
        raise InputError(code="filing.bad_family", bad='、'.join(bad), known='、'.join(sorted(known)))
    ids = [get_rule(r).id for r in rules]          # NotFound for an unknown id
    if not families and not ids:
        raise InputError(code="filing.no_rules")
    return {"families": families, "rules": ids}


def create_campaign(db, user: User, title: str, scope: Scope, *, families=(), rules=()) -> int:
    require(user, "filing.campaign")
    title = (title or "").strip()
    if not title:
        raise InputError(code="filing.campaign_title")
    levels = [checked_level_code(x) for x in scope.levels]
    if not levels or not scope.sources or set(scope.sources) - set(SOURCES):
        raise InputError(code="filing.campaign_scope")
    sel = _selection(list(families), list(rules))
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
            _update(db, campaign_id, status="失败", error=f"{type(e).__name__}: {e}", finished_at=audit.now_iso())
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


def export_csv(db, user: User, campaign_id: int) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([name for _, name in EXPORT_COLUMNS])
    for h in hits_of(db, user, campaign_id):
        w.writerow([LEVELS.get(h[k], h[k]) if k == "level" else h[k] for k, _ in EXPORT_COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def export_docx(db, user: User, campaign_id: int) -> bytes:
    c = get_campaign(db, campaign_id)
    hits = hits_of(db, user, campaign_id)
    d = new_document()
    add_title(d, f"{c['title']}审查结果")
    add_body(d, f"审查文件 {c['done']} 件，发现问题 {len(hits)} 项（确认 {sum(h['state'] == '确认' for h in hits)} 项，"
                f"排除 {sum(h['state'] == '排除' for h in hits)} 项，待核查 {sum(h['state'] == '待核查' for h in hits)} 项）。")
    add_table(d, ["序号", "文件", "条文", "问题", "核查结论"],
              [[str(i), h["title"], h["article_label"] or "全文", h["message"], h["state"]] for i, h in enumerate(hits, 1)])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
