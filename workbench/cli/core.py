"""Core commands: parse, import, export, documents, versions, audit."""
from __future__ import annotations

from pathlib import Path

from base.clock import beijing
from base.errors import InputError
from lawtext.exporting import docx_bytes, markdown_bytes
from lawtext.files import read_bytes, read_path
from lawtext.model import checked_level_code
from lawtext.upload_guard import read_file_limited
from lawtext.writer import to_text
from workbench.access.visibility import require_document, require_version, visible_documents, visible_versions
from workbench.cli import add_common, emit
from workbench.cli.common import document_version, open_as
from workbench.documents.store import find_document, import_document, upload_version


def register(sub) -> None:
    p = sub.add_parser("parse", help="解析文件并输出条文树")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("import", help="导入文件为新文档或新版本")
    p.add_argument("file")
    p.add_argument("--level", help="LR/GR/ND 或 地方性法规/政府规章/行政规范性文件（新文档必填）")
    p.add_argument("--title")
    p.add_argument("--label", default="草案", help="版本标签，如 草案/征求意见稿/送审稿")
    p.add_argument("--issuing-body", default="")
    p.add_argument("--doc", help="已有文档的编号或标题：作为其新版本导入")
    p.add_argument("--note", default="")
    add_common(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="导出文档的某个版本")
    p.add_argument("doc", help="文档编号或标题")
    p.add_argument("--format", choices=["docx", "md", "txt"], required=True)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--version", type=int, help="版本序号（默认当前版本）")
    add_common(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("documents", help="列出文档")
    p.add_argument("--level")
    p.add_argument("--stage")
    add_common(p)
    p.set_defaults(func=cmd_documents)

    p = sub.add_parser("versions", help="列出文档的版本")
    p.add_argument("doc")
    add_common(p)
    p.set_defaults(func=cmd_versions)


def cmd_parse(args) -> int:
    doc = read_path(args.file)
    data = doc.summary_json()
    lines = [doc.title] + [f"{a.label}（{' / '.join(a.path)}）{a.flat_text[:40]}" for a in doc.articles]
    emit(args, data, "\n".join(lines) + f"\n共 {len(doc.articles)} 条")
    return 0


def cmd_import(args) -> int:
    """As the 导入 page (new document: ``document.create``) or a new version (``version.create``)."""
    db, user = open_as(args)
    path = Path(args.file)
    if not path.is_file():
        raise InputError(code="cli.comments.cmd_import", path=path)
    data = read_file_limited(path)
    if args.doc:
        doc = require_document(db, user, find_document(db, args.doc).id)
        v = upload_version(db, user, doc.id, data, path.name, label=args.label, note=args.note)
        tree = v.tree
    else:
        if not args.level:
            raise InputError(code="cli.core.cmd_import")
        tree = read_bytes(data, path.name)
        doc, v = import_document(db, user, tree, title=args.title or tree.title or path.stem, level=args.level,
                                 issuing_body=args.issuing_body, label=args.label, note=args.note,
                                 source_name=path.name)
    data = {"document_id": doc.id, "version_id": v.id, "seq": v.seq, "label": v.label, "sha256": v.sha256,
            "articles": len(tree.articles)}
    emit(args, data, f"已导入：文档 {doc.id}《{doc.title}》 版本 v{v.seq}（{v.label}），共 {len(tree.articles)} 条")
    return 0


def cmd_export(args) -> int:
    """A version the acting user may read (internal drafts never reach contact points)."""
    db, user = open_as(args)
    doc = require_document(db, user, find_document(db, args.doc).id)
    v = require_version(db, user, document_version(db, doc, args.version or None).id)
    tree = v.tree
    payload = {"docx": lambda: docx_bytes(tree, doc.level), "md": lambda: markdown_bytes(tree),
               "txt": lambda: to_text(tree).encode("utf-8")}[args.format]()
    out = Path(args.output)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(payload)
    tmp.replace(out)          # nothing half-written
    emit(args, {"output": str(out), "version_id": v.id, "sha256": v.sha256}, f"已导出到 {out}")
    return 0


def cmd_documents(args) -> int:
    """The documents the acting user may see (a contact point: those open for its comment)."""
    db, user = open_as(args)
    level = checked_level_code(args.level) if args.level else None
    docs = [d for d in visible_documents(db, user) if (level is None or d.level == level)
            and (not args.stage or d.stage == args.stage)]
    data = [{"id": d.id, "title": d.title, "level": d.level, "stage": d.stage,
             "current_version_id": d.current_version_id} for d in docs]
    emit(args, data, "\n".join(f"{d.id}\t{d.level_name}\t{d.stage}\t{d.title}" for d in docs) or "（无文档）")
    return 0


def cmd_versions(args) -> int:
    db, user = open_as(args)
    doc = require_document(db, user, find_document(db, args.doc).id)
    vs = visible_versions(db, user, doc.id)
    data = [{"id": v.id, "seq": v.seq, "label": v.label, "sha256": v.sha256, "parent_id": v.parent_id,
             "created_at": v.created_at, "created_by": v.created_by, "note": v.note} for v in vs]
    emit(args, data, "\n".join(f"v{v.seq}\t{v.label}\t{beijing(v.created_at)}\t{v.created_by}\t{v.note}" for v in vs))
    return 0
