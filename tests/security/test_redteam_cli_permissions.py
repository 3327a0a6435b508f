"""Red-team issue 17, item 2 (and the CLI side of item 19): every CLI command resolves its acting
user like a login does (an existing, active account) and checks the same permissions as the app.

Demo workspace: 物业服务管理实施细则 (document 2) is open for comment to the 东城街道 contact point;
the drafter adds an internal draft (内部稿) v2 that the contact may never see.
"""
from __future__ import annotations

import pytest

from cli_helpers import run_json
from workbench.access.users import get_user, set_active
from workbench.documents.store import INTERNAL_LABEL, add_version, current_version, list_documents
from workbench.schema import open_db

DRAFT = "示例市临时草案\n第一条 为了测试，制定本办法。\n"


@pytest.fixture
def demo(demo_db_path, tmp_path):
    db = open_db(demo_db_path)
    tree = current_version(db, 2).tree
    internal = add_version(db, 2, tree, label=INTERNAL_LABEL, actor="drafter", note="内部讨论")
    draft = tmp_path / "草案.md"
    draft.write_text(DRAFT, encoding="utf-8")
    return demo_db_path, internal, draft


def _cli(capsys, db_path, *argv):
    return run_json(capsys, *argv, "--db", db_path, "--json")


def test_contact_cannot_export_an_internal_draft(capsys, demo, tmp_path):
    db_path, internal, _ = demo
    out = tmp_path / "内部稿.md"
    code, _, err = _cli(capsys, db_path, "export", "2", "--version", str(internal.seq), "--format", "md",
                        "-o", str(out), "--as", "contact")
    assert code == 4 and "内部稿" in err and not out.exists()
    code, data, _ = _cli(capsys, db_path, "export", "2", "--version", "1", "--format", "md", "-o", str(out),
                         "--as", "contact")
    assert code == 0 and out.exists()           # the consulted version stays available to the contact


def test_contact_cannot_diff_against_an_internal_draft(capsys, demo):
    db_path, internal, _ = demo
    code, data, err = _cli(capsys, db_path, "diff", "2:1", f"2:{internal.seq}", "--as", "contact")
    assert code == 4 and data["kind"] == "PermissionDenied"
    code, data, err = _cli(capsys, db_path, "diff", "2:1", f"v:{internal.id}", "--as", "contact")
    assert code == 4


def test_listings_show_what_the_app_shows(capsys, demo):
    db_path, internal, _ = demo
    code, data, _ = _cli(capsys, db_path, "documents", "--as", "contact")
    assert code == 0 and [d["id"] for d in data] == [2]
    code, data, _ = _cli(capsys, db_path, "versions", "2", "--as", "contact")
    assert code == 0 and [v["seq"] for v in data] == [1]
    code, data, _ = _cli(capsys, db_path, "versions", "1", "--as", "contact")
    assert code == 4
    code, data, _ = _cli(capsys, db_path, "user", "list", "--as", "drafter")
    assert code == 4
    code, data, _ = _cli(capsys, db_path, "user", "list", "--as", "admin")
    assert code == 0 and len(data) == open_db(db_path).execute("select count(*) from users").fetchone()[0]


def test_import_needs_a_real_active_user_with_the_permission(capsys, demo):
    db_path, _, draft = demo
    before = len(list_documents(open_db(db_path)))
    for who, exit_code in (("ghost_nobody", 4), ("contact", 4), ("advisor", 4)):
        code, data, err = _cli(capsys, db_path, "import", str(draft), "--level", "GR", "--as", who)
        assert code == exit_code, (who, err)
    code, data, err = _cli(capsys, db_path, "import", str(draft), "--doc", "1", "--as", "reviewer")
    assert code == 4
    db = open_db(db_path)
    set_active(db, get_user(db, "admin"), "drafter", False)
    code, data, err = _cli(capsys, db_path, "import", str(draft), "--level", "GR", "--as", "drafter")
    assert code == 4 and "停用" in err
    assert len(list_documents(open_db(db_path))) == before
    code, data, err = _cli(capsys, db_path, "import", str(draft), "--level", "GR", "--as", "admin")
    assert code == 0 and len(list_documents(open_db(db_path))) == before + 1


@pytest.mark.parametrize("argv", [
    ("audit", "verify"),
    ("audit", "list"),
    ("review", "list"),
    ("check", "2"),                    # item 19: check.run
    ("stage", "2"),
    ("dashboard",),
])
def test_staff_commands_refuse_a_contact(capsys, demo, argv):
    db_path, _, _ = demo
    code, data, err = _cli(capsys, db_path, *argv, "--as", "contact")
    assert code == 4, err


def test_corpus_commands_check_the_acting_user(capsys, demo, tmp_path):
    """Item 19 (CLI side): corpus search and build take the acting user from the workbench database."""
    db_path, _, draft = demo
    corpus_db = str(tmp_path / "corpus.db")
    src = tmp_path / "laws"
    src.mkdir()
    (src / "示例市停车管理办法(2020-05-01).md").write_text(
        "# 示例市停车管理办法\n\n<!-- INFO END -->\n\n第一条 为了规范停车秩序，制定本办法。\n", encoding="utf-8")
    common = ("--db", corpus_db, "--workbench-db", db_path, "--json")
    assert run_json(capsys, "corpus", "build", str(src), *common, "--as", "drafter")[0] == 4
    assert run_json(capsys, "corpus", "build", str(src), *common, "--as", "admin")[0] == 0
    assert run_json(capsys, "corpus", "search", "规范停车秩序", *common, "--as", "contact")[0] == 4
    code, data, _ = run_json(capsys, "corpus", "search", "规范停车秩序", *common, "--as", "drafter")
    assert code == 0 and data["results"][0]["hits"]
    assert run_json(capsys, "conflicts", str(draft), *common, "--as", "contact")[0] == 4


def test_cleanup_needs_corpus_search_even_without_the_workspace(capsys, demo):
    db_path, _, _ = demo
    code, _, err = run_json(capsys, "cleanup", "野生动物保护法", "--no-workspace", "--corpus-db", db_path,
                            "--db", db_path, "--as", "contact")
    assert code == 4, err
