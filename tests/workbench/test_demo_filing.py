"""The demo's 备案审查 side: filed 示例市 texts at different stages — a 纠正 in progress with a linked
citizen request, an overdue review of a late filing, a closed case, one waiting for materials — and
the ``filer`` account seeing only its own organ's case."""
from __future__ import annotations

from datetime import timedelta

import pytest

from base.clock import today as beijing_today
from base.errors import PermissionDenied
from workbench.access.users import get_user
from workbench.documents.store import list_documents
from workbench.filing.casework import open_filing
from workbench.filing.intake import my_filings
from workbench.filing.requests import list_requests
from workbench.filing.stats import overdue, year_stats
from workbench.filing.store import letters_of, query_filings
from workbench.schema import open_db


@pytest.fixture
def demo(demo_db_path):
    db = open_db(demo_db_path)
    yield db, get_user(db, "filing"), get_user(db, "filer")
    db.close()


def test_demo_filings_at_different_stages(demo):
    db, fr, _ = demo
    by_title = {f.title: f for f in query_filings(db)}
    bikes = by_title["示例市互联网租赁自行车停放管理规定"]
    assert (bikes.status, bikes.outcome) == ("审查中", "要求纠正") and bikes.reply_due > beijing_today().isoformat()
    assert [x.kind for x in letters_of(db, bikes.id)] == ["备案登记通知", "纠正意见函"]
    market = by_title["示例市农贸市场管理办法"]
    assert market.late and market.review_due < beijing_today().isoformat()
    assert (by_title["示例市户外广告设施设置管理办法"].outcome, by_title["示例市户外广告设施设置管理办法"].level) == ("未发现问题", "GR")
    night = by_title["示例市东城区关于促进夜间经济发展的若干规定"]
    assert night.status == "待登记" and night.missing == ["合法性审核意见"]
    (req,) = list_requests(db, fr)
    assert req.filing_id == bikes.id and req.requester_kind == "公民"
    warn = {(o["kind"], o["severity"], o["title"]) for o in overdue(db)}
    assert ("审查期限", "overdue", market.title) in warn
    assert ("回复期限", "overdue", bikes.title) in {(k, s, t) for k, s, t in
                                                   {(o["kind"], o["severity"], o["title"])
                                                    for o in overdue(db, today=beijing_today() + timedelta(days=25))}}
    # the filed texts never appear in the drafting library
    assert not {f.document_id for f in by_title.values()} & {d.id for d in list_documents(db)}


def test_demo_filer_sees_only_its_organ(demo):
    db, fr, filer = demo
    assert [f.title for f in my_filings(db, filer)] == ["示例市互联网租赁自行车停放管理规定"]
    other = next(f for f in query_filings(db) if f.organ_name != "示例市交通运输局")
    with pytest.raises(PermissionDenied):
        open_filing(db, filer, other.id)
    mine = my_filings(db, filer)[0]
    s = year_stats(db, fr, int(mine.filed_on[:4]))
    assert s["filings"] >= 1 and any(x["organ"] == "示例市交通运输局" for x in s["by_organ"])
