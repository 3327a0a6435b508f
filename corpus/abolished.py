"""Abolished systems and deleted provisions, derived from the corpus's version chains.

For every upper-level title (法律, 行政法规, 部门规章, 地方性法规) with several versions, each
amendment (consecutive versions linked by superseded_by) is compared:

* **institutions** (``kind = "institution"``): named fees, levies, deposits, certificates,
  approvals, registrations and systems (社会抚养费, …许可证, …审批, …制度) that occur in the older
  version and nowhere in the newer one;
* **deleted provisions** (``kind = "article"``): articles of the older version that the article
  alignment (lawtext.diff.align) reports as deleted;
* **repealed laws** (``kind = "repealed"``): documents 已废止, with the repealing document.

Stored in ``corpus_abolished`` and recomputed by :func:`recompute` whenever the corpus is
rebuilt (corpus.importer.import_folder), so no typed list has to be maintained. Each row names the
amending version (its title and date) that removed the institution or provision.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lawtext.diff.align import align_documents

from corpus.store import doc_tree

UPPER_LEVELS = ("法律", "行政法规", "部门规章", "地方性法规")
_STOP = {"管理制度", "责任制度", "工作制度", "监督制度", "工作经费", "许可证", "登记证", "保证金", "押金",
         "公积金", "专项资金", "管理费", "手续费", "服务费"}


@dataclass(frozen=True)
class Abolished:
    kind: str            # institution / article / repealed
    title: str           # the law whose version removed it
    term: str            # the institution's name, the deleted article's label, or the repealed title
    old_path: str
    old_date: str
    new_path: str        # the amending version ('' for a repeal without a known successor)
    new_date: str
    excerpt: str         # where the older version said it


_SUFFIX = re.compile(r"(抚养费|[\u4e00-\u9fff](费|基金|保证金|押金|许可证|登记证|年检|年审|制度))(?![\u4e00-\u9fff]{0,1}(用|额))")
_NOUN_FLAGS = ("n", "nz", "nt", "vn", "nr", "ng", "nrt")
_STOP_WORDS = re.compile(r"[其的和或与及]|^(有关|相关|本|该|各项|各类|上述|前款)")


def institutions(text: str) -> set[str]:
    """Named institutions in a text: a noun ending in 费/基金/保证金/许可证/登记证/年检/制度 … with up to
    two nouns before it (社会抚养费, 养犬登记证, 风险抵押金制度), by jieba's part-of-speech tags."""
    import jieba.posseg as pseg
    out = set()
    for m in _SUFFIX.finditer(text):
        window = text[max(0, m.start() - 8):m.end()]
        words = list(pseg.cut(window))
        if not words or not words[-1].word.endswith(m.group(0)[-1]) or not words[-1].flag.startswith(("n", "v")):
            continue
        term = [words[-1].word]
        for w in reversed(words[:-1][-2:]):
            if w.flag not in _NOUN_FLAGS or _STOP_WORDS.search(w.word):
                break
            term.insert(0, w.word)
        t = "".join(term)
        if 3 <= len(t) <= 10 and t not in _STOP and not _STOP_WORDS.search(t):
            out.add(t)
    return out


def _context(text: str, term: str, width: int = 60) -> str:
    i = text.find(term)
    return text[max(0, i - width // 2): i + len(term) + width // 2] if i >= 0 else ""


def compare_versions(title: str, old, new, old_row: tuple, new_row: tuple) -> list[Abolished]:
    """What ``new`` (a LegalDocument) removed from ``old``; rows are (path, date)."""
    old_text = "".join(a.flat_text for a in old.articles)
    new_text = "".join(a.flat_text for a in new.articles)
    out = [Abolished("institution", title, t, *old_row, *new_row, _context(old_text, t))
           for t in sorted(institutions(old_text)) if t not in new_text]
    by_id = {a.id: a for a in old.articles}
    for pair in align_documents(old, new):
        if pair.status == "deleted":
            art = by_id[pair.old_ids[0]]
            out.append(Abolished("article", title, art.label, *old_row, *new_row, art.flat_text[:200]))
    return out


def _chains(db) -> list[list[tuple]]:
    rows = db.execute("select id, path, title, version_date, superseded_by from corpus_docs where level in "
                      f"({','.join('?' * len(UPPER_LEVELS))}) and superseded_by != ''", UPPER_LEVELS).fetchall()
    succ = {r[1]: r for r in db.execute("select id, path, title, version_date, superseded_by from corpus_docs")}
    return [[r, succ[r[4]]] for r in rows if r[4] in succ]


def recompute(db) -> int:
    """Rebuild ``corpus_abolished`` from the version chains and repeal marks (inside the caller's
    transaction); returns the number of rows."""
    db.execute("delete from corpus_abolished")
    rows: list[Abolished] = []
    for old, new in _chains(db):
        try:
            a, b = doc_tree(db, old[0]), doc_tree(db, new[0])
        except Exception:      # a source that no longer parses: its amendments are simply not derived
            continue
        rows += compare_versions(old[2], a, b, (old[1], old[3] or ""), (new[1], new[3] or ""))
    for path, title, date, by_path, by_date in db.execute(
            "select d.path, d.title, coalesce(d.version_date, ''), coalesce(r.path, ''), coalesce(r.version_date, '') "
            "from corpus_docs d left join corpus_docs r on r.path = d.repealed_by "
            f"where d.status = '已废止' and d.level in ({','.join('?' * len(UPPER_LEVELS))})", UPPER_LEVELS):
        rows.append(Abolished("repealed", title, title, path, date, by_path, by_date, ""))
    db.conn.executemany("insert into corpus_abolished(kind, title, term, old_path, old_date, new_path, new_date, "
                        "excerpt) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        [(r.kind, r.title, r.term, r.old_path, r.old_date, r.new_path, r.new_date, r.excerpt)
                         for r in rows])
    return len(rows)


def load(conn) -> list[Abolished]:
    return [Abolished(*r) for r in conn.execute(
        "select kind, title, term, old_path, old_date, new_path, new_date, excerpt from corpus_abolished order by id")]
