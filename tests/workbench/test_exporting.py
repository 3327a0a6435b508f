"""Downloads offered on the 文档 page: .docx and Markdown of a stored version re-import to the same tree."""
from __future__ import annotations

import io
import zipfile

from workbench.schema import open_db
from workbench.documents.store import find_document, list_versions
from lawtext.exporting import docx_bytes, document_filename, export_filename, markdown_bytes
from lawtext.files import read_bytes


def _same_articles(a, b):
    return [(x.label, x.path, x.text) for x in a.articles] == [(y.label, y.path, y.text) for y in b.articles]


def test_every_demo_version_exports_to_docx_and_markdown_that_reimport_identically(demo_db_path):
    db = open_db(demo_db_path)
    for title in ("示例市养犬管理办法", "示例市住宅小区物业服务管理实施细则", "示例市历史文化街区保护条例"):
        doc = find_document(db, title)
        for v in list_versions(db, doc.id):
            tree = v.tree
            data = docx_bytes(tree, doc.level)
            assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
            assert _same_articles(read_bytes(data, "x.docx"), tree), (title, v.label, "docx")
            assert _same_articles(read_bytes(markdown_bytes(tree), "x.md"), tree), (title, v.label, "md")


def test_export_filename_keeps_chinese_and_drops_path_characters():
    assert export_filename("示例市养犬管理办法", "送审稿", 2, "docx") == "示例市养犬管理办法-v2-送审稿.docx"
    assert export_filename("关于/印发 a:b 的通知", "草案", 1, "md") == "关于_印发_a_b_的通知-v1-草案.md"


def test_report_file_names_use_the_document_title():
    assert document_filename("示例市养犬管理办法", "征求意见采纳情况说明", "docx") \
        == "示例市养犬管理办法-征求意见采纳情况说明.docx"
    assert document_filename("关于/印发 a:b 的通知", "采纳情况反馈-东城街道", "docx") \
        == "关于_印发_a_b_的通知-采纳情况反馈-东城街道.docx"
