"""Batch intake: a folder or .zip of filed documents registered one transaction per document, then
triaged; progress and a per-file report kept in the database (``filing_batches``) so a page can start
the work in a background thread, stay responsive and show the progress across reruns.

Phases: 登记 (read, check, register each unit) then 审查 (the review pipeline on each registered
text). A batch interrupted (server restart) resumes where it stopped: units already in the report
are not registered twice, filings already triaged are not triaged again.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

from base import audit
from base.db import transaction
from base.errors import InputError, NotFound, WorkbenchError
from workbench.access.permissions import require
from workbench.access.users import User, get_user
from workbench.filing.intake import FilingInput, register_filing
from workbench.filing.materials import read_material
from workbench.filing.organs import ensure_organ
from workbench.filing.sources import Unit, read_source
from workbench.filing.infer import issuing_body
from workbench.filing.store import query_filings
from workbench.filing.triage import triage_filing
from sqlite_utils import Migrations

MIGRATIONS = Migrations("workbench.filing_batches")  # stored name: never rename


@MIGRATIONS()
def m001_filing_batches(db):
    db["filing_batches"].create({
        "id": int, "source": str, "spool": str, "status": str, "phase": str, "total": int, "registered": int,
        "pending": int, "failed": int, "triaged": int, "current": str, "report": str, "created_by": str,
        "created_at": str, "finished_at": str, "error": str,
    }, pk="id", not_null={"source", "status"},
        defaults={"total": 0, "registered": 0, "pending": 0, "failed": 0, "triaged": 0})


def create_batch(db, user: User, source: str, *, spool: str = "") -> int:
    """A batch record (状态 排队) for ``source`` (a folder or .zip path; ``spool`` = a file we own)."""
    require(user, "filing.register")
    if not Path(spool or source).exists():
        raise InputError(code="filing.no_source", source=source)
    with transaction(db):
        bid = db["filing_batches"].insert({
            "source": source, "spool": spool, "status": "排队", "phase": "登记", "report": "[]",
            "created_by": user.username, "created_at": audit.now_iso(), "current": "", "error": ""}).last_pk
        audit.append(db, actor=user.username, action="filing.batch_start", detail={"batch_id": bid, "source": source})
    return bid


def get_batch(db, batch_id: int) -> dict:
    row = next(db.query("select * from filing_batches where id = ?", [batch_id]), None)
    if not row:
        raise NotFound(code="batch.get_batch", batch_id=batch_id)
    row["report"] = json.loads(row["report"] or "[]")
    row["done"] = len(row["report"])          # units registered, pending or failed so far
    return row


def batch_progress(db, user: User, batch_id: int) -> dict:
    require(user, "filing.view")
    return get_batch(db, batch_id)


def list_batches(db, user: User, limit: int = 20) -> list[dict]:
    require(user, "filing.view")
    return [get_batch(db, r[0]) for r in
            db.execute("select id from filing_batches order by id desc limit ?", [limit]).fetchall()]


def _set(db, batch_id: int, **fields) -> None:
    sets = ", ".join(f"{k} = ?" for k in fields)
    with transaction(db):
        db.execute(f"update filing_batches set {sets} where id = ?", [*fields.values(), batch_id])


def _meta(row: dict) -> FilingInput:
    return FilingInput(**{k: row.get(k, "") for k in FilingInput.__dataclass_fields__})


def register_unit(db, user: User, unit: Unit, batch_id: int | None = None) -> dict:
    """Register one unit; returns its report line (文件, 结果, 说明, filing_id)."""
    try:
        materials = [read_material(data, name) for name, data in unit.files]
        text = next((m for m in materials if m.kind == "正式文本"), None)
        organ_name = unit.row.get("organ") or (issuing_body(text.tree) if text else "")
        if not organ_name:
            raise InputError(code="filing.organ_unknown")
        organ, created = ensure_organ(db, user, organ_name)
        f = register_filing(db, user, organ.id, materials, _meta(unit.row), batch_id=batch_id)
    except WorkbenchError as e:
        return {"file": unit.name, "result": "失败", "message": str(e), "filing_id": None}
    notes = []
    if f.missing:
        notes.append("材料不全，缺少" + "、".join(f.missing))
    if f.late:
        notes.append(f"逾期报备 {f.late_days} 日")
    if created:
        notes.append(f"新登记报备单位「{organ.name}」")
    return {"file": unit.name, "result": f.status, "message": "；".join(notes), "filing_id": f.id}


def run_batch(db, user: User, batch_id: int, *, corpus_db: str | None = None, units: list[Unit] | None = None) -> dict:
    """Register then triage every unit of the batch, recording progress after each; returns the batch."""
    require(user, "filing.register")
    b = get_batch(db, batch_id)
    try:
        units = units if units is not None else read_source(b["spool"] or b["source"])
    except WorkbenchError as e:
        _set(db, batch_id, status="失败", error=str(e), finished_at=audit.now_iso())
        return get_batch(db, batch_id)
    report = b["report"]
    done = {line["file"] for line in report}
    _set(db, batch_id, status="进行中", phase="登记", total=len(units))
    for unit in units:
        if unit.name in done:
            continue
        report.append(register_unit(db, user, unit, batch_id))
        _set(db, batch_id, report=json.dumps(report, ensure_ascii=False), current=unit.name,
             **_tally(report))
    _set(db, batch_id, phase="审查")
    triaged = 0
    for f in query_filings(db, batch_id=batch_id):
        triage_filing(db, f.id, actor=user.username, corpus_db=corpus_db)
        triaged += 1
        _set(db, batch_id, triaged=triaged, current=f.title)
    with transaction(db):
        db.execute("update filing_batches set status = '已完成', current = '', finished_at = ? where id = ?",
                   [audit.now_iso(), batch_id])
        audit.append(db, actor=user.username, action="filing.batch_done",
                     detail={"batch_id": batch_id, **_tally(report), "triaged": triaged})
    if b["spool"]:
        Path(b["spool"]).unlink(missing_ok=True)
    return get_batch(db, batch_id)


def _tally(report: list[dict]) -> dict:
    return {"registered": sum(r["result"] in ("已登记",) for r in report),
            "pending": sum(r["result"] == "待登记" for r in report),
            "failed": sum(r["result"] == "失败" for r in report)}


def spool_path(db_path: str, batch_name: str) -> Path:
    """Where an uploaded .zip waits for its worker: beside the database."""
    folder = Path(db_path).resolve().parent / "filing_spool"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / batch_name


def start_in_background(db_path: str, username: str, batch_id: int, *, corpus_db: str | None = None,
                        open_db=None) -> threading.Thread:
    """Run the batch in a daemon thread with its own connection (SQLite connections stay in their
    thread); a crash is recorded on the batch, never lost."""
    def work():
        db = open_db(db_path)
        try:
            run_batch(db, get_user(db, username), batch_id, corpus_db=corpus_db)
        except Exception as e:  # noqa: BLE001 - record any failure on the batch for the page
            _set(db, batch_id, status="失败", error=f"{type(e).__name__}: {e}", finished_at=audit.now_iso())
        finally:
            db.close()
    t = threading.Thread(target=work, name=f"filing-batch-{batch_id}", daemon=True)
    t.start()
    return t
