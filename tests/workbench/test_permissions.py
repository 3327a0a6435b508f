"""The role × action matrix, cell by cell, and the core functions that enforce it.

EXPECTED below restates the matrix independently of workbench/permissions.py: changing who may
do what has to be done in both places, deliberately. Then every action with a core entry point
is exercised for every role: the call succeeds exactly when the matrix allows it, and is
refused with PermissionDenied (a Chinese message) otherwise. Finally the document-level rules:
contact points see only documents open for comment to them and never an internal draft, and
only their own comments; nobody signs off a document they authored.
"""
from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from lifecycle_helpers import FILES, EXAMPLES, consult, contact_point, make_doc, tree

from workbench.access import permissions as perm
from workbench.access import visibility as vis
from workbench.documents.store import add_version, get_document
from base.errors import PermissionDenied
from workbench.access.users import ROLES, User, get_user, update_profile
from base.clock import today as beijing_today

ALL = set(perm.ACTIONS)
STAFF_READ = {"document.view", "document.view_public", "check.run", "comment.view_all", "corpus.search",
              "audit.view", "dashboard.view", "plan.view"}
EXPECTED = {
    "admin": ALL - {"review.sign", "comment.submit", "filing.submit", "filing.view_own"},
    "drafter": STAFF_READ | {"document.create", "version.create", "document.edit", "consultation.manage",
                             "comment.dispose", "lifecycle.transition", "dossier.record"},
    "advisor": STAFF_READ | {"review.create", "review.dispose", "review.sign", "dossier.record"},
    "reviewer": STAFF_READ | {"review.create", "review.dispose", "lifecycle.transition", "consultation.manage",
                              "comment.dispose", "dossier.record"},
    "contact": {"comment.submit", "document.view_public"},
    "filing_reviewer": {"filing.view", "filing.register", "filing.review", "filing.organs", "filing.request",
                        "filing.campaign", "check.run", "corpus.search", "audit.view"},
    "filer": {"filing.submit", "filing.view_own"},
}
CELLS = [(role, action) for role in ROLES for action in perm.ACTIONS]


def test_expected_covers_the_whole_matrix():
    assert set(EXPECTED) == set(ROLES) == set(perm.MATRIX)
    assert len(CELLS) == len(ROLES) * len(perm.ACTIONS) == 7 * 32


PEOPLE = {role: User(id=i, username=f"{role}1", display_name=name, role=role) for i, (role, name) in
          enumerate(ROLES.items(), 1)}


@pytest.mark.parametrize("role,action", CELLS)
def test_matrix_cell(role, action):
    user = PEOPLE[role]
    want = action in EXPECTED[role]
    assert perm.allowed(user, action) is want
    if want:
        perm.require(user, action)
    else:
        with pytest.raises(PermissionDenied) as e:
            perm.require(user, action)
        assert ROLES[role] in str(e.value) and perm.ACTIONS[action] in str(e.value)


def test_anonymous_and_unknown_action():
    assert not perm.allowed(None, "document.view")
    with pytest.raises(PermissionDenied, match="请先登录"):
        perm.require(None, "document.view")
    with pytest.raises(KeyError):
        perm.allowed(PEOPLE["admin"], "no.such.action")


# --- the core functions that enforce each action ------------------------------------------------

TODAY = beijing_today()


@pytest.fixture
def world(fresh_db, users):
    """A document open for comment to one contact point, whose user is linked to it."""
    db = fresh_db
    admin = users["admin"]
    cp = contact_point(db, admin)
    update_profile(db, admin, "contact1", contact_point_id=cp.id)
    users = dict(users, contact=get_user(db, "contact1"))
    doc = make_doc(db, "GR", author="drafter1")
    c = consult(db, doc.id, users["drafter"], cp.id, opens=TODAY - timedelta(days=1), days=30)
    from workbench.consultation.comments import submit_comment
    comment = submit_comment(db, users["contact"], c.id, text="建议明确犬只登记的办理时限。")
    return {"db": db, "users": users, "cp": cp, "doc": doc, "consultation": c, "comment": comment,
            "n": count(1)}


def _fresh_doc(w):
    return make_doc(w["db"], "GR", title=f"示例文件{next(w['n'])}")


