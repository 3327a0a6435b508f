"""Red-team issue 17, items 7 and 9: the corpus import from a server folder stays inside that folder
(no ``../`` or absolute manifest paths, no symbolic links; sizes checked before reading), and an
import killed before its final linking step is completed by the next run."""
from __future__ import annotations

import os
import pathlib

import pytest

from corpus import importer
from corpus.importer import import_folder
from corpus.store import AMENDED, CURRENT, find_doc, open_corpus_db

LAW = ("# 示例市停车管理办法\n\n{year}年5月1日 示例市人民政府令第12号公布\n\n<!-- INFO END -->\n\n"
       "第一条 为了规范停车秩序，制定本办法。\n\n第二条 违反本办法规定乱停车的，处{fine}罚款。\n")
SECRET = "# 机密文件\n\n<!-- INFO END -->\n\n第一条 服务器上的机密内容，不应出现在法规库中。\n"
MANIFEST_HEAD = "path\ttitle\tlevel\tregion\tversion_date\tsuperseded_by\tarticles\n"


def _law(folder: pathlib.Path, date: str, fine: str) -> str:
    rel = f"规章/示例市停车管理办法({date}).md"
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    (folder / rel).write_text(LAW.format(year=date[:4], fine=fine), encoding="utf-8")
    return rel


@pytest.fixture
def server(tmp_path):
    """(import folder, a secret file outside it)."""
    src = tmp_path / "import"
    src.mkdir()
    secret = tmp_path / "secret.md"
    secret.write_text(SECRET, encoding="utf-8")
    return src, secret


def _texts(db) -> list[str]:
    return [r[0] for r in db.execute("select text from corpus_articles")]


def test_manifest_paths_outside_the_folder_are_refused(server, tmp_path):
    src, secret = server
    good = _law(src, "2020-05-01", "二百元")
    rows = [good, "../secret.md", str(secret), "规章/../../secret.md"]
    (src / "manifest.tsv").write_text(MANIFEST_HEAD + "".join(
        f"{p}\t示例\t政府规章\t\t2020-05-01\t\t2\n" for p in rows), encoding="utf-8")
    db = open_corpus_db(str(tmp_path / "c.db"))
    report = import_folder(src, db, build_index=False)
    assert report.added == 1
    assert {p for p, _ in report.failed} == set(rows[1:])
    assert not any("机密" in t for t in _texts(db))


def test_symbolic_links_are_not_followed(server, tmp_path):
    src, secret = server
    _law(src, "2020-05-01", "二百元")
    os.symlink(secret, src / "链接.md")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "其他.md").write_text(SECRET, encoding="utf-8")
    os.symlink(tmp_path / "outside", src / "目录链接")
    db = open_corpus_db(str(tmp_path / "c.db"))
    report = import_folder(src, db, build_index=False)
    assert report.added == 1
    assert "链接.md" in {p for p, _ in report.failed}
    assert not any("机密" in t for t in _texts(db))


def test_oversized_file_is_refused_before_it_is_read(server, tmp_path, monkeypatch):
    src, _ = server
    _law(src, "2020-05-01", "二百元")
    with open(src / "巨大.txt", "wb") as f:       # 400 MB, sparse: nothing is written to disk
        f.truncate(400 * 1024 * 1024)

    def no_whole_reads(self):
        raise AssertionError(f"read whole: {self}")
    monkeypatch.setattr(pathlib.Path, "read_bytes", no_whole_reads)
    report = import_folder(src, open_corpus_db(str(tmp_path / "c.db")), build_index=False)
    assert report.added == 1
    (failed,) = report.failed
    assert failed[0] == "巨大.txt" and "过大" in failed[1]


def test_import_killed_before_linking_is_completed_by_the_next_run(server, tmp_path, monkeypatch):
    """Item 9: the resumed import skipped the unchanged files and never linked them, so the
    superseded version stayed 现行."""
    src, _ = server
    old = _law(src, "2020-05-01", "二百元")
    new = _law(src, "2023-06-01", "五百元")
    db = open_corpus_db(str(tmp_path / "c.db"))

    def killed(*args, **kwargs):
        raise KeyboardInterrupt   # the process dies here (kill -9 in bench/redteam.py)
    monkeypatch.setattr(importer, "link_versions", killed)
    with pytest.raises(KeyboardInterrupt):
        import_folder(src, db, build_index=False)
    monkeypatch.undo()
    report = import_folder(src, db, build_index=False)
    assert report.unchanged == 2
    assert (find_doc(db, old).status, find_doc(db, old).superseded_by) == (AMENDED, new)
    assert find_doc(db, new).status == CURRENT
