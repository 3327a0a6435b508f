"""The search index: character-bigram postings over every unit (article, and each 款 of an
article with several — 301,063 units for the 147,283 articles of ../shared/corpus).

Why our own n-grams rather than FTS5: candidate generation must rank every unit by similarity
to a whole draft article. An FTS5 trigram OR-query ranked by bm25 takes ~0.25-0.45 s per query
on this corpus, adds ~200 MB and gives recall@5 0.98; counting shared bigrams with numpy takes
~1-2 ms and gives 0.99 (bench/bench_corpus.py). Substring (keyword) search uses the same postings.

Built from ``corpus_articles`` (ordered by id) and written as memory-mapped files beside the
database (corpus.index_files), tagged with the corpus ``content_generation``; :func:`ensure_index`
rebuilds it when texts change. :class:`CorpusIndex` is the loaded, read-only form (never mutated
after loading, so one instance can be shared between threads and Streamlit sessions); loading
maps the files and reads the document metadata (a few tens of milliseconds).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from corpus import index_files
from corpus.index_files import StrArray
from corpus.infer import LEVEL_RANK
from base.db import transaction
from corpus.store import generation, meta_get, meta_set, open_corpus_db

MAX_CP = 0x110000


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


def _article_rows(db) -> tuple[np.ndarray, np.ndarray, list[str], list[str], list[str]]:
    ids, docs, labels, headings, texts = [], [], [], [], []
    for r in db.execute("select id, doc_id, label, heading, text from corpus_articles order by id"):
        ids.append(r[0])
        docs.append(r[1])
        labels.append(r[2] or "")
        headings.append(r[3] or "")
        texts.append(r[4])
    return np.array(ids, dtype=np.int64), np.array(docs, dtype=np.int64), labels, headings, texts


def db_file(db) -> str:
    """The file behind a sqlite_utils database (the index files are written beside it)."""
    return next(r[2] for r in db.execute("pragma database_list") if r[1] == "main")


def build_index(db) -> Postings:
    """Build the postings and texts from the database and write them beside it (index_files);
    then point the database at the new build (one transaction)."""
    _, content_gen = generation(db)
    ids, doc_ids, labels, headings, texts = _article_rows(db)
    _, units = make_units(texts)
    p = build_postings(units.texts, ids)
    unit_buf, unit_off = index_files.encode(units.texts)
    label_buf, label_off = index_files.encode(labels)
    heading_buf, heading_off = index_files.encode(headings)
    arrays = {"chars": p.chars, "keys": p.keys, "offsets": p.offsets, "rows": p.rows,
              "grams": np.bincount(p.rows, minlength=len(units.texts)).astype(np.int32),
              "article_ids": ids, "art_doc_id": doc_ids, "art_unit": np.flatnonzero(units.whole),
              "unit_art": units.article, "unit_offset": units.offset, "unit_whole": units.whole,
              "unit_text_off": unit_off, "unit_text_coff": index_files.char_offsets(units.texts),
              "label_off": label_off, "heading_off": heading_off}
    path = db_file(db)
    token = index_files.write_build(path, arrays, {"unit_text": unit_buf, "label": label_buf,
                                                   "heading": heading_buf})
    with transaction(db):
        meta_set(db, "index_token", token)
        meta_set(db, "index_generation", content_gen)
        db.execute("delete from corpus_index_blobs")     # the former storage (blobs in the database)
    index_files.remove_other_builds(path, token)
    return p


def current_build(db):
    """The folder of the index build that matches the database's texts, or None."""
    _, content_gen = generation(db)
    if meta_get(db, "index_generation") != str(content_gen):
        return None
    return index_files.build_dir(db_file(db), meta_get(db, "index_token"))


def index_is_current(db) -> bool:
    return current_build(db) is not None


def ensure_index(db) -> bool:
    """Rebuild the index if article texts changed since it was built."""
    if index_is_current(db):
        return False
    build_index(db)
    return True


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


