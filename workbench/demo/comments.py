"""Demo seed step for the comment loop (run by workbench.demo.workspace.ensure_demo_workspace).

- three contact points; the demo user ``contact`` is linked to 东城街道, which submits online;
  the other two points' opinions arrive as consolidated minutes (.csv) imported by the drafter;
- a completed 30-day consultation on the 征求意见稿 (v1) of 示例市养犬管理办法, with comments
  from all three points, dispositions (some answered together as a group) pointing at the
  articles of the 送审稿 (v2) that reflect them, and one comment still pending;
- an open consultation on the 征求意见稿 of the 物业服务管理实施细则, so the contact user has a
  draft to comment on (one comment from another point, which the demo contact never sees).
"""
from __future__ import annotations

from datetime import date, timedelta

from workbench.consultation.comments import dispose, submit_comment
from workbench.consultation.consultations import add_contact_point, close_consultation, open_consultation
from workbench.access.users import update_profile
from base.clock import today as beijing_today
from workbench.consultation.comment_import import _element, find_refs, preview_import, save_import

CONTACT_POINTS = [
    ("东城街道基层立法联系点", "街道", "东城区", "周联络", "024-12345678"),
    ("西山社区基层立法联系点", "社区", "西山区", "吴信息", "024-87654321"),
    ("示例大学法学院基层立法联系点", "高校", "南湖区", "郑老师", "law@example.edu.cn"),
]

OPENED, CLOSES = date(2025, 3, 20), date(2025, 4, 19)

# (point index, 条款 of v1 ('' = whole draft), text, participants, source kind)
DOG_COMMENTS = [
    (0, "第六条第一款", "十五日内办理登记时间太紧，不少老年人不会网上操作，建议延长到三十日。", 18, "座谈会"),
    (1, "第六条第一款", "建议将十五日内办理登记延长到三十日，方便群众办理。", 6, "走访"),
    (2, "第十一条", "规章不得自行设定收费项目，养犬管理服务费缺乏法律、行政法规依据，建议删除。", 1, "个人"),
    (0, "第二十条", "没收犬只并处五万元罚款过高，与违法行为的危害程度不相适应。", 18, "座谈会"),
    (2, "第二十二条", "将遗弃犬只的养犬人纳入失信惩戒名单缺乏法律依据。", 1, "个人"),
    (1, "第十二条第（二）项", "携犬乘坐电梯应当一律将犬只装入犬笼。", 35, "问卷"),
    (0, "", "建议加强文明养犬宣传教育，发挥志愿者劝导作用。", 18, "座谈会"),
    (1, "第十七条", "扣押犬只后七日内不接受处理即视为放弃所有权，期限太短，也缺少通知程序。", 6, "走访"),
    (2, "第二十五条", "用语含义的规定宜移至总则，便于理解全文。", 1, "个人"),
    (0, "第七条", "重点管理区的具体范围应当向社会公布，并设置明显标识。", 18, "座谈会"),
]

# (comment indexes answered together, decision, reason, article of v2 or None)
DOG_DISPOSITIONS = [
    ([0, 1], "采纳", "已将办理养犬登记的期限延长至三十日，并增加网上办理的规定。", "第七条"),
    ([2], "采纳", "规章无权设定收费，已删除养犬管理服务费的规定。", None),
    ([3], "部分采纳", "罚款数额调整为二万元；在重点管理区饲养烈性犬、大型犬危害较大，没收犬只的规定予以保留。", "第二十二条"),
    ([4], "采纳", "已删除纳入失信惩戒名单的内容，并调整罚款数额。", "第二十四条"),
    ([5], "未采纳", "本项已规定戴嘴套或者装入犬袋、犬笼，兼顾养犬人的实际困难，暂不作一律装笼的要求。", None),
    ([6], "采纳", "已增设文明养犬宣传教育和志愿劝导的规定。", "第十七条"),
    ([7], "部分采纳", "改为由公安机关收容并通知养犬人认领，认领期限延长至十五日。", "第十九条"),
    ([8], "采纳", "已将用语含义移至总则。", "第三条"),
]


def _element_id(tree, label: str) -> str | None:
    if not label:
        return None
    ref = find_refs(label)[0]
    return _element(tree.article(ref.label), ref)


def _minutes_csv(rows: list[tuple], points) -> bytes:
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["联系点", "条款", "意见", "人数", "来源"])
    for pi, label, text, n, kind in rows:
        w.writerow([points[pi].name, label or "整体", text, n, kind])
    return buf.getvalue().encode("utf-8")


def seed_consultations(ctx) -> None:
    db = ctx.db
    admin, drafter = ctx.users["admin"], ctx.users["drafter"]
    points = [add_contact_point(db, admin, name=n, kind=k, district=d, liaison=li, contact=ct)
              for n, k, d, li, ct in CONTACT_POINTS]
    contact = update_profile(db, admin, ctx.users["contact"].username, contact_point_id=points[0].id)
    ctx.users["contact"] = contact

    v1, v2 = ctx.versions["dog"][0], ctx.versions["dog"][-1]
    c = open_consultation(db, drafter, version_id=v1.id, opens_on=OPENED, closes_on=CLOSES,
                          contact_point_ids=[p.id for p in points],
                          key_questions=["养犬登记的期限和登记证年检制度是否合理？", "罚款数额是否与违法行为的危害程度相适应？",
                                         "养犬重点管理区的划定范围是否适当？"])
    day = OPENED + timedelta(days=5)
    made: dict[int, int] = {}
    for k, (pi, label, text, n, kind) in enumerate(DOG_COMMENTS):
        if pi == 0:
            made[k] = submit_comment(db, contact, c.id, text=text, element_id=_element_id(v1.tree, label),
                                     participants=n, source_kind=kind, today=day).id
    imported = [k for k, row in enumerate(DOG_COMMENTS) if row[0] != 0]
    preview = preview_import(db, drafter, c.id, _minutes_csv([DOG_COMMENTS[k] for k in imported], points),
                             "联系点意见汇总.csv")
    for k, cid in zip(imported, save_import(db, drafter, preview, today=CLOSES)):
        made[k] = cid
    close_consultation(db, drafter, c.id, today=CLOSES + timedelta(days=1))
    tree = v2.tree
    for idx, decision, reason, label in DOG_DISPOSITIONS:
        art = tree.article(label) if label else None
        dispose(db, drafter, [made[i] for i in idx], decision=decision, reason=reason,
                adopted_version_id=v2.id if art else None, adopted_article_id=art.id if art else None)

    if "property" in ctx.versions:
        today = beijing_today()
        pv = ctx.versions["property"][0]
        c2 = open_consultation(db, drafter, version_id=pv.id, opens_on=today - timedelta(days=3),
                               closes_on=today + timedelta(days=27), contact_point_ids=[points[0].id, points[1].id],
                               key_questions=["物业服务收费公示的内容是否完整？", "业主投诉处理的时限是否合理？"])
        first = pv.tree.articles[0]
        rows = [(1, first.label, "建议明确物业服务企业公示收费标准的具体位置和期限。", 4, "座谈会")]
        save_import(db, drafter, preview_import(db, drafter, c2.id, _minutes_csv(rows, points), "西山社区座谈会.csv"))
