"""Build small .docx files from WordprocessingML snippets for the docx reader tests."""
from __future__ import annotations

import io
import re

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W = nsdecls("w")


def p(text: str = "", *, num: tuple[str, int] | None = None, style: str | None = None, jc: str | None = None,
      runs: str | None = None, outline: int | None = None) -> str:
    """One w:p; ``runs`` replaces the plain text run with raw run XML."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    body = runs if runs is not None else (f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else "")
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, restart: int | None = None, pstyle: str | None = None,
        legal: bool = False) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            + (f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else "")
            + (f'<w:pStyle w:val="{pstyle}"/>' if pstyle else "")
            + ("<w:isLgl/>" if legal else "")
            + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


def numbering(abstracts: dict[str, str], nums: dict[str, str]) -> str:
    """abstracts: id → lvl XML; nums: numId → abstractNumId (+ optional raw override XML after '|')."""
    out = [f"<w:numbering {W}>"]
    for aid, levels in abstracts.items():
        out.append(f'<w:abstractNum w:abstractNumId="{aid}">{levels}</w:abstractNum>')
    for nid, spec in nums.items():
        aid, _, extra = spec.partition("|")
        out.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{extra}</w:num>')
    out.append("</w:numbering>")
    return "".join(out)


def make_docx(paragraphs: list[str], *, numbering_xml: str | None = None, styles: list[str] = ()) -> bytes:
    """A real .docx (python-docx package) whose body is ``paragraphs`` (w:p / w:tbl XML strings)."""
    d = docx.Document()
    body = d.element.body
    sect = body[-1]
    for child in list(body):
        if child is not sect:
            body.remove(child)
    for xml in paragraphs:
        sect.addprevious(parse_xml(re.sub(r"^<(w:\w+)", rf"<\1 {W}", xml, count=1)))
    if numbering_xml:
        root = d.part.numbering_part.element
        for child in list(root):
            root.remove(child)
        for child in parse_xml(numbering_xml):
            root.append(child)
    for style_xml in styles:
        d.styles.element.append(parse_xml(style_xml.replace("<w:style ", f"<w:style {W} ", 1)))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
