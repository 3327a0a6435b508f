"""Licences: a step someone must pass before a lawful activity, whatever the step is called.

A clause gates an activity when
  (a) its condition is the absence of an approval (未经/未取得/未列入/未通过 + 批准、备案、目录、
      审验、证…), or an anaphoric 未办理的 pointing back to the step the clause before prescribed,
      and its norm forbids, denies or sanctions the activity;
  (b) a step (an approval, a document obtained) comes before 方可/才能/始得;
  (c) it obliges someone to pass through an approval (应当经…批准, 并经…核准, 报…同意), or to ask
      an organ for one (须先向…申请资格审查);
  (d) it obliges someone to hold a document or an approval someone issues (应当取得…出具的…意见,
      应当取得…发放的准入标识);
  (e) an application is decided by an approval (…的申请，由…审批);
  (f) it sets up an approval regime (实行…许可/审批/准入制度);
  (g) a filing is enforced by a sanction (未按规定备案的，处…罚款);
  (h) an organ that has approved issues a permit (…审查同意的，向企业发放投放许可文件);
  (i) an activity proceeds on a document (企业凭项目评审意见书开工建设), or may not start before it is
      obtained (取得交付使用确认书前，不得交付房屋).
The approval's form is explicit (批准、许可、审批、核准…) or disguised (备案、登记、审验、目录、
标识、意见, a 手续 an organ handles…); its issuer is a public organ, an intermediary (a 协会, a
designated 机构) or a private consent body (业主大会, 利害关系人), which grants no administrative licence.
"""
from __future__ import annotations

import re

from lawtext.clauses.model import Concept, Consequence
from lawtext.clauses.segments import Segment

_ISSUER_LABELS = {"ORGAN": "public", "AGENT": "agent", "CONSENT": "consent", "SELFGOV": "selfgov"}
_FILINGS = ("备案", "登记", "注册", "年检", "年审", "审验", "年度审验", "核验")
# 经…认定: a decision, not a filing
_DECISIONS = ("核定", "认定", "认证", "评审", "评定", "考核", "鉴定", "审验", "年检", "年审", "核验", "资格审查")
_FAILED = ("不合格", "未通过", "不通过", "未达标", "不达标")
_EXPLICIT_DOC = ("许可", "执照", "批准", "核准", "准营", "经营证", "运输证", "审批")


def _approvals(seg: Segment) -> list[Concept]:
    return [c for c in seg.concepts if c.label in ("APPROVAL", "LICENCE_DOC")]


def _form(c: Concept) -> str:
    if c.label == "APPROVAL":
        return "explicit" if c.kind == "explicit" else "disguised"
    return "explicit" if any(w in c.text for w in _EXPLICIT_DOC) else "disguised"


def _issuer(segs: list[Segment], approval: Concept) -> tuple[str, str]:
    """Who grants ``approval``: the nearest organ, intermediary or consent body before it in its
    segment (经X批准, X出具的意见), else after it, else in the other segments."""
    seg = next((s for s in segs if s.start <= approval.start < s.end), None)
    pool = [c for c in (seg.concepts if seg else []) if c.label in _ISSUER_LABELS]
    before = [c for c in pool if c.end <= approval.start]
    if before:
        c = before[-1]
    elif pool:
        c = pool[0]
    else:
        return "", ""
    return c.text, _ISSUER_LABELS[c.label]


def _licence(segs, approval: Concept, start: int, end: int, text: str, obj: str = "", how: str = "") -> Consequence:
    """A licence consequence; ``kind`` is how the gate is built (gate, precondition, through,
    holding, filing_sanction, application, regime)."""
    issuer, issuer_type = _issuer(segs, approval)
    form = _form(approval)
    return Consequence("licence", how, "许可" if form == "explicit" else "变相许可", text[start:end], start, end,
                       object=obj or approval.text, issuer=issuer, issuer_type=issuer_type, form=form)


_ANNUAL = ("年检", "年审", "审验", "年度审验", "年度检验", "年度检查")


def _forbids_or_sanctions(seg: Segment) -> bool:
    return (seg.has("MODAL", "prohibition") or seg.has("VERB", "deny") or seg.has("VERB", "revoke") or seg.has("SANCTION")
            or "自动失效" in seg.text
            or seg.has("MEASURE") or seg.has("MARKET", "exclude"))


