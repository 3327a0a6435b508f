"""Parse Chinese legal texts into the article tree (``lawtext.model``).

Steps, each callable on its own (bluebell style):
``split_markdown`` / ``normalise_text`` → ``classify`` (one kind per line) → ``build`` (the tree).
Every importer (Markdown, plain text, .docx) ends in :func:`parse_lines`, so there is one parser.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lawtext.model import HEADING_KINDS, Article, Heading, Item, LegalDocument, Paragraph
from lawtext.normalize import normalise_heading_title, normalise_line, normalise_text, strip_controls
from lawtext.numerals import cn_to_int
from lawtext.vocabulary import APPENDIX_RE, ARTICLE_LABEL_GROUPS, INFO_END, NUMBER, looks_like_preface


# 第X条 / 第X条之一 followed by white space (strict) or by anything that does not continue a
# reference such as 第十条规定 / 第十条的 (lenient, for plain text and .docx).
ARTICLE_STRICT_RE = re.compile(rf"^{ARTICLE_LABEL_GROUPS}(?: (.*)|$)")
ARTICLE_LENIENT_RE = re.compile(
    rf"^{ARTICLE_LABEL_GROUPS}(?: |(?![的规定中款项、，,之和或及至第])|$)(.*)$")
HEADING_RE = re.compile(rf"^第({NUMBER})(分编|编|章|节) ?(.*)$")
ITEM_RE = re.compile(rf"^[（(]({NUMBER})[）)] ?(.*)$")
SUBITEM_RE = re.compile(r"^(\d{1,2})[.．、] ?(.*)$")
TOC_RE = re.compile(r"^目 ?录$")
_MD_HEADING = re.compile(r"^(#{1,6}) +(.*)$")
_UNNUMBERED_HEADINGS = {"总则", "附则"}  # lines that are headings even without 第X章 (plain text)


@dataclass
class Line:
    kind: str  # title, subtitle, preface, toc, heading, article, item, subitem, text, appendix
    text: str
    md_level: int = 0
    groups: tuple = ()


def heading_line(text: str) -> tuple | None:
    m = HEADING_RE.match(text)
    if not m:
        return None
    title = m.group(3).strip()
    if len(title) > 40 or "。" in title or "；" in title:
        return None
    return m.groups()


def split_markdown(text: str) -> tuple[list[str], list[str], list[Line]]:
    """Split a corpus-style Markdown file into (titles, preface lines, body lines as Line).

    Markdown headings in the body are kept with their level; without an INFO END marker,
    lines after the title(s) are treated as body.
    """
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    titles: list[str] = []
    preface: list[str] = []
    body: list[Line] = []
    has_marker = any(INFO_END in l and normalise_line(l) == INFO_END for l in raw_lines)
    in_header = has_marker
    for raw in raw_lines:
        line = normalise_line(raw)
        if line == INFO_END:
            in_header = False
            continue
        if not line:
            continue
        m = _MD_HEADING.match(line)
        if m and len(m.group(1)) == 1 and not body and (in_header or not has_marker) and len(titles) < 2 \
                and not preface:
            titles.append(normalise_line(m.group(2)))
            continue
        if in_header:
            preface.append(line)
        elif m:
            body.append(Line("heading", normalise_line(m.group(2)), md_level=len(m.group(1))))
        else:
            body.append(Line("text", line))
    return titles, preface, body


def classify(lines: list[Line], *, lenient: bool) -> list[Line]:
    """Give every body line its kind. Markdown headings arrive already marked.
    Long (~75 lines): one pass over the lines; each branch is one line class of the grammar."""
    art_re = ARTICLE_LENIENT_RE if lenient else ARTICLE_STRICT_RE
    out: list[Line] = []
    seen_article = False
    seen_heading = False  # a 目录 only comes before the first heading or article
    in_appendix = False
    toc_state = None  # None | "collecting" | "done"
    toc_first = None
    toc_unnumbered: set[str] = set()
    repeats = Counter(ln.text.replace(" ", "") for ln in lines)
    for ln in lines:
        text = ln.text
        if in_appendix:
            out.append(Line("appendix", text))
            continue
        if TOC_RE.match(text.replace(" ", "")) and not seen_article and not seen_heading and toc_state is None:
            toc_state = "collecting"
            toc_marker_at = len(out)
            out.append(Line("toc_marker", text))
            continue
        if toc_state == "collecting" and ln.kind == "heading":
            toc_state = "done"  # a marked (Markdown/.docx) heading is body, never a 目录 entry
        if toc_state == "collecting":
            hd = heading_line(text)
            if hd and text != toc_first and (toc_first is None or not _same_heading(text, toc_first)):
                if toc_first is None:
                    toc_first = text
                out.append(Line("toc", text))
                continue
            if hd is None and not art_re.match(text) and toc_first is not None and len(text) <= 40 \
                    and "。" not in text and repeats[text.replace(" ", "")] >= 2 \
                    and not re.match(r"[（(\d]", text):
                # entries such as 附则 without a number: listed here and used again as a heading below
                out.append(Line("toc", text))
                toc_unnumbered.add(text.replace(" ", ""))
                continue
            toc_state = "done"
            if toc_first is None:  # a 目录 line with no entries after it is ordinary text
                out[toc_marker_at] = Line("text", out[toc_marker_at].text)
        if ln.kind == "heading":
            hd = heading_line(text)
            seen_heading = True
            out.append(Line("heading", text, md_level=ln.md_level, groups=hd or ()))
            continue
        if lenient and text.replace(" ", "") in (toc_unnumbered | _UNNUMBERED_HEADINGS):
            # plain text: an unnumbered heading such as 附　则 (or one listed in the 目录)
            seen_heading = True
            out.append(Line("heading", text, md_level=2))
            continue
        hd = heading_line(text)
        if hd and len(text) <= 45:
            seen_heading = True
            out.append(Line("heading", text, groups=hd))
            continue
        m = art_re.match(text)
        if m:
            seen_article = True
            out.append(Line("article", text, groups=m.groups()))
            continue
        if seen_article and APPENDIX_RE.match(text):
            in_appendix = True
            out.append(Line("appendix", text))
            continue
        m = ITEM_RE.match(text)
        if m:
            out.append(Line("item", text, groups=m.groups()))
            continue
        m = SUBITEM_RE.match(text)
        if m:
            out.append(Line("subitem", text, groups=m.groups()))
            continue
        out.append(Line("text", text))
    if toc_state == "collecting" and toc_first is None:
        out[toc_marker_at] = Line("text", out[toc_marker_at].text)
    return out


def _same_heading(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


def _article_key(number: int, suffix: int) -> str:
    return f"art-{number}" + (f"_{suffix}" if suffix else "")


def build(title: str, subtitle: str, preface: list[str], lines: list[Line]) -> LegalDocument:
    """Build the tree from classified lines and assign stable ids.
    Long (~70 lines): one pass building the tree from classified lines; each branch is one node kind."""
    doc = LegalDocument(title=title, subtitle=subtitle, preface=list(preface))
    stack: list[Heading] = []
    article: Article | None = None
    paragraph: Paragraph | None = None
    item: Item | None = None
    for ln in lines:
        k = ln.kind
        if k == "toc_marker":
            continue
        if k == "toc":
            doc.toc.append(ln.text)
        elif k == "appendix":
            doc.appendix.append(ln.text)
        elif k == "heading":
            article = paragraph = item = None
            if ln.groups:
                num_s, kind, rest = ln.groups
                key, rank = HEADING_KINDS[kind]
                try:
                    number = cn_to_int(num_s)
                except ValueError:
                    number = None
                label = f"第{num_s}{kind}"
                h = Heading(id="", kind=kind, label=label, title=normalise_heading_title(rest), rank=rank,
                            number=number)
            else:
                rank = (ln.md_level + 1) if ln.md_level else 3
                h = Heading(id="", kind="other", label="", title=ln.text, rank=rank)
            while stack and stack[-1].rank >= h.rank:
                stack.pop()
            stack.append(h)
            doc.body.append(h)
        elif k == "article":
            num_s, suf_s, rest = ln.groups
            rest = (rest or "").strip()
            number = cn_to_int(num_s)
            suffix = cn_to_int(suf_s) if suf_s else 0
            label = f"第{num_s}条" + (f"之{suf_s}" if suf_s else "")
            article = Article(id="", label=label, number=number, suffix=suffix,
                              path=[h.text for h in stack], heading_id=None)
            article._stack = list(stack)  # type: ignore[attr-defined]
            doc.body.append(article)
            paragraph = Paragraph(id="", text=rest)
            article.paragraphs.append(paragraph)
            item = None
        elif article is None:
            if stack:
                stack[-1].paragraphs.append(ln.text)
            else:
                doc.preamble.append(ln.text)
        elif k == "item":
            num_s, rest = ln.groups
            item = Item(id="", label=ln.text[: len(ln.text) - len(rest)].rstrip(" ") if rest else ln.text,
                        text=rest)
            paragraph.items.append(item)
        elif k == "subitem" and item is not None and ITEM_RE.match(item.label):  # 目 only under a （一） 项
            num_s, rest = ln.groups
            label = ln.text[: len(ln.text) - len(rest)].rstrip(" ") if rest else ln.text
            item.children.append(Item(id="", label=label, text=rest, kind="subitem"))
        elif k == "subitem":
            num_s, rest = ln.groups
            label = ln.text[: len(ln.text) - len(rest)].rstrip(" ") if rest else ln.text
            item = Item(id="", label=label, text=rest)
            paragraph.items.append(item)
        else:
            paragraph = Paragraph(id="", text=ln.text)
            article.paragraphs.append(paragraph)
            item = None
    assign_ids(doc)
    return doc


def assign_ids(doc: LegalDocument) -> None:
    """(Re)assign stable ids and heading paths from numbers and positions."""
    seen: dict[str, int] = {}

    def unique(base: str) -> str:
        n = seen.get(base, 0) + 1
        seen[base] = n
        return base if n == 1 else f"{base}~{n}"

    stack: list[Heading] = []
    ordinal = 0
    for node in doc.body:
        if isinstance(node, Heading):
            while stack and stack[-1].rank >= node.rank:
                stack.pop()
            if node.kind == "other":
                ordinal += 1
                part = f"hd-{ordinal}"
            else:
                part = f"{HEADING_KINDS[node.kind][0]}-{node.number if node.number is not None else 'x'}"
            base = "-".join([stack[-1].id, part]) if stack else part
            node.id = unique(base)
            stack.append(node)
        else:
            node.id = unique(_article_key(node.number, node.suffix))
            node.path = [h.text for h in stack]
            node.heading_id = stack[-1].id if stack else None
            if hasattr(node, "_stack"):
                del node._stack
            for pi, p in enumerate(node.paragraphs, 1):
                p.id = f"{node.id}-p{pi}"
                for ii, it in enumerate(p.items, 1):
                    it.id = f"{p.id}-i{ii}"
                    for si, s in enumerate(it.children, 1):
                        s.id = f"{it.id}-s{si}"


def parse_markdown(text: str) -> LegalDocument:
    """Parse a Markdown file in the layout of ../shared/corpus (see its README)."""
    titles, preface, body = split_markdown(text)
    title = titles[0] if titles else ""
    subtitle = titles[1] if len(titles) > 1 else ""
    return build(title, subtitle, preface, classify(body, lenient=False))


def parse_text(text: str, *, title: str | None = None) -> LegalDocument:
    """Parse plain text whose headings are not marked (lines such as 第一章 总 则).

    The first line is the title unless it is a heading or an article (or ``title`` is given);
    lines before the first heading or article that look like 题注 (in brackets, or dated
    adoption lines) go to the preface.
    """
    lines = normalise_text(text)
    return parse_lines(lines, title=title)


def parse_lines(lines: list[str], *, title: str | None = None) -> LegalDocument:
    """Parse already-split lines (from plain text or .docx)."""
    lines = [normalise_line(l) for l in lines]
    lines = [l for l in lines if l]
    i = 0
    if title is None and lines and not HEADING_RE.match(lines[0]) and not ARTICLE_LENIENT_RE.match(lines[0]) \
            and not TOC_RE.match(lines[0].replace(" ", "")):
        title = lines[0]
        i = 1
    subtitle = ""
    preface: list[str] = []
    while i < len(lines) and looks_like_preface(lines[i]):
        preface.append(lines[i])
        i += 1
    body = [Line("text", l) for l in lines[i:]]
    return build(title or "", subtitle, preface, classify(body, lenient=True))


def parse_file_text(text: str, *, filename: str = "") -> LegalDocument:
    """Pick the Markdown or the plain-text parser for decoded text (control characters stripped
    first, so that a vertical tab or form feed still separates lines)."""
    text = strip_controls(text)
    if filename.lower().endswith((".md", ".markdown")) or INFO_END in text or re.match(r"^\s*# ", text):
        return parse_markdown(text)
    return parse_text(text)
