"""导入 page: upload → preview of the parsed tree → level/title/issuing body/label → stored document."""
from __future__ import annotations

import csv

import pytest

from workbench.schema import open_db
from workbench.demo.workspace import EXAMPLES_DIR
from workbench.documents.store import list_documents, list_versions

IMPORT = "app_pages/import_page.py"
CORPUS_FILE = "DLC/上海地方法规/地方性法规/上海/上海口岸服务条例(2020-05-14).md"


def _manifest_row(corpus_dir, path):
    with open(corpus_dir / "manifest.tsv", encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f, delimiter="\t") if r["path"] == path)


def _upload(at, name, data):
    at.file_uploader(key="import_file").set_value((name, data, "application/octet-stream"))
    return at.run()


def _save(at, *, level, title=None, body="", label=None):
    form = {s.label: s for s in at.selectbox}
    if level is not None:
        form["文件层级"].set_value(level)
    if label is not None:
        form["版本标签"].set_value(label)
    inputs = {t.label: t for t in at.text_input}
    if title is not None:
        inputs["文档标题"].input(title)
    inputs["制定机关"].input(body)
    [b for b in at.button if b.label == "保存"][0].click()
    return at.run()


def test_real_corpus_file_previews_and_imports(app_as, demo_db_path, corpus_dir):
    row = _manifest_row(corpus_dir, CORPUS_FILE)
    at = app_as("drafter").switch_page(IMPORT).run()
    assert not at.exception
    at = _upload(at, "上海口岸服务条例.md", (corpus_dir / CORPUS_FILE).read_bytes())
    assert not at.error
    assert at.metric[0].value == f"{row['articles']} 条"
    assert f"**标题：** {row['title']}" in [m.value for m in at.markdown]
    assert {t.label: t.value for t in at.text_input}["文档标题"] == row["title"]

    before = len(list_documents(open_db(demo_db_path)))
    at = _save(at, level="LR", body="上海市人民代表大会常务委员会")
    assert not at.exception and not at.error
    db = open_db(demo_db_path)
    docs = list_documents(db)
    assert len(docs) == before + 1
    new = next(d for d in docs if d.title == row["title"])
    assert (new.level, new.issuing_body) == ("LR", "上海市人民代表大会常务委员会")
    (v,) = list_versions(db, new.id)
    assert len(v.tree.articles) == int(row["articles"]) and v.label == "草案" and v.created_by == "drafter"
    # lands on the 文档 page of the new document
    assert at.session_state["doc_id"] == new.id
    assert [t.value for t in at.title] == [row["title"]]
    assert [s.value for s in at.success] == [f"已导入：《{row['title']}》v1 草案，共 {row['articles']} 条。"]


def test_draft_label_in_the_title_is_suggested_and_gbk_text_is_decoded(app_as, demo_db_path):
    text = (EXAMPLES_DIR / "nd-property-services.txt").read_text(encoding="utf-8")
    at = _upload(app_as("admin").switch_page(IMPORT).run(), "细则.txt", text.encode("gbk"))
    assert not at.error
    assert at.metric[0].value == "23 条"
    assert {t.label: t.value for t in at.text_input}["文档标题"] == "示例市住宅小区物业服务管理实施细则"
    assert {s.label: s.value for s in at.selectbox}["版本标签"] == "征求意见稿"
    at = _save(at, level="ND", title="示例市住宅小区物业服务管理实施细则（第二稿）", body="示例市住房和城乡建设局")
    assert not at.error
    doc = next(d for d in list_documents(open_db(demo_db_path)) if d.title.endswith("（第二稿）"))
    (v,) = list_versions(open_db(demo_db_path), doc.id)
    assert v.label == "征求意见稿" and v.tree.article("第四条").paragraphs[1].items[0].text == "营业执照；"


