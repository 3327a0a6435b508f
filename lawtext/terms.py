"""Defined terms in a draft and their consistent use.

A draft defines terms in three ways:

* 本办法所称X，是指…… / 本条例所称X和Y，包括…… (``kind="所称"``);
* 下列用语的含义：（一）X，是指……；（二）Y，是指…… (``kind="含义"``);
* a short form: 市交通行政管理部门（以下简称市交通部门） (``kind="简称"``), with its full form.

:func:`term_issues` reports, per article:

* a term defined twice with different wording (``duplicate``);
* a full form used again after its short form was introduced (``full_after_short``);
* a short form used before the clause that introduces it (``short_before``);
* a term defined but never used outside its own definition (``unused``): the text probably
  uses another word for it.

(A one-character-variant detector was tried on 450 enacted regulations and dropped: nearly all
its hits were different concepts, e.g. 失能老年人 / 失智老年人.)

Each issue carries the catalogue rule it belongs to (``DRAFT-CLARITY``: norms must be
明确、具体; definitions of terms used in several provisions are placed in the 附则 —
``DRAFT-STRUCTURE``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lawtext.vocabulary import ARTICLE_LABEL, SELF_NAME
from lawtext.model import Article, LegalDocument

CLARITY_RULE = "DRAFT-CLARITY"
STRUCTURE_RULE = "DRAFT-STRUCTURE"

_SELF = SELF_NAME
_DEFINED = re.compile(
    rf"{_SELF}(?:中)?所称(?:的)?[“\"]?(?P<terms>[^，,。；;：:“”\"（）()]{{1,30}}?)[”\"]?(?:（[^）]*）)?"
    r"[，,]?(?=是指|指|包括|系指|即|，是|是)")
_MEANING_INTRO = re.compile(rf"(?:{_SELF})?(?:中)?下列(?:用语|术语|词语)(?:的)?含义")
_MEANING_ITEM = re.compile(r"^[“\"]?(?P<term>[^，,。；：:“”\"]{1,20}?)[”\"]?(?:[，,：:]\s*)?(?=是指|指|包括|系指)")
_SHORT = re.compile(r"（以下(?:简称|称)[：:]?[“\"]?(?P<short>[^）”\"]{1,20})[”\"]?）")
_CUT_MARKERS = ("的", "适用于", "结合", "根据", "依据", "依照", "按照", "由", "对", "在", "是", "经", "向",
                "设立", "成立", "通过", "会同", "指导", "组织", "负责", "为了", "规范", "加强", "推动", "促进")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:、（）()“”\"]")
# a full form followed by one of these is part of a proper name (农业承包合同仲裁委员会): keep it
_NAME_SUFFIX = re.compile(r"(?:仲裁)?(?:委员会|管委会|办公室|机构|中心|协会|学会|基金|法院|局|厅|处|所)")


@dataclass(frozen=True)
class Definition:
    term: str
    kind: str            # 所称 / 含义 / 简称
    article_id: str
    article_label: str
    element_id: str
    position: int        # offset in the draft's running text (document order)
    wording: str         # the defining sentence, for display and duplicate detection
    full: str = ""       # for 简称: the full form it abbreviates ("" when it cannot be delimited)


@dataclass(frozen=True)
class TermIssue:
    kind: str            # duplicate / full_after_short / short_before / unused
    term: str
    article_id: str
    article_label: str
    element_id: str
    message: str
    rule_id: str
    severity: str = "info"


@dataclass
class _Span:
    article: Article
    element_id: str
    text: str
    start: int  # offset of this element in the running text


def _spans(doc: LegalDocument) -> list[_Span]:
    out: list[_Span] = []
    pos = 0
    for a in doc.articles:
        for eid, text in a.elements():
            out.append(_Span(a, eid, text, pos))
            pos += len(text) + 1
    return out


def _sentence(text: str, start: int) -> str:
    end = text.find("。", start)
    return text[start:] if end < 0 else text[start:end + 1]


def _is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def _full_form(before: str, short: str) -> str:
    """Delimit the full form that precedes （以下简称short）; "" when it cannot be found reliably."""
    if before.endswith("》"):
        i = before.rfind("《")
        return before[i:] if i >= 0 else ""
    clause = _CLAUSE_BREAK.split(before)[-1]
    clause = re.sub(rf"^{ARTICLE_LABEL}\s*", "", clause).strip()
    candidates = [clause]
    for marker in _CUT_MARKERS:
        i = clause.rfind(marker)
        if i >= 0:
            candidates.append(clause[i + len(marker):])
    candidates = [c for c in candidates if len(c) > len(short) and _is_subsequence(short, c)]
    return min(candidates, key=len) if candidates else ""


def find_definitions(doc: LegalDocument) -> list[Definition]:
    defs: list[Definition] = []
    positions = {s.element_id: s.start for s in _spans(doc)}
    for a in doc.articles:
        in_meaning_list = False
        for p in a.paragraphs:
            texts = [(p.id, p.text)] + [(it.id, it.text) for it in p.items]
            for eid, text in texts:
                pos = positions.get(eid, 0)
                for m in _DEFINED.finditer(text):
                    for term in re.split(r"[、]", m.group("terms")):
                        term = re.sub(rf"^{_SELF}(?:中)?所称(?:的)?", "", term.strip("“”\" ")).rstrip("还也均则")
                        if 1 < len(term) <= 20:
                            defs.append(Definition(term, "所称", a.id, a.label, eid, pos + m.start(),
                                                   _sentence(text, m.start())))
                if eid == p.id and _MEANING_INTRO.search(text):
                    in_meaning_list = True
                    continue
                if in_meaning_list and eid != p.id:
                    m = _MEANING_ITEM.match(text)
                    if m and len(m.group("term")) > 1:
                        defs.append(Definition(m.group("term"), "含义", a.id, a.label, eid, pos,
                                               _sentence(text, 0)))
                for m in _SHORT.finditer(text):
                    short = m.group("short").strip()
                    if len(short) < 2:
                        continue
                    defs.append(Definition(short, "简称", a.id, a.label, eid, pos + m.start(),
                                           _sentence(text, 0), _full_form(text[:m.start()], short)))
    return defs


def _occurrences(spans: list[_Span], needle: str) -> list[tuple[_Span, int]]:
    out = []
    for s in spans:
        i = s.text.find(needle)
        while i >= 0:
            out.append((s, s.start + i))
            i = s.text.find(needle, i + 1)
    return out


_GRAMMATICAL = set("的之和与及或")


def term_issues(doc: LegalDocument, article: str | None = None) -> list[TermIssue]:
    """Inconsistent use of defined terms; with ``article`` (id or label), only the issues located
    in that article or about a term defined there.
    Long (~65 lines): the three checks share one scan over the articles."""
    spans = _spans(doc)
    defs = find_definitions(doc)
    issues: list[TermIssue] = []

    def add(kind, d: Definition, where: Article, eid: str, message: str, rule=CLARITY_RULE, severity="info"):
        issues.append(TermIssue(kind, d.term, where.id, where.label, eid, message, rule, severity))

    by_term: dict[str, list[Definition]] = {}
    for d in defs:
        by_term.setdefault(d.term, []).append(d)
    for term, ds in by_term.items():
        meanings = [d for d in ds if d.kind != "简称"]
        shorts = [d for d in ds if d.kind == "简称" and d.full]
        for group, key in ((meanings, lambda d: d.wording), (shorts, lambda d: d.full)):
            if len(group) < 2 or len({key(d) for d in group}) < 2:
                continue
            labels = "、".join(dict.fromkeys(d.article_label for d in group))
            for d in group:
                art = doc.article(d.article_id)
                add("duplicate", d, art, d.element_id,
                    f"术语「{term}」在{labels}被重复定义且表述不一致，请统一为一处定义。", severity="warning")

    for d in defs:
        defining = doc.article(d.article_id)
        if d.kind == "简称":
            if d.full and len(d.full) > len(d.term):
                seen: set[str] = set()
                for s, at in _occurrences(spans, d.full):
                    if at <= d.position or s.article.id in seen:
                        continue
                    end = at - s.start + len(d.full)
                    if _NAME_SUFFIX.match(s.text, end) or s.text[max(0, at - s.start - 1):at - s.start] == "《":
                        continue
                    seen.add(s.article.id)
                    add("full_after_short", d, s.article, s.element_id,
                        f"{defining.label}已规定「{d.full}」简称「{d.term}」，此后应统一使用简称。")
            seen = set()
            inside_full = [(at, at + len(d.full)) for _, at in _occurrences(spans, d.full)] if d.full else []
            for s, at in _occurrences(spans, d.term):
                if not d.full or at >= d.position or s.article.id in seen:
                    continue
                if any(a <= at < b for a, b in inside_full):
                    continue
                seen.add(s.article.id)
                add("short_before", d, s.article, s.element_id,
                    f"简称「{d.term}」在{defining.label}才作规定，此处提前使用，请改用全称或将简称规定前移。")
            continue
        sentence_start = d.position
        sentence_end = d.position + len(d.wording)
        uses = [at for _, at in _occurrences(spans, d.term) if not sentence_start <= at < sentence_end]
        if not uses:
            add("unused", d, defining, d.element_id,
                f"{defining.label}定义了「{d.term}」，但除定义本身外全文未再使用该术语，请核对正文用语是否与定义一致。",
                rule=STRUCTURE_RULE)

    if article:
        a = doc.article(article)
        if a is None:
            return []
        defined_here = {d.term for d in defs if d.article_id == a.id}
        issues = [i for i in issues if i.article_id == a.id or i.term in defined_here]
    return issues
