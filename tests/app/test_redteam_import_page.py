"""Red-team issue 17, item 15: a .docx with a corrupted zip "version needed" field made the 导入
page show a traceback with server paths; now the page shows the guard's Chinese message."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from make_hostile_files import BASE_DOCX, _patch_member_header  # noqa: E402

IMPORT = "app_pages/import_page.py"


def test_corrupted_zip_version_field_gives_a_chinese_error(app_as):
    data = _patch_member_header(BASE_DOCX.read_bytes(), "word/document.xml",
                                local={4: ("<H", 0xFF)}, central={6: ("<B", 0xFF)})
    at = app_as("drafter").switch_page(IMPORT).run()
    at.file_uploader(key="import_file").set_value(("草案.docx", data, "application/octet-stream"))
    at = at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["文件 草案.docx 已损坏或不完整（不是有效的 zip/Word 文件），无法读取"]
