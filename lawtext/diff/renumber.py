"""Renumber articles after insertions, deletions and moves, rewriting internal references.

Policy: :func:`plan_renumber` gives **every** article a clean sequential number 第一条, 第二条, …
in body order. 之一 articles are absorbed into the sequence (第十七条之一 becomes 第十八条 and
the following articles move up by one), as in a 修订 (full revision). References are read as
the article labels the document has *now*; an article that was moved keeps its old label until
renumbered, so references to it follow it to its new place.

What is rewritten (only the 条 number; 款 and 项 numbers never change with renumbering):

- ``本条例/本办法/本规定/本细则/本法/本决定/本规则…第X条`` and bare ``第X条`` (a bare reference
  in a normative text means the same text), including ``第X条之一``;
- ``第X条第X款``, ``第X条第X款第（X）项``, ``第X条第（X）项``;
- ranges ``第X条至第Y条`` and lists ``第X条、第Y条和第Z条`` (each member);
- references inside 法律责任 articles such as ``违反本办法第X条规定``.

Left alone: ``前款``, ``前条``, ``本条``, ``前两款`` (relative references), and references to
another instrument: ``《中华人民共和国行政处罚法》第三十二条``, ``刑法第一百零二条``, ``该法第五条``,
and every member of a list that follows such a reference (``《某法》第十条、第十二条``).
References to an article that no longer exists are not rewritten; they become warnings.

:func:`plan_reference_rewrites` rewrites references with an explicit old → new number mapping
(e.g. built by :func:`mapping_from_pairs` from an alignment of a version with its parent).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lawtext.model import Article, Item, LegalDocument
from lawtext.numerals import article_label, cn_to_int, int_to_cn
from lawtext.vocabulary import ARTICLE_LABEL_GROUPS, LAW_TITLE_SUFFIX, REFERENCE_LINK, REFERENCE_TAIL, SELF_NAME
from lawtext.parser import assign_ids

Number = tuple[int, int]  # (number, suffix): 第十七条之一 → (17, 1)

_REF = re.compile(ARTICLE_LABEL_GROUPS)
# what may follow a 条 reference and still belong to it: 第X款, 第（X）项 / 第X项, 第X目
_TAIL = re.compile(REFERENCE_TAIL)
# what may stand between two members of one list or range of references
_LINK = re.compile(rf"^{REFERENCE_LINK}*$")
_INTERNAL_PREFIX = re.compile(rf"{SELF_NAME}$")
_EXTERNAL_PREFIX = re.compile(
    rf"(?:》(?:的)?|该{LAW_TITLE_SUFFIX}|上述(?:法律|法规|规定)|同法|"
    rf"[\u4e00-\u9fff]{LAW_TITLE_SUFFIX})$")


@dataclass
class Reference:
    """One 第X条 reference found in a text."""
    start: int           # span of 第X条[之Y] (the tail 第X款… is not part of it)
    end: int
    number: int
    suffix: int
    internal: bool
    arabic: bool         # written with digits (第31条)

    @property
    def key(self) -> Number:
        return (self.number, self.suffix)


@dataclass
class Rewrite:
    """A text change. ``element_id`` is the id of a 款 (``art-17-p2``), 项 (``art-17-p2-i3``) or
    目 in the tree *before* renumbering; ``before``/``after`` are that element's own text (for
    项/目 without the （一） label). ``changes`` lists each reference as (before, after)."""
    element_id: str
    before: str
    after: str
    changes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ArticleNumber:
    article_id: str
    old_label: str
    new_label: str
    number: int
    suffix: int = 0

    @property
    def changed(self) -> bool:
        return self.old_label != self.new_label


@dataclass
class RenumberPlan:
    """Everything :func:`apply_renumber` will do, for review before applying.

    ``articles``: every article in order with its old and new label; ``rewrites``: every
    reference rewrite; ``warnings``: Chinese messages (references to missing articles,
    duplicate labels)."""
    articles: list[ArticleNumber]
    rewrites: list[Rewrite]
    warnings: list[str] = field(default_factory=list)

    @property
    def renumbered(self) -> list[ArticleNumber]:
        return [a for a in self.articles if a.changed]

    @property
    def is_noop(self) -> bool:
        return not self.renumbered and not self.rewrites


# --- finding references -------------------------------------------------------------------

def _to_int(s: str) -> int:
    return int(s) if s.isdigit() else cn_to_int(s)


def find_references(text: str) -> list[Reference]:
    """Every 第X条 reference in ``text`` with whether it points inside the same instrument."""
    refs: list[Reference] = []
    prev_end = None
    prev_internal = True
    for m in _REF.finditer(text):
        try:
            number = _to_int(m.group(1))
            suffix = cn_to_int(m.group(2)) if m.group(2) else 0
        except ValueError:
            continue
        start = m.start()
        if prev_end is not None and _LINK.match(text[prev_end:start]) and start - prev_end <= 12:
            internal = prev_internal          # continues a list or range
        else:
            before = text[max(0, start - 40):start]
            if _INTERNAL_PREFIX.search(before):
                internal = True
            elif _EXTERNAL_PREFIX.search(before):
                internal = False
            else:
                internal = True               # a bare 第X条 means this instrument
        refs.append(Reference(start, m.end(), number, suffix, internal, m.group(1).isdigit()))
        tail = _TAIL.match(text, m.end())
        prev_end = tail.end() if tail else m.end()
        prev_internal = internal
    return refs


def _format(number: int, suffix: int, arabic: bool) -> str:
    n = str(number) if arabic else int_to_cn(number)
    return f"第{n}条" + (f"之{int_to_cn(suffix)}" if suffix else "")


def rewrite_text(text: str, mapping: dict[Number, Number | None]) -> tuple[str, list[tuple[str, str]], list[Number]]:
    """Rewrite the internal references of one text.

    Returns (new text, [(old ref, new ref)], [referenced numbers missing from the mapping or
    mapped to None]). Numbers mapped to themselves are left as written.
    """
    out: list[str] = []
    changes: list[tuple[str, str]] = []
    missing: list[Number] = []
    pos = 0
    for ref in find_references(text):
        if not ref.internal:
            continue
        if ref.key not in mapping or mapping[ref.key] is None:
            missing.append(ref.key)
            continue
        target = mapping[ref.key]
        if target == ref.key:
            continue
        old = text[ref.start:ref.end]
        new = _format(target[0], target[1], ref.arabic)
        out.append(text[pos:ref.start])
        out.append(new)
        pos = ref.end
        changes.append((old, new))
    out.append(text[pos:])
    return "".join(out), changes, missing


# --- plans --------------------------------------------------------------------------------

def _text_elements(a: Article):
    """(element id, owner object, attribute) for every text field of an article."""
    def items(its: list[Item]):
        for it in its:
            yield it.id, it
            yield from items(it.children)
    for p in a.paragraphs:
        yield p.id, p
        yield from items(p.items)


def plan_reference_rewrites(doc: LegalDocument, mapping: dict[Number, Number | None]) -> tuple[list[Rewrite], list[str]]:
    """Rewrites of every internal reference in ``doc`` under an explicit mapping.

    ``mapping`` maps (number, suffix) as the references are written now to the new
    (number, suffix), or to None when that article no longer exists. Returns (rewrites, warnings).
    """
    rewrites: list[Rewrite] = []
    warnings: list[str] = []
    for a in doc.articles:
        for eid, obj in _text_elements(a):
            after, changes, missing = rewrite_text(obj.text, mapping)
            if changes:
                rewrites.append(Rewrite(eid, obj.text, after, changes))
            for key in missing:
                warnings.append(f"{a.label}引用的{article_label(*key)}在本文中不存在，未改写，请人工核对")
    return rewrites, warnings


def plan_renumber(doc: LegalDocument) -> RenumberPlan:
    """Plan a clean 第一条…第N条 sequence and the reference rewrites it needs (see module doc)."""
    mapping: dict[Number, Number | None] = {}
    numbers: list[ArticleNumber] = []
    warnings: list[str] = []
    for n, a in enumerate(doc.articles, 1):
        key = (a.number, a.suffix)
        if key in mapping:
            warnings.append(f"{a.label}重复出现：引用{a.label}的条文按第一处理，请人工核对")
        else:
            mapping[key] = (n, 0)
        numbers.append(ArticleNumber(a.id, a.label, article_label(n), n))
    rewrites, ref_warnings = plan_reference_rewrites(doc, mapping)
    return RenumberPlan(numbers, rewrites, warnings + ref_warnings)


def apply_rewrites(doc: LegalDocument, rewrites: list[Rewrite]) -> LegalDocument:
    """A new tree with the rewrites applied (ids unchanged). Raises ValueError if an element's
    text no longer equals ``before`` (the plan is stale)."""
    new = LegalDocument.from_dict(doc.to_dict())
    by_id = {r.element_id: r for r in rewrites}
    found = set()
    for a in new.articles:
        for eid, obj in _text_elements(a):
            r = by_id.get(eid)
            if r is None:
                continue
            if obj.text != r.before:
                raise ValueError(f"{eid}: text changed since the plan was made")
            obj.text = r.after
            found.add(eid)
    missing = set(by_id) - found
    if missing:
        raise ValueError(f"elements not found: {sorted(missing)}")
    return new


def apply_renumber(doc: LegalDocument, plan: RenumberPlan) -> LegalDocument:
    """A new tree: rewrites applied, articles renumbered per ``plan``, ids reassigned."""
    new = apply_rewrites(doc, plan.rewrites)
    by_id = {n.article_id: n for n in plan.articles}
    arts = new.articles
    if [a.id for a in arts] != [n.article_id for n in plan.articles]:
        raise ValueError("the plan does not match the document's articles")
    for a in arts:
        n = by_id[a.id]
        a.number, a.suffix, a.label = n.number, n.suffix, n.new_label
    assign_ids(new)
    return new


def mapping_from_pairs(pairs, old: LegalDocument, new: LegalDocument) -> dict[Number, Number | None]:
    """Old (number, suffix) → new (number, suffix) from an alignment (``lawtext.diff.align``).

    A split old article maps to the first of its new articles; merged old articles map to the
    one new article; deleted ones map to None.
    """
    old_by_id = {a.id: a for a in old.articles}
    new_by_id = {a.id: a for a in new.articles}
    mapping: dict[Number, Number | None] = {}
    for p in pairs:
        for oid in p.old_ids:
            o = old_by_id[oid]
            if p.new_ids:
                t = new_by_id[p.new_ids[0]]
                mapping[(o.number, o.suffix)] = (t.number, t.suffix)
            else:
                mapping[(o.number, o.suffix)] = None
    return mapping


_ELEMENT_ID = re.compile(r"^(art-\d+(?:_\d+)?(?:~\d+)?)(?:-p(\d+))?(?:-i(\d+))?(?:-s(\d+))?$")


def describe_element(doc: LegalDocument, element_id: str) -> str:
    """A Chinese location for an element id: art-12-p2-i3 → 第十二条第二款第（三）项."""
    m = _ELEMENT_ID.match(element_id)
    if not m:
        return element_id
    art = doc.article(m.group(1))
    out = art.label if art else m.group(1)
    if m.group(2) and art and len(art.paragraphs) > 1:
        out += f"第{int_to_cn(int(m.group(2)))}款"
    if m.group(3):
        out += f"第（{int_to_cn(int(m.group(3)))}）项"
    if m.group(4):
        out += f"第{int(m.group(4))}目"
    return out