def clause_licences(text: str, conds: list[Segment], mains: list[Segment],
                    prior: list[Segment] = ()) -> list[Consequence]:
    """Licences a clause sets, in its explicit and disguised forms. ``prior``: the segments of the
    clause before it in the same sentence, which an anaphoric gate (…办理年审手续；未办理的，不得…)
    refers to. Long (~80 lines): one pass per form — (a) 未经…不得, (b) …后方可, (c) 应当经…批准,
    (d) 应当取得…出具的 — each a few lines over the segments."""
    out: list[Consequence] = []
    segs = conds + mains
    # (a) 未经…的，不得… / 未经…，由…处罚、清理收存
    for s in segs:
        gate = s.first("GATE", "unless")
        if gate is None:
            continue
        after = [c for c in _approvals(s) if c.start >= gate.start and not _unattended(segs, c)]   # 目录以外的: the list opens the gate
        appr = next((c for c in after if c.label == "LICENCE_DOC" and len(c.text) > 1), None) or (after[0] if after else None)
        if appr is None and _anaphoric(s, gate):
            earlier = _anaphor_step(prior)
            if earlier is not None and any(_forbids_or_sanctions(m) for m in mains if m.start >= s.start):
                out.append(_licence(list(prior) + segs, earlier, gate.start, s.start + len(s.bare), text, how="gate"))
            continue
        if gate.text == "未" and (appr is None or text[gate.end:appr.start] not in ("", "签订", "签") or not text.startswith("的", appr.end)):
            continue                      # bare 未 only as 未备案的 / 未登记的 (not 未登记为租赁的)
        if gate.text == "未" and not any(m.has("MODAL", "prohibition") or m.has("VERB", "deny") or m.has("MARKET", "exclude")
                                         for m in mains if m.start >= s.start):
            continue                      # 未备案的，处…罚款: a filing enforced by a fine (g), not a gate
        if appr is not None and _own_training(text, gate, appr, segs):
            continue
        if appr and any(_forbids_or_sanctions(m) for m in mains if m.start >= s.start):
            out.append(_licence(segs, appr, gate.start, max(appr.end, gate.end), text, how="gate"))
    # (a') 年检不合格的，不得… : failing the step bars the activity
    for s in conds:
        appr = next((c for c in _approvals(s) if c.label == "APPROVAL" and _failed(text, c)), None)
        if appr and any(_forbids_or_sanctions(m) for m in segs if m.start > s.start):     # …不合格的，原审批文件自动失效
            out.append(_licence(segs, appr, appr.start, s.start + len(s.bare), text, how="gate"))
    # (b) …后方可 / 才能
    for m in mains:
        pre = m.first("MODAL", "precondition")
        if pre is None:
            continue
        steps = [c for s in segs if s.start <= pre.start for c in _approvals(s) if c.end <= pre.start]
        steps = [c for c in steps if not _gate_inside(segs, c) and not _unattended(segs, c)]
        if steps:
            obj = text[pre.end:m.start + len(m.bare)].strip()
            out.append(_licence(segs, steps[-1], steps[-1].start, pre.end, text, obj, how="precondition"))
    # (c) 应当经…批准 / 并经…核准 / 报…同意;  (d) 应当取得…出具的…
    for m in mains:
        if not (m.has("MODAL", "obligation") or m.has("MODAL", "precondition") or _continues_obligation(mains, m)):
            continue
        through = m.first("GATE", "through")
        holding = _governed_holding(m)
        asked = _asked_of_organ(m)
        if asked is not None:
            out.append(_licence(segs, asked[1], asked[0].start, asked[1].end, text, how="through"))
            continue
        if through:
            appr = next((c for c in m.concepts if c.label == "APPROVAL" and c.start > through.end
                         and (c.kind == "explicit" or c.text.endswith("合格") or c.text in _DECISIONS)), None)
            if appr:
                out.append(_licence(segs, appr, through.start, appr.end, text, how="through"))
                continue
        if holding:
            appr = next((c for c in _approvals(m) if c.start > holding.end), None)
            listed = appr is not None and appr.text in ("名录", "目录", "白名单", "推荐目录") and holding.text in ("列入", "纳入") \
                and any(c.label == "ORGAN" and holding.end <= c.start < appr.start for c in m.concepts)   # 应当先列入区住建局的…名录
            if appr and (appr.label == "LICENCE_DOC" or m.has("GATE", "issue") or m.has("AGENT") or listed):
                out.append(_licence(segs, appr, holding.start, appr.end, text, how="holding"))
    # (a'') 取得交付使用确认书前，不得交付 / 企业取得备案凭证前，不得经营: the document opens the activity
    for s in conds:
        holding = s.first("GATE", "holding")
        doc = next((c for c in _approvals(s) if holding is not None and c.start >= holding.end), None)
        if doc is not None and s.bare.rstrip("，, ").endswith(("前", "之前", "以前")) and \
                any(m.has("MODAL", "prohibition") for m in mains if m.start >= s.start):
            out.append(_licence(segs, doc, holding.start, doc.end, text, how="gate"))
    # (i) 企业凭项目评审意见书开工建设: a document someone issues is what the activity proceeds on
    for m in mains:
        held = next((c for c in m.concepts if c.label == "GATE" and c.kind == "holding" and c.text == "凭"), None)
        doc = next((c for c in _approvals(m) if held is not None and 0 < c.start - held.end <= 12), None)
        if doc is not None and re.match(rf"[^，。；]{{0,4}}?(?:{'|'.join(_STARTS)})", m.text[doc.end - m.start:]):
            out.append(_licence(segs, doc, held.start, doc.end, text, how="holding"))
    # (h) …审查同意的，向企业发放投放许可文件: an organ issues a permit after deciding on it
    decided = [c for s in conds for c in s.concepts if c.label == "APPROVAL" and c.kind == "explicit" and s.bare.endswith("的")]
    for m in segs:
        issue = m.first("GATE", "issue")
        doc = next((c for c in m.concepts if c.label == "LICENCE_DOC" and issue is not None and c.start > issue.end
                    and _form(c) == "explicit"), None)
        if decided and doc is not None and decided[0].end <= issue.start and any(c.label == "ORGAN" for s in segs for c in s.concepts):
            c = _licence(segs, decided[0], decided[0].start, doc.end, text, how="issue")
            out.append(Consequence(c.type, c.kind, "许可", c.text, c.start, c.end, object=doc.text, issuer=c.issuer,
                                   issuer_type=c.issuer_type, form="explicit"))
    # (g) 未按规定办理备案的，处…罚款: a filing enforced by a sanction
    for s in conds:
        neg = next((c for c in s.concepts if c.label == "CUE" and c.kind in ("negative", "violation")), None)
        appr = next((c for c in s.concepts if c.label == "APPROVAL" and c.kind == "disguised" and neg and c.start > neg.start
                     and c.text in _FILINGS), None)
        if appr and not s.first("GATE", "unless") and any(m.has("SANCTION") for m in mains):
            out.append(_licence(segs, appr, neg.start, appr.end, text, how="filing_sanction"))
    # 持证上岗 / 持证经营
    for m in mains:
        held = m.first("GATE", "licensed")
        if held is not None:
            out.append(Consequence("licence", "holding", "变相许可", held.text, held.start, held.end, object=held.text,
                                   form="disguised"))
    # (e) …的申请，由…审批
    if any(s.has("GATE", "application") for s in segs):
        for m in mains:
            appr = m.first("APPROVAL", "explicit")
            if appr and m.bare.startswith("由"):
                out.append(_licence(segs, appr, m.start, appr.end, text, how="application"))
    # (f) 实行…许可制度
    for m in segs:
        regime = m.first("GATE", "regime")
        if regime is None or (m in conds and m.bare.endswith("的")) or "内部" in m.text:
            continue                      # 实行…相分离的内部审批制度: how the organ works, no licence
        appr = next((c for c in m.concepts if c.label == "APPROVAL" and c.start >= regime.end), None)   # 实行准入管理
        if appr and ("制度" in m.text or "管理" in m.text) and (_form(appr) == "explicit" or appr.text in _ANNUAL):
            out.append(_licence(segs, appr, regime.start, appr.end, text, how="regime"))
    return _dedupe([c for c in out if not any(w in c.text for w in _INTERNAL)])   # 报经局主要负责人批准: an internal sign-off


