"""Rules, findings and the context a rule reads.

A rule is a function ``check(ctx) -> Iterable[Hit]`` wrapped by :func:`rule`, which attaches the
catalogue metadata (id, levels, severity, basis, requires, params, head of the 审核意见书) and turns
hits into :class:`Finding` objects. ``@rule`` does NOT register anything: ``checks/registry.py``
lists the rules explicitly.

A rule's docstring is written for a lawyer, in the sections What it checks / Why / Fires on /
Does not fire on / Basis; ``python -m workbench rules docs`` renders it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Iterable, Iterator

from lawtext.clauses import analyse_document
from lawtext.model import LegalDocument

from checks.finding import SEVERITIES, SEVERITY_NAMES, Finding  # noqa: F401 - the rule book's names

from checks.config import Jurisdiction, param_label
from checks.text import Clause, Sentence, clauses, excerpt
from lawtext.numerals import int_to_cn
from lawtext.vocabulary import SELF_NAME

LEVEL_SET = frozenset({"LR", "GR", "ND"})
REQUIREMENTS = frozenset({"tree", "corpus", "dossier", "meta"})

# The seven heads of PROC-LEGALITY-SCOPE (0: drafting technique, reported after them)
HEADS = {
    1: "制定主体是否合法",
    2: "是否超越制定机关法定职权",
    3: "是否符合宪法、法律、法规、规章和国家政策",
    4: "是否违法设定行政许可、行政处罚、行政强制、行政征收、行政收费等事项",
    5: "是否存在没有法律法规依据减损公民、法人和其他组织合法权益或者增加其义务的情形",
    6: "是否存在没有法律法规依据增加本单位权力或者减少本单位法定职责的情形",
    7: "是否违反规定的制定程序",
    0: "立法技术规范",
}
DOC_SECTIONS = ("What it checks", "Why", "Fires on", "Does not fire on", "Basis")


@dataclass
class Hit:
    """What a rule reports: where (clause, span in its text), what, and optionally a severity
    that overrides the rule's default for this hit."""
    message: str
    clause: Clause | None = None
    start: int = 0
    end: int = 0
    severity: str | None = None
    params: tuple[str, ...] | None = None   # jurisdiction parameters this hit depends on (None: the rule's)
    element_id: str | None = None    # when there is no clause (e.g. a heading)
    article_label: str | None = None
    facts: tuple[str, ...] = ()      # dossier fields this hit rests on (procedure rules)
    evidence: dict | None = None     # what met the rule (e.g. clause fields), shown to the advisor
    fix: str = ""                    # suggested redraft, when the rule can propose one


def hit_at(sentence: Sentence, m: re.Match | tuple[int, int], message: str, **kw) -> Hit:
    s, e = (m.start(), m.end()) if isinstance(m, re.Match) else m
    return Hit(message, sentence.clause, sentence.start + s, sentence.start + e, **kw)


