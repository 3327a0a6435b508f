"""B.9 No retroactive burdens (立法法第一百零四条)."""
from __future__ import annotations

import re
from datetime import date

from checks.base import Context, hit_at, rule
from checks.dossier import as_date
from lawtext.vocabulary import SELF_NAME

_BEFORE_EFFECT = re.compile(
    rf"(?:{SELF_NAME}|本)(施行|实施|印发|发布)(之日)?(前|以前)[^。]{{0,40}}?"
    r"(补缴|追缴|追究|处罚|补交|补足|罚款|加收)")
_FAVOURABLE = re.compile(r"减免|放宽|免予|免于|不予处罚|不再追究|从轻|减轻|有利|继续有效|仍然有效|继续享受|不受影响|从旧兼从轻")
_DATED_OBLIG = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起[^，。；]{0,12}?(执行|计算|补缴|适用|缴纳|收取|计收|追缴)")
_EFFECT_DATE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(施行|实施)")


def effective_date(ctx: Context) -> date | None:
    d = as_date((ctx.dossier or {}).get("effective_date"))
    if d:
        return d
    for c in reversed(ctx.clauses):
        m = _EFFECT_DATE.search(c.text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


@rule("RETRO", title="溯及既往的不利规定", levels="LR GR ND", severity="error", head=3,
      basis="《中华人民共和国立法法》第一百零四条；《中华人民共和国行政处罚法》第三十七条")
def retro(ctx: Context):
    """
    What it checks: 是否把新设的义务、收费或处罚适用于施行日期以前的行为或期间（「本办法施行前……补缴」，或早于
    施行日期的起算日）。对当事人有利的溯及（减免、放宽、不再追究）为提示。
    Why: 法律、法规、规章不溯及既往，但为了更好地保护公民、法人和其他组织的权利和利益而作的特别规定除外；
    实施行政处罚适用违法行为发生时的规定（从旧兼从轻）。给予合理期限、面向将来的过渡性规定不是溯及既往。
    Fires on: 施行日期 2025年3月1日，「本办法施行前已投入使用但未达到本办法规定标准的停车场，经营者应当自2024年1月1日起
    按新标准补缴差额费用。」
    Does not fire on: 「本条例施行前已经设立的，应当自本条例施行之日起六个月内补办登记手续。」；「本办法施行前发生的
    违法行为，依照行为发生时的规定处理。」
    Basis: 立法法第一百零四条；行政处罚法第三十七条。
    """
    eff = effective_date(ctx)
    for s in ctx.sentences:
        reported = False
        for m in _BEFORE_EFFECT.finditer(s.masked):
            if re.search(r"行为发生时|当时的规定|原(有)?规定|不适用|不一致", s.masked):
                continue
            if re.search(r"自本[^，。；]{0,6}(施行|实施)之日起[^，。；]{0,12}(内|前)", s.masked):
                continue      # a forward-looking transition with a grace period
            favourable = _FAVOURABLE.search(s.masked)
            yield hit_at(s, m, "对施行前的行为或期间适用新规定，" + ("属于有利溯及，请确认。" if favourable else
                                                              "不得溯及既往地增加负担。"),
                         severity="info" if favourable else None)
            reported = True
        if reported or eff is None:
            continue
        for m in _DATED_OBLIG.finditer(s.masked):
            try:
                d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if d < eff:
                favourable = _FAVOURABLE.search(s.masked)
                yield hit_at(s, m, f"义务自 {d} 起计算，早于施行日期 {eff}，" +
                             ("属于有利溯及，请确认。" if favourable else "构成溯及既往的不利规定。"),
                             severity="info" if favourable else None)
