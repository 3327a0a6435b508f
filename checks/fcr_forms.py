"""Market restrictions that show only in the clause as a whole (公平竞争审查条例第八条、第十一条).

    全区学生装由区教育局统一组织采购，学校和家长不得自行购买      → a public body takes the purchase over
    收费标准由市商务局统一确定，经营者不得自行调整                → a price fixed for the operators
    应当从区住建局公布的品牌名录中选用                            → the choice limited to a public list
    政府投资项目的施工单位，原则上从本区企业中选定                → the choice limited to local firms
    统一由区城投环境服务有限公司负责清运，业主不得另行委托其他单位 → an operation handed to one firm
"""
from __future__ import annotations

import re

from lawtext.clauses.lexicon import lexicon

from checks.clauses import Norm

_PRICE_WORDS = ("价格", "收费标准", "运价", "费率", "售价", "服务费", "票价", "价目")
_LISTS = ("名录", "目录", "名单", "推荐目录", "品牌名录")
_PUBLIC_PROCUREMENT = ("政府采购目录", "集中采购目录", "采购目录", "定价目录")
_BINDING = ("原则上", "一律", "统一", "只能", "必须")


def _concepts(n: Norm, label: str, kind: str | None = None):
    return [c for c in n.clause.concepts if c.label == label and (kind is None or c.kind == kind)]


def taken_over(n: Norm) -> tuple[str, tuple[int, int]] | None:
    """("price" | "designate", span): an organ does the purchase or fixes the price for everyone
    (由…统一…) and the parties are forbidden to do it themselves (不得自行…)."""
    barred = _concepts(n, "MARKET", "self_barred")
    unified = [u for u in _concepts(n, "MARKET", "unified") if barred and u.end <= barred[0].start]
    by = [u for u in _concepts(n, "MARKET", "designate") if u.text == "统一由" and barred and u.end <= barred[0].start and any(
        o.label in ("ORGAN", "AGENT") and 0 <= o.start - u.end <= 12 and not any(
            p in n.clause.text[u.end - n.clause.start:o.start - n.clause.start] for p in "，；。、") for o in n.clause.concepts)]
    if by and not unified:
        return "designate", (by[0].start, barred[0].end)    # 培训统一由区运输协会组织，驾驶员不得到其他机构参加
    if not unified:
        return None
    u = unified[0]
    if not any((o.label == "ORGAN" or o.label == "AGENT" and o.text.endswith(("协会", "商会", "联合会", "促进会")))
               and o.end <= u.start and u.start - o.end <= 2 for o in n.clause.concepts):
        return None                               # 由…统一: a public body or its association, not the owners
    head = n.clause.text[:u.start - n.clause.start]
    kind = "price" if any(w in head for w in _PRICE_WORDS) else "designate"
    return kind, (u.start, barred[0].end)


def listed_choice(n: Norm) -> tuple[str, tuple[int, int]] | None:
    """An obligation to buy or use only what a public list names (应当从…公布的品牌名录中选用)."""
    cl = n.clause
    modal = next((c for c in cl.concepts if c.label == "MODAL"), None)
    if modal is None or cl.modality != "obligation" or any(w in cl.text for w in _PUBLIC_PROCUREMENT):
        return None
    for lst in (c for c in cl.concepts if c.label == "APPROVAL" and c.text in _LISTS and c.start > modal.start):
        issued = any(x.label == "GATE" and x.kind == "issue" and x.end <= lst.start for x in cl.concepts)
        acquire = next((x for x in cl.concepts if x.label == "ACQUIRE" and x.start >= lst.end and x.start - lst.end <= 4), None)
        if issued and acquire:
            return lst.text, (lst.start, acquire.end)
    return None


