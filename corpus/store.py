"""The regulation corpus database: documents, their articles, the status chain, index blobs.

Its own SQLite file by default ($WORKBENCH_CORPUS_DB, else data/corpus.db beside the workbench
database); any path works, including the workbench database itself (the tables are prefixed
``corpus_`` and have their own migration set). Statuses: 已被修改 follows the superseded_by
chain; 已废止 comes from an administrator's mark (set_repealed, logged) or from another document's
repeal clause (「《…》同时废止」, stored in ``corpus_repeal_clauses``; the repealing document's path is
kept in ``repealed_by``), see corpus.titles. ``generation`` in ``corpus_meta`` changes with
every write, ``content_generation`` only when article texts change (the search index is rebuilt
then); caches key on them.
"""
from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from base import audit
from base.db import PROJECT_ROOT, transaction, connect
from base.errors import InputError, NotFound, WorkbenchError
from lawtext.model import LegalDocument
from lawtext.files import read_bytes
from corpus.titles import repeal_clauses, TitleIndex, normalise_title

MIGRATIONS = Migrations("corpus.store")

CURRENT, AMENDED, REPEALED = "现行", "已被修改", "已废止"
STATUSES = [CURRENT, AMENDED, REPEALED]



@MIGRATIONS()
def m001_corpus(db):
    db["corpus_docs"].create({
        "id": int, "path": str, "source": str, "title": str, "subtitle": str, "level": str, "region": str,
        "locality": str, "tier": str, "issuing_body": str, "version_date": str, "status": str,
        "repealed": int, "superseded_by": str, "file_sha256": str, "content_hash": str, "articles": int,
        "chars": int, "imported_at": str, "origin": str, "source_name": str, "source_blob": bytes,
    }, pk="id", not_null={"path", "title", "level", "status"}, defaults={"repealed": 0})
    db["corpus_docs"].create_index(["path"], unique=True)
    db["corpus_docs"].create_index(["title"])
    db["corpus_articles"].create({
        "id": int, "doc_id": int, "seq": int, "art_id": str, "label": str, "heading": str,
        "text": str,   # the article's 款, one per line (see corpus.importer.paragraph_lines)
    }, pk="id", foreign_keys=[("doc_id", "corpus_docs", "id")], not_null={"doc_id", "text"})
    db["corpus_articles"].create_index(["doc_id", "seq"], unique=True)
    db["corpus_meta"].create({"key": str, "value": str}, pk="key")
    db["corpus_index_blobs"].create({"name": str, "generation": int, "data": bytes}, pk="name")
    db["corpus_status_log"].create({
        "id": int, "ts": str, "actor": str, "doc_id": int, "path": str, "before": str, "after": str,
        "note": str,
    }, pk="id")
    db.execute("""CREATE TRIGGER corpus_status_log_append_only BEFORE UPDATE ON corpus_status_log
                  BEGIN SELECT RAISE(ABORT, '状态日志只能追加，不能修改'); END""")
    db.execute("""CREATE TRIGGER corpus_status_log_no_delete BEFORE DELETE ON corpus_status_log
                  BEGIN SELECT RAISE(ABORT, '状态日志只能追加，不能删除'); END""")


@MIGRATIONS()
def m002_repeal_clauses(db):
    """Repeal clauses found in the texts (corpus.titles.repeal_clauses) and, per document, the
    path of the document whose clause repealed it; existing documents are scanned once here."""
    db["corpus_repeal_clauses"].create({
        "id": int, "doc_id": int, "label": str, "title": str, "title_key": str, "excerpt": str,
    }, pk="id", foreign_keys=[("doc_id", "corpus_docs", "id")], not_null={"doc_id", "title_key"})
    db["corpus_repeal_clauses"].create_index(["title_key"])
    db["corpus_repeal_clauses"].create_index(["doc_id"])
    db.execute("alter table corpus_docs add column repealed_by text not null default ''")
    ids = [r[0] for r in db.execute("select id from corpus_docs order by id")]
    for doc_id in ids:
        try:
            tree = doc_tree(db, doc_id)
        except WorkbenchError:   # imported once, so unlikely; such a document simply has no clauses
            continue
        store_repeal_clauses(db, doc_id, tree)
    if ids:
        recompute_status(db, actor="system")
        bump(db, content=False)


