"""The demo workspace: what it contains, that it is created once, atomically, and by the CLI."""
from __future__ import annotations

import subprocess
import sys

import pytest

from base import audit
from base.db import PROJECT_ROOT
from workbench.schema import open_db
from workbench.demo.workspace import DEMO_DOCUMENTS, EXAMPLES_DIR, SEED_STEPS, ensure_demo_workspace, is_pristine
from workbench.documents.store import find_document, list_documents, list_versions
from lawtext.files import read_path
from workbench.access.users import authenticate, list_users


def test_demo_workspace_contents(fresh_db):
    assert ensure_demo_workspace(fresh_db) is True
    users = {u.username: u.role for u in list_users(fresh_db)}
    assert users == {"admin": "admin", "drafter": "drafter", "advisor": "advisor", "reviewer": "reviewer",
                     "contact": "contact", "filing": "filing_reviewer", "filer": "filer"}
    for name in users:
        assert authenticate(fresh_db, name, f"{name}123").username == name
    assert {(d.title, d.level) for d in list_documents(fresh_db)} >= {
        ("示例市养犬管理办法", "GR"), ("示例市住宅小区物业服务管理实施细则", "ND"), ("示例市历史文化街区保护条例", "LR")}
    dog = find_document(fresh_db, "示例市养犬管理办法")
    v1, v2 = list_versions(fresh_db, dog.id)[:2]
    assert (v1.label, v2.label, v2.parent_id) == ("征求意见稿", "送审稿", v1.id)
    assert audit.verify(fresh_db) == []
    actions = [e["action"] for e in audit.events(fresh_db, dog.id)]
    assert actions.count("version.create") >= 2 and "document.create" in actions


def test_examples_have_chapters_paragraphs_items_and_the_revision_changes():
    for spec in DEMO_DOCUMENTS:
        for v in spec.versions:
            tree = read_path(EXAMPLES_DIR / v.file)
            assert 20 <= len(tree.articles) <= 40, v.file
            assert any(h.kind == "章" for h in tree.headings), v.file
            assert any(len(a.paragraphs) > 1 for a in tree.articles), v.file
            assert any(p.items for a in tree.articles for p in a.paragraphs), v.file
    v1 = read_path(EXAMPLES_DIR / "gr-dog-management-v1.md")
    v2 = read_path(EXAMPLES_DIR / "gr-dog-management-v2.md")
    texts1 = {a.flat_text for a in v1.articles}
    texts2 = {a.flat_text for a in v2.articles}
    definitions = next(a for a in v1.articles if a.flat_text.startswith("本办法中下列用语的含义"))
    assert definitions.path == ["第六章 附则"]                                   # moved …
    assert v2.article("第三条").flat_text == definitions.flat_text             # … to 第三条 in 总则
    assert v2.article("第三条").path == ["第一章 总则"]
    assert any("养犬管理服务费" in t for t in texts1) and not any("养犬管理服务费" in t for t in texts2)  # deleted
    assert not any("免费接种狂犬病疫苗" in t for t in texts1) and any("免费接种狂犬病疫苗" in t for t in texts2)  # inserted
    assert "并处五万元罚款" in v1.article("第二十条").flat_text                  # fine changed
    assert "并处二万元罚款" in v2.article("第二十二条").flat_text


def test_created_only_in_a_pristine_database(fresh_db, users):
    assert not is_pristine(fresh_db)
    assert ensure_demo_workspace(fresh_db) is False
    assert list_documents(fresh_db) == []


def test_a_failing_seed_step_leaves_the_database_pristine(fresh_db, monkeypatch):
    def broken(ctx):
        assert ctx.documents["dog"].title == "示例市养犬管理办法"  # earlier steps ran …
        raise RuntimeError("seed step failed")

    monkeypatch.setattr("workbench.demo.workspace.SEED_STEPS", [*SEED_STEPS, ("broken", broken)])
    with pytest.raises(RuntimeError, match="seed step failed"):
        ensure_demo_workspace(fresh_db)
    assert is_pristine(fresh_db)                                     # … and were rolled back
    assert fresh_db.execute("select count(*) from audit_log").fetchone()[0] == 0
    assert fresh_db.execute("select count(*) from versions").fetchone()[0] == 0


def test_cli_demo_creates_then_reports_existing_data(db_path):
    cmd = [sys.executable, "-m", "workbench", "demo", "--db", db_path]
    first = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "创建示例工作区" in first.stdout and "drafter / 密码 drafter123（起草人员）" in first.stdout
    second = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "未创建示例工作区" in second.stdout
    assert len(list_documents(open_db(db_path))) >= 3
