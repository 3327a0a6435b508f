"""How the rules read the article tree: clauses (款 and 项, with their article and chapter) split
into sentences, with cited titles masked, plus the shared patterns of the catalogue (PARTY, referral
to an upper law, self-reference).

Guarantees of :class:`Sentence`:
1. ``text`` is the original wording (full-width digits already half-width, as the parser stores it);
2. ``masked`` has the same length; every character inside 《…》 is replaced by ``＿`` so that
   words in cited titles (…行政处罚法, …拘留所条例) never trigger a rule;
3. ``start`` is the offset of the sentence inside its clause text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lawtext.model import Article, LegalDocument
from lawtext.vocabulary import LAW_TITLE_SUFFIX as VOCAB_LAW_TITLE_SUFFIX, SELF_NAMES as VOCAB_SELF_NAMES

MASK = "＿"
TITLE_RE = re.compile(r"《([^《》]{1,80})》")

PARTY = r"(公民|个人|法人|单位|企业|经营者|业主|居民|从业人员|当事人|任何单位和个人|生产经营单位|用人单位|其他组织)"

# A cited law: 《中华人民共和国…法》, 《…条例》 … (not the draft itself: 本条例/本办法 are never in 《》)
LAW_TITLE_SUFFIX = f"({VOCAB_LAW_TITLE_SUFFIX})"
# Express reliance on an existing law in the same sentence.
UPPER_LAW = (r"(《[^《》]{2,60}" + LAW_TITLE_SUFFIX + r"[^《》]{0,12}》"
             r"|(有关|相关|其他)?(的)?(法律|行政法规|法律、法规|法律、行政法规|法规|国家)(、[^，。；]{0,12})?(的)?(有关)?规定)")
REFERRAL_VERB = r"(依照|依据|按照|根据|适用|参照)"
REFERRAL_RE = re.compile(REFERRAL_VERB + r"[^，。；]{0,6}?" + UPPER_LAW)
# "依法" immediately governing the measure: 依法吊销, 依法予以处罚, 依法给予, 依法追究
YIFA_RE = re.compile(r"依法(予以|给予|进行|作出|实施|责令|处以|并处)?")
# 法律、行政法规另有规定的，从其规定 — a carve-out, not a citation
CARVE_OUT_RE = re.compile(r"(法律|法规|行政法规)[^，。；]{0,20}(另有|已有)[^，。；]{0,10}规定的?[，,]?(从|依照)其规定")

SELF_NAMES = "(" + "|".join(sorted(VOCAB_SELF_NAMES, key=len, reverse=True)) + ")"


def mask_titles(text: str) -> str:
    return TITLE_RE.sub(lambda m: "《" + MASK * len(m.group(1)) + "》", text)


def cited_titles(text: str) -> list[str]:
    return [m.group(1) for m in TITLE_RE.finditer(text)]


def is_law_title(title: str) -> bool:
    return bool(re.search(LAW_TITLE_SUFFIX + r"([（(][^）)]*[）)])?$", title))


def cites_upper_law(text: str) -> bool:
    """The sentence expressly relies on an existing 法律/法规 (依照《…》…, 依照有关法律、法规的规定)."""
    return bool(REFERRAL_RE.search(text))


_SENT_SPLIT = re.compile(r"(?<=[。；;！？!?])")


@dataclass
class Clause:
    """A 款 (paragraph text) or a 项/目 of an article, or a preamble line of a text without articles."""
    element_id: str
    text: str
    article: Article | None
    kind: str                      # "para" | "item" | "subitem" | "preamble"
    chapter: str = ""              # heading path, e.g. "第六章 法律责任"
    lead: str = ""                 # for a 项: the 款 text that introduces it
    paragraph_index: int = 0       # 1-based 款 number within the article
    masked: str = field(init=False)

    def __post_init__(self):
        self.masked = mask_titles(self.text)

    @property
    def article_label(self) -> str:
        return self.article.label if self.article else ""

    @property
    def in_liability_chapter(self) -> bool:
        return "法律责任" in self.chapter or "罚则" in self.chapter

    def sentences(self) -> list["Sentence"]:
        out, pos = [], 0
        for part in _SENT_SPLIT.split(self.text):
            if part.strip():
                out.append(Sentence(self, part, mask_titles(part), pos))
            pos += len(part)
        return out


@dataclass
class Sentence:
    clause: Clause
    text: str
    masked: str
    start: int

    @property
    def context(self) -> str:
        """The sentence with, for a 项, the introducing 款 text before it."""
        return (self.clause.lead + self.text) if self.clause.lead else self.text

    @property
    def masked_context(self) -> str:
        return mask_titles(self.context)


def clauses(doc: LegalDocument) -> list[Clause]:
    """Every 款 and 项/目 of the document in order (preamble lines when it has no articles)."""
    out: list[Clause] = []
    for a in doc.articles:
        chapter = " / ".join(a.path)
        for pi, p in enumerate(a.paragraphs, 1):
            if p.text:
                out.append(Clause(p.id, p.text, a, "para", chapter, paragraph_index=pi))
            for it in p.items:
                out.append(Clause(it.id, it.full_text, a, "item", chapter, lead=p.text, paragraph_index=pi))
                for s in it.children:
                    out.append(Clause(s.id, s.full_text, a, "subitem", chapter, lead=p.text, paragraph_index=pi))
    if not doc.articles:
        for i, line in enumerate(list(doc.preamble) + _heading_paragraphs(doc), 1):
            out.append(Clause(f"preamble-{i}", line, None, "preamble"))
    return out


def _heading_paragraphs(doc: LegalDocument) -> list[str]:
    lines: list[str] = []
    for h in doc.headings:
        lines.extend(h.paragraphs)
    return lines


def excerpt(text: str, start: int, end: int, width: int = 30) -> str:
    """``text`` around [start, end) with … where cut."""
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")
