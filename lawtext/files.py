"""Turn an uploaded or local file into an article tree, refusing bad input clearly.

Checks, in order: the upload guard's size limit (default 20 MB, $WORKBENCH_MAX_UPLOAD_MB, see
lawtext.upload_guard), content matches the extension (a .docx must be a zip, a .txt/.md must not
be a zip or a binary), decoding (UTF-8 with or without BOM, UTF-16 with BOM, then GB18030 — which
covers GBK/GB2312), then the guard's text limits before the parser runs. A .docx goes through the
guard's bounded unzip (lawtext.docx.io). Every refusal raises :class:`InputError` with a Chinese
message; nothing is stored here.
"""
from __future__ import annotations

import os
from pathlib import Path

from lawtext.docx.io import read_docx
from lawtext.errors import InputError
from lawtext.model import LegalDocument
from lawtext.parser import parse_file_text
from lawtext.upload_guard import check_text, check_upload, max_upload_bytes, read_file_limited

SUPPORTED = (".docx", ".md", ".markdown", ".txt")
__all__ = ["SUPPORTED", "decode_text", "max_upload_bytes", "read_bytes", "read_path"]


def decode_text(data: bytes, filename: str = "") -> str:
    """Decode text bytes; refuse binaries and undecodable bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(code="files.decode_text", filename=filename) from None
    if b"\x00" in data:    # anywhere: a NUL after the first 8 KB used to slip through (red-team item 8)
        raise InputError(code="binary", filename=filename)
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _plausible_chinese(text):
            break
        return text
    raise InputError(code="files.unknown_encoding", filename=filename)


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only if most letters are common CJK."""
    letters = [c for c in text if not c.isspace() and not c.isascii()]
    if not letters:
        return True
    common = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff" or c in "，。、；：？！“”‘’（）《》【】—…·")
    return common / len(letters) > 0.9


def read_bytes(data: bytes, filename: str) -> LegalDocument:
    """Parse uploaded bytes according to the file name's extension."""
    name = filename or "未命名文件"
    ext = Path(name).suffix.lower()
    if ext not in SUPPORTED:
        raise InputError(code="files.read_bytes", ext=ext or '无扩展名')
    check_upload(data, name)
    if ext == ".docx":
        doc = read_docx(data, filename=name)
    else:
        if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or data[:5] == b"%PDF-":
            raise InputError(code="files.binary_content", name=name, ext=ext)
        text = decode_text(data, name)
        check_text(text, name)
        doc = parse_file_text(text, filename=name)
    if not doc.articles and not doc.preamble and not any(h.paragraphs for h in doc.headings):
        raise InputError(code="files.no_articles", name=name)
    return doc


def read_path(path: str | os.PathLike) -> LegalDocument:
    """A local file, its size checked before it is read (lawtext.upload_guard.read_file_limited)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(code="files.read_path", p=p)
    return read_bytes(read_file_limited(p), p.name)
