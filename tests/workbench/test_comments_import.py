"""Bulk import of 座谈会 minutes (.docx, .csv) written here: split by the 第X条 each line mentions,
previewed (nothing stored) and then saved as reviewed."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import timedelta

import pytest

from tests.workbench.comments_helpers import consult, docx_bytes, dog_document, point_with_user
from base import audit
from workbench.consultation.comment_import import FLAG_MISSING, FLAG_NO_ARTICLE, FLAG_SPLIT, find_refs, preview_import, save_import
from workbench.consultation.stats import breakdown
from workbench.consultation.comments import list_comments
from base.errors import GateBlocked, InputError, NotFound, PermissionDenied

MINUTES = [
    "东城街道基层立法联系点座谈会意见汇总",
    "时间：2025年3月25日上午",
    "地点：东城街道办事处三楼会议室",
    "参加人员：居民代表10人、养犬户5人、物业企业代表3人",
    "1. 第六条规定十五日内办理登记，时间太紧，建议延长到三十日。",
    "2. 第十九条和第二十条的罚款数额过高，与违法情节不相适应。",
    "3. 希望加强文明养犬的宣传教育。",
    "4. 根据《中华人民共和国动物防疫法》第三十条，第九条应当写明免疫的具体要求。",
    "5. 第十二条第（二）项，乘电梯一律要求戴嘴套不现实。",
    "6. 第九十九条的规定不合理。",
    "二、关于第七条",
    "重点管理区的范围应当明确到街道。",
    "7. 第二十一条至第二十三条的处罚种类应当统一表述。",
]


@pytest.fixture
def setup(fresh_db, users):
    doc, v1 = dog_document(fresh_db)
    cp1, east = point_with_user(fresh_db, users["admin"], "东城街道联系点", "east")
    cp2, west = point_with_user(fresh_db, users["admin"], "西山社区联系点", "west", kind="社区")
    c = consult(fresh_db, users["drafter"], v1.id, [cp1.id, cp2.id])
    return fresh_db, users, v1, c, (cp1, east), (cp2, west)


def by_line(preview):
    out: dict[int, list] = {}
    for it in preview.items:
        out.setdefault(it.line_no, []).append(it)
    return out


def test_docx_minutes_split_by_article_for_review(setup):
    db, users, v1, c, (cp1, _), _ = setup
    preview = preview_import(db, users["drafter"], c.id, docx_bytes(MINUTES), "座谈会纪要.docx",
                             contact_point_id=cp1.id)
    assert db.execute("select count(*) from comments").fetchone()[0] == 0     # preview stores nothing
    lines = by_line(preview)
    assert preview.participants == 18                                         # 10 + 5 + 3, counted once
    assert preview.skipped[:1] == ["东城街道基层立法联系点座谈会意见汇总"] and len(preview.meta) == 3
    one = lines[5][0]
    assert (one.article_label, one.element_id, one.flags) == ("第六条", "art-6", [])
    assert one.text.startswith("第六条规定十五日内") and one.source_text.startswith("1. ")
    # a line naming two articles → one item per article, flagged, sharing a split key
    two = lines[6]
    assert [i.article_label for i in two] == ["第十九条", "第二十条"]
    assert all(i.flags == [FLAG_SPLIT] for i in two) and two[0].split_key == two[1].split_key != ""
    # no article → whole-draft item flagged for review
    assert (lines[7][0].article_label, lines[7][0].flags) == ("", [FLAG_NO_ARTICLE])
    # the other law's 第三十条 is not an article of the draft
    assert [i.article_label for i in lines[8]] == ["第九条"]
    # 第十二条第（二）项 anchors to that 项
    assert lines[9][0].element_id == "art-12-p1-i2"
    # an article the draft does not have → whole draft, flagged
    assert lines[10][0].article_label == "" and lines[10][0].flags == [FLAG_MISSING]
    # a heading "二、关于第七条" gives its article to the following line
    assert lines[12][0].article_label == "第七条" and "依上文标题" in lines[12][0].note
    # a range is every article in it
    assert [i.article_label for i in lines[13]] == ["第二十一条", "第二十二条", "第二十三条"]


def test_save_stores_reviewed_items_once_with_batch_participants(setup):
    db, users, v1, c, (cp1, east), _ = setup
    drafter = users["drafter"]
    preview = preview_import(db, drafter, c.id, docx_bytes(MINUTES), "座谈会纪要.docx", contact_point_id=cp1.id)
    items = [replace(i) for i in preview.items]
    items[0].text = "第六条登记期限建议延长到三十日（已核对）"          # edited by the reviewer
    dropped = next(i for i in items if i.line_no == 10)
    dropped.include = False                                                 # 第九十九条: not saved
    moved = next(i for i in items if i.line_no == 7)
    moved.article_label = "第二十五条"                                        # re-assigned to an article
    ids = save_import(db, drafter, preview, items=items)
    assert len(ids) == len(items) - 1
    saved = list_comments(db, drafter, consultation_id=c.id)
    assert saved[0].text == "第六条登记期限建议延长到三十日（已核对）" and saved[0].origin == "import"
    assert not any("第九十九条" in x.text for x in saved)
    assert next(x for x in saved if "宣传教育" in x.text).article_label == "第二十五条"
    split = [x for x in saved if x.split_key]
    assert len(split) == 5 and all(x.needs_review for x in split)
    stats = breakdown(db, saved)
    assert stats["comments"] == len(ids) and stats["participants"] == 18     # the meeting counts once
    # the contact point sees the imported comments as its own
    assert {x.id for x in list_comments(db, east)} == set(ids)
    with pytest.raises(InputError, match="已导入过"):
        save_import(db, drafter, preview)
    assert [e["action"] for e in audit.events(db)].count("comment.import") == 1


def test_csv_minutes_with_columns_and_gbk(setup):
    db, users, v1, c, (cp1, _), (cp2, _) = setup
    csv_text = ("联系点,条款,意见,人数,来源\n"
                "东城街道联系点,第六条第一款,登记期限太短,12,座谈会\n"
                "西山社区联系点,,第十条与第十一条应当合并,3,走访\n"
                "西山社区联系点,整体,总体赞成本办法,1,问卷\n"
                "西山社区联系点,,建议加强执法,2,个人\n")
    preview = preview_import(db, users["drafter"], c.id, csv_text.encode("gbk"), "汇总.csv")
    lines = by_line(preview)
    first = lines[2][0]
    assert (first.contact_point_id, first.element_id, first.participants, first.source_kind) == \
        (cp1.id, "art-6-p1", 12, "座谈会")
    assert [i.article_label for i in lines[3]] == ["第十条", "第十一条"] and lines[3][0].contact_point_id == cp2.id
    assert lines[4][0].article_label == "" and lines[4][0].flags == []        # explicitly 整体: not flagged
    assert lines[5][0].flags == [FLAG_NO_ARTICLE]
    ids = save_import(db, users["drafter"], preview)
    stats = breakdown(db, list_comments(db, users["drafter"], consultation_id=c.id))
    assert stats["comments"] == len(ids) == 5
    assert stats["participants"] == 12 + 3 + 1 + 2                            # the split line counts once
    by_point = {r["name"]: r for r in stats["by_contact_point"]}
    assert by_point["西山社区联系点"]["comments"] == 4 and by_point["东城街道联系点"]["participants"] == 12


@pytest.mark.parametrize("content, name, message", [
    ("条款,内容说明\n第六条,太短\n", "x.csv", "包含“意见”列"),
    ("意见\n", "x.csv", "没有找到意见条目"),
    ("意见,人数\n太短,很多\n", "x.csv", "参与人数应为正整数"),
    ("意见,来源\n太短,电话\n", "x.csv", "意见来源无效"),
    ("hello", "x.txt", "不支持的会议记录格式"),
    ("PK\x03\x04broken", "x.docx", "已损坏或不完整"),
])
def test_bad_minutes_are_refused(setup, content, name, message):
    db, users, v1, c, (cp1, _), _ = setup
    with pytest.raises(InputError, match=message):
        preview_import(db, users["drafter"], c.id, content.encode("utf-8"), name, contact_point_id=cp1.id)


def test_csv_point_must_exist_and_be_invited(setup, users):
    db, _, v1, c, (cp1, east), _ = setup
    with pytest.raises(NotFound):
        preview_import(db, users["drafter"], c.id, "联系点,意见\n不存在的联系点,太短\n".encode(), "x.csv")
    with pytest.raises(InputError, match="第 1 行没有指定联系点"):     # staff, Word minutes, no point given
        preview_import(db, users["drafter"], c.id, docx_bytes(["第六条太短"]), "x.docx")
    # a contact user imports only for its own point
    with pytest.raises(PermissionDenied):
        preview_import(db, east, c.id, "联系点,意见\n西山社区联系点,太短\n".encode(), "x.csv")
    ids = save_import(db, east, preview_import(db, east, c.id, docx_bytes(["第六条太短"]), "mine.docx"))
    assert [x.contact_point_id for x in list_comments(db, east)] == [cp1.id] and len(ids) == 1


def test_edited_label_that_does_not_exist_is_refused_with_line(setup):
    db, users, v1, c, (cp1, _), _ = setup
    preview = preview_import(db, users["drafter"], c.id, docx_bytes(["第六条太短"]), "x.docx", contact_point_id=cp1.id)
    items = [replace(preview.items[0], article_label="第八十条")]
    with pytest.raises(InputError, match="第 1 行：征求意见稿中没有“第八十条”"):
        save_import(db, users["drafter"], preview, items=items)
    assert db.execute("select count(*) from comment_batches").fetchone()[0] == 0


def test_import_after_close_is_refused(setup):
    db, users, v1, c, (cp1, _), _ = setup
    preview = preview_import(db, users["drafter"], c.id, docx_bytes(["第六条太短"]), "x.docx", contact_point_id=cp1.id)
    with pytest.raises(GateBlocked, match="截止"):
        save_import(db, users["drafter"], preview, today=c.closes_on + timedelta(days=1))


def test_minutes_converted_by_libreoffice(setup, tmp_path):
    """A .docx produced by LibreOffice (HTML → docx), as a 联络员 using WPS/LibreOffice would send."""
    db, users, v1, c, (cp1, _), _ = setup
    html = "<html><body>" + "".join(f"<p>{line}</p>" for line in MINUTES) + "</body></html>"
    src = tmp_path / "minutes.html"
    src.write_text(html, encoding="utf-8")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is part of the project's setup"
    out = tmp_path / "out"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180)
    data = (out / "minutes.docx").read_bytes()
    lo = preview_import(db, users["drafter"], c.id, data, "minutes.docx", contact_point_id=cp1.id)
    ours = preview_import(db, users["drafter"], c.id, docx_bytes(MINUTES), "minutes.docx", contact_point_id=cp1.id)
    assert [(i.article_label, i.element_id, i.text, i.flags) for i in lo.items] == \
        [(i.article_label, i.element_id, i.text, i.flags) for i in ours.items]
    assert lo.participants == 18


def test_find_refs_cases():
    assert [(r.article, r.suffix, r.paragraph, r.item) for r in find_refs("第十七条之一第二款第（三）项和第31条")] == \
        [(17, 1, 2, 3), (31, 0, None, None)]
    assert find_refs("依照《某某条例》第十条的规定") == []
    assert [r.article for r in find_refs("第五条、第五条第二款")] == [5]
    assert [r.article for r in find_refs("第五条至第七条")] == [5, 6, 7]
