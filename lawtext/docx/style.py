"""公文-style building blocks for every .docx the workbench writes (exports, reports, tables).

Fonts are set through ``w:rFonts/@w:eastAsia`` so Word and WPS pick the Chinese face; the
Windows names (方正小标宋简体, 黑体, 仿宋_GB2312, 楷体_GB2312) are kept even where the machine
lacks them (previews fall back to Noto CJK). Sizes: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
"""
from __future__ import annotations

from docx import Document as _new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lawtext.normalize import strip_controls

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
KAITI = "楷体_GB2312"
SIZE_ERHAO, SIZE_SANHAO, SIZE_SIHAO, SIZE_XIAOSI = Pt(22), Pt(16), Pt(14), Pt(12)


def _rfonts(rpr):
    """The ``w:rFonts`` of a run-properties element, created (first child) if missing."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    return fonts


def set_run_font(run, east_asia: str, size=None, *, bold: bool | None = None, ascii_font: str = "Times New Roman"):
    run.font.name = ascii_font
    fonts = _rfonts(run._element.get_or_add_rPr())
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), ascii_font)
    fonts.set(qn("w:hAnsi"), ascii_font)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.bold = bold
    return run


def new_document():
    """A blank A4 document with 公文 margins and 仿宋 三号 as the Normal style."""
    doc = _new_document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = SIZE_SANHAO
    _rfonts(normal.element.get_or_add_rPr()).set(qn("w:eastAsia"), BODY_FONT)
    return doc


def add_title(doc, text: str, size=SIZE_ERHAO):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run(strip_controls(text)), TITLE_FONT, size)
    return p


def add_heading_line(doc, text: str, size=SIZE_SANHAO, *, center: bool = True):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run(strip_controls(text)), HEADING_FONT, size)
    return p


def add_body(doc, text: str = "", *, bold_prefix: str = "", indent: bool = True, size=SIZE_SANHAO):
    """A body paragraph in 仿宋; ``bold_prefix`` (e.g. an article label) is set in 黑体."""
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    if bold_prefix:
        set_run_font(p.add_run(strip_controls(bold_prefix)), HEADING_FONT, size)
    if text:   # stripped again: texts stored before the normaliser existed may hold controls
        set_run_font(p.add_run(strip_controls(text)), BODY_FONT, size)
    return p
