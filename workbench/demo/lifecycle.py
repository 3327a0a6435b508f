"""Demo seed step for the procedure, the plan and the dashboard (run by workbench.demo.workspace).

- 示例市养犬管理办法 (GR) goes through 征求意见 (its 30-day consultation is seeded by the comments
  step) and 送审 to 合法性审查, where it waits for the legal advisor's sign-off — the 流程 page
  shows 集体审议 blocked by the gate;
- 物业服务管理实施细则 (ND) sits in 征求意见 while its consultation is open;
- 历史文化街区保护条例 (LR) has been submitted and read once (一审);
- a fourth text, 示例市政府信息主动公开工作规定 (ND, examples/nd-government-info-disclosure.txt), has
  been reviewed, signed off, decided and published 40 days ago but not yet filed: the
  dashboard shows it as completed and its 备案 as overdue;
- the current year's 年度立法计划 lists the four texts plus one project not yet started whose
  submission target has passed.
"""
from __future__ import annotations

from datetime import date, timedelta

from base.db import PROJECT_ROOT
from workbench.documents.store import create_document, get_document
from lawtext.files import read_path
from workbench.procedure.lifecycle import advance
from workbench.procedure.plan import add_project
from base.clock import today as beijing_today
from workbench.review import store as review

DISCLOSURE_FILE = "nd-government-info-disclosure.txt"
DISCLOSURE_TITLE = "示例市政府信息主动公开工作规定"


def _walk(ctx, doc_id: int, steps: list[tuple[str, str, date | None]]) -> None:
    for target, role, on in steps:
        advance(ctx.db, ctx.users[role], doc_id, target, on=on)


def _sign(ctx, doc_id: int, paper_date: date | None = None) -> None:
    advisor = ctx.users["advisor"]
    doc = get_document(ctx.db, doc_id)
    r = review.create_review(ctx.db, doc.current_version_id, actor=advisor, findings=[])
    review.set_opinion(ctx.db, r.id, "合法", actor=advisor,
                       text="制定主体、权限、内容和程序均符合规定，未设定行政处罚、行政许可、行政强制和收费事项。")
    review.sign(ctx.db, r.id, actor=advisor, paper_date=paper_date)


def seed_lifecycle(ctx) -> None:
    db, today = ctx.db, beijing_today()
    year = today.year
    docs = ctx.documents
    if "dog" in docs:
        _walk(ctx, docs["dog"].id, [("征求意见", "drafter", None), ("送审", "drafter", None),
                                    ("合法性审查", "drafter", None)])
    if "property" in docs:
        _walk(ctx, docs["property"].id, [("征求意见", "drafter", None)])
    if "heritage" in docs:
        _walk(ctx, docs["heritage"].id, [("提出法规案", "drafter", None), ("一审", "drafter", None)])

    tree = read_path(PROJECT_ROOT / "examples" / DISCLOSURE_FILE)
    disclosure, _ = create_document(db, title=DISCLOSURE_TITLE, level="ND", tree=tree,
                                    actor=ctx.users["drafter"].username,
                                    issuing_body="示例市人民政府办公室", label="送审稿",
                                    note="内部工作规范，不涉及公民、法人和其他组织权利义务，未公开征求意见",
                                    source_name=DISCLOSURE_FILE)
    published_on = today - timedelta(days=40)
    advance(db, ctx.users["drafter"], disclosure.id, "合法性审核", on=today - timedelta(days=60),
            note="不涉及公众切身利益，依规定不公开征求意见")
    # decided and published before the office used the workbench: the advisor's paper review is
    # entered (补录) with its real date, which precedes the 集体审议
    _sign(ctx, disclosure.id, paper_date=today - timedelta(days=50))
    _walk(ctx, disclosure.id, [("集体审议", "reviewer", today - timedelta(days=45)),
                               ("公布", "reviewer", published_on)])
    docs["disclosure"] = get_document(db, disclosure.id)

    admin = ctx.users["admin"]
    plan = [
        ("制定", "示例市养犬管理办法", "GR", "示例市公安局", date(year, 6, 30), date(year, 12, 31), "dog"),
        ("制定", "示例市历史文化街区保护条例", "LR", "示例市文化广电和旅游局", None, date(year, 12, 31), "heritage"),
        ("制定", "示例市住宅小区物业服务管理实施细则", "ND", "示例市住房和城乡建设局", date(year, 10, 31),
         date(year, 12, 31), "property"),
        ("制定", DISCLOSURE_TITLE, "ND", "示例市人民政府办公室", None, date(year, 12, 31), "disclosure"),
        ("制定", "示例市电动自行车停放管理规定", "GR", "示例市交通运输局", date(year, 9, 30), date(year, 12, 31), None),
    ]
    for kind, title, level, unit, submit_on, publish_on, key in plan:
        add_project(db, admin, year=year, kind=kind, title=title, level=level, responsible_unit=unit,
                    target_submit_on=submit_on, target_publish_on=publish_on, document_id=docs[key].id if key in docs else None)
