"""The working copy (workbench.documents.working_copy): autosave that survives reopening the database,
optimistic concurrency between two drafters, versions, discard, permissions and the audit trail."""
from __future__ import annotations

import threading

import pytest

from base import audit
from workbench.documents import working_copy as wcm
from workbench.schema import open_db
from workbench.documents.store import add_version, create_document, get_document, list_versions
from base.errors import InputError, PermissionDenied, StaleWrite
from lawtext.parser import parse_markdown
from lawtext.writer import to_text

LAW = "DLC/上海地方法规/地方性法规/上海/上海市公共汽车和电车客运管理条例(2020-05-14).md"


@pytest.fixture
def law(corpus_dir):
    return parse_markdown((corpus_dir / LAW).read_text(encoding="utf-8"))


@pytest.fixture
def doc(fresh_db, users, law):
    d, _ = create_document(fresh_db, title="示例市公共汽车和电车客运管理条例", level="LR", tree=law,
                           actor="drafter1", label="草案")
    return d


def actions(db, doc_id):
    return [e["action"] for e in reversed(audit.events(db, doc_id))]


def test_first_open_copies_the_current_version(fresh_db, users, doc, law):
    wc = wcm.open_working_copy(fresh_db, doc.id, users["drafter"])
    assert wc.row_version == 1 and not wc.dirty
    assert to_text(wc.tree) == to_text(law)
    assert wc.base_version_id == get_document(fresh_db, doc.id).current_version_id
    again = wcm.open_working_copy(fresh_db, doc.id, users["admin"])
    assert again.row_version == 1
    assert actions(fresh_db, doc.id).count("working_copy.create") == 1


def test_every_operation_is_autosaved_and_survives_reopening_the_database(db_path, fresh_db, users, doc):
    drafter = users["drafter"]
    wc = wcm.open_working_copy(fresh_db, doc.id, drafter)
    wc, r = wcm.apply(fresh_db, doc.id, drafter, "insert", expected_row_version=wc.row_version,
                      text="经营者应当公示投诉电话。\n（一）在车厢内公示；\n（二）在站点公示。", after="第五条")
    assert r.description.startswith("在第五条之后插入第五条之一")
    wc, _ = wcm.apply(fresh_db, doc.id, drafter, "delete", expected_row_version=wc.row_version, key="第七条")
    assert wc.row_version == 3 and wc.dirty and wc.updated_by == "drafter1"
    fresh_db.close()

    reopened = open_db(db_path)  # a server restart: a new connection, nothing kept in memory
    wc2 = wcm.get(reopened, doc.id)
    assert wc2.row_version == 3 and wc2.dirty
    tree = wc2.tree
    assert tree.article("第五条之一").paragraphs[0].items[1].text == "在站点公示。"
    assert tree.article("第七条") is None
    assert wc2.last_change.startswith("删除第七条")
    edits = [e for e in audit.events(reopened, doc.id) if e["action"] == "working_copy.edit"]
    assert len(edits) == 2 and all(e["actor"] == "drafter1" and e["before_hash"] != e["after_hash"] for e in edits)
    assert audit.verify(reopened) == []
    reopened.close()


def test_a_refused_operation_stores_nothing(fresh_db, users, doc):
    wc = wcm.open_working_copy(fresh_db, doc.id, users["drafter"])
    n_events = len(audit.events(fresh_db))
    with pytest.raises(InputError):
        wcm.apply(fresh_db, doc.id, users["drafter"], "edit", expected_row_version=1, key="第三条", text="")
    assert wcm.get(fresh_db, doc.id).row_version == wc.row_version
    assert len(audit.events(fresh_db)) == n_events


def test_saving_an_article_unchanged_writes_nothing(fresh_db, users, doc):
    wc = wcm.open_working_copy(fresh_db, doc.id, users["drafter"])
    n_events = len(audit.events(fresh_db))
    text = wc.tree.article("第三条").text
    saved, result = wcm.apply(fresh_db, doc.id, users["drafter"], "edit", expected_row_version=wc.row_version,
                              key="第三条", text=text)
    assert saved.row_version == wc.row_version and result.description == "第三条未改动"
    assert wcm.get(fresh_db, doc.id).row_version == wc.row_version
    assert len(audit.events(fresh_db)) == n_events


