"""清理 when an upper law changes: every local provision that cites a changed or deleted article of
the upper law, or restates one, with the upper-law redline, the conformity verdict and a
suggested action (修改 / 废止 / 保留).

Where it looks: the in-force 地方性法规 and 政府规章 of the corpus (optionally of one region), the
workspace's documents (their current versions) that the user may see, and the texts a caller
passes (the filed texts of a 专项审查, workbench.filing.campaigns). How: the changed
articles come from the version chain (corpus.amendments); citations are found by the law's title
(《…》第N条, mapped through the old numbering), restatements by the search index (corpus.search,
similarity ≥ :data:`RESTATES_MIN`). The verdict compares the local clause with the new upper-law
text field by field (checks.conformity). Read-only: nothing is stored.
"""
from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from checks.conformity import differences
from checks.provision_facts import facts_of
from corpus.amendments import DELETED, RENUMBERED, REPEAL, Amendment, ArticleChange, amendment
from corpus.handle import open_handle
from corpus.search import clean_query, similar_rows
from corpus.store import CURRENT, open_corpus_db
from corpus.titles import normalise_title
from lawtext.model import LEVELS
from lawtext.numerals import int_to_cn, parse_number
from lawtext.vocabulary import LAW_TITLE_SUFFIX, NUMBER, SELF_NAME
from workbench.access.permissions import require
from workbench.access.users import User
from workbench.documents.store import current_version, documents_for

RESTATES_MIN = 0.6
# articles nobody restates on purpose: 本法自…起施行, 本条例由…负责解释
_BOILERPLATE = re.compile(rf"^{SELF_NAME}(自[^。]{{0,40}}起施行|由[^。]{{0,30}}负责解释)")
LOCAL_LEVELS = ("地方性法规", "政府规章")
_CITED = re.compile(rf"《([^《》]+)》(第({NUMBER})条)?")


@dataclass(frozen=True)
class CleanupRow:
    source: str            # 法规库 / 工作区
    document: str
    ref: str               # corpus path, or 文档编号
    region: str
    article: str
    text: str
    upper_article: str     # 第六十六条 → 第八十三条
    change: str            # 修改 / 删除 / 条号变化 / 废止
    how: str               # 引用 / 重述
    redline: str
    verdict: str
    action: str            # 修改 / 废止 / 保留
    similarity: float = 0.0
    level: str = ""        # 地方性法规 / 政府规章 / 行政规范性文件


@dataclass
class CleanupReport:
    law: str
    describe: str
    changes: list[ArticleChange]
    rows: list[CleanupRow] = field(default_factory=list)
    documents_scanned: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"law": self.law, "amendment": self.describe, "changed_articles": len(self.changes),
                "documents_scanned": self.documents_scanned, "seconds": round(self.seconds, 2),
                "rows": [asdict(r) for r in self.rows]}


# --- verdicts --------------------------------------------------------------------------------
def verdict(text: str, change: ArticleChange, how: str, cited_number: str = "") -> tuple[str, str]:
    """(verdict, suggested action) for one local article against one upper-law change."""
    if change.kind == REPEAL:
        return (f"上位法已废止（原{change.old_label}）", "废止" if how == "重述" else "修改")
    if change.kind == DELETED:
        # the provision may live on in other words elsewhere: check the basis, do not drop blindly
        return f"上位法{change.old_label}已被删除，请核对本条是否仍有上位法依据", "修改"
    if change.kind == RENUMBERED:
        return f"上位法{change.old_label}现为{change.new_label}，内容未变", "修改" if cited_number else "保留"
    d, u = facts_of(text), facts_of(change.new_text)
    diffs = differences(d, u) if d.sanctions and u.sanctions else []
    if any(x.substantive for x in diffs):
        return "与修改后的上位法不一致：" + "；".join(x.message for x in diffs), "修改"
    if how == "重述" and fuzz.ratio(clean_query(text), clean_query(change.new_text)) >= 90:
        return "已与修改后的上位法一致", "保留"
    if how == "重述":
        return "重述的是修改前的上位法文字，请按修改后的文字核对", "修改"
    note = f"（现为{change.new_label}）" if change.new_label != change.old_label else ""
    return f"引用的上位法{change.old_label}已修改{note}，请核对", "修改"


