"""Red-team issue 17, items 6 and 17: the sign-off gate binds a signature to the reviewed version
itself and to a signer who never wrote the document.

Item 17: v1 signed, v2 changed, v3 restores v1's text — the old signature must not revive (the
page already says 已过期). Item 6: a drafter who wrote a version, later made an advisor by an
admin, signs the review of the next version — four eyes must still refuse.
"""
from __future__ import annotations

import pytest
from lifecycle_helpers import make_doc, sign_current, tree

from base.errors import GateBlocked, PermissionDenied
from workbench.access.users import get_user, set_role
from workbench.documents.store import add_version, get_document
from workbench.procedure.lifecycle import advance
from workbench.review import store as review


def test_a_signature_does_not_revive_when_the_signed_text_is_restored(fresh_db, users):
    doc = make_doc(fresh_db, "ND")
    advance(fresh_db, users["drafter"], doc.id, "合法性审核")
    signed = sign_current(fresh_db, doc.id, users["advisor"])
    add_version(fresh_db, doc.id, tree("ND", edit="并处罚款。"), label="修改稿", actor="drafter1")
    v3 = add_version(fresh_db, doc.id, tree("ND"), label="修改稿", actor="drafter1")   # v1's text again
    assert v3.sha256 == signed.signed_sha256
    assert review.get_review(fresh_db, signed.id).stale                             # the page: 已过期
    with pytest.raises(GateBlocked) as e:
        advance(fresh_db, users["reviewer"], doc.id, "集体审议")
    assert f"不是当前的 {v3.display}" in str(e.value)
    sign_current(fresh_db, doc.id, users["advisor"])                                # a review of v3 itself
    assert advance(fresh_db, users["reviewer"], doc.id, "集体审议").target == "集体审议"


def test_four_eyes_survive_a_role_change(fresh_db, users):
    doc = make_doc(fresh_db, "ND", author="admin1")
    add_version(fresh_db, doc.id, tree("ND", edit="（修改）"), label="修改稿", actor="drafter1")   # drafter1 wrote v2
    advance(fresh_db, users["admin"], doc.id, "合法性审核")
    add_version(fresh_db, doc.id, tree("ND", edit="（再次修改）"), label="送审稿", actor="admin1")
    turned = set_role(fresh_db, users["admin"], "drafter1", "advisor")    # wrote v2, now an advisor
    r = review.create_review(fresh_db, get_document(fresh_db, doc.id).current_version_id, actor=turned, findings=[])
    review.set_opinion(fresh_db, r.id, "合法", actor=turned, text="经审核")
    assert review.sign_problems(fresh_db, review.get_review(fresh_db, r.id), turned)   # the page greys it out
    with pytest.raises(PermissionDenied):
        review.sign(fresh_db, r.id, actor=get_user(fresh_db, "drafter1"))


def test_the_gate_refuses_a_signature_by_an_author(fresh_db, users, monkeypatch):
    """Signatures recorded before the four-eyes fix (simulated: the signing check switched off)
    do not carry a document past the gate."""
    doc = make_doc(fresh_db, "ND", author="admin1")
    add_version(fresh_db, doc.id, tree("ND", edit="（修改）"), label="送审稿", actor="drafter1")
    advance(fresh_db, users["admin"], doc.id, "合法性审核")
    turned = set_role(fresh_db, users["admin"], "drafter1", "advisor")
    monkeypatch.setattr(review, "sign_blockers", lambda *a, **k: [])
    sign_current(fresh_db, doc.id, turned)
    with pytest.raises(GateBlocked) as e:
        advance(fresh_db, users["reviewer"], doc.id, "集体审议")
    assert "四眼原则" in str(e.value)
