"""Editing operations on the article tree: the drafting editor's verbs.

Every operation is a pure function: it takes a :class:`LegalDocument`, never mutates it, and
returns an :class:`EditResult` with a new tree (ids reassigned with ``parser.assign_ids``), a
short Chinese description of what changed, and the id of the element to select next.

Article operations do not renumber: an inserted article gets a free 之X label next to its
neighbour (第五条之一), a moved article keeps its label, so that internal references keep
pointing at the right article until the drafter reviews and applies a renumbering plan
(``lawtext.diff.renumber``). Heading operations keep 编/章/节 numbers sequential within their parent.

Article text is parsed with the project's one parser (``parser.parse_lines``), so 款, 项 and 目
keep their structure; a blob is never re-parsed.

Why one module of ~450 lines: every operation is a small pure function on the tree sharing the same lookup helpers and error messages; the table at the end (``apply``) is the editor's one entry point.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from lawtext.errors import InputError, NotFound
from lawtext.model import HEADING_KINDS, Article, Heading, LegalDocument, Node
from lawtext.normalize import normalise_heading_title, normalise_text
from lawtext.numerals import article_label, int_to_cn, parse_article_label
from lawtext.parser import assign_ids, parse_lines



@dataclass(frozen=True)
class EditResult:
    doc: LegalDocument
    description: str
    focus: str | None = None  # id of the element to select after the operation


# --- lookup ------------------------------------------------------------------------------


def find_article(doc: LegalDocument, key: str) -> Article:
    """By id (art-17), label (第十七条) or number (17)."""
    key = (key or "").strip()
    a = doc.article(key)
    if a is None and key.isdigit():
        a = next((x for x in doc.articles if x.number == int(key) and not x.suffix), None)
    if a is None:
        raise NotFound(code="editing.find_article", key=key)
    return a


def find_heading(doc: LegalDocument, key: str) -> Heading:
    """By id (chap-2) or text (第二章 / 第二章 监督管理)."""
    key = (key or "").strip()
    for h in doc.headings:
        if key in (h.id, h.label, h.text, h.title):
            return h
    raise NotFound(code="editing.find_heading", key=key)


def _index(doc: LegalDocument, node: Node) -> int:
    for i, n in enumerate(doc.body):
        if n is node:
            return i
    raise NotFound(code="editing.index")  # pragma: no cover - internal misuse


def _clone(doc: LegalDocument) -> LegalDocument:
    return copy.deepcopy(doc)


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[:n] + "…"


# --- article text ------------------------------------------------------------------------


def _strip_label(lines: list[str], own: str | None) -> list[str]:
    """Drop a leading 第X条 label the drafter typed or pasted (the editor owns labels): the
    article's own label ``own``, or any label when ``own`` is None (a new article)."""
    if not lines:
        return lines
    first = lines[0]
    head, _, rest = first.partition(" ")
    for candidate in (head, first):
        try:
            parse_article_label(candidate)
        except ValueError:
            continue
        if own is not None and candidate != own:
            continue
        rest = "" if candidate == first else rest.strip()
        return ([rest] if rest else []) + lines[1:]
    return lines


def parse_article_text(text: str, label: str = "第一条", *, new: bool = False) -> Article:
    """Parse the text of ONE article into 款/项/目. A leading label is dropped when it is the
    article's own ``label`` (or any label for a ``new`` article, which the editor labels itself).

    Raises InputError for empty text, for text that contains another article or a heading
    (use insert/add-heading for those) and for 附件 lines.
    """
    lines = _strip_label(normalise_text(text or ""), None if new else label)
    if not lines:
        raise InputError(code="editing.parse_article_text")
    probe = parse_lines(lines, title="")
    if probe.articles or probe.headings:
        bad = (probe.articles[0].label if probe.articles else probe.headings[0].text)
        raise InputError(code="editing.new_numbering_in_text", bad=_short(bad))
    parsed = parse_lines([f"{label} {lines[0]}", *lines[1:]], title="")
    if len(parsed.articles) != 1 or parsed.headings or parsed.preamble:
        raise InputError(code="editing.not_one_article")
    if parsed.appendix:
        raise InputError(code="editing.appendix_in_article", appendix=_short(parsed.appendix[0]))
    return parsed.articles[0]