def _cited_changes(text: str, names: set[str], by_label: dict[str, ArticleChange],
                   repealed: bool) -> list[tuple[ArticleChange, str]]:
    out = []
    for m in _CITED.finditer(text):
        if normalise_title(m.group(1)) not in names:
            continue
        if m.group(3):
            try:
                label = f"第{int_to_cn(int(parse_number(m.group(3))))}条"
            except ValueError:
                continue
            if label in by_label:
                out.append((by_label[label], label))
        elif repealed and by_label:
            out.append((next(iter(by_label.values())), ""))
    return out


# --- where to look ---------------------------------------------------------------------------
def local_units(index, region: str = "", exclude_title: str = "",
                levels: tuple[str, ...] = LOCAL_LEVELS) -> tuple[np.ndarray, np.ndarray]:
    """(unit positions, document mask) of the in-force local documents (of ``region``, of ``levels``)."""
    d = index.docs
    ok = np.array([lv in levels and st == CURRENT and (not region or rg == region or loc.startswith(region))
                   and t != exclude_title
                   for lv, st, rg, loc, t in zip(d.levels, d.statuses, d.regions, d.localities, d.titles)], dtype=bool)
    return np.flatnonzero(ok[index.art_doc][index.unit_art]), ok


def restatable(a: Amendment) -> list[ArticleChange]:
    """The changes a local text may restate (not mere renumbering, not 施行/解释 boilerplate)."""
    return [c for c in a.changes if c.kind != RENUMBERED and not _BOILERPLATE.match(c.old_text)]


def _subject(title: str) -> str:
    """文物保护 for 中华人民共和国文物保护法 / 文物保护法实施条例 (what a local title implementing it contains)."""
    t = re.sub(r"^中华人民共和国", "", normalise_title(title))
    t = re.sub(rf"(实施条例|暂行条例|{LAW_TITLE_SUFFIX})$", "", t)
    return t if len(t) >= 2 else ""


def _names(a: Amendment, titles) -> set[str]:
    key = normalise_title(a.title)
    return {key} | {s for s, full in titles.by_short.items() if full == key}


def corpus_rows(handle, a: Amendment, region: str = "", progress=None,
                levels: tuple[str, ...] = LOCAL_LEVELS) -> tuple[list[CleanupRow], int]:
    index = handle.index
    units, doc_ok = local_units(index, region, a.title, levels)
    names = _names(a, handle.titles)
    by_label = {c.old_label: c for c in a.changes}
    found: dict[tuple[int, str], CleanupRow] = {}
    needle = [re.escape(n) for n in names]
    cite_re = re.compile("《(" + "|".join(needle) + ")》")
    rows_ok = doc_ok[index.art_doc]
    related = np.zeros(len(doc_ok), dtype=bool)     # local documents that implement or cite the law
    subject = _subject(a.title)
    for p, t in enumerate(index.docs.titles):
        related[p] = bool(subject) and subject in t
    for r in np.flatnonzero(rows_ok).tolist():                       # citations
        text = index.texts[r]
        if "《" in text and cite_re.search(text):
            related[index.art_doc[r]] = True
            for change, num in _cited_changes(text, names, by_label, a.new is None):
                _add(found, index, r, change, "引用", text, num, 1.0)
    units = units[related[index.art_doc[index.unit_art[units]]]]
    relevant = restatable(a)
    for i, change in enumerate(relevant):                             # restatements
        for hit in similar_rows(index, change.old_text, top=30, allowed=units):
            if hit.score >= RESTATES_MIN:
                _add(found, index, hit.row, change, "重述", index.texts[hit.row], "", hit.score)
        if progress:
            progress(i + 1, len(relevant))
    return list(found.values()), int(doc_ok.sum())


