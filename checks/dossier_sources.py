"""Where a dossier's facts come from, and how that reaches the findings.

A dossier built from the workbench's records (``workbench.procedure.dossier_records.dossier_for``) carries,
beside the facts of ``checks/dossier.py``, the key ``_sources``: ``{field: "征求意见（第2号）…"}``,
one Chinese sentence per fact naming the record it was read from. Rules never read ``_sources``;
:func:`annotate` (called by ``checks.run``) appends the sources of the facts a procedure finding
rests on to its message, e.g.「……少于 30 日，且未说明理由。（工作台记录：征求意见（第2号）……）」,
so the advisor sees which record to correct rather than a bare date.

:func:`merge_dossier` lays an explicit dossier (``--dossier FILE.json``) over the records: an
explicit key wins, an explicit ``null`` removes the recorded fact, and a paired fact (the comment
period's start and end; the review's date and conclusion) is replaced as a whole.
"""
from __future__ import annotations

import json
from dataclasses import replace

SOURCES_KEY = "_sources"

# Facts that only make sense together: an explicit value for one drops the recorded others.
PAIRED = (("comment_start", "comment_end"), ("legality_review_date", "legality_opinion"))

# Which dossier fields each rule reads, for rules whose every hit rests on the same fields;
# a hit that rests on particular fields names them itself (``Hit(facts=...)``, see checks/base.py).
# tests/workbench/test_dossier_records.py checks every name against the rule's source.
_PERIOD = ("comment_published", "comment_short_reason", "comment_start", "comment_end")
RULE_FACTS: dict[str, tuple[str, ...]] = {
    "PROC-COMMENT-GR": _PERIOD,
    "PROC-COMMENT-ND": _PERIOD,
    "PROC-LEGALITY-FIRST": ("collective_meeting_date", "legality_review_date", "legality_opinion"),
    "PROC-COUNSEL": ("counsel_opinion", "collective_meeting_date", "major_decision"),
    "PROC-COLLECTIVE": ("published_date", "collective_meeting_date"),
    "PROC-APPROVAL-LR": ("published_date", "approval_date"),
    "PROC-EFFECTIVE": ("immediate_effect_reason",),
    "FCR-EXCEPTION": ("fcr_exception",),
}


def finding_fields(finding) -> tuple[str, ...]:
    """The dossier fields a finding rests on: those its hit named, else its rule's."""
    return tuple(finding.facts) or RULE_FACTS.get(finding.rule, ())


# Short Chinese names of the fields (checks/dossier.py), for listings of a dossier.
FIELD_LABELS: dict[str, str] = {
    "comment_start": "征求意见起算日", "comment_end": "征求意见截止日", "comment_published": "是否公开征求意见",
    "comment_short_reason": "征求意见期较短（或未征求意见）的理由", "market_related": "是否与市场主体密切相关",
    "consulted": "听取意见的企业、律所等", "feedback": "意见采纳情况反馈", "burdens": "是否减损权利、增加义务",
    "hearing_notice_date": "听证公告日期", "hearing_date": "听证日期", "hearing_record": "听证笔录",
    "argument_record": "论证记录", "legality_review_date": "合法性审核意见日期", "legality_opinion": "合法性审核结论",
    "collective_meeting_date": "集体审议（表决）日期", "major_decision": "是否重大行政决策",
    "counsel_opinion": "法律顾问、公职律师意见", "fair_competition_review": "公平竞争审查结论",
    "fcr_exception": "公平竞争审查例外理由", "explanation": "起草说明", "amendment": "是否修改",
    "comparison_table": "修改前后对照文本", "approval_date": "省人大常委会批准日期", "published_date": "公布日期",
    "effective_date": "施行日期", "publication_channels": "公布载体", "filing_date": "备案报送日期",
    "filing_recipients": "备案报送机关", "replaces": "取代的文件", "today": "评估日期",
    "immediate_effect_reason": "自公布之日起施行的理由",
}


def sources(dossier: dict | None) -> dict[str, str]:
    return dict((dossier or {}).get(SOURCES_KEY) or {})


def merge_dossier(records: dict | None, explicit: dict | None) -> dict:
    """``records`` overlaid with ``explicit`` (explicit wins; ``None`` in explicit removes the
    fact). The result keeps ``_sources`` only for facts still taken from the records, and is ``{}``
    when no fact is left (so rules behave exactly as without a dossier)."""
    out = {k: v for k, v in (records or {}).items() if k != SOURCES_KEY}
    src = sources(records)
    given = {k: v for k, v in (explicit or {}).items() if k != SOURCES_KEY}
    for group in PAIRED:
        if any(k in given for k in group):
            for k in group:
                if k not in given:
                    out.pop(k, None)
    for k, v in given.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    src = {k: s for k, s in src.items() if k in out and k not in given}
    if src:
        out[SOURCES_KEY] = src
    return out


def annotate(findings: list, dossier: dict | None) -> list:
    """Findings whose rule read recorded facts get 「（工作台记录：…）」 appended to the message."""
    src = sources(dossier)
    if not src:
        return findings
    out = []
    for f in findings:
        fields = finding_fields(f)
        notes = list(dict.fromkeys(src[k] for k in fields if k in src and k in dossier))
        out.append(replace(f, message=f"{f.message}（工作台记录：{'；'.join(notes)}）") if notes else f)
    return out


def facts(dossier: dict | None) -> list[dict]:
    """The dossier's facts as rows {field, label, value, source} (source "" for explicit facts)."""
    src = sources(dossier)
    rows = []
    for k, v in (dossier or {}).items():
        if k == SOURCES_KEY:
            continue
        if isinstance(v, bool):
            shown = "是" if v else "否"
        elif isinstance(v, (list, tuple)):
            shown = "、".join(map(str, v)) or "（无）"
        else:
            shown = str(v)
        rows.append({"field": k, "label": FIELD_LABELS.get(k, k), "value": shown, "source": src.get(k, "")})
    return rows


def dossier_key(dossier: dict | None) -> str:
    """A stable JSON text of the dossier: a cache key for results that depend on it."""
    return json.dumps(dossier or {}, ensure_ascii=False, sort_keys=True, default=str)
