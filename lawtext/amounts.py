"""Fine amounts in any numeral style: 五万元, 5万元, 50000元, 5,000元, 0.5万元, 一千五百元, 两万元,
ranges (一万元以上五万元以下, 一千元至五千元) and multiples (违法所得一倍以上三倍以下, 货值金额三倍).

:func:`parse_amount` converts one amount to yuan (numbers are read by lawtext.numerals.parse_number);
:func:`fines` finds every 罚款 in a sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lawtext.numerals import parse_number
from lawtext.vocabulary import AMOUNT_CHARS

NUM_CHARS = AMOUNT_CHARS
NUM = f"[{NUM_CHARS}]+"

# one amount of money: digits/numerals, optional 万/亿 (may be inside NUM already), then 元
AMOUNT_RE = re.compile(rf"(?P<num>{NUM})元")
MULTIPLE_BASES = r"(违法所得|货值金额|违法收入|违法经营额|营业额|销售额|工程造价|合同价款|应缴(纳)?(费用|税款|款项)|应(当)?缴(纳)?的[^，。；]{0,8}|(所|逃|欠|拒)缴[^，。；]{0,8}|非法所得|评估价值|价值|费用|价款|金额|总额|款额|数额|费|款)"
MULTIPLE_RE = re.compile(rf"(?P<base>{MULTIPLE_BASES})?(?P<lo>[{NUM_CHARS}]+)倍(以上(?P<hi>[{NUM_CHARS}]+)倍)?(以下)?")
PERCENT_RE = re.compile(rf"(?P<base>{MULTIPLE_BASES})?百分之(?P<lo>[{NUM_CHARS}]+)(以上(百分之)?(?P<hi>[{NUM_CHARS}]+))?")


def parse_amount(text: str) -> int:
    """An amount of money to yuan: '五万元' → 50000, '5万元' → 50000, '50000元' → 50000,
    '0.5万元' → 5000, '一千五百元' → 1500. Raises ValueError if ``text`` is not an amount."""
    t = text.strip()
    if t.endswith("元"):
        t = t[:-1]
    return int(round(parse_number(t)))


@dataclass(frozen=True)
class Fine:
    """One 罚款 in a sentence. Amounts in yuan; ``multiple_*`` for 倍数 fines (base e.g. 违法所得)."""
    text: str
    lo: int | None = None
    hi: int | None = None
    multiple_lo: float | None = None
    multiple_hi: float | None = None
    percent_lo: float | None = None
    percent_hi: float | None = None
    base: str = ""

    @property
    def max_amount(self) -> int | None:
        return self.hi if self.hi is not None else self.lo

    @property
    def is_multiple(self) -> bool:
        return self.multiple_lo is not None or self.percent_lo is not None


# a fine phrase: from 处/并处/罚款 back to the start of the comma segment
_FINE_SEGMENT = re.compile(r"[^，,；;。：:]*?罚款")


def fines(sentence: str) -> list[Fine]:
    """Every fine stated in a sentence, e.g. '处一万元以上五万元以下的罚款' → Fine(lo=10000, hi=50000)."""
    out: list[Fine] = []
    for m in _FINE_SEGMENT.finditer(sentence):
        seg = m.group(0)
        # only the part after the last 处/罚/至 verb-ish anchor matters; keep the whole segment
        amounts = []
        for a in AMOUNT_RE.finditer(seg):
            try:
                amounts.append(parse_amount(a.group(0)))
            except ValueError:
                continue
        f = None
        mult = MULTIPLE_RE.search(seg)      # a 倍数 fine, else a 百分之 fine
        ratio, kind = (mult, "multiple") if mult else (PERCENT_RE.search(seg), "percent")
        if ratio:
            try:
                lo = parse_number(ratio.group("lo"))
                hi = parse_number(ratio.group("hi")) if ratio.group("hi") else None
                f = Fine(seg, base=ratio.group("base") or "", **{f"{kind}_lo": lo, f"{kind}_hi": hi})
            except ValueError:
                f = None
        if amounts:
            lo, hi = _range(seg, amounts)
            if f is not None:   # 倍数 fine with a floor/cap in money (…三倍以下，最高不超过十万元)
                f = replace(f, lo=lo, hi=hi)
            else:
                f = Fine(seg, lo=lo, hi=hi)
        if f is not None:
            out.append(f)
        elif "罚款" in seg:
            out.append(Fine(seg))
    return out


def _range(seg: str, amounts: list[int]) -> tuple[int | None, int | None]:
    if len(amounts) >= 2:
        return min(amounts[-2:]), max(amounts[-2:])
    a = amounts[0]
    if re.search(r"元(以下|之下)", seg) or re.search(r"(不超过|最高|至多|不得超过)[^，]*元", seg):
        return None, a
    if re.search(r"元以上(的)?罚款", seg):
        return a, None
    return a, a
