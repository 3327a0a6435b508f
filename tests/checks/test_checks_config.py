from __future__ import annotations

import pytest

from checks import check_text
from checks.config import CONFIG_PATH, load_jurisdiction, profiles
from base.errors import InputError


def test_one_config_file_with_liaoning_shenyang_profile():
    assert CONFIG_PATH.name == "jurisdictions.toml"
    j = load_jurisdiction()
    assert j.key == "liaoning-shenyang" and j.province == "辽宁省" and j.city == "沈阳市"
    assert "liaoning-shenyang" in profiles()


def test_unverified_values_are_marked():
    j = load_jurisdiction()
    assert j.verified("GR_COMMENT_DAYS") and j.get("GR_COMMENT_DAYS") == 30
    assert not j.verified("GR_FINE_CAP")          # catalogue: Liaoning's figure UNVERIFIED
    assert not j.verified("ND_FILING_DAYS")
    assert not j.verified("NO_SUCH_KEY") and j.get("NO_SUCH_KEY", 7) == 7


def test_unknown_profile_is_a_clear_error():
    with pytest.raises(InputError, match="未知的地区参数配置"):
        load_jurisdiction("火星")


def test_unverified_parameter_turns_error_into_warning():
    """PEN-RULE-FINE-CAP is an error rule; with Liaoning's unverified cap it reports a warning and says why."""
    [f] = [f for f in check_text("沈阳市某办法\n第一条 经营者违反本办法的，处十万元罚款。", "GR") if f.rule == "PEN-RULE-FINE-CAP"]
    assert f.severity == "warning" and "未经核实" in f.message


def test_profile_without_the_parameter_reports_that_it_is_unset():
    fs = [f for f in check_text("沈阳市某办法\n第一条 经营者违反本办法的，处十万元罚款。", "GR", profile="national")
          if f.rule == "PEN-RULE-FINE-CAP"]
    assert fs and fs[0].severity == "warning" and "未配置" in fs[0].message
