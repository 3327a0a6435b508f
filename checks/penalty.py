"""B.2 行政处罚设定权 (行政处罚法 2021), over clause fields.

A sanction is a consequence of type ``sanction`` the draft imposes: named by statute (罚款, 没收,
吊销营业执照, 责令停产停业, 行政拘留 …) or by its effect (暂停营运, 不再办理运输证, 三年内不得担任,
暂停享受福利待遇 …) in a clause that answers a breach. Whoever is made to apply it — an agency, a
协会, a platform — the draft creates it. A clause that relies on an upper law (依照《X》第N条,
依照有关法律法规, 依法) restates a sanction rather than creating it: at most a warning asking to
confirm the upper-law article; with the corpus, a cited article that provides the same kind of
sanction confirms it and nothing is reported.
"""
from __future__ import annotations

from lawtext.clauses.lexicon import lexicon

from checks.base import Context, rule
from checks.clauses import Norm, aimed_at_organs, has_concept, imposed, liberty_exempt, norm_hit, norms, prov_has, upper_sanctions
from checks.conformity import penalty_scope_hits
from checks.restatement import restatement

ALLOWED_GR = {"fine", "warning", "reprimand"}
_DISCIPLINE_ONLY = {"warning", "reprimand", "restrict_occupation", "benefit_denial"}


def sanctions(ctx: Context):
    """(norm, consequence) for every sanction the draft imposes."""
    for n, c in imposed(ctx, "sanction"):
        if c.by_effect and (not n.violation or _gated(n)):
            continue
        if c.kind in _DISCIPLINE_ONLY and (_official_discipline(n) or aimed_at_organs(n)):
            continue
        if c.kind == "continuous":
            continue                      # PEN-CONTINUOUS
        if _contractual(n):
            continue
        yield n, c


_BY_CONTRACT = ("依照协议约定", "按照协议约定", "依照合同约定", "按照合同约定", "依据协议约定", "依据合同约定", "根据协议约定",
                "根据合同约定")


def _contractual(n: Norm) -> bool:
    """违反投资协议约定的，…依照协议约定解除协议并收回已兑现的扶持资金: a remedy the contract gives
    for a breach of the contract, not an administrative penalty."""
    return any(w in n.clause.text for w in _BY_CONTRACT) and any("约定" in d.text for d in n.clause.conditions)


def _gated(n: Norm) -> bool:
    """The clause gates an activity on a licence: 未经备案的，不得承接… forbids unlicensed
    activity, it is not a sanction (the licence rules report it)."""
    return any(c.type == "licence" for c in n.clause.consequences) or any(d.gate for d in n.clause.conditions)


def _official_discipline(n: Norm) -> bool:
    """Discipline of officials (给予警告、记过等处分): not an administrative penalty."""
    return has_concept(n, "DISCIPLINE", "official") and (has_concept(n, "DISCIPLINE", "target")
                                                          or n.clause.addressee_type == "public")


def _restated(n: Norm, c) -> str | None:
    """None when the clause creates the sanction; "confirmed" when it relies on an upper law
    (依照《X》第N条, 依照有关法律法规, 依法 governing it): restating is not creating, and whether the
    cited article provides the sanction is PEN-LOCREG-SCOPE's / PEN-RULE-SCOPE's question."""
    return "confirmed" if n.referred_for(c) else None


def _report(ctx: Context, n: Norm, c, message: str, conclusion: str, restate_msg: str):
    if _restated(n, c) == "confirmed":
        return None
    upper = restatement(ctx, n, c)
    if upper is not None:
        title, label = upper
        return norm_hit(n, f"法规库中《{title}》{label}对类似行为规定了同种处罚（{c.name}），本条可能是重述上位法；"
                           f"请核对并注明所依据的条文，否则属于越权设定。", f"疑似重述《{title}》{label}的「{c.name}」而未注明依据",
                        c, severity="warning")
    return norm_hit(n, message, conclusion, c)


@rule("PEN-NORMDOC", title="行政规范性文件设定行政处罚", levels="ND", severity="error", head=4,
      basis="《中华人民共和国行政处罚法》第十六条")
