"""Titles of the corpus: how a cited 《…》 finds its document, and repeal by another document.

- :func:`normalise_title` removes spaces, unifies brackets and drops a trailing version note
  (（2019年修正）); titles are compared by this key.
- National laws are often cited without 中华人民共和国 (《行政处罚法》); :class:`TitleIndex`
  maps such short names to the full title.
- A document repeals others in its own text: 「……《某某条例》同时废止」. :func:`repeal_clauses`
  finds these clauses in a parsed document (the importer stores them with their article, see
  corpus.store ``corpus_repeal_clauses``); a cited title named in such a clause of the newest
  version of another document is 已废止, unless the cited title's newest version is dated after
  the repealing document (it was enacted again).
- :class:`TitleIndex` is the read-only, in-memory view of all titles, version chains, repeal
  clauses and the administrators' 已废止 marks, loaded from the corpus database in a few ms; it
  decides both the stored status (corpus.store.recompute_status) and how the checks resolve a
  citation (checks.corpus_link), so the two cannot disagree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from lawtext.model import LegalDocument

NATIONAL_PREFIX = "中华人民共和国"
REPEAL_RE = re.compile(r"((?:《[^《》]{2,80}》[、和及，,]?)+)(?:同时|即行|予以)?废止")
_TITLE_IN = re.compile(r"《([^《》]{2,80})》")
_VERSION_NOTE = re.compile(r"（\d{4}年?[^）]{0,8}(修正|修订|修改|公布|本)?）$")
LOCAL_TIERS = {"province", "city", "county"}


def normalise_title(title: str) -> str:
    """The comparison key of a title: no spaces, full-width brackets, no trailing version note."""
    t = re.sub(r"\s+", "", title or "")
    t = t.replace("(", "（").replace(")", "）").replace("〈", "《").replace("〉", "》")
    return _VERSION_NOTE.sub("", t)


def national_short(key: str) -> str:
    """行政处罚法 for 中华人民共和国行政处罚法 (a normalised title), else ""."""
    if key.startswith(NATIONAL_PREFIX) and len(key) > len(NATIONAL_PREFIX) + 1:
        return key[len(NATIONAL_PREFIX):]
    return ""


# --- repeal clauses -------------------------------------------------------------------------
@dataclass(frozen=True)
class RepealClause:
    title: str      # as written in the clause
    key: str        # normalise_title(title)
    label: str      # article label (第二十六条), "" for text outside articles
    excerpt: str    # the matched clause


def repeal_clauses(doc: LegalDocument, own_title: str = "") -> list[RepealClause]:
    """The titles that ``doc`` declares repealed (「《…》同时废止」), in its articles, the text
    before them (决定 and 规定 without articles) and its 附件; its own title is skipped."""
    own = normalise_title(own_title or doc.title)
    texts = [("", line) for line in doc.preamble]
    texts += [(a.label, line) for a in doc.articles for line in a.lines()]
    texts += [("", line) for line in doc.appendix]
    out: list[RepealClause] = []
    seen: set[str] = set()
    for label, text in texts:
        if "废止" not in text:
            continue
        for m in REPEAL_RE.finditer(text):
            for t in _TITLE_IN.findall(m.group(1)):
                key = normalise_title(t)
                if key == own or key in seen:
                    continue
                seen.add(key)
                out.append(RepealClause(t, key, label, m.group(0)[:200]))
    return out


# --- the title index --------------------------------------------------------------------------
@dataclass(frozen=True)
class TitleDoc:
    id: int
    path: str
    title: str
    level: str
    tier: str
    version_date: str
    superseded_by: str
    marked: bool        # an administrator marked it 已废止 (corpus.store.set_repealed)
    mark_note: str = ""

    @property
    def key(self) -> str:
        return normalise_title(self.title)


@dataclass(frozen=True)
class Repeal:
    """Why a title is 已废止: a clause of ``by`` (another document), or an administrator's mark."""
    by: TitleDoc | None     # the repealing document; None for a mark
    label: str = ""         # article of ``by`` holding the clause
    excerpt: str = ""
    marked: TitleDoc | None = None   # the marked document (when by is None)

    def note(self) -> str:
        if self.by is not None:
            return f"已被《{self.by.title}》{self.label}废止"
        extra = f"：{self.marked.mark_note}" if self.marked and self.marked.mark_note else ""
        return f"在法规库中已标记为已废止{extra}"


@dataclass(frozen=True)
class TitleMatch:
    cited: str
    kind: str                     # current | short | repealed | unknown
    doc: TitleDoc | None = None   # newest version of the cited (or full) title
    repeal: Repeal | None = None
    versions: int = 0             # documents sharing the title
    full_title: str = ""          # for a short name: the full title


