"""Upper-law restatements: whether a sanction or measure the draft states without a referral is an
upper law's own, found by searching the corpus (corpus.search over 法律 and 行政法规).

A local text may repeat the sanction an upper law sets for the same conduct (重庆市查禁赌博条例:
处五日以下拘留或者五百元以下罚款, as 治安管理处罚法第七十条) without citing it. That is not creating
the sanction; it is reported as a warning asking to cite the article. Only with a corpus database;
without one the rules cannot tell a restatement from a creation and keep their severity.
"""
from __future__ import annotations

from functools import lru_cache

from corpus.search import Filters, similar

from checks.base import Context
from checks.clauses import Norm, norm_hit, upper_consequences

UPPER_LEVELS = ("法律", "行政法规")
MIN_SCORE = 0.45
_INDEXES: dict[tuple[str, str], object] = {}


def _key(ctx: Context) -> tuple[str, str] | None:
    """The corpus's shared search index (CorpusLink.index), registered under its database and
    generation so that search results can be cached."""
    corpus = ctx.corpus
    index = getattr(corpus, "index", None) if corpus is not None else None
    if index is None:
        return None
    key = (str(getattr(corpus, "db_path", "")), str(getattr(corpus, "generation", "")))
    if _INDEXES.get(key) is not index:
        _INDEXES.clear()
        _upper_hits.cache_clear()
        _INDEXES[key] = index
    return key


@lru_cache(maxsize=4096)
def _upper_hits(index_key: tuple[str, str], query: str) -> tuple[tuple[str, str, str], ...]:
    index = _INDEXES.get(index_key)
    if index is None:
        return ()
    hits = similar(index, query, top=5, filters=Filters.of(level=list(UPPER_LEVELS)), spans=False)
    return tuple((h.title, h.label, h.text) for h in hits if h.score >= MIN_SCORE)


def restatement(ctx: Context, n: Norm, c) -> tuple[str, str] | None:
    """(title, article label) of an upper-law article that provides the same consequence for
    conduct like the clause's, or None (also without a corpus database)."""
    key = _key(ctx)
    if key is None:
        return None
    query = (n.prov.lead.text if n.prov.lead is not None else "") + n.prov.text
    for title, label, text in _upper_hits(key, query):
        if (c.type, c.kind) in upper_consequences(text):
            return title, label
    return None


def restated_or(ctx: Context, n: Norm, c, message: str, conclusion: str, **kw):
    """The rule's hit, or — when the corpus shows an upper-law article providing the same
    consequence for like conduct — a warning asking to cite it (restating is not creating)."""
    upper = restatement(ctx, n, c)
    if upper is None:
        return norm_hit(n, message, conclusion, c, **kw)
    title, label = upper
    return norm_hit(n, f"法规库中《{title}》{label}对类似情形规定了同样的内容（{c.name}），本条可能是重述上位法；"
                       f"请核对并注明所依据的条文，否则{message}", f"疑似重述《{title}》{label}而未注明依据", c,
                    severity="warning")
