"""B.5 收费、保证金、集资、摊派."""
from __future__ import annotations

import re

from checks.base import Context, hit_at, rule
from checks.patterns import describes_conduct, is_law_based, is_negated

_FEE_SET = re.compile(r"(收取|缴纳|交纳|征收|计收|加收|补缴|缴交)[^，。；]{0,15}?(费用|费|基金|附加)"
                      r"|管理费|服务费|工本费|检测费|评审费|认证费|培训费|资料费"
                      r"|政府性基金|行政事业性收费")
# private-law payments (物业服务费 by contract), and national fee rules referred to
_CIVIL = re.compile(r"约定|合同|协议|物业服务费|物业费|业主大会|自愿|市场调节价|协商|规约")
_NATIONAL = re.compile(r"(按照|依照|依据|根据|执行)(国家|省|法律|法规|有关|价格主管部门|物价)[^，。；]{0,14}(规定|标准|批准)"
                       r"|经[^，。；]{0,10}(批准|核定)的(收费)?(标准|项目)|依法(收取|缴纳|征收|计收)")


@rule("FEE-SET", title="设定行政事业性收费或政府性基金", levels="LR GR ND",
      severity={"LR": "warning", "GR": "error", "ND": "error"}, head=4,
      basis="《优化营商环境条例》第二十五条第一款；《中华人民共和国行政许可法》第五十八条；《中华人民共和国中小企业促进法》第五十四条")
def fee_set(ctx: Context):
    """
    What it checks: 是否向公民、企业收取费用、基金、附加（未注明法律、行政法规或国家规定的依据）。
    Why: 设立政府性基金、涉企行政事业性收费须有法律、行政法规依据或经国务院批准；目录清单之外不得收费；
    规范性文件不得设定收费。地方性法规按警示（请对照国家收费目录清单）。泛称的「费用」（如成本、差额）按警示。
    Fires on: 规范性文件「办理登记的，由市场主体缴纳管理费五百元。」（错误）；「补缴差额费用」（警示）。
    Does not fire on: 「业主应当按照约定交纳物业服务费。」（民事约定）；「按照国家规定的标准缴纳污水处理费。」；
    「不得收取任何费用。」
    Basis: 优化营商环境条例第二十五条第一款；行政许可法第五十八条；中小企业促进法第五十四条；促进个体工商户发展条例第三十条。
    """
    for s in ctx.sentences:
        for m in _FEE_SET.finditer(s.masked):
            if describes_conduct(s, m.start(), m.end()):
                continue
            if is_negated(s.masked, m.start(), 14) or re.search(r"不得|免收|免予|减免|免除|不收取|不再", s.masked[max(0, m.start() - 16):m.end()]):
                continue
            if _CIVIL.search(s.masked_context) or _NATIONAL.search(s.masked_context) or is_law_based(s, m.start()):
                continue
            if re.search(r"由[^，。；]{0,12}(承担|负担)", s.masked[m.start():m.end() + 10]):
                continue      # cost bearing (费用由当事人承担) is not a fee
            generic = m.group(0).endswith("费用")
            sev = "warning" if generic else None
            msg = ("收取费用须有法律、行政法规依据或经国务院批准，并列入收费目录清单；规范性文件不得设定收费。"
                   if not generic else "要求缴纳的「费用」是否属于行政事业性收费或变相收费，须核对其法律依据。")
            yield hit_at(s, m, msg, severity=sev)


_DEPOSIT = re.compile(r"保证金|押金|风险(抵押)?金|质保金|履约金|诚信金")
_DEPOSIT_BASES = re.compile(r"招标|投标|中标|旅行社|农民工|工资|预付卡|单用途|住房公积金|维修资金|土地复垦|矿山|矿区|开采|地质环境治理恢复")


@rule("FEE-DEPOSIT", title="设立涉企保证金、押金", levels="LR GR ND", severity="error", head=4,
      basis="《优化营商环境条例》第二十五条第一款")
def fee_deposit(ctx: Context):
    """
    What it checks: 是否要求企业缴纳保证金、押金、风险金、质保金、履约金、诚信金等（未注明依据）。
    Why: 涉企保证金须有法律、行政法规依据或经国务院批准，并列入目录清单；应当允许以银行保函替代现金。
    有国家依据的常见保证金（投标、农民工工资、旅行社质量保证金、土地复垦等）不报。
    Fires on: 「申请技术改造补贴的企业，应当向市工业和信息化局缴纳履约保证金二十万元。」
    Does not fire on: 「不得向企业收取没有法律法规依据的保证金。」；「施工总承包单位应当依照《保障农民工工资支付条例》
    存储工资保证金。」
    Basis: 优化营商环境条例第二十五条第一款（含以保函替代现金的规定）。
    """
    for s in ctx.sentences:
        for m in _DEPOSIT.finditer(s.masked):
            if not re.search(r"缴纳|交纳|提交|收取|缴存|预存|存储|交存|提供", s.masked_context):
                continue
            if is_negated(s.masked, m.start(), 20) or re.search(r"不得|取消|退还|返还|清理|免收|减免|免于|免予|保函|替代|保证保险|清退",
                                                                s.masked_context):
                continue
            if describes_conduct(s, m.start(), m.end()):
                continue
            art_text = s.clause.article.flat_text if s.clause.article else s.masked_context
            if _DEPOSIT_BASES.search(art_text) or is_law_based(s, m.start()) or _NATIONAL.search(s.masked_context):
                continue
            if re.search(r"标准收取|目录|清单", s.masked):
                continue
            if _CIVIL.search(s.masked_context):
                continue
            yield hit_at(s, m, "设立涉企保证金须有法律、行政法规依据或经国务院批准，并应允许以银行保函替代现金。")


_LEVY = re.compile(r"(?<![筹募])集资(?!款|金|办|凭证|建房|单位)|摊派|赞助|(?<!募)捐资|捐款|认捐|义务劳动|出工出劳")


@rule("FEE-LEVY", title="集资、摊派、强制赞助捐赠", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国中小企业促进法》第五十四条；《促进个体工商户发展条例》第三十条；《中华人民共和国慈善法》第三十二条")
def fee_levy(ctx: Context):
    """
    What it checks: 是否要求企业、个体工商户、农民或居民集资、摊派、赞助、捐款、出工出劳。
    Why: 任何单位不得向中小企业、个体工商户集资、摊派，不得强制其提供赞助或接受有偿服务；募捐不得摊派。
    Fires on: 「辖区内企业应当按照营业额的千分之一缴纳文明城市创建赞助费。」；「每户应当出工出劳五个工日。」
    Does not fire on: 「鼓励企业和个人捐资助学。」；「任何单位不得向企业摊派。」
    Basis: 中小企业促进法第五十四条；促进个体工商户发展条例第三十条；慈善法第三十二条；农业法第六十七条。
    """
    oblig = re.compile(r"应当|须|必须|按[^，。；]{0,6}(比例|标准)|每(户|人|家|企业)")
    for s in ctx.sentences:
        for m in _LEVY.finditer(s.masked):
            if is_negated(s.masked, m.start(), 16) or re.search(r"不得|禁止|严禁|鼓励|自愿|倡导|支持|欢迎", s.masked_context):
                continue
            if not oblig.search(s.masked_context) or describes_conduct(s, m.start(), m.end()):
                continue
            if not re.search(r"企业|单位|个人|居民|农民|村民|业主|户|经营者|商户|公民", s.masked_context):
                continue
            yield hit_at(s, m, "不得向企业、个体工商户、农民或居民集资、摊派，或者强制其赞助、捐赠、出工出劳。")
