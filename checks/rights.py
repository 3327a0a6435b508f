"""B.1a Kinds the catalogue v1 lacks and the 备案审查 reports keep correcting (issue 15 item 3):
systems an upper law has abolished, discriminatory conditions, collective punishment and
communication secrecy. Each rule reads clause fields; see docs/catalogue-amendments.md.
"""
from __future__ import annotations

import re

from checks.base import Context, rule
from checks.clauses import Norm, concepts_in, has_concept, norm_hit, norms
from checks.restatement import restated_or

_ABOLISHING = ("废止", "取消", "不再实行", "不再征收", "停止征收", "停止执行", "不得", "禁止", "严禁", "原", "撤销", "解除",
               "刑满释放、")
_APPLYING = ("PAY", "IMPOSE", "MODAL", "GATE", "APPLY")


def _applied(n: Norm, w) -> bool:
    """The clause imposes the abolished system (征收社会抚养费, 实行劳动教养, 应当收容教育), rather than
    naming a past status (解除劳动教养人员, 被劳动教养的) or the system as a condition."""
    if any(d.start <= w.start < d.end for d in n.clause.conditions):
        return False
    if n.clause.text.startswith("人员", w.end - n.clause.start):
        return False                                # 劳教人员: a past status
    before = [c for c in n.clause.concepts if c.end <= w.start and c.label in _APPLYING]
    return bool(before) and w.start - before[-1].end <= 2 or any(
        c.type in ("fee", "sanction", "measure") and not c.negated and c.start <= w.start < c.end + 4
        for c in n.clause.consequences)


@rule("SCOPE-ABOLISHED", title="适用已被上位法废止的制度", levels="LR GR ND", severity="error", head=3,
      basis="《全国人民代表大会常务委员会关于废止有关劳动教养法律规定的决定》；《全国人民代表大会常务委员会关于废止有关收容教育"
            "法律规定和制度的决定》；《中华人民共和国人口与计划生育法》（2021年修正）")
def scope_abolished(ctx: Context):
    """
    What it checks: 条款是否仍然规定或适用已被上位法废止的制度：劳动教养、收容教育、收容遣送、收容审查，社会抚养费
    以及与生育子女数量挂钩的收费、罚款和处分（超生、政策外生育），安全生产风险抵押金。
    Why: 全国人大常委会 2013 年废止劳动教养，2019 年废止收容教育；2021 年修正的人口与计划生育法取消社会抚养费等
    制约措施，并清理与生育挂钩的处罚；收容遣送已由救助管理制度取代。下位法继续规定这些制度，与上位法相抵触。
    Fires on: 「尚不够劳动教养的，可以由公安机关决定收容教育。」；「对不符合本条例规定生育子女的公民，征收社会抚养费。」
    Does not fire on: 「收容教育制度废止后，……依法解除。」；「原劳动教养场所改为……」；「不再征收社会抚养费。」
    Basis: 全国人大常委会关于废止有关劳动教养法律规定的决定（2013）；全国人大常委会关于废止有关收容教育法律规定和制度的
    决定（2019）；人口与计划生育法（2021年修正）；城市生活无着的流浪乞讨人员救助管理办法（2003）。
    """
    by_article: dict[str, list] = {}
    order: list[str] = []
    for h in _abolished_hits(ctx):          # one per article, the most severe
        key = h.clause.article.id if h.clause is not None and h.clause.article is not None else str(id(h))
        if key not in by_article:
            order.append(key)
        by_article.setdefault(key, []).append(h)
    for key in order:
        hits = by_article[key]
        yield next((h for h in hits if h.severity is None), hits[0])


def _abolished_hits(ctx: Context):
    for n in norms(ctx):
        words = concepts_in(n, "ABOLISHED")
        if not words:
            continue
        live = [w for w in words if not any(x in n.clause.text[:w.start - n.clause.start][-8:] for x in _ABOLISHING)]
        if not live:
            continue
        w = next((w for w in live if _applied(n, w)), live[0])
        if _applied(n, w) and not n.in_conduct_list:
            yield norm_hit(n, f"「{w.text}」所属制度已被上位法废止，不得继续规定或适用。", f"适用已废止的制度（{w.text}）",
                           span=(w.start, w.end))
        else:
            yield norm_hit(n, f"条文仍以已废止的「{w.text}」为条件或提及该制度，请清理。", f"提及已废止的制度（{w.text}）",
                           span=(w.start, w.end), severity="warning")


