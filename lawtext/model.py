"""The one article-tree model for Chinese normative texts.

document → headings (编/分编/章/节) → 条 (Article) → 款 (Paragraph) → 项 (Item) → 目 (Item, kind="subitem").

The body is a flat, ordered list of Heading and Article nodes; an article's place in the
hierarchy is the stack of headings above it (``Article.path``).  Every element carries a stable
id (``art-17``, ``art-17-p2``, ``art-17-p2-i3``, ``art-17-p2-i3-s1``; ``art-17_1`` for 第十七条之一)
that comments, findings and diffs point at.  Parser, diff, checks, editor and exports all share it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Iterator, Union

from lawtext.errors import InputError

LEVELS = {"LR": "地方性法规", "GR": "政府规章", "ND": "行政规范性文件"}
LEVEL_CODES = {v: k for k, v in LEVELS.items()}

HEADING_KINDS = {"编": ("part", 1), "分编": ("subpart", 2), "章": ("chap", 3), "节": ("sec", 4)}


def level_code(value: str) -> str:
    """Accept LR/GR/ND or the Chinese level name; return the code. Raises ValueError."""
    v = (value or "").strip()
    if v.upper() in LEVELS:
        return v.upper()
    if v in LEVEL_CODES:
        return LEVEL_CODES[v]
    raise ValueError(f"未知的文件层级：{value}（可用：LR/GR/ND 或 地方性法规/政府规章/行政规范性文件）")


def checked_level_code(value: str) -> str:
    """:func:`level_code` for user input: an unknown level is an InputError (its Chinese message)."""
    try:
        return level_code(value)
    except ValueError:
        raise InputError(code="level.unknown", value=value) from None


@dataclass
class Item:
    """A 项 such as （一） or a 目 such as 1. (kind "subitem")."""
    id: str
    label: str
    text: str
    kind: str = "item"
    children: list["Item"] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        return f"{self.label}{self.text}"

    def lines(self) -> list[str]:
        out = [self.full_text]
        for c in self.children:
            out.extend(c.lines())
        return out


@dataclass
class Paragraph:
    """A 款: an unnumbered paragraph of an article, possibly with 项."""
    id: str
    text: str
    items: list[Item] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [self.text] if self.text else []
        for it in self.items:
            out.extend(it.lines())
        return out


@dataclass
class Article:
    """A 条."""
    id: str
    label: str
    number: int
    suffix: int = 0
    path: list[str] = field(default_factory=list)
    heading_id: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)

    node = "article"

    def lines(self) -> list[str]:
        """Text lines of the article, without its label."""
        out: list[str] = []
        for p in self.paragraphs:
            out.extend(p.lines())
        return out

    @property
    def text(self) -> str:
        """The article's text without its label, one line per 款/项/目."""
        return "\n".join(self.lines())

    @property
    def flat_text(self) -> str:
        """All text on one line (for matching and similarity)."""
        return "".join(self.lines())

    def elements(self) -> Iterator[tuple[str, str]]:
        """(id, text) for the article's 款, 项 and 目."""
        for p in self.paragraphs:
            yield p.id, p.text
            for it in p.items:
                yield it.id, it.full_text
                for s in it.children:
                    yield s.id, s.full_text


@dataclass
class Heading:
    """A 编/分编/章/节 heading, or another marked heading (kind "other")."""
    id: str
    kind: str
    label: str
    title: str
    rank: int
    number: int | None = None
    paragraphs: list[str] = field(default_factory=list)

    node = "heading"

    @property
    def text(self) -> str:
        return f"{self.label} {self.title}".strip() if self.label else self.title


Node = Union[Heading, Article]


@dataclass
class LegalDocument:
    title: str = ""
    subtitle: str = ""
    preface: list[str] = field(default_factory=list)   # 题注: adoption / amendment history lines
    toc: list[str] = field(default_factory=list)       # 目录 entries
    preamble: list[str] = field(default_factory=list)  # body text before the first heading/article
    body: list[Node] = field(default_factory=list)
    appendix: list[str] = field(default_factory=list)  # 附件 and what follows

    @property
    def articles(self) -> list[Article]:
        return [n for n in self.body if isinstance(n, Article)]

    @property
    def headings(self) -> list[Heading]:
        return [n for n in self.body if isinstance(n, Heading)]

    def article(self, key: str) -> Article | None:
        """Find an article by id (art-17) or label (第十七条)."""
        for a in self.articles:
            if a.id == key or a.label == key:
                return a
        return None

    def element_index(self) -> dict[str, str]:
        """Every element id → its text (articles, 款, 项, 目, headings)."""
        idx: dict[str, str] = {}
        for n in self.body:
            if isinstance(n, Heading):
                idx[n.id] = n.text
            else:
                idx[n.id] = n.flat_text
                idx.update(dict(n.elements()))
        return idx

    # --- serialisation -------------------------------------------------------------
    def to_dict(self) -> dict:
        d = asdict(self)
        d["body"] = [dict(asdict(n), node=n.node) for n in self.body]
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, d: dict) -> "LegalDocument":
        body: list[Node] = []
        for n in d.get("body", []):
            n = dict(n)
            kind = n.pop("node")
            if kind == "heading":
                body.append(Heading(**n))
            else:
                n["paragraphs"] = [_paragraph_from_dict(p) for p in n.get("paragraphs", [])]
                body.append(Article(**n))
        return cls(title=d.get("title", ""), subtitle=d.get("subtitle", ""),
                   preface=list(d.get("preface", [])), toc=list(d.get("toc", [])),
                   preamble=list(d.get("preamble", [])), body=body,
                   appendix=list(d.get("appendix", [])))

    @classmethod
    def from_json(cls, s: str) -> "LegalDocument":
        return cls.from_dict(json.loads(s))

    def summary_json(self) -> dict:
        """The CLI's `parse --json` shape."""
        return {
            "title": self.title,
            "articles": [
                {"id": a.id, "label": a.label, "number": a.number, "path": a.path,
                 "text": a.text, "paragraphs": [p.lines() for p in a.paragraphs]}
                for a in self.articles
            ],
        }


def _item_from_dict(d: dict) -> Item:
    d = dict(d)
    d["children"] = [_item_from_dict(c) for c in d.get("children", [])]
    return Item(**d)


def _paragraph_from_dict(d: dict) -> Paragraph:
    return Paragraph(id=d["id"], text=d["text"], items=[_item_from_dict(i) for i in d.get("items", [])])
