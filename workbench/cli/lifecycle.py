"""Lifecycle, plan, users, audit and dashboard commands.

The CLI acts as the user named by ``--as`` (default $WORKBENCH_USER, else ``admin``) and the core
checks that user's permissions exactly as for the app. Whoever holds the database file can of
course do anything; the one exception to "name a real user" is bootstrapping: on a database
without any user, the operator acts as an administrator so that ``user add`` can create the first
account.
"""
from __future__ import annotations

import sys

from workbench.cli import add_common, emit
from workbench.cli.common import acting_user, open_database
from workbench.documents.store import find_document
from workbench.procedure.lifecycle import get_dates, history, options, reminders, advance
from workbench.access.permissions import require
from workbench.procedure.plan import add_project, list_projects, set_goal, start_revision
from workbench.access.users import create_user, reset_password, set_active, users_for
from workbench.audit_log import read_events, verify_log
from workbench.audit_text import action_name, describe
from base.clock import beijing
from workbench.procedure.dashboard import dashboard_data


def register(sub) -> None:
    p = sub.add_parser("stage", help="查看文档所处阶段、可进入的阶段及受阻原因")
    p.add_argument("doc", help="文档编号或标题")
    add_common(p)
    p.set_defaults(func=cmd_stage)

    p = sub.add_parser("advance", help="推进/退回文档的流程阶段（检查门槛）")
    p.add_argument("doc")
    p.add_argument("--to", required=True, dest="target", help="目标阶段，如 征求意见、合法性审查、公布、备案")
    p.add_argument("--date", dest="on", help="办理日期 YYYY-MM-DD（公布日期、备案日期等，默认今天）")
    p.add_argument("--valid-until", help="规范性文件有效期至 YYYY-MM-DD（公布时，默认按配置计算）")
    p.add_argument("--note", default="")
    p.add_argument("--expect-row-version", type=int, help="乐观并发：文档应处于的 row_version")
    add_common(p)
    p.set_defaults(func=cmd_advance)

    p = sub.add_parser("plan", help="年度立法计划")
    psub = p.add_subparsers(dest="plan_cmd", required=True, metavar="SUBCOMMAND")
    q = psub.add_parser("add", help="新增计划项目（仅管理员）")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--kind", required=True, help="制定/修改/废止/解释")
    q.add_argument("--title", required=True)
    q.add_argument("--level", required=True, help="LR/GR/ND 或 中文名称")
    q.add_argument("--unit", default="", help="责任单位")
    q.add_argument("--submit-by", help="目标送审日期 YYYY-MM-DD")
    q.add_argument("--publish-by", help="目标公布日期 YYYY-MM-DD")
    q.add_argument("--doc", help="关联文档（编号或标题）")
    q.add_argument("--source-doc", help="修改/废止/解释所针对的现行文件（编号或标题）")
    q.add_argument("--note", default="")
    add_common(q)
    q.set_defaults(func=cmd_plan_add)
    q = psub.add_parser("list", help="列出计划项目")
    q.add_argument("--year", type=int)
    add_common(q)
    q.set_defaults(func=cmd_plan_list)
    q = psub.add_parser("goal", help="设置年度目标（完成项目数，默认 4）")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--goal", type=int, required=True)
    add_common(q)
    q.set_defaults(func=cmd_plan_goal)
    q = psub.add_parser("revise", help="对现行文件发起修改或废止项目")
    q.add_argument("doc")
    q.add_argument("--kind", required=True, choices=["修改", "废止"])
    q.add_argument("--year", type=int)
    q.add_argument("--unit", default="")
    q.add_argument("--publish-by")
    add_common(q)
    q.set_defaults(func=cmd_plan_revise)

    p = sub.add_parser("user", help="用户管理")
    usub = p.add_subparsers(dest="user_cmd", required=True, metavar="SUBCOMMAND")
    q = usub.add_parser("add", help="新建用户（仅管理员；空库时用于创建第一个账户）")
    q.add_argument("username")
    q.add_argument("--role", required=True, help="admin/drafter/advisor/reviewer/contact 或中文角色名")
    q.add_argument("--password", required=True)
    q.add_argument("--display-name", default="")
    q.add_argument("--org", default="")
    q.add_argument("--contact-point", type=int, help="基层立法联系点编号（联系点用户）")
    add_common(q)
    q.set_defaults(func=cmd_user_add)
    q = usub.add_parser("list", help="列出用户")
    q.add_argument("--all", action="store_true", help="包括已停用的用户")
    add_common(q)
    q.set_defaults(func=cmd_user_list)
    q = usub.add_parser("passwd", help="重置用户密码（仅管理员）")
    q.add_argument("username")
    q.add_argument("--password", required=True)
    add_common(q)
    q.set_defaults(func=cmd_user_passwd)
    q = usub.add_parser("deactivate", help="停用用户（仅管理员）")
    q.add_argument("username")
    add_common(q)
    q.set_defaults(func=cmd_user_deactivate)

    p = sub.add_parser("audit", help="审计日志")
    asub = p.add_subparsers(dest="audit_cmd", required=True, metavar="SUBCOMMAND")
    q = asub.add_parser("verify", help="校验哈希链（发现篡改时退出码非零）")
    add_common(q)
    q.set_defaults(func=cmd_audit_verify)
    q = asub.add_parser("list", help="列出审计事件（新的在前）")
    q.add_argument("--doc", help="文档编号或标题")
    q.add_argument("--by", dest="by_actor", help="操作人用户名")
    q.add_argument("--action", help="事件类型，如 document.stage；以 . 结尾表示前缀，如 review.")
    q.add_argument("--limit", type=int, default=50)
    add_common(q)
    q.set_defaults(func=cmd_audit_list)

    p = sub.add_parser("dashboard", help="工作台统计（计划完成、阶段分布、逾期事项、参与率）")
    p.add_argument("--year", type=int)
    add_common(p)
    p.set_defaults(func=cmd_dashboard)


