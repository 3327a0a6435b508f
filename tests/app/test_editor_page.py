"""起草 page through the real app.py (AppTest): every edit operation, renumbering, saving a version,
discard, the live help, the redline and a conflict between two drafters."""
from __future__ import annotations

import pytest

from workbench.documents import working_copy as wcm
from workbench.schema import open_db
from workbench.documents.store import find_document, list_versions

PAGE = "app_pages/editor.py"
DOG = "示例市养犬管理办法"


@pytest.fixture
def editor(app_as, demo_db_path):
    """(make, doc_id): make(who) gives the 起草 page on the dog-management rule, already run."""
    db = open_db(demo_db_path)
    doc_id = find_document(db, DOG).id
    db.close()

    def make(who: str = "drafter"):
        at = app_as(who, demo_db_path)
        at.session_state["doc_id"] = doc_id
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at
    return make, doc_id


def copy(at, doc_id):
    db = open_db(at.session_state["db_path"])
    try:
        return wcm.get(db, doc_id)
    finally:
        db.close()


def select(at, doc_id, article_id):
    at.button(key=f"ed_art_{doc_id}-{article_id}").click().run()
    assert not at.exception, at.exception
    return at


def by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def successes(at):
    return [s.value for s in at.success]


def test_page_shows_outline_and_the_selected_article(editor):
    make, doc_id = editor
    at = make()
    assert [t.value for t in at.title] == ["起草"]
    outline = [b.label for b in at.button if b.key and b.key.startswith(f"ed_art_{doc_id}-")]
    assert outline[0].startswith("第一条 为了规范养犬行为") and len(outline) == 28
    assert "**第一章 总则**" in [m.value for m in at.markdown]
    assert at.text_area(key=f"ed_text_{doc_id}_art-1").value.startswith("为了规范养犬行为")
    assert any("工作稿基于 v2 送审稿" in c.value for c in at.caption)


