"""One item per defect for the people who dispose of findings.

The rule book reports per rule: two rules may flag the very same words for the same defect seen
from two angles — e.g. in a 行政规范性文件 「未经备案的，不得承接物业服务项目」 is reported by
LIC-NORMDOC (a 规范性文件 may not create a licence, in any form) and by LIC-DISGUISED (备案 used as a
licence). ``checks.run`` keeps both (rule statistics, fixtures and the rules documentation are per
rule); the review (workbench.review.store.create_review) and the check-results page show them as ONE item.

Merge criterion: same element (款/项) AND the same flagged words (``span``, non-empty). Findings that
only share the element — a 没收 and a 罚款 amount in one sentence, a licence and a penalty in one
clause — are different defects and stay separate, as do findings without a span (document-level).

The merged finding keeps the first finding of the group — ``checks.run`` orders by severity, then
by the rule book's order, so this is the most severe and, among equals, the more specific rule
(LIC-NORMDOC before LIC-DISGUISED) — and lists the other rule ids in ``related``. The messages
and legal bases of all of them are kept (distinct ones joined), so nothing the advisor should read
is lost.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from checks.base import SEVERITIES, Finding

_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _join(parts: Iterable[str], sep: str) -> str:
    return sep.join(dict.fromkeys(p for p in parts if p))


def _sentence(message: str) -> str:
    return message if not message or message.endswith(("。", "！", "？")) else message + "。"


def merge_same_spot(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` with those flagging the same words of the same element folded into one
    (order kept: a merged finding takes the place of its group's first member)."""
    findings = list(findings)
    groups: dict[tuple[str, str], list[Finding]] = {}
    mergeable = [isinstance(f, Finding) and bool(f.element_id and f.span) for f in findings]
    for f, ok in zip(findings, mergeable):
        if ok:
            groups.setdefault((f.element_id, f.span), []).append(f)
    out: list[Finding] = []
    done: set[tuple[str, str]] = set()
    for f, ok in zip(findings, mergeable):
        if not ok:           # other shapes (e.g. conflict-search dicts) pass through untouched
            out.append(f)
            continue
        key = (f.element_id, f.span)
        group = groups.get(key)
        if not group or len(group) == 1:
            out.append(f)
            continue
        if key in done:
            continue
        done.add(key)
        group = sorted(group, key=lambda g: _RANK.get(g.severity, 9))      # stable: rule-book order kept
        lead = group[0]
        related = tuple(dict.fromkeys(r for g in group for r in g.rules if r != lead.rule))
        out.append(replace(lead, related=related,
                           message=_join((_sentence(g.message) for g in group), ""),
                           basis=_join((g.basis for g in group), "；")))
    return out
