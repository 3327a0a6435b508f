"""Importing a folder into the corpus: manifest layout, inferred layout (.txt/.docx/.md), bad files,
idempotent and incremental re-import, the version/status chain, one transaction per document."""
from __future__ import annotations

import shutil

import pytest

from corpus import importer
from corpus.importer import import_folder
from corpus.store import AMENDED, CURRENT, REPEALED, counts, doc_tree, find_doc, open_corpus_db, status_log, versions_of
from workbench.corpus_admin import mark_repealed
from corpus_helpers import EMPTY_BODY, SHANGHAI_2020, SHANGHAI_2024, add_broken_files, copy_subset
from base.errors import PermissionDenied
from lawtext.parser import parse_markdown
from lawtext.writer import to_text


def test_manifest_folder_imports_every_good_file_and_reports_bad_ones(subset_src, subset_db_template):
    src, rows, broken = subset_src
    _, report = subset_db_template
    failed = {p for p, _ in report.failed}
    assert failed == set(broken) | {EMPTY_BODY}
    assert all(msg for _, msg in report.failed)          # a Chinese reason for each
    good = [r for r in rows if r["path"] != EMPTY_BODY]
    assert report.added == len(good) and report.updated == 0 and report.unchanged == 0
    db = open_corpus_db(subset_db_template[0])
    # article counts per document match the manifest (the parser finds every 第X条 line)
    stored = dict(db.execute("select path, articles from corpus_docs"))
    assert set(stored) == {r["path"] for r in good}
    mismatched = [r["path"] for r in good if stored[r["path"]] != int(r["articles"])]
    assert len(mismatched) <= 1, mismatched   # the README lists 18 files whose numbering skips one
    assert counts(db)["articles"] == report.articles == sum(stored.values())
    # manifest metadata is kept as is
    law = find_doc(db, "经济法/动物防疫法(2021-01-22).md")
    assert (law.title, law.level, law.region, law.version_date, law.tier) == (
        "中华人民共和国动物防疫法", "法律", "全国", "2021-01-22", "national")
    jinan = find_doc(db, "DLC/山东地方法规/地方性法规/山东/济南市优化营商环境条例(2022-01-21).md")
    assert (jinan.level, jinan.region, jinan.locality, jinan.tier) == ("地方性法规", "山东", "济南市", "city")
    prov = find_doc(db, "DLC/山东地方法规/地方性法规/山东/山东省动物防疫条例(2021-12-03).md")
    assert (prov.locality, prov.tier) == ("山东省", "province")
    # the stored source gives back the same tree
    tree = doc_tree(db, law.id)
    assert len(tree.articles) == law.articles and tree.article("第三十条").flat_text.startswith("单位和个人饲养犬只")


