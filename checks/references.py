"""Internal references (本条例第X条, 第X条第X款第（X）项) and continuous numbering."""
from __future__ import annotations

import re

from lawtext.numerals import cn_to_int, article_label

from checks.base import Context, Hit, rule
from lawtext.vocabulary import LAW_TITLE_SUFFIX, NUMBER, REFERENCE_LIST_TAIL, REFERENCE_NAMED, SELF_NAME

_N = NUMBER
_REF = re.compile(REFERENCE_NAMED)
_SELF = re.compile(rf"{SELF_NAME}$")
# characters that may sit between a cited title and a later 第X条 of the same title (第十条、第十二条和第十五条)
_LIST_GLUE = re.compile(REFERENCE_LIST_TAIL)


def _external(text: str, start: int) -> bool:
    """Does the 第X条 at ``start`` belong to another law (《…》第X条, …法第X条)?"""
    before = text[:start]
    glued = _LIST_GLUE.search(before)
    if glued:
        before = before[:glued.start()]
    if _SELF.search(before):
        return False
    if before.endswith("》"):
        return True
    if re.search(rf"{LAW_TITLE_SUFFIX}$", before) and not re.search(r"本[^，。；]{0,6}$", before):
        return True
    if re.search(r"(上述|该|同|上位)(法|法律|法规|条例)?$", before):
        return True
    return False


def _glued_article(c, m) -> bool:
    """A 第X条 that starts a new sentence and is the next article number: an article heading glued
    to the previous paragraph (a formatting fault reported by REF-NUMBERING), not a reference."""
    if c.article is None:
        return False
    before = c.masked[:m.start()].rstrip(" ")
    n = _num(m.group("art"))
    return (before == "" or before.endswith(("。", "；", "：", "章", "则"))) and n is not None and \
        n == c.article.number + 1 and not m.group("para")


def _num(s: str | None) -> int | None:
    if not s:
        return None
    try:
        return cn_to_int(s)
    except ValueError:
        return None


@rule("REF-INTERNAL", title="内部引用指向不存在的条款", levels="LR GR ND", severity="error", head=0,
      basis="立法技术规范（试行）（一）（条文引用应准确）；《中华人民共和国立法法》第七条第二款（法律规范应当明确、具体）")
def ref_internal(ctx: Context):
    """
    What it checks: 「本条例第X条」「依照第X条第X款第（X）项」等内部引用是否指向草案中实际存在的条、款、项。
    Why: 引用落空会使罚则或义务失去对象，修改过程中增删条文后尤其常见。
    Fires on: 共三十条的草案中「违反本条例第三十五条规定的」；第十二条只有两款时「第十二条第三款」。
    Does not fire on: 「违反本条例第十二条第二款规定的」（存在）；「依照《中华人民共和国行政许可法》第十二条」（外部引用）。
    Basis: 立法技术规范（试行）（一）；立法法第七条第二款。
    """
    doc = ctx.tree
    if not doc.articles:
        return
    by_key = {(a.number, a.suffix): a for a in doc.articles}
    for c in ctx.clauses:
        for m in _REF.finditer(c.masked):
            if _external(c.masked, m.start()):
                continue
            if _glued_article(c, m):
                continue
            n, suf = _num(m.group("art")), _num(m.group("suf")) or 0
            if n is None:
                continue
            target = by_key.get((n, suf))
            label = m.group(0) if not m.group("range") else m.group(0)
            if target is None:
                yield Hit(f"引用的「{label}」在草案中不存在。", c, m.start(), m.end())
                continue
            n2 = _num(m.group("art2"))
            if n2 is not None and (n2, 0) not in by_key:
                yield Hit(f"引用范围的终点第{m.group('art2')}条在草案中不存在。", c, m.start(), m.end())
            para = _num(m.group("para"))
            if para is not None:
                paras = target.paragraphs
                if para > len(paras):
                    merged = len(paras) == 1 and paras[0].text.count("。") >= 2
                    yield Hit(f"{target.label}只有 {len(paras)} 款，引用的第{m.group('para')}款不存在"
                              + ("（该条为多句一段，如原文分款请核对分段）。" if merged else "。"), c, m.start(), m.end(),
                              severity="warning" if merged else None)
                    continue
                item = _num(m.group("item"))
                if item is not None and item > len(paras[para - 1].items):
                    yield Hit(f"{target.label}第{m.group('para')}款没有第（{m.group('item')}）项。", c, m.start(), m.end())
            else:
                item = _num(m.group("item"))
                if item is not None and not any(len(p.items) >= item for p in target.paragraphs):
                    yield Hit(f"{target.label}没有第（{m.group('item')}）项。", c, m.start(), m.end())


@rule("REF-NUMBERING", title="条、章、项编号不连续", levels="LR GR ND", severity="error", head=0,
      basis="《中华人民共和国立法法》第六十五条第二款；立法技术规范（试行）（一）")
def ref_numbering(ctx: Context):
    """
    What it checks: 条的序号是否从第一条起连续、无重复（「之一」条须紧随其基本条）；章、节序号和同一款内的项序号是否连续
    （章节、项为警示）。
    Why: 编、章、节、条、项依次连续编号是立法技术的基本要求；跳号、重号通常说明修改中漏改或误删。
    Fires on: 第三条之后直接是第五条；同一章内第（一）项之后是第（三）项。
    Does not fire on: 第十七条之后的第十七条之一；各章分别从第一节开始编号的节。
    Basis: 立法法第六十五条第二款（经第八十七条适用）；立法技术规范（试行）（一）。
    """
    arts = ctx.tree.articles
    expected = 1
    seen: set[tuple[int, int]] = set()
    for a in arts:
        key = (a.number, a.suffix)
        if key in seen:
            yield Hit(f"条的序号重复：{a.label}。", None, element_id=a.id, article_label=a.label)
            continue
        seen.add(key)
        if a.suffix:
            if (a.number, 0) not in seen:
                yield Hit(f"{a.label}前没有第{a.label[1:a.label.index('条')]}条。", None, element_id=a.id, article_label=a.label)
            continue
        if a.number != expected:
            if a.number > expected:
                missing = f"第{expected}条" if a.number == expected + 1 else f"第{expected}–{a.number - 1}条"
                missing = article_label(expected) + ("" if a.number == expected + 1 else f"至{article_label(a.number - 1)}")
                yield Hit(f"条的序号不连续：{a.label}之前缺少{missing}。", None, element_id=a.id, article_label=a.label)
            else:
                yield Hit(f"条的序号倒退：{a.label}出现在第{expected - 1}条之后。", None, element_id=a.id, article_label=a.label)
        expected = a.number + 1
    # chapters (within the document) and sections (within their chapter)
    last: dict[str, int] = {}
    for h in ctx.tree.headings:
        if h.kind not in ("章", "节", "编") or h.number is None:
            continue
        if h.kind == "章":
            last.pop("节", None)
        prev = last.get(h.kind, 0)
        if h.number != prev + 1:
            yield Hit(f"{h.kind}的序号不连续：{h.label}之前应为第{prev + 1}{h.kind}。", None, severity="warning",
                      element_id=h.id)
        last[h.kind] = h.number
    for a in arts:
        for p in a.paragraphs:
            nums = [_num(re.sub(r"[（()）]", "", it.label)) for it in p.items if it.kind == "item"]
            nums = [n for n in nums if n is not None]
            for i, n in enumerate(nums, 1):
                if n != i:
                    yield Hit(f"{a.label}的项序号不连续：第（{i}）项的位置是（{nums[i - 1]}）。", None, severity="warning",
                              element_id=p.id, article_label=a.label)
                    break
