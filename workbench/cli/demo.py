"""`python -m workbench demo`: create the demo workspace (users + 示例市 drafts) in a pristine database."""
from __future__ import annotations

from workbench.cli import add_common, emit
from base.db import default_db_path
from workbench.schema import open_db
from workbench.demo.workspace import DEMO_USERS, ensure_demo_workspace
from workbench.documents.store import list_documents
from workbench.access.roles import ROLES


def register(sub) -> None:
    p = sub.add_parser("demo", help="在空数据库中创建示例工作区（演示用户和示例市草案）")
    add_common(p)
    p.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    path = args.db or default_db_path()
    db = open_db(path)
    created = ensure_demo_workspace(db)
    docs = list_documents(db)
    data = {"db": path, "created": created, "documents": [{"id": d.id, "title": d.title, "level": d.level}
                                                          for d in docs],
            "users": [u for u, *_ in DEMO_USERS] if created else []}
    if created:
        text = (f"已在 {path} 创建示例工作区：{len(DEMO_USERS)} 个用户、{len(docs)} 个文档。\n"
                + "\n".join(f"  用户 {u} / 密码 {pw}（{ROLES[role]}）" for u, pw, role, *_ in DEMO_USERS))
    else:
        text = f"数据库 {path} 中已有用户或文档，未创建示例工作区（现有 {len(docs)} 个文档）。"
    emit(args, data, text)
    return 0