def _doc_meta(db) -> DocMeta:
    rows = db.execute("select id, path, title, level, region, locality, tier, status, version_date "
                      "from corpus_docs order by id").fetchall()
    cols = list(zip(*rows)) if rows else [()] * 9
    return DocMeta(np.array(cols[0], dtype=np.int64), *[list(c) for c in cols[1:3]],
                   *[[v or "" for v in c] for c in cols[3:]])


class CorpusIndex:
    """Everything a search needs, read-only: article texts and labels, the matching units
    (articles and their 款), the document metadata per article (for filters), the bigram postings
    over units and each unit's number of distinct bigrams. Arrays and texts are memory-mapped
    (index_files); never mutated, so one instance is shared between threads and sessions."""

    def __init__(self, *, db_path: str, gen: tuple[int, int], arrays: dict, buffers: dict, docs: DocMeta):
        a = arrays
        self.db_path = db_path
        self.generation = gen
        self.article_ids = a["article_ids"]
        self.docs = docs
        self.doc_pos = {int(d): i for i, d in enumerate(docs.ids)}
        self.art_doc = np.searchsorted(docs.ids, a["art_doc_id"])      # doc position per article row
        self.unit_texts = StrArray(buffers["unit_text"], a["unit_text_off"], a["unit_text_coff"])
        self.art_unit = a["art_unit"]                                  # the whole-article unit per row
        self.texts = _ArticleTexts(self.unit_texts, self.art_unit)     # flat article texts
        self.labels = StrArray(buffers["label"], a["label_off"])
        self.headings = StrArray(buffers["heading"], a["heading_off"])
        self.n = len(self.article_ids)
        self.unit_art, self.unit_offset, self.unit_whole = a["unit_art"], a["unit_offset"], a["unit_whole"]
        self.n_units = len(self.unit_art)
        self.chars = a["chars"]
        self.char_table = np.full(MAX_CP, -1, dtype=np.int64)
        self.char_table[self.chars] = np.arange(len(self.chars), dtype=np.int64)
        self.n_chars = max(len(self.chars), 1)
        self.keys, self.offsets, self.rows, self.grams = a["keys"], a["offsets"], a["rows"], a["grams"]
        self.level_rank = np.array([LEVEL_RANK.get(lv, 9) for lv in docs.levels], dtype=np.int64)
        for arr in (self.art_doc, self.char_table, self.level_rank):
            arr.setflags(write=False)

    def unit_strings(self, units) -> list[str]:
        return self.unit_texts.take(units)

    @cached_property
    def all_unit_texts(self) -> list[str]:
        """Every unit text decoded (the exhaustive reference scan only; ~0.3 s, ~100 MB)."""
        return list(self.unit_texts)

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
        offs = self.offsets
        # np.intp straight away: bincount would otherwise copy int32 postings to intp
        return np.concatenate([self.rows[offs[g]:offs[g + 1]] for g in positions.tolist()], dtype=np.intp)


class _ArticleTexts:
    """Flat article texts: the whole-article unit of each row."""

    def __init__(self, units: StrArray, art_unit: np.ndarray):
        self._units, self._art_unit = units, art_unit

    def __len__(self) -> int:
        return len(self._art_unit)

    def __getitem__(self, row):
        if isinstance(row, slice):
            return self._units.take(self._art_unit[row])
        return self._units[int(self._art_unit[row])]

    def __iter__(self):
        return iter(self._units.take(self._art_unit))


def load_index(db_path: str | None = None) -> CorpusIndex:
    """Load (building first if stale) the index of the corpus database at ``db_path``."""
    db = open_corpus_db(db_path)
    try:
        d = current_build(db)
        if d is None:
            build_index(db)
            d = current_build(db)
        gen = generation(db)
        docs = _doc_meta(db)
    finally:
        db.close()
    arrays, buffers = index_files.read_build(d)
    return CorpusIndex(db_path=db_path or "", gen=gen, arrays=arrays, buffers=buffers, docs=docs)