def pen_normdoc(ctx: Context):
    """
    What it checks: 行政规范性文件的条款是否对违法行为规定了处罚性后果：法定名称的处罚（警告、通报批评、罚款、没收、
    暂扣或吊销许可证件、责令停产停业、限制从业、行政拘留），或以效果表述的处罚（暂停受理业务、不再办理证照、暂停
    享受待遇、若干年内不得担任），不论由行政机关还是由协会、平台执行。
    Why: 只有法律、法规、规章可以设定行政处罚；规范性文件至多在注明依据的前提下重述上位法的处罚，或在法定幅度内
    制定裁量基准。援引上位法的重述按警示提请核对条文。
    Fires on: 「对未按本通知要求办理经营备案的商户，由市商务局处以五千元罚款。」；「对一年内被投诉三次以上的旅行社，
    暂停受理其组团业务六个月。」
    Does not fire on: 「违反本规定的，依照《中华人民共和国食品安全法》第一百二十二条的规定处罚。」（转致条款）；
    「企业违反投资协议约定的，区政府可以依照协议约定解除协议并收回已兑现的扶持资金。」（合同约定的违约责任）；
    「依照有关法律、法规的规定予以处罚」；机关工作人员的处分。
    Basis: 《中华人民共和国行政处罚法》第十六条；国办发〔2018〕37号 一（一）。
    """
    for n, c in sanctions(ctx):
        h = _report(ctx, n, c, f"行政规范性文件不得设定行政处罚（{c.name}）；如系重述上位法规定，应注明所依据的法律、法规、规章条文。",
                    f"规范性文件设定「{c.name}」",
                    f"规范性文件重述上位法的处罚（{c.name}），请核对并注明所依据的具体条文。")
        if h:
            yield h