# --- lifecycle ----------------------------------------------------------------------------------

def cmd_stage(args) -> int:
    db = open_database(args)
    user = acting_user(db, args)
    require(user, "document.view")          # as the 流程 page
    doc = find_document(db, args.doc)
    dates = get_dates(db, doc.id)
    opts = options(db, user, doc)
    rem = reminders(db, doc)
    data = {
        "document_id": doc.id, "title": doc.title, "level": doc.level, "stage": doc.stage,
        "row_version": doc.row_version,
        "dates": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in vars(dates).items()
                  if k != "document_id"},
        "next": [{"stage": o.transition.target, "verb": o.transition.verb, "enabled": o.enabled,
                  "reasons": o.reasons} for o in opts],
        "reminders": [{"kind": r.kind, "severity": r.severity, "message": r.message} for r in rem],
        "history": history(db, doc.id),
    }
    lines = [f"《{doc.title}》（{doc.level_name}）当前阶段：{doc.stage}"]
    for o in opts:
        mark = "可以" if o.enabled else "受阻"
        t = o.transition   # the label names the target stage (推进至「X」); else say where it leads
        lines.append(f"  → {t.label if t.target in t.label else f'{t.label}（至「{t.target}」）'}：{mark}")
        lines += [f"      · {r}" for r in o.reasons]
    lines += [f"  提醒：{r.message}" for r in rem]
    emit(args, data, "\n".join(lines))
    return 0


def cmd_advance(args) -> int:
    db = open_database(args)
    user = acting_user(db, args)
    doc = find_document(db, args.doc)
    ev = advance(db, user, doc.id, args.target, expected_row_version=args.expect_row_version, on=args.on,
                 note=args.note, valid_until=args.valid_until)
    data = {"document_id": ev.document_id, "from": ev.source, "to": ev.target, "verb": ev.verb,
            "on": ev.on.isoformat(), "audit_id": ev.audit_id, "row_version": ev.row_version, "notes": ev.notes}
    text = f"《{doc.title}》：{ev.source} → {ev.target}（{ev.on:%Y-%m-%d}）" + "".join(f"\n  {n}" for n in ev.notes)
    emit(args, data, text)
    return 0


# --- plan -------------------------------------------------------------------------------------------

def _project_json(p, today=None) -> dict:
    return {"id": p.id, "year": p.year, "kind": p.kind, "title": p.title, "level": p.level,
            "responsible_unit": p.responsible_unit,
            "target_submit_on": p.target_submit_on.isoformat() if p.target_submit_on else None,
            "target_publish_on": p.target_publish_on.isoformat() if p.target_publish_on else None,
            "document_id": p.document_id, "source_document_id": p.source_document_id, "status": p.status,
            "completed": p.completed, "document_stage": p.document_stage, "overdue": p.overdue(today)}


def _doc_id(db, key):
    return find_document(db, key).id if key else None


def cmd_plan_add(args) -> int:
    db = open_database(args)
    user = acting_user(db, args)
    p = add_project(db, user, year=args.year, kind=args.kind, title=args.title, level=args.level,
                    responsible_unit=args.unit, target_submit_on=args.submit_by, target_publish_on=args.publish_by,
                    document_id=_doc_id(db, args.doc), source_document_id=_doc_id(db, args.source_doc),
                    note=args.note)
    emit(args, _project_json(p), f"已新增计划项目 #{p.id}：{p.year} 年 {p.kind}《{p.title}》")
    return 0


def cmd_plan_list(args) -> int:
    db = open_database(args)
    user = acting_user(db, args)
    ps = list_projects(db, user, year=args.year)
    text = "\n".join(f"#{p.id}\t{p.year}\t{p.kind}\t{p.level}\t{p.status}\t{p.title}"
                     + ("\t" + "；".join(p.overdue()) if p.overdue() else "") for p in ps) or "（无计划项目）"
    emit(args, [_project_json(p) for p in ps], text)
    return 0


