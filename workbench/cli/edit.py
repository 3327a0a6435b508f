"""`python -m workbench edit DOC …`: scripted edits of a document's working copy.

Same functions as the 起草 page (workbench.documents.working_copy / lawtext.editing). One invocation
runs, in this order: at most one article or chapter operation, ``--renumber`` (preview; applied
with ``--yes``), ``--save-version``. ``--discard`` stands alone. Each step prints what changed.
"""
from __future__ import annotations

from pathlib import Path

from workbench.cli import add_common, emit
from workbench.cli.common import open_as
from base.errors import InputError
from workbench.documents.working_copy import renumber_description
from workbench.documents import working_copy as wcm
from workbench.documents.store import find_document


def register(sub) -> None:
    p = sub.add_parser("edit", help="编辑文档的工作稿（插入、删除、移动、修改条文，重新编号，保存版本）",
                       description="编辑文档的工作稿。每次最多一个条文/章节操作，然后可重新编号、保存为新版本。")
    p.add_argument("doc", help="文档编号或标题")
    op = p.add_mutually_exclusive_group()
    op.add_argument("--insert-after", metavar="条", help="在该条之后插入新条文（配合 --text-file/--text）")
    op.add_argument("--insert-before", metavar="条", help="在该条之前插入新条文（配合 --text-file/--text）")
    op.add_argument("--edit", metavar="条", help="用 --text-file/--text 替换该条的文字")
    op.add_argument("--delete", metavar="条", help="删除该条")
    op.add_argument("--move", metavar="条", help="移动该条（配合 --before/--after/--to-chapter）")
    op.add_argument("--add-chapter", metavar="标题", help="新增一章（可配合 --before 指定位于哪一条之前）")
    op.add_argument("--rename-chapter", metavar="章", help="将该章/节更名为 --title")
    op.add_argument("--delete-chapter", metavar="章", help="删除该章/节标题（其下条文保留）")
    p.add_argument("--text-file", metavar="F", help="条文文字所在的文件（UTF-8）")
    p.add_argument("--text", help="条文文字（直接给出）")
    p.add_argument("--before", metavar="条", help="移动/新增章的目标：位于该条之前")
    p.add_argument("--after", metavar="条", help="移动的目标：位于该条之后")
    p.add_argument("--to-chapter", metavar="章", help="移动的目标：该章/节末尾")
    p.add_argument("--title", help="--rename-chapter 的新标题")
    p.add_argument("--renumber", action="store_true", help="显示重新编号方案（加 --yes 则应用）")
    p.add_argument("--yes", action="store_true", help="确认应用重新编号")
    p.add_argument("--save-version", metavar="标签", help="将工作稿保存为新版本，如 征求意见稿、送审稿")
    p.add_argument("--note", default="", help="新版本的修改说明")
    p.add_argument("--discard", action="store_true", help="放弃工作稿的修改，恢复为最新版本")
    add_common(p)
    p.set_defaults(func=cmd_edit)


def _text(args) -> str:
    if args.text_file:
        path = Path(args.text_file)
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(code="cli.comments.cmd_import", path=path) from None
        except UnicodeDecodeError:
            raise InputError(code="cli.edit.text", path=path) from None
    if args.text is not None:
        return args.text
    raise InputError(code="cli.edit.no_text")


def _operation(args) -> tuple[str, dict] | None:
    if args.insert_after:
        return "insert", {"text": _text(args), "after": args.insert_after}
    if args.insert_before:
        return "insert", {"text": _text(args), "before": args.insert_before}
    if args.edit:
        return "edit", {"key": args.edit, "text": _text(args)}
    if args.delete:
        return "delete", {"key": args.delete}
    if args.move:
        targets = [t for t in (args.before, args.after, args.to_chapter) if t]
        if len(targets) != 1:
            raise InputError(code="cli.edit.operation")
        if args.to_chapter:
            return "move_to_heading", {"key": args.move, "heading": args.to_chapter}
        return "move", {"key": args.move, "before": args.before, "after": args.after}
    if args.add_chapter:
        return "add_heading", {"kind": "章", "title": args.add_chapter, "before": args.before}
    if args.rename_chapter:
        if not args.title:
            raise InputError(code="cli.edit.rename_needs_title")
        return "rename_heading", {"key": args.rename_chapter, "title": args.title}
    if args.delete_chapter:
        return "delete_heading", {"key": args.delete_chapter}
    stray = [flag for flag, value in (("--before", args.before), ("--after", args.after),
                                      ("--to-chapter", args.to_chapter), ("--title", args.title),
                                      ("--text-file", args.text_file), ("--text", args.text)) if value is not None]
    if stray:
        raise InputError(code="cli.edit.stray_option", stray='、'.join(stray))
    return None


