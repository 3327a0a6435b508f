"""合法性审核 page (app_pages/legality.py) through AppTest on app.py with the demo workspace."""
from __future__ import annotations

from workbench.schema import open_db
from workbench.access.users import get_user
from workbench.documents.store import create_document, get_document
from workbench.review.pipeline import open_review
from lawtext.parser import parse_text
from workbench.review.store import get_review, latest_review, signed_off_hash

PAGE = "app_pages/legality.py"
DRAFT = """沈阳市停车场管理办法
第一条 根据《中华人民共和国行政处罚法》等法律、法规，结合本市实际，制定本办法。
第二条 对违法停放且无法联系车主的车辆，执法人员可以予以扣押。
第三条 本办法由市交通运输局负责解释。
第四条 本办法自2026年3月1日起施行。
"""


def _add_draft(path: str, author: str) -> int:
    db = open_db(path)
    try:
        d, _ = create_document(db, title="沈阳市停车场管理办法", level="GR", tree=parse_text(DRAFT), actor=author)
        return d.id
    finally:
        db.close()


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _open(app_as, who, doc_id=None, db_path=None):
    at = app_as(who, db_path)
    if doc_id is not None:
        at.session_state["lg_doc"] = doc_id
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_findings_grouped_by_the_seven_heads(app_as, demo_db_path):
    doc_id = _add_draft(demo_db_path, "drafter")
    at = _open(app_as, "drafter", doc_id, demo_db_path)
    assert at.title[0].value == "合法性审核"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["条文"] == "4" and int(metrics["错误"]) >= 2
    labels = [e.label for e in at.expander]
    assert any("是否违法设定行政许可、行政处罚、行政强制" in lb for lb in labels)
    html = " ".join(md.value for md in at.markdown)
    assert "COER-MEASURE-RULE-ND" in html and "DRAFT-INTERP" in html
    # a drafter may not open a review
    assert not any(b.label == "新建审核" for b in at.button)


def test_group_by_article_and_family(app_as, demo_db_path):
    doc_id = _add_draft(demo_db_path, "drafter")
    at = _open(app_as, "drafter", doc_id, demo_db_path)
    at.radio(key="lg_group").set_value("按条文").run()
    assert not at.exception
    assert any(e.label.startswith("第二条") for e in at.expander)
    at.radio(key="lg_group").set_value("按规则类别").run()
    assert any(e.label.startswith("行政强制") for e in at.expander)


def test_advisor_disposes_signs_and_downloads(app_as, demo_db_path):
    doc_id = _add_draft(demo_db_path, "drafter")
    at = _open(app_as, "advisor", doc_id, demo_db_path)
    _button(at, "新建审核").click().run()
    assert not at.exception
    db = open_db(demo_db_path)
    review = next(r for r in [latest_review(db, v) for v in _versions(db, doc_id)] if r)
    # 不采纳 without a reason: refused, nothing saved
    first = review.items[0]
    at.selectbox(key=f"lg_d_{review.id}_{first.seq}").set_value("不采纳")
    _button(at, "保存处理意见").click().run()
    assert any("须说明理由" in e.value for e in at.error)
    assert get_review(db, review.id).items[0].disposition is None
    for i in review.items:
        at.selectbox(key=f"lg_d_{review.id}_{i.seq}").set_value("确认" if i.severity == "error" else "不采纳")
        if i.severity != "error":
            at.text_input(key=f"lg_r_{review.id}_{i.seq}").set_value("经核对不影响合法性")
    _button(at, "保存处理意见").click().run()
    assert not at.exception and not at.error
    at.radio(key=f"lg_op_{review.id}").set_value("修改后合法")
    _button(at, "保存总体意见").click().run()
    sign_button = _button(at, "签署审核意见")
    assert not sign_button.disabled
    sign_button.click().run()
    assert not at.exception
    r = get_review(db, review.id)
    assert r.signed and r.signed_by == "advisor" and signed_off_hash(db, doc_id) == r.signed_sha256
    assert any("已签署" in md.value for md in at.markdown)
    assert at.get("download_button")
    db.close()


def _versions(db, doc_id):
    from workbench.documents.store import list_versions
    return [v.id for v in list_versions(db, doc_id)]


def test_author_advisor_gets_no_sign_button(app_as, demo_db_path):
    doc_id = _add_draft(demo_db_path, "advisor")          # the advisor drafted this one
    at = _open(app_as, "advisor", doc_id, demo_db_path)
    _button(at, "新建审核").click().run()
    assert not any(b.label == "签署审核意见" for b in at.button)
    assert any("四眼原则" in i.value for i in at.info)


def test_jump_to_article_opens_the_document_page(app_as, demo_db_path):
    doc_id = _add_draft(demo_db_path, "drafter")
    at = _open(app_as, "reviewer", doc_id, demo_db_path)
    jump = next(b for b in at.button if b.label == "查看条文")
    jump.click().run()
    assert not at.exception
    assert at.session_state["doc_id"] == doc_id
    assert at.session_state[f"doc_art_{doc_id}"].startswith("art-")


