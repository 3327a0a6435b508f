"""`python -m workbench parse/import/export` with .docx files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.schema import open_db
from workbench.documents.store import current_version, list_versions
from lawtext.docx.io import read_docx
from lawtext.parser import parse_markdown, parse_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
AUTONUMBER = FIXTURES / "docx" / "park_autonumber.docx"


@pytest.fixture(scope="module")
def reference():
    return parse_text((FIXTURES / "text" / "park_regulation.txt").read_text(encoding="utf-8"))


def test_parse_docx_json(capsys, reference):
    assert main(["parse", str(AUTONUMBER), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "示例市城市公园管理条例"
    assert [a["label"] for a in data["articles"]] == [a.label for a in reference.articles]
    nine = next(a for a in data["articles"] if a["id"] == "art-9")
    assert nine["number"] == 9 and nine["path"] == ["第三章 管理与服务"]
    assert nine["paragraphs"][0][:3] == ["城市公园管理单位应当履行下列职责：", "（一）维护园容园貌和园林植物；",
                                         "（二）保障游园安全，具体包括："]
    assert nine["text"].splitlines()[3] == "1.定期检查游乐设施、水域护栏等设施；"


def test_parse_docx_text_output(capsys):
    assert main(["parse", str(FIXTURES / "docx" / "park_tracked.docx")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "示例市城市公园管理条例" and out[-1] == "共 17 条"
    assert out[7].startswith("第六条之一（第二章 规划与建设）")


def test_import_export_docx_and_markdown(tmp_path, db_path, capsys, reference):
    assert main(["import", str(AUTONUMBER), "--level", "地方性法规", "--db", db_path, "--json"]) == 0
    imported = json.loads(capsys.readouterr().out)
    assert imported["articles"] == 17 and imported["seq"] == 1
    # a second version from the LibreOffice-made file
    assert main(["import", str(FIXTURES / "docx" / "park_libreoffice.docx"), "--doc", str(imported["document_id"]),
                 "--label", "征求意见稿", "--db", db_path]) == 0
    assert "v2（征求意见稿）" in capsys.readouterr().out
    db = open_db(db_path)
    versions = list_versions(db, imported["document_id"])
    assert [v.label for v in versions] == ["草案", "征求意见稿"]
    assert versions[0].sha256 == versions[1].sha256          # same accepted text, same hash
    assert current_version(db, imported["document_id"]).tree == reference
    db.close()

    out_docx = tmp_path / "导出.docx"
    assert main(["export", str(imported["document_id"]), "--format", "docx", "-o", str(out_docx),
                 "--db", db_path]) == 0
    assert read_docx(out_docx.read_bytes()) == reference
    out_md = tmp_path / "导出.md"
    assert main(["export", "示例市城市公园管理条例", "--format", "md", "-o", str(out_md), "--version", "1",
                 "--db", db_path]) == 0
    assert parse_markdown(out_md.read_text(encoding="utf-8")) == reference
    capsys.readouterr()
    # the exported .docx imports again through the CLI
    assert main(["parse", str(out_docx), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["articles"]) == 17


def test_export_unknown_version(db_path, capsys, tmp_path):
    assert main(["import", str(AUTONUMBER), "--level", "LR", "--db", db_path]) == 0
    capsys.readouterr()
    assert main(["export", "1", "--format", "docx", "-o", str(tmp_path / "x.docx"), "--version", "9",
                 "--db", db_path]) != 0
    assert "版本不存在" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()
