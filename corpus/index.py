"""The search index: character-bigram postings over every unit (article, and each 款 of an
article with several — 301,063 units for the 147,283 articles of ../shared/corpus).

Why our own n-grams rather than FTS5: candidate generation must rank every unit by similarity
to a whole draft article. An FTS5 trigram OR-query ranked by bm25 takes ~0.25-0.45 s per query
on this corpus, adds ~200 MB and gives recall@5 0.98; counting shared bigrams with numpy takes
~1-2 ms and gives 0.99 (bench/bench_corpus.py). Substring (keyword) search uses the same postings.

Built from ``corpus_articles`` (ordered by id) and stored as numpy blobs in
``corpus_index_blobs``, tagged with the corpus ``content_generation``; :func:`ensure_index`
rebuilds it when texts change. :class:`CorpusIndex` is the loaded, read-only form (never mutated
after loading, so one instance can be shared between threads and Streamlit sessions).
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

import numpy as np

from corpus.infer import LEVEL_RANK
from corpus.store import generation, open_corpus_db
from base.db import transaction

MAX_CP = 0x110000


def _np_bytes(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=False)
    return zlib.compress(buf.getvalue(), 1)


def _np_load(data: bytes) -> np.ndarray:
    return np.load(io.BytesIO(zlib.decompress(data)), allow_pickle=False)


def _delta_encode(rows: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Postings are ascending within each gram: store gaps (small numbers compress ~4x)."""
    d = rows.astype(np.int32, copy=True)
    if len(d) > 1:
        d[1:] -= rows[:-1]
        starts = offsets[:-1][offsets[:-1] < len(d)]
        d[starts] = rows[starts]
    return d


def _delta_decode(d: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    if not len(d):
        return d.astype(np.int32)
    c = np.cumsum(d, dtype=np.int64)
    starts = offsets[:-1]
    base = c[starts] - d[starts]
    return (c - np.repeat(base, np.diff(offsets))).astype(np.int32)


@dataclass
class Postings:
    """CSR postings: gram ``keys[g]`` occurs (once or more) in articles
    ``rows[offsets[g]:offsets[g+1]]``; rows are positions in the id-ordered article list."""
    chars: np.ndarray     # sorted code points present in the corpus (their index = dense char id)
    keys: np.ndarray      # sorted bigram keys (dense_a * n_chars + dense_b), int64
    offsets: np.ndarray   # int64, len(keys) + 1
    rows: np.ndarray      # int32
    article_ids: np.ndarray  # int64 corpus_articles.id per row (to check alignment with the texts)


def build_postings(texts: list[str], article_ids: np.ndarray) -> Postings:
    """Distinct character bigrams of every text (vectorised; a few seconds for the whole corpus).
    ``article_ids`` only records which articles the texts came from."""
    n = len(texts)
    lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    cp = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    present = np.bincount(cp, minlength=MAX_CP) > 0 if len(cp) else np.zeros(MAX_CP, bool)
    chars = np.flatnonzero(present).astype(np.int64)
    table = np.cumsum(present, dtype=np.int64) - 1
    n_chars = max(len(chars), 1)
    if len(cp) < 2:
        return Postings(chars, np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int32), article_ids)
    dense = table[cp]
    valid = np.ones(len(dense) - 1, dtype=bool)
    ends = np.cumsum(lens)
    last = ends[lens > 0] - 1
    valid[last[last < len(dense) - 1]] = False   # a bigram never spans two articles
    row = np.repeat(np.arange(n, dtype=np.int64), lens)[:-1]
    pair = (dense[:-1] * n_chars + dense[1:])[valid] * n + row[valid]
    pair.sort()
    keep = np.ones(len(pair), dtype=bool)
    keep[1:] = pair[1:] != pair[:-1]
    pair = pair[keep]
    gram = pair // n
    rows = (pair % n).astype(np.int32)
    starts = np.concatenate([[0], np.flatnonzero(np.diff(gram)) + 1]) if len(gram) else np.zeros(0, np.int64)
    keys = gram[starts]
    offsets = np.concatenate([starts, [len(rows)]]).astype(np.int64)
    return Postings(chars, keys, offsets, rows, article_ids)