def test_reimport_is_idempotent_then_incremental(subset_src, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(subset_src[0], src)
    db = open_corpus_db(str(tmp_path / "c.db"))
    first = import_folder(src, db)
    before = counts(db)
    again = import_folder(src, db)
    assert (again.added, again.updated, again.unchanged) == (0, 0, first.added)
    assert not again.index_rebuilt
    assert counts(db) == before
    assert db.execute("select count(*) from (select path from corpus_docs group by path having count(*) > 1)"
                      ).fetchone()[0] == 0
    # change one file: only it is re-read, its articles are replaced, the index follows
    path = src / "经济法/动物防疫法(2021-01-22).md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "第三十条 单位和个人饲养犬只，应当", "第三十条 单位和个人饲养犬只，可以"), encoding="utf-8")
    third = import_folder(src, db)
    assert (third.added, third.updated, third.unchanged) == (0, 1, first.added - 1)
    assert third.index_rebuilt
    assert counts(db)["articles"] == before["articles"]
    law = find_doc(db, "经济法/动物防疫法(2021-01-22).md")
    text = db.execute("select text from corpus_articles where doc_id = ? and label = '第三十条'", [law.id]).fetchone()[0]
    assert text.startswith("单位和个人饲养犬只，可以")


def test_status_chain_follows_superseded_by(subset_db_path):
    db = open_corpus_db(subset_db_path)
    old, new = find_doc(db, SHANGHAI_2020), find_doc(db, SHANGHAI_2024)
    assert (old.status, old.superseded_by) == (AMENDED, SHANGHAI_2024)
    assert new.status == CURRENT
    assert [d.path for d in versions_of(db, old)] == [SHANGHAI_2020, SHANGHAI_2024]
    assert [d.path for d in versions_of(db, new)] == [SHANGHAI_2020, SHANGHAI_2024]
    roads = [d for d in versions_of(db, find_doc(db, "行政法规/道路运输条例(2019-03-02).md"))]
    assert [d.version_date for d in roads] == ["2019-03-02", "2022-03-29", "2023-07-20"]
    assert [d.status for d in roads] == [AMENDED, AMENDED, CURRENT]


def test_marking_repealed_needs_corpus_manage_and_is_logged(subset_db_path, users):
    db = open_corpus_db(subset_db_path)
    doc = find_doc(db, SHANGHAI_2024)
    with pytest.raises(PermissionDenied):
        mark_repealed(db, users["drafter"], doc.id, True)
    assert find_doc(db, SHANGHAI_2024).status == CURRENT
    after = mark_repealed(db, users["admin"], doc.id, True, note="2025年废止决定")
    assert after.status == REPEALED
    assert find_doc(db, SHANGHAI_2020).status == AMENDED      # the older version is untouched
    undone = mark_repealed(db, users["admin"], doc.id, False)
    assert undone.status == CURRENT
    log = status_log(db, doc.id)
    assert [(r["actor"], r["before"], r["after"]) for r in log] == [
        ("admin1", CURRENT, REPEALED), ("admin1", REPEALED, CURRENT)]
    assert log[0]["note"] == "2025年废止决定"
    with pytest.raises(Exception):
        db.execute("delete from corpus_status_log")


def test_repeal_mark_survives_reimport(subset_src, tmp_path, users):
    src = tmp_path / "src"
    shutil.copytree(subset_src[0], src)
    db = open_corpus_db(str(tmp_path / "c.db"))
    import_folder(src, db)
    doc = find_doc(db, SHANGHAI_2024)
    mark_repealed(db, users["admin"], doc.id, True)
    p = src / SHANGHAI_2024
    p.write_text(p.read_text(encoding="utf-8") + "\n", encoding="utf-8")   # changed bytes → re-read
    report = import_folder(src, db)
    assert report.updated == 1
    assert find_doc(db, SHANGHAI_2024).status == REPEALED


def test_folder_without_manifest_infers_metadata(subset_db_path, corpus_dir, tmp_path):
    """.txt/.docx/.md in any layout: title, level, region, date and version chain are inferred."""
    from lawtext.docx.io import write_docx
    src = tmp_path / "plain"
    (src / "下载" / "2017").mkdir(parents=True)
    (src / "规章").mkdir()
    dongying = parse_markdown((corpus_dir / "DLC/山东地方法规/地方性法规/山东/东营市养犬管理条例(2017-10-11).md")
                              .read_text(encoding="utf-8"))
    (src / "下载" / "2017" / "东营市养犬管理条例.txt").write_text(to_text(dongying), encoding="gb18030")
    penalty = parse_markdown((corpus_dir / "行政法/行政处罚法(2021-01-22).md").read_text(encoding="utf-8"))
    write_docx(penalty, src / "下载" / "处罚法全文.docx")
    for date, fine in (("2020-05-01", "二百元"), ("2023-06-01", "五百元")):
        (src / "规章" / f"示例市停车管理办法({date}).md").write_text(
            f"# 示例市停车管理办法\n\n{date[:4]}年5月1日 示例市人民政府令第12号公布\n\n<!-- INFO END -->\n\n"
            f"第一条 为了规范停车秩序，制定本办法。\n\n第二条 违反本办法规定乱停车的，处{fine}罚款。\n",
            encoding="utf-8")
    db = open_corpus_db(subset_db_path)       # the subset already teaches 东营市 → 山东
    report = import_folder(src, db)
    assert report.failed == [] and report.added == 4
    d = find_doc(db, "下载/2017/东营市养犬管理条例.txt")
    assert (d.title, d.level, d.locality, d.tier, d.region) == ("东营市养犬管理条例", "地方性法规", "东营市", "city", "山东")
    assert d.version_date == "2017-09-30"     # the latest date of its 题注
    assert d.articles == len(dongying.articles)
    law = find_doc(db, "下载/处罚法全文.docx")
    assert (law.title, law.level, law.region, law.tier) == ("中华人民共和国行政处罚法", "法律", "全国", "national")
    assert law.articles == 86 and law.version_date == "2021-01-22"
    old = find_doc(db, "规章/示例市停车管理办法(2020-05-01).md")
    new = find_doc(db, "规章/示例市停车管理办法(2023-06-01).md")
    assert (old.level, old.locality, old.status, old.superseded_by) == (
        "政府规章", "示例市", AMENDED, "规章/示例市停车管理办法(2023-06-01).md")
    assert (new.status, new.version_date) == (CURRENT, "2023-06-01")


def test_each_document_is_written_in_one_transaction(subset_src, tmp_path, monkeypatch):
    """A failure after a document's row and articles were inserted leaves nothing of it behind."""
    src = tmp_path / "src"
    shutil.copytree(subset_src[0], src)
    target = "经济法/动物防疫法(2021-01-22).md"
    real_bump = importer.bump

    def failing_bump(db, *, content):
        last = db.execute("select path from corpus_docs order by id desc limit 1").fetchone()
        if content and last and last[0] == target:
            raise RuntimeError("disk full")
        return real_bump(db, content=content)

    monkeypatch.setattr(importer, "bump", failing_bump)
    db = open_corpus_db(str(tmp_path / "c.db"))
    report = import_folder(src, db)
    assert target in {p for p, _ in report.failed}
    assert db.execute("select count(*) from corpus_docs where path = ?", [target]).fetchone()[0] == 0
    assert db.execute("select count(*) from corpus_articles where doc_id not in (select id from corpus_docs)"
                      ).fetchone()[0] == 0
    assert report.added == counts(db)["documents"]
    # the next import (without the fault) picks the file up
    monkeypatch.setattr(importer, "bump", real_bump)
    assert import_folder(src, db).added == 1


def test_progress_callback_sees_every_file(corpus_dir, tmp_path):
    src = tmp_path / "src"
    copy_subset(corpus_dir, src, step=400)
    add_broken_files(src)
    seen = []
    db = open_corpus_db(str(tmp_path / "c.db"))
    report = import_folder(src, db, progress=lambda done, total, path: seen.append((done, total, path)))
    assert seen[0][0] == 0 and seen[-1][:2] == (report.files, report.files)
    assert [s[0] for s in seen] == list(range(report.files + 1))
    assert {s[2] for s in seen[:-1]} >= {"来稿/损坏的条例.docx", "来稿/乱码.txt"}
