"""Typing what a segment makes happen, from the order of the concepts in it.

A statutory name is a consequence by itself (罚款, 吊销营业执照, 查封, 滞纳金 …). A consequence
named by its effect is a verb concept followed (or, in the passive 由…, preceded) by its object
inside the same segment: 暂扣 + 从业资格证, 不再 + 办理 + 运输证, 暂停 + 享受 + 福利待遇, 停止 +
供水, 缴纳 + 市场管理费, 开拆 + 快递. Licences (gates on an activity) are typed by
lawtext.clauses.licences, which needs the whole clause.
"""
from __future__ import annotations

import re

from lawtext.amounts import fines
from lawtext.numerals import parse_number
from lawtext.vocabulary import AMOUNT_NUMBER, MONEY_UNIT, PERCENT, PERIOD_DAYS
from lawtext.clauses.lexicon import lexicon
from lawtext.clauses.model import Concept, Consequence
from lawtext.clauses.segments import Segment

_ALSO_DENY = ("暂停", "中止", "取消", "收回", "撤销", "暂缓")
_NEGATORS = ("免予", "免于", "无需", "无须", "不需", "不必", "无权", "不再", "免收", "免缴", "免除", "不执行", "拒不执行", "未执行",
             "违反", "不遵守", "免交", "利用职务", "利用职权", "不因", "不作为", "不得作为", "不能作为", "不收取",
             "不再收取")


def _name(label: str, kind: str) -> str:
    return lexicon().name(label, kind)


def _after(seg: Segment, c: Concept, labels: tuple[str, ...], kinds: tuple[str, ...] | None = None) -> Concept | None:
    return next((x for x in seg.concepts if x.start >= c.end and x.label in labels
                 and (kinds is None or x.kind in kinds)), None)


def _anywhere(seg: Segment, c: Concept, labels: tuple[str, ...], kinds: tuple[str, ...] | None = None) -> Concept | None:
    """The concept of ``labels`` nearest to ``c`` in the segment, after it preferred."""
    found = _after(seg, c, labels, kinds)
    if found:
        return found
    before = [x for x in seg.concepts if x.end <= c.start and x.label in labels and (kinds is None or x.kind in kinds)]
    return before[-1] if before else None


def _imposed_by_verb(seg: Segment, c: Concept) -> bool:
    return any(x.label == "IMPOSE" and x.start < c.start for x in seg.concepts)


_A_LOSS = re.compile(r"^[^，。；]{0,20}?损失")


def _sanctions(seg: Segment) -> list[Consequence]:
    out = []
    for c in seg.all("SANCTION"):
        if c.kind in ("fine", "warning", "reprimand") and c.text in ("罚款", "警告", "通报批评") \
                and not _imposed_by_verb(seg, c) and not _listed(seg, c):
            continue
        if _A_LOSS.match(seg.text[c.end - seg.start:]):
            continue                      # 停产停业、搬迁等损失: a loss to be compensated, no sanction
        typ = "credit" if c.kind == "credit" else "sanction"
        by_effect = c.kind == "restrict_business" and not c.text.startswith("限制")
        start = c.start
        if c.kind == "fine":            # from the verb: 并处二百元罚款
            verbs = [x for x in seg.concepts if x.label == "IMPOSE" and x.start < c.start]
            start = verbs[-1].start if verbs else c.start
        out.append(Consequence(typ, c.kind, _name("SANCTION", c.kind), c.text, start, c.end, by_effect=by_effect))
    for v in seg.all("VERB", "revoke") + seg.all("VERB", "suspend"):
        doc = _anywhere(seg, v, ("LICENCE_DOC",))
        if doc is None or (v.text in ("暂停", "中止") and doc.text in ("登记", "备案", "许可", "资格")):
            continue
        if doc.kind == "business_licence" and v.kind == "revoke":
            kind, by_effect = "revoke_business_licence", v.text != "吊销"
        elif v.text == "暂扣":
            kind, by_effect = "suspend_licence", False
        elif v.kind == "revoke":
            kind, by_effect = "revoke_licence", v.text != "吊销"
        else:
            kind, by_effect = "restrict_business", True
        s, e = min(v.start, doc.start), max(v.end, doc.end)
        out.append(Consequence("sanction", kind, _name("SANCTION", kind) if kind != "revoke_licence" else "吊销许可证件",
                               "", s, e, object=doc.text, by_effect=by_effect))
    return out


