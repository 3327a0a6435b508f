"""合法性审核 page with a corpus database ($WORKBENCH_CORPUS_DB): citations are checked against it, and a
已废止 mark set in the corpus library shows at the next run (the cached results follow the corpus)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from corpus_helpers import copy_files  # noqa: E402

from corpus.importer import import_folder  # noqa: E402
from corpus.store import find_doc, open_corpus_db  # noqa: E402
from workbench.corpus_admin import mark_repealed  # noqa: E402
from workbench.schema import open_db  # noqa: E402
from workbench.documents.store import create_document  # noqa: E402
from lawtext.parser import parse_text  # noqa: E402
from workbench.access.users import get_user  # noqa: E402

PAGE = "app_pages/legality.py"
PENALTY = "行政法/行政处罚法(2021-01-22).md"
DRAFT = """沈阳市停车场管理办法
第一条 根据《中华人民共和国行政处罚法》《法规规章备案条例》，结合本市实际，制定本办法。
第二条 本办法自2026年3月1日起施行。
"""


def _page_text(at) -> str:
    return " ".join(md.value for md in at.markdown) + " ".join(c.value for c in at.caption)


def test_citations_follow_the_corpus_database(app_as, demo_db_path, corpus_dir, tmp_path, monkeypatch):
    src = tmp_path / "src"
    copy_files(corpus_dir, src, [PENALTY, "行政法规/法规规章备案条例(2001-12-14).md",
                                 "行政法规/法规规章备案审查条例(2024-08-30).md"])
    cpath = str(tmp_path / "corpus.db")
    cdb = open_corpus_db(cpath)
    import_folder(src, cdb, build_index=False)
    monkeypatch.setenv("WORKBENCH_CORPUS_DB", cpath)
    db = open_db(demo_db_path)
    doc, _ = create_document(db, title="沈阳市停车场管理办法", level="GR", tree=parse_text(DRAFT), actor="drafter")
    admin = get_user(db, "admin")
    db.close()

    def run_page():
        at = app_as("drafter", demo_db_path)
        at.session_state["lg_doc"] = doc.id
        at.session_state["lg_sev"] = ["error", "warning", "info"]
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return _page_text(at)

    text = run_page()
    assert "未找到法规库" not in text
    assert "已被《法规规章备案条例》" not in text and "已被《法规规章备案审查条例》第二十六条废止" in text
    assert "在法规库中已标记为已废止" not in text
    mark_repealed(cdb, admin, find_doc(cdb, PENALTY).id, True, note="测试标记")
    text = run_page()
    assert "《中华人民共和国行政处罚法》在法规库中已标记为已废止：测试标记" in text
