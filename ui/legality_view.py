"""Streamlit side of 合法性审核: the cached assessment of a version and the finding card.

The assessment comes from the one review pipeline (workbench.review.pipeline.assess_version), the
same function ``check`` and ``review create`` call; it is ``st.cache_data``-cached per version,
content hash, dossier, corpus generation and user, so re-rendering does not re-run the rules.
"""
from __future__ import annotations

import html

import streamlit as st

from checks.base import HEADS
from checks.corpus_link import load_corpus
from checks.dossier_sources import dossier_key
from checks.finding import SEVERITY_NAMES, Finding
from ui.state import db_path
from workbench.review.pipeline import Assessment, assess_version
from lawtext.numerals import int_to_cn

SEV_LABEL = SEVERITY_NAMES
SEV_COLOR = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}
FAMILY_NAMES = {
    "scope": "立法权限与事项范围", "penalty": "行政处罚", "licensing": "行政许可", "compulsion": "行政强制",
    "fees": "收费与保证金", "fair_competition": "公平竞争", "business": "营商环境", "procedure": "制定程序",
    "retroactivity": "溯及既往", "drafting": "立法技术", "citations": "引用核验", "references": "内部引用与编号",
    "conflicts": "上位法比对",
}


def version_assessment(db, user, version, dossier: dict, corpus_db: str | None) -> Assessment:
    """The pipeline's assessment of ``version`` (cached; see the module docstring)."""
    generation = load_corpus(corpus_db).generation if corpus_db else None
    return _assessment(db_path(), version.id, version.sha256, user.username, corpus_db, generation,
                       dossier_key(dossier), _db=db, _user=user)


@st.cache_data(show_spinner="正在运行合法性检查……", max_entries=64)
def _assessment(database: str, version_id: int, sha256: str, username: str, corpus_db: str | None, corpus_generation,
                dossier_json: str, *, _db, _user) -> Assessment:
    return assess_version(_db, _user, version_id, corpus_db=corpus_db)


def head_name(head: int | None) -> str:
    head = head or 0
    return f"（{int_to_cn(head)}）{HEADS[head]}" if head else "（其他）立法技术规范"


def severity_badge(sev: str) -> str:
    color = SEV_COLOR.get(sev, "#555")
    return (f'<span style="background:{color};color:#fff;border-radius:4px;padding:0 6px;font-size:0.85em">'
            f"{html.escape(SEV_LABEL.get(sev, sev))}</span>")


def _line(label: str, text: str) -> str:
    return f'<div style="color:#555;font-size:0.9em">{html.escape(label)}：{html.escape(text)}</div>'


def finding_html(f: Finding) -> str:
    """One finding as escaped HTML: severity, rule ids, article, message, what met the rule (clause
    fields, or both texts of an upper-law comparison, each labelled), excerpt, basis, suggestion."""
    e = html.escape
    parts = [f'<div style="border-left:3px solid {SEV_COLOR.get(f.severity, "#999")};padding:4px 10px;margin:6px 0">',
             f'{severity_badge(f.severity)} <code>{e("、".join(f.rules))}</code> <b>{e(f.article_label or "全文")}</b>',
             f'<div style="margin:4px 0">{e(f.message)}</div>']
    ev = f.evidence or {}
    if ev.get("summary"):
        parts.append(_line("判断依据", str(ev["summary"])))
    if "upper" in ev:
        parts.append(_line("草案原文", str(ev.get("draft", f.excerpt))))
        parts.append(_line(f"上位法原文（《{ev.get('upper_title', '')}》{ev.get('upper_label', '')}）", str(ev["upper"])))
    elif f.excerpt:
        parts.append(_line("原文", f.excerpt))
    if f.basis:
        parts.append(_line("依据", f.basis))
    if f.fix:
        parts.append(_line("修改建议", f.fix))
    parts.append("</div>")
    return "".join(parts)
