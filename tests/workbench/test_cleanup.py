"""清理 on a real upper-law change (野生动物保护法 2018 → 2022) with real local regulations that
restate it: the CLI (JSON, .csv, .docx, bad input) and the workspace's documents (the page:
tests/app/test_cleanup_page.py)."""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import docx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from cli_helpers import run_json  # noqa: E402
from corpus.store import open_corpus_db  # noqa: E402
from corpus_helpers import build_wildlife_db  # noqa: E402

@pytest.fixture(scope="module")
def wildlife_db(tmp_path_factory, corpus_dir) -> str:
    return build_wildlife_db(corpus_dir, tmp_path_factory.mktemp("wild_src"), tmp_path_factory.mktemp("wild_db") / "c.db")


def test_cli_lists_local_provisions_restating_changed_articles(wildlife_db, tmp_path, capsys):
    out_csv, out_docx = tmp_path / "c.csv", tmp_path / "c.docx"
    code, data, _ = run_json(capsys, "cleanup", "野生动物保护法", "--corpus-db", wildlife_db, "--no-workspace", "--db", str(tmp_path / "no-workspace.db"),
                             "--csv", str(out_csv), "--docx", str(out_docx), "--json")
    assert code == 0
    assert data["amendment"] == "《中华人民共和国野生动物保护法》2018-10-26 → 2022-12-30"
    assert data["changed_articles"] > 20 and data["documents_scanned"] == 2
    docs = {r["document"] for r in data["rows"]}
    assert docs == {"北京市野生动物保护管理条例", "山东省实施《中华人民共和国野生动物保护法》办法"}
    assert {r["action"] for r in data["rows"]} <= {"修改", "废止", "保留"} and any(r["action"] == "修改" for r in data["rows"])
    row = next(r for r in data["rows"] if r["how"] == "重述" and r["change"] == "修改")
    assert "[-" in row["redline"] or "{+" in row["redline"]
    assert not any("施行" in r["text"] and len(r["text"]) < 40 for r in data["rows"])   # no 施行 boilerplate
    table = list(csv.reader(io.StringIO(out_csv.read_bytes().decode("utf-8-sig"))))
    assert table[0][:8] == ["来源", "文件", "条文", "上位法条文", "变化", "关联方式", "审查意见", "建议"]
    assert len(table) == len(data["rows"]) + 1
    t = docx.Document(str(out_docx)).tables[0]
    assert len(t.rows) == len(data["rows"]) + 1 and t.rows[0].cells[1].text == "文件"


def test_cli_region_filter_and_bad_input(wildlife_db, capsys, tmp_path):
    code, data, _ = run_json(capsys, "cleanup", "野生动物保护法", "--corpus-db", wildlife_db, "--no-workspace", "--db", str(tmp_path / "no-workspace.db"),
                             "--region", "山东", "--json")
    assert code == 0 and {r["document"] for r in data["rows"]} == {"山东省实施《中华人民共和国野生动物保护法》办法"}
    code, _, err = run_json(capsys, "cleanup", "不存在的法", "--corpus-db", wildlife_db, "--no-workspace", "--db", str(tmp_path / "no-workspace.db"))
    assert code != 0 and "没有找到上位法" in err
    code, _, err = run_json(capsys, "cleanup", "长江河道采砂管理条例", "--corpus-db", wildlife_db, "--no-workspace", "--db", str(tmp_path / "no-workspace.db"))
    assert code != 0 and "只有一个版本" in err
    code, _, err = run_json(capsys, "cleanup", "野生动物保护法", "--since", "2018", "--corpus-db", wildlife_db,
                            "--no-workspace", "--db", str(tmp_path / "no-workspace.db"))
    assert code != 0 and "YYYY-MM-DD" in err


def test_workspace_documents_are_checked_too(wildlife_db, fresh_db, capsys, db_path):
    from lawtext.parser import parse_text
    from workbench.access.users import create_user
    from workbench.documents.store import create_document
    create_user(fresh_db, "admin1", "secret123", "admin")
    beijing = open_corpus_db(wildlife_db).execute(
        "select text from corpus_articles a join corpus_docs d on d.id = a.doc_id "
        "where d.title = '北京市野生动物保护管理条例' and a.label = '第三十七条'").fetchone()[0]
    create_document(fresh_db, title="示例市野生动物保护办法", level="GR", actor="admin1",
                    tree=parse_text("示例市野生动物保护办法\n第一条 " + beijing))   # its two 款 kept
    code, data, _ = run_json(capsys, "cleanup", "野生动物保护法", "--corpus-db", wildlife_db, "--db", db_path,
                             "--as", "admin1", "--json")
    assert code == 0
    mine = [r for r in data["rows"] if r["source"] == "工作区"]
    assert mine and mine[0]["document"] == "示例市野生动物保护办法" and mine[0]["article"] == "第一条"
