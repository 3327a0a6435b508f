"""Titles and repeal in the corpus database (corpus.titles): normalised titles, national short names,
「《…》同时废止」 clauses found at import and turned into the stored status 已废止 (with the clause as
its source, in the status log too), incrementally and for databases built before the clauses
were stored (migration m002)."""
from __future__ import annotations


from corpus.importer import import_folder
from corpus.store import AMENDED, CURRENT, REPEALED, find_doc, open_corpus_db, repeal_source, status_log
from workbench.corpus_admin import mark_repealed
from corpus.titles import TitleIndex, national_short, normalise_title, repeal_clauses
from corpus_helpers import copy_files
from lawtext.parser import parse_markdown

OLD_FILING = "行政法规/法规规章备案条例(2001-12-14).md"          # repealed by NEW_FILING 第二十六条
NEW_FILING = "行政法规/法规规章备案审查条例(2024-08-30).md"
PENALTY = "行政法/行政处罚法(2021-01-22).md"


def test_normalised_titles_and_national_short_names():
    assert normalise_title(" 中华人民共和国 行政处罚法（2021年修订）") == "中华人民共和国行政处罚法"
    assert normalise_title("上海市实施(中华人民共和国气象法)办法") == "上海市实施（中华人民共和国气象法）办法"
    assert normalise_title("关于修改〈某某条例〉的决定") == "关于修改《某某条例》的决定"
    assert national_short("中华人民共和国行政处罚法") == "行政处罚法"
    assert national_short("法规规章备案审查条例") == ""


def test_repeal_clauses_of_real_texts(corpus_dir):
    doc = parse_markdown((corpus_dir / NEW_FILING).read_text(encoding="utf-8"))
    clauses = repeal_clauses(doc)
    assert [(c.key, c.label) for c in clauses] == [("法规规章备案条例", "第二十六条")]
    assert clauses[0].excerpt.endswith("同时废止")
    # a 规定 without articles: the clause is in the text before any article
    rest = parse_markdown((corpus_dir / "行政法规/国家机关工作人员病假期间生活待遇的规定(1981-04-06).md")
                          .read_text(encoding="utf-8"))
    assert [(c.key, c.label) for c in repeal_clauses(rest)] == [("国家机关工作人员病假期间生活待遇试行办法", "")]
    # a law naming itself is not a repeal
    penalty = parse_markdown((corpus_dir / PENALTY).read_text(encoding="utf-8"))
    assert repeal_clauses(penalty) == []


def test_a_later_import_repeals_a_stored_document_and_records_why(corpus_dir, tmp_path):
    src = tmp_path / "src"
    copy_files(corpus_dir, src, [OLD_FILING, PENALTY])
    db = open_corpus_db(str(tmp_path / "c.db"))
    import_folder(src, db, build_index=False)
    assert find_doc(db, OLD_FILING).status == CURRENT

    copy_files(corpus_dir, src, [OLD_FILING, PENALTY, NEW_FILING])     # the new regulation arrives
    report = import_folder(src, db, build_index=False)
    assert (report.added, report.unchanged, report.status_changes) == (1, 2, 1)
    old = find_doc(db, OLD_FILING)
    assert (old.status, old.repealed, old.repealed_by) == (REPEALED, 0, NEW_FILING)
    assert find_doc(db, NEW_FILING).status == CURRENT and find_doc(db, PENALTY).status == CURRENT
    src_info = repeal_source(db, old.id)
    assert (src_info["title"], src_info["label"]) == ("法规规章备案审查条例", "第二十六条")
    assert "《法规规章备案条例》同时废止" in src_info["excerpt"]
    log = status_log(db, old.id)
    assert [(r["actor"], r["before"], r["after"]) for r in log] == [("system", CURRENT, REPEALED)]
    assert "法规规章备案审查条例" in log[0]["note"] and "第二十六条" in log[0]["note"]

    # the repealing text changes and no longer names it: the status follows, logged again
    p = src / NEW_FILING
    p.write_text(p.read_text(encoding="utf-8").replace("《法规规章备案条例》同时废止", "原有规定同时废止"),
                 encoding="utf-8")
    report = import_folder(src, db, build_index=False, actor="admin1")
    assert report.updated == 1 and report.status_changes == 1
    old = find_doc(db, OLD_FILING)
    assert (old.status, old.repealed_by) == (CURRENT, "")
    assert [(r["actor"], r["after"]) for r in status_log(db, old.id)][-1] == ("admin1", CURRENT)


