"""No English in charts (issue 19, defect 7): the charts are drawn on a canvas the browser test cannot
read, so their specs are checked here — every field an axis, legend or tooltip names, and every
title, is Chinese (工作台 showed 「stage: …」)."""
from __future__ import annotations

import json
import re

import pytest

LATIN = re.compile(r"[A-Za-z]")
CHART_PAGES = [("reviewer", "app_pages/dashboard.py"), ("admin", "app_pages/plan.py"),
               ("drafter", "app_pages/comment_feedback.py"), ("admin", "app_pages/filing_stats.py")]


def _named(spec) -> list[str]:
    """The field names and titles of every encoding channel in a (layered) Vega-Lite spec."""
    out = []
    if isinstance(spec, dict):
        for channel in (spec.get("encoding") or {}).values():
            for c in channel if isinstance(channel, list) else [channel]:
                if isinstance(c, dict):
                    out += [v for k, v in c.items() if k in ("field", "title") and isinstance(v, str)]
                    for sub in ("axis", "legend"):
                        if isinstance(c.get(sub), dict) and isinstance(c[sub].get("title"), str):
                            out.append(c[sub]["title"])
        for k, v in spec.items():
            if k != "encoding":
                out += _named(v)
    elif isinstance(spec, list):
        for v in spec:
            out += _named(v)
    return out


@pytest.mark.parametrize("who,page", CHART_PAGES)
def test_chart_fields_and_titles_are_chinese(app_as, who, page):
    at = app_as(who).switch_page(page).run()
    assert not at.exception, at.exception
    charts = at.get("vega_lite_chart")
    assert charts, page
    for chart in charts:
        names = _named(json.loads(chart.proto.spec))
        assert names and not [n for n in names if LATIN.search(n)], names
