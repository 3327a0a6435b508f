"""Metadata of a regulation file that has no manifest row: title, 效力级别, version date, region.

Everything is inferred from the parsed tree (title, 题注) and the file name, never by re-parsing
text. ``locality`` is the enacting area (全国, 山东省, 济南市, …) and ``tier`` its rank
(national / province / city / county); together with ``region`` (the province, as in
manifest.tsv) they decide what is 上位法 for a draft (see corpus.conflicts).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lawtext.vocabulary import CN_NUMERAL, IMPLEMENTING_TITLE_RE, YEAR
from lawtext.model import LegalDocument
from lawtext.numerals import cn_to_int

# National levels first, in order of rank (lower number = higher rank).
LEVEL_RANK = {"宪法": 0, "法律": 1, "行政法规": 2, "监察法规": 2, "部门规章": 4, "司法解释": 4,
              "地方性法规": 3, "政府规章": 5, "行政规范性文件": 6, "其他": 7}
NATIONAL_LEVELS = {"宪法", "法律", "行政法规", "监察法规", "部门规章", "司法解释"}

# Provincial-level divisions: short name → full name.
PROVINCES = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "河北": "河北省", "山西": "山西省",
    "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省", "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省",
    "福建": "福建省", "江西": "江西省", "山东": "山东省", "河南": "河南省", "湖北": "湖北省", "湖南": "湖南省",
    "广东": "广东省", "海南": "海南省", "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省", "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区",
    "西藏": "西藏自治区", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
}

_DATE_ISO = re.compile(r"(\d{4})[-.](\d{1,2})[-.](\d{1,2})")
_DATE_CN = re.compile(rf"({YEAR})年(\d{{1,2}}|{CN_NUMERAL})月(\d{{1,2}}|{CN_NUMERAL})日")
_NAME_DATE = re.compile(r"[（(]\s*(\d{4}-\d{1,2}-\d{1,2})\s*[）)]\s*$")
# "济南市第十七届人民代表大会常务委员会", "山东省人民政府令", "深圳经济特区" …
_ENACTOR = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:省|自治区|市|自治州|州|盟|自治县|县|区))"
                      rf"(?:第{CN_NUMERAL}届)?(人民代表大会|人民政府)")
_LOCAL_PREFIX = re.compile(r"^([\u4e00-\u9fff]{2,8}?(?:自治州|自治县|市|州|盟|县))")
_SEZ = re.compile(r"^([\u4e00-\u9fff]{2,3})经济特区")
# Central organs (国务院 and its departments, 国家… bureaus): never a place, whatever they contain
# (国家市场监督管理总局 is not a 「国家市」).
_CENTRAL_PREFIX = re.compile(r"^(中华人民共和国|国务院|国家|中共中央|中央|全国人民代表大会|全国人大|最高人民|中国人民银行)")
_CENTRAL_DEPARTMENT = re.compile(r"^[\u4e00-\u9fff]{2,10}(部|委员会|总局|总署)")
_PLACE_CHARS = re.compile(r"[省市县区州盟旗]")


@dataclass
class Inferred:
    title: str
    level: str
    region: str          # province short name (山东) or 全国; "" when unknown
    locality: str        # 全国 / 山东省 / 济南市 …
    tier: str            # national / province / city / county / ""
    version_date: str    # ISO date or ""
    issuing_body: str


def iso_date(y: str, m: str, d: str) -> str:
    try:
        yi, mi, di = (cn_to_int(y), cn_to_int(m), cn_to_int(d))
    except ValueError:
        return ""
    if not (1949 <= yi <= 2100 and 1 <= mi <= 12 and 1 <= di <= 31):
        return ""
    return f"{yi:04d}-{mi:02d}-{di:02d}"


def date_from_name(name: str) -> str:
    """Version date in a file name: 立法法(2023-03-13).md, …2023年3月13日….docx, …20230313…"""
    stem = re.sub(r"\.(md|markdown|txt|docx)$", "", name, flags=re.I)
    m = _DATE_ISO.search(stem) or _DATE_CN.search(stem)
    if m:
        return iso_date(*m.groups())
    m = re.search(r"(?<!\d)(19[5-9]\d|20\d\d)(\d\d)(\d\d)(?!\d)", stem)
    return iso_date(*m.groups()) if m else ""


def dates_in(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        for m in _DATE_CN.finditer(line):
            d = iso_date(*m.groups())
            if d:
                out.append(d)
    return out


def version_date(doc: LegalDocument, filename: str) -> str:
    """The file name's date, else the latest date of the 题注 (adoption/amendment history)."""
    d = date_from_name(filename)
    if d:
        return d
    found = dates_in(doc.preface) or dates_in(doc.preamble[:3])
    return max(found) if found else ""


def title_from_name(filename: str) -> str:
    stem = re.sub(r"\.(md|markdown|txt|docx)$", "", filename.rsplit("/", 1)[-1], flags=re.I)
    return _NAME_DATE.sub("", stem).strip()


