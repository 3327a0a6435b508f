"""The 备案审查 CLI mirrors the core: each command with --json, the same permissions, Chinese errors
and non-zero exits on bad input."""
from __future__ import annotations

import docx
from cli_helpers import run_json
from filing_helpers import ND_TEXT, generate, scanned_pdf


def _base(db_path):
    return ["--db", db_path, "--as", "filing_reviewer1"]


def test_register_list_work_and_close_a_filing(fresh_db, users, db_path, tmp_path, capsys):
    b = _base(db_path)
    assert run_json(capsys, "filing", "organ-add", "示例市住房和城乡建设局", *b, "--json")[0] == 0
    report = tmp_path / "备案报告.txt"
    report.write_text("关于报送备案的报告\n请予审查。", encoding="utf-8")
    code, data, err = run_json(capsys, "filing", "register", str(ND_TEXT), str(report), "--organ", "示例市住房和城乡建设局",
                               "--level", "ND", "--published", "2026-01-05", "--filed", "2026-01-08", *b, "--json")
    assert code == 0, err
    fid = data["id"]
    assert data["status"] == "待登记" and data["missing"] == ["起草说明", "合法性审核意见"]
    code, rows, _ = run_json(capsys, "filing", "list", *b, "--json")
    assert code == 0 and rows[0]["id"] == fid and rows[0]["counts"]["error"] >= 3
    assert set(rows[0]["counts"]) == {"error", "warning", "info"}
    for kind in ("起草说明", "合法性审核意见"):
        p = tmp_path / f"{kind}.txt"
        p.write_text(f"{kind}\n内容。", encoding="utf-8")
        assert run_json(capsys, "filing", "supplement", str(fid), str(p), *b, "--json")[0] == 0
    code, data, _ = run_json(capsys, "filing", "show", str(fid), *b, "--json")
    assert data["status"] == "已登记"
    assert run_json(capsys, "filing", "assign", str(fid), "filing_reviewer1", *b, "--json")[0] == 0
    for item in data["items"]:
        args = ["确认"] if item["severity"] == "error" else ["不采纳", "--reason", "不影响合法性"]
        assert run_json(capsys, "filing", "dispose", str(fid), str(item["seq"]), *args, *b, "--json")[0] == 0
    code, _, err = run_json(capsys, "filing", "finding", str(fid), "--article", "第九十九条", "--message", "x", *b, "--json")
    assert code != 0 and "条文不存在" in err
    out = tmp_path / "纠正意见函.docx"
    code, letter, _ = run_json(capsys, "filing", "letter", str(fid), "--kind", "纠正意见函", "-o", str(out), *b, "--json")
    assert code == 0 and letter["number"].startswith("示司备函〔")
    assert any(letter["number"] in p.text for p in docx.Document(str(out)).paragraphs)
    corrected = tmp_path / "纠正后.txt"
    corrected.write_text(ND_TEXT.read_text(encoding="utf-8").replace("缴纳履约保证金二十万元", "提供履约担保"), encoding="utf-8")
    assert run_json(capsys, "filing", "reply", str(fid), "--text", "已纠正", "--corrected", str(corrected), *b, "--json")[0] == 0
    code, red, _ = run_json(capsys, "filing", "redline", str(fid), *b, "--json")
    assert code == 0 and red["summary"]["modified"] == 1
    code, data, _ = run_json(capsys, "filing", "close", str(fid), "--outcome", "纠正完毕", *b, "--json")
    assert code == 0 and data["status"] == "已审结"
    code, stats, _ = run_json(capsys, "filing-stats", "--year", "2026", *b, "--json")
    assert stats["filings"] == 1 and stats["corrections_completed"] == 1


def test_import_a_batch_and_run_a_campaign(fresh_db, users, db_path, tmp_path, capsys):
    generate(tmp_path / "in", 12, seed=2)
    b = _base(db_path)
    code, data, err = run_json(capsys, "filing", "import", str(tmp_path / "in"), *b, "--json")
    assert code == 0, err
    assert data["total"] == 12 and data["failed"] == 0 and data["triaged"] == 12
    code, c, _ = run_json(capsys, "campaign", "run", "--title", "罚款专项", "--levels", "ND", "--sources", "备案文件",
                          "--families", "penalty", *b, "--json")
    assert code == 0 and c["done"] == 10 and c["hits"] >= 1
    out = tmp_path / "结果.csv"
    assert run_json(capsys, "campaign", "export", str(c["id"]), "-o", str(out), *b, "--json")[0] == 0
    assert out.read_text(encoding="utf-8-sig").startswith("来源,文件")


def test_bad_input_and_permissions_exit_non_zero(fresh_db, users, db_path, tmp_path, capsys):
    b = _base(db_path)
    run_json(capsys, "filing", "organ-add", "示例市交通运输局", *b)
    scan = tmp_path / "扫描.pdf"
    scan.write_bytes(scanned_pdf())
    code, data, err = run_json(capsys, "filing", "register", str(scan), "--organ", "示例市交通运输局", "--level", "ND", *b,
                               "--json")
    assert code == 2 and "扫描件" in err and data["kind"] == "InputError"
    code, _, err = run_json(capsys, "filing", "register", str(ND_TEXT), "--organ", "不存在的单位", *b)
    assert code == 3 and "报备单位不存在" in err
    code, _, err = run_json(capsys, "filing", "list", "--db", db_path, "--as", "drafter1")
    assert code == 4 and "备案审查" in err
    code, _, err = run_json(capsys, "filing", "import", str(tmp_path / "nothing"), *b)
    assert code != 0 and "文件夹" in err
