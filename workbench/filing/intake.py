"""Registering a filing (备案登记): materials checked, metadata settled, the filed text stored as an
immutable version of a document of origin 备案, all in ONE transaction with its audit events.

Registration checks: the materials the level requires are all there (otherwise the filing waits as
待登记 and a 补充材料通知 is due), and the filing came within the statutory period counted from 公布
(otherwise it is flagged 逾期报备 with the days late). A 报备单位 account files online for its own
organ; its filing waits as 待登记 until a reviewer registers it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from base import audit
from base.clock import today as beijing_today
from base.dates import parse_date
from base.db import transaction
from base.errors import InputError, PermissionDenied
from lawtext.model import LEVELS, checked_level_code
from workbench.access.permissions import allowed, require
from workbench.access.users import User
from workbench.documents.store import ORIGIN_FILED, create_document
from workbench.filing.deadlines import add_days, late_days, periods
from workbench.filing.infer import infer_filed
from workbench.filing.materials import MaterialFile
from workbench.filing.organs import get_organ, require_own_organ
from workbench.filing.store import Filing, get_filing, materials_of, query_filings

REQUIRED_MATERIALS = {
    "LR": ("备案报告", "正式文本", "起草说明"),
    "GR": ("备案报告", "正式文本", "起草说明"),
    "ND": ("备案报告", "正式文本", "起草说明", "合法性审核意见"),
}
FILED_LABEL = "备案文本"


@dataclass
class FilingInput:
    """What a form, the CLI or a manifest row says about a filing ("" = infer from the text)."""
    title: str = ""
    doc_number: str = ""
    level: str = ""
    published_on: str = ""
    effective_on: str = ""
    filed_on: str = ""          # 报备日期, default today


def _settle(meta: FilingInput, text: MaterialFile, today: date) -> dict:
    guess = infer_filed(text.tree, text.filename)
    level = meta.level or guess.level
    if not level:
        raise InputError(code="filing.level_unknown", filename=text.filename)
    out = {"title": (meta.title or guess.title).strip(), "doc_number": (meta.doc_number or guess.doc_number).strip(),
           "level": checked_level_code(level)}
    if not out["title"]:
        raise InputError(code="filing.title_unknown", filename=text.filename)
    for key, what in (("published_on", "公布日期"), ("effective_on", "施行日期"), ("filed_on", "报备日期")):
        d = parse_date(getattr(meta, key) or getattr(guess, key, ""), what)
        out[key] = d.isoformat() if d else ""
    out["filed_on"] = out["filed_on"] or today.isoformat()
    if out["published_on"] and out["filed_on"] < out["published_on"]:
        raise InputError(code="filing.dates", filed_on=out['filed_on'], published_on=out['published_on'])
    return out


def missing_materials(level: str, kinds) -> list[str]:
    have = set(kinds)
    return [k for k in REQUIRED_MATERIALS.get(level, ()) if k not in have]


def _the_text(materials: list[MaterialFile]) -> MaterialFile:
    texts = [m for m in materials if m.kind == "正式文本"]
    if not texts:
        raise InputError(code="filing.no_text")
    if len(texts) > 1:
        names = "、".join(m.filename for m in texts)
        raise InputError(code="filing.two_texts", names=names)
    return texts[0]


def _acting_for(db, user: User, organ_id: int) -> bool:
    """True when a reviewer acts; False when a 报备单位 acts for its own organ (else PermissionDenied)."""
    if allowed(user, "filing.register"):
        return True
    if require_own_organ(db, user).id != organ_id:
        raise PermissionDenied(code="filing.submit_own_organ")
    require(user, "filing.submit")
    return False


def _insert_materials(db, filing_id: int, materials: list[MaterialFile], actor: str) -> None:
    ts = audit.now_iso()
    db["filing_materials"].insert_all([{
        "filing_id": filing_id, "kind": m.kind, "filename": m.filename, "sha256": hashlib.sha256(m.data).hexdigest(),
        "size": len(m.data), "data": m.data, "text": m.text, "created_at": ts, "created_by": actor,
    } for m in materials])


def register_filing(db, user: User, organ_id: int, materials: list[MaterialFile], meta: FilingInput | None = None,
                    *, batch_id: int | None = None, today: date | None = None) -> Filing:
    """Register one filing for ``organ_id`` (备案审查人员); returns it. InputError before anything is
    written when the text is missing or its metadata cannot be settled."""
    require(user, "filing.register")
    return _store(db, user, get_organ(db, organ_id), materials, meta, batch_id=batch_id, today=today,
                  by_reviewer=True)


def submit_filing(db, user: User, materials: list[MaterialFile], meta: FilingInput | None = None,
                  *, today: date | None = None) -> Filing:
    """A 报备单位 account files online for its own organ; the filing waits as 待登记."""
    require(user, "filing.submit")
    return _store(db, user, require_own_organ(db, user), materials, meta, today=today, by_reviewer=False)


def my_filings(db, user: User) -> list[Filing]:
    """What a 报备单位 account sees: its organ's filings, newest first."""
    organ = require_own_organ(db, user)
    return list(reversed(query_filings(db, organ_id=organ.id)))


