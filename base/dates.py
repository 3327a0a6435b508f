"""Dates given by users (forms, CLI flags): ``YYYY-MM-DD`` strings or ``date`` objects."""
from __future__ import annotations

from datetime import date

from base.errors import InputError


def parse_date(value, what: str, *, required: bool = False) -> date | None:
    """``value`` as a date; None for None/"" unless ``required``. InputError「{what}格式无效：…」."""
    if isinstance(value, date):
        return value
    if value in (None, "") and not required:
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(code="date.bad_format", what=what, value=value) from None