_EMPLOY = ("招用", "招聘", "录用", "聘用", "雇用", "上岗", "就业", "报考", "入学", "就读", "落户", "申请", "享受", "参加")


_REQUIRE = ("具有", "具备", "持有", "取得", "为", "是", "属于", "系")


_LIMITING = ("限", "仅", "只", "不招", "不录用", "男性优先", "女性优先")
# matters where residence is the law's own criterion: 户口迁移 itself; 集会游行示威法第十五条 (no
# demonstrations outside one's place of residence)
_RESIDENCE_BY_LAW = ("迁入", "迁移", "落户", "入户", "户口登记", "集会", "游行", "示威")


def _discrimination(n: Norm):
    """(distinction, how) when the clause makes 户籍, residence or 性别 a requirement for a job, a
    service or a business (应当具有本区户籍, 为本区常住人口, 限男性), excludes on it (非本市户籍的，
    不得…), or prefers on it (优先招用本区户籍人员)."""
    cl = n.clause
    if has_concept(n, "EQUAL") or n.referred or any(w in n.prov.text for w in _RESIDENCE_BY_LAW):
        return None
    persons = [d for d in cl.distinctions if d.kind in ("hukou", "gender") or (d.kind == "local_party" and "户籍" in d.text
                                                                                 or "常住" in d.text)]
    if not persons:
        items = n.prov.items if cl.modality in ("obligation", "precondition") else []
        persons = [d for it in items for c in it.clauses for d in c.distinctions if d.kind in ("hukou", "gender")
                   and it.text[:it.text.find(d.text)].rstrip("（）一二三四五六七八九十、 ").endswith(_REQUIRE)]
        return (persons[0], "条件") if persons else None
    prefer = [c for c in cl.consequences if c.type == "market" and c.kind == "prefer" and not c.negated
              and any(d.start > c.start for d in persons)]
    if prefer:
        return persons[0], "优先"
    modal = next((c for c in cl.concepts if c.label == "MODAL"), None)
    if modal is not None and cl.modality in ("obligation", "precondition") and cl.addressee_type != "public":
        required = [d for d in persons if d.start > modal.end and
                    cl.text[:d.start - cl.start].rstrip("本市区县地省").endswith(_REQUIRE)]
        if required:
            return required[0], "条件"
    limited = [d for d in persons if d.kind == "gender" and (d.text.startswith(_LIMITING) or
                                                              cl.text[:d.start - cl.start].endswith(_LIMITING))]
    if limited and cl.modality != "prohibition":
        return limited[0], "限定"
    excluded = [d for c in cl.conditions for d in c.distinctions if d in persons and c.text.startswith(("非", "不具有", "无"))]
    if cl.modality == "prohibition" and excluded:
        return excluded[0], "排除"
    return None


@rule("SCOPE-DISCRIMINATION", title="以户籍、性别、民族等设置歧视性条件", levels="LR GR ND", severity="error", head=5,
      basis="《中华人民共和国宪法》第三十三条、第四十八条；《中华人民共和国就业促进法》第三条、第二十七条、第三十一条；"
            "《中华人民共和国妇女权益保障法》第四十三条；《公平竞争审查条例》第九条")
