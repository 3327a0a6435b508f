"""Word-level diff inside one article, and flags for substantive changes.

The diff runs diff-match-patch over word tokens (``lawtext.nlp.tokens``): each distinct token
is mapped to one private-use code point (the linesToChars trick), the code strings are diffed
and cleaned up with ``diff_cleanupSemantic`` (on the codes, so no clean-up step can cut a word
in two), then mapped back to text, so 一万元 → 十万元 shows
as [-一万元-]{+十万元+} rather than 一→十. The default 1 s ``Diff_Timeout`` is kept; callers diff
article by article (see stack-notes).

Flags (``Flag.kind``):

- ``modal``: the multiset of 应当/可以/不得/禁止/必须/严禁/不应当 differs;
- ``amount``: money amounts differ (罚款, 以上…以下 ranges; 一万元, 1.5万元, 10,000元, 五十万元);
- ``period``: time limits differ (十五日, 30个工作日, 三个月, 二年);
- ``ratio``: proportions differ (百分之五, 5%, 千分之三, 三分之一, 三倍);
- ``body``: the responsible bodies named differ (…部门, …局, …委员会, …政府, …厅, 机关);
- ``items``: 项 were added or removed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from lawtext.vocabulary import AMOUNT_NUMBER, ITEM_LABEL, MONEY_UNIT, MONEY_UNITS, PERIOD_DAYS, PERIOD_UNIT, YEAR
from lawtext.nlp import tokens
from lawtext.numerals import parse_number

OPS = {-1: "delete", 0: "equal", 1: "insert"}
FLAG_NAMES = {"modal": "情态词", "amount": "金额", "period": "期限", "ratio": "比例", "body": "责任主体",
              "items": "项"}


@dataclass
class DiffOp:
    op: str    # "equal" | "insert" | "delete"
    text: str

    def to_dict(self) -> dict:
        return {"op": self.op, "text": self.text}


@dataclass
class Flag:
    kind: str     # one of FLAG_NAMES
    detail: str   # Chinese, e.g. "应当 → 可以"

    @property
    def name(self) -> str:
        return FLAG_NAMES.get(self.kind, self.kind)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "detail": self.detail}


# --- diff -------------------------------------------------------------------------------

_PRIVATE_START = 0xE000


def _encode(toks: list[str], table: dict[str, str], back: list[str]) -> str:
    out = []
    for t in toks:
        c = table.get(t)
        if c is None:
            code = _PRIVATE_START + len(back)
            if code > 0xF8FF:          # past the BMP private-use area: supplementary private use
                code = 0xF0000 + (code - 0xF900)
            c = chr(code)
            table[t] = c
            back.append(t)
        out.append(c)
    return "".join(out)


def diff_words(old: str, new: str, *, timeout: float = 1.0) -> list[DiffOp]:
    """Word-granular diff of two texts as a list of ops (consecutive ops never share a kind)."""
    if old == new:
        return [DiffOp("equal", old)] if old else []
    table: dict[str, str] = {}
    back: list[str] = []
    a = _encode(tokens(old), table, back)
    b = _encode(tokens(new), table, back)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(a, b, False)
    # clean up on the token codes, so merges and common-affix factoring never split a word
    dmp.diff_cleanupSemantic(diffs)
    start = _PRIVATE_START
    decoded = []
    for op, s in diffs:
        words = []
        for ch in s:
            code = ord(ch)
            idx = code - start if code <= 0xF8FF else code - 0xF0000 + (0xF900 - start)
            words.append(back[idx])
        decoded.append((op, "".join(words)))
    out: list[DiffOp] = []
    for op, s in decoded:
        if not s:
            continue
        if out and out[-1].op == OPS[op]:
            out[-1].text += s
        else:
            out.append(DiffOp(OPS[op], s))
    return out


def render_markup(ops: list[DiffOp]) -> str:
    """Plain-text redline: [-deleted-]{+inserted+}."""
    parts = []
    for o in ops:
        if o.op == "delete":
            parts.append(f"[-{o.text}-]")
        elif o.op == "insert":
            parts.append(f"{{+{o.text}+}}")
        else:
            parts.append(o.text)
    return "".join(parts)


def old_side(ops: list[DiffOp]) -> str:
    return "".join(o.text for o in ops if o.op != "insert")


def new_side(ops: list[DiffOp]) -> str:
    return "".join(o.text for o in ops if o.op != "delete")


# --- numbers ------------------------------------------------------------------------------

_NUM = AMOUNT_NUMBER
_DATE = re.compile(rf"{YEAR}年(?:{_NUM}月)?(?:{_NUM}日)?|{_NUM}月{_NUM}日")

_MONEY = re.compile(rf"({_NUM})\s*({MONEY_UNIT})")
_PERIOD = re.compile(rf"({_NUM})\s*({PERIOD_UNIT})")
_RATIO = [
    (re.compile(rf"({_NUM})\s*[%％]"), lambda m: parse_number(m.group(1)) / 100),
    (re.compile(rf"({_NUM})分之({_NUM})"), lambda m: parse_number(m.group(2)) / parse_number(m.group(1))),
    (re.compile(rf"({_NUM})倍"), lambda m: parse_number(m.group(1))),
]
_UNIT_SCALE = MONEY_UNITS
_PERIOD_DAYS = PERIOD_DAYS


def _quantities(text: str) -> dict[str, Counter]:
    """Money (in 元), periods (in days, 工作日 kept apart) and ratios found in a text."""
    text = _DATE.sub("", text)
    out = {"amount": Counter(), "period": Counter(), "ratio": Counter()}
    for m in _MONEY.finditer(text):
        try:
            out["amount"][(round(parse_number(m.group(1)) * _UNIT_SCALE[m.group(2)], 2), m.group(0))] += 1
        except ValueError:
            pass
    for m in _PERIOD.finditer(text):
        try:
            unit = m.group(2)
            value = parse_number(m.group(1)) * _PERIOD_DAYS[unit]
            out["period"][(round(value, 3), "工作日" in unit, m.group(0))] += 1
        except ValueError:
            pass
    for rx, value in _RATIO:
        for m in rx.finditer(text):
            try:
                out["ratio"][(round(value(m), 6), m.group(0))] += 1
            except (ValueError, ZeroDivisionError):
                pass
    return out


def _values(c: Counter) -> Counter:
    """Drop the surface form: 10000元 and 一万元 are the same amount."""
    v: Counter = Counter()
    for key, n in c.items():
        v[key[:-1]] += n
    return v


def _surface(c: Counter, keys) -> list[str]:
    return [key[-1] for key in c if key[:-1] in keys]


# --- other flags -------------------------------------------------------------------------------

_MODAL = re.compile(r"不应当|应当|可以|不得|禁止|必须|严禁")
_BODY_SUFFIX = r"(?:主管部门|部门|管理局|局|委员会|政府|厅|署|办公室|机关|机构)"
_BODY = re.compile(rf"[\u4e00-\u9fff]{{1,14}}?{_BODY_SUFFIX}")
_BODY_CUT = re.compile(r".*(?:由|经|向|报|会同|和|与|及|或者|并|的|对|在|按照|依照|根据|是|为|被|应当|可以|负责|设立|其他|有关|相关|等|、|，|。|；|：)")
_ITEM_LINE = re.compile(rf"^{ITEM_LABEL}", re.M)


def _bodies(text: str) -> Counter:
    out: Counter = Counter()
    for line in text.split("\n"):
        for m in _BODY.finditer(line):
            name = _BODY_CUT.sub("", m.group(0))
            if len(name) >= 2 and name not in ("部门", "机关", "机构", "政府", "委员会", "有关部门"):
                out[name] += 1
            elif name in ("政府",):
                out[name] += 1
    return out


def _change_detail(old: Counter, new: Counter) -> str:
    removed = list((old - new).elements())
    added = list((new - old).elements())
    parts = []
    if removed:
        parts.append("删除：" + "、".join(removed))
    if added:
        parts.append("新增：" + "、".join(added))
    return "；".join(parts)


def substantive_flags(old: str, new: str) -> list[Flag]:
    """Flags for changes a reviewer must not miss (see the module docstring). Empty if old == new."""
    if old == new:
        return []
    flags: list[Flag] = []
    mo, mn = Counter(_MODAL.findall(old)), Counter(_MODAL.findall(new))
    if mo != mn:
        flags.append(Flag("modal", _change_detail(mo, mn)))
    qo, qn = _quantities(old), _quantities(new)
    for kind in ("amount", "period", "ratio"):
        vo, vn = _values(qo[kind]), _values(qn[kind])
        if vo != vn:
            gone = _surface(qo[kind], set((vo - vn).keys()))
            came = _surface(qn[kind], set((vn - vo).keys()))
            detail = " → ".join(x for x in ("、".join(gone) or "（无）", "、".join(came) or "（无）"))
            flags.append(Flag(kind, detail))
    bo, bn = _bodies(old), _bodies(new)
    if set(bo) != set(bn):
        flags.append(Flag("body", _change_detail(Counter(set(bo)), Counter(set(bn)))))
    io, in_ = len(_ITEM_LINE.findall(old)), len(_ITEM_LINE.findall(new))
    if io != in_:
        flags.append(Flag("items", f"{'新增' if in_ > io else '删除'}{abs(in_ - io)}项（{io} → {in_}）"))
    return flags


def diff_article_texts(old: str, new: str) -> tuple[list[DiffOp], list[Flag]]:
    """Diff ops and substantive flags of one article's old and new text."""
    return diff_words(old, new), substantive_flags(old, new)