MIN_UNIT = 4   # 款 shorter than this are not indexed on their own


@dataclass
class Units:
    """What is matched: every whole article and, for articles with several 款, each 款 on its own
    (a draft article often restates one 款 of a long provision). Units of one article are
    contiguous, the whole article first."""
    texts: list[str]
    article: np.ndarray   # article row of each unit
    offset: np.ndarray    # where the unit starts in its article's flat text
    whole: np.ndarray     # True for the unit that is the whole article


def make_units(paragraph_texts: list[str]) -> tuple[list[str], Units]:
    """(flat article texts, units) from the stored texts (one 款 per line)."""
    flats, texts, art, off, whole = [], [], [], [], []
    for row, t in enumerate(paragraph_texts):
        paras = t.split("\n")
        flat = "".join(paras)
        flats.append(flat)
        texts.append(flat)
        art.append(row)
        off.append(0)
        whole.append(True)
        if len(paras) > 1:
            pos = 0
            for p in paras:
                if len(p) >= MIN_UNIT:
                    texts.append(p)
                    art.append(row)
                    off.append(pos)
                    whole.append(False)
                pos += len(p)
    return flats, Units(texts, np.array(art, dtype=np.int64), np.array(off, dtype=np.int64),
                        np.array(whole, dtype=bool))


def _article_texts(db) -> tuple[np.ndarray, np.ndarray, list[str], list[str], list[str]]:
    ids, docs, labels, headings, texts = [], [], [], [], []
    for r in db.execute("select id, doc_id, label, heading, text from corpus_articles order by id"):
        ids.append(r[0])
        docs.append(r[1])
        labels.append(r[2])
        headings.append(r[3] or "")
        texts.append(r[4])
    return np.array(ids, dtype=np.int64), np.array(docs, dtype=np.int64), labels, headings, texts


def build_index(db) -> Postings:
    """Build the postings from the database and store them (one transaction)."""
    _, content_gen = generation(db)
    ids, _, _, _, texts = _article_texts(db)
    p = build_postings(make_units(texts)[1].texts, ids)
    with transaction(db):
        db.execute("delete from corpus_index_blobs")
        for name in ("chars", "keys", "offsets", "rows", "article_ids"):
            arr = _delta_encode(p.rows, p.offsets) if name == "rows" else getattr(p, name)
            db["corpus_index_blobs"].insert({"name": name, "generation": content_gen, "data": _np_bytes(arr)})
    return p


def index_is_current(db) -> bool:
    _, content_gen = generation(db)
    row = db.execute("select min(generation), max(generation), count(*) from corpus_index_blobs").fetchone()
    return row[2] == 5 and row[0] == row[1] == content_gen


def ensure_index(db) -> bool:
    """Rebuild the stored postings if article texts changed since they were built."""
    if index_is_current(db):
        return False
    build_index(db)
    return True


def _stored_postings(db) -> Postings | None:
    if not index_is_current(db):
        return None
    blobs = {name: _np_load(data) for name, data in db.execute("select name, data from corpus_index_blobs")}
    blobs["rows"] = _delta_decode(blobs["rows"], blobs["offsets"])
    return Postings(**blobs)


@dataclass(frozen=True)
class DocMeta:
    ids: np.ndarray          # corpus_docs.id per doc position
    paths: list[str]
    titles: list[str]
    levels: list[str]
    regions: list[str]
    localities: list[str]
    tiers: list[str]
    statuses: list[str]
    dates: list[str]


