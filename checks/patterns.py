"""Patterns shared by several rule families: penalties (PEN), licences (LIC, LIC_DISGUISED),
coercive measures (COER_M, COER_E), and the tests that tell creation from referral.

All patterns run on ``Sentence.masked`` (cited titles masked) unless noted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from checks.text import CARVE_OUT_RE, REFERRAL_RE, Sentence
from lawtext.vocabulary import AMOUNT_CHARS, NUMBER, PERIOD_UNIT

NEG = r"(不得|禁止|严禁|不准|不应|不能|不予|取消|清理|废止|停止执行|无权|非法)"

# --- penalties (行政处罚法 art 9) -------------------------------------------------------------
# What may be confiscated: unlawful gains, and any thing, animal, vehicle or tool (没收犬只, 没收违法
# 所得, 没收非法财物, 没收用于违法活动的工具, 没收实物或者违法收入…). Never 没收的… (goods already
# confiscated: 依法没收的犬只, 没收的财物应当上缴国库); the other procedural uses are in _PROCEDURAL_AFTER.
_CONFISCATED = (r"(违法所得|非法所得|违法收入|非法收入|违法财物|非法财物|实物|赃款|赌资|财物|物品|货物|商品|产品|"
                r"工具|器具|器械|器材|设备|设施|原料|原材料|材料|包装物|标签|食品|药品|兽药|农药|饲料|种子|种苗|苗木|"
                r"木材|林木|林产品|矿产品|野生动物|动物|犬只|犬|猫|畜禽|家禽|禽|牲畜|鱼|猎获物|渔获物|渔具|猎具|网具|"
                r"船舶|船只|车辆|机动车|非机动车|电动自行车|自行车|建筑物|构筑物|出版物|印刷品|音像制品|烟花爆竹|"
                r"燃料|物资|证件|账簿|广告牌|招牌)")
CONFISCATION = r"没收(?!的)(其)?用于违法|没收(?!的)[^，。；]{0,16}?" + _CONFISCATED
# What may be suspended or revoked: a licence, permit, certificate, registration, qualification
# (吊销许可证, 吊销养犬登记证, 吊销驾驶证, 吊销执业资格, 吊销登记…), never 证据/证明/保证金/暂扣凭证.
_NOT_A_LICENCE = r"(?!据|明|人|实|金)"
LICENCE_DOC = (r"(许可证件?|登记证书?|资格证书?|资质证书?|执业证书?|证书|证件|证照|执照|驾驶证|行驶证|牌照|号牌|证)"
               + _NOT_A_LICENCE)
LICENCE_OR_STATUS = (r"(许可证件?|登记证书?|资格证书?|资质证书?|执业证书?|证书|证件|证照|执照|牌照|号牌|证|登记|资格|资质|许可)"
                     + _NOT_A_LICENCE)
# after a 没收 match: the sentence is about goods already confiscated (没收物品应当依法拍卖, 没收非法财物
# 拍卖的款项, 没收财物的处理…), not a penalty it imposes
_PROCEDURAL_AFTER = re.compile(r"(的)?(处理|处置|保管|拍卖|销毁|变卖|移交|上缴|清单|凭证|收据|单据|款项|收入|价款)"
                               r"|(应当|必须|须|一律|统一|由|依法|按照|依照|实行|全部)")
# Each type: (key, Chinese name, pattern). Order matters only for display.
PEN_TYPES: list[tuple[str, str, str]] = [
    ("fine", "罚款", r"(处|并处|处以|给予|予以|单处|可处|可以处)[^，。；]{0,30}?罚款|罚款[" + AMOUNT_CHARS + "]+元"),
    ("warning", "警告", r"(给予|予以|处以|处|并处|可以|或者|，|,)警告(?!标志|牌|标识|信号|装置|灯|区|线|性)"),
    ("reprimand", "通报批评", r"(给予|予以|处以|处|并处|可以|或者|，|,)通报批评"),
    ("confiscation", "没收", CONFISCATION),
    ("suspend_licence", "暂扣许可证件", r"暂扣(?!凭证)[^，。；]{0,8}?" + LICENCE_DOC),
    ("lower_grade", "降低资质等级", r"降低资质等级"),
    ("revoke_business_licence", "吊销营业执照", r"吊销[^，。；]{0,6}营业执照"),
    ("revoke_licence", "吊销许可证件", r"吊销(?![^，。；]{0,6}营业执照)[^，。；]{0,12}?" + LICENCE_OR_STATUS),
    ("restrict_business", "限制开展生产经营活动", r"限制(开展)?生产经营活动"),
    ("close", "责令停产停业、责令关闭", r"责令(停产停业|停业整顿|停止营业|关闭|停产整顿|停业)"),
    ("restrict_occupation", "限制从业", r"限制从业|(禁止|不得)[^，。；]{0,6}(从事|担任)[^，。；]{0,10}" + NUMBER + "年"),
    ("detention", "行政拘留", r"(行政)?拘留(?!所)"),
]
PEN_RE = {k: re.compile(p) for k, _, p in PEN_TYPES}
PEN_NAMES = {k: n for k, n, _ in PEN_TYPES}
_OFFICIAL_DISCIPLINE = re.compile(r"处分|诫勉|问责|党纪|政务")
_OFFICIAL_TARGET = re.compile(r"(工作人员|主管人员|直接责任人员|领导人员|公职人员|负责人)")
# "依法" directly before the sanction verb: 依法吊销, 依法给予…处罚, 依法予以没收
_YIFA_BEFORE = re.compile(r"(依法|依照规定|按照规定|按规定)(予以|给予|处以|并处|作出|实施|由[^，。；]{0,15})?$")


@dataclass
class PenaltyHit:
    kind: str
    start: int
    end: int
    referral: bool           # relies on an existing law (依照《…》, 依照有关法律规定, 依法…)


def penalties(s: Sentence) -> list[PenaltyHit]:
    """Penalty types imposed in a sentence (with, for a 项, its 款 lead as context)."""
    text = s.masked
    out: list[PenaltyHit] = []
    if _OFFICIAL_DISCIPLINE.search(text) and _OFFICIAL_TARGET.search(text) and not re.search("罚款|吊销|没收", text):
        return out
    referral_sentence = bool(REFERRAL_RE.search(s.text)) and not _only_carve_out(s.text)
    for kind, rx in PEN_RE.items():
        for m in rx.finditer(text):
            if kind == "fine" and re.search(r"(罚款|罚没)(收入|决定|数额|金额|款项|所得)|缴纳罚款|(上缴|返还)[^，。]{0,6}罚款", text[m.start():m.end() + 4]):
                continue
            if kind in ("warning", "reprimand") and _OFFICIAL_TARGET.search(text[max(0, m.start() - 20):m.start()]):
                continue
            if kind == "restrict_occupation" and not re.search(r"(禁止|不得)[^，。；]{0,6}(从事|担任)", text[m.start():m.end()]) and "限制从业" not in m.group(0):
                continue
            if kind == "restrict_occupation" and "限制从业" not in m.group(0) and not re.search(r"(的[，,]|之日起|以内|内)", text[m.start():]):
                continue
            if kind == "detention" and re.search(r"(刑事|司法)$", text[max(0, m.start() - 2):m.start()]):
                continue
            if kind == "confiscation" and (_PROCEDURAL_AFTER.match(text, m.end())
                                           or re.match(r"[^，。；]{0,12}?(拍卖的款项|变价款)", text[m.end():])):
                continue
            if describes_conduct(s, m.start(), m.end(), list_items=False):
                continue
            if re.match(r"(人员|所|处罚决定|决定|的机关|的人|期间|期限|场所)", text[m.end():m.end() + 4]):
                continue
            before = text[max(0, m.start() - 12):m.start()]
            referral = referral_sentence or bool(_YIFA_BEFORE.search(before)) or \
                bool(re.search(r"依法[^，。；]{0,8}$", before)) or \
                bool(re.search(r"(提请|建议|移送|通报|告知|提出)[^，。；]{0,16}$", text[max(0, m.start() - 20):m.start()]))
            out.append(PenaltyHit(kind, m.start(), m.end(), referral))
    return _dedupe(out)


def _only_carve_out(text: str) -> bool:
    """The sentence's only "reference" to law is the 另有规定的，从其规定 carve-out."""
    stripped = CARVE_OUT_RE.sub("", text)
    return not REFERRAL_RE.search(stripped)


