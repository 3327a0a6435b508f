"""Demo seed step for 备案审查 (run by workbench.demo.workspace), with texts written for the fictional
示例市 in ``examples/filings/`` (no real text), dates relative to the day the workspace is created:

- four 报备单位 with contacts; the demo account ``filer`` acts for 示例市交通运输局;
- 示例市互联网租赁自行车停放管理规定 (交通运输局, ND): filed on time, triaged, its findings disposed, a
  纠正意见函 sent 10 days ago — 纠正 in progress, the organ's reply due in 20 days; a citizen's
  审查建议 on its 保证金 is linked to it;
- 示例市农贸市场管理办法 (市场监督管理局, ND): filed 10 days late (逾期报备), registered 45 days ago
  and not yet reviewed — its review deadline has passed (the dashboard warns);
- 示例市户外广告设施设置管理办法 (市人民政府, GR): reviewed, 审结 with 未发现问题;
- 示例市东城区关于促进夜间经济发展的若干规定 (东城区人民政府, ND): filed without its 合法性审核意见,
  waiting as 待登记 with a 补充材料通知 sent.
"""
from __future__ import annotations

from datetime import date, timedelta

from base.clock import today as beijing_today
from base.db import PROJECT_ROOT
from workbench.filing import casework, letters
from workbench.filing.intake import FilingInput, register_filing
from workbench.filing.materials import read_material
from workbench.filing.organs import add_organ, link_account
from workbench.filing.requests import link_request, register_request
from workbench.filing.store import items_of
from workbench.filing.triage import triage_filing

FILINGS_DIR = PROJECT_ROOT / "examples" / "filings"

ORGANS = [  # name, kind, contact, phone
    ("示例市交通运输局", "市政府部门", "刘法规", "0000-6001001"),
    ("示例市市场监督管理局", "市政府部门", "何科长", "0000-6002002"),
    ("示例市人民政府", "市人民政府", "政府办公室秘书科", "0000-6000000"),
    ("示例市东城区人民政府", "区县人民政府", "东城区司法局", "0000-6100100"),
]


def _materials(file: str, title: str, *, legality: bool = True) -> list:
    out = [read_material((FILINGS_DIR / file).read_bytes(), file),
           read_material(f"关于报送《{title}》备案的报告\n现将《{title}》及起草说明等材料报送备案，请予审查。".encode(), "备案报告.txt"),
           read_material(f"关于《{title}》的起草说明\n一、制定的必要性\n二、起草过程\n三、主要内容".encode(), "起草说明.txt")]
    if legality:
        out.append(read_material(f"关于《{title}》的合法性审核意见\n经审核，该文件制定主体合法，内容和程序符合规定。".encode(),
                                 "合法性审核意见.txt"))
    return out


def _register(ctx, organs, key: str, file: str, title: str, published: date, filed: date, *,
              legality: bool = True, registered: date | None = None):
    f = register_filing(ctx.db, ctx.users["filing_reviewer"], organs[key].id, _materials(file, title, legality=legality),
                        FilingInput(published_on=published.isoformat(), filed_on=filed.isoformat()),
                        today=registered or filed)
    return triage_filing(ctx.db, f.id, actor="filing")


def _dispose_all(ctx, f) -> None:
    fr = ctx.users["filing_reviewer"]
    for i in items_of(ctx.db, f.id):
        if i.severity == "error":
            casework.dispose(ctx.db, fr, f.id, i.seq, "确认")
        else:
            casework.dispose(ctx.db, fr, f.id, i.seq, "不采纳", reason="属于职责表述，不影响文件合法性")


def seed_filing(ctx) -> None:
    today = beijing_today()
    fr = ctx.users["filing_reviewer"]
    organs = {name: add_organ(ctx.db, fr, name, kind, contact_person=person, phone=phone)
              for name, kind, person, phone in ORGANS}
    link_account(ctx.db, fr, "filer", organs["示例市交通运输局"].id)
    d = lambda n: today - timedelta(days=n)  # noqa: E731

    bikes = _register(ctx, organs, "示例市交通运输局", "nd-shared-bikes.txt", "示例市互联网租赁自行车停放管理规定",
                      d(40), d(32))
    casework.assign(ctx.db, fr, bikes.id, fr.username)
    _dispose_all(ctx, bikes)
    letters.issue_letter(ctx.db, fr, bikes.id, "备案登记通知", today=d(32))
    letters.issue_letter(ctx.db, fr, bikes.id, "纠正意见函", today=d(10))
    req = register_request(ctx.db, fr, requester="陈某", requester_kind="公民", contact="示例市东城区某小区",
                           target="示例市互联网租赁自行车停放管理规定", article="第五条",
                           reason="要求运营企业缴纳五十万元保证金没有法律依据，增加企业负担。", received_on=d(12))
    link_request(ctx.db, fr, req.id, bikes.id)

    _register(ctx, organs, "示例市市场监督管理局", "nd-farmers-markets.txt", "示例市农贸市场管理办法", d(70), d(45),
              registered=d(45))

    ads = _register(ctx, organs, "示例市人民政府", "gr-outdoor-ads.md", "示例市户外广告设施设置管理办法", d(120), d(100))
    _dispose_all(ctx, ads)
    casework.close(ctx.db, fr, ads.id, "未发现问题", today=d(80))

    night = _register(ctx, organs, "示例市东城区人民政府", "nd-night-economy.txt",
                      "示例市东城区关于促进夜间经济发展的若干规定", d(9), d(3), legality=False)
    letters.issue_letter(ctx.db, fr, night.id, "补充材料通知", today=d(2))