def local_choice(n: Norm, local) -> tuple[str, tuple[int, int]] | None:
    """An obligation to buy from, or choose, local firms or products (应当选购本区企业生产的产品;
    原则上从本区企业中选定). ``local`` are the clause's local_party distinctions."""
    cl = n.clause
    modal = next((c for c in cl.concepts if c.label == "MODAL"), None)
    binding = [c for c in cl.concepts if c.text in _BINDING or c.label == "VAGUE" and c.text == "原则上"]
    if modal is not None and cl.modality == "obligation":
        start = modal.end
    elif modal is None and binding:
        start = binding[0].end
    else:
        return None
    acquire = [c for c in cl.concepts if c.label == "ACQUIRE" and c.start >= start]
    for d in local:
        if d.start < start:
            continue
        if cl.text[:d.start - cl.start].rstrip("的").endswith(_SOURCED):
            return d.text, (d.start - 2, d.end)          # 应当主要来自本市农业企业
        # 选购本区企业…的产品 (object after the verb) or 从本区企业中选定 (source before it)
        if any(a.start < d.start for a in acquire) or any(0 <= a.start - d.end <= 4 for a in acquire):
            a = min(acquire, key=lambda a: abs(a.start - d.start))
            return d.text, (min(a.start, d.start), max(a.end, d.end))
    return None


_SOURCED = ("来自", "产自", "源自", "出自", "购自", "采购自")
_SUPPLY = ("供应", "提供", "销售", "配送", "安装", "承接", "供货", "经营")
_SUPPLIERS = ("供应商", "企业", "经营者", "机构", "品牌", "产品", "商品", "服务商", "规格", "厂家", "公司", "单位", "培训", "课程", "型号", "设备", "服务单位", "共保体", "保险机构")
_TAKING = ("接受", "参加", "购买", "选用", "使用")      # 接受…指定的培训: the verb stands before the designation
_ACQUIRING = ("进行免疫", "进行检测", "进行体检", "接受培训", "参加培训", "接受服务")
# designating a body for a public task restricts no one's choice of supplier
_PUBLIC_TASKS = ("承担", "承办", "代为", "作为", "负责", "复检", "鉴定", "检验工作", "处置", "免费", "公益", "援助", "临时",
                 "接管", "应对措施", "移交", "接受调查", "调查处理", "代表", "重新检验", "周期检定", "强制检定")
_PUBLIC_BODIES = ("有关部门", "相关部门", "医疗卫生机构", "医疗机构", "医疗保健机构", "保健机构", "医院", "法律援助机构",
                  "疾病预防控制", "计量检定机构", "检定机构", "救助管理机构", "银行", "金融机构")
_NOT_A_CHOICE = ("同一", "符合", "发票", "票据", "种类", "数量", "时间", "地点")


def restricts_choice(n: Norm, c) -> bool:
    """A designation that binds a private party's choice of supplier, product or service: the
    private party must buy, use or receive it (应当在指定的机构进行免疫, 购买指定规格的标识), or the
    designated operator supplies the public (统一由指定的供应商供应). Designating a body to perform a
    public task (指定检验机构承担检验工作, 指定有关部门督促, 到指定的医疗保健机构接受医学检查), a body
    that receives what an owner hands over (移交…指定的单位), the same supplier for all stages of one
    contract (只能委托同一个监理单位), a national standard or a tax invoice restricts no one's choice."""
    cl = n.clause
    after = cl.text[c.end - cl.start:]
    before = cl.text[:max(0, c.start - cl.start)]
    head = after[:14]
    for stop in "，。；、":
        head = head.split(stop)[0]
    if not any(o in head for o in _SUPPLIERS) or after.lstrip("的").startswith(_NOT_A_CHOICE) or "同一" in head:
        return False                      # 指定堆放地点, 只能委托同一个…, 必须使用符合国家标准的…
    if any(w in after[:24] for w in _PUBLIC_TASKS) or any(w in after[:12] for w in _PUBLIC_BODIES) or \
            any(w in before[-20:] for w in ("移交", "送交", "交由")) or any(w in after[:30] for w in ("发票", "票据")):
        return False
    acquires = any(x.label == "ACQUIRE" and x.start > c.start for x in cl.concepts) or any(w in after for w in _ACQUIRING) \
        or any(w in before[-10:] for w in _TAKING)
    private = cl.addressee_type in ("private", "agent", "")
    supplies = c.text.startswith("统一") or any(w in after[:24] for w in _SUPPLY)
    return acquires and private or supplies