@MIGRATIONS()
def m003_abolished(db):
    """Institutions and provisions that a later version removed, and repealed laws
    (corpus.abolished; recomputed on every build)."""
    db["corpus_abolished"].create({
        "id": int, "kind": str, "title": str, "term": str, "old_path": str, "old_date": str, "new_path": str,
        "new_date": str, "excerpt": str,
    }, pk="id", not_null={"kind", "title", "term"})
    db["corpus_abolished"].create_index(["term"])


def default_corpus_db_path() -> str:
    """$WORKBENCH_CORPUS_DB, else corpus.db beside the workbench database ($WORKBENCH_DB), else
    data/corpus.db in the project folder — so a workspace's corpus travels with its database."""
    if os.environ.get("WORKBENCH_CORPUS_DB"):
        return os.environ["WORKBENCH_CORPUS_DB"]
    if os.environ.get("WORKBENCH_DB"):
        return str(Path(os.environ["WORKBENCH_DB"]).resolve().parent / "corpus.db")
    return str(PROJECT_ROOT / "data" / "corpus.db")


def open_corpus_db(path: str | None = None) -> sqlite_utils.Database:
    """Open (and migrate) the corpus database; a new connection per call (threads).

    WAL + synchronous NORMAL: a commit is atomic and consistent; only the last commits may be lost
    on power failure (never a half document). Keeps 3,400 one-document transactions fast."""
    return connect(path or default_corpus_db_path(), [MIGRATIONS], synchronous="NORMAL")


# --- meta ---------------------------------------------------------------------------------
def meta_get(db, key: str, default: str = "") -> str:
    row = db.execute("select value from corpus_meta where key = ?", [key]).fetchone()
    return row[0] if row else default


def meta_set(db, key: str, value) -> None:
    db.execute("insert into corpus_meta(key, value) values (?, ?) "
               "on conflict(key) do update set value = excluded.value", [key, str(value)])


def bump(db, *, content: bool) -> None:
    """Record a change (inside the caller's transaction)."""
    meta_set(db, "generation", int(meta_get(db, "generation", "0")) + 1)
    if content:
        meta_set(db, "content_generation", int(meta_get(db, "content_generation", "0")) + 1)


def generation(db) -> tuple[int, int]:
    return int(meta_get(db, "generation", "0")), int(meta_get(db, "content_generation", "0"))


# --- documents ----------------------------------------------------------------------------
@dataclass
class CorpusDoc:
    id: int
    path: str
    title: str
    subtitle: str
    level: str
    region: str
    locality: str
    tier: str
    issuing_body: str
    version_date: str
    status: str
    repealed: int
    superseded_by: str
    articles: int
    chars: int
    imported_at: str
    repealed_by: str = ""     # path of the document whose clause repealed this one (see corpus.titles)

    @property
    def display(self) -> str:
        date = f"（{self.version_date}）" if self.version_date else ""
        return f"{self.title}{date}"


_DOC_COLS = ", ".join(CorpusDoc.__dataclass_fields__)


def _doc(row) -> CorpusDoc:
    return CorpusDoc(*row)


def get_doc(db, doc_id: int) -> CorpusDoc:
    row = db.execute(f"select {_DOC_COLS} from corpus_docs where id = ?", [doc_id]).fetchone()
    if not row:
        raise NotFound(code="corpus.get_doc", doc_id=doc_id)
    return _doc(row)


def find_doc(db, key: str) -> CorpusDoc:
    """By id, path or exact title (the newest version of that title)."""
    key = str(key).strip()
    if key.isdigit():
        return get_doc(db, int(key))
    row = db.execute(f"select {_DOC_COLS} from corpus_docs where path = ? or title = ? "
                     "order by (status = '现行') desc, version_date desc limit 1", [key, key]).fetchone()
    if not row:
        raise NotFound(code="corpus.find_doc", key=key)
    return _doc(row)


