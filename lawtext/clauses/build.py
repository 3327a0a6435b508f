"""Building the normative clauses of one provision from its segments.

Segments ending in 的, opening a condition (违反…, 对…的X, 因…, 经…, 在…前) or carrying no norm
are conditions; the others state the norm (a modal verb, a consequence, 由X…). Conditions followed
by norm segments make one clause; a condition after a norm opens the next clause, which inherits
the breach of the clause it escalates (…罚款；情节严重的，吊销…). Referrals apply to the whole
sentence they are in (依照《X》第N条的规定处罚；情节严重的，吊销…).
"""
from __future__ import annotations

import re

from lawtext.clauses.consequences import segment_consequences
from lawtext.clauses.licences import clause_licences
from lawtext.clauses.lexicon import Term
from lawtext.clauses.model import (AGENT, CONSENT, ENCOURAGEMENT, IMPOSITION, OBLIGATION, PERMISSION, PRECONDITION,
                                   PRIVATE, PROHIBITION, PUBLIC, SELFGOV, Concept, Condition, Consequence, NormClause,
                                   Provision, Referral)
from lawtext.clauses.segments import Segment, referrals, segments

_MAIN_LABELS = {"MODAL", "SANCTION", "MEASURE", "EXECUTION", "LEVY", "ABOLISHED"}
_MAIN_KINDS = {("BIZ", "breach"), ("BIZ", "prepay"), ("BIZ", "audit"), ("BIZ", "noncash"), ("PRIVACY", "act"),
               ("MARKET", "prefer"), ("MARKET", "designate"), ("MARKET", "exclusive"), ("MARKET", "price"), ("MARKET", "divide"),
               ("MARKET", "reinspect"), ("RESERVED", "litigation"), ("RESERVED", "civil"), ("RESERVED", "criminal"),
               ("RESERVED", "tax"), ("RESERVED", "selfgov"), ("RESERVED", "finance"), ("RESERVED", "ownership")}
_MODALITY = {"obligation": OBLIGATION, "prohibition": PROHIBITION, "permission": PERMISSION,
             "encouragement": ENCOURAGEMENT, "precondition": PRECONDITION}
_PARTY_TYPES = {"PARTY": PRIVATE, "ORGAN": PUBLIC, "AGENT": AGENT, "CONSENT": CONSENT, "SELFGOV": SELFGOV}
_OPENERS = ("违反", "对", "凡", "因", "经", "未经", "在", "除", "如", "若", "如果", "当", "有下列", "属于", "为了", "根据",
            "依照", "依据", "按照", "本办法施行前", "本条例施行前", "本规定施行前")


_CONTINUE = ("并", "且", "同时", "也", "还", "或者", "以及", "另", "再", "向", "按", "依照", "自", "于", "从", "报", "到", "将",
             "把", "对其", "为其", "给", "以", "方可", "才能", "后方可", "经", "由其", "直至", "直到")
_PREPOSITIONS = ("向", "对", "由", "为", "在", "按", "依照", "依据", "根据", "自", "经", "从", "于", "将", "把", "与", "给", "报")


def _is_cond(seg: Segment) -> bool:
    bare = seg.bare
    if bare.endswith("的") or bare.endswith(("的情形", "的情况")):
        return True
    if bare.endswith(("时", "期间", "过程中", "之前", "以前")) and not any(c.label == "MODAL" for c in seg.concepts):
        return True                               # 实施查封、扣押时: when, not what
    if _topic_party(seg):
        return True                               # 按规定缴纳基本养老保险费的人员，…: who, not what
    if any(c.label in _MAIN_LABELS or (c.label, c.kind) in _MAIN_KINDS for c in seg.concepts) or bare.startswith(("由", "责令")):
        return False
    if (seg.has("TAX", "named") and seg.has("TAX", "verb")) or (seg.has("BIZ", "delay") and seg.has("BIZ", "payment")):
        return False
    grant = seg.first("GRANT")
    if grant and seg.has("MARKET", "subsidy") and not bare.startswith("对") and grant.start > seg.start + bare.rfind("的"):
        return False
    if any(c.label == "VERB" and c.kind in ("revoke", "suspend", "deny") for c in seg.concepts):
        return False
    if any(c.label == "PAY" for c in seg.concepts) and any(c.label in ("FEE", "DEPOSIT") for c in seg.concepts):
        return False
    if any(c.label == "APPROVAL" for c in seg.concepts) and bare.startswith(("由", "经")) and not bare.startswith("经营"):
        return not any(c.label == "MODAL" for c in seg.concepts) and bare.startswith("经")
    return True