def test_two_drafters_the_second_stale_save_is_refused_and_keeps_its_text(db_path, fresh_db, users, doc):
    a, b = users["drafter"], users["admin"]
    wcm.open_working_copy(fresh_db, doc.id, a)
    other = open_db(db_path)  # the second drafter's own connection
    seen_by_a = wcm.get(fresh_db, doc.id).row_version
    seen_by_b = wcm.get(other, doc.id).row_version
    wcm.apply(fresh_db, doc.id, a, "edit", expected_row_version=seen_by_a, key="第三条", text="甲修改的第三条。")
    mine = "乙修改的第三条，不能丢失。"
    with pytest.raises(StaleWrite) as err:
        wcm.apply(other, doc.id, b, "edit", expected_row_version=seen_by_b, key="第三条", text=mine)
    e = err.value
    assert isinstance(e, wcm.WorkingCopyConflict)
    assert "保存失败" in str(e) and "起草人员甲" in str(e) and "修改第三条" in str(e) and "未丢失" in str(e)
    assert "T" not in str(e).split("于", 1)[1][:20]   # 北京时间 "2026-11-28 23:20", not the stored ISO
    assert e.op == "edit" and e.kwargs["text"] == mine and e.kept["text"] == mine
    assert e.current.row_version == seen_by_a + 1
    assert wcm.get(other, doc.id).tree.article("第三条").text == "甲修改的第三条。"
    # the kept operation re-applied on the fresh copy wins, and both edits are in the audit trail
    wcm.apply(other, doc.id, b, e.op, expected_row_version=e.current.row_version, **e.kwargs)
    assert wcm.get(fresh_db, doc.id).tree.article("第三条").text == mine
    assert [ev["actor"] for ev in audit.events(fresh_db, doc.id) if ev["action"] == "working_copy.edit"] == \
        ["admin1", "drafter1"]
    other.close()


def test_an_edit_based_on_an_outdated_article_text_is_refused(fresh_db, users, doc):
    a, b = users["drafter"], users["admin"]
    wc = wcm.open_working_copy(fresh_db, doc.id, a)
    seen = wc.tree.article("第六条").text  # what drafter B has in the edit box
    wc, _ = wcm.apply(fresh_db, doc.id, a, "edit", expected_row_version=wc.row_version, key="第六条", text="甲的文字。")
    with pytest.raises(wcm.WorkingCopyConflict, match="修改了第六条") as err:
        wcm.apply(fresh_db, doc.id, b, "edit", expected_row_version=wc.row_version, expected_text=seen,
                  key="第六条", text="乙的文字。")
    assert err.value.kwargs["text"] == "乙的文字。"
    # another article, or the text B really saw, is fine
    wcm.apply(fresh_db, doc.id, b, "edit", expected_row_version=wc.row_version, key="第五条",
              expected_text=wc.tree.article("第五条").text, text="乙改第五条。")


