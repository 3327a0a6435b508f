"""First start: create the demo workspace once per database file and process (see workbench.demo.workspace).

Set WORKBENCH_DEMO=0 to never create it (a production database starting empty).
"""
from __future__ import annotations

import os

import streamlit as st

from workbench.schema import open_db
from workbench.demo.workspace import ensure_demo_workspace


@st.cache_resource(show_spinner="正在准备示例工作区…")
def _ensure(path: str) -> bool:
    db = open_db(path)
    try:
        return ensure_demo_workspace(db)
    finally:
        db.close()


def ensure_demo(path: str) -> None:
    if os.environ.get("WORKBENCH_DEMO", "1").strip().lower() in ("0", "false", "no", "off"):
        return
    _ensure(path)
