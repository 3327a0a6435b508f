"""The 合法性审核 page's forms are typed records (workbench/review/forms.py): a bad or unknown
field is one InputError with a Chinese message naming the field; nothing is half saved."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from lifecycle_helpers import make_doc

from base.errors import InputError
from checks.finding import Finding
from workbench.review import store
from workbench.review.forms import (DispositionForm, NewReviewForm, OpinionForm, SignForm, parse_form,
                                    submit_dispositions, submit_opinion, submit_sign)
from workbench.review.schemas import ReviewSummary
from workbench.review.text import review_summary


def _review(db, advisor, n=2):
    doc = make_doc(db, "GR")
    findings = [Finding(rule=f"R{i}", severity="warning", message=f"问题{i}", article_label="第一条",
                        element_id="art-1") for i in range(n)]
    return store.create_review(db, doc.current_version_id, actor=advisor, findings=findings)


@pytest.mark.parametrize("model, data, words", [
    (NewReviewForm, {"version_id": "七"}, "「版本」应为整数"),
    (NewReviewForm, {"version_id": 1, "conflict": True}, "未知的字段「conflict」"),
    (OpinionForm, {"opinion": "基本合法"}, "「总体意见」须为：合法/修改后合法/不合法"),
    (SignForm, {"paper": True, "paper_date": "明天"}, "「纸面签署日期」应为日期"),
    (DispositionForm, {"items": [{"seq": 1, "disposition": "同意"}]}, "「处理」须为"),
    (DispositionForm, {"items": [{"disposition": "确认"}]}, "请填写「事项序号」"),
])
def test_bad_fields_are_named_in_chinese(model, data, words):
    with pytest.raises(InputError) as e:
        parse_form(model, data)
    assert e.value.code == "review.form_invalid" and words in str(e.value), str(e.value)


def test_good_forms_parse():
    assert parse_form(SignForm, {"paper": True, "paper_date": date(2026, 1, 5)}).paper_date == date(2026, 1, 5)
    assert parse_form(OpinionForm, {"opinion": "合法", "text": "  经审核  "}).text == "经审核"


def test_a_missing_reason_saves_nothing(fresh_db, users):
    advisor = users["advisor"]
    r = _review(fresh_db, advisor)
    rows = [{"seq": 1, "disposition": "确认", "reason": ""}, {"seq": 2, "disposition": "不采纳", "reason": " "}]
    with pytest.raises(InputError) as e:
        submit_dispositions(fresh_db, advisor, r.id, rows)
    assert e.value.code == "review.reasons_missing"
    assert str(e.value) == "第 2 项选择了不采纳，须说明理由。未保存任何修改。"
    assert not any(i.disposition for i in store.get_review(fresh_db, r.id).items)
    rows[1]["reason"] = "另有规定"
    assert submit_dispositions(fresh_db, advisor, r.id, rows) == 2
    assert submit_dispositions(fresh_db, advisor, r.id, rows) == 0      # unchanged rows are not written again


def test_opinion_and_sign_forms(fresh_db, users):
    advisor = users["advisor"]
    r = _review(fresh_db, advisor, n=0)
    with pytest.raises(InputError) as e:
        submit_opinion(fresh_db, advisor, r.id, {"opinion": None, "text": ""})
    assert str(e.value) == "请选择总体意见（合法、修改后合法或不合法）。"
    submit_opinion(fresh_db, advisor, r.id, {"opinion": "合法", "text": "经审核"})
    with pytest.raises(InputError) as e:
        submit_sign(fresh_db, advisor, r.id, {"paper": True, "paper_date": None})
    assert e.value.code == "review.paper_date_missing"
    signed = submit_sign(fresh_db, advisor, r.id, {"paper": True, "paper_date": date.today() - timedelta(days=3)})
    assert signed.signed and signed.signed_on_paper


def test_review_json_is_the_declared_model(fresh_db, users):
    r = _review(fresh_db, users["advisor"])
    data = review_summary(r)
    assert list(data) == list(ReviewSummary.model_fields)
    assert list(data["items"][0]) == ["seq", "source", "rule", "severity", "head", "family", "message", "element_id",
                                      "article_label", "excerpt", "basis", "disposition", "reason", "disposed_by",
                                      "rules"]
