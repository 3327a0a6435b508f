"""Chinese numerals both ways, as used in 条/章 labels."""
import pytest
from hypothesis import given, strategies as st

from lawtext.numerals import article_label, cn_to_int, int_to_cn, parse_article_label


@pytest.mark.parametrize("cn,n", [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21), ("一百", 100), ("一百零五", 105),
    ("一百一十", 110), ("一百一十二", 112), ("二百零一", 201), ("一千零一", 1001), ("一千二百六十", 1260),
    ("两万", 20000), ("一万零一", 10001), ("二〇二三", 2023), ("零", 0), ("17", 17),
])
def test_cn_to_int(cn, n):
    assert cn_to_int(cn) == n


@pytest.mark.parametrize("n,cn", [
    (1, "一"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (100, "一百"), (105, "一百零五"),
    (110, "一百一十"), (1001, "一千零一"), (1010, "一千零一十"), (10000, "一万"), (10010, "一万零一十"),
])
def test_int_to_cn(n, cn):
    assert int_to_cn(n) == cn


@given(st.integers(min_value=0, max_value=99_999_999))
def test_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


@pytest.mark.parametrize("bad", ["", "  ", "条", "第一", "十x", "abc", "一.五"])
def test_cn_to_int_refuses_non_numerals(bad):
    with pytest.raises(ValueError):
        cn_to_int(bad)


def test_int_to_cn_refuses_negative():
    with pytest.raises(ValueError):
        int_to_cn(-1)


@pytest.mark.parametrize("label,expected", [
    ("第一条", (1, 0)), ("第十七条之一", (17, 1)), ("第一百零五条", (105, 0)), ("第二百条之十二", (200, 12)),
    (" 第三条 ", (3, 0)), ("第12条", (12, 0)),
])
def test_parse_article_label(label, expected):
    assert parse_article_label(label) == expected


@pytest.mark.parametrize("bad", ["第一章", "第一条规定", "一条", "第条", "第十七条之"])
def test_parse_article_label_refuses(bad):
    with pytest.raises(ValueError):
        parse_article_label(bad)


@given(st.integers(min_value=1, max_value=3000), st.integers(min_value=0, max_value=20))
def test_article_label_round_trip(number, suffix):
    label = article_label(number, suffix)
    assert label.startswith("第") and ("条之" in label) == bool(suffix)
    assert parse_article_label(label) == (number, suffix)
