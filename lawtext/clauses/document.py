"""The provisions of a whole document: every 款 and 项/目 analysed, 项 linked to the 款 that
introduces them (a 项 under 有下列行为之一的 / 不得有下列行为 lists conduct; a 项 under 应当具备下列
条件 lists requirements of the 款's norm)."""
from __future__ import annotations

from dataclasses import dataclass

from lawtext.clauses.model import Provision
from lawtext.clauses.pipeline import analyse_many
from lawtext.model import Article, LegalDocument


@dataclass
class Unit:
    element_id: str
    text: str
    kind: str                 # para / item / subitem / preamble
    article: Article | None
    lead_id: str = ""         # for a 项/目: the 款 introducing it


def units(doc: LegalDocument) -> list[Unit]:
    """Every 款 and 项/目 of the document in order (preamble lines when it has no articles); the
    texts are those the rules quote (a 项 with its label, e.g. 「（一）…」)."""
    out: list[Unit] = []
    for a in doc.articles:
        for p in a.paragraphs:
            if p.text:
                out.append(Unit(p.id, p.text, "para", a))
            for it in p.items:
                out.append(Unit(it.id, it.full_text, "item", a, p.id if p.text else ""))
                for s in it.children:
                    out.append(Unit(s.id, s.full_text, "subitem", a, p.id if p.text else ""))
    if not doc.articles:
        lines = list(doc.preamble) + [line for h in doc.headings for line in h.paragraphs]
        out.extend(Unit(f"preamble-{i}", line, "preamble", None) for i, line in enumerate(lines, 1))
    return out


def analyse_document(doc: LegalDocument) -> dict[str, Provision]:
    """element id → its analysed provision, 项 linked to their 款."""
    us = units(doc)
    provs = analyse_many([u.text for u in us])
    by_id: dict[str, Provision] = {}
    for u, p in zip(us, provs):
        p.element_id, p.kind = u.element_id, u.kind
        by_id[u.element_id] = p
    for u in us:
        if u.lead_id and u.lead_id in by_id:
            lead = by_id[u.lead_id]
            by_id[u.element_id].lead = lead
            lead.items.append(by_id[u.element_id])
    return by_id