def scope_discrimination(ctx: Context):
    """
    What it checks: 条款是否以户籍、常住人口、居住年限、性别、民族作为就业、经营、享受公共服务或者补贴的条件，或者据此
    给予优先（「应当优先招用本区户籍人员」「申请人应当具有本区户籍」「应当为本区常住人口」，所列条件中的「具有本市常住
    户口」）。
    Why: 公民在法律面前一律平等；劳动者就业不因民族、种族、性别、宗教信仰等不同而受歧视，农村劳动者进城就业享有与城镇
    劳动者平等的劳动权利，不得对农村劳动者进城就业设置歧视性限制；妇女享有与男子平等的劳动权利。备案审查工作把以户籍、
    地域设置的歧视性条件列为纠正重点。
    Fires on: 「本区企业招用保安、保洁人员，应当优先招用本区户籍人员。」；「申请在本区从事网约车经营服务的驾驶员，应当为本区
    常住人口。」
    Does not fire on: 「不得因性别拒绝录用女性应聘者。」；「持有本市居住证的常住人口，与本市户籍人员同等享受公共就业服务。」；
    国家规定不适合妇女从事的岗位。
    Basis: 宪法第三十三条、第四十八条；就业促进法第三条、第二十七条、第三十一条；妇女权益保障法第四十三条；公平竞争审查条例第九条。
    """
    for n in norms(ctx):
        if n.in_conduct_list:
            continue
        found = _discrimination(n)
        if found is None:
            continue
        d, how = found
        span = (d.start, d.end) if n.clause.start <= d.start < n.clause.end else None
        yield norm_hit(n, f"以「{d.text}」区别对待当事人（{how}），构成歧视性条件。", f"以{d.text}设置歧视性条件", span=span)


_JOINT = ("连带责任", "连带赔偿")


def _bears(cl, kin, at: int) -> bool:
    """The relative ``kin`` is who the burden or prohibition at ``at`` falls on: named in the same
    phrase (其子女不得报考…), or as the topic of the phrase just before (对其配偶、子女，不予…).
    A relative asked to act (通知其家属领回, then 交由派出所约束) or named in another phrase of the
    clause (家庭成员外出务工的，发包方不得收回) bears nothing."""
    if kin.start >= at:
        return False
    between = cl.text[kin.end - cl.start:at - cl.start]
    parts = re.split(r"[，；：]", between)
    return len(parts) == 1 or (len(parts) == 2 and parts[0] == "")


@rule("SCOPE-COLLECTIVE", title="株连、连坐", levels="LR GR ND", severity="error", head=5,
      basis="《中华人民共和国宪法》第三十三条；《中华人民共和国行政处罚法》第二条、第四条；《中华人民共和国立法法》第九十三条第六款")
def scope_collective(ctx: Context):
    """
    What it checks: 对一人的违法行为，条款是否让其子女、配偶、近亲属、家庭成员或所在小组、全体成员承受不利后果
    （不得报考、暂停享受福利待遇、不得参加评选、限制入学就业）。
    Why: 行政处罚只能针对实施违法行为的当事人，罚责自负；让未违法的他人承担不利后果，没有法律依据地减损其权利。
    备案审查工作多次纠正对涉罪、涉违法人员近亲属在入学、就业、参军等方面的限制。
    Fires on: 「参与非法集资的人员，其子女当年不得报考区属事业单位。」；「小组内有一户存在违法建设的，小组全体成员暂停
    享受村集体福利待遇。」；「父母被列入失信被执行人名单的，暂缓为该儿童办理入学手续。」；「对参与诈骗的人员，对其家庭
    采取以下措施：（一）子女报考机关事业单位的，暂停受理……」
    Does not fire on: 「监护人应当依法履行监护职责。」；「造成损害的，承担连带赔偿责任。」（民事连带责任）；「经其近亲属同意」；
    「通知其家属领回，必要时交由派出所约束」（不利后果落在违法者本人）；「承包方家庭成员外出务工的，发包方不得收回其承包地」。
    Basis: 宪法第三十三条；行政处罚法第二条、第四条；立法法第九十三条第六款。
    """
    for n in norms(ctx):
        cl = n.clause
        lead = n.prov.lead
        if lead is not None and _FAMILY_MEASURES.search(lead.text) and any(c.violation for c in lead.clauses) and \
                not n.in_conduct_list:    # 对参与诈骗人员…对其家庭采取以下措施：（二）子女报考…暂停受理
            burden = [c for c in cl.consequences if not c.negated and c.type in ("sanction", "measure")]
            if burden:
                yield norm_hit(n, "因家庭成员的违法行为对其家属采取限制措施，构成株连，没有法律依据。", "让家属承担他人违法的后果",
                               burden[0])
                continue
        if n.in_conduct_list or not any(d.violation for d in cl.conditions) or any(w in cl.text for w in _JOINT):
            continue                      # someone else's breach is the condition
        kin = [k for k in concepts_in(n, "RELATION")
               if not any(d.start <= k.start < d.end and d.kind in ("if", "unless") for d in cl.conditions)]
        modal = next((x for x in cl.concepts if x.label == "MODAL"), None)
        burden = [c for c in cl.consequences if not c.negated and c.type in ("sanction", "measure")
                  and any(_bears(cl, k, c.start) for k in kin) and not any(c.start <= k.start < c.end for k in kin)]
        subject_kin = modal is not None and cl.modality == "prohibition" and any(_bears(cl, k, modal.start) for k in kin)
        if kin and (burden or subject_kin):
            c = burden[0] if burden else None
            yield norm_hit(n, f"因他人的违法行为限制「{kin[0].text}」的权利，构成株连，没有法律依据。",
                           f"让{kin[0].text}承担他人违法的后果", c, span=None if c else (kin[0].start, cl.end))
            continue
        # 父母被列入失信名单的，…暂缓为该儿童办理入学: the parents' breach, the child's burden
        parent_breach = any(d.violation and any(d.start <= k.start < d.end for k in concepts_in(n, "RELATION"))
                            for d in cl.conditions)
        dependant = _DEPENDANT.search(cl.text[max((d.end for d in cl.conditions), default=cl.start) - cl.start:])
        burden = [c for c in cl.consequences if not c.negated and c.type in ("sanction", "measure")]
        if parent_breach and dependant and burden:
            yield norm_hit(n, f"因父母等他人的违法、失信行为限制「{dependant.group(0)}」的权利，构成株连，没有法律依据。",
                           f"让{dependant.group(0)}承担他人违法的后果", burden[0])