def _add(found, index, row, change, how, text, num, score) -> None:
    key = (row, change.old_label)
    if key in found and found[key].how == "引用":
        return
    d = index.docs
    p = int(index.art_doc[row])
    v, action = verdict(text, change, how, num)
    found[key] = CleanupRow("法规库", d.titles[p], d.paths[p], d.localities[p] or d.regions[p], index.labels[row], text,
                            _arrow(change), change.kind, how, change.redline, v, action, round(float(score), 3),
                            d.levels[p])


def _arrow(c: ArticleChange) -> str:
    return f"{c.old_label} → {c.new_label}" if c.new_label and c.new_label != c.old_label else c.old_label


@dataclass(frozen=True)
class LocalText:
    """A text outside the corpus to look through: a workspace document, a filed text."""
    source: str            # 工作区 / 备案文件
    title: str
    ref: str               # 文档 12, 备案 3
    issuer: str
    tree: object           # lawtext.model tree
    level: str = ""        # 地方性法规 / 政府规章 / 行政规范性文件


def text_rows(a: Amendment, names: set[str], texts) -> list[CleanupRow]:
    """The rows for texts outside the corpus (:class:`LocalText`), one per article at most."""
    by_label = {c.old_label: c for c in a.changes}
    relevant = restatable(a)
    olds = [clean_query(c.old_text) for c in relevant]
    rows = []
    for t in texts:
        for art in t.tree.articles:
            text = art.flat_text
            hits = [(c, n, "引用", 1.0) for c, n in _cited_changes(text, names, by_label, a.new is None)]
            if olds:                      # the article or one of its 款, as the index matches units
                units = [text] + ["".join(p.lines()) for p in art.paragraphs if len(art.paragraphs) > 1]
                best = max((process.extractOne(clean_query(u), olds, scorer=fuzz.ratio) for u in units),
                           key=lambda x: x[1])
                if best[1] >= RESTATES_MIN * 100:
                    hits.append((relevant[best[2]], "", "重述", best[1] / 100))
            for change, num, how, score in hits[:1]:
                v, action = verdict(text, change, how, num)
                rows.append(CleanupRow(t.source, t.title, t.ref, t.issuer, art.label, text,
                                       _arrow(change), change.kind, how, change.redline, v, action, round(score, 3), t.level))
    return rows


def workspace_texts(db, user: User) -> list[LocalText]:
    """The workspace's documents (current versions the user may see)."""
    return [LocalText("工作区", doc.title, f"文档 {doc.id}", doc.issuing_body, current_version(db, doc.id).tree,
                      LEVELS.get(doc.level, doc.level))
            for doc in documents_for(db, user) if doc.current_version_id]


def cleanup(corpus_db: str, law: str, *, since: str = "", region: str = "", db=None, user: User | None = None,
            progress=None, levels: tuple[str, ...] = LOCAL_LEVELS, in_corpus: bool = True,
            texts=None) -> CleanupReport:
    """The 清理目录 for one amendment (or the repeal) of ``law``: the corpus's in-force local documents
    (of ``region`` and ``levels``; none if not ``in_corpus``), the workspace's documents when ``db``
    and ``user`` are given, and ``texts`` (:class:`LocalText`, or a callable returning them)."""
    t0 = time.perf_counter()
    if user is not None:
        require(user, "check.run")
    handle = open_handle(corpus_db)
    cdb = open_corpus_db(corpus_db)
    try:
        a = amendment(handle, cdb, law, since)
    finally:
        cdb.close()
    report = CleanupReport(a.title, a.describe, list(a.changes))
    if in_corpus:
        report.rows, report.documents_scanned = corpus_rows(handle, a, region, progress, levels)
    others = workspace_texts(db, user) if db is not None and user is not None else []
    others += list(texts() if callable(texts) else texts or [])
    report.rows += text_rows(a, _names(a, handle.titles), others)
    report.documents_scanned += len(others)
    order = {"废止": 0, "修改": 1, "保留": 2}
    report.rows.sort(key=lambda r: (r.source == "法规库", order.get(r.action, 3), r.document, r.article))
    report.seconds = time.perf_counter() - t0
    return report
