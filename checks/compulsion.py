"""B.4 行政强制 (行政强制法)."""
from __future__ import annotations

import re

from checks.base import Context, hit_at, rule
from checks.patterns import COER_E_RE, COER_M_RE, describes_conduct, is_law_based, is_negated
from checks.text import REFERRAL_RE

_IMPOSED = re.compile(r"(可以|有权|应当|予以|采取|实施|进行|责令|立即|当场)[^，。；]{0,8}$")
_PROCEDURAL = re.compile(r"解除|先行登记保存|期限|延长|保管|清单|返还|退还|不得查封|不得扣押|笔录|通知当事人")


def _measures(ctx: Context, kinds=None):
    for s in ctx.sentences:
        for m in COER_M_RE.finditer(s.masked):
            word = m.group(0)
            if kinds and not re.match(kinds, word):
                continue
            if is_negated(s.masked, m.start(), 10) or is_law_based(s, m.start()):
                continue
            if _PROCEDURAL.search(s.masked[max(0, m.start() - 8):m.end() + 6]):
                continue
            if re.match(r"强制隔离", word) and re.match(r"(戒毒|治疗)", s.masked[m.end():m.end() + 2]):
                continue      # 禁毒法 / 传染病防治法 measures
            if describes_conduct(s, m.start(), m.end()) or "法律规定的" in s.masked:
                continue
            if not _IMPOSED.search(s.masked[max(0, m.start() - 10):m.start()]):
                continue
            if re.match(r"[、和或]?[^，。；]{0,12}等(行政)?(强制)?措施", s.masked[m.end():m.end() + 16]):
                continue      # rules on how to use measures, not a grant of them
            if re.search(r"不得|禁止|严禁|依法|审慎", s.masked[:m.start()]):
                continue
            # a measure by courts, banks or in the criminal process is not an administrative measure
            if re.search(r"人民法院|司法机关|侦查|刑事|金融机构|银行", s.masked):
                continue
            yield s, m


@rule("COER-MEASURE-RULE-ND", title="规章、规范性文件设定行政强制措施", levels="GR ND", severity="error", head=4,
      basis="《中华人民共和国行政强制法》第十条第四款、第十六条第一款")
def coer_measure_rule_nd(ctx: Context):
    """
    What it checks: 政府规章、规范性文件是否设定查封、扣押、扣留、冻结、暂扣、强制检查、强制隔离等行政强制措施
    （未援引法律、法规的具体规定）。
    Why: 行政强制措施只能由法律、行政法规、地方性法规设定；法律、法规以外的其他规范性文件不得设定行政强制措施。
    Fires on: 「对违法停放且无法联系车主的车辆，执法人员可以予以扣押，当事人应当在三十日内接受处理。」
    Does not fire on: 「依照《中华人民共和国道路交通安全法》第九十三条的规定拖移车辆。」；「查封、扣押的期限不得超过三十日。」
    （程序性规定）；「解除扣押」。
    Basis: 行政强制法第十条第四款、第十六条第一款。
    """
    for s, m in _measures(ctx):
        yield hit_at(s, m, f"规章、规范性文件不得设定行政强制措施（{m.group(0)}）；实施强制措施须依照法律、法规的规定。")


@rule("COER-MEASURE-LOCREG", title="地方性法规设定查封、扣押以外的强制措施", levels="LR", severity="error", head=4,
      basis="《中华人民共和国行政强制法》第九条、第十条第三款、第十一条")
def coer_measure_locreg(ctx: Context):
    """
    What it checks: 地方性法规是否设定冻结存款汇款、限制人身自由、强制隔离、强制带离、强制约束等查封场所设施财物、
    扣押财物以外的行政强制措施。
    Why: 尚未制定法律、行政法规且属于地方性事务的，地方性法规只能设定查封场所、设施或者财物和扣押财物两类措施。
    （对法律已设定措施的领域扩大对象、条件、种类，需要上位法关联表，本规则不自动判断，请人工核对。）
    Fires on: 「对拒不配合检查的，可以冻结其存款。」；「可以将其强制带离现场。」
    Does not fire on: 「可以查封违法经营场所，扣押违法物品。」；「依照《中华人民共和国精神卫生法》的规定……」。
    Basis: 行政强制法第九条、第十条第三款、第十一条。
    """
    for s, m in _measures(ctx, kinds=r"冻结|限制人身自由|强制(隔离|带离|约束)"):
        yield hit_at(s, m, f"地方性法规只能设定查封、扣押两类行政强制措施，不得设定「{m.group(0)}」。")