def _listed(seg: Segment, c: Concept) -> bool:
    """警告、通报批评 or 罚款 listed right after another sanction (给予警告、通报批评)."""
    return any(x.label == "SANCTION" and x.end <= c.start and c.start - x.end <= 4 for x in seg.concepts)


def _object_of(seg: Segment, v: Concept) -> Concept | None:
    """The service or document a denying verb governs: the nearest one after it, inside the same
    verb phrase (no 的-clause in between, at most a few words: 不再为其新增车辆办理运输证)."""
    obj = _after(seg, v, ("SERVICE", "LICENCE_DOC"))
    if obj is None:
        return None
    gap = seg.text[v.end - seg.start:obj.start - seg.start]
    if len(gap) > 14 or any(ch in gap for ch in "、，；"):
        return None
    if any(x.label in ("MODAL", "IMPOSE", "CUE") for x in seg.concepts if v.end <= x.start < obj.start):
        return None
    for x in seg.concepts:              # 不得参与国有资金投资项目的投标: 资金 qualifies the head noun 投标
        between = seg.text[obj.end - seg.start:x.start - seg.start]
        if x.label == "SERVICE" and x.start >= obj.end and len(between) <= 10 and between.endswith("的") \
                and not any(ch in between for ch in "、，；"):
            return x
    return obj


_SUPPLY_OF = re.compile(r"对[^，。；]{1,16}?的((?:水电气|水电|水、电、气|水、电|供水、供电|用水、用电|水|电|气|热|燃气))(?:等)?供应")
_STOP_SUPPLY = ("停止", "暂停", "中止", "切断", "不予", "限制", "不再")


def _denials(seg: Segment) -> list[Consequence]:
    out = []
    for v in seg.all("VERB"):
        if v.kind == "occupy" or (v.kind != "deny" and v.text not in _ALSO_DENY):
            continue
        obj = _object_of(seg, v)
        after = seg.text[v.end - seg.start:]
        if after.startswith(("支付", "拨付", "付款", "结算")):
            continue                      # 暂缓支付…款项: a payment held back (BIZ-PAYMENT), not a refusal of a licence
        m = _SUPPLY_OF.match(after) if v.text in _STOP_SUPPLY else None
        if m:                                        # 暂停对该处居住房屋的水电供应
            out.append(Consequence("measure", "utilities", "停止供水、供电等", "", v.start, v.end + m.end(), object=m.group(1)))
            continue
        if v.text in _STOP_SUPPLY and after.startswith(("供应", "供给")) and seg.has("SERVICE", "utility"):
            u = seg.first("SERVICE", "utility")          # 通知供水、供电企业对该房屋暂停供应
            out.append(Consequence("measure", "utilities", "停止供水、供电等", "", v.start, v.end + 2, object=u.text))
            continue
        if obj is None:
            continue
        if obj.label == "SERVICE" and obj.kind == "utility" and v.text not in _STOP_SUPPLY:
            continue
        if obj.label == "SERVICE" and obj.kind == "utility":
            out.append(Consequence("measure", "utilities", "停止供水、供电等", "", v.start, obj.end, object=obj.text))
        elif obj.label == "SERVICE" and obj.kind == "benefit":
            out.append(Consequence("sanction", "benefit_denial", "取消、暂停享受补贴待遇", "", v.start, obj.end,
                                   object=obj.text, by_effect=True))
        elif obj.label == "SERVICE" and obj.kind == "business":
            out.append(Consequence("sanction", "restrict_business", "限制开展生产经营活动", "", v.start, obj.end,
                                   object=obj.text, by_effect=True))
        else:
            out.append(Consequence("sanction", "licence_denial", "不予办理许可、登记", "", v.start, obj.end,
                                   object=obj.text, by_effect=True))
    for v in seg.all("MODAL", "prohibition"):
        occ = _after(seg, v, ("VERB",), ("occupy",))
        if occ and seg.has("PERIOD") and not any(x.label == "SANCTION" and x.start == v.start for x in seg.concepts):
            out.append(Consequence("sanction", "restrict_occupation", "限制从业", "", v.start, occ.end,
                                   object=occ.text, by_effect=True))
    return out


