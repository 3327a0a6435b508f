"""Comments follow their article into a new version with an inserted, a moved, an edited and a
deleted article (a real regulation from the corpus, edited with lawtext.editing and renumbered
with lawtext.diff.renumber, as the drafting editor does), through lawtext.diff.align."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.workbench.comments_helpers import TODAY, consult, point_with_user
from workbench.consultation.anchoring import DELETED, MODIFIED, anchors, describe
from workbench.consultation.comments import list_comments, submit_comment
from workbench.documents.store import add_version, create_document
from lawtext.editing import delete_article, edit_article, insert_article, move_article
from lawtext.parser import parse_markdown
from lawtext.diff.renumber import apply_renumber, plan_renumber

PARK = "DLC/上海地方法规/地方性法规/上海/上海市公园管理条例(2017-11-23).md"
NEW_ARTICLE = "公园的规划、建设和管理应当坚持生态优先、公益属性和便民利民的原则。"


def second_version(tree):
    """Insert after 第三条, move 第十四条 after 第二十二条, edit 第十条's second 款, delete 第二十七条, renumber."""
    t = insert_article(tree, NEW_ARTICLE, after="第三条").doc
    t = move_article(t, "第十四条", after="第二十二条").doc
    art10 = t.article("第十条")
    lines = art10.lines()
    lines[-1] = lines[-1].replace("。", "，并向社会公布。", 1) if "。" in lines[-1] else lines[-1] + "并向社会公布。"
    t = edit_article(t, "第十条", "\n".join(lines)).doc
    t = delete_article(t, "第二十七条").doc
    return apply_renumber(t, plan_renumber(t))


@pytest.fixture
def setup(fresh_db, users, corpus_dir):
    db = fresh_db
    tree = parse_markdown((corpus_dir / PARK).read_text(encoding="utf-8"))
    doc, v1 = create_document(db, title="上海市公园管理条例（修订草案）", level="LR", tree=tree, actor="drafter1",
                              label="征求意见稿")
    cp, east = point_with_user(db, users["admin"], "东城街道联系点", "east")
    c = consult(db, users["drafter"], v1.id, [cp.id], opens=TODAY - timedelta(days=1))
    return db, users, doc, v1, c, east


def submit(db, user, c, element_id, text):
    return submit_comment(db, user, c.id, text=text, element_id=element_id)


def test_comments_follow_inserted_moved_edited_and_deleted_articles(setup):
    db, users, doc, v1, c, east = setup
    old = v1.tree
    art10 = old.article("第十条")
    assert len(art10.paragraphs) == 2 and art10.paragraphs[0].items   # 第一款 has 项, 第二款 is edited
    before = submit(db, east, c, "art-2", "第二条定义过窄")                           # before the insertion
    shifted = submit(db, east, c, "art-4-p2", "区绿化部门的职责应当细化")               # 第四条 → 第五条
    moved = submit(db, east, c, "art-14", "分类分级管理应当公开标准")                    # 第十四条 moved
    edited = submit(db, east, c, "art-10-p2", "设计方案备案应当公开")                   # the edited 款
    untouched = submit(db, east, c, "art-10-p1-i1", "总体规划的批准机关应当明确")       # same article, 款 unchanged
    deleted = submit(db, east, c, "art-27", "赔偿范围应当明确")                        # deleted
    refs = submit(db, east, c, "art-29-p1", "教育制止的方式应当明确")                  # cites 第二十三条 (renumbered)
    whole = submit(db, east, c, None, "建议增加智慧公园建设的内容")

    new = second_version(old)
    v2 = add_version(db, doc.id, new, label="修改稿", actor="drafter1")
    views = anchors(db, list_comments(db, users["drafter"], consultation_id=c.id))

    assert views[before.id].status == "unchanged" and views[before.id].message == ""
    v = views[shifted.id]
    assert (v.status, v.new_label, v.new_element_id, v.text_changed) == ("moved", "第五条", "art-5-p2", False)
    assert v.message == "现为第五条" and describe(v, shifted) == "第四条第二款（现为第五条第二款）"
    # 第十四条 moved behind 第二十二条: 3 + 1 inserted + 10 + 8 articles precede it → 第二十三条
    v = views[moved.id]
    assert (v.status, v.new_label, v.text_changed) == ("moved", "第二十三条", False)
    assert new.article(v.new_article_id).text == old.article("第十四条").text
    # the edited 款: 本条已修改; the other 款 of the same article was not changed
    v = views[edited.id]
    assert v.text_changed and v.new_label == "第十一条" and v.message == f"现为第十一条；{MODIFIED}"
    v = views[untouched.id]
    assert not v.text_changed and v.new_element_id == "art-11-p1-i1" and v.message == "现为第十一条"
    assert views[deleted.id].status == "deleted" and views[deleted.id].message == DELETED
    assert describe(views[deleted.id], deleted) == f"第二十七条（{DELETED}）"
    # only the reference numbers changed (第二十三条 → 第二十四条): not reported as modified
    v = views[refs.id]
    assert "第二十四条" in new.article(v.new_article_id).text and not v.text_changed
    assert views[whole.id].status == "whole" and views[whole.id].message == ""
    # against the version the comment was made on, nothing moves
    same = anchors(db, [edited], v1.id)[edited.id]
    assert same.status == "same" and describe(same, edited) == "第十条第二款"
    assert views[edited.id].version_display == v2.display