def test_edit_an_article_autosaves_keeps_items_and_shows_live_help(editor, monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_CORPUS_DB", str(tmp_path / "no-corpus.db"))  # corpus index not built
    make, doc_id = editor
    at = select(make(), doc_id, "art-3")
    box = at.text_area(key=f"ed_text_{doc_id}_art-3")
    box.input("本办法中下列用语的含义：\n（一）烈性犬，是指市公安机关确定的犬只；\n（二）大型犬，是指肩高超过六十厘米的犬只；\n"
              "（三）养犬人，是指饲养犬只的个人或者单位；\n（四）导盲犬，是指经过训练的工作犬。")
    at.button(key="ed_save").click().run()
    assert not at.exception
    assert "已自动保存：修改第三条（1款3项→1款4项）" in successes(at)
    items = copy(at, doc_id).tree.article("第三条").paragraphs[0].items
    assert [i.label for i in items] == ["（一）", "（二）", "（三）", "（四）"]
    # live help after saving: the 导盲犬 definition is used nowhere else in the draft
    md = [m.value for m in at.markdown]
    assert any("第三条 的起草提示" in m for m in md)
    assert any("DRAFT-STRUCTURE" in m and "导盲犬" in m for m in md)
    assert any("请管理员在「法规库」页面" in c.value for c in at.caption)  # graceful note, no crash

    # a 规章 article with a penalty a 规章 may not create: the legality check fires, with its rule id
    select(at, doc_id, "art-20")
    at.text_area(key=f"ed_text_{doc_id}_art-20").input(
        "违反本办法第五条规定的，由市公安机关责令停产停业，并处五万元以上十万元以下罚款。")
    at.button(key="ed_save").click().run()
    md = [m.value for m in at.markdown]
    assert any("第二十条 的起草提示" in m for m in md)
    assert any("`PEN-RULE-TYPE`" in m and "责令停产停业" in m for m in md)


def test_insert_after_and_before(editor):
    make, doc_id = editor
    at = select(make(), doc_id, "art-5")
    at.text_area(key=f"ed_new_text__{doc_id}").input("区公安机关负责本辖区的养犬管理工作。")
    at.button(key="ed_insert").click().run()
    assert "已自动保存：在第五条之后插入第五条之一：区公安机关负责本辖区的养犬管理工作。" in successes(at)
    assert at.session_state[f"ed_art_{doc_id}"] == "art-5_1"
    assert at.text_area(key=f"ed_text_{doc_id}_art-5_1").value == "区公安机关负责本辖区的养犬管理工作。"
    at.radio(key=f"ed_insert_where__{doc_id}").set_value("之前")
    at.text_area(key=f"ed_new_text__{doc_id}").input("插在前面的条文。")
    at.button(key="ed_insert").click().run()
    labels = [a.label for a in copy(at, doc_id).tree.articles]
    assert labels[4:8] == ["第五条", "第五条之二", "第五条之一", "第六条"]


def test_delete_and_move_up_down(editor):
    make, doc_id = editor
    at = select(make(), doc_id, "art-7")
    at.button(key="ed_delete").click().run()
    assert any(s.startswith("已自动保存：删除第七条") for s in successes(at))
    assert copy(at, doc_id).tree.article("第七条") is None
    select(at, doc_id, "art-9")
    at.button(key="ed_up").click().run()
    assert "已自动保存：将第九条上移至第八条之前" in successes(at)
    at.button(key="ed_down").click().run()
    at.button(key="ed_down").click().run()
    labels = [a.label for a in copy(at, doc_id).tree.articles]
    assert labels[6:9] == ["第八条", "第十条", "第九条"]


def test_move_to_article_and_to_chapter(editor):
    make, doc_id = editor
    at = select(make(), doc_id, "art-20")
    at.selectbox(key=f"ed_move_target__{doc_id}").set_value("art-2")
    at.radio(key=f"ed_move_rel__{doc_id}").set_value("之前")
    at.button(key="ed_move").click().run()
    assert "已自动保存：将第二十条移至第二条之前" in successes(at)
    tree = copy(at, doc_id).tree
    assert [a.label for a in tree.articles][:3] == ["第一条", "第二十条", "第二条"]
    last_chapter = tree.headings[-1]
    at.selectbox(key=f"ed_move_heading__{doc_id}").set_value(last_chapter.id)
    at.button(key="ed_move_to_heading").click().run()
    tree = copy(at, doc_id).tree
    assert tree.articles[-1].label == "第二十条" and tree.articles[-1].path == [last_chapter.text]


def test_chapter_operations(editor):
    make, doc_id = editor
    at = make()
    at.selectbox(key=f"ed_h_kind__{doc_id}").set_value("章")
    at.text_input(key=f"ed_h_title__{doc_id}").input("犬只收容")
    at.selectbox(key=f"ed_h_before__{doc_id}").set_value("art-20")
    at.button(key="ed_h_add").click().run()
    assert any(s.startswith("已自动保存：新增第") and "犬只收容（位于第二十条之前）" in s for s in successes(at))
    tree = copy(at, doc_id).tree
    added = next(h for h in tree.headings if h.title == "犬只收容")
    assert tree.article("第二十条").path == [added.text]

    at.selectbox(key=f"ed_h_pick__{doc_id}").set_value(added.id)
    at.text_input(key=f"ed_h_new_title__{doc_id}").input("收容管理")
    at.button(key="ed_h_rename").click().run()
    tree = copy(at, doc_id).tree
    renamed = next(h for h in tree.headings if h.title == "收容管理")
    at.selectbox(key=f"ed_h_pick__{doc_id}").set_value(renamed.id)
    at.button(key="ed_h_up").click().run()
    assert any("上移至" in s for s in successes(at))
    tree = copy(at, doc_id).tree
    moved = next(h for h in tree.headings if h.title == "收容管理")
    at.selectbox(key=f"ed_h_pick__{doc_id}").set_value(moved.id)
    at.button(key="ed_h_delete").click().run()
    assert not any(h.title == "收容管理" for h in copy(at, doc_id).tree.headings)
    assert [h.label for h in copy(at, doc_id).tree.headings] == [f"第{n}章" for n in "一二三四五六"][:len(tree.headings) - 1]


def test_renumber_preview_and_apply(editor):
    make, doc_id = editor
    at = select(make(), doc_id, "art-2")
    at.text_area(key=f"ed_new_text__{doc_id}").input("新增：养犬人应当遵守本办法第五条的规定。")
    at.button(key="ed_insert").click().run()
    assert any("请在「重新编号」中预览并应用" in i.value for i in at.info)
    assert "重新编号：" in " ".join(m.value for m in at.markdown)
    assert at.dataframe  # the preview tables (序号变化, 内部引用改写)
    at.button(key="ed_renumber").click().run()
    assert any(s.startswith("重新编号：") for s in successes(at))
    tree = copy(at, doc_id).tree
    assert [a.number for a in tree.articles] == list(range(1, len(tree.articles) + 1))
    assert tree.article("第三条").text == "新增：养犬人应当遵守本办法第六条的规定。"


def test_save_version_appears_in_the_versions_list(editor):
    make, doc_id = editor
    at = select(make(), doc_id, "art-4")
    at.text_area(key=f"ed_text_{doc_id}_art-4").input("养犬管理坚持依法管理、属地负责、养犬人负责、社会参与的原则。")
    at.button(key="ed_save").click().run()
    by_label(at.selectbox, "版本标签").set_value("审议稿")
    at.text_area(key=f"ed_note__{doc_id}").input("调整第四条原则表述")
    next(b for b in at.button if b.label == "保存为新版本").click().run()
    assert not at.exception
    assert "已保存为新版本 v3（审议稿）" in successes(at)
    db = open_db(at.session_state["db_path"])
    v = list_versions(db, doc_id)[-1]
    assert (v.seq, v.label, v.note, v.created_by) == (3, "审议稿", "调整第四条原则表述", "drafter")
    table = at.dataframe[0].value
    assert list(table.iloc[0][["版本", "标签", "修改说明", "作者"]]) == ["v3", "审议稿", "调整第四条原则表述", "李明"]
    assert not copy(at, doc_id).dirty


def test_discard_and_redline(editor):
    make, doc_id = editor
    at = select(make(), doc_id, "art-6")
    at.button(key="ed_delete").click().run()
    at.toggle(key="ed_redline").set_value(True).run()
    assert any("删除 1 条" in c.value for c in at.caption)
    assert any("<del" in m.value for m in at.markdown)
    at.button(key="ed_discard").click().run()
    assert any(s.startswith("放弃修改，恢复为 v2") for s in successes(at))
    assert not copy(at, doc_id).dirty


def test_a_stale_save_shows_the_conflict_and_keeps_the_text(editor):
    make, doc_id = editor
    first, second = select(make("drafter"), doc_id, "art-4"), select(make("admin"), doc_id, "art-4")
    first.text_area(key=f"ed_text_{doc_id}_art-4").input("第一位起草人的修改。")
    first.button(key="ed_save").click().run()
    mine = "第二位起草人的修改，不能丢。"
    second.text_area(key=f"ed_text_{doc_id}_art-4").input(mine)
    second.button(key="ed_save").click().run()
    assert not second.exception
    errors = [e.value for e in second.error]
    assert any("保存失败" in e and "李明" in e and "未丢失" in e for e in errors)
    assert second.text_area(key=f"ed_text_{doc_id}_art-4").value == mine  # the user's text is still there
    assert copy(second, doc_id).tree.article("第四条").text == "第一位起草人的修改。"
    second.button(key="ed_reapply").click().run()
    assert not second.error
    assert copy(second, doc_id).tree.article("第四条").text == mine


def test_roles_without_edit_rights_do_not_get_the_page(app_as):
    from ui.pages import pages_for
    assert any(p == PAGE for _, p, _, _ in pages_for("drafter"))
    assert not any(p == PAGE for _, p, _, _ in pages_for("advisor"))


def test_an_article_changed_elsewhere_refreshes_an_untouched_box_and_refuses_a_stale_edit(editor):
    make, doc_id = editor
    first, second = select(make("drafter"), doc_id, "art-4"), select(make("admin"), doc_id, "art-4")
    box = f"ed_text_{doc_id}_art-4"
    first.text_area(key=box).input("甲的第一次修改。")
    first.button(key="ed_save").click().run()
    second.run()  # any rerun: an untouched box follows the stored text
    assert second.text_area(key=box).value == "甲的第一次修改。"

    second.text_area(key=box).input("乙正在写的文字。")
    first.text_area(key=box).input("甲的第二次修改。")
    first.button(key="ed_save").click().run()
    second.run()  # the row version is fresh after this rerun, but the article changed under the box
    assert any("他人已修改本条" in w.value for w in second.warning)
    assert second.text_area(key=box).value == "乙正在写的文字。"
    second.button(key="ed_save").click().run()
    assert any("保存失败" in e.value and "第四条" in e.value for e in second.error)
    assert second.text_area(key=box).value == "乙正在写的文字。"
    assert copy(second, doc_id).tree.article("第四条").text == "甲的第二次修改。"
    second.button(key="ed_reapply").click().run()
    assert copy(second, doc_id).tree.article("第四条").text == "乙正在写的文字。"
    assert not second.warning


def _open_tab(at) -> int:
    """The tab index the server tells the browser to show (stateful st.tabs)."""
    def walk(node):
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", None) == "tab_container":
                yield child.proto.tab_container.default_tab_index
            yield from walk(child)
    (index,) = list(walk(at._tree))
    return index


def test_the_open_tab_survives_a_flash_message_and_later_reruns(editor):
    """QA: 保存本条 → 历史与对照 → toggle the redline → the page jumped back to 编辑条文."""
    make, doc_id = editor
    at = select(make(), doc_id, "art-4")
    at.text_area(key=f"ed_text_{doc_id}_art-4").input("养犬管理坚持依法管理、属地负责、社会参与的原则。")
    at.button(key="ed_save").click().run()
    assert any(s.startswith("已自动保存") for s in successes(at))
    at.session_state["ed_tab"] = "历史与对照"      # the user opens 历史与对照
    at.run()                                        # the flash message is gone in this rerun
    assert _open_tab(at) == 4
    at.toggle(key="ed_redline").set_value(True).run()
    assert not at.exception
    assert _open_tab(at) == 4 and at.session_state["ed_tab"] == "历史与对照"
    assert any("<del" in m.value or "<ins" in m.value for m in at.markdown)


def test_saving_an_unchanged_article_is_a_no_op(editor):
    make, doc_id = editor
    at = select(make(), doc_id, "art-1")
    assert copy(at, doc_id) is None          # never edited: no working copy stored
    db = open_db(at.session_state["db_path"])
    n_events = db.execute("select count(*) from audit_log").fetchone()[0]
    at.button(key="ed_save").click().run()
    assert not at.exception
    assert [i.value for i in at.info if "未改动" in i.value] == ["本条未改动。"]
    assert not any("已自动保存" in s for s in successes(at))
    assert copy(at, doc_id) is None
    assert db.execute("select count(*) from audit_log").fetchone()[0] == n_events


def test_history_shows_display_names_and_chinese_change_descriptions(editor):
    make, doc_id = editor
    at = select(make(), doc_id, "art-7")
    at.button(key="ed_delete").click().run()
    log = next(d.value for d in at.dataframe if "修改" in d.value.columns)
    assert list(log["用户"])[:2] == ["李明", "李明"]
    assert log["修改"].iloc[0].startswith("删除第七条")
    assert log["修改"].iloc[-1] == "由 v2 创建工作稿"
    assert not any(str(x).startswith("working_copy.") for x in log["修改"])
    assert any("最后修改：李明 " in c.value for c in at.caption)


def test_opening_the_page_writes_nothing(editor):
    from base.audit import events
    make, doc_id = editor
    at = make()
    db = open_db(at.session_state["db_path"])
    assert copy(at, doc_id) is None
    assert not [e for e in events(db, doc_id, limit=50) if e["action"].startswith("working_copy.")]


def test_a_published_document_says_why_it_cannot_be_edited(app_as, demo_db_path):
    """Issue 19, defect 4: no edit box on a 公布 document; the way is a 修改 project (admin, 流程)."""
    db = open_db(demo_db_path)
    published = find_document(db, "示例市政府信息主动公开工作规定")
    assert published.stage == "公布"
    at = app_as("drafter", demo_db_path)
    at.session_state["doc_id"] = published.id
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("已公布" in w.value and "修改项目" in w.value for w in at.warning)
    assert not at.text_area and not [b for b in at.button if b.label in ("保存本条", "保存为新版本")]
    assert len(list_versions(db, published.id)) == 1 and copy(at, published.id) is None
