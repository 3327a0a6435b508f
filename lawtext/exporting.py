"""Bytes of a version for download (.docx in 公文 style via docx_io, Markdown) and their file names."""
from __future__ import annotations

import re

from lawtext.model import LegalDocument
from lawtext.writer import to_markdown
from lawtext.docx.io import docx_bytes as build


def docx_bytes(tree: LegalDocument, level: str) -> bytes:
    return build(tree, level=level)


def markdown_bytes(tree: LegalDocument) -> bytes:
    return to_markdown(tree).encode("utf-8")


def export_filename(title: str, version_label: str, seq: int, ext: str) -> str:
    """示例市养犬管理办法-v2-送审稿.docx (characters illegal in file names replaced)."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", f"{title}-v{seq}-{version_label}").strip("_")
    return f"{stem}.{ext}"


def document_filename(title: str, what: str, ext: str) -> str:
    """示例市养犬管理办法-征求意见采纳情况说明.docx: named after the document, never an internal id."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", f"{title}-{what}" if what else title).strip("_")
    return f"{stem}.{ext}"
