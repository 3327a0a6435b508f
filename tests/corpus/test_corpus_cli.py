"""`python -m workbench corpus build|search|repeal` and `conflicts`: exit codes and the exact JSON."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_helpers import DRAFT_JINAN, EMPTY_BODY, SHANGHAI_2024
from workbench.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def acting_admin(monkeypatch, db_path, users):
    """The corpus commands act as a user of the workbench database ($WORKBENCH_DB): an admin."""
    monkeypatch.setenv("WORKBENCH_DB", db_path)
    monkeypatch.setenv("WORKBENCH_USER", users["admin"].username)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_build_reports_bad_files_and_is_incremental(subset_src, tmp_path, capsys):
    src, rows, broken = subset_src
    db = str(tmp_path / "c.db")
    code, out, err = run(capsys, "corpus", "build", str(src), "--db", db, "--json")
    assert code == 0
    data = json.loads(out)
    assert {f["path"] for f in data["failed"]} == set(broken) | {EMPTY_BODY}
    assert data["added"] == len(rows) - 1 and data["corpus"]["documents"] == len(rows) - 1
    assert "导入" in err                                 # the progress line
    assert "个文件未导入" in err
    code, out, _ = run(capsys, "corpus", "build", str(src), "--db", db, "--json", "--strict")
    assert code == 1                                     # --strict: failures make a non-zero exit
    again = json.loads(out)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, len(rows) - 1)


def test_search_json_has_the_exact_shape(subset_src, subset_db_path, subset_index, tmp_path, capsys):
    src = subset_src[0]
    rows = [r for r in range(subset_index.n) if len(subset_index.texts[r]) > 60][:3]
    queries = tmp_path / "q.txt"
    queries.write_text("\n".join(subset_index.texts[r][5:] for r in rows) + "\n\n", encoding="utf-8")
    code, out, _ = run(capsys, "corpus", "search", "--queries", str(queries), "--top", "3", "--db", subset_db_path,
                       "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["results"]
    assert [r["query"] for r in data["results"]] == [0, 1, 2]
    for res, row in zip(data["results"], rows):
        assert list(res) == ["query", "hits"] and len(res["hits"]) == 3
        for h in res["hits"]:
            assert list(h) == ["path", "title", "article", "score", "level", "status"]
            assert (src / h["path"]).is_file()
            assert isinstance(h["score"], float) and 0 < h["score"] <= 1
        top = res["hits"][0]
        assert (top["title"], top["article"]) == (subset_index.docs.titles[subset_index.art_doc[row]],
                                                  subset_index.labels[row])


def test_search_filters_and_text_argument(subset_db_path, capsys):
    code, out, _ = run(capsys, "corpus", "search", "单位和个人饲养犬只，应当按照规定定期免疫接种狂犬病疫苗", "--top", "5",
                       "--level", "地方性法规", "--region", "上海", "--region", "北京", "--status", "现行",
                       "--db", subset_db_path, "--json")
    assert code == 0
    hits = json.loads(out)["results"][0]["hits"]
    assert hits and all(h["level"] == "地方性法规" and h["status"] == "现行" for h in hits)
    assert all(h["path"].startswith(("DLC/上海", "DLC/北京")) for h in hits)
    code, out, _ = run(capsys, "corpus", "search", "狂犬病", "--top", "2", "--db", subset_db_path)
    assert code == 0 and "狂犬病" in out and "《" in out        # human-readable form


def test_search_errors_are_chinese_and_non_zero(tmp_path, capsys):
    code, _, err = run(capsys, "corpus", "search", "任意文字", "--db", str(tmp_path / "empty.db"))
    assert code != 0 and "法规库为空" in err
    code, _, err = run(capsys, "corpus", "search", "--db", str(tmp_path / "empty.db"))
    assert code != 0 and "检索文本" in err
    code, _, err = run(capsys, "corpus", "build", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db"))
    assert code != 0 and "文件夹不存在" in err


def test_conflicts_on_a_file_and_on_a_stored_version(subset_db_path, tmp_path, capsys, db_path, users):
    from workbench.documents.store import add_version, create_document
    from workbench.schema import open_db
    from lawtext.parser import parse_text
    draft = tmp_path / "济南市养犬管理条例（草案）.txt"
    draft.write_text(DRAFT_JINAN, encoding="utf-8")
    code, out, _ = run(capsys, "conflicts", str(draft), "--db", subset_db_path, "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["title"], data["level"], data["locality"]) == ("济南市养犬管理条例（草案）", "地方性法规", "济南市")
    art2 = data["articles"][1]
    assert set(art2) == {"article", "id", "text", "上位法", "同级", "其他参考"}
    assert (art2["上位法"][0]["title"], art2["上位法"][0]["article"]) == ("中华人民共和国动物防疫法", "第三十条")
    # the same draft stored in the workbench, second version has one more article
    wdb = open_db(db_path)
    doc, _ = create_document(wdb, title="济南市养犬管理条例", level="LR", tree=parse_text(DRAFT_JINAN), actor="admin1")
    longer = parse_text(DRAFT_JINAN.replace("第五条 本条例", "第五条 犬只应当拴绳。\n\n第六条 本条例"))
    add_version(wdb, doc.id, longer, label="征求意见稿", actor="admin1")
    code, out, _ = run(capsys, "conflicts", str(doc.id), "--workbench-db", db_path, "--db", subset_db_path, "--json")
    assert code == 0 and len(json.loads(out)["articles"]) == 6
    code, out, _ = run(capsys, "conflicts", f"{doc.id}:1", "--workbench-db", db_path, "--db", subset_db_path,
                       "--json", "--top", "1")
    first = json.loads(out)
    assert len(first["articles"]) == 5 and all(len(a["上位法"]) <= 1 for a in first["articles"])
    code, _, err = run(capsys, "conflicts", f"{doc.id}:9", "--workbench-db", db_path, "--db", subset_db_path)
    assert code != 0 and "没有第 9 版" in err


def test_repeal_needs_an_admin(subset_db_path, subset_index, db_path, users, capsys):
    code, _, err = run(capsys, "corpus", "repeal", SHANGHAI_2024, "--db", subset_db_path, "--workbench-db", db_path,
                       "--as", "drafter1")
    assert code != 0 and "无权" in err
    code, out, _ = run(capsys, "corpus", "repeal", SHANGHAI_2024, "--db", subset_db_path, "--workbench-db", db_path,
                       "--as", "admin1", "--json")
    assert code == 0 and json.loads(out)["status"] == "已废止"
    first = next(r for r in range(subset_index.n) if subset_index.docs.paths[subset_index.art_doc[r]] == SHANGHAI_2024)
    code, out, _ = run(capsys, "corpus", "search", subset_index.texts[first], "--status", "已废止",
                       "--db", subset_db_path, "--json")
    hits = json.loads(out)["results"][0]["hits"]
    assert hits and {h["path"] for h in hits} == {SHANGHAI_2024}


def test_module_entry_point_runs(subset_db_path):
    """The real `python -m workbench` process (registration in COMMAND_MODULES)."""
    env = {**os.environ, "WORKBENCH_CORPUS_DB": subset_db_path}
    proc = subprocess.run([sys.executable, "-m", "workbench", "corpus", "info", "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents"] > 100


@pytest.mark.parametrize("top", ["0", "-2"])
def test_bad_top_is_refused(subset_db_path, capsys, top):
    code, _, err = run(capsys, "corpus", "search", "狂犬病", "--top", top, "--db", subset_db_path)
    assert code != 0 and "--top" in err