@rule("COER-EXEC", title="没有法律依据的行政强制执行", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国行政强制法》第十三条、第四十五条、第五十条；《中华人民共和国城乡规划法》第六十八条")
def coer_exec(ctx: Context):
    """
    What it checks: 草案是否授权行政机关自行强制拆除、强制清除、强制执行、划拨、拍卖等（行政强制执行），
    而没有法律依据。
    Why: 行政强制执行由法律设定；法律没有规定行政机关强制执行的，作出决定的行政机关应当申请人民法院强制执行。
    加处罚款、滞纳金（行政强制法第四十五条、行政处罚法第七十二条）不在此列；代履行须符合第五十条的条件，报警示；
    仅写「依法」的按警示。
    Fires on: 「逾期不拆除的，由市城市管理部门强制拆除。」
    Does not fire on: 「当事人逾期不履行的，依法申请人民法院强制执行。」；「依照《中华人民共和国城乡规划法》第六十八条
    的规定强制拆除。」；「逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。」
    Basis: 行政强制法第十三条、第四十五条、第五十条；城乡规划法第六十八条；行政处罚法第七十二条。
    """
    for s in ctx.sentences:
        for m in COER_E_RE.finditer(s.masked):
            word = m.group(0)
            if word in ("加处罚款", "滞纳金"):
                continue
            window = s.masked[max(0, m.start() - 16):m.end()]
            if re.search(r"人民法院|司法机关|侦查", s.masked) or re.search(r"申请[^，。；]{0,10}强制执行", window):
                continue
            if word == "强制执行" and (re.match(r"(决定|信息|效力|过程|措施|程序|权|的|取得|申请|案件)", s.masked[m.end():m.end() + 2])
                                     or re.search(r"行政$", s.masked[:m.start()])):
                continue      # a mention of enforcement, not a grant of it
            if is_negated(s.masked, m.start(), 8):
                continue
            if REFERRAL_RE.search(s.text) and "《" in s.text:
                continue
            if describes_conduct(s, m.start(), m.end()):
                continue
            sev = None
            msg = "行政强制执行只能由法律设定；法律未授权行政机关强制执行的，应当申请人民法院强制执行。"
            if word.startswith(("代履行", "代为")):
                sev, msg = "warning", "代履行须符合行政强制法第五十条规定的条件（排除妨碍、恢复原状等义务，经催告仍不履行）。"
            elif is_law_based(s, m.start()) or re.search(r"依法", s.masked):
                sev, msg = "warning", "仅写「依法」强制执行，请核对是否有法律授权行政机关强制执行（如城乡规划法第六十八条）。"
            elif word in ("强制拆除", "强制清除"):
                sev, msg = "warning", ("强制拆除违法建筑物、构筑物、设施须依照城乡规划法第六十八条（县级以上地方人民政府责成有关部门）"
                                       "和行政强制法第四十四条（公告、限期自行拆除）进行，请核对实施主体和程序。")
            yield hit_at(s, m, msg, severity=sev)


_STRUCTURES = r"建筑|构筑物|设施|建设|违章|违法建|工程|搭建|广告|招牌|棚|围墙|管线|杆|浮桥|障碍"
_UTIL = re.compile(r"(停止|中止|暂停|切断|停)(其|对其)?[^，。；]{0,4}(供水|供电|供热|供气|供燃气)|不予(供水|供电|供热|供气)")
_COMPLIANCE = re.compile(r"拒不|逾期|未(按|履行|缴纳|整改|改正)|不配合|拒绝")


@rule("COER-UTILITIES", title="以停水停电等方式迫使履行", levels="LR GR ND", severity="error", head=4,
      basis="《中华人民共和国行政强制法》第四十三条第一款、第二款")
def coer_utilities(ctx: Context):
    """
    What it checks: 是否以停止供水、供电、供热、供燃气迫使当事人履行行政决定。
    Why: 行政机关不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行相关行政决定；对生产经营
    场所的，须有专门法律依据（警示）。
    Fires on: 「对拒不缴纳违建整改费用的业主，供水、供电单位应当配合停止对其住宅供水、供电。」
    Does not fire on: 「燃气设施存在重大安全隐患的，燃气经营企业可以暂停供气。」（安全措施，非迫使履行）
    Basis: 行政强制法第四十三条第一款、第二款。
    """
    for s in ctx.sentences:
        for m in _UTIL.finditer(s.masked):
            if not _COMPLIANCE.search(s.masked_context):
                continue
            if is_negated(s.masked, m.start(), 10) or describes_conduct(s, m.start(), m.end()):
                continue
            if re.search(r"擅自|合同约定|按照约定|退费|通知义务|应急", s.masked_context):
                continue
            residential = re.search(r"住宅|居民|生活|业主|住户|家庭", s.masked_context)
            production = re.search(r"生产|经营|企业|场所", s.masked_context)
            sev = "warning" if production and not residential else None
            yield hit_at(s, m, "不得以停止供水、供电、供热、供燃气的方式迫使当事人履行行政决定。", severity=sev)


@rule("COER-PROCESS", title="设定行政强制的听证论证和说明", levels="LR", severity="warning", head=7,
      basis="《中华人民共和国行政强制法》第五条、第十四条")
def coer_process(ctx: Context):
    """
    What it checks: 地方性法规草案设定查封、扣押等行政强制措施的，卷宗中是否有听证会、论证会记录及必要性、影响、
    意见采纳情况的说明。
    Why: 起草法规草案拟设定行政强制的，应当采取听证会、论证会等形式听取意见，并说明设定的必要性、可能产生的
    影响以及听取和采纳意见的情况；设定和实施行政强制应当适当（最小侵害）。
    Fires on: 设定「可以查封、扣押」且卷宗无 hearing_record / argument_record。
    Does not fire on: 依法实施上位法已设定的强制措施；卷宗已附听证、论证记录。
    Basis: 行政强制法第五条、第十四条。
    """
    dossier = ctx.dossier or {}
    if dossier.get("hearing_record") or dossier.get("argument_record"):
        return
    for s, m in _measures(ctx):
        yield hit_at(s, m, "草案设定行政强制措施：须举行听证会或论证会，并说明必要性、影响及意见采纳情况（请在卷宗中附记录）。")
        return
