"""`python -m workbench edit`: scripted edits print what changed, --json, renumber preview/apply,
save a version; bad input gives a Chinese message and a non-zero exit with nothing written."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.documents import working_copy as wcm
from workbench.cli import main
from workbench.schema import open_db
from workbench.documents.store import list_versions

ROOT = Path(__file__).resolve().parents[2]
LAW = "DLC/上海地方法规/地方性法规/上海/上海市公共汽车和电车客运管理条例(2020-05-14).md"


@pytest.fixture
def stored(db_path, users, corpus_dir, tmp_path):
    """The law imported as document 1 through the CLI."""
    assert main(["import", str(corpus_dir / LAW), "--level", "LR", "--db", db_path, "--as", "drafter1"]) == 0
    return db_path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_insert_delete_move_print_what_changed(stored, capsys, tmp_path):
    f = tmp_path / "new.txt"
    f.write_text("第六条 经营者应当公示服务承诺。\n（一）服务质量；\n（二）投诉方式。\n", encoding="utf-8")
    capsys.readouterr()
    code, out, _ = run(capsys, "edit", "1", "--insert-after", "第五条", "--text-file", str(f), "--db", stored,
                       "--as", "drafter1")
    assert code == 0 and "在第五条之后插入第五条之一：经营者应当公示服务承诺。" in out
    code, out, _ = run(capsys, "edit", "1", "--delete", "第七条", "--db", stored, "--as", "drafter1")
    assert code == 0 and "删除第七条（原文：" in out
    code, out, _ = run(capsys, "edit", "1", "--move", "第九条", "--before", "第四条", "--db", stored, "--as", "drafter1",
                       "--json")
    data = json.loads(out)
    assert data["changes"] == ["将第九条移至第四条之前"] and data["dirty"] is True and data["row_version"] == 4
    tree = wcm.get(open_db(stored), 1).tree
    assert [a.label for a in tree.articles][2:8] == ["第三条", "第九条", "第四条", "第五条", "第五条之一", "第六条"]
    assert [i.label for i in tree.article("第五条之一").paragraphs[0].items] == ["（一）", "（二）"]


def test_renumber_preview_then_apply_then_save_version(stored, capsys):
    run(capsys, "edit", "1", "--insert-before", "第十九条", "--text", "新增条文。", "--db", stored, "--as", "drafter1")
    code, out, _ = run(capsys, "edit", "1", "--renumber", "--db", stored, "--as", "drafter1")
    assert code == 0 and "第十八条之一 → 第十九条" in out and "仅预览" in out
    assert "第十九条→第二十条" in out  # a reference rewrite is listed (本条例第十九条第一款 in 法律责任)
    assert wcm.get(open_db(stored), 1).tree.article("第十八条之一") is not None  # preview changed nothing
    code, out, _ = run(capsys, "edit", "1", "--renumber", "--yes", "--save-version", "送审稿", "--note", "新增一条",
                       "--db", stored, "--as", "drafter1", "--json")
    data = json.loads(out)
    assert data["renumber"]["applied"] is True
    assert {"id": "art-18_1", "old": "第十八条之一", "new": "第十九条"} in data["renumber"]["renumbered"]
    assert data["version"]["label"] == "送审稿" and data["version"]["seq"] == 2 and data["dirty"] is False
    versions = list_versions(open_db(stored), 1)
    assert [(v.label, v.note, v.created_by) for v in versions][-1] == ("送审稿", "新增一条", "drafter1")
    assert [a.number for a in versions[-1].tree.articles] == list(range(1, 57))


def test_chapter_operations(stored, capsys):
    code, out, _ = run(capsys, "edit", "1", "--add-chapter", "公交优先", "--before", "第七条", "--db", stored,
                       "--as", "drafter1")
    assert code == 0 and "新增第二章 公交优先（位于第七条之前）" in out
    code, out, _ = run(capsys, "edit", "1", "--rename-chapter", "第二章", "--title", "优先发展", "--db", stored,
                       "--as", "drafter1")
    assert "更名为「第二章 优先发展」" in out
    code, out, _ = run(capsys, "edit", "1", "--move", "第一条", "--to-chapter", "第二章", "--db", stored,
                       "--as", "drafter1")
    assert "将第一条移至「第二章 优先发展」末尾" in out
    code, out, _ = run(capsys, "edit", "1", "--delete-chapter", "第二章", "--db", stored, "--as", "drafter1")
    assert code == 0 and "删除「第二章 优先发展」标题" in out


def test_bad_input_exits_non_zero_and_writes_nothing(stored, capsys, tmp_path):
    cases = [
        (["--delete", "第九十九条"], 3, "条文不存在：第九十九条"),
        (["--insert-after", "第五条"], 2, "--text-file"),
        (["--insert-after", "第五条", "--text-file", str(tmp_path / "missing.txt")], 2, "文件不存在"),
        (["--edit", "第三条", "--text", "第四条 另一条"], 2, "每次只编辑一条"),
        (["--move", "第三条"], 2, "--before"),
        (["--before", "第三条"], 2, "需要配合"),
        (["--renumber", "--yes", "--discard"], 2, "--discard"),
        (["--delete", "第三条", "--as", "advisor1"], 4, "无权"),
    ]
    for extra, status, message in cases:
        argv = ["edit", "1", *extra, "--db", stored]
        if "--as" not in extra:
            argv += ["--as", "drafter1"]
        code, out, err = run(capsys, *argv)
        assert code == status, (extra, err)
        assert message in err
    wc = wcm.get(open_db(stored), 1)
    assert wc.row_version == 1 and not wc.dirty


def test_gbk_text_file_is_refused_with_a_message(stored, capsys, tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("新增条文。".encode("gbk"))
    code, _, err = run(capsys, "edit", "1", "--insert-after", "第一条", "--text-file", str(f), "--db", stored,
                       "--as", "drafter1")
    assert code == 2 and "UTF-8" in err


def test_runs_as_a_module(stored):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-m", "workbench", "edit", "1", "--db", stored, "--as", "drafter1"],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    assert p.returncode == 0, p.stderr
    assert "工作稿（第 1 次保存，与其基础版本一致）" in p.stdout
    p = subprocess.run([sys.executable, "-m", "workbench", "edit", "1", "--delete", "第一百条", "--db", stored,
                        "--as", "drafter1"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert p.returncode == 3 and "条文不存在" in p.stderr