def _dedupe(hits: list[PenaltyHit]) -> list[PenaltyHit]:
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[PenaltyHit] = []
    for h in hits:
        if any(h.kind == o.kind and o.start <= h.start < o.end for o in out):
            continue
        out.append(h)
    return out


def created_penalties(s: Sentence) -> list[PenaltyHit]:
    return [h for h in penalties(s) if not h.referral]


# --- licences (行政许可法) ---------------------------------------------------------------------
LIC_RE = re.compile(
    r"(须|应当|必须)(事先|预先)?经[^，。；]{0,20}?(批准|审批|核准|许可|同意)"
    r"|(须|应当|必须)(事先|预先)?向[^，。；]{0,20}?申请[^，。；]{0,4}(批准|审批|核准|许可)(?!证)"
    r"|未经[^，。；]{0,15}?(批准|许可|审批|核准|同意)(的)?[，,]?(不得|禁止)"
    r"|取得[^，。；]{0,12}?(许可证|批准文件|经营证|准营证|资格证|许可)(后)?(方可|才能|始得)"
    r"|(实行|实施|建立)[^，。；]{0,10}(许可|审批|核准)(制度|管理)")
LIC_DISGUISED_RE = re.compile(
    r"(备案|登记|注册|年检|年审|年报|目录|规划|监制|认定|认证|审定|核验|评估|验收)(后|之后|合格后|通过后)?(方可|才能|始得)"
    r"|未(按[^，。；]{0,15})?(经|办理|通过)[^，。；]{0,8}(备案|登记|注册|认定|认证|年检|审定)(手续)?(的)?[，,]?[^，。；]{0,15}(不得|禁止|不予)"
    r"|(备案|登记)[^，。；]{0,6}(不予|予以)(通过|同意|核准|准予)")