def province_of(text: str) -> str:
    """Short province name if ``text`` starts with a province (full or short name)."""
    for short, full in sorted(PROVINCES.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(full) or text.startswith(short):
            return short
    return ""


def enactor(doc: LegalDocument) -> tuple[str, str]:
    """(area, body kind) of the enacting organ named in the 题注: ("济南市", "人民代表大会")."""
    for line in doc.preface + doc.preamble[:2]:
        m = _ENACTOR.search(line)
        if m:
            return m.group(1), m.group(2)
    return "", ""


def central_organ(name: str) -> bool:
    """Whether ``name`` (an issuing body, or a title that starts with one) is a central organ."""
    name = (name or "").strip()
    if _CENTRAL_PREFIX.match(name):
        return True
    m = _CENTRAL_DEPARTMENT.match(name)
    return bool(m) and not _PLACE_CHARS.search(m.group(0))


def locality(title: str, doc: LegalDocument | None = None, *, level: str = "",
             city_provinces: dict[str, str] | None = None) -> tuple[str, str, str]:
    """(locality, tier, region) of a document from its title, then its enacting organ."""
    if level in NATIONAL_LEVELS or title.startswith("中华人民共和国"):
        return "全国", "national", "全国"
    city_provinces = city_provinces or {}
    title = re.sub(r"^中国[（(]([\u4e00-\u9fff]{2,3})[）)]", r"\1", title)  # 中国（上海）自由贸易试验区条例
    prov = province_of(title)
    if prov:
        full = PROVINCES[prov]
        if title.startswith(prov + "市") and not full.endswith("市"):  # 吉林市 is a city of 吉林省
            return _city(prov + "市", prov)
        rest = title[len(full):] if title.startswith(full) else title[len(prov):]
        m = _LOCAL_PREFIX.match(rest)
        if m and prov not in ("北京", "天津", "上海", "重庆") and m.group(1) != rest:
            return _city(m.group(1), prov)
        return full, "province", prov
    m = _SEZ.match(title)
    if m:
        city = m.group(1) + "市"
        return city, "city", city_provinces.get(city, "")
    m = _LOCAL_PREFIX.match(title)
    if m and (m.group(1) in city_provinces or doc is None or enactor(doc)[0].startswith(m.group(1))):
        return _city(m.group(1), city_provinces.get(m.group(1), ""))
    if doc is not None:
        area, _ = enactor(doc)
        if area:
            prov = province_of(area)
            if prov and area in (PROVINCES[prov], prov):
                return PROVINCES[prov], "province", prov
            if prov:
                return _city(area[len(PROVINCES[prov]):] or area, prov)
            return _city(area, city_provinces.get(area, ""))
    if level in ("地方性法规", "政府规章", "行政规范性文件"):
        return "", "", ""
    return "全国", "national", "全国"


def _city(name: str, region: str) -> tuple[str, str, str]:
    tier = "county" if name.endswith(("县", "自治县")) else "city"
    return name, tier, region


def infer_level(title: str, doc: LegalDocument, *, local: bool) -> str:
    """效力级别 from the title and the enacting organ named in the 题注."""
    head = " ".join(doc.preface + doc.preamble[:2])
    if title in ("中华人民共和国宪法", "宪法"):
        return "宪法"
    if re.search(r"最高人民(法院|检察院)", title + head[:120]):
        return "司法解释"
    area, body = enactor(doc)
    if not local:
        if "全国人民代表大会" in head or (title.startswith("中华人民共和国") and title.endswith("法")):
            return "法律"
        if "国务院" in head or "国务院" in title or title.endswith("条例"):
            return "行政法规"
        if re.search(r"(部|委员会|总局|总署|局|署|行|会)令", head) or title.endswith(("办法", "规定", "细则")):
            return "部门规章"
        return "其他"
    if body == "人民代表大会" or re.search(r"人民代表大会(常务委员会)?", head):
        return "地方性法规"
    if body == "人民政府" or re.search(r"人民政府令|人民政府第.{1,8}次常务会议", head):
        if re.search(r"(通知|意见|公告|通告)$", title) or "办公厅" in head:
            return "行政规范性文件"
        return "政府规章"
    if re.search(r"(通知|意见|公告|通告)$", title):
        return "行政规范性文件"
    if title.endswith(("条例", "决定")) or IMPLEMENTING_TITLE_RE.search(title):
        return "地方性法规"
    if title.endswith(("办法", "规定", "细则", "规则")):
        return "政府规章"
    return "其他"


def infer(doc: LegalDocument, filename: str, *, city_provinces: dict[str, str] | None = None) -> Inferred:
    """All metadata for a file outside a manifest."""
    title = (doc.title or title_from_name(filename)).strip()
    loc, tier, region = locality(title, doc, city_provinces=city_provinces)
    local = tier not in ("national",) and (loc != "" or _LOCAL_PREFIX.match(title) is not None)
    level = infer_level(title, doc, local=local)
    if level in NATIONAL_LEVELS:
        loc, tier, region = "全国", "national", "全国"
    area, body = enactor(doc)
    issuing = f"{area}{body}" if area else ""
    return Inferred(title=title, level=level, region=region, locality=loc, tier=tier,
                    version_date=version_date(doc, filename), issuing_body=issuing)
