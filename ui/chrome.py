"""Streamlit's own English, hidden or replaced (issue 19: no English a user can see).

Streamlit has no Chinese locale. What it writes itself — "Press Enter to apply" / "Press Enter to
submit form" under a field being typed in, the file uploader's "Drag and drop a file here", "20MB per
file • DOCX, MD" and its "Upload" button, the "YYYY/MM/DD" placeholder of an empty date field — is
and the "Skip to main content" link keyboard users meet first, are
hidden or relabelled by one style sheet the app adds on every run. The uploaders say their limit and
types in Chinese (ui.uploads), and a file over the workbench's limit is refused by the app with a
Chinese message (Streamlit's own limit is set well above it, so its English refusal is not reached
by files of ordinary size).
"""
from __future__ import annotations

import streamlit as st

CHROME_CSS = """<style>
[data-testid="InputInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzone"] button { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] button * { display: none !important; }
[data-testid="stFileUploaderDropzone"] button::after { content: "选择文件"; font-size: 0.875rem; }
[data-testid="stDateInput"] input::placeholder { color: transparent !important; }
[data-testid="stDateInput"] [data-placeholder="true"] { color: transparent !important; }
[data-testid="stSkipToContent"] { font-size: 0 !important; }
[data-testid="stSkipToContent"]::after { content: "跳到主要内容"; font-size: 0.875rem; }
</style>"""


def hide_english_chrome() -> None:
    """Add the style sheet (style-only HTML takes no space on the page)."""
    st.html(CHROME_CSS)