@rule("PEN-DETENTION", title="设定限制人身自由的处罚", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国行政处罚法》第十条第二款、第十二条第一款；《中华人民共和国立法法》第十一条第五项")
def pen_detention(ctx: Context):
    """
    What it checks: 条款是否规定行政拘留或其他限制人身自由的处罚（未援引法律）。
    Why: 限制人身自由的行政处罚只能由法律设定，地方性法规、规章和规范性文件均无此权。
    Fires on: 「拒不改正的，由公安机关处五日以下拘留。」
    Does not fire on: 「违反治安管理的，由公安机关依照《中华人民共和国治安管理处罚法》的规定处罚。」；
    「任何单位和个人不得非法限制他人人身自由。」（保护性规定）
    Basis: 行政处罚法第十条第二款、第十二条第一款；立法法第十一条第五项。
    """
    for n, c in sanctions(ctx):
        if c.kind == "detention":
            h = _report(ctx, n, c, "限制人身自由的行政处罚只能由法律设定。", "设定了行政拘留",
                        "行政拘留只能由法律设定；条款援引了上位法，请核对所依据的法律条文。")
            if h:
                yield h
    for n, c in imposed(ctx, "measure"):
        if c.kind == "liberty" and "人身自由" in c.text and not n.referred_for(c) and not liberty_exempt(n, c):
            yield norm_hit(n, "限制人身自由的处罚或措施只能由法律设定。", "限制人身自由", c)


@rule("PEN-LOCREG-TYPE", title="地方性法规设定吊销营业执照", levels="LR", severity="error", head=4,
      basis="《中华人民共和国行政处罚法》第十二条第一款")
def pen_locreg_type(ctx: Context):
    """
    What it checks: 地方性法规的条款是否自行规定吊销营业执照（含收回、注销营业执照等以效果表述的方式），
    且未援引法律、行政法规。
    Why: 地方性法规可以设定除限制人身自由、吊销营业执照以外的行政处罚（可以设定吊销其他许可证件）。重述上位法的
    吊销营业执照并援引上位法的，不是设定，按警示提请核对条文。
    Fires on: 「违反本条例第二十条规定，情节严重的，由市场监督管理部门吊销其营业执照。」；「由城市管理部门提请市场
    监督管理部门收回其营业执照。」
    Does not fire on: 「情节严重的，由原发证机关吊销其经营许可证。」；「依照《中华人民共和国食品安全法》第一百三十五条的
    规定吊销营业执照」（所引条文有此处罚时不报告）。限制人身自由的处罚由 PEN-DETENTION 报告。
    Basis: 行政处罚法第十二条第一款。
    """
    for n, c in sanctions(ctx):
        if c.kind != "revoke_business_licence":
            continue
        h = _report(ctx, n, c, "地方性法规不得设定吊销营业执照的行政处罚。", "地方性法规设定吊销营业执照",
                    "吊销营业执照须由法律、行政法规设定；条款援引了上位法，请核对所依据的条文规定了吊销营业执照。")
        if h:
            yield h


@rule("PEN-RULE-TYPE", title="规章设定警告、通报批评、罚款以外的处罚", levels="GR", severity="error", head=4,
      basis="《中华人民共和国行政处罚法》第十四条第一款、第二款")
def pen_rule_type(ctx: Context):
    """
    What it checks: 政府规章的条款是否规定了警告、通报批评、罚款以外的处罚：没收、暂扣或吊销许可证件、降低资质
    等级、责令停产停业、限制开展生产经营活动（暂停营运、暂停出租登记、不再办理证照）、限制从业（若干年内不得
    担任）等，而未援引法律、法规。以取消、暂停补贴待遇惩戒违法行为的，按警示。
    Why: 尚未制定法律、法规的，地方政府规章只能设定警告、通报批评或者一定数额罚款；已有上位法的，只能在其规定的
    行为、种类、幅度内作出具体规定。援引上位法重述的，按警示提请核对。
    Fires on: 「违反本办法第十二条规定的，由市城市管理部门责令停产停业，并处五万元以上十万元以下罚款。」；
    「其从业资格证由市交通运输主管部门暂扣三个月。」；「三年内不得在本市担任物业服务项目负责人。」
    Does not fire on: 「由市城市管理部门责令改正，给予警告，可以并处一千元罚款。」；「收容流浪犬和依法没收的犬只。」
    「没收的财物应当上缴国库。」（对已没收财物的处理）；「被吊销养犬登记证的，……」（条件）。
    Basis: 行政处罚法第十四条第一款、第二款。
    """
    for n, c in sanctions(ctx):
        if c.kind in ALLOWED_GR:
            continue
        sev = "warning" if c.kind == "benefit_denial" else None
        h = _report(ctx, n, c, f"政府规章只能设定警告、通报批评或者一定数额罚款，不得设定「{c.name}」（未注明法律、法规依据）。",
                    f"规章设定「{c.name}」",
                    f"规章只能在上位法规定的种类内具体规定「{c.name}」；条款援引了上位法，请核对所依据的条文。")
        if h:
            if sev and h.severity is None:
                h.severity = sev
            yield h


_BUSINESS = ("经营", "停产", "停业", "企业", "经营者", "营业", "销售", "生产", "单位", "公司", "商户", "服务机构", "从业")


@rule("PEN-RULE-FINE-CAP", title="规章罚款超过省级人大常委会规定的限额", levels="GR", severity="error", head=4,
      basis="《中华人民共和国行政处罚法》第十四条第二款", params=("GR_FINE_CAP",))
def pen_rule_fine_cap(ctx: Context):
    """
    What it checks: 政府规章自行设定的罚款数额（含幅度上限）是否超过省、自治区、直辖市人大常委会规定的限额
    （经营活动 / 非经营活动分别比较）。
    Why: 规章设定罚款的限额由省级人大常委会规定，超过即越权。限额为地区参数 GR_FINE_CAP；辽宁省数额
    尚未核实，因此本规则在辽宁/沈阳配置下按警示报告。
    Fires on: 「……并处五万元以上十万元以下罚款。」（高于 3 万元的参考限额）
    Does not fire on: 「……处一千元以上五千元以下罚款。」；注明法律、法规依据的罚款。
    Basis: 行政处罚法第十四条第二款。
    """
    cap = ctx.config.get("GR_FINE_CAP")
    for n, c in sanctions(ctx):
        if c.kind != "fine" or n.referred_for(c):
            continue
        if not cap:
            yield norm_hit(n, "未配置本省规章罚款限额，无法核对罚款数额，请人工核对。", "规章设定罚款", c, severity="warning")
            continue
        amount = c.amount.max_amount if c.amount is not None else None
        if amount is None:
            continue
        business_cap = cap.get("business") if isinstance(cap, dict) else cap
        other_cap = cap.get("non_business", business_cap) if isinstance(cap, dict) else cap
        context = n.prov.text + (n.prov.lead.text if n.prov.lead else "")
        is_business = "非经营" not in context and (any(w in context for w in _BUSINESS) or "经营" in ctx.title)
        limit = business_cap if is_business else other_cap
        if limit is not None and amount > limit:
            kind = "经营活动" if is_business else "非经营活动"
            yield norm_hit(n, f"规章设定的罚款最高 {amount:,} 元，超过本地区规章罚款限额（{kind} {limit:,} 元）。",
                           f"罚款最高 {amount:,} 元超过限额 {limit:,} 元", c)


_POWER_LAWS = ("行政处罚法", "行政强制法", "行政许可法", "立法法")    # laws granting the power to set, not rules of conduct


def _scope_hits(ctx: Context, law_kind: str):
    """Kinds or range beyond the upper law: from the conformity comparison with the governing
    upper-law clause (checks.conformity), and for a cited article the conformity link misses, from
    the cited article's own sanctions."""
    compared = set()
    for hit in penalty_scope_hits(ctx):
        compared.add(hit.clause.element_id)
        yield hit
    by_norm: dict[int, list] = {}
    for n, c in sanctions(ctx):
        by_norm.setdefault(id(n), [n, []])[1].append(c)
    for n, cs in by_norm.values():
        r = n.referral
        if r is None or not r.articles or n.unit.element_id in compared:
            continue
        local_kinds = {c.kind for c in cs}
        local_max = max((c.amount.max_amount for c in cs if c.amount and c.amount.max_amount is not None), default=None)
        for title, number in r.articles:
            upper = ctx.corpus.article_text(title, number) if not title.endswith(_POWER_LAWS) else None
            if not upper:
                continue                  # 依照《行政处罚法》第十四条第二款: the power to set, no conduct to compare
            provided = upper_sanctions(upper)
            upper_kinds = set(provided)
            extra = sorted(local_kinds - upper_kinds - {"warning", "benefit_denial"}) if upper_kinds else []
            if extra:
                names = "、".join(next(c.name for c in cs if c.kind == k) for k in extra)
                yield norm_hit(n, f"所引《{title}》第{number}条未规定「{names}」，{law_kind}只能在上位法规定的行为、种类、幅度内"
                                  f"作出具体规定。", f"超出所引条文的处罚种类（{names}）", span=(r.start, r.end))
            upper_fines = [c.amount.max_amount for c in provided.get("fine", ()) if c.amount and c.amount.max_amount is not None]
            if local_max is not None and upper_fines and local_max > max(upper_fines):
                yield norm_hit(n, f"罚款上限 {local_max:,} 元超出所引《{title}》第{number}条规定的幅度（最高 {max(upper_fines):,} 元）。",
                               "罚款超出上位法幅度", span=(r.start, r.end))


@rule("PEN-LOCREG-SCOPE", title="地方性法规超出上位法处罚的行为、种类、幅度", levels="LR", severity="error", head=3,
      basis="《中华人民共和国行政处罚法》第十二条第二款", requires=("tree", "corpus"))
def pen_locreg_scope(ctx: Context):
    """
    What it checks: 设定处罚的条款，其处罚种类、罚款幅度或基数是否超出上位法对同一行为的规定：援引上位法具体条文
    （《…》第X条）的，与所引条文比对（错误）；未援引的，与上位法比对（UPPER-CONFORM 的关联：第一条所列法律、
    按行为检索到的起草时现行有效的上位法条文）找到的同一行为的规定比对（警示，列出上位法原文）。
    Why: 法律、行政法规对违法行为已经作出行政处罚规定，地方性法规需要作出具体规定的，必须在法律、行政法规
    规定的给予行政处罚的行为、种类和幅度的范围内规定。
    Fires on: 「依照《中华人民共和国大气污染防治法》第一百一十九条的规定，处五十万元罚款。」（所引条文最高十万元）；
    「占用、堵塞、封闭消防车通道的，对个人处一千元以上五千元以下罚款」（消防法对同一行为的罚款幅度更低，警示）
    Does not fire on: 所引条文的幅度之内的具体化；上位法没有规定同一行为的条款。
    Basis: 行政处罚法第十二条第二款。
    """
    yield from _scope_hits(ctx, "地方性法规")


@rule("PEN-RULE-SCOPE", title="规章超出上位法处罚的行为、种类、幅度", levels="GR ND", severity="error", head=3,
      basis="《中华人民共和国行政处罚法》第十四条第一款", requires=("tree", "corpus"))
def pen_rule_scope(ctx: Context):
    """
    What it checks: 规章（及规范性文件中的裁量基准）引用上位法具体条文作出处罚规定的，处罚种类或罚款上限
    是否超出所引条文；规章未援引条文的，与上位法比对找到的同一行为的规定比对（警示）。
    Why: 规章只能在法律、行政法规、地方性法规规定的给予行政处罚的行为、种类和幅度的范围内作出具体规定。
    Fires on: 「依照《中华人民共和国大气污染防治法》第一百一十九条的规定，处五十万元罚款。」
    Does not fire on: 所引条文幅度之内的具体化。
    Basis: 行政处罚法第十四条第一款。
    """
    yield from _scope_hits(ctx, "规章" if ctx.level == "GR" else "规范性文件")


@rule("PEN-CONTINUOUS", title="按日连续处罚", levels="LR GR ND", severity={"LR": "warning", "GR": "error", "ND": "error"},
      head=4, basis="《中华人民共和国环境保护法》第五十九条第三款")
def pen_continuous(ctx: Context):
    """
    What it checks: 条款是否规定按日连续处罚（按日计罚、每日按原罚款数额连续处罚等）。
    Why: 按日连续处罚由环境保护法第五十九条设定，地方性法规可以根据环境保护的实际需要增加适用的违法行为种类；
    规章和规范性文件不得增加。地方性法规在环境领域以外规定按日连续处罚，须有法律依据。
    Fires on: 规章「逾期不改正的，按日连续处罚。」；规章「拒不改正的，每日按一千元连续处罚。」；规章「每日按原罚款数额
    另行计罚」；地方性法规在非环境
    领域的按日处罚（警示）。
    Does not fire on: 「依照《中华人民共和国环境保护法》第五十九条的规定按日连续处罚。」；地方性法规对违法排污、
    超标排放油烟等环境违法行为规定的按日连续处罚；「到期不缴纳罚款的，按日加处罚款」（行政处罚法第七十二条的执行罚，
    其比例由 COER-EXEC 核对）。
    Basis: 环境保护法第五十九条第三款。
    """
    for n, c in imposed(ctx, "sanction"):
        if c.kind != "continuous" or n.cites_upper_law or _surcharge_on_unpaid_fine(n):
            continue
        if ctx.level == "LR":
            if prov_has(n, "FIELD", "environment") or lexicon().find(ctx.title, ("FIELD",)):
                continue
            yield norm_hit(n, "地方性法规只能在环境保护领域增加按日连续处罚的违法行为种类；其他领域须有法律依据。",
                           "环境领域以外的按日连续处罚", c)
        else:
            yield norm_hit(n, "规章、规范性文件不得增加按日连续处罚的适用情形。", "规章、规范性文件设定按日连续处罚", c)


def _surcharge_on_unpaid_fine(n: Norm) -> bool:
    """到期不缴纳罚款的，按日加处罚款: the 执行罚 of 行政处罚法第七十二条 on a fine left unpaid (COER-EXEC checks
    its rate), not a daily penalty for a continuing violation."""
    surcharge = any(x.type == "execution" and x.kind == "surcharge" for x in n.clause.consequences)
    return surcharge and any("罚款" in d.text for d in n.clause.conditions)


@rule("PEN-REVENUE", title="罚没收入与执法机关利益挂钩", levels="LR GR ND", severity="error", head=3,
      basis="《中华人民共和国行政处罚法》第七十四条第二款、第三款")
def pen_revenue(ctx: Context):
    """
    What it checks: 条款是否将罚款、没收的违法所得返还、奖励、提成给执法机关，或与其考核、任务挂钩。
    Why: 罚款、没收的违法所得必须全部上缴国库，不得同作出处罚决定的行政机关及其工作人员的考核、考评直接或者
    变相挂钩；财政部门不得以任何形式向作出处罚决定的行政机关返还。
    Fires on: 「罚没收入的百分之三十返还执法部门，用于奖励执法人员。」
    Does not fire on: 「罚款、没收的违法所得全部上缴国库，任何部门不得返还、截留。」（重申禁止性规定）
    Basis: 行政处罚法第七十四条第二款、第三款。
    """
    for n in norms(ctx):
        c = n.clause
        fines_ = [x for x in c.concepts if x.label == "REVENUE" and x.kind == "fines"]
        ret = [x for x in c.concepts if x.label == "REVENUE" and x.kind == "return" and fines_ and x.start > fines_[0].start]
        if not fines_ or not ret or c.modality == "prohibition" or has_concept(n, "MODAL", "prohibition"):
            continue
        if "上缴国库" in n.prov.text and not any(x.text in ("返还", "提成", "分成") for x in ret):
            continue
        yield norm_hit(n, "罚没收入不得返还、奖励或与执法机关考核挂钩，必须全部上缴国库。", "罚没收入返还或挂钩",
                       span=(fines_[0].start, ret[0].end))


@rule("PEN-CREDIT", title="以失信惩戒、名单变相设定处罚", levels="GR ND",
      severity="error", head=4, basis="《中华人民共和国行政处罚法》第九条第四项、第十四条、第十六条")
def pen_credit(ctx: Context):
    """
    What it checks: 规章、规范性文件是否以黑名单、失信名单、联合惩戒等方式限制市场主体的经营或从业：名单与限制
    经营、从业、招标投标、申请等后果相连的为错误，仅设名单的为警示。
    Why: 限制开展生产经营活动、限制从业是法定处罚种类；严重失信主体名单须以法律、法规或者党中央、国务院
    政策文件为依据，部门不得自行增设。
    Fires on: 「列入黑名单的企业，三年内不得参加本市政府采购活动。」（错误）；「被列入严重违法失信名单的，在移出名单前，
    不再为其新增车辆办理运输证。」（错误）；「建立失信名单制度。」（警示）
    Does not fire on: 与名单无关的信用信息归集；「依照国家有关规定实施联合惩戒。」仍作警示提示核对依据。
    Basis: 行政处罚法第九条第四项、第十四条、第十六条；国办发〔2020〕49号（出处未核实）。
    """
    for n in norms(ctx):
        if n.in_conduct_list:
            continue
        lists = [x for x in n.clause.concepts if x.label == "SANCTION" and x.kind == "credit"]
        if not lists:
            continue
        restricts = [c for c in n.clause.consequences if c.type == "sanction" and c.kind != "credit" and not c.negated]
        restricts += [c for c in n.clause.consequences if c.type == "market" and c.kind == "exclude"]
        if restricts and not n.referred:
            yield norm_hit(n, "以名单、信用惩戒限制经营或从业，实质上是设定「限制开展生产经营活动」「限制从业」的处罚，须有法律、"
                              "法规依据。", "以名单限制经营或从业", restricts[0])
        else:
            yield norm_hit(n, "失信名单、联合惩戒措施须以法律、法规或党中央、国务院政策文件为依据，请核对。", "设立失信名单",
                           span=(lists[0].start, lists[0].end), severity="warning")
