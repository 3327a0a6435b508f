"""B.2 行政处罚设定权 (行政处罚法 2021)."""
from __future__ import annotations

import re

from lawtext.amounts import fines
from checks.base import Context, hit_at, rule
from checks.patterns import PEN_NAMES, created_penalties, describes_conduct, is_negated, penalties, PEN_RE
from lawtext.numerals import cn_to_int
from lawtext.vocabulary import NUMBER


@rule("PEN-NORMDOC", title="行政规范性文件设定行政处罚", levels="ND", severity="error", head=4,
      basis="《中华人民共和国行政处罚法》第十六条")
def pen_normdoc(ctx: Context):
    """
    What it checks: 行政规范性文件中是否自行设定了行政处罚（警告、通报批评、罚款、没收、暂扣或吊销许可证件、
    限制生产经营、责令停产停业、责令关闭、限制从业、行政拘留）。
    Why: 只有法律、法规、规章可以设定行政处罚；规范性文件至多在注明依据的前提下重述上位法的处罚，
    或在法定幅度内制定裁量基准。
    Fires on: 「对未按本通知要求办理经营备案的商户，由市商务局处以五千元罚款。」
    Does not fire on: 「违反本规定的，依照《中华人民共和国食品安全法》第一百二十二条的规定处罚。」（转致条款）；
    「依照有关法律、法规的规定予以处罚」。
    Basis: 《中华人民共和国行政处罚法》第十六条；国办发〔2018〕37号 一（一）。
    """
    for s in ctx.sentences:
        for h in created_penalties(s):
            yield hit_at(s, (h.start, h.end),
                         f"行政规范性文件不得设定行政处罚（{PEN_NAMES[h.kind]}）；如系重述上位法规定，应注明所依据的法律、法规、规章条文。")


