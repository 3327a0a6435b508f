"""Search over the imported subset: edited real articles find their source, partial quotes find their
span, filters restrict exactly, keyword search is exact, and the candidate stage loses nothing
against an exhaustive rapidfuzz scan of the same articles."""
from __future__ import annotations

import random
import re

import numpy as np
from rapidfuzz import fuzz

from corpus.index import build_postings
from corpus.search import Filters, exhaustive, keyword, make_hit, search, similar, similar_rows
from corpus.store import AMENDED, find_doc, open_corpus_db
from corpus_helpers import SHANGHAI_2020


def _sample_rows(index, n, seed, min_len=60, max_len=400):
    """Rows of articles whose text occurs once in the index (so "the source" is well defined)."""
    texts = index.texts
    counts = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    pool = [r for r, t in enumerate(texts) if min_len <= len(t) <= max_len and counts[t] == 1]
    return random.Random(seed).sample(pool, n)


def _edit(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(max(2, len(chars) // 12)):
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.4:
            chars[i] = rng.choice("的和与及或在对将由")
        elif op < 0.7:
            del chars[i]
        else:
            chars.insert(i, rng.choice(["市", "有关部门", "依法"]))
    return "".join(chars)


def _swap_clauses(text: str, rng: random.Random) -> str:
    parts = [p for p in re.split(r"(?<=[，；。])", text) if p]
    if len(parts) >= 2:
        i, j = rng.sample(range(len(parts)), 2)
        parts[i], parts[j] = parts[j], parts[i]
    return "".join(parts)


def test_edited_real_articles_find_their_source_first(subset_index):
    rng = random.Random(11)
    for row in _sample_rows(subset_index, 30, seed=3):
        source = subset_index.texts[row]
        query = _swap_clauses(_edit(source, rng), rng) if rng.random() < 0.5 else _edit(source, rng)
        hits = similar(subset_index, query, top=5)
        assert hits[0].row == row, (source, query, [(h.title, h.label, h.score) for h in hits])
        assert hits[0].score > 0.5
        assert hits[0].score >= hits[-1].score


def test_city_name_replaced_still_finds_the_article(subset_index):
    db = open_corpus_db(subset_index.db_path)
    doc = find_doc(db, "DLC/山东地方法规/地方性法规/山东/济南市优化营商环境条例(2022-01-21).md")
    rows = [r for r in range(subset_index.n) if subset_index.docs.ids[subset_index.art_doc[r]] == doc.id
            and "本市" in subset_index.texts[r] and len(subset_index.texts[r]) > 40]
    assert rows
    for row in rows[:10]:
        query = subset_index.texts[row].replace("本市", "杭州市").replace("济南", "杭州")
        hit = similar(subset_index, query, top=1)[0]
        assert subset_index.texts[hit.row] == subset_index.texts[row]


def test_partial_quote_reports_the_matching_span(subset_index):
    row = next(r for r in _sample_rows(subset_index, 200, seed=5, min_len=200, max_len=600))
    text = subset_index.texts[row]
    start, end = len(text) // 3, len(text) // 3 + 60
    hit = next(h for h in similar(subset_index, text[start:end], top=10) if h.row == row)
    s, e = hit.span
    assert abs(s - start) <= 3 and abs(e - end) <= 3
    assert fuzz.ratio(hit.span_text, text[start:end]) > 95


def test_label_in_the_query_is_ignored(subset_index):
    law = next(r for r in range(subset_index.n) if subset_index.labels[r] == "第三十条"
               and subset_index.texts[r].startswith("单位和个人饲养犬只"))
    hit = search(subset_index, "第三十条 " + subset_index.texts[law], top=1)[0]
    assert (hit.title, hit.label, round(hit.score, 4)) == ("中华人民共和国动物防疫法", "第三十条", 1.0)


def test_filters_restrict_every_hit(subset_index):
    query = "违反本条例规定，由县级以上人民政府有关部门责令改正，处一千元以上一万元以下罚款。"
    for f, check in [
        (Filters.of(level="法律"), lambda h: h.level == "法律"),
        (Filters.of(level=["行政法规", "法律"]), lambda h: h.level in ("行政法规", "法律")),
        (Filters.of(region="上海"), lambda h: h.region == "上海"),
        (Filters.of(status=AMENDED), lambda h: h.status == AMENDED),
        (Filters.of(date_from="2020-01-01", date_to="2021-12-31"), lambda h: "2020-01-01" <= h.version_date <= "2021-12-31"),
        (Filters.of(level="地方性法规", region="山东", status="现行"),
         lambda h: (h.level, h.region, h.status) == ("地方性法规", "山东", "现行")),
    ]:
        hits = similar(subset_index, query, top=20, filters=f)
        assert hits, f
        assert all(check(h) for h in hits), (f, [(h.title, h.level, h.region, h.status) for h in hits])
        # the filter is applied before ranking: the best allowed article is found even if
        # many better unfiltered ones exist
        allowed = np.array([check(make_hit(subset_index, r, 0.0)) for r in range(subset_index.n)])
        best = exhaustive(subset_index, query, top=1, mask=allowed[subset_index.unit_art])[0]
        assert abs(hits[0].score - best.score) < 1e-6


def test_status_filter_finds_the_older_version_only_when_asked(subset_index):
    db = open_corpus_db(subset_index.db_path)
    old = find_doc(db, SHANGHAI_2020)
    rows = [r for r in range(subset_index.n) if subset_index.docs.ids[subset_index.art_doc[r]] == old.id]
    older_only = [r for r in rows if subset_index.texts[r] not in {
        subset_index.texts[x] for x in range(subset_index.n) if subset_index.docs.ids[subset_index.art_doc[x]] != old.id}]
    row = max(older_only, key=lambda r: len(subset_index.texts[r]))
    query = subset_index.texts[row]
    assert similar(subset_index, query, top=1, filters=Filters.of(status=AMENDED))[0].row == row
    current = similar(subset_index, query, top=5, filters=Filters.of(status="现行"))
    assert all(h.doc_id != old.id for h in current)


def test_keyword_search_is_exact(subset_index):
    hits = keyword(subset_index, "狂犬病", limit=500)
    expected = [r for r, t in enumerate(subset_index.texts) if "狂犬病" in t]
    assert sorted(h.row for h in hits) == sorted(expected)
    assert all(h.span_text == "狂犬病" for h in hits)
    ranks = [h.level for h in hits]
    assert ranks.index("法律") < ranks.index("地方性法规")        # higher levels first
    one = keyword(subset_index, "犬", limit=10_000)
    assert sorted(h.row for h in one) == [r for r, t in enumerate(subset_index.texts) if "犬" in t]
    assert keyword(subset_index, "量子纠缠通信") == []
    assert search(subset_index, "狂犬病", top=3)[0].span_text == "狂犬病"     # auto → keyword for short text


def test_candidates_lose_nothing_against_an_exhaustive_scan(subset_index):
    """Tie-aware top-5 against rapidfuzz over every unit of the subset (the bench does the same
    over the whole corpus); the best score is always found."""
    rng = random.Random(7)
    found = total = 0
    for row in _sample_rows(subset_index, 25, seed=9):
        q = _edit(subset_index.texts[row], rng)
        truth = [r.score for r in exhaustive(subset_index, q, top=5)]
        mine = [r.score for r in similar_rows(subset_index, q, top=5)]
        assert abs(mine[0] - truth[0]) < 1e-6
        found += sum(1 for a, b in zip(mine, truth) if a >= b - 1e-6)
        total += 5
    assert found / total >= 0.95


def test_empty_and_one_character_queries(subset_index):
    assert similar(subset_index, "   ") == []
    assert all("犬" in h.text for h in similar(subset_index, "犬", top=3))


def test_stored_postings_equal_a_fresh_build(subset_index):
    """The index loaded from its memory-mapped files is exactly what a
    fresh build over the same texts gives."""
    fresh = build_postings(subset_index.unit_texts, subset_index.article_ids)
    assert np.array_equal(fresh.keys, subset_index.keys)
    assert np.array_equal(fresh.offsets, subset_index.offsets)
    assert np.array_equal(fresh.rows, subset_index.rows)
    assert subset_index.rows.dtype == np.int32 and len(subset_index.rows) > 100_000
