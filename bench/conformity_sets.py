"""Seeded, reproducible evaluation sets for upper-law conformity, mined from the corpus database
(never stored in the repository; bench/bench_conformity.py builds them in each run).

* :func:`link_set`: local 地方性法规 penalty clauses that refer to their upper-law article
  explicitly (依照《X》第N条…处罚), with the citation hidden; the gold is that article in the version
  of X in force on the local document's date.
* :func:`change_set`: pairs of versions of the same local article whose sanction changed after
  an upper law that governs it was amended (old local date < upper amendment ≤ new local date). The
  gold upper clause is the clause of the amended upper version on the same conduct (conduct
  similarity ≥ 0.7) whose fine range contains the new local fine and not the old one. The old text
  must be reported (error), the new one must not (a lawful restatement); both checked as of the
  new local date.

Each item carries ``split``: "held_out" for 30 % of items by a hash of its key, else "dev".
"""
from __future__ import annotations

import hashlib
import random
import re

import numpy as np

from checks.provision_facts import conduct_of, facts_of
from checks.upper_link import article_clauses, expanded_conduct, similarity
from lawtext.numerals import int_to_cn, parse_number

CITE = re.compile(r"(依照|依据|按照|根据|适用)《([^《》]+)》第([一二三四五六七八九十百零〇两\d]+)条(第[一二三四五六七八九十]+款)?"
                  r"(第[（(][一二三四五六七八九十]+[)）]项)?(的)?(有关)?(规定)?")


def split_of(key: str) -> str:
    return "held_out" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10 < 3 else "dev"


def _local_docs(index, statuses=("现行", "已被修改"), levels=("地方性法规",)) -> list[int]:
    d = index.docs
    return [p for p in range(len(d.ids)) if d.levels[p] in levels and d.statuses[p] in statuses]


LINK_CITE = re.compile(r"(依照|依据|按照|根据|适用|违反)《([^《》]+)》第([一二三四五六七八九十百零〇两\d]+)条"
                       r"((?:第[一二三四五六七八九十]+款)?(?:第[（(][一二三四五六七八九十]+[)）]项)?"
                       r"(?:[、和及或]第[一二三四五六七八九十百零〇两\d]+条(?:第[一二三四五六七八九十]+款)?)*)"
                       r"(的)?(有关)?(规定)?")
_MORE_ARTICLES = re.compile(r"第([一二三四五六七八九十百零〇两\d]+)条")


def text_split(text: str) -> str:
    """held_out for 30 % of items by the sha256 of the clause text as the linker sees it (fixed before
    any tuning)."""
    return "held_out" if int(hashlib.sha256(text.encode()).hexdigest(), 16) % 10 < 3 else "dev"


def _label(num: str) -> str | None:
    try:
        return f"第{int_to_cn(int(parse_number(num)))}条"
    except ValueError:
        return None


def _penalty_articles_citing(handle, doc_id: int, label: str) -> list[str]:
    """Articles of an upper law whose sanction clauses refer to ``label`` (违反本法第N条规定的): the
    governing article of a local clause that names only the duty it breaks (违反《X》第N条)."""
    tree = handle.doc_tree(doc_id)
    try:
        n = int(parse_number(label[1:-1]))
    except ValueError:
        return []
    out = []
    for art in tree.articles:
        if art.label == label:
            continue
        for _, text, lead in article_clauses(art):
            f = facts_of(text, lead=lead)
            if f.sanctions and n in f.refs:
                out.append(art.label)
                break
    return out


def _sets_sanction(handle, doc_id: int, label: str) -> bool:
    art = handle.doc_tree(doc_id).article(label)
    return art is not None and any(facts_of(t, lead=ld).sanctions for _, t, ld in article_clauses(art))


