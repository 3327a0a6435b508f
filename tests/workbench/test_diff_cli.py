"""`python -m workbench diff` on corpus files and on stored versions; the Comparison summary."""
from __future__ import annotations

import zipfile

from workbench.documents.store import add_version, create_document
from lawtext.parser import parse_markdown
from lawtext.diff.redline import compare
from cli_helpers import run_json  # noqa: E402

LIFA = "宪法相关法/立法法({}).md"


run = run_json  # (exit code, JSON or None, stderr)


def test_diff_files_json(corpus_dir, capsys):
    code, data, _ = run(capsys, "diff", str(corpus_dir / LIFA.format("2015-03-15")),
                        str(corpus_dir / LIFA.format("2023-03-13")), "--json")
    assert code == 0
    pairs = data["pairs"]
    assert set(pairs[0]) >= {"old", "new", "status", "similarity", "flags"}
    split = next(p for p in pairs if p["status"] == "split")
    assert split["old"] == "第七十二条" and split["new"] == "第八十条" and split["new_all"] == ["第八十条", "第八十一条"]
    inserted = next(p for p in pairs if p["new"] == "第四条")
    assert inserted["old"] is None and inserted["status"] == "inserted"
    p9 = next(p for p in pairs if p["old"] == "第九条")
    assert p9["new"] == "第十二条" and "refs_only" in p9["flags"] and 0 < p9["similarity"] <= 1
    assert data["summary"]["added"] == sum(1 for p in pairs if p["status"] == "inserted")
    assert len([p for p in pairs if p["new"]]) + sum(len(p.get("new_all", [1])) - 1 for p in pairs) == 120


def test_diff_stored_versions_and_exports(corpus_dir, db_path, capsys, tmp_path):
    from workbench.schema import open_db
    db = open_db(db_path)
    c = corpus_dir / "诉讼与非诉讼程序法"
    old = parse_markdown((c / "行政复议法(2017-09-01).md").read_text(encoding="utf-8"))
    new = parse_markdown((c / "行政复议法(2023-09-01).md").read_text(encoding="utf-8"))
    doc, v1 = create_document(db, title="行政复议法", level="LR", tree=old, actor="drafter1")
    v2 = add_version(db, doc.id, new, label="修改稿", actor="drafter1")
    db.close()
    table, tracked = tmp_path / "t.docx", tmp_path / "r.docx"
    code, data, _ = run(capsys, "diff", f"{doc.id}:1", "行政复议法:2", "--db", db_path, "--json",
                        "--table", str(table), "--tracked", str(tracked))
    assert code == 0
    assert data["written"] == {"table": str(table), "tracked": str(tracked)}
    assert zipfile.is_zipfile(table) and zipfile.is_zipfile(tracked)
    assert "w:ins " in zipfile.ZipFile(tracked).read("word/document.xml").decode()
    by_old = {p["old"]: p for p in data["pairs"] if p["old"]}
    assert by_old["第三十五条"]["new"] == "第八十一条"
    code2, data2, _ = run(capsys, "diff", f"v:{v1.id}", f"v:{v2.id}", "--db", db_path, "--json")
    assert code2 == 0 and data2["pairs"] == data["pairs"]
    code3, data3, _ = run(capsys, "diff", f"{doc.id}:", f"{doc.id}:2", "--db", db_path, "--json")
    assert code3 == 0 and all(p["status"] == "unchanged" for p in data3["pairs"])


def test_diff_bad_inputs(db_path, capsys, tmp_path):
    code, _, err = run(capsys, "diff", str(tmp_path / "没有.md"), "x", "--db", db_path)
    assert code == 2 and "找不到文件，也不是版本标识" in err
    from workbench.schema import open_db
    open_db(db_path).close()
    code, _, err = run(capsys, "diff", "v:999", "v:998", "--db", db_path)
    assert code == 3 and "版本不存在" in err


def test_comparison_summary_counts(corpus_dir):
    c = corpus_dir / "宪法相关法"
    cmp = compare(parse_markdown((c / "立法法(2015-03-15).md").read_text(encoding="utf-8")),
                  parse_markdown((c / "立法法(2023-03-13).md").read_text(encoding="utf-8")))
    s = cmp.summary()
    assert s["old_articles"] == 105 and s["new_articles"] == 120
    # every old article is accounted for once, every new one once
    assert s["unchanged"] + s["by_status"]["modified"] + s["moved"] + s["deleted"] + s["by_status"]["split"] \
        + 2 * s["by_status"]["merged"] == 105
    assert s["added"] == s["by_status"]["inserted"]
    assert s["flags"]["modal"] >= 1
    item = next(i for i in cmp.items if i.old_label == "第七十四条")
    assert [o.text for o in item.ops if o.op == "insert"][0].startswith("\n上海市人民代表大会")
