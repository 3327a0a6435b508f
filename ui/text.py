"""User-supplied text inside Markdown: pages render titles, names, reasons and article texts with
st.markdown, st.caption, st.title, labels and alerts, all of which interpret Markdown — an image
``![](http://…)`` in a title would make every viewer's browser fetch it. :func:`md` escapes such
text (HTML escaped, Markdown and Streamlit directives such as :material/…:, :red[…] and $…$
neutralised); use it for every value a user or an imported file supplied. server.py adds a
Content-Security-Policy (ui/security_headers.py) as a second line: no remote images at all.
"""
from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~:$<])")


def md(text) -> str:
    """``text`` made safe inside Markdown (see the module docstring)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text or ""), quote=False))
