"""The checks read the corpus database (checks.corpus_link over corpus/): national short names,
repeal found in another document's 「同时废止」 clause, a 已废止 mark set by an administrator and a
document imported by a user all reach the citation rules; without a corpus database citations are
reported 未核验. Built from a few real files of ../shared/corpus."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from checks import run  # noqa: E402
from checks.corpus_link import corpus_db_for_checks, default_corpus_db, load_corpus  # noqa: E402
from corpus.importer import import_folder  # noqa: E402
from corpus.store import find_doc, open_corpus_db  # noqa: E402
from workbench.corpus_admin import mark_repealed  # noqa: E402
from corpus_helpers import copy_files  # noqa: E402
from base.errors import InputError  # noqa: E402
from lawtext.parser import parse_markdown, parse_text  # noqa: E402

OLD_FILING = "行政法规/法规规章备案条例(2001-12-14).md"
NEW_FILING = "行政法规/法规规章备案审查条例(2024-08-30).md"
PENALTY = "行政法/行政处罚法(2021-01-22).md"
LAW_2015 = "宪法相关法/立法法(2015-03-15).md"
LAW_2023 = "宪法相关法/立法法(2023-03-13).md"


@pytest.fixture(scope="module")
def small_db_template(tmp_path_factory, corpus_dir) -> str:
    src = tmp_path_factory.mktemp("small_src")
    copy_files(corpus_dir, src, [OLD_FILING, NEW_FILING, PENALTY, LAW_2015, LAW_2023])
    path = tmp_path_factory.mktemp("small_db") / "corpus.db"
    db = open_corpus_db(str(path))
    report = import_folder(src, db, build_index=False)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert report.added == 5 and not report.failed
    return str(path)


@pytest.fixture
def small_db(small_db_template, tmp_path) -> str:
    import shutil
    dst = tmp_path / "corpus.db"
    shutil.copyfile(small_db_template, dst)
    return str(dst)


def _draft(basis: str) -> object:
    return parse_text(f"沈阳市某某办法\n第一条 根据{basis}，制定本办法。\n第二条 本办法自2026年1月1日起施行。")


def _by_rule(findings) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_short_names_versions_and_articles(small_db_template):
    link = load_corpus(small_db_template)
    assert link.documents == 5
    r = link.resolve("行政处罚法")
    assert (r.status, r.title, r.path) == ("short", "中华人民共和国行政处罚法", PENALTY)
    assert "行政处罚法" in link.by_short
    r = link.resolve("中华人民共和国立法法")
    assert (r.status, r.path) == ("current", LAW_2023) and "2023-03-13" in r.note
    assert link.resolve("中华人民共和国行政处罚条例").note == "法规库中最接近的是《中华人民共和国行政处罚法》"
    # upper-law articles come from the stored document (corpus.store.doc_tree), by full or short name
    assert "罚款的限额" in link.article_text("行政处罚法", 14)
    assert link.tree("中华人民共和国行政处罚法") is link.tree("行政处罚法")
    assert link.article_text("中华人民共和国立法法", 1).startswith("为了规范立法活动")
    assert link.article_text("不存在的法", 1) is None


def test_repeal_by_clause_reaches_the_citation_rule(small_db):
    assert find_doc(open_corpus_db(small_db), OLD_FILING).status == "已废止"       # stored status
    r = load_corpus(small_db).resolve("法规、规章备案规定")   # repealed by 备案条例, itself repealed since
    assert (r.status, r.title) == ("repealed", "法规规章备案审查条例")
    fs = _by_rule(run(_draft("《中华人民共和国行政处罚法》《法规规章备案条例》"), "GR", corpus_db=small_db))
    [hit] = fs["CITE-REPEALED"]
    assert hit.message == ("《法规规章备案条例》已被《法规规章备案审查条例》第二十六条废止，"
                           "应引用现行的《法规规章备案审查条例》。")
    assert "CITE-RESOLVE" not in fs
    # the short name is resolved too (DRAFT-CITE-NAME asks for the full name)
    fs = _by_rule(run(_draft("《行政处罚法》"), "GR", corpus_db=small_db))
    assert "CITE-RESOLVE" not in fs and "CITE-REPEALED" not in fs
    assert "《中华人民共和国行政处罚法》" in fs["DRAFT-CITE-NAME"][0].message


def test_an_administrators_mark_reaches_the_citation_rule(small_db, users):
    draft = _draft("《中华人民共和国行政处罚法》")
    assert "CITE-REPEALED" not in _by_rule(run(draft, "GR", corpus_db=small_db))
    db = open_corpus_db(small_db)
    doc = find_doc(db, PENALTY)
    mark_repealed(db, users["admin"], doc.id, True, note="2030年废止决定")
    [hit] = _by_rule(run(draft, "GR", corpus_db=small_db))["CITE-REPEALED"]
    assert hit.message == ("《中华人民共和国行政处罚法》在法规库中已标记为已废止：2030年废止决定，"
                           "请核实并改引现行有效的依据。")
    mark_repealed(db, users["admin"], doc.id, False)
    assert "CITE-REPEALED" not in _by_rule(run(draft, "GR", corpus_db=small_db))


def test_a_document_imported_by_a_user_is_known_to_the_checks(small_db, tmp_path):
    draft = _draft("《示例市停车管理办法》")
    [hit] = _by_rule(run(draft, "ND", corpus_db=small_db))["CITE-RESOLVE"]
    assert "法规库未收录《示例市停车管理办法》" in hit.message
    src = tmp_path / "来稿"
    src.mkdir()
    (src / "示例市停车管理办法.md").write_text(
        "# 示例市停车管理办法\n\n2023年5月1日 示例市人民政府令第12号公布\n\n<!-- INFO END -->\n\n"
        "第一条 为了规范停车秩序，制定本办法。\n\n第二条 违反本办法规定乱停车的，处二百元罚款。\n", encoding="utf-8")
    db = open_corpus_db(small_db)
    assert import_folder(src, db, build_index=False).added == 1
    assert "CITE-RESOLVE" not in _by_rule(run(draft, "ND", corpus_db=small_db))
    assert load_corpus(small_db).article_text("示例市停车管理办法", 2) == "违反本办法规定乱停车的，处二百元罚款。"


def test_without_a_corpus_database_citations_are_unverified(tmp_path, monkeypatch):
    draft = _draft("《中华人民共和国行政处罚法》")
    monkeypatch.setenv("WORKBENCH_CORPUS_DB", str(tmp_path / "none.db"))
    assert default_corpus_db() is None and not (tmp_path / "none.db").exists()
    empty = str(tmp_path / "empty.db")
    open_corpus_db(empty).close()
    assert corpus_db_for_checks(empty) is None
    for kw in ({}, {"corpus_db": default_corpus_db()}, {"corpus_db": empty}):
        [hit] = _by_rule(run(draft, "GR", **kw))["CITE-RESOLVE"]
        assert "未配置法规库" in hit.message and "未核验" in hit.message and hit.severity == "info"


def test_a_folder_or_a_missing_file_is_refused_with_a_clear_message(corpus_dir, tmp_path):
    with pytest.raises(InputError, match="法规库数据库，而不是法规文件夹"):
        run(_draft("《中华人民共和国行政处罚法》"), "GR", corpus_dir=corpus_dir)
    with pytest.raises(InputError, match="法规库数据库不存在"):
        load_corpus(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_real_regulation_citations_against_the_whole_corpus(corpus_db, corpus_dir):
    """A real local regulation checked against the whole corpus database: its basis laws resolve."""
    tree = parse_markdown((corpus_dir / "DLC/上海地方法规/地方性法规/上海/上海市慈善条例(2021-09-28).md")
                          .read_text(encoding="utf-8"))
    fs = _by_rule(run(tree, "LR", corpus_db=corpus_db, meta={"title": tree.title}))
    assert "CITE-REPEALED" not in fs
    assert not [f for f in fs.get("CITE-RESOLVE", []) if "中华人民共和国慈善法" in f.message]
