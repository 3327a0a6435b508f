"""First start: create the demo workspace once per database file and process (see workbench.demo.workspace),
only where workbench.first_start.demo_wanted allows it: the demo database path (the default
data/workbench.db) or WORKBENCH_DEMO=1. A production database starts empty; its first
administrator comes from ``python -m workbench init`` (scripts/start.sh runs it).
"""
from __future__ import annotations

import streamlit as st

from workbench.demo.workspace import ensure_demo_workspace
from workbench.first_start import demo_wanted
from workbench.schema import open_db


@st.cache_resource(show_spinner="正在准备示例工作区…")
def _ensure(path: str) -> bool:
    db = open_db(path)
    try:
        return ensure_demo_workspace(db)
    finally:
        db.close()


def ensure_demo(path: str) -> None:
    if demo_wanted(path):
        _ensure(path)
