"""`python -m workbench diff OLD NEW [--json] [--table OUT.docx] [--tracked OUT.docx]`.

OLD and NEW are each either a file (.md, .txt, .docx), or a stored version:

- ``DOC:SEQ``: version number SEQ of document DOC (DOC is the document id or its exact title),
  e.g. ``3:1`` or ``某市养犬管理条例:2``; ``DOC:`` alone is the current version;
- ``v:ID``: the version with database id ID;
- ``corpus:TITLE``, ``corpus:TITLE@YYYY-MM-DD`` or ``corpus:ID``: a document of the regulation
  corpus (``--corpus-db``, default corpus.store.default_corpus_db_path()); without a date the
  newest version of that title (see corpus.lookup). With ``--table``, a corpus document's column
  is headed by its title.

An existing file always wins over these forms. ``--json`` prints ``{"pairs": [{"old", "new",
"status", "similarity", "flags"}], "summary": {...}, "sources": {"old", "new"}}``: in pairs,
``old``/``new`` are article labels or null; for a split ``new`` is the first new article and
``new_all`` lists them all; for a merge ``old`` is the first old article and ``old_all`` lists
them all. ``sources`` names the two texts compared.
"""
from __future__ import annotations

import re
from pathlib import Path

from base.errors import InputError
from corpus.lookup import PREFIX, describe, open_existing, resolve
from corpus.store import doc_tree
from lawtext.diff.redline import STATUS_NAMES, compare
from lawtext.docx.compare import comparison_table_docx, tracked_changes_docx
from lawtext.files import read_path
from workbench.access.permissions import require
from workbench.access.visibility import require_version
from workbench.cli import add_common, emit
from workbench.cli.common import document_version, open_as
from workbench.documents.store import find_document


def register(sub) -> None:
    p = sub.add_parser("diff", help="对照两个文本：条文对齐、逐条修改、修改前后对照表与修订痕迹文档")
    p.add_argument("old", help="修改前：文件路径，或 文档:版本序号（如 3:1），或 v:版本编号，"
                               "或 corpus:法规标题[@YYYY-MM-DD] / corpus:法规编号（法规库中的法规）")
    p.add_argument("new", help="修改后：同上")
    p.add_argument("--table", metavar="OUT.docx", help="输出修改前后对照表（.docx）")
    p.add_argument("--tracked", metavar="OUT.docx", help="输出带修订痕迹的 Word 文档（.docx）")
    p.add_argument("--all", action="store_true", help="对照表包含未修改的条文")
    p.add_argument("--author", default="", help="修订痕迹的作者（默认 --as 用户）")
    p.add_argument("--corpus-db", default=None, metavar="PATH",
                   help="corpus: 引用所用的法规库数据库（默认 $WORKBENCH_CORPUS_DB；否则 $WORKBENCH_DB 旁的 "
                        "corpus.db；否则 data/corpus.db）")
    add_common(p)
    p.set_defaults(func=cmd_diff)


_VERSION_ID = re.compile(r"^v:(\d+)$")
_DOC_SEQ = re.compile(r"^(.+):(\d*)$")


def load_side(spec: str, args):
    """(tree, display name) from a file path, ``DOC:SEQ``, ``v:ID`` or ``corpus:…`` (see the module
    docstring). Stored versions and corpus documents are read as the acting ``--as`` user, with
    the app's permissions: only versions that user may see (internal drafts never reach contact
    points), the corpus only with ``corpus.search``."""
    if Path(spec).is_file():
        return read_path(spec), spec
    if spec.startswith("corpus:"):
        tree, _, name = load_corpus_side(spec, args)
        return tree, name
    m = _VERSION_ID.match(spec)
    m2 = _DOC_SEQ.match(spec)
    if not m and not m2:
        raise InputError(code="cli.diff.load_side", spec=spec)
    db, user = open_as(args)
    try:
        if m:
            v = require_version(db, user, int(m.group(1)))
            return v.tree, f"v:{v.id}"
        doc = find_document(db, m2.group(1))
        v = require_version(db, user, document_version(db, doc, int(m2.group(2)) if m2.group(2) else None).id)
        return v.tree, f"《{doc.title}》v{v.seq}（{v.label}）"
    finally:
        db.close()


def load_corpus_side(spec: str, args):
    """(tree, corpus document, display name) for ``corpus:…``; needs ``corpus.search``."""
    wdb, user = open_as(args)
    try:
        require(user, "corpus.search")
    finally:
        wdb.close()
    db = open_existing(args.corpus_db)
    try:
        doc = resolve(db, spec.removeprefix(PREFIX))
        return doc_tree(db, doc.id), doc, describe(doc)
    finally:
        db.close()


def _side(spec: str, args, heading: str):
    """(tree, display name, 对照表 column heading): a corpus law is headed by its title."""
    if spec.startswith("corpus:") and not Path(spec).is_file():
        tree, doc, name = load_corpus_side(spec, args)
        return tree, name, f"《{doc.title}》"
    return (*load_side(spec, args), heading)


def cmd_diff(args) -> int:
    old, old_name, old_heading = _side(args.old, args, "修改前")
    new, new_name, new_heading = _side(args.new, args, "修改后")
    comparison = compare(old, new)
    written = {}
    if args.table:
        Path(args.table).write_bytes(comparison_table_docx(comparison, only_changed=not args.all,
                                                           headings=(old_heading, new_heading)))
        written["table"] = args.table
    if args.tracked:
        Path(args.tracked).write_bytes(tracked_changes_docx(comparison, author=args.author or args.actor))
        written["tracked"] = args.tracked
    data = comparison.to_json()
    data["sources"] = {"old": old_name, "new": new_name}
    if written:
        data["written"] = written
    s = data["summary"]
    lines = [f"修改前：{old_name}（{s['old_articles']} 条）", f"修改后：{new_name}（{s['new_articles']} 条）"]
    for item in comparison.changed_items:
        left = "、".join(item.pair.old_labels) or "—"
        right = "、".join(item.pair.new_labels) or "—"
        flags = "、".join(f.name for f in item.flags)
        lines.append(f"{STATUS_NAMES[item.status]}\t{left} → {right}\t{item.pair.similarity:.2f}"
                     + (f"\t涉及：{flags}" if flags else ""))
    lines.append(f"新增 {s['added']} 条，删除 {s['deleted']} 条，移动 {s['moved']} 条，修改 {s['modified']} 条，"
                 f"未修改 {s['unchanged']} 条")
    lines.extend(f"已写出：{path}" for path in written.values())
    emit(args, data, "\n".join(lines))
    return 0
