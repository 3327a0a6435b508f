"""The one guard every upload path goes through: document import (lawtext.files, lawtext.docx.io),
座谈会记录 import (workbench.consultation.comment_import) and the corpus import (corpus.importer).

What it bounds, so that any accepted file is processed in a few hundred MB and seconds:

- the file size (``$WORKBENCH_MAX_UPLOAD_MB``, default 20 MB), checked from ``stat`` before a file
  on disk is read (:func:`read_file_limited`) and on the bytes of an upload (:func:`check_upload`);
- zip archives (.docx): members are *measured while decompressing* (:func:`unzip_bounded`), never
  by the sizes the archive declares — each member is inflated in 64 KB steps with ``zlib`` and
  refused as soon as it, the XML parts together or all members together pass their limit; a
  member whose real size or CRC differs from its header, an unknown compression method (the
  corrupted "version" fields that made ``zipfile`` raise NotImplementedError), encryption,
  duplicate or unsafe names are refused. :func:`docx_package` returns a clean re-packed archive
  holding exactly the measured bytes, so python-docx never inflates anything itself, after
  refusing DTDs and more XML markup than any legal text needs (:data:`MAX_XML_TAGS`, which is
  what bounds lxml's tree in memory);
- text: characters and lines of a decoded text (:func:`check_text`: 1 million characters, 20,000
  lines), and paragraphs of a .docx body, before the parser builds an article tree from them.

Every refusal is an :class:`InputError` with a Chinese message and a stable ``code``
(``too_large``, ``empty``, ``zip_corrupt``, ``zip_bomb``, ``zip_members``, ``zip_method``,
``zip_encrypted``, ``zip_name``, ``xml_dtd``, ``xml_too_complex``, ``text_too_long``, ``not_docx``).
"""
from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lawtext.errors import InputError

MB = 1024 * 1024
DEFAULT_UPLOAD_MB = 20
CHUNK = 64 * 1024

# A real legal text is far below these: the largest file of the 3,423-law corpus has 107,600
# characters and 3,754 lines (the Civil Code about 110,000 characters). At the limits a text is
# parsed in a few seconds on a loaded 2-core server (bench/redteam.py).
MAX_TEXT_CHARS = 1_000_000
MAX_LINES = 20_000
# XML markup of a .docx (counted as "<"): the largest corpus law written as .docx has 54,500.
MAX_XML_TAGS = 400_000


@dataclass(frozen=True)
class ZipLimits:
    members: int = 2000
    member_bytes: int = 32 * MB      # any one member, inflated
    xml_bytes: int = 12 * MB         # all .xml/.rels parts together (what lxml parses)
    total_bytes: int = 48 * MB       # all members together, inflated


DOCX_LIMITS = ZipLimits()
MAIN_PART = "word/document.xml"
_LOCAL_HEADER = struct.Struct("<4s5H3I2H")