def list_docs(db, *, level: str | None = None, region: str | None = None, status: str | None = None,
              title_contains: str = "", limit: int = 200, offset: int = 0) -> list[CorpusDoc]:
    where, params = ["1=1"], []
    for col, val in (("level", level), ("region", region), ("status", status)):
        if val:
            where.append(f"{col} = ?")
            params.append(val)
    if title_contains:
        where.append("title like ?")
        params.append(f"%{title_contains}%")
    rows = db.execute(f"select {_DOC_COLS} from corpus_docs where {' and '.join(where)} "
                      "order by title, version_date limit ? offset ?", [*params, limit, offset]).fetchall()
    return [_doc(r) for r in rows]


def doc_tree(db, doc_id: int) -> LegalDocument:
    """The document's article tree, parsed again from its stored source bytes (a few ms).

    The source is kept instead of a serialised tree: serialising 3,400 trees cost ~15 s of a
    whole-corpus import, parsing one again costs 1-5 ms."""
    row = db.execute("select source_blob, source_name, title from corpus_docs where id = ?", [doc_id]).fetchone()
    if not row:
        raise NotFound(code="corpus.get_doc", doc_id=doc_id)
    doc = read_bytes(zlib.decompress(row[0]), row[1])
    doc.title = doc.title or row[2]
    return doc


def pack_source(data: bytes) -> bytes:
    return zlib.compress(data, 6)


def versions_of(db, doc: CorpusDoc) -> list[CorpusDoc]:
    """The version chain ``doc`` belongs to (linked by superseded_by), oldest first."""
    rows = [_doc(r) for r in db.execute(f"select {_DOC_COLS} from corpus_docs where title = ?", [doc.title])]
    by_path = {d.path: d for d in rows}
    nxt = {d.path: d.superseded_by for d in rows if d.superseded_by in by_path}
    prev = {v: k for k, v in nxt.items()}
    p, seen = doc.path, {doc.path}
    while p in prev and prev[p] not in seen:
        p = prev[p]
        seen.add(p)
    chain = [p]
    while chain[-1] in nxt and nxt[chain[-1]] not in chain:
        chain.append(nxt[chain[-1]])
    return [by_path[x] for x in chain]


def counts(db) -> dict:
    docs = db.execute("select count(*) from corpus_docs").fetchone()[0]
    arts = db.execute("select count(*) from corpus_articles").fetchone()[0]
    by_level = dict(db.execute("select level, count(*) from corpus_docs group by level order by count(*) desc"))
    by_status = dict(db.execute("select status, count(*) from corpus_docs group by status"))
    return {"documents": docs, "articles": arts, "levels": by_level, "statuses": by_status}


def facets(db) -> dict[str, list[str]]:
    """Distinct levels, regions and statuses present (for filter widgets)."""
    out = {}
    for col in ("level", "region", "status"):
        out[col] = [r[0] for r in db.execute(
            f"select {col} from corpus_docs where coalesce({col}, '') != '' group by {col} order by count(*) desc")]
    return out


def city_provinces(db) -> dict[str, str]:
    """City → province learned from the corpus itself (济南市 → 山东)."""
    return {loc: reg for loc, reg in db.execute(
        "select locality, region from corpus_docs where tier in ('city', 'county') and region != '' "
        "and region != '全国' group by locality, region")}


# --- status --------------------------------------------------------------------------------
def store_repeal_clauses(db, doc_id: int, doc: LegalDocument) -> int:
    """Replace the repeal clauses stored for one document (inside the caller's transaction)."""
    title = db.execute("select title from corpus_docs where id = ?", [doc_id]).fetchone()[0]
    db.execute("delete from corpus_repeal_clauses where doc_id = ?", [doc_id])
    rows = [(doc_id, c.label, c.title, c.key, c.excerpt) for c in repeal_clauses(doc, title)]
    db.conn.executemany("insert into corpus_repeal_clauses(doc_id, label, title, title_key, excerpt) "
                        "values (?, ?, ?, ?, ?)", rows)
    return len(rows)


