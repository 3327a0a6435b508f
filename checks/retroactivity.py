"""B.9 No retroactive burdens (立法法第一百零四条), over clause fields.

A clause reaches back when its temporal scope is the time before the draft takes effect (本办法
施行前已…的 / 施行前发生的 / a starting date earlier than the effective date) and its consequence is
a burden: a payment (补缴、补足差额、缴纳保证金), a sanction or measure (没收, 追究责任), the loss of a
right (无效, 追回补贴). Favourable retroactivity (从旧兼从轻, 继续有效, 较高标准, 不予处罚) is lawful
(立法法第一百零四条但书), and so is a forward-looking transition with a grace period (自施行之日起
六个月内补办).
"""
from __future__ import annotations

import re
from datetime import date

from lawtext.vocabulary import SELF_NAME

from checks.base import Context, rule
from checks.clauses import Norm, concepts_in, norm_hit, norms
from checks.dossier import as_date

_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_BURDEN_TYPES = ("sanction", "fee", "deposit", "levy", "measure", "civil", "execution")


def _date_of(text: str) -> date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def effective_date(ctx: Context) -> date | None:
    """The dossier's effective date, else the draft's 自…起施行 clause."""
    d = as_date((ctx.dossier or {}).get("effective_date"))
    if d:
        return d
    for n in reversed(norms(ctx)):
        for c in n.clause.temporal:
            if c.kind == "effect_date":
                return _date_of(c.text)
    return None


def _temporal(n: Norm, kind: str):
    found = [c for c in n.clause.temporal if c.kind == kind]
    if not found and n.prov.lead is not None:
        found = [c for cl in n.prov.lead.clauses for c in cl.temporal if c.kind == kind]
    return found


def _burden(n: Norm):
    """The burden the clause imposes (a consequence, or a 补缴/追回/无效 word of its norm)."""
    for c in n.clause.consequences:
        if c.type in _BURDEN_TYPES and not c.negated:
            return c
    words = [w for w in concepts_in(n, "BURDEN") if not any(d.start <= w.start < d.end for d in n.clause.conditions)]
    return words[0] if words else None


_UNDOING = ("拆除", "恢复原状", "清除")
_NEW_CONDITIONS = re.compile(rf"不符合{SELF_NAME}|按照{SELF_NAME}[^，。；]{{0,12}}(?:标准|条件)")
_CLAWBACK = ("退回", "追回", "收回", "交回", "返还", "补缴", "追缴", "全额退回", "予以追回")


def _claws_back(burden) -> bool:
    """Money already paid out must come back: a time limit to repay is no grace period for it."""
    return any(w in burden.text for w in _CLAWBACK)


def _undoes_what_was_unlawful(n: Norm, burden) -> bool:
    """违法建筑物…应当无偿拆除: removing what the law in force when it was built already forbade
    imposes no new burden on past conduct."""
    return burden.text in _UNDOING and any(c.label == "CUE" and c.kind == "violation" and c.start < burden.start
                                           for c in n.clause.concepts)


def _dated_before(n: Norm, clause, eff: date | None):
    """The clause's starting dates earlier than the effective date (自2024年1月1日起; 2020年1月1日以后取得…的)."""
    return [c for c in clause.temporal if c.kind == "dated" and eff and (_date_of(c.text) or eff) < eff]


def _favourable(n: Norm) -> bool:
    return bool(_temporal(n, "favourable")) or any(w in n.prov.text for w in ("从旧兼从轻", "不认为是违法", "处罚较轻"))


@rule("RETRO", title="溯及既往的不利规定", levels="LR GR ND", severity="error", head=3,
      basis="《中华人民共和国立法法》第一百零四条；《中华人民共和国行政处罚法》第三十七条")
def retro(ctx: Context):
    """
    What it checks: 以施行日期以前的行为、状态或期间为条件（本办法施行前已……的、施行前发生的、早于施行日期的起算日），
    规定补缴、补足差额、缴纳保证金、没收、追回、无效、追究责任等不利后果的条款。对当事人有利的溯及（从旧兼从轻、
    继续有效、按较高标准发放、不予处罚）是合法的，报提示；给予合理期限、面向将来的过渡性规定不是溯及既往。
    Why: 法律、法规、规章不溯及既往，但为了更好地保护公民、法人和其他组织的权利和利益而作的特别规定除外；
    实施行政处罚适用违法行为发生时的规定（从旧兼从轻）。
    Fires on: 施行日期 2025年3月1日，「本办法施行前已投入使用但未达到本办法规定标准的停车场，经营者应当自2024年1月1日起
    按新标准补缴差额费用。」；「本办法施行前已经发放的购房补贴，受补贴人不符合本办法规定条件的，予以追回。」
    Does not fire on: 「本条例施行前已经设立的，应当自本条例施行之日起六个月内补办登记手续。」；施行前已修建的「违法建筑物、
    构筑物和设施，应当无偿拆除」（施行前即已违法，拆除不是新增负担）；「本办法施行前发生的
    违法行为，依照行为发生时的规定处理；但是，本办法不认为是违法或者处罚较轻的，适用本办法。」
    Basis: 立法法第一百零四条；行政处罚法第三十七条。
    """
    eff = effective_date(ctx)
    for n in norms(ctx):
        if n.in_conduct_list and not _temporal(n, "before_effect"):
            continue
        before = _temporal(n, "before_effect")
        dated = _dated_before(n, n.clause, eff) or [c for cl in n.prov.clauses if cl.end <= n.clause.start
                                                   for c in _dated_before(n, cl, eff)]   # the date set in the 款 before
        if not before and not dated:
            continue
        if before and all(c.text.startswith("已") for c in before) and not dated and not _NEW_CONDITIONS.search(n.prov.text):
            continue                      # 违反约定的，收回已兑现的资金; 以欺诈方式获得的，追回: a remedy for a breach,
            #                               not the new document's conditions reaching back to past grants
        burden = _burden(n)
        if burden is None or _undoes_what_was_unlawful(n, burden):
            continue
        if (_temporal(n, "grace") and not _claws_back(burden)) or _temporal(n, "future"):
            continue                      # a grace period, or a burden on a future event (期限届满的，不再续期)
        when = before[0] if before else dated[0]
        if _favourable(n):
            yield norm_hit(n, "对施行前的行为或期间适用新规定，属于有利溯及，请确认。", "有利溯及", span=(when.start, when.end),
                           severity="info")
            continue
        what = f"义务自 {_date_of(when.text)} 起计算，早于施行日期 {eff}" if not before else "对施行前的行为或期间适用新规定"
        span = (burden.start, burden.end)
        yield norm_hit(n, f"{what}，不得溯及既往地增加负担。", f"{when.text}的行为或期间承担「{burden.text}」", span=span)
