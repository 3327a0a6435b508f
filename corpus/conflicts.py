"""上位法比对: for every article of a draft, the most similar provisions of higher-level law and
of peer regulations, each with a word-level redline and flags where the draft's modal verbs,
amounts or time limits differ.

Which corpus documents are 上位法 depends on the draft's level and place (立法法): 宪法, 法律 and
行政法规 always; for a 设区的市 地方性法规 also its province's 地方性法规; for a 政府规章 the
地方性法规 of its province and city and, for a city, the province's 政府规章; for a 行政规范性文件
also 部门规章 and the local 法规/规章. Peers are regulations of the same level elsewhere (and
部门规章 for a 政府规章, which have the same effect). Everything else in force is 其他参考.

The redline and flags come from lawtext.diff.inline (the redline engine, shared with the
version diff): old side = the corpus provision, new side = the draft article.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from lawtext.diff.inline import DiffOp, Flag, diff_words, render_markup, substantive_flags
from lawtext.model import LEVELS, LegalDocument

from corpus import infer
from corpus.index import CorpusIndex
from corpus.search import Hit, candidate_scores, clean_query, make_hit, rerank, select_rows
from corpus.store import CURRENT
from lawtext.amounts import fines

UPPER, PEER, OTHER = "上位法", "同级", "其他参考"
GROUPS = [UPPER, PEER, OTHER]
FLAG_KINDS = {"modal", "amount", "period", "ratio"}
ALWAYS_UPPER = {"宪法", "法律", "行政法规", "监察法规"}


@dataclass(frozen=True)
class DraftContext:
    level: str       # 地方性法规 / 政府规章 / 行政规范性文件
    locality: str    # 济南市, 山东省 … ("" if unknown)
    tier: str        # province / city / county / ""
    region: str      # province short name (山东) or ""
    central: bool = False   # issued by a central organ (国务院部门 …), not by a place

    @property
    def label(self) -> str:
        if self.central:
            return f"中央国家机关制定的{self.level}"
        place = self.locality or "（未识别地区）"
        return f"{place}{self.level}"


def draft_context(title: str, level: str, *, doc: LegalDocument | None = None, issuing_body: str = "",
                  city_provinces: dict[str, str] | None = None) -> DraftContext:
    """Level (LR/GR/ND or its Chinese name) and place of a draft, from its title or issuing body."""
    level = LEVELS.get(level, level) or "地方性法规"
    if infer.central_organ(issuing_body) or infer.central_organ(title):
        return DraftContext(level=level, locality="", tier="national", region="", central=True)
    loc, tier, region = infer.locality(title, doc, level=level, city_provinces=city_provinces)
    if not loc and issuing_body:
        loc, tier, region = infer.locality(issuing_body, None, level=level, city_provinces=city_provinces)
    if tier == "national":
        loc, tier, region = "", "", ""
    return DraftContext(level=level, locality=loc, tier=tier, region=region)


def group_of(ctx: DraftContext, level: str, region: str, locality: str, tier: str) -> str:
    """上位法 / 同级 / 其他参考 for one corpus document, relative to the draft."""
    if level in ALWAYS_UPPER:
        return UPPER
    same_province = bool(ctx.region) and region == ctx.region
    below_province = ctx.tier in ("city", "county")
    own_province_doc = same_province and tier == "province"
    own_city_doc = bool(ctx.locality) and locality == ctx.locality
    if ctx.level == "地方性法规":
        if level == "地方性法规":
            return UPPER if below_province and own_province_doc else PEER
        return OTHER
    if ctx.level == "政府规章":
        if level == "地方性法规":
            return UPPER if (own_province_doc or own_city_doc) else OTHER
        if level == "政府规章":
            return UPPER if below_province and own_province_doc else PEER
        if level == "部门规章":
            return PEER
        return OTHER
    # 行政规范性文件
    if level == "部门规章":
        return UPPER
    if level in ("地方性法规", "政府规章"):
        return UPPER if (own_province_doc or own_city_doc) else OTHER
    if level == "行政规范性文件":
        return PEER
    return OTHER


def group_units(index: CorpusIndex, ctx: DraftContext, statuses=(CURRENT,),
                doc_ok: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The unit positions of each group (documents of the allowed statuses only, or, with
    ``doc_ok``, the documents it marks, e.g. those in force on a date: corpus.versions.in_force)."""
    d = index.docs
    groups = np.array([GROUPS.index(group_of(ctx, lv, rg, lc, tr))
                       for lv, rg, lc, tr in zip(d.levels, d.regions, d.localities, d.tiers)], dtype=np.int64)
    if doc_ok is not None:
        ok = doc_ok
    elif statuses:
        ok = np.fromiter((s in statuses for s in d.statuses), dtype=bool, count=len(d.statuses))
    else:
        ok = np.ones(len(d.statuses), dtype=bool)
    per_unit = groups[index.art_doc][index.unit_art]
    ok_unit = ok[index.art_doc][index.unit_art]
    return {g: np.flatnonzero(ok_unit & (per_unit == i)) for i, g in enumerate(GROUPS)}