_INTERNAL = ("负责人", "局领导", "分管领导", "主要领导", "机关领导")


def _own_training(text: str, gate: Concept, appr: Concept, segs: list[Segment]) -> bool:
    """未经培训考核合格的从业人员，生产经营单位不得安排其上岗: an employer's own training of its staff, no
    authority named to decide it."""
    return "培训" in text[gate.end:appr.start] and _issuer(segs, appr)[0] == ""


def _asked_of_organ(m: Segment) -> tuple[Concept, Concept] | None:
    """(申请, approval) when an obligation makes someone ask an organ or intermediary for its decision
    (须先向市交通运输局申请资格审查, 应当向区教育局申请办学核准)."""
    modal = m.first("MODAL")
    ask = next((c for c in m.concepts if c.label == "GATE" and c.kind == "application" and c.text == "申请"
                and (modal is None or c.start > modal.start)), None)
    if ask is None or "向" not in m.text[:ask.start - m.start]:
        return None
    if not any(c.label in ("ORGAN", "AGENT") and c.end <= ask.start for c in m.concepts):
        return None
    appr = next((c for c in m.concepts if c.label == "APPROVAL" and c.start >= ask.end and
                 (c.kind == "explicit" or c.text in _DECISIONS or c.text.endswith("合格"))), None)
    return (ask, appr) if appr is not None else None