def _required_in_condition(text: str, conds: list[Segment], mains: list[Segment]) -> list[Consequence]:
    """未…缴纳培训费的驾驶员，不得…: a payment whose absence bars or is sanctioned is required."""
    if not any(m.has("MODAL", "prohibition") or m.has("VERB", "deny") or m.has("SANCTION") for m in mains):
        return []
    out = []
    for s in conds:
        if s.bare.startswith(("未", "不")) and s.has("PAY") and (s.has("FEE") or s.has("DEPOSIT")):
            out += [c for c in segment_consequences(text, s) if c.type in ("fee", "deposit", "levy")]
    return out


def _topic_party(seg: Segment) -> bool:
    """A noun phrase naming the parties concerned (…缴纳…费的人员, 拒不缴纳罚款的商户): it ends in a
    party after 的 and has no modal."""
    bare = seg.bare
    k = bare.rfind("的")
    if k < 0 or seg.has("MODAL") or bare.startswith(("由", "对", "责令")):
        return False
    end = seg.start + len(bare)
    return any(c.label in _PARTY_TYPES and c.end == end and c.start >= seg.start + k + 1 for c in seg.concepts)


def _condition(seg: Segment) -> Condition:
    bare = seg.bare
    gate_terms = [c for c in seg.concepts if c.label == "GATE" and c.kind == "unless"]
    gate = any(c.label in ("APPROVAL", "LICENCE_DOC") and any(g.end <= c.start for g in gate_terms) for c in seg.concepts)
    cues = [c for c in seg.concepts if c.label == "CUE" and c.kind in ("violation", "negative", "escalation")
            and not any(g.start <= c.start < g.end for g in gate_terms)]
    if gate and cues and all(c.kind == "negative" for c in cues):
        cues = []                                   # the 未 of 未经 / 未取得 itself
    if bare.endswith("的"):
        kind = "unless" if bare.startswith("未") else "if"
    elif bare.startswith("对") and "的" in bare:
        kind = "target"
    elif any(c.label == "TEMPORAL" for c in seg.concepts) or bare.startswith("在") and bare.endswith(("前", "时", "期间")):
        kind = "time"
    elif bare.startswith(("依照", "依据", "按照", "根据")):
        kind = "referral"
    elif bare.startswith(("违反", "未经", "经", "因", "凡", "如", "若", "除")):
        kind = "if"
    else:
        kind = "context"
    dist = tuple(c for c in seg.concepts if c.label in ("DISTINCTION", "PLACE"))
    return Condition(kind, bare, seg.start, seg.start + len(bare), violation=bool(cues), gate=gate,
                     distinctions=dist, concepts=tuple(seg.concepts))


