"""What the 备案审查 pages read, permission-checked: a case with everything on it, a letter's or a
material's bytes, the reviewers a case can be given to. Staff see every case; a 报备单位 account
only its organ's (workbench.filing.casework.open_filing)."""
from __future__ import annotations

from dataclasses import dataclass

from base.errors import NotFound
from lawtext.model import LegalDocument
from workbench.access.permissions import allowed, require
from workbench.access.users import User, list_users
from workbench.documents.store import get_version
from workbench.filing.casework import open_filing
from workbench.filing.store import (Filing, Item, Letter, Material, Reply, items_of, letter_docx, letters_of,
                                    material_bytes, materials_of, replies_of)


@dataclass
class Case:
    filing: Filing
    items: list[Item]
    materials: list[Material]
    letters: list[Letter]
    replies: list[Reply]
    text: LegalDocument
    corrected: LegalDocument | None

    @property
    def undisposed(self) -> list[Item]:
        return [i for i in self.items if not i.disposition]

    @property
    def confirmed(self) -> list[Item]:
        return [i for i in self.items if i.disposition == "确认"]


def open_case(db, user: User, filing_id: int) -> Case:
    f = open_filing(db, user, filing_id)
    staff = allowed(user, "filing.view")
    items = items_of(db, f.id) if staff else []           # the organ reads the letters, not the worksheet
    corrected = get_version(db, f.corrected_version_id).tree if f.corrected_version_id else None
    return Case(f, items, materials_of(db, f.id), letters_of(db, f.id), replies_of(db, f.id),
                get_version(db, f.version_id).tree, corrected)


def letter_file(db, user: User, letter_id: int) -> tuple[Letter, bytes]:
    letter, data = letter_docx(db, letter_id)
    open_filing(db, user, letter.filing_id)
    return letter, data


def material_file(db, user: User, filing_id: int, material_id: int) -> tuple[str, bytes]:
    open_filing(db, user, filing_id)
    if material_id not in {m.id for m in materials_of(db, filing_id)}:
        raise NotFound(code="filing.material_bytes", material_id=material_id)
    return material_bytes(db, material_id)


def reviewers(db, user: User) -> list[User]:
    """Accounts a case can be assigned to (active, allowed to review filings)."""
    require(user, "filing.view")
    return [u for u in list_users(db) if allowed(u, "filing.review")]
