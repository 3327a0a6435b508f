"""File uploads: one uploader with the app's size limit and a Chinese hint, and parsing uploaded
files once per content (reruns reuse the tree).

Streamlit's own drop-zone text cannot be translated (ui.chrome hides it), so every uploader gets a
caption saying the limit and the accepted types in Chinese. The limit ($WORKBENCH_MAX_UPLOAD_MB, as
lawtext.files) is enforced here, on the server, with a Chinese message: Streamlit's own per-widget
limit is set a few times higher (never above its server.maxUploadSize), because its refusal is an
English tooltip.
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


def streamlit_limit_mb() -> int:
    """Streamlit's own limit: four times ours (at least 20 MB more), within server.maxUploadSize."""
    ours = upload_limit_mb()
    return min(max(4 * ours, ours + 20), int(st.get_option("server.maxUploadSize")))


def too_large(up) -> str:
    """The Chinese refusal of an uploaded file over the limit ("" when it is within)."""
    if up is None or up.size <= max_upload_bytes():
        return ""
    return f"文件过大：「{up.name}」为 {up.size / (1024 * 1024):.1f} MB，超过上限 {upload_limit_mb()} MB，未作处理。"


def file_uploader(label: str, types: list[str], *, key: str, where=st, help: str | None = None):  # noqa: A002
    """st.file_uploader with the Chinese limit/type caption; a file over the limit is refused here
    with a Chinese message (returns None)."""
    up = where.file_uploader(label, type=types, key=key, help=help, max_upload_size=streamlit_limit_mb())
    where.caption(upload_hint(types))
    if refusal := too_large(up):
        where.error(refusal)
        return None
    return up


@st.cache_data(max_entries=16, show_spinner="正在解析文件…")
def parsed_upload(data: bytes, filename: str) -> LegalDocument:
    """read_bytes, cached by content; InputError propagates (errors are not cached)."""
    return read_bytes(data, filename)
