"""`python -m workbench demo`: create the demo workspace (users + 示例市 drafts) in a pristine database;
`python -m workbench init`: what a first start does (workbench.first_start) — the demo workspace on
the demo database path or with WORKBENCH_DEMO=1, otherwise the first administrator with a one-time
password on a database without users."""
from __future__ import annotations

from workbench.cli import add_common, emit
from base.db import default_db_path
from workbench.schema import open_db
from workbench.demo.workspace import DEMO_USERS, ensure_demo_workspace
from workbench.documents.store import list_documents
from workbench.access.roles import ROLES
from workbench.first_start import first_start


def register(sub) -> None:
    p = sub.add_parser("demo", help="在空数据库中创建示例工作区（演示用户和示例市草案）")
    add_common(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("init", help="首次启动：示例库创建示例工作区；生产库（尚无用户）创建初始管理员（一次性密码，首次登录须修改）")
    p.add_argument("--admin", default="admin", help="初始管理员用户名（默认 admin）")
    add_common(p)
    p.set_defaults(func=cmd_init)


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


def cmd_init(args) -> int:
    path = args.db or default_db_path()
    db = open_db(path)
    result = {"db": path, **first_start(db, path, admin_username=args.admin)}
    admin = result["admin"]
    if result["demo"]:
        text = (f"示例数据库 {path}：" + ("已创建示例工作区（演示账号见 README.md）" if result["demo_created"]
                                           else "已有数据，未改动"))
    elif admin:
        text = (f"已在 {path} 创建初始管理员 {admin['username']}，一次性密码：{admin['password']}\n"
                "（只显示这一次；首次登录时须设置新密码）")
    else:
        text = f"数据库 {path} 中已有用户，未改动。"
    emit(args, result, text)
    return 0
