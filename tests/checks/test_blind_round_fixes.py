"""Dev-part cases of blind rounds 2 to 6 that the rules missed or raised a false error or a needless warning on,
each fixed by a general change (the change named beside it; rounds 2–4 fail on 480c59d, rounds 5 and 6 on 664f465).
Held-out parts stay unasserted; the whole rounds are scored by bench/score_legality.py (issue 15)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from checks import check_text

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from blind_sets import load_round  # noqa: E402
from score_legality import family_of, scored  # noqa: E402

DEFECTS = {
    "b6-fcr-01": "an operation handed to a named firm (统一由该公司负责), others barred (不得另行委托其他…单位)",
    "b6-fcr-04": "经营权授予…集团有限公司统一经营",
    "b5-lic-02": "目录以外的…不得销售: outside an organ's list as a gate",
    "b5-lic-08": "…审查同意的，向企业发放投放许可文件: an organ issues a permit",
    "b5-lic-14": "名录外机构编制的报告不予采信",
    "b4-retro-03": "适用于2020年1月1日以后取得…的项目 in the 款 before the sanction",
    "b4-retro-04": "施行前已签订的合同…重新结算，退还差价",
    "b7-fee-02": "保证金 due 在签订运输合同前: a time phrase is no civil basis",
    "b7-fee-03": "商户按照营业面积每平方米二十元的标准分担",
    "b4-pen-04": "个人实施前款第一项行为的: the 项's conduct; the upper 款 that fines 个人 for that 项",
    "b4-pen-06": "违反前款规定的: whom the duty before binds; fines compared per 个人 / 单位",
    "b5-nob-03": "除应当符合《居住证暂行条例》第二条规定的条件外，申请人还应当…",
    "b7-scope-02": "不得擅自离开救助管理站: kept in a place",
    "b7-scope-06": "加征…附加税, collected by the tax office",
    "b7-scope-08": "由镇人民政府直接任命…村民委员会主任",
    "b7-scope-09": "处三年以下有期徒刑或者拘役 in a 地方性法规",
    "b9-fcr-02": "补贴仅适用于在本市完成整车生产的车型",
    "b9-fcr-03": "在本市纳税的，商务分加三分",
    "b9-fcr-07": "生产线转移至本市行政区域以外…经同意后方可",
    "b9-fcr-10": "补贴示例市宏远新材料股份有限公司: a named firm, even as 专项用于",
    "b9-fcr-11": "按照其缴纳增值税地方分享部分的百分之五十…拨付给企业",
    "b9-fcr-13": "货架中本市企业品牌所占陈列面积不得低于百分之四十",
    "b9-fcr-18": "消费券限于购买本市企业生产的家电产品",
    "b10-scope-02": "集中封闭教育，教育期间不得离开中心",
    "b10-scope-04": "契税按照百分之一的税率征收",
    "b10-scope-05": "小额贷款公司可以面向本市居民吸收存款",
    "b10-scope-07": "未经调解直接向人民法院起诉的，人民法院不予受理",
    "b10-scope-09": "由乡镇人民政府予以撤换 村民委员会成员",
    "b10-scope-11": "集体所有土地的所有权有偿转让",
    "b10-coer-07": "通知其开户银行从其账户中直接划拨",
    "b10-coer-09": "组织强制搬迁",
    "b10-retro-06": "施行前…的经营户，退还已经领取的奖励资金",
    "b10-retro-07": "已经完成竣工结算的项目重新核算",
    "b10-fee-05": "主管部门组织企业支持赛事，企业应当按营业收入比例缴纳赞助资金",
    "b10-pen-01": "按照下列规定处以罚款：（一）对组织者为单位的… (the 款's conduct, fines per subject)",
    "b10-pen-05": "个人有前款规定行为之一的，处… (every 项 of the 款 before)",
    "b11-lic-07": "企业凭项目评审意见书开工建设",
    "b11-lic-08": "申请领取施工许可证…还应当提交…签名同意的书面意见",
    "b11-lic-13": "取得交付使用确认书前，不得交付",
    "b11-lic-15": "名单以外的机构出具的报告不予采信",
    "b11-lic-17": "取得备案凭证前，不得开展经营活动",
    "b11-biz-03": "在资金到位后支付；付款期限九十日",
    "b11-biz-07": "提前终止特许经营协议，投资损失不予补偿",
    "b11-biz-09": "存在争议的，暂停支付全部剩余款项",
    "b12-fcr-03": "与已取得许可证的零售药店之间的步行距离不得少于三百米 (a drug is no lawful exception)",
    "b12-fcr-05": "由建设单位统一向市供水集团有限公司购置",
    "b12-fcr-08": "优先选用在本省境内设有生产基地的企业生产的医用耗材",
    "b12-fcr-11": "享受补贴的车型，限于在本市完成整车生产",
    "b12-fcr-13": "在本市连续纳税满三年的，得三分",
    "b12-fcr-18": "纳税总额列全市民营企业前二十位的企业…社会保险补贴",
    "b12-fcr-21": "每个片区确定一家运输企业",
    "b13-fcr-01": "统一由…集团有限公司配置并负责运行维护，建设单位不得另行采购",
    "b13-fcr-05": "缴纳税收总额居前二十位的企业，返还增值税地方留成部分 (even when 专项用于…)",
    "b13-fcr-09": "还应当在本市连续缴纳职工社会保险费十二个月以上",
    "b13-fcr-13": "国有及国有控股企业…的，市财政…给予贴息",
    "b13-fcr-16": "应当在本市办理机动车注册登记 as a condition of the trade",
    "b13-fcr-18": "享受扶持的企业十年内不得将注册地迁出本市",
    "b13-fcr-20": "出让公告可以将竞买人限定为在本市依法登记满三年的企业",
    "b13-fcr-03": "列入目录的产品，其生产企业应当在本市依法设立并在本市建有生产基地",
    "b13-fcr-07": "未出具同意迁出意见的，暂缓移交企业登记档案",
    "b13-draft-03": "洗车修车、晾晒衣物、摆卖物品等影响市容环境的，…罚款",
    "b13-fcr-06": "由行业协会拟定统一标准…以低于公布标准的价格招收学员的，暂停…",
    "b13-fcr-12": "召开价格协调会，共同商定…统一下浮幅度",
    "b13-fcr-17": "应当向市应急管理局组织比选确定的保险共保体投保",
    "b13-draft-02": "依照有关规定给予处罚",
    "b13-draft-04": "由有关部门视情况进行处理",
    "b13-draft-08": "发现正在实施的违法建设，可以采取必要措施予以制止",
    "b13-draft-10": "还应当提交上级有关文件要求的其他材料",
    "b14-lic-09": "除按照国家规定取得…资格外，还应当…领取本市上岗证后方可作业 (the referral is the exception's)",
    "b14-lic-11": "（四）审查费按照广告画面每平方米八元计收, under 申请设置…的 lead",
    "b14-lic-14": "按照国家规定提交申请材料…还应当一并提交居民委员会出具的无异议证明",
    "b14-nob-10": "未达到前款时长的，社区居民委员会不为其出具…证明",
    "b14-biz-09": "可以暂缓支付：（二）主要负责人变更…（三）决算审计尚未办结的",
    "b14-biz-11": "不承担企业已发生的前期投入和预期收益损失，企业不得以此为由要求补偿",
    "b15-pen-09": "记入不良行为记录的企业，三年内不得参与…国有资金投资项目的投标",
    "b15-pen-12": "罚没款收入…纳入中队年度绩效考核",
    "b15-coer-02": "暂停对该处居住房屋的水电供应",
    "b15-fee-03": "按照经营面积每平方米每年十元的标准，分担…经费",
    "b15-fee-06": "组织规模以上企业按照营业收入万分之五的比例认捐",
    "b15-scope-04": "送往救助管理站集中安置…被安置人员不得擅自离站",
    "b15-pen-08": "季度服务质量考核中连续两次不合格的，暂停其新增投放车辆 (a 规章)",
    "b12-draft-03": "（三）其他违反本办法规定等行为的 in the 项 of a penalty",
    "b12-draft-08": "拒不改正的，可以采取必要措施，直至油烟排放达标为止",
    "b12-draft-10": "由有关部门责令限期拆除，并处…罚款: no organ named for the penalty",
    "b11-nob-12": "区市场监督管理局不再对市场内摊位开展日常监督检查",
    "b10-pen-12": "考评排名末位的，三年内不得承接…项目",
    "b9-draft-08": "必要时可以对经营者采取相应措施",
    "b7-coer-04": "通知其开户银行…对其账户暂停支付",
    "b8-biz-01": "审核认为不符合现行政策的，不再兑现: the government's change of policy, not the firm's breach",
    "b8-nob-11": "住户应当如实填报《家庭信息登记表》: a form's title is no upper-law basis",
    "b8-nob-12": "由街道办事处暂停发放其家庭成员享受的最低生活保障金",
    "b5-nob-09": "街道办事处可以停发其最低生活保障金：（一）一年内越级上访三次以上的…",
    "b16-fcr-06": "获得“示例杯”市级优质工程奖的，每项加二分",
    "b16-fcr-08": "由…市属国有企业统一规划建设、统一经营。…其他单位和个人不得设置…",
    "b16-fcr-14": "对列入《…重点培育企业名单》的二十家企业…给予电费补助",
    "b16-fcr-15": "由物业服务企业在…协会发布的推荐名录中选聘；名录以外的须经街道办事处审核同意",
    "b16-fcr-16": "预拌混凝土实行分片区供应…搅拌站不得跨片区承揽供应业务",
    "b16-fcr-17": "统一接入该公司建设运营的平台；不得另行接入其他停车服务平台",
    "b16-fcr-18": "市外…勘察、设计单位在本市承揽业务的，应当办理入市登记",
    "b16-fcr-19": "代建单位…从市属国有企业中择优确定",
    "b17-lic-08": "年度审验不合格的，原审批文件自动失效",
    "b17-lic-09": "技术评审所需的专家劳务费和资料费，由申请人承担",
    "b17-lic-10": "检测报告应当由区排水监测站出具，检测费用…由申请人支付",
    "b17-biz-04": "可以暂缓支付…：（一）主要负责人正在调整的；（二）内部付款审批流程尚未完成的",
    "b17-biz-07": "因财政资金调度原因导致迟延支付的，不计付逾期利息",
    "b17-biz-12": "入园协议…变更或者解除…损失由企业自行承担，园区管委会不予补偿",
    "b18-pen-11": "每日按原罚款数额另行计罚 (a 规章)",
    "b18-pen-13": "记入信用档案满两次的，二年内不得参加…投标",
    "b18-fee-04": "应当按照组委会分配的额度认领赞助",
    "b18-fee-07": "投标保证金统一按照估算价的百分之五收取，只接受现金或者转账",
    "b18-scope-05": "应当先向市人民政府申请行政复议；对复议决定不服的，方可…提起诉讼",
}
LOOK_ALIKES = {
    "b9-fcr-29": "不得对市外产品要求重复检测 protects outside goods",
    "b9-fcr-31": "依法必须进行招标的项目，招标文件不得…: the topic's 必须 is not the norm",
    "b7-pen-18": "依照…第四十二条第二款…裁量: the cited 款, not the article's first 款",
    "b7-pen-21": "罚没收入 and 非税收入收缴系统 name no sanction",
    "b7-fee-18": "拖移违法停放的机动车，不得收取拖移费用: the measure is the topic, the ban on fees the norm",
    "b11-biz-20": "施工企业可以选择以银行保函等非现金方式提交保证金",
    "b10-pen-18": "在《城乡规划法》第六十四条规定的幅度内: the 规划许可 is the law's",
    "b14-nob-15": "未经培训考核合格的从业人员，生产经营单位不得安排其上岗: an employer's own training",
    "b14-nob-17": "确需再次检查的，应当报经局主要负责人批准: an internal sign-off",
    "b14-nob-22": "以虚报方式取得补助资金的，按照协议约定收回: restitution, no sanction and no breach",
    "b14-biz-20": "保证期限届满后…核算并退还保证金: a refund",
    "b15-pen-21": "拒不改正的，依照该条规定责令停业整治: 该条 refers to the cited upper-law article",
    "b15-coer-14": "到期不缴纳罚款的，按日加处罚款 (3 %, capped): the 执行罚, no 按日连续处罚",
    "b15-coer-16": "用户交清欠费后…恢复供水: a utility price, no administrative fee",
    "b15-fee-14": "以《城市道路管理条例》第三十七条为依据: a referral",
    "b16-cite-17": "依照《行政处罚法》第十四条第二款的规定…罚款: the power to set, no conduct to compare",
    "b17-lic-27": "实行…相分离的内部审批制度…报分管局领导核准: internal",
    "b17-biz-20": "依照《特种设备安全法》第四十条…未经定期检验…不得继续使用: the cited article's own gate",
    "b17-biz-21": "停产停业、搬迁…损失，由园区管委会依法予以补偿: a loss, no sanction",
}
# Look-alikes that drew a needless ND-/RULE-NOBASIS-OBLIG warning: bans that protect someone, relief, an organ's
# own procedure or what a ban on it forbids, a power restated with its article, sanctions a 规章 may set itself, a
# transition period for another article's duty, an exception clause (…的除外), the party after 对.
QUIET = {
    "b2-nob-23": "政务服务窗口…不得要求申请人提供…证明",
    "b8-nob-27": "不再要求申请人提交收入证明",
    "b9-fcr-35": "任何单位不得要求经营者统一收费标准",
    "b1-pen-l05": "规章: …由城市管理部门…给予通报批评",
    "b8-biz-15": "施行前已经开业的…应当自本规定施行之日起一年内达到本规定第十一条…的要求",
    "b5-lic-27": "应当具备《城镇燃气管理条例》第十五条第一款规定的条件，并向…提交下列材料",
    "b11-nob-26": "窗口工作人员应当…一次性告知…；窗口不得要求申请人提交办事指南以外的材料",
    "b5-nob-22": "市场监督管理部门…依照该法第一百一十条的规定，可以进入生产经营场所实施现场检查",
    "b1-coer-l04": "…不得在夜间或者法定节假日实施强制执行，情况紧急的除外",
    "b2-lic-27": "各区市场监督管理局…不得对备案事项进行实质审查: what a ban on an organ forbids",
    "b7-coer-13": "供水…企业不得因用户欠缴物业服务费…，对其居住房屋停止或者限制供应",
    "b10-fee-17": "任何单位不得以摊派或者变相摊派的方式向企业、居民募集保护资金",
    "b9-fcr-34": "不得以企业迁出本区为由追回已经兑现的奖励资金",
    "b3-fcr-35": "对市外投标人和本市投标人，应当适用相同的资格审查标准: 对 names whom the duty concerns",
    "b7-fee-13": "行政许可申请书格式文本一律免费",
}
NOBASIS_WARNINGS = ("ND-NOBASIS-OBLIG", "RULE-NOBASIS-OBLIG")
CASES = {c["id"]: c for r in ("round1", "round2", "round3", "round4", "round5", "round6") for c in load_round(r)}


def _findings(case, corpus_db):
    return [f for f in check_text(case["text"], case["level"], corpus_db=corpus_db) if scored(f.rule)]


@pytest.mark.parametrize("case_id", sorted(DEFECTS))
def test_defect_is_found_by_its_family(case_id, corpus_db):
    case = CASES[case_id]
    found = [f for f in _findings(case, corpus_db) if f.severity in ("error", "warning")]
    assert any(family_of(f.rule) == case["family"] or f.rule in case["rules"] for f in found), \
        [(f.rule, f.severity) for f in found]


@pytest.mark.parametrize("case_id", sorted(LOOK_ALIKES))
def test_look_alike_raises_no_error(case_id, corpus_db):
    case = CASES[case_id]
    assert not case["family"]
    assert not [(f.rule, f.message) for f in _findings(case, corpus_db) if f.severity == "error"]


@pytest.mark.parametrize("case_id", sorted(QUIET))
def test_look_alike_draws_no_nobasis_warning(case_id, corpus_db):
    case = CASES[case_id]
    assert not case["family"]
    assert not [(f.rule, f.message) for f in _findings(case, corpus_db) if f.rule in NOBASIS_WARNINGS]


def test_cases_are_dev_cases():
    assert all(CASES[i]["split"] == "dev" for i in [*DEFECTS, *LOOK_ALIKES, *QUIET])


def test_graded_items_and_their_anaphoric_citation_conform(corpus_db):
    """b15-pen-21: a 裁量基准 grading 大气污染防治法第一百二十条's fine in 项, its last 款 「拒不改正的，依照该条
    规定责令停业整治」. Each 项 conforms (the 停业整治 the 项 lack is in the article's last 款) and 该条 is the
    article the 款 before cites, not a text search (which linked 反恐怖主义法)."""
    case = CASES["b15-pen-21"]
    found = check_text(case["text"], case["level"], corpus_db=corpus_db)
    assert not [f.message for f in found if f.rule == "UPPER-CONFORM"]
    conforming = [f for f in found if f.rule == "UPPER-CONFORMING"]
    assert len(conforming) == 4
    assert all("大气污染防治法》第一百二十条" in f.message for f in conforming)
    assert any(f.evidence["draft"].startswith("拒不改正的，依照该条规定") for f in conforming)   # the draft's own words


def test_supervision_of_organs_is_no_burden_on_citizens():
    """Found trying the 合法性审核 page on the demo 政府信息主动公开工作规定: the 市政府办公室 reprimanding 行政机关 that
    neglect disclosure is supervision inside the administration, not a norm that reduces citizens' rights."""
    text = ("第十一条 市人民政府办公室应当加强对政府信息主动公开工作的日常指导和监督检查，对行政机关未按照要求开展政府"
            "信息公开工作的，予以督促整改或者通报批评。")
    found = check_text(text, "ND")
    assert not [f.rule for f in found if f.rule in ("ND-NOBASIS-OBLIG", "PEN-NORMDOC")]
    # the same reprimand aimed at businesses is still reported
    firms = text.replace("对行政机关未按照要求开展政府信息公开工作的", "对经营者未按照要求公示收费标准的")
    assert [f.rule for f in check_text(firms, "ND") if f.rule == "ND-NOBASIS-OBLIG"]