def test_opinion_has_no_default_saves_confirm_and_signed_text_stays_visible(app_as, demo_db_path, tmp_path,
                                                                             monkeypatch):
    monkeypatch.setenv("WORKBENCH_CORPUS_DB", str(tmp_path / "none.db"))   # no corpus database
    doc_id = _add_draft(demo_db_path, "drafter")
    at = _open(app_as, "advisor", doc_id, demo_db_path)
    assert any(c.value == "未找到法规库数据库（请先导入法规库）：引用的法律法规未核验。" for c in at.caption)
    _button(at, "新建审核").click().run()
    db = open_db(demo_db_path)
    review = next(r for r in [latest_review(db, v) for v in _versions(db, doc_id)] if r)
    assert at.radio(key=f"lg_op_{review.id}").value is None          # the advisor must choose
    _button(at, "保存总体意见").click().run()
    assert any("请选择总体意见" in e.value for e in at.error)
    assert get_review(db, review.id).opinion is None
    for i in review.items:
        at.selectbox(key=f"lg_d_{review.id}_{i.seq}").set_value("确认")
    _button(at, "保存处理意见").click().run()
    assert [s.value for s in at.success] == [f"已保存处理意见：更新 {len(review.items)} 项。"]
    at.radio(key=f"lg_op_{review.id}").set_value("修改后合法")
    at.text_area(key=f"lg_opt_{review.id}").input("第二条的扣押措施须删除，其余合法。")
    _button(at, "保存总体意见").click().run()
    assert [s.value for s in at.success] == ["已保存总体意见：修改后合法。"]
    _button(at, "签署审核意见").click().run()
    assert not at.exception
    signed = next(s.value for s in at.success if s.value.startswith("已由"))
    r = get_review(db, review.id)
    from base.clock import beijing
    assert signed.startswith(f"已由 赵律师 于 {beijing(r.signed_at)} 签署（北京时间）")
    assert "T" not in beijing(r.signed_at)
    assert "第二条的扣押措施须删除，其余合法。" in [t.value for t in at.text]   # read-only after signing
    db.close()


def test_a_drafter_is_told_who_creates_reviews(app_as, demo_db_path):
    doc_id = _add_draft(demo_db_path, "drafter")
    at = _open(app_as, "drafter", doc_id, demo_db_path)
    assert any("审核由审核机构或法律顾问新建" in i.value for i in at.info)


def test_recording_the_fair_competition_review_clears_fcr_process(app_as, demo_db_path):
    """The 卷宗事项 tab feeds the procedure rules: a market-related GR draft with a consultation
    record lacks a 公平竞争审查 conclusion (FCR-PROCESS) until a reviewer records it there."""
    from workbench.consultation.consultations import open_consultation
    from workbench.procedure.dossier_facts import record_fact
    from base.clock import today
    from workbench.access.users import get_user
    import datetime as _dt
    db = open_db(demo_db_path)
    try:
        market_draft = DRAFT.replace("第四条 本办法自", "第四条 停车场经营企业应当在入口处公示收费标准，经营者不得擅自提高收费。\n第五条 本办法自")
        doc_id = create_document(db, title="沈阳市停车场管理办法", level="GR", tree=parse_text(market_draft),
                                 actor="drafter")[0].id
        version_id = db.execute("select current_version_id from documents where id = ?", [doc_id]).fetchone()[0]
        point = db.execute("select id from contact_points order by id limit 1").fetchone()[0]
        open_consultation(db, get_user(db, "drafter"), version_id=version_id,
                          opens_on=today() - _dt.timedelta(days=40), closes_on=today() - _dt.timedelta(days=5),
                          contact_point_ids=[point])
    finally:
        db.close()
    at = _open(app_as, "reviewer", doc_id, demo_db_path)
    html = " ".join(md.value for md in at.markdown)
    assert "FCR-PROCESS" in html
    assert any("卷宗事项" in str(t.label) for t in at.tabs)
    db = open_db(demo_db_path)
    try:
        record_fact(db, get_user(db, "reviewer"), doc_id, "fair_competition_review",
                    "已审查，未发现排除、限制竞争的内容", "市场监管局审查意见")
    finally:
        db.close()
    at.run()
    assert not at.exception, at.exception
    html = " ".join(md.value for md in at.markdown)
    assert "FCR-PROCESS" not in html


def test_advisor_enters_a_review_signed_on_paper(app_as, demo_db_path):
    import datetime as _dt

    from base.clock import today
    doc_id = _add_draft(demo_db_path, "drafter")
    at = _open(app_as, "advisor", doc_id, demo_db_path)
    _button(at, "新建审核").click().run()
    db = open_db(demo_db_path)
    review = next(r for r in [latest_review(db, v) for v in _versions(db, doc_id)] if r)
    for i in review.items:
        at.selectbox(key=f"lg_d_{review.id}_{i.seq}").set_value("确认")
    _button(at, "保存处理意见").click().run()
    at.radio(key=f"lg_op_{review.id}").set_value("修改后合法")
    _button(at, "保存总体意见").click().run()
    at.checkbox(key=f"lg_paper_{review.id}").check().run()
    assert _button(at, "签署审核意见").disabled          # a paper sign-off needs its date
    day = today() - _dt.timedelta(days=20)
    at.date_input(key=f"lg_paper_date_{review.id}").set_value(day).run()
    _button(at, "签署审核意见").click().run()
    assert not at.exception
    r = get_review(db, review.id)
    assert r.signed and r.signed_on_paper == day.isoformat()
    assert any("补录" in s.value for s in at.success)
    db.close()


def test_someone_who_may_not_sign_is_told_who_signs_and_what_is_outstanding(app_as, demo_db_path):
    """Issue 19, defect 11: a drafter who opened 审核与签署 saw no sign button and no reason why."""
    doc_id = _add_draft(demo_db_path, "admin")
    db = open_db(demo_db_path)
    open_review(db, get_user(db, "reviewer"), get_document(db, doc_id).current_version_id, corpus_db=None)
    for who, role in (("drafter", "起草人员"), ("reviewer", "审核机构")):
        at = _open(app_as, who, doc_id, demo_db_path)
        tab = next(t for t in at.tabs if t.label == "审核与签署")
        said = " ".join(i.value for i in tab.info)
        assert "由法律顾问签署" in said and role in said, said
        assert "项审查发现未处理" in said and "尚未填写总体意见" in said, said
        assert not [b for b in at.button if b.label == "签署审核意见"]