_STARTS = ("开工", "施工", "营业", "经营", "开业", "入场", "进场", "交付", "销售", "投入使用", "运营", "办理", "开展")
_HANDOVERS = ("交接", "移交", "退房", "结算", "离职", "交割", "清算", "退场", "离场", "撤场")


def _unattended(segs: list[Segment], c: Concept) -> bool:
    """A 手续 no organ or intermediary handles (办理退房手续), or one between the parties themselves
    (未办理交接手续擅自撤离): a formality, not a step someone grants."""
    if c.text != "手续":
        return False
    seg = next((s for s in segs if s.start <= c.start < s.end), None)
    if seg is not None and seg.text[:c.start - seg.start].endswith(_HANDOVERS):
        return True
    return _issuer(segs, c)[1] not in ("public", "agent", "selfgov")


def _anaphoric(s: Segment, gate: Concept) -> bool:
    """未办理的 / 未参加的 / 未经审核的: a gate naming no step of its own, which points back to the step
    the clause before prescribed."""
    return s.bare[gate.end - s.start:] in ("的", "") or s.bare.endswith(gate.text + "的")


def _anaphor_step(prior) -> Concept | None:
    """The step an anaphoric gate refers to: the last approval the clause before obliged someone to
    pass (应当每年办理年度审核手续；未办理的…)."""
    if not prior or not any(p.has("MODAL", "obligation") for p in prior):
        return None
    steps = [c for p in prior for c in _approvals(p) if not _unattended(list(prior), c)]
    return steps[-1] if steps else None


def _failed(text: str, c: Concept) -> bool:
    """The approval is failed (年检不合格, 审验未通过)."""
    return text.startswith(_FAILED, c.end) or text.startswith(_FAILED, c.end + 1)


def _governed_holding(m: Segment) -> Concept | None:
    """取得/具有/持有 governed by the segment's modal (应当取得, 须事先取得, 应当依法取得), not a
    time reference (应当自取得…之日起)."""
    modal = m.first("MODAL")
    holding = m.first("GATE", "holding")
    if modal is None or holding is None or holding.start < modal.end:
        return None
    between = m.text[modal.end - m.start:holding.start - m.start]
    for adverb in ("事先", "预先", "首先", "提前", "先行", "先", "另行", "同时", "还"):
        between = between.replace(adverb, "")          # 应当先取得…: an adverb does not break the government
    issuers = [c.text for c in m.concepts if c.label in ("ORGAN", "SELFGOV", "AGENT") and modal.end <= c.start < holding.start]
    if issuers and holding.text in ("申领", "领取", "取得"):   # 应当在开工前向社区居民委员会申领…; 应当先到区民政局领取…
        rest = re.sub(r"^在[^，。；]{0,8}前", "", between)
        for t in issuers:
            rest = rest.replace(t, "")
        if rest in ("向", "到"):
            return holding
    fillers = [c for c in m.concepts if modal.end <= c.start and c.end <= holding.start]
    covered = sum(c.end - c.start for c in fillers if c.label in ("GATE", "REFERRAL", "ACQUIRE"))
    return holding if len(between) <= covered or not between else None


def _gate_inside(segs, c: Concept) -> bool:
    """``c`` belongs to a 未经… gate (the absence of an approval), not to a step passed: a 未经 /
    未取得 precedes it in its segment."""
    return any(g.label == "GATE" and g.kind == "unless" and g.end <= c.start
               for s in segs if s.start <= c.start < s.end for g in s.concepts)


def _continues_obligation(mains: list[Segment], m: Segment) -> bool:
    """A segment continuing an obligation (应当具备下列条件，并经…核准)."""
    i = mains.index(m)
    return i > 0 and mains[i - 1].has("MODAL", "obligation") and m.bare.startswith(("并", "且", "同时", "经"))


def _dedupe(out: list[Consequence]) -> list[Consequence]:
    res: list[Consequence] = []
    for c in sorted(out, key=lambda c: (c.start, -(c.end - c.start))):
        if any(r.start <= c.start < r.end for r in res):
            continue
        res.append(c)
    return res
