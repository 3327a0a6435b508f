"""Chinese numerals used in legal texts, both ways (第一百零五条 ↔ 105)."""
from __future__ import annotations

import re

from lawtext.vocabulary import ARTICLE_LABEL_RE, CN_NUMERAL_CHARS

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
_DIGIT_CHARS = "".join(sorted({c for c, v in DIGITS.items() if c != "两" and c != "〇"}, key=DIGITS.get))


def cn_to_int(text: str) -> int:
    """Convert a Chinese numeral (or ASCII digits) to an int.

    Handles 十七, 一百零五, 一千二百六十, 两万, 二〇二三 (digit-by-digit) and "17".
    Raises ValueError on anything else.
    """
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    if any(c not in CN_NUMERAL_CHARS for c in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(c in DIGITS for c in text) and len(text) > 1:
        # digit-by-digit form such as 二〇二三
        return int("".join(str(DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        elif ch == "万":
            section += digit or 0
            total += (section or 1) * 10000
            section, digit = 0, None
    section += digit or 0
    return total + section


BIG_UNITS = {"亿": 100_000_000, "万": 10_000}


def parse_number(text: str) -> float:
    """A quantity in any numeral style, as written in amounts, periods and ratios:
    5 / 5,000 / 1.5万 / 1亿5000万 / 五万 / 一千五百 / 两亿 / 二〇 / 二点五. Raises ValueError if not one.

    Unlike :func:`cn_to_int` (article numbers) it takes decimals and mixes digits with 万/亿.
    """
    t = text.strip().replace("，", ",").replace("．", ".").replace(",", "")
    if not t:
        raise ValueError("empty number")
    if "点" in t:                       # 二点五: the part after 点 is read digit by digit
        whole, frac = t.split("点", 1)
        if not whole:
            raise ValueError(f"not a number: {t!r}")
        return float(f"{int(_with_big_units(whole))}.{''.join(str(cn_to_int(c)) for c in frac)}")
    return _with_big_units(t)


def _with_big_units(t: str) -> float:
    for unit, value in BIG_UNITS.items():
        if unit in t:
            head, rest = t.split(unit, 1)
            return float((_with_big_units(head) if head else 1) * value + (_with_big_units(rest) if rest else 0))
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return float(t)
    if all(c in DIGITS for c in t) and len(t) > 1:      # digit by digit: 二〇
        return float("".join(str(DIGITS[c]) for c in t))
    total, digit = 0, None                               # below 万: 一千五百, 十五, 两百零五
    for ch in t.lstrip("零"):
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a number: {t!r}")
    return float(total + (digit or 0))


def int_to_cn(n: int) -> str:
    """Convert a non-negative int to the numeral used in 条 labels (105 → 一百零五, 10 → 十)."""
    if n < 0:
        raise ValueError("negative numeral")
    if n == 0:
        return "零"
    if n >= 10000:
        high, low = divmod(n, 10000)
        low_cn = ("一" if 10 <= low <= 19 else "") + int_to_cn(low)  # 一万零一十, not 一万零十
        rest = "" if low == 0 else ("零" if low < 1000 else "") + low_cn
        return int_to_cn(high) + "万" + rest
    parts: list[str] = []
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    zero_pending = False
    started = False
    for value, unit in units:
        d, n = divmod(n, value)
        if d:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            if not (value == 10 and d == 1 and not started):
                parts.append(_DIGIT_CHARS[d])
            parts.append(unit)
            started = True
        elif started and n:
            zero_pending = True
    return "".join(parts)


def article_label(number: int, suffix: int = 0) -> str:
    """第十七条 or 第十七条之一."""
    label = f"第{int_to_cn(number)}条"
    return label + (f"之{int_to_cn(suffix)}" if suffix else "")


def parse_article_label(label: str) -> tuple[int, int]:
    """'第十七条之一' → (17, 1). Raises ValueError if it is not an article label."""
    m = ARTICLE_LABEL_RE.match(label.strip())
    if not m:
        raise ValueError(f"not an article label: {label!r}")
    return cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0
