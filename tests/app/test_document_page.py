"""文档 page: table of contents, article view with 款/项/目, versions, new version upload, downloads."""
from __future__ import annotations

import html
import io
import zipfile

import pytest

from workbench.schema import open_db
from workbench.demo.workspace import EXAMPLES_DIR
from workbench.documents.store import add_version, current_version, find_document, list_versions
from lawtext.files import read_path

DOCUMENT = "app_pages/document.py"
DOG = "示例市养犬管理办法"


def _open(app_as, demo_db_path, who="drafter", title=DOG):
    doc = find_document(open_db(demo_db_path), title)
    at = app_as(who)
    at.session_state["doc_id"] = doc.id
    return at.switch_page(DOCUMENT).run(), doc


def _article_html(at) -> str:
    blocks = [m.value for m in at.markdown if 'class="wb-article"' in m.value]
    assert len(blocks) == 1
    return blocks[0]


def test_shows_the_current_version_with_a_toc_entry_per_article(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path)
    assert not at.exception
    tree = current_version(open_db(demo_db_path), doc.id).tree
    assert [t.value for t in at.title] == [DOG]
    assert f"v2 送审稿 · 共 {len(tree.articles)} 条" in at.caption[0].value
    toc = [b for b in at.button if b.key and b.key.startswith(f"doc_art_{doc.id}-")]
    assert [b.label.split(" ")[0] for b in toc] == [a.label for a in tree.articles]
    assert [e.label for e in at.expander] == [h.text for h in tree.headings]
    # the first article is shown until another is picked
    assert 'data-article-id="art-1"' in _article_html(at)


def test_clicking_an_article_shows_its_paragraphs_items_and_subitems(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path)
    tree = current_version(open_db(demo_db_path), doc.id).tree
    art = tree.article("第八条")  # 重点管理区: 款 with 项, one 项 with 目, then a second 款
    at.button(key=f"doc_art_{doc.id}-{art.id}").click().run()
    body = _article_html(at)
    assert "#### 第八条" in [m.value for m in at.markdown]
    for element_id, text in art.elements():
        assert f'id="{element_id}"' in body
        assert html.escape(text) in body
    assert "第一款" in body and "第二款" in body
    assert 'id="art-8-p1-i2-s1" style="padding-left:4em' in body
    assert "1.各类开发区、产业园区；" in body

    at.button(key="doc_next").click().run()
    assert 'data-article-id="art-9"' in _article_html(at)


def test_picking_the_older_version_shows_its_articles(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path)
    v1, v2 = list_versions(open_db(demo_db_path), doc.id)
    at.selectbox(key=f"doc_ver_{doc.id}").set_value(v1.id).run()
    assert f"v1 征求意见稿 · 共 {len(v1.tree.articles)} 条" in at.caption[0].value
    at.button(key=f"doc_art_{doc.id}-art-11").click().run()
    assert "养犬管理服务费" in _article_html(at)  # deleted in the 送审稿
    assert len(v1.tree.articles) == 27 and len(v2.tree.articles) == 28


