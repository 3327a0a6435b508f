"""`python -m workbench diff` with ``corpus:TITLE[@DATE]`` / ``corpus:ID``: a stored draft against a
law of a small real corpus database, the same pairs as diffing the files, and bad references."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from compare_helpers import BEIJING, DRAFT_TITLE, LIFA_2015, LIFA_2023, beijing_draft, build_corpus_db  # noqa: E402

from cli_helpers import run_json  # noqa: E402


@pytest.fixture(scope="module")
def corpus_path(tmp_path_factory, corpus_dir) -> str:
    return build_corpus_db(corpus_dir, tmp_path_factory.mktemp("diff_corpus"))


run = run_json  # (exit code, JSON or None, stderr)


def test_draft_against_corpus_title(corpus_dir, corpus_path, db_path, capsys, tmp_path):
    from workbench.schema import open_db
    from workbench.documents.store import create_document
    db = open_db(db_path)
    doc, _ = create_document(db, title=DRAFT_TITLE, level="LR", tree=beijing_draft(corpus_dir), actor="drafter1")
    db.close()
    table = tmp_path / "对照表.docx"
    code, data, err = run(capsys, "diff", "corpus:北京市养犬管理规定", f"{doc.id}:", "--db", db_path,
                          "--corpus-db", corpus_path, "--table", str(table), "--json")
    assert code == 0, err
    assert data["sources"]["old"] == "法规库《北京市养犬管理规定》（未注明日期，现行）"
    s = data["summary"]
    assert (s["old_articles"], s["new_articles"]) == (35, 34)
    assert (s["added"], s["deleted"], s["modified"], s["moved"], s["unchanged"]) == (0, 1, 1, 0, 33)
    changed = {(p["old"], p["new"], p["status"]) for p in data["pairs"] if p["status"] != "unchanged"}
    assert changed == {("第十五条", "第十五条", "modified"), ("第三十四条", None, "deleted")}
    # the 对照表's base column is headed by the law's title
    header = [c.text for c in docx.Document(io.BytesIO(table.read_bytes())).tables[0].rows[0].cells]
    assert header == ["《北京市养犬管理规定》", "修改后", "说明"]
    # human output names the law too
    code, _, _ = run(capsys, "diff", "corpus:北京市养犬管理规定", f"{doc.id}:", "--db", db_path,
                     "--corpus-db", corpus_path)
    assert code == 0


def test_corpus_versions_by_date_match_the_files(corpus_dir, corpus_path, capsys):
    code, by_file, _ = run(capsys, "diff", str(corpus_dir / LIFA_2015), str(corpus_dir / LIFA_2023), "--json")
    assert code == 0
    # 立法法 finds 中华人民共和国立法法; without a date the newest (现行) version
    code, by_ref, err = run(capsys, "diff", "corpus:立法法@2015-03-15", "corpus:中华人民共和国立法法",
                            "--corpus-db", corpus_path, "--json")
    assert code == 0, err
    assert by_ref["pairs"] == by_file["pairs"]
    assert by_ref["sources"] == {"old": "法规库《中华人民共和国立法法》（2015-03-15，已被修改）",
                                 "new": "法规库《中华人民共和国立法法》（2023-03-13，现行）"}
    from corpus.store import find_doc, open_corpus_db
    cdb = open_corpus_db(corpus_path)
    beijing_id = find_doc(cdb, BEIJING).id
    cdb.close()
    code, by_id, _ = run(capsys, "diff", f"corpus:{beijing_id}", "corpus:《北京市养犬管理规定》",
                         "--corpus-db", corpus_path, "--json")
    assert code == 0 and all(p["status"] == "unchanged" for p in by_id["pairs"]) and len(by_id["pairs"]) == 35


@pytest.mark.parametrize("ref, code, message", [
    ("corpus:没有这部法规", 3, "法规库中没有标题为或包含「没有这部法规」的法规"),
    ("corpus:立法法@2019-01-01", 3, "没有 2019-01-01 的版本（现有版本：2015-03-15、2023-03-13）"),
    ("corpus:立法法@2019", 2, "版本日期应为 YYYY-MM-DD"),
    ("corpus:法", 2, "有 2 部法规的标题包含「法」"),
    ("corpus:", 2, "请在 corpus: 之后写法规库中的法规标题或编号"),
    ("corpus:9999", 3, "法规库中没有编号为 9999 的文件"),
])
def test_bad_corpus_references(corpus_path, capsys, ref, code, message):
    got, _, err = run(capsys, "diff", ref, "corpus:北京市养犬管理规定", "--corpus-db", corpus_path)
    assert got == code and message in err


def test_missing_corpus_database(tmp_path, capsys):
    missing = tmp_path / "没有" / "corpus.db"
    code, _, err = run(capsys, "diff", "corpus:立法法", "corpus:立法法", "--corpus-db", str(missing))
    assert code == 2 and "法规库数据库不存在或尚未导入法规" in err and "corpus build" in err
    assert not missing.exists()   # nothing created by asking