def _review(w, advisor):
    from workbench.review import store as review
    doc = _fresh_doc(w)
    r = review.create_review(w["db"], doc.current_version_id, actor=advisor, findings=[])
    return review.set_opinion(w["db"], r.id, "合法", actor=advisor)


def e_document_view(w, u):
    from workbench.documents.store import documents_for
    documents_for(w["db"], u)


def e_document_view_public(w, u):
    vis.require_version(w["db"], u, w["consultation"].version_id)


def e_document_create(w, u):
    from workbench.documents.store import import_document
    import_document(w["db"], u, tree("GR"), title="新导入的办法", level="GR")


def e_version_create(w, u):
    from workbench.documents.store import upload_version
    data = (EXAMPLES / FILES["GR"]).read_bytes()
    upload_version(w["db"], u, w["doc"].id, data, FILES["GR"], label="修改稿")


def e_document_edit(w, u):
    from workbench.documents.working_copy import open_working_copy
    open_working_copy(w["db"], w["doc"].id, u)


def e_review_create(w, u):
    from workbench.review import store as review
    review.create_review(w["db"], w["doc"].current_version_id, actor=u, findings=[])


def e_review_dispose(w, u):
    from workbench.review import store as review
    from checks.finding import Finding
    finding = Finding(rule="PEN-RULE-TYPE", severity="error", head=4, message="政府规章不得设定没收。",
                      element_id="art-1-p1", article_label="第一条")
    r = review.create_review(w["db"], w["doc"].current_version_id, actor=w["users"]["advisor"], findings=[finding])
    review.dispose(w["db"], r.id, 1, "确认", actor=u)


def e_review_sign(w, u):
    from workbench.review import store as review
    r = _review(w, w["users"]["advisor"])
    review.sign(w["db"], r.id, actor=u)


def e_lifecycle_transition(w, u):
    from workbench.procedure.lifecycle import advance
    advance(w["db"], u, _fresh_doc(w).id, "征求意见")


def e_consultation_manage(w, u):
    from workbench.consultation.consultations import open_consultation
    doc = _fresh_doc(w)
    open_consultation(w["db"], u, version_id=doc.current_version_id, opens_on=TODAY, closes_on=TODAY + timedelta(30),
                      contact_point_ids=[w["cp"].id])


def e_comment_submit(w, u):
    from workbench.consultation.comments import submit_comment
    submit_comment(w["db"], u, w["consultation"].id, text="建议增加文明养犬宣传。")


def e_comment_dispose(w, u):
    from workbench.consultation.comments import dispose
    dispose(w["db"], u, [w["comment"].id], decision="采纳", reason="已在第五条中明确")


def e_comment_view_all(w, u):
    from workbench.consultation.comments import list_comments
    list_comments(w["db"], u, contact_point_id=w["cp"].id + 1000)


def e_contact_point_manage(w, u):
    from workbench.consultation.consultations import add_contact_point
    add_contact_point(w["db"], u, name=f"联系点{next(w['n'])}", kind="社区")


def e_plan_manage(w, u):
    from workbench.procedure.plan import add_project
    add_project(w["db"], u, year=TODAY.year, kind="制定", title="示例市电动自行车管理规定", level="GR")


def e_plan_view(w, u):
    from workbench.procedure.plan import list_projects
    list_projects(w["db"], u)


def e_user_manage(w, u):
    from workbench.access.users import create_user
    create_user(w["db"], f"new{next(w['n'])}", "secret123", "drafter", by=u)


def e_audit_view(w, u):
    from workbench.audit_log import read_events
    read_events(w["db"], u)


def e_dashboard_view(w, u):
    from workbench.procedure.dashboard import dashboard_data
    dashboard_data(w["db"], u)


def e_dossier_record(w, u):
    from workbench.procedure.dossier_facts import record_fact
    record_fact(w["db"], u, w["doc"].id, "explanation", True, "起草说明已随送审稿报送")


def e_corpus_search(w, u):
    from corpus.store import open_corpus_db
    from workbench.corpus_admin import corpus_counts
    corpus_counts(open_corpus_db(":memory:"), u)


def e_corpus_manage(w, u):
    import tempfile
    from corpus.store import open_corpus_db
    from workbench.corpus_admin import import_corpus_folder
    import_corpus_folder(open_corpus_db(":memory:"), u, tempfile.mkdtemp(), build_index=False)