def test_concurrent_writers_exactly_one_wins(db_path, fresh_db, users, doc):
    wcm.open_working_copy(fresh_db, doc.id, users["drafter"])
    results: list[str] = []

    def write(user, text):
        db = open_db(db_path)
        try:
            wcm.apply(db, doc.id, user, "edit", expected_row_version=1, key="第四条", text=text)
            results.append("ok")
        except StaleWrite:
            results.append("stale")
        finally:
            db.close()

    threads = [threading.Thread(target=write, args=(users["drafter"] if i % 2 else users["admin"], f"第{i}稿。"))
               for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok"] + ["stale"] * 5
    assert wcm.get(fresh_db, doc.id).row_version == 2


def test_save_as_version_freezes_the_copy_with_label_note_and_author(fresh_db, users, doc):
    drafter = users["drafter"]
    wc = wcm.open_working_copy(fresh_db, doc.id, drafter)
    wc, _ = wcm.apply(fresh_db, doc.id, drafter, "delete", expected_row_version=wc.row_version, key="第九条")
    v = wcm.save_version(fresh_db, doc.id, drafter, label="送审稿", note="删除第九条", expected_row_version=wc.row_version)
    assert (v.seq, v.label, v.note, v.created_by) == (2, "送审稿", "删除第九条", "drafter1")
    assert v.tree.article("第九条") is None
    wc = wcm.get(fresh_db, doc.id)
    assert wc.base_version_id == v.id and not wc.dirty
    assert [x.label for x in list_versions(fresh_db, doc.id)] == ["草案", "送审稿"]
    assert actions(fresh_db, doc.id)[-2:] == ["version.create", "working_copy.save_version"]
    with pytest.raises(InputError, match="版本标签"):
        wcm.save_version(fresh_db, doc.id, drafter, label=" ", expected_row_version=wc.row_version)


def test_save_after_someone_else_saved_a_version_is_refused_then_rebase(fresh_db, users, doc, law):
    drafter = users["drafter"]
    wc = wcm.open_working_copy(fresh_db, doc.id, drafter)
    wc, _ = wcm.apply(fresh_db, doc.id, drafter, "edit", expected_row_version=wc.row_version, key="第二条",
                      text="起草人的修改。")
    add_version(fresh_db, doc.id, law, label="征求意见稿", actor="admin1")  # e.g. an upload on the 文档 page
    assert wcm.is_behind(fresh_db, wcm.get(fresh_db, doc.id))
    with pytest.raises(StaleWrite, match="他人已保存了新版本"):
        wcm.save_version(fresh_db, doc.id, drafter, label="送审稿", expected_row_version=wc.row_version)
    wc = wcm.get(fresh_db, doc.id)
    assert wc.tree.article("第二条").text == "起草人的修改。"  # nothing lost
    assert len(list_versions(fresh_db, doc.id)) == 2
    wc = wcm.rebase(fresh_db, doc.id, drafter, expected_row_version=wc.row_version)
    v = wcm.save_version(fresh_db, doc.id, drafter, label="送审稿", expected_row_version=wc.row_version)
    assert v.seq == 3 and v.tree.article("第二条").text == "起草人的修改。"


def test_discard_returns_to_the_last_version(fresh_db, users, doc, law):
    drafter = users["drafter"]
    wc = wcm.open_working_copy(fresh_db, doc.id, drafter)
    wc, _ = wcm.apply(fresh_db, doc.id, drafter, "move", expected_row_version=wc.row_version, key="第九条",
                      before="第四条")
    wc = wcm.discard(fresh_db, doc.id, drafter, expected_row_version=wc.row_version)
    assert not wc.dirty and to_text(wc.tree) == to_text(law)
    assert wc.last_change.startswith("放弃修改")
    assert "working_copy.discard" in actions(fresh_db, doc.id)


def test_permissions(fresh_db, users, doc):
    wcm.open_working_copy(fresh_db, doc.id, users["drafter"])
    for role in ("advisor", "reviewer", "contact"):
        with pytest.raises(PermissionDenied):
            wcm.apply(fresh_db, doc.id, users[role], "delete", expected_row_version=1, key="第一条")
        with pytest.raises(PermissionDenied):
            wcm.save_version(fresh_db, doc.id, users[role], label="送审稿", expected_row_version=1)
    assert wcm.get(fresh_db, doc.id).row_version == 1


def test_renumber_through_the_working_copy_shows_the_plan_then_applies_it(fresh_db, users, doc):
    drafter = users["drafter"]
    wc = wcm.open_working_copy(fresh_db, doc.id, drafter)
    wc, _ = wcm.apply(fresh_db, doc.id, drafter, "insert", expected_row_version=wc.row_version,
                      text="新增的第一条之后的条文。", after="第一条")
    plan = wcm.renumber_plan(fresh_db, doc.id, drafter)
    assert [(a.old_label, a.new_label) for a in plan.renumbered][:2] == [("第一条之一", "第二条"), ("第二条", "第三条")]
    assert plan.rewrites  # the law cites its own articles (本条例第十九条第一款…)
    # a plan reviewed before another change is refused
    wc2, _ = wcm.apply(fresh_db, doc.id, drafter, "edit", expected_row_version=wc.row_version, key="第三条",
                       text="依照本条例第十九条第一款规定执行。")
    with pytest.raises(StaleWrite, match="方案已过期"):
        wcm.apply_renumber(fresh_db, doc.id, drafter, expected_row_version=wc2.row_version, plan=plan)
    fresh = wcm.renumber_plan(fresh_db, doc.id, drafter)
    wc3, applied = wcm.apply_renumber(fresh_db, doc.id, drafter, expected_row_version=wc2.row_version, plan=fresh)
    tree = wc3.tree
    assert [a.number for a in tree.articles] == list(range(1, 57))
    assert tree.article("第四条").text == "依照本条例第二十条第一款规定执行。"
    assert wcm.renumber_plan(fresh_db, doc.id, drafter).is_noop
    assert wc3.last_change.startswith("重新编号：")
    assert "working_copy.renumber" in actions(fresh_db, doc.id)


# --- issue 19, defect 4: a published text is frozen; the copy is created at the first edit ---------

def test_looking_at_a_document_creates_no_working_copy_the_first_edit_does(fresh_db, users, doc):
    drafter = users["drafter"]
    wc = wcm.peek(fresh_db, doc.id, drafter)
    assert wc.row_version == 0 and not wc.dirty and wcm.get(fresh_db, doc.id) is None
    assert "working_copy.create" not in actions(fresh_db, doc.id)
    wcm.renumber_plan(fresh_db, doc.id, drafter)
    assert wcm.get(fresh_db, doc.id) is None
    saved, _ = wcm.apply(fresh_db, doc.id, drafter, "edit", expected_row_version=wc.row_version, key="第一条",
                         text="为了规范公共汽车和电车客运，制定本条例。")
    assert saved.row_version == 1 and saved.dirty
    assert actions(fresh_db, doc.id)[-2:] == ["working_copy.create", "working_copy.edit"]
    # a second drafter who opened the page before the first edit sees a conflict, not a lost write
    with pytest.raises(wcm.WorkingCopyConflict):
        wcm.apply(fresh_db, doc.id, users["admin"], "delete", expected_row_version=0, key="第二条")


def test_a_published_document_is_not_edited_in_place(fresh_db, users, doc, law):
    from base.errors import GateBlocked
    fresh_db.execute("update documents set stage = '公布' where id = ?", [doc.id])
    drafter = users["drafter"]
    wc = wcm.peek(fresh_db, doc.id, drafter)
    with pytest.raises(GateBlocked) as e:
        wcm.apply(fresh_db, doc.id, drafter, "delete", expected_row_version=wc.row_version, key="第二条")
    assert e.value.code == "published" and "发起修改" in str(e.value)
    with pytest.raises(GateBlocked):
        add_version(fresh_db, doc.id, law, label="修改稿", actor="drafter1")
    assert len(list_versions(fresh_db, doc.id)) == 1 and wcm.get(fresh_db, doc.id) is None
