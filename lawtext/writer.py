"""Write the article tree back to Markdown (corpus layout) and plain text.

parse → write → parse gives the same tree (tested over the whole corpus).
"""
from __future__ import annotations

import hashlib

from lawtext.model import Article, Heading, LegalDocument
from lawtext.vocabulary import INFO_END, looks_like_preface


def _heading_md(h: Heading) -> str:
    # unnumbered headings keep their Markdown level (rank = level + 1); after the INFO END marker
    # a single "#" is a body heading, not the title
    level = max(2, h.rank - 1) if h.kind != "other" else max(1, h.rank - 1)
    if h.kind == "节":
        level = 3
    elif h.kind in ("编", "分编", "章"):
        level = 2
    return "#" * min(level, 6) + " " + h.text


def article_lines(a: Article, sep: str = " ") -> list[str]:
    """The article's lines with its label on the first one."""
    lines = a.lines()
    first_text = a.paragraphs[0].text if a.paragraphs else ""
    if a.paragraphs and first_text:
        return [f"{a.label}{sep}{lines[0]}"] + lines[1:]
    return [a.label] + lines


def to_markdown(doc: LegalDocument) -> str:
    out: list[str] = []
    if doc.title:
        out.append(f"# {doc.title}")
    if doc.subtitle:
        out.append(f"# {doc.subtitle}")
    out.extend(doc.preface)
    out.append(INFO_END)
    out.extend(doc.preamble)  # before the 目录: lines after it could read as 目录 entries
    if doc.toc:
        out.append("目录")
        out.extend(doc.toc)
    for n in doc.body:
        if isinstance(n, Heading):
            out.append(_heading_md(n))
            out.extend(n.paragraphs)
        else:
            out.extend(article_lines(n))
    out.extend(doc.appendix)
    return "\n\n".join(out) + "\n"


def to_text(doc: LegalDocument) -> str:
    """Plain text: title, 题注, 目录, body with the label and an ideographic space."""
    out: list[str] = []
    if doc.title:
        out.append(doc.title)
    out.extend(doc.preface)
    toc = (["目录"] + doc.toc) if doc.toc else []
    if doc.preamble and looks_like_preface(doc.preamble[0]):
        out.extend(toc + doc.preamble)   # right after the 题注 it would be read as one
    else:
        out.extend(doc.preamble + toc)   # after the 目录 it could be read as an entry
    for n in doc.body:
        if isinstance(n, Heading):
            out.append(n.text)
            out.extend(n.paragraphs)
        else:
            out.extend(article_lines(n, sep="\u3000"))
    out.extend(doc.appendix)
    return "\n".join(out) + "\n"


def content_hash(doc: LegalDocument) -> str:
    """sha256 of the document's normalised plain text (:func:`to_text`): a version's identity."""
    return hashlib.sha256(to_text(doc).encode("utf-8")).hexdigest()
