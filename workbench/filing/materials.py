"""Reading the materials of a filing: .docx, .md/.txt and PDFs with a text layer (pypdf).

The 正式文本 becomes an article tree (lawtext); the other materials (备案报告, 起草说明, 合法性审核
意见) are kept as their original bytes plus their plain text. A PDF whose pages carry no text (a
scan) is refused with a Chinese message asking for a text version; nothing is stored then.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from base.errors import InputError
from lawtext.files import SUPPORTED, max_upload_bytes, read_bytes
from lawtext.upload_guard import check_text
from lawtext.model import LegalDocument
from lawtext.parser import parse_file_text
from lawtext.vocabulary import HEADING_KINDS, ITEM_LABEL, NUMBER
from lawtext.writer import to_text

MATERIAL_SUFFIXES = (*SUPPORTED, ".pdf")
MAX_PDF_PAGES = 2000        # text extraction time grows with pages; a regulation has a few dozen

# file-name words → material kind (first match wins; the rest is the 正式文本)
_KIND_WORDS = [
    ("合法性审核意见", re.compile(r"合法性审核|合法性审查|法制审核")),
    ("备案报告", re.compile(r"备案报告|报备函|备案函|报送备案")),
    ("起草说明", re.compile(r"起草说明|制定说明|说明")),
]


@dataclass
class MaterialFile:
    """One material read from bytes: kind, file name, bytes, plain text and (正式文本) the tree."""
    kind: str
    filename: str
    data: bytes
    text: str
    tree: LegalDocument | None = None


def kind_from_name(filename: str) -> str:
    stem = Path(filename).stem
    for kind, pattern in _KIND_WORDS:
        if pattern.search(stem):
            return kind
    return "正式文本"


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF; InputError for a damaged PDF or a scan without text."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(code="filing.pdf_encrypted", name=name)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputError(code="filing.pdf_too_long", name=name, n_pages=len(reader.pages), max_pdf_pages=MAX_PDF_PAGES)
        pages = [(p.extract_text() or "") for p in reader.pages]
    except InputError:
        raise
    except (PyPdfError, RecursionError, ValueError, KeyError, TypeError, AttributeError, IndexError, OverflowError,
            ZeroDivisionError, MemoryError):   # pypdf's limits (LimitReachedError) and malformed objects
        raise InputError(code="filing.pdf_bad", name=name) from None
    text = "\n".join(pages)
    check_text(text, name)
    if len(re.sub(r"\s", "", text)) < 10:
        raise InputError(code="filing.pdf_scanned", name=name)
    return _join_pdf_lines(text)


_UNIT_START = re.compile(rf"^(第{NUMBER}[{''.join(HEADING_KINDS)}条]|{ITEM_LABEL}|\d+[.、])")
_SENTENCE_END = re.compile(r"[。；：！？」）)]$")


# PDF text layers put spaces where a font run changes (「2026 年5 月」): drop those next to CJK
_CJK_GAP = re.compile(r"(?<=[\d\u4e00-\u9fff，。；：、（）〔〕])[ \u3000]+(?=[\d\u4e00-\u9fff〔〕（）])"
                      r"(?<![\u4e00-\u9fff]　)")


def _join_pdf_lines(text: str) -> str:
    """PDF text comes in visual lines: join a line to the next unless it ends a sentence or the next
    starts a heading, article or item, so the parser sees one paragraph per line."""
    out: list[str] = []
    for raw in text.splitlines():
        line = _CJK_GAP.sub("", raw.strip())
        if not line:
            continue
        if out and not _UNIT_START.match(line) and not _SENTENCE_END.search(out[-1]) and len(out[-1]) >= 20:
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def read_material(data: bytes, filename: str, kind: str | None = None) -> MaterialFile:
    """Check and read one material. The 正式文本 must parse into articles or text (lawtext rules)."""
    name = filename or "未命名文件"
    ext = Path(name).suffix.lower()
    if ext not in MATERIAL_SUFFIXES:
        raise InputError(code="filing.file_type", ext=ext or '无扩展名')
    kind = kind or kind_from_name(name)
    if ext == ".pdf":
        if len(data) > max_upload_bytes():
            raise InputError(code="materials.read_material", name=name, n_data=len(data) / 1048576,
                max_upload_bytes=max_upload_bytes() / 1048576)
        if not data.startswith(b"%PDF-"):
            raise InputError(code="filing.pdf_bad", name=name)
        text = pdf_text(data, name)
        tree = parse_file_text(text, filename=Path(name).with_suffix(".txt").name)
    else:
        tree = read_bytes(data, name)
        text = to_text(tree)
    return MaterialFile(kind=kind, filename=name, data=data, text=text, tree=tree if kind == "正式文本" else None)
