"""Abolished institutions and deleted provisions are derived from version chains on import
(corpus.abolished), from real files of ../shared/corpus."""
from __future__ import annotations

from corpus.abolished import institutions, load
from corpus.importer import import_folder
from corpus.store import open_corpus_db
from corpus_helpers import copy_files

SAND_OLD = "行政法规/长江河道采砂管理条例(2001-10-25).md"
SAND_NEW = "行政法规/长江河道采砂管理条例(2023-07-20).md"


def test_institutions_are_named_fees_and_licences():
    found = institutions("采砂单位应当缴纳长江河道砂石资源费，并向县级人民政府公安机关申领特种行业许可证。")
    assert {"砂石资源费", "特种行业许可证"} <= found
    assert not any(t.startswith(("缴纳", "申领")) for t in found)


def test_import_derives_what_an_amendment_removed(tmp_path, corpus_dir):
    src = tmp_path / "src"
    copy_files(corpus_dir, src, [SAND_OLD, SAND_NEW])
    db = open_corpus_db(str(tmp_path / "corpus.db"))
    import_folder(src, db, build_index=False)
    rows = load(db.conn)
    fees = {r.term: r for r in rows if r.kind == "institution"}
    assert "河道采砂管理费" in fees
    r = fees["河道采砂管理费"]
    assert (r.old_date, r.new_date, r.title) == ("2001-10-25", "2023-07-20", "长江河道采砂管理条例")
    assert "河道采砂管理费" in r.excerpt
    deleted = [r for r in rows if r.kind == "article"]
    assert deleted and all(r.new_date == "2023-07-20" for r in deleted)
    # an unchanged re-import keeps the table as it is (nothing recomputed)
    import_folder(src, db, build_index=False)
    assert len(load(db.conn)) == len(rows)
    db.close()
