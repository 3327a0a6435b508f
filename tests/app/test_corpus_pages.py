"""法规库 and 冲突检索 pages through AppTest, on a real corpus subset imported once per module."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from corpus_helpers import DRAFT_JINAN, SHANGHAI_2024, add_broken_files, copy_subset  # noqa: E402

from corpus.store import find_doc, open_corpus_db  # noqa: E402
from workbench.schema import open_db  # noqa: E402
from workbench.documents.store import create_document  # noqa: E402
from lawtext.parser import parse_text  # noqa: E402

LIBRARY = "app_pages/corpus_library.py"
CONFLICTS = "app_pages/conflicts.py"
RABIES = "单位和个人饲养犬只，可以按照规定定期免疫接种狂犬病疫苗，凭动物诊疗机构出具的免疫证明向所在地养犬登记机关申请登记。"


@pytest.fixture(scope="module")
def corpus_template(tmp_path_factory, corpus_dir):
    from corpus.importer import import_folder
    src = tmp_path_factory.mktemp("corpus_src")
    copy_subset(corpus_dir, src, step=100)
    path = tmp_path_factory.mktemp("corpus_app") / "corpus.db"
    db = open_corpus_db(str(path))
    import_folder(src, db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def corpus_path(corpus_template, tmp_path) -> str:
    import shutil
    dst = tmp_path / "corpus.db"
    shutil.copyfile(corpus_template, dst)
    return str(dst)


def _page(app_as, who, page, corpus_path, **state):
    at = app_as(who)
    at.session_state["corpus_db_path"] = corpus_path
    for k, v in state.items():
        at.session_state[k] = v
    return at.switch_page(page).run()


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_search_finds_the_article_and_opens_the_document(app_as, corpus_path):
    at = _page(app_as, "drafter", LIBRARY, corpus_path)
    assert not at.exception
    assert "部法规" in at.caption[0].value
    assert at.radio(key="corpus_view").options == ["检索", "阅读"]       # no 导入 for a drafter
    at.text_area(key="corpus_q").input(RABIES).run()
    at.button(key="corpus_search").click().run()
    assert not at.exception
    text = _markdown(at)
    assert "《中华人民共和国动物防疫法》（2021-01-22） 第三十条" in text
    first = next(m.value for m in at.markdown if "<mark" in m.value)   # the matching span is highlighted
    assert '">单位和个人饲养犬只，应当按照规定定期免疫接种狂犬病疫苗' in first
    assert first.count("<br>") == 4                          # 第三十条 has five 款
    at.button(key="corpus_read_0").click().run()
    assert not at.exception
    assert at.radio(key="corpus_view").value == "阅读"
    assert at.subheader[0].value == "中华人民共和国动物防疫法"
    body = _markdown(at)
    assert "第一百一十三条" in body and "单位和个人饲养犬只，应当" in body


def test_highlighting_escapes_text():
    from ui.corpus_view import highlighted_html
    out = highlighted_html("甲<b>乙</b>丙。丁", (1, 4), [11])
    assert "<b>" not in out and "&lt;b&gt;" in out and out.count("<mark") == 1 and "<br>丁" in out


def test_filters_apply_to_the_results(app_as, corpus_path):
    at = _page(app_as, "advisor", LIBRARY, corpus_path)
    at.text_area(key="corpus_q").input(RABIES).run()
    at.multiselect(key="corpus_levels").set_value(["地方性法规"]).run()
    at.multiselect(key="corpus_regions").set_value(["上海"]).run()
    at.button(key="corpus_search").click().run()
    assert not at.exception
    titles = [m.value for m in at.markdown if m.value.startswith("**《")]
    assert titles and all("上海" in t and "地方性法规" in t for t in titles)
    at.text_input(key="corpus_from").input("2020/01/01").run()
    at.button(key="corpus_search").click().run()
    assert "日期格式应为 YYYY-MM-DD" in at.error[0].value


def test_admin_marks_a_document_repealed(app_as, corpus_path):
    doc = find_doc(open_corpus_db(corpus_path), SHANGHAI_2024)
    at = _page(app_as, "drafter", LIBRARY, corpus_path, corpus_view="阅读", corpus_doc_id=doc.id)
    assert not at.exception
    assert not [b for b in at.button if b.key == "corpus_repeal"]
    at = _page(app_as, "admin", LIBRARY, corpus_path, corpus_view="阅读", corpus_doc_id=doc.id)
    assert [b.label for b in at.button if b.key and b.key.startswith("corpus_ver_")] == [
        "2020-04-10 已被修改", "2024-09-27 现行"]
    at.text_input(key=f"corpus_repeal_note__{doc.id}").input("测试废止").run()
    at.button(key="corpus_repeal").click().run()
    assert not at.exception
    assert "已改为「已废止」" in at.success[0].value
    assert find_doc(open_corpus_db(corpus_path), SHANGHAI_2024).status == "已废止"
    assert "本法规已被标记为已废止" in at.warning[0].value


def test_admin_imports_a_folder_with_a_progress_bar(app_as, corpus_path, corpus_dir, tmp_path):
    src = tmp_path / "new"
    copy_subset(corpus_dir, src, step=1000)
    broken = add_broken_files(src)
    at = _page(app_as, "admin", LIBRARY, corpus_path, corpus_view="导入")
    assert not at.exception
    at.text_input(key="corpus_src").input(str(src)).run()
    at.button(key="corpus_import").click().run()
    assert not at.exception
    assert "失败 3" in at.success[0].value      # the two broken files and the empty-bodied real file
    failed = list(at.dataframe[0].value["文件"])
    assert set(broken) <= set(failed)
    at.text_input(key="corpus_src").input(str(tmp_path / "nowhere")).run()
    at.button(key="corpus_import").click().run()
    assert "文件夹不存在" in at.error[0].value


def test_conflict_page_groups_matches_with_redlines(app_as, demo_db_path, corpus_path):
    wdb = open_db(demo_db_path)
    draft = DRAFT_JINAN.replace("第五条 本条例", "第五条 养犬人不得<b>虐待</b>犬只。\n\n第六条 本条例")
    doc, _ = create_document(wdb, title="济南市养犬管理条例（草案）", level="LR", tree=parse_text(draft), actor="drafter")
    at = _page(app_as, "drafter", CONFLICTS, corpus_path)
    assert not at.exception
    at.selectbox(key="cf_doc").select(next(d for d in at.selectbox(key="cf_doc").options if "济南市" in d)).run()
    at.button(key="cf_run").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["条文"] == "6" and int(metrics["有相似上位法条文"]) >= 3 and int(metrics["差异提示"]) >= 3
    labels = [e.label for e in at.expander]
    assert len(labels) == 6 and labels[1].startswith("第二条")
    art2 = at.expander[1]
    text = "\n".join(m.value for m in art2.markdown)
    assert "《中华人民共和国动物防疫法》（2021-01-22） 第三十条" in text
    assert ":red-badge[上位法]" in text and ":orange-badge[情态词]" in text
    assert '<del style="' in text and ">应当</del>" in text and ">可以</ins>" in text
    art5 = "\n".join(m.value for m in at.expander[4].markdown)
    assert "&lt;b&gt;虐待&lt;/b&gt;" in art5 and "<b>虐待" not in art5     # draft text is escaped
    at.toggle(key="cf_only_flagged").set_value(True).run()
    assert 0 < len(at.expander) < 6


def test_conflict_page_without_a_corpus_says_so(app_as, tmp_path):
    at = _page(app_as, "reviewer", CONFLICTS, str(tmp_path / "empty.db"))
    assert not at.exception
    assert "法规库为空" in at.info[0].value


def test_repeal_note_belongs_to_the_regulation_shown(app_as, corpus_path):
    """Record-bound forms (issue 19): a note typed for one regulation is not carried to another,
    and the mark acts on the regulation shown (tests/app/test_record_forms.py walks the other pages)."""
    db = open_corpus_db(corpus_path)
    doc = find_doc(db, SHANGHAI_2024)
    at = _page(app_as, "admin", LIBRARY, corpus_path, corpus_view="阅读", corpus_doc_id=doc.id)
    older = next(b for b in at.button if b.key and b.key.startswith("corpus_ver_") and not b.disabled)
    at.text_input(key=f"corpus_repeal_note__{doc.id}").input("为 2024 年版写的说明").run()
    older.click().run()
    old_id = at.session_state["corpus_doc_id"]
    assert old_id != doc.id
    note = next(t for t in at.text_input if t.label == "说明（如：废止决定文号）")
    assert note.value == ""
    at.button(key="corpus_repeal").click().run()
    assert not at.exception
    assert find_doc(open_corpus_db(corpus_path), SHANGHAI_2024).status == "现行"
