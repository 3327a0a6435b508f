"""File uploads: one uploader with the app's size limit and a Chinese hint, and parsing uploaded
files once per content (reruns reuse the tree).

Streamlit's own drop-zone text ("Drag and drop file here", "Limit … per file") cannot be
translated, so every uploader gets a caption saying the limit and the accepted types in Chinese;
the per-widget ``max_upload_size`` follows $WORKBENCH_MAX_UPLOAD_MB like lawtext.files.
"""
from __future__ import annotations

import streamlit as st

from lawtext.files import max_upload_bytes, read_bytes
from lawtext.model import LegalDocument

_ALIASES = {"markdown"}   # accepted, but not worth naming next to .md


def upload_limit_mb() -> int:
    return max(1, round(max_upload_bytes() / (1024 * 1024)))


def upload_hint(types: list[str]) -> str:
    """「文件大小上限 20 MB，支持 .docx/.md/.txt」"""
    shown = "/".join(f".{t}" for t in types if t not in _ALIASES)
    return f"文件大小上限 {upload_limit_mb()} MB，支持 {shown}"


def file_uploader(label: str, types: list[str], *, key: str, where=st, help: str | None = None):  # noqa: A002
    """st.file_uploader with the app's limit, followed by the Chinese limit/type caption."""
    up = where.file_uploader(label, type=types, key=key, help=help, max_upload_size=upload_limit_mb())
    where.caption(upload_hint(types))
    return up


@st.cache_data(max_entries=16, show_spinner="正在解析文件…")
def parsed_upload(data: bytes, filename: str) -> LegalDocument:
    """read_bytes, cached by content; InputError propagates (errors are not cached)."""
    return read_bytes(data, filename)
