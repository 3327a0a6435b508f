"""What one amendment (or the repeal) of an upper law changed, article by article, from the corpus's
version chain: the old version's articles aligned to the new one's (lawtext.diff.align), each
with its change (修改, 删除, 条号变化, or 废止 when the law was repealed) and the redline.

Used by 清理 (workbench.review.cleanup): every local provision that cites or restates a changed
article is listed with this change.
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from base.errors import InputError, NotFound
from lawtext.diff.align import align_documents
from lawtext.diff.inline import diff_words, render_markup

from corpus.store import REPEALED, CorpusDoc, find_doc, versions_of
from corpus.titles import normalise_title

MODIFIED, DELETED, RENUMBERED, REPEAL = "修改", "删除", "条号变化", "废止"


@dataclass(frozen=True)
class ArticleChange:
    old_label: str
    new_label: str        # "" when deleted or repealed
    kind: str             # 修改 / 删除 / 条号变化 / 废止
    old_text: str
    new_text: str
    redline: str          # [-deleted-]{+inserted+} from the old to the new text

    @property
    def old_number(self) -> str:
        return self.old_label


@dataclass(frozen=True)
class Amendment:
    title: str
    old: CorpusDoc
    new: CorpusDoc | None     # None: the law was repealed (old is its last version)
    changes: tuple[ArticleChange, ...]

    @property
    def describe(self) -> str:
        if self.new is None:
            return f"《{self.title}》（{self.old.version_date}）已废止"
        return f"《{self.title}》{self.old.version_date or '原版本'} → {self.new.version_date or '新版本'}"


def find_law(db, law: str, titles=None) -> CorpusDoc:
    """A corpus document by id, path, full title or national short name (野生动物保护法)."""
    try:
        return find_doc(db, law)
    except NotFound:
        full = titles.by_short.get(normalise_title(law)) if titles is not None else None
        if full:
            return find_doc(db, titles.current(full).path if titles.current(full) else full)
        raise NotFound(code="amendments.find_law", law=law) from None


def pick_versions(db, law: str, since: str = "", titles=None) -> tuple[CorpusDoc, CorpusDoc | None]:
    """(old, new) versions of ``law`` (title, path or id): new is the newest version (None when
    it is repealed), old the version in force on ``since`` or else the one before the newest."""
    doc = find_law(db, law, titles)
    chain = versions_of(db, doc)
    newest = chain[-1]
    if newest.status == REPEALED:
        return newest, None
    if len(chain) < 2:
        raise InputError(code="amendments.pick_versions", title=newest.title, version_date=newest.version_date or '无日期')
    older = [d for d in chain[:-1] if not since or (d.version_date or "") <= since]
    if not older:
        raise InputError(code="amendments.no_version_before", title=newest.title, since=since, version_date=chain[0].version_date)
    return older[-1], newest


def article_changes(old_tree, new_tree) -> list[ArticleChange]:
    """The changed articles of the old version (unchanged ones with the same number are left out)."""
    old = {a.id: a for a in old_tree.articles}
    new = {a.id: a for a in new_tree.articles}
    new_texts = [a.flat_text for a in new_tree.articles]
    out = []
    for pair in align_documents(old_tree, new_tree):
        if not pair.old_ids:
            continue                              # inserted: no local text can rely on it yet
        for oid in pair.old_ids:
            a = old[oid]
            if pair.status == "deleted":
                out.append(_deleted(a, new_tree.articles, new_texts))
                continue
            b_text = "".join(new[n].flat_text for n in pair.new_ids)
            labels = "、".join(pair.new_labels)
            if pair.status == "unchanged" or "refs_only" in pair.flags:
                if labels != a.label:
                    out.append(ArticleChange(a.label, labels, RENUMBERED, a.flat_text, b_text, ""))
                continue
            out.append(ArticleChange(a.label, labels, MODIFIED, a.flat_text, b_text,
                                     render_markup(diff_words(a.flat_text, b_text))))
    return out


REWRITTEN_MIN = 50     # a "deleted" article whose content is in some new article was rewritten
PART_MIN = 75          # … or kept as part of a longer new article


def _deleted(a, new_articles, new_texts) -> ArticleChange:
    """A deleted article, unless a new article still says much the same (moved and rewritten:
    then a 修改 towards that article)."""
    best = process.extractOne(a.flat_text, new_texts, scorer=fuzz.ratio) if new_texts else None
    if best is None or best[1] < REWRITTEN_MIN:       # or kept inside a longer article
        part = process.extractOne(a.flat_text, new_texts, scorer=fuzz.partial_ratio) if new_texts else None
        best = part if part is not None and part[1] >= PART_MIN else None
    if best is not None:
        b = new_articles[best[2]]
        return ArticleChange(a.label, b.label, MODIFIED, a.flat_text, b.flat_text,
                             render_markup(diff_words(a.flat_text, b.flat_text)))
    return ArticleChange(a.label, "", DELETED, a.flat_text, "", f"[-{a.flat_text}-]")


def amendment(handle, db, law: str, since: str = "") -> Amendment:
    old, new = pick_versions(db, law, since, handle.titles)
    old_tree = handle.doc_tree(old.id)
    if new is None:
        changes = [ArticleChange(a.label, "", REPEAL, a.flat_text, "", "") for a in old_tree.articles]
    else:
        changes = article_changes(old_tree, handle.doc_tree(new.id))
    return Amendment(old.title, old, new, tuple(changes))