def _plan_json(plan) -> dict:
    return {
        "renumbered": [{"id": a.article_id, "old": a.old_label, "new": a.new_label} for a in plan.renumbered],
        "rewrites": [{"element": r.element_id, "before": r.before, "after": r.after,
                      "changes": [list(c) for c in r.changes]} for r in plan.rewrites],
        "warnings": list(plan.warnings),
    }


def _plan_text(plan) -> list[str]:
    lines = [renumber_description(plan)]
    for a in plan.renumbered:
        lines.append(f"  {a.old_label} → {a.new_label}")
    for r in plan.rewrites:
        lines.append(f"  改写 {r.element_id}：" + "，".join(f"{b}→{a}" for b, a in r.changes))
    lines.extend(f"  注意：{w}" for w in plan.warnings)
    return lines


def cmd_edit(args) -> int:

    db, user = open_as(args)
    doc = find_document(db, args.doc)
    op = _operation(args)
    if args.discard and (op or args.renumber or args.save_version):
        raise InputError(code="cli.edit.cmd_edit")
    if args.yes and not args.renumber:
        raise InputError(code="cli.edit.yes_without_renumber")
    wc = wcm.open_working_copy(db, doc.id, user)
    data: dict = {"document_id": doc.id, "title": doc.title, "changes": []}
    lines: list[str] = [f"文档 {doc.id}《{doc.title}》"]

    if args.discard:
        wc = wcm.discard(db, doc.id, user, expected_row_version=wc.row_version)
        data["changes"].append(wc.last_change)
        lines.append(wc.last_change)
    if op:
        name, kwargs = op
        wc, result = wcm.apply(db, doc.id, user, name, expected_row_version=wc.row_version, **kwargs)
        data["changes"].append(result.description)
        data["focus"] = result.focus
        lines.append(result.description)
    if args.renumber:
        plan = wcm.renumber_plan(db, doc.id, user)
        data["renumber"] = {"applied": False, **_plan_json(plan)}
        lines.extend(_plan_text(plan))
        if args.yes and not plan.is_noop:
            wc, applied = wcm.apply_renumber(db, doc.id, user, expected_row_version=wc.row_version, plan=plan)
            data["renumber"]["applied"] = True
            data["changes"].append(wc.last_change)
            lines.append("已应用重新编号。")
        elif not plan.is_noop:
            lines.append("（仅预览；加 --yes 应用）")
    if args.save_version:
        v = wcm.save_version(db, doc.id, user, label=args.save_version, note=args.note,
                             expected_row_version=wc.row_version)
        wc = wcm.get(db, doc.id)
        data["version"] = {"id": v.id, "seq": v.seq, "label": v.label, "sha256": v.sha256, "note": v.note}
        data["changes"].append(f"保存为 v{v.seq}（{v.label}）")
        lines.append(f"已保存为新版本 v{v.seq}（{v.label}）" + (f"：{v.note}" if v.note else ""))
    if not (op or args.renumber or args.save_version or args.discard):
        state = "有未保存为版本的修改" if wc.dirty else "与其基础版本一致"
        lines.append(f"工作稿（第 {wc.row_version} 次保存，{state}）：{wc.last_change}")
    data.update(row_version=wc.row_version, dirty=wc.dirty, base_version_id=wc.base_version_id,
                articles=len(wc.tree.articles))
    emit(args, data, "\n".join(lines))
    return 0