_AFTER_MEASURE = ("后", "措施后", "之后", "措施之后", "决定后")


def _measures(seg: Segment) -> list[Consequence]:
    out = []
    for c in seg.all("MEASURE"):
        if seg.text.startswith(_AFTER_MEASURE, c.end - seg.start):
            continue                      # 采取冻结措施后: a time reference to a measure taken
        if c.kind == "block":
            acc = _after(seg, c, ("ACCESS",))
            if acc is None:
                continue
            out.append(Consequence("measure", "block", _name("MEASURE", "block"), "", c.start, acc.end, object=acc.text))
            continue
        if c.kind == "seize" and c.text == "暂扣" and _anywhere(seg, c, ("LICENCE_DOC",)):
            continue                      # 暂扣许可证件 is a sanction
        if c.kind == "seize" and c.text == "收缴" and seg.has("SANCTION", "confiscation"):
            continue
        kept = c.kind == "liberty" and c.text.startswith(("不得", "禁止"))    # 不得擅自离站: the ban is the confinement
        out.append(Consequence("measure", c.kind, _name("MEASURE", c.kind), c.text, c.start, c.end, by_effect=kept))
    for c in seg.all("EXECUTION"):
        out.append(Consequence("execution", c.kind, _name("EXECUTION", c.kind), c.text, c.start, c.end))
    return out


def _payments(seg: Segment) -> list[Consequence]:
    out = []
    pay = seg.first("PAY")
    confiscated = [x.end for x in seg.concepts if x.label == "SANCTION" and x.kind == "confiscation"]
    for c in seg.concepts:
        if confiscated and min(confiscated) <= c.start:
            break                                   # 没收其所收取的…费用: what is confiscated
        if c.label == "DEPOSIT" and c.kind == "named" and _rated_after(seg, c):
            noun = _noun_left(seg, c)                 # 投标保证金统一按照估算价的百分之五收取
            out.append(Consequence("deposit", "deposit", _name("DEPOSIT", "named"), noun, c.end - len(noun), c.end, object=noun))
            continue
        if c.label == "FEE" and c.kind == "named" and (_rated_after(seg, c) or _BORNE_BY.match(seg.text[c.end - seg.start:])):
            noun = _noun_left(seg, c)                 # 审查费按照广告画面每平方米八元计收: the fee and its rate
            out.append(Consequence("fee", "fee", _name("FEE", "named"), noun, c.end - len(noun), c.end, object=noun))
            continue
        if c.label in ("DEPOSIT", "FEE") and not any(x.label == "PAY" and x.end <= c.start for x in seg.concepts):
            continue                                # 押金收取与退还 names the item; a payment is 缴纳…押金
        if c.label == "DEPOSIT" and c.kind == "named" and pay:
            noun = _noun_left(seg, c)
            out.append(Consequence("deposit", "deposit", _name("DEPOSIT", "named"), noun, c.end - len(noun), c.end,
                                   object=noun))
        elif c.label == "FEE" and c.kind in ("named", "fund") and pay and not _inside(seg, c, "DEPOSIT"):
            noun = _noun_left(seg, c)
            out.append(Consequence("fee", "fee", _name("FEE", "named"), noun, c.end - len(noun), c.end, object=noun))
        elif c.label == "LEVY":
            out.append(Consequence("levy", c.text, _name("LEVY", "named"), c.text, c.start, c.end))
    return out


_RATED = re.compile(rf"^(?:统一)?按(?:照)?[^，。；]{{1,20}}?(?:{AMOUNT_NUMBER}{MONEY_UNIT}|{PERCENT})[^，。；]{{0,4}}?(?:计收|收取|计征|征收|缴纳)")