def test_versions_table_lists_label_author_time_note_and_sha256(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path)
    versions = list_versions(open_db(demo_db_path), doc.id)
    df = at.dataframe[0].value
    assert list(df["版本"]) == ["v2", "v1"]
    assert list(df["标签"]) == ["送审稿", "征求意见稿"]
    assert list(df["sha256"]) == [v.sha256 for v in reversed(versions)]
    assert set(df["作者"]) == {"李明"}  # display name of the demo user drafter
    assert all(df["时间"].str.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d$"))
    assert "删除养犬管理服务费条款" in df["说明"].iloc[0]


def test_download_buttons_offer_docx_and_markdown(app_as, demo_db_path):
    at, _ = _open(app_as, demo_db_path)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载 Word", "下载 Markdown"]


def _upload(at, doc, name: str, data: bytes, *, label="审议稿", note=""):
    at.file_uploader(key="doc_upload_file").set_value((name, data, "application/octet-stream"))
    form_selects = [s for s in at.selectbox if s.label == "版本标签"]
    form_selects[0].set_value(label)
    [t for t in at.text_input if t.label == "修改说明"][0].input(note)
    [b for b in at.button if b.label == "保存为新版本"][0].click()
    return at.run()


def test_uploading_a_revised_draft_stores_a_new_version(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path)
    revised = (EXAMPLES_DIR / "gr-dog-management-v2.md").read_text(encoding="utf-8").replace(
        "并处二万元罚款", "并处一千元罚款").replace("（送审稿）", "（审议稿）")
    at = _upload(at, doc, "养犬管理办法-审议稿.md", revised.encode("utf-8"), note="罚款降至一千元")
    assert not at.exception
    assert not at.error
    db = open_db(demo_db_path)
    versions = list_versions(db, doc.id)
    assert [v.label for v in versions] == ["征求意见稿", "送审稿", "审议稿"]
    v3 = versions[-1]
    assert v3.parent_id == versions[1].id and v3.note == "罚款降至一千元" and v3.created_by == "drafter"
    assert "一千元罚款" in v3.tree.article("第二十二条").flat_text
    assert [s.value for s in at.success] == [f"已保存为新版本 v3 审议稿，共 {len(v3.tree.articles)} 条。"]
    assert "v3 审议稿 · 共 28 条" in at.caption[0].value
    events = db.execute("select action, actor from audit_log where version_id = ?", [v3.id]).fetchall()
    assert events == [("version.create", "drafter")]


def test_bad_uploads_show_a_chinese_error_and_store_nothing(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<not-really-docx/>")
    bad_files = [
        ("草案.docx", "第一条 纯文本冒充 Word 文件".encode("utf-8"), "不是有效的 Word"),
        ("草案.txt", bytes(range(128, 256)) * 40, "无法识别文件"),
        ("草案.md", buf.getvalue(), "内容与扩展名 .md 不符"),
        ("草案.txt", b"   \n", "空文件"),
    ]
    for name, data, message in bad_files:
        at = _upload(at, doc, name, data)
        assert not at.exception, name
        assert len(at.error) == 1 and message in at.error[0].value, (name, [e.value for e in at.error])
        assert len(list_versions(open_db(demo_db_path), doc.id)) == 2


def test_upload_refuses_to_stack_on_a_version_saved_meanwhile(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path)
    db = open_db(demo_db_path)
    add_version(db, doc.id, read_path(EXAMPLES_DIR / "gr-dog-management-v1.md"), label="修改稿", actor="admin")
    at = _upload(at, doc, "v.md", (EXAMPLES_DIR / "gr-dog-management-v2.md").read_bytes())
    assert "他人已保存了新版本" in at.error[0].value
    assert [v.label for v in list_versions(db, doc.id)] == ["征求意见稿", "送审稿", "修改稿"]


def test_advisor_can_read_but_not_upload(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path, who="advisor", title="示例市历史文化街区保护条例")
    assert not at.exception
    assert [t.value for t in at.title] == ["示例市历史文化街区保护条例"]
    assert not at.file_uploader
    assert "法律顾问无权保存新版本。" in [i.value for i in at.info]
    from workbench.documents.store import upload_version
    from base.errors import PermissionDenied
    from workbench.access.users import get_user
    db = open_db(demo_db_path)
    with pytest.raises(PermissionDenied, match="法律顾问无权保存新版本"):
        upload_version(db, get_user(db, "advisor"), doc.id, (EXAMPLES_DIR / "lr-heritage-districts.md").read_bytes(),
                       "x.md", label="修改稿")
    assert len(list_versions(db, doc.id)) == 1


def test_document_picker_in_the_sidebar_switches_documents(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path)
    nd = find_document(open_db(demo_db_path), "示例市住宅小区物业服务管理实施细则")
    at.sidebar.selectbox(key="doc_pick").set_value(nd.id).run()
    assert at.session_state["doc_id"] == nd.id
    assert [t.value for t in at.title] == ["示例市住宅小区物业服务管理实施细则"]
    assert "行政规范性文件" in at.caption[0].value


def test_whole_text_view_shows_every_chapter_article_paragraph_and_item(app_as, demo_db_path):
    at, doc = _open(app_as, demo_db_path)
    tree = current_version(open_db(demo_db_path), doc.id).tree
    assert at.radio(key="doc_mode").value == "逐条"
    at.radio(key="doc_mode").set_value("全文").run()
    assert not at.exception
    body = "".join(m.value for m in at.markdown if "wb-article" in m.value)
    assert body.count('class="wb-article"') == len(tree.articles)
    for h in tree.headings:
        assert html.escape(h.text) in body
    for a in tree.articles:
        assert f">{html.escape(a.label)}</p>" in body
        for p in a.paragraphs:
            assert f'id="{p.id}"' in body
            for it in p.items:
                assert f'id="{it.id}"' in body and all(f'id="{s.id}"' in body for s in it.children)
    # headings and articles in document order
    from lawtext.model import Heading
    marks = [f"{html.escape(n.text)}</h5>" if isinstance(n, Heading) else f'data-article-id="{n.id}"'
             for n in tree.body]
    positions = [body.index(m) for m in marks]
    assert positions == sorted(positions)
    assert not [b for b in at.button if b.key and b.key.startswith(f"doc_art_{doc.id}-")]   # no TOC in 全文


def test_upload_tab_states_the_size_limit_and_types_in_chinese(app_as, demo_db_path):
    at, _ = _open(app_as, demo_db_path)
    assert "文件大小上限 20 MB，支持 .docx/.md/.txt" in [c.value for c in at.caption]


def test_a_published_document_offers_no_upload_and_says_why(app_as, demo_db_path):
    """Issue 19, defect 4: the 上传新版本 tab of a 公布 document explains the 修改 project instead."""
    db = open_db(demo_db_path)
    published = find_document(db, "示例市政府信息主动公开工作规定")
    at = app_as("drafter", demo_db_path)
    at.session_state["doc_id"] = published.id
    at.switch_page("app_pages/document.py").run()
    assert not at.exception
    assert any("已公布" in i.value and "修改项目" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "保存为新版本"]