class CorpusIndex:
    """Everything a search needs, in memory and read-only: article texts and labels, the matching
    units (articles and their 款), the document metadata per article (for filters), the bigram
    postings over units and each unit's number of distinct bigrams."""

    def __init__(self, *, db_path: str, gen: tuple[int, int], article_ids: np.ndarray, art_doc: np.ndarray,
                 labels: list[str], headings: list[str], texts: list[str], units: Units, docs: DocMeta,
                 postings: Postings):
        self.db_path = db_path
        self.generation = gen
        self.article_ids = article_ids
        self.art_doc = art_doc            # doc position per article row
        self.labels = labels
        self.headings = headings
        self.texts = texts                # flat article texts
        self.n = len(texts)
        self.unit_texts = units.texts
        self.unit_array = np.array(units.texts, dtype=object)   # fancy indexing: 4x faster than a list comp
        self.unit_art = units.article
        self.unit_offset = units.offset
        self.unit_whole = units.whole
        self.n_units = len(units.texts)
        self.docs = docs
        self.doc_pos = {int(d): i for i, d in enumerate(docs.ids)}
        p = postings
        self.chars = p.chars
        self.char_table = np.full(MAX_CP, -1, dtype=np.int64)
        self.char_table[p.chars] = np.arange(len(p.chars), dtype=np.int64)
        self.n_chars = max(len(p.chars), 1)
        self.keys, self.offsets, self.rows = p.keys, p.offsets, p.rows
        self.grams = np.bincount(self.rows, minlength=self.n_units)   # distinct bigrams per unit
        self.level_rank = np.array([LEVEL_RANK.get(lv, 9) for lv in docs.levels], dtype=np.int64)
        for arr in (self.art_doc, self.char_table, self.keys, self.offsets, self.rows, self.grams,
                    self.level_rank, self.article_ids, self.unit_art, self.unit_offset, self.unit_whole):
            arr.setflags(write=False)

    def gram_positions(self, text: str) -> tuple[np.ndarray, int]:
        """(positions in ``keys`` of the text's distinct known bigrams, number of distinct bigrams)."""
        if len(text) < 2:
            return np.zeros(0, np.int64), 0
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        dense = self.char_table[cp]
        a, b = dense[:-1], dense[1:]
        known_chars = (a >= 0) & (b >= 0)
        keys = np.unique(a[known_chars] * self.n_chars + b[known_chars])
        n_distinct = len(np.unique(cp[:-1].astype(np.int64) * MAX_CP + cp[1:]))
        if not len(keys) or not len(self.keys):
            return np.zeros(0, np.int64), n_distinct
        pos = np.searchsorted(self.keys, keys)
        pos[pos >= len(self.keys)] = 0
        return pos[self.keys[pos] == keys], n_distinct

    def postings_of(self, positions: np.ndarray) -> np.ndarray:
        if not len(positions):
            return np.zeros(0, np.intp)
        # np.intp straight away: bincount would otherwise copy int32 postings to intp
        return np.concatenate([self.rows[self.offsets[g]:self.offsets[g + 1]] for g in positions.tolist()],
                              dtype=np.intp)


def load_index(db_path: str | None = None) -> CorpusIndex:
    """Load (building first if stale) the index of the corpus database at ``db_path``."""
    db = open_corpus_db(db_path)
    try:
        postings = _stored_postings(db)
        if postings is None:
            postings = build_index(db)
        gen = generation(db)
        ids, doc_ids, labels, headings, stored = _article_texts(db)
        if len(ids) != len(postings.article_ids) or not np.array_equal(ids, postings.article_ids):
            postings = build_index(db)   # texts changed under us (concurrent import): rebuild
            gen = generation(db)
            ids, doc_ids, labels, headings, stored = _article_texts(db)
        texts, units = make_units(stored)
        rows = db.execute("select id, path, title, level, region, locality, tier, status, version_date "
                          "from corpus_docs order by id").fetchall()
        cols = list(zip(*rows)) if rows else [()] * 9
        docs = DocMeta(np.array(cols[0], dtype=np.int64), *[list(c) for c in cols[1:3]],
                       *[[v or "" for v in c] for c in cols[3:]])
        pos = {int(d): i for i, d in enumerate(docs.ids)}
        art_doc = np.array([pos[int(d)] for d in doc_ids], dtype=np.int64)
        return CorpusIndex(db_path=db_path or "", gen=gen, article_ids=ids, art_doc=art_doc, labels=labels,
                           headings=headings, texts=texts, units=units, docs=docs, postings=postings)
    finally:
        db.close()
