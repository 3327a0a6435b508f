"""The governing upper-law provisions of a draft clause (上位法关联).

For a clause that sets a sanction, licence or fee, in this order:

1. the article it cites (依照《X》第N条): the link is explicit;
2. the laws its 第一条 names (根据《…》): their articles, matched on the conduct;
3. the corpus index restricted to the draft's upper laws in force (corpus.conflicts.group_units:
   法律, 行政法规, the province's 地方性法规 for a city … by the draft's level and place).

Matching is on the conduct (the 「违反…的」/ action part, checks.provision_facts), not on the whole
text: candidate units are ranked by idf-weighted bigram containment of the conduct, then every
clause (款/项) of the candidate articles is compared conduct to conduct. Only a clause on the same
conduct (similarity ≥ :data:`LINK_MIN`) and setting something itself governs; a link is
*unambiguous* when it was cited, or when its conduct matches closely (≥ :data:`SURE_MIN`) and
clearly better than any other article of the same law (two laws on the same conduct each bind).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import numpy as np
from rapidfuzz import fuzz

from lawtext.model import LEVELS
from lawtext.numerals import int_to_cn, parse_number
from lawtext.vocabulary import CITED_ARTICLE, IMPLEMENTED_LAW_IN_TITLE, ITEM_LABEL, NUMBER

from checks.provision_facts import ProvisionFacts, conduct_of, facts_of, normalise_conduct, subject_fines
from checks.text import TITLE_RE
from corpus.conflicts import UPPER, city_provinces_of, draft_context, group_units
from corpus.search import allowed_lookup
from corpus.versions import in_force

LINK_MIN = 0.3       # conduct similarity (weighted, see Linker.weighted_similarity) to count at all
SURE_MIN = 0.55      # … and for an unambiguous link found by search
MARGIN = 0.1         # the best must beat the runner-up (another article) by this much
BASIS_BONUS = 0.1    # a clause of a law the draft's 第一条 names ranks before others of equal similarity
CANDIDATE_UNITS = 40
_CITED_PARAGRAPH = re.compile(rf"第({NUMBER})款")
_SAME_ARTICLE_REFERRAL = re.compile(rf"(?:依照|按照)(?:本条)?(?:第({NUMBER})款|前款)(?:的)?规定(?:处理|处罚|予以处罚)")
_LEVEL_ORDER = {"宪法": 0, "法律": 1, "行政法规": 2, "地方性法规": 3}
_SANCTION_WORDS = re.compile(r"罚款|处罚|吊销|没收|责令停产停业|拘留|警告|责令关闭")
_CITED_ARTICLE = re.compile(CITED_ARTICLE)
_BASIS = re.compile(r"(根据|依据|依照)([^。]{0,200}?)(的规定|等法律|等有关|，|,)?(结合|制定)")
# an implementing text names its law in its title: X实施条例 / X实施细则 / 实施《X》办法
_TITLE_BASIS = tuple(re.compile(p) for p in IMPLEMENTED_LAW_IN_TITLE)
SANCTION_BONUS = 0.05   # ranking only: the same sanction kinds …
AUTHORITY_BONUS = 0.03  # … and the same enforcing department as the draft clause
LAW_BONUS = 0.04        # … and a law before the regulation that implements it in nearly the same words


@dataclass(frozen=True)
class UpperClause:
    doc_id: int
    title: str
    level: str
    version_date: str
    path: str
    article: str          # 第X条
    where: str            # 第X条 or 第X条第Y款 / 第X条第Y款第（Z）项
    text: str             # the clause (with the 款 lead for a 项)
    facts: ProvisionFacts
    similarity: float = 0.0
    how: str = "search"   # cited / basis / search

    @property
    def reference(self) -> str:
        return f"《{self.title}》{self.where}"


@dataclass(frozen=True)
class Link:
    best: UpperClause | None
    candidates: tuple[UpperClause, ...]
    unambiguous: bool


def article_clauses(art) -> list[tuple[str, str, str]]:
    """(where, text, lead) for every 款 and 项 of an article."""
    out = []
    many = sum(1 for p in art.paragraphs if p.text or p.items) > 1
    for pi, p in enumerate(art.paragraphs, 1):
        para = f"{art.label}第{int_to_cn(pi)}款" if many else art.label
        if p.text:
            out.append((para, p.text, ""))
        for it in p.items:
            out.append((f"{para}第{it.label}项", it.full_text, p.text))
    return out


def expanded_conduct(facts: ProvisionFacts, article_text) -> str:
    """The conduct, or, when the clause only says 违反本法第X条规定的, the conduct of article X."""
    if not facts.refs:
        return facts.conduct
    parts = "".join(p for p in (article_text(n) for n in facts.refs) if p)
    return (facts.conduct + normalise_conduct(parts)[:120]) if len(facts.conduct) < 12 else facts.conduct


def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    r = fuzz.ratio(a, b)
    short, long_ = sorted((a, b), key=len)
    p = fuzz.partial_ratio(short, long_) if len(short) >= 6 else r
    return (0.4 * r + 0.6 * p) / 100.0 if len(long_) <= 3 * len(short) else (0.7 * r + 0.3 * p) / 100.0


@lru_cache(maxsize=4096)
def _upper_clauses(handle, doc_id: int, label: str) -> tuple[tuple[str, str, ProvisionFacts, str], ...]:
    """(where, text, facts, expanded conduct) of each clause of one upper-law article."""
    tree = handle.doc_tree(doc_id)
    art = tree.article(label)
    if art is None:
        return ()
    by_num = {a.number: a for a in tree.articles if not a.suffix}

    def text_of(n: int) -> str:
        a = by_num.get(n)
        return conduct_of(a.flat_text) if a else ""
    out = []
    clauses = article_clauses(art)
    for where, text, lead in clauses:
        f = facts_of(text, lead=lead)
        if not f.sets_something:
            f = _referred_sanction(f, text, clauses)
        f = _item_fines(where, f, clauses)
        out.append((where, f.text, f, expanded_conduct(f, text_of)))
    return tuple(out)


_ITEM_OF = re.compile(rf"第({ITEM_LABEL})项$")
_ITEMS_REFERRED = re.compile(rf"(?:前款|本条第{NUMBER}款)((?:第{NUMBER}项[、，,和或及者]*)+)")
_ITEM_NUMBER = re.compile(rf"第({NUMBER})项")
_ALL_ITEMS_REFERRED = re.compile(r"(?:有|实施|具有)?前款(?:规定|所列)?的?(?:行为|情形)")


def _item_fines(where: str, f: ProvisionFacts, clauses) -> ProvisionFacts:
    """A 项 whose 款 says only 处以罚款 takes the amounts a later 款 sets for it (固体废物污染环境防治法
    第一百一十一条：单位有前款第一项、第七项行为之一，处…；个人有前款第一项…行为之一，处…), each with whom it
    is set for; a 项 that has its amounts for one subject takes the other subjects' (消防法第六十条：单位…处五千元
    以上；个人有前款第二项至第五项行为之一的，处警告或者五百元以下罚款). The branches are added to the quoted text."""
    m = _ITEM_OF.search(where)
    if m is None or "fine" not in f.sanctions:
        return f
    amounts = any(x.lo is not None or x.hi is not None or x.is_multiple for x in f.fines)
    item = m.group(1).strip("（）()")
    found, subjects, quoted = [], [], []
    for w, text, _ in clauses:
        if "项" in w:
            continue
        for branch in re.split(r"[；;。]", text):
            refs = _ITEMS_REFERRED.search(branch)
            if refs is not None and item not in _ITEM_NUMBER.findall(refs.group(1)):
                continue
            if refs is None and not _ALL_ITEMS_REFERRED.search(branch):
                continue                  # 个人有前款规定行为之一的，处…: every 项 of the 款 before
            got, subs = subject_fines(branch)
            if amounts:                   # 个人有前款第二项至第五项行为之一的: only subjects the 项 does not fine
                keep = [(g, x) for g, x in zip(got, subs) if x and x not in f.subjects]
                got, subs = tuple(g for g, _ in keep), tuple(x for _, x in keep)
            if got:
                found += got
                subjects += subs
                quoted.append(branch)
    if not found:
        return f
    if amounts:
        found, subjects = list(f.fines) + found, list(f.fine_subjects or ("",) * len(f.fines)) + subjects
    return replace(f, text=f.text + "……" + "；".join(quoted), fines=tuple(found), fine_subjects=tuple(subjects))


def _referred_sanction(f: ProvisionFacts, text: str, clauses) -> ProvisionFacts:
    """A 款 that applies another 款's sanction to its own conduct (超过限量携带…的，依照第一款的规定处理)
    sets that sanction: the facts of the referred 款 with this 款's conduct and words."""
    m = _SAME_ARTICLE_REFERRAL.search(text)
    if not m:
        return f
    n = 1 if m.group(1) in (None, "") else int(parse_number(m.group(1)))
    paras = [(t, ld) for w, t, ld in clauses if "项" not in w]
    if m.group(0).startswith(("依照前款", "按照前款")):
        here = next((i for i, (t, _) in enumerate(paras) if t == text), None)
        n = here if here else 0
    if not 1 <= n <= len(paras) or paras[n - 1][0] == text:
        return f
    ref = facts_of(paras[n - 1][0], lead=paras[n - 1][1])
    return replace(ref, text=f.text, conduct=f.conduct, refs=f.refs) if ref.sets_something else f


