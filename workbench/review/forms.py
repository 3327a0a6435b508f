"""What the 合法性审核 page submits, as typed records checked at the boundary (pydantic).

Each form of the page (新建审核, 逐项处理, 总体意见, 签署) is a model with ``extra="forbid"``;
:func:`parse_form` turns a bad or unknown field into one InputError (code ``review.form_invalid``)
whose Chinese message names the field, and each ``submit_*`` validates, then calls the store.
The page only collects the widgets' values and shows the result.
"""
from __future__ import annotations

from datetime import date
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from base.errors import InputError, render
from workbench.access.users import User
from workbench.review.pipeline import Assessment, open_review
from workbench.review.store import DISPOSITIONS, OPINIONS, Review, dispose, get_review, set_opinion, sign

UNDISPOSED = "未处理"
FIELD_LABELS = {"version_id": "版本", "with_conflicts": "冲突检索", "items": "处理意见", "seq": "事项序号",
                "disposition": "处理", "reason": "理由", "opinion": "总体意见", "text": "意见说明",
                "paper": "补录纸面签署", "paper_date": "纸面签署日期"}
_KINDS = {"int_parsing": "review.form.int", "int_type": "review.form.int", "bool_parsing": "review.form.bool",
          "bool_type": "review.form.bool", "date_parsing": "review.form.date", "date_type": "review.form.date",
          "date_from_datetime_parsing": "review.form.date", "literal_error": "review.form.choice",
          "missing": "review.form.missing", "extra_forbidden": "review.form.unknown", "string_type": "review.form.text",
          "list_type": "review.form.list"}

Form = TypeVar("Form", bound=BaseModel)


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class NewReviewForm(_Form):
    """新建审核: the version, and whether conflict-search findings join the rule book's."""
    version_id: int
    with_conflicts: bool = False


class DispositionRow(_Form):
    """One row of 逐项处理: 未处理 leaves the item as it is; 不采纳 needs a reason."""
    seq: int
    disposition: Literal["未处理", "确认", "不采纳"] = UNDISPOSED
    reason: str = ""


class DispositionForm(_Form):
    items: list[DispositionRow]

    def reasons_missing(self) -> list[int]:
        return [r.seq for r in self.items if r.disposition == "不采纳" and not r.reason]


class OpinionForm(_Form):
    """总体意见: one of OPINIONS (None: nothing chosen yet) and its explanation."""
    opinion: Literal["合法", "修改后合法", "不合法"] | None = None
    text: str = ""


class SignForm(_Form):
    """签署: now, or entered later (补录) for a review signed on paper on ``paper_date``."""
    paper: bool = False
    paper_date: date | None = None


assert set(OPINIONS) == set(OpinionForm.model_fields["opinion"].annotation.__args__[0].__args__)
assert set(DISPOSITIONS) < set(DispositionRow.model_fields["disposition"].annotation.__args__)


def _problem(err: dict) -> str:
    loc = [str(x) for x in err["loc"] if not isinstance(x, int)]
    field = loc[-1] if loc else ""
    expected = err.get("ctx", {}).get("expected", "")
    return render(_KINDS.get(err["type"], "review.form.value"),
                  {"field": field, "label": FIELD_LABELS.get(field, field),
                   "expected": str(expected).replace("'", "").replace(" or ", "/").replace(", ", "/"),
                   "value": err.get("input")})


def parse_form(model: type[Form], data: dict) -> Form:
    """``data`` as ``model``; an unknown field or a bad value is one InputError naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(code="review.form_invalid", problems="；".join(_problem(x) for x in e.errors())) from None


def submit_new_review(db, user: User, data: dict, *, assessment: Assessment | None = None,
                      conflict_index=None, corpus_db: str | None = None) -> Review:
    """新建审核: with conflicts, the search runs on ``conflict_index``; else ``assessment`` (the
    page's cached one) is stored as it is."""
    form = parse_form(NewReviewForm, data)
    if form.with_conflicts and conflict_index is not None:
        return open_review(db, user, form.version_id, corpus_db=corpus_db, conflicts=True,
                           conflict_index=conflict_index)
    return open_review(db, user, form.version_id, assessment=assessment)


def submit_dispositions(db, user: User, review_id: int, rows: list[dict]) -> int:
    """逐项处理: all rows are checked first (nothing is saved when one 不采纳 lacks a reason); then
    each changed row is recorded. Returns how many items changed."""
    form = parse_form(DispositionForm, {"items": rows})
    if missing := form.reasons_missing():
        raise InputError(code="review.reasons_missing", seqs="、".join(map(str, missing)))
    current = {i.seq: i for i in get_review(db, review_id).items}
    changed = 0
    for row in form.items:
        item = current.get(row.seq)
        if row.disposition == UNDISPOSED or (item is not None and row.disposition == item.disposition
                                             and row.reason == item.reason):
            continue
        dispose(db, review_id, row.seq, row.disposition, actor=user, reason=row.reason)
        changed += 1
    return changed


def submit_opinion(db, user: User, review_id: int, data: dict) -> Review:
    """总体意见."""
    form = parse_form(OpinionForm, data)
    if form.opinion is None:
        raise InputError(code="review.opinion_missing")
    return set_opinion(db, review_id, form.opinion, actor=user, text=form.text)


def submit_sign(db, user: User, review_id: int, data: dict) -> Review:
    """签署 (补录: the paper date is required)."""
    form = parse_form(SignForm, data)
    if form.paper and form.paper_date is None:
        raise InputError(code="review.paper_date_missing")
    return sign(db, review_id, actor=user, paper_date=form.paper_date if form.paper else None)
