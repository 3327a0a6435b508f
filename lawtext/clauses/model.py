"""What a provision says, as plain data: normative clauses with their fields.

A :class:`Provision` is one 款 or 项 (its text exactly as the article tree holds it). It is cut into
:class:`NormClause` objects — one norm each: who (addressee), how binding (modality), doing what
(action, object), under which conditions, with which typed consequences, on whose authority, by
reference to which upper law, and with which temporal scope. Offsets are character offsets in the
provision's text, so a rule can point at the words that met it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from lawtext.amounts import Fine

# who a clause addresses
PRIVATE, PUBLIC, AGENT, CONSENT, SELFGOV = "private", "public", "agent", "consent", "selfgov"
# how a clause binds
OBLIGATION, PROHIBITION, PERMISSION, ENCOURAGEMENT, PRECONDITION, IMPOSITION = (
    "obligation", "prohibition", "permission", "encouragement", "precondition", "imposition")
MODALITY_NAMES = {OBLIGATION: "应当", PROHIBITION: "不得", PERMISSION: "可以", ENCOURAGEMENT: "鼓励",
                  PRECONDITION: "方可", IMPOSITION: "（法律后果）", "": ""}


@dataclass(frozen=True)
class Concept:
    """A vocabulary hit (lexicon label and kind) in the provision's text."""
    label: str
    kind: str
    text: str
    start: int
    end: int


@dataclass
class Referral:
    """Reliance on an existing law: 依照《X》第N条 (article), 依照《X》 (law), 依照有关法律、法规
    (generic), 依法 (yifa), 法律另有规定的从其规定 (carve), 构成犯罪的依法追究刑事责任 (criminal)."""
    kind: str
    text: str
    start: int
    end: int
    titles: tuple[str, ...] = ()
    articles: tuple[tuple[str, int], ...] = ()
    sentence: int = 0

    @property
    def names_upper_law(self) -> bool:
        return self.kind in ("article", "law", "generic")


@dataclass
class Condition:
    """A condition of a clause: …的 (if), 对…的X (target), 未…的 (unless/violation), 经…后 / 取得…后
    (precondition), 在…前 (time), or context words before the norm."""
    kind: str
    text: str
    start: int
    end: int
    violation: bool = False          # describes a breach (违反, 未按, 逾期, 拒不, 被投诉…)
    gate: bool = False               # 未经/未取得/未列入 + an approval: the absence of a licence
    distinctions: tuple[Concept, ...] = ()
    concepts: tuple[Concept, ...] = ()


@dataclass
class Consequence:
    """A typed consequence: what the clause makes happen. ``type`` is one of sanction, credit,
    measure, execution, licence, fee, deposit, levy, tax, price, market, expropriation, litigation,
    civil, criminal, abolished, privacy, proof, power, biz, denial; ``kind`` refines it (fine,
    revoke_business_licence, seize …). ``negated``: the clause forbids it rather than imposes it."""
    type: str
    kind: str
    name: str
    text: str
    start: int
    end: int
    object: str = ""
    by_effect: bool = False          # named by its effect, not by its statutory name
    negated: bool = False
    amount: Fine | None = None
    issuer: str = ""                 # for licences: who approves (and issuer_type)
    issuer_type: str = ""
    form: str = ""                   # for licences: explicit / disguised
    referral: str = ""               # kind of the upper-law referral governing it ("" when none)


@dataclass
class NormClause:
    text: str
    start: int
    end: int
    sentence: int = 0
    addressee: str = ""
    addressee_type: str = ""
    modality: str = ""
    action: str = ""
    object: str = ""
    conditions: list[Condition] = field(default_factory=list)
    consequences: list[Consequence] = field(default_factory=list)
    authority: str = ""
    referral: Referral | None = None
    carve_out: bool = False
    temporal: tuple[Concept, ...] = ()
    distinctions: tuple[Concept, ...] = ()
    concepts: tuple[Concept, ...] = ()
    violation: bool = False          # some condition (or the escalated clause before) is a breach
    statement: str = ""              # the norm's own words (the clause without its conditions)
    shields: bool = False            # it forbids burdening someone else (不得要求申请人提交…, 不得指定…)

    @property
    def referred(self) -> bool:
        """Relies on an upper law: a citation, 依照有关法律法规, or 依法 (not the carve-out)."""
        return self.referral is not None and self.referral.kind in ("article", "law", "generic", "yifa")

    def imposed(self, *types: str) -> list[Consequence]:
        """Consequences of these types that the clause imposes (not the ones it forbids)."""
        return [c for c in self.consequences if c.type in types and not c.negated]

    def summary(self, conclusion: str = "", consequence: Consequence | None = None) -> str:
        """One readable line: 「条件：… → 后果：… ⇒ conclusion」."""
        parts = []
        conds = [c.text for c in self.conditions if c.kind != "referral"]
        if conds:
            parts.append("条件：" + "；".join(conds))
        what = self.statement or self.text
        if consequence is not None and consequence.text and consequence.text not in what:
            what = f"{what}（{consequence.text}）"
        parts.append("后果：" + what)
        if self.referral is not None:
            parts.append("依据：" + self.referral.text)
        line = " → ".join(parts)
        return f"{line} ⇒ {conclusion}" if conclusion else line

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("concepts", None)
        for c in d["consequences"]:
            if c.get("amount") is not None:
                c["amount"] = {k: v for k, v in c["amount"].items() if v not in (None, "")}
        return d


@dataclass
class Provision:
    """One 款 or 项 analysed: its clauses, every concept found, and where it sits."""
    text: str
    clauses: list[NormClause] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    element_id: str = ""
    kind: str = "para"                # para / item / subitem / preamble
    lead: "Provision | None" = None   # for a 项: the 款 that introduces it
    items: list["Provision"] = field(default_factory=list)

    @property
    def lists_conduct(self) -> bool:
        """A 款 introducing conduct it sanctions or forbids (有下列行为之一的 / 不得有下列行为)."""
        return any(c.label == "CUE" and c.kind == "list_lead" for c in self.concepts)

    def has(self, label: str, kind: str | None = None) -> bool:
        return any(c.label == label and (kind is None or c.kind == kind) for c in self.concepts)