def max_upload_bytes() -> int:
    """$WORKBENCH_MAX_UPLOAD_MB (default 20) in bytes; an unusable value falls back to the default."""
    raw = os.environ.get("WORKBENCH_MAX_UPLOAD_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_UPLOAD_MB
    except ValueError:
        mb = DEFAULT_UPLOAD_MB
    return int((mb if mb > 0 else DEFAULT_UPLOAD_MB) * MB)


def _too_large(name: str, size: int) -> InputError:
    limit = max_upload_bytes()
    return InputError(code="too_large", name=name, size_mb=size / MB, limit_mb=limit / MB)


def check_upload(data: bytes, name: str) -> None:
    """Size limit and non-empty content of uploaded bytes."""
    if len(data) > max_upload_bytes():
        raise _too_large(name, len(data))
    if not data.strip():
        raise InputError(code="empty", name=name)


def read_file_limited(path: str | os.PathLike, name: str | None = None, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file, its size checked from ``fstat`` before reading and the read
    itself stopped one byte past the limit (a file growing meanwhile is still refused). With
    ``follow_symlinks=False`` a symbolic link as the last path component is refused (O_NOFOLLOW)."""
    p = Path(path)
    name = name or p.name
    flags = os.O_RDONLY | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(p, flags)
    except OSError as e:
        raise InputError(code="unreadable", name=name, strerror=e.strerror or e) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise InputError(code="not_regular_file", name=name)
        limit = max_upload_bytes()
        if st.st_size > limit:
            raise _too_large(name, st.st_size)
        data = f.read(limit + 1)
    if len(data) > limit:
        raise _too_large(name, len(data))
    return data


def check_text(text: str, name: str) -> None:
    """Refuse decoded text longer than any legal document (characters, lines)."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(code="text_too_long", name=name, n_text=len(text), max_text_chars=MAX_TEXT_CHARS)
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise InputError(code="too_many_lines", name=name, lines=lines, max_lines=MAX_LINES)


def check_paragraph_count(count: int, name: str) -> None:
    if count > MAX_LINES:
        raise InputError(code="too_many_paragraphs", name=name, count=count, max_lines=MAX_LINES)


# --- zip -----------------------------------------------------------------------------------------

def _corrupt(name: str, what: str = "") -> InputError:
    return InputError(code="zip_corrupt", name=name, what=what)


def _bomb(name: str, member: str, limit: int, what: str) -> InputError:
    return InputError(code="zip_bomb", name=name, what=what, limit=limit / MB, member=member)


def _infolist(data: bytes, name: str) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.infolist()
    except Exception:  # noqa: BLE001 - any failure to read the directory means a damaged archive
        raise _corrupt(name) from None


def _raw_member(data: bytes, info: zipfile.ZipInfo, name: str) -> bytes:
    """The compressed bytes of one member, located through its local header."""
    at = info.header_offset
    if at < 0 or at + _LOCAL_HEADER.size > len(data):
        raise _corrupt(name, f"：{info.filename} 的位置无效")
    fields = _LOCAL_HEADER.unpack_from(data, at)
    if fields[0] != b"PK\x03\x04":
        raise _corrupt(name, f"：{info.filename} 的文件头无效")
    start = at + _LOCAL_HEADER.size + fields[9] + fields[10]
    end = start + info.compress_size
    if end > len(data):
        raise _corrupt(name, f"：{info.filename} 不完整")
    return data[start:end]


def _deflate(raw: bytes, info: zipfile.ZipInfo, name: str, budget: int, limit_what: tuple[int, str]) -> bytes:
    """Inflate a deflate stream: input fed in CHUNK slices, output taken in CHUNK steps, so both
    the work and the memory stay proportional to what is produced (never to the declared size)."""
    d = zlib.decompressobj(-15)
    parts, size = [], 0
    view = memoryview(raw)
    try:
        for at in range(0, max(len(raw), 1), CHUNK):
            buf = view[at:at + CHUNK]
            while not d.eof:          # until this slice is used up and no output is pending
                piece = d.decompress(buf, CHUNK)
                buf = d.unconsumed_tail
                size += len(piece)
                if size > budget:
                    raise _bomb(name, info.filename, *limit_what)
                parts.append(piece)
                if not buf and len(piece) < CHUNK:
                    break
            if d.eof:
                break
    except zlib.error:
        raise _corrupt(name, f"：{info.filename} 的压缩数据损坏") from None
    if not d.eof:
        raise _corrupt(name, f"：{info.filename} 的压缩数据不完整")
    return b"".join(parts)


def _inflate(raw: bytes, info: zipfile.ZipInfo, name: str, budget: int, limit_what: tuple[int, str]) -> bytes:
    """Inflate one member in CHUNK steps; refuse once the output passes ``budget`` bytes."""
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        out = _deflate(raw, info, name, budget, limit_what)
    else:
        raise InputError(code="zip_method", name=name, filename=info.filename, compress_type=info.compress_type)
    if len(out) > budget:
        raise _bomb(name, info.filename, *limit_what)
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise _corrupt(name, f"：{info.filename} 的大小或校验和与文件头不符")
    return out


def _check_name(member: str, seen: set[str], name: str) -> None:
    parts = member.replace("\\", "/").split("/")
    bad = (not member or member.startswith(("/", "\\")) or "\x00" in member or ".." in parts
           or (len(member) > 1 and member[1] == ":"))
    if bad or member in seen:
        raise InputError(code="zip_name", name=name, member=member[:80])
    seen.add(member)


def unzip_bounded(data: bytes, name: str, limits: ZipLimits = DOCX_LIMITS) -> dict[str, bytes]:
    """Every member of a zip archive, inflated under ``limits`` (see the module docstring)."""
    infos = _infolist(data, name)
    if len(infos) > limits.members:
        raise InputError(code="zip_members", name=name, n_infos=len(infos), members=limits.members)
    out: dict[str, bytes] = {}
    seen: set[str] = set()
    total = xml = 0
    for info in infos:
        _check_name(info.filename, seen, name)
        if info.flag_bits & 0x1:
            raise InputError(code="zip_encrypted", name=name)
        if info.is_dir():
            continue
        is_xml = info.filename.lower().endswith((".xml", ".rels"))
        candidates = [(limits.member_bytes, (limits.member_bytes, "单个内部文件")),
                      (limits.total_bytes - total, (limits.total_bytes, "全部内容"))]
        if is_xml:
            candidates.append((limits.xml_bytes - xml, (limits.xml_bytes, " XML 内容")))
        budget, what = min(candidates, key=lambda c: c[0])
        blob = _inflate(_raw_member(data, info, name), info, name, budget, what)
        total += len(blob)
        xml += len(blob) if is_xml else 0
        out[info.filename] = blob
    return out


def docx_package(data: bytes, name: str, limits: ZipLimits = DOCX_LIMITS) -> bytes:
    """A .docx re-packed (stored, no compression) from its measured members; refuses archives
    that are not Word documents. Hand the result, never the upload, to python-docx."""
    if data[:4] != b"PK\x03\x04":
        raise InputError(code="not_docx", name=name)
    members = unzip_bounded(data, name, limits)
    if MAIN_PART not in members:
        raise InputError(code="docx_no_body", name=name, main_part=MAIN_PART)
    xml = [(member, blob) for member, blob in members.items() if member.lower().endswith((".xml", ".rels"))]
    for member, blob in xml:   # Word never writes a DTD; entities are an attack
        if b"<!DOCTYPE" in blob or b"<!ENTITY" in blob:
            raise InputError(code="xml_dtd", name=name, member=member)
    tags = sum(blob.count(b"<") for _, blob in xml)     # what lxml's tree costs, whatever the bytes
    if tags > MAX_XML_TAGS:
        raise InputError(code="xml_too_complex", name=name, tags=tags, max_xml_tags=MAX_XML_TAGS)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for member, blob in members.items():
            zf.writestr(member, blob)
    return buf.getvalue()