def _structure(a: Article) -> str:
    items = sum(len(p.items) for p in a.paragraphs)
    subs = sum(len(i.children) for p in a.paragraphs for i in p.items)
    out = f"{len(a.paragraphs)}款"
    if items:
        out += f"{items}项"
    if subs:
        out += f"{subs}目"
    return out


def edit_article(doc: LegalDocument, key: str, text: str) -> EditResult:
    """Replace an article's text; its 款/项/目 come from parsing the new text."""
    new = _clone(doc)
    a = find_article(new, key)
    parsed = parse_article_text(text, a.label)
    if [p.lines() for p in parsed.paragraphs] == [p.lines() for p in a.paragraphs]:
        return EditResult(new, f"{a.label}未改动", a.id)
    before = _structure(a)
    a.paragraphs = parsed.paragraphs
    assign_ids(new)
    after = _structure(a)
    shape = f"（{before}→{after}）" if before != after else f"（{after}）"
    return EditResult(new, f"修改{a.label}{shape}", a.id)


# --- inserting, deleting, moving articles -----------------------------------------------


def _free_suffix_label(doc: LegalDocument, number: int) -> tuple[int, int]:
    used = {a.suffix for a in doc.articles if a.number == number}
    suffix = 1
    while suffix in used:
        suffix += 1
    return number, suffix


def _new_article_number(doc: LegalDocument, prev: Article | None, nxt: Article | None) -> tuple[int, int]:
    """A label for an article placed between ``prev`` and ``nxt`` that needs no renumbering:
    第五条之一 after 第五条; before the first article, the number below it (第零条 at worst)."""
    if prev is not None:
        return _free_suffix_label(doc, prev.number)
    first = nxt.number if nxt is not None else 1
    taken = {(a.number, a.suffix) for a in doc.articles}
    number = max(first - 1, 0)
    while (number, 0) in taken and number > 0:
        number -= 1
    if (number, 0) in taken:
        return _free_suffix_label(doc, number)
    return number, 0


def insert_article(doc: LegalDocument, text: str, *, after: str | None = None,
                   before: str | None = None) -> EditResult:
    """Insert a new article after or before an existing one (or at the end when neither is given)."""
    if after and before:
        raise InputError(code="editing.insert_article")
    new = _clone(doc)
    arts = new.articles
    if after:
        anchor = find_article(new, after)
        pos = _index(new, anchor) + 1
        prev, nxt = anchor, _next_article(new, anchor)
        where = f"在{anchor.label}之后"
    elif before:
        anchor = find_article(new, before)
        pos = _index(new, anchor)
        prev, nxt = _prev_article(new, anchor), anchor
        where = f"在{anchor.label}之前"
    else:
        pos = len(new.body)
        prev, nxt = (arts[-1] if arts else None), None
        where = "在文末"
    number, suffix = _new_article_number(new, prev, nxt)
    label = article_label(number, suffix)
    parsed = parse_article_text(text, label, new=True)
    article = Article(id="", label=label, number=number, suffix=suffix, paragraphs=parsed.paragraphs)
    new.body.insert(pos, article)
    assign_ids(new)
    return EditResult(new, f"{where}插入{label}：{_short(article.flat_text)}", article.id)


def _prev_article(doc: LegalDocument, a: Article) -> Article | None:
    arts = doc.articles
    i = next(i for i, x in enumerate(arts) if x is a)
    return arts[i - 1] if i > 0 else None


def _next_article(doc: LegalDocument, a: Article) -> Article | None:
    arts = doc.articles
    i = next(i for i, x in enumerate(arts) if x is a)
    return arts[i + 1] if i + 1 < len(arts) else None


def delete_article(doc: LegalDocument, key: str) -> EditResult:
    new = _clone(doc)
    a = find_article(new, key)
    neighbour = _next_article(new, a) or _prev_article(new, a)
    new.body.remove(a)
    assign_ids(new)
    return EditResult(new, f"删除{a.label}（原文：{_short(a.flat_text)}）", neighbour.id if neighbour else None)


