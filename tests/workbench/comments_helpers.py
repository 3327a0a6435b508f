"""Shared set-up for the comment-loop tests: the project's example 政府规章 (examples/), contact
points with their own contact users, consultations, and minutes files written here."""
from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from workbench.consultation.consultations import add_contact_point, open_consultation
from workbench.documents.store import create_document
from lawtext.files import read_path
from workbench.access.users import create_user
from base.clock import today as beijing_today

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = beijing_today()


def dog_document(db, actor: str = "drafter1", label: str = "征求意见稿"):
    """示例市养犬管理办法 v1 (27 articles) as a new GR document; returns (Document, Version)."""
    return create_document(db, title="示例市养犬管理办法", level="GR", actor=actor, label=label,
                           tree=read_path(EXAMPLES / "gr-dog-management-v1.md"), issuing_body="示例市人民政府")


def point_with_user(db, admin, name: str, username: str, kind: str = "街道"):
    """A contact point and a contact user linked to it: (ContactPoint, User)."""
    cp = add_contact_point(db, admin, name=name, kind=kind, district="东城区", liaison="联络员")
    return cp, create_user(db, username, "secret123", "contact", display_name=name, contact_point_id=cp.id)


def consult(db, user, version_id: int, point_ids: list[int], *, opens: date | None = None, days: int = 30,
            questions: list[str] | None = None):
    opens = opens or TODAY - timedelta(days=5)
    return open_consultation(db, user, version_id=version_id, opens_on=opens, closes_on=opens + timedelta(days=days),
                             contact_point_ids=point_ids, key_questions=questions or [])


def docx_bytes(lines: list[str], table_rows: list[list[str]] | None = None) -> bytes:
    """A .docx with one paragraph per line (and optionally a table), written with python-docx."""
    from docx import Document
    d = Document()
    for line in lines:
        d.add_paragraph(line)
    if table_rows:
        t = d.add_table(rows=0, cols=len(table_rows[0]))
        for row in table_rows:
            cells = t.add_row().cells
            for c, text in zip(cells, row):
                c.text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def docx_text(data: bytes) -> str:
    """All paragraph and table-cell text of a .docx, one line each."""
    from docx import Document
    d = Document(io.BytesIO(data))
    lines = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            lines.append(" | ".join(c.text for c in r.cells))
    return "\n".join(lines)