_FAMILY_MEASURES = re.compile(r"对其(?:家庭|家属|近亲属|亲属|家庭成员)[^。；]{0,6}(?:采取|实施|给予)")
_DEPENDANT = re.compile(r"该儿童|其子女|该子女|该学生|其家庭成员|该未成年人|其配偶|其近亲属")


_STATUTORY_INSPECTION = ("快递企业", "邮政企业", "寄递企业", "经营快递业务的企业")


@rule("SCOPE-PRIVACY", title="侵犯通信自由和通信秘密", levels="LR GR ND", severity="error", head=2,
      basis="《中华人民共和国宪法》第四十条；《中华人民共和国邮政法》第三条")
def scope_privacy(ctx: Context):
    """
    What it checks: 条款是否授权公安机关、国家安全机关、检察机关以外的机构或人员开拆、检查邮件快件，查阅、调取、
    复制通话记录、聊天记录、短信等通信内容或记录，或者不以国家安全、追查刑事犯罪为限。
    Why: 公民的通信自由和通信秘密受法律保护；除因国家安全或者追查刑事犯罪的需要，由公安机关、国家安全机关或者检察机关
    依照法律规定的程序对通信进行检查外，任何组织或者个人不得以任何理由侵犯。备案审查曾纠正地方性法规授权交警调取
    事故当事人通讯记录的规定。
    Fires on: 「社区网格员发现可疑快递包裹的，可以要求快递企业当场开拆查验。」；「交通事故处理中，公安机关交通管理部门
    可以查阅、复制当事人的通讯记录。」
    Does not fire on: 「公安机关、国家安全机关因国家安全或者追查刑事犯罪的需要，依照法律规定的程序对通信进行检查的，
    电信企业应当予以配合。」；快递企业依法对寄递物品进行收寄验视。
    Basis: 宪法第四十条；邮政法第三条。
    """
    for n in norms(ctx):
        cl = n.clause
        if n.in_conduct_list or has_concept(n, "PRIVACY", "lawful_actor"):
            continue
        acts = [c for c in cl.consequences if c.type == "privacy" and not c.negated]
        if not acts or cl.modality not in ("permission", "obligation", "imposition", ""):
            continue
        if any(w in cl.addressee for w in _STATUTORY_INSPECTION) and not any(w in acts[0].text for w in ("开拆", "拆检")):
            continue
        if any(w in cl.text for w in ("交寄", "收寄", "寄递的", "验视")):
            continue                      # 邮政法第二十五条: inspection of items handed in for posting
        yield restated_or(ctx, n, acts[0], "检查通信、调取通信记录只能由公安机关、国家安全机关或者检察机关依照法律规定的程序进行。",
                          "授权其他机构检查通信")
