"""备案审查 commands beyond single cases: `campaign run|list|hits|export` (专项审查: rules, or with
``--cleanup LAW [--since DATE]`` the 清理 of an upper-law change),
`review-request add|list|link|answer` (审查建议), `filing-stats` and `filing-report` (年度统计和报告)."""
from __future__ import annotations

from pathlib import Path

from base.clock import today
from workbench.filing.campaigns import (CLEANUP, Scope, create_campaign, describe_selection, export_csv, export_docx,
                                        get_campaign, hits_of, kind_of, list_campaigns, run_campaign)
from workbench.filing.report import report_docx
from workbench.filing.requests import answer_request, link_request, list_requests, register_request
from workbench.filing.stats import year_stats
from workbench.cli import add_common, emit
from workbench.cli.common import open_as
from workbench.cli.filing import CORPUS, corpus_path, option, subcommand


def _csv(value: str) -> list[str]:
    return [x.strip() for x in (value or "").replace("，", ",").split(",") if x.strip()]


def register(sub) -> None:
    p = sub.add_parser("campaign", help="专项审查：选择范围和规则，对现行文件和备案文件集中审查")
    csub = p.add_subparsers(dest="campaign_cmd", required=True, metavar="SUBCOMMAND")
    subcommand(csub, "run", "新建并运行专项审查", cmd_campaign_run, option("--title", required=True),
       option("--levels", default="LR,GR,ND", help="层级，逗号分隔"), option("--region", default="", help="法规库地区（省名简称）"),
       option("--sources", default="法规库,备案文件"), option("--families", default="", help="规则类别，逗号分隔，如 penalty,fees"),
       option("--rules", default="", help="规则编号，逗号分隔"),
       option("--cleanup", metavar="LAW", default="", help="改为清理：该上位法修改或废止后，列出引用或重述其已修改、删除条文的条文"),
       option("--since", default="", help="清理时与该日期（YYYY-MM-DD）时有效的版本比较（默认与上一版本比较）"), CORPUS)
    subcommand(csub, "list", "列出专项审查", cmd_campaign_list)
    subcommand(csub, "hits", "列出专项审查的发现", cmd_campaign_hits, option("id", type=int))
    subcommand(csub, "export", "导出审查结果（.csv 或 .docx）", cmd_campaign_export, option("id", type=int),
       option("-o", "--output", required=True))

    p = sub.add_parser("review-request", help="审查建议：登记、关联备案文件、反馈")
    rsub = p.add_subparsers(dest="request_cmd", required=True, metavar="SUBCOMMAND")
    subcommand(rsub, "add", "登记审查建议", cmd_request_add, option("--requester", required=True),
       option("--kind", default="公民", help="公民/法人/其他组织/国家机关"), option("--target", required=True, help="所针对的文件"),
       option("--article", default=""), option("--reason", required=True), option("--contact", default=""),
       option("--received", default=None), option("--filing", type=int, default=None))
    subcommand(rsub, "list", "列出审查建议", cmd_request_list, option("--year", type=int, default=None))
    subcommand(rsub, "link", "关联到备案文件", cmd_request_link, option("id", type=int), option("filing", type=int))
    subcommand(rsub, "answer", "反馈", cmd_request_answer, option("id", type=int), option("--answer", required=True),
       option("--outcome", required=True))

    q = sub.add_parser("filing-stats", help="备案审查年度统计")
    q.add_argument("--year", type=int, default=None)
    add_common(q)
    q.set_defaults(func=cmd_stats)
    q = sub.add_parser("filing-report", help="生成备案审查工作情况报告（草稿，.docx）")
    q.add_argument("--year", type=int, default=None)
    q.add_argument("-o", "--output", required=True)
    add_common(q)
    q.set_defaults(func=cmd_report)


def cmd_campaign_run(args) -> int:
    db, user = open_as(args)
    scope = Scope(levels=_csv(args.levels), region=args.region, sources=tuple(_csv(args.sources)))
    cid = create_campaign(db, user, args.title, scope, families=_csv(args.families), rules=_csv(args.rules),
                          cleanup_law=args.cleanup, cleanup_since=args.since)
    c = run_campaign(db, user, cid, corpus_db=corpus_path(args))
    _show(args, db, user, c)


