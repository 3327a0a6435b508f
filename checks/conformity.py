"""上位法比对 that decides: each draft clause that sets a sanction, licence or fee is compared,
field by field (checks.provision_facts), with the upper-law clause on the same conduct that
governs it (checks.upper_link).

Differences: sanction kinds added or dropped; a fine below the upper-law floor or above its
ceiling, or on a different base (fixed amount vs multiple of 违法所得/货值金额); a precondition
(责令改正 first) the upper law lacks; licence conditions added; deadlines shortened; modality
changed; authority changed. Severity error only for a substantive difference from the article the
draft clause itself cites, in the branch that sets the sanction; otherwise a warning naming the
candidate articles. A
clause that matches its upper-law clause is reported as conforming (提示) so the advisor can tick
it off. Every finding quotes both texts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from checks.base import Context, Hit, rule
from lawtext.vocabulary import CITED_ARTICLE, NUMBER

from checks.provision_facts import ProvisionFacts, conduct_of, facts_of, normalise_conduct
from checks.text import Clause
from checks.upper_link import Link, expanded_conduct, linker_for

QUOTE_MAX = 160
CONFORMING = "CONFORMING"


@dataclass(frozen=True)
class Difference:
    code: str          # FINE-BELOW-FLOOR, FINE-ABOVE-CEILING, FINE-BASE, SANCTION-ADDED, …
    message: str
    substantive: bool  # may be an error when the link is unambiguous


def _money(n: int) -> str:
    return f"{n:,} 元"


def fine_differences(d: ProvisionFacts, u: ProvisionFacts) -> list[Difference]:
    """Fine kinds, floors and ceilings compared; when the draft sets separate fines for 个人 and 单位,
    each against the upper law's fine for the same subject (none compared when the upper law sets
    one only for the other)."""
    if "fine" not in d.sanctions or "fine" not in u.sanctions:
        return []
    if not d.subjects:
        return _range_differences(d, u, "")
    out = []
    for subject in sorted(d.subjects | ({""} if d.fines_of("") else set())):
        theirs = u.fines_of(subject) or (u.fines if not u.subjects else ())
        if not theirs:
            continue
        mine = d.fines_of(subject)
        out += _range_differences(replace(d, fines=mine, fine_subjects=()), replace(u, fines=theirs, fine_subjects=()),
                                  subject)
    return out


def _range_differences(d: ProvisionFacts, u: ProvisionFacts, subject: str) -> list[Difference]:
    out = []
    who = f"对{subject}" if subject else ""
    d_mult, u_mult = d.multiples, u.multiples
    d_fixed, u_fixed = d.fine_hi is not None or d.fine_lo is not None, u.fine_hi is not None or u.fine_lo is not None
    if u_mult and not d_mult and d_fixed and not u_fixed:
        out.append(Difference("FINE-BASE", f"上位法按{u_mult[0].base or '违法所得'}的倍数处罚，草案改为固定数额罚款", True))
    elif d_mult and not u_mult and u_fixed and not d_fixed:
        out.append(Difference("FINE-BASE", f"上位法规定固定数额罚款，草案改为按{d_mult[0].base or '违法所得'}的倍数处罚", True))
    if u.fine_lo is not None and d.fine_lo is not None and d.fine_lo < u.fine_lo:
        out.append(Difference("FINE-BELOW-FLOOR", f"草案{who}罚款下限 {_money(d.fine_lo)}低于上位法下限 {_money(u.fine_lo)}", True))
    if u.fine_hi is not None and d.fine_hi is not None and d.fine_hi > u.fine_hi:
        out.append(Difference("FINE-ABOVE-CEILING", f"草案{who}罚款上限 {_money(d.fine_hi)}高于上位法上限 {_money(u.fine_hi)}", True))
    if d_mult and u_mult:
        dm, um = d_mult[0], u_mult[0]
        if um.multiple_lo and dm.multiple_lo and dm.multiple_lo < um.multiple_lo:
            out.append(Difference("FINE-BELOW-FLOOR", f"草案罚款倍数下限 {dm.multiple_lo:g} 倍低于上位法 {um.multiple_lo:g} 倍", True))
        d_hi, u_hi = dm.multiple_hi or dm.multiple_lo, um.multiple_hi or um.multiple_lo
        if d_hi and u_hi and d_hi > u_hi:
            out.append(Difference("FINE-ABOVE-CEILING", f"草案罚款倍数上限 {d_hi:g} 倍高于上位法 {u_hi:g} 倍", True))
        # a share of a base (工程造价百分之五以上百分之十以下): the same comparison in per cent
        if dm.percent_lo is not None and um.percent_lo is not None:
            if dm.percent_lo < um.percent_lo:
                out.append(Difference("FINE-BELOW-FLOOR", f"草案罚款比例下限 {dm.percent_lo:g}% 低于上位法 {um.percent_lo:g}%",
                                      True))
            d_hi, u_hi = dm.percent_hi or dm.percent_lo, um.percent_hi or um.percent_lo
            if d_hi > u_hi:
                out.append(Difference("FINE-ABOVE-CEILING", f"草案罚款比例上限 {d_hi:g}% 高于上位法 {u_hi:g}%", True))
    return out


def differences(d: ProvisionFacts, u: ProvisionFacts, elsewhere: frozenset = frozenset()) -> list[Difference]:
    """What the draft clause changes relative to the governing upper-law clause. ``elsewhere``: sanction
    kinds another 款 or 项 of the same article sets (a graded 裁量基准 whose last 款 keeps the 停业整治)."""
    out = fine_differences(d, u)
    comparable = bool(d.sanctions & u.sanctions)     # no common sanction kind: hardly the same provision
    added = d.sanctions - u.sanctions - {"warning", "reprimand"}
    if added and u.sanctions:
        out.append(Difference("SANCTION-ADDED", f"草案增设了上位法没有的处罚种类「{d.sanction_names(added)}」", comparable))
    dropped = u.sanctions - d.sanctions - elsewhere - {"warning", "reprimand", "confiscation"}
    if dropped and d.sanctions:
        out.append(Difference("SANCTION-DROPPED", f"上位法规定的「{u.sanction_names(dropped)}」草案未规定", False))
    if d.precondition and not u.precondition and d.sanctions and u.sanctions:
        out.append(Difference("PRECONDITION-ADDED", "草案增加了「责令改正、逾期不改正」才处罚的前置条件，上位法没有",
                              comparable))
    if d.licence and not u.licence:
        out.append(Difference("LICENCE-ADDED", "草案增加了上位法没有的许可、审批或者登记条件", False))
    if d.deadlines and u.deadlines and min(d.deadlines) < min(u.deadlines):
        out.append(Difference("DEADLINE-SHORTER", f"草案期限 {min(d.deadlines)} 日短于上位法 {min(u.deadlines)} 日", False))
    if d.modality and u.modality and d.modality != u.modality and not (d.sanctions and u.sanctions):
        names = {"must": "应当", "may": "可以", "must_not": "不得"}
        out.append(Difference("MODAL-CHANGED", f"上位法用「{names[u.modality]}」，草案用「{names[d.modality]}」", False))
    if d.authority and u.authority and d.authority != u.authority:
        out.append(Difference("AUTHORITY-CHANGED", f"实施机关不同：上位法为{u.authority}部门，草案为{d.authority}部门", False))
    return out


def _quote(text: str) -> str:
    """The clause, or its start and end (a 项 is quoted after its 款 lead: the end is the 项)."""
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX - 60] + "……" + text[-60:]


def evidence(d: ProvisionFacts, link: Link, diffs: list[Difference]) -> dict:
    """Both texts and the comparison, for the page, the review item and the 意见书."""
    b = link.best
    return {"draft": d.text, "upper": b.text, "upper_title": b.title, "upper_label": b.where,
            "upper_path": b.path, "upper_doc_id": b.doc_id, "upper_article": b.article, "upper_date": b.version_date, "link": b.how, "unambiguous": link.unambiguous,
            "similarity": round(b.similarity, 3), "differences": [x.code for x in diffs],
            "candidates": [c.reference for c in link.candidates]}


def _cited_for_this_sanction(text: str) -> bool:
    """The citation stands in the branch that sets the draft's own sanction. 「…未经检验附加合格标识的，
    处一千元以上三千元以下罚款；产品不合格的，依照《产品质量法》第五十条的规定处罚」 cites the law for its
    other branch: the fine is the province's own provision for another conduct, not a restatement gone
    wrong (three of the last error findings on the in-force 地方性法规, 2026-12-07)."""
    branches = [b for b in re.split(r"[；。]", text) if b.strip()]
    own = [b for b in branches if "《" not in b and facts_of(b).sets_something]
    return not own or not any("《" in b for b in branches)


def verdict(d: ProvisionFacts, link: Link, elsewhere: frozenset = frozenset()) -> tuple[str, str, list[Difference]] | None:
    """(severity, message, differences) for one draft clause, or None when nothing governs it."""
    best = link.best
    if best is None:
        return None
    diffs = differences(d, best.facts, elsewhere)
    up = f"上位法原文（{best.reference}）：「{_quote(best.text)}」"
    if not diffs:
        if not link.unambiguous:
            return None
        return "info", f"与上位法{best.reference}对同一行为的规定一致（重述），核对后可确认。{up}", []
    what = "；".join(x.message for x in diffs)
    # error only when the draft itself cites the governing article. A clause found by search, even
    # inside the law its 第一条 names, is a warning: on the in-force 地方性法规 those links gave 142 of
    # 145 false errors (a province's own regime for 小作坊 the law delegates, separate ranges for 单位
    # and 个人, a later and more specific law, another conduct in the same article)
    cited_here = best.how == "cited" and _cited_for_this_sanction(d.text)
    if link.unambiguous and cited_here and any(x.substantive for x in diffs):
        return "error", f"与上位法{best.reference}对同一违法行为的规定不一致：{what}。{up}", diffs
    if link.unambiguous:
        return "warning", f"与上位法{best.reference}对同一行为的规定有差异：{what}。请核对。{up}", diffs
    others = "、".join(c.reference for c in link.candidates) or best.reference
    return "warning", f"可能对应上位法{others}，比对发现：{what}。请核对是否为同一行为。{up}", diffs


# a sanction outside the upper law's kinds or range for the same conduct is what PEN-LOCREG-SCOPE
# (LR) and PEN-RULE-SCOPE (GR) name; those rules report such verdicts, UPPER-CONFORM the rest
RANGE_CODES = frozenset({"FINE-ABOVE-CEILING", "FINE-BELOW-FLOOR", "FINE-BASE", "SANCTION-ADDED"})
PENALTY_SCOPE_LEVELS = ("LR", "GR")


def reported_as_penalty_scope(ctx: Context, ev: dict) -> bool:
    return ctx.level in PENALTY_SCOPE_LEVELS and bool(RANGE_CODES & set(ev.get("differences", ())))


def penalty_scope_hits(ctx: Context):
    """The conformity verdicts on a sanction's kinds or range, as hits of the penalty-scope rules
    (their severity: an error only when the clause cites the governing article)."""
    for clause, severity, message, ev in verdicts(ctx):
        if severity != "info" and reported_as_penalty_scope(ctx, ev):
            yield Hit(message, clause, 0, len(clause.text), severity=severity, evidence=ev)


_CITED = re.compile(CITED_ARTICLE)
_ANAPHOR = re.compile(r"(?:依照|按照|根据)该(?:条|法|条例)")


def _resolved(c: Clause) -> str:
    """「拒不改正的，依照该条规定责令停业整治」: 该条 is the upper-law article an earlier 款 of the article cites."""
    m = _ANAPHOR.search(c.text)
    if m is None or c.article is None:
        return c.text
    before = c.article.flat_text[:max(0, c.article.flat_text.find(c.text))]
    cited = list(_CITED.finditer(before))
    return c.text if not cited else c.text[:m.start()] + "依照" + cited[-1].group(0) + c.text[m.end():]


def _draft_units(ctx: Context) -> list[tuple[Clause, ProvisionFacts]]:
    """Draft clauses that set something, with their facts (a 款 that introduces 项 is compared
    through its 项)."""
    out = []
    for c in ctx.clauses:
        if c.kind == "para" and c.article is not None and any(p.items for p in c.article.paragraphs
                                                             if p.id == c.element_id):
            continue
        f = facts_of(_resolved(c), lead=c.lead)
        if f.sets_something:
            out.append((c, f))
    return out


def _with_previous_paragraph(clause: Clause, conduct: str) -> str:
    """「个人违反前款规定的，处…」: the conduct is the one the previous 款 forbids."""
    if clause.article is None or "前款" not in conduct and not (len(conduct) < 4 and "前款" in clause.text[:12]):
        return conduct                   # 违反前款规定的，…: the lead is all there is, the conduct is the 前款's
    paras = [p for p in clause.article.paragraphs if p.text]
    at = next((i for i, p in enumerate(paras) if p.id == clause.element_id), 0)
    if at == 0:
        return conduct
    prev = paras[at - 1]
    item = _PREVIOUS_ITEM.search(conduct)            # 个人实施前款第一项行为的: that 项's conduct
    if item is not None:
        it = next((x for x in prev.items if x.label.strip("（）()") == item.group(1)), None)
        if it is not None:
            return normalise_conduct(it.text)[:120]
    duty = normalise_conduct(prev.text)
    head = _DUTY_CUT.split(prev.text, maxsplit=1)[0]
    if head.endswith(("的，", "的,")) and len(head) >= 8:
        duty = normalise_conduct(head)    # 对…进行室内装修的，应当在每日八时至…: the activity the duty governs
    return re.sub(r"违反前款规定", "", conduct) + duty[:120]


_DUTY_CUT = re.compile(r"应当|必须")    # not 不得: what a ban forbids is the conduct itself
_PREVIOUS_ITEM = re.compile(rf"前款第({NUMBER})项")


def _article_conduct(tree):
    by_num = {a.number: a for a in tree.articles if not a.suffix}

    def text_of(n: int) -> str:
        a = by_num.get(n)
        return conduct_of(a.flat_text) if a else ""
    return text_of


def verdicts(ctx: Context) -> list[tuple[Clause, str, str, dict]]:
    """(clause, severity, message, evidence) for every linked draft clause; computed once per check
    run (both rules below read it)."""
    cached = ctx.__dict__.get("_conformity")
    if cached is not None:
        return cached
    out: list[tuple[Clause, str, str, dict]] = []
    handle = getattr(ctx.corpus, "handle", None)
    # the index is built by `corpus build`; a check never builds it (minutes on a big corpus)
    if handle is not None and ctx.tree.articles and handle.index_if_built() is not None:
        linker = linker_for(ctx.corpus, ctx.tree, ctx.level, ctx.title, ctx.meta.get("issuing_body", ""),
                        as_of=ctx.meta.get("date") or None)
        text_of = _article_conduct(ctx.tree)
        units = _draft_units(ctx)
        for clause, facts in units:
            link = linker.governing(facts, _with_previous_paragraph(clause, expanded_conduct(facts, text_of)))
            elsewhere = frozenset().union(*(f.sanctions for c, f in units if c.article is clause.article and c is not clause))
            v = verdict(facts, link, elsewhere)
            if v is not None:
                ev = evidence(facts, link, v[2])
                ev["draft"] = clause.text               # the draft's own words, not the resolved 该条
                out.append((clause, v[0], v[1], ev))
    ctx.__dict__["_conformity"] = out
    return out


@rule("UPPER-CONFORM", title="与上位法对同一行为的规定不一致", levels="LR GR ND", severity="warning", head=3,
      basis="《中华人民共和国立法法》第八十二条、第九十一条、第一百零七条；《中华人民共和国行政处罚法》第十二条、第十四条",
      requires=("tree", "corpus"))
def upper_conform(ctx: Context):
    """
    What it checks: 设定处罚的每一款（项），找出上位法对同一行为的规定（先看所引条文，再看第一条「根据」的
    法律，再在法规库中起草时现行有效的上位法里按行为检索），逐项比对：处罚种类增减、罚款低于下限或高于上限、
    固定数额与倍数罚款的基数不同、增加「责令改正」前置条件、增加许可条件、缩短期限、实施机关的变化。
    条款本身在设定该处罚的分句中援引了该上位法条文且有实质差异的报错误；所引条文只针对同一款的另一分句（另一行为），
    或按第一条所列法律、检索找到的条文，只报警示并列出候选条文
    （实际在用的地方性法规中，这类关联常因上位法授权地方另作规定、单位与个人分设幅度、后出的特别法而不准）。
    Why: 下位法只能在上位法规定的行为、种类和幅度内作出具体规定；与上位法不一致的条款是备案审查中纠正最多的问题。
    Fires on: 「违反《某法》第二十条规定，未取得许可从事经营的，处五千元罚款」，而该法第二十条之罚则对同一行为处
    一万元以上十万元以下罚款（错误）；未援引条文、检索到同一行为的上位法规定有差异（警示）。
    Does not fire on: 与上位法行为不同的条款（只比对同一行为）；上位法未规定的事项；与上位法一致的重述
    （由 UPPER-CONFORMING 提示）。
    Basis: 立法法第八十二条、第九十一条、第一百零七条；行政处罚法第十二条第二款、第十四条第一款。
    """
    for clause, severity, message, ev in verdicts(ctx):
        if severity != "info" and not reported_as_penalty_scope(ctx, ev):
            yield Hit(message, clause, 0, len(clause.text), severity=severity, evidence=ev)


@rule("UPPER-CONFORMING", title="与上位法规定一致的重述（供确认）", levels="LR GR ND", severity="info", head=3,
      basis="《中华人民共和国立法法》第八十二条第四款（上位法已经明确规定的内容，一般不作重复性规定）",
      requires=("tree", "corpus"))
def upper_conforming(ctx: Context):
    """
    What it checks: 设定处罚的条款与上位法对同一行为的规定（关联唯一）逐项比对后一致的，报一条提示，列出上位法
    原文，供法律顾问核对后确认（也可据此考虑是否需要重复规定）。
    Why: 法律顾问对每一项处罚都要回答「上位法对这一行为怎么规定、草案是否在其范围内」；一致的条款确认后即可勾销。
    Fires on: 草案对「未取得许可从事经营」的处罚与上位法的处罚种类和幅度相同。
    Does not fire on: 与上位法不一致的条款（由 UPPER-CONFORM 报告）；找不到对应上位法条文或关联不唯一的条款。
    Basis: 立法法第八十二条第四款。
    """
    for clause, severity, message, ev in verdicts(ctx):
        if severity == "info":
            yield Hit(message, clause, 0, len(clause.text), severity="info", evidence=ev)
