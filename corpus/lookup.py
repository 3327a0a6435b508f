"""Naming one corpus document from outside the 法规库 page: the CLI's ``corpus:…`` references
(``corpus:TITLE``, ``corpus:TITLE@YYYY-MM-DD``, ``corpus:ID``) and the 对照 page's base choice.

A title is matched exactly first, then with the 中华人民共和国 prefix (``立法法`` finds
中华人民共和国立法法), then as a part of a title when exactly one title contains it. Without a date
the version is the one :func:`corpus.store.find_doc` picks (the 现行 one, else the newest).
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from base.errors import InputError, NotFound

from corpus.store import CorpusDoc, default_corpus_db_path, find_doc, get_doc, open_corpus_db
from corpus.titles import NATIONAL_PREFIX

PREFIX = "corpus:"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHOWN = 8   # candidates listed in an "ambiguous title" message


def has_documents(path: str | Path | None = None) -> bool:
    """Whether the corpus database at ``path`` exists and holds documents. Read-only: never
    creates the file (``open_corpus_db`` would)."""
    path = Path(path or default_corpus_db_path())
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return bool(conn.execute("select exists(select 1 from corpus_docs)").fetchone()[0])
    except sqlite3.DatabaseError:   # not a database, or no corpus tables in it
        return False
    finally:
        conn.close()


def open_existing(path: str | None = None):
    """The corpus database at ``path`` (default :func:`default_corpus_db_path`); InputError with
    what to do when it is missing or empty."""
    path = path or default_corpus_db_path()
    if not has_documents(path):
        raise InputError(code="lookup.open_existing", path=path)
    return open_corpus_db(path)


def resolve(db, ref: str) -> CorpusDoc:
    """The corpus document named by ``ref``: ``ID``, ``TITLE`` or ``TITLE@YYYY-MM-DD`` (no
    ``corpus:`` prefix). NotFound / InputError carry the Chinese message."""
    ref = ref.strip()
    title, date = ref, ""
    if "@" in ref:
        title, _, date = ref.rpartition("@")
        title, date = title.strip(), date.strip()
        if not _DATE.match(date):
            raise InputError(code="lookup.resolve", date=date or '（空）')
    title = title.strip().removeprefix("《").removesuffix("》").strip()
    if not title:
        raise InputError(code="lookup.no_title_after_prefix")
    if title.isdigit() and not date:
        return get_doc(db, int(title))
    full = _title_of(db, title)
    if not date:
        return find_doc(db, full)
    row = db.execute("select id from corpus_docs where title = ? and version_date = ? "
                     "order by (status = '现行') desc, id desc limit 1", [full, date]).fetchone()
    if row:
        return get_doc(db, row[0])
    dates = [r[0] or "未注明日期" for r in db.execute(
        "select version_date from corpus_docs where title = ? order by version_date", [full])]
    raise NotFound(code="lookup.no_version_on_date", full=full, date=date, dates='、'.join(dates))


def _title_of(db, text: str) -> str:
    """The full title ``text`` names (see the module docstring)."""
    for candidate in (text, NATIONAL_PREFIX + text):
        if db.execute("select exists(select 1 from corpus_docs where title = ?)", [candidate]).fetchone()[0]:
            return candidate
    row = db.execute("select title from corpus_docs where path = ?", [text]).fetchone()
    if row:
        return row[0]
    like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    titles = [r[0] for r in db.execute("select title from corpus_docs where title like ? escape '\\' "
                                       "group by title order by title", [f"%{like}%"])]
    if len(titles) == 1:
        return titles[0]
    if not titles:
        raise NotFound(code="lookup.title_of", text=text)
    shown = "、".join(f"《{t}》" for t in titles[:_SHOWN]) + ("等" if len(titles) > _SHOWN else "")
    raise InputError(code="lookup.ambiguous_title", n_titles=len(titles), text=text, shown=shown)


def describe(doc: CorpusDoc) -> str:
    """How a corpus document is named in captions and CLI output."""
    return f"法规库《{doc.title}》（{doc.version_date or '未注明日期'}，{doc.status}）"
