"""The letters the workbench issues (公文, lawtext.docx.official): who issues them and their 发文字号.

The issuing organ and the 发文字号 pattern are configuration (environment), the counters live in
the database:

- ``WORKBENCH_ISSUER``: 发文机关全称 (default 示例市司法局), used for the 标志 and the 署名;
- ``WORKBENCH_ISSUER_CODE``: 机关代字 (default 示司);
- ``WORKBENCH_NUMBER_PATTERN``: the 发文字号 with ``{代字}``, ``{类}``, ``{年}``, ``{号}``
  (default ``{代字}{类}〔{年}〕{号}号`` → 示司审〔2026〕3号);
- ``WORKBENCH_NUMBER_CLASSES``: the 类 of each kind of letter, e.g. ``opinion=审,consultation=函``
  (defaults in ``CLASSES``); kinds of one 类 share a counter, which restarts every year.

A letter gets its number the first time it is issued (:func:`number_for`) and keeps it: the same
review or the same point's feedback letter downloaded again shows the same 发文字号. Every number
given is audited (``letter.number``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Migrations

from base import audit
from base.db import transaction
from base.errors import InputError

MIGRATIONS = Migrations("workbench.letters")  # stored name: never rename

KINDS = {"opinion": "合法性审核意见书", "consultation": "征求意见函", "feedback": "征求意见采纳情况反馈函",
         "adoption": "征求意见采纳情况说明"}
CLASSES = {"opinion": "审", "consultation": "函", "feedback": "函", "adoption": "函"}
DEFAULT_PATTERN = "{代字}{类}〔{年}〕{号}号"


@MIGRATIONS()
def m001_letter_numbers(db):
    db["letter_numbers"].create({
        "id": int, "kind": str, "subject": str, "class": str, "year": int, "seq": int, "number": str,
        "issued_on": str, "assigned_at": str, "assigned_by": str,
    }, pk="id", not_null={"kind", "subject", "class", "year", "seq", "number", "issued_on"})
    db["letter_numbers"].create_index(["kind", "subject"], unique=True)
    db["letter_numbers"].create_index(["class", "year", "seq"], unique=True)


@dataclass(frozen=True)
class Issuer:
    name: str          # 发文机关全称
    code: str          # 机关代字
    pattern: str
    classes: dict

    @property
    def office(self) -> str:
        """印发机关."""
        return f"{self.name}办公室"


def issuer() -> Issuer:
    """The organ that issues the workbench's letters (see the module docstring)."""
    classes = dict(CLASSES)
    for pair in os.environ.get("WORKBENCH_NUMBER_CLASSES", "").split(","):
        kind, _, cls = pair.partition("=")
        if kind.strip() in KINDS and cls.strip():
            classes[kind.strip()] = cls.strip()
    return Issuer(name=os.environ.get("WORKBENCH_ISSUER", "").strip() or "示例市司法局",
                  code=os.environ.get("WORKBENCH_ISSUER_CODE", "").strip() or "示司",
                  pattern=os.environ.get("WORKBENCH_NUMBER_PATTERN", "").strip() or DEFAULT_PATTERN,
                  classes=classes)


def format_number(who: Issuer, kind: str, year: int, seq: int) -> str:
    try:
        return who.pattern.format(代字=who.code, 类=who.classes[kind], 年=year, 号=seq)
    except (KeyError, IndexError, ValueError) as e:
        raise InputError(code="letters.format_number", pattern=who.pattern) from e


@dataclass(frozen=True)
class Issued:
    number: str        # 发文字号
    on: date           # 成文日期 (the day it was first issued)


def issued(db, kind: str, subject: str) -> Issued | None:
    row = db.execute("select number, issued_on from letter_numbers where kind = ? and subject = ?",
                     [kind, subject]).fetchone()
    return Issued(row[0], date.fromisoformat(row[1])) if row else None


def number_for(db, kind: str, subject: str, *, actor: str, on: date) -> Issued:
    """The 发文字号 and 成文日期 of the ``kind`` letter about ``subject`` (e.g. a review id): given on
    first issue (dated ``on``) from the counter of its 类 and year, the same ever after."""
    if kind not in KINDS:
        raise InputError(code="letters.number_for", kind=kind)
    if (found := issued(db, kind, subject)) is not None:
        return found
    who = issuer()
    cls = who.classes[kind]
    with transaction(db):
        if (found := issued(db, kind, subject)) is not None:
            return found
        seq = db.execute("select coalesce(max(seq), 0) + 1 from letter_numbers where class = ? and year = ?",
                         [cls, on.year]).fetchone()[0]
        number = format_number(who, kind, on.year, seq)
        db["letter_numbers"].insert({"kind": kind, "subject": subject, "class": cls, "year": on.year, "seq": seq,
                                     "number": number, "issued_on": on.isoformat(), "assigned_at": audit.now_iso(),
                                     "assigned_by": actor})
        audit.append(db, actor=actor, action="letter.number",
                     detail={"kind": kind, "subject": subject, "number": number})
    return Issued(number, on)
