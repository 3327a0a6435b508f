"""How the rules read the clause model (lawtext.clauses): every normative clause of the draft
with the 款/项 it belongs to, and findings that carry the clause fields that met the rule.

A rule states its condition on clause fields — "a consequence of type sanction, kind other than
警告/通报批评/罚款, imposed, with no upper-law referral" — and reports a :class:`~checks.base.Hit`
whose evidence holds those fields and a readable line, e.g.
「条件：未在本市设立分公司 → 后果：不得参与投标 ⇒ 以注册地作为准入条件」.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from lawtext.clauses import analyse_many
from lawtext.clauses.model import (ENCOURAGEMENT, PRIVATE, PUBLIC, Consequence, NormClause, Provision)

from checks.base import Context, Hit
from checks.text import Clause

UPPER_REFERRALS = ("article", "law", "generic")


@dataclass
class Norm:
    """One normative clause, with the 款/项 (``unit``: checks.text.Clause) and provision it is in."""
    unit: Clause
    prov: Provision
    clause: NormClause

    @property
    def lead(self) -> Provision | None:
        return self.prov.lead

    @property
    def in_conduct_list(self) -> bool:
        """A 项 listing conduct (有下列行为之一的：… / 不得有下列行为：…): its words describe what is
        sanctioned or forbidden, not a measure the draft imposes."""
        lead = self.prov.lead
        if lead is None:
            return False
        if lead.lists_conduct:
            return True
        return any(c.modality == "prohibition" for c in lead.clauses)

    @property
    def referral(self):
        """The clause's upper-law referral, else its 款's (for a 项)."""
        if self.clause.referral is not None:
            return self.clause.referral
        if self.prov.lead is not None:
            refs = [c.referral for c in self.prov.lead.clauses if c.referral is not None]
            return refs[0] if refs else None
        return None

    @property
    def referred(self) -> bool:
        r = self.referral
        return r is not None and r.kind in ("article", "law", "generic", "yifa")

    def referred_for(self, c: Consequence) -> bool:
        """``c`` relies on an upper law: a citation or 依照有关法律法规 in its sentence, 依法 governing
        it (not 依法 elsewhere in the clause), or the 款's referral for a 项."""
        if c.referral in ("article", "law", "generic", "yifa") or (c.type == "criminal" and c.referral == "criminal"):
            return True
        lead = self.prov.lead
        return lead is not None and any(r.kind in ("article", "law", "generic", "yifa") for r in lead.referrals)

    @property
    def cites_upper_law(self) -> bool:
        r = self.referral
        return r is not None and r.kind in UPPER_REFERRALS

    @property
    def violation(self) -> bool:
        """The clause answers a breach: its own conditions, or (for a 款 introducing 项, or a 项) the
        items' conditions."""
        if self.clause.violation:
            return True
        if any(_SANCTIONED_STATE.search(d.text) for d in self.clause.conditions):
            return True             # 列入名单的人员，五年内不得…: the listing answered a breach
        lead = self.prov if self.prov.items else self.prov.lead
        if lead is None or not lead.lists_conduct or any(c.modality == "prohibition" for c in lead.clauses):
            return False            # 不得有下列行为 lists what is forbidden, not a breach the clause answers
        return any(c.violation for it in lead.items for c in it.clauses)

    def lead_clause(self) -> NormClause | None:
        lead = self.prov.lead
        return lead.clauses[-1] if lead and lead.clauses else None


# a condition naming the state a breach put someone in (listed, suspended, the party of the 前款)
_SANCTIONED_STATE = re.compile(r"列入[^，。；]{0,20}(?:黑名单|失信|违法|不良)[^，。；]{0,8}名单|失信[^，。；]{0,6}(?:名单|主体|人员)|"
                               r"黑名单|列入(?:该|上述|前款)?名单的|(?:记入|列入|纳入)(?:其)?不良(?:行为|信用)?记录|记入(?:企业)?信用档案[^，。；]{0,6}?(?:满|达到|累计)|排名末位|"
                               r"(?:考核|考评|评价|评定|评估)[^，。；]{0,12}?(?:不合格|末位)|暂停期间|被(?:吊销|处罚|罚款|责令)|被撤销[^，。；]{0,6}(?:许可|资格|执照|证)|对前款[^，。；]{0,16}(?:企业|单位|经营者|机构)[^，。；]{0,8}的")


def aimed_at_organs(n: Norm) -> bool:
    """对行政机关未按照要求开展…工作的，予以通报批评: the conduct answered is an organ's, so the measure is
    supervision inside the administration, not a sanction on citizens or businesses."""
    lead = next((d for d in n.clause.conditions if d.text.startswith("对")), None)
    return lead is not None and any(c.label == "ORGAN" for c in lead.concepts) and \
        not any(c.label in ("PARTY", "AGENT") for c in lead.concepts)


def norms(ctx: Context) -> list[Norm]:
    """Every normative clause of the draft, in document order (computed once per context)."""
    cached = ctx.__dict__.get("_norms")
    if cached is None:
        cached = []
        for unit in ctx.clauses:
            prov = ctx.provisions.get(unit.element_id)
            if prov is not None:
                cached.extend(Norm(unit, prov, c) for c in prov.clauses)
        ctx.__dict__["_norms"] = cached
    return cached