@dataclass
class Match:
    group: str
    hit: Hit
    provision: str                       # the corpus text the redline compares against
    redline: list[DiffOp] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def to_dict(self) -> dict:
        h = self.hit
        return {"group": self.group, "path": h.path, "title": h.title, "article": h.label, "score": round(h.score, 4),
                "level": h.level, "region": h.region, "status": h.status, "version_date": h.version_date,
                "doc_id": h.doc_id, "span": list(h.span), "provision": self.provision,
                "redline": render_markup(self.redline), "flags": [f.to_dict() for f in self.flags]}


@dataclass
class ArticleResult:
    article_id: str
    label: str
    text: str
    matches: dict[str, list[Match]] = field(default_factory=lambda: {g: [] for g in GROUPS})

    @property
    def flag_count(self) -> int:
        return sum(len(m.flags) for ms in self.matches.values() for m in ms)

    def to_dict(self) -> dict:
        return {"article": self.label, "id": self.article_id, "text": self.text,
                **{g: [m.to_dict() for m in self.matches[g]] for g in GROUPS}}


@dataclass
class ConflictReport:
    title: str
    context: DraftContext
    articles: list[ArticleResult]
    seconds: float = 0.0

    def to_dict(self) -> dict:
        c = self.context
        return {"title": self.title, "level": c.level, "locality": c.locality, "region": c.region,
                "seconds": round(self.seconds, 3), "articles": [a.to_dict() for a in self.articles]}


def excerpt(text: str, span: tuple[int, int]) -> str:
    """The matched part of a long provision, widened to whole sentences; the whole provision when
    the match covers most of it."""
    start, end = span
    if end - start >= 0.6 * len(text):
        return text
    while start > 0 and text[start - 1] not in "。；\n":
        start -= 1
    while end < len(text) and text[end - 1] not in "。；\n":
        end += 1
    return text[start:end]


def compare(draft_text: str, provision: str, group: str) -> tuple[list[DiffOp], list[Flag]]:
    """Redline (provision → draft) and the flags that matter for conflict review."""
    ops = diff_words(provision, draft_text)
    flags = [f for f in substantive_flags(provision, draft_text) if f.kind in FLAG_KINDS]
    if group == UPPER:
        flags.extend(fine_range_flags(draft_text, provision))
    return ops, flags


def fine_range_flags(draft_text: str, upper_text: str) -> list[Flag]:
    """A draft fine outside the range the upper law sets (both stated in money)."""
    up = [f for f in fines(upper_text) if f.lo is not None or f.hi is not None]
    dr = [f for f in fines(draft_text) if f.lo is not None or f.hi is not None]
    if not up or not dr:
        return []
    up_hi = max((f.max_amount for f in up if f.max_amount is not None), default=None)
    up_lo = min((f.lo for f in up if f.lo is not None), default=None)
    out = []
    for f in dr:
        if up_hi is not None and f.max_amount is not None and f.max_amount > up_hi:
            out.append(Flag("amount", f"草案罚款上限 {f.max_amount:,} 元高于上位法上限 {up_hi:,} 元"))
        elif up_lo is not None and f.lo is not None and f.lo < up_lo:
            out.append(Flag("amount", f"草案罚款下限 {f.lo:,} 元低于上位法下限 {up_lo:,} 元"))
    return out


def city_provinces_of(index: CorpusIndex) -> dict[str, str]:
    d = index.docs
    return {loc: reg for loc, reg, tier in zip(d.localities, d.regions, d.tiers)
            if tier in ("city", "county") and reg and reg != "全国"}


def find_conflicts(index: CorpusIndex, draft: LegalDocument, *, level: str, title: str = "",
                   issuing_body: str = "", per_group: int = 3, min_score: float = 0.35,
                   candidates: int = 300, statuses=(CURRENT,), redlines: bool = True,
                   progress=None) -> ConflictReport:
    """Conflict search for every article of ``draft``; ``progress(done, total)`` after each."""
    t0 = time.perf_counter()
    title = title or draft.title
    ctx = draft_context(title, level, doc=draft, issuing_body=issuing_body, city_provinces=city_provinces_of(index))
    groups = group_units(index, ctx, statuses)
    results = []
    articles = draft.articles
    for i, art in enumerate(articles):
        res = ArticleResult(article_id=art.id, label=art.label, text=art.flat_text)
        q = clean_query(art.flat_text)
        if len(q) >= 2 and index.n:
            scores = candidate_scores(index, q)
            for g in GROUPS:
                units = select_rows(scores, groups[g], max(candidates, per_group * 4))
                for r in rerank(index, q, units, per_group):
                    if r.score < min_score:
                        continue
                    hit = make_hit(index, r.row, r.score, q, r.unit)
                    provision = (excerpt(hit.text, hit.span) if index.unit_whole[r.unit]
                                 else index.unit_texts[r.unit])
                    ops, flags = compare(art.flat_text, provision, g) if redlines else ([], [])
                    res.matches[g].append(Match(g, hit, provision, ops, flags))
        results.append(res)
        if progress:
            progress(i + 1, len(articles))
    return ConflictReport(title=title, context=ctx, articles=results, seconds=time.perf_counter() - t0)