# a sanction for not filing: 未(按规定)办理…备案的，…处…罚款
LIC_DISGUISED_SANCTION_RE = re.compile(
    r"未(按[^，。；]{0,15})?(经|办理|通过)[^，。；]{0,8}(备案|登记|注册|认定|年检)(手续)?(的)?[^。；]{0,30}(处[^，。；]{0,20}罚款|罚款)")
# after-the-fact information filing: 自…之日起X日内…备案 / …后X日内报…备案
AFTER_FACT_FILING_RE = re.compile(rf"(之日起|后)[^，。；]{{0,12}}{PERIOD_UNIT}内[^。；]{{0,30}}(备案|报告|登记)")
_LIC_REFERRAL_BEFORE = re.compile(r"(依法|依照规定|按照规定|按规定|依照有关规定|按照国家[^，。；]{0,8}规定)[^，。；]{0,6}$")


def licence_creations(s: Sentence) -> list[re.Match]:
    """LIC matches that create a licence (not 依法取得…许可, not a referral to an upper law)."""
    if REFERRAL_RE.search(s.text) and not _only_carve_out(s.text):
        return []
    out = []
    for m in LIC_RE.finditer(s.masked):
        before = s.masked[max(0, m.start() - 12):m.start()]
        if _LIC_REFERRAL_BEFORE.search(before) or "依法" in m.group(0):
            continue
        if re.search(NEG + r"[^，。；]{0,4}$", before) or describes_conduct(s, m.start(), m.end()):
            continue
        out.append(m)
    return out


# --- coercion (行政强制法) --------------------------------------------------------------------
COER_M_RE = re.compile(r"(查封|扣押|扣留|冻结|暂扣(?!(?!凭证)[^，。；]{0,8}?" + LICENCE_DOC + r")|限制人身自由|强制(隔离|检查|带离|约束))")
COER_E_RE = re.compile(r"(强制拆除|强制清除|强制执行|代履行|代为(清除|拆除|恢复|处置|履行)|划拨(其)?(存款|汇款|款项|资金账户)|拍卖[^，。；]{0,6}(查封|扣押)|加处罚款|滞纳金)")


def is_negated(text: str, start: int, window: int = 12) -> bool:
    return bool(re.search(NEG + r"[^，。；]{0,%d}$" % window, text[max(0, start - window - 4):start]))


def is_law_based(s: Sentence, start: int) -> bool:
    """A referral in the sentence, or 依法/依照…规定 right before the match."""
    if REFERRAL_RE.search(s.text) and not _only_carve_out(s.text):
        return True
    before = s.masked[max(0, start - 14):start]
    return bool(re.search(r"(依法|依照规定|按照规定|依照有关规定|按照有关规定)[^，。；]{0,10}$", before))


# --- conduct descriptions --------------------------------------------------------------------
_LIST_LEAD = re.compile(r"下列(行为|情形|情况|事项|活动)|不得|禁止|严禁|违反")
_SEG_END = re.compile(r"[，,；;。：:]")


def describes_conduct(s: Sentence, start: int, end: int, *, list_items: bool = True) -> bool:
    """The match names conduct the draft forbids or a condition (…的), not a measure it imposes:
    a 项 listed under 有下列行为之一的 / 不得有下列行为, a segment ending in 的 (被吊销营业执照的，…),
    or a passive 被…."""
    text = s.masked
    if list_items and s.clause.kind in ("item", "subitem") and _LIST_LEAD.search(s.clause.lead or ""):
        return True
    if re.search(r"(被|受到?|曾受)[^，。；]{0,2}$", text[max(0, start - 3):start]):
        return True
    m = _SEG_END.search(text, end)
    seg_end = m.start() if m else len(text)
    seg_start = max([text.rfind(c, 0, start) for c in "，,；;。：:"] + [-1]) + 1
    segment = text[seg_start:seg_end]
    if re.search(r"的$", segment) and (not re.search(r"(处|并处|给予|予以|责令|吊销|没收|可以)", text[seg_start:start])
                                       or "被" in text[seg_start:start]):
        return True
    return False