@rule("PEN-DETENTION", title="设定限制人身自由的处罚", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国行政处罚法》第十条第二款、第十二条第一款；《中华人民共和国立法法》第十一条第五项")
def pen_detention(ctx: Context):
    """
    What it checks: 草案是否设定行政拘留或其他限制人身自由的处罚。
    Why: 限制人身自由的行政处罚只能由法律设定，地方性法规、规章和规范性文件均无此权。
    Fires on: 「拒不改正的，由公安机关处五日以下拘留。」
    Does not fire on: 「违反治安管理的，由公安机关依照《中华人民共和国治安管理处罚法》的规定处罚。」；
    「任何单位和个人不得非法限制他人人身自由。」（保护性规定）
    Basis: 行政处罚法第十条第二款、第十二条第一款；立法法第十一条第五项。
    """
    for s in ctx.sentences:
        for h in created_penalties(s):
            if h.kind == "detention":
                yield hit_at(s, (h.start, h.end), "限制人身自由的行政处罚只能由法律设定。")
        for m in re.finditer(r"限制(其|他人|当事人)?人身自由", s.masked):
            if is_negated(s.masked, m.start(), 16) or re.search(r"依法|法律规定|依照", s.masked):
                continue
            if describes_conduct(s, m.start(), m.end()):
                continue
            if re.search(r"(处|给予|予以|可以|采取)[^，。；]{0,6}$", s.masked[:m.start()]):
                yield hit_at(s, m, "限制人身自由的处罚或措施只能由法律设定。")


@rule("PEN-LOCREG-TYPE", title="地方性法规设定吊销营业执照", levels="LR", severity="error", head=4,
      basis="《中华人民共和国行政处罚法》第十二条第一款")
def pen_locreg_type(ctx: Context):
    """
    What it checks: 地方性法规是否自行设定吊销营业执照。
    Why: 地方性法规可以设定除限制人身自由、吊销营业执照以外的行政处罚（可以设定吊销其他许可证件）。
    Fires on: 「违反本条例第二十条规定，情节严重的，由市场监督管理部门吊销其营业执照。」
    Does not fire on: 「情节严重的，由原发证机关吊销其经营许可证。」；「由市场监督管理部门依法吊销营业执照。」
    （依法：以上位法已有的吊销为据）。限制人身自由的处罚由 PEN-DETENTION 报告。
    Basis: 行政处罚法第十二条第一款。
    """
    for s in ctx.sentences:
        for h in created_penalties(s):
            if h.kind == "revoke_business_licence":
                yield hit_at(s, (h.start, h.end), "地方性法规不得设定吊销营业执照的行政处罚。")


@rule("PEN-RULE-TYPE", title="规章设定警告、通报批评、罚款以外的处罚", levels="GR", severity="error", head=4,
      basis="《中华人民共和国行政处罚法》第十四条第一款、第二款")
def pen_rule_type(ctx: Context):
    """
    What it checks: 政府规章是否设定了警告、通报批评、一定数额罚款以外的行政处罚（没收、暂扣或吊销许可证件、
    责令停产停业、限制从业等），且未注明法律、法规依据。
    Why: 尚未制定法律、法规的，地方政府规章只能设定警告、通报批评或者一定数额罚款；已有上位法的，只能在
    其规定的行为、种类、幅度内作出具体规定。
    Fires on: 「违反本办法第十二条规定的，由市城市管理部门责令停产停业，并处五万元以上十万元以下罚款。」；
    「……由公安机关没收犬只，并处五百元罚款。」（没收物品、动物、车辆、工具等）；「情节严重的，吊销养犬登记证。」
    （吊销……证、……证书、……登记、执照、资格、资质）
    Does not fire on: 「违反本办法第十二条规定的，由市城市管理部门责令改正，给予警告，可以并处一千元罚款。」；
    「依照《中华人民共和国城乡规划法》第六十四条的规定，责令停止建设……没收实物或者违法收入。」；
    「收容流浪犬和依法没收的犬只。」「没收的财物应当上缴国库。」（对已没收财物的处理）；「被吊销养犬登记证的，……」
    Basis: 行政处罚法第十四条第一款、第二款。
    """
    allowed = {"fine", "warning", "reprimand"}
    for s in ctx.sentences:
        for h in created_penalties(s):
            if h.kind not in allowed:
                yield hit_at(s, (h.start, h.end),
                             f"政府规章只能设定警告、通报批评或者一定数额罚款，不得设定「{PEN_NAMES[h.kind]}」（未注明法律、法规依据）。")


_BUSINESS = re.compile(r"经营|停产|停业|企业|经营者|营业|销售|生产|单位|公司|商户|服务机构|从业")


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
    if not cap:
        for s in ctx.sentences:
            for h in created_penalties(s):
                if h.kind == "fine":
                    yield hit_at(s, (h.start, h.end), "未配置本省规章罚款限额，无法核对罚款数额，请人工核对。",
                                 severity="warning")
        return
    business_cap = cap.get("business") if isinstance(cap, dict) else cap
    other_cap = cap.get("non_business", business_cap) if isinstance(cap, dict) else cap
    for s in ctx.sentences:
        if not any(h.kind == "fine" for h in created_penalties(s)):
            continue
        ctx_text = s.masked_context
        for f in fines(s.masked):
            amount = f.max_amount
            if amount is None:
                continue
            is_business = "非经营" not in ctx_text and (
                bool(_BUSINESS.search(ctx_text)) or "经营" in ctx.title)
            limit = business_cap if is_business else other_cap
            if limit is not None and amount > limit:
                start = s.masked.find(f.text)
                kind = "经营活动" if is_business else "非经营活动"
                yield hit_at(s, (start, start + len(f.text)),
                             f"规章设定的罚款最高 {amount:,} 元，超过本地区规章罚款限额（{kind} {limit:,} 元）。")


def _cited_article_refs(text: str):
    """(title, article number) pairs cited as 《…》第X条 in a sentence."""
    for m in re.finditer(rf"《([^《》]+)》第({NUMBER})条", text):
        try:
            yield m.group(1), cn_to_int(m.group(2)), m
        except ValueError:
            continue


def _scope_hits(ctx: Context, law_kind: str):
    for s in ctx.sentences:
        refs = list(_cited_article_refs(s.text))
        if not refs:
            continue
        local_kinds = {h.kind for h in penalties(s)}
        local_fines = [f for f in fines(s.masked) if f.max_amount is not None]
        if not local_kinds:
            continue
        for title, n, m in refs:
            upper = ctx.corpus.article_text(title, n)
            if not upper:
                continue
            upper_kinds = {k for k, rx in PEN_RE.items() if rx.search(upper)}
            upper_fines = [f for f in fines(upper) if f.max_amount is not None]
            extra = local_kinds - upper_kinds - {"warning"} if upper_kinds else set()
            if extra:
                yield hit_at(s, m, f"所引《{title}》第{n}条未规定「{'、'.join(PEN_NAMES[k] for k in sorted(extra))}」，"
                                   f"{law_kind}只能在上位法规定的行为、种类、幅度内作出具体规定。")
            if local_fines and upper_fines:
                upper_max = max(f.max_amount for f in upper_fines)
                local_max = max(f.max_amount for f in local_fines)
                if local_max > upper_max:
                    yield hit_at(s, m, f"罚款上限 {local_max:,} 元超出所引《{title}》第{n}条规定的幅度（最高 {upper_max:,} 元）。")


@rule("PEN-LOCREG-SCOPE", title="地方性法规超出上位法处罚的行为、种类、幅度", levels="LR", severity="error", head=3,
      basis="《中华人民共和国行政处罚法》第十二条第二款", requires=("tree", "corpus"))
def pen_locreg_scope(ctx: Context):
    """
    What it checks: 引用上位法具体条文（《…》第X条）作出处罚规定的条款，其处罚种类或罚款上限是否超出所引
    条文的规定（以法规库中的上位法条文为准）。
    Why: 法律、行政法规对违法行为已经作出行政处罚规定，地方性法规需要作出具体规定的，必须在法律、行政法规
    规定的给予行政处罚的行为、种类和幅度的范围内规定。
    Fires on: 「依照《中华人民共和国大气污染防治法》第一百一十九条的规定，处五十万元罚款。」（所引条文最高十万元）
    Does not fire on: 所引条文的幅度之内的具体化；未引用具体条文的条款（无法自动关联，需人工核对）。
    Basis: 行政处罚法第十二条第二款。
    """
    yield from _scope_hits(ctx, "地方性法规")


@rule("PEN-RULE-SCOPE", title="规章超出上位法处罚的行为、种类、幅度", levels="GR ND", severity="error", head=3,
      basis="《中华人民共和国行政处罚法》第十四条第一款", requires=("tree", "corpus"))
def pen_rule_scope(ctx: Context):
    """
    What it checks: 规章（及规范性文件中的裁量基准）引用上位法具体条文作出处罚规定的，处罚种类或罚款上限
    是否超出所引条文。
    Why: 规章只能在法律、行政法规、地方性法规规定的给予行政处罚的行为、种类和幅度的范围内作出具体规定。
    Fires on: 「依照《中华人民共和国大气污染防治法》第一百一十九条的规定，处五十万元罚款。」
    Does not fire on: 所引条文幅度之内的具体化。
    Basis: 行政处罚法第十四条第一款。
    """
    yield from _scope_hits(ctx, "规章" if ctx.level == "GR" else "规范性文件")


_ENV = re.compile(r"排放|排污|污染|废水|废气|噪声|扬尘|固体废物|危险废物|生态环境")


@rule("PEN-CONTINUOUS", title="按日连续处罚", levels="LR GR ND", severity={"LR": "warning", "GR": "error", "ND": "error"},
      head=4, basis="《中华人民共和国环境保护法》第五十九条第三款")
def pen_continuous(ctx: Context):
    """
    What it checks: 草案是否规定按日连续处罚。
    Why: 按日连续处罚由环境保护法第五十九条设定，地方性法规可以根据环境保护的实际需要增加适用的违法行为种类；
    规章和规范性文件不得增加。地方性法规在环境领域以外规定按日连续处罚，须有法律依据。
    Fires on: 规章「逾期不改正的，按日连续处罚。」；地方性法规在非环境领域的按日处罚（警示）。
    Does not fire on: 「依照《中华人民共和国环境保护法》第五十九条的规定按日连续处罚。」；地方性法规对违法排污
    行为规定的按日连续处罚。
    Basis: 环境保护法第五十九条第三款。
    """
    for s in ctx.sentences:
        for m in re.finditer(r"按日(连续)?(处罚|计罚)", s.masked):
            if "环境保护法" in s.text or (("《" in s.text) and re.search(r"依照|按照|依据", s.text)):
                continue
            if ctx.level == "LR":
                if _ENV.search(s.context) or _ENV.search(ctx.title):
                    continue
                yield hit_at(s, m, "地方性法规只能在环境保护领域增加按日连续处罚的违法行为种类；其他领域须有法律依据。")
            else:
                yield hit_at(s, m, "规章、规范性文件不得增加按日连续处罚的适用情形。")


@rule("PEN-REVENUE", title="罚没收入与执法机关利益挂钩", levels="LR GR ND", severity="error", head=3,
      basis="《中华人民共和国行政处罚法》第七十四条第二款、第三款")
def pen_revenue(ctx: Context):
    """
    What it checks: 是否将罚款、没收的违法所得返还、奖励、提成给执法机关，或与其考核、任务挂钩。
    Why: 罚款、没收的违法所得必须全部上缴国库，不得同作出处罚决定的行政机关及其工作人员的考核、考评直接或者
    变相挂钩；财政部门不得以任何形式向作出处罚决定的行政机关返还。
    Fires on: 「罚没收入的百分之三十返还执法部门，用于奖励执法人员。」
    Does not fire on: 「罚款、没收的违法所得全部上缴国库，任何部门不得返还、截留。」（重申禁止性规定）
    Basis: 行政处罚法第七十四条第二款、第三款。
    """
    rx = re.compile(r"(罚没|罚款)[^，。；]{0,20}?(返还|奖励|提成|分成|挂钩|考核指标|任务)")
    for s in ctx.sentences:
        for m in rx.finditer(s.masked):
            if is_negated(s.masked, m.end(), 30) or re.search(r"不得|禁止|严禁|不准|全部上缴", s.masked):
                continue
            yield hit_at(s, m, "罚没收入不得返还、奖励或与执法机关考核挂钩，必须全部上缴国库。")


_CREDIT = re.compile(
    r"黑名单|失信(主体)?名单|联合惩戒|信用惩戒"
    r"|限制[^，。；]{0,10}(参加|参与)[^，。；]{0,4}(招标|投标|政府采购)"
    r"|(禁止|不得)[^，。；]{0,10}(年内|年)[^，。；]{0,10}(申请|参加|从事)")
_RESTRICTS_BUSINESS = re.compile(r"限制|禁止|不得|取消")


@rule("PEN-CREDIT", title="以失信惩戒、名单变相设定处罚", levels="GR ND",
      severity="error", head=4, basis="《中华人民共和国行政处罚法》第九条第四项、第十四条、第十六条")
def pen_credit(ctx: Context):
    """
    What it checks: 规章、规范性文件是否以黑名单、失信名单、联合惩戒等方式限制市场主体的经营或从业。
    Why: 限制开展生产经营活动、限制从业是法定处罚种类；严重失信主体名单须以法律、法规或者党中央、国务院
    政策文件为依据，部门不得自行增设。
    Fires on: 「列入黑名单的企业，三年内不得参加本市政府采购活动。」（限制经营：错误）；
    「建立失信名单制度。」（警示）
    Does not fire on: 「依照国家有关规定实施联合惩戒。」仍作警示提示核对依据；与名单无关的信用信息归集。
    Basis: 行政处罚法第九条第四项、第十四条、第十六条；国办发〔2020〕49号（出处未核实）。
    """
    for s in ctx.sentences:
        for m in _CREDIT.finditer(s.masked):
            if is_negated(s.masked, m.start(), 6) and not m.group(0).startswith(("禁止", "不得")):
                continue
            restricts = bool(_RESTRICTS_BUSINESS.search(s.masked)) and bool(
                re.search(r"经营|从业|招标|投标|采购|申请|准入|资质|补贴", s.masked))
            law = bool(re.search(r"依照|按照|依据", s.text) and re.search(r"法律|法规|《|国家", s.text))
            sev = "error" if restricts and not law else "warning"
            yield hit_at(s, m, "以名单、信用惩戒限制经营或从业，实质上是设定「限制开展生产经营活动」「限制从业」的处罚，"
                               "须有法律、法规依据。" if sev == "error" else
                         "失信名单、联合惩戒措施须以法律、法规或党中央、国务院政策文件为依据，请核对。", severity=sev)
            break