_BORNE_BY = re.compile(r"^[^。；]{0,24}?由(?:申请人|申请单位|被检查人|被检查单位|被抽检|当事人|经营者|企业)[^，。；]{0,6}?(?:承担|支付|缴纳|负担)")


def _rated_after(seg: Segment, c: Concept) -> bool:
    return bool(_RATED.match(seg.text[c.end - seg.start:]))


def _inside(seg: Segment, c: Concept, label: str) -> bool:
    return any(x.label == label and x.start <= c.start and c.end <= x.end and x is not c for x in seg.concepts)


def _noun_left(seg: Segment, c: Concept) -> str:
    """The name a fee or deposit goes by: the noun phrase ending at the term (缴纳|市场管理费)."""
    left = [x.end for x in seg.concepts if x.end <= c.start and x.label in ("PAY", "MODAL", "ORGAN", "PARTY", "AGENT")]
    start = max(left) if left else seg.start
    text = seg.text[start - seg.start:c.end - seg.start]
    for sep in ("的", "按", "向", "等", "、"):
        if sep in text[:-1]:
            text = text[text.rindex(sep, 0, len(text) - 1) + 1:]
    return text.strip("，,：: ")


_EXPROPRIATION_NOUNS = ("补偿", "安置", "工作", "方案", "标准", "协议", "复印件", "材料", "证明", "清单")


def _pairs(seg: Segment) -> list[Consequence]:
    """Two-concept consequences: tax, expropriation, privacy, proofs."""
    out = []
    for c in seg.concepts:
        if c.label == "TAX" and c.kind == "named":
            verb = _anywhere(seg, c, ("TAX",), ("verb",)) or _anywhere(seg, c, ("RESERVED",), ("tax",))
            if verb:
                s, e = min(c.start, verb.start), max(c.end, verb.end)
                name = seg.text[verb.end - seg.start:c.end - seg.start] if verb.end <= c.start else c.text
                out.append(Consequence("tax", verb.text, "税收", "", s, e, object=name))
        elif c.label == "RESERVED" and c.kind == "expropriation":
            prop = _after(seg, c, ("RESERVED",), ("property",)) or _anywhere(seg, c, ("RESERVED",), ("property",))
            rest = seg.text[max(c.end, prop.end if prop else c.end) - seg.start:] if prop else ""
            if prop and any(w in rest for w in _EXPROPRIATION_NOUNS):
                continue                  # 征收集体所有土地房屋补偿管理工作: 征收 qualifies a noun
            if prop:
                s, e = min(c.start, prop.start), max(c.end, prop.end)
                out.append(Consequence("expropriation", c.text, "征收、征用", "", s, e, object=prop.text))
        elif c.label == "PROOF":
            out.append(Consequence("proof", c.text, "证明材料", c.text, c.start, c.end))
    return out


def _reserved(seg: Segment) -> list[Consequence]:
    out = []
    for c in seg.concepts:
        if c.label == "RESERVED" and c.kind in ("litigation", "civil", "criminal", "selfgov", "finance", "ownership"):
            out.append(Consequence(c.kind, c.text, _name("RESERVED", c.kind), c.text, c.start, c.end))
        elif c.label == "ABOLISHED":
            out.append(Consequence("abolished", c.text, _name("ABOLISHED", "system"), c.text, c.start, c.end))
    return out


_MARKET_KINDS = {"prefer": "prefer", "designate": "designate", "exclusive": "exclusive", "price": "price",
                 "divide": "divide", "reinspect": "reinspect", "exit": "exit", "subsidy": "subsidy"}


