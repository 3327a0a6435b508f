"""Parsing uploaded files once per content (reruns reuse the tree)."""
from __future__ import annotations

import streamlit as st

from workbench.importing import read_bytes
from workbench.model import LegalDocument


@st.cache_data(max_entries=16, show_spinner="正在解析文件…")
def parsed_upload(data: bytes, filename: str) -> LegalDocument:
    """read_bytes, cached by content; InputError propagates (errors are not cached)."""
    return read_bytes(data, filename)
