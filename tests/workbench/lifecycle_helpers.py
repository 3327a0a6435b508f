"""Helpers shared by the lifecycle, plan, dashboard and concurrency tests: real documents from
the project's examples/, real reviews signed through workbench.review.store, real consultations."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from workbench.documents.store import create_document, get_document
from lawtext.files import read_path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = {"GR": "gr-dog-management-v1.md", "ND": "nd-property-services.txt", "LR": "lr-heritage-districts.md"}
TITLES = {"GR": "示例市养犬管理办法", "ND": "示例市住宅小区物业服务管理实施细则", "LR": "示例市历史文化街区保护条例"}


def tree(level: str, edit: str = ""):
    """The example draft of a level; ``edit`` is appended to its first article (a new text)."""
    t = read_path(EXAMPLES / FILES[level])
    if edit:
        t.articles[0].paragraphs[0].text += edit
    return t


def make_doc(db, level: str, author: str = "drafter1", title: str | None = None, label: str = "征求意见稿"):
    doc, _ = create_document(db, title=title or TITLES[level], level=level, tree=tree(level), actor=author,
                             issuing_body="示例市人民政府", label=label)
    return doc


def sign_current(db, doc_id: int, advisor, opinion: str = "合法"):
    """An advisor reviews the current version (no findings to dispose) and signs it."""
    from workbench.review import store as review
    doc = get_document(db, doc_id)
    r = review.create_review(db, doc.current_version_id, actor=advisor, findings=[])
    review.set_opinion(db, r.id, opinion, actor=advisor, text="经审核")
    return review.sign(db, r.id, actor=advisor)


def contact_point(db, admin, name: str = "东城街道联系点"):
    from workbench.consultation.consultations import add_contact_point
    return add_contact_point(db, admin, name=name, kind="街道", district="东城区")


def consult(db, doc_id: int, user, cp_id: int, *, opens: date, days: int):
    from workbench.consultation.consultations import open_consultation
    doc = get_document(db, doc_id)
    return open_consultation(db, user, version_id=doc.current_version_id, opens_on=opens,
                             closes_on=opens + timedelta(days=days), contact_point_ids=[cp_id])