def _group(segs: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """(conditions, norm segments) per clause, within one part (；) of a sentence."""
    groups: list[tuple[list[Segment], list[Segment]]] = []
    conds: list[Segment] = []
    mains: list[Segment] = []
    key = None
    for s in segs:
        if (s.sentence, s.part) != key:
            if conds or mains:
                groups.append((conds, mains))
            conds, mains, key = [], [], (s.sentence, s.part)
        if s.role == "cond":
            if mains:
                groups.append((conds, mains))
                conds, mains = [], []
            conds.append(s)
        else:
            mains.append(s)
    if conds or mains:
        groups.append((conds, mains))
    # a part that states no norm of its own ends in a statement, not a condition (…，依照本办法的
    # 规定追究责任 / …，继续有效)
    for i, (conds, mains) in enumerate(groups):
        if not mains and conds and not conds[-1].bare.endswith("的"):
            conds[-1].role = "main"
            groups[i] = (conds[:-1], [conds[-1]])
    return groups


def _party(concepts, before: int | None = None) -> Concept | None:
    cands = [c for c in concepts if c.label in _PARTY_TYPES and (before is None or c.end <= before)]
    if not cands:
        return None
    last_end = max(c.end for c in cands) if before is not None else min(c.start for c in cands)
    pick = [c for c in cands if (c.end == last_end if before is not None else c.start == last_end)]
    return max(pick, key=lambda c: (c.end - c.start, c.label == "PARTY"))


def _cond_party(s: Segment) -> Concept | None:
    """Who a condition is about: X in X对…的Y (X acts), Y in …的Y (the head noun), else the first
    party of a …的 clause. The issuer inside a gate (未取得市建委核发的…证) is not who it is about."""
    gate = s.first("GATE", "unless")
    if gate is not None and not any(c.label in _PARTY_TYPES and c.end <= gate.start for c in s.concepts):
        return None
    dui = s.text.find("对", 1)
    if dui > 0:
        p = _party(s.concepts, s.start + dui)
        if p is not None:
            return p
    de = s.bare.rfind("的")
    if 0 <= de < len(s.bare) - 1:
        head = [c for c in s.concepts if c.label in _PARTY_TYPES and c.start >= s.start + de]
        if head:
            return max(head, key=lambda c: (c.end, c.end - c.start))
    return _party(s.concepts)


_NOT_PREPOSITIONS = ("经营", "经济", "自然人", "自行", "自来水", "自愿", "从业", "从事", "对外", "在职", "在校", "由于", "报社",
                     "给予", "将来", "与会")


def _starts_with_preposition(bare: str) -> bool:
    return bare.startswith(_PREPOSITIONS) and not bare.startswith(_NOT_PREPOSITIONS)


def _subject(seg: Segment) -> Concept | None:
    """The party a norm segment starts with (物业服务企业应当…, 市交通运输主管部门不再为其…), not the
    object of a preposition (向…部门备案) or of the verb."""
    if _starts_with_preposition(seg.bare):
        return None
    actions = [c.start for c in seg.concepts if c.label in ("MODAL", "VERB", "SANCTION", "MEASURE", "EXECUTION", "PAY", "IMPOSE")
               or c.label == "MARKET" and c.kind in ("designate", "prefer", "exclude")]
    limit = min(actions) if actions else seg.start + len(seg.bare)
    cands = [c for c in seg.concepts if c.label in _PARTY_TYPES and c.end <= limit]
    if not cands:
        return None
    first = min(c.start for c in cands)
    return max((c for c in cands if c.start == first), key=lambda c: (c.end - c.start, c.label == "PARTY"))


def _addressee(conds: list[Segment], mains: list[Segment], prev: NormClause | None) -> tuple[str, str]:
    first = mains[0] if mains else None
    if first is not None and not first.bare.startswith("由"):
        p = _subject(first)
        if p is not None:
            return p.text, _PARTY_TYPES[p.label]
    for s in conds:
        p = _cond_party(s)
        if p is not None:
            return p.text, _PARTY_TYPES[p.label]
    if prev is not None and prev.addressee and prev.addressee_type != PUBLIC:
        return prev.addressee, prev.addressee_type     # a public addressee acted as authority there
    return "", ""


def _authority(mains: list[Segment], addressee: tuple[str, str]) -> str:
    for m in mains:
        if m.bare.startswith("由"):
            p = next((c for c in m.concepts if c.label in ("ORGAN", "AGENT")), None)
            if p:
                return p.text
    return addressee[0] if addressee[1] in (PUBLIC, AGENT) else ""


def _own_subject_modal(rest: list[Segment], kinds: tuple[str, ...] = ()) -> bool:
    """The next segment with a modal (of ``kinds``, if given) names its own subject before it (招标文件不得…)."""
    m = next((x for x in rest if x.first("MODAL") is not None), None)
    return m is not None and m.first("MODAL").start - m.start >= 2 and (not kinds or m.first("MODAL").kind in kinds)


def _modality(mains: list[Segment]) -> str:
    """The first modal of the norm, skipping one inside a relative phrase before it (依法必须进行
    招标的项目，招标文件不得…: 必须 qualifies the projects, 不得 is the norm)."""
    for i, m in enumerate(mains):
        modals = [c for c in m.concepts if c.label == "MODAL"]
        if not modals:
            continue
        c = modals[0]
        if len(modals) > 1 and "的" in m.text[c.end - m.start:modals[1].start - m.start]:
            c = modals[1]
        elif i == 0 and len(modals) == 1 and "的" in m.text[c.end - m.start:] and _own_subject_modal(mains[1:]):
            continue                     # the segment is a topic (…必须进行招标的项目，) before the norm
        if c.kind == "encouragement" and _own_subject_modal(mains[i + 1:], ("obligation", "prohibition")):
            continue                     # 主管部门组织企业支持赛事，企业应当缴纳…: the duty of the second subject
        return _MODALITY[c.kind]
    return ""


def _action(text: str, mains: list[Segment], token_starts) -> tuple[str, str]:
    if not mains:
        return "", ""
    m = mains[0]
    modal = m.first("MODAL")
    start = modal.end if modal else m.start
    rest = text[start:m.start + len(m.bare)].strip()
    cut = next((t - start for t in token_starts if t > start and t - start >= 1), None) if token_starts else None
    if cut is None or cut >= len(rest):
        cut = min(2, len(rest))
    return rest[:cut], rest[cut:]


def _clause(text, conds, mains, refs, prev, token_starts, prior=()) -> NormClause:
    """One clause from its condition and norm segments; ``prior``: the segments of the clause before
    it in the same sentence (an anaphoric gate, 未办理的, points back to them)."""
    segs = conds + mains
    start, end = segs[0].start, segs[-1].start + len(segs[-1].bare)
    sentence = segs[0].sentence
    conditions = [_condition(s) for s in conds]
    addressee = _addressee(conds, mains, prev)
    consequences = []
    defining = any(c.label == "DEFINE" for s in segs for c in s.concepts)
    inherited = _inherited_modality(conds, mains, prev, sentence)
    inherits = inherited == PROHIBITION
    for i, m in enumerate(mains):
        found = segment_consequences(text, m)
        if defining:
            for c in found:                   # 本条例所称家庭暴力，是指…限制人身自由…的行为: a definition
                c.negated = True
        elif _under_next_prohibition(mains, i) or _continues_prohibition(mains, i) or inherits:
            for c in found:               # 实施扣押，不得扣押与违法行为无关的财物: the clause limits it
                c.negated = c.negated or not c.by_effect or inherits
        consequences += found
    for c in _topic_measures(conds, mains, consequences):
        c.negated = True
    if any(_FRAUD.search(s.text) for s in conds):      # 以虚报方式取得补助资金的，收回已拨付的资金: restitution
        consequences = [c for c in consequences if not (c.kind == "benefit_denial" and c.text.startswith(_RECOVER))]
    for c in consequences:               # 不得以…为由，拒绝或者拖延办理: what the ban forbids, across the comma
        if not c.negated and _BANNED_PRETEXT.search(text[:c.start]):
            c.negated = True
    consequences += _required_in_condition(text, conds, mains)
    consequences += _fee_borne_by(segs, consequences)
    consequences += clause_licences(text, conds, mains, prior)
    consequences += _privacy(text, conds, mains, consequences)
    consequences.sort(key=lambda c: c.start)
    violation = any(c.violation for c in conditions)
    escalates = any(c.label == "CUE" and c.kind == "escalation" for s in conds for c in s.concepts)
    if not violation and prev is not None and prev.sentence == sentence and (escalates or not conds):
        violation = prev.violation
    if not violation and prev is not None and conds and conds[-1].bare.endswith("的") and not _INCOMPLETE.search(conds[-1].bare) and \
            prev.modality in (OBLIGATION, PROHIBITION) and any(c.type == "sanction" or c.by_effect for c in consequences):
        violation = True    # 摊贩应当在划定时段内经营。超出划定时段经营的，…暂停…: the breach of the duty before
    if not violation:   # 拒不缴纳罚款的企业 inside a norm segment's own words
        violation = any(c.label == "CUE" and c.kind == "violation" for m in mains for c in m.concepts
                        if not any(x.start <= c.start for x in consequences))
    refs = _outside_exceptions(text, refs)
    ref = _referral_for(refs, sentence, start, end)
    _mark_referrals(consequences, refs, sentence, segs)
    carve = any(r.kind == "carve" and r.sentence == sentence for r in refs)
    modality = _modality(mains) or inherited or (IMPOSITION if consequences else "")
    action, obj = _action(text, mains, token_starts)
    all_concepts = tuple(c for s in segs for c in s.concepts)
    return NormClause(
        text=text[start:end], start=start, end=end, sentence=sentence, addressee=addressee[0],
        addressee_type=addressee[1], modality=modality, action=action, object=obj, conditions=conditions,
        consequences=consequences, authority=_authority(mains, addressee), referral=ref, carve_out=carve,
        temporal=tuple(c for c in all_concepts if c.label == "TEMPORAL"),
        distinctions=tuple(c for c in all_concepts if c.label in ("DISTINCTION", "PLACE")), concepts=all_concepts,
        violation=violation, statement="，".join(m.bare for m in mains), shields=_shields(mains))


_TOPIC_STARTS = ("由", "对", "并", "责令", "处", "予以", "给予", "可以", "依法")


def _topic_measures(conds, mains, consequences) -> list[Consequence]:
    """Sanctions and measures named in the topic before the norm (公安机关拖移违法停放的机动车，不得收取
    拖移费用; 罚款、没收违法所得的款项，应当全额缴入国库): the clause governs how they are handled,
    it does not impose them. Only when the next segment opens with a duty or a ban and no
    violation condition precedes (违反…的，没收违法所得，可以并处… imposes both)."""
    if len(mains) < 2 or any(c.label == "CUE" and c.kind == "violation" for s in conds for c in s.concepts):
        return []
    topic, norm = mains[0], mains[1]
    modal = norm.first("MODAL")
    if topic.first("MODAL") is not None or topic.bare.startswith(_TOPIC_STARTS) or modal is None \
            or modal.kind not in ("obligation", "prohibition") or modal.start - norm.start > 1:
        return []
    end = topic.start + len(topic.bare)
    return [c for c in consequences if c.type in ("sanction", "measure") and topic.start <= c.start < end]


def _privacy(text, conds, mains, found) -> list[Consequence]:
    """开拆、查验、调取 (in the norm) + 快递、通话记录 (anywhere in the clause): an inspection of
    communications, even when the object was named in the condition (发现可疑快递包裹的，可以要求…开拆)."""
    objects = [c for s in conds + mains for c in s.concepts if c.label == "PRIVACY" and c.kind == "object"]
    if not objects:
        return []
    out = []
    for m in mains:
        for a in m.all("PRIVACY", "act"):
            if any(c.type == "privacy" and c.start <= a.start < c.end for c in found + out):
                continue
            if _other_object(text, m, a):
                continue                  # 对客户身份进行查验: the act has an object that is no communication
            out.append(Consequence("privacy", a.text, "检查通信、邮件", text[a.start:a.end], a.start, a.end,
                                   object=objects[0].text, negated=any(x.label == "MODAL" and x.kind == "prohibition"
                                                                       and x.end <= a.start for x in m.concepts)))
    return out


def _other_object(text: str, m, a) -> bool:
    """``a`` is done to something named in 对…进行 right before it that is not a communication."""
    head = text[m.start:a.start]
    k = head.rfind("对")
    if k < 0 or not head.rstrip("、").endswith(("进行", "予以", "实施")):
        return False
    return not any(c.label == "PRIVACY" and c.kind == "object" and m.start + k <= c.start < a.start for c in m.concepts)


# What a ban forbids when it protects a third party: demanding, designating, restricting, refusing the
# other's application, charging, apportioning, obstructing, adding conditions or steps. 拒绝 followed by
# 接受/提供/配合… is the addressee's own duty to comply (不得拒绝接受检查), 阻碍/妨碍 a duty not to obstruct.
_PRETEXT = re.compile(r"^以[^。；]{0,40}?(?:为由|为理由|等理由|名义)")     # 不得以…为由 forbids whatever follows
_BURDENING_OTHERS = re.compile(
    r"^(?:(?:以[^。；]{0,40}?(?:方式|形式|手段)[，,]?|以任何[^，。；]{0,4}|因[^。；]{1,40}?[，,]|对[^，。；]{1,20}?|"
    r"向[^，。；]{1,20}?|在[^，。；]{1,20}?|擅自|另行|再|变相|随意|额外|自行|将[^，。；]{1,30}?)){0,2}"
    r"(?:要求|强制|强迫|逼迫|迫使|强令|指定|变相指定|限定|限制|拒绝(?!接受|提供|配合|执行|履行|缴纳|检查|监督|依法|承担)|"
    r"收取|索要|摊派|募集|集资|阻拦|阻挠|干预|截留|扣留|扣押(?=[^，。；]{0,6}(?:证件|身份证))|拖延|拖欠|刁难|歧视|排斥|区别对待|"
    r"设置(?=[^，。；]{0,12}(?:条件|门槛|障碍|限制|审核|审批|程序|环节|壁垒))|增加(?=[^，。；]{0,8}(?:条件|负担|程序|环节|材料|费用|频次|项目))|"
    r"附加|搭售|转嫁|重复(?:检测|检验|认证|审查|提交)|作为[^，。；]{0,20}(?:条件|依据|指标|前提)|[^，。；]{0,12}挂钩|"
    r"不予(?:受理|办理)|停止(?:或者限制)?(?:供应|供水|供电))")
_RELIEF = ("不再要求", "无需提交", "无须提交", "免于提交", "不需要提交", "免收", "免予收取", "一律免费", "免费提供")


def _shields(mains: list[Segment]) -> bool:
    """The norm forbids burdening someone else (市场开办者不得对市外产品要求重复检测; 任何单位不得指定…;
    窗口不得要求申请人提交…) or lifts a burden (不再要求申请人提交收入证明): it protects, it does not bind
    the protected party."""
    for i, m in enumerate(mains):
        if any(w in m.bare for w in _RELIEF):
            return True
        modal = m.first("MODAL")
        if modal is None:
            continue
        if modal.kind != "prohibition":
            return False
        rest = (m.text[modal.end - m.start:] + "".join(x.text for x in mains[i + 1:])).lstrip()
        return bool(_PRETEXT.match(rest) or _BURDENING_OTHERS.match(rest))
    return False


# an application lacking its documents (缺少上述材料的，不予受理): the procedure of 行政许可法第三十二条, no breach
_INCOMPLETE = re.compile(r"(?:缺少|缺乏|未提交|未提供|不齐全|不全|不完整)[^，。；]{0,8}?(?:材料|证明|意见|文件)?|(?:材料|证明|文件)[^，。；]{0,6}(?:不齐全|不全|不完整)")
_PAYER = re.compile(r"^由(?:申请人|申请单位|被检查人|被检查单位|被抽检(?:单位|人)?|当事人|经营者|企业|设置人|建设单位)[^，。；]{0,4}?(?:承担|支付|缴纳|负担)")


def _fee_borne_by(segs: list[Segment], found: list[Consequence]) -> list[Consequence]:
    """技术评审所需的专家劳务费和资料费，由申请人承担: a fee named in one segment, laid on a private party in the next."""
    out = []
    for prev, seg in zip(segs, segs[1:]):
        fee = next((c for c in prev.concepts if c.label == "FEE" and c.kind == "named"), None)
        if fee is not None and _PAYER.match(seg.bare) and prev.bare.endswith("费") and \
                not any(c.type == "fee" and prev.start <= c.start < prev.end for c in found):
            out.append(Consequence("fee", "fee", "收费", prev.bare, prev.start, prev.start + len(prev.bare), object=prev.bare))
    return out


_FRAUD = re.compile(r"虚报|骗取|冒领|套取|虚构|伪造|弄虚作假|欺骗|重复申报")
_RECOVER = ("收回", "追回", "追缴", "退回", "返还")


_BANNED_PRETEXT = re.compile(r"不得以[^。；]*?(?:为由|为理由|等理由)[，,][^。；，,]*$")


def _inherited_modality(conds: list[Segment], mains: list[Segment], prev: NormClause | None, sentence: int) -> str:
    """The prohibition or encouragement of the clause before it in the same sentence, which this
    clause continues (不得滥用行政权力，限定…；限定他人购买其指定的经营者的商品 / 鼓励公民…参与建设…，
    对全民健身事业进行捐赠和赞助): no modal, no subject and no condition of its own."""
    if prev is None or prev.sentence != sentence or prev.modality not in (PROHIBITION, ENCOURAGEMENT) or not mains:
        return ""
    segs = conds + mains
    if any(s.has("MODAL") for s in segs) or any(s.bare.endswith("的") for s in conds):
        return ""
    first = segs[0]
    return prev.modality if not first.bare.startswith("由") and _subject(first) is None else ""


def _continues_prohibition(mains: list[Segment], i: int) -> bool:
    """A segment continuing a prohibition across a comma (不得以拖欠物业费等理由，中断或者限制供水):
    no modal and no subject of its own, after a prohibition that imposed nothing."""
    if i == 0:
        return False
    m, prev = mains[i], mains[i - 1]
    if m.has("MODAL") or m.bare.startswith("由") or _subject(m) is not None:
        return False
    modal = prev.first("MODAL")
    return modal is not None and modal.kind == "prohibition" and (prev.sentence, prev.part) == (m.sentence, m.part)


def _under_next_prohibition(mains: list[Segment], i: int) -> bool:
    """A bare segment (no modal, no actor, not 由X…) followed by a prohibition states what is
    limited, not what is imposed."""
    m = mains[i]
    if m.has("MODAL") or m.bare.startswith("由") or any(c.label in _PARTY_TYPES for c in m.concepts):
        return False
    nxt = next((s for s in mains[i + 1:] if s.has("MODAL")), None)
    if nxt is None or nxt.first("MODAL").kind != "prohibition":
        return False
    # the prohibition limits the same thing (实施扣押，不得扣押与违法行为无关的财物), not something else
    kinds = {(c.label, c.kind) for c in m.concepts if c.label in ("MEASURE", "EXECUTION", "SANCTION", "PAY", "FEE", "LEVY")}
    return any((c.label, c.kind) in kinds for c in nxt.concepts)


_EXCEPT_THEN = re.compile(r"除[^。；]{2,60}?外[，,]?[^。；，,]{0,8}?(?:还|并|另|同时|另行)")


def _outside_exceptions(text: str, refs: list[Referral]) -> list[Referral]:
    """Drop a referral inside 除…外，还应当…: it names what the upper law requires, the added
    requirement after it is the draft's own (除按照国家规定取得作业人员资格外，还应当领取本市上岗证)."""
    spans = [(m.start(), m.end()) for m in _EXCEPT_THEN.finditer(text)]
    return [r for r in refs if not any(a <= r.start < b for a, b in spans)] if spans else refs


def _mark_referrals(consequences, refs: list[Referral], sentence: int, segs: list[Segment]) -> None:
    """Each consequence's governing referral: a citation or 依照有关法律法规 anywhere in the
    sentence; 依法 / 依照规定 only in the consequence's own segment (依法吊销, 依法拍卖), or in a
    segment of its own right before it (依照规定，…)."""
    strong = [r for r in refs if r.sentence == sentence and r.kind in ("article", "law", "generic")]
    for c in consequences:
        if strong:
            c.referral = strong[0].kind
            continue
        seg = next((s for s in segs if s.start <= c.start < s.end), None)
        if seg is None:
            continue
        i = segs.index(seg)
        scope = [seg] + ([segs[i - 1]] if i > 0 and not segs[i - 1].concepts_except("REFERRAL") else [])
        weak = [r for r in refs if r.kind in ("yifa", "criminal") and any(s.start <= r.start < s.end for s in scope)
                and (r.start < c.start or r.start >= seg.start)]
        if weak:
            c.referral = weak[0].kind


def _referral_for(refs: list[Referral], sentence: int, start: int, end: int) -> Referral | None:
    """The strongest upper-law referral of the clause: a cited article, a cited law or 依照有关法律、
    法规 anywhere in its sentence; 依法 / 依照规定 / the criminal-liability formula only inside the
    clause itself."""
    rank = {"article": 0, "law": 1, "generic": 2, "yifa": 3, "criminal": 4}
    cands = [r for r in refs if r.kind in rank and (r.sentence == sentence if rank[r.kind] < 3 else start <= r.start < end)]
    return min(cands, key=lambda r: rank[r.kind]) if cands else None


def analyse_text(text: str, terms: list[Term], token_starts: list[int] | None = None) -> Provision:
    """Analyse one 款/项 text given its vocabulary hits (found on the title-masked text)."""
    concepts = [Concept(t.label, t.kind, text[t.start:t.end], t.start, t.end) for t in terms]
    segs = segments(text, concepts)
    refs = referrals(text, segs)
    for i, s in enumerate(segs):
        continues = (i > 0 and segs[i - 1].role == "main" and (segs[i - 1].sentence, segs[i - 1].part) == (s.sentence, s.part)
                     and s.bare.startswith(_CONTINUE) and not s.bare.endswith("的"))
        s.role = "main" if continues or not _is_cond(s) else "cond"
    prov = Provision(text=text, concepts=concepts, referrals=refs)
    prev: NormClause | None = None
    prior: list[Segment] = []
    for conds, mains in _group(segs):
        here = conds + mains
        same = prior and prior[0].sentence == here[0].sentence
        clause = _clause(text, conds, mains, refs, prev, token_starts or [], prior if same else [])
        prov.clauses.append(clause)
        prev, prior = clause, here
    return prov