def imposed(ctx: Context, *types: str) -> Iterator[tuple[Norm, Consequence]]:
    """Consequences of ``types`` the draft imposes: not forbidden by the clause, not conduct listed
    under 有下列行为之一的, not merely encouraged."""
    for n in norms(ctx):
        if n.in_conduct_list or n.clause.modality == ENCOURAGEMENT:
            continue
        for c in n.clause.consequences:
            if c.type in types and not c.negated:
                yield n, c


def burdens_private(n: Norm) -> bool:
    """The clause addresses, or acts upon, a private party (公民、法人或者其他组织)."""
    t = n.clause.addressee_type
    return t in (PRIVATE, "") or t not in (PUBLIC,)


def clause_evidence(n: Norm, conclusion: str, consequence: Consequence | None = None) -> dict:
    c = n.clause
    fields = {
        "text": c.text,
        "addressee": c.addressee,
        "modality": c.modality,
        "conditions": [d.text for d in c.conditions if d.kind != "context"],
        "authority": c.authority,
        "referral": c.referral.text if c.referral is not None else (n.referral.text if n.referral else ""),
    }
    if consequence is not None:
        fields["consequence"] = {"type": consequence.type, "kind": consequence.kind, "name": consequence.name,
                                 "text": consequence.text}
        if consequence.object:
            fields["consequence"]["object"] = consequence.object
        if consequence.issuer:
            fields["consequence"]["issuer"] = consequence.issuer
        if consequence.amount is not None and consequence.amount.max_amount is not None:
            fields["consequence"]["max_amount"] = consequence.amount.max_amount
    return {"clause": fields, "summary": c.summary(conclusion, consequence)}


def norm_hit(n: Norm, message: str, conclusion: str, consequence: Consequence | None = None, *,
             span: tuple[int, int] | None = None, **kw) -> Hit:
    """A hit on the words of ``consequence`` (or ``span``, or the whole clause) with the clause
    evidence."""
    if span is None:
        span = (consequence.start, consequence.end) if consequence is not None else (n.clause.start, n.clause.end)
    return Hit(message, n.unit, span[0], span[1], evidence=clause_evidence(n, conclusion, consequence), **kw)


def concepts_in(n: Norm, label: str, kind: str | None = None):
    return [c for c in n.clause.concepts if c.label == label and (kind is None or c.kind == kind)]


def has_concept(n: Norm, label: str, kind: str | None = None) -> bool:
    return any(c.label == label and (kind is None or c.kind == kind) for c in n.clause.concepts)


def prov_has(n: Norm, label: str, kind: str | None = None) -> bool:
    """The concept occurs anywhere in the 款/项 (or, for a 项, in its 款)."""
    if n.prov.has(label, kind):
        return True
    return n.prov.lead is not None and n.prov.lead.has(label, kind)


@lru_cache(maxsize=4096)
def upper_consequences(text: str) -> frozenset[tuple[str, str]]:
    """(type, kind) of every consequence an upper-law article provides."""
    out = set()
    for prov in analyse_many([line for line in text.splitlines() if line.strip()]):
        for cl in prov.clauses:
            out.update((c.type, c.kind) for c in cl.consequences if not c.negated)
    return frozenset(out)


def upper_sanctions(text: str) -> dict[str, list[Consequence]]:
    """Sanction kinds an upper-law article provides (the clause model run on its text), with the
    consequences (fines carry their amounts)."""
    out: dict[str, list[Consequence]] = {}
    lines = [line for line in text.splitlines() if line.strip()]
    for prov in analyse_many(lines):
        for cl in prov.clauses:
            for c in cl.consequences:
                if c.type == "sanction" and not c.negated:
                    out.setdefault(c.kind, []).append(c)
    return out


_CARERS = ("监护人", "近亲属", "家属", "亲属", "家庭成员", "监护")
_ANIMALS = ("犬", "动物", "宠物", "牲畜", "家禽")
_POLICE = ("公安机关", "人民警察", "公安")


_PLACES = ("场所", "机构", "中心", "设施", "地点", "病房")


def phrase_from(n: Norm, start: int) -> str:
    """The clause's text from ``start`` (a provision offset) to the next comma, semicolon or stop."""
    return re.split(r"[，。；：]", n.clause.text[start - n.clause.start:], maxsplit=1)[0]


def names_a_place(n: Norm, c: Consequence) -> bool:
    """The measure word only qualifies a place (指定…隔离、留置观察、治疗场所): the phrase it stands in
    ends in a place noun and nothing is done to anyone in it."""
    phrase = phrase_from(n, c.start)
    return phrase.endswith(_PLACES) and not any(w in phrase for w in ("对", "将", "把", "送"))


def liberty_exempt(n: Norm, c: Consequence) -> bool:
    """A 看管 / 带离 / 约束 that is no administrative restriction of liberty: of animals; the police
    removing people from a scene (人民警察法第八条); care by a guardian or relative (由其近亲属领回
    严加看管, 监护人负责对精神病人的看管); auxiliary staff assisting the police (协助…看管违法犯罪嫌疑人);
    a place named by what is done there (留置观察场所)."""
    text = n.clause.text
    if c.text.startswith("不得"):
        return False                     # 不得擅自离开救助管理站: the person is kept there, by no carer
    if names_a_place(n, c):
        return True
    if any(w in text for w in _ANIMALS) and "人员" not in text:
        return True
    if "带离" in c.text and any(w in n.prov.text for w in _POLICE):
        return True
    before = text[:max(0, c.start - n.clause.start)]
    lead = n.prov.lead.text if n.prov.lead is not None else ""
    if any(w in before for w in _CARERS) or "协助" in before or "协助" in lead:
        return True
    return False
