"""The dossier as it crosses the boundary (``--dossier FILE.json``): a pydantic model.

Every field of checks/dossier.py is typed; an unknown key or a value of the wrong type is refused
with a Chinese message naming the field (before, unknown keys were silently ignored and a rule
quietly read nothing). ``null`` is allowed for every field: it removes a fact the workbench's
records would supply (checks.dossier_sources.merge_dossier).
"""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, ValidationError

from base.errors import InputError
from checks.dossier_sources import FIELD_LABELS

Dates = date | None
Flag = bool | None
Text = str | None
Names = list[str] | None


class DossierFile(BaseModel):
    """The keys a dossier JSON may hold (checks/dossier.py explains each)."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    comment_start: Dates = None
    comment_end: Dates = None
    comment_published: Flag = None
    comment_short_reason: Text = None
    market_related: Flag = None
    consulted: Names = None
    feedback: Flag = None
    burdens: Flag = None
    hearing_notice_date: Dates = None
    hearing_date: Dates = None
    hearing_record: Flag = None
    argument_record: Flag = None
    legality_review_date: Dates = None
    legality_opinion: Text = None
    collective_meeting_date: Dates = None
    major_decision: Flag = None
    counsel_opinion: Flag = None
    fair_competition_review: bool | str | None = None
    fcr_exception: Text = None
    explanation: Flag = None
    amendment: Flag = None
    comparison_table: Flag = None
    approval_date: Dates = None
    published_date: Dates = None
    effective_date: Dates = None
    publication_channels: Names = None
    filing_date: Dates = None
    filing_recipients: Names = None
    replaces: Text = None
    immediate_effect_reason: Text = None
    today: Dates = None


_KIND = {"date_from_datetime_parsing": "日期（YYYY-MM-DD）", "date_parsing": "日期（YYYY-MM-DD）",
         "date_type": "日期（YYYY-MM-DD）", "bool_parsing": "true 或 false", "bool_type": "true 或 false",
         "list_type": "名称列表（JSON 数组）", "string_type": "文字"}


def _message(err: dict) -> str:
    field = str(err["loc"][0]) if err["loc"] else ""
    label = FIELD_LABELS.get(field, field)
    if err["type"] == "extra_forbidden":
        return f"未知的卷宗字段「{field}」"
    want = _KIND.get(err["type"], "正确的类型")
    return f"卷宗字段「{field}」（{label}）应为{want}：{err.get('input')!r}"


def validate_dossier(data: dict) -> dict:
    """``data`` checked against :class:`DossierFile`; the given keys back as JSON values (ISO dates)."""
    try:
        model = DossierFile.model_validate(data)
    except ValidationError as e:
        problems = [_message(err) for err in e.errors()]
        known = "、".join(DossierFile.model_fields)
        raise InputError(code="dossier_invalid", problems="；".join(problems), known=known) from None
    return model.model_dump(mode="json", include=set(data))