class TitleIndex:
    """All titles of a corpus database, their version chains, repeal clauses and marks
    (read-only once built)."""

    def __init__(self, docs: list[TitleDoc], clauses: list[tuple[int, str, str, str]]):
        """``docs`` in id order; ``clauses``: (doc id, title key, article label, excerpt)."""
        self.docs = docs
        self.by_id = {d.id: d for d in docs}
        self.by_key: dict[str, list[TitleDoc]] = {}
        for d in docs:
            self.by_key.setdefault(d.key, []).append(d)
        self.by_short: dict[str, str] = {}
        for key in self.by_key:
            short = national_short(key)
            if short:
                self.by_short.setdefault(short, key)
        self._clauses: dict[str, list[tuple[TitleDoc, str, str]]] = {}
        for doc_id, key, label, excerpt in clauses:
            d = self.by_id.get(doc_id)
            if d is not None:
                self._clauses.setdefault(key, []).append((d, label, excerpt))

    @classmethod
    def from_db(cls, db) -> "TitleIndex":
        """Load from a corpus database (a sqlite_utils Database or sqlite3 connection)."""
        notes = dict(db.execute(
            "select doc_id, note from corpus_status_log where id in "
            "(select max(id) from corpus_status_log where after = '已废止' group by doc_id)").fetchall())
        docs = [TitleDoc(i, p, t, lv or "", tier or "", vd or "", sup or "", bool(rep), notes.get(i) or "")
                for i, p, t, lv, tier, vd, sup, rep in db.execute(
                    "select id, path, title, level, tier, version_date, superseded_by, repealed "
                    "from corpus_docs order by id")]
        clauses = db.execute("select doc_id, title_key, label, excerpt from corpus_repeal_clauses "
                             "order by doc_id, id").fetchall()
        return cls(docs, clauses)

    def __len__(self) -> int:
        return len(self.docs)

    @cached_property
    def keys(self) -> list[str]:
        return list(self.by_key)

    # --- lookups ---------------------------------------------------------------------------
    def current(self, key: str) -> TitleDoc | None:
        """The newest version of a title: the latest-dated document that no other supersedes."""
        rows = self.by_key.get(key)
        if not rows:
            return None
        heads = [d for d in rows if not d.superseded_by] or rows
        return max(heads, key=lambda d: d.version_date)

    def clause_repeal(self, key: str, doc: TitleDoc | None) -> Repeal | None:
        """The first clause of another document's newest version that repeals title ``key``;
        none when ``doc`` (the title's newest version) is dated after it, and a local document
        never repeals a national one."""
        national = key.startswith(NATIONAL_PREFIX) or (doc is not None and doc.tier == "national")
        for by, label, excerpt in self._clauses.get(key, ()):
            if by.superseded_by or by.key == key:
                continue
            if national and by.tier in LOCAL_TIERS:
                continue
            if doc is not None and doc.version_date > by.version_date:
                continue
            return Repeal(by, label, excerpt)
        return None

    def repeal_of(self, key: str, doc: TitleDoc | None) -> Repeal | None:
        """Why title ``key`` (newest version ``doc``) is 已废止, if it is."""
        rep = self.clause_repeal(key, doc)
        if rep is None and doc is not None and doc.marked:
            rep = Repeal(None, marked=doc)
        return rep

    def resolve(self, cited: str) -> TitleMatch:
        key = normalise_title(cited)
        doc = self.current(key)
        if doc is None and key in self.by_short:
            full = self.by_short[key]
            fdoc = self.current(full)
            rep = self.repeal_of(full, fdoc)
            return TitleMatch(cited, "repealed" if rep else "short", fdoc, rep, len(self.by_key[full]), full)
        rep = self.repeal_of(key, doc)
        if rep is not None:
            return TitleMatch(cited, "repealed", doc, rep, len(self.by_key.get(key, ())))
        if doc is None:
            return TitleMatch(cited, "unknown")
        return TitleMatch(cited, "current", doc, None, len(self.by_key[key]))

    def doc_repeal(self, doc: TitleDoc) -> Repeal | None:
        """The clause that makes this stored document 已废止 (only the newest version of a chain)."""
        if doc.superseded_by:
            return None
        return self.clause_repeal(doc.key, doc)

    def suggest(self, cited: str) -> str:
        """The closest title of the corpus (rapidfuzz ratio ≥ 85), or ""."""
        from rapidfuzz import fuzz, process
        best = process.extractOne(normalise_title(cited), self.keys, scorer=fuzz.ratio, score_cutoff=85)
        return best[0] if best else ""