def move_article(doc: LegalDocument, key: str, *, before: str | None = None, after: str | None = None) -> EditResult:
    """Move an article before or after another article (it joins that article's chapter)."""
    if bool(before) == bool(after):
        raise InputError(code="editing.move_article")
    new = _clone(doc)
    a = find_article(new, key)
    target = find_article(new, before or after)
    if target is a:
        raise InputError(code="editing.move_onto_itself")
    new.body.remove(a)
    pos = _index(new, target) + (0 if before else 1)
    new.body.insert(pos, a)
    assign_ids(new)
    rel = "之前" if before else "之后"
    return EditResult(new, f"将{a.label}移至{target.label}{rel}", a.id)


def move_article_up(doc: LegalDocument, key: str) -> EditResult:
    """Swap with the previous article; at the top of a chapter/section, move above its heading
    (the article becomes the last one of the preceding chapter/section)."""
    new = _clone(doc)
    a = find_article(new, key)
    i = _index(new, a)
    if i == 0:
        raise InputError(code="editing.move_article_up", label=a.label)
    above = new.body[i - 1]
    new.body[i - 1], new.body[i] = a, above
    assign_ids(new)
    if isinstance(above, Article):
        return EditResult(new, f"将{a.label}上移至{above.label}之前", a.id)
    return EditResult(new, f"将{a.label}移出「{above.text}」，并入上一章节末尾", a.id)


def move_article_down(doc: LegalDocument, key: str) -> EditResult:
    """Swap with the next article; at the end of a chapter/section, move below the next heading
    (the article becomes the first one of the following chapter/section)."""
    new = _clone(doc)
    a = find_article(new, key)
    i = _index(new, a)
    if i == len(new.body) - 1:
        raise InputError(code="editing.move_article_down", label=a.label)
    below = new.body[i + 1]
    new.body[i], new.body[i + 1] = below, a
    assign_ids(new)
    if isinstance(below, Article):
        return EditResult(new, f"将{a.label}下移至{below.label}之后", a.id)
    return EditResult(new, f"将{a.label}移入「{below.text}」之首", a.id)


def _block_end(doc: LegalDocument, h: Heading) -> int:
    """Index just past the heading's block (its articles and sub-headings)."""
    i = _index(doc, h) + 1
    while i < len(doc.body):
        n = doc.body[i]
        if isinstance(n, Heading) and n.rank <= h.rank:
            break
        i += 1
    return i


def move_article_to_heading(doc: LegalDocument, key: str, heading: str) -> EditResult:
    """Move an article to the end of a chapter/section (编/章/节)."""
    new = _clone(doc)
    a = find_article(new, key)
    h = find_heading(new, heading)
    new.body.remove(a)
    end = _block_end(new, h)
    new.body.insert(end, a)
    assign_ids(new)
    return EditResult(new, f"将{a.label}移至「{h.text}」末尾", a.id)


# --- headings ----------------------------------------------------------------------------


def _renumber_headings(doc: LegalDocument) -> list[tuple[str, str]]:
    """Number 编/分编/章/节 sequentially within their parent heading; return (old, new) labels."""
    changes: list[tuple[str, str]] = []
    stack: list[Heading] = []
    counters: dict[tuple[int, str], int] = {}
    for n in doc.body:
        if not isinstance(n, Heading):
            continue
        while stack and stack[-1].rank >= n.rank:
            stack.pop()
        if n.kind in HEADING_KINDS:
            parent = id(stack[-1]) if stack else 0
            key = (parent, n.kind)
            counters[key] = counters.get(key, 0) + 1
            number = counters[key]
            label = f"第{int_to_cn(number)}{n.kind}"
            if label != n.label:
                changes.append((n.label, label))
            n.number, n.label = number, label
        stack.append(n)
    return changes


def _renumber_note(changes: list[tuple[str, str]]) -> str:
    if not changes:
        return ""
    shown = "，".join(f"{a}→{b}" for a, b in changes[:4]) + ("…" if len(changes) > 4 else "")
    return f"；章节序号顺延：{shown}"


def _heading_kind(kind: str) -> str:
    kind = (kind or "").strip()
    if kind in HEADING_KINDS:
        return kind
    by_code = {code: k for k, (code, _) in HEADING_KINDS.items()}
    if kind in by_code:
        return by_code[kind]
    raise InputError(code="editing.heading_kind", kind=kind)


def _clean_title(title: str) -> str:
    t = normalise_heading_title(title or "")
    if not t:
        raise InputError(code="editing.clean_title")
    if len(t) > 40 or "。" in t:
        raise InputError(code="editing.bad_heading_title")
    return t


