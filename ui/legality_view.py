"""Streamlit side of 合法性审核: cached check results and the finding card.

Check results are ``st.cache_data`` keyed by version id and content hash (the tree JSON itself is
passed unhashed), so re-rendering or switching back to a version does not re-run the rules.
"""
from __future__ import annotations

import html

import streamlit as st

from checks.base import HEADS
from lawtext.model import LegalDocument

SEV_LABEL = {"error": "错误", "warning": "警示", "info": "提示"}
SEV_COLOR = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}
FAMILY_NAMES = {
    "scope": "立法权限与事项范围", "penalty": "行政处罚", "licensing": "行政许可", "compulsion": "行政强制",
    "fees": "收费与保证金", "fair_competition": "公平竞争", "business": "营商环境", "procedure": "制定程序",
    "retroactivity": "溯及既往", "drafting": "立法技术", "citations": "引用核验", "references": "内部引用与编号",
    "conflicts": "上位法比对",
}


def run_checks(version_id: int, sha256: str, level: str, title: str, issuing_body: str, corpus_db: str | None,
               tree_json: str, dossier: dict | None = None) -> list[dict]:
    """Findings of one version as dicts. ``corpus_db``: the corpus database (None = citations
    未核验); ``dossier``: the procedure facts (workbench.procedure.dossier_records.dossier_for). Cached per
    version, content, dossier and corpus generation, so an import or a 已废止 mark in the corpus
    library, or a new record (consultation, sign-off, stage date), shows in the next run."""
    from checks.dossier_sources import dossier_key
    generation = None
    if corpus_db:
        from checks.corpus_link import load_corpus
        generation = load_corpus(corpus_db).generation
    return _run_checks(version_id, sha256, level, title, issuing_body, corpus_db, generation,
                       dossier_key(dossier or {}), tree_json)


@st.cache_data(show_spinner="正在运行合法性检查……", max_entries=64)
def _run_checks(version_id: int, sha256: str, level: str, title: str, issuing_body: str, corpus_db: str | None,
                corpus_generation, dossier_json: str, _tree_json: str) -> list[dict]:
    import json

    from checks import run
    tree = LegalDocument.from_json(_tree_json)
    return [f.as_dict() for f in run(tree, level, corpus_db=corpus_db, dossier=json.loads(dossier_json) or None,
                                     meta={"title": title, "issuing_body": issuing_body})]


def head_name(head: int | None) -> str:
    head = head or 0
    return f"（{'一二三四五六七'[head - 1]}）{HEADS[head]}" if head else "（其他）立法技术规范"


def severity_badge(sev: str) -> str:
    color = SEV_COLOR.get(sev, "#555")
    return (f'<span style="background:{color};color:#fff;border-radius:4px;padding:0 6px;font-size:0.85em">'
            f"{html.escape(SEV_LABEL.get(sev, sev))}</span>")


def finding_html(f: dict) -> str:
    """One finding as escaped HTML: severity, rule id, article, message, excerpt, basis."""
    e = html.escape
    where = e(f.get("article_label") or "全文")
    parts = [f'<div style="border-left:3px solid {SEV_COLOR.get(f["severity"], "#999")};padding:4px 10px;margin:6px 0">',
             f'{severity_badge(f["severity"])} <code>{e(f["rule"])}</code> <b>{where}</b>',
             f'<div style="margin:4px 0">{e(f["message"])}</div>']
    if f.get("excerpt"):
        parts.append(f'<div style="color:#555;font-size:0.9em">原文：{e(f["excerpt"])}</div>')
    if f.get("basis"):
        parts.append(f'<div style="color:#555;font-size:0.9em">依据：{e(f["basis"])}</div>')
    parts.append("</div>")
    return "".join(parts)