def cmd_plan_goal(args) -> int:
    db = open_database(args)
    goal = set_goal(db, acting_user(db, args), args.year, args.goal)
    emit(args, {"year": args.year, "goal": goal}, f"{args.year} 年度目标：完成 {goal} 项")
    return 0


def cmd_plan_revise(args) -> int:
    db = open_database(args)
    user = acting_user(db, args)
    p, new_doc = start_revision(db, user, _doc_id(db, args.doc), args.kind, year=args.year,
                                responsible_unit=args.unit, target_publish_on=args.publish_by)
    text = f"已新增{p.kind}项目 #{p.id}《{p.title}》" + (f"，修改草案为文档 {new_doc.id}" if new_doc else "")
    emit(args, {**_project_json(p), "new_document_id": new_doc.id if new_doc else None}, text)
    return 0


# --- users ------------------------------------------------------------------------------------------

def _user_json(u) -> dict:
    return {"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role,
            "role_name": u.role_name, "org": u.org, "contact_point_id": u.contact_point_id, "active": u.active,
            "must_change_password": u.must_change_password}


def cmd_user_add(args) -> int:
    db = open_database(args)
    by = acting_user(db, args)
    bootstrap = by.id == 0          # the first account of an empty database: its holder sets a password
    u = create_user(db, args.username, args.password, args.role, display_name=args.display_name, org=args.org,
                    contact_point_id=args.contact_point, by=by, must_change_password=bootstrap)
    emit(args, _user_json(u), f"已创建用户 {u.username}（{u.role_name}）"
         + ("；首次登录时须设置新密码" if bootstrap else ""))
    return 0


def cmd_user_list(args) -> int:
    db = open_database(args)
    us = users_for(db, acting_user(db, args), include_inactive=args.all)
    text = "\n".join(f"{u.id}\t{u.username}\t{u.role_name}\t{u.display_name}\t{u.org}"
                     + ("" if u.active else "\t（已停用）") for u in us) or "（无用户）"
    emit(args, [_user_json(u) for u in us], text)
    return 0


def cmd_user_passwd(args) -> int:
    db = open_database(args)
    u = reset_password(db, acting_user(db, args), args.username, args.password)
    emit(args, _user_json(u), f"已重置 {u.username} 的密码")
    return 0


def cmd_user_deactivate(args) -> int:
    db = open_database(args)
    u = set_active(db, acting_user(db, args), args.username, False)
    emit(args, _user_json(u), f"已停用用户 {u.username}")
    return 0


# --- audit ------------------------------------------------------------------------------------------

def cmd_audit_verify(args) -> int:
    db = open_database(args)
    report = verify_log(db, acting_user(db, args))
    if report["ok"]:
        text = (f"审计日志完整：共 {report['events']} 条记录，哈希链、签名与签名检查点校验通过"
                f"（链头 {(report['head_hash'] or '')[:16]}…）；{report['versions']} 个版本的文本哈希、"
                f"{report['signed_reviews']} 份已签署审核的绑定均一致")
    else:
        kinds = {"audit": "记录", "version": "版本", "review": "审核"}
        text = (f"审计日志校验失败：发现 {len(report['problems'])} 处问题\n"
                + "\n".join(f"  {kinds[p['kind']]} {p['id']}：{p['message']}" for p in report["problems"]))
    emit(args, report, text)
    if not report["ok"]:
        print("错误：审计日志被篡改或损坏", file=sys.stderr)
        return 7
    return 0


def cmd_audit_list(args) -> int:
    db = open_database(args)
    user = acting_user(db, args)
    rows = read_events(db, user, document_id=_doc_id(db, args.doc), actor=args.by_actor, action=args.action,
                       limit=args.limit)
    text = "\n".join(f"{r['id']}\t{beijing(r['ts'])}\t{r['actor']}\t{action_name(r['action'])}（{r['action']}）\t"
                     f"{r['document_id'] or ''}\t{(r['after_hash'] or '')[:12]}\t{describe(r)}" for r in rows)
    emit(args, rows, text or "（无记录）")
    return 0


# --- dashboard --------------------------------------------------------------------------------------

def cmd_dashboard(args) -> int:
    db = open_database(args)
    data = dashboard_data(db, acting_user(db, args), year=args.year)
    plan, adv, com = data["plan"], data["advisor_participation"], data["comment_adoption"]
    pct = lambda r: "暂无数据" if r is None else f"{r:.0%}"  # noqa: E731
    lines = [f"{data['year']} 年度立法计划：完成 {plan['completed']} / 目标 {plan['goal']}（计划项目 {plan['projects']} 项）",
             f"法律顾问参与率：{pct(adv['rate'])}（{adv['signed']}/{adv['reviews']} 次审核已签署）",
             f"意见采纳率：{pct(com['rate'])}（{com['adopted']}/{com['comments']} 条）",
             f"逾期/临期事项：{len(data['overdue'])} 项"]
    lines += [f"  [{o['kind']}] {o['title']}：{o['message']}" for o in data["overdue"]]
    emit(args, data, "\n".join(lines))
    return 0