def link_set(handle, n: int = 200, seed: int = 16) -> list[dict]:
    """Lower-level penalty clauses (地方性法规, 行政法规, 部门规章 below the law they cite) that refer
    to an article of a 法律/行政法规 explicitly, one item per clause and cited law, citation hidden.

    * 依照/依据/按照/根据/适用《X》第N条 (in the clause or its 款 lead): the gold is article N (and any
      further article of X the clause names) in the version of X in force on the clause's date;
    * 违反《X》第N条 alone: the gold is the article(s) of X that sanction a breach of article N.

    Citations of an article that sets no sanction in the version in force are dropped (stale: the law
    was renumbered after the clause was written). The conduct may come from the draft's own article a clause refers to (违反本条例第X条规定，依照…),
    as the linker reads it (checks.upper_link.expanded_conduct). Up to ``n`` items, shuffled by
    ``seed``; ``split`` by the sha256 of the clause text (:func:`text_split`)."""
    from corpus.versions import in_force
    index = handle.index
    d = index.docs
    by_title: dict[str, list[int]] = {}
    for i, t in enumerate(d.titles):
        by_title.setdefault(t, []).append(i)
    titles = handle.titles
    items, seen = [], set()
    for p in _local_docs(index, statuses=("现行", "已被修改", "已废止"), levels=("地方性法规", "行政法规", "部门规章")):
        if not any("》第" in index.texts[int(r)] for r in _rows_of(index, p)):
            continue
        tree = handle.doc_tree(int(d.ids[p]))
        by_num = {a.number: a for a in tree.articles if not a.suffix}

        def text_of(k: int) -> str:
            a = by_num.get(k)
            return conduct_of(a.flat_text) if a else ""
        ok = in_force(handle, d.dates[p] or "9999")
        for art in tree.articles:
            for where, text, lead in article_clauses(art):
                full = lead + text
                if not re.search("罚款|处罚|吊销|没收", full):
                    continue
                hidden_text, hidden_lead = LINK_CITE.sub(r"\1有关规定", text), LINK_CITE.sub(r"\1有关规定", lead)
                hidden = facts_of(hidden_text, lead=hidden_lead)
                conduct = expanded_conduct(hidden, text_of)
                if len(conduct) < 6 or conduct.startswith(("依照", "依据", "按照", "根据", "适用")):
                    continue          # no conduct stated (依照…处以罚款的，罚款额为…): nothing to match on
                golds: dict[str, dict] = {}
                for m in LINK_CITE.finditer(full):
                    doc = titles.current(_key(titles, m.group(2)))
                    if doc is None or doc.level not in ("法律", "行政法规") or doc.title == d.titles[p]:
                        continue
                    if d.levels[p] == "法律" or (d.levels[p] == "行政法规" and doc.level == "行政法规"):
                        continue
                    versions = [q for q in by_title.get(doc.title, []) if ok[q]]
                    if not versions:
                        continue
                    labels = [x for x in (_label(m.group(3)), *(_label(k) for k in _MORE_ARTICLES.findall(m.group(4))))
                              if x]
                    kind = "violates" if m.group(1) == "违反" else "cites"
                    g = golds.setdefault(doc.title, {"doc": int(d.ids[versions[0]]), "cites": [], "violates": []})
                    g[kind] += labels
                for title, g in golds.items():
                    arts = list(dict.fromkeys(g["cites"] or [a for lb in g["violates"]
                                                              for a in _penalty_articles_citing(handle, g["doc"], lb)]))
                    # a clause applying 依照第N条处罚 must point at a penalty article: one that sets no
                    # sanction in the version in force is a stale citation (the law was renumbered since)
                    arts = [a for a in arts if _sets_sanction(handle, g["doc"], a)]
                    key = (full, title)
                    if not arts or key in seen:
                        continue
                    seen.add(key)
                    items.append({"key": f"{d.paths[p]}#{where}#{title}", "doc_title": d.titles[p],
                                  "doc_path": d.paths[p], "level": d.levels[p], "date": d.dates[p], "where": where,
                                  "text": hidden_text, "lead": hidden_lead, "original": full,
                                  "kind": "cites" if g["cites"] else "violates",
                                  "gold_title": title, "gold_article": arts[0], "gold_articles": arts,
                                  "gold_doc": g["doc"], "split": text_split(hidden_lead + hidden_text)})
    # one item per hidden text and law, from the latest document holding it (an older version of the
    # same regulation may cite the law's earlier numbering); the split follows the hidden text, so
    # the same words never fall on both sides
    latest: dict[tuple[str, str], dict] = {}
    for it in sorted(items, key=lambda x: (x["date"] or "", x["key"])):
        latest[(it["lead"] + it["text"], it["gold_title"])] = it
    items = sorted(latest.values(), key=lambda x: x["key"])
    random.Random(seed).shuffle(items)
    return items[:n]