def recompute_status(db, titles: set[str] | None = None, *, actor: str | None = None) -> int:
    """Derive 现行/已被修改/已废止 from the superseded_by chain, the repeal clauses of other
    documents (corpus.titles.TitleIndex) and the administrators' 已废止 marks.

    Returns the number of documents whose status changed. Call inside a transaction. With
    ``actor``, a change to or from 已废止 caused by a repeal clause is written to the status log
    with the clause as its note.
    """
    if titles is not None and not titles:
        return 0
    index = TitleIndex.from_db(db)
    sql = "select id, status, repealed, superseded_by, repealed_by, path from corpus_docs"
    params: list = []
    if titles is not None:
        sql += f" where title in ({','.join('?' * len(titles))})"
        params = sorted(titles)
    changed = 0
    for doc_id, status, repealed, sup, repealed_by, path in db.execute(sql, params).fetchall():
        rep = index.doc_repeal(index.by_id[doc_id])
        new = REPEALED if (repealed or rep) else (AMENDED if sup else CURRENT)
        by = rep.by.path if rep else ""
        if new == status and by == (repealed_by or ""):
            continue
        db.execute("update corpus_docs set status = ?, repealed_by = ? where id = ?", [new, by, doc_id])
        if new != status:
            changed += 1
            if actor and not repealed and REPEALED in (status, new):
                note = (f"依据《{rep.by.title}》{rep.label}：{rep.excerpt}" if rep
                        else "废止条款已不在法规库的现行文件中")
                db["corpus_status_log"].insert({"ts": audit.now_iso(), "actor": actor, "doc_id": doc_id,
                                                "path": path, "before": status, "after": new, "note": note})
    return changed


def repeal_source(db, doc_id: int) -> dict | None:
    """The clause that repealed a document (title, path and article of the repealing document,
    the clause text), or None."""
    row = db.execute("select d.title, d.repealed_by, r.title, r.id from corpus_docs d "
                     "join corpus_docs r on r.path = d.repealed_by where d.id = ?", [doc_id]).fetchone()
    if not row:
        return None
    clause = db.execute("select label, excerpt from corpus_repeal_clauses where doc_id = ? and title_key = ? "
                        "order by id limit 1", [row[3], normalise_title(row[0])]).fetchone()
    return {"path": row[1], "title": row[2], "doc_id": row[3], "label": clause[0] if clause else "",
            "excerpt": clause[1] if clause else ""}


def set_repealed(db, doc_id: int, repealed: bool, *, actor: str, note: str = "") -> CorpusDoc:
    """Mark a document 已废止 (or undo it), logged append-only. Callers check the permission
    (workbench.corpus_admin.mark_repealed)."""
    doc = get_doc(db, doc_id)
    if bool(doc.repealed) == bool(repealed):
        if repealed:
            raise InputError(code="corpus.set_repealed", title=doc.title, status=doc.status)
        raise InputError(code="corpus.not_repealed", title=doc.title)
    with transaction(db):
        db.execute("update corpus_docs set repealed = ? where id = ?", [1 if repealed else 0, doc_id])
        recompute_status(db, {doc.title})   # logged below, with the administrator's note
        after = get_doc(db, doc_id)
        db["corpus_status_log"].insert({"ts": audit.now_iso(), "actor": actor, "doc_id": doc_id,
                                        "path": doc.path, "before": doc.status, "after": after.status,
                                        "note": note})
        bump(db, content=False)
    return after


def paragraph_starts(db, article_ids: list[int]) -> dict[int, list[int]]:
    """Article id → offsets in its flat text where its 2nd, 3rd … 款 begin (for display)."""
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    out = {}
    for art_id, text in db.execute(f"select id, text from corpus_articles where id in ({marks})", list(article_ids)):
        starts, pos = [], 0
        for line in text.split("\n")[:-1]:
            pos += len(line)
            starts.append(pos)
        out[art_id] = starts
    return out


def status_log(db, doc_id: int | None = None) -> list[dict]:
    sql = "select ts, actor, doc_id, path, before, after, note from corpus_status_log"
    rows = db.execute(sql + (" where doc_id = ?" if doc_id else "") + " order by id",
                      [doc_id] if doc_id else []).fetchall()
    return [dict(zip(("ts", "actor", "doc_id", "path", "before", "after", "note"), r)) for r in rows]


def article_count(db) -> int:
    """Articles in the corpus database (0: nothing imported yet)."""
    return db.execute("select count(*) from corpus_articles").fetchone()[0]


def document_count(db) -> int:
    return db.execute("select count(*) from corpus_docs").fetchone()[0]