def _market(seg: Segment) -> list[Consequence]:
    out = []
    for c in seg.all("MARKET"):
        if c.kind in _MARKET_KINDS:
            out.append(Consequence("market", c.kind, _name("MARKET", c.kind), c.text, c.start, c.end))
    for c in seg.all("BIZ"):
        if c.kind == "breach":
            promise = _anywhere(seg, c, ("BIZ",), ("promise",))
            s, e = (min(c.start, promise.start), max(c.end, promise.end)) if promise else (c.start, c.end)
            out.append(Consequence("biz", "breach", _name("BIZ", "breach"), "", s, e, object=promise.text if promise else ""))
        elif c.kind in ("prepay", "audit", "noncash"):
            out.append(Consequence("biz", c.kind, _name("BIZ", c.kind), c.text, c.start, c.end))
        elif c.kind == "payment" and any((_days(p.text) or 0) > 60 for p in seg.all("PERIOD")) and \
                re.search(r"支付|付款|付清|拨付|结清|偿还", seg.text):      # not 公开上一年度拖欠的款项
            period = next(p for p in seg.all("PERIOD") if (_days(p.text) or 0) > 60)
            s, e = min(c.start, period.start), max(c.end, period.end)
            out.append(Consequence("biz", "delay", _name("BIZ", "delay"), "", s, e, object=c.text))
        elif c.kind == "delay" and seg.has("BIZ", "payment"):
            pay = seg.first("BIZ", "payment")
            s, e = min(c.start, pay.start), max(c.end, pay.end)
            out.append(Consequence("biz", "delay", _name("BIZ", "delay"), "", s, e, object=pay.text))
    for c in seg.all("POWER"):
        out.append(Consequence("power", c.text, _name("POWER", "intrusive"), c.text, c.start, c.end))
    return out


def _days(text: str) -> float | None:
    """A period in days: 一百二十日 → 120, 三个月 → 90, 两年内 → 730 (None if not a period)."""
    text = text.rstrip("内以之")
    for unit in sorted(PERIOD_DAYS, key=len, reverse=True):
        if text.endswith(unit):
            try:
                return parse_number(text[:-len(unit)].rstrip("个")) * PERIOD_DAYS[unit]
            except ValueError:
                return None
    return None


def segment_consequences(text: str, seg: Segment) -> list[Consequence]:
    """Every consequence stated in a main segment, with its words, object and negation."""
    found = (_sanctions(seg) + _denials(seg) + _measures(seg) + _payments(seg) + _pairs(seg) + _reserved(seg)
             + _market(seg))
    found = _dedupe(found)
    starts = sorted({c.start for c in found})
    seg_end = seg.start + len(seg.bare) + (len(seg.text) - len(seg.text.lstrip()))
    for c in found:
        nxt = next((s for s in starts if s > c.start), seg_end)
        end = max(c.end, min(nxt, seg_end)) if c.type not in ("market", "fee", "deposit", "levy") else c.end
        c.end = min(max(c.end, end), seg_end) if end > c.end else c.end
        c.text = text[c.start:c.end].rstrip("、，,和及或者并")
        c.negated = _negated(seg, c)
        if c.type == "sanction" and c.kind == "fine":
            f = fines(text[seg.start:seg_end])
            c.amount = f[0] if f else None
    return found


def _dedupe(found: list[Consequence]) -> list[Consequence]:
    """Drop a consequence whose words lie inside another of the same type (吊销 + 营业执照 inside
    吊销营业执照); named ones come first, so they win."""
    out: list[Consequence] = []
    for c in found:
        if any(o.type == c.type and o.start <= c.start and c.end <= o.end for o in out):
            continue
        out = [o for o in out if not (o.type == c.type and c.start <= o.start and o.end <= c.end and o.by_effect)]
        out.append(c)
    out.sort(key=lambda c: c.start)
    return out


def _negated(seg: Segment, c: Consequence) -> bool:
    """Forbidden rather than imposed: 不得扣押, 禁止收取…费, 免予处罚 (a prohibition before the
    consequence in its segment that is not part of the consequence's own words)."""
    for x in seg.concepts:
        if x.start >= c.start:
            break
        if x.label == "MODAL" and x.kind == "prohibition" and x.end <= c.start:
            return True
    before = seg.text[:c.start - seg.start]
    if any(n in before for n in _NEGATORS):
        return True
    if c.kind == "liberty" and c.by_effect:
        return False                      # 被安置人员不得擅自离站: 被 names who is kept, not a measure already taken
    passive = [x for x in seg.concepts if x.label == "CUE" and x.kind == "passive" and x.end <= c.start]
    return bool(passive) and not any(x.label == "MODAL" and passive[-1].end <= x.start < c.start for x in seg.concepts)
