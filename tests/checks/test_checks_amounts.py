from __future__ import annotations

import pytest

from lawtext.amounts import fines, parse_amount


@pytest.mark.parametrize("text,value", [
    ("五万元", 50000), ("5万元", 50000), ("50000元", 50000), ("5,000元", 5000), ("0.5万元", 5000),
    ("一千五百元", 1500), ("两万元", 20000), ("十万元", 100000), ("二十万元", 200000), ("一百元", 100),
    ("1.5万元", 15000), ("三千元", 3000), ("一亿元", 100_000_000), ("５万元".replace("５", "5"), 50000),
])
def test_parse_amount(text, value):
    assert parse_amount(text) == value


def test_parse_amount_rejects_non_numbers():
    with pytest.raises(ValueError):
        parse_amount("若干元")


def test_range_fine():
    [f] = fines("由市城市管理部门责令改正，处一万元以上五万元以下的罚款。")
    assert (f.lo, f.hi) == (10000, 50000)


def test_range_with_arabic_numerals_and_zhi():
    [f] = fines("处2000元至1万元罚款")
    assert (f.lo, f.hi) == (2000, 10000)


def test_single_amount_and_upper_bound():
    assert fines("处以五千元罚款")[0].max_amount == 5000
    f = fines("处五万元以下罚款")[0]
    assert f.lo is None and f.hi == 50000


def test_multiple_of_illegal_income():
    [f] = fines("没收违法所得，并处违法所得一倍以上三倍以下的罚款")
    assert f.is_multiple and (f.multiple_lo, f.multiple_hi) == (1, 3) and f.base == "违法所得"
    [g] = fines("处违法所得三倍罚款")
    assert g.multiple_lo == 3


def test_several_fines_in_one_sentence():
    fs = fines("对单位处五万元以上十万元以下罚款，对个人处五百元以上一千元以下罚款。")
    assert [(f.lo, f.hi) for f in fs] == [(50000, 100000), (500, 1000)]


def test_fine_without_amount_is_reported_as_such():
    [f] = fines("违反本办法规定的，处以罚款。")
    assert f.max_amount is None and not f.is_multiple