def add_heading(doc: LegalDocument, kind: str, title: str, *, before: str | None = None) -> EditResult:
    """Add a 编/章/节 heading before an article or heading (``before``), or at the end."""
    kind = _heading_kind(kind)
    title = _clean_title(title)
    new = _clone(doc)
    h = Heading(id="", kind=kind, label=f"第一{kind}", title=title, rank=HEADING_KINDS[kind][1], number=1)
    if before:
        target: Node
        try:
            target = find_article(new, before)
        except NotFound:
            target = find_heading(new, before)
        pos = _index(new, target)
        where = f"（位于{target.label if isinstance(target, Article) else target.text}之前）"
    else:
        pos, where = len(new.body), "（位于文末）"
    new.body.insert(pos, h)
    changes = _renumber_headings(new)
    assign_ids(new)
    return EditResult(new, f"新增{h.text}{where}{_renumber_note(changes)}", h.id)


def rename_heading(doc: LegalDocument, key: str, title: str) -> EditResult:
    title = _clean_title(title)
    new = _clone(doc)
    h = find_heading(new, key)
    old = h.text
    h.title = title
    assign_ids(new)
    return EditResult(new, f"将「{old}」更名为「{h.text}」", h.id)


def move_heading(doc: LegalDocument, key: str, direction: str) -> EditResult:
    """Move a chapter/section with everything under it above the previous (``up``) or below the
    next (``down``) sibling block."""
    if direction not in ("up", "down"):
        raise InputError(code="editing.move_heading")
    new = _clone(doc)
    h = find_heading(new, key)
    start, end = _index(new, h), _block_end(new, h)
    block = new.body[start:end]
    if direction == "up":
        prev = None
        for n in new.body[:start][::-1]:
            if isinstance(n, Heading) and n.rank < h.rank:
                break  # reached the parent: no earlier sibling within it
            if isinstance(n, Heading) and n.rank == h.rank:
                prev = n
                break
        if prev is None:
            raise InputError(code="editing.heading_first", text=h.text)
        pos = _index(new, prev)
        del new.body[start:end]
        new.body[pos:pos] = block
        other = prev
    else:
        if end >= len(new.body) or not (isinstance(new.body[end], Heading) and new.body[end].rank == h.rank):
            raise InputError(code="editing.heading_last", text=h.text)
        nxt = new.body[end]
        nend = _block_end(new, nxt)
        nblock = new.body[end:nend]
        new.body[start:nend] = nblock + block
        other = nxt
    old_text = h.text
    changes = _renumber_headings(new)
    assign_ids(new)
    word = "上移至" if direction == "up" else "下移至"
    return EditResult(new, f"将「{old_text}」{word}「{other.text}」{'之前' if direction == 'up' else '之后'}"
                           f"{_renumber_note(changes)}", h.id)


def delete_heading(doc: LegalDocument, key: str) -> EditResult:
    """Remove a heading only; its articles stay where they are and join the preceding block."""
    new = _clone(doc)
    h = find_heading(new, key)
    start, end = _index(new, h), _block_end(new, h)
    n_articles = sum(1 for n in new.body[start:end] if isinstance(n, Article))
    if h.paragraphs:
        raise InputError(code="editing.delete_heading", text=h.text)
    new.body.remove(h)
    changes = _renumber_headings(new)
    assign_ids(new)
    kept = f"，其下{n_articles}条保留并入上一章节" if n_articles else ""
    return EditResult(new, f"删除「{h.text}」标题{kept}{_renumber_note(changes)}", None)


# --- registry used by the CLI and the page ------------------------------------------------

OPERATIONS = {
    "edit": edit_article,
    "insert": insert_article,
    "delete": delete_article,
    "move": move_article,
    "move_up": move_article_up,
    "move_down": move_article_down,
    "move_to_heading": move_article_to_heading,
    "add_heading": add_heading,
    "rename_heading": rename_heading,
    "move_heading": move_heading,
    "delete_heading": delete_heading,
}


def apply_operation(doc: LegalDocument, op: str, **kwargs) -> EditResult:
    """Apply a named operation (the working copy stores the name and arguments in its audit trail)."""
    try:
        fn = OPERATIONS[op]
    except KeyError:
        raise InputError(code="editing.apply_operation", op_=op) from None
    return fn(doc, **kwargs)