def _key(titles, cited: str) -> str:
    from corpus.titles import normalise_title
    key = normalise_title(cited)
    return titles.by_short.get(key, key)


def _rows_of(index, p: int):
    import numpy as np
    return np.flatnonzero(index.art_doc == p)


def _upper_amendments(index) -> dict[str, list[tuple[str, int]]]:
    """Title → [(version date, doc position)] for 法律/行政法规 with several versions."""
    d = index.docs
    out: dict[str, list[tuple[str, int]]] = {}
    for p in range(len(d.ids)):
        if d.levels[p] in ("法律", "行政法规") and d.dates[p]:
            out.setdefault(d.titles[p], []).append((d.dates[p], p))
    return {t: sorted(v) for t, v in out.items() if len(v) > 1}


def _sanction_clauses(handle, doc_id: int) -> list[tuple[str, str, str, object]]:
    tree = handle.doc_tree(doc_id)
    out = []
    for art in tree.articles:
        for where, text, lead in article_clauses(art):
            f = facts_of(text, lead=lead)
            if f.sanctions and (f.fine_lo is not None or f.fine_hi is not None) and len(f.conduct) >= 6:
                out.append((where, text, lead, f))
    return out


def _fits(f, u) -> bool:
    lo_ok = u.fine_lo is None or (f.fine_lo is not None and f.fine_lo >= u.fine_lo)
    hi_ok = u.fine_hi is None or (f.fine_hi is not None and f.fine_hi <= u.fine_hi)
    return lo_ok and hi_ok


def upper_changes(handle) -> list[dict]:
    """Sanction clauses whose fine an upper-law amendment changed: for each pair of consecutive
    versions of a 法律/行政法规, the clauses on the same conduct whose fine range differs."""
    from rapidfuzz import fuzz
    index = handle.index
    d = index.docs
    out = []
    for title, versions in sorted(_upper_amendments(index).items()):
        for (d_old, p_old), (d_new, p_new) in zip(versions, versions[1:]):
            olds = _sanction_clauses(handle, int(d.ids[p_old]))
            for where, text, lead, u in _sanction_clauses(handle, int(d.ids[p_new])):
                best = max(olds, key=lambda o: fuzz.ratio(o[3].conduct, u.conduct), default=None)
                if best is None or fuzz.ratio(best[3].conduct, u.conduct) < 85:
                    continue
                o = best[3]
                if (o.fine_lo, o.fine_hi) != (u.fine_lo, u.fine_hi):
                    out.append({"title": title, "old_date": d_old, "new_date": d_new, "where": where, "text": text,
                                "lead": lead, "facts": u, "old_facts": o, "old_text": best[1]})
    return out


def _usable(conduct: str) -> bool:
    return len(conduct) >= 8 and "前款" not in conduct and "本条" not in conduct


def _current_upper_clauses(handle) -> list[dict]:
    index = handle.index
    d = index.docs
    out = []
    for p in range(len(d.ids)):
        if d.levels[p] in ("法律", "行政法规") and d.statuses[p] == "现行" and d.dates[p]:
            for where, text, lead, u in _sanction_clauses(handle, int(d.ids[p])):
                out.append({"title": d.titles[p], "new_date": d.dates[p], "where": where, "text": text,
                            "lead": lead, "facts": u})
    return out