def e_check_run(w, u):
    from lawtext.parser import parse_file_text
    from workbench.review.pipeline import assess_text
    assess_text(u, parse_file_text("示例\n第一条 为了测试，制定本办法。\n"), "GR", corpus_db=None)


def e_system_backup(w, u):
    import tempfile
    from pathlib import Path
    from workbench.backup import backup
    path = w["db"].execute("pragma database_list").fetchone()[2]
    backup(path, Path(tempfile.mkdtemp()) / "b.db", u)
def _filings(w):
    """An organ (its 报备单位 account linked) and one registered filing, made once per world."""
    if "filing" not in w:
        from filing_helpers import file_nd, setup_organ

        from workbench.filing.organs import link_account
        fr = w["users"]["filing_reviewer"]
        w["organ"] = setup_organ(w["db"], fr)
        link_account(w["db"], fr, "filer1", w["organ"].id)
        w["filing"] = file_nd(w["db"], fr, w["organ"])
    return w


def e_filing_view(w, u):
    from workbench.filing.triage import queue
    queue(_filings(w)["db"], u)


def e_filing_register(w, u):
    from filing_helpers import file_nd
    file_nd(w["db"], u, _filings(w)["organ"])


def e_filing_review(w, u):
    from workbench.filing.casework import assign
    assign(w["db"], u, _filings(w)["filing"].id, "filing_reviewer1")


def e_filing_organs(w, u):
    from workbench.filing.organs import add_organ
    add_organ(w["db"], u, f"示例市某局{next(w['n'])}")


def e_filing_request(w, u):
    from workbench.filing.requests import register_request
    register_request(w["db"], u, requester="王某", requester_kind="公民", target="示例市某规定", reason="理由")


def e_filing_campaign(w, u):
    from workbench.filing.campaigns import Scope, create_campaign
    create_campaign(w["db"], u, "专项审查", Scope(levels=["ND"], sources=("备案文件",)), families=["fees"])


def e_filing_submit(w, u):
    from filing_helpers import FilingInput, complete_materials

    from workbench.filing.intake import submit_filing
    _filings(w)
    submit_filing(w["db"], u, complete_materials(), FilingInput(level="ND"))


def e_filing_view_own(w, u):
    from workbench.filing.intake import my_filings
    my_filings(_filings(w)["db"], u)


ENFORCERS = {
    "document.view": e_document_view, "document.view_public": e_document_view_public,
    "document.create": e_document_create, "version.create": e_version_create, "document.edit": e_document_edit,
    "review.create": e_review_create, "review.dispose": e_review_dispose, "review.sign": e_review_sign,
    "lifecycle.transition": e_lifecycle_transition, "consultation.manage": e_consultation_manage,
    "comment.submit": e_comment_submit, "comment.dispose": e_comment_dispose,
    "comment.view_all": e_comment_view_all, "contact_point.manage": e_contact_point_manage,
    "plan.manage": e_plan_manage, "plan.view": e_plan_view, "user.manage": e_user_manage,
    "audit.view": e_audit_view, "dashboard.view": e_dashboard_view, "dossier.record": e_dossier_record,
    "corpus.search": e_corpus_search, "corpus.manage": e_corpus_manage, "system.backup": e_system_backup,
    "check.run": e_check_run,
    "filing.view": e_filing_view, "filing.register": e_filing_register, "filing.review": e_filing_review,
    "filing.organs": e_filing_organs, "filing.request": e_filing_request, "filing.campaign": e_filing_campaign,
    "filing.submit": e_filing_submit, "filing.view_own": e_filing_view_own,
}
ELSEWHERE: set[str] = set()


def test_every_action_has_a_core_enforcer_or_is_listed():
    assert set(ENFORCERS) | ELSEWHERE == ALL and not set(ENFORCERS) & ELSEWHERE


@pytest.mark.parametrize("action", sorted(ENFORCERS))
def test_core_enforces_action_for_every_role(world, action):
    for role in ROLES:
        user = world["users"][role]
        if action in EXPECTED[role]:
            ENFORCERS[action](world, user)
        else:
            with pytest.raises(PermissionDenied):
                ENFORCERS[action](world, user)


# --- document-level rules ----------------------------------------------------------------------------