def test_bad_file_shows_a_chinese_error_and_no_form(app_as, demo_db_path):
    before = len(list_documents(open_db(demo_db_path)))
    at = _upload(app_as("drafter").switch_page(IMPORT).run(), "草案.docx", b"this is not a zip at all")
    assert not at.exception
    assert "不是有效的 Word (.docx) 文件" in at.error[0].value
    assert not [b for b in at.button if b.label == "保存"]
    assert len(list_documents(open_db(demo_db_path))) == before


def test_level_is_required_and_nothing_is_stored_without_it(app_as, demo_db_path):
    before = len(list_documents(open_db(demo_db_path)))
    at = _upload(app_as("drafter").switch_page(IMPORT).run(), "养犬.md",
                 (EXAMPLES_DIR / "gr-dog-management-v1.md").read_bytes())
    at = _save(at, level=None)
    assert [e.value for e in at.error] == ["请选择文件层级。"]
    assert len(list_documents(open_db(demo_db_path))) == before


def test_roles_without_document_create_cannot_reach_or_use_the_page(app_as, demo_db_path):
    before = len(list_documents(open_db(demo_db_path)))
    at = app_as("advisor").switch_page(IMPORT).run()
    assert not at.file_uploader  # not in the advisor's navigation: the landing page is shown
    assert "导入" not in [t.value for t in at.title]

    # run directly (bypassing the navigation), the page still refuses, and so does the core
    from streamlit.testing.v1 import AppTest

    from workbench.documents.store import import_document
    from base.errors import PermissionDenied
    from lawtext.files import read_path
    from workbench.access.users import get_user
    advisor = get_user(open_db(demo_db_path), "advisor")
    page = AppTest.from_file(str(EXAMPLES_DIR.parent / IMPORT), default_timeout=30)
    page.session_state["db_path"] = demo_db_path
    page.session_state["user"] = advisor
    page.run()
    assert [e.value for e in page.error] == ["法律顾问无权新建或导入文档。"]
    assert not page.file_uploader
    tree = read_path(EXAMPLES_DIR / "gr-dog-management-v1.md")
    with pytest.raises(PermissionDenied, match="法律顾问无权新建/导入文档"):
        import_document(open_db(demo_db_path), advisor, tree, title="x", level="GR")
    assert len(list_documents(open_db(demo_db_path))) == before


def test_preview_outline_indents_every_article_alike_and_states_the_limit(app_as, demo_db_path):
    at = app_as("drafter").switch_page(IMPORT).run()
    assert "文件大小上限 20 MB，支持 .docx/.md/.txt" in [c.value for c in at.caption]
    at = _upload(at, "养犬.md", (EXAMPLES_DIR / "gr-dog-management-v2.md").read_bytes())
    (outline,) = [m.value for m in at.markdown if "wb-outline" in m.value]
    import re
    articles = re.findall(r'<div style="([^"]*)">(第[^<　]+条)', outline)
    assert len(articles) > 20 and articles[0][1] == "第一条"
    assert {style for style, _ in articles} == {"padding-left:2em"}       # the first one too
    assert "　" not in outline.split("第一条")[0]                           # no leading spaces to be stripped


def test_an_oversize_upload_is_refused_by_the_app_in_chinese(app_as, demo_db_path, monkeypatch):
    """Issue 19, defect 7: the size refusal was only Streamlit's English tooltip; Streamlit's own limit
    is now above the workbench's, and the app refuses with a Chinese message."""
    from ui.uploads import streamlit_limit_mb
    monkeypatch.setenv("WORKBENCH_MAX_UPLOAD_MB", "1")
    assert streamlit_limit_mb() > 1
    db = open_db(demo_db_path)
    before = len(list_documents(db))
    at = _upload(app_as("drafter").switch_page(IMPORT).run(), "大文件.md",
                 "第一条 本办法适用于本市。\n".encode() * 80_000)          # 2.9 MB
    assert not at.exception
    assert [e.value for e in at.error] == ["文件过大：「大文件.md」为 2.9 MB，超过上限 1 MB，未作处理。"]
    assert not [b for b in at.button if b.label == "保存"] and len(list_documents(db)) == before
