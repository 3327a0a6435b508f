"""Metadata inferred for files without a manifest row, checked against the manifest's own answers
on real corpus files (read with the one parser, file names stripped of their dates)."""
from __future__ import annotations

import pytest

from corpus import infer
from lawtext.files import read_path

CASES = [
    # path, level, locality, tier, region
    ("行政法/行政处罚法(2021-01-22).md", "法律", "全国", "national", "全国"),
    ("行政法规/专利代理条例(2018-11-06).md", "行政法规", "全国", "national", "全国"),
    ("司法解释/人民检察院刑事诉讼规则(2019-12-02).md", "司法解释", "全国", "national", "全国"),
    ("DLC/山东地方法规/地方性法规/山东/东营市养犬管理条例(2017-10-11).md", "地方性法规", "东营市", "city", "山东"),
    ("DLC/山东地方法规/地方性法规/山东/泰山风景名胜区保护管理条例(2020-11-27).md", "地方性法规", "山东省", "province", "山东"),
    ("DLC/山东地方法规/地方性法规/山东/烟台葡萄酒产区保护条例(2020-11-27).md", "地方性法规", "烟台市", "city", "山东"),
    ("DLC/广东地方法规/地方性法规/广东/深圳经济特区中医药条例(2023-01-06).md", "地方性法规", "深圳市", "city", "广东"),
    ("DLC/上海地方法规/地方性法规/上海/中国（上海）自由贸易试验区条例(2014-07-25).md", "地方性法规", "上海市", "province", "上海"),
    ("DLC/上海地方法规/地方性法规/上海/上海市养犬管理条例.md", "地方性法规", "上海市", "province", "上海"),
]
LEARNED = {"东营市": "山东", "烟台市": "山东", "深圳市": "广东"}   # what a corpus import teaches


@pytest.mark.parametrize("path,level,locality,tier,region", CASES)
def test_inferred_metadata_of_real_files(corpus_dir, path, level, locality, tier, region):
    doc = read_path(corpus_dir / path)
    name = path.rsplit("/", 1)[-1]
    got = infer.infer(doc, name, city_provinces=LEARNED)
    assert (got.level, got.locality, got.tier, got.region) == (level, locality, tier, region)
    assert got.title == doc.title
    assert got.version_date == infer.date_from_name(name) or not infer.date_from_name(name)


def test_version_dates_from_names_and_prefaces(corpus_dir):
    assert infer.date_from_name("立法法(2023-03-13).md") == "2023-03-13"
    assert infer.date_from_name("某市条例2021年3月5日修订.docx") == "2021-03-05"
    assert infer.date_from_name("养犬管理办法20190701.txt") == "2019-07-01"
    assert infer.date_from_name("上海港口条例.md") == ""
    doc = read_path(corpus_dir / "DLC/山东地方法规/地方性法规/山东/东营市养犬管理条例(2017-10-11).md")
    assert infer.dates_in(doc.preface) == ["2017-08-31", "2017-09-30"]
    assert infer.version_date(doc, "东营市养犬管理条例.md") == "2017-09-30"     # the latest 题注 date
    assert infer.title_from_name("a/b/立法法(2023-03-13).md") == "立法法"


def test_places_from_titles():
    assert infer.locality("吉林市城市供水条例", None, level="地方性法规")[:2] == ("吉林市", "city")
    assert infer.locality("吉林省城市供水条例", None, level="地方性法规")[:2] == ("吉林省", "province")
    assert infer.locality("城市供水条例", None, level="行政法规") == ("全国", "national", "全国")
    assert infer.locality("济南市养犬管理条例", None, city_provinces={"济南市": "山东"}) == ("济南市", "city", "山东")
    assert infer.locality("山东省济南市养犬管理条例", None) == ("济南市", "city", "山东")