def test_contact_sees_only_documents_open_for_comment_to_it(world):
    db, u = world["db"], world["users"]
    other = _fresh_doc(world)
    assert [d.id for d in vis.visible_documents(db, u["contact"])] == [world["doc"].id]
    assert {d.id for d in vis.visible_documents(db, u["drafter"])} == {world["doc"].id, other.id}
    assert vis.may_view_document(db, u["contact"], world["doc"].id)
    with pytest.raises(PermissionDenied, match="公开征求意见"):
        vis.require_document(db, u["contact"], other.id)
    # a contact point that is not invited sees nothing
    cp2 = contact_point(db, u["admin"], name="西城社区联系点")
    from workbench.access.users import create_user
    outsider = create_user(db, "contact2", "secret123", "contact", contact_point_id=cp2.id)
    assert vis.visible_documents(db, outsider) == []
    # after the window the document disappears for the contact point
    later = world["consultation"].closes_on + timedelta(days=1)
    assert vis.visible_documents(db, u["contact"], today=later) == []
    assert not vis.may_view_document(db, u["contact"], world["doc"].id, today=later)


def test_internal_draft_never_reaches_contact_points(world):
    db, u, doc = world["db"], world["users"], world["doc"]
    internal = add_version(db, doc.id, tree("GR", "（内部讨论）"), label="内部稿", actor="drafter1")
    assert vis.may_view_document(db, u["contact"], doc.id)
    seen = [v.id for v in vis.visible_versions(db, u["contact"], doc.id)]
    assert seen == [world["consultation"].version_id] and internal.id not in seen
    with pytest.raises(PermissionDenied, match="内部稿"):
        vis.require_version(db, u["contact"], internal.id)
    assert vis.require_version(db, u["drafter"], internal.id).id == internal.id
    # nor can an internal draft be put out for consultation
    from workbench.consultation.consultations import open_consultation
    from base.errors import GateBlocked
    with pytest.raises(GateBlocked):
        open_consultation(db, u["drafter"], version_id=internal.id, opens_on=TODAY, closes_on=TODAY + timedelta(30),
                          contact_point_ids=[world["cp"].id])


def test_contact_sees_only_own_comments(world):
    u = world["users"]
    c = world["comment"]
    assert c.submitted_by == "contact1"
    assert perm.may_view_comment(u["contact"], author=c.submitted_by, contact_point_id=c.contact_point_id)
    assert not perm.may_view_comment(u["contact"], author="someone", contact_point_id=c.contact_point_id + 1)
    assert perm.may_view_comment(u["reviewer"], author="someone", contact_point_id=None)
    assert not perm.may_view_comment(None, author="someone")
    from workbench.consultation.comments import list_comments
    assert [x.id for x in list_comments(world["db"], u["contact"])] == [c.id]


def test_nobody_signs_off_their_own_document(world):
    from workbench.review import store as review
    db, u = world["db"], world["users"]
    advisor = u["advisor"]
    doc = _fresh_doc(world)
    # the advisor edits the draft: from then on they may not sign it off
    v = add_version(db, doc.id, tree("GR", "（顾问修改）"), label="修改稿", actor=advisor.username)
    assert not perm.may_sign_off(advisor, get_document(db, doc.id).created_by, v.created_by)
    assert not perm.may_sign_off(u["drafter"], "someone", "someone")   # drafters never sign
    r = review.create_review(db, v.id, actor=advisor, findings=[])
    review.set_opinion(db, r.id, "合法", actor=advisor)
    with pytest.raises(PermissionDenied, match="四眼"):
        review.sign(db, r.id, actor=advisor)


def test_only_admin_manages_users_and_plan(world):
    from workbench.procedure.plan import set_goal
    from workbench.access.users import reset_password, set_active, set_role
    db, u = world["db"], world["users"]
    for role in ("drafter", "advisor", "reviewer", "contact"):
        for call in (lambda: reset_password(db, u[role], "drafter1", "newpass123"),
                     lambda: set_role(db, u[role], "drafter1", "reviewer"),
                     lambda: set_active(db, u[role], "drafter1", False),
                     lambda: set_goal(db, u[role], TODAY.year, 6)):
            with pytest.raises(PermissionDenied):
                call()
    set_goal(db, u["admin"], TODAY.year, 6)
    assert get_user(db, "drafter1").role == "drafter"
