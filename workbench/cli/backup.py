"""`python -m workbench backup OUT` and `restore IN` (workbench.backup): online, verified copies.

Both need an administrator (``system.backup``) named by ``--as``; on a database without users (a
fresh installation being restored) the operator acts as the administrator.
"""
from __future__ import annotations

from base.db import default_db_path
from corpus.store import default_corpus_db_path
from workbench.backup import backup, restore, verify_backup
from workbench.cli import add_common, emit
from workbench.cli.common import open_as


def register(sub) -> None:
    p = sub.add_parser("backup", help="在线备份数据库（应用运行时也一致），备份后立即校验")
    p.add_argument("out", help="备份文件路径（如 /backup/workbench-20261130.db；另写 OUT.json 清单）")
    p.add_argument("--corpus", action="store_true", help="同时备份法规库数据库（写到 OUT 旁的 名称.corpus.db）")
    p.add_argument("--corpus-db", default=None, help="法规库数据库（默认 $WORKBENCH_CORPUS_DB，否则工作台数据库旁的 corpus.db）")
    add_common(p)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="从备份恢复：先校验备份，通过后才替换当前数据库（原数据库另存）")
    p.add_argument("backup", help="备份文件路径")
    p.add_argument("--corpus", action="store_true", help="同时恢复法规库数据库（备份旁的 名称.corpus.db）")
    p.add_argument("--corpus-db", default=None, help="要恢复的法规库数据库（默认同 backup）")
    p.add_argument("--yes", action="store_true", help="确认替换；不加时只校验备份")
    add_common(p)
    p.set_defaults(func=cmd_restore)


def _corpus_path(args) -> str | None:
    if not args.corpus:
        return None
    return args.corpus_db or default_corpus_db_path()


def cmd_backup(args) -> int:
    db, user = open_as(args)
    db.close()
    manifest = backup(args.db or default_db_path(), args.out, user, corpus_db=_corpus_path(args))
    lines = [f"{'已备份' if f['ok'] else '已备份（校验未通过）'}：{f['source']} → {f['path']}（{f['bytes'] / 1048576:.1f} MB，"
             f"sha256 {f['sha256'][:16]}…）" for f in manifest["files"]]
    for f in manifest["files"]:
        lines += [f"  问题：{p}" for p in f["problems"]]
    emit(args, manifest, "\n".join(lines))
    return 0 if manifest["ok"] else 7


def cmd_restore(args) -> int:
    db, user = open_as(args)
    db.close()
    target = args.db or default_db_path()
    if not args.yes:
        checked = verify_backup(args.backup, with_corpus=args.corpus)
        data = {"verified": [c.to_dict() for c in checked], "ok": all(c.ok for c in checked)}
        lines = [f"{'校验通过' if c.ok else '校验未通过'}：{c.path}" + "".join(f"\n  问题：{p}" for p in c.problems)
                 for c in checked]
        if data["ok"]:
            lines.append(f"将替换 {target}" + ("及法规库" if args.corpus else "") + "；确认请加 --yes")
        emit(args, data, "\n".join(lines))
        return 0 if data["ok"] else 7
    result = restore(args.backup, target, user, corpus_db=_corpus_path(args))
    lines = [f"已恢复：{r['path']}（{'校验通过' if r['ok'] else '校验未通过'}）" for r in result["restored"]]
    lines += [f"原数据库已另存为：{s}" for s in result["saved"]]
    emit(args, result, "\n".join(lines))
    return 0 if result["ok"] else 7
