"""Core commands: parse, import, export, documents, versions, audit."""
from __future__ import annotations

from pathlib import Path

from workbench.cli import add_common, emit
from workbench.cli.common import document_version, open_database
from lawtext.files import read_path
from workbench.documents.store import add_version, create_document, find_document, list_documents, list_versions
from base.errors import InputError
from lawtext.writer import to_markdown, to_text
from base.clock import beijing
from lawtext.docx.io import write_docx


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
    tree = read_path(args.file)
    db = open_database(args)
    name = Path(args.file).name
    if args.doc:
        doc = find_document(db, args.doc)
        v = add_version(db, doc.id, tree, label=args.label, actor=args.actor, note=args.note, source_name=name)
    else:
        if not args.level:
            raise InputError("新文档需要 --level（LR/GR/ND）")
        doc, v = create_document(db, title=args.title or tree.title or Path(args.file).stem, level=args.level,
                                 tree=tree, actor=args.actor, issuing_body=args.issuing_body, label=args.label,
                                 note=args.note, source_name=name)
    data = {"document_id": doc.id, "version_id": v.id, "seq": v.seq, "label": v.label, "sha256": v.sha256,
            "articles": len(tree.articles)}
    emit(args, data, f"已导入：文档 {doc.id}《{doc.title}》 版本 v{v.seq}（{v.label}），共 {len(tree.articles)} 条")
    return 0


def cmd_export(args) -> int:
    db = open_database(args)
    doc = find_document(db, args.doc)
    v = document_version(db, doc, args.version or None)
    out = Path(args.output)
    if args.format == "docx":
        write_docx(v.tree, out, level=doc.level)
    elif args.format == "md":
        out.write_text(to_markdown(v.tree), encoding="utf-8")
    else:
        out.write_text(to_text(v.tree), encoding="utf-8")
    emit(args, {"output": str(out), "version_id": v.id, "sha256": v.sha256}, f"已导出到 {out}")
    return 0


def cmd_documents(args) -> int:
    db = open_database(args)
    docs = list_documents(db, level=args.level, stage=args.stage)
    data = [{"id": d.id, "title": d.title, "level": d.level, "stage": d.stage,
             "current_version_id": d.current_version_id} for d in docs]
    emit(args, data, "\n".join(f"{d.id}\t{d.level_name}\t{d.stage}\t{d.title}" for d in docs) or "（无文档）")
    return 0


def cmd_versions(args) -> int:
    db = open_database(args)
    doc = find_document(db, args.doc)
    vs = list_versions(db, doc.id)
    data = [{"id": v.id, "seq": v.seq, "label": v.label, "sha256": v.sha256, "parent_id": v.parent_id,
             "created_at": v.created_at, "created_by": v.created_by, "note": v.note} for v in vs]
    emit(args, data, "\n".join(f"v{v.seq}\t{v.label}\t{beijing(v.created_at)}\t{v.created_by}\t{v.note}" for v in vs))
    return 0
