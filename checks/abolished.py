"""A draft relying on an institution a later version of an upper law removed (社会抚养费, 排污费,
特种行业许可证 …): derived from the corpus's version chains (corpus.abolished), never a typed list.

Only fees, levies, deposits, funds and certificates/licences count (a removed 「…制度」 is too often a
rewording), only from 法律, 行政法规 and 部门规章, and only when no law, administrative regulation or
部门规章 in force still names the institution (then it was moved, not abolished).
"""
from __future__ import annotations

import re

import numpy as np

from checks.base import Context, Hit, rule
from corpus.abolished import load
from corpus.search import keyword_rows

NATIONAL = ("法律", "行政法规", "部门规章")
_KINDS = re.compile(r"(费|基金|保证金|押金|抵押金|许可证|登记证|年检|年审)$")
_NOT_A_NAME = re.compile(r"^(未|不|已)|经费$|机构")


def abolished_terms(handle) -> dict[str, object]:
    """Term → the Abolished row of the amendment that removed it (newest first), for the terms no
    national law or regulation in force still uses."""
    def make(h):
        conn = h.connect()
        try:
            rows = [r for r in load(conn) if r.kind == "institution" and _KINDS.search(r.term)
                    and not _NOT_A_NAME.search(r.term)]
        finally:
            conn.close()
        ix = h.index
        d = ix.docs
        alive = np.array([lv in NATIONAL and st == "现行" for lv, st in zip(d.levels, d.statuses)])
        levels = dict(zip(d.paths, d.levels))
        out: dict[str, object] = {}
        for r in sorted(rows, key=lambda r: r.new_date, reverse=True):
            if levels.get(r.old_path) not in NATIONAL or r.term in out:
                continue
            if not keyword_rows(ix, r.term, mask=alive[ix.art_doc], limit=1):
                out[r.term] = r
        return out
    return handle.memo("checks.abolished.terms", make)


@rule("UPPER-ABOLISHED", title="依赖已被上位法取消的制度", levels="LR GR ND", severity="warning", head=3,
      basis="《中华人民共和国立法法》第八十条、第八十二条、第九十八条（下位法不得与上位法相抵触）",
      requires=("tree", "corpus"))
def upper_abolished(ctx: Context):
    """
    What it checks: 草案条文规定的收费、基金、保证金、押金、证照（如「排污费」「特种行业许可证」）是否已被上位法
    的修改删除：比对法规库中同一法律、行政法规、部门规章前后版本得出（不是人工维护的清单），且现行法律、
    行政法规中已不再出现该名称。报告删除它的修改版本及日期。
    Why: 上位法取消的收费或者证照，下位法继续规定即与上位法相抵触（例如排污费改为环境保护税后继续征收排污费）。
    Fires on: 「在长江采砂的单位和个人应当缴纳河道采砂管理费。」（长江河道采砂管理条例 2023 年修订已删除）
    Does not fire on: 现行法律、行政法规、部门规章仍然规定的收费和证照（如水资源费）；书名号内的名称；
    「……制度」等一般用语。
    Basis: 立法法第八十条、第八十二条、第九十八条。
    """
    handle = getattr(ctx.corpus, "handle", None)
    if handle is None or handle.index_if_built() is None:     # built by `corpus build`, never by a check
        return
    terms = abolished_terms(handle)
    if not terms:
        return
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    for c in ctx.clauses:
        for m in pattern.finditer(c.masked):
            r = terms[m.group(0)]
            yield Hit(f"「{r.term}」已被《{r.title}》{r.new_date or ''}的修改删除（{r.old_date or '原'}版本中的规定：「"
                      f"{r.excerpt}」），现行法律、行政法规、部门规章中已无此项，草案不应再作规定。", c, m.start(), m.end(),
                      evidence={"draft": c.text, "upper": r.excerpt, "upper_title": r.title, "upper_path": r.new_path,
                                "removed_by": f"{r.title}（{r.new_date}）", "term": r.term})
