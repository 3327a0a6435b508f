"""Cutting a provision into sentences (。), parts (；) and segments (，：), and finding the upper
laws it relies on.

Cited titles 《…》 are masked before the vocabulary look-up, so words inside a cited title
(…行政处罚法, …拘留所条例) never count as concepts of the provision itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lawtext.clauses.model import Concept, Referral
from lawtext.numerals import cn_to_int
from lawtext.vocabulary import ARTICLE_LABEL_GROUPS, LAW_TITLE_SUFFIX, UNQUOTED_TITLE

MASK = "＿"
TITLE_RE = re.compile(r"《([^《》]{1,80})》")
ARTICLE_AFTER_TITLE = re.compile(rf"》{ARTICLE_LABEL_GROUPS}")
LAW_TITLE = re.compile(rf"{LAW_TITLE_SUFFIX}([（(][^）)]*[）)])?$")
UNQUOTED_LAW = re.compile(rf"(?P<name>{UNQUOTED_TITLE})(?=及其|和|、|的|第|规定|有关)")
_SENTENCE_END = "。！？!?"
_PART_END = "；;"
_SEGMENT_END = "，,：:"


def mask_titles(text: str) -> str:
    return TITLE_RE.sub(lambda m: "《" + MASK * len(m.group(1)) + "》", text)


@dataclass
class Segment:
    """A comma-delimited piece of a provision."""
    start: int
    end: int
    text: str
    sentence: int
    part: int
    concepts: list[Concept] = field(default_factory=list)
    role: str = ""           # "main" (states the norm) or "cond" (a condition or context)

    def first(self, label: str, kind: str | None = None) -> Concept | None:
        return next((c for c in self.concepts if c.label == label and (kind is None or c.kind == kind)), None)

    def all(self, label: str, kind: str | None = None) -> list[Concept]:
        return [c for c in self.concepts if c.label == label and (kind is None or c.kind == kind)]

    def has(self, label: str, kind: str | None = None) -> bool:
        return self.first(label, kind) is not None

    def concepts_except(self, *labels: str) -> list[Concept]:
        return [c for c in self.concepts if c.label not in labels]

    @property
    def bare(self) -> str:
        return self.text.strip().rstrip(_SEGMENT_END + _PART_END + _SENTENCE_END).strip()


def segments(text: str, concepts: list[Concept]) -> list[Segment]:
    """The segments of ``text`` in order, each with the concepts that lie inside it."""
    out: list[Segment] = []
    sentence = part = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _SEGMENT_END or ch in _PART_END or ch in _SENTENCE_END or i == len(text) - 1:
            end = i + 1
            if text[start:end].strip():
                out.append(Segment(start, end, text[start:end], sentence, part))
            start = end
            if ch in _PART_END:
                part += 1
            elif ch in _SENTENCE_END:
                sentence += 1
                part = 0
    j = 0
    for seg in out:
        while j < len(concepts) and concepts[j].start < seg.start:
            j += 1
        k = j
        while k < len(concepts) and concepts[k].start < seg.end:
            if concepts[k].end <= seg.end:
                seg.concepts.append(concepts[k])
            k += 1
    return out


def _titles(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(1)) for m in TITLE_RE.finditer(text)]


def referrals(text: str, segs: list[Segment]) -> list[Referral]:
    """Every reliance on an upper law in the provision (see :class:`Referral`)."""
    titles = _titles(text)
    out: list[Referral] = []
    for seg in segs:
        for c in seg.concepts:
            if c.label != "REFERRAL":
                continue
            if c.kind == "verb":
                r = _verb_referral(text, seg, c, titles)
                if r:
                    r.sentence = seg.sentence
                    out.append(r)
            elif c.kind in ("yifa", "carve", "criminal"):
                out.append(Referral(c.kind, c.text, c.start, c.end, sentence=seg.sentence))
    # 《X》 cited without a verb before it in the same segment: 违反《X》第N条规定的 is a condition,
    # not a referral; only titles governed by a referral verb count (done above).
    return _dedupe(out)


_ANAPHORIC_UPPER = ("该法", "该条例", "该条", "该款", "该项规定")


def _verb_referral(text: str, seg: Segment, verb: Concept, titles) -> Referral | None:
    """依照 + the nearest 《title》 or 法律/法规/国家规定 after it within the segment."""
    nxt = [c for c in seg.concepts if c.start >= verb.end and c.label == "REFERRAL" and c.kind in ("law", "self")]
    cited = [(s, e, t) for s, e, t in titles if verb.end <= s < seg.end and LAW_TITLE.search(t)]
    first_word = nxt[0] if nxt else None
    if cited and (first_word is None or cited[0][0] <= first_word.start):
        group, end = [cited[0]], cited[0][1]
        for s, e, t in cited[1:]:                 # 依照《A》《B》 / 依照《A》和《B》
            if s - end <= 2:
                group.append((s, e, t))
                end = e
        arts = []
        for s, e, t in group:
            m = ARTICLE_AFTER_TITLE.match(text, e - 1)
            if m:
                try:
                    arts.append((t, cn_to_int(m.group(1))))
                except ValueError:
                    pass
                end = max(end, m.end())
        kind = "article" if arts else "law"
        return Referral(kind, text[verb.start:end], verb.start, end, tuple(t for _, _, t in group), tuple(arts))
    after = text[verb.end:verb.end + 4]
    if after.startswith(_ANAPHORIC_UPPER):            # 依照该条规定: the upper-law article the provision cited before
        return Referral("generic", text[verb.start:verb.end + 2], verb.start, verb.end + 2)
    if first_word is not None and first_word.kind == "law" and first_word.start - verb.end <= 8:
        return Referral("generic", text[verb.start:first_word.end], verb.start, first_word.end)
    if first_word is not None and first_word.kind == "self" and first_word.start - verb.end <= 1:
        return None                               # 依照本办法第十八条: the text itself, not an upper law
    m = UNQUOTED_LAW.match(text, verb.end)
    if m and m.end() <= seg.end:                 # 依照道路交通安全法及其实施条例的规定
        return Referral("law", text[verb.start:m.end()], verb.start, m.end(), (m.group("name"),))
    return None


def _dedupe(refs: list[Referral]) -> list[Referral]:
    refs.sort(key=lambda r: (r.start, -(r.end - r.start)))
    out: list[Referral] = []
    for r in refs:
        if out and r.start < out[-1].end:
            continue
        out.append(r)
    return out
