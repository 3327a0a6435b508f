"""Legal vocabulary, written once: every module that reads Chinese legal text imports these.

Patterns are regular-expression *sources* (strings) unless their name ends in ``_RE``; compose
them with f-strings. ``tests/architecture/test_vocabulary.py`` fails when one of these literals
(a numeral class, an article label, the self-names of an instrument, the reference grammar, the
money and period units) is written again anywhere else.
"""
from __future__ import annotations

import re

# --- numerals ---------------------------------------------------------------------------------

CN_DIGIT_CHARS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "十百千万"
CN_NUMERAL = f"[{CN_NUMERAL_CHARS}]+"
NUMBER = rf"(?:{CN_NUMERAL}|\d+)"                     # the X of 第X条 / 第X款 / （X）
YEAR = rf"(?:\d{{4}}|[{CN_DIGIT_CHARS}]{{4}})"         # 2026 / 二〇二六

# an amount as written in a provision: 5万, 50,000, 0.5, 五千, 一点五 …
AMOUNT_CHARS = "0-9,.，．" + CN_NUMERAL_CHARS + "亿"
AMOUNT_NUMBER = rf"(?:\d[\d,，]*(?:\.\d+)?[万亿]?|[{CN_NUMERAL_CHARS}亿]+(?:点[{CN_NUMERAL_CHARS}亿]+)?)"
PERCENT = rf"百分之(?P<cn>[{CN_NUMERAL_CHARS}点]+)|(?P<arabic>\d+(?:\.\d+)?)\s*[%％]"   # 百分之五, 5%
MONEY_UNITS = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
MONEY_UNIT = "(?:亿元|万元|元)"
PERIOD_DAYS = {"日": 1, "天": 1, "工作日": 1, "个工作日": 1, "周": 7, "个月": 30, "年": 365,
               "小时": 1 / 24, "个小时": 1 / 24}
PERIOD_UNIT = "(?:" + "|".join(sorted(PERIOD_DAYS, key=len, reverse=True)) + ")"

CN_DIGIT_SEQUENCE = "〇一二三四五六七八九"               # index = value (Word's Chinese counting)
FINANCIAL_NUMERALS = str.maketrans("一二三四五六七八九十百千万零", "壹贰叁肆伍陆柒捌玖拾佰仟万零")

# --- structure labels -------------------------------------------------------------------------

ARTICLE_LABEL = rf"第{NUMBER}条(?:之{CN_NUMERAL})?"     # 第十七条, 第17条, 第十七条之一
ARTICLE_LABEL_GROUPS = rf"第({NUMBER})条(?:之({CN_NUMERAL}))?"   # groups: number, 之 suffix
ARTICLE_LABEL_RE = re.compile(rf"^{ARTICLE_LABEL_GROUPS}$")
CITED_ARTICLE = rf"《([^《》]+)》{ARTICLE_LABEL_GROUPS}"   # 《X》第N条: groups title, number, 之 suffix
ITEM_LABEL = rf"[（(]{NUMBER}[）)]"                     # （三）
HEADING_KINDS = ("编", "分编", "章", "节")
APPENDIX_RE = re.compile(rf"^(附件|附表|附录)(?:{NUMBER})?(?:[:：].*|$| ?[《“].*)|^附[:：]")
# the title of an implementing measure: 实施《中华人民共和国X法》办法 (a 地方性法规 form)
IMPLEMENTING_TITLE_RE = re.compile(r"实施《.+》(办法|规定)$")

# --- how an instrument names itself and others ------------------------------------------------

# 本条例 / 本办法 / 本规定 …: the self-names of a normative text (longest first in SELF_NAME)
SELF_NAMES = ("法", "条例", "规定", "办法", "细则", "规则", "决定", "意见", "通知", "实施办法", "实施细则",
              "若干规定", "准则", "标准", "方案", "规程", "章程", "制度")
SELF_NAME = "本(?:" + "|".join(sorted(SELF_NAMES, key=len, reverse=True)) + ")"
# a 政府规章 is named 规定 or 办法, never 条例 (规章制定程序条例第七条); 实施细则 are 规章 too
RULE_SELF_NAME = "本(?:办法|规定|细则)"
# a cited title in the text without 书名号: 依照中华人民共和国X法 / X管理条例 / X实施办法
UNQUOTED_TITLE = r"(中华人民共和国)?[\u4e00-\u9fa5]{2,20}?(法|条例|(管理|实施|若干|暂行)(规定|办法))"
# the last word of a law's or regulation's title: 行政处罚法, 物业管理条例, 实施办法 …
LAW_TITLE_SUFFIXES = ("法", "法典", "条例", "规定", "办法", "规则", "细则", "决定", "实施细则", "实施办法", "通则", "总则")
LAW_TITLE_SUFFIX = "(?:" + "|".join(sorted(LAW_TITLE_SUFFIXES, key=len, reverse=True)) + ")"
# an implementing text names the law it implements in its title (group 1): 实施《X》办法,
# 实施X法办法, X实施条例 / X实施细则 / X实施办法 (a province or city before X is not part of it)
IMPLEMENTED_LAW_IN_TITLE = (r"实施《([^《》]+)》", r"实施([^《》]{2,40}?法)办法$",
                            r"^(?:[^《》]*?省|[^《》]*?市)?(.+?)实施(?:条例|细则|办法)$")

# --- references: 第X条第X款第（X）项第X目, lists and ranges -----------------------------------

REFERENCE_TAIL = rf"(?:第{NUMBER}款)?(?:第[（(]{NUMBER}[）)]项|第{NUMBER}项)?(?:第{NUMBER}目)?"
REFERENCE = ARTICLE_LABEL + REFERENCE_TAIL
# the same with named groups: art, suf, para, item, and for a range 第X条至第Y条: range, art2
REFERENCE_NAMED = (rf"第(?P<art>{NUMBER})条(之(?P<suf>{NUMBER}))?(第(?P<para>{NUMBER})款)?(第[（(](?P<item>{NUMBER})[）)]项)?"
                   rf"(?P<range>(至|到)第(?P<art2>{NUMBER})条)?")
# a list of references up to a title: 第十条、第十二条和第十五条
REFERENCE_LIST_TAIL = rf"(第{NUMBER}条(之{NUMBER})?(第{NUMBER}款)?(第[（(]{NUMBER}[）)]项)?[、和及与或，,]?|至|到)+$"
RANGE_WORDS = ("至", "到")
LIST_WORDS = ("、", "和", "或", "及", "与", "以及", "或者")
# what may stand between two members of one list or range of references
REFERENCE_LINK = ("(?:[" + "".join(w for w in LIST_WORDS + RANGE_WORDS if len(w) == 1) + "]|"
                  + "|".join(w for w in LIST_WORDS if len(w) > 1)
                  + rf"|第{NUMBER}款|第[（(]{NUMBER}[）)]项|第{NUMBER}项)")

# --- the file layout of the corpus and of 题注 ---------------------------------------------------

INFO_END = "<!-- INFO END -->"
ADOPTION_LINE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日.*(通过|公布|修正|修订|批准|施行|发布|印发)")


def looks_like_preface(line: str) -> bool:
    """A 题注 line: in brackets, or a dated adoption/amendment line."""
    return (line.startswith(("（", "(")) and line.endswith(("）", ")"))) or bool(ADOPTION_LINE_RE.match(line))