@dataclass
class Context:
    tree: LegalDocument
    level: str
    config: Jurisdiction
    corpus: object | None = None          # checks.corpus_link.CorpusLink, when a corpus database is available
    dossier: dict | None = None           # procedural facts (dates, artifacts); see checks/procedure.py
    meta: dict = field(default_factory=dict)   # title, issuing_body

    @cached_property
    def clauses(self) -> list[Clause]:
        return clauses(self.tree)

    @cached_property
    def provisions(self) -> dict:
        """element id → lawtext.clauses Provision (the clause model of every 款 and 项)."""
        return analyse_document(self.tree)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return [s for c in self.clauses for s in c.sentences()]

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.tree.title or ""

    @cached_property
    def full_text(self) -> str:
        return "\n".join(c.text for c in self.clauses)

    @cached_property
    def purpose_text(self) -> str:
        """第一条 (purpose and basis), or the first lines of a text without articles."""
        arts = self.tree.articles
        if arts:
            return arts[0].flat_text
        return "".join(self.tree.preamble[:2])

    @cached_property
    def self_name(self) -> str:
        """How the draft calls itself (本条例 / 本办法 / 本规定 / 本通知…)."""
        m = re.search(SELF_NAME, self.full_text)
        return m.group(0) if m else "本规定"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    family: str
    levels: frozenset
    severity: object            # str, or {level: str}
    basis: str
    requires: frozenset
    head: int
    params: tuple
    check: Callable[[Context], Iterable[Hit]]
    doc: str

    def severity_for(self, level: str) -> str:
        if isinstance(self.severity, dict):
            return self.severity.get(level, next(iter(self.severity.values())))
        return self.severity

    def applies(self, ctx: Context) -> bool:
        if ctx.level not in self.levels:
            return False
        if "corpus" in self.requires and ctx.corpus is None:
            return False
        if "dossier" in self.requires and not ctx.dossier:
            return False
        return True

    def run(self, ctx: Context) -> list[Finding]:
        out = []
        seen: set[tuple] = set()
        for h in self.check(ctx) or ():
            sev = h.severity or self.severity_for(ctx.level)
            msg = h.message
            unverified = [p for p in (self.params if h.params is None else h.params) if not ctx.config.verified(p)]
            if unverified and sev == "error":
                sev = "warning"
                names = "、".join(dict.fromkeys(param_label(p) for p in unverified))
                msg += f"（所依据的{names}未经核实，按警示处理）"
            if h.clause is not None:
                text = h.clause.text
                span = text[h.start:h.end] if h.end > h.start else ""
                exc = excerpt(text, h.start, h.end) if span else text[:80]
                eid, label = h.clause.element_id, h.clause.article_label or None
            else:
                span, exc = "", ""
                eid, label = h.element_id, h.article_label
            key = (eid, msg)
            if key in seen:          # one finding per element and message
                continue
            seen.add(key)
            out.append(Finding(rule=self.id, severity=sev, message=msg, element_id=eid, article_label=label,
                               excerpt=exc, basis=self.basis, span=span, family=self.family, head=self.head,
                               title=self.title, facts=tuple(h.facts), evidence=dict(h.evidence or {}), fix=h.fix))
        return out

    def doc_sections(self) -> dict[str, str]:
        """The docstring's sections by heading ("What it checks:" … "Basis:")."""
        sections: dict[str, list[str]] = {}
        current = None
        for line in (self.doc or "").splitlines():
            stripped = line.strip()
            head = next((s for s in DOC_SECTIONS if stripped.startswith(s + ":")), None)
            if head:
                current = head
                sections[current] = [stripped[len(head) + 1:].strip()]
            elif current:
                sections[current].append(stripped)
        return {k: "\n".join(v).strip() for k, v in sections.items()}


def rule(id: str, *, title: str, levels, severity, basis: str, head: int, requires=("tree",),
         params: tuple = ()) -> Callable[[Callable], Rule]:
    """Wrap a check function as a :class:`Rule` (no registration; see registry.py)."""
    lv = frozenset(levels.split() if isinstance(levels, str) else levels)
    assert lv <= LEVEL_SET, id
    req = frozenset(requires)
    assert req <= REQUIREMENTS, id

    def wrap(fn: Callable) -> Rule:
        family = fn.__module__.rsplit(".", 1)[-1]
        return Rule(id=id, title=title, family=family, levels=lv, severity=severity, basis=basis,
                    requires=req, head=head, params=tuple(params), check=fn, doc=fn.__doc__ or "")
    return wrap


def one_per_article(hits: Iterable[Hit], what: str) -> Iterator[Hit]:
    """Fold the hits of one article into one, for rules that judge an article's wording as a whole
    (e.g. obligations without a legal basis): the advisor disposes the article once. The hit is
    anchored at the article's first match; when the article has more than one 款 the message starts
    by naming the 款 concerned, 「本条第一款、第二款{what}。」 (what: e.g. 「设定了义务或者限制」).
    Hits without a clause pass through unchanged."""
    groups: dict[str, list[Hit]] = {}
    order: list[Hit | str] = []
    for h in hits:
        art = h.clause.article if h.clause is not None else None
        if art is None:
            order.append(h)
            continue
        if art.id not in groups:
            groups[art.id] = []
            order.append(art.id)
        groups[art.id].append(h)
    for entry in order:
        if isinstance(entry, Hit):
            yield entry
            continue
        group = groups[entry]
        first = group[0]
        art = first.clause.article
        if sum(1 for p in art.paragraphs if p.text or p.items) > 1:
            paras = sorted({h.clause.paragraph_index for h in group})
            where = "、".join(f"第{int_to_cn(n)}款" for n in paras)
            first = replace(first, message=f"本条{where}{what}。{first.message}")
        yield first


def iter_matches(ctx: Context, pattern: re.Pattern, *, use_context: bool = False):
    """(sentence, match) for every match of ``pattern`` on the masked sentences."""
    for s in ctx.sentences:
        for m in pattern.finditer(s.masked):
            yield s, m