def _paths(handle) -> dict[str, int]:
    return handle.memo("upper_link.paths", lambda h: {p: i for i, p in enumerate(h.index.docs.paths)})


def _titles(handle) -> dict[str, list[int]]:
    def make(h):
        out: dict[str, list[int]] = {}
        for i, t in enumerate(h.index.docs.titles):
            out.setdefault(t, []).append(i)
        return out
    return handle.memo("upper_link.titles", make)


def linker_for(link, tree, level: str, title: str, issuing_body: str = "", *, as_of: str | None = None) -> "Linker":
    """The Linker of a draft, shared by everything that checks it against the same corpus handle
    (the last few drafts are kept per handle)."""
    first = tree.articles[0].flat_text if tree.articles else ""
    key = (level, title, issuing_body, as_of or "", first)
    cache = link.handle.memo("upper_link.linkers", lambda h: {})
    with _LINKERS_LOCK:
        found = cache.pop(key, None)
        if found is None:
            found = Linker(link, tree, level, title, issuing_body, as_of=as_of)
        cache[key] = found                     # most recent last
        while len(cache) > 8:
            cache.pop(next(iter(cache)))
    return found


_LINKERS_LOCK = threading.Lock()


class Linker:
    """Links the clauses of one draft to upper-law clauses (one instance per check run)."""

    def __init__(self, link, tree, level: str, title: str, issuing_body: str = "", *, as_of: str | None = None,
                 exclude_doc_ids: tuple[int, ...] = ()):
        self.link = link
        self.handle = link.handle
        self.index = self.handle.index
        self.ctx = draft_context(title, LEVELS.get(level, level), doc=tree,
                                 issuing_body=issuing_body, city_provinces=city_provinces_of(self.index))
        ok = in_force(self.handle, as_of) if as_of else None
        if exclude_doc_ids:         # a corpus document checked against its own upper laws (清理)
            ok = (np.fromiter((s == "现行" for s in self.index.docs.statuses), dtype=bool) if ok is None
                  else ok.copy())
            ok[[self.index.doc_pos[i] for i in exclude_doc_ids if i in self.index.doc_pos]] = False
        self.doc_ok = ok
        self.upper_units = group_units(self.index, self.ctx, doc_ok=ok)[UPPER]
        self.upper_docs = set(self.index.art_doc[self.index.unit_art[self.upper_units]].tolist())
        self._basis_rows: dict[tuple[int, ...], list[int]] = {}
        self._gram_cache: dict[str, np.ndarray] = {}
        self.basis_docs = self._basis_docs(tree, title)
        self._links: dict[tuple[str, str], Link] = {}
        df = np.diff(self.index.offsets).astype(np.float64)
        self.idf = np.log((self.index.n_units + 1) / (df + 1))

    @cached_property
    def upper_lookup(self) -> np.ndarray:
        """Unit position → place in upper_units (corpus.search.rare_candidates), once per draft."""
        return allowed_lookup(self.index, self.upper_units)

    # --- candidates ------------------------------------------------------------------------
    def _doc_pos(self, title: str) -> int | None:
        """The document a cited title names: its version in force at the draft's date."""
        r = self.link.resolve(title)
        if not r.path:
            return None
        d = self.index.docs
        pos = _paths(self.handle).get(r.path)
        if pos is None or self.doc_ok is None or self.doc_ok[pos]:
            return pos
        same = [p for p in _titles(self.handle).get(d.titles[pos], []) if self.doc_ok[p]]
        return same[0] if same else pos

    def _basis_docs(self, tree, title: str = "") -> list[int]:
        """The upper laws the draft implements: named in its 第一条 (根据《…》) or in its title."""
        first = tree.articles[0].flat_text if tree.articles else ""
        m = _BASIS.search(first)
        titles = TITLE_RE.findall(m.group(2)) if m else []
        for pattern in _TITLE_BASIS:
            t = pattern.search(title)
            if t:
                titles.append(t.group(1))
        docs = [self._doc_pos(t) for t in titles]
        return list(dict.fromkeys(d for d in docs if d is not None and d in self.upper_docs))

    def _sanction_rows(self, docs: list[int]) -> list[int]:
        """Article rows of these documents that contain a sanction word (all of a basis law's
        penalty articles are compared, not only those the bigram search ranks first)."""
        key = tuple(docs)
        if key not in self._basis_rows:
            rows = np.flatnonzero(np.isin(self.index.art_doc, docs))
            self._basis_rows[key] = [int(r) for r in rows if _SANCTION_WORDS.search(self.index.texts[int(r)])]
        return self._basis_rows[key]

    def _search(self, conduct: str, allowed: np.ndarray, rows: int = 12) -> list[int]:
        """Article rows whose units contain the conduct's rare bigrams best (idf-weighted)."""
        pos, _ = self.index.gram_positions(conduct)
        if not len(pos) or not len(allowed):
            return []
        offs = self.index.offsets
        lens = (offs[pos + 1] - offs[pos]).astype(np.int64)
        score = np.bincount(self.index.postings_of(pos), weights=np.repeat(self.idf[pos], lens),
                            minlength=self.index.n_units)[allowed]
        top = allowed[np.argsort(-score, kind="stable")[:CANDIDATE_UNITS]]
        found = dict.fromkeys(self.index.unit_art[top].tolist())
        return list(found)[:rows]

    def _grams(self, text: str) -> np.ndarray:
        """The text's bigram positions (kept per linker: upper-law clauses recur for every draft clause)."""
        found = self._gram_cache.get(text)
        if found is None:
            found = self._gram_cache[text] = np.unique(self.index.gram_positions(text)[0])
        return found

    def weighted_similarity(self, conduct: str, up_conduct: str, up_text: str) -> float:
        """idf-weighted bigram cosine of the two conducts, blended with how much of the draft
        conduct's rare bigrams the whole upper clause contains (wording differs between levels) and
        how much of the upper conduct the draft conduct contains (an implementing clause adds detail
        to the law's conduct: 擅自收购烟叶1000公斤以上 / 擅自收购烟叶)."""
        a = self._grams(conduct)
        if not len(a):
            return 0.0
        wa = self.idf[a].sum()
        b = self._grams(up_conduct)
        wb = self.idf[b].sum()
        common = self.idf[np.intersect1d(a, b, assume_unique=True)].sum()
        cos = common / np.sqrt(wa * max(wb, 1e-9))
        cover = self.idf[np.intersect1d(a, self._grams(up_text), assume_unique=True)].sum() / wa
        inside = common / wb if len(b) >= 4 else 0.0
        return float(max(0.6 * cos + 0.4 * cover, 0.4 * inside + 0.3 * cos + 0.3 * cover))

    def _clauses_of_row(self, row: int, how: str, conduct: str) -> list[UpperClause]:
        ix = self.index
        p = int(ix.art_doc[row])
        d = ix.docs
        out = []
        for where, text, f, up_conduct in _upper_clauses(self.handle, int(d.ids[p]), ix.labels[row]):
            if not f.sets_something:
                continue
            out.append(UpperClause(int(d.ids[p]), d.titles[p], d.levels[p], d.dates[p], d.paths[p], ix.labels[row],
                                   where, text, f, self.weighted_similarity(conduct, up_conduct, text), how))
        return out

    def _cited(self, text: str) -> list[tuple[int, str]]:
        """(article row, 第Y款 or "") of every upper-law article the text cites."""
        rows = []
        for m in _CITED_ARTICLE.finditer(text):
            p = self._doc_pos(m.group(1))
            if p is None:
                continue
            try:
                n = int(parse_number(m.group(2)))
            except ValueError:
                continue
            label = f"第{int_to_cn(n)}条"
            para = _CITED_PARAGRAPH.match(text, m.end())
            para_label = f"第{int_to_cn(int(parse_number(para.group(1))))}款" if para else ""
            arts = np.flatnonzero(self.index.art_doc == p)
            rows += [(int(r), para_label) for r in arts if self.index.labels[int(r)] == label]
        return rows

    # --- the link ----------------------------------------------------------------------------
    def governing(self, facts: ProvisionFacts, conduct: str) -> Link:
        """The governing upper-law clause of one draft clause (memoised per text and conduct: the
        conformity rules and the conflict findings of one review ask for the same clauses)."""
        key = (facts.text, conduct)
        if key not in self._links:
            self._links[key] = self._governing(facts, conduct)
        return self._links[key]

    def _governing(self, facts: ProvisionFacts, conduct: str) -> Link:
        cited = self._cited(facts.text)
        cands = [c for r, para in cited for c in self._clauses_of_row(r, "cited", conduct)
                 if not para or para in c.where or c.where == c.article]    # 第四十二条第二款: that 款 only
        if cands:
            cands.sort(key=lambda c: -c.similarity)
            return Link(cands[0], tuple(cands[:3]), True)
        # no citation, or one of an article that sets nothing in the version in force (the upper
        # law was renumbered since): look for the governing clause as for an uncited one
        if len(conduct) < 4:
            return Link(None, (), False)
        cands = []
        if self.basis_docs:
            for r in self._sanction_rows(self.basis_docs):
                cands += self._clauses_of_row(r, "basis", conduct)
        if not any(c.similarity >= SURE_MIN for c in cands):
            for r in self._search(conduct, self.upper_units):
                cands += self._clauses_of_row(r, "search", conduct)
        return self._decide(cands, facts)

    @staticmethod
    def _decide(cands: list[UpperClause], facts: ProvisionFacts | None = None) -> Link:
        best_per_article: dict[tuple[int, str], UpperClause] = {}
        for c in cands:
            k = (c.doc_id, c.article)
            if c.similarity >= LINK_MIN and (k not in best_per_article or c.similarity > best_per_article[k].similarity):
                best_per_article[k] = c
        def rank(c: UpperClause) -> float:
            r = c.similarity + (BASIS_BONUS if c.how == "basis" else 0.0)
            if facts is not None and facts.sanctions and c.facts.sanctions:
                r += SANCTION_BONUS * len(facts.sanctions & c.facts.sanctions) / len(facts.sanctions | c.facts.sanctions)
            if facts is not None and facts.authority and facts.authority == c.facts.authority:
                r += AUTHORITY_BONUS
            return r + (LAW_BONUS if c.level == "法律" else 0.0)
        # equal scores: the higher level first (a law before the regulation implementing it with
        # the same words), then the order found
        ranked = sorted(best_per_article.values(), key=lambda c: (-round(rank(c), 6), _LEVEL_ORDER.get(c.level, 9)))
        if not ranked:
            return Link(None, (), False)
        best = ranked[0]
        # another article of the same law on a similar conduct makes the link uncertain; another
        # law on the same conduct does not (the draft must stay within each upper law)
        runner = max((rank(c) for c in ranked[1:] if c.doc_id == best.doc_id), default=0.0)
        sure = best.similarity >= SURE_MIN and rank(best) - runner >= MARGIN
        return Link(best, tuple(ranked[:3]), sure)