def _store(db, user: User, organ, materials: list[MaterialFile], meta: FilingInput | None, *,
           batch_id: int | None = None, today: date | None = None, by_reviewer: bool) -> Filing:
    today = today or beijing_today()
    text = _the_text(materials)
    m = _settle(meta or FilingInput(), text, today)
    missing = missing_materials(m["level"], [x.kind for x in materials])
    late = late_days(m["level"], m["published_on"], m["filed_on"])
    registered = by_reviewer and not missing
    with transaction(db):
        doc, version = create_document(db, title=m["title"], level=m["level"], tree=text.tree, actor=user.username,
                                       issuing_body=organ.name, label=FILED_LABEL, source_name=text.filename,
                                       note=f"{organ.name}报备" + (f"（{m['doc_number']}）" if m["doc_number"] else ""),
                                       origin=ORIGIN_FILED)
        fid = db["filings"].insert({
            "organ_id": organ.id, "document_id": doc.id, "version_id": version.id, **m,
            "status": "已登记" if registered else "待登记", "outcome": "",
            "registered_on": today.isoformat() if registered else "",
            "registered_by": user.username if registered else "",
            "review_due": add_days(today, periods().review_days) if registered else "",
            "late_days": late, "missing": json.dumps(missing, ensure_ascii=False), "batch_id": batch_id,
            "created_at": audit.now_iso(), "created_by": user.username, "row_version": 1,
        }).last_pk
        _insert_materials(db, fid, materials, user.username)
        audit.append(db, actor=user.username, action="filing.register" if by_reviewer else "filing.submit",
                     document_id=doc.id, version_id=version.id, after_hash=version.sha256,
                     detail={"filing_id": fid, "organ": organ.name, "title": m["title"], "level": m["level"],
                             "status": "已登记" if registered else "待登记", "missing": missing, "late_days": late})
    return get_filing(db, fid)


def supplement(db, user: User, filing_id: int, materials: list[MaterialFile], *,
               today: date | None = None) -> Filing:
    """Add materials to a filing (补充材料); registers it when it is now complete and a reviewer acts."""
    today = today or beijing_today()
    f = get_filing(db, filing_id)
    by_reviewer = _acting_for(db, user, f.organ_id)
    if any(m.kind == "正式文本" for m in materials):
        raise InputError(code="filing.text_twice")
    with transaction(db):
        _insert_materials(db, filing_id, materials, user.username)
        kinds = [m.kind for m in materials_of(db, filing_id)]
        missing = missing_materials(f.level, kinds)
        db.execute("update filings set missing = ?, row_version = row_version + 1 where id = ?",
                   [json.dumps(missing, ensure_ascii=False), filing_id])
        audit.append(db, actor=user.username, action="filing.supplement", document_id=f.document_id,
                     detail={"filing_id": filing_id, "files": [m.filename for m in materials], "missing": missing})
        if by_reviewer and not missing and f.status == "待登记":
            _mark_registered(db, user, f, today)
    return get_filing(db, filing_id)


def register_pending(db, user: User, filing_id: int, *, today: date | None = None) -> Filing:
    """Register a filing waiting as 待登记 (submitted online, or now complete)."""
    require(user, "filing.register")
    today = today or beijing_today()
    with transaction(db):
        f = get_filing(db, filing_id)
        if f.status != "待登记":
            raise InputError(code="filing.already_registered", status=f.status)
        if f.missing:
            raise InputError(code="filing.incomplete", missing='、'.join(f.missing))
        _mark_registered(db, user, f, today)
    return get_filing(db, filing_id)


def _mark_registered(db, user: User, f: Filing, today: date) -> None:
    due = add_days(today, periods().review_days)
    db.execute("update filings set status = '已登记', registered_on = ?, registered_by = ?, review_due = ?, "
               "row_version = row_version + 1 where id = ?", [today.isoformat(), user.username, due, f.id])
    audit.append(db, actor=user.username, action="filing.registered", document_id=f.document_id,
                 detail={"filing_id": f.id, "review_due": due, "level": LEVELS.get(f.level, f.level)})
