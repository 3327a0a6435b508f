"""`python -m workbench check | review | rules` through the real CLI entry point."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli import main

ROOT = Path(__file__).resolve().parents[2]
DRAFT = """沈阳市停车场管理办法
第一条 根据《中华人民共和国行政处罚法》，制定本办法。
第二条 违反本办法规定的，由市城市管理部门责令停产停业，并处五万元以上十万元以下罚款。
第三条 本办法自2026年3月1日起施行。
"""


@pytest.fixture
def draft(tmp_path) -> Path:
    p = tmp_path / "draft.txt"
    p.write_text(DRAFT, encoding="utf-8")
    return p


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_check_file_json_shape(draft, capsys):
    assert main(["check", str(draft), "--level", "政府规章", "--json", "--no-corpus"]) == 0
    data = _json(capsys)
    f = next(f for f in data["findings"] if f["rule"] == "PEN-RULE-TYPE")
    assert f["severity"] == "error" and f["article"] == "第二条" and f["element"] == "art-2-p1"
    assert f["span"] == "责令停产停业" and "第十四条" in f["basis"] and f["message"]
    assert set(data["findings"][0]) >= {"rule", "severity", "article", "element", "message", "basis", "span"}


def test_exit_status_zero_with_findings_unless_fail_on(draft, capsys):
    assert main(["check", str(draft), "--level", "GR", "--no-corpus"]) == 0
    assert "PEN-RULE-TYPE" in capsys.readouterr().out
    assert main(["check", str(draft), "--level", "GR", "--no-corpus", "--fail-on", "error"]) == 1


@pytest.mark.parametrize("argv,message", [
    (["check", "/nonexistent/draft.txt", "--level", "GR"], "文件不存在"),
    (["check", "{draft}"], "--level"),
    (["check", "{draft}", "--level", "XX"], "未知的文件层级"),
    (["check", "{draft}", "--level", "GR", "--profile", "火星"], "地区参数"),
    (["check", "{draft}", "--level", "GR", "--dossier", "/nonexistent.json"], "卷宗文件不存在"),
])
def test_bad_input_exits_non_zero_with_chinese_message(draft, capsys, argv, message):
    argv = [a.replace("{draft}", str(draft)) for a in argv]
    assert main(argv) != 0
    assert message in capsys.readouterr().err


def test_check_with_dossier(draft, tmp_path, capsys):
    d = tmp_path / "dossier.json"
    d.write_text(json.dumps({"comment_start": "2025-05-06", "comment_end": "2025-05-20"}), encoding="utf-8")
    assert main(["check", str(draft), "--level", "GR", "--no-corpus", "--dossier", str(d), "--json"]) == 0
    assert "PROC-COMMENT-GR" in {f["rule"] for f in _json(capsys)["findings"]}


def test_check_stored_document_and_review_cycle(draft, db_path, tmp_path, capsys):
    from workbench.schema import open_db
    from workbench.access.users import create_user
    db = open_db(db_path)
    create_user(db, "drafter1", "secret123", "drafter")
    create_user(db, "advisor1", "secret123", "advisor", display_name="法律顾问甲")
    db.close()
    assert main(["import", str(draft), "--level", "GR", "--db", db_path, "--as", "drafter1", "--json"]) == 0
    doc_id = _json(capsys)["document_id"]
    assert main(["check", str(doc_id), "--db", db_path, "--json", "--no-corpus", "--as", "drafter1"]) == 0
    assert _json(capsys)["level"] == "GR"
    assert main(["review", "create", str(doc_id), "--db", db_path, "--as", "advisor1", "--json", "--no-corpus"]) == 0
    review = _json(capsys)
    rid = review["id"]
    # the drafter may not sign; the advisor must first dispose of every item and give an opinion
    assert main(["review", "sign", str(rid), "--db", db_path, "--as", "drafter1"]) == 4
    assert main(["review", "sign", str(rid), "--db", db_path, "--as", "advisor1"]) != 0
    assert "未处理" in capsys.readouterr().err
    for item in review["items"]:
        argv = ["review", "dispose", str(rid), str(item["seq"]), "确认", "--db", db_path, "--as", "advisor1"]
        if item["severity"] != "error":
            argv[4:5] = ["不采纳"]
            argv += ["--reason", "不影响合法性"]
        assert main(argv) == 0
    assert main(["review", "dispose", str(rid), "1", "不采纳", "--db", db_path, "--as", "advisor1"]) != 0
    assert main(["review", "opinion", str(rid), "修改后合法", "--text", "删除停产停业。", "--db", db_path,
                 "--as", "advisor1"]) == 0
    capsys.readouterr()
    assert main(["review", "sign", str(rid), "--db", db_path, "--as", "advisor1", "--json"]) == 0
    signed = _json(capsys)
    assert signed["status"] == "已签署" and len(signed["signed_sha256"]) == 64
    out = tmp_path / "意见书.docx"
    assert main(["review", "export", str(rid), "-o", str(out), "--db", db_path, "--as", "advisor1"]) == 0
    assert out.read_bytes()[:2] == b"PK"
    capsys.readouterr()
    assert main(["review", "list", str(doc_id), "--db", db_path, "--json", "--as", "advisor1"]) == 0
    assert _json(capsys)[0]["status"] == "已签署"


def test_rules_list_and_docs(tmp_path, capsys):
    from checks.registry import all_rules
    assert main(["rules", "list", "--json"]) == 0
    assert [r["id"] for r in _json(capsys)] == [r.id for r in all_rules()]
    assert main(["rules", "list", "--level", "ND"]) == 0
    assert "PEN-NORMDOC" in capsys.readouterr().out
    assert main(["rules", "docs", "-o", str(tmp_path / "rules")]) == 0
    page = (tmp_path / "rules" / "PEN-NORMDOC.md").read_text(encoding="utf-8")
    for heading in ("## 检查内容", "## 理由", "## 触发示例", "## 不触发示例", "## 依据"):
        assert heading in page
    assert len(list((tmp_path / "rules").glob("*.md"))) == len(all_rules()) + 1


def test_module_entry_point(draft):
    """The real `python -m workbench check` process: exit 0 with findings, JSON on stdout."""
    p = subprocess.run([sys.executable, "-m", "workbench", "check", str(draft), "--level", "GR", "--json",
                        "--no-corpus"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["counts"]["error"] >= 1


def test_check_resolves_citations_through_the_corpus_db_flag(tmp_path, corpus_db, capsys):
    import json as _json
    draft = tmp_path / "draft.md"
    draft.write_text("# 示例市测试办法\n\n<!-- INFO END -->\n\n"
                     "第一条 根据《中华人民共和国行政处罚法》《个体工商户条例》，制定本办法。\n\n"
                     "第二条 本办法自2027年1月1日起施行。\n", encoding="utf-8")
    assert main(["check", str(draft), "--level", "GR", "--json", "--corpus-db", corpus_db]) == 0
    findings = _json.loads(capsys.readouterr().out)["findings"]
    rules = {f["rule"] for f in findings}
    # 个体工商户条例 was repealed by 促进个体工商户发展条例 (found from the corpus texts)
    repealed = [f for f in findings if f["rule"] == "CITE-REPEALED"]
    assert repealed and "个体工商户" in repealed[0]["message"], rules
    assert not any(f["rule"] == "CITE-RESOLVE" and "行政处罚法" in f["message"] for f in findings)


def test_check_with_a_missing_corpus_db_exits_with_a_chinese_message(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text("# 示例市测试办法\n\n<!-- INFO END -->\n\n第一条 本办法自公布之日起施行。\n", encoding="utf-8")
    assert main(["check", str(draft), "--level", "GR", "--corpus-db", str(tmp_path / "none.db")]) == 2
    assert "法规库数据库不存在" in capsys.readouterr().err