def designated_by_effect(n: Norm):
    """A supplier an organ or its association recommends, selects, publishes or provides, which a
    private party must buy from or use (应当向区住建局推荐的三家企业采购; 应当购买市场服务中心提供的
    型号; 只能使用区市场监管局确定的服务机构出具的报告): a designation not called 指定."""
    cl = n.clause
    for c in cl.concepts:
        if c.label != "MARKET" or c.kind != "designate_by":
            continue
        if not any(o.label in ("ORGAN", "AGENT") and 0 <= c.start - o.end and
                   _CHOOSING.match(cl.text[o.end - cl.start:c.start - cl.start]) for o in cl.concepts):
            continue                              # 本办法确定的企业: no one choosing for the party
        bound = cl.modality in ("obligation", "precondition") or any(w in cl.text for w in _BINDING) or \
            any(w in cl.text[c.end - cl.start:] for w in ("不予", "不得", "不再")) or _outside_needs_approval(n)
        before = cl.text[:c.start - cl.start]
        organ = max((o for o in cl.concepts if o.label in ("ORGAN", "AGENT") and o.end <= c.start), key=lambda o: o.end)
        governed = any(x.label == "ACQUIRE" and 0 <= organ.start - x.end <= 10 and not any(
            p in cl.text[x.end - cl.start:organ.start - cl.start] for p in "，；。、的") for x in cl.concepts) and \
            not any(w in cl.text[c.end - cl.start:][:24] for w in _PUBLIC_TASKS) or any(   # 应当使用区协会推荐的预拌砂浆
            x.label == "ACQUIRE" and 0 <= x.start - c.end <= 1 for x in cl.concepts)       # 在…发布的推荐名录中选聘
        if bound and cl.modality != "prohibition" and (governed or restricts_choice(n, c)) and "自愿" not in before:
            return c
    return None


_CHOOSING = re.compile(r"^(?:组织)?(?:比选|遴选|评选|筛选|评审|统一)?$|^.$")   # 市应急管理局组织比选确定的…


_OUTSIDE_APPROVED = re.compile(r"(?:名录|名单|目录|库)(?:以外|之外|外)[^。]{0,40}?(?:审核同意|批准|同意后|审批)")


def _outside_needs_approval(n: Norm) -> bool:
    """确需选聘名录以外单位的，…经街道办事处审核同意: choosing outside the list needs an organ's consent, so the
    list binds."""
    art = n.unit.article
    return art is not None and bool(_OUTSIDE_APPROVED.search(art.flat_text))


COMPETED = ("招标", "竞争性", "比选", "公开竞争", "公开征集", "竞价", "拍卖", "公开选择", "公开遴选", "竞争方式", "公开招募")
_SOLE = ("统一", "独家", "专营")
FIRM_SUFFIXES = ("集团", "有限公司", "股份公司", "有限责任公司", "股份有限公司")   # what ends a firm's proper name


def granted_to_firm(n: Norm):
    """(concept, firm name): a firm named by its proper name (or 该公司 after it was named) given an operation that others
    are shut out of: by the words (由…集团有限公司统一经营, 授予…公司) or by a bar on others anywhere in
    the article (其他单位不得…, 不得另行委托其他运输单位, 不再受理其他单位的申请). A firm chosen by
    tender or another competitive procedure is not a grant."""
    cl = n.clause
    firm = next((c for c in cl.concepts if c.label == "MARKET" and c.kind == "granted_firm"), None)
    if firm is None or any(c.label == "MODAL" and c.kind == "prohibition" and c.end <= firm.start for c in cl.concepts):
        return None                                   # 不得由某公司独家经营: the clause forbids the grant
    art = n.unit.article
    text = art.flat_text if art is not None else cl.text
    if any(w in text for w in COMPETED) or firm.text.startswith("该") and not any(w in text for w in FIRM_SUFFIXES):
        return None
    after = cl.text[firm.end - cl.start:]
    sole = cl.text[:firm.start - cl.start].endswith("授予") or after.startswith(_SOLE)
    barred = any(t.kind in ("self_barred", "exclusive") for t in lexicon().find(text, ("MARKET",)))
    if not (sole or barred):
        return None
    named = _NAMED_FIRM.search(text) if firm.text.startswith("该") else None
    return firm, named.group(0) if named else firm.text


_NAMED_FIRM = re.compile(r"(?:(?!由|与|授予|人民政府)[\u4e00-\u9fff]){2,16}?(?:集团有限公司|有限责任公司|股份有限公司|有限公司|集团)")
