"""Bad uploads are refused with a Chinese message, through the importer and the CLI, and nothing
is stored; GBK text is decoded, not refused."""
from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.schema import open_db
from base.errors import InputError
from lawtext.files import read_bytes, read_path

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOOD_DOCX = (FIXTURES / "docx" / "park_python_docx.docx").read_bytes()
GOOD_TEXT = (FIXTURES / "text" / "park_regulation.txt").read_bytes()
CJK = re.compile(r"[\u4e00-\u9fff]")


def _zip(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def ratio_bomb() -> bytes:
    """A real .docx plus a 50 MB member of zeros (compresses about 1000:1)."""
    buf = io.BytesIO(GOOD_DOCX)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/media/image1.bin", "w") as f:
            chunk = bytes(1 << 20)
            for _ in range(50):
                f.write(chunk)
    return buf.getvalue()


def size_bomb() -> bytes:
    """120 members of exactly 2 MB (below the ratio check's size): 240 MB once unpacked."""
    buf = io.BytesIO(GOOD_DOCX)
    blob = bytes(2 * 1024 * 1024)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        for i in range(120):
            zf.writestr(f"word/media/part{i}.bin", blob)
    return buf.getvalue()


def too_many_members() -> bytes:
    buf = io.BytesIO(GOOD_DOCX)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as zf:
        for i in range(2001):
            zf.writestr(f"word/extra/item{i}.xml", b"<a/>")
    return buf.getvalue()


def lying_sizes() -> bytes:
    """document.xml whose headers declare fewer bytes than it really holds (CRC then fails)."""
    data = bytearray(GOOD_DOCX)
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for m in re.finditer(re.escape(sig), bytes(data)):
            name_len_at = m.start() + (26 if sig == b"PK\x03\x04" else 28)
            name_len = struct.unpack("<H", data[name_len_at:name_len_at + 2])[0]
            name_at = m.start() + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(data[name_at:name_at + name_len]) == b"word/document.xml":
                data[m.start() + offset:m.start() + offset + 4] = struct.pack("<I", 1000)
    return bytes(data)


BAD = {
    "truncated.docx": (lambda: GOOD_DOCX[: len(GOOD_DOCX) // 2], "损坏"),
    "text-renamed.docx": (lambda: GOOD_TEXT, "不是有效的 Word"),
    "docx-renamed.txt": (lambda: GOOD_DOCX, "与扩展名"),
    "word97.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "不是有效的 Word"),
    "spreadsheet.docx": (lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
                         "缺少正文"),
    "ratio-bomb.docx": (ratio_bomb, "压缩炸弹"),
    "size-bomb.docx": (size_bomb, "压缩炸弹"),
    "many-members.docx": (too_many_members, "内部文件"),
    "lying-sizes.docx": (lying_sizes, "无法读取"),
    "broken-xml.docx": (lambda: _zip({**_members(GOOD_DOCX), "word/document.xml": b"<w:document><w:body>"}),
                        "无法读取"),
    "empty.txt": (lambda: b"", "空文件"),
    "blank.md": (lambda: b" \r\n\t\n", "空文件"),
    "binary.txt": (lambda: b"\x00\x01\x02\x03" * 100, "二进制"),
    "undecodable.txt": (lambda: bytes(range(0x80, 0x100)) * 40, "编码"),
    "no-articles.docx": (lambda: _docx_without_text(), "没有找到"),
    "scan.pdf": (lambda: b"%PDF-1.7\n", "不支持"),
}


def _docx_without_text() -> bytes:
    import docx
    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", list(BAD))
def test_read_bytes_refuses_with_a_chinese_message(name):
    make, expected = BAD[name]
    with pytest.raises(InputError) as info:
        read_bytes(make(), name)
    message = str(info.value)
    assert expected in message and CJK.search(message)
    if name not in ("scan.pdf",):
        assert name in message or "文件" in message


@pytest.mark.parametrize("name", ["truncated.docx", "ratio-bomb.docx", "undecodable.txt", "docx-renamed.txt"])
def test_read_path_refuses_the_same_files(name, tmp_path):
    make, expected = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(InputError, match=expected):
        read_path(path)


def test_oversized_upload_is_refused_before_reading(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_MAX_UPLOAD_MB", "0.01")    # 10 KB; the fixture is ~40 KB
    with pytest.raises(InputError, match="过大"):
        read_bytes(GOOD_DOCX, "大文件.docx")
    path = tmp_path / "大文件.docx"
    path.write_bytes(GOOD_DOCX)
    with pytest.raises(InputError, match="过大.*上限"):
        read_path(path)
    monkeypatch.setenv("WORKBENCH_MAX_UPLOAD_MB", "20")
    assert len(read_path(path).articles) == 17


def test_missing_file():
    with pytest.raises(InputError, match="文件不存在"):
        read_path("/nonexistent/草案.docx")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_chinese_text_encodings_import(encoding):
    text = GOOD_TEXT.decode("utf-8")
    doc = read_bytes(text.encode(encoding), "草案.txt")
    assert doc == read_bytes(GOOD_TEXT, "草案.txt")
    assert len(doc.articles) == 17


# --- CLI ---------------------------------------------------------------------------------------
def _counts(db_path) -> tuple[int, int, int]:
    db = open_db(db_path)
    try:
        return db["documents"].count, db["versions"].count, db["audit_log"].count
    finally:
        db.close()


@pytest.mark.parametrize("name", ["truncated.docx", "text-renamed.docx", "docx-renamed.txt", "ratio-bomb.docx",
                                  "undecodable.txt", "empty.txt", "lying-sizes.docx"])
def test_cli_import_refuses_and_stores_nothing(name, tmp_path, db_path, capsys):
    make, expected = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    assert main(["import", str(path), "--level", "LR", "--db", db_path]) != 0
    err = capsys.readouterr().err
    assert err.startswith("错误：") and expected in err
    assert _counts(db_path) == (0, 0, 0)


def test_cli_oversized(monkeypatch, tmp_path, db_path, capsys):
    monkeypatch.setenv("WORKBENCH_MAX_UPLOAD_MB", "0.01")
    path = tmp_path / "草案.docx"
    path.write_bytes(GOOD_DOCX)
    assert main(["import", str(path), "--level", "GR", "--db", db_path]) != 0
    assert "过大" in capsys.readouterr().err
    assert main(["parse", str(path)]) != 0
    assert _counts(db_path) == (0, 0, 0)


def test_cli_parse_refuses_json_error(tmp_path, capsys):
    path = tmp_path / "坏文件.docx"
    path.write_bytes(GOOD_DOCX[:500])
    assert main(["parse", str(path), "--json"]) != 0
    out, err = capsys.readouterr()
    assert '"kind": "InputError"' in out and "坏文件.docx" in err


def _run(*args, env_extra=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


def test_cli_process_exit_codes(tmp_path, db_path):
    bomb = tmp_path / "炸弹.docx"
    bomb.write_bytes(ratio_bomb())
    res = _run("import", str(bomb), "--level", "LR", "--db", db_path)
    assert res.returncode == 2 and "压缩炸弹" in res.stderr and res.stdout == ""
    gbk = FIXTURES / "text" / "park_regulation_gbk.txt"
    res = _run("import", str(gbk), "--level", "LR", "--db", db_path)
    assert res.returncode == 0, res.stderr
    assert "示例市城市公园管理条例" in res.stdout and "共 17 条" in res.stdout
    assert _counts(db_path)[:2] == (1, 1)
