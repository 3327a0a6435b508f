"""Word/WPS automatic numbering: compute the label a paragraph shows (第一条, （二）, 3.).

In many drafts the 条 labels and （一） items are not text at all but come from numbering
definitions (``word/numbering.xml``): a paragraph carries ``w:numPr`` (numId, ilvl), directly or
through its paragraph style; ``w:num`` points at a ``w:abstractNum`` whose ``w:lvl`` gives the
format (``chineseCounting`` …), the pattern (``第%1条``), the start value and when the level restarts.
:class:`NumberingState` replays the counters in document order the way Word does: all ``w:num``
sharing an abstractNum share its counters; a ``w:num`` with ``w:startOverride`` restarts the list
where it is first used (LibreOffice relies on this when it saves restarted lists); deeper levels
restart when a higher level is used unless ``w:lvlRestart`` says otherwise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lawtext.numerals import int_to_cn
from lawtext.vocabulary import CN_DIGIT_SEQUENCE, FINANCIAL_NUMERALS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def wval(el, tag: str, attr: str = "val") -> str | None:
    """The w:val (or another attribute) of the child ``tag`` of ``el``, else None."""
    if el is None:
        return None
    child = el.find(w(tag))
    if child is None:
        return None
    return child.get(w(attr))


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --- number formats ------------------------------------------------------------------------
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_DIGITS = CN_DIGIT_SEQUENCE
_LEGAL = FINANCIAL_NUMERALS
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz, aaa …
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render ``n`` in a Word ``w:numFmt`` (unknown formats fall back to decimal)."""
    if fmt in ("none", "bullet"):
        return ""
    if n <= 0 and fmt not in ("decimal", "decimalZero"):
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"):
        return int_to_cn(n)
    if fmt == "chineseLegalSimplified":
        cn = int_to_cn(n)
        if cn.startswith("十"):
            cn = "一" + cn
        return cn.translate(_LEGAL)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return _PAREN[n - 1] if n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return _FULLSTOP[n - 1] if n <= 20 else f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    return str(n)


# --- definitions ---------------------------------------------------------------------------
@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # None: restart after any higher level; 0: never; k: after levels 1..k
    legal: bool = False          # w:isLgl: show every level as decimal
    pstyle: str | None = None


def _parse_level(el) -> Level:
    lv = Level()
    lv.start = _int(wval(el, "start"), 1)
    lv.fmt = wval(el, "numFmt") or "decimal"
    text = wval(el, "lvlText")
    lv.text = text if text is not None else ""
    restart = wval(el, "lvlRestart")
    lv.restart = _int(restart) if restart is not None else None
    lgl = el.find(w("isLgl"))
    lv.legal = lgl is not None and lgl.get(w("val"), "1") not in ("0", "false", "off")
    lv.pstyle = wval(el, "pStyle")
    return lv


@dataclass
class Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


@dataclass
class NumberingDefinitions:
    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)  # abstractNumId → numStyleLink style id
    nums: dict[str, Num] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root) -> "NumberingDefinitions":
        defs = cls()
        if root is None:
            return defs
        for a in root.findall(w("abstractNum")):
            aid = a.get(w("abstractNumId"))
            defs.abstracts[aid] = {_int(l.get(w("ilvl")), 0): _parse_level(l) for l in a.findall(w("lvl"))}
            link = wval(a, "numStyleLink")
            if link:
                defs.style_links[aid] = link
        for n in root.findall(w("num")):
            num = Num(abstract_id=wval(n, "abstractNumId") or "")
            for o in n.findall(w("lvlOverride")):
                ilvl = _int(o.get(w("ilvl")), 0)
                so = _int(wval(o, "startOverride"))
                if so is not None:
                    num.start_overrides[ilvl] = so
                lvl = o.find(w("lvl"))
                if lvl is not None:
                    num.level_overrides[ilvl] = _parse_level(lvl)
            defs.nums[n.get(w("numId"))] = num
        return defs

    def resolve_abstract(self, num_id: str, style_num: dict[str, str]) -> str | None:
        """abstractNum id for a numId, following ``w:numStyleLink`` to the linked style's list."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        aid = num.abstract_id
        for _ in range(5):
            link = self.style_links.get(aid)
            if not link or link not in style_num:
                break
            target = self.nums.get(style_num[link])
            if target is None or target.abstract_id == aid:
                break
            aid = target.abstract_id
        return aid if aid in self.abstracts else None


class NumberingState:
    """Replays the numbering counters in document order."""

    def __init__(self, defs: NumberingDefinitions, style_num: dict[str, str] | None = None):
        self.defs = defs
        self.style_num = style_num or {}   # style id → numId (for numStyleLink)
        self.counters: dict[str, dict[int, int]] = {}   # abstractNum id → level → value
        self.starts: dict[str, dict[int, int]] = {}     # abstractNum id → level → overridden start
        self.seen_nums: set[str] = set()

    def levels_for(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        aid = self.defs.resolve_abstract(num_id, self.style_num)
        if aid is None:
            return None
        num = self.defs.nums[num_id]
        levels = dict(self.defs.abstracts[aid])
        levels.update(num.level_overrides)
        return aid, levels

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """The ilvl whose ``w:pStyle`` is ``style_id`` (numbering attached to heading styles)."""
        found = self.levels_for(num_id)
        if not found:
            return None
        for ilvl, lv in found[1].items():
            if lv.pstyle == style_id:
                return ilvl
        return None

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the label the paragraph shows."""
        if not num_id or num_id == "0":
            return ""
        found = self.levels_for(num_id)
        if not found:
            return ""
        aid, levels = found
        if ilvl not in levels:
            return ""
        num = self.defs.nums[num_id]
        state = self.counters.setdefault(aid, {})
        starts = self.starts.setdefault(aid, {})
        if num_id not in self.seen_nums:
            # Word: a w:num with a startOverride restarts the shared list where it first appears
            self.seen_nums.add(num_id)
            for lv, value in num.start_overrides.items():
                state.pop(lv, None)
                starts[lv] = value

        def start(lv: int) -> int:
            if lv in starts:
                return starts[lv]
            return levels[lv].start if lv in levels else 1

        state[ilvl] = state[ilvl] + 1 if ilvl in state else start(ilvl)
        for deeper in [d for d in state if d > ilvl]:
            r = levels[deeper].restart if deeper in levels else None
            if r is None or (r > 0 and ilvl + 1 <= r):
                del state[deeper]
        lv = levels[ilvl]
        if lv.fmt == "bullet":
            return ""

        def render(m: re.Match) -> str:
            ref = int(m.group(1)) - 1
            value = state.get(ref, start(ref))
            fmt = levels[ref].fmt if ref in levels else "decimal"
            if lv.legal:
                fmt = "decimal"
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", render, lv.text)