def test_marks_and_clauses_together(corpus_dir, tmp_path, users):
    src = tmp_path / "src"
    copy_files(corpus_dir, src, [OLD_FILING, NEW_FILING, PENALTY])
    db = open_corpus_db(str(tmp_path / "c.db"))
    import_folder(src, db, build_index=False)
    penalty = find_doc(db, PENALTY)
    marked = mark_repealed(db, users["admin"], penalty.id, True, note="测试废止决定")
    assert (marked.status, marked.repealed, marked.repealed_by) == (REPEALED, 1, "")
    index = TitleIndex.from_db(db)
    m = index.resolve("行政处罚法")                      # short name of a marked law
    assert m.kind == "repealed" and m.repeal.by is None and "测试废止决定" in m.repeal.note()
    # undoing a mark does not undo a clause: the old regulation stays 已废止
    old = find_doc(db, OLD_FILING)
    mark_repealed(db, users["admin"], old.id, True)
    assert mark_repealed(db, users["admin"], old.id, False).status == REPEALED
    assert mark_repealed(db, users["admin"], penalty.id, False).status == CURRENT


def test_older_databases_are_scanned_once_by_the_migration(corpus_dir, tmp_path):
    """A database imported before repeal clauses were stored gets them (and the statuses) when opened."""
    src = tmp_path / "src"
    copy_files(corpus_dir, src, [OLD_FILING, NEW_FILING])
    path = str(tmp_path / "c.db")
    db = open_corpus_db(path)
    import_folder(src, db, build_index=False)
    # make it look like a database of migration m001 only
    db.execute("drop table corpus_repeal_clauses")
    db.execute("alter table corpus_docs drop column repealed_by")
    db.execute("update corpus_docs set status = ?", [CURRENT])
    db.execute("delete from _sqlite_migrations where name = 'm002_repeal_clauses'")
    db.conn.commit()
    db.close()
    from base import db as workbench_db
    workbench_db._migrated.clear()   # forget that this file was migrated in this process
    db = open_corpus_db(path)
    old = find_doc(db, OLD_FILING)
    assert (old.status, old.repealed_by) == (REPEALED, NEW_FILING)
    assert {r[0] for r in db.execute("select title_key from corpus_repeal_clauses")} == {
        "法规规章备案条例", "法规、规章备案规定"}       # the 2001 regulation repealed an older one in turn


def test_statuses_of_the_whole_corpus(corpus_db):
    """Over the real corpus: the version chain gives 已被修改, repeal clauses give 已废止 — the
    examples below are laws and regulations replaced by a newer one that says so."""
    db = open_corpus_db(corpus_db)
    by_status = dict(db.execute("select status, count(*) from corpus_docs group by status").fetchall())
    assert by_status[AMENDED] == 102                        # the manifest's superseded_by rows
    assert 30 <= by_status[REPEALED] <= 80
    for path, by in [(OLD_FILING, NEW_FILING),
                     ("行政法规/个体工商户条例(2016-02-06).md", "行政法规/促进个体工商户发展条例(2022-10-01).md"),
                     ("行政法规/增值税暂行条例(2017-11-19).md", "经济法/增值税法(2024-12-25).md")]:
        d = find_doc(db, path)
        assert (d.status, d.repealed_by) == (REPEALED, by), path
    # a local regulation never repeals a national law, and a re-enacted title is in force again
    local = db.execute("select count(*) from corpus_docs d join corpus_docs r on r.path = d.repealed_by "
                       "where d.tier = 'national' and r.tier in ('province', 'city', 'county')").fetchone()[0]
    assert local == 0
    assert find_doc(db, PENALTY).status == CURRENT