def _matches(uppers, local, cutoff):
    from rapidfuzz import fuzz, process
    ok_u = [i for i, c in enumerate(uppers) if _usable(c["facts"].conduct)]
    ok_l = [i for i, x in enumerate(local) if _usable(x[4].conduct)]
    if not ok_u or not ok_l:
        return
    scores = process.cdist([uppers[i]["facts"].conduct for i in ok_u], [local[i][4].conduct for i in ok_l],
                           scorer=fuzz.ratio, score_cutoff=cutoff, workers=1)
    for a, b in zip(*np.nonzero(scores >= cutoff)):
        yield uppers[ok_u[a]], local[ok_l[b]]


def change_set(handle, seed: int = 16, limit: int = 600) -> list[dict]:
    """Real local sanction clauses paired with the upper-law clause on the same conduct (conduct
    match by rapidfuzz, independent of the linker's scoring):

    * positives: written before an upper-law amendment changed that clause's fine, with a fine the
      amended version no longer allows; checked as of the amendment, they must get an error;
    * restatements: clauses whose fine lies within the range of the upper-law clause in force on
      their date (lawful); they must not get an error."""
    index = handle.index
    d = index.docs
    local = []
    for p in _local_docs(index):
        if d.dates[p]:
            local += [(p, w, t, ld, f) for w, t, ld, f in _sanction_clauses(handle, int(d.ids[p]))]
    items = []
    for c, (p, where, text, lead, f) in _matches(upper_changes(handle), local, 75):
        if d.dates[p] < c["new_date"] and not _fits(f, c["facts"]):
            items.append(_item(d, p, where, text, lead, c, "positive", c["new_date"]))
    for c, (p, where, text, lead, f) in _matches(_current_upper_clauses(handle), local, 80):
        if d.dates[p] >= c["new_date"] and _fits(f, c["facts"]):
            items.append(_item(d, p, where, text, lead, c, "restatement", d.dates[p]))
    uniq = {}
    for it in items:
        uniq.setdefault((it["key"], it["kind"]), it)
    items = sorted(uniq.values(), key=lambda x: (x["key"], x["kind"]))
    items += [x for x in (_raised(it) for it in items if it["kind"] == "restatement") if x is not None]
    random.Random(seed).shuffle(items)
    return items[:limit]


_AMOUNT = re.compile(r"([0-9一二三四五六七八九十百千万两〇零.]+)(万)?元(以下|罚款|的罚款)")


def _raised(it: dict) -> dict | None:
    """A seeded defect made from a lawful restatement: its fine ceiling raised tenfold (a real
    text with one number changed; labelled ``kind: raised`` and reported apart from real ones)."""
    text = it["text"] if "罚款" in it["text"] else it["lead"]
    m = _AMOUNT.search(text)
    if not m:
        return None
    try:
        yuan = int(parse_number(m.group(1)) * (10000 if m.group(2) else 1))
    except ValueError:
        return None
    new = text[:m.start()] + f"{yuan * 10}元" + m.group(3) + text[m.end():]
    out = dict(it, kind="raised", key=it["key"] + "#raised")
    out["text" if text is it["text"] else "lead"] = new
    return out


def _item(d, p, where, text, lead, c, kind, as_of) -> dict:
    key = f"{d.paths[p]}#{where}"
    return {"key": key, "split": split_of(key), "kind": kind, "doc_path": d.paths[p], "doc_title": d.titles[p],
            "date": as_of, "where": where, "text": text, "lead": lead, "gold_title": c["title"],
            "gold_where": c["where"], "gold_text": c["lead"] + c["text"]}


def _gold(handle, between, date, f_new, f_old, cache):
    index = handle.index
    d = index.docs
    best = None
    for title, versions in between:
        pos = [p for dt, p in versions if dt <= date][-1]
        if pos not in cache:
            cache[pos] = _sanction_clauses(handle, int(d.ids[pos]))
        for where, text, _, u in cache[pos]:
            s = similarity(f_new.conduct, u.conduct)
            if s >= 0.7 and _fits(f_new, u) and not _fits(f_old, u) and (best is None or s > best[0]):
                best = (s, title, where, text)
    return None if best is None else best[1:]