def _line(c: dict, h: dict) -> str:
    if kind_of(c["selection"]) == CLEANUP:
        return (f"  {h['id']}\t[{h['action']}] {h['title']} {h['article_label']} ← 上位法{h['upper_article']}"
                f"（{h['change']}，{h['how']}）：{h['message']}")
    return f"  {h['id']}\t[{h['state']}] {h['title']} {h['article_label'] or '全文'} {h['rule']}：{h['message']}"


def _show(args, db, user, c: dict) -> None:
    hits = hits_of(db, user, c["id"])
    keys = ("id", "source", "ref_id", "ref", "title", "level", "article_label", "rule", "severity", "message", "excerpt",
            "upper_article", "change", "how", "action", "redline", "state", "note")
    data = {**{k: c[k] for k in ("id", "title", "status", "total", "done", "hits", "scope", "selection", "error")},
            "items": [{k: h.get(k) for k in keys} for h in hits]}
    head = (f"专项审查 {c['id']}「{c['title']}」（{describe_selection(c)}）：{c['status']}，审查文件 {c['done']} 件，"
            f"发现 {c['hits']} 项")
    emit(args, data, "\n".join([head, *(_line(c, h) for h in hits)]))


def cmd_campaign_hits(args) -> int:
    db, user = open_as(args)
    _show(args, db, user, get_campaign(db, args.id))


def cmd_campaign_list(args) -> int:
    db, user = open_as(args)
    rows = list_campaigns(db, user)
    emit(args, rows, "\n".join(f"{c['id']}\t{c['status']}\t{c['done']}/{c['total']}\t{c['hits']} 项\t{c['title']}"
                               for c in rows) or "（无专项审查）")


def cmd_campaign_export(args) -> int:
    db, user = open_as(args)
    out = Path(args.output)
    data = export_docx(db, user, args.id) if out.suffix.lower() == ".docx" else export_csv(db, user, args.id)
    out.write_bytes(data)
    emit(args, {"output": str(out), "bytes": len(data)}, f"已导出到 {out}")


def cmd_request_add(args) -> int:
    db, user = open_as(args)
    r = register_request(db, user, requester=args.requester, requester_kind=args.kind, target=args.target,
                         article=args.article, reason=args.reason, contact=args.contact, received_on=args.received,
                         filing_id=args.filing)
    emit(args, r.to_dict(), f"已登记审查建议 {r.id}，答复期限 {r.due_on}")


def cmd_request_list(args) -> int:
    db, user = open_as(args)
    rows = list_requests(db, user, year=args.year)
    emit(args, [r.to_dict() for r in rows], "\n".join(f"{r.id}\t{r.status}\t{r.received_on}\t{r.requester}\t{r.target}"
                                                      for r in rows) or "（无审查建议）")


def cmd_request_link(args) -> int:
    db, user = open_as(args)
    r = link_request(db, user, args.id, args.filing)
    emit(args, r.to_dict(), f"审查建议 {r.id} 已关联备案文件 {args.filing}")


def cmd_request_answer(args) -> int:
    db, user = open_as(args)
    r = answer_request(db, user, args.id, answer=args.answer, outcome=args.outcome)
    emit(args, r.to_dict(), f"审查建议 {r.id} 已反馈：{r.outcome}")


def _year(args) -> int:
    return args.year or today().year


def cmd_stats(args) -> int:
    db, user = open_as(args)
    s = year_stats(db, user, _year(args))
    rate = "—" if s["on_time_rate"] is None else f"{s['on_time_rate']:.0%}"
    emit(args, s, f"{s['year']} 年：报备 {s['filings']} 件，按期报备率 {rate}，审结 {s['reviewed']} 件，"
                  f"发现问题的文件 {s['with_problems']} 件，纠正完毕 {s['corrections_completed']} 件；"
                  f"审查建议 {s['requests']['received']} 件，已反馈 {s['requests']['answered']} 件")


def cmd_report(args) -> int:
    db, user = open_as(args)
    out = Path(args.output)
    out.write_bytes(report_docx(db, user, _year(args)))
    emit(args, {"output": str(out)}, f"已生成报告草稿：{out}")
